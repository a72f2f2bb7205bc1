"""Unit tests: each mechanism of the model on its own, and the public frames."""

import math

import numpy as np
import pandas as pd
import pytest
from numpy.testing import assert_allclose

import guide
import guide.model.drivers
from guide.model import rules as _rules
from guide.model import state as _state
from guide.model import steps as _steps


def at_end(df, column):
    return df.loc[df["week"] == df["week"].max(), column].to_numpy(float)


# --- frames and arguments -------------------------------------------------------------

def test_frame_shape_columns_and_types(small_frame):
    df = small_frame
    assert len(df) == 300 * 13
    expected = {"run", "week", "policy", "interviews_attended", "interviews_cancelled",
                "offers", "acceptable_offers", "active_processes", "practice", "reputation",
                "invitations", "open_offers", "skill_phone", "skill_video", "skill_panel",
                "skill_hands_on", "employed", "job_value", "withdrawals", "offers_declined",
                "interview_hours", "first_interviews"}
    assert expected <= set(df.columns)
    assert df["week"].min() == 0 and df["week"].max() == 12
    assert (df["policy"] == "attend all").all()
    first = df[df["week"] == 0]
    assert (first["offers"] == 0).all() and (first["reputation"] == 1).all()
    # a search six weeks in has practised: never below the starting skill
    assert (first["practice"] >= guide.Params().initial_skill - 1e-6).all()
    assert first["practice"].mean() > guide.Params().initial_skill
    assert (first["employed"] == 0).all() and first["job_value"].isna().all()
    end = df[df["week"] == 12]
    assert (end["job_value"].notna() == (end["employed"] == 1)).all()


def test_same_seed_same_frame_other_seed_other_frame(params):
    a = guide.simulate(params, runs=200, weeks=10, seed=11)
    b = guide.simulate(params, runs=200, weeks=10, seed=11)
    c = guide.simulate(params, runs=200, weeks=10, seed=12)
    pd.testing.assert_frame_equal(a, b)
    assert not a.equals(c)


@pytest.mark.parametrize(
    ("kwargs", "words"),
    [
        ({"runs": 0}, "runs=0 must be a whole number from 1 to 200,000"),
        ({"runs": 10**7}, "runs=10000000"),
        ({"weeks": 0}, "weeks=0"),
        ({"weeks": 2.5}, "weeks=2.5"),
        ({"runs": 100_000, "weeks": 520}, "runs x weeks = 100,000 x 520 = 52,000,000 is more than"),
        ({"seed": -1}, "seed=-1"),
        ({"policy": "yolo"}, "policy='yolo' is not known"),
    ],
)
def test_bad_arguments_raise_clear_errors(params, kwargs, words):
    with pytest.raises(ValueError, match=words.replace("(", r"\(")):
        guide.simulate(params, **{"runs": 10, "weeks": 5, **kwargs})


def test_params_must_be_params():
    with pytest.raises(ValueError, match="is not a guide.Params"):
        guide.simulate({"rounds": 3}, runs=10, weeks=5)


def test_named_policies():
    p = guide.Params()
    assert guide.simulate(p, "cancel_below_threshold", runs=5, weeks=2)["policy"].iloc[0] \
        == "cancel below 3"


def test_no_invitation_dropped_at_defaults_or_busy_settings():
    for p in (guide.Params(), guide.Params(applications_per_week=40, invite_rate=0.6,
                                           weeks_searched=10, offer_open_weeks=4)):
        df = guide.simulate(p, runs=500, weeks=26, seed=1)
        assert df.attrs["dropped_invitations"] == 0


# --- pipeline ---------------------------------------------------------------------------

# Searches that never take a job: offers are rare and almost never good enough.
NEVER_HIRED = {"offer_rate": 0.02, "fit_threshold": 2.0, "weeks_searched": 0,
               "hours_phone": 0, "hours_video": 0, "hours_panel": 0, "hours_hands_on": 0}


def test_invitations_match_applications_times_rate():
    p = guide.Params(**{**NEVER_HIRED, "applications_per_week": 5, "invite_rate": 0.2})
    df = guide.simulate(p, runs=4000, weeks=10, seed=2)
    inv = at_end(df, "invitations")
    expected = 5 * 0.2 * 10
    assert abs(inv.mean() - expected) < 4 * inv.std() / math.sqrt(len(inv))


