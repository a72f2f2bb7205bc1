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

How the steps are written (they run ~60 times per simulation on arrays of a few thousand
entries, so the number of numpy calls and the way they select matter more than any one
formula): selections are made with index arrays (``nonzero`` once, then indexing) or
``compress``, never by indexing with a boolean mask, which numpy does several times
more slowly when the mask is irregular; a selection is gathered once and passed along
(slots with their runs and keys) rather than gathered again from the state; and what
competition does is read from small tables by number of rivals
(:func:`~guide.model.rules.rival_tables`). None of this changes a single result: every
float is made by the same operations in the same order as the formulas in ``rules``.
"""

from __future__ import annotations

import numpy as np
from scipy.special import ndtri

from .._checks import MAX_WEEKS
from .._vocabulary import FORMATS
from .draws import (
    FIRST_ROUND_MIX,
    LATER_ROUND_MIX,
    draw_streams,
    invitation_key,
    pick_format,
)
from .params import Params
from .rules import (
    count_below,
    fit_from_percentile,
    interest_from_percentile,
    invite_chance,
    pass_chance,
    word_share,
)
from .slots import best_offer_per_run, place, track
from .state import FREE, IN_PROCESS, OFFER, SCHEDULED, Rules, State


def learn(state: State, params: Params, rows: np.ndarray, fmt: np.ndarray) -> None:
    """Attended interviews close part of the skill gap: in every format, more in their own."""
    if rows.size == 0:
        return
    # one interview multiplies the gap by (1 - rate * transfer) in every format and by
    # (1 - rate) in its own: one ufunc.at call over every (format, run) it touches, in
    # the order given, so a run's several interviews of a week compound one by one
    F, R = len(FORMATS), state.runs
    cells = (np.arange(0, F * R, R)[:, None] + rows).ravel()
    factor = np.where(np.arange(F)[:, None] == fmt, 1 - params.learning_rate,
                      1 - params.learning_rate * params.transfer)
    np.multiply.at(state.gap.reshape(-1), cells, factor.ravel())
    np.add.at(state.done_by_format.reshape(-1), fmt * R + rows, 1)


def attend(state: State, rules: Rules, rows: np.ndarray, fmt: np.ndarray,
           u_pass: np.ndarray, focal: np.ndarray | None = None) -> np.ndarray:
    """Attend interviews of runs ``rows``: pay their hours, learn, and return which passed.

    An interview's hours come out of later search time; the focal interview's hours
    (``focal`` marks it) are the decision's own cost instead, counted once there.
    """
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


def true_fit(state: State, rules: Rules, slots: np.ndarray, key: np.ndarray) -> np.ndarray:
    """The job's fit, worked out from its posting and its own draw when first needed.

    At a first interview every fit is still unknown, at a decision every one is known:
    the partial case (a process given in a start) is the rare one.
    """
    fit = state.fit[slots]
    unknown = np.isnan(fit)
    if unknown.all():
        fit = fit_from_percentile(rules.params, state.post[slots],
                                  ndtri(rules.draws.at("fit", key)))
        state.fit[slots] = fit
    elif unknown.any():
        i = unknown.nonzero()[0]
        s = slots[i]
        fit[i] = fit_from_percentile(rules.params, state.post[s],
                                     ndtri(rules.draws.at("fit", key[i])))
        state.fit[s] = fit[i]
    return fit


def cancel_rule(state: State, rules: Rules, slots: np.ndarray, fmt: np.ndarray,
                live: np.ndarray, rows: np.ndarray) -> np.ndarray:
    """Which first interviews the policy cancels (before meeting the company).

    A rule about new formats looks at the formats done before this week.
    """
    pol = rules.policy
    if pol.cancel_below <= 1:  # interest is never below 1: nothing to work out
        return np.zeros(slots.size, bool)
    cancel = interest_from_percentile(state.post[slots]) < pol.cancel_below
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
    held, rows, key = slots, state.rows(slots), state.key[slots]
    u_fmt, u_pass = draw_streams(rules.draws, ("fmt", "passed"), key)
    fmt = pick_format(u_fmt, FIRST_ROUND_MIX)
    cancel = cancel_rule(state, rules, slots, fmt, live, rows)
    focal = None
    if rules.focal is not None and t == rules.lead + 1:
        focal = key == state.ident[rows]  # the focal interview's key is its future's
        fmt[focal] = FORMATS.index(rules.focal.format)
        cancel[focal] = ~state.focal_attend[rows[focal]]
        record_cancellations(state, rules, rows[cancel & ~focal], rows[cancel & focal])
    elif cancel.any():
        record_cancellations(state, rules, rows.compress(cancel), rows[:0])
    if cancel.any():
        went = (~cancel).nonzero()[0]
        slots, rows, key, fmt, u_pass = (a[went] for a in (slots, rows, key, fmt, u_pass))
        focal = None if focal is None else focal[went]
    state.add("first_interviews", rows)
    passed = attend(state, rules, rows, fmt, u_pass, focal).nonzero()[0]
    ahead, rows, key = slots[passed], rows[passed], key[passed]
    value = true_fit(state, rules, ahead, key) + rules.uplift[state.rivals[rows]]
    stay = value > rules.bar(t)
    state.add("withdrawals", rows.compress(~stay))
    state.status[held] = FREE
    kept = ahead.compress(stay)
    state.status[kept] = IN_PROCESS
    state.steps_left[kept] = rules.params.rounds
    state.step_no[kept] = 1


def make_offers(state: State, rules: Rules, t: int, slots: np.ndarray, rows: np.ndarray,
                key: np.ndarray) -> None:
    """Processes that reach their decision after passing every round become offers.

    ``slots`` hold them, in runs ``rows``, with keys ``key``.
    """
    if slots.size == 0:
        return
    terms = rules.params.offer_terms_noise * ndtri(rules.draws.at("terms", key))
    value = true_fit(state, rules, slots, key) + rules.uplift[state.rivals[rows]] + terms
    good = value > rules.bar(t)
    state.status[slots] = OFFER
    state.value[slots] = value
    state.deadline[slots] = t + rules.params.offer_open_weeks
    state.new_offers.append(slots)
    state.add("offers", rows)
    state.add("acceptable_offers", rows.compress(good))
    if state.tracking:
        track(state, "offer", rows, key)
        track(state, "acceptable", rows, key, good)


def hold_later_rounds(state: State, rules: Rules, t: int, slots: np.ndarray) -> None:
    """Step 2: processes in progress take this week's steps: later rounds, then the decision.

    Step ``j`` of the week is taken by the processes with more than ``j`` steps this week
    that are still going: the decisions first, then the rounds, in slot order.
    """
    if slots.size == 0:
        return
    rows, key = state.rows(slots), state.key[slots]
    riv = state.rivals[rows]
    u = rules.draws.at("pace", key, t, width=MAX_WEEKS + 1)
    left = state.steps_left[slots]
    steps = np.minimum(count_below(u, [c[riv] for c in rules.pace_cdf]), left)
    go = steps.nonzero()[0]
    slots, rows, key, left, steps = slots[go], rows[go], key[go], left[go], steps[go]
    sub = state.step_no[slots]
    j = 0
    while slots.size:
        decide = left == 1
        if decide.any():
            d, r = decide.nonzero()[0], (~decide).nonzero()[0]
            make_offers(state, rules, t, slots[d], rows[d], key[d])
            slots, rows, key, left, steps, sub = (
                a[r] for a in (slots, rows, key, left, steps, sub))
            if slots.size == 0:
                break
        u_fmt, u_pass = draw_streams(rules.draws, ("fmt", "passed"), key, sub)
        passed = attend(state, rules, rows, pick_format(u_fmt, LATER_ROUND_MIX), u_pass)
        left, sub = left - 1, sub + 1
        state.steps_left[slots], state.step_no[slots] = left, sub
        state.status[slots.compress(~passed)] = FREE
        j += 1
        on = (passed & (steps > j)).nonzero()[0]
        slots, rows, key, left, steps, sub = (a[on] for a in (slots, rows, key, left, steps, sub))


def answer_offers(state: State, rules: Rules, t: int, held: np.ndarray) -> None:
    """Step 3: decline offers below the bar; at the earliest deadline take the best one.

    ``held`` are the offers open at the start of the week; this week's new ones are in
    ``state.new_offers``. A run is due when any of its acceptable offers is due; it then
    takes the best of them all and declines the rest.
    """
    slots = np.concatenate([held, *state.new_offers])
    state.new_offers.clear()
    if slots.size == 0:
        return
    rows, value = state.rows(slots), state.value[slots]
    good = value > rules.bar(t)
    if not good.all():
        low = (~good).nonzero()[0]
        state.status[slots[low]] = FREE
        state.add("offers_declined", rows[low])
        ok = good.nonzero()[0]
        slots, rows, value = slots[ok], rows[ok], value[ok]
    due = np.zeros(state.runs, bool)
    due[rows.compress(state.deadline[slots] <= t)] = True
    pick = due[rows].nonzero()[0]
    if pick.size == 0:
        return
    taken, rows, offers = best_offer_per_run(slots[pick], rows[pick], value[pick])
    state.employed[rows] = True
    state.job_value[rows] = state.value[taken]
    state.add("offers_declined", rows, offers - 1)  # every offer but the one taken
    state.status.reshape(state.runs, state.slots)[rows] = FREE  # the search ends here
    if state.tracking:
        track(state, "job", rows, state.key[taken])


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


def send_applications(state: State, rules: Rules, t: int) -> None:
    """Step 5: applications bring invitations; each meets its first interview next week.

    Only runs still searching apply. Application j counts in full while j + 1 <=
    applications, in part for the fraction beyond; given an invitation, u / chance is the
    posting's percentile, where u is the application's own keyed draw.
    """
    searching = (~state.employed).nonzero()[0]
    n_app = rules.n_app
    sent = applications_sent(state, rules.params, searching)
    most = invite_chance(rules.params, state.reputation[searching])
    ident = state.ident[searching]
    week_keys = invitation_key(0, t, np.arange(n_app), state.futures, rules.width)
    u_app = rules.draws.at_grid("post", ident, week_keys)  # keys: ident + week_keys
    # an application's chance is ``most`` times the share of it sent (0-1): only draws
    # below ``most`` can bring an invitation, so the share is worked out for those alone
    near = (u_app < most[:, None]).reshape(-1).nonzero()[0]  # sorted by run, then application
    hit_row, col = np.divmod(near, n_app)
    chance = np.clip(sent[hit_row] - col, 0, 1) * most[hit_row]
    u = u_app.reshape(-1)[near]
    hit = (u < chance).nonzero()[0]
    if hit.size == 0:
        return
    hit_row, col, chance, u = hit_row[hit], col[hit], chance[hit], u[hit]
    rows = searching[hit_row]
    slot = place(state, rows)
    if slot.size and slot.min() < 0:
        fits = (slot >= 0).nonzero()[0]
        state.dropped += state.tally(rows.compress(slot < 0), rows=True)
        slot, hit_row, col, chance, u, rows = (
            a[fits] for a in (slot, hit_row, col, chance, u, rows))
    state.post[slot] = u / chance
    state.key[slot] = ident[hit_row] + week_keys[col]
    state.fit[slot] = np.nan
    state.step_no[slot] = 0
    state.add("invitations", rows)


# --- the week ---------------------------------------------------------------------------

def run_week(state: State, rules: Rules, t: int) -> None:
    """Apply one week's steps, in order (``survey`` must describe the state)."""
    busy, live, status = state.busy, state.live, state.busy_status
    state.rivals = np.maximum(live - 1, 0)
    hold_first_interviews(state, rules, t, busy.compress(status == SCHEDULED), live)
    hold_later_rounds(state, rules, t, busy.compress(status == IN_PROCESS))
    answer_offers(state, rules, t, busy.compress(status == OFFER))
    update_reputation(state, rules)
    send_applications(state, rules, t)
