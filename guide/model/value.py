"""What attending buys and what it costs, on one scale: hours of pay.

The rule, in one place:

* A future's worth is the **weeks it spends in work** before the horizon, plus what the
  job it took is worth beyond the average job the search finds:
  ``quality_weeks * (job value - average)`` weeks of pay. A future without a job by the
  horizon gets nothing for quality: that person will most likely find an average job
  later, so only the weeks without work count against it.
* Weeks of pay are turned into **hours of pay** at ``weekly_hours`` a week.
* Attending costs **this interview's hours**: each unpaid hour at ``time_value`` hours of
  pay, each hour of paid work missed at ``pay_ratio``. These hours are counted here, once;
  the model does not also take them out of the week's applications.
* The **net value** of attending is the attend branch's worth minus the cancel branch's,
  future by future (the same future in both), minus the cost.

Everything the person weighs (the chance of a job, how soon, how good) is in the worth;
everything attending takes is in the cost. Within the horizon this undercounts a job
found sooner (the weeks after the horizon are not counted), so it leans towards "cancel"
rather than "attend" when the horizon is short.
"""

from __future__ import annotations

import numpy as np

from .params import Params


def weeks_in_work(employed: np.ndarray) -> np.ndarray:
    """Weeks each future spends in work after week 0, up to the horizon."""
    return (np.asarray(employed)[:, 1:] > 0).sum(axis=1).astype(float)


def quality_worth(params: Params, job_value: np.ndarray, average: float) -> np.ndarray:
    """What each future's job is worth beyond an ``average`` one, in weeks of pay (0: none)."""
    above = np.asarray(job_value, float) - average
    return np.where(np.isnan(above), 0.0, params.quality_weeks * above)


def average_job(*job_values: np.ndarray) -> float:
    """The average value of the jobs taken in any of the given arrays (0 if none)."""
    values = np.concatenate([np.asarray(v, float).ravel() for v in job_values])
    values = values[~np.isnan(values)]
    return float(values.mean()) if values.size else 0.0


def future_worth(params: Params, arrays: dict[str, np.ndarray], average: float) -> np.ndarray:
    """Each future's worth in hours of pay: weeks in work plus the job's quality."""
    quality = quality_worth(params, arrays["job_value"][:, -1], average)
    return params.weekly_hours * (weeks_in_work(arrays["employed"]) + quality)


def hours_cost(params: Params, hours: float, paid_hours: float = 0.0) -> float:
    """What ``hours`` of attending cost in hours of pay, ``paid_hours`` of them paid work."""
    return (hours - paid_hours) * params.time_value + paid_hours * params.pay_ratio


def break_even_hours(params: Params, gain: float, hours: float, paid_hours: float) -> float:
    """Hours the interview could take before its cost eats what it buys (``gain``).

    Extra hours are valued like this interview's hours on average (unpaid hours alone
    when it takes none); ``inf`` when an hour costs nothing.
    """
    per_hour = hours_cost(params, hours, paid_hours) / hours if hours > 0 else \
        params.time_value
    if per_hour <= 0:
        return float("inf")
    return max(gain, 0.0) / per_hour
