"""The job-search model: the rules of one week, vectorised over simulated runs.

Each run is one person's search. A run holds a fixed number of *slots*; a slot is free or
holds one process: an invitation whose first interview is this week (``SCHEDULED``), a
process between rounds (``IN_PROCESS``) or an open offer (``OFFER``). A week applies these
named steps, in this order, each a short function of the :class:`State`:

1. :func:`hold_first_interviews`: every invitation from last week meets its first
   interview. The policy may cancel it (costing reputation by notice and reason);
   otherwise the candidate attends, pays its hours, learns (practice, by format) and
   passes with a chance that rises with skill. Having met the company, the candidate
   knows the job's true fit (surprise) and withdraws, politely and at no cost, from a
   process whose job they would not take.
2. :func:`hold_later_rounds`: every process in progress takes a Poisson number of steps
   (later rounds, then the decision) at a pace that rises with the other live processes
   and offers (bargaining power). Passing every round brings an offer worth the job's
   fit plus an uplift from competition.
3. :func:`answer_offers`: offers below the candidate's bar are declined at once. An
   acceptable offer may be held open until its deadline while better ones arrive; at the
   earliest deadline the best acceptable offer is taken (a reservation rule in the spirit
   of McCall's model). Taking a job ends the search: every other process is withdrawn.
4. :func:`update_reputation`: this week's cancellations spread by word of mouth; old
   damage fades with a half-life.
5. :func:`send_applications`: the week's search hours, less any interview hours still
   owed, become applications; each brings an invitation with a chance cut by any damage.

Every random draw is keyed by what it belongs to (an invitation and its step, or an
application and its week), not by the slot that happens to hold it, so two branches of a
decision share every draw the decision does not change (common random numbers).
"""

from __future__ import annotations

import functools
import math
from dataclasses import dataclass, field
from statistics import NormalDist

import numpy as np
from scipy.special import ndtr, ndtri

from ._checks import MAX_WEEKS, check_choice, check_size
from ._params import Params
from ._policy import Policy
from ._vocabulary import CANCEL_REASONS, FORMATS, INTEREST_LEVELS, NOTICES, START_STAGES

FIRST_ROUND_MIX = (0.6, 0.4, 0.0, 0.0)
"""Chance that a first round is a phone screen, video call, panel or hands-on task."""
LATER_ROUND_MIX = (0.0, 0.35, 0.35, 0.30)
"""The same for later rounds (an assumption; the guide says so)."""

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




@dataclass(frozen=True)
class Start:
    """Where one person's search stands today, instead of the generic start.

    Attributes:
        skills: Skill (0-1) in each format, in the order of ``FORMATS``; ``None`` keeps
            ``initial_skill`` everywhere.
        processes: ``(stage, interest)`` for each live process: ``"scheduled"`` (first
            interview this week) or ``"in_process"`` (between rounds); they replace the
            generic ``live_processes``. A stage ``"offer"`` is read as an offer due in
            ``offer_open_weeks``.
        offers: ``(interest, weeks)`` for each offer in hand: how appealing the job is
            now that you have met them (1-5, the quintile among jobs) and how many weeks
            are left before you must answer (1 = within a week).
    """

    skills: tuple[float, ...] | None = None
    processes: tuple[tuple[str, int], ...] = ()
    offers: tuple[tuple[int, int], ...] = ()

    def __post_init__(self) -> None:
        if self.skills is not None:
            if len(self.skills) != len(FORMATS) or not all(
                    isinstance(v, (int, float)) and 0 <= v <= 1 for v in self.skills):
                raise ValueError(f"skills={self.skills!r} must be {len(FORMATS)} numbers "
                                 "from 0 to 1, one per format")
        for stage, interest in self.processes:
            check_choice("stage", stage, START_STAGES)
            check_choice("interest", interest, INTEREST_LEVELS)
        for item in self.offers:
            if not isinstance(item, tuple) or len(item) != 2:
                raise ValueError(f"offers: {item!r} must be a pair (interest, weeks left)")
            check_choice("offer interest", item[0], INTEREST_LEVELS)
            weeks = item[1]
            if isinstance(weeks, bool) or not isinstance(weeks, (int, np.integer)) \
                    or not 1 <= weeks <= 12:
                raise ValueError(f"offer weeks={weeks!r} must be a whole number of weeks "
                                 "from 1 to 12")

    def all_offers(self, params: Params) -> tuple[tuple[int, int], ...]:
        """Offers in hand, with any ``"offer"`` process read as one due in the usual time."""
        old = tuple((level, params.offer_open_weeks) for stage, level in self.processes
                    if stage == "offer")
        return self.offers + old


