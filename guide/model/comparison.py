"""Both branches of one future side by side: paired differences and the choice they make."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from .interview import Interview
from .params import Params
from .policy import Policy
from .run import run_branches
from .start import Start
from .state import Focal
from .value import average_job, future_worth, weeks_in_work

Z90 = 1.6448536269514722  # two-sided 90% normal quantile: a 5-95% interval (charts)
Z99 = 2.5758293035489004  # two-sided 99%: the interval every difference and the verdict use
"""A difference counts as sure only when its 99% interval is clear of zero. A stricter
interval than the charts' keeps the verdict still: a case the simulated futures cannot
separate says "too close to call" whatever the seed, instead of flipping."""
BRANCHES = ("attend", "cancel")

METRICS = {
    "net_value": "Worth, less the cost of attending (hours of pay)",
    "gain_value": "What the outcome is worth (hours of pay)",
    "p_job": "Chance of having taken a job",
    "weeks_in_work": "Weeks in work before the horizon",
    "weeks_to_job": "Weeks to a job (the horizon if none yet)",
    "job_value": "Job quality where both find a job (fit units)",
    "interview_hours": "Hours spent on interviews",
    "interviews_attended": "Interviews attended",
    "offers": "Offers received",
    "acceptable_offers": "Offers good enough to take",
    "practice": "Practice (mean skill, 0-1)",
    "reputation": "Reputation (1 = untouched)",
}
"""What the decision reports at the horizon, in a reader's words."""

MATTERS = {"job_value": 0.05, "net_value": 0.0}
"""Smallest difference that matters, besides an interval clear of zero (other metrics:
never flagged). The choice needs only a net value whose 99% interval is clear of zero:
an hour of pay is an hour of pay. A better or worse job is called a trade-off from a
twentieth of the spread between jobs."""


MAIN_METRICS = ("net_value", "p_job", "weeks_in_work", "job_value", "interview_hours",
                "practice", "reputation")
"""The outcomes a reader sees first."""


def outcome_per_run(params: Params, arrays: dict[str, np.ndarray],
                    average: float) -> dict[str, np.ndarray]:
    """Per-future outcomes at the horizon from ``run_branches`` arrays.

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
    return {**end, "p_job": got.astype(float), "weeks_to_job": first,
            "weeks_in_work": weeks_in_work(arrays["employed"]),
            "gain_value": future_worth(params, arrays, average)}


def mean_difference(a: np.ndarray, c: np.ndarray) -> tuple[float, float, float, float]:
    """Means of both branches, their paired difference and its 99% half-width.

    Futures are paired (the same future in both branches); a metric defined only in some
    futures (the value of a job taken) is compared over the futures that have it in both.
    """
    both = ~(np.isnan(a) | np.isnan(c))
    a, c = a[both], c[both]
    if len(a) == 0:
        return math.nan, math.nan, math.nan, math.nan
    d = a - c
    half = Z99 * d.std(ddof=1) / math.sqrt(len(d)) if len(d) > 1 else math.nan
    return float(a.mean()), float(c.mean()), float(d.mean()), half


def difference_table(params: Params, attend: dict[str, np.ndarray],
                     cancel: dict[str, np.ndarray], cost: float = 0.0) -> pd.DataFrame:
    """Attend, cancel and their paired difference per metric, with a 99% interval."""
    average = average_job(attend["job_value"][:, -1], cancel["job_value"][:, -1])
    a, c = outcome_per_run(params, attend, average), outcome_per_run(params, cancel, average)
    a["net_value"], c["net_value"] = a["gain_value"] - cost, c["gain_value"]
    rows = []
    for key, label in METRICS.items():
        mean_a, mean_c, diff, half = mean_difference(a[key], c[key])
        if half != half:  # one future or none: nothing to be sure of
            low = high = math.nan
        else:
            low, high = diff - half, diff + half
        sure = bool(low > 0 or high < 0)
        rows.append({"metric": key, "label": label, "attend": mean_a, "cancel": mean_c,
                     "difference": diff, "low": low, "high": high,
                     "matters": sure and abs(diff) >= MATTERS.get(key, math.inf)})
    return pd.DataFrame(rows)


def choose(summary: pd.DataFrame) -> tuple[str, str]:
    """The choice and a short reason, from the net value of attending.

    Attend when the net value's 99% interval lies above zero, cancel when it lies
    below, and otherwise the model cannot tell the two apart: too close to call.
    """
    s = summary.set_index("metric").loc["net_value"]
    if s["low"] > 0:
        return "attend", "what attending buys is worth more than it costs"
    if s["high"] < 0:
        return "cancel", "what attending costs is worth more than what it buys"
    return "too_close", "the model cannot tell whether attending is worth its cost"


def branch_pair(params: Params, interview: Interview, policy: Policy, runs: int,
                weeks: int, seed: int, start: Start | None = None) -> tuple[dict, dict]:
    """Run the attend and cancel branches with common random numbers."""
    focal = Focal(interview.interest, interview.format, interview.notice, interview.reason,
                  interview.hours_for(params))
    attend, cancel = run_branches(params, policy, runs, weeks, seed, focal, start,
                                  attend=(True, False))
    return attend, cancel


def start_places(start: Start | None, params: Params) -> list[dict]:
    """What each week-0 place after the focal interview holds, in the model's order."""
    if start is None:
        return []
    out = []
    for item in start.processes:
        if item[0] != "offer":
            left = item[2] if len(item) == 3 else None
            out.append({"stage": item[0], "interest": item[1], "rounds_left": left,
                        "weeks_to_answer": None})
    for level, weeks in start.all_offers(params):
        out.append({"stage": "offer", "interest": level, "rounds_left": None,
                    "weeks_to_answer": weeks})
    return out


