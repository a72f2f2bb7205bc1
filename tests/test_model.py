"""Unit tests: each mechanism of the model on its own, and the public frames."""

import math

import numpy as np
import pandas as pd
import pytest
from numpy.testing import assert_allclose

import guide
from guide import _model


def at_end(df, column):
    return df.loc[df["week"] == df["week"].max(), column].to_numpy(float)


# --- frames and arguments -------------------------------------------------------------

def test_frame_shape_columns_and_types(small_frame):
    df = small_frame
    assert len(df) == 300 * 13
    expected = {"run", "week", "policy", "interviews_attended", "interviews_cancelled",
                "offers", "acceptable_offers", "active_processes", "practice", "reputation",
                "invitations", "open_offers", "skill_phone", "skill_video", "skill_panel",
                "skill_hands_on"}
    assert expected <= set(df.columns)
    assert df["week"].min() == 0 and df["week"].max() == 12
    assert (df["policy"] == "attend all").all()
    first = df[df["week"] == 0]
    assert (first["offers"] == 0).all() and (first["reputation"] == 1).all()
    assert_allclose(first["practice"], guide.Params().initial_skill, rtol=1e-6)


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
                                           live_processes=10, offer_open_weeks=4)):
        df = guide.simulate(p, runs=500, weeks=26, seed=1)
        assert df.attrs["dropped_invitations"] == 0


# --- pipeline ---------------------------------------------------------------------------

def test_invitations_match_applications_times_rate():
    p = guide.Params(applications_per_week=5, invite_rate=0.2, prep_cost_applications=0)
    df = guide.simulate(p, runs=4000, weeks=10, seed=2)
    inv = at_end(df, "invitations")
    expected = 5 * 0.2 * 10
    assert abs(inv.mean() - expected) < 4 * inv.std() / math.sqrt(len(inv))


def test_fractional_applications_count_in_part():
    p = guide.Params(applications_per_week=2.5, invite_rate=0.4, prep_cost_applications=0)
    inv = at_end(guide.simulate(p, runs=4000, weeks=10, seed=2), "invitations")
    assert abs(inv.mean() - 2.5 * 0.4 * 10) < 4 * inv.std() / math.sqrt(len(inv))


def test_no_applications_no_invitations():
    p = guide.Params(applications_per_week=0, live_processes=0)
    df = guide.simulate(p, runs=100, weeks=20, seed=1)
    assert (df["invitations"] == 0).all() and (df["interviews_attended"] == 0).all()


def test_time_cost_of_interviews_reduces_applications():
    base = guide.Params(applications_per_week=3, invite_rate=0.3)
    cheap = guide.simulate(base.replace(prep_cost_applications=0), runs=3000, weeks=20, seed=4)
    dear = guide.simulate(base.replace(prep_cost_applications=3), runs=3000, weeks=20, seed=4)
    assert at_end(dear, "invitations").mean() < 0.9 * at_end(cheap, "invitations").mean()


def test_offer_rate_holds_for_a_middling_candidate():
    """With skill fixed at 0.5 a whole process ends in an offer with chance offer_rate."""
    p = guide.Params(initial_skill=0.5, learning_rate=0, live_processes=0, offer_rate=0.3,
                     bargaining_speedup=0)
    df = guide.simulate(p, runs=4000, weeks=40, seed=5)
    offers, invites = at_end(df, "offers").sum(), at_end(df, "invitations").sum()
    active = df.query("week == 40")[["active_processes", "open_offers"]].to_numpy().sum()
    assert abs(offers / (invites - active) - 0.3) < 0.015


def test_process_length_matches_process_weeks():
    """One process, no rivals: rounds arrive at rate rounds / process_weeks per week."""
    p = guide.Params(process_weeks=6, rounds=3, applications_per_week=0, live_processes=1,
                     offer_rate=0.9, skill_effect=0)
    assert_allclose(_model.round_chance(p, 0), 0.5)
    df = guide.simulate(p, runs=3000, weeks=1, seed=1)
    assert abs(at_end(df, "interviews_attended").mean() - 0.5) < 0.03


