"""Model parameters: one frozen, validated object whose fields carry their own metadata.

Each field of :class:`Params` has a :class:`Spec` in its metadata: default, valid range,
slider step, unit, a short label, a one-sentence meaning and a source (a published figure
from ``shared/calibration.md`` or the word "assumption"). Panels build their controls
from these specs, ``data/parameters.csv`` is generated from them (``make parameters``;
a test fails when the file is stale), and the specs of the parameters that switch a
mechanism off say so (``switches`` and ``off``), which the driver breakdown reads.
"""

from __future__ import annotations

import csv
import dataclasses
import io
import math
import numbers
import sys
from dataclasses import dataclass, field
from typing import Any

MECHANISMS = ("pipeline", "practice", "surprise", "bargaining", "reputation", "value")
DRIVERS = ("practice", "surprise", "bargaining", "reputation", "time cost")
"""The mechanisms "what decides it" switches off, each through the specs that name it."""


@dataclass(frozen=True)
class Spec:
    """Metadata for one parameter.

    Attributes:
        default: Value used when none is given.
        min: Smallest allowed value (inclusive).
        max: Largest allowed value (inclusive).
        step: Slider step; integers for whole-number parameters.
        unit: Unit shown beside the control.
        label: Short control label.
        help: One sentence saying what the parameter means.
        source: The published figure it rests on, or "assumption".
        mechanism: Which of the article's mechanisms it belongs to.
        integer: Whether only whole numbers are allowed.
        plausible_range: The values a reasonable person might hold (the sensitivity view
            uses them); ``None`` means the whole valid range.
        switches: The driver this parameter switches off (in "what decides it"), if any.
        off: The value that switches it off.
    """

    default: float
    min: float
    max: float
    step: float
    unit: str
    label: str
    help: str
    source: str
    mechanism: str
    integer: bool = False
    plausible_range: tuple[float, float] | None = None
    switches: str | None = None
    off: float = 0.0

    @property
    def plausible(self) -> tuple[float, float]:
        """Low and high ends of the plausible range."""
        return self.plausible_range or (self.min, self.max)


def _param(**spec: Any) -> Any:
    s = Spec(**spec)
    return field(default=s.default, metadata={"spec": s})


