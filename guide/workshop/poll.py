"""The class poll: participants vote, the room's answers and the model's view follow."""

from __future__ import annotations

import html
import os
import re
import weakref
from datetime import datetime
from typing import Any

import anywidget
import ipywidgets as widgets
import pandas as pd
import traitlets

from .. import _session, charts
from .._access import LIVE_CLASS, ChartImage, access, set_chart
from .._files import write_file
from .._widgets import Worded, show
from ..model.params import Params
from ..panels import CONTROL_STYLE, ScenarioChooser, error_html
from ..panels.controls import fit_width
from ..panels.live import kernel_loop, look_every
from .sessions import open_store, store_location
from .store import ANSWERS, POLL_REASONS, QUESTION
from .views import model_sentence, model_view

_DEVICE_KEY = re.compile(r"^[A-Za-z0-9-]{16,64}\Z")
"""What a browser's key looks like (the same test as in :data:`DEVICE_JS`)."""

DEVICE_JS = """
const NAME = "attend-or-cancel-device";
function render({ model, el }) {
  let key = "";
  try { key = localStorage.getItem(NAME) || ""; } catch (e) { key = ""; }
  if (!/^[A-Za-z0-9-]{16,64}$/.test(key)) {
    const bytes = new Uint8Array(16);
    crypto.getRandomValues(bytes);  // also on plain http, unlike crypto.randomUUID
    key = Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
    try { localStorage.setItem(NAME, key); } catch (e) { /* private mode: this page only */ }
  }
  model.set("key", key);
  model.save_changes();
  el.style.display = "none";
}
export default { render };
"""


class DeviceKey(anywidget.AnyWidget):
    """A random key the participant's browser keeps for the app: one answer per device.

    Nothing personal: 16 random bytes made in the browser and kept in its local storage
    for the app's address, so that a phone that reloads the page, or whose kernel was
    culled while it slept, is still the same voter.
    """

    _esm = DEVICE_JS
    key = traitlets.Unicode("").tag(sync=True)


PULSE_EVERY = 2.0
"""Seconds between the page's questions to its kernel, "still there?"."""
PULSE_LOST = 8.0
"""Seconds without an answer before the page says it has lost touch with the room."""

PULSE_JS = """
function render({ model, el }) {
  const EVERY_MS = model.get("every_ms"), LOST_MS = model.get("lost_ms");
  el.style.display = "none";
  let last = Date.now(), asked = 0;
  const banner = document.createElement("div");
  banner.className = "guide-room-lost";
  banner.setAttribute("role", "alert");
  banner.style.cssText = "position:fixed; left:0; right:0; top:0; z-index:10000; " +
    "background:#FFF4CE; color:#1A1A1A; border-bottom:3px solid #8A6D00; " +
    "padding:12px 16px; font:17px/1.45 system-ui, sans-serif; display:none";
  banner.innerHTML = "<b>Lost touch with the room.</b> If this message stays, the room " +
    "has closed or this link is out of date: scan the code on the screen again.";
  document.body.appendChild(banner);
  model.on("msg:custom", (msg) => {
    if (msg && msg.pong !== undefined) { last = Date.now(); banner.style.display = "none"; }
  });
  const timer = setInterval(() => {
    try { model.send({ ping: ++asked }); } catch (e) { /* closed: no answer will come */ }
    if (Date.now() - last > LOST_MS) banner.style.display = "block";
  }, EVERY_MS);
  return () => { clearInterval(timer); banner.remove(); };
}
export default { render };
"""


class Pulse(anywidget.AnyWidget):
    """Whether the participant's page still reaches its kernel, said on the page.

    The page asks every :data:`PULSE_EVERY` seconds and the kernel answers; when no
    answer has come for :data:`PULSE_LOST` seconds (the room closed or restarted, the
    kernel was culled, the phone left the Wi-Fi), the page says so at its top, and the
    message goes once answers come back. The page asks, not the kernel: a kernel whose
    page has gone hears nothing and stays idle, so the room still culls it.
    """

    _esm = PULSE_JS
    every_ms = traitlets.Int(int(PULSE_EVERY * 1000)).tag(sync=True)
    lost_ms = traitlets.Int(int(PULSE_LOST * 1000)).tag(sync=True)

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.on_msg(self._asked)

    def _asked(self, widget: Any, content: Any, buffers: Any) -> None:
        """Answer the page's question (anything else a page sends is ignored)."""
        if isinstance(content, dict) and isinstance(content.get("ping"), int) \
                and not isinstance(content.get("ping"), bool):
            self.send({"pong": content["ping"]})


