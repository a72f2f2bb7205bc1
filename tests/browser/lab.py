"""Start JupyterLab on loopback for browser tests and benchmarks, and drive it.

Used by ``conftest.py`` (fixtures) and ``latency.py`` (the browser latency benchmark).
"""

from __future__ import annotations

import json
import os
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = Path(os.environ.get("GUIDE_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run",
                 "--disable-dev-shm-usage"]
ARTIFACTS = ROOT / "artifacts"

SETTINGS = {
    # no news or update toasts over the page
    "@jupyterlab/apputils-extension/notification.jupyterlab-settings":
        {"fetchNews": "false", "checkForUpdates": False},
    # render every cell, so that every output can be checked
    "@jupyterlab/notebook-extension/tracker.jupyterlab-settings": {"windowingMode": "none"},
    # never write to the notebooks under test
    "@jupyterlab/docmanager-extension/plugin.jupyterlab-settings": {"autosave": False},
}


@dataclass(frozen=True)
class Lab:
    """A running JupyterLab server."""

    base: str
    token: str
    log: Path
    root: Path | None = None  # the folder it serves

    def notebook_url(self, path: str) -> str:
        """URL that opens a notebook with a fresh workspace."""
        return f"{self.base}/lab/tree/{path}?token={self.token}&reset"


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def _server(cmd: list[str], env: dict, log: Path, ready, what: str,
            timeout: float) -> Iterator[None]:
    """Start a server process, wait until ``ready()`` is true, stop it afterwards."""
    with open(log, "w") as out:
        proc = subprocess.Popen(cmd, env=env, stdout=out, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + timeout
        while not ready():
            if proc.poll() is not None:
                raise RuntimeError(f"{what} exited with {proc.returncode}:\n"
                                   f"{log.read_text()[-3000:]}")
            if time.monotonic() > deadline:
                raise RuntimeError(f"{what} was not ready within {timeout:.0f} s:\n"
                                   f"{log.read_text()[-3000:]}")
            time.sleep(0.3)
        yield
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=5)


def _answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2):
            return True
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return False


def _listens(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=1):
            return True
    except OSError:
        return False


@contextmanager
def running_lab(root: Path | None = None, timeout: float = 90,
                env: dict | None = None) -> Iterator[Lab]:
    """Start JupyterLab on 127.0.0.1 with a random token; stop it afterwards.

    By default it serves a copy of ``notebooks/`` and ``data/``, so nothing a test does can
    change the saved notebooks.
    """
    work = Path(tempfile.mkdtemp(prefix="guide-lab-"))
    if root is None:
        root = work / "served"
        for folder in ("notebooks", "data"):  # notebooks read ../data
            shutil.copytree(ROOT / folder, root / folder,
                            ignore=shutil.ignore_patterns(".ipynb_checkpoints"))
    settings = work / "settings"
    for name, value in SETTINGS.items():
        target = settings / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(json.dumps(value))
    port, token = free_port(), secrets.token_hex(16)
    env = {**os.environ, "GUIDE_SESSION_FILE": str(work / "session.json"),  # not this
           **(env or {}), "JUPYTERLAB_SETTINGS_DIR": str(settings),  # machine's choices
           "JUPYTERLAB_WORKSPACES_DIR": str(work / "workspaces"),
           "JUPYTER_RUNTIME_DIR": str(work / "runtime"), "PYTHONUNBUFFERED": "1"}
    cmd = [sys.executable, "-m", "jupyterlab", "--no-browser", "--ServerApp.ip=127.0.0.1",
           f"--ServerApp.port={port}", "--ServerApp.port_retries=0",
           f"--IdentityProvider.token={token}", f"--ServerApp.root_dir={root}",
           "--ServerApp.open_browser=False", "--allow-root"]
    base = f"http://127.0.0.1:{port}"
    log = work / "lab.log"
    try:
        with _server(cmd, env, log, lambda: _answers(f"{base}/api/status?token={token}"),
                     "JupyterLab", timeout):
            yield Lab(base, token, log, root)
    finally:
        shutil.rmtree(work, ignore_errors=True)


@dataclass(frozen=True)
class App:
    """A running Voila app."""

    url: str
    log: Path
    poll_dir: Path


