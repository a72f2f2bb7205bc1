"""The single decision: attend or cancel one upcoming interview.

Both choices are simulated forward from the same seed, so every draw that does not depend
on the choice is shared (common random numbers) and the difference between the branches,
future by future, is the decision's own effect, not noise. The choice itself weighs what
attending buys against what it costs on one scale (:mod:`guide.model.value`).
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from functools import cached_property

import numpy as np
import pandas as pd

from .._checks import check_choice, check_params, check_seed, check_size
from .comparison import (
    BRANCHES,
    MAIN_METRICS,
    METRICS,
    Z90,
    branch_pair,
    choose,
    difference_table,
    job_overlap,
    others_table,
)
from .drivers import DRIVER_COLUMNS, DRIVER_METRICS, driver_table
from .interview import Interview
from .params import Params
from .policy import Policy, as_policy
from .simulate import frame_from_arrays
from .start import Start
from .value import break_even_hours, hours_cost
from .verdict import verdict_text


@dataclass(frozen=True, eq=False)
class DecisionResult:
    """What attending versus cancelling one interview changes, and what it is worth.

    Attributes:
        summary: One row per metric of :data:`METRICS` at the horizon: ``attend``,
            ``cancel``, ``difference`` (attend minus cancel, future by future), its
            99% Monte Carlo interval ``low``, ``high`` and ``matters``.
        drivers: What attending buys split into parts that add up to it (see
            :func:`guide.model.drivers.driver_table`); empty until explained.
        own_offer_chance: Chance the interview itself ends in an offer if attended.
        own_acceptable_chance: Chance it ends in an offer you would take.
        own_job_chance: Chance it ends in the job you take.
        hours: Hours this interview takes; ``paid_hours`` of them paid work.
        cost: What attending costs, in hours of pay.
        only_attend: Share of futures that find a job only if you attend.
        only_cancel: Share that find one only if you cancel.
        both: Share that find one either way (``job_value`` compares these).
        others: What attending does to each process and offer in ``start``, in the order
            given (see :func:`guide.model.comparison.others_table`); empty without one.
    """

    interview: Interview
    params: Params
    policy: Policy
    runs: int
    weeks: int
    seed: int
    branches: dict = field(repr=False)
    summary: pd.DataFrame = field(repr=False)
    drivers: pd.DataFrame = field(repr=False)
    own_offer_chance: float
    own_acceptable_chance: float
    own_job_chance: float
    hours: float
    paid_hours: float
    cost: float
    only_attend: float
    only_cancel: float
    both: float
    start: Start | None = None
    others: pd.DataFrame = field(default_factory=pd.DataFrame, repr=False)
    assumptions: pd.DataFrame = field(default_factory=pd.DataFrame, repr=False)

    @cached_property
    def frame(self) -> pd.DataFrame:
        """Both branches as :func:`guide.simulate` frames; ``policy`` is attend or cancel."""
        frame = pd.concat([frame_from_arrays(self.branches[b], b) for b in BRANCHES],
                          ignore_index=True)
        frame["policy"] = pd.Categorical(frame["policy"], categories=list(BRANCHES))
        return frame

    def curves(self, metrics: tuple[str, ...] = ("employed", "practice", "reputation"),
               ) -> pd.DataFrame:
        """Average paths of both branches with the 90% interval of the average."""
        parts = []
        for branch in BRANCHES:
            for m in metrics:
                cube = np.asarray(self.branches[branch][m], np.float64)
                mean = cube.mean(axis=0)
                se = cube.std(axis=0, ddof=1) / np.sqrt(len(cube)) if len(cube) > 1 \
                    else np.zeros_like(mean)
                parts.append(pd.DataFrame({
                    "policy": branch, "week": np.arange(cube.shape[1]), "metric": m,
                    "mean": mean, "low": mean - Z90 * se,
                    "median": np.median(cube, axis=0), "high": mean + Z90 * se}))
        return pd.concat(parts, ignore_index=True)

    def table(self, metrics: tuple[str, ...] = MAIN_METRICS) -> pd.DataFrame:
        """The summary for a reader: one row per outcome, named in words."""
        rows = self.summary.set_index("metric").loc[list(metrics)]
        return rows.set_index("label")[["attend", "cancel", "difference", "low", "high"]] \
            .rename_axis("outcome")

    def drivers_table(self) -> pd.DataFrame:
        """The drivers for a reader: parts named in words, the chance of a job in points."""
        t = self.drivers.set_index("driver")[list(DRIVER_COLUMNS)].copy()
        t["p_job"] *= 100
        return t.rename(columns=DRIVER_COLUMNS).rename_axis("part")

    @property
    def choice(self) -> str:
        """``"attend"``, ``"cancel"`` or ``"too_close"`` (see :func:`choose`)."""
        return choose(self.summary)[0]

    @property
    def break_even(self) -> float:
        """Hours the interview could take before attending stops paying (``inf``: any)."""
        return break_even_hours(self.params, self.difference("gain_value"), self.hours,
                                self.paid_hours)

    def row(self, metric: str) -> pd.Series:
        """One metric of :data:`METRICS`: attend, cancel, difference, low, high, matters."""
        check_choice("metric", metric, tuple(METRICS))
        return self.summary.set_index("metric").loc[metric]

    def difference(self, metric: str) -> float:
        """Attend minus cancel in one metric of :data:`METRICS`."""
        return float(self.row(metric)["difference"])

    def verdict(self, not_weighed: str | None = None) -> str:
        """The verdict in plain words, in five parts (see :mod:`guide.model.verdict`)."""
        return verdict_text(self) if not_weighed is None else verdict_text(self, not_weighed)


DECISION_RUNS = 4000
"""Simulated futures per choice wherever the guide shows a decision to a reader (panels,
notebooks, ranking): the same settings then give the same figures on every screen."""


def decide(params: Params, interview: Interview, *, runs: int = DECISION_RUNS, weeks: int = 13,
           seed: int = 0, policy: Policy | str = "attend_all", start: Start | None = None,
           drivers: bool = True) -> DecisionResult:
    """Compare attending and cancelling one upcoming interview.

    Args:
        params: The model's assumptions.
        interview: The interview in question (its first interview is in week 1).
        runs: Simulated futures per branch (1 to 200,000).
        weeks: Weeks simulated (1 to 520).
        seed: Seed shared by both branches.
        policy: How every *other* interview is handled (default: attend all).
        start: Where your search stands today: skills, other processes, offers in hand
            (default: a search ``weeks_searched`` weeks in, built by the model).
        drivers: Also split what attending buys among the mechanisms (runs the pair once
            for every combination of mechanisms switched off: 32 pairs).

    Returns:
        A :class:`DecisionResult`.

    Raises:
        ValueError: An argument is of the wrong kind or out of range.
    """
    check_params(params)
    if not isinstance(interview, Interview):
        raise ValueError(f"interview={interview!r:.60} is not a guide.Interview")
    if start is not None and not isinstance(start, Start):
        raise ValueError(f"start={start!r:.60} is not a guide.Start")
    pol = as_policy(policy)
    check_size(runs, weeks, 2)
    check_seed(seed)

    hours = interview.hours_for(params)
    cost = hours_cost(params, hours, interview.paid_hours)
    attend, cancel = branch_pair(params, interview, pol, runs, weeks, seed, start)
    summary = difference_table(params, attend, cancel, cost)
    empty = pd.DataFrame(columns=["driver", *DRIVER_METRICS])
    result = DecisionResult(interview, params, pol, runs, weeks, seed,
                            {"attend": attend, "cancel": cancel}, summary, empty,
                            float(attend["focal_offer"].mean()),
                            float(attend["focal_acceptable"].mean()),
                            float(attend["focal_job"].mean()), hours,
                            float(interview.paid_hours), cost,
                            *job_overlap(attend, cancel), start,
                            others_table(params, attend, cancel, start))
    return explain(result) if drivers else result


def explain(result: DecisionResult) -> DecisionResult:
    """Add the driver breakdown to a result computed with ``drivers=False``.

    Lets a panel show the chart first and the explanation a moment later.
    """
    if not result.drivers.empty:
        return result
    table = driver_table(result.params, result.interview, result.policy, result.runs,
                         result.weeks, result.seed, result.start)
    return dataclasses.replace(result, drivers=table)