def test_fractional_applications_count_in_part():
    p = guide.Params(**{**NEVER_HIRED, "applications_per_week": 2.5, "invite_rate": 0.4})
    inv = at_end(guide.simulate(p, runs=4000, weeks=10, seed=2), "invitations")
    assert abs(inv.mean() - 2.5 * 0.4 * 10) < 4 * inv.std() / math.sqrt(len(inv))


def test_no_applications_no_invitations():
    p = guide.Params(applications_per_week=0, weeks_searched=0)
    df = guide.simulate(p, runs=100, weeks=20, seed=1)
    assert (df["invitations"] == 0).all() and (df["interviews_attended"] == 0).all()


def test_time_cost_of_interviews_reduces_applications():
    base = guide.Params(**{**NEVER_HIRED, "applications_per_week": 3, "invite_rate": 0.3})
    dear = {f"hours_{f}": 6 for f in guide.FORMATS}
    cheap = guide.simulate(base, runs=3000, weeks=20, seed=4)
    dear = guide.simulate(base.replace(**dear), runs=3000, weeks=20, seed=4)
    assert at_end(dear, "invitations").mean() < 0.9 * at_end(cheap, "invitations").mean()
    assert at_end(cheap, "interview_hours").max() == 0


def test_interview_hours_carry_over_into_later_weeks():
    """A 12-hour first interview with a 4-hour weekly search stops applications 3 weeks."""
    p = guide.Params(applications_per_week=4, hours_per_application=1, hours_phone=12,
                     hours_video=12, invite_rate=0.6, weeks_searched=0)
    start = guide.Start(processes=(("scheduled", 5),))
    df = guide.simulate(p, runs=400, weeks=4, seed=1, start=start)
    inv = df.groupby("week")["invitations"].max()
    assert inv[3] == 0  # weeks 1-3 paid the 12 hours
    assert inv[4] > 0


def test_the_decisions_own_hours_are_its_cost_not_fewer_applications():
    """The interview in question costs its hours once, in the verdict, not in applications."""
    p = guide.Params(applications_per_week=4, hours_per_application=1, invite_rate=0.6,
                     weeks_searched=0, industry_penalty=0, same_company_penalty=0)
    r = guide.decide(p, guide.Interview(format="panel", hours=12), runs=400, weeks=4,
                     seed=1, drivers=False)
    inv = r.frame.pivot_table(index="week", columns="policy", values="invitations",
                              observed=True)
    assert inv.loc[1, "attend"] == inv.loc[1, "cancel"] > 0
    assert r.hours == 12 and r.cost == 12 * p.time_value


def test_offer_rate_holds_at_the_reference_skill():
    """With skill fixed at 0.3 a whole process ends in an offer with chance offer_rate.

    One interview followed alone: a job from the top fifth of postings that tell the truth
    is always good enough, so the candidate never withdraws.
    """
    p = guide.Params(initial_skill=0.3, learning_rate=0, weeks_searched=0, offer_rate=0.3,
                     applications_per_week=0, posting_noise=0, offer_terms_noise=0)
    r = guide.decide(p, guide.Interview(interest=5), runs=20000, weeks=40, seed=5,
                     drivers=False)
    assert abs(r.own_offer_chance - 0.3) < 0.01
    assert r.own_job_chance == r.own_offer_chance  # the only offer, and a good one


def test_process_length_matches_process_weeks():
    """From the first interview, the later rounds and the decision take process_weeks."""
    p = guide.Params(process_weeks=6, rounds=3, applications_per_week=0, weeks_searched=0,
                     offer_rate=0.9, skill_effect=0, posting_noise=0,
                     bargaining_speedup=0, offer_open_weeks=1)
    assert_allclose(_rules.step_rate(p, 0), 0.5)
    r = guide.decide(p, guide.Interview(interest=5), runs=6000, weeks=60, seed=1,
                     drivers=False)
    a = r.frame[r.frame["policy"] == "attend"]
    first_offer = a[a["offers"] > 0].groupby("run")["week"].min()
    # first interview in week 1; offer after 3 steps at 0.5 a week; weeks are whole, so
    # the mean lands between 1 + 6 and 1 + 6 + 1
    assert 6.5 < first_offer.mean() < 8.2


# --- practice ---------------------------------------------------------------------------

def one_run_state(params, runs=1, slots=3):
    rules = _state.make_rules(params, guide.attend_all(), 0, None, None, 13)
    return _state.State.empty(params, runs, slots), rules


