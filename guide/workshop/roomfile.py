"""Room mode: the participants' app on the room's network, behind a random join token.

``make room`` (``python -m guide.workshop.room``) serves ``notebooks/app.ipynb`` with standalone
Voilà on one explicit address, prints the join link and a QR code, and keeps a status file
(:func:`room_file`) that the facilitator's notebook reads to show the link, the code and how
many phones are connected (:func:`join_card`).

What it exposes, and what it does not:

* Standalone Voilà, never a JupyterLab server: a participant's kernel accepts only widget
  messages (``comm_*``, ``kernel_info_request``, ``shutdown_request``); an
  ``execute_request`` sent over the websocket is dropped, so a visitor cannot run code.
* Every page and websocket needs the token (a fresh random one per room); static files are
  limited to Voilà's own, no notebook folder files are served.
* A kernel websocket that does not speak Jupyter's ``v1.kernel.websocket.jupyter.org``
  protocol is refused: with the legacy protocol Voilà 0.5 misreads the server's own
  frames and one such client can hang the whole room.
* At most ``cap`` participants' kernels at once; beyond it a page says the room is full.
  Kernels are started ahead (``size`` of them, Voilà's pre-heating), a closed tab frees its
  kernel at once (Voilà's own shutdown call), and a crashed or sleeping one is culled after
  ``idle`` seconds without a connection.
"""

from __future__ import annotations

import ipaddress
import json
import os
import secrets
import socket
import time
from dataclasses import dataclass, field
from pathlib import Path

from .._checks import check_whole
from .._files import env_path, read_json, write_file

PROTOCOL = "v1.kernel.websocket.jupyter.org"
"""The only kernel websocket protocol the room accepts."""

APP_NOTEBOOK = Path(__file__).resolve().parents[2] / "notebooks" / "app.ipynb"
DEFAULT_ROOM_FILE = "~/attend-or-cancel/room.json"
STALE_AFTER = 10.0
REFILL_DELAY = 10.0
"""Seconds after a page takes a kernel before another starts (Voilà waits 1)."""
"""Seconds after which a status file nobody refreshed means the room has stopped."""


def room_file() -> Path:
    """Where the running room says its link and how many are connected.

    ``GUIDE_ROOM_FILE`` moves it (default ``~/attend-or-cancel/room.json``). It holds the
    join token, so it is readable by its owner only.
    """
    return env_path("GUIDE_ROOM_FILE", os.environ.get("GUIDE_ROOM_FILE") or DEFAULT_ROOM_FILE)


def lan_address() -> str | None:
    """This machine's address on its local network, or None when it has none.

    Asks the operating system which address it would use to reach a documentation-only
    address (192.0.2.1); a UDP "connect" sends no packet.
    """
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        try:
            probe.connect(("192.0.2.1", 9))
            address = probe.getsockname()[0]
        except OSError:
            return None
    return None if ipaddress.ip_address(address).is_loopback else address


TEMPLATE = "guide-app"
"""The app's Voila template (Voila's lab page with nothing fetched from a CDN)."""


def template_root() -> Path:
    """The folder to put on ``JUPYTER_PATH`` so Voila finds :data:`TEMPLATE`."""
    return Path(__file__).resolve().parent / "jupyter"


def with_template(env: dict[str, str]) -> dict[str, str]:
    """``env`` with the app's template on ``JUPYTER_PATH`` (first, before any other)."""
    others = env.get("JUPYTER_PATH", "")
    return {**env, "JUPYTER_PATH": os.pathsep.join(p for p in (str(template_root()), others)
                                                   if p)}


