"""The single decision: attend or cancel one upcoming interview.

Both choices are simulated forward from the same seed, so every draw that does not depend
on the choice is shared (common random numbers) and the difference between the branches is
the decision's own effect, not noise.
"""

from __future__ import annotations

import dataclasses
import math
from dataclasses import dataclass, field
from functools import cached_property

import numpy as np
import pandas as pd

from .._checks import check_choice, check_params, check_seed, check_size
from .._vocabulary import CANCEL_REASONS, FORMAT_LABELS, FORMATS, INTEREST_LEVELS, NOTICES
from .params import Params, switch_off
from .policy import Policy, as_policy
from .rules import format_hours
from .run import run_branches
from .simulate import band_moments, frame_from_arrays
from .start import Start
from .state import Focal

Z90 = 1.6448536269514722  # two-sided 90% normal quantile: a 5-95% interval
BRANCHES = ("attend", "cancel")

SWITCH_OFF = switch_off()
"""Parameter changes that turn each mechanism off, for the driver breakdown (from the
specs: each spec says which driver it switches off, and how)."""

METRICS = {
    "p_job": "Chance of having taken a job",
    "weeks_to_job": "Weeks until you take a job",
    "job_value": "How good that job is (sd of fit)",
    "interview_hours": "Hours spent on interviews",
    "interviews_attended": "Interviews attended",
    "offers": "Offers received",
    "acceptable_offers": "Offers good enough to take",
    "practice": "Practice (mean skill, 0-1)",
    "reputation": "Reputation (1 = untouched)",
}
"""What the decision reports at the horizon, in a reader's words."""

MATTERS = {"p_job": 0.01, "weeks_to_job": 0.2, "job_value": 0.05}
"""Smallest difference that matters in practice, per metric the verdict weighs.

One percentage point of the chance of a job (one search in a hundred ends differently);
a fifth of a week (about one working day) of time to a job; a twentieth of the spread
between jobs in how good the job taken is. A difference counts only when it is at least
this large *and* its 5-95% interval excludes zero.
"""
DRIVER_METRICS = ("p_job", "weeks_to_job", "job_value")
MAIN_METRICS = ("p_job", "weeks_to_job", "job_value", "interview_hours", "practice",
                "reputation")
"""The outcomes a reader sees first (weeks to a job count a search still going as the
horizon; the value of a job is averaged over the searches that took one)."""
DRIVER_COLUMNS = {"p_job": "chance of a job (points)", "weeks_to_job": "weeks to a job",
                  "job_value": "quality of the job (sd)"}


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
        check_choice("interest", self.interest, INTEREST_LEVELS)
        check_choice("format", self.format, FORMATS)
        check_choice("notice", self.notice, NOTICES)
        check_choice("reason", self.reason, CANCEL_REASONS)