@dataclass(frozen=True)
class Params:
    """Everything the job-search model assumes, with a unit, a range and a source each.

    Create with keyword arguments (anything left out takes its default) and derive
    variants with :meth:`replace`; an invalid value raises ``ValueError`` naming the
    field, the value and the allowed range.

    Examples:
        >>> p = Params(applications_per_week=6)
        >>> p.replace(learning_rate=0).learning_rate
        0
    """

    # --- pipeline -------------------------------------------------------------------
    applications_per_week: float = _param(
        default=4, min=0, max=40, step=1, unit="applications/week",
        label="Applications per week",
        help="How many applications you send in a typical week.",
        source="assumption, informed by Birinci, See & Wee (FRB St. Louis, 2023): "
               "30% of unemployed searchers sent more than 10 applications a month in 2013-19",
        mechanism="pipeline", plausible_range=(1, 15))
    invite_rate: float = _param(
        default=0.12, min=0.005, max=0.6, step=0.005, unit="probability",
        label="Invitation chance",
        help="Chance that one application leads to an interview invitation.",
        source="Jobvite Recruiting Funnel, 2014 data: about 12% of applicants interviewed "
               "(CareerPlug 2024 reports 3% for small businesses)",
        mechanism="pipeline", plausible_range=(0.03, 0.25))
    rounds: int = _param(
        default=3, min=1, max=6, step=1, unit="rounds", integer=True,
        label="Interview rounds",
        help="How many interview rounds a process has before an offer.",
        source="assumption, consistent with Lever Talent Benchmarks 2019 "
               "(2.5 interviews per candidate on average)",
        mechanism="pipeline", plausible_range=(1, 5))
    offer_rate: float = _param(
        default=0.22, min=0.02, max=0.9, step=0.01, unit="probability",
        label="Offer chance per process",
        help="Chance that a whole interview process ends in an offer for a candidate of "
             "typical starting skill (0.3).",
        source="Jobvite Recruiting Benchmark Report 2018: 17%, 20% and 28% of interviews "
               "led to an offer in 2015-2017 (0.22 is their mean); CareerPlug 2024: 27% "
               "interview to hire",
        mechanism="pipeline", plausible_range=(0.15, 0.4))
    process_weeks: float = _param(
        default=3.4, min=1, max=12, step=0.1, unit="weeks",
        label="Length of a process",
        help="Typical time from the first interview to the decision, before any speed-up; "
             "the first interview comes the week after the invitation.",
        source="Glassdoor Economic Research 2017: 23.8 days on average in the US",
        mechanism="pipeline", plausible_range=(2, 8))
    offer_open_weeks: int = _param(
        default=1, min=1, max=4, step=1, unit="weeks", integer=True,
        label="Weeks an offer stays open",
        help="Weeks you have to answer an offer; while it is open it counts as leverage and "
             "you may wait for a better one.",
        source="Robert Half 2019: 58% of candidates with several offers decided within two days",
        mechanism="pipeline")
    offer_terms_noise: float = _param(
        default=0.45, min=0, max=2, step=0.05, unit="fit units (1 = the usual spread between jobs)",
        label="Surprises in the offer",
        help="How much an offer's terms (pay, start date, conditions) differ from what you "
             "expected after meeting the company; a disappointing offer may be declined.",
        source="calibrated so that about 88% of offers are accepted (Jobvite Recruiting "
               "Funnel, 2014 data); the spread itself is an assumption",
        mechanism="pipeline", plausible_range=(0, 1))
    weeks_searched: int = _param(
        default=6, min=0, max=52, step=1, unit="weeks", integer=True,
        label="Weeks searching so far",
        help="How long you have been searching already; your processes, offers and "
             "practice today are what the same weekly steps build up in that time.",
        source="assumption (a search a few weeks in)",
        mechanism="pipeline", plausible_range=(2, 26))
    hours_per_application: float = _param(
        default=1.0, min=0.25, max=5, step=0.25, unit="hours/application",
        label="Hours per application",
        help="Time one application takes you; with applications per week it sets the hours "
             "your search gets each week, and interviews are paid out of those hours.",
        source="assumption",
        mechanism="pipeline", plausible_range=(0.5, 3))
    hours_phone: float = _param(
        default=1.0, min=0, max=16, step=0.5, unit="hours/interview",
        label="Hours for a phone screen",
        help="Preparation plus the call itself, taken from the time you would spend applying.",
        source="assumption",
        mechanism="pipeline", plausible_range=(0.5, 3),
        switches="time cost")
    hours_video: float = _param(
        default=1.5, min=0, max=16, step=0.5, unit="hours/interview",
        label="Hours for a video call",
        help="Preparation plus the call itself, taken from the time you would spend applying.",
        source="assumption",
        mechanism="pipeline", plausible_range=(0.5, 4),
        switches="time cost")
    hours_panel: float = _param(
        default=3.0, min=0, max=16, step=0.5, unit="hours/interview",
        label="Hours for a group panel",
        help="Preparation, travel and the panel itself; include any paid work you miss.",
        source="assumption",
        mechanism="pipeline", plausible_range=(1.5, 8),
        switches="time cost")
    hours_hands_on: float = _param(
        default=5.0, min=0, max=16, step=0.5, unit="hours/interview",
        label="Hours for a hands-on task",
        help="The task, its preparation and any travel; include any paid work you miss.",
        source="assumption",
        mechanism="pipeline", plausible_range=(2, 12),
        switches="time cost")
    # --- practice -------------------------------------------------------------------
    initial_skill: float = _param(
        default=0.3, min=0, max=1, step=0.05, unit="skill (0-1)",
        label="Starting skill",
        help="Your interview skill in every format at the start (0 = never interviewed, "
             "1 = as good as you will get).",
        source="assumption",
        mechanism="practice", plausible_range=(0.1, 0.7))
    learning_rate: float = _param(
        default=0.1, min=0, max=0.6, step=0.01, unit="share of gap per interview",
        label="Learning per interview",
        help="Share of the gap to full skill that one interview in a format closes, so "
             "the first interviews of a new format teach the most.",
        source="assumption, direction from Smith et al. virtual interview training trials "
               "(2014-2023: more practice interviews, better outcomes)",
        mechanism="practice", plausible_range=(0.02, 0.3),
        switches="practice")
    transfer: float = _param(
        default=0.3, min=0, max=1, step=0.05, unit="share",
        label="Transfer between formats",
        help="Share of what one interview teaches that also helps in the other formats.",
        source="assumption",
        mechanism="practice", plausible_range=(0, 0.7))
    skill_effect: float = _param(
        default=1.0, min=0, max=3, step=0.1, unit="standard scores per unit of skill",
        label="Effect of skill",
        help="How strongly skill raises the chance of passing a round: going from no skill "
             "to full skill moves your performance up by this many standard scores (one "
             "standard score is the usual spread between candidates' performances).",
        source="assumption, direction from Maurer & Solamon (Personnel Psychology, 2006): "
               "coaching raises structured-interview scores",
        mechanism="practice", plausible_range=(0.2, 2))
    performance_noise: float = _param(
        default=1.0, min=0, max=3, step=0.1, unit="standard scores",
        label="Good day, bad day",
        help="Day-to-day swing in how well the same person interviews; more swing means "
             "luck matters more than skill.",
        source="interviewing.io 2016 (over 1,000 interviews): large within-person "
               "variation; the size used here is an assumption",
        mechanism="practice", plausible_range=(0.3, 2))
    # --- surprise -------------------------------------------------------------------
    posting_noise: float = _param(
        default=1.0, min=0, max=3, step=0.1, unit="fit units (1 = the usual spread between jobs)",
        label="Posting noise",
        help="How poorly a job posting describes the real job, relative to how much "
             "jobs really differ (0 = postings tell the whole truth).",
        source="assumption",
        mechanism="surprise", plausible_range=(0.3, 2),
        switches="surprise")
    fit_threshold: float = _param(
        default=-0.6, min=-2, max=2, step=0.1, unit="fit units (1 = the usual spread between jobs)",
        label="The least you would take",
        help="The worst job (its real fit plus anything competition adds) you would ever "
             "take; 0 means half of all jobs would do, -0.6 about three in four. While offers "
             "come often and weeks remain you hold out for more than this.",
        source="assumption, set with the other pipeline figures so that searches end at "
               "the published monthly job-finding rate of 0.283 (Davis, Faberman & "
               "Haltiwanger 2006)",
        mechanism="surprise", plausible_range=(-1, 1))
    # --- bargaining -----------------------------------------------------------------
    bargaining_speedup: float = _param(
        default=0.25, min=0, max=1, step=0.05, unit="per other live process",
        label="Speed-up from competition",
        help="How much faster a company moves for each other live process or open offer "
             "you have.",
        source="assumption (no published figure)",
        mechanism="bargaining", plausible_range=(0, 0.6),
        switches="bargaining")
    bargaining_uplift: float = _param(
        default=0.1, min=0, max=0.5, step=0.01, unit="fit units per other live process",
        label="Better offer from competition",
        help="How much better an offer gets for each other live process or open offer.",
        source="assumption, direction from CIPD 2023: 38% of counteroffers matched and 40% "
               "exceeded the rival salary",
        mechanism="bargaining", plausible_range=(0, 0.3),
        switches="bargaining")
    bargaining_cap: int = _param(
        default=3, min=0, max=10, step=1, unit="processes", integer=True,
        label="Leverage cap",
        help="The most rivals a company can feel: the first other live processes count "
             "almost fully, each further one less, and never more than this many.",
        source="assumption",
        mechanism="bargaining")
    # --- reputation -----------------------------------------------------------------
    industry_size: int = _param(
        default=200, min=5, max=5000, step=5, unit="employers", integer=True,
        label="Industry size",
        help="How many employers in your field you might apply to; in a small field you "
             "meet the same companies and recruiters again.",
        source="assumption",
        mechanism="reputation", plausible_range=(20, 1000))
    recruiter_network: int = _param(
        default=10, min=0, max=200, step=1, unit="employers",
        label="Word of mouth", integer=True,
        help="How many employers hear about one cancellation through recruiters talking.",
        source="assumption (no published figure)",
        mechanism="reputation", plausible_range=(2, 40))
    industry_penalty: float = _param(
        default=0.3, min=0, max=1, step=0.01, unit="share of invitation chance",
        label="Penalty where word spreads",
        help="Share of your invitation chance lost at an employer that heard you skipped "
             "an interview without notice.",
        source="assumption; Indeed 2019 found only a tiny number of ghosters faced "
               "consequences, so keep this uncertain",
        mechanism="reputation", plausible_range=(0, 0.8),
        switches="reputation")
    same_company_penalty: float = _param(
        default=0.8, min=0, max=1, step=0.05, unit="share of invitation chance",
        label="Penalty at the same company",
        help="Share of your invitation chance lost at the company you skipped without "
             "notice, when you apply there again.",
        source="assumption",
        mechanism="reputation", plausible_range=(0.3, 1),
        switches="reputation")
    reputation_half_life_weeks: float = _param(
        default=26, min=1, max=520, step=1, unit="weeks",
        label="Memory of a cancellation",
        help="Weeks until half of the damage from a cancellation has faded.",
        source="assumption",
        mechanism="reputation")
    notice_cost_same_day: float = _param(
        default=0.6, min=0, max=1, step=0.05, unit="share of a no-show's cost",
        label="Cost of a same-day cancel",
        help="Reputation cost of cancelling on the day, as a share of not showing up.",
        source="assumption; Indeed 2019: 84% of employers had a candidate not show up",
        mechanism="reputation")
    notice_cost_day_or_more: float = _param(
        default=0.3, min=0, max=1, step=0.05, unit="share of a no-show's cost",
        label="Cost with a day's notice",
        help="Reputation cost of cancelling a day or more ahead, as a share of not showing up.",
        source="assumption",
        mechanism="reputation")
    legitimate_reason_factor: float = _param(
        default=0.4, min=0, max=1, step=0.05, unit="multiplier",
        label="Honest, legitimate reason",
        help="Multiplies the cost of a cancellation when you give an honest, legitimate "
             "reason (an emergency, illness, an accepted offer) instead of a vague one.",
        source="assumption",
        mechanism="reputation")

    # --- what it is worth to you ----------------------------------------------------
    quality_weeks: float = _param(
        default=13, min=0, max=104, step=1, unit="weeks of pay per fit unit",
        label="Worth of a better job",
        help="How many weeks of pay a job one standard deviation better in fit is worth to "
             "you over the time you will hold it (13 = a quarter of a year's pay).",
        source="assumption",
        mechanism="value", plausible_range=(4, 52))
    time_value: float = _param(
        default=0.5, min=0, max=2, step=0.05, unit="hours of pay per hour",
        label="Worth of an hour of yours",
        help="What one unpaid hour of yours is worth, in hours of the pay of the job you "
             "are looking for (0.5 = half an hour's pay).",
        source="assumption",
        mechanism="value", plausible_range=(0.2, 1))
    pay_ratio: float = _param(
        default=1.0, min=0, max=3, step=0.05, unit="hours of pay per hour",
        label="Pay you would lose, per hour",
        help="An hour of paid work you miss to attend, in hours of the pay of the job you "
             "are looking for (1 = the same hourly pay).",
        source="assumption",
        mechanism="value", plausible_range=(0.3, 1.5))
    weekly_hours: float = _param(
        default=40, min=5, max=60, step=1, unit="hours/week",
        label="Hours in a week of work",
        help="Hours of pay in one week of the job you are looking for.",
        source="assumption (a full-time week)",
        mechanism="value", plausible_range=(20, 45))

    def __post_init__(self) -> None:
        for f in dataclasses.fields(self):
            object.__setattr__(self, f.name, _checked(f.name, getattr(self, f.name)))
        if self.notice_cost_day_or_more > self.notice_cost_same_day:
            raise ValueError(
                f"notice_cost_day_or_more={self.notice_cost_day_or_more} is larger than "
                f"notice_cost_same_day={self.notice_cost_same_day}; more notice may not "
                "cost more, so it must be at most notice_cost_same_day")

    def replace(self, **changes: Any) -> Params:
        """Return a copy with some fields changed (validated like the constructor)."""
        unknown = sorted(set(changes) - set(field_names()))
        if unknown:
            raise ValueError(
                f"unknown parameter {unknown[0]!r}; allowed: {', '.join(field_names())}")
        return dataclasses.replace(self, **changes)

    def to_dict(self) -> dict[str, float]:
        """Return the parameters as a plain ``{name: value}`` dict."""
        return {name: getattr(self, name) for name in field_names()}