# --- practice ---------------------------------------------------------------------------

def test_learning_curve_has_diminishing_returns():
    p = guide.Params(initial_skill=0.2, learning_rate=0.2, transfer=0.0, applications_per_week=0,
                     live_processes=1, rounds=6, offer_rate=0.9, skill_effect=0,
                     process_weeks=1)
    df = guide.simulate(p, runs=20, weeks=6, seed=0)
    checked = 0
    for _, run in df.groupby("run"):
        for col in ("skill_phone", "skill_video", "skill_panel", "skill_hands_on"):
            gains = np.diff(run[col].to_numpy(np.float64))
            gains = gains[gains > 1e-6]  # weeks with one interview in this format
            checked += len(gains) >= 2
            assert np.all(np.diff(gains) < 0), col
    assert checked > 5


def test_skill_update_formula_with_transfer():
    p = guide.Params(initial_skill=0.3, learning_rate=0.2, transfer=0.5, applications_per_week=0,
                     live_processes=1, rounds=1, process_weeks=1, bargaining_speedup=0)
    df = guide.simulate(p, runs=50, weeks=1, seed=0)
    row = df[df["week"] == 1].iloc[0]
    attended = [c for c in ("skill_phone", "skill_video", "skill_panel", "skill_hands_on")
                if row[c] > 0.3 + 0.2 * 0.7 - 1e-6]
    assert len(attended) == 1  # one later-round interview: one format learned fully
    others = {c for c in ("skill_phone", "skill_video", "skill_panel", "skill_hands_on")} \
        - set(attended)
    assert_allclose(row[attended[0]], 1 - 0.7 * 0.8, rtol=1e-6)
    for c in others:
        assert_allclose(row[c], 1 - 0.7 * 0.9, rtol=1e-6)


def test_no_learning_keeps_skill_constant():
    p = guide.Params(learning_rate=0)
    df = guide.simulate(p, runs=200, weeks=15, seed=1)
    assert_allclose(df["practice"], p.initial_skill, rtol=1e-6)


def test_skill_raises_pass_chance_and_noise_dilutes_it():
    p = guide.Params()
    low, high = _model.pass_chance(p, 0.1), _model.pass_chance(p, 0.9)
    assert high > low
    noisy = p.replace(performance_noise=3)
    assert _model.pass_chance(noisy, 0.9) - _model.pass_chance(noisy, 0.1) < high - low
    assert_allclose(_model.pass_chance(p, 0.5) ** p.rounds, p.offer_rate)


def test_practice_brings_more_offers():
    base = guide.Params(initial_skill=0.1)
    fast = guide.simulate(base.replace(learning_rate=0.4), runs=3000, weeks=26, seed=9)
    none = guide.simulate(base.replace(learning_rate=0.0), runs=3000, weeks=26, seed=9)
    assert at_end(fast, "offers").mean() > 1.1 * at_end(none, "offers").mean()


# --- surprise ---------------------------------------------------------------------------

def test_postings_without_noise_reveal_fit_exactly():
    p = guide.Params(posting_noise=0)
    u = np.array([0.1, 0.5, 0.9])
    assert_allclose(_model.fit_from_percentile(p, u, np.ones(3) * 5),
                    [-1.2815515655, 0.0, 1.2815515655], atol=1e-8)


def test_fit_given_posting_has_the_right_spread():
    p = guide.Params(posting_noise=1.0)
    rng = np.random.default_rng(0)
    fit = _model.fit_from_percentile(p, rng.random(200_000), rng.standard_normal(200_000))
    assert abs(fit.mean()) < 0.01 and abs(fit.std() - 1) < 0.01  # fit is N(0, 1) overall