# --- the rules as small formulas ---------------------------------------------------------

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
    """Probit of passing one round at middling skill, so a full process has ``offer_rate``."""
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


@functools.lru_cache(maxsize=64)
def _pass_line(params: Params) -> tuple[float, float]:
    """Intercept and slope of the probit of passing a round (cached: panels ask often)."""
    slope = params.skill_effect / math.sqrt(1 + params.performance_noise ** 2)
    return round_pass_z(params) - 0.5 * slope, slope


def pass_chance(params: Params, skill: np.ndarray | float) -> np.ndarray:
    """Chance of passing one round at a given skill in its format (0-1).

    Probit in skill, centred so a middling candidate (skill 0.5) gets an offer from a
    whole process with chance ``offer_rate``; day-to-day noise dilutes the skill effect.
    """
    intercept, slope = _pass_line(params)
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


def interest_from_percentile(u: np.ndarray) -> np.ndarray:
    """Interest level 1-5: the quintile of how appealing the posting looks."""
    return np.minimum(np.floor(u * 5).astype(np.int8) + 1, 5).astype(np.int8)


def poisson_steps(u: np.ndarray, rate: np.ndarray, most: int) -> np.ndarray:
    """Poisson(``rate``) counts by inverting the CDF at ``u``, capped at ``most``."""
    term = np.exp(-rate)
    cdf = term.copy()
    count = np.zeros(u.shape, np.int8)
    for k in range(1, most + 1):
        count += u > cdf
        term = term * rate / k
        cdf += term
    return count


_GAMMA = np.uint64(0x9E3779B97F4A7C15)
_MIX1 = np.uint64(0xBF58476D1CE4E5B9)
_MIX2 = np.uint64(0x94D049BB133111EB)


def keyed_uniform(stream: np.uint64, counters: np.ndarray) -> np.ndarray:
    """Uniforms on (0, 1) that depend only on ``stream`` and each counter (SplitMix64).

    A counter-based generator: the draw for a counter is the same whatever else was
    drawn, so the attend and cancel branches see the same draw for the same invitation.
    """
    z = np.multiply(counters, _GAMMA, dtype=np.uint64)  # in place from here: no copies
    z += stream
    z ^= z >> np.uint64(30)
    z *= _MIX1
    z ^= z >> np.uint64(27)
    z *= _MIX2
    z ^= z >> np.uint64(31)
    z >>= np.uint64(11)
    u = z.astype(np.float64)
    u += 0.5
    u *= 1.0 / 2**53
    return u  # never exactly 0 or 1


@functools.lru_cache(maxsize=8)
def _mix_edges(mix: tuple[float, ...]) -> tuple[np.ndarray, int]:
    return np.cumsum(mix)[:-1], max(i for i, w in enumerate(mix) if w > 0)


def pick_format(u: np.ndarray, mix: tuple[float, ...]) -> np.ndarray:
    """Format index whose share of ``mix`` holds each uniform ``u``."""
    edges, top = _mix_edges(mix)
    return np.minimum(np.searchsorted(edges, u, side="right"), top)


# --- the state ---------------------------------------------------------------------------

