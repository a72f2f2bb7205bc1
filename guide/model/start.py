"""Where a search stands in week 0: the focal interview, live processes, offers.

The generic start is not made by hand: the same weekly steps run for ``weeks_searched``
weeks from an empty pipeline, and the searches still going at the end are the ones
reported (a person who had already taken a job would not be reading this). So the
processes, offers and practice in week 0 are the model's own, at a mix of stages.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from scipy.special import ndtri

from .._checks import check_choice
from .._vocabulary import FORMATS, INTEREST_LEVELS, START_STAGES
from .draws import invitation_key
from .params import Params
from .rules import fit_from_percentile
from .slots import survey
from .state import FREE, IN_PROCESS, OFFER, SCHEDULED, Rules, State, slot_capacity
from .steps import run_week


@dataclass(frozen=True)
class Start:
    """Where one person's search stands today, instead of the generic start.

    Attributes:
        skills: Skill (0-1) in each format, in the order of ``FORMATS``; ``None`` keeps
            ``initial_skill`` everywhere.
        processes: ``(stage, interest)`` for each live process: ``"scheduled"`` (first
            interview this week) or ``"in_process"`` (between rounds). An
            ``"in_process"`` entry may add the rounds still to come before the decision,
            ``(stage, interest, rounds_left)``: 1 is a final round, 0 a decision you are
            waiting for (without it: ``rounds - 2``, at least 0). A stage ``"offer"`` is
            read as an offer due in ``offer_open_weeks``. Processes or skills given here
            replace the generic start; a start with only offers adds them to it.
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
        for item in self.processes:
            if not isinstance(item, tuple) or len(item) not in (2, 3):
                raise ValueError(f"processes: {item!r:.60} must be (stage, interest) or "
                                 "(stage, interest, rounds left)")
            check_choice("stage", item[0], START_STAGES)
            check_choice("interest", item[1], INTEREST_LEVELS)
            if len(item) == 3:
                left = item[2]
                if item[0] != "in_process":
                    raise ValueError(f"processes: {item!r:.60}: rounds left are given only "
                                     "for a process between rounds ('in_process')")
                if isinstance(left, bool) or not isinstance(left, (int, np.integer)) \
                        or not 0 <= left <= MAX_ROUNDS_LEFT:
                    raise ValueError(f"rounds left={left!r:.40} must be a whole number from "
                                     f"0 (waiting for the decision) to {MAX_ROUNDS_LEFT}")
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
        old = tuple((item[1], params.offer_open_weeks) for item in self.processes
                    if item[0] == "offer")
        return self.offers + old

    @property
    def generic(self) -> bool:
        """Whether the generic start is kept (only offers in hand are given)."""
        return self.skills is None and not self.processes


MAX_ROUNDS_LEFT = 8
"""Most rounds still to come that a live process may have at the start."""
FIRST_MARGIN = 1.5
"""Searches started per search needed, at first: enough when at least two in three
searches are still going (94% at the defaults after six weeks, 69% for the new graduate
after thirteen)."""
FIRST_CHUNK = 1.1
"""Searches simulated first, per search needed: enough while nine in ten are still going,
as at the defaults; the rest of those started are simulated only when too few are."""


def lead_weeks(params: Params, start: Start | None) -> int:
    """Weeks of search simulated before week 0 (none when a start is described)."""
    return params.weeks_searched if start is None or start.generic else 0


def searches_under_way(rules: Rules, runs: int, extra_slots: int) -> State:
    """``runs`` searches that are still going after ``rules.lead`` weeks.

    More searches are started than needed and the first ``runs`` still searching are
    kept. They are simulated in two chunks, the first just large enough at the usual
    share still going, so the rest are simulated only when needed; every search is keyed
    by its number among all started, so the chunks change nothing but the time taken.
    When too few are left (a long lead), the share still going is known from that try,
    and one more try starts enough searches for it with a tenth to spare.
    """
    p = rules.params
    slots = slot_capacity(p, 0)
    if rules.lead == 0:
        return State.empty(p, runs, slots + extra_slots)
    started = math.ceil(runs * FIRST_MARGIN) + 16
    while True:
        first = min(started, math.ceil(runs * FIRST_CHUNK) + 16)
        chunks: list[State] = []
        kept = 0
        for lo, hi in ((0, first), (first, started)):
            if hi <= lo or kept >= runs:
                continue
            chunk = State.blank(hi - lo, slots, p.initial_skill)
            chunk.ident, chunk.futures = np.arange(lo, hi, dtype=np.uint64), started
            for t in range(1, rules.lead + 1):
                survey(chunk)
                run_week(chunk, rules, t)
            chunks.append(chunk)
            kept += int((~chunk.employed).sum())
        state = chunks[0] if len(chunks) == 1 else State.stack(chunks)
        still = np.flatnonzero(~state.employed)
        if still.size >= runs:
            return state.take(still[:runs], extra_slots)
        started = second_try(runs, started, still.size)