PHONE_STYLE = """<style>
@media (max-width: 600px) {
  /* a control's name above it, the control the screen's width: nothing cut, a thumb's
     reach for every step */
  .widget-inline-hbox { flex-wrap: wrap !important; height: auto !important; }
  .widget-inline-hbox > .widget-label { width: 100% !important; max-width: none !important;
    text-align: left !important; justify-content: flex-start !important; }
  .widget-dropdown > select { flex: 1 1 100% !important; width: 100% !important;
    max-width: 100% !important; min-height: 40px; font-size: 16px;
    box-sizing: border-box !important; }
  .widget-hslider { width: 100% !important; max-width: 100% !important; }
  .widget-hslider .slider-container { flex: 1 1 auto !important; min-width: 0 !important;
    height: 44px; display: flex !important; align-items: center; }
  .widget-hslider .slider-container > .slider { flex: 1 1 auto; }
  .widget-hslider .noUi-handle { width: 30px !important; height: 30px !important;
    top: -12px !important; right: -15px !important; border-radius: 50% !important; }
  .widget-readout { min-width: 4em; font-size: 16px; }
  /* the answers: one a line, as wide as the screen allows, long words wrapped (a phone
     at 200% text is 195 pixels wide) */
  .widget-toggle-buttons { flex-wrap: wrap !important; height: auto !important; }
  .widget-toggle-buttons > .widget-label { width: 100% !important; max-width: none !important;
    text-align: left !important; justify-content: flex-start !important; }
  .widget-toggle-buttons .widget-toggle-button { margin-left: 0 !important;
    margin-right: 0 !important; }
  .jupyter-widgets button { max-width: 100% !important; white-space: normal !important;
    height: auto !important; min-height: 36px; }
  /* text wraps to the screen; a table wider than it scrolls inside its own box */
  .widget-html { min-width: 0 !important; max-width: 100% !important; }
  .widget-html-content { min-width: 0 !important; max-width: 100% !important;
    overflow-x: auto; }
}
</style>"""
"""Controls sized for a phone's screen and thumb (the participants' app only)."""


class _Answers:
    """What the poll panel and the projected results share.

    One session file, a scenario for the model's side, and a redraw whenever the file
    changes. Unless opened on a session of their own, they follow the session started
    last on this machine (:func:`guide.workshop.sessions.start_session`).
    """

    every = 2.0  # seconds between looks at the file, in a live kernel
    words = ""  # what a saved notebook shows where the widget cannot run

    def _open(self, folder: str | os.PathLike | None, session: str | None,
              params: Params | None) -> None:
        self.fixed = folder is not None or session is not None  # its own session: no following
        self.store = open_store(folder, session)
        self.session_stamp = _session.stamp()
        self.scenario = ScenarioChooser(self, params)
        self.params = self.scenario.params
        self.view: pd.DataFrame | None = None
        self.fig = None
        self.seen_stamp: tuple[int, int] | None = None

    def refresh(self) -> None:
        """Reload the answers and redraw."""
        raise NotImplementedError

    def check_for_new_answers(self) -> bool:
        """Redraw if the session or its answers changed since the last look; True if so."""
        if not self.follow_session() and self.store.version() == self.seen_stamp:
            return False
        self.refresh()
        return True

    def follow_session(self) -> bool:
        """Move to the session started last on this machine, if it changed; True if so."""
        stamp = _session.stamp()
        if self.fixed or stamp == self.session_stamp:
            return False
        self.session_stamp = stamp
        try:
            where, name = store_location()
        except ValueError:
            return False
        if (where, name) == (self.store.folder, self.store.session):
            return False
        self.store = open_store() if where is None else open_store(where, name)
        self.seen_stamp = None
        self.new_session()
        return True

    def new_session(self) -> None:
        """What changes when another session starts (besides the answers shown)."""

    def apply_scenario(self, params: Params) -> None:
        """Compare the room with the model under another scenario."""
        self.params, self.view = params, None
        self.refresh()

    def _ipython_display_(self) -> None:
        show(self.widget, self.words)