@dataclass(frozen=True)
class Room:
    """How the room is served (validated; every error names the setting and its range).

    Args:
        ip: The one address to listen on (e.g. the laptop's Wi-Fi address).
        port: TCP port, 1024 to 65535.
        size: Participants expected: kernels started ahead so pages open at once.
        cap: Most participants' kernels at once (default ``size`` + 10).
        idle: Seconds a kernel with no open page is kept (a phone that slept, a crashed tab).
        per_address: Most places one client address may hold at once (0: no limit, for a
            network that shows every phone to the laptop from one address).
        notebook: The app notebook served.
    """

    ip: str
    port: int = 8866
    size: int = 30
    cap: int | None = None
    idle: int = 90
    per_address: int = 3
    notebook: Path = APP_NOTEBOOK
    token: str = field(default_factory=lambda: secrets.token_urlsafe(18), repr=False)

    def __post_init__(self) -> None:
        try:
            ipaddress.ip_address(self.ip)
        except ValueError:
            raise ValueError(f"ip={self.ip!r} is not an IP address; give one such as "
                             "192.168.1.20 (the address the room's phones can reach)") from None
        check_whole("port", self.port, 1024, 65535)
        check_whole("size", self.size, 0, 200)
        object.__setattr__(self, "cap", self.size + 10 if self.cap is None else self.cap)
        check_whole("cap", self.cap, max(1, self.size), 300)
        check_whole("idle", self.idle, 30, 3600)
        check_whole("per_address", self.per_address, 0, 300)
        if not Path(self.notebook).is_file():
            raise ValueError(f"notebook={str(self.notebook)!r} does not exist; give the "
                             "path of the app notebook (notebooks/app.ipynb)")

    @property
    def link(self) -> str:
        """The join link, token included."""
        host = f"[{self.ip}]" if ":" in self.ip else self.ip
        return f"http://{host}:{self.port}/?token={self.token}"

    def voila_argv(self, status_file: Path) -> list[str]:
        """Voilà's settings for this room (pre-heating, culling, no files, no sources)."""
        return [str(self.notebook), "--no-browser", f"--Voila.ip={self.ip}",
                f"--port={self.port}", "--Voila.port_retries=0", f"--token={self.token}",
                "--strip_sources=True", f"--template={TEMPLATE}",
                "--preheat_kernel=True", "--pool_size=0",  # filled later
                # a page that takes a kernel waits 10 s before a new one starts: phones
                # arriving together get the processor first
                f"--VoilaKernelManager.fill_delay={REFILL_DELAY}",
                "--VoilaConfiguration.file_allowlist=(?!)",  # no files at all
                "--VoilaConfiguration.show_tracebacks=False",
                f"--MappingKernelManager.cull_idle_timeout={self.idle}",
                f"--MappingKernelManager.cull_interval={min(15, self.idle)}",
                "--MappingKernelManager.cull_connected=False",
                f"--RoomVoila.cap={self.cap}", f"--RoomVoila.size={self.size}",
                f"--RoomVoila.per_address={self.per_address}",
                f"--RoomVoila.link={self.link}", f"--RoomVoila.status_file={status_file}"]


def qr_svg(link: str, *, scale: int = 8) -> str:
    """The join link as an inline SVG QR code (made here, no network).

    A screen reader hears what it is (the link itself is written beside it, not read out
    twice with its long token).
    """
    import segno

    svg = segno.make(link, error="m").svg_inline(scale=scale, border=2)
    return svg.replace("<svg ", '<svg role="img" aria-label="QR code: scan it with a '
                       'phone to open the room\'s link" ', 1)


def qr_text(link: str) -> str:
    """The join link as a QR code drawn with characters, for the terminal."""
    import io

    import segno

    out = io.StringIO()
    segno.make(link, error="m").terminal(out=out, compact=True, border=2)
    return out.getvalue()


def read_status(path: Path | None = None) -> dict | None:
    """The running room's status, or None when no room is running."""
    path = path or room_file()
    try:
        status = read_json(path, "room status", limit=100_000)
    except (OSError, ValueError):
        return None
    if not isinstance(status, dict):
        return None
    updated = status.get("updated")
    if not isinstance(updated, (int, float)) or isinstance(updated, bool) \
            or not time.time() - STALE_AFTER <= updated <= time.time() + STALE_AFTER:
        return None
    return status


def free_request_file(status_file: Path) -> Path:
    """Where the facilitator asks the room to free an address's places."""
    return status_file.with_name(status_file.name + ".free")


def request_free(address: str, status_file: Path | None = None) -> Path:
    """Ask the running room to free every place ``address`` holds (within 2 seconds)."""
    try:
        ipaddress.ip_address(address)
    except ValueError:
        raise ValueError(f"address={address[:60]!r} is not an IP address; give one the "
                         "join card lists under 'more than one place'") from None
    path = free_request_file(status_file or room_file())
    write_file(path, json.dumps({"address": address}).encode(), overwrite=True,
               backup=False, make_folder=True)
    os.chmod(path, 0o600)
    return path


def read_free_request(path: Path) -> str | None:
    """The address a free request names, or None (no request, or not a valid one)."""
    try:
        address = read_json(path, "room request", limit=1024).get("address")
        ipaddress.ip_address(address)
    except (OSError, ValueError, AttributeError, TypeError):
        return None
    return address


def write_status(path: Path, status: dict) -> None:
    """Save the status atomically, readable by its owner only (it holds the token)."""
    write_file(path, json.dumps(status, indent=1).encode(), overwrite=True, backup=False,
               make_folder=True)
    os.chmod(path, 0o600)
