"""The single decision: attend or cancel one upcoming interview.

Both choices are simulated forward from the same seed, so every draw that does not depend
on the choice is shared (common random numbers) and the difference between the branches is
the decision's own effect, not noise.
"""

from __future__ import annotations

import dataclasses
import math
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from ._model import Focal, check_seed, check_size, run_model
from ._params import Params
from ._policy import FORMAT_LABELS, FORMATS, NOTICES, REASONS, Policy, as_policy, check_choice
from ._simulate import check_params, frame_from_arrays

Z90 = 1.6448536269514722  # two-sided 90% normal quantile: a 5-95% interval

SWITCH_OFF = {
    "practice": {"learning_rate": 0.0},
    "surprise": {"posting_noise": 0.0},
    "bargaining": {"bargaining_speedup": 0.0, "bargaining_uplift": 0.0},
    "reputation": {"industry_penalty": 0.0, "same_company_penalty": 0.0},
    "time cost": {"prep_cost_applications": 0.0},
}
"""Parameter changes that turn each mechanism off, for the driver breakdown."""

METRICS = {
    "offers": "Expected offers",
    "acceptable_offers": "Expected acceptable offers",
    "p_acceptable": "Chance of an acceptable offer",
    "weeks_to_acceptable": "Weeks to first acceptable offer (capped at horizon)",
    "interviews_attended": "Interviews attended",
    "practice": "Practice (mean skill, 0-1)",
    "reputation": "Reputation (1 = untouched)",
}


@dataclass(frozen=True)
class Interview:
    """The interview you are thinking of cancelling.

    Attributes:
        interest: How appealing the posting looks, 1 (least) to 5 (most): the quintile
            among postings you apply to.
        format: ``"phone"``, ``"video"``, ``"panel"`` or ``"hands_on"``.
        notice: Notice you would give if you cancel: ``"no_show"``, ``"same_day"`` or
            ``"day_or_more"``.
        reason: ``"vague"`` or ``"legitimate"``.
    """

    interest: int = 2
    format: str = "panel"
    notice: str = "day_or_more"
    reason: str = "vague"

    def __post_init__(self) -> None:
        check_choice("interest", self.interest, (1, 2, 3, 4, 5))
        check_choice("format", self.format, FORMATS)
        check_choice("notice", self.notice, NOTICES)
        check_choice("reason", self.reason, REASONS)


@dataclass(frozen=True)
class DecisionResult:
    """What attending versus cancelling one interview changes.

    Attributes:
        frame: Both branches from :func:`guide.simulate`'s columns; ``policy`` is
            ``"attend"`` or ``"cancel"``.
        summary: One row per metric at the horizon: ``attend``, ``cancel``,
            ``difference`` (attend minus cancel) and its 5-95% Monte Carlo interval
            ``low``, ``high``.
        drivers: How much each mechanism adds to the difference in expected offers and
            acceptable offers (the difference with it minus without it), largest first,
            with the interview's own offer chance as a row.
        own_offer_chance: Chance the interview itself ends in an offer if attended.
        own_acceptable_chance: Chance it ends in an offer you would take.
    """

    interview: Interview
    params: Params
    policy: Policy
    runs: int
    weeks: int
    seed: int
    frame: pd.DataFrame = field(repr=False)
    summary: pd.DataFrame = field(repr=False)
    drivers: pd.DataFrame = field(repr=False)
    own_offer_chance: float
    own_acceptable_chance: float

    def verdict(self) -> str:
        """A plain-language verdict naming the main drivers."""
        return verdict_text(self)


