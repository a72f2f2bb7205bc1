"""The room's Voilà server: Voilà 0.5 with a kernel cap, a protocol check and a status file.

Kept apart from :mod:`guide.workshop.roomfile` so that reading the room's status (the
facilitator's notebook) does not import the server.
"""

from __future__ import annotations

import asyncio
import collections
import contextlib
import contextvars
import html
import json
import os
from datetime import UTC, datetime
from pathlib import Path

import tornado.ioloop
import tornado.web
from jupyter_core.utils import ensure_async
from traitlets import Integer, Unicode
from voila.app import Voila
from voila.request_info_handler import RequestInfoSocketHandler
from voila.tornado.handler import TornadoVoilaHandler
from voila.tornado.kernel_websocket_handler import VoilaKernelWebsocketHandler

from .room_guard import MAX_FRAME, FrameGuard, Refused
from .roomfile import (
    PROTOCOL,
    Room,
    free_request_file,
    qr_text,
    read_free_request,
    with_template,
    write_status,
)

WARM_TIMEOUT = 120
"""Seconds a kernel may take to run the app before the next one starts anyway."""
SPARE = 3
"""Kernels kept warm for late arrivals and reloads once the room has arrived."""

FULL_PAGE = """<!doctype html><html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><title>The room is full</title>
</head><body style="font-family: sans-serif; font-size: 20px; margin: 2em; max-width: 30em">
<h1>The room is full</h1><p>{count} people already have the app open, the most this laptop
serves at once. Please share a neighbour's screen, or try again in a minute: a place frees
up when someone closes the page.</p></body></html>"""
YOURS_PAGE = """<!doctype html><html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><title>Already open</title>
</head><body style="font-family: sans-serif; font-size: 20px; margin: 2em; max-width: 30em">
<h1>The app is already open here</h1><p>This device already has the app open {count} times,
the most one device may hold, so that everyone in the room gets a place. Go back to a page
you have open, or close one and try again.</p></body></html>"""

LOST_PAGE = """<!doctype html><html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Scan the code again</title></head>
<body style="font-family: sans-serif; font-size: 20px; margin: 2em; max-width: 30em">
<main><h1>This link is out of date or incomplete</h1><p>Scan the code on the screen again,
or ask for the link: it changes each time the room starts, so a saved or shortened link
stops working.</p></main></body></html>"""


def lost(handler: tornado.web.RequestHandler) -> None:
    """Answer a request that lacks the room's token with :data:`LOST_PAGE` (403)."""
    handler.set_status(403)
    handler.set_header("Content-Type", "text/html; charset=utf-8")
    handler.set_header("Cache-Control", "no-store")
    handler.finish(LOST_PAGE)


class LostPage(tornado.web.RequestHandler):
    """Where Jupyter would show its login form: the room's own page instead.

    Jupyter's login page (passwords, ``jupyter server list``) means nothing to a phone
    with an old link; this tells its owner what to do instead.
    """

    def get(self, *args, **kwargs) -> None:
        """Answer a page request with the phone-sized page."""
        lost(self)

    def post(self, *args, **kwargs) -> None:
        """Answer a form post with the phone-sized page."""
        lost(self)


def v1_header(message: bytes) -> dict | None:
    """The header of a v1-protocol binary frame, or None if the frame is not one.

    Voilà's own reader trusts the first 8 bytes as a count of offsets; a legacy frame puts
    a 4-byte big-endian count there, read as ~10^17 offsets. Here the count is bounded by
    the frame's length before anything is allocated.
    """
    if len(message) < 8:
        return None
    count = int.from_bytes(message[:8], "little")
    if not 3 <= count <= (len(message) - 8) // 8:
        return None
    offsets = [int.from_bytes(message[8 * (i + 1):8 * (i + 2)], "little") for i in range(3)]
    try:
        return json.loads(message[offsets[1]:offsets[2]].decode("utf-8"))
    except (ValueError, UnicodeDecodeError):
        return None


