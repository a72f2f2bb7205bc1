"""Whole-search simulation as tidy data frames, and their summaries."""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
from scipy.special import ndtri

from .._checks import check_params, check_seed, check_size
from .params import Params
from .policy import Policy, as_policy
from .run import run_model
from .start import Start
from .state import COUNTS, RECORDED

CUMULATIVE = COUNTS
"""Columns that count events (or hours) since week 0: they never decrease."""
WHOLE = ("invitations", "interviews_attended", "interviews_cancelled", "offers",
         "acceptable_offers", "withdrawals", "offers_declined", "active_processes",
         "open_offers", "employed")
"""Columns that hold whole numbers."""


def frame_from_arrays(arrays: dict[str, np.ndarray], policy_name: str) -> pd.DataFrame:
    """Turn ``run_model`` output into one row per run and week (week 0 = the start).

    Rows come week by week (all runs at week 0, then week 1, ...), the order in which the
    model records them, so no column is copied into another order.
    """
    n_runs, n_weeks = arrays["offers"].shape
    data = {
        "run": np.tile(np.arange(n_runs, dtype=np.int32), n_weeks),
        "week": np.repeat(np.arange(n_weeks, dtype=np.int32), n_runs),
        "policy": pd.Categorical.from_codes(np.zeros(n_runs * n_weeks, np.int8),
                                            [policy_name]),
    }
    for name in RECORDED:
        column = arrays[name].T.ravel()
        data[name] = column.astype(np.int32, copy=False) if name in WHOLE else column
    frame = pd.DataFrame(data, copy=False)
    frame.attrs["dropped_invitations"] = int(arrays["dropped"].sum())
    return frame


def simulate(params: Params, policy: Policy | str = "attend_all", *, runs: int = 1000,
             weeks: int = 26, seed: int = 0, start: Start | None = None) -> pd.DataFrame:
    """Simulate many job searches under one policy.

    Args:
        params: The model's assumptions.
        policy: A :class:`guide.Policy` or ``"attend_all"`` / ``"cancel_below_threshold"``.
        runs: Number of simulated searches (1 to 200,000).
        weeks: Weeks simulated (1 to 520).
        seed: Seed of the random generator; the same seed gives the same frame.
        start: Where a particular search stands today (skills by format, live processes
            with their interest); default: the generic start the parameters describe.

    Returns:
        One row per run and week (week 0 is the start) with the columns ``run``, ``week``,
        ``policy``; cumulative ``invitations``, ``interviews_attended``,
        ``interviews_cancelled``, ``offers``, ``acceptable_offers`` (offers worth taking
        when made), ``withdrawals`` (processes left after meeting the company),
        ``offers_declined`` and ``interview_hours``; current ``active_processes`` and
        ``open_offers``; ``practice`` (mean skill, 0-1), skill by format
        (``skill_phone`` ...), ``reputation`` (1 = untouched), ``employed`` (1 from the
        week a job is taken: the search then stops) and ``job_value`` (the job's value in
        sd of fit; NaN before).

    Raises:
        ValueError: An argument is of the wrong kind or out of range.
    """
    check_params(params)
    pol = as_policy(policy)
    check_size(runs, weeks)
    check_seed(seed)
    if start is not None and not isinstance(start, Start):
        raise ValueError(f"start={start!r} is not a guide.Start")
    return frame_from_arrays(run_model(params, pol, runs, weeks, seed, start=start),
                             pol.name)


