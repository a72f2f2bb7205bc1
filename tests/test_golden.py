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
                    [3.936, 7.8, 0.9845, 0.8545, 0.5695757173597813, 1.0, 15.94075],
                    rtol=RTOL)


def test_default_search_cancel_below_three():
    pol = guide.cancel_below(3, notice="same_day")
    df = guide.simulate(guide.Params(), pol, runs=2000, weeks=26, seed=2026)
    got = end_means(df, ["invitations", "interviews_attended", "interviews_cancelled",
                         "offers", "employed", "practice", "reputation"])
    assert_allclose(list(got.values()),
                    [5.1285, 6.38, 2.207, 0.8295, 0.7565, 0.5226325892060996,
                     0.9792999716699123], rtol=RTOL)


def test_default_decision():
    r = guide.decide(guide.Params(), guide.Interview(), runs=2000, weeks=13, seed=2026)
    diff = r.summary.set_index("metric")["difference"]
    assert_allclose(diff[["net_value", "gain_value", "p_job", "weeks_in_work", "job_value",
                          "interview_hours", "interviews_attended"]],
                    [13.512219814270583, 15.012219814270583, 0.059, 0.6505,
                     0.0013692888127721614, 3.926, 1.111], rtol=RTOL, atol=1e-12)
    assert_allclose([r.own_offer_chance, r.own_acceptable_chance, r.own_job_chance],
                    [0.128, 0.1085, 0.0905])
    assert r.choice == "attend"
    drivers = r.drivers.set_index("driver")["gain_value"]
    assert_allclose(drivers[["the job differing from its posting",
                             "the job as its posting shows it", "bargaining power",
                             "practice", "reputation", "other interviews' hours"]],
                    [11.984066301394847, -5.156603321506642, 4.584617120682493,
                     2.5825447980285983, 1.2906549476288505, -0.2730600319575637],
                    rtol=1e-6)


README_CASES = {
    "interest 2, group panel, 3 hours (the default)": (guide.Interview(), None),
    "interest 1, group panel, 12 hours": (guide.Interview(interest=1, hours=12), None),
    "interest 1, hands-on task, 8 hours": (
        guide.Interview(interest=1, format="hands_on", hours=8), None),
    "interest 5, video call, 1.5 hours": (guide.Interview(interest=5, format="video"), None),
    "interest 3, group panel, 8 hours of paid work missed": (
        guide.Interview(interest=3, hours=8, paid_hours=8), None),
    "an interest-5 offer due this week; phone screen, 1 hour": (
        guide.Interview(format="phone", hours=1), guide.Start(offers=((5, 1),))),
    "the same offer; hands-on task, 16 hours": (
        guide.Interview(format="hands_on", hours=16), guide.Start(offers=((5, 1),))),
}


def readme_rows():
    """The rows of README's two answer tables, computed now (runs=4000, seed 0)."""
    p = guide.Params()
    rows = []
    for weeks in (13, 26, 52):
        r = guide.decide(p, guide.Interview(), runs=4000, weeks=weeks, seed=0, drivers=False)
        n = r.row("net_value")
        rows.append(f"| {weeks} weeks | {n['difference']:+.1f} ({n['low']:+.1f} to "
                    f"{n['high']:+.1f}) | {100 * r.difference('p_job'):+.1f} | "
                    f"{r.difference('weeks_in_work'):+.2f} | {r.break_even:.0f} | "
                    f"{guide.CHOICE_WORDS[r.choice]} |")
    for name, (interview, start) in README_CASES.items():
        r = guide.decide(p, interview, runs=4000, seed=0, start=start, drivers=False)
        n = r.row("net_value")
        rows.append(f"| {name} | {n['difference']:+.1f} ({n['low']:+.1f} to "
                    f"{n['high']:+.1f}) | {100 * r.difference('p_job'):+.1f} | "
                    f"{r.break_even:.0f} | {guide.CHOICE_WORDS[r.choice]} |")
    return rows


def test_readme_figures_are_the_models():
    """README's answer tables and calibration figures, recomputed from the model."""
    from pathlib import Path

    from guide import calibration

    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    for line in readme_rows():
        assert line in readme, line
    for f in calibration.measure():
        line = f"| {f.label} | {f.model:.3f} | {f.published} |"
        assert line in readme, line


if __name__ == "__main__":  # python -m tests.test_golden prints README's rows
    print("\n".join(readme_rows()))
    from guide import calibration

    for f in calibration.measure():
        print(f"| {f.label} | {f.model:.3f} | {f.published} |")
