"""The choice, the cost rule, the value scale and the reservation value, each checked
against expectations written by hand (never taken from the function under test)."""

import dataclasses
import math

import numpy as np
import pandas as pd
import pytest
from numpy.testing import assert_allclose
from scipy import integrate, stats

import guide
from guide import panels
from guide.model import acceptance, value
from guide.model.comparison import Z99, futures_counts, mean_difference


def summary(net_low, net_high, net=None):
    """A hand-written summary: only the net value's row decides."""
    net = (net_low + net_high) / 2 if net is None else net
    rows = [{"metric": "net_value", "difference": net, "low": net_low, "high": net_high},
            {"metric": "p_job", "difference": 0.5, "low": 0.4, "high": 0.6}]
    return pd.DataFrame(rows)


@pytest.mark.parametrize(("low", "high", "choice"), [
    (0.1, 9.0, "attend"),
    (-9.0, -0.1, "cancel"),
    (-3.0, -3.0, "cancel"),     # a sure cost and nothing bought
    (-0.1, 5.0, "too_close"),
    (-5.0, 0.1, "too_close"),
    (0.0, 0.0, "too_close"),    # nothing bought, nothing paid
    (0.0, 4.0, "too_close"),    # the interval must be clear of zero
])
def test_choose_reads_the_net_value_interval(low, high, choice):
    assert guide.choose(summary(low, high))[0] == choice


def test_choose_ignores_a_big_change_in_chance_when_the_net_value_is_unsure():
    s = summary(-1.0, 1.0)
    s.loc[1, ["difference", "low", "high"]] = [0.3, 0.2, 0.4]
    assert guide.choose(s)[0] == "too_close"


@pytest.mark.parametrize(("hours", "paid", "time_value", "pay_ratio", "expected"), [
    (3, 0, 0.5, 1.0, 1.5),
    (8, 4, 0.5, 1.0, 6.0),
    (8, 8, 0.5, 0.6, 4.8),
    (0, 0, 0.5, 1.0, 0.0),
    (10, 0, 0.0, 1.0, 0.0),
])
def test_cost_in_hours_of_pay(hours, paid, time_value, pay_ratio, expected):
    p = guide.Params(time_value=time_value, pay_ratio=pay_ratio)
    assert value.hours_cost(p, hours, paid) == pytest.approx(expected)


def test_break_even_hours():
    p = guide.Params(time_value=0.5)
    assert value.break_even_hours(p, 30.0, 3.0, 0.0) == pytest.approx(60.0)
    assert value.break_even_hours(p, -2.0, 3.0, 0.0) == 0.0
    assert math.isinf(value.break_even_hours(p.replace(time_value=0), 5.0, 0.0, 0.0))


def test_weeks_in_work_and_quality_worth_by_hand():
    employed = np.array([[0, 0, 1, 1, 1], [0, 0, 0, 0, 0], [0, 1, 1, 1, 1]])
    assert value.weeks_in_work(employed).tolist() == [3, 0, 4]
    p = guide.Params(quality_weeks=10)
    worth = value.quality_worth(p, np.array([0.5, np.nan, -0.5]), 0.2)
    assert_allclose(worth, [3.0, 0.0, -7.0])
    assert value.average_job(np.array([1.0, np.nan]), np.array([0.0])) == pytest.approx(0.5)


def test_paired_difference_compares_only_futures_with_a_job_in_both():
    a = np.array([1.0, 2.0, np.nan, 4.0])
    c = np.array([0.5, np.nan, 3.0, 3.0])
    mean_a, mean_c, diff, half = mean_difference(a, c)
    assert (mean_a, mean_c, diff) == pytest.approx((2.5, 1.75, 0.75))
    assert half == pytest.approx(Z99 * np.std([0.5, 1.0], ddof=1) / math.sqrt(2))


