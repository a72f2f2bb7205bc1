"""The class poll as a JupyterHub service: one poll for every user of a hub.

On a laptop the room's kernels all run on the facilitator's machine and share a folder.
On a hub every user has a server of their own (another account, another container), so
the poll lives in one small service the hub starts and authenticates
(``python -m guide.workshop.hub_service``; ``deploy/jupyterhub_config.py`` registers it).
Each user's kernels talk to it with the token the hub gave their server; the service asks
the hub who that is, so a user answers once (answering again replaces the answer), and
nobody needs a writable folder shared with anyone else.

What it keeps, in ``GUIDE_HUB_POLL_DIR`` (default ``~/attend-or-cancel/hub-poll``): the
answers, one :class:`guide.workshop.store.PollStore` per session (the laptop room's
store, a device key made from the user's name); and the room's state (session, scenario,
whether the model is revealed) in ``room.json``. Facilitators (members of the hub group
``GUIDE_FACILITATOR_GROUP``, default ``facilitators``, and hub admins) change the state
and export the answers; anyone else gets 403.

Everything a request sends is checked: bodies over 4 KB are refused before they are read,
JSON must be an object of known fields with allowed values, and every refusal says what
is allowed. The API (under the service's prefix):

- ``GET api/state``: the state, the answer count, and ``you`` (name, whether a
  facilitator, your answer in this session).
- ``GET api/counts``: answers per choice in this session.
- ``POST api/answer`` ``{"answer": ..., "reason": ...}``: your answer; returns the count.
- ``POST api/state`` ``{"session"?, "scenario"?, "revealed"?}``: facilitators only.
- ``GET api/answers.csv``: every answer of this session, facilitators only.
"""

from __future__ import annotations

import asyncio
import contextlib
import hmac
import json
import os
import secrets
import sys
import time
from pathlib import Path
from typing import Any

from jupyterhub.services.auth import HubAuth, HubAuthenticated
from jupyterhub.utils import url_path_join
from tornado import httpclient, ioloop, web

from .._files import env_path, read_json, write_file
from .._presets import load_presets
from .store import _SESSION, ANSWERS, POLL_REASONS, PollStore

MAX_BODY = 4096
DEFAULT_DIR = "~/attend-or-cancel/hub-poll"
DEFAULT_GROUP = "facilitators"
STATE_KEYS = {"session": str, "scenario": str, "revealed": bool}
GROUP_TTL = 5.0  # seconds a group's member list is trusted before asking the hub again


class Refused(web.HTTPError):
    """A refusal whose words go in the JSON body.

    (An HTTP reason phrase cannot carry them: Tornado replaces one holding unusual
    characters, such as a quoted value, by "Unknown".)
    """

    def __init__(self, status: int, words: str) -> None:
        super().__init__(status)
        self.words = words


class TokenAuth(HubAuth):
    """The hub's token check, for tokens only.

    No session cookie takes part in the cache's key, so a client inventing cookies cannot
    make every request a fresh question to the hub.
    """

    def get_session_id(self, handler: web.RequestHandler) -> str:
        """No session: the cache is keyed by the token alone."""
        return ""


class Room:
    """The poll's state and its answers, kept in one folder (this process alone writes)."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.state_path = folder / "room.json"
        self.state = {"session": "class", "scenario": "", "revealed": False, "version": 0}
        try:
            saved = read_json(self.state_path, "the poll's state")
        except FileNotFoundError:
            saved = {}
        except (OSError, ValueError) as exc:  # kept aside, never lost; the poll starts afresh
            aside = self.state_path.with_name(f"room.json.damaged-{int(time.time())}")
            with contextlib.suppress(OSError):
                self.state_path.rename(aside)
            print(f"The poll's state could not be read ({str(exc)[:160]}); kept as {aside}",
                  file=sys.stderr)
            saved = {}
        if isinstance(saved, dict):
            self.state.update({k: v for k, v in saved.items()
                               if k in self.state and type(v) is type(self.state[k])})
        if not _SESSION.match(self.state["session"]):
            self.state["session"] = "class"
        self.secret = self._secret()

    def _secret(self) -> bytes:
        """A random key kept beside the answers: export keys cannot be traced to names."""
        path = self.folder / "device-key"
        if not path.exists():
            with contextlib.suppress(ValueError):  # another start made it first: use it
                write_file(path, secrets.token_hex(32).encode(), make_folder=True)
        return path.read_bytes()

    def device(self, name: str) -> str:
        """The store's device key for a hub user: one per user, without their name."""
        return "hub-" + hmac.new(self.secret, name.encode("utf-8"), "sha256").hexdigest()[:40]

    def store(self) -> PollStore:
        """The answers of the current session."""
        return PollStore(self.folder / "answers", self.state["session"])

    def change(self, **changes: Any) -> dict[str, Any]:
        """Apply checked changes and save them atomically (the previous file stays whole)."""
        if changes.get("session", self.state["session"]) != self.state["session"]:
            changes.setdefault("revealed", False)  # a new poll starts hidden again
        new = {**self.state, **changes, "version": self.state["version"] + 1}
        write_file(self.state_path, json.dumps(new).encode(), overwrite=True,
                   backup=False, make_folder=True)
        self.state = new  # only once saved: what is served survives a restart
        return self.state