@dataclass
class Draws:
    """Where each kind of keyed draw comes from (one stream each, from the seed)."""

    post: np.uint64
    fit: np.uint64
    fmt: np.uint64
    passed: np.uint64
    pace: np.uint64

    def at(self, stream: str, key: np.ndarray, sub: np.ndarray | int = 0,
           width: int = 16) -> np.ndarray:
        """Uniforms for invitations ``key``, each at its sub-index ``sub`` (< width)."""
        return keyed_uniform(getattr(self, stream),
                             key * np.uint64(width) + np.asarray(sub, np.uint64))


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


def is_focal(state: State, slots: np.ndarray) -> np.ndarray:
    """Which slots hold the focal interview (its key is its future's: week 0, place 0)."""
    return state.key[slots] == state.ident[state.rows(slots)]


def learn(state: State, params: Params, rows: np.ndarray, fmt: np.ndarray) -> None:
    """Attended interviews close part of the skill gap: in every format, more in their own."""
    if rows.size == 0:
        return
    # one interview multiplies the gap by (1 - rate * transfer) in every format and by
    # (1 - rate) in its own: one ufunc.at call over every (format, run) it touches
    F, R = len(FORMATS), state.runs
    cells = (np.arange(F)[:, None] * R + rows).ravel()
    factor = np.full((F, rows.size), 1 - params.learning_rate * params.transfer)
    factor[fmt, np.arange(rows.size)] = 1 - params.learning_rate
    np.multiply.at(state.gap.reshape(-1), cells, factor.ravel())
    np.add.at(state.done_by_format.reshape(-1), fmt * state.runs + rows, 1)


def attend(state: State, rules: Rules, slots: np.ndarray, fmt: np.ndarray,
           u_pass: np.ndarray) -> np.ndarray:
    """Attend interviews: pay their hours, learn, and return which were passed."""
    rows = state.rows(slots)
    p_pass = pass_chance(rules.params, 1 - state.gap[fmt, rows])
    hours = rules.hours[fmt]
    np.add.at(state.debt, rows, hours)
    state.add("interview_hours", rows, hours)
    state.add("interviews_attended", rows)
    learn(state, rules.params, rows, fmt)
    return u_pass < p_pass


def true_fit(state: State, rules: Rules, slots: np.ndarray) -> np.ndarray:
    """The job's fit, worked out from its posting and its own draw when first needed."""
    fit = state.fit[slots]
    unknown = np.isnan(fit)
    if unknown.any():
        s = slots[unknown]
        z = ndtri(rules.draws.at("fit", state.key[s]))
        fit[unknown] = fit_from_percentile(rules.params, state.post[s], z)
        state.fit[s] = fit[unknown]
    return fit


def cancel_rule(state: State, rules: Rules, slots: np.ndarray, fmt: np.ndarray,
                live: np.ndarray) -> np.ndarray:
    """Which first interviews the policy cancels (before meeting the company).

    A rule about new formats looks at the formats done before this week.
    """
    pol, rows = rules.policy, state.rows(slots)
    interest = interest_from_percentile(state.post[slots])
    cancel = interest < pol.cancel_below
    if pol.keep_new_formats:
        cancel &= state.done_by_format[fmt, rows] > 0
    if pol.max_live:
        cancel &= (live[rows] - 1) >= pol.max_live
    return cancel


def record_cancellations(state: State, rules: Rules, rows: np.ndarray,
                         focal_rows: np.ndarray) -> None:
    """Add this week's cancellations (the focal one has its own notice and reason)."""
    hit = rules.params.industry_penalty * word_share(rules.params)
    for r, sev in ((rows, rules.policy_severity), (focal_rows, rules.focal_severity)):
        if r.size:
            np.add.at(state.week_cancel_cost, r, sev)
            np.multiply.at(state.week_keep, r, 1 - hit * sev)
            state.add("interviews_cancelled", r)