def _refuse_unknown_names(cls: type) -> type:
    """Make the constructor answer a misspelt name with ``ValueError``, as ``replace`` does.

    A dataclass's generated ``__init__`` raises ``TypeError`` for an unknown keyword; the
    guide promises one kind of error for every bad input.
    """
    generated = cls.__init__

    def __init__(self: Any, *args: Any, **kwargs: Any) -> None:
        unknown = sorted(set(kwargs) - set(field_names()))
        if unknown:
            raise ValueError(f"unknown parameter {unknown[0]!r}; allowed: "
                             f"{', '.join(field_names())}")
        if args:
            raise ValueError("give parameters by name, e.g. guide.Params(invite_rate=0.1)")
        generated(self, **kwargs)

    __init__.__doc__ = generated.__doc__
    cls.__init__ = __init__
    return cls


def _checked(name: str, value: Any) -> float:
    """Validate one value against its spec and return it normalised."""
    s = spec(name)
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise ValueError(
            f"{name}={value!r} is not a number; it must be "
            f"{'a whole number' if s.integer else 'a number'} from {s.min:g} to {s.max:g} "
            f"({s.unit})")
    shown = repr(value) if len(repr(value)) <= 40 else repr(value)[:40] + "..."
    try:
        finite = math.isfinite(float(value))
    except OverflowError:  # a whole number too large for a float (10**400)
        finite = False
    if not finite or not s.min <= value <= s.max:
        raise ValueError(
            f"{name}={shown} is out of range; it must be from {s.min:g} to {s.max:g} "
            f"({s.unit})")
    if s.integer:
        if float(value) != int(value):
            raise ValueError(
                f"{name}={value!r} must be a whole number from {s.min:g} to {s.max:g} "
                f"({s.unit})")
        return int(value)
    return value


