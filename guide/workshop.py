"""Workshop mode: presentation styling, the class poll panel, and what the model says.

For instructors who show the guide on a projector and let a room play along.
"""

from __future__ import annotations

import html
import os
import weakref
from datetime import datetime
from pathlib import Path
from typing import Any

import ipywidgets as widgets
import pandas as pd
from IPython.display import display

from . import charts
from ._decision import Interview, decide
from ._files import user_path, write_file
from ._params import Params
from ._poll import ANSWERS, POLL_REASONS, QUESTION, PollStore
from ._vocabulary import INTEREST_LEVELS
from .panels import CONTROL_STYLE, SCENARIOS, ScenarioChooser, error_html
from .panels.base import kernel_loop
from .panels.controls import fit_width

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
.widget-label, .widget-inline-hbox .widget-label { min-width: 260px; }
.widget-slider .noUi-handle { transform: scale(1.4); }
.guide-table td, .guide-table th { padding: 4px 12px; }
</style>
"""

_style_widget: dict[str, widgets.HTML] = {}


def presentation_mode(on: bool = True, *, scale: float = 1.5) -> widgets.HTML:
    """Make charts, text and controls big enough for the back row; ``False`` undoes it.

    Charts are redrawn at ``scale`` times their normal text size, every live panel is
    refreshed, and a style block enlarges notebook text and widgets. Display the returned
    widget once (the last line of a cell does it); later calls change it in place.

    Raises:
        ValueError: ``scale`` is outside 1 to 3.
    """
    if not isinstance(on, bool):
        raise ValueError(f"on={on!r} must be True or False")
    if not 1 <= scale <= 3:
        raise ValueError(f"scale={scale!r} must be from 1 to 3")
    charts.set_scale(scale if on else 1.0)
    style = _style_widget.setdefault("widget", widgets.HTML())
    style.value = PRESENTATION_CSS if on else ""
    for panel in SCENARIOS.panels():
        refresh = getattr(panel, "refresh", None)
        if refresh is not None and getattr(panel, "fig", True) is not None:
            refresh()
    return style


def model_view(params: Params, *, runs: int = 500, weeks: int = 13, seed: int = 0,
               format: str = "panel") -> pd.DataFrame:
    """What attending one interview changes at each interest level (attend minus cancel).

    Returns:
        One row per interest level: ``p_job`` (points of the chance of having taken a job
        within ``weeks``), ``weeks_to_job`` and the model's ``choice``.
    """
    rows = []
    for level in INTEREST_LEVELS:
        r = decide(params, Interview(interest=level, format=format), runs=runs, weeks=weeks,
                   seed=seed, drivers=False)
        rows.append({"interest": level, "p_job": 100 * r.difference("p_job"),
                     "weeks_to_job": r.difference("weeks_to_job"), "choice": r.choice})
    return pd.DataFrame(rows)


def model_sentence(view: pd.DataFrame) -> str:
    """One sentence saying what the model chooses across interest levels."""
    said = {c: view.loc[view["choice"] == c, "interest"].tolist()
            for c in ("attend", "cancel", "too_close")}
    words = {"attend": "attend", "cancel": "cancel", "too_close": "too close to call"}
    if len(said["attend"]) == len(view):
        return ("In this scenario the model says attend at every interest level: attending "
                "raises the chance of having taken a job by "
                f"{view['p_job'].min():.1f} to {view['p_job'].max():.1f} points.")
    parts = [f"{words[c]} at interest {', '.join(str(v) for v in levels)}"
             for c, levels in said.items() if levels]
    return "In this scenario the model says " + "; ".join(parts) + "."


class PollPanel:
    """The class poll: record answers, chart the room live, compare with the model.

    Args:
        folder: Where session files are kept (default: :func:`poll_location`).
        session: Name of this session's file, e.g. ``"2026-11-25-am"``.
        params: Scenario for the model's side (default: the preset in use).
        show_path: Show where the file is (the facilitator's view; not for participants).
        vote_first: Show the room's answers and the model's view only after this
            participant has voted, so nobody is steered before predicting.
        follow: In a live kernel, redraw by itself every ``every`` seconds when new
            answers have arrived (the facilitator's projected view).
    """

    every = 2.0

    def __init__(self, folder: str | os.PathLike | None = None, session: str | None = None,
                 params: Params | None = None, *, show_path: bool = True,
                 vote_first: bool = False, follow: bool = True) -> None:
        where, name = poll_location()
        self.store = PollStore(where if folder is None else folder,
                               name if session is None else session)
        session = self.store.session
        self.scenario = ScenarioChooser(self, params)
        self.params = self.scenario.params
        self.answer = widgets.ToggleButtons(
            options=[(label, key) for key, label in ANSWERS.items()], value=None,
            description="Your answer", style={**CONTROL_STYLE, "button_width": "220px"})
        self.reason = widgets.Dropdown(
            options=[(label, key) for key, label in POLL_REASONS.items()], value="",
            description="Main reason (optional)", style=CONTROL_STYLE, layout=fit_width())
        self.submit = widgets.Button(description="Submit my answer", icon="check",
                                     button_style="primary",
                                     layout=widgets.Layout(width="200px"))
        self.reload = widgets.Button(description="Show the room's latest answers",
                                     icon="refresh", layout=widgets.Layout(width="290px"))
        self.message = widgets.HTML()
        self.error = widgets.HTML()
        self.image = widgets.Image(format="png", layout=widgets.Layout(max_width="100%"))
        self.model_text = widgets.HTML()
        self.submit.on_click(lambda _: self.record())
        self.reload.on_click(lambda _: self.refresh())
        self.view: pd.DataFrame | None = None
        self.fig = None
        self.voted = not vote_first
        self.seen_stamp: int | None = None
        self.export = widgets.Button(description="Save the results as CSV", icon="download",
                                     layout=widgets.Layout(
                                         width="260px", display="" if show_path else "none"))
        self.export.on_click(lambda _: self.export_csv())
        self.widget = widgets.VBox([
            widgets.HTML(f"<h3 style='margin:4px 0'>{html.escape(QUESTION)}</h3>"
                         + (f"<p style='color:#555'>Session <code>{html.escape(session)}"
                            "</code>, saved in <code>"
                            f"{html.escape(str(self.store.path.resolve()))}</code></p>"
                            if show_path else "")),
            self.scenario.dropdown, self.answer, self.reason,
            widgets.HBox([self.submit, self.reload, self.export],
                         layout=widgets.Layout(flex_flow="row wrap")), self.message, self.error,
            self.image, self.model_text])
        self.refresh()
        loop = kernel_loop()
        if follow and loop is not None:
            _follow(weakref.ref(self), loop)

    def record(self) -> int | None:
        """Save the selected answer; returns the number of answers, or None if refused."""
        if self.answer.value is None:
            self.message.value = "<p>Choose an answer first.</p>"
            return None
        try:
            n = self.store.add(self.answer.value, self.reason.value)
        except Exception as exc:
            self.error.value = error_html(exc)
            return None
        self.message.value = f"<p>Thank you: {n} answer{'s' if n != 1 else ''} so far.</p>"
        self.voted = True
        self.answer.value = None
        self.reason.value = ""
        self.refresh()
        return n

    def refresh(self) -> None:
        """Reload every saved answer and redraw the chart."""
        try:
            counts = self.store.counts()
        except Exception as exc:
            self.error.value = error_html(exc)
            self.submit.disabled = True
            return
        self.error.value = ""
        self.submit.disabled = False
        self.seen_stamp = self._stamp()
        if not self.voted:  # vote first: nothing of the room or the model before that
            self.image.value, self.model_text.value = b"", (
                "<p style='color:#555'>Vote first: the room's answers and what the model "
                "says appear once you have answered.</p>")
            return
        if self.view is None:
            self.view = model_view(self.params)
        self.fig = charts.poll_figure(counts, self.view)
        self.image.value = charts.to_png(self.fig)
        self.model_text.value = f"<p>{html.escape(model_sentence(self.view))}</p>"

    def _stamp(self) -> int | None:
        try:
            return self.store.path.stat().st_mtime_ns
        except OSError:
            return None

    def check_for_new_answers(self) -> bool:
        """Redraw if the session file changed since the last look; True if it did."""
        if self._stamp() == self.seen_stamp:
            return False
        self.refresh()
        return True

    def export_csv(self, path: str | os.PathLike | None = None, *,
                   overwrite: bool = False) -> str | None:
        """Save a copy of the answers as CSV (beside the session file by default)."""
        target = path or self.store.path.with_name(
            f"{self.store.session}-results-{datetime.now():%Y%m%d-%H%M%S}.csv")
        try:
            data = self.store.answers().to_csv(index=False).encode("utf-8")
            write_file(target, data, overwrite=overwrite)
        except Exception as exc:
            self.error.value = error_html(exc)
            return None
        self.message.value = f"<p>Saved the results to {html.escape(str(target))}.</p>"
        return str(target)

    def apply_scenario(self, params: Params) -> None:
        """Compare the room with the model under another scenario."""
        self.params = params
        self.view = None
        self.refresh()

    def _ipython_display_(self) -> None:
        display(self.widget)


DEFAULT_POLL_DIR = "~/attend-or-cancel/poll-answers"
DEFAULT_POLL_SESSION = "class"


def poll_location() -> tuple[Path, str]:
    """Where the class poll lives, the same for the app and the facilitator's notebook.

    ``GUIDE_POLL_DIR`` (default ``~/attend-or-cancel/poll-answers``) and
    ``GUIDE_POLL_SESSION`` (default ``class``) choose it once, for every process started
    with them. The folder is absolute, so a notebook's working folder (the app runs from
    ``notebooks/``, the facilitator from ``notebooks/workshop/``) cannot split the room's
    answers over two files.
    """
    folder = user_path(os.environ.get("GUIDE_POLL_DIR") or DEFAULT_POLL_DIR).resolve()
    return folder, os.environ.get("GUIDE_POLL_SESSION") or DEFAULT_POLL_SESSION


def _follow(panel_ref: weakref.ref, loop: Any) -> None:
    """Look for new answers every few seconds while the panel lives (in a kernel)."""
    panel = panel_ref()
    if panel is None:
        return
    panel.check_for_new_answers()
    loop.call_later(panel.every, _follow, panel_ref, loop)


def app_poll(**kwargs: Any) -> PollPanel:
    """The poll as participants see it: vote first, no server path, no export."""
    return PollPanel(show_path=False, vote_first=True, follow=False, **kwargs)