def check_body(body: bytes, allowed: dict[str, type]) -> dict[str, Any]:
    """The request's JSON object, with only ``allowed`` fields of the right kind."""
    try:
        data = json.loads(body or b"{}")
    except (ValueError, RecursionError):  # RecursionError: [[[[... nested past Python's limit
        raise Refused(400, "The body is not JSON") from None
    if not isinstance(data, dict):
        raise Refused(400, "The body must be a JSON object")
    for key, value in data.items():
        if key not in allowed:
            raise Refused(400, f"Unknown field {str(key)[:30]!r}; allowed: "
                                f"{', '.join(allowed)}")
        if type(value) is not allowed[key]:
            raise Refused(400, f"Field {key!r} must be "
                                f"{allowed[key].__name__}, not {type(value).__name__}")
    return data


class Handler(HubAuthenticated, web.RequestHandler):
    """A request from a hub user's server (its token) or browser; JSON answers."""

    def initialize(self, room: Room, facilitators: Facilitators, hub_auth: HubAuth) -> None:
        """Tornado's hook: the room, who facilitates it, and the hub's token check."""
        self.room, self.facilitators, self.hub_auth = room, facilitators, hub_auth

    async def prepare(self) -> None:
        """Refuse a body that is too big, then find who is asking, without blocking.

        (HubAuthenticated's own check asks the hub synchronously: one slow answer would
        hold every other request.) No token, or one the hub does not know: 403.
        """
        if len(self.request.body or b"") > MAX_BODY:
            raise Refused(413, f"The body is over {MAX_BODY} bytes")
        self._hub_auth_user_cache = None
        if self.hub_auth.get_token(self, in_cookie=False):
            model = await self.hub_auth.get_user(self, sync=False)
            if model:
                with contextlib.suppress(web.HTTPError):
                    self._hub_auth_user_cache = self.check_hub_user(model)
        if self._hub_auth_user_cache is None:
            raise Refused(403, "A hub token is needed (your server's, or one from the hub's "
                          "token page) with access to this service")

    def write_error(self, status_code: int, **kwargs: Any) -> None:
        """Errors as JSON with the reason in words (never a traceback)."""
        error = kwargs.get("exc_info", (None, None))[1]
        words = getattr(error, "words", None) or self._reason
        self.set_header("Content-Type", "application/json")
        self.finish(json.dumps({"status": status_code, "message": words}))

    def reply(self, data: Any) -> None:
        """Send ``data`` as JSON, never cached."""
        self.set_header("Content-Type", "application/json")
        self.set_header("Cache-Control", "no-store")
        self.finish(json.dumps(data))

    @property
    def who(self) -> str:
        """The hub user making the request."""
        return self.current_user["name"]

    async def is_facilitator(self) -> bool:
        """Whether the user is a hub admin or in the facilitators' group."""
        return bool(self.current_user.get("admin")) or \
            self.who in await self.facilitators.members()

    async def require_facilitator(self) -> None:
        """403 unless the user facilitates."""
        if not await self.is_facilitator():
            raise Refused(403, "Only a facilitator can do this (hub group "
                                f"{self.facilitators.group!r})")


class StateHandler(Handler):
    """``api/state``: read by everyone, changed by facilitators."""

    async def get(self) -> None:  # noqa: D102
        count, version, mine = self.room.store().glance(self.room.device(self.who))
        self.reply({**self.room.state, "answers": count, "answers_version": version,
                    "you": {"name": self.who, "facilitator": await self.is_facilitator(),
                            "answer": mine}})

    async def post(self) -> None:  # noqa: D102
        await self.require_facilitator()
        data = check_body(self.request.body, STATE_KEYS)
        if "session" in data and not _SESSION.match(data["session"]):
            raise Refused(400, f"session {data['session'][:40]!r} is not "
                                "allowed: 1-64 letters, digits, '-' or '_'")
        known = load_presets()
        if data.get("scenario", "") and data["scenario"] not in known:
            raise Refused(400, f"scenario {data['scenario'][:40]!r} is not one "
                                f"of {', '.join(known)}")
        self.reply(self.room.change(**data))


