"""Every parameter moves what the guide shows, over its whole plausible range.

Each parameter goes from its default to each end of its plausible range; the decision's
numbers (both branches, every metric) must change. A few parameters act only on a
particular kind of interview: those use one (a same-day cancel, an honest reason).
"""

import numpy as np
import pytest

import guide

WHERE_IT_MATTERS = {
    "notice_cost_same_day": guide.Interview(notice="same_day"),
    "legitimate_reason_factor": guide.Interview(reason="legitimate"),
    "notice_cost_day_or_more": guide.Interview(notice="day_or_more"),
    "pay_ratio": guide.Interview(paid_hours=3),
}


def outcome(params, interview):
    r = guide.decide(params, interview, runs=400, weeks=13, seed=5, drivers=False)
    return r.summary[["attend", "cancel"]].to_numpy(float)


def ends(name):
    s = guide.spec(name)
    lo, hi = s.plausible
    return [v for v in (lo, hi) if v != s.default]


@pytest.mark.parametrize("name", guide.field_names())
def test_parameter_changes_the_outcome_at_each_end_of_its_range(name):
    base = guide.Params()
    if name == "notice_cost_same_day":  # more notice may not cost more: make room
        base = base.replace(notice_cost_day_or_more=0.0)
    if name == "notice_cost_day_or_more":
        base = base.replace(notice_cost_same_day=1.0)
    interview = WHERE_IT_MATTERS.get(name, guide.Interview())
    before = outcome(base, interview)
    for value in ends(name):
        after = outcome(base.replace(**{name: value}), interview)
        assert not np.allclose(before, after, equal_nan=True, rtol=0, atol=1e-12), (
            name, value)
