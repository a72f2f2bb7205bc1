"""Presentation styling for a projector: larger chart text and a style block for the page.

Shared by :func:`guide.workshop.presentation_mode` (which turns it on or off and
remembers the choice) and the panels (which show the style block with themselves, so
that any notebook opened while presenting is styled, not only the facilitator's).
"""

from __future__ import annotations

import ipywidgets as widgets

from . import _session, charts
from ._widgets import Worded

PRESENTATION_CSS = """
<style>
.jp-Notebook, .jp-RenderedHTMLCommon { --jp-content-font-size1: 22px; }
.jp-RenderedHTMLCommon { font-size: 22px; line-height: 1.45; }
.jp-RenderedHTMLCommon h1 { font-size: 44px; }
.jp-RenderedHTMLCommon h2 { font-size: 34px; }
.jp-Notebook .jp-InputArea-editor { font-size: 19px; }
.jupyter-widgets, .widget-label, .widget-readout, .widget-html, .widget-html-content,
.widget-dropdown select, .widget-button, .widget-toggle-button, .widget-text input,
.guide-table { font-size: 20px !important; }
.widget-label, .widget-inline-hbox .widget-label { min-width: 215px; }
.guide-panel .widget-inline-hbox .widget-label { width: 215px !important; }
.widget-slider .noUi-handle { transform: scale(1.4); }
.guide-table td, .guide-table th { padding: 4px 12px; }
/* 1280x720: controls in two columns (from a cell of 1,000 px, which JupyterLab gives at
   1280 px once its file browser is closed) and the chart right under them, never taller
   than the screen's lower half, so a slider move and its effect share one screen; a
   label too long for its column wraps onto a second line rather than being cut */
.guide-controls { grid-template-columns: repeat(auto-fill, minmax(min(490px, 100%), 1fr))
                  !important; column-gap: 16px; }
.guide-controls .widget-inline-hbox { height: auto !important; min-height: 36px; }
.guide-controls .widget-hslider { width: auto !important; flex: 1 1 auto; min-width: 0; }
.guide-controls .widget-dropdown { width: auto !important; flex: 1 1 auto; min-width: 0; }
.guide-controls .widget-hbox { flex-wrap: nowrap !important; align-items: center; }
.guide-controls .widget-hbox > .widget-html { flex: 0 1 auto; max-width: 150px; }
.guide-controls .widget-html-content { white-space: normal; line-height: 1.1;
    overflow-wrap: anywhere; }
.guide-controls .widget-label { height: auto !important; }
.guide-controls .slider-container { min-width: 100px; }
.guide-controls .widget-readout { flex: 0 0 auto; min-width: 2.5em; margin-right: 6px; }
.guide-chart { max-height: 38vh !important; width: auto !important; max-width: 100%; }
/* labels wrap instead of being cut ("Penalty where word spr...") */
.guide-panel .widget-label, .guide-poll .widget-label { white-space: normal !important;
    overflow: visible !important; text-overflow: clip !important; line-height: 1.15; }
.widget-button, .widget-toggle-button { width: auto !important; min-width: max-content;
    padding: 0 14px; }
</style>
"""

class StyleBlock(Worded, widgets.HTML):
    """The presentation style block (a reader of the saved notebook sees one line)."""

    @property
    def words(self) -> str:
        return "Presentation styling is " + ("on" if self.value else "off")


_style: dict[str, widgets.HTML] = {}


def style_widget() -> widgets.HTML:
    """The one style block of this kernel (empty while not presenting)."""
    return _style.setdefault("widget", StyleBlock())


def apply(on: bool, scale: float = 1.5) -> widgets.HTML:
    """Scale the charts and fill (or empty) the style block; returns the block."""
    charts.set_scale(scale if on else 1.0)
    style = style_widget()
    style.value = PRESENTATION_CSS if on else ""
    return style


def is_on() -> bool:
    """True while presenting."""
    return bool(style_widget().value)


def restore() -> None:
    """Start as the facilitator left it: presenting if the last choice was to present.

    Not in the participants' app: phones keep their own layout.
    """
    if _session.in_app():
        return
    saved = _session.load()
    if saved.get("presentation") and 1 <= saved.get("scale", 1.5) <= 3:
        apply(True, float(saved.get("scale", 1.5)))