def outcome_per_run(arrays: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
    """Per-run outcomes at the horizon from ``run_model`` arrays."""
    acc = arrays["acceptable_offers"]
    weeks = acc.shape[1] - 1
    has = acc > 0
    first = np.where(has[:, -1], has.argmax(1), weeks).astype(float)
    end = {k: arrays[k][:, -1].astype(float) for k in
           ("offers", "acceptable_offers", "interviews_attended", "practice", "reputation")}
    return {**end, "p_acceptable": has[:, -1].astype(float), "weeks_to_acceptable": first}


def branch_pair(params: Params, interview: Interview, policy: Policy, runs: int,
                weeks: int, seed: int) -> tuple[dict, dict]:
    """Run the attend and cancel branches with common random numbers."""
    out = []
    for attend in (True, False):
        focal = Focal(interview.interest, interview.format, attend, interview.notice,
                      interview.reason)
        out.append(run_model(params, policy, runs, weeks, seed, focal))
    return out[0], out[1]


def difference_table(attend: dict[str, np.ndarray],
                     cancel: dict[str, np.ndarray]) -> pd.DataFrame:
    """Attend, cancel and their difference per metric, with a 5-95% interval."""
    a, c = outcome_per_run(attend), outcome_per_run(cancel)
    rows = []
    for key, label in METRICS.items():
        d = a[key] - c[key]
        half = Z90 * d.std(ddof=1) / math.sqrt(len(d)) if len(d) > 1 else float("nan")
        rows.append({"metric": key, "label": label, "attend": a[key].mean(),
                     "cancel": c[key].mean(), "difference": d.mean(),
                     "low": d.mean() - half, "high": d.mean() + half})
    return pd.DataFrame(rows)


def decide(params: Params, interview: Interview, *, runs: int = 2000, weeks: int = 13,
           seed: int = 0, policy: Policy | str = "attend_all",
           drivers: bool = True) -> DecisionResult:
    """Compare attending and cancelling one upcoming interview.

    Args:
        params: The model's assumptions.
        interview: The interview in question.
        runs: Simulated futures per branch (1 to 200,000).
        weeks: Weeks simulated after the interview (1 to 520).
        seed: Seed shared by both branches.
        policy: How every *other* interview is handled (default: attend all).
        drivers: Also measure each mechanism's share of the difference (runs the pair
            once more per mechanism).

    Returns:
        A :class:`DecisionResult`.

    Raises:
        ValueError: An argument is of the wrong kind or out of range.
    """
    check_params(params)
    if not isinstance(interview, Interview):
        raise ValueError(f"interview={interview!r} is not a guide.Interview")
    pol = as_policy(policy)
    check_size(runs, weeks)
    check_seed(seed)

    attend, cancel = branch_pair(params, interview, pol, runs, weeks, seed)
    summary = difference_table(attend, cancel)
    frame = pd.concat([frame_from_arrays(attend, "attend"),
                       frame_from_arrays(cancel, "cancel")], ignore_index=True)
    frame["policy"] = pd.Categorical(frame["policy"], categories=["attend", "cancel"])
    own_offer = float(attend["focal_offer"].mean())
    own_acc = float(attend["focal_acceptable"].mean())
    empty = pd.DataFrame(columns=["driver", "offers", "acceptable_offers"])
    result = DecisionResult(interview, params, pol, runs, weeks, seed, frame, summary, empty,
                            own_offer, own_acc)
    return explain(result) if drivers else result


def explain(result: DecisionResult) -> DecisionResult:
    """Add the driver breakdown to a result computed with ``drivers=False``.

    Lets a panel show the chart first and the explanation a moment later.
    """
    if not result.drivers.empty:
        return result
    table = driver_table(result.params, result.interview, result.policy, result.runs,
                         result.weeks, result.seed, result.summary, result.own_offer_chance,
                         result.own_acceptable_chance)
    return dataclasses.replace(result, drivers=table)


def driver_table(params: Params, interview: Interview, policy: Policy, runs: int,
                 weeks: int, seed: int, summary: pd.DataFrame, own_offer: float,
                 own_acc: float) -> pd.DataFrame:
    """Each mechanism's contribution: the difference with it minus the difference without."""
    full = summary.set_index("metric")["difference"]
    rows = [{"driver": "the interview's own offer chance", "offers": own_offer,
             "acceptable_offers": own_acc}]
    for name, changes in SWITCH_OFF.items():
        off = params.replace(**changes)
        if off == params:
            rows.append({"driver": name, "offers": 0.0, "acceptable_offers": 0.0})
            continue
        a, c = branch_pair(off, interview, policy, runs, weeks, seed)
        d = difference_table(a, c).set_index("metric")["difference"]
        rows.append({"driver": name,
                     "offers": full["offers"] - d["offers"],
                     "acceptable_offers": full["acceptable_offers"] - d["acceptable_offers"]})
    table = pd.DataFrame(rows)
    order = table["acceptable_offers"].abs().sort_values(ascending=False, kind="stable").index
    return table.loc[order].reset_index(drop=True)


def verdict_text(result: DecisionResult) -> str:
    """Say in plain words which choice the model favours and why."""
    s = result.summary.set_index("metric")
    acc, offers = s.loc["acceptable_offers"], s.loc["offers"]
    months = result.weeks / 4.345
    fmt = FORMAT_LABELS[result.interview.format].lower()
    if acc["low"] > 0:
        lead = "Attend."
    elif acc["high"] < 0:
        lead = "Cancel."
    else:
        lead = "Too close to call."
    lines = [
        f"{lead} Over the next {result.weeks} weeks (about {months:.0f} months), attending "
        f"this interest-{result.interview.interest} {fmt} gives "
        f"{offers['difference']:+.2f} expected offers and "
        f"{acc['difference']:+.2f} expected acceptable offers compared with cancelling "
        f"(5-95% interval {acc['low']:+.2f} to {acc['high']:+.2f}).",
    ]
    if not result.drivers.empty:
        top = result.drivers[result.drivers["acceptable_offers"].abs() >= 0.005].head(3)
        parts = [f"{r.driver} ({r.acceptable_offers:+.2f})" for r in top.itertuples()]
        if parts:
            lines.append("What decides it here: " + "; ".join(parts) + ".")
    return "\n".join(lines)
