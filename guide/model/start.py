"""Where a search stands in week 0: the focal interview, live processes, offers."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy.special import ndtr, ndtri

from .._checks import check_choice
from .._vocabulary import FORMATS, INTEREST_LEVELS, START_STAGES
from .draws import invitation_key
from .params import Params
from .rules import fit_from_percentile
from .state import IN_PROCESS, OFFER, SCHEDULED, Rules, State, slot_capacity


@dataclass(frozen=True)
class Start:
    """Where one person's search stands today, instead of the generic start.

    Attributes:
        skills: Skill (0-1) in each format, in the order of ``FORMATS``; ``None`` keeps
            ``initial_skill`` everywhere.
        processes: ``(stage, interest)`` for each live process: ``"scheduled"`` (first
            interview this week) or ``"in_process"`` (between rounds); they replace the
            generic ``live_processes``. A stage ``"offer"`` is read as an offer due in
            ``offer_open_weeks``.
        offers: ``(interest, weeks)`` for each offer in hand: how appealing the job is
            now that you have met them (1-5, the quintile among jobs) and how many weeks
            are left before you must answer (1 = within a week).
    """

    skills: tuple[float, ...] | None = None
    processes: tuple[tuple[str, int], ...] = ()
    offers: tuple[tuple[int, int], ...] = ()

    def __post_init__(self) -> None:
        if self.skills is not None:
            if len(self.skills) != len(FORMATS) or not all(
                    isinstance(v, (int, float)) and 0 <= v <= 1 for v in self.skills):
                raise ValueError(f"skills={self.skills!r} must be {len(FORMATS)} numbers "
                                 "from 0 to 1, one per format")
        for stage, interest in self.processes:
            check_choice("stage", stage, START_STAGES)
            check_choice("interest", interest, INTEREST_LEVELS)
        for item in self.offers:
            if not isinstance(item, tuple) or len(item) != 2:
                raise ValueError(f"offers: {item!r} must be a pair (interest, weeks left)")
            check_choice("offer interest", item[0], INTEREST_LEVELS)
            weeks = item[1]
            if isinstance(weeks, bool) or not isinstance(weeks, (int, np.integer)) \
                    or not 1 <= weeks <= 12:
                raise ValueError(f"offer weeks={weeks!r} must be a whole number of weeks "
                                 "from 1 to 12")

    def all_offers(self, params: Params) -> tuple[tuple[int, int], ...]:
        """Offers in hand, with any ``"offer"`` process read as one due in the usual time."""
        old = tuple((level, params.offer_open_weeks) for stage, level in self.processes
                    if stage == "offer")
        return self.offers + old



def add_process(state: State, rules: Rules, slot: int, status: int, key: np.ndarray,
                post: np.ndarray | None = None, fit: np.ndarray | None = None) -> None:
    """Put one process (the same slot in every run) into the starting state."""
    s = np.arange(state.runs) * state.slots + slot
    state.status[s] = status
    state.key[s] = key
    if post is not None:
        state.post[s] = post
    if fit is not None:
        state.fit[s] = fit
    if status == IN_PROCESS:
        state.steps_left[s] = max(rules.params.rounds - 1, 1)
        state.step_no[s] = 2


def starting_state(rules: Rules, runs: int, start: Start | None,
                   attend: tuple[bool, ...] = (True,)) -> State:
    """Week 0: the focal interview (if any), the live processes and any offers in hand.

    With several values in ``attend``, the state holds that many branches of the same
    ``runs`` futures one after another, branch b attending the focal interview if
    ``attend[b]``: one pass of the weekly steps then simulates them all.
    """
    p, d = rules.params, rules.draws
    offers = start.all_offers(p) if start is not None else ()
    procs = [s for s in (start.processes if start is not None else ()) if s[0] != "offer"]
    n_generic = p.live_processes if start is None else 0
    first = int(rules.focal is not None)
    taken = first + len(procs) + n_generic + len(offers)
    futures, runs = runs, runs * len(attend)
    state = State.empty(p, runs, slot_capacity(p, taken))
    state.futures = futures
    state.ident = np.tile(np.arange(futures, dtype=np.uint64), len(attend))
    state.focal_attend = np.repeat(np.asarray(attend, bool), futures)
    if start is not None and start.skills is not None:
        state.gap[:] = 1.0 - np.asarray(start.skills, float)[:, None]
    rows = np.arange(runs)
    slot = 0
    key = invitation_key(state.ident, 0, 0, futures, rules.width)
    if rules.focal is not None:
        u = (rules.focal.interest - 1 + d.at("post", key)) / 5
        add_process(state, rules, 0, SCHEDULED, key, post=u)
        state.focal = {k: np.zeros(runs, bool) for k in ("offer", "acceptable", "job")}
        slot = 1
    bar = float(ndtr(p.fit_threshold))
    for _ in range(n_generic):  # generic processes already past a first interview
        key = invitation_key(state.ident, 0, slot, futures, rules.width)
        u = bar + (1 - bar) * d.at("fit", key)  # jobs worth staying for
        add_process(state, rules, slot, IN_PROCESS, key, post=u, fit=ndtri(u))
        slot += 1
    for stage, level in procs:
        key = invitation_key(state.ident, 0, slot, futures, rules.width)
        u = (level - 1 + d.at("post", key)) / 5
        fit = None if stage == "scheduled" else \
            fit_from_percentile(p, u, ndtri(d.at("fit", key)))
        add_process(state, rules, slot, SCHEDULED if stage == "scheduled" else IN_PROCESS,
                    key, post=u, fit=fit)
        slot += 1
    for level, weeks in offers:
        key = invitation_key(state.ident, 0, slot, futures, rules.width)
        value = ndtri((level - 1 + d.at("fit", key)) / 5)  # you have met them: fit is known
        add_process(state, rules, slot, OFFER, key, fit=value)
        s = rows * state.slots + slot
        state.value[s], state.deadline[s] = value, weeks
        slot += 1
    return state