def others_table(params: Params, attend: dict, cancel: dict,
                 start: Start | None) -> pd.DataFrame:
    """What attending does to each process and offer you have, future by future.

    One row per process or offer of ``start`` (in the order given): the chance it ends
    in an offer and the chance it is the job you take, attend and cancel, with the
    paired difference and its 99% interval.
    """
    rows = []
    for i, what in enumerate(start_places(start, params), start=1):
        row = dict(what)
        for name in ("offer", "job"):
            a = attend[f"tracked_{name}"][:, i].astype(float)
            c = cancel[f"tracked_{name}"][:, i].astype(float)
            mean_a, mean_c, diff, half = mean_difference(a, c)
            row.update({f"{name}_attend": mean_a, f"{name}_cancel": mean_c,
                        f"{name}_difference": diff, f"{name}_low": diff - half,
                        f"{name}_high": diff + half})
        rows.append(row)
    return pd.DataFrame(rows)


def job_overlap(attend: dict, cancel: dict) -> tuple[float, float, float]:
    """Shares of futures with a job only if attending, only if cancelling, and either way."""
    a, c = attend["employed"][:, -1] > 0, cancel["employed"][:, -1] > 0
    return float((a & ~c).mean()), float((c & ~a).mean()), float((a & c).mean())


def futures_counts(result) -> tuple[int, int, int, int]:
    """Of 100 people in a decision's situation, how many each kind of future holds.

    A job by the horizon either way, only if attending, only if cancelling, and neither:
    whole people, adding up to 100. The people with a job if they attend (the first two)
    are the chance of a job if attending, rounded to a whole percent, and likewise for
    cancelling, so the counts say what the percentages beside them say; the people with
    a job either way are then as close to their share as that allows.
    """
    attend = round(100 * (result.both + result.only_attend))
    cancel = round(100 * (result.both + result.only_cancel))
    both = round(100 * result.both)
    both = max(min(both, attend, cancel), attend + cancel - 100)  # no count below zero
    return both, attend - both, cancel - both, 100 - attend - cancel + both
