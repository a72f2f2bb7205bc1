"""How much reputation and bargaining change one decision, and where they would decide it."""

from __future__ import annotations

from dataclasses import dataclass

from ._checks import check_choice, check_params
from ._vocabulary import CHOICE_WORDS
from .model.decision import DecisionResult, decide
from .model.drivers import SWITCH_OFF
from .model.interview import Interview
from .model.params import Params, spec
from .model.start import Start


@dataclass(frozen=True)
class Weight:
    """How much one mechanism changes the decision about one interview, in numbers.

    Attributes:
        mechanism: ``"reputation"`` or ``"bargaining"``.
        net: Net value of attending as things are (hours of pay).
        net_without: The same with the mechanism switched off.
        choice: The model's choice as things are; ``choice_without`` with it off.
        changes_at: The setting (in words) at which the choice would change within the
            range scanned, or ``""`` if none does.
    """

    mechanism: str
    net: float
    net_without: float
    choice: str
    choice_without: str
    changes_at: str

    @property
    def share(self) -> float:
        """What the mechanism adds to (or takes from) the net value, in hours of pay."""
        return self.net - self.net_without

    def sentence(self) -> str:
        """The weight in one or two plain sentences."""
        name = {"reputation": "Reputation", "bargaining": "Bargaining power"}[self.mechanism]
        line = (f"{name} changes what attending is worth by {self.share:+.1f} hours of pay "
                f"here (net {self.net:+.1f} with it, {self.net_without:+.1f} without)")
        if self.choice == self.choice_without and not self.changes_at:
            return line + "; it does not decide this interview at any setting tried."
        if self.choice != self.choice_without:
            line += (f"; without it the model would say {CHOICE_WORDS[self.choice_without]}"
                     f" instead of {CHOICE_WORDS[self.choice]}")
        return line + (f". The verdict would change {self.changes_at}." if self.changes_at
                       else ".")


INDUSTRY_SIZES = (5, 10, 20, 30, 50, 100, 200, 500, 1000, 5000)


def decision_weight(params: Params, interview: Interview, mechanism: str, *,
                    runs: int = 2000, weeks: int = 13, seed: int = 0,
                    start: Start | None = None, base: DecisionResult | None = None) -> Weight:
    """How much ``mechanism`` changes the decision, and where it would change the verdict.

    Reputation is scanned over industry sizes from 5 to 5,000 employers; bargaining over
    the plausible ranges of its speed-up and uplift. ``base``: this very decision,
    already simulated at these settings (it is not simulated again).
    """
    check_choice("mechanism", mechanism, ("reputation", "bargaining"))
    check_params(params)

    def run(p: Params) -> tuple[float, str]:
        r = decide(p, interview, runs=runs, weeks=weeks, seed=seed, start=start,
                   drivers=False)
        return r.difference("net_value"), r.choice

    net, choice = run(params) if base is None else \
        (base.difference("net_value"), base.choice)
    off = {"reputation": SWITCH_OFF["reputation"], "bargaining": SWITCH_OFF["bargaining"]}
    net_without, choice_without = run(params.replace(**off[mechanism]))
    changes_at = ""
    if mechanism == "reputation":
        differ = [n for n in INDUSTRY_SIZES
                  if run(params.replace(industry_size=n))[1] != choice]
        if differ:
            small = [n for n in differ if n < params.industry_size]
            changes_at = (f"in an industry of fewer than about {max(small) + 1} employers"
                          if small else f"in an industry of about {min(differ)} employers")
    else:
        for name in ("bargaining_uplift", "bargaining_speedup"):
            high = spec(name).plausible[1]
            if run(params.replace(**{name: high}))[1] != choice:
                changes_at = f"if {spec(name).label.lower()} were {high:g} " \
                             f"({spec(name).unit})"
                break
    return Weight(mechanism, net, net_without, choice, choice_without, changes_at)
