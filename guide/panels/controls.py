"""Controls as data: a panel declares what it needs, one function builds the widgets.

In the manner of Mesa's ``model_params``: a :class:`Slider`, :class:`Choice`,
:class:`Toggle` or :class:`Text` says label, range or options, default, unit and help;
:func:`build` turns it into an ipywidget. Model parameters need no declaration at all:
:func:`param_control` reads everything from the parameter's spec. The controls every
interview panel shares (interest, format, notice, reason, weeks) are declared once here.
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from typing import Any

import ipywidgets as widgets

from .._vocabulary import CANCEL_REASON_LABELS, FORMAT_LABELS, NOTICE_LABELS
from ..model.params import spec

DESCRIPTION_WIDTH = "210px"
CONTROL_STYLE = {"description_width": DESCRIPTION_WIDTH}
WIDTH = "460px"
"""A control's width on a wide screen; on a phone it shrinks to the screen's width."""


def fit_width() -> widgets.Layout:
    """A layout as wide as :data:`WIDTH`, or the screen if that is narrower."""
    return widgets.Layout(width="100%", max_width=WIDTH)


@dataclass(frozen=True)
class Slider:
    """A whole-number slider that updates on release."""

    label: str
    value: int
    lo: int
    hi: int
    help: str
    unit: str = ""


@dataclass(frozen=True)
class Number:
    """A slider of decimal numbers that updates on release."""

    label: str
    value: float
    lo: float
    hi: float
    step: float
    help: str
    unit: str = ""


@dataclass(frozen=True)
class Choice:
    """A dropdown whose options are ``{value: label}``."""

    label: str
    options: dict
    value: Any
    help: str
    unit: str = ""


@dataclass(frozen=True)
class Toggle:
    """A checkbox."""

    label: str
    value: bool
    help: str
    unit: str = ""


@dataclass(frozen=True)
class Text:
    """A one-line text box that updates when you press Enter or leave it."""

    label: str
    placeholder: str
    unit: str = ""


def build(control: Slider | Number | Choice | Toggle | Text) -> widgets.Widget:
    """The widget for one declared control."""
    common = {"description": control.label, "style": CONTROL_STYLE,
              "layout": fit_width()}
    if isinstance(control, Slider):
        return widgets.IntSlider(value=control.value, min=control.lo, max=control.hi, step=1,
                                 tooltip=control.help, continuous_update=False, **common)
    if isinstance(control, Number):
        return widgets.FloatSlider(value=control.value, min=control.lo, max=control.hi,
                                   step=control.step, readout_format=_format(control.step),
                                   tooltip=control.help, continuous_update=False, **common)
    if isinstance(control, Choice):
        return widgets.Dropdown(options=[(v, k) for k, v in control.options.items()],
                                value=control.value, tooltip=control.help, **common)
    if isinstance(control, Toggle):  # its label sits beside the box: no fixed width
        return widgets.Checkbox(value=control.value, tooltip=control.help, indent=False,
                                description=control.label,
                                layout=fit_width())
    return widgets.Text(value="", placeholder=control.placeholder, continuous_update=False,
                        **common)


def nice_steps(lo: int, hi: int) -> list[int]:
    """Round whole numbers from ``lo`` to ``hi``, about evenly spaced on a log scale."""
    out, decade = set(), 1
    while decade <= hi:
        for m in (1, 1.5, 2, 2.5, 3, 4, 5, 6, 7.5):
            v = m * decade
            if lo <= v <= hi and float(v).is_integer():
                out.add(int(v))
        decade *= 10
    return sorted(out | {lo, hi})


def set_control(control: widgets.Widget, value: Any) -> None:
    """Set a control's value; a stepped slider gains the value as a step if it lacks it."""
    if isinstance(control, widgets.SelectionSlider) and value not in control.options:
        control.options = sorted({*control.options, value})
    control.value = value