class PollPanel(_Answers):
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
        per_device: One answer per browser (:class:`DeviceKey`); answering again
            replaces the earlier answer, and a returning phone sees what it answered.
    """

    words = "The class poll: would you ever cancel a job interview?"

    def __init__(self, folder: str | os.PathLike | None = None, session: str | None = None,
                 params: Params | None = None, *, show_path: bool = True,
                 vote_first: bool = False, follow: bool = True,
                 per_device: bool = False) -> None:
        self._open(folder, session, params)
        self.show_path, self.vote_first = show_path, vote_first
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
        self.message = widgets.HTML().add_class(LIVE_CLASS)  # heard when it changes
        self.error = widgets.HTML()
        self.image = ChartImage(format="png", layout=widgets.Layout(max_width="100%",
                                                                      display="none"))
        self.model_text = widgets.HTML()
        self.submit.on_click(lambda _: self.record())
        self.reload.on_click(lambda _: self.refresh())
        self.voted = not vote_first
        self.on_vote: list = []  # called once this participant has voted
        # the facilitator's controls exist only in the facilitator's panel: a hidden
        # widget is still reachable over a participant's websocket
        self.export = None
        if show_path:
            self.export = widgets.Button(description="Save the results as CSV",
                                         icon="download", layout=widgets.Layout(width="260px"))
            self.export.on_click(lambda _: self.export_csv())
        self.device = DeviceKey() if per_device else None
        self.device_key = ""  # set once, from the browser; later changes are refused
        if self.device is not None:
            self.device.observe(self._device_known, names="key")
        self.header = widgets.HTML(self._header())
        self.pulse = Pulse() if per_device else None
        phone = [widgets.HTML(PHONE_STYLE)] if per_device else []
        self.widget = widgets.VBox([
            self.header, self.scenario.dropdown, self.answer, self.reason,
            widgets.HBox([self.submit, self.reload, *([self.export] if self.export else [])],
                         layout=widgets.Layout(flex_flow="row wrap")), self.message, self.error,
            self.image, self.model_text,
            *(w for w in (self.device, self.pulse) if w is not None), *phone, access()])
        self.widget.add_class("guide-poll")
        if vote_first:  # worked out now (ahead, in the room's kernels), shown after the vote
            self.view = model_view(self.params, start=self.scenario.start)
        self.refresh()
        if follow:
            look_every(self.check_for_new_answers, self.every)

    def _header(self) -> str:
        """The question, and for the facilitator the session and where it is saved."""
        where = (f"<p style='color:#555'>Session <b>{html.escape(self.store.session)}</b>, "
                 f"{self.store.where()}</p>"
                 if self.show_path else "")
        return f"<h3 style='margin:4px 0'>{html.escape(QUESTION)}</h3>{where}"

    def new_session(self) -> None:
        """Another session started: show it; a participant answers again to count in it."""
        self.header.value = self._header()
        self.message.value = ""
        if self.vote_first:
            self.voted = False
            self.message.value = ("<p>A new poll has started: answer again to count in "
                                  "it.</p>")
        if self.device_key:
            self._returning(self.device_key)

    def record(self) -> int | None:
        """Save the selected answer; returns the number of answers, or None if refused."""
        if self.answer.value is None:
            self.message.value = "<p>Choose an answer first.</p>"
            return None
        if self.device is not None and not self.device_key:
            self.message.value = ("<p>This page has not finished opening: wait a moment and "
                                  "submit again.</p>")
            return None
        try:
            n = self.store.add(self.answer.value, self.reason.value, device=self.device_key)
        except Exception as exc:
            self.error.value = error_html(exc)
            return None
        again = " Answering again replaces it." if self.device_key else ""
        chosen = html.escape(ANSWERS[self.answer.value])
        self.message.value = (f"<p>Thank you: {n} answer{'s' if n != 1 else ''} so far. "
                              f"Your answer: <b>{chosen}</b>.{again}</p>")
        self._mark_voted()
        self.answer.value = None
        self.reason.value = ""
        self.refresh()
        return n

    def _mark_voted(self) -> None:
        self.voted = True
        for reveal in self.on_vote:
            reveal()

    def reveal(self) -> None:
        """Show the room's answers and the model's view without a vote.

        The facilitator revealed them on the projector; the participant can still answer.
        """
        self._mark_voted()
        self.refresh()

    def _device_known(self, change: dict) -> None:
        """A returning device: say what it answered and show the room (it has voted).

        The key is taken once: a page that sends another one later (to vote again under
        a new name) is put back to the first.
        """
        if self.device_key:
            if change.new != self.device_key:
                self.device.key = self.device_key
            return
        if not isinstance(change.new, str) or not _DEVICE_KEY.match(change.new):
            self.device.key = ""
            return
        self.device_key = change.new
        self._returning(change.new)

    def _returning(self, key: str) -> None:
        """Say what this device answered in the current session, if it has."""
        try:
            earlier = self.store.answer_of(key)
        except Exception as exc:
            self.error.value = error_html(exc)
            return
        if earlier is not None:
            self._mark_voted()
            self.message.value = (f"<p>This device answered <b>{html.escape(ANSWERS[earlier])}"
                                  "</b>. Answering again replaces it.</p>")
            self.refresh()

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
        self.seen_stamp = self.store.version()
        if not self.voted:  # vote first: nothing of the room or the model before that
            self.image.layout.display = "none"  # no empty image (a broken-image icon)
            set_chart(self.image, b"", None)
            self.model_text.value = (
                "<p style='color:#555'>Vote first: the room's answers and what the model "
                "says appear once you have answered.</p>")
            return
        if self.view is None:
            self.view = model_view(self.params, start=self.scenario.start)
        self.fig = charts.poll_figure(counts, self.view, phone=self.device is not None)
        set_chart(self.image, charts.to_png(self.fig), self.fig)
        self.image.layout.display = ""
        self.model_text.value = f"<p>{html.escape(model_sentence(self.view))}</p>"

    def export_csv(self, path: str | os.PathLike | None = None, *,
                   overwrite: bool = False) -> str | None:
        """Save a copy of the answers as CSV (beside the session file by default)."""
        target = path or self.store.export_folder() / (
            f"{self.store.session}-results-{datetime.now():%Y%m%d-%H%M%S}.csv")
        try:
            data = self.store.answers().to_csv(index=False).encode("utf-8")
            write_file(target, data, overwrite=overwrite)
        except Exception as exc:
            self.error.value = error_html(exc)
            return None
        self.message.value = f"<p>Saved the results to {html.escape(str(target))}.</p>"
        return str(target)


class RevealBox(Worded, widgets.Box):
    """The app's decision panel, waiting for the vote."""

    words = "The decision panel, shown once you have answered the poll"