class RoomKernelWebsocket(VoilaKernelWebsocketHandler):
    """A participant's kernel connection: v1 protocol only, frames checked, no code echo.

    Every frame is checked (:mod:`guide.workshop.room_guard`) before Jupyter Server reads it.
    """

    async def get(self, kernel_id: str) -> None:
        """Open a kernel's websocket, once the protocol and the room's places allow it."""
        offered = [p.strip() for p in
                   self.request.headers.get("Sec-WebSocket-Protocol", "").split(",")]
        if PROTOCOL not in offered:
            self.set_status(400)
            self.finish(f"This server speaks only the {PROTOCOL} websocket protocol.")
            return
        self.guard = FrameGuard()
        await super().get(kernel_id)

    def on_message(self, message):
        """Check a frame before Jupyter Server reads it; close this connection if refused."""
        try:
            self.guard.check(message)
        except Refused as exc:
            self.log.warning("Closed a participant's connection to %s: it sent %s",
                             getattr(self, "kernel_id", "?"), exc)
            self.close(1008, "The app's page sends nothing like this.")
            return None
        return super().on_message(message)

    def write_message(self, message, binary=False):
        """Send a frame to the phone (a closed connection is not an error)."""
        if isinstance(message, bytes):
            header = v1_header(message)
        elif isinstance(message, dict):
            header = message.get("header")
        else:
            header = None
        if isinstance(header, dict) and header.get("msg_type") == "execute_input":
            return None  # the app's code is not shown to participants
        return super(VoilaKernelWebsocketHandler, self).write_message(message, binary)


_CLIENT: contextvars.ContextVar[str] = contextvars.ContextVar("room_client", default="")
"""The address of the page request being served (set by :class:`RoomPage`)."""


class Places:
    """The room's places: which kernels went to which address, and pages being opened.

    The cap is a limit, not a check: a place is reserved (synchronously, so no two
    requests can both take the last one) before a page is rendered, and counted until its
    kernel is handed over. ``per_address`` bounds what one client address may hold, so
    one link holder cannot take every place; 0 turns that bound off (a room whose phones
    all reach the laptop through one address, behind a router that translates them).
    """

    def __init__(self, manager, cap: int, per_address: int) -> None:
        self.manager, self.cap, self.per_address = manager, cap, per_address
        self.owner: dict[str, str] = {}  # kernel id -> address of the page it went to
        self.pending: collections.Counter[str] = collections.Counter()

    def held(self) -> collections.Counter[str]:
        """Places held by each address (kernels still running)."""
        running = set(self.manager.list_kernel_ids())
        for gone in set(self.owner) - running:
            del self.owner[gone]  # closed or culled
        return collections.Counter(self.owner.values())

    def reserve(self, address: str) -> str | None:
        """Reserve a place for ``address``: None, or why not ("full", "yours")."""
        held = self.held()
        if sum(held.values()) + sum(self.pending.values()) >= self.cap:
            return "full"
        if self.per_address and held[address] + self.pending[address] >= self.per_address:
            return "yours"
        self.pending[address] += 1
        return None

    def release(self, address: str) -> None:
        """The page request is over (its kernel, if any, is in ``owner`` by now)."""
        self.pending[address] -= 1
        if self.pending[address] <= 0:
            del self.pending[address]

    def handed(self, kernel_id: str) -> None:
        """A kernel went to the page being served."""
        self.owner[kernel_id] = _CLIENT.get() or "?"


def participants(manager) -> tuple[int, int]:
    """(kernels handed to participants and still running, of them with a page open now).

    Pool kernels are not counted: only the kernels a page was given
    (:meth:`RoomVoila._track_pages` records them).
    """
    places: Places | None = getattr(manager, "room_places", None)
    if places is None:
        return 0, 0
    places.held()  # forget kernels that have gone (closed, culled)
    handed = set(places.owner)
    connections = getattr(manager, "_kernel_connections", {})
    return len(handed), sum(1 for k in handed if connections.get(k, 0) > 0)


def ready(manager) -> int:
    """Pre-heated kernels ready to hand out."""
    return sum(1 for pool in getattr(manager, "_pools", {}).values()
               for task in pool if task.done() and not task.exception())


def free_address(manager, address: str) -> int:
    """Shut down every participant's kernel held by ``address``; returns how many."""
    places: Places = manager.room_places
    places.held()
    mine = [k for k, a in places.owner.items() if a == address]
    for kernel_id in mine:
        places.owner.pop(kernel_id, None)
        asyncio.ensure_future(ensure_async(manager.shutdown_kernel(kernel_id)))
    return len(mine)