def param_control(name: str, value: float | None = None) -> widgets.Widget:
    """A slider for one parameter, built from its spec (label, range, step, help).

    A whole number whose range spans more than a hundredfold (industry size: 5 to 5,000)
    moves in round steps that are even on a log scale, so a small drag or one arrow key
    goes from 200 to 250, not to 2,600.
    """
    s = spec(name)
    start = s.default if value is None else value
    if s.integer and s.min > 0 and s.max >= 100 * s.min:
        options = sorted({*nice_steps(int(s.min), int(s.max)), int(s.default), int(start)})
        return widgets.SelectionSlider(
            options=options, value=int(start), description=s.label, tooltip=s.help,
            continuous_update=False, style=CONTROL_STYLE, layout=fit_width())
    cls = widgets.IntSlider if s.integer else widgets.FloatSlider
    kwargs: dict[str, Any] = {} if s.integer else {"readout_format": _format(s.step)}
    return cls(value=start, min=s.min, max=s.max,
               step=s.step, description=s.label, tooltip=s.help, continuous_update=False,
               style=CONTROL_STYLE, layout=fit_width(), **kwargs)


def _format(step: float) -> str:
    decimals = max(0, len(f"{step:g}".partition(".")[2]))
    return f".{decimals}f"


def choice_control(label: str, options: dict, value: Any, tooltip: str) -> widgets.Dropdown:
    """A dropdown whose options are ``{value: label}``."""
    return build(Choice(label, options, value, tooltip))


def int_control(label: str, value: int, lo: int, hi: int, tooltip: str) -> widgets.IntSlider:
    """A whole-number slider that updates on release."""
    return build(Slider(label, value, lo, hi, tooltip))


def labelled(control: widgets.Widget, unit: str) -> widgets.Widget:
    """A control with its unit beside it (below it on a narrow screen)."""
    return widgets.HBox([control, widgets.HTML(f"<span style='color:#555'>{html.escape(unit)}"
                                               "</span>")],
                        layout=widgets.Layout(flex_flow="row wrap", max_width="100%"))


INTEREST = Slider("Interest in the job", 2, 1, 5,
                  "How appealing the posting looks: 1 = among the least appealing fifth of "
                  "jobs you apply to, 5 = the most", unit="1 (low) to 5 (high)")
FORMAT = Choice("Interview format", FORMAT_LABELS, "panel", "What kind of interview it is")
WEEKS_LEFT = Slider("Weeks left in your search", 13, 4, 52, "How far ahead to look",
                    unit="weeks")
HOURS = Number("Hours it takes you", 3.0, 0.0, 40.0, 0.5,
               "Preparation, travel and the interview itself (a group panel usually takes "
               "about 3)", unit="hours")
WEEKS_LEFT_PHONE = Choice("Weeks left in your search",
                          {4: "4 weeks", 8: "8 weeks", 13: "13 weeks (three months)",
                           26: "26 weeks (six months)", 52: "52 weeks (a year)"}, 13,
                          "How far ahead to look", unit="weeks")
"""The same on a phone: a menu, where a slider of 48 steps would move several per pixel
of a thumb's travel."""
HOURS_PHONE = Number("Hours it takes you", 3.0, 0.0, 12.0, 0.5, HOURS.help, unit="hours")
"""The same on a phone: up to a long day, each half hour about 11 pixels of slider."""
PAID_SHARE = Choice("Paid work missed", {0.0: "none", 0.5: "half", 1.0: "all"}, 0.0,
                    "How many of those hours are paid work you would lose to attend")
NOTICE_IF_CANCEL = Choice("If you cancel: notice", NOTICE_LABELS, "day_or_more",
                          "How early you would tell them")
REASON_IF_CANCEL = Choice("If you cancel: reason", CANCEL_REASON_LABELS, "vague",
                          "What you would tell them")
NOTICE_WHEN_CANCELLING = Choice("Notice when cancelling", NOTICE_LABELS, "day_or_more",
                                "How early you cancel")
REASON_WHEN_CANCELLING = Choice("Reason when cancelling", CANCEL_REASON_LABELS, "vague",
                                "What you say")