def hold_first_interviews(state: State, rules: Rules, t: int, slots: np.ndarray,
                          live: np.ndarray) -> None:
    """Step 1: first interviews: cancel by policy, or attend, learn, pass, maybe withdraw."""
    if slots.size == 0:
        return
    key = state.key[slots]
    fmt = pick_format(rules.draws.at("fmt", key), FIRST_ROUND_MIX)
    cancel = cancel_rule(state, rules, slots, fmt, live)
    on_focal = np.zeros(slots.size, bool)
    if rules.focal is not None and t == 1:
        on_focal = is_focal(state, slots)
        fmt[on_focal] = FORMATS.index(rules.focal.format)
        cancel[on_focal] = ~state.focal_attend[state.rows(slots[on_focal])]
    record_cancellations(state, rules, state.rows(slots[cancel & ~on_focal]),
                         state.rows(slots[cancel & on_focal]))
    went = ~cancel
    passed = np.zeros(slots.size, bool)
    passed[went] = attend(state, rules, slots[went], fmt[went],
                          rules.draws.at("passed", key[went]))
    ahead = slots[passed]
    value = offer_value(rules.params, true_fit(state, rules, ahead),
                        state.rivals[state.rows(ahead)])
    stay = value > rules.params.fit_threshold
    state.add("withdrawals", state.rows(ahead[~stay]))
    state.status[slots] = FREE
    kept = ahead[stay]
    state.status[kept] = IN_PROCESS
    state.steps_left[kept] = rules.params.rounds
    state.step_no[kept] = 1


def make_offers(state: State, rules: Rules, t: int, slots: np.ndarray) -> None:
    """Processes that reach their decision after passing every round become offers."""
    if slots.size == 0:
        return
    rows = state.rows(slots)
    value = offer_value(rules.params, true_fit(state, rules, slots), state.rivals[rows])
    state.status[slots] = OFFER
    state.value[slots] = value
    state.deadline[slots] = t + rules.params.offer_open_weeks
    state.new_offers.append(slots)
    state.add("offers", rows)
    state.add("acceptable_offers", rows[value > rules.params.fit_threshold])
    if state.focal is not None:
        on = is_focal(state, slots)
        state.focal["offer"][rows[on]] = True
        state.focal["acceptable"][rows[on & (value > rules.params.fit_threshold)]] = True


def hold_later_rounds(state: State, rules: Rules, t: int, slots: np.ndarray) -> None:
    """Step 2: processes in progress take this week's steps: later rounds, then the decision."""
    if slots.size == 0:
        return
    rate = step_rate(rules.params, state.rivals[state.rows(slots)])
    u = rules.draws.at("pace", state.key[slots], t, width=MAX_WEEKS + 1)
    steps = np.minimum(poisson_steps(u, rate, rules.params.rounds), state.steps_left[slots])
    for j in range(int(steps.max(initial=0))):
        now = slots[(steps > j) & (state.status[slots] == IN_PROCESS)]
        decide = state.steps_left[now] == 1
        make_offers(state, rules, t, now[decide])
        rounds = now[~decide]
        if rounds.size == 0:
            continue
        key, sub = state.key[rounds], state.step_no[rounds]
        fmt = pick_format(rules.draws.at("fmt", key, sub), LATER_ROUND_MIX)
        passed = attend(state, rules, rounds, fmt, rules.draws.at("passed", key, sub))
        state.status[rounds[~passed]] = FREE
        state.steps_left[rounds] -= 1
        state.step_no[rounds] += 1


def best_offer_per_run(state: State, slots: np.ndarray) -> np.ndarray:
    """The slot of each run's most valuable offer among ``slots`` (one per run)."""
    order = np.lexsort((-state.value[slots], state.rows(slots)))
    ranked = slots[order]
    rows = state.rows(ranked)
    first = np.ones(rows.size, bool)
    first[1:] = rows[1:] != rows[:-1]
    return ranked[first]