def summarize(df: pd.DataFrame, *, low: float = 0.05, high: float = 0.95,
              band: str = "runs", metrics: list[str] | None = None) -> pd.DataFrame:
    """Mean, median and a band per policy, week and metric.

    Args:
        df: A frame from :func:`simulate` (several policies may be concatenated).
        low: Lower quantile of the band.
        high: Upper quantile of the band.
        band: ``"runs"``: the band holds the middle of the simulated searches (how
            different one search can turn out); ``"mean"``: the normal-approximation
            interval of the mean over runs at the same quantiles (how sure the model is
            of the average).
        metrics: Columns to summarise (default: every numeric column).

    Returns:
        Long frame with columns ``policy``, ``week``, ``metric``, ``mean``, ``low``,
        ``median``, ``high``.
    """
    missing = [c for c in ("policy", "week", "run") if c not in df.columns]
    if missing:
        raise ValueError(f"df is missing the column {missing[0]!r}; pass a frame from "
                         "guide.simulate")
    if not 0 < low < high < 1:
        raise ValueError(f"low={low!r}, high={high!r}: need 0 < low < high < 1")
    if band not in ("runs", "mean"):
        raise ValueError(f"band={band!r} is not allowed; choose 'runs' or 'mean'")
    numeric = [c for c in df.columns if c not in ("policy", "week", "run")
               and pd.api.types.is_numeric_dtype(df[c])]
    if metrics is None:
        metrics = numeric
    unknown = [m for m in metrics if m not in numeric]
    if unknown:
        raise ValueError(f"metrics: {unknown[0]!r} is not a numeric column of df; "
                         f"allowed: {', '.join(numeric)}")
    parts = []
    for policy, sub in df.groupby("policy", observed=True, sort=False):
        weeks, week_at = np.unique(sub["week"].to_numpy(), return_inverse=True)
        runs, run_at = np.unique(sub["run"].to_numpy(), return_inverse=True)
        if len(sub) != len(runs) * len(weeks):
            raise ValueError(f"policy {policy!r}: every run must have every week once")
        for m in metrics:
            cube = np.empty((len(runs), len(weeks)))
            cube[run_at, week_at] = sub[m].to_numpy(np.float64)
            mean, q, se = band_moments(cube, low, high)
            if band == "mean":
                q[0] = mean + ndtri(low) * se
                q[2] = mean + ndtri(high) * se
            parts.append(pd.DataFrame({
                "policy": policy, "week": weeks, "metric": m, "mean": mean,
                "low": q[0], "median": q[1], "high": q[2]}))
    return pd.concat(parts, ignore_index=True)


def band_moments(cube: np.ndarray, low: float, high: float) -> tuple:
    """Mean, quantiles and standard error per week, over the runs that have a value.

    A column such as ``job_value`` has a value only once a job is taken; weeks where no
    run has one give NaN rather than a warning.
    """
    if not np.isnan(cube).any():
        se = cube.std(0, ddof=1) / np.sqrt(len(cube)) if len(cube) > 1 else 0 * cube[0]
        return cube.mean(0), np.quantile(cube, [low, 0.5, high], axis=0), se
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        n = np.sum(~np.isnan(cube), axis=0)
        mean = np.nanmean(cube, axis=0)
        q = np.nanquantile(cube, [low, 0.5, high], axis=0)
        se = np.where(n > 1, np.nanstd(cube, axis=0, ddof=1) / np.sqrt(np.maximum(n, 1)), 0.0)
    return mean, q, se


def first_week(df: pd.DataFrame, column: str) -> pd.DataFrame:
    """Week each run's count ``column`` first rose above zero (``NaN`` if it never did).

    Returns:
        One row per policy and run with columns ``policy``, ``run``, ``week``.
    """
    got = df[df[column] > 0]
    first = got.groupby(["policy", "run"], observed=True)["week"].min()
    runs = df[["policy", "run"]].drop_duplicates().set_index(["policy", "run"])
    return runs.join(first.rename("week")).reset_index()


def first_acceptable_week(df: pd.DataFrame) -> pd.DataFrame:
    """Week of the first acceptable offer in each run (``NaN`` if none within the horizon)."""
    return first_week(df, "acceptable_offers")


def first_job_week(df: pd.DataFrame) -> pd.DataFrame:
    """Week each run took a job (``NaN`` if it had not by the horizon)."""
    return first_week(df, "employed")