@contextmanager
def running_app(notebook: str = "notebooks/app.ipynb", timeout: float = 90) -> Iterator[App]:
    """Serve the app notebook with Voila on 127.0.0.1 (poll answers go to a temp folder)."""
    work = Path(tempfile.mkdtemp(prefix="guide-app-"))
    port = free_port()
    from guide.workshop.roomfile import TEMPLATE, with_template

    env = with_template({**os.environ, "GUIDE_POLL_DIR": str(work / "polls"),
                         "GUIDE_SESSION_FILE": str(work / "session.json"),  # not this machine's
                         "JUPYTER_RUNTIME_DIR": str(work / "runtime"), "PYTHONUNBUFFERED": "1"})
    cmd = [sys.executable, "-m", "voila", str(ROOT / notebook), "--no-browser",  # as make app
           f"--port={port}", "--Voila.ip=127.0.0.1", "--strip_sources=True",
           f"--template={TEMPLATE}"]
    log = work / "voila.log"
    try:
        with _server(cmd, env, log, lambda: _listens(port), "Voila", timeout):
            yield App(f"http://127.0.0.1:{port}/", log, work / "polls")
    finally:
        shutil.rmtree(work, ignore_errors=True)


@dataclass(frozen=True)
class Room:
    """A running room (``make room`` on loopback)."""

    link: str
    poll_dir: Path
    status: Path
    session_file: Path


@contextmanager
def running_room(size: int = 2, timeout: float = 120,
                 per_address: int = 3) -> Iterator[Room]:
    """Serve the app as ``make room`` does, on 127.0.0.1, with its own poll and status."""
    from guide.workshop.roomfile import read_status

    work = Path(tempfile.mkdtemp(prefix="guide-room-"))
    env = {**os.environ, "GUIDE_POLL_DIR": str(work / "polls"),
           "GUIDE_SESSION_FILE": str(work / "session.json"),  # not this machine's choices
           "GUIDE_ROOM_FILE": str(work / "room.json"), "GUIDE_PRESET": "defaults",
           "JUPYTER_RUNTIME_DIR": str(work / "runtime"), "PYTHONUNBUFFERED": "1"}
    cmd = [sys.executable, "-m", "guide.workshop.room", "--ip", "127.0.0.1", "--port",
           str(free_port()), "--size", str(size), "--per-address", str(per_address)]

    def ready() -> bool:
        status = read_status(work / "room.json")
        return bool(status and status["ready"] >= size)

    try:
        with _server(cmd, env, work / "room.log", ready, "The room", timeout):
            yield Room(read_status(work / "room.json")["link"], work / "polls",
                       work / "room.json", work / "session.json")
    finally:
        shutil.rmtree(work, ignore_errors=True)


def launch_browser(playwright):
    """Debian's chromium, headless, with its background traffic turned off."""
    return playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True,
                                      args=CHROMIUM_ARGS)


def open_and_run_all(page, lab: Lab, notebook: str, timeout_ms: int = 120_000) -> None:
    """Open a notebook, wait for the kernel, run every cell and wait until all are done."""
    page.goto(lab.notebook_url(notebook))
    status = page.locator("#jp-main-statusbar")
    status.get_by_text("Idle").wait_for(timeout=timeout_ms)
    page.get_by_role("menuitem", name="Run", exact=True).click()
    page.get_by_role("menuitem", name="Run All Cells", exact=True).click()
    # every input prompt shows a number once its cell has run; "[*]" while it runs. An
    # error stops Run All, so stop waiting as soon as one shows and report it.
    page.wait_for_function(
        """() => {
            const prompts = [...document.querySelectorAll('.jp-CodeCell .jp-InputPrompt')];
            const failed = document.querySelector(
                "[data-mime-type='application/vnd.jupyter.stderr']");
            return failed || (prompts.length > 0
                              && prompts.every(p => /\\[\\d+\\]/.test(p.textContent)));
        }""", timeout=timeout_ms)
    status.get_by_text("Idle").wait_for(timeout=timeout_ms)
    errors = error_outputs(page)
    if errors:
        raise AssertionError(f"{notebook} failed when run in JupyterLab:\n" + errors[0][-2000:])


def error_outputs(page) -> list[str]:
    """Text of every error output, traceback or panel error on the page."""
    texts = page.locator(".jp-OutputArea-output").all_inner_texts()
    bad = [t for t in texts if "Traceback" in t or "Error" in t.split("\n", 1)[0]
           or "Cannot show this setting" in t]
    return bad + page.locator("[data-mime-type='application/vnd.jupyter.stderr']") \
        .all_inner_texts()
