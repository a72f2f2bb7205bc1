"""Talking to the class poll on a JupyterHub (:mod:`guide.workshop.hub_service`).

A kernel is *on a hub with the poll* when its server was given both the service's address
(``GUIDE_HUB_POLL_URL``, set by ``deploy/jupyterhub_config.py``) and a hub token
(``JUPYTERHUB_API_TOKEN``, set by the hub for every server it starts). Then the poll's
answers, its session, the scenario the facilitator chose and the reveal come from the
service, not from files on this account; everywhere else nothing here is used.

Only the standard library: a kernel without the hub's packages can still vote.
"""

from __future__ import annotations

import json
import os
import time
import urllib.error
import urllib.request
from typing import Any

URL_VAR = "GUIDE_HUB_POLL_URL"
TIMEOUT = 5.0
STATE_AGE = 2.0  # seconds a state read is reused: 300 apps ask 150 times a second
RETRY_AFTER = 5.0  # seconds before asking again after the service did not answer


class HubPollError(ValueError):
    """The hub's poll refused a request or could not be reached (the message says which)."""


def configured() -> bool:
    """True when this kernel's server was started by a hub that runs the class poll."""
    return bool(os.environ.get(URL_VAR, "").strip()) and \
        bool(os.environ.get("JUPYTERHUB_API_TOKEN"))


def request(method: str, path: str, body: dict | None = None) -> Any:
    """Call the service's API (``path`` under ``api/``); JSON back (text for CSV).

    Raises:
        HubPollError: refused (the service's reason is given) or not reachable.
    """
    base = os.environ.get(URL_VAR, "").strip().rstrip("/")
    data = None if body is None else json.dumps(body).encode()
    req = urllib.request.Request(f"{base}/api/{path}", data=data, method=method, headers={
        "Authorization": f"token {os.environ.get('JUPYTERHUB_API_TOKEN', '')}",
        "Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(req, timeout=TIMEOUT) as reply:
            raw = reply.read(2_000_000)
            kind = reply.headers.get("Content-Type", "")
    except urllib.error.HTTPError as exc:
        try:
            why = json.loads(exc.read(10_000)).get("message") or exc.reason
        except (ValueError, AttributeError):
            why = exc.reason
        raise HubPollError(f"the class poll on the hub refused this: {str(why)[:200]}") \
            from None
    except (urllib.error.URLError, OSError) as exc:
        reason = getattr(exc, "reason", exc)
        raise HubPollError(f"the class poll on the hub did not answer ({str(reason)[:120]}); "
                           "try again in a moment, or tell the facilitator") from None
    text = raw.decode("utf-8", "replace")
    return json.loads(text) if "json" in kind else text


_cache: dict[str, Any] = {"at": -1e9, "state": None, "last": None, "failed": -1e9}


def state(max_age: float = STATE_AGE) -> dict[str, Any]:
    """The room's state (session, scenario, revealed, version, answers, you).

    While the service does not answer, the last state it gave stands (asked again after
    :data:`RETRY_AFTER` seconds, so a kernel never waits on it every second); with none
    yet, the error is raised.
    """
    now = time.monotonic()
    if _cache["state"] is not None and now - _cache["at"] <= max_age:
        return _cache["state"]
    if _cache["last"] is not None and now - _cache["failed"] < RETRY_AFTER:
        return _cache["last"]
    try:
        _cache["state"] = _cache["last"] = request("GET", "state")
    except HubPollError:
        _cache["failed"] = now
        if _cache["last"] is None:
            raise
        return _cache["last"]
    _cache["at"] = now
    return _cache["state"]


def forget() -> None:
    """Read the state afresh next time (after this kernel changed it)."""
    _cache["state"] = None
    _cache["failed"] = -1e9


def share(**choices: Any) -> bool:
    """Send a facilitator's choices (session, scenario, revealed) to the room.

    Returns False, sending nothing, when this user is not a facilitator or the service
    cannot be reached: a participant's own choices stay their own.
    """
    room = {k: v for k, v in choices.items() if k in ("session", "scenario", "revealed")}
    if not room:
        return False
    try:
        if not state()["you"]["facilitator"]:
            return False
        request("POST", "state", room)
    except (HubPollError, KeyError, TypeError):
        return False
    forget()
    return True