def test_learning_has_diminishing_returns():
    p = guide.Params(initial_skill=0.2, learning_rate=0.2, transfer=0.0)
    state, _ = one_run_state(p)
    skills = [0.2]
    for _ in range(6):
        _steps.learn(state, p, np.array([0]), np.array([2]))  # one panel each time
        skills.append(1 - state.gap[2, 0])
    gains = np.diff(skills)
    assert np.all(gains > 0) and np.all(np.diff(gains) < 0)
    assert_allclose(skills, guide.learning_curve(p, 6)["skill"])
    assert_allclose(state.gap[[0, 1, 3], 0], 0.8)  # no transfer: other formats unchanged


def test_skill_update_formula_with_transfer():
    p = guide.Params(initial_skill=0.3, learning_rate=0.2, transfer=0.5)
    state, _ = one_run_state(p, runs=2)
    _steps.learn(state, p, np.array([1]), np.array([0]))  # run 1 attends a phone screen
    assert_allclose(state.gap[:, 0], 0.7)  # run 0 untouched
    assert_allclose(state.gap[0, 1], 0.7 * 0.8)
    assert_allclose(state.gap[1:, 1], 0.7 * 0.9)
    assert state.done_by_format[0, 1] == 1


def test_no_learning_keeps_skill_constant():
    p = guide.Params(learning_rate=0)
    df = guide.simulate(p, runs=200, weeks=15, seed=1)
    assert_allclose(df["practice"], p.initial_skill, rtol=1e-6)


def test_skill_raises_pass_chance_and_noise_dilutes_it():
    p = guide.Params()
    low, high = _rules.pass_chance(p, 0.1), _rules.pass_chance(p, 0.9)
    assert high > low
    noisy = p.replace(performance_noise=3)
    assert _rules.pass_chance(noisy, 0.9) - _rules.pass_chance(noisy, 0.1) < high - low
    assert_allclose(_rules.pass_chance(p, 0.3) ** p.rounds, p.offer_rate)


def test_practice_brings_more_offers():
    base = guide.Params(initial_skill=0.1)
    fast = guide.simulate(base.replace(learning_rate=0.4), runs=3000, weeks=26, seed=9)
    none = guide.simulate(base.replace(learning_rate=0.0), runs=3000, weeks=26, seed=9)
    assert at_end(fast, "offers").mean() > 1.1 * at_end(none, "offers").mean()


# --- surprise ---------------------------------------------------------------------------

def test_postings_without_noise_reveal_fit_exactly():
    p = guide.Params(posting_noise=0)
    u = np.array([0.1, 0.5, 0.9])
    assert_allclose(_rules.fit_from_percentile(p, u, np.ones(3) * 5),
                    [-1.2815515655, 0.0, 1.2815515655], atol=1e-8)


def test_fit_given_posting_has_the_right_spread():
    p = guide.Params(posting_noise=1.0)
    rng = np.random.default_rng(0)
    fit = _rules.fit_from_percentile(p, rng.random(200_000), rng.standard_normal(200_000))
    assert abs(fit.mean()) < 0.01 and abs(fit.std() - 1) < 0.01  # fit is N(0, 1) overall


def test_low_interest_posting_can_surprise_only_with_noise():
    noisy = guide.decide(guide.Params(), guide.Interview(interest=1), runs=3000, weeks=8,
                         seed=2, drivers=False)
    exact = guide.decide(guide.Params(posting_noise=0, bargaining_uplift=0),
                         guide.Interview(interest=1), runs=3000, weeks=8, seed=2,
                         drivers=False)
    assert noisy.own_job_chance > 0.005
    # the lowest quintile is all below the bar: having met them, you always withdraw
    assert exact.own_offer_chance == 0 and exact.own_job_chance == 0


def test_interest_levels_are_quintiles():
    lv = _rules.interest_from_percentile(np.array([0.0, 0.19, 0.2, 0.5, 0.99, 1.0]))
    assert lv.tolist() == [1, 1, 2, 3, 5, 5]


# --- bargaining -------------------------------------------------------------------------

def test_rivals_speed_companies_up_to_a_cap():
    p = guide.Params(bargaining_speedup=0.5, bargaining_cap=2, process_weeks=10)
    rates = _rules.step_rate(p, np.arange(8))
    assert (np.diff(rates) > 0).all() and (np.diff(rates, 2) < 0).all()  # less and less
    assert rates[-1] < 0.3 * (1 + 0.5 * 2)  # never beyond the cap's two rivals
    assert_allclose(_rules.leverage(p.replace(bargaining_cap=0), 5), 0)
    # no ceiling at one round a week: a short process still speeds up
    fast = p.replace(process_weeks=1, rounds=3)
    assert _rules.step_rate(fast, 2) > _rules.step_rate(fast, 1) > 3


