"""Which poll session the room, the projector and the facilitator share."""

from __future__ import annotations

import os
from pathlib import Path

from .._files import env_path
from .store import _SESSION as SESSION_NAME

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
    folder = env_path("GUIDE_POLL_DIR", os.environ.get("GUIDE_POLL_DIR") or DEFAULT_POLL_DIR)
    session = os.environ.get("GUIDE_POLL_SESSION") or DEFAULT_POLL_SESSION
    if not SESSION_NAME.match(session):
        raise ValueError(f"GUIDE_POLL_SESSION={session[:40]!r} must be 1-64 letters, digits, "
                         "'-' or '_', starting with a letter or digit (e.g. 2026-11-25-am)")
    return folder, session