def test_low_interest_posting_can_surprise_only_with_noise():
    noisy = guide.decide(guide.Params(), guide.Interview(interest=1), runs=3000, weeks=8,
                         seed=2, drivers=False)
    exact = guide.decide(guide.Params(posting_noise=0, bargaining_uplift=0),
                         guide.Interview(interest=1), runs=3000, weeks=8, seed=2,
                         drivers=False)
    assert noisy.own_acceptable_chance > 0.02
    assert exact.own_acceptable_chance == 0  # lowest quintile is all below the threshold
    assert exact.own_offer_chance > 0.1


def test_interest_levels_are_quintiles():
    lv = _model.interest_from_percentile(np.array([0.0, 0.19, 0.2, 0.5, 0.99, 1.0]))
    assert lv.tolist() == [1, 1, 2, 3, 5, 5]


# --- bargaining -------------------------------------------------------------------------

def test_rivals_speed_companies_up_to_a_cap():
    p = guide.Params(bargaining_speedup=0.5, bargaining_cap=2, process_weeks=10)
    assert _model.round_chance(p, 0) < _model.round_chance(p, 1) < _model.round_chance(p, 2)
    assert _model.round_chance(p, 2) == _model.round_chance(p, 5)
    assert _model.round_chance(p.replace(process_weeks=1, rounds=3), 3) == 1.0


def test_rivals_improve_offers():
    base = guide.Params(live_processes=3, applications_per_week=0)
    up = guide.simulate(base.replace(bargaining_uplift=0.5), runs=4000, weeks=20, seed=6)
    flat = guide.simulate(base.replace(bargaining_uplift=0.0), runs=4000, weeks=20, seed=6)
    assert at_end(up, "acceptable_offers").mean() > at_end(flat, "acceptable_offers").mean()
    assert_allclose(at_end(up, "offers").mean(), at_end(flat, "offers").mean())


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
    assert at_end(picky, "reputation").mean() < 0.8
    assert at_end(picky, "interviews_cancelled").mean() > 1


def test_reputation_damage_fades_with_half_life():
    for word, same in ((0.3, 0.0), (0.0, 0.8)):  # industry-wide, then same company
        p = guide.Params(industry_size=10, recruiter_network=10, reputation_half_life_weeks=4,
                         applications_per_week=0, live_processes=0, industry_penalty=word,
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
    assert set(r.drivers["driver"]) == {"the interview's own offer chance", "practice",
                                        "surprise", "bargaining", "reputation", "time cost"}
    assert "Attend" in r.verdict() or "close" in r.verdict()


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


def test_with_mechanisms_off_the_advantage_is_the_interviews_own_offer_chance():
    off = guide.Params(learning_rate=0, posting_noise=0, industry_penalty=0,
                       same_company_penalty=0, prep_cost_applications=0, bargaining_speedup=0,
                       bargaining_uplift=0)
    r = guide.decide(off, guide.Interview(), runs=20000, weeks=13, seed=3, drivers=False)
    s = r.summary.set_index("metric")
    assert_allclose(s.loc["offers", "difference"], r.own_offer_chance, atol=0.015)
    assert_allclose(s.loc["reputation", "difference"], 0)


def test_decide_rejects_bad_input(params):
    with pytest.raises(ValueError, match="interview=3 is not a guide.Interview"):
        guide.decide(params, 3)
    with pytest.raises(ValueError, match="weeks=0"):
        guide.decide(params, guide.Interview(), weeks=0)


# --- summaries --------------------------------------------------------------------------

def test_summarize_bands(small_frame):
    s = guide.summarize(small_frame)
    assert {"policy", "week", "metric", "mean", "low", "median", "high"} <= set(s.columns)
    assert (s["low"] <= s["median"]).all() and (s["median"] <= s["high"]).all()
    assert (s["low"] <= s["mean"] + 1e-9).all() and (s["mean"] <= s["high"] + 1e-9).all()
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
        assert_allclose(table.loc[pol.name, "acceptable_offers"],
                        end["acceptable_offers"].mean())
        first = guide.first_acceptable_week(df)["week"]
        assert_allclose(table.loc[pol.name, "share_with_acceptable"], first.notna().mean())
