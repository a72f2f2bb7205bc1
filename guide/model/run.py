"""Running the weekly steps: one pass for every branch, recorded week by week."""

from __future__ import annotations

import numpy as np

from .._checks import check_size
from .._vocabulary import FORMATS
from .params import Params
from .policy import Policy
from .slots import survey
from .start import Start, lead_weeks, starting_state
from .state import OFFER, RECORDED, WHOLE_COUNTS, Focal, State, make_rules
from .steps import run_week


class Recorder:
    """Arrays shaped ``(weeks + 1, runs)`` filled week by week, turned to per-run views.

    Every recorded array has 4-byte cells (whole numbers as the frame holds them, 32
    bits, so it takes them without a copy; the rest as float32), so all of them are
    views of one block. One large allocation is backed by huge pages where the system
    allows it, which makes the first write to each week's cells (a page fault per 4 kB
    otherwise) several times cheaper.
    """

    def __init__(self, runs: int, weeks: int) -> None:
        F = len(FORMATS)
        floats = {"interview_hours", "reputation", "job_value"}
        names = [k for k in RECORDED if not k.startswith(("skill", "practice"))
                 and k not in WHOLE_COUNTS]
        block = np.empty((len(WHOLE_COUNTS) + len(names) + F, weeks + 1, runs), np.int32)
        self.whole = block[:len(WHOLE_COUNTS)]
        self.rec = {k: block[len(WHOLE_COUNTS) + i] for i, k in enumerate(names)}
        for k in floats:
            self.rec[k] = self.rec[k].view(np.float32)
        self.rec.update(zip(WHOLE_COUNTS, self.whole, strict=True))
        self.gaps = block[-F:].view(np.float32)

    def __call__(self, state: State, t: int) -> None:
        """Record week ``t`` of ``state``."""
        self.whole[:, t] = state.whole
        self.rec["interview_hours"][t] = state.counts["interview_hours"]
        survey(state)
        offers = state.tally(state.busy.compress(state.busy_status == OFFER))
        np.subtract(state.live, offers, out=self.rec["active_processes"][t])
        self.rec["open_offers"][t] = offers
        self.rec["reputation"][t] = state.reputation
        self.rec["employed"][t] = state.employed
        self.rec["job_value"][t] = state.job_value
        self.gaps[:, t] = state.gap

    def arrays(self) -> dict[str, np.ndarray]:
        """The recorded weeks as per-run views, skills included."""
        skills = np.subtract(1, self.gaps, out=self.gaps)
        self.rec["practice"] = skills.mean(axis=0)
        for i, f in enumerate(FORMATS):
            self.rec[f"skill_{f}"] = skills[i]
        return {k: self.rec[k].T for k in RECORDED}  # (runs, weeks + 1) views


def run_branches(params: Params, policy: Policy, runs: int, weeks: int, seed: int,
                 focal: Focal | None = None, start: Start | None = None,
                 attend: tuple[bool, ...] = (True,)) -> list[dict[str, np.ndarray]]:
    """Simulate ``runs`` futures for ``weeks`` weeks, once per value in ``attend``.

    The branches differ only in whether the focal interview is attended (they share every
    keyed draw) and run together in one pass, which halves the fixed cost of a week.

    Returns:
        Per branch, a dict of arrays shaped ``(runs, weeks + 1)`` (week 0 is the
        starting state) for each name in :data:`RECORDED`; ``focal_offer``,
        ``focal_acceptable`` and ``focal_job`` (shape ``(runs,)``) when ``focal`` is
        given; ``tracked_offer``, ``tracked_acceptable`` and ``tracked_job`` (shape
        ``(runs, places)``) for the processes of week 0: place 0 is the focal interview,
        then ``start``'s processes and offers in the order given; ``dropped``
        (invitations lost because every slot was busy).
    """
    check_size(runs, weeks, len(attend))
    rules = make_rules(params, policy, seed, focal, start, weeks, lead_weeks(params, start))
    state = starting_state(rules, runs, start, attend)
    record = Recorder(state.runs, weeks)
    record(state, 0)
    for t in range(1, weeks + 1):
        run_week(state, rules, rules.lead + t)
        record(state, t)
    out = record.arrays()
    out["dropped"] = state.dropped
    if state.tracked is not None:
        for k in ("offer", "acceptable", "job"):
            out[f"tracked_{k}"] = state.tracked[k]
            if rules.focal is not None:
                out[f"focal_{k}"] = state.tracked[k][:, 0]
    return [{k: v[b * runs:(b + 1) * runs] for k, v in out.items()}
            for b in range(len(attend))]


def run_model(params: Params, policy: Policy, runs: int, weeks: int, seed: int,
              focal: Focal | None = None, start: Start | None = None,
              attend: bool = True) -> dict[str, np.ndarray]:
    """Simulate ``runs`` searches for ``weeks`` weeks, one branch (see :func:`run_branches`)."""
    return run_branches(params, policy, runs, weeks, seed, focal, start, (attend,))[0]