def after_vote(poll: PollPanel, panel: Any) -> widgets.Box:
    """``panel`` shown only once this participant has voted in ``poll`` (predict first).

    The panel is built (and, in the room, computed ahead) at once; only its display waits.
    """
    waiting = widgets.HTML("<p style='color:#555'>Answer the poll above first: the model's "
                           "answer for your own interview appears here once you have.</p>")
    box = RevealBox([panel.widget if poll.voted else waiting],
                    layout=widgets.Layout(display="block"))

    def reveal() -> None:
        box.children = [panel.widget]

    poll.on_vote.append(reveal)
    return box


def app_poll(**kwargs: Any) -> PollPanel:
    """The poll as participants see it: vote first, one answer per device, no server path.

    In a live kernel it also follows the facilitator: a scenario chosen in any notebook
    on this machine, or the model revealed on the projector, reaches the app (poll and
    panels) within ``FOLLOW_EVERY`` seconds.
    """
    poll = PollPanel(show_path=False, vote_first=True, follow=False, per_device=True,
                     **kwargs)
    loop = kernel_loop()
    if loop is not None:  # the first look applies what was chosen before this page opened
        _follow_scenario(weakref.ref(poll), loop, None)
    return poll


FOLLOW_EVERY = 1.0


def _follow_scenario(poll_ref: weakref.ref, loop: Any, seen: tuple | None) -> None:
    """Apply the facilitator's newest scenario choice to this kernel's panels."""
    poll = poll_ref()
    if poll is None:
        return
    now = _session.stamp()
    if now != seen:
        if poll.follow_session():
            poll.refresh()
        saved = _session.load()
        key = saved.get("scenario")
        if key in poll.scenario.presets and poll.scenario.dropdown.value != key:
            poll.scenario.dropdown.value = key  # the bus moves every panel of the app
        if saved.get("revealed") and not poll.voted:
            poll.reveal()  # the facilitator showed the model: no need to vote first
    loop.call_later(FOLLOW_EVERY, _follow_scenario, poll_ref, loop, now)
