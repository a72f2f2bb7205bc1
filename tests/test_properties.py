"""Property tests: what must hold for every valid input, not just the defaults."""

import math

import numpy as np
import pandas as pd
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import guide
from guide.model import rules as _rules
from guide.model import run as _run
from guide.model import state as _state

from .strategies import interviews, params, small_params

fast = settings(max_examples=40, deadline=None, derandomize=True,
                suppress_health_check=[HealthCheck.too_slow])


def mean_and_se(x):
    x = np.asarray(x, float)
    return x.mean(), x.std(ddof=1) / math.sqrt(len(x))


@fast
@given(small_params(), interviews, st.integers(0, 2**31))
def test_attending_gives_practice_that_week_in_every_run(p, interview, seed):
    """Practice is exact in week 1; later it stops growing once a job is taken (README)."""
    r = guide.decide(p, interview, runs=200, weeks=2, seed=seed, drivers=False)
    week1 = r.frame[r.frame["week"] == 1]
    attend = week1.loc[week1["policy"] == "attend", "practice"].to_numpy(float)
    cancel = week1.loc[week1["policy"] == "cancel", "practice"].to_numpy(float)
    assert (attend >= cancel - 1e-6).all()


OWN_MECHANISMS_OFF = {"learning_rate": 0.0, "bargaining_speedup": 0.0,
                      "bargaining_uplift": 0.0, "industry_penalty": 0.0,
                      "same_company_penalty": 0.0, "hours_phone": 0.0, "hours_video": 0.0,
                      "hours_panel": 0.0, "hours_hands_on": 0.0}


@fast
@given(small_params(**OWN_MECHANISMS_OFF), interviews, st.integers(0, 2**31))
def test_common_random_numbers_give_other_processes_the_same_history(p, interview, seed):
    """With the decision's own mechanisms off, only the interview itself differs.

    Every other invitation, and every offer from another process, comes in the same week
    in both branches, until either branch takes a job (which ends that search).
    """
    runs, weeks = 150, 12
    focal = _state.Focal(interview.interest, interview.format)
    a = _run.run_model(p, guide.attend_all(), runs, weeks, seed, focal, attend=True)
    c = _run.run_model(p, guide.attend_all(), runs, weeks, seed, focal, attend=False)
    searching = (a["employed"] == 0) & (c["employed"] == 0)
    assert (a["invitations"][searching] == c["invitations"][searching]).all()
    extra = (a["offers"] - c["offers"])[searching]
    assert set(np.unique(extra)) <= {0, 1}  # at most the interview's own offer
    own = a["focal_offer"][:, None] & searching
    assert (extra[~own[searching]] == 0).all()


@fast
@given(params(), st.sampled_from(guide.CANCEL_REASONS))
def test_more_notice_never_costs_more_and_no_show_is_worst(p, reason):
    s = [guide.severity(p, n, reason) for n in ("no_show", "same_day", "day_or_more")]
    assert s[0] >= s[1] >= s[2] >= 0
    assert s[0] == max(guide.severity(p, n, r) for n in guide.NOTICES for r in guide.CANCEL_REASONS)


@fast
@given(params(), st.sampled_from(guide.NOTICES))
def test_legitimate_reason_never_costs_more(p, notice):
    assert guide.severity(p, notice, "legitimate") <= guide.severity(p, notice, "vague")


def reputation_after_one_cancel(p, interview):
    r = guide.decide(p.replace(applications_per_week=0, weeks_searched=0), interview,
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
    for prob in (_rules.pass_chance(p, skill),
                 _rules.invite_chance(p, reputation), p.offer_rate,
                 guide.word_share(p)):
        assert 0 <= float(prob) <= 1


@fast
@given(small_params(), st.integers(0, 2**31))
def test_same_seed_identical_frames(p, seed):
    a = guide.simulate(p, runs=30, weeks=6, seed=seed)
    b = guide.simulate(p, runs=30, weeks=6, seed=seed)
    pd.testing.assert_frame_equal(a, b)


ORDER = {"attend": 2, "too_close": 1, "cancel": 0}


@settings(max_examples=15, deadline=None, derandomize=True)
@given(st.sampled_from(guide.FORMATS), st.integers(1, 5), st.floats(0.05, 2))
def test_more_interview_hours_never_make_attending_look_better(fmt, interest, time_value):
    """This interview's hours, from none to two days: net value and verdict only fall."""
    base = guide.Params(time_value=time_value)
    results = [guide.decide(base, guide.Interview(interest=interest, format=fmt, hours=h),
                            runs=1000, weeks=13, seed=7, drivers=False)
               for h in (0, 2, 4, 8, 16)]
    nets = [r.difference("net_value") for r in results]
    assert all(later < earlier for earlier, later in zip(nets, nets[1:], strict=False))
    ranks = [ORDER[r.choice] for r in results]
    assert all(later <= earlier for earlier, later in zip(ranks, ranks[1:], strict=False))
