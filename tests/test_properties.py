"""Property tests: what must hold for every valid input, not just the defaults."""

import math

import numpy as np
import pandas as pd
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import guide
from guide import _model

from .strategies import interviews, params, small_params

fast = settings(max_examples=40, deadline=None, derandomize=True,
                suppress_health_check=[HealthCheck.too_slow])


def mean_and_se(x):
    x = np.asarray(x, float)
    return x.mean(), x.std(ddof=1) / math.sqrt(len(x))


@fast
@given(small_params(prep_cost_applications=0), interviews, st.integers(0, 2**31))
def test_attending_never_lowers_expected_practice(p, interview, seed):
    """Holds whenever an interview's time does not displace applications (see README)."""
    r = guide.decide(p, interview, runs=300, weeks=8, seed=seed, drivers=False)
    end = r.frame[r.frame["week"] == 8]
    diff = (end.loc[end["policy"] == "attend", "practice"].to_numpy(float)
            - end.loc[end["policy"] == "cancel", "practice"].to_numpy(float))
    m, se = mean_and_se(diff)
    assert m >= -4 * se - 1e-6


@fast
@given(params(), st.sampled_from(guide.REASONS))
def test_more_notice_never_costs_more_and_no_show_is_worst(p, reason):
    s = [guide.severity(p, n, reason) for n in ("no_show", "same_day", "day_or_more")]
    assert s[0] >= s[1] >= s[2] >= 0
    assert s[0] == max(guide.severity(p, n, r) for n in guide.NOTICES for r in guide.REASONS)


@fast
@given(params(), st.sampled_from(guide.NOTICES))
def test_legitimate_reason_never_costs_more(p, notice):
    assert guide.severity(p, notice, "legitimate") <= guide.severity(p, notice, "vague")


def reputation_after_one_cancel(p, interview):
    r = guide.decide(p.replace(applications_per_week=0, live_processes=0), interview,
                     runs=1, weeks=1, seed=0, drivers=False)
    return r.frame.query("policy == 'cancel' and week == 1")["reputation"].item()


@fast
@given(params(), interviews)
def test_one_cancellation_costs_in_the_right_order(p, interview):
    """Simulated reputation after one cancel follows notice, reason and industry size."""
    def rep(**changes):
        return reputation_after_one_cancel(p, guide.Interview(
            **{**interview.__dict__, **changes}))
    assert rep(notice="no_show") <= rep(notice="same_day") <= rep(notice="day_or_more")
    assert rep(reason="vague") <= rep(reason="legitimate")
    assert rep() <= 1


@fast
@given(params(), interviews, st.integers(5, 5000), st.integers(5, 5000))
def test_smaller_industry_never_costs_less(p, interview, a, b):
    small, large = sorted((a, b))
    assert reputation_after_one_cancel(p.replace(industry_size=small), interview) \
        <= reputation_after_one_cancel(p.replace(industry_size=large), interview)


@fast
@given(small_params(), st.floats(0, 12), st.floats(0, 12), st.integers(0, 2**31))
def test_more_applications_never_fewer_interviews(p, a, b, seed):
    few, many = sorted((a, b))
    out = {}
    for apps in (few, many):
        df = guide.simulate(p.replace(applications_per_week=apps), runs=400, weeks=8,
                            seed=seed)
        end = df[df["week"] == 8]
        out[apps] = (mean_and_se(end["invitations"]), mean_and_se(end["interviews_attended"]))
    for i in range(2):
        (m1, s1), (m2, s2) = out[few][i], out[many][i]
        assert m2 >= m1 - 4.5 * math.hypot(s1, s2) - 1e-9


@fast
@given(small_params(), st.sampled_from([guide.attend_all(), guide.cancel_below(3),
                                        guide.Policy(name="x", cancel_below=5,
                                                     keep_new_formats=True, max_live=1)]),
       st.integers(0, 2**31))
def test_cumulative_counts_never_decrease_and_states_stay_in_range(p, policy, seed):
    df = guide.simulate(p, policy, runs=50, weeks=10, seed=seed)
    steps = df.groupby("run")[list(guide.CUMULATIVE)].diff().dropna()
    assert (steps >= 0).all().all()
    for col in ("practice", "reputation", "skill_phone", "skill_panel"):
        assert df[col].between(0, 1).all(), col
    assert (df["active_processes"] >= 0).all() and (df["open_offers"] >= 0).all()
    assert (df["acceptable_offers"] <= df["offers"]).all()
    assert (df["interviews_cancelled"] == 0).all() or policy.cancel_below > 1


@fast
@given(params(), st.integers(0, 30), st.floats(0, 1), st.floats(0, 1))
def test_all_probabilities_stay_in_unit_interval(p, others, skill, reputation):
    for prob in (_model.round_chance(p, others), _model.pass_chance(p, skill),
                 _model.invite_chance(p, reputation), p.offer_rate,
                 guide.word_share(p)):
        assert 0 <= float(prob) <= 1


@fast
@given(small_params(), st.integers(0, 2**31))
def test_same_seed_identical_frames(p, seed):
    a = guide.simulate(p, runs=30, weeks=6, seed=seed)
    b = guide.simulate(p, runs=30, weeks=6, seed=seed)
    pd.testing.assert_frame_equal(a, b)
