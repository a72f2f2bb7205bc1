"""Presentation styling for a projector, remembered for every notebook opened after."""

from __future__ import annotations

import ipywidgets as widgets

from .. import _presentation, _session
from ..panels import SCENARIOS


def presentation_mode(on: bool = True, *, scale: float = 1.5) -> widgets.HTML:
    """Make charts, text and controls big enough for the back row; ``False`` undoes it.

    Charts are redrawn at ``scale`` times their normal text size, every live panel is
    refreshed, and a style block enlarges notebook text and widgets. The choice is
    remembered (:mod:`guide._session`): notebooks opened afterwards, and this one after a
    kernel restart, start with it. Display the returned widget once (the last line of a
    cell does it); later calls change it in place.

    Raises:
        ValueError: ``scale`` is outside 1 to 3.
    """
    if not isinstance(on, bool):
        raise ValueError(f"on={on!r} must be True or False")
    if not isinstance(scale, int | float) or isinstance(scale, bool) or not 1 <= scale <= 3:
        raise ValueError(f"scale={scale!r} must be from 1 to 3")
    style = _presentation.apply(on, float(scale))
    _session.save(presentation=on, scale=float(scale))
    for panel in SCENARIOS.panels():
        refresh = getattr(panel, "refresh", None)
        if refresh is not None and getattr(panel, "fig", True) is not None:
            refresh()
    return style
