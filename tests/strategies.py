"""Hypothesis strategies for valid model inputs, built from the parameter specs."""

from hypothesis import strategies as st

import guide


def value(name):
    s = guide.spec(name)
    if s.integer:
        return st.integers(int(s.min), int(s.max))
    return st.floats(s.min, s.max, allow_nan=False, allow_infinity=False)


@st.composite
def params(draw, **fixed):
    """Any valid Params; keyword arguments fix fields (to keep simulations small)."""
    values = {n: fixed[n] if n in fixed else draw(value(n)) for n in guide.field_names()}
    hi, lo = sorted((values["notice_cost_same_day"], values["notice_cost_day_or_more"]),
                    reverse=True)
    values["notice_cost_same_day"], values["notice_cost_day_or_more"] = hi, lo
    return guide.Params(**values)


# busy but bounded searches so that each example runs in milliseconds
small = {"applications_per_week": st.floats(0, 12), "weeks_searched": st.integers(0, 8)}


@st.composite
def small_params(draw, **fixed):
    extra = {k: draw(v) for k, v in small.items() if k not in fixed}
    return draw(params(**extra, **fixed))


interviews = st.builds(
    guide.Interview,
    interest=st.integers(1, 5),
    format=st.sampled_from(guide.FORMATS),
    notice=st.sampled_from(guide.NOTICES),
    reason=st.sampled_from(guide.CANCEL_REASONS),
)
