"""The choice, the cost rule, the value scale and the reservation value, each checked
against expectations written by hand (never taken from the function under test)."""

import math

import numpy as np
import pandas as pd
import pytest
from numpy.testing import assert_allclose
from scipy import integrate, stats

import guide
from guide import panels
from guide.model import acceptance, value
from guide.model.comparison import Z99, mean_difference


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
