"""Seeded golden values for the defaults: any change to the model's numbers shows here.

When a change to the model is intended, update these numbers in the same commit and say
why in its message.
"""

from numpy.testing import assert_allclose

import guide

RTOL = 1e-6


def end_means(df, columns):
    end = df[df["week"] == df["week"].max()]
    return {c: float(end[c].astype(float).mean()) for c in columns}


def test_default_search_attend_all():
    df = guide.simulate(guide.Params(), runs=2000, weeks=26, seed=2026)
    got = end_means(df, ["invitations", "interviews_attended", "offers", "employed",
                         "practice", "reputation", "interview_hours"])
    assert_allclose(list(got.values()),
                    [3.2625, 5.6815, 0.902, 0.85, 0.453383453220129, 1.0, 11.399], rtol=RTOL)


def test_default_search_cancel_below_three():
    pol = guide.cancel_below(3, notice="same_day")
    df = guide.simulate(guide.Params(), pol, runs=2000, weeks=26, seed=2026)
    got = end_means(df, ["invitations", "interviews_attended", "interviews_cancelled",
                         "offers", "employed", "practice", "reputation"])
    assert_allclose(list(got.values()),
                    [3.5655, 4.4315, 1.398, 0.8655, 0.824, 0.42607609713077543,
                     0.9895829878151416], rtol=RTOL)


def test_default_decision():
    r = guide.decide(guide.Params(), guide.Interview(), runs=2000, weeks=13, seed=2026)
    diff = r.summary.set_index("metric")["difference"]
    assert_allclose(diff[["p_job", "weeks_to_job", "job_value", "interview_hours",
                          "interviews_attended"]],
                    [0.021, -0.228, -0.019287926631982533, 2.9745, 0.74], rtol=RTOL,
                    atol=1e-12)
    assert_allclose([r.own_offer_chance, r.own_acceptable_chance, r.own_job_chance],
                    [0.0485, 0.0465, 0.0375])
    assert r.choice == "attend"
    drivers = r.drivers.set_index("driver")["p_job"]
    assert_allclose(drivers[["surprise", "practice", "time cost", "the interview itself"]],
                    [0.018016666666666667, 0.009933333333333334, -0.007316666666666667, 0.0],
                    atol=1e-9)
