"""A real JupyterHub on loopback, configured by ``deploy/jupyterhub_config.py``, for tests.

Used by tests/test_hub.py, tests/browser/test_hub_browser.py and the load run
(``make hub-load``, tests/hub_load.py). Every user's server runs as this account (the
config's test mode); a test service holds a token to add users, start their servers and
give them tokens, as a hub admin would.
"""

from __future__ import annotations

import contextlib
import json
import os
import secrets
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
CONFIG = ROOT / "deploy" / "jupyterhub_config.py"
APP = "voila/render/attend-or-cancel/notebooks/app.ipynb"


def chp_command() -> str | None:
    """configurable-http-proxy: the one ``make hub-deps`` installed, or one on PATH."""
    local = ROOT / ".tools" / "node_modules" / ".bin" / "configurable-http-proxy"
    return str(local) if local.exists() else shutil.which("configurable-http-proxy")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def left_in(folder: Path) -> list[int]:
    """Processes whose working folder is under ``folder`` (the users' servers, kernels)."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            with contextlib.suppress(OSError):
                if os.readlink(entry / "cwd").startswith(str(folder)):
                    found.append(int(entry.name))
    return found


class Hub:
    """One hub in ``folder``: start it, add users, start their servers, stop it all."""

    def __init__(self, folder: Path, facilitators: tuple[str, ...] = ("fac",),
                 password: str = "") -> None:
        self.folder = folder
        self.password = password or secrets.token_urlsafe(12)
        self.admin = secrets.token_hex(24)
        self.url = f"http://127.0.0.1:{free_port()}"
        self.homes = folder / "homes"
        self.homes.mkdir(parents=True, exist_ok=True)
        self.env = {**os.environ,
                    "PATH": f"{Path(sys.executable).parent}:{os.environ.get('PATH', '')}",
                    "GUIDE_HUB_TRYOUT": "1", "GUIDE_HUB_PASSWORD": self.password,
                    "GUIDE_HUB_HOMES": str(self.homes), "GUIDE_HUB_TEST_TOKEN": self.admin,
                    "GUIDE_HUB_POLL_DIR": str(folder / "poll"),
                    "GUIDE_FACILITATORS": ",".join(facilitators),
                    "GUIDE_CHP": chp_command() or "configurable-http-proxy",
                    "GUIDE_HUB_URL": self.url, "GUIDE_CHP_PORT": str(free_port()),
                    "GUIDE_HUB_PORT": str(free_port()), "GUIDE_POLL_PORT": str(free_port()),
                    "GUIDE_PYTHON": sys.executable, "GUIDE_PRESET": "defaults"}
        self.process: subprocess.Popen | None = None
        self.log = folder / "hub.log"

    def start(self, timeout: float = 90) -> Hub:
        with open(self.log, "wb") as log:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "jupyterhub", "-f", str(CONFIG)], cwd=self.folder,
                env=self.env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
        deadline = time.time() + timeout
        while time.time() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"the hub stopped: {self.tail()}")
            try:  # the poll answers (refusing a request without a token): all is up
                code, reply = self.poll("GET", "state", token="none")
                if code == 403 and isinstance(reply, dict):
                    return self
            except OSError:
                pass
            time.sleep(0.5)
        raise RuntimeError(f"the hub did not start: {self.tail()}")

    def tail(self, n: int = 4000) -> str:
        return self.log.read_bytes()[-n:].decode("utf-8", "replace")

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            os.killpg(self.process.pid, 15)  # the hub, its proxy, services and servers
            try:
                self.process.wait(30)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, 9)
        # the users' servers and kernels run in sessions of their own: stop what is left
        for pid in left_in(self.homes):
            with contextlib.suppress(OSError):
                os.kill(pid, 9)

    # --- the hub's REST API ----------------------------------------------------------------
    def request(self, method: str, url: str, body: Any = None, token: str = "",
                timeout: float = 180) -> tuple[int, Any]:
        data = body if isinstance(body, bytes) or body is None else json.dumps(body).encode()
        req = urllib.request.Request(url, data=data, method=method, headers={
            "Authorization": f"token {token or self.admin}",
            "Content-Type": "application/json"})
        try:
            with urllib.request.urlopen(req, timeout=timeout) as reply:
                raw, kind, code = reply.read(), reply.headers.get("Content-Type", ""), reply.status
        except urllib.error.HTTPError as exc:
            raw, kind, code = exc.read(), exc.headers.get("Content-Type", ""), exc.code
        text = raw.decode("utf-8", "replace")
        return code, (json.loads(text) if "json" in kind and text else text)

    def api(self, method: str, path: str, body: Any = None, token: str = "") -> tuple[int, Any]:
        return self.request(method, f"{self.url}/hub/api{path}", body, token)

    def poll(self, method: str, path: str, body: Any = None, token: str = "") -> tuple[int, Any]:
        """The class poll service, through the hub's proxy, as a user's browser reaches it."""
        return self.request(method, f"{self.url}/services/guide-poll/api/{path}", body, token)

    def add_user(self, name: str) -> None:
        code, reply = self.api("POST", f"/users/{name}")
        if code not in (201, 409):
            raise RuntimeError(f"cannot add {name}: {code} {reply}")

    def spawn(self, name: str, timeout: float = 180) -> None:
        """Start the user's server and wait until the hub says it is ready."""
        code, reply = self.api("POST", f"/users/{name}/server")
        if code not in (201, 202, 400):
            raise RuntimeError(f"cannot start {name}'s server: {code} {reply}\n{self.tail()}")
        deadline = time.time() + timeout
        while time.time() < deadline:
            code, model = self.api("GET", f"/users/{name}")
            if model.get("servers", {}).get("", {}).get("ready"):
                return
            time.sleep(0.5)
        raise RuntimeError(f"{name}'s server did not start: {self.tail()}")

    def token(self, name: str, *scopes: str) -> str:
        """A token for ``name`` (their server and the poll, unless other scopes are asked)."""
        scopes = scopes or (f"access:servers!user={name}", "access:services!service=guide-poll")
        code, reply = self.api("POST", f"/users/{name}/tokens",
                               {"scopes": list(scopes), "note": "test"})
        if code != 201:
            raise RuntimeError(f"no token for {name}: {code} {reply}")
        return reply["token"]


async def open_app(hub: Hub, name: str) -> Any:
    """``name``'s app page, opened through the hub with their token, its widgets known."""
    from tornado.httpclient import AsyncHTTPClient

    from tests.room_client import KERNEL_ID, Participant

    headers = {"Authorization": f"token {hub.token(name)}"}
    reply = await AsyncHTTPClient().fetch(f"{hub.url}/user/{name}/{APP}", headers=headers,
                                          request_timeout=300, raise_error=False)
    page = reply.body.decode()
    if reply.code != 200:
        raise RuntimeError(f"{name}'s app answered {reply.code}: {page[:300]}")
    participant = Participant(f"{hub.url}/user/{name}", "", headers=headers)
    await participant.connect(KERNEL_ID.search(page).group(1))
    await participant.request_states()
    device = participant.find_where(lambda s: "attend-or-cancel-device" in str(s.get("_esm")))
    participant.move(device, secrets.token_hex(16), key="key")  # as the browser does
    return participant
