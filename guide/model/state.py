"""What a week reads and changes: the state of every run, and the rules of a simulation."""

from __future__ import annotations

import math
from dataclasses import dataclass, field, fields
from typing import TYPE_CHECKING

import numpy as np

from .._checks import check_choice
from .._vocabulary import FORMATS, INTEREST_LEVELS
from .acceptance import above_bar, read_bar, reservation_values
from .draws import Draws
from .params import Params
from .policy import Policy
from .rules import format_hours, pass_line, rival_tables, severity

if TYPE_CHECKING:
    from .start import Start

FREE, SCHEDULED, IN_PROCESS, OFFER = 0, 1, 2, 3
COUNTS = ("invitations", "first_interviews", "interviews_attended", "interviews_cancelled",
          "offers", "acceptable_offers", "withdrawals", "offers_declined", "interview_hours")
WHOLE_COUNTS = COUNTS[:-1]
"""The counts that are whole numbers (all but the hours), held in one block per state."""
RECORDED = (*COUNTS, "active_processes", "open_offers", "practice", "skill_phone",
            "skill_video", "skill_panel", "skill_hands_on", "reputation", "employed",
            "job_value")
DRAW_STREAMS = len(fields(Draws))


@dataclass(frozen=True)
class Focal:
    """The one upcoming interview a decision is about (internal to the model).

    ``hours`` is what attending it costs; they are counted once, as the decision's cost,
    and not taken out of the week's applications.
    """

    interest: int
    format: str
    notice: str = "day_or_more"
    reason: str = "vague"
    hours: float = 0.0


SLOT_ARRAYS = ("status", "steps_left", "step_no", "key", "post", "fit", "value", "deadline")
RUN_ARRAYS = ("debt", "damage", "burned", "reputation", "employed", "job_value",
              "week_cancel_cost", "week_keep", "dropped", "ident")
FORMAT_ARRAYS = ("gap", "done_by_format")


