"""Chart builders: data in, figure out.

Every function takes tables from the model and returns a new
:class:`matplotlib.figure.Figure` (no pyplot state, nothing shown), so charts can be
tested on their artists and turned into PNG bytes for panels. Attend and cancel have the
same two colours everywhere; the palette is Okabe and Ito's, which stays distinct for
colour-blind readers; text is sized for a projector and :func:`set_scale` enlarges it.

:mod:`~guide.charts.base` holds the colours, sizes and rendering; the charts are grouped
by what they show: one decision (:mod:`~guide.charts.decision`), one mechanism or a whole
search (:mod:`~guide.charts.mechanisms`), the room (:mod:`~guide.charts.room`).
"""

from .base import (
    ATTEND,
    CANCEL,
    CHOICE_COLOURS,
    CHOICE_SHORT,
    FORMAT_COLOURS,
    GREY,
    PALETTE,
    chart_title,
    set_scale,
    show,
    to_png,
)
from .decision import FUTURES, decision_figure, drivers_figure, futures_array
from .mechanisms import (
    format_practice_figure,
    habit_figure,
    learning_figure,
    leverage_figure,
    policy_figure,
    reputation_figure,
    surprise_figure,
    tornado_figure,
)
from .room import poll_figure, projection_figure

__all__ = ["ATTEND", "CANCEL", "CHOICE_COLOURS", "CHOICE_SHORT", "FORMAT_COLOURS", "FUTURES",
           "GREY", "PALETTE", "chart_title", "decision_figure", "drivers_figure",
           "format_practice_figure", "futures_array", "habit_figure", "learning_figure",
           "leverage_figure", "policy_figure", "poll_figure", "projection_figure",
           "reputation_figure", "set_scale", "show", "surprise_figure", "to_png",
           "tornado_figure"]
