"""The interview a decision is about, and what attending it takes."""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from .._checks import check_choice
from .._vocabulary import CANCEL_REASONS, FORMATS, INTEREST_LEVELS, NOTICES
from .params import Params
from .rules import format_hours

MAX_INTERVIEW_HOURS = 80.0


@dataclass(frozen=True)
class Interview:
    """The interview you are thinking of cancelling.

    Attributes:
        interest: How appealing the posting looks, 1 (least) to 5 (most): the quintile
            among postings you apply to.
        format: ``"phone"``, ``"video"``, ``"panel"`` or ``"hands_on"``.
        notice: Notice you would give if you cancel: ``"no_show"``, ``"same_day"`` or
            ``"day_or_more"``.
        reason: ``"vague"`` or ``"legitimate"``.
        hours: What attending takes, preparation and travel included (0-80 hours);
            ``None`` means the usual hours of its format (``hours_panel`` ...).
        paid_hours: How many of those hours are paid work you would miss (0 to ``hours``).
    """

    interest: int = 2
    format: str = "panel"
    notice: str = "day_or_more"
    reason: str = "vague"
    hours: float | None = None
    paid_hours: float = 0.0

    def __post_init__(self) -> None:
        check_choice("interest", self.interest, INTEREST_LEVELS)
        check_choice("format", self.format, FORMATS)
        check_choice("notice", self.notice, NOTICES)
        check_choice("reason", self.reason, CANCEL_REASONS)
        if self.hours is not None:
            check_hours("hours", self.hours, MAX_INTERVIEW_HOURS)
        check_hours("paid_hours", self.paid_hours,
                    MAX_INTERVIEW_HOURS if self.hours is None else self.hours)

    def hours_for(self, params: Params) -> float:
        """Hours this interview takes: as given, or its format's usual hours."""
        if self.hours is not None:
            return float(self.hours)
        return float(format_hours(params)[FORMATS.index(self.format)])


def check_hours(name: str, value: object, most: float) -> None:
    """Raise unless ``value`` is a number of hours from 0 to ``most``."""
    if isinstance(value, bool) or not isinstance(value, (int, float, np.floating)) \
            or not math.isfinite(value) or not 0 <= value <= most:
        shown = repr(value)[:40]
        raise ValueError(f"{name}={shown} must be a number of hours from 0 to {most:g}")