@dataclass(frozen=True)
class DecisionResult:
    """What attending versus cancelling one interview changes.

    Attributes:
        branches: The simulation's arrays for ``"attend"`` and ``"cancel"``; the
            property ``frame`` holds them as :func:`guide.simulate`'s columns.
        summary: One row per metric at the horizon: ``attend``, ``cancel``,
            ``difference`` (attend minus cancel), its 5-95% Monte Carlo interval ``low``,
            ``high`` and ``matters`` (large enough, and sure enough, to count).
        drivers: The difference in ``p_job``, ``weeks_to_job`` and ``job_value`` split
            into parts that add up to it: ``the interview itself`` (every mechanism
            off) and each mechanism's Shapley share, largest first.
        own_offer_chance: Chance the interview itself ends in an offer if attended.
        own_acceptable_chance: Chance it ends in an offer you would take.
        own_job_chance: Chance it ends in the job you take.
        hours: Hours this interview takes from your search (by its format).
    """

    interview: Interview
    params: Params
    policy: Policy
    runs: int
    weeks: int
    seed: int
    branches: dict = field(repr=False, compare=False)
    summary: pd.DataFrame = field(repr=False)
    drivers: pd.DataFrame = field(repr=False)
    own_offer_chance: float
    own_acceptable_chance: float
    own_job_chance: float = 0.0
    hours: float = 0.0
    start: Start | None = None

    @cached_property
    def frame(self) -> pd.DataFrame:
        """Both branches as :func:`guide.simulate` frames; ``policy`` is attend or cancel.

        Built on first use: a panel that only draws :meth:`curves` never pays for it.
        """
        frame = pd.concat([frame_from_arrays(self.branches[b], b) for b in BRANCHES],
                          ignore_index=True)
        frame["policy"] = pd.Categorical(frame["policy"], categories=list(BRANCHES))
        return frame

    def curves(self, metrics: tuple[str, ...] = ("employed", "practice", "reputation"),
               ) -> pd.DataFrame:
        """Average paths of both branches with the 90% interval of the average.

        The same table as ``guide.summarize(self.frame, band="mean", metrics=...)``,
        computed straight from the simulation's arrays.
        """
        parts = []
        for branch in BRANCHES:
            for m in metrics:
                cube = np.asarray(self.branches[branch][m], np.float64)
                mean, q, se = band_moments(cube, 0.05, 0.95)
                parts.append(pd.DataFrame({
                    "policy": branch, "week": np.arange(cube.shape[1]), "metric": m,
                    "mean": mean, "low": mean - Z90 * se, "median": q[1],
                    "high": mean + Z90 * se}))
        return pd.concat(parts, ignore_index=True)

    def table(self, metrics: tuple[str, ...] = MAIN_METRICS) -> pd.DataFrame:
        """The summary for a reader: one row per outcome, named in words."""
        rows = self.summary.set_index("metric").loc[list(metrics)]
        return rows.set_index("label")[["attend", "cancel", "difference", "low", "high"]] \
            .rename_axis("outcome")

    def drivers_table(self) -> pd.DataFrame:
        """The drivers for a reader: the chance of a job in points, parts named in words."""
        t = self.drivers.set_index("driver")[list(DRIVER_COLUMNS)].copy()
        t["p_job"] *= 100
        return t.rename(columns=DRIVER_COLUMNS).rename_axis("part")

    @property
    def choice(self) -> str:
        """``"attend"``, ``"cancel"`` or ``"too_close"`` (see :func:`choose`)."""
        return choose(self.summary)[0]

    def row(self, metric: str) -> pd.Series:
        """One metric of :data:`METRICS`: attend, cancel, difference, low, high, matters."""
        check_choice("metric", metric, tuple(METRICS))
        return self.summary.set_index("metric").loc[metric]

    def difference(self, metric: str) -> float:
        """Attend minus cancel in one metric of :data:`METRICS`."""
        return float(self.row(metric)["difference"])

    def verdict(self) -> str:
        """A plain-language verdict naming the main drivers."""
        return verdict_text(self)


