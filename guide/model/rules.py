"""The model's rules as small formulas of the parameters (no state, no draws)."""

from __future__ import annotations

import functools
import math
from statistics import NormalDist

import numpy as np
from scipy.special import ndtr, ndtri

from .._checks import check_choice
from .._vocabulary import CANCEL_REASONS, NOTICES
from .params import Params

# --- the rules as small formulas ---------------------------------------------------------

REFERENCE_SKILL = 0.3
"""The skill at which a whole process ends in an offer with chance ``offer_rate``: the
default starting skill, since published interview-to-offer rates describe typical
candidates as they come, not seasoned ones."""


def severity(params: Params, notice: str, reason: str) -> float:
    """Reputation cost of one cancellation, relative to a no-show with a vague reason."""
    check_choice("notice", notice, NOTICES)
    check_choice("reason", reason, CANCEL_REASONS)
    by_notice = {
        "no_show": 1.0,
        "same_day": params.notice_cost_same_day,
        "day_or_more": params.notice_cost_day_or_more,
    }[notice]
    if notice == "no_show":
        return by_notice  # nobody hears a reason from a candidate who never calls
    return by_notice * (params.legitimate_reason_factor if reason == "legitimate" else 1.0)


def word_share(params: Params) -> float:
    """Share of the industry that hears of one cancellation."""
    return min(1.0, params.recruiter_network / params.industry_size)


def format_hours(params: Params) -> np.ndarray:
    """Hours one interview takes from your search, by format (in the order of FORMATS)."""
    return np.array([params.hours_phone, params.hours_video, params.hours_panel,
                     params.hours_hands_on])


def round_pass_z(params: Params) -> float:
    """Probit of passing one round at the reference skill, so a whole process has ``offer_rate``."""
    return NormalDist().inv_cdf(params.offer_rate ** (1.0 / params.rounds))


def leverage(params: Params, rivals: np.ndarray | int) -> np.ndarray:
    """How many rivals a company feels: about one per rival at first, never above the cap.

    ``cap * (1 - exp(-rivals / cap))``: the first rivals count almost fully and each
    further one less, so the cap shapes every step instead of cutting in at one point.
    """
    r = np.maximum(np.asarray(rivals, float), 0)
    cap = params.bargaining_cap
    return cap * -np.expm1(-r / cap) if cap > 0 else 0 * r


def step_rate(params: Params, rivals: np.ndarray | int) -> np.ndarray:
    """Expected steps a process takes in a week, given the other live processes.

    After the first interview a process has ``rounds - 1`` later rounds and then the
    decision: ``rounds`` steps that take ``process_weeks`` on average without rivals.
    Other live processes and open offers speed a company up (see :func:`leverage`).
    """
    return params.rounds / params.process_weeks * (
        1 + params.bargaining_speedup * leverage(params, rivals))


@functools.lru_cache
def pass_line(params: Params) -> tuple[float, float]:
    """Intercept and slope of the probit of passing a round (cached: panels ask often)."""
    slope = params.skill_effect / math.sqrt(1 + params.performance_noise ** 2)
    return round_pass_z(params) - REFERENCE_SKILL * slope, slope


def pass_chance(params: Params, skill: np.ndarray | float,
                line: tuple[float, float] | None = None) -> np.ndarray:
    """Chance of passing one round at a given skill in its format (0-1).

    Probit in skill, centred so a candidate at the reference skill gets an offer from a
    whole process with chance ``offer_rate``; day-to-day noise dilutes the skill effect.
    ``line`` is :func:`pass_line` worked out once, where a caller asks often.
    """
    intercept, slope = pass_line(params) if line is None else line
    return ndtr(intercept + slope * np.asarray(skill))


def invite_chance(params: Params, reputation: np.ndarray | float) -> np.ndarray:
    """Chance that one application brings an invitation, given reputation (0-1)."""
    return params.invite_rate * np.clip(reputation, 0.0, 1.0)


def offer_value(params: Params, fit: np.ndarray, rivals: np.ndarray) -> np.ndarray:
    """What an offer is worth to you: the job's true fit plus the uplift competition buys."""
    return fit + params.bargaining_uplift * leverage(params, rivals)


def fit_from_percentile(params: Params, u: np.ndarray, z: np.ndarray) -> np.ndarray:
    """True fit of jobs whose postings sit at percentile ``u``, with standard normals ``z``.

    Fit is standard normal; the posting shows fit plus noise of sd ``posting_noise``. Given
    the posting, fit is normal with mean ``s / (1 + n^2)`` and variance ``n^2 / (1 + n^2)``.
    """
    n2 = params.posting_noise ** 2
    signal = math.sqrt(1 + n2) * ndtri(np.clip(u, 1e-12, 1 - 1e-12))
    return signal / (1 + n2) + math.sqrt(n2 / (1 + n2)) * z


def skill_after(params: Params, skill: np.ndarray | float, own: np.ndarray | int,
                other: np.ndarray | int) -> np.ndarray:
    """Skill in a format after ``own`` interviews in it and ``other`` in other formats.

    The learning rule in closed form: each interview closes ``learning_rate`` of the gap
    to full skill in its own format and ``learning_rate * transfer`` in every other.
    """
    rate = params.learning_rate
    gap = (1 - np.asarray(skill, float)) * (1 - rate) ** np.asarray(own) \
        * (1 - rate * params.transfer) ** np.asarray(other)
    return 1 - gap


def interest_from_percentile(u: np.ndarray) -> np.ndarray:
    """Interest level 1-5: the quintile of how appealing the posting looks."""
    return np.minimum(np.floor(u * 5).astype(np.int8) + 1, 5).astype(np.int8)


def poisson_steps(u: np.ndarray, rate: np.ndarray, most: int) -> np.ndarray:
    """Poisson(``rate``) counts by inverting the CDF at ``u``, capped at ``most``."""
    return count_below(u, poisson_cdf(rate, most))


def poisson_cdf(rate: np.ndarray, most: int) -> list[np.ndarray]:
    """The Poisson(``rate``) CDF at 0 .. ``most - 1``, one array per count."""
    term = np.exp(-rate)
    cdf = [term]
    for k in range(1, most):
        term = term * rate / k
        cdf.append(cdf[-1] + term)
    return cdf[:most]


def count_below(u: np.ndarray, cdf: list[np.ndarray]) -> np.ndarray:
    """How many of the CDF values at each ``u`` lie below it: the inverted count."""
    count = np.zeros(u.shape, np.int8)
    for c in cdf:
        count += u > c
    return count


@functools.lru_cache
def rival_tables(params: Params, most: int) -> tuple[np.ndarray, list[np.ndarray]]:
    """What competition does, by number of rivals (0 .. ``most - 1``), worked out once.

    Rivals are whole numbers below a run's slot count, so the uplift an offer gets
    (:func:`offer_value` less the fit) and the CDF of a week's steps (:func:`step_rate`,
    :func:`poisson_steps`) take few values: the weekly steps read them from these tables
    rather than working out ``expm1`` and ``exp`` for every process every week. Each entry
    is the same float the formula gives (the same operations, element by element).
    """
    rivals = np.arange(most)
    uplift = params.bargaining_uplift * leverage(params, rivals)
    cdf = poisson_cdf(step_rate(params, rivals), params.rounds)
    for a in (uplift, *cdf):
        a.flags.writeable = False
    return uplift, cdf

