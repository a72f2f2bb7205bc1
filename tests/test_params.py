"""Parameters: validation, copy-on-update, metadata and the CSV of sources."""

import csv
import dataclasses
from pathlib import Path

import pytest

import guide
import guide.model.params

ROOT = Path(__file__).resolve().parents[1]


def test_defaults_are_valid_and_frozen(params):
    assert params.applications_per_week == guide.spec("applications_per_week").default
    with pytest.raises(dataclasses.FrozenInstanceError):
        params.rounds = 2


def test_replace_returns_new_object_and_leaves_original(params):
    changed = params.replace(rounds=2, learning_rate=0.2)
    assert (changed.rounds, changed.learning_rate) == (2, 0.2)
    assert params.rounds == 3 and params.learning_rate == guide.spec("learning_rate").default


@pytest.mark.parametrize(
    ("changes", "words"),
    [
        ({"invite_rate": 1.5}, ["invite_rate=1.5", "from 0.005 to 0.6"]),
        ({"rounds": 0}, ["rounds=0", "from 1 to 6"]),
        ({"rounds": 2.5}, ["rounds=2.5", "whole number"]),
        ({"applications_per_week": "four"}, ["applications_per_week='four'", "not a number"]),
        ({"learning_rate": float("nan")}, ["learning_rate=nan", "from 0 to 0.6"]),
        ({"industry_size": True}, ["industry_size=True", "not a number"]),
        ({"offer_rate": None}, ["offer_rate=None", "not a number"]),
    ],
)
def test_invalid_values_name_field_value_and_range(changes, words):
    with pytest.raises(ValueError) as info:
        guide.Params(**changes)
    for w in words:
        assert w in str(info.value)


def test_replace_rejects_unknown_field(params):
    with pytest.raises(ValueError, match="unknown parameter 'speed'; allowed: applications"):
        params.replace(speed=3)


def test_more_notice_may_not_cost_more():
    with pytest.raises(ValueError, match="notice_cost_day_or_more=0.8 is larger"):
        guide.Params(notice_cost_day_or_more=0.8, notice_cost_same_day=0.5)


def test_whole_number_fields_are_stored_as_int():
    p = guide.Params(rounds=4.0, industry_size=50.0)
    assert type(p.rounds) is int and type(p.industry_size) is int


def test_every_spec_is_complete():
    for name, s in guide.specs().items():
        assert s.min <= s.default <= s.max, name
        assert s.step > 0 and s.unit and s.label and s.help.endswith("."), name
        assert s.mechanism in guide.MECHANISMS, name
        assert s.source, name
        if s.integer:
            assert float(s.step).is_integer() and float(s.default).is_integer(), name
        lo, hi = s.plausible
        assert s.min <= lo < hi <= s.max, name


def test_every_mechanism_has_parameters():
    used = {s.mechanism for s in guide.specs().values()}
    assert used == set(guide.MECHANISMS)


def test_unsourced_figures_say_assumption():
    """A source either cites a published figure (with a year) or says it is an assumption."""
    for name, s in guide.specs().items():
        cites_year = any(str(y) in s.source for y in range(1979, 2027))
        assert cites_year or "assumption" in s.source, name


def test_csv_is_generated_from_the_specs():
    """data/parameters.csv is the specs' own table: run `make parameters` after a change."""
    text = (ROOT / "data" / "parameters.csv").read_text(encoding="utf-8")
    assert text == guide.model.params.parameter_csv()
    rows = list(csv.DictReader(text.splitlines()))
    assert [r["name"] for r in rows] == list(guide.field_names())


def test_every_driver_is_switched_off_by_its_specs():
    off = guide.model.params.switch_off()
    assert set(off) == set(guide.model.params.DRIVERS) and all(off.values())
    for changes in off.values():
        p = guide.Params().replace(**changes)
        assert all(getattr(p, k) == v for k, v in changes.items())


def test_to_dict_round_trips(params):
    assert guide.Params(**params.to_dict()) == params


def test_policy_and_interview_validation():
    with pytest.raises(ValueError, match="notice='tomorrow' is not allowed; choose one of"):
        guide.Policy(notice="tomorrow")
    with pytest.raises(ValueError, match="cancel_below=9"):
        guide.Policy(cancel_below=9)
    with pytest.raises(ValueError, match="max_live=-1"):
        guide.Policy(max_live=-1)
    with pytest.raises(ValueError, match="format='zoom' is not allowed"):
        guide.Interview(format="zoom")
    with pytest.raises(ValueError, match="interest=0 is not allowed"):
        guide.Interview(interest=0)
    with pytest.raises(ValueError, match="reason='sorry'"):
        guide.Interview(reason="sorry")


def test_errors_name_the_argument_shorten_the_value_and_add_up():
    """Raw TypeErrors and OverflowErrors, a megabyte echoed, doubled cell counts: each
    error now names the argument, shows at most 40 characters of the value and says
    what is allowed."""
    import guide

    for source in (None, 123, b"x.csv"):
        with pytest.raises(TypeError, match=r"^source=.{1,45} is not a pipeline: give the path"):
            guide.load_pipeline(source)
    with pytest.raises(ValueError, match=r"^industry_size=1000.{36}\.\.\. is out of range"):
        guide.Params(industry_size=10**400)
    with pytest.raises(ValueError, match=r"= 19,000 x 520 x 2 = 19,760,000 is more"):
        guide.decide(guide.Params(), guide.Interview(interest=2, format="video"),
                     runs=19_000, weeks=520)
    with pytest.raises(ValueError) as huge:
        guide.Interview(interest=2, format="video", reason="x" * 10**6)
    assert len(str(huge.value)) < 200 and str(huge.value).startswith("reason='xxx")
