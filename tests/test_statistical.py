"""The vectorised model against a plain per-run loop of the same rules (the oracle).

The two use different random draws, so they agree only on average: each mean must lie
within 4.5 standard errors. Slow (several seconds): marked ``slow``.
"""

import math

import numpy as np
import pytest

import guide
from guide.model.reference import reference_simulate
from guide.model.run import run_model

COLUMNS = ("invitations", "first_interviews", "interviews_attended", "interviews_cancelled",
           "offers", "acceptable_offers", "withdrawals", "offers_declined", "interview_hours",
           "practice", "reputation", "employed")

SETTINGS = [
    ("defaults, attend all", guide.Params(), guide.attend_all()),
    ("small industry, no-shows below 3",
     guide.Params(industry_size=20, recruiter_network=15),
     guide.Policy(name="no-shows", cancel_below=3, notice="no_show")),
    ("busy search, custom rule",
     guide.Params(applications_per_week=9.5, invite_rate=0.2, rounds=2, weeks_searched=3,
                  bargaining_speedup=0.6, offer_open_weeks=2, posting_noise=2,
                  fit_threshold=1.0, hours_panel=8, process_weeks=6),
     guide.Policy(name="custom", cancel_below=4, keep_new_formats=True, max_live=2,
                  reason="legitimate")),
]


@pytest.mark.slow
@pytest.mark.parametrize(("label", "params", "policy"), SETTINGS, ids=[s[0] for s in SETTINGS])
def test_vectorised_model_matches_the_loop(label, params, policy):
    weeks = 20
    ref = reference_simulate(params, policy, runs=2500, weeks=weeks, seed=101)
    vec = run_model(params, policy, runs=20000, weeks=weeks, seed=202)
    for col in COLUMNS:
        for week in (5, weeks):
            a = ref[col][:, week].astype(float)
            b = vec[col][:, week].astype(float)
            se = math.sqrt(a.var(ddof=1) / len(a) + b.var(ddof=1) / len(b))
            assert abs(a.mean() - b.mean()) <= 4.5 * se + 1e-9, (label, col, week,
                                                                   a.mean(), b.mean())
    assert np.all(vec["dropped"] == 0)