@dataclass
class State:
    """Everything the weekly steps read and change (flat arrays are runs x slots)."""

    runs: int
    slots: int
    status: np.ndarray       # FREE, SCHEDULED, IN_PROCESS or OFFER
    steps_left: np.ndarray   # later rounds left plus the decision
    step_no: np.ndarray      # steps held so far (indexes the process's keyed draws)
    key: np.ndarray          # which invitation the slot holds
    post: np.ndarray         # posting percentile (how appealing it looked)
    fit: np.ndarray          # true fit, NaN until the candidate has met the company
    value: np.ndarray        # an offer's value (fit, competition's uplift, its terms)
    deadline: np.ndarray     # week by which an offer must be answered
    gap: np.ndarray          # (formats, runs): 1 - skill
    done_by_format: np.ndarray
    debt: np.ndarray         # interview hours not yet paid out of search time
    damage: np.ndarray       # share of invitation chance lost across the industry
    burned: np.ndarray       # expected share of applications to companies let down
    reputation: np.ndarray
    employed: np.ndarray
    job_value: np.ndarray
    whole: np.ndarray        # (WHOLE_COUNTS, runs): the whole counts, in one block
    counts: dict[str, np.ndarray]  # every count by name (the whole ones are rows of it)
    week_cancel_cost: np.ndarray  # this week's cancellations: summed severity
    week_keep: np.ndarray         # and the share of the industry's goodwill kept
    dropped: np.ndarray
    ident: np.ndarray        # which future each run is (branches of a future share it)
    futures: int             # how many futures keys are made for
    tracked: dict[str, np.ndarray] | None = None  # per run and week-0 place: offer, job
    places: int = 0          # week-0 places tracked (0: the focal interview, if any)
    tracking: bool = False   # whether any week-0 place holds a process to track
    damaged: bool = False
    rivals: np.ndarray = field(default_factory=lambda: np.zeros(0, np.int64))
    focal_attend: np.ndarray | None = None  # per row: attend the focal interview?
    busy: np.ndarray = field(default_factory=lambda: np.zeros(0, np.int64))
    busy_status: np.ndarray = field(default_factory=lambda: np.zeros(0, np.int8))
    live: np.ndarray = field(default_factory=lambda: np.zeros(0, np.int64))
    new_offers: list[np.ndarray] = field(default_factory=list)

    @classmethod
    def empty(cls, params: Params, runs: int, slots: int) -> State:
        """A state with every slot free and every run at the generic starting skill."""
        return cls.blank(runs, slots, params.initial_skill)

    @classmethod
    def blank(cls, runs: int, slots: int, skill: float) -> State:
        """A state with every slot free and every run at ``skill`` in every format."""
        n, F = runs * slots, len(FORMATS)
        return cls(
            runs=runs, slots=slots, status=np.zeros(n, np.int8),
            steps_left=np.zeros(n, np.int8), step_no=np.zeros(n, np.int8),
            key=np.zeros(n, np.uint64), post=np.zeros(n), fit=np.full(n, np.nan),
            value=np.zeros(n), deadline=np.zeros(n, np.int32),
            gap=np.full((F, runs), 1.0 - skill),
            done_by_format=np.zeros((F, runs), np.int64), debt=np.zeros(runs),
            damage=np.zeros(runs), burned=np.zeros(runs), reputation=np.ones(runs),
            employed=np.zeros(runs, bool), job_value=np.full(runs, np.nan),
            **empty_counts(runs), week_cancel_cost=np.zeros(runs),
            week_keep=np.ones(runs), dropped=np.zeros(runs, np.int64),
            ident=np.arange(runs, dtype=np.uint64), futures=runs)

    def take(self, rows: np.ndarray, extra_slots: int = 0) -> State:
        """A new state of runs ``rows`` of this one, in that order, with counts at zero.

        ``extra_slots`` free slots are added to every run.
        """
        rows = np.asarray(rows)
        out = State.blank(rows.size, 0, 0.0)  # every array is replaced below
        out.slots = self.slots + extra_slots
        for name in SLOT_ARRAYS:
            grid = getattr(self, name).reshape(self.runs, self.slots).take(rows, axis=0)
            if extra_slots:  # free slots: as State.blank makes them
                pad = np.full((rows.size, extra_slots), np.nan if name == "fit" else 0,
                              grid.dtype)
                grid = np.concatenate([grid, pad], axis=1)
            setattr(out, name, grid.reshape(-1))
        for name in RUN_ARRAYS:
            setattr(out, name, getattr(self, name)[rows].copy())
        for name in FORMAT_ARRAYS:
            setattr(out, name, getattr(self, name)[:, rows].copy())
        out.dropped[:] = 0
        out.futures, out.damaged = self.futures, self.damaged
        return out

    @classmethod
    def stack(cls, parts: list[State]) -> State:
        """The runs of ``parts`` (same slots and futures) one after another, in one state."""
        out = cls.blank(sum(s.runs for s in parts), parts[0].slots, 0.0)
        for name in (*SLOT_ARRAYS, *RUN_ARRAYS):
            setattr(out, name, np.concatenate([getattr(s, name) for s in parts]))
        for name in FORMAT_ARRAYS:
            setattr(out, name, np.concatenate([getattr(s, name) for s in parts], axis=1))
        out.whole = np.concatenate([s.whole for s in parts], axis=1)
        out.counts = count_names(out.whole, np.concatenate(
            [s.counts["interview_hours"] for s in parts]))
        out.futures = parts[0].futures
        out.damaged = any(s.damaged for s in parts)
        return out

    def add(self, count: str, rows: np.ndarray, amount: np.ndarray | int = 1) -> None:
        """Add ``amount`` (one per entry of ``rows``) to a count of those runs."""
        np.add.at(self.counts[count], rows, amount)

    def rows(self, slots: np.ndarray) -> np.ndarray:
        """Run of each flat slot index."""
        return slots // self.slots

    def tally(self, slots_or_rows: np.ndarray, *, rows: bool = False,
              weights: np.ndarray | None = None) -> np.ndarray:
        """Count (or sum ``weights``) per run."""
        r = slots_or_rows if rows else self.rows(slots_or_rows)
        return np.bincount(r, weights=weights, minlength=self.runs)


def empty_counts(runs: int) -> dict[str, object]:
    """Every count at zero (hours as decimals, the rest whole), as :class:`State` holds them."""
    whole = np.zeros((len(WHOLE_COUNTS), runs), np.int64)
    return {"whole": whole, "counts": count_names(whole, np.zeros(runs))}