def test_zero_gain_interview_that_costs_hours_is_cancel():
    """An offer you would take is due this week: the interview cannot change anything."""
    start = guide.Start(offers=((5, 1),))
    for hours in (1, 16):
        r = guide.decide(guide.Params(), guide.Interview(format="hands_on", hours=hours),
                         runs=500, seed=3, start=start, drivers=False)
        assert r.difference("gain_value") == 0
        assert r.difference("net_value") == pytest.approx(-hours * 0.5)
        assert r.choice == "cancel"
        assert "no time at all" in r.verdict()


def test_the_decision_reports_the_job_quality_over_paired_futures():
    r = guide.decide(guide.Params(), guide.Interview(interest=4), runs=2000, seed=1,
                     drivers=False)
    a = r.branches["attend"]["job_value"][:, -1]
    c = r.branches["cancel"]["job_value"][:, -1]
    both = ~np.isnan(a) & ~np.isnan(c)
    assert r.difference("job_value") == pytest.approx(np.mean(a[both] - c[both]))
    assert r.both == pytest.approx(both.mean())
    assert r.only_attend == pytest.approx((~np.isnan(a) & np.isnan(c)).mean())
    assert r.only_attend - r.only_cancel == pytest.approx(r.difference("p_job"))


# --- the reservation value (McCall's equation, finite horizon) ---------------------------

def test_bar_rises_when_offers_come_faster():
    slow = acceptance.reservation_values(guide.Params(applications_per_week=4), 26)
    fast = acceptance.reservation_values(guide.Params(applications_per_week=15,
                                                      invite_rate=0.25), 26)
    assert (fast >= slow).all() and fast[26] > slow[26] + 0.3


def test_bar_falls_as_the_horizon_nears():
    bars = acceptance.reservation_values(guide.Params(applications_per_week=15,
                                                      invite_rate=0.25), 26)
    assert (np.diff(bars[1:]) >= 0).all()  # more weeks left, a higher bar
    assert bars[1] == guide.Params().fit_threshold  # the last week: the floor
    assert bars[26] > bars[3]


def test_bar_two_weeks_from_the_end_by_numerical_integration():
    """S[1] = a E[(1 + q (X - f))+; X >= f]; bar[2] = f + (S[1] - 2) / q, by quadrature."""
    p = guide.Params(applications_per_week=20, invite_rate=0.3, quality_weeks=40)
    a, (mean, sd) = acceptance.offer_arrival(p), acceptance.offer_spread(p)
    f, q = p.fit_threshold, p.quality_weeks
    density = stats.norm(mean, sd).pdf
    s1 = a * integrate.quad(lambda x: (1 + q * (x - f)) * density(x), f, np.inf)[0]
    bars = acceptance.reservation_values(p, 2)
    assert bars[2] == pytest.approx(max(f, f + (s1 - 2) / q), abs=1e-9)


def test_a_better_job_worth_nothing_keeps_the_floor():
    p = guide.Params(quality_weeks=0, applications_per_week=15)
    assert (acceptance.reservation_values(p, 10) == p.fit_threshold).all()


# --- each parameter's documented direction of effect ------------------------------------

DIRECTIONS = [  # (parameter, low, high, outcome at week 13 that must rise)
    ("applications_per_week", 2, 8, "employed"),
    ("invite_rate", 0.06, 0.2, "employed"),
    ("offer_rate", 0.15, 0.35, "employed"),
    ("process_weeks", 6, 2, "employed"),
    ("learning_rate", 0.02, 0.3, "practice"),
    ("fit_threshold", 0.5, -1.0, "employed"),
    ("bargaining_uplift", 0.0, 0.3, "job_value"),
    ("hours_per_application", 0.5, 3, "invitations"),  # interviews displace fewer
]


@pytest.mark.parametrize(("name", "low", "high", "outcome"), DIRECTIONS,
                         ids=[d[0] for d in DIRECTIONS])