def test_poisson_steps_have_the_right_mean_and_cap():
    u = (np.arange(200_000) + 0.5) / 200_000
    steps = _rules.poisson_steps(u, np.full(u.size, 1.3), 10)
    assert abs(steps.mean() - 1.3) < 0.01
    assert _rules.poisson_steps(u, np.full(u.size, 1.3), 2).max() == 2


def test_rivals_improve_offers():
    base = guide.Params(applications_per_week=0)
    three = guide.Start(processes=(("in_process", 3),) * 3)
    up = guide.simulate(base.replace(bargaining_uplift=0.5), runs=4000, weeks=20, seed=6,
                        start=three)
    flat = guide.simulate(base.replace(bargaining_uplift=0.0), runs=4000, weeks=20, seed=6,
                          start=three)
    assert np.nanmean(at_end(up, "job_value")) > np.nanmean(at_end(flat, "job_value")) + 0.3


# --- reputation -------------------------------------------------------------------------

def test_severity_order_and_reason(params):
    s = {n: guide.severity(params, n, "vague") for n in guide.NOTICES}
    assert s["no_show"] == 1 > s["same_day"] > s["day_or_more"] > 0
    assert guide.severity(params, "same_day", "legitimate") < s["same_day"]
    assert guide.severity(params, "no_show", "legitimate") == 1


def test_word_share_grows_as_industry_shrinks(params):
    assert guide.word_share(params.replace(industry_size=20)) > guide.word_share(params)
    assert guide.word_share(params.replace(industry_size=5, recruiter_network=50)) == 1


def test_cancelling_costs_reputation_and_invitations():
    p = guide.Params(industry_size=20, recruiter_network=10)
    keen = guide.simulate(p, "attend_all", runs=2000, weeks=30, seed=8)
    picky = guide.simulate(p, guide.Policy(name="flaky", cancel_below=4, notice="no_show"),
                           runs=2000, weeks=30, seed=8)
    assert (keen["reputation"] == 1).all()
    assert at_end(picky, "reputation").mean() < 0.9
    assert at_end(picky, "interviews_cancelled").mean() > 1


def test_reputation_damage_fades_with_half_life():
    for word, same in ((0.3, 0.0), (0.0, 0.8)):  # industry-wide, then same company
        p = guide.Params(industry_size=10, recruiter_network=10, reputation_half_life_weeks=4,
                         applications_per_week=0, weeks_searched=0, industry_penalty=word,
                         same_company_penalty=same)
        r = guide.decide(p, guide.Interview(notice="no_show"), runs=5, weeks=9, seed=0,
                         drivers=False)
        rep = r.frame.query("policy == 'cancel' and run == 0")["reputation"].to_numpy()
        lost = 1 - rep[1:].astype(float)
        assert lost[0] > 0.01
        assert_allclose(lost[4] / lost[0], 0.5, rtol=1e-4)


def test_keep_new_formats_and_max_live_rules_cancel_less():
    p = guide.Params()
    plain = guide.Policy(name="a", cancel_below=4)
    curious = guide.Policy(name="b", cancel_below=4, keep_new_formats=True)
    busy_only = guide.Policy(name="c", cancel_below=4, max_live=2)
    n = {pol.name: at_end(guide.simulate(p, pol, runs=1000, weeks=20, seed=1),
                          "interviews_cancelled").mean() for pol in (plain, curious, busy_only)}
    assert n["b"] < n["a"] and n["c"] < n["a"]


# --- the single decision ----------------------------------------------------------------

def test_decide_result_shape(params):
    r = guide.decide(params, guide.Interview(), runs=500, weeks=8, seed=1)
    assert set(r.frame["policy"].unique()) == {"attend", "cancel"}
    assert list(r.summary["metric"]) == list(guide.METRICS)
    assert {"attend", "cancel", "difference", "low", "high"} <= set(r.summary.columns)
    assert (r.summary["low"] <= r.summary["difference"]).all()
    assert (r.summary["difference"] <= r.summary["high"]).all()
    assert set(r.drivers["driver"]) == {"the job as its posting shows it", "practice",
                                        "the job differing from its posting",
                                        "bargaining power", "reputation",
                                        "other interviews' hours"}
    assert r.choice in ("attend", "cancel", "too_close")
    lead = {"attend": "Attend.", "cancel": "Cancel.", "too_close": "Too close to call."}
    assert r.verdict().startswith(lead[r.choice])


