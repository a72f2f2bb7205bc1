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
    got = end_means(df, ["invitations", "interviews_attended", "offers", "acceptable_offers",
                         "practice", "reputation"])
    assert_allclose(list(got.values()),
                    [10.0095, 20.673, 2.708, 1.4495, 0.7334703152775764, 1.0], rtol=RTOL)


def test_default_search_cancel_below_three():
    pol = guide.cancel_below(3, notice="same_day")
    df = guide.simulate(guide.Params(), pol, runs=2000, weeks=26, seed=2026)
    got = end_means(df, ["invitations", "interviews_attended", "interviews_cancelled",
                         "offers", "acceptable_offers", "practice", "reputation"])
    assert_allclose(list(got.values()),
                    [10.6905, 13.5055, 4.1495, 1.7205, 1.1965, 0.6269626994431019,
                     0.9665734634995461], rtol=RTOL)


def test_default_decision():
    r = guide.decide(guide.Params(), guide.Interview(), runs=2000, weeks=13, seed=2026)
    diff = r.summary.set_index("metric")["difference"]
    assert_allclose(diff[["offers", "acceptable_offers", "p_acceptable", "weeks_to_acceptable",
                          "interviews_attended"]],
                    [0.1965, 0.0785, 0.0335, -0.4275, 1.6115], rtol=RTOL, atol=1e-12)
    assert_allclose([r.own_offer_chance, r.own_acceptable_chance], [0.191, 0.0675])
    drivers = r.drivers.set_index("driver")["acceptable_offers"]
    assert_allclose(drivers[["surprise", "time cost", "practice"]], [0.0695, -0.042, 0.0295],
                    atol=1e-9)