def test_each_parameter_moves_the_search_the_way_its_help_says(name, low, high, outcome):
    def mean_at_13(v):
        df = guide.simulate(guide.Params(**{name: v}), runs=3000, weeks=13, seed=11)
        return df.loc[df["week"] == 13, outcome].mean()

    assert mean_at_13(high) > mean_at_13(low)


@pytest.mark.parametrize(("name", "low", "high"), [
    ("time_value", 0.2, 1.0), ("quality_weeks", 4, 52), ("weekly_hours", 45, 20)])
def test_valuation_parameters_move_the_net_value_the_way_their_help_says(name, low, high):
    interview = guide.Interview(interest=5, format="video")
    nets = [guide.decide(guide.Params(**{name: v}), interview, runs=1500, seed=2,
                         drivers=False).difference("net_value") for v in (low, high)]
    if name == "quality_weeks":  # a better job matters more: attending is worth more
        assert nets[1] != nets[0]
    else:
        assert nets[1] < nets[0]


# --- the verdict holds still ------------------------------------------------------------

STABILITY = {
    "defaults": (guide.Interview(), None),
    "interest-1 group panel, 12 hours": (guide.Interview(interest=1, hours=12), None),
    "interest-1 hands-on task, 8 hours": (
        guide.Interview(interest=1, format="hands_on", hours=8), None),
    "an offer due this week": (guide.Interview(format="phone", hours=1),
                               guide.Start(offers=((5, 1),))),
}


@pytest.mark.slow
@pytest.mark.parametrize("case", STABILITY)
def test_the_verdict_holds_for_19_of_20_seeds_at_the_panels_run_count(case):
    interview, start = STABILITY[case]
    runs = panels.DecisionPanel.runs
    assert panels.AppDecisionPanel.runs == runs
    choices = [guide.decide(guide.Params(), interview, runs=runs, seed=seed, start=start,
                            drivers=False).choice for seed in range(20)]
    most = max(set(choices), key=choices.count)
    assert choices.count(most) >= 19, choices


@pytest.mark.slow
def test_calibration_figures_are_in_their_published_ranges():
    from guide import calibration

    figures = calibration.measure(runs=12_000)
    assert [f.name for f in figures if not f.ok] == []
    assert calibration.FOUR_WEEK_RATE == pytest.approx(0.264, abs=5e-4)
    assert calibration.THIRTEEN_WEEK_SHARE == pytest.approx(0.631, abs=5e-4)


# --- smaller rules, each pinned by a hand-written expectation -------------------------

def branch(employed, job_value, **counts):
    """Hand-built arrays of one branch: rows are futures, columns weeks 0..n."""
    employed = np.asarray(employed, float)
    n = employed.shape
    arrays = {k: np.zeros(n) for k in ("offers", "acceptable_offers", "interviews_attended",
                                       "interview_hours", "practice", "reputation")}
    arrays.update({k: np.asarray(v, float) for k, v in counts.items()})
    arrays["employed"] = employed
    arrays["job_value"] = np.asarray(job_value, float)
    return arrays