def test_branches_share_random_numbers(params):
    """Attending and cancelling differ only by the decision: week 0 is identical."""
    r = guide.decide(params, guide.Interview(), runs=300, weeks=4, seed=1, drivers=False)
    a = r.frame.query("policy == 'attend' and week == 0").drop(columns="policy")
    c = r.frame.query("policy == 'cancel' and week == 0").drop(columns="policy")
    pd.testing.assert_frame_equal(a.reset_index(drop=True), c.reset_index(drop=True))
    att = r.frame.query("policy == 'attend' and week == 1")
    can = r.frame.query("policy == 'cancel' and week == 1")
    assert (att["interviews_attended"].to_numpy() - can["interviews_attended"].to_numpy()
            == 1).all()
    assert (can["interviews_cancelled"] == 1).all()


ALL_OFF = {k: v for changes in guide.model.drivers.SWITCH_OFF.values() for k, v in changes.items()}


def test_with_mechanisms_off_only_the_interview_itself_remains():
    r = guide.decide(guide.Params(**ALL_OFF), guide.Interview(), runs=500, weeks=13, seed=3)
    d = r.drivers.set_index("driver")
    base = "the job as its posting shows it"
    assert_allclose(d.drop(index=base)[["p_job", "weeks_in_work", "gain_value"]], 0)
    assert_allclose(d.loc[base, "gain_value"], r.difference("gain_value"))
    assert_allclose(r.difference("reputation"), 0)


def test_drivers_add_up_to_the_difference():
    for interview in (guide.Interview(), guide.Interview(interest=5, format="phone",
                                                         notice="no_show")):
        r = guide.decide(guide.Params(industry_size=30), interview, runs=400, weeks=13,
                         seed=4)
        for metric in ("gain_value", "p_job", "weeks_in_work", "job_value"):
            assert_allclose(r.drivers[metric].sum(), r.difference(metric), atol=1e-12)


def test_decide_rejects_bad_input(params):
    with pytest.raises(ValueError, match="interview=3 is not a guide.Interview"):
        guide.decide(params, 3)
    with pytest.raises(ValueError, match="weeks=0"):
        guide.decide(params, guide.Interview(), weeks=0)


# --- summaries --------------------------------------------------------------------------

def test_summarize_bands(small_frame):
    s = guide.summarize(small_frame).dropna()  # a job's value exists only once taken
    assert {"policy", "week", "metric", "mean", "low", "median", "high"} <= set(s.columns)
    assert (s["low"] <= s["median"]).all() and (s["median"] <= s["high"]).all()
    common = s[s["metric"].isin(["practice", "invitations", "interviews_attended"])]
    assert (common["low"] <= common["mean"] + 1e-9).all()
    assert (common["mean"] <= common["high"] + 1e-9).all()
    offers = s.query("metric == 'offers' and week == 12")["mean"].item()
    assert_allclose(offers, at_end(small_frame, "offers").mean())


def test_summarize_rejects_foreign_frames():
    with pytest.raises(ValueError, match="missing the column 'policy'"):
        guide.summarize(pd.DataFrame({"week": [1], "run": [0]}))


def test_first_acceptable_week(small_frame):
    first = guide.first_acceptable_week(small_frame)
    assert len(first) == 300
    got = first.dropna()
    assert (got["week"] >= 1).all() and (got["week"] <= 12).all()


def test_compare_policies_table_matches_each_simulation():
    p = guide.Params()
    pols = [guide.attend_all(), guide.cancel_below(3)]
    out = guide.compare_policies(p, pols, runs=300, weeks=10, seed=4)
    table = out["table"].set_index("policy")
    for pol in pols:
        df = guide.simulate(p, pol, runs=300, weeks=10, seed=4)
        end = df[df["week"] == 10]
        assert_allclose(table.loc[pol.name, "p_job"], end["employed"].mean())
        first = guide.first_job_week(df)["week"].fillna(10)
        assert_allclose(table.loc[pol.name, "weeks_to_job"], first.mean())


def test_readable_tables_use_words_not_code_names():
    table = guide.readable(guide.surprise_by_interest(guide.Params(), samples=500),
                           index="label")
    assert "chance_acceptable" not in table.columns
    assert "chance the real job would do" in table.columns
    assert table.index.name is None and table.index[0] == "1 (least appealing)"
    view = guide.readable(pd.DataFrame({"interest": [1], "choice": ["too_close"]}))
    assert view.iloc[0]["the model says"] == "too close to call"
