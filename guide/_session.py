"""What a facilitator chose, kept between notebooks, kernel restarts and the room's app.

One small JSON file (``~/attend-or-cancel/session.json``, or ``$GUIDE_SESSION_FILE``)
holds the scenario last chosen in a *Scenario* menu, whether presentation styling is on,
whether the facilitator has revealed what the model says to the room, and which poll
session is in use (:mod:`guide.workshop.sessions`). Every notebook started afterwards
opens with them, and the participants' app follows the scenario, the reveal and the poll
session while it runs. The app itself never writes it (a participant's choice is theirs
alone), and ``GUIDE_SESSION_FILE=`` (empty) turns it off: the tests and
``make notebooks`` run that way, so saved outputs always show the guide's defaults.
"""

from __future__ import annotations

import contextlib
import json
import os
import sys
from pathlib import Path
from typing import Any

from filelock import FileLock, Timeout

from . import _hub
from ._files import env_path, file_version, read_json, write_file

ENV_VAR = "GUIDE_SESSION_FILE"
DEFAULT = "~/attend-or-cancel/session.json"
KEYS = {"scenario": str, "presentation": bool, "scale": float, "revealed": bool,
        "poll": str}


def session_file() -> Path | None:
    """Where the choices are kept (None: turned off with an empty ``GUIDE_SESSION_FILE``)."""
    value = os.environ.get(ENV_VAR, DEFAULT)
    if not value.strip():
        return None
    try:
        return env_path(ENV_VAR, value)
    except ValueError as exc:
        _notice(f"{exc}; the guide remembers nothing this time")
        return None


_NOTICED: set[str] = set()


def _notice(line: str) -> None:
    """Say once per process, in one line, why the remembered choices are not used."""
    if line not in _NOTICED:
        _NOTICED.add(line)
        print(f"Note: {line}.", file=sys.stderr)


def in_app() -> bool:
    """True in a kernel of the participants' app (Voilà sets these for its kernels)."""
    return "VOILA_BASE_URL" in os.environ or "VOILA_PREHEAT" in os.environ


def load() -> dict[str, Any]:
    """The saved choices, keeping only well-formed ones (a damaged file counts as none).

    In the participants' app on a hub, the room's choices come from the class poll.
    """
    return _with_room(_from_file())


def _from_file() -> dict[str, Any]:
    path = session_file()
    try:
        saved = read_json(path, "session", limit=100_000) if path else {}
    except FileNotFoundError:
        return {}
    except (OSError, ValueError) as exc:
        _notice(f"{str(exc)[:160]}; starting from the guide's defaults")
        return {}
    if not isinstance(saved, dict):
        _notice(f"{path} does not hold remembered choices; starting from the guide's "
                "defaults")
        return {}
    return {k: v for k, v in saved.items() if _valid(k, v)}


def _with_room(saved: dict[str, Any]) -> dict[str, Any]:
    """In the app on a hub, the room's session, scenario and reveal come from its poll.

    (On a laptop the room's kernels read the facilitator's own file, which is this one.)
    """
    if not (in_app() and _hub.configured()):
        return saved
    try:
        room = _hub.state()
    except _hub.HubPollError as exc:
        _notice(str(exc)[:200])
        return saved
    saved.update(poll=room["session"], revealed=room["revealed"])
    if room["scenario"]:
        saved["scenario"] = room["scenario"]
    return saved


def _valid(key: str, value: Any) -> bool:
    kind = KEYS.get(key)
    if kind is None or isinstance(value, bool) != (kind is bool):
        return False
    return isinstance(value, (int, float)) if kind is float else isinstance(value, kind)


def save(**choices: Any) -> bool:
    """Remember ``choices`` (merged into what is saved); False when not remembered.

    Nothing is written from the app, or when turned off; a file that cannot be written
    is skipped silently, because remembering is a convenience, never a reason to fail.
    On a hub, a facilitator's session, scenario and reveal also go to the class poll,
    which every user's app follows (anyone else's stay their own).
    """
    path = session_file()
    if in_app():
        return False
    shared = _hub.configured() and _hub.share(**{
        ("session" if k == "poll" else k): v for k, v in choices.items()})
    if path is None:
        return shared
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        # read, merge and write under one lock: two kernels saving at once keep both
        with FileLock(path.with_name(path.name + ".lock"), timeout=5):
            merged = {**_from_file(), **choices}
            write_file(path, json.dumps(merged, indent=1).encode(), overwrite=True,
                       backup=False, make_folder=True)
    except (OSError, ValueError, Timeout):
        return shared
    return True


def stamp() -> tuple[int, int] | None:
    """Which version of the file is there (None: none), to notice a new choice cheaply.

    In the app on a hub: which version of the room's state the hub's poll holds.
    """
    if in_app() and _hub.configured():
        with contextlib.suppress(_hub.HubPollError):
            return ("hub", _hub.state()["version"])
    path = session_file()
    return file_version(path) if path else None