def answer_offers(state: State, rules: Rules, t: int, held: np.ndarray) -> None:
    """Step 3: decline offers below the bar; at the earliest deadline take the best one.

    ``held`` are the offers open at the start of the week; this week's new ones are in
    ``state.new_offers``.
    """
    slots = np.concatenate([held, *state.new_offers])
    state.new_offers.clear()
    if slots.size == 0:
        return
    low = state.value[slots] <= rules.params.fit_threshold
    state.status[slots[low]] = FREE
    state.add("offers_declined", state.rows(slots[low]))
    good = slots[~low]
    earliest = np.full(state.runs, np.iinfo(np.int32).max)
    np.minimum.at(earliest, state.rows(good), state.deadline[good])
    due = good[earliest[state.rows(good)] <= t]
    if due.size == 0:
        return
    taken = best_offer_per_run(state, due)
    rows = state.rows(taken)
    state.employed[rows] = True
    state.job_value[rows] = state.value[taken]
    chosen = np.zeros(state.runs, bool)
    chosen[rows] = True
    state.add("offers_declined", state.rows(good)[chosen[state.rows(good)]])
    state.add("offers_declined", rows, -1)  # the one taken is not declined
    state.status.reshape(state.runs, state.slots)[rows] = FREE  # the search ends here
    if state.focal is not None:
        state.focal["job"][rows[is_focal(state, taken)]] = True


def update_reputation(state: State, rules: Rules) -> None:
    """Step 4: this week's cancellations spread; older damage fades with its half-life."""
    p = rules.params
    if not state.damaged and not state.week_cancel_cost.any():
        return  # nothing to update while nobody has cancelled
    state.damaged = True
    decay = 0.5 ** (1.0 / p.reputation_half_life_weeks)
    state.damage = (1 - (1 - state.damage) * state.week_keep) * decay
    state.burned = (state.burned + state.week_cancel_cost * p.same_company_penalty
                    / p.industry_size) * decay
    state.reputation = (1 - state.damage) * (1 - np.minimum(state.burned, 1.0))
    state.week_cancel_cost[:] = 0.0
    state.week_keep[:] = 1.0


def applications_sent(state: State, params: Params, rows: np.ndarray) -> np.ndarray:
    """This week's applications of ``rows``: search hours left after interview hours owed."""
    budget = params.applications_per_week * params.hours_per_application
    paid = np.minimum(state.debt[rows], budget)
    state.debt[rows] -= paid
    return params.applications_per_week - paid / params.hours_per_application


def place(state: State, rows: np.ndarray) -> np.ndarray:
    """Free slots for new invitations of ``rows`` (sorted); -1 where a run is full."""
    if rows.size < 2 or (rows[1:] != rows[:-1]).all():  # the usual week: one each
        order = np.zeros(rows.size, np.int64)
    else:
        order = np.arange(rows.size) - np.searchsorted(rows, rows)  # rank within its run
    slot = np.full(rows.size, -1)
    grid = state.status.reshape(state.runs, state.slots)
    for j in range(int(order.max(initial=-1)) + 1):  # almost always one invitation a run
        pick = np.flatnonzero(order == j)
        free = grid[rows[pick]] == FREE
        first = free.argmax(axis=1)
        ok = free[np.arange(pick.size), first]
        slot[pick[ok]] = rows[pick[ok]] * state.slots + first[ok]
        grid[rows[pick[ok]], first[ok]] = SCHEDULED  # taken, so the next pass skips it
    return slot


def send_applications(state: State, rules: Rules, t: int) -> None:
    """Step 5: applications bring invitations; each meets its first interview next week.

    Only runs still searching apply. Application j counts in full while j + 1 <=
    applications, in part for the fraction beyond; given an invitation, u / chance is the
    posting's percentile, where u is the application's own keyed draw.
    """
    searching = np.flatnonzero(~state.employed)
    sent = applications_sent(state, rules.params, searching)
    chance = np.clip(sent[:, None] - np.arange(rules.n_app), 0, 1)
    chance *= invite_chance(rules.params, state.reputation[searching])[:, None]
    keys = invitation_key(state.ident[searching][:, None], t, np.arange(rules.n_app),
                          state.futures, rules.width)
    u_app = rules.draws.at("post", keys)
    hit_row, col = np.nonzero(u_app < chance)  # sorted by run, then application
    if hit_row.size == 0:
        return
    rows = searching[hit_row]
    slot = place(state, rows)
    fits = slot >= 0
    state.dropped += state.tally(rows[~fits], rows=True)
    slot, hit_row, col = slot[fits], hit_row[fits], col[fits]
    state.post[slot] = u_app[hit_row, col] / chance[hit_row, col]
    state.key[slot] = keys[hit_row, col]
    state.fit[slot] = np.nan
    state.step_no[slot] = 0
    state.add("invitations", rows[fits])