def test_difference_table_on_hand_built_futures():
    """Two futures, three weeks: attending brings a job in week 1 to the first future."""
    from guide.model.comparison import difference_table

    p = guide.Params(weekly_hours=40, quality_weeks=10)
    nan = np.nan
    attend = branch([[0, 1, 1, 1], [0, 0, 1, 1]], [[nan, 1.0, 1.0, 1.0], [nan] * 2 + [0.0] * 2])
    cancel = branch([[0, 0, 0, 0], [0, 0, 1, 1]], [[nan] * 4, [nan] * 2 + [0.8] * 2])
    t = difference_table(p, attend, cancel, cost=3.0).set_index("metric")
    # average job over both branches at the horizon: (1.0 + 0.0 + 0.8) / 3 = 0.6
    # attend: future 0 works 3 weeks, job 0.4 above average; future 1 works 2, 0.6 below
    # cancel: future 0 has no job; future 1 works 2 weeks, 0.2 above average
    worth_a = [40 * (3 + 10 * 0.4), 40 * (2 - 10 * 0.6)]
    worth_c = [0.0, 40 * (2 + 10 * 0.2)]
    assert t.loc["gain_value", "attend"] == pytest.approx(np.mean(worth_a))
    assert t.loc["gain_value", "cancel"] == pytest.approx(np.mean(worth_c))
    assert t.loc["net_value", "difference"] == pytest.approx(
        np.mean(np.subtract(worth_a, worth_c)) - 3.0)
    assert t.loc["p_job", "difference"] == pytest.approx(0.5)
    assert t.loc["weeks_in_work", "difference"] == pytest.approx(1.5)
    assert t.loc["job_value", "difference"] == pytest.approx(-0.8)  # the one paired future
    assert t.loc["weeks_to_job", "attend"] == pytest.approx((1 + 2) / 2)
    assert t.loc["weeks_to_job", "cancel"] == pytest.approx((3 + 2) / 2)  # horizon if none
    assert np.isnan(t.loc["job_value", "low"])  # one pair: nothing to be sure of
    assert not t.loc["job_value", "matters"]


@pytest.mark.parametrize(("low", "high", "diff", "matters"), [
    (0.1, 0.3, 0.2, True), (-0.3, -0.1, -0.2, True), (-0.1, 0.3, 0.1, False),
    (0.01, 0.05, 0.03, False)])
def test_a_job_quality_difference_matters_when_sure_and_large(low, high, diff, matters):
    from guide.model import comparison

    rng = np.random.default_rng(0)
    half = (high - low) / 2
    # paired differences with the wanted mean and a 99% half-width of `half`
    d = rng.standard_normal(400)
    d = (d - d.mean()) / d.std(ddof=1) * half * math.sqrt(400) / Z99 + diff
    c = rng.standard_normal(400)
    arrays = [branch(np.ones((400, 2)), np.column_stack([v, v])) for v in (c + d, c)]
    t = comparison.difference_table(guide.Params(), *arrays, cost=0.0).set_index("metric")
    assert t.loc["job_value", "low"] == pytest.approx(low)
    assert bool(t.loc["job_value", "matters"]) is matters


def test_curves_give_the_mean_path_and_a_symmetric_band():
    r = guide.decide(guide.Params(), guide.Interview(), runs=300, weeks=6, seed=2,
                     drivers=False)
    c = r.curves(("employed",)).query("policy == 'attend'")
    employed = r.branches["attend"]["employed"].astype(float)
    assert_allclose(c["mean"], employed.mean(axis=0))
    assert_allclose(c["median"], np.median(employed, axis=0))
    se = employed.std(axis=0, ddof=1) / math.sqrt(300)
    assert_allclose(c["high"] - c["mean"], 1.6448536269514722 * se)
    assert_allclose(c["mean"] - c["low"], 1.6448536269514722 * se)


def test_drivers_are_listed_largest_first():
    r = guide.decide(guide.Params(industry_size=30), guide.Interview(notice="no_show"),
                     runs=300, seed=4)
    sizes = r.drivers["gain_value"].abs().to_numpy()
    assert (np.diff(sizes) <= 0).all()


def test_interview_defaults_and_the_decision_run_count():
    import inspect

    i = guide.Interview()
    assert (i.interest, i.format, i.notice, i.reason, i.hours, i.paid_hours) == (
        2, "panel", "day_or_more", "vague", None, 0.0)
    assert i.hours_for(guide.Params(hours_panel=4.5)) == 4.5
    default = inspect.signature(guide.decide).parameters["runs"].default
    assert default == panels.DecisionPanel.runs == 4000