def outcome_per_run(arrays: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
    """Per-run outcomes at the horizon from ``run_model`` arrays.

    ``weeks_to_job`` is the week the job was taken, or the horizon for a search still
    going; ``job_value`` is NaN for a search without a job.
    """
    employed = arrays["employed"] > 0
    weeks = employed.shape[1] - 1
    got = employed[:, -1]
    first = np.where(got, employed.argmax(1), weeks).astype(float)
    end = {k: arrays[k][:, -1].astype(float) for k in
           ("offers", "acceptable_offers", "interviews_attended", "interview_hours",
            "practice", "reputation", "job_value")}
    return {**end, "p_job": got.astype(float), "weeks_to_job": first}


def branch_pair(params: Params, interview: Interview, policy: Policy, runs: int,
                weeks: int, seed: int, start: Start | None = None) -> tuple[dict, dict]:
    """Run the attend and cancel branches with common random numbers."""
    focal = Focal(interview.interest, interview.format, True, interview.notice,
                  interview.reason)
    attend, cancel = run_branches(params, policy, runs, weeks, seed, focal, start,
                                  attend=(True, False))
    return attend, cancel


def mean_difference(a: np.ndarray, c: np.ndarray) -> tuple[float, float, float, float]:
    """Means of both branches, their difference and the half-width of its 90% interval.

    Paired runs (common random numbers) give a paired interval; a metric defined only in
    some runs (the value of a job taken) compares the runs that have it, unpaired.
    """
    if np.isnan(a).any() or np.isnan(c).any():
        a, c = a[~np.isnan(a)], c[~np.isnan(c)]
        if len(a) < 2 or len(c) < 2:
            return (float(a.mean()) if len(a) else math.nan,
                    float(c.mean()) if len(c) else math.nan, math.nan, math.nan)
        half = Z90 * math.sqrt(a.var(ddof=1) / len(a) + c.var(ddof=1) / len(c))
        return float(a.mean()), float(c.mean()), float(a.mean() - c.mean()), half
    d = a - c
    half = Z90 * d.std(ddof=1) / math.sqrt(len(d)) if len(d) > 1 else math.nan
    return float(a.mean()), float(c.mean()), float(d.mean()), half


def difference_table(attend: dict[str, np.ndarray],
                     cancel: dict[str, np.ndarray]) -> pd.DataFrame:
    """Attend, cancel and their difference per metric, with a 5-95% interval."""
    a, c = outcome_per_run(attend), outcome_per_run(cancel)
    rows = []
    for key, label in METRICS.items():
        mean_a, mean_c, diff, half = mean_difference(a[key], c[key])
        low, high = diff - half, diff + half
        sure = bool(low > 0 or high < 0)
        rows.append({"metric": key, "label": label, "attend": mean_a, "cancel": mean_c,
                     "difference": diff, "low": low, "high": high,
                     "matters": sure and abs(diff) >= MATTERS.get(key, math.inf)})
    return pd.DataFrame(rows)


def choose(summary: pd.DataFrame) -> tuple[str, str]:
    """The choice and a short reason, from the differences that matter.

    The chance of a job and the time to it come first (a search is about ending it); how
    good the job is decides only when neither of those moves. When chance and time point
    opposite ways the answer is too close to call.
    """
    s = summary.set_index("metric")
    votes = {}
    for metric, sign in (("p_job", 1), ("weeks_to_job", -1), ("job_value", 1)):
        if s.loc[metric, "matters"]:
            votes[metric] = "attend" if sign * s.loc[metric, "difference"] > 0 else "cancel"
    first = {votes[m] for m in ("p_job", "weeks_to_job") if m in votes}
    if len(first) == 2:
        return "too_close", "a job becomes likelier one way and sooner the other"
    if first:
        return first.pop(), "chance and speed"
    if "job_value" in votes:
        return votes["job_value"], "the quality of the job"
    return "too_close", "no difference large enough to matter"


def decide(params: Params, interview: Interview, *, runs: int = 2000, weeks: int = 13,
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
            (default: the generic start the parameters describe).
        drivers: Also split the difference among the mechanisms (runs the pair once
            for every combination of mechanisms switched off: 32 pairs).

    Returns:
        A :class:`DecisionResult`.

    Raises:
        ValueError: An argument is of the wrong kind or out of range.
    """
    check_params(params)
    if not isinstance(interview, Interview):
        raise ValueError(f"interview={interview!r} is not a guide.Interview")
    if start is not None and not isinstance(start, Start):
        raise ValueError(f"start={start!r} is not a guide.Start")
    pol = as_policy(policy)
    check_size(runs, weeks)
    check_seed(seed)

    attend, cancel = branch_pair(params, interview, pol, runs, weeks, seed, start)
    summary = difference_table(attend, cancel)
    hours = float(format_hours(params)[FORMATS.index(interview.format)])
    empty = pd.DataFrame(columns=["driver", *DRIVER_METRICS])
    result = DecisionResult(interview, params, pol, runs, weeks, seed,
                            {"attend": attend, "cancel": cancel}, summary, empty,
                            float(attend["focal_offer"].mean()),
                            float(attend["focal_acceptable"].mean()),
                            float(attend["focal_job"].mean()), hours, start)
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


def differences_without(params: Params, interview: Interview, policy: Policy, runs: int,
                        weeks: int, seed: int, start: Start | None,
                        off: tuple[str, ...]) -> dict[str, float]:
    """The difference in each driver metric with the mechanisms ``off`` switched off."""
    changes = {k: v for name in off for k, v in SWITCH_OFF[name].items()}
    a, c = branch_pair(params.replace(**changes), interview, policy, runs, weeks, seed,
                       start)
    d = difference_table(a, c).set_index("metric")["difference"]
    return {m: (0.0 if math.isnan(d[m]) else float(d[m])) for m in DRIVER_METRICS}


def driver_table(params: Params, interview: Interview, policy: Policy, runs: int,
                 weeks: int, seed: int, start: Start | None = None) -> pd.DataFrame:
    """Split each difference into the interview itself and each mechanism's Shapley share.

    Every combination of mechanisms is switched off in turn; a mechanism's share is its
    average marginal effect over the orders in which mechanisms could be switched on, so
    the shares and the row "the interview itself" (every mechanism off) add up exactly
    to the difference reported in the summary. A mechanism already off in ``params``
    gets zero.
    """
    names = tuple(SWITCH_OFF)
    n = len(names)
    value = {}
    for mask in range(2 ** n):
        on = frozenset(names[i] for i in range(n) if mask >> i & 1)
        off = tuple(m for m in names if m not in on)
        value[on] = differences_without(params, interview, policy, runs, weeks, seed,
                                        start, off)
    rows = [{"driver": "the interview itself", **value[frozenset()]}]
    for name in names:
        share = dict.fromkeys(DRIVER_METRICS, 0.0)
        for on, v in value.items():
            if name in on:
                continue
            k = len(on)
            weight = math.factorial(k) * math.factorial(n - k - 1) / math.factorial(n)
            for m in DRIVER_METRICS:
                share[m] += weight * (value[on | {name}][m] - v[m])
        rows.append({"driver": name, **share})
    table = pd.DataFrame(rows)
    order = table["p_job"].abs().sort_values(ascending=False, kind="stable").index
    return table.loc[order].reset_index(drop=True)


def _hours(value: float) -> str:
    return f"{value:g} hour{'' if value == 1 else 's'}"


def verdict_text(result: DecisionResult) -> str:
    """Say in plain words which choice the model favours, what it costs, and why."""
    s = result.summary.set_index("metric")
    choice, why = choose(result.summary)
    fmt = FORMAT_LABELS[result.interview.format].lower()
    lead = {"attend": "Attend.", "cancel": "Cancel.",
            "too_close": "Too close to call."}[choice]
    p, w, v = s.loc["p_job"], s.loc["weeks_to_job"], s.loc["job_value"]
    lines = [
        f"{lead} Over the next {result.weeks} weeks, attending this "
        f"interest-{result.interview.interest} {fmt} changes your chance of having taken a "
        f"job by {100 * p['difference']:+.1f} points ({100 * p['cancel']:.0f}% if you "
        f"cancel, {100 * p['attend']:.0f}% if you attend) and the expected wait for it by "
        f"{w['difference']:+.1f} weeks.",
        f"It takes about {_hours(result.hours)} of your search time; all interviews "
        f"together take {s.loc['interview_hours', 'difference']:+.1f} hours "
        "over the period.",
    ]
    worse_if_chosen = (v["difference"] > 0) != (choice == "attend")
    if v["matters"] and choice != "too_close" and worse_if_chosen:
        other = "cancelling" if choice == "attend" else "attending"
        lines.append(
            f"A trade-off: {other} leads to a better job on average "
            f"({abs(v['difference']):.2f} sd of fit), but a slower or less likely one.")
    elif choice == "too_close":
        lines.append(f"Why too close: {why} (the thresholds: 1 point of chance, a fifth of "
                     "a week, or 0.05 sd of job quality, with the interval clear of zero). "
                     f"Cancelling would give you back about {_hours(result.hours)}.")
    if not result.drivers.empty:
        top = result.drivers[result.drivers["p_job"].abs() >= 0.0005].head(3)
        parts = [f"{r.driver} ({100 * r.p_job:+.1f} points)" for r in top.itertuples()]
        if parts:
            lines.append("Where the change in the chance of a job comes from: "
                         + "; ".join(parts) + ".")
    return "\n".join(lines)