def invitation_key(ident: np.ndarray, week: int, index: np.ndarray | int, futures: int,
                   width: int) -> np.ndarray:
    """A number unique to one invitation: its future, its week and its place in the week.

    Branches of the same future share ``ident``, so their invitations share keys.
    """
    return ((np.uint64(week) * np.uint64(width) + np.asarray(index, np.uint64))
            * np.uint64(futures) + np.asarray(ident, np.uint64))


# --- building the start --------------------------------------------------------------------

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


def add_process(state: State, rules: Rules, slot: int, status: int, key: np.ndarray,
                post: np.ndarray | None = None, fit: np.ndarray | None = None) -> None:
    """Put one process (the same slot in every run) into the starting state."""
    s = np.arange(state.runs) * state.slots + slot
    state.status[s] = status
    state.key[s] = key
    if post is not None:
        state.post[s] = post
    if fit is not None:
        state.fit[s] = fit
    if status == IN_PROCESS:
        state.steps_left[s] = max(rules.params.rounds - 1, 1)
        state.step_no[s] = 2


def starting_state(rules: Rules, runs: int, start: Start | None,
                   attend: tuple[bool, ...] = (True,)) -> State:
    """Week 0: the focal interview (if any), the live processes and any offers in hand.

    With several values in ``attend``, the state holds that many branches of the same
    ``runs`` futures one after another, branch b attending the focal interview if
    ``attend[b]``: one pass of the weekly steps then simulates them all.
    """
    p, d = rules.params, rules.draws
    offers = start.all_offers(p) if start is not None else ()
    procs = [s for s in (start.processes if start is not None else ()) if s[0] != "offer"]
    n_generic = p.live_processes if start is None else 0
    first = int(rules.focal is not None)
    taken = first + len(procs) + n_generic + len(offers)
    futures, runs = runs, runs * len(attend)
    state = State.empty(p, runs, slot_capacity(p, taken))
    state.futures = futures
    state.ident = np.tile(np.arange(futures, dtype=np.uint64), len(attend))
    state.focal_attend = np.repeat(np.asarray(attend, bool), futures)
    if start is not None and start.skills is not None:
        state.gap[:] = 1.0 - np.asarray(start.skills, float)[:, None]
    rows = np.arange(runs)
    slot = 0
    key = invitation_key(state.ident, 0, 0, futures, rules.width)
    if rules.focal is not None:
        u = (rules.focal.interest - 1 + d.at("post", key)) / 5
        add_process(state, rules, 0, SCHEDULED, key, post=u)
        state.focal = {k: np.zeros(runs, bool) for k in ("offer", "acceptable", "job")}
        slot = 1
    bar = float(ndtr(p.fit_threshold))
    for _ in range(n_generic):  # generic processes already past a first interview
        key = invitation_key(state.ident, 0, slot, futures, rules.width)
        u = bar + (1 - bar) * d.at("fit", key)  # jobs worth staying for
        add_process(state, rules, slot, IN_PROCESS, key, post=u, fit=ndtri(u))
        slot += 1
    for stage, level in procs:
        key = invitation_key(state.ident, 0, slot, futures, rules.width)
        u = (level - 1 + d.at("post", key)) / 5
        fit = None if stage == "scheduled" else \
            fit_from_percentile(p, u, ndtri(d.at("fit", key)))
        add_process(state, rules, slot, SCHEDULED if stage == "scheduled" else IN_PROCESS,
                    key, post=u, fit=fit)
        slot += 1
    for level, weeks in offers:
        key = invitation_key(state.ident, 0, slot, futures, rules.width)
        value = ndtri((level - 1 + d.at("fit", key)) / 5)  # you have met them: fit is known
        add_process(state, rules, slot, OFFER, key, fit=value)
        s = rows * state.slots + slot
        state.value[s], state.deadline[s] = value, weeks
        slot += 1
    return state


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