@pytest.mark.parametrize(("kwargs", "field"), [
    ({"hours": -1}, "hours"), ({"hours": 81}, "hours"), ({"hours": "3"}, "hours"),
    ({"hours": 2, "paid_hours": 3}, "paid_hours"), ({"paid_hours": float("nan")}, "paid_hours"),
    ({"interest": 6}, "interest")])
def test_interview_refuses_bad_hours_naming_the_field(kwargs, field):
    with pytest.raises(ValueError, match=rf"^{field}="):
        guide.Interview(**kwargs)


@pytest.mark.parametrize(("max_live", "ok"), [(0, True), (20, True), (21, False),
                                              (-1, False), (True, False), (2.0, False)])
def test_policy_max_live_range(max_live, ok):
    if ok:
        guide.Policy(name="x", max_live=max_live)
    else:
        with pytest.raises(ValueError, match="max_live"):
            guide.Policy(name="x", max_live=max_live)


def test_the_bar_is_read_by_weeks_left_and_clipped_to_the_horizon():
    p = guide.Params(applications_per_week=15, invite_rate=0.25)
    bars = acceptance.reservation_values(p, 10)
    assert bars[1] < bars[2] < bars[10]
    assert_allclose(acceptance.bar_at(p, np.array([1, 2, 10, 0, 99]), 10),
                    [bars[1], bars[2], bars[10], bars[1], bars[10]])
    assert acceptance.acceptable(p, bars[5] + 1e-9, 5, 10)
    assert not acceptance.acceptable(p, bars[5], 5, 10)


def test_drivers_table_shows_the_chance_of_a_job_in_points():
    r = guide.decide(guide.Params(), guide.Interview(), runs=200, seed=1)
    t = r.drivers_table()
    assert_allclose(t["chance of a job (points)"].to_numpy(), 100 * r.drivers["p_job"])


@pytest.mark.parametrize(("level", "ok"), [(1, True), (6, True), (7, False), (0, False)])
def test_policy_cancel_below_runs_from_1_to_6(level, ok):
    if ok:
        assert guide.Policy(name="x", cancel_below=level).cancel_below == level
    else:
        with pytest.raises(ValueError, match="cancel_below"):
            guide.Policy(name="x", cancel_below=level)


def test_policy_and_params_are_frozen():
    import dataclasses

    for obj, name in ((guide.attend_all(), "cancel_below"), (guide.Params(), "invite_rate")):
        with pytest.raises(dataclasses.FrozenInstanceError):
            setattr(obj, name, 1)


def test_a_little_worth_in_a_better_job_still_raises_the_bar():
    p = guide.Params(quality_weeks=1, applications_per_week=40, invite_rate=0.6,
                     fit_threshold=-2.0)
    assert acceptance.reservation_values(p, 20)[20] > p.fit_threshold


def test_the_net_and_gain_rows_matter_exactly_when_sure():
    r = guide.decide(guide.Params(), guide.Interview(), runs=1000, seed=0, drivers=False)
    row = r.row("net_value")
    assert bool(row["matters"]) == bool(row["low"] > 0 or row["high"] < 0)
    assert not r.row("gain_value")["matters"]  # the net value is what counts
    tiny = guide.decide(guide.Params(), guide.Interview(format="phone", hours=0.5),
                        runs=500, seed=0, start=guide.Start(offers=((5, 1),)), drivers=False)
    assert tiny.row("net_value")["matters"]  # -0.25 hours of pay, and sure: it counts


def test_results_compare_by_identity_and_interviews_are_frozen():
    import dataclasses

    r = guide.decide(guide.Params(), guide.Interview(), runs=50, seed=0, drivers=False)
    assert r == r and r != dataclasses.replace(r)
    shown = repr(r)  # short: no tables or arrays
    assert all(f"{name}=" not in shown for name in ("branches", "summary", "drivers"))
    with pytest.raises(dataclasses.FrozenInstanceError):
        guide.Interview().hours = 3
    c = r.curves(("employed",))
    assert c.index.tolist() == list(range(len(c)))


