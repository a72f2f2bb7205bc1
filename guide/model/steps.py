"""The five weekly steps, each a short function of the :class:`State`.

A run holds a fixed number of *slots*; a slot is free or holds one process: an invitation
whose first interview is this week (``SCHEDULED``), a process between rounds
(``IN_PROCESS``) or an open offer (``OFFER``). :func:`run_week` applies, in this order:

1. :func:`hold_first_interviews`: every invitation from last week meets its first
   interview. The policy may cancel it (costing reputation by notice and reason);
   otherwise the candidate attends, pays its hours, learns and passes with a chance that
   rises with skill. Having met the company, the candidate knows the job's true fit and
   withdraws, at no cost, from a job below the bar (:mod:`guide.model.acceptance`).
2. :func:`hold_later_rounds`: every process in progress takes a Poisson number of steps
   (later rounds, then the decision) at a pace that rises with the other live processes
   and offers. Passing every round brings an offer: the job's fit, plus competition's
   uplift, plus the offer's own terms.
3. :func:`answer_offers`: offers below the bar are declined; at the earliest deadline the
   best acceptable offer is taken. Taking a job ends the search.
4. :func:`update_reputation`: this week's cancellations spread by word of mouth; old
   damage fades with a half-life.
5. :func:`send_applications`: the week's search hours, less any interview hours still
   owed, become applications; each brings an invitation with a chance cut by any damage.

Every random draw is keyed by what it belongs to (an invitation and its step, or an
application and its week), not by the slot that holds it, so two branches of a decision
share every draw the decision does not change (common random numbers).
"""

from __future__ import annotations

import numpy as np
from scipy.special import ndtri

from .._checks import MAX_WEEKS
from .._vocabulary import FORMATS
from .draws import FIRST_ROUND_MIX, LATER_ROUND_MIX, invitation_key, pick_format
from .params import Params
from .rules import (
    fit_from_percentile,
    interest_from_percentile,
    invite_chance,
    offer_value,
    pass_chance,
    poisson_steps,
    step_rate,
    word_share,
)
from .state import FREE, IN_PROCESS, OFFER, SCHEDULED, Rules, State


def is_focal(state: State, slots: np.ndarray) -> np.ndarray:
    """Which slots hold the focal interview (its key is its future's: week 0, place 0)."""
    return state.key[slots] == state.ident[state.rows(slots)]


def week0_place(state: State, slots: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """For each slot, its place in week 0 and whether it holds a process tracked from then.

    Week-0 keys are ``place * futures + ident`` (below every later week's keys), so the
    place of a tracked process is its key divided by ``futures``.
    """
    key = state.key[slots]
    futures = np.uint64(state.futures)
    on = key < np.uint64(state.places) * futures
    return np.where(on, key // futures, 0).astype(np.intp), on


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
           u_pass: np.ndarray, focal: np.ndarray | None = None) -> np.ndarray:
    """Attend interviews: pay their hours, learn, and return which were passed.

    An interview's hours come out of later search time; the focal interview's hours
    (``focal`` marks it) are the decision's own cost instead, counted once there.
    """
    rows = state.rows(slots)
    p_pass = pass_chance(rules.params, 1 - state.gap[fmt, rows], rules.pass_line)
    hours = rules.hours[fmt]
    if focal is not None and focal.any():
        hours = np.where(focal, rules.focal.hours, hours)
        np.add.at(state.debt, rows[~focal], hours[~focal])
    else:
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
    if rules.focal is not None and t == rules.lead + 1:
        on_focal = is_focal(state, slots)
        fmt[on_focal] = FORMATS.index(rules.focal.format)
        cancel[on_focal] = ~state.focal_attend[state.rows(slots[on_focal])]
    record_cancellations(state, rules, state.rows(slots[cancel & ~on_focal]),
                         state.rows(slots[cancel & on_focal]))
    went = ~cancel
    passed = np.zeros(slots.size, bool)
    state.add("first_interviews", state.rows(slots[went]))
    passed[went] = attend(state, rules, slots[went], fmt[went],
                          rules.draws.at("passed", key[went]), on_focal[went])
    ahead = slots[passed]
    value = offer_value(rules.params, true_fit(state, rules, ahead),
                        state.rivals[state.rows(ahead)])
    stay = rules.acceptable(value, t)
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
    terms = rules.params.offer_terms_noise * ndtri(rules.draws.at("terms", state.key[slots]))
    value = offer_value(rules.params, true_fit(state, rules, slots), state.rivals[rows]) + terms
    good = rules.acceptable(value, t)
    state.status[slots] = OFFER
    state.value[slots] = value
    state.deadline[slots] = t + rules.params.offer_open_weeks
    state.new_offers.append(slots)
    state.add("offers", rows)
    state.add("acceptable_offers", rows[good])
    if state.tracked is not None:
        place, on = week0_place(state, slots)
        state.tracked["offer"][rows[on], place[on]] = True
        on &= good
        state.tracked["acceptable"][rows[on], place[on]] = True


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
    low = ~rules.acceptable(state.value[slots], t)
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
    if state.tracked is not None:
        place, on = week0_place(state, taken)
        state.tracked["job"][rows[on], place[on]] = True


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
        sub = grid[rows[pick]]
        first = sub.argmin(axis=1)  # FREE is the lowest status: the first free slot
        ok = sub[np.arange(pick.size), first] == FREE
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
    n_app = rules.n_app
    sent = applications_sent(state, rules.params, searching)
    most = invite_chance(rules.params, state.reputation[searching])
    ident = state.ident[searching]
    week_keys = invitation_key(0, t, np.arange(n_app), state.futures, rules.width)
    u_app = rules.draws.at_grid("post", ident, week_keys)  # keys: ident + week_keys
    # an application's chance is ``most`` times the share of it sent (0-1): only draws
    # below ``most`` can bring an invitation, so the share is worked out for those alone
    near = np.flatnonzero(u_app < most[:, None])  # sorted by run, then application
    hit_row, col = near // n_app, near % n_app
    chance = np.clip(sent[hit_row] - col, 0, 1) * most[hit_row]
    hit = u_app.ravel()[near] < chance
    hit_row, col, chance = hit_row[hit], col[hit], chance[hit]
    if hit_row.size == 0:
        return
    rows = searching[hit_row]
    slot = place(state, rows)
    fits = slot >= 0
    state.dropped += state.tally(rows[~fits], rows=True)
    slot, hit_row, col = slot[fits], hit_row[fits], col[fits]
    state.post[slot] = u_app[hit_row, col] / chance[fits]
    state.key[slot] = ident[hit_row] + week_keys[col]
    state.fit[slot] = np.nan
    state.step_no[slot] = 0
    state.add("invitations", rows[fits])


# --- the week ---------------------------------------------------------------------------

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