def count_names(whole: np.ndarray, hours: np.ndarray) -> dict[str, np.ndarray]:
    """Each count by name: the rows of ``whole`` (views, not copies), then the hours.

    One block lets a week be recorded in one copy rather than one per count.
    """
    return {**dict(zip(WHOLE_COUNTS, whole, strict=True)), "interview_hours": hours}


@dataclass(frozen=True)
class Rules:
    """What a week needs besides the state: parameters, policy, draws and derived numbers.

    Weeks are counted from the start of the search: weeks ``1 .. lead`` build the
    generic start, and the weeks reported are ``lead + 1 .. end``.
    """

    params: Params
    policy: Policy
    draws: Draws
    focal: Focal | None
    hours: np.ndarray
    policy_severity: float
    focal_severity: float
    n_app: int
    width: int  # invitations keyed per run and week
    lead: int = 0  # weeks of search before week 0 of the report
    end: int = 0   # the last week simulated (the horizon)
    bars: np.ndarray = field(default_factory=lambda: np.zeros(1))  # the bar by weeks left
    pass_line: tuple[float, float] = (0.0, 0.0)  # intercept and slope of passing a round
    uplift: np.ndarray = field(default_factory=lambda: np.zeros(0))  # by rivals, see below
    pace_cdf: tuple[np.ndarray, ...] = ()  # CDF of a week's steps at 0, 1, ... by rivals

    def weeks_left(self, t: int) -> int:
        """Weeks of search left in week ``t``, this one included."""
        return self.end - t + 1

    def acceptable(self, value: np.ndarray, t: int) -> np.ndarray:
        """Whether jobs worth ``value`` are worth taking in week ``t`` (see ``acceptance``).

        The bar for the whole run is worked out once, in :func:`make_rules`.
        """
        return above_bar(self.bars, value, self.weeks_left(t))

    def bar(self, t: int) -> float:
        """The bar in week ``t``: a job is acceptable when worth more (see ``acceptable``)."""
        return read_bar(self.bars, self.weeks_left(t))


def slot_capacity(params: Params, taken: int) -> int:
    """Slots per run: ``taken`` at the start, or the expected live count, plus a wide margin.

    A process lives a week before its first interview, then about ``process_weeks`` if it
    goes on, then up to ``offer_open_weeks`` as an offer. The margin is five standard
    deviations of a Poisson count plus three, so an invitation is very rarely dropped for
    lack of a slot; the simulation counts any that are (``dropped``).
    """
    flow = params.applications_per_week * params.invite_rate
    steady = flow * (1 + params.process_weeks + params.offer_open_weeks)
    return int(math.ceil(max(taken, steady) + 5 * math.sqrt(steady) + 3)) + taken


def make_rules(params: Params, policy: Policy, seed: int, focal: Focal | None,
               start: Start | None, weeks: int, lead: int = 0) -> Rules:
    """Derived numbers and the random streams for one simulation of ``weeks`` weeks."""
    rng = np.random.default_rng(seed)
    streams = rng.integers(0, 2**63, size=DRAW_STREAMS, dtype=np.uint64)
    n_start = (len(start.processes) + len(start.offers)) if start is not None else 0
    focal_sev = 0.0
    if focal is not None:
        check_choice("interest", focal.interest, INTEREST_LEVELS)
        check_choice("format", focal.format, FORMATS)
        focal_sev = severity(params, focal.notice, focal.reason)
    n_app = max(1, math.ceil(params.applications_per_week))
    # rivals are fewer than a run's slots: the generic ones plus the week-0 places
    uplift, pace_cdf = rival_tables(params, slot_capacity(params, 0) + n_start + 2)
    return Rules(params, policy, Draws(*streams), focal, format_hours(params),
                 severity(params, policy.notice, policy.reason), focal_sev, n_app,
                 max(n_app, n_start + 2), lead=lead, end=lead + weeks,
                 bars=reservation_values(params, lead + weeks), pass_line=pass_line(params),
                 uplift=uplift, pace_cdf=tuple(pace_cdf))