def test_a_bad_value_is_shortened_in_the_message():
    with pytest.raises(ValueError) as err:
        guide.Interview(hours="x" * 200)
    assert "x" * 39 in str(err.value) and "x" * 40 not in str(err.value)


@pytest.mark.parametrize("skills", [(2.0, 0.5, 0.5, 0.5), (0.5,) * 3, ("a", 0.5, 0.5, 0.5)])
def test_start_refuses_skills_out_of_range(skills):
    with pytest.raises(ValueError, match="skills="):
        guide.Start(skills=skills)


def test_a_second_try_starts_enough_searches_with_a_tenth_to_spare():
    from guide.model.start import second_try

    assert second_try(1000, 500, 100) == math.ceil(1.1 * 1000 / 0.2) + 16
    assert second_try(1000, 1516, 1400) == 2 * 1516  # never fewer than twice as many
    assert second_try(1000, 1516, 0) == math.ceil(1.1 * 1000 / 1e-3) + 16


def test_the_cached_bar_cannot_be_changed_by_a_caller():
    bars = acceptance.reservation_values(guide.Params(), 5)
    with pytest.raises(ValueError):
        bars[0] = 1.0


def test_slot_capacity_by_hand():
    from guide.model.state import slot_capacity

    p = guide.Params(applications_per_week=5, invite_rate=0.2, process_weeks=3,
                     offer_open_weeks=1)
    steady = 5 * 0.2 * (1 + 3 + 1)
    assert slot_capacity(p, 0) == math.ceil(steady + 5 * math.sqrt(steady) + 3)
    assert slot_capacity(p, 20) == math.ceil(20 + 5 * math.sqrt(steady) + 3) + 20


def test_a_described_start_replaces_the_generic_one_but_offers_alone_add_to_it():
    from guide.model.start import lead_weeks

    p = guide.Params(weeks_searched=7)
    assert lead_weeks(p, None) == 7
    assert lead_weeks(p, guide.Start(offers=((3, 2),))) == 7
    assert lead_weeks(p, guide.Start(skills=(0.5,) * 4)) == 0
    assert lead_weeks(p, guide.Start(processes=(("in_process", 3),))) == 0


def test_processes_given_by_interest_sit_inside_their_quintile():
    from guide.model.start import starting_state
    from guide.model.state import SCHEDULED, make_rules

    p = guide.Params()
    start = guide.Start(processes=(("scheduled", 2),))
    rules = make_rules(p, guide.attend_all(), 0, None, start, 13)
    state = starting_state(rules, 500, start)
    post = state.post[state.status == SCHEDULED]
    assert post.size == 500 and (post >= 0.2).all() and (post < 0.4).all()
    assert post.std() > 0.04  # spread over the quintile, not stuck at its edge


def test_a_process_between_rounds_starts_with_its_later_rounds_left():
    from guide.model.start import starting_state
    from guide.model.state import IN_PROCESS, make_rules

    for rounds, left in ((1, 1), (2, 1), (4, 3)):
        p = guide.Params(rounds=rounds)
        start = guide.Start(processes=(("in_process", 4),))
        state = starting_state(make_rules(p, guide.attend_all(), 0, None, start, 13), 10,
                               start)
        assert (state.steps_left[state.status == IN_PROCESS] == left).all()


def test_every_process_and_offer_described_gets_its_own_invitation_key():
    from guide.model.start import starting_state
    from guide.model.state import make_rules

    start = guide.Start(processes=(("in_process", 3),) * 5, offers=((4, 2),) * 4)
    p = guide.Params(applications_per_week=1)
    rules = make_rules(p, guide.attend_all(), 0, None, start, 13)
    assert rules.width >= 5 + 4 + 1  # week 0's keys never reach week 1's
    state = starting_state(rules, 3, start)
    keys = state.key[state.status != 0].reshape(3, -1)
    assert all(len(set(row)) == 9 for row in keys.tolist())


