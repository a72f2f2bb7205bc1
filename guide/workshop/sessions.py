"""Which poll session the room, the projector and the facilitator share, and starting one.

The session's *name* is one setting on this machine: the remembered choices
(:mod:`guide._session`) hold it, so the room's kernels, the projected view and the
facilitator's notebook all read the same one, however each was started, and each follows
a new one within seconds. Its *answers* are a file of their own
(``<GUIDE_POLL_DIR>/<name>.sqlite``); starting a new session never deletes an earlier
one, and going back to an earlier name continues it.
"""

from __future__ import annotations

import html
import os
from datetime import datetime
from pathlib import Path

import ipywidgets as widgets

from .. import _hub, _session
from .._files import env_path
from .._widgets import show
from ..panels import CONTROL_STYLE, error_html
from .hub_store import HubStore
from .store import _SESSION as SESSION_NAME
from .store import PollStore

DEFAULT_POLL_DIR = "~/attend-or-cancel/poll-answers"
DEFAULT_POLL_SESSION = "class"
NAME_RULE = ("1-64 letters, digits, '-' or '_', starting with a letter or digit "
             "(e.g. 2026-11-25-am)")


def poll_folder() -> Path:
    """Where every session's answers are kept: ``GUIDE_POLL_DIR``, absolute.

    Absolute, so a notebook's working folder (the app runs from ``notebooks/``, the
    facilitator from ``notebooks/workshop/``) cannot split the room over two folders.
    """
    return env_path("GUIDE_POLL_DIR", os.environ.get("GUIDE_POLL_DIR") or DEFAULT_POLL_DIR)


def current_session() -> str:
    """The session started last on this machine (``class`` until one is started)."""
    name = _session.load().get("poll")
    return name if isinstance(name, str) and SESSION_NAME.match(name) else DEFAULT_POLL_SESSION


def poll_location() -> tuple[Path, str]:
    """The folder and name of the poll session every process uses now."""
    return poll_folder(), current_session()


def store_location() -> tuple[Path | None, str]:
    """Where the current session's answers are: a folder and a name.

    On a hub that runs the class poll: ``(None, name)``, since the hub keeps them.
    """
    if _hub.configured():
        return None, _hub.state()["session"]
    return poll_location()


def open_store(folder: str | os.PathLike | None = None,
               session: str | None = None) -> PollStore | HubStore:
    """The answers of a session: the current one unless ``folder`` or ``session`` is given.

    On a hub that runs the class poll, the current session's answers are the hub's.
    """
    if folder is None and session is None and _hub.configured():
        return HubStore()
    where, name = poll_location()
    return PollStore(where if folder is None else folder, name if session is None else session)


def check_session_name(name: object) -> str:
    """``name`` if it can name a session; otherwise an error saying what is allowed."""
    if not isinstance(name, str) or not SESSION_NAME.match(name.strip()):
        shown = repr(name[:40]) if isinstance(name, str) else type(name).__name__
        raise ValueError(f"session name {shown} is not allowed: use {NAME_RULE}")
    return name.strip()


def saved_sessions(folder: Path | None = None) -> list[str]:
    """The sessions kept in ``folder`` (default: :func:`poll_folder`), newest first."""
    folder = poll_folder() if folder is None else folder
    try:
        files = [p for p in folder.iterdir() if p.suffix in (".sqlite", ".csv")
                 and SESSION_NAME.match(p.stem) and p.is_file()]
    except OSError:
        return []
    newest = sorted(files, key=lambda p: p.stat().st_mtime, reverse=True)
    return list(dict.fromkeys(p.stem for p in newest))


def suggested_name(now: datetime | None = None) -> str:
    """A name for a session starting now, e.g. ``2026-12-01-am``."""
    now = now or datetime.now()
    return f"{now:%Y-%m-%d}-{'am' if now.hour < 12 else 'pm'}"


def start_session(name: str) -> PollStore | HubStore:
    """Make ``name`` the poll session of every process on this machine; the model is hidden.

    A name used before continues that session with its answers; a new name starts an
    empty poll. Nothing is deleted either way.

    Raises:
        ValueError: The name is not allowed, or the choice cannot be remembered (the
            remembered choices are turned off, or their file cannot be written).
    """
    name = check_session_name(name)
    if _hub.configured():  # the hub's poll: only a facilitator starts a session there
        if not _hub.share(session=name, revealed=False):
            raise ValueError("only a facilitator (the hub's facilitators group) can start "
                             "a session of the class poll on this hub")
        _session.save(poll=name, revealed=False)
        return HubStore(name)
    store = PollStore(poll_folder(), name)
    if not _session.save(poll=name, revealed=False):
        where = _session.session_file()
        raise ValueError(
            "the session cannot be shared with the room: the guide's remembered choices "
            + (f"cannot be written to {where}" if where else "are turned off "
               f"({_session.ENV_VAR} is empty)"))
    return store


class SessionControl:
    """Start a new poll session, or go back to an earlier one (the facilitator's control).

    Shows the session in use and how many answers it has; every view of the poll on this
    machine (the phones, the projector, the facilitator's panel) follows a change within
    seconds.
    """

    def __init__(self) -> None:
        self.name = widgets.Combobox(
            value="", placeholder=suggested_name(), description="Session name",
            options=saved_sessions(), ensure_option=False, style=CONTROL_STYLE,
            layout=widgets.Layout(width="420px"))
        self.start = widgets.Button(description="Start or continue this session",
                                    icon="play", layout=widgets.Layout(width="300px"))
        self.message = widgets.HTML()
        self.start.on_click(lambda _: self.switch())
        self.widget = widgets.VBox([
            widgets.HTML("<p style='margin:4px 0'>A new name starts an empty poll; an "
                         "earlier name continues it. Nothing is deleted.</p>"),
            widgets.HBox([self.name, self.start], layout=widgets.Layout(flex_flow="row wrap")),
            self.message])
        self.widget.add_class("guide-session")

    def switch(self, name: str | None = None) -> PollStore | None:
        """Start (or continue) the session ``name`` (default: the name typed or suggested)."""
        typed = self.name.value.strip() if name is None else name
        try:
            store = start_session(typed or suggested_name())
            n = len(store.answers())
        except Exception as exc:
            self.message.value = error_html(exc)
            return None
        self.name.value = ""
        self.name.options = saved_sessions()
        what = (f"Continuing session <b>{html.escape(store.session)}</b>: {n} answer"
                f"{'s' if n != 1 else ''} so far." if n else
                f"Started session <b>{html.escape(store.session)}</b>: no answers yet.")
        self.message.value = (f"<p>{what} The phones, the projector and this notebook follow "
                              "it within a few seconds; what the model says is hidden "
                              "again.</p>")
        return store

    def _ipython_display_(self) -> None:
        show(self.widget, "Start a new poll session, or continue an earlier one")