def field_names() -> tuple[str, ...]:
    """Names of all parameters, in the order they are declared."""
    return tuple(f.name for f in dataclasses.fields(Params))


def spec(name: str) -> Spec:
    """Return the :class:`Spec` of one parameter.

    Raises:
        ValueError: ``name`` is not a parameter.
    """
    for f in dataclasses.fields(Params):
        if f.name == name:
            return f.metadata["spec"]
    raise ValueError(f"unknown parameter {name!r}; allowed: {', '.join(field_names())}")


def specs() -> dict[str, Spec]:
    """All parameter specs keyed by name, in declaration order."""
    return {f.name: f.metadata["spec"] for f in dataclasses.fields(Params)}


_refuse_unknown_names(Params)


def switch_off() -> dict[str, dict[str, float]]:
    """For each driver, the parameter values that switch it off (read from the specs)."""
    return {d: {n: s.off for n, s in specs().items() if s.switches == d} for d in DRIVERS}


PARAMETER_COLUMNS = ("name", "mechanism", "default", "min", "max", "plausible_low",
                     "plausible_high", "unit", "meaning", "source")


def parameter_csv() -> str:
    """The text of ``data/parameters.csv``, generated from the specs (the one source)."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(PARAMETER_COLUMNS)
    for name, s in specs().items():
        lo, hi = s.plausible
        writer.writerow([name, s.mechanism, f"{s.default:g}", f"{s.min:g}", f"{s.max:g}",
                         f"{lo:g}", f"{hi:g}", s.unit, s.help, s.source])
    return buf.getvalue()


if __name__ == "__main__":  # python -m guide._params > data/parameters.csv
    sys.stdout.write(parameter_csv())