# --- the simulation ------------------------------------------------------------------------

def survey(state: State) -> None:
    """Note the busy slots and how many processes and offers each run has live."""
    state.busy = np.flatnonzero(state.status != FREE)
    state.live = state.tally(state.busy)


def run_week(state: State, rules: Rules, t: int) -> None:
    """Apply one week's steps, in order (``survey`` must describe the state)."""
    busy, live = state.busy, state.live
    state.rivals = np.maximum(live - 1, 0)
    status = state.status[busy]
    hold_first_interviews(state, rules, t, busy[status == SCHEDULED], live)
    hold_later_rounds(state, rules, t, busy[status == IN_PROCESS])
    answer_offers(state, rules, t, busy[status == OFFER])
    update_reputation(state, rules)
    send_applications(state, rules, t)


class Recorder:
    """Arrays shaped ``(weeks + 1, runs)`` filled week by week, turned to per-run views."""

    def __init__(self, runs: int, weeks: int, slots: int, n_app: int) -> None:
        F = len(FORMATS)
        # whole numbers in the smallest type that holds them: less memory to fill
        most = weeks * (slots + n_app) * 7
        whole = np.int16 if most < np.iinfo(np.int16).max else np.int32
        kinds = {"employed": np.int8, "interview_hours": np.float32,
                 "reputation": np.float32, "job_value": np.float32}
        self.rec = {k: np.empty((weeks + 1, runs), kinds.get(k, whole)) for k in RECORDED
                    if not k.startswith(("skill", "practice"))}
        self.gaps = np.empty((F, weeks + 1, runs), np.float32)

    def __call__(self, state: State, t: int) -> None:
        for k, v in state.counts.items():
            self.rec[k][t] = v
        survey(state)
        busy = state.busy
        offers = state.tally(busy[state.status[busy] == OFFER])
        self.rec["active_processes"][t] = state.live - offers
        self.rec["open_offers"][t] = offers
        self.rec["reputation"][t] = state.reputation
        self.rec["employed"][t] = state.employed
        self.rec["job_value"][t] = state.job_value
        self.gaps[:, t] = state.gap

    def arrays(self) -> dict[str, np.ndarray]:
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
        given; ``dropped`` (invitations lost because every slot was busy).
    """
    check_size(runs * len(attend), weeks)
    rules = make_rules(params, policy, seed, focal, start)
    state = starting_state(rules, runs, start, attend)
    record = Recorder(state.runs, weeks, state.slots, rules.n_app)
    record(state, 0)
    for t in range(1, weeks + 1):
        run_week(state, rules, t)
        record(state, t)
    out = record.arrays()
    out["dropped"] = state.dropped
    if state.focal is not None:
        for k in ("offer", "acceptable", "job"):
            out[f"focal_{k}"] = state.focal[k]
    return [{k: v[b * runs:(b + 1) * runs] for k, v in out.items()}
            for b in range(len(attend))]


def run_model(params: Params, policy: Policy, runs: int, weeks: int, seed: int,
              focal: Focal | None = None, start: Start | None = None) -> dict[str, np.ndarray]:
    """Simulate ``runs`` searches for ``weeks`` weeks (see :func:`run_branches`)."""
    attend = (focal.attend,) if focal is not None else (True,)
    return run_branches(params, policy, runs, weeks, seed, focal, start, attend)[0]