def second_try(runs: int, started: int, still: int) -> int:
    """Searches to start again when ``still`` of ``started`` were going: a tenth to spare."""
    share = max(still / started, 1e-3)
    return max(2 * started, math.ceil(1.1 * runs / share) + 16)


def add_process(state: State, rules: Rules, status: int, key: np.ndarray,
                post: np.ndarray | None = None, fit: np.ndarray | None = None,
                rounds_left: int | None = None) -> np.ndarray:
    """Put one process into each run's first free slot; return those slots.

    A process between rounds has ``rounds_left`` rounds and then the decision to come
    (default: ``rounds - 2``, at least 0).
    """
    grid = state.status.reshape(state.runs, state.slots)
    s = np.arange(state.runs) * state.slots + (grid == FREE).argmax(axis=1)
    state.status[s] = status
    state.key[s] = key
    state.post[s] = 0.0 if post is None else post
    state.fit[s] = np.nan if fit is None else fit  # a reused slot forgets its last process
    state.value[s], state.deadline[s], state.steps_left[s], state.step_no[s] = 0, 0, 0, 0
    if status == IN_PROCESS:
        rounds = rules.params.rounds
        left = max(rounds - 2, 0) if rounds_left is None else rounds_left
        state.steps_left[s] = left + 1  # the rounds, then the decision
        state.step_no[s] = max(rounds - left, 1) if rounds_left is not None else 2
    return s


def starting_state(rules: Rules, runs: int, start: Start | None,
                   attend: tuple[bool, ...] = (True,)) -> State:
    """Week 0: the searches under way, the focal interview, and what ``start`` describes.

    With several values in ``attend``, the state holds that many branches of the same
    ``runs`` futures one after another, branch b attending the focal interview if
    ``attend[b]``: one pass of the weekly steps then simulates them all.
    """
    p, d = rules.params, rules.draws
    offers = start.all_offers(p) if start is not None else ()
    procs = [(*s, None)[:3] for s in (start.processes if start is not None else ())
             if s[0] != "offer"]
    taken = int(rules.focal is not None) + len(procs) + len(offers)
    base = searches_under_way(rules, runs, taken)
    # ``base`` is new (its counts at zero): one branch can use it as it is
    state = base if len(attend) == 1 else base.take(np.tile(np.arange(runs), len(attend)))
    state.focal_attend = np.repeat(np.asarray(attend, bool), runs)
    if start is not None and start.skills is not None:
        state.gap[:] = 1.0 - np.asarray(start.skills, float)[:, None]
    place = 0
    key = invitation_key(state.ident, 0, place, state.futures, rules.width)
    if rules.focal is not None:
        u = (rules.focal.interest - 1 + d.at("post", key)) / 5
        add_process(state, rules, SCHEDULED, key, post=u)
    state.places = 1 + len(procs) + len(offers)  # place 0: the focal interview, if any
    state.tracking = rules.focal is not None or state.places > 1  # else nothing to mark
    state.tracked = {k: np.zeros((state.runs, state.places), bool)
                     for k in ("offer", "acceptable", "job")}
    for stage, level, left in procs:
        place += 1
        key = invitation_key(state.ident, 0, place, state.futures, rules.width)
        u = (level - 1 + d.at("post", key)) / 5
        fit = None if stage == "scheduled" else \
            fit_from_percentile(p, u, ndtri(d.at("fit", key)))
        add_process(state, rules, SCHEDULED if stage == "scheduled" else IN_PROCESS,
                    key, post=u, fit=fit, rounds_left=left)
    for level, weeks in offers:
        place += 1
        key = invitation_key(state.ident, 0, place, state.futures, rules.width)
        value = ndtri((level - 1 + d.at("fit", key)) / 5)  # you have met them: fit is known
        s = add_process(state, rules, OFFER, key, fit=value)
        state.value[s], state.deadline[s] = value, rules.lead + weeks
        state.tracked["offer"][:, place] = True  # in hand already
        state.tracked["acceptable"][:, place] = rules.acceptable(value, rules.lead + 1)
    return state