def test_outcomes_are_shown_each_in_one_unit_with_changes_in_a_chance_in_points():
    """A hand-written summary: chances in %, their changes in points, hours and weeks named."""
    from types import SimpleNamespace

    summary = pd.DataFrame([
        {"metric": "p_job", "attend": 0.781, "cancel": 0.76, "difference": 0.021,
         "low": -0.004, "high": 0.046},
        {"metric": "net_value", "attend": 120.0, "cancel": 118.0, "difference": 2.0,
         "low": -3.25, "high": 7.5},
        {"metric": "weeks_to_job", "attend": 6.0, "cancel": 6.5, "difference": -0.5,
         "low": -0.75, "high": -0.25},
        {"metric": "reputation", "attend": 1.0, "cancel": 0.996, "difference": 0.004,
         "low": 0.004, "high": 0.004},
    ])
    table = guide.outcome_table(SimpleNamespace(summary=summary),
                                ("p_job", "net_value", "weeks_to_job", "reputation"))
    assert table.iloc[0].tolist() == ["78%", "76%", "+2.1 points", "-0.4 to +4.6 points"]
    assert table.iloc[1].tolist() == ["120 hours of pay", "118 hours of pay",
                                      "+2.0 hours of pay", "-3.2 to +7.5 hours of pay"]
    assert table.iloc[2].tolist() == ["6.0 weeks", "6.5 weeks", "-0.5 weeks",
                                      "-0.8 to -0.2 weeks"]
    assert table.iloc[3].tolist()[:3] == ["100%", "99.6%", "+0.4 points"]


def test_the_what_if_summary_names_the_answer_and_what_alone_could_change_it():
    sens = pd.DataFrame({"label": ["Posting noise", "Industry size"], "flips": [True, False],
                         "base_choice": ["too_close", "too_close"]})
    assert guide.sensitivity_summary(sens) == (
        "At your setting the model says: too close to call.\n"
        "1 of 2 assumptions can change that on their own: Posting noise")
    assert guide.sensitivity_summary(sens.assign(flips=False)).endswith("on their own: none")


# --- the verdict's assumptions and its words ---------------------------------------------

def test_weighing_assumptions_uses_the_decisions_own_policy_and_its_fixed_hours():
    names = ("applications_per_week", "hours_panel", "quality_weeks")
    p, runs = guide.Params(), 200
    usual = guide.Interview(interest=2, format="panel")
    typed = guide.Interview(interest=2, format="panel", hours=p.hours_panel)
    a = guide.sensitivity(p, usual, runs=runs, names=names)
    b = guide.sensitivity(p, typed, runs=runs, names=names)
    pd.testing.assert_frame_equal(a, b)  # typed or left usual: the same answer
    strict = guide.cancel_below(5)
    r = guide.decide(p, usual, runs=runs, policy=strict, drivers=False)
    sens = guide.sensitivity(p, usual, runs=runs, names=names, policy=strict)
    assert (sens["base"] == r.difference("net_value")).all()
    assert (sens["base_choice"] == r.choice).all()


def test_the_verdicts_words_for_none_one_and_small_numbers():
    from guide.model import verdict

    assert verdict.people(0) == "no one" and verdict.people(1) == "1 person"
    assert verdict.hours(0.3) == "0.3 hours" and verdict.hours(1) == "1 hour"
    r = guide.decide(guide.Params(), guide.Interview(interest=2, format="panel"), runs=200,
                     drivers=False)
    one = pd.DataFrame({"label": ["Invitation chance", "Posting noise"],
                        "flips": [True, False]})
    text = verdict.sure_line(dataclasses.replace(r, assumptions=one))
    assert "one could change the answer on its own" in text and "invitation chance" in text
    both, attend, cancel, _ = futures_counts(r)
    assert f"{both + attend}% if you attend, {both + cancel}% if you cancel" in r.verdict()
