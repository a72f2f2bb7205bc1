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


def test_readme_figures_are_the_models():
    """README's table of how the answer changed, and its calibration figures, recomputed."""
    import re
    from pathlib import Path

    from guide.model import run as _run

    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    p = guide.Params()
    for weeks in (13, 26, 52):
        r = guide.decide(p, guide.Interview(), runs=4000, weeks=weeks, seed=0, drivers=False)
        row = r.row("p_job")
        line = (f"| {weeks} weeks | {r.difference('acceptable_offers'):+.3f} | "
                f"{100 * row['difference']:+.1f} ({100 * row['low']:+.1f} to "
                f"{100 * row['high']:+.1f}) | {r.difference('weeks_to_job'):+.2f} | "
                f"{r.choice} |")
        assert line in readme, line
    runs = _run.run_model(p, guide.attend_all(), 20000, 52, 0)
    taken = runs["employed"][:, -1].sum()
    share = taken / (taken + runs["offers_declined"][:, -1].sum())
    assert f"{share:.0%} of offers answered are taken" in readme
    assert f"{runs['employed'][:, 13].mean():.0%} of searches have taken a job" in readme
    assert f"the first month runs faster, {runs['employed'][:, 4].mean():.0%} against" \
        in re.sub(r"\s+", " ", readme)
    cancel = guide.decide(p.replace(hours_hands_on=12),
                          guide.Interview(interest=1, format="hands_on"), drivers=False)
    assert cancel.choice == "cancel"
    assert f"hands-on task: {100 * cancel.difference('p_job'):.1f} points" in \
        re.sub(r"\s+", " ", readme)
