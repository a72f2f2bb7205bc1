"""The job-search model, vectorised over simulated runs (a loop over weeks only).

Each run is one person's search. A run holds a fixed number of *slots*; a slot is free,
an interview process (waiting for its next round) or an open offer. Each week:

1. every process holds its next round with a weekly chance that rises with the number of
   other live processes and offers (bargaining power);
2. at a process's first round the policy may cancel it (costing reputation by notice and
   reason); otherwise the candidate attends, learns (practice, by format) and passes the
   round with a chance that rises with skill, blurred by day-to-day noise;
3. passing the last round gives an offer whose value is the job's true fit (hidden by the
   posting's noise until attended: surprise) plus an uplift from other live processes;
   it is acceptable when that value clears the candidate's threshold;
4. reputation damage fades; new applications (fewer after a week of interviews) bring
   invitations at a rate cut by any damage done.

All randomness comes from one ``numpy.random.Generator`` built from ``seed``; every week
draws arrays of the same shapes whatever happens, so two runs that differ only in one
decision use common random numbers.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from statistics import NormalDist

import numpy as np
from scipy.special import ndtr, ndtri

from ._params import Params
from ._policy import FORMATS, NOTICES, REASONS, Policy, check_choice

FIRST_ROUND_MIX = (0.6, 0.4, 0.0, 0.0)
"""Chance that a first round is a phone screen, video call, panel or hands-on task."""
LATER_ROUND_MIX = (0.0, 0.35, 0.35, 0.30)
"""The same for later rounds (an assumption; the guide says so)."""

MAX_RUNS = 200_000
MAX_WEEKS = 520
RECORDED = (
    "invitations", "interviews_attended", "interviews_cancelled", "offers",
    "acceptable_offers", "active_processes", "open_offers", "practice",
    "skill_phone", "skill_video", "skill_panel", "skill_hands_on", "reputation",
)


@dataclass(frozen=True)
class Focal:
    """The one upcoming interview a decision is about (internal to the model)."""

    interest: int
    format: str
    attend: bool
    notice: str = "day_or_more"
    reason: str = "vague"


STAGES = ("scheduled", "in_process", "offer")


@dataclass(frozen=True)
class Start:
    """Where one person's search stands today, instead of the generic start.

    Attributes:
        skills: Skill (0-1) in each format, in the order of ``FORMATS``; ``None`` keeps
            ``initial_skill`` everywhere.
        processes: ``(stage, interest)`` for each live process: ``"scheduled"`` (first
            interview ahead), ``"in_process"`` (between rounds) or ``"offer"`` (an open
            offer); they replace the generic ``live_processes``.
    """

    skills: tuple[float, ...] | None = None
    processes: tuple[tuple[str, int], ...] = ()

    def __post_init__(self) -> None:
        if self.skills is not None:
            if len(self.skills) != len(FORMATS) or not all(
                    isinstance(v, (int, float)) and 0 <= v <= 1 for v in self.skills):
                raise ValueError(f"skills={self.skills!r} must be {len(FORMATS)} numbers "
                                 "from 0 to 1, one per format")
        for stage, interest in self.processes:
            check_choice("stage", stage, STAGES)
            check_choice("interest", interest, (1, 2, 3, 4, 5))


def check_size(runs: object, weeks: object) -> None:
    """Raise ``ValueError`` unless ``runs`` and ``weeks`` are sensible whole numbers."""
    for name, value, top in (("runs", runs, MAX_RUNS), ("weeks", weeks, MAX_WEEKS)):
        if isinstance(value, bool) or not isinstance(value, (int, np.integer)) \
                or not 1 <= value <= top:
            raise ValueError(f"{name}={value!r} must be a whole number from 1 to {top:,}")


def check_seed(seed: object) -> None:
    """Raise ``ValueError`` unless ``seed`` is a non-negative whole number."""
    if isinstance(seed, bool) or not isinstance(seed, (int, np.integer)) or seed < 0:
        raise ValueError(f"seed={seed!r} must be a whole number of 0 or more")


def severity(params: Params, notice: str, reason: str) -> float:
    """Reputation cost of one cancellation, relative to a no-show with a vague reason."""
    check_choice("notice", notice, NOTICES)
    check_choice("reason", reason, REASONS)
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


def round_pass_z(params: Params) -> float:
    """Probit of passing one round at middling skill, so a full process has ``offer_rate``."""
    return NormalDist().inv_cdf(params.offer_rate ** (1.0 / params.rounds))


def slot_capacity(params: Params, focal: bool, live: int | None = None) -> int:
    """Slots per run: the expected number of live processes and offers plus a wide margin.

    The steady-state number of live processes is the invitation flow times how long a
    process lives (rounds reached at full skill, at the speed that number of rivals
    gives); the processes live at the start only dwindle. The margin is five standard
    deviations of a Poisson count plus three, so an invitation is very rarely dropped for
    lack of a slot; the simulation counts any that are (``dropped``).
    """
    p = params
    flow = p.applications_per_week * p.invite_rate
    p_round = float(ndtr(round_pass_z(p) + p.skill_effect * 0.5
                         / math.sqrt(1 + p.performance_noise ** 2)))  # at full skill
    rounds_held = sum(p_round ** k for k in range(p.rounds))
    steady = flow * (1 + rounds_held * p.process_weeks / p.rounds)
    for _ in range(3):  # rivals speed companies up, which shortens processes
        speed = 1 + p.bargaining_speedup * min(p.bargaining_cap, max(steady - 1, 0))
        steady = flow * (rounds_held * p.process_weeks / (p.rounds * speed)
                         + p.offer_rate * p.offer_open_weeks + 0.5)
    base = max((p.live_processes if live is None else live) + int(focal), steady)
    return int(math.ceil(base + 5 * math.sqrt(steady) + 3)) + int(focal)


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


_GAMMA = np.uint64(0x9E3779B97F4A7C15)
_MIX1 = np.uint64(0xBF58476D1CE4E5B9)
_MIX2 = np.uint64(0x94D049BB133111EB)


def keyed_uniform(stream: np.uint64, counters: np.ndarray) -> np.ndarray:
    """Uniforms on (0, 1) that depend only on ``stream`` and each counter (SplitMix64).

    A counter-based generator: the draw for a counter is the same whatever else was
    drawn, which is what lets the attend and cancel branches share the draws of every
    slot that both of them have busy, while only busy slots cost anything.
    """
    z = np.asarray(counters, np.uint64) * _GAMMA + stream
    z = (z ^ (z >> np.uint64(30))) * _MIX1
    z = (z ^ (z >> np.uint64(27))) * _MIX2
    z ^= z >> np.uint64(31)
    return ((z >> np.uint64(11)) + 0.5) * (1.0 / 2**53)  # never exactly 0 or 1


def _mix_tables() -> tuple[np.ndarray, ...]:
    """Cumulative bin edges and bin starts/widths of the two format mixes."""
    out = []
    for mix in (FIRST_ROUND_MIX, LATER_ROUND_MIX):
        cum = np.cumsum(mix)
        start = np.concatenate([[0.0], cum[:-1]])
        out += [cum[:-1], start, np.where(np.asarray(mix) > 0, mix, 1.0)]
    return tuple(out)


def round_chance(params: Params, others: np.ndarray | int) -> np.ndarray:
    """Weekly chance that a process holds its next round, given the other live processes.

    Without rivals a process of ``rounds`` rounds takes ``process_weeks`` on average;
    each other live process or open offer (up to the cap) speeds it up.
    """
    rivals = np.minimum(np.maximum(others, 0), params.bargaining_cap)
    speed = 1 + params.bargaining_speedup * rivals
    return np.minimum(params.rounds / params.process_weeks * speed, 1.0)


def pass_chance(params: Params, skill: np.ndarray | float) -> np.ndarray:
    """Chance of passing one round at a given skill in its format (0-1).

    Probit in skill, centred so a middling candidate (skill 0.5) gets an offer from a
    whole process with chance ``offer_rate``; day-to-day noise dilutes the skill effect.
    """
    slope = params.skill_effect / math.sqrt(1 + params.performance_noise ** 2)
    return ndtr(round_pass_z(params) + slope * (np.asarray(skill) - 0.5))


def invite_chance(params: Params, reputation: np.ndarray | float) -> np.ndarray:
    """Chance that one application brings an invitation, given reputation (0-1)."""
    return params.invite_rate * np.clip(reputation, 0.0, 1.0)


def run_model(params: Params, policy: Policy, runs: int, weeks: int, seed: int,
              focal: Focal | None = None, start: Start | None = None) -> dict[str, np.ndarray]:
    """Simulate ``runs`` searches for ``weeks`` weeks.

    The work per week is a few whole-population array operations plus operations on the
    (few) slots that hold an interview that week, so the cost grows with the number of
    interviews rather than with the number of slots.

    Returns:
        A dict of arrays shaped ``(runs, weeks + 1)`` (week 0 is the starting state) for
        each name in :data:`RECORDED`, plus ``focal_offer`` and ``focal_acceptable``
        (shape ``(runs,)``) when ``focal`` is given, and ``dropped`` (invitations lost
        because every slot was busy).
    """
    p = params
    rng = np.random.default_rng(seed)
    # keys of the counter-based uniforms: per busy slot and week, per invitation
    stream, fit_stream = rng.integers(0, 2**63, size=2, dtype=np.uint64)
    n_start = len(start.processes) if start is not None else p.live_processes
    R, S, F = runs, slot_capacity(p, focal is not None, n_start), len(FORMATS)
    n_app = max(1, math.ceil(p.applications_per_week))

    hit = p.industry_penalty * word_share(p)
    decay = 0.5 ** (1.0 / p.reputation_half_life_weeks)
    policy_sev = severity(p, policy.notice, policy.reason)
    first_cum, first_lo, first_w, later_cum, later_lo, later_w = _mix_tables()
    max_per_week = S + n_app  # no run can attend more interviews than this in a week
    transfer_factor = (1 - p.learning_rate * p.transfer) ** np.arange(max_per_week + 1)
    own_factor = (1 - p.learning_rate) / (1 - p.learning_rate * p.transfer)
    # applications sent in a week after attending n interviews, and the weight of each
    apps_after = np.maximum(p.applications_per_week - p.prep_cost_applications
                            * np.arange(max_per_week + 1), 0)
    app_weight = np.clip(apps_after[:, None] - np.arange(n_app), 0, 1).astype(np.float32)

    state = np.zeros((R, S), np.int8)  # 0 free, 1 process, 2 open offer
    rounds_left = np.zeros((R, S), np.int8)
    started = np.zeros((R, S), bool)
    fit = np.zeros((R, S), np.float32)
    interest = np.zeros((R, S), np.int8)
    closing: dict[int, list[np.ndarray]] = {}  # week -> flat slots of offers closing
    # small counts fit in int16, which halves the memory the records need
    count_type = np.int16 if weeks * (S + n_app) < np.iinfo(np.int16).max else np.int32
    n_proc = np.zeros(R, count_type)
    n_offer = np.zeros(R, count_type)
    gap = np.full((F, R), 1.0 - p.initial_skill)  # 1 - skill, by format and run
    if start is not None and start.skills is not None:
        gap[:] = 1.0 - np.asarray(start.skills, float)[:, None]
    done_by_format = np.zeros((F, R), np.int32)
    damage = np.zeros(R)   # share of invitation chance lost across the industry
    burned = np.zeros(R)   # expected share of applications to companies you let down
    reputation = np.ones(R)
    damaged = False
    counts = {k: np.zeros(R, count_type) for k in
              ("invitations", "interviews_attended", "interviews_cancelled", "offers",
               "acceptable_offers")}
    dropped = np.zeros(R, np.int64)

    first_slot = 0
    if focal is not None:
        check_choice("interest", focal.interest, (1, 2, 3, 4, 5))
        check_choice("format", focal.format, FORMATS)
        focal_sev = severity(p, focal.notice, focal.reason)
        focal_fmt = FORMATS.index(focal.format)
        u = (focal.interest - 1 + rng.random(R)) / 5
        state[:, 0] = 1
        rounds_left[:, 0] = p.rounds
        interest[:, 0] = focal.interest
        fit[:, 0] = fit_from_percentile(p, u, rng.standard_normal(R))
        focal_u = rng.random(R)  # decides whether the focal round is passed
        focal_alive = np.ones(R, bool)
        focal_offer = np.zeros(R, bool)
        focal_acceptable = np.zeros(R, bool)
        first_slot = 1
    if start is None:
        live0 = slice(first_slot, first_slot + p.live_processes)
        state[:, live0] = 1
        started[:, live0] = True
        rounds_left[:, live0] = max(p.rounds - 1, 1)
        fit[:, live0] = rng.standard_normal((R, p.live_processes))
        n_proc += first_slot + p.live_processes
    else:
        n_proc += first_slot
        for j, (stage, level) in enumerate(start.processes):
            slot = first_slot + j
            u = (level - 1 + rng.random(R)) / 5
            fit[:, slot] = fit_from_percentile(p, u, rng.standard_normal(R))
            interest[:, slot] = level
            if stage == "offer":
                state[:, slot] = 2
                closing.setdefault(p.offer_open_weeks, []).append(
                    np.arange(R) * S + slot)
                n_offer += 1
                continue
            state[:, slot] = 1
            started[:, slot] = stage == "in_process"
            rounds_left[:, slot] = p.rounds if stage == "scheduled" else max(p.rounds - 1, 1)
            n_proc += 1

    rec = {k: np.empty((weeks + 1, R),
                       np.float32 if k.startswith(("skill", "practice", "reputation"))
                       else count_type) for k in RECORDED
           if not k.startswith(("skill", "practice"))}
    gaps = np.empty((F, weeks + 1, R), np.float32)  # 1 - skill, turned into skills at the end

    def record(t: int) -> None:
        for k, v in counts.items():
            rec[k][t] = v
        rec["active_processes"][t] = n_proc
        rec["open_offers"][t] = n_offer
        gaps[:, t] = gap
        rec["reputation"][t] = reputation

    def tally(rows: np.ndarray) -> np.ndarray:
        return np.bincount(rows, minlength=R)

    record(0)
    flat_state, flat_left, flat_started = state.reshape(-1), rounds_left.reshape(-1), \
        started.reshape(-1)
    flat_fit, flat_interest, flat_gap = fit.reshape(-1), interest.reshape(-1), \
        gap.reshape(-1)
    flat_post = np.zeros(R * S)  # posting percentile of each slot's process
    flat_key = np.zeros(R * S, np.int64)  # counter of its fit-noise uniform
    for t in range(1, weeks + 1):
        u_app = rng.random((R, n_app), dtype=np.float32)

        # --- interviews held this week (bargaining speeds companies up) --------------
        # One uniform per busy slot (keyed by run, slot and week, so both branches of a
        # decision see the same one) decides whether its process holds a round; given
        # that it does, u / q is a fresh uniform that picks the format and then (its
        # position inside the format's bin) whether the round is passed.
        others = np.minimum(np.maximum(n_proc + n_offer - 1, 0), p.bargaining_cap)
        q = round_chance(p, others)
        busy = np.flatnonzero(flat_state == 1)
        u_busy = keyed_uniform(stream, busy + t * R * S)
        focal_week = focal is not None and t == 1
        if focal_week:
            u_busy[busy % S == 0] = 0.0
        held = u_busy < q[busy // S]
        ev = busy[held]
        er = ev // S
        was_started = flat_started[ev]
        u2 = np.minimum(u_busy[held] / q[er], 1 - 1e-12)
        fmt = np.where(was_started, sum(u2 >= c for c in later_cum),
                       sum(u2 >= c for c in first_cum))
        u_pass = np.where(was_started, (u2 - later_lo[fmt]) / later_w[fmt],
                          (u2 - first_lo[fmt]) / first_w[fmt])

        cancel = ~was_started & (flat_interest[ev] < policy.cancel_below)
        if policy.keep_new_formats:
            cancel &= done_by_format.reshape(-1)[fmt * R + er] > 0
        if policy.max_live:
            cancel &= (n_proc + n_offer - 1)[er] >= policy.max_live
        if focal_week:
            on_focal = ev - er * S == 0
            fmt[on_focal] = focal_fmt
            u_pass[on_focal] = focal_u[er[on_focal]]
            cancel[on_focal] = not focal.attend
        attend = ~cancel

        # --- attending: pass or fail, and practice ----------------------------------
        p_pass = pass_chance(p, 1 - flat_gap[fmt * R + er])
        passed = attend & (u_pass < p_pass)
        ra, fa = er[attend], fmt[attend]
        n_attended = tally(ra)
        if ra.size:
            # every interview closes part of the gap in every format (transfer) and a
            # further part in its own format; the factors commute, so order is irrelevant
            gap *= transfer_factor[n_attended]
            np.multiply.at(flat_gap, fa * R + ra, own_factor)
            if policy.keep_new_formats:
                np.add.at(done_by_format.reshape(-1), fa * R + ra, 1)

        # --- processes move on -------------------------------------------------------
        left = flat_left[ev] - passed
        flat_left[ev] = left
        flat_started[ev[attend]] = True
        offer = passed & (left == 0)
        good = np.zeros_like(offer)
        oi = np.flatnonzero(offer)
        if oi.size:
            # a new process's true fit is worked out only if it reaches an offer (few do)
            fit_o = flat_fit[ev[oi]]
            lazy = np.isnan(fit_o)
            if lazy.any():
                slots = ev[oi[lazy]]
                fit_o[lazy] = fit_from_percentile(
                    p, flat_post[slots], ndtri(keyed_uniform(fit_stream, flat_key[slots])))
            good[oi] = fit_o + p.bargaining_uplift * others[er[oi]] > p.fit_threshold
        end = (attend & ~passed) | cancel
        flat_state[ev[end]] = 0
        flat_state[ev[offer]] = 2
        n_proc -= tally(er[end | offer])
        n_offer += tally(er[offer])
        if offer.any():
            closing.setdefault(t + p.offer_open_weeks, []).append(ev[offer])
        for done in closing.pop(t, []):
            flat_state[done] = 0
            n_offer -= tally(done // S)
        if focal is not None:
            on0 = (ev - er * S == 0) & focal_alive[er]
            focal_offer[er[on0 & offer]] = True
            focal_acceptable[er[on0 & good]] = True
            focal_alive[er[on0 & (offer | end)]] = False

        # --- reputation ------------------------------------------------------------------
        n_cancel = tally(er[cancel])
        if focal_week:
            c0 = np.zeros(R, bool)
            c0[er[cancel & on_focal]] = True
            n_pol = n_cancel - c0
            sev_total = n_pol * policy_sev + c0 * focal_sev
            keep = (1 - hit * policy_sev) ** n_pol * np.where(c0, 1 - hit * focal_sev, 1.0)
        elif n_cancel.any():
            sev_total = n_cancel * policy_sev
            keep = (1 - hit * policy_sev) ** n_cancel
        else:
            sev_total, keep = 0.0, 1.0
        if damaged or n_cancel.any():  # nothing to update while nobody has cancelled
            damaged = True
            damage = (1 - (1 - damage) * keep) * decay
            burned = (burned + sev_total * p.same_company_penalty / p.industry_size) * decay
            reputation = (1 - damage) * (1 - np.minimum(burned, 1.0))

        counts["interviews_attended"] += n_attended
        counts["interviews_cancelled"] += n_cancel
        counts["offers"] += tally(er[offer])
        counts["acceptable_offers"] += tally(er[good])

        # --- new invitations (fewer applications after a week of interviews) -----------
        # Application j counts in full while j + 1 <= applications, in part for the
        # fraction beyond; given an invitation, u / chance is the posting's percentile.
        chance = app_weight[np.minimum(n_attended, max_per_week)]
        chance *= invite_chance(p, reputation).astype(np.float32)[:, None] if damaged \
            else np.float32(p.invite_rate)
        hits = np.flatnonzero(u_app < chance)  # sorted by run, then application
        if hits.size:
            ir, ic = np.divmod(hits, n_app)
            order = np.arange(hits.size) - np.searchsorted(ir, ir)  # rank within its run
            slot = np.full(hits.size, -1)
            for j in range(int(order.max()) + 1):  # almost always one pass: one invitation
                pick = np.flatnonzero(order == j)
                rows = ir[pick]
                free = state[rows] == 0
                first_free = free.argmax(axis=1)
                ok = free[np.arange(rows.size), first_free]
                slot[pick[ok]] = rows[ok] * S + first_free[ok]
                state[rows[ok], first_free[ok]] = 1  # taken, so the next pass skips it
            fits = slot >= 0
            dropped += tally(ir[~fits])
            slot, a_row, a_col, a_hit = slot[fits], ir[fits], ic[fits], hits[fits]
            u = u_app[a_row, a_col].astype(np.float64) / chance[a_row, a_col]
            flat_started[slot] = False
            flat_left[slot] = p.rounds
            flat_interest[slot] = interest_from_percentile(u)
            flat_fit[slot] = np.nan  # drawn from post and key if the process ends in an offer
            flat_post[slot] = u
            flat_key[slot] = a_hit + t * R * n_app
            placed = tally(a_row)
            n_proc += placed
            counts["invitations"] += placed

        record(t)

    skills = np.subtract(1, gaps, out=gaps)
    rec["practice"] = skills.mean(axis=0)
    for i, f in enumerate(FORMATS):
        rec[f"skill_{f}"] = skills[i]
    out = {k: rec[k].T for k in RECORDED}  # (runs, weeks + 1) views
    out["dropped"] = dropped
    if focal is not None:
        out["focal_offer"] = focal_offer
        out["focal_acceptable"] = focal_acceptable
    return out
