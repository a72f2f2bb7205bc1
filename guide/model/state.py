"""What a week reads and changes: the state of every run, and the rules of a simulation."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np

from .._checks import check_choice
from .._vocabulary import FORMATS, INTEREST_LEVELS
from .draws import Draws

if TYPE_CHECKING:
    from .start import Start
from .params import Params
from .policy import Policy
from .rules import format_hours, severity

FREE, SCHEDULED, IN_PROCESS, OFFER = 0, 1, 2, 3
COUNTS = ("invitations", "interviews_attended", "interviews_cancelled", "offers",
          "acceptable_offers", "withdrawals", "offers_declined", "interview_hours")
RECORDED = (*COUNTS, "active_processes", "open_offers", "practice", "skill_phone",
            "skill_video", "skill_panel", "skill_hands_on", "reputation", "employed",
            "job_value")


@dataclass(frozen=True)
class Focal:
    """The one upcoming interview a decision is about (internal to the model)."""

    interest: int
    format: str
    attend: bool
    notice: str = "day_or_more"
    reason: str = "vague"




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
    value: np.ndarray        # an offer's value (fit plus competition's uplift)
    deadline: np.ndarray     # week by which an offer must be answered
    gap: np.ndarray          # (formats, runs): 1 - skill
    done_by_format: np.ndarray
    debt: np.ndarray         # interview hours not yet paid out of search time
    damage: np.ndarray       # share of invitation chance lost across the industry
    burned: np.ndarray       # expected share of applications to companies let down
    reputation: np.ndarray
    employed: np.ndarray
    job_value: np.ndarray
    counts: dict[str, np.ndarray]
    week_cancel_cost: np.ndarray  # this week's cancellations: summed severity
    week_keep: np.ndarray         # and the share of the industry's goodwill kept
    dropped: np.ndarray
    focal: dict[str, np.ndarray] | None = None
    damaged: bool = False
    rivals: np.ndarray = field(default_factory=lambda: np.zeros(0, np.int64))
    ident: np.ndarray = field(default_factory=lambda: np.zeros(0, np.uint64))
    futures: int = 0         # runs per branch: rows r and r + futures are the same future
    focal_attend: np.ndarray | None = None  # per row: attend the focal interview?
    busy: np.ndarray = field(default_factory=lambda: np.zeros(0, np.int64))
    live: np.ndarray = field(default_factory=lambda: np.zeros(0, np.int64))
    new_offers: list[np.ndarray] = field(default_factory=list)

    @classmethod
    def empty(cls, params: Params, runs: int, slots: int) -> State:
        """A state with every slot free and every run at the generic starting skill."""
        n, F = runs * slots, len(FORMATS)
        return cls(
            runs, slots, np.zeros(n, np.int8), np.zeros(n, np.int8), np.zeros(n, np.int8),
            np.zeros(n, np.uint64), np.zeros(n), np.full(n, np.nan), np.zeros(n),
            np.zeros(n, np.int32), np.full((F, runs), 1.0 - params.initial_skill),
            np.zeros((F, runs), np.int64), np.zeros(runs), np.zeros(runs), np.zeros(runs),
            np.ones(runs), np.zeros(runs, bool), np.full(runs, np.nan),
            {k: np.zeros(runs, np.float64 if k == "interview_hours" else np.int64)
             for k in COUNTS},
            np.zeros(runs), np.ones(runs), np.zeros(runs, np.int64),
            ident=np.arange(runs, dtype=np.uint64), futures=runs)

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


@dataclass(frozen=True)
class Rules:
    """What a week needs besides the state: parameters, policy, draws and derived numbers."""

    params: Params
    policy: Policy
    draws: Draws
    focal: Focal | None
    hours: np.ndarray
    policy_severity: float
    focal_severity: float
    n_app: int
    width: int  # invitations keyed per run and week


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
               start: Start | None) -> Rules:
    """Derived numbers and the random streams for one simulation."""
    rng = np.random.default_rng(seed)
    streams = rng.integers(0, 2**63, size=5, dtype=np.uint64)
    n_start = (len(start.processes) + len(start.offers)) if start is not None \
        else params.live_processes
    focal_sev = 0.0
    if focal is not None:
        check_choice("interest", focal.interest, INTEREST_LEVELS)
        check_choice("format", focal.format, FORMATS)
        focal_sev = severity(params, focal.notice, focal.reason)
    n_app = max(1, math.ceil(params.applications_per_week))
    return Rules(params, policy, Draws(*streams), focal, format_hours(params),
                  severity(params, policy.notice, policy.reason), focal_sev, n_app,
                  max(n_app, n_start + 2))


