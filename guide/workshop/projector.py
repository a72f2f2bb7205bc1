"""The projected view: the room's answers, live, and how to join."""

from __future__ import annotations

import html
import os
from pathlib import Path

import ipywidgets as widgets

from .. import _session, charts
from .._access import LIVE_CLASS, ChartImage, access, set_chart
from .._widgets import show
from ..model.params import Params
from ..panels import error_html
from ..panels.live import look_every
from .poll import _Answers
from .roomfile import qr_svg, read_status
from .sessions import current_session
from .store import QUESTION
from .views import model_sentence, model_view


class ResultsView(_Answers):
    """The room's answers for the projector: large, live, no controls to vote with.

    The model's side stays hidden until the facilitator reveals it (predict first). Like
    the poll panel, it follows the scenario menus of this kernel and redraws by itself
    every ``every`` seconds when new answers have arrived.
    """

    words = "The room's answers to the class poll, redrawn as they arrive"

    def __init__(self, folder: str | os.PathLike | None = None, session: str | None = None,
                 params: Params | None = None) -> None:
        self._open(folder, session, params)
        self.heading, self.error, self.model_text = (widgets.HTML() for _ in range(3))
        self.heading.add_class(LIVE_CLASS)  # the count is heard as answers arrive
        # at its own size (crisp), never stretched to the cell: before the reveal the room's
        # chart alone is half as wide, and fits one screen with its heading and button
        self.image = ChartImage(format="png", layout=widgets.Layout(
            max_width="100%", align_self="flex-start"))  # not stretched by its column
        self.reveal = widgets.ToggleButton(description="Show what the model says",
                                           icon="eye", layout=widgets.Layout(width="260px"))
        # shown as it was left: running the cell again never hides the model from the
        # room; a new session (sessions.start_session) hides it
        self.reveal.value = bool(_session.load().get("revealed"))
        self.reveal.observe(self._revealed, names="value")
        self.widget = widgets.VBox([self.heading, self.error, self.image, self.model_text,
                                    widgets.HBox([self.reveal, self.scenario.dropdown],
                                                 layout=widgets.Layout(flex_flow="row wrap")),
                                    access()])
        self.refresh()
        look_every(self.check_for_new_answers, self.every)

    def new_session(self) -> None:
        """Another session started: its answers, with the model hidden again."""
        self.reveal.value = False

    def _revealed(self, change: dict) -> None:
        if bool(_session.load().get("revealed")) != bool(change.new):
            _session.save(revealed=bool(change.new))  # the phones' app follows it
        self.refresh()

    def refresh(self) -> None:
        """Reload the answers and redraw (the model's side only once revealed)."""
        self.seen_stamp = self.store.version()
        try:
            counts = self.store.counts()
        except Exception as exc:
            self.error.value = error_html(exc)
            return
        self.error.value = ""
        total = int(counts["count"].sum())
        self.heading.value = (f"<h2 style='margin:4px 0'>{html.escape(QUESTION)}</h2>"
                              f"<p style='font-size:1.3em; margin:0'>{total} "
                              f"answer{'s' if total != 1 else ''} so far "
                              "<span style='color:#555'>(session "
                              f"{html.escape(self.store.session)})</span></p>")
        if self.reveal.value and self.view is None:
            self.view = model_view(self.params, start=self.scenario.start)
        shown = self.view if self.reveal.value else None
        self.fig = charts.poll_figure(counts, shown)
        set_chart(self.image, charts.to_png(self.fig), self.fig)
        self.model_text.value = (f"<p style='font-size:1.3em'>{html.escape(model_sentence(shown))}"
                                 "</p>" if shown is not None else "")


def join_html(status: dict | None, session: str | None = None) -> str:
    """What the room sees to join: the link and its QR code, large (or how to start).

    ``session`` names the poll session the phones answer in.
    """
    if status is None:
        return ("<div class='guide-join'><p><b>No room is running.</b> To let phones join, "
                "run <code>make room</code> in a terminal on this laptop (on the room's "
                "Wi-Fi); the join link and its QR code then appear here by themselves.</p>"
                "</div>")
    def number(key: str) -> int:  # the status file is only ever trusted as far as this
        value = status.get(key, 0)
        return value if isinstance(value, int) and not isinstance(value, bool) \
            and 0 <= value < 10**6 else 0

    if not isinstance(status.get("link"), str):
        return join_html(None)
    link = html.escape(status["link"][:300])
    people = number("connected")
    crowded = status.get("crowded") if isinstance(status.get("crowded"), dict) else {}
    shared = "; ".join(f"{html.escape(str(a)[:45])} holds {html.escape(str(n)[:6])}"
                       for a, n in list(crowded.items())[:5])
    return (
        "<div class='guide-join' style='display:flex; flex-wrap:wrap; gap:24px; "
        "align-items:center'>"
        f"<div style='background:white; padding:8px'>{_qr(status['link'][:300])}</div>"
        "<div style='min-width:0'><p style='font-size:26px; margin:0 0 8px'>"
        "Scan the code, or type:</p>"
        f"<p style='font-size:22px; font-family:monospace; overflow-wrap:anywhere; "
        f"margin:0 0 12px'>{link}</p>"
        f"<p style='font-size:26px; margin:0'><b>{people}</b> "
        f"{'phone' if people == 1 else 'phones'} connected</p>"
        + (f"<p style='margin:4px 0 0'>Poll session <b>{html.escape(session[:64])}</b></p>"
           if session else "") +
        f"<p style='color:#555; margin:4px 0 0'>{number('ready')} more ready to "
        f"open at once; at most {number('cap')} at a time.</p>"
        + (f"<p style='color:#555; margin:4px 0 0'>More than one place: {shared}. To free "
           "them: <code>.venv/bin/python -m guide.workshop.room --free ADDRESS</code></p>"
           if shared else "") + "</div></div>")


_QR_CACHE: dict[str, str] = {}


def _qr(link: str) -> str:
    if link not in _QR_CACHE:
        _QR_CACHE.clear()
        _QR_CACHE[link] = qr_svg(link, scale=8)
    return _QR_CACHE[link]


class JoinCard:
    """The room's join link, QR code and how many are connected; redraws by itself.

    Args:
        path: The room's status file (default: :func:`guide.workshop.roomfile.room_file`).
    """

    every = 2.0

    def __init__(self, path: str | os.PathLike | None = None) -> None:
        self.path = None if path is None else Path(path)
        self.widget = widgets.HTML()
        self.check_status()
        look_every(self.check_status, self.every)

    def check_status(self) -> bool:
        """Re-read the room's status; True if what is shown changed."""
        try:
            session = current_session()
        except ValueError:
            session = None
        value = join_html(read_status(self.path), session)
        changed = value != self.widget.value
        self.widget.value = value
        return changed

    def _ipython_display_(self) -> None:
        show(self.widget, "How to join the room: its link and QR code, once make room runs")