class RoomPage(TornadoVoilaHandler):
    """The app page (with the cookie its unload beacon needs), or a page saying why not."""

    async def get(self, path: str | None = None) -> None:
        """Serve the app's page, once the room has a place for this phone."""
        if not self.current_user:  # no token, an old one, or a mistyped link
            lost(self)
            return
        places: Places = self.kernel_manager.room_places
        address = self.request.remote_ip or "?"
        refused = places.reserve(address)
        if refused:
            kernels = sum(places.held().values())
            self.set_status(503 if refused == "full" else 429)
            self.set_header("Content-Type", "text/html")
            self.finish(FULL_PAGE.format(count=html.escape(str(kernels))) if refused == "full"
                        else YOURS_PAGE.format(count=places.per_address))
            return
        client = _CLIENT.set(address)
        try:
            # Sets the _xsrf cookie. Voilà's page frees its kernel on unload with a beacon
            # that carries it; behind a token no page set it, the beacon was refused (403)
            # and a closed tab's kernel lived on until culled.
            _ = self.xsrf_token
            await super().get(path)
        finally:
            _CLIENT.reset(client)
            places.release(address)


class RoomVoila(Voila):
    """Voilà with the room's handlers and a status file for the facilitator."""

    cap = Integer(40, config=True, help="Most participants' kernels at once.")
    per_address = Integer(3, config=True,
                          help="Most kernels one client address may hold (0: no limit).")
    status_file = Unicode("", config=True, help="Where to write the room's status.")
    link = Unicode("", config=True, help="The join link shown to the room.")
    size = Integer(0, config=True, help="Kernels started ahead.")

    def init_settings(self) -> dict:
        """Voilà's settings, with the room's handlers and limits added."""
        settings = super().init_settings()
        # a frame larger than this closes its connection before it is read whole
        settings["websocket_max_message_size"] = MAX_FRAME
        self.kernel_manager.room_places = Places(self.kernel_manager, self.cap,
                                                 self.per_address)
        self._track_pages(self.kernel_manager)
        self._refill_for_the_room(self.kernel_manager)
        return settings

    @staticmethod
    def _track_pages(manager) -> None:
        """Remember which kernels went to a page (from the pool, or started for it)."""
        places: Places = manager.room_places
        take, start = manager.get_rendered_notebook, manager.start_kernel

        async def get_rendered_notebook(*args, **kwargs):
            taken = await take(*args, **kwargs)
            places.handed(taken[2])  # (render task, cache, kernel id)
            return taken

        async def start_kernel(*args, **kwargs):  # only pages call it: the pool's own
            kernel_id = await ensure_async(start(*args, **kwargs))  # go through super()
            places.handed(kernel_id)
            return kernel_id

        manager.get_rendered_notebook = get_rendered_notebook
        manager.start_kernel = start_kernel

    def _refill_for_the_room(self, manager) -> None:
        """Keep ``size`` kernels warm before the room arrives, only a few spare after.

        Voilà refills its pool to ``pool_size`` each time a page takes a kernel: for a room
        arriving together that is ``size`` more kernels starting while everyone is moving
        sliders (twice the memory, seconds of CPU each). Here the pool is topped up to what
        the room can still use: the expected participants not yet arrived, at least
        ``SPARE`` (at most ``size``) for late arrivals and reloads, never beyond the cap.
        Voilà itself is told to start none (``pool_size=0``), so that the first fill also
        goes through here.
        """
        fill = manager.fill_if_needed

        def fill_if_needed(*args, **kwargs):
            kernels, _ = participants(manager)
            spare = min(SPARE, self.size)
            target = min(max(spare, self.size - kernels), max(0, self.cap - kernels))
            config = dict(manager.kernel_pools_config)
            config["default"] = {**config.get("default", {}), "pool_size": target}
            manager.kernel_pools_config = config
            return fill(*args, **kwargs)

        manager.fill_if_needed = fill_if_needed
        self._warm_a_few_at_a_time(manager)
        manager.fill_if_needed(delay=0, notebook_name=manager.notebook_path)

    @staticmethod
    def _warm_a_few_at_a_time(manager) -> None:
        """Run the app in at most one new kernel per core at a time.

        Voilà starts every pool kernel at once; thirty kernels running the app together on
        two cores time out waiting for each other and take minutes. One per core, each
        waits its turn and the pool is ready in about size x 1 s. A kernel counts as
        ready only once the app has run in it.
        """
        initialize = manager._initialize
        gate: list[asyncio.Semaphore] = []

        async def _initialize(*args, **kwargs):
            if not gate:
                gate.append(asyncio.Semaphore(os.cpu_count() or 2))
            async with gate[0]:
                started = await initialize(*args, **kwargs)
                with contextlib.suppress(Exception):
                    await asyncio.wait_for(asyncio.shield(started["task"]), WARM_TIMEOUT)
            return started

        manager._initialize = _initialize

    def init_handlers(self) -> list:
        """Voilà's routes with the room's page and kernel socket, and no query socket.

        ``/voila/query/<kernel>`` answers without a token and sends the page's query
        string (the token in it) to whoever asks; it serves kernels that wait for their
        page's URL, which the app never does, so the room has no such route.
        """
        swap = {VoilaKernelWebsocketHandler: RoomKernelWebsocket,
                TornadoVoilaHandler: RoomPage,
                self.identity_provider.login_handler_class: LostPage}  # never a login form
        RequestInfoSocketHandler.send_updates = classmethod(lambda cls, msg: None)
        return [(route[0], swap.get(route[1], route[1]), *route[2:])
                for route in super().init_handlers()
                if route[1] is not RequestInfoSocketHandler]

    def start(self) -> None:
        """Start the room: write its status file, then serve."""
        if self.status_file:
            started = datetime.now(UTC).isoformat(timespec="seconds")
            tornado.ioloop.PeriodicCallback(lambda: self._status(started), 2000).start()
        super().start()

    def _status(self, started: str) -> None:
        manager = self.kernel_manager
        # Voilà refills only when a page takes a kernel: after a full room empties, or
        # pages that found the pool empty, top it up here (only what is missing starts)
        manager.fill_if_needed(delay=0, notebook_name=manager.notebook_path)
        self._free_on_request()
        kernels, connected = participants(manager)
        held = manager.room_places.held()
        status = {"link": self.link, "started": started, "pid": os.getpid(),
                  "updated": datetime.now(UTC).timestamp(), "size": self.size,
                  "cap": self.cap, "per_address": self.per_address,
                  "ready": ready(self.kernel_manager), "participants": kernels,
                  "connected": connected,
                  "crowded": {a: n for a, n in held.most_common(10) if n > 1}}
        try:
            write_status(Path(self.status_file), status)
        except (OSError, ValueError) as exc:
            self.log.warning("Cannot write the room's status to %s: %s", self.status_file, exc)

    def _free_on_request(self) -> None:
        """Free the places of an address the facilitator named (``make room-free``)."""
        if not self.status_file:
            return
        request = free_request_file(Path(self.status_file))
        address = read_free_request(request)
        if address is None:
            return
        freed = free_address(self.kernel_manager, address)
        self.log.warning("Freed %d place(s) held by %s, as the facilitator asked", freed,
                         address)
        with contextlib.suppress(OSError):
            request.unlink()

    def stop(self) -> None:
        """Stop the room: its status file goes (the join card says so), then Voilà stops."""
        try:
            Path(self.status_file).unlink(missing_ok=True)
        except OSError:
            pass
        super().stop()


def serve(room: Room, status_file: Path) -> int:
    """Serve the room until interrupted (Ctrl+C)."""
    print(f"\nThe room's join link (open it, or scan the code below):\n\n  {room.link}\n")
    print(qr_text(room.link))
    print(f"Starting {room.size} kernels ahead for {room.size} participants, a few at a "
          "time: each runs the app once before a phone asks, which takes from a few "
          "seconds to half a minute on a laptop; the join card on the projector counts "
          f"those ready. At most {room.cap} at once.\n"
          "The facilitator's notebook shows this link, the code and who is connected.\n"
          "Anyone on this network with the link can use the app (not run code). "
          "Ctrl+C stops the room.\n", flush=True)
    os.environ.update(with_template(dict(os.environ)))  # Voila reads it to find the page
    RoomVoila.launch_instance(argv=room.voila_argv(status_file))
    return 0

