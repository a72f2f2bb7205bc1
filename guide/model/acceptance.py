"""When an offer is good enough to take: a reservation value, McCall's rule in weeks of pay.

The one place the acceptance bar is computed; the weekly steps, the start and the
decision all ask :func:`acceptable`.

The person plans to search for the weeks simulated and no longer: a search that runs out
settles for the least they would take, ``f`` (``fit_threshold``). With ``n`` weeks left
(this one included), taking a job of value ``x`` (in sd of fit) earns ``n`` weeks of pay
before the horizon plus ``q * (x - f)``, where ``q`` is what one sd of fit is worth in
weeks of pay (``quality_weeks``). Declining keeps the search going, worth ``S[n-1]``,
with ``S[0] = 0``. So an offer is taken when ``x >= f + (S[n-1] - n) / q``, and never
below ``f``. Offers arrive with chance ``a`` a week, their values normal with mean ``m``
and sd ``s``; then

    S[n] = S[n-1] + a * E[(n + q (X - f) - S[n-1])+ ; X >= bar[n]].

(The guide's valuation of a decision, :mod:`guide.model.value`, is more cautious about a
search that runs out: it assumes an average job follows, so it never inflates the case
for attending.)

This is McCall's equation (QuantEcon, "Job Search I") with a finite horizon and no
discounting: the bar rises when offers come faster and falls as the horizon nears.
"""

from __future__ import annotations

import functools
import math

import numpy as np
from scipy.special import ndtr

from .params import Params
from .rules import pass_chance


def offer_arrival(params: Params) -> float:
    """Chance of at least one offer in a week of searching at the starting skill.

    Applications a week, times the chance each brings an invitation, times the chance a
    whole process at the starting skill ends in an offer: a Poisson rate turned into a
    weekly chance.
    """
    per_process = float(pass_chance(params, params.initial_skill)) ** params.rounds
    rate = params.applications_per_week * params.invite_rate * per_process
    return -math.expm1(-rate)


def offer_spread(params: Params) -> tuple[float, float]:
    """Mean and sd of an offer's value before anything is known of the job.

    Fit is standard normal across jobs; an offer's terms add their own noise. (What
    competition adds is left out: it is small and varies with the week.)
    """
    return 0.0, math.sqrt(1.0 + params.offer_terms_noise ** 2)


def _above(mean: float, sd: float, bar: float) -> tuple[float, float]:
    """``P(X >= bar)`` and ``E[(X - bar)+]`` for ``X`` normal(mean, sd)."""
    z = (bar - mean) / sd
    tail = float(ndtr(-z))
    density = math.exp(-0.5 * z * z) / math.sqrt(2 * math.pi)
    return tail, sd * (density - z * tail)


@functools.lru_cache
def reservation_values(params: Params, weeks: int) -> np.ndarray:
    """The bar with ``n`` weeks left, for ``n`` = 0 to ``weeks`` (index ``n``)."""
    floor, q = params.fit_threshold, params.quality_weeks
    bars = np.full(weeks + 1, floor)
    if q <= 0:
        return bars  # a better job is worth nothing more: anything above the floor will do
    chance = offer_arrival(params)
    mean, sd = offer_spread(params)
    searching = 0.0  # S[n-1]: what searching on is worth, in weeks of pay
    for n in range(1, weeks + 1):
        bar = max(floor, floor + (searching - n) / q)
        tail, excess = _above(mean, sd, bar)
        gain = q * excess + (n + q * (bar - floor) - searching) * tail
        bars[n] = bar
        searching += chance * gain
    bars.flags.writeable = False
    return bars


def bar_at(params: Params, weeks_left: np.ndarray | int, horizon: int) -> np.ndarray:
    """The bar for each number of weeks left (clipped to 1 .. ``horizon``)."""
    return read_bar(reservation_values(params, horizon), weeks_left)


def read_bar(bars: np.ndarray, weeks_left: np.ndarray | int) -> np.ndarray:
    """The bar in ``bars`` (index: weeks left) for ``weeks_left``, clipped to its range."""
    if isinstance(weeks_left, int):  # one week, as the weekly steps ask: no array work
        return bars[min(max(weeks_left, 1), len(bars) - 1)]
    return bars[np.clip(weeks_left, 1, len(bars) - 1)]


def above_bar(bars: np.ndarray, value: np.ndarray, weeks_left: np.ndarray | int) -> np.ndarray:
    """The acceptability test itself: worth taking when worth more than the bar."""
    return np.asarray(value) > read_bar(bars, weeks_left)


def acceptable(params: Params, value: np.ndarray, weeks_left: np.ndarray | int,
               horizon: int) -> np.ndarray:
    """Whether an offer (or a job seen at an interview) is worth taking now."""
    return above_bar(reservation_values(params, horizon), value, weeks_left)