class CountsHandler(Handler):
    """``api/counts``: answers per choice in the current session."""

    def get(self) -> None:  # noqa: D102
        store = self.room.store()
        counts = store.counts()
        self.reply({"session": self.room.state["session"], "version": store.version(),
                    "counts": dict(zip(counts["answer"], counts["count"].tolist(),
                                       strict=True))})


class AnswerHandler(Handler):
    """``api/answer``: the user's answer (a second one replaces the first)."""

    def post(self) -> None:  # noqa: D102
        data = check_body(self.request.body, {"answer": str, "reason": str})
        answer, reason = data.get("answer"), data.get("reason", "")
        if answer not in ANSWERS:
            raise Refused(400, f"answer {str(answer)[:40]!r} is not one of "
                                f"{', '.join(ANSWERS)}")
        if reason not in POLL_REASONS:
            raise Refused(400, f"reason {reason[:40]!r} is not one of "
                                f"{', '.join(r or repr(r) for r in POLL_REASONS)}")
        n = self.room.store().add(answer, reason, device=self.room.device(self.who))
        self.reply({"session": self.room.state["session"], "count": n, "answer": answer})


class ExportHandler(Handler):
    """``api/answers.csv``: the session's answers, for facilitators."""

    async def get(self) -> None:  # noqa: D102
        await self.require_facilitator()
        self.set_header("Content-Type", "text/csv; charset=utf-8")
        self.set_header("Cache-Control", "no-store")
        self.finish(self.room.store().answers().to_csv(index=False))


class Facilitators:
    """Who may reveal and export: the members of one hub group, asked of the hub."""

    def __init__(self, auth: HubAuth, group: str) -> None:
        self.auth, self.group = auth, group
        self.cached: tuple[float, set[str]] = (-GROUP_TTL, set())
        self.lock = asyncio.Lock()

    async def members(self) -> set[str]:
        """The group's members, asked of the hub at most every few seconds."""
        async with self.lock:  # one question to the hub at a time, however many ask
            when, names = self.cached
            if time.monotonic() - when < GROUP_TTL:
                return names
            url = url_path_join(self.auth.api_url, "groups", self.group)
            try:
                reply = await httpclient.AsyncHTTPClient().fetch(url, headers={
                    "Authorization": f"token {self.auth.api_token}"}, request_timeout=10)
                names = set(json.loads(reply.body).get("users", []))
            except httpclient.HTTPClientError as exc:
                if exc.code == 404:  # no such group yet: nobody but admins facilitates
                    names = set()
                else:
                    print(f"The hub did not list {self.group!r} ({exc.code}); keeping the "
                          "last list", file=sys.stderr)
            except (OSError, ValueError) as exc:  # the hub restarting: the last list holds
                print(f"The hub did not answer ({str(exc)[:80]}); keeping the last list",
                      file=sys.stderr)
            self.cached = (time.monotonic(), names)
            return names


def make_app(folder: Path, prefix: str, group: str = DEFAULT_GROUP) -> web.Application:
    """The service's web application, its routes under ``prefix``."""
    auth = TokenAuth(cache_max_age=60)
    room = Room(folder)
    args = {"room": room, "facilitators": Facilitators(auth, group), "hub_auth": auth}
    api = url_path_join(prefix, "api")
    return web.Application([
        (url_path_join(api, "state"), StateHandler, args),
        (url_path_join(api, "counts"), CountsHandler, args),
        (url_path_join(api, "answer"), AnswerHandler, args),
        (url_path_join(api, "answers.csv"), ExportHandler, args),
    ])


def main() -> int:
    """Serve on ``JUPYTERHUB_SERVICE_URL`` (the hub sets it when it starts the service)."""
    from urllib.parse import urlparse

    url = urlparse(os.environ.get("JUPYTERHUB_SERVICE_URL", "http://127.0.0.1:10101"))
    prefix = os.environ.get("JUPYTERHUB_SERVICE_PREFIX", "/services/guide-poll/")
    try:
        folder = env_path("GUIDE_HUB_POLL_DIR",
                          os.environ.get("GUIDE_HUB_POLL_DIR") or DEFAULT_DIR)
        app = make_app(folder, prefix,
                       os.environ.get("GUIDE_FACILITATOR_GROUP") or DEFAULT_GROUP)
    except (OSError, ValueError) as exc:
        print(f"The class poll service cannot start: {exc}", file=sys.stderr)
        return 2
    # slow senders are cut off: a connection cannot be held open to use up the service
    app.listen(url.port or 80, url.hostname or "127.0.0.1", max_body_size=MAX_BODY,
               body_timeout=10, idle_connection_timeout=60)
    print(f"The class poll service listens on {url.geturl()} (answers in {folder})",
          flush=True)
    ioloop.IOLoop.current().start()
    return 0


if __name__ == "__main__":
    sys.exit(main())
