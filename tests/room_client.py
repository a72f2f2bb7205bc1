"""A participant without a browser: opens the room's app page and talks widgets to its kernel.

Used by the room's security tests (tests/test_room.py) and its load test
(``make room-load``, tests/room_load.py). It speaks what a browser's Voilà page speaks:
Jupyter's v1 kernel websocket protocol, ipywidgets' comm messages (``request_states`` to
get every widget, ``update`` to move a control).
"""

from __future__ import annotations

import asyncio
import json
import re
import time
import uuid
from typing import Any

from jupyter_server.services.kernels.connection.base import (
    deserialize_msg_from_ws_v1,
    serialize_msg_to_ws_v1,
)
from tornado.httpclient import AsyncHTTPClient, HTTPRequest
from tornado.websocket import websocket_connect

from guide.workshop.roomfile import PROTOCOL

KERNEL_ID = re.compile(r'"kernelId":\s*"([0-9a-f-]{36})"')


async def open_page(base: str, token: str, *, timeout: float = 120) -> tuple[str, str]:
    """GET the app page; returns (kernel id, the page)."""
    response = await AsyncHTTPClient().fetch(
        f"{base}/?token={token}", request_timeout=timeout, follow_redirects=False,
        raise_error=False)
    page = response.body.decode()
    found = KERNEL_ID.search(page)
    if response.code != 200 or not found:
        raise RuntimeError(f"page answered {response.code}: {page[:200]}")
    return found.group(1), page


async def joined(base: str, token: str) -> Participant:
    """A participant who has opened the app page and connected to its kernel."""
    kernel, _ = await open_page(base, token)
    participant = Participant(base, token)
    await participant.connect(kernel)
    return participant


class Participant:
    """One open app page: a kernel websocket and the widget models it knows."""

    def __init__(self, base: str, token: str, headers: dict | None = None) -> None:
        self.base, self.token = base, token
        self.headers = headers or {}  # a hub's server takes its token in a header
        self.session = uuid.uuid4().hex
        self.ws: Any = None
        self.kernel_id = ""
        self.models: dict[str, dict] = {}
        self.replies: dict[str, asyncio.Future] = {}
        self.updates: asyncio.Queue = asyncio.Queue()
        self.reader: asyncio.Task | None = None

    async def connect(self, kernel_id: str, *, subprotocols: list[str] | None = None,
                      token: str | None = None) -> None:
        """Open the kernel websocket (with the v1 protocol unless told otherwise)."""
        self.kernel_id = kernel_id
        ws_base = self.base.replace("http://", "ws://")
        url = (f"{ws_base}/api/kernels/{kernel_id}/channels?session_id={self.session}"
               f"&token={self.token if token is None else token}")
        self.ws = await websocket_connect(
            HTTPRequest(url, request_timeout=30, connect_timeout=30, headers=self.headers),
            subprotocols=[PROTOCOL] if subprotocols is None else subprotocols,
            max_message_size=200 * 2**20)
        self.reader = asyncio.ensure_future(self._read())

    def send(self, msg_type: str, content: dict, channel: str = "shell", *,
             metadata: dict | None = None) -> str:
        """Send one message; returns its id."""
        msg_id = uuid.uuid4().hex
        header = {"msg_id": msg_id, "msg_type": msg_type, "session": self.session,
                  "username": "participant", "version": "5.3",
                  "date": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())}
        parts = [json.dumps(p).encode() for p in (header, {}, metadata or {}, content)]
        self.replies[msg_id] = asyncio.get_running_loop().create_future()
        self.ws.write_message(serialize_msg_to_ws_v1(parts, channel), binary=True)
        return msg_id

    async def _read(self) -> None:
        while True:
            frame = await self.ws.read_message()
            if frame is None:
                return
            if isinstance(frame, str):
                continue
            channel, parts = deserialize_msg_from_ws_v1(frame)
            header, parent, _, content = (json.loads(p) for p in parts[:4])
            self._handle(channel, header, parent, content)

    def _handle(self, channel: str, header: dict, parent: dict, content: dict) -> None:
        reply = self.replies.get(parent.get("msg_id", ""))
        kind = header.get("msg_type")
        if kind == "comm_msg" and content.get("data", {}).get("method") == "update":
            model = self.models.setdefault(content["comm_id"], {})
            model.update(content["data"].get("state", {}))
            self.updates.put_nowait((time.perf_counter(), content["comm_id"]))
        elif kind == "comm_msg" and content.get("data", {}).get("method") == "update_states":
            for model_id, state in content["data"]["states"].items():
                self.models[model_id] = dict(state["state"])
            if reply is not None and not reply.done():
                reply.set_result(content)
        elif reply is not None and not reply.done() and kind.endswith("_reply"):
            reply.set_result(content)

    async def request_states(self, timeout: float = 60) -> dict[str, dict]:
        """Every widget's state, as a page asks for it when it loads."""
        comm = uuid.uuid4().hex
        self.send("comm_open", {"comm_id": comm, "target_name": "jupyter.widget.control",
                                "data": {}}, metadata={"version": "1.0.0"})
        msg = self.send("comm_msg", {"comm_id": comm, "data": {"method": "request_states"}})
        await asyncio.wait_for(self.replies[msg], timeout)
        return self.models

    def find(self, model: str, description: str = "") -> str:
        """The id of the first widget of a kind whose label starts with ``description``."""
        for model_id, state in self.models.items():
            if state.get("_model_name") == model and \
                    state.get("description", "").startswith(description):
                return model_id
        raise LookupError(f"no {model} labelled {description!r} among {len(self.models)}")

    def move(self, model_id: str, value: Any, key: str = "value") -> float:
        """Set a control's value as a browser does; returns when it was sent.

        (A choice among buttons or in a menu is sent as its ``index``.)
        """
        self.updates = asyncio.Queue()
        self.send("comm_msg", {"comm_id": model_id, "data": {
            "method": "update", "state": {key: value}, "buffer_paths": []}})
        return time.perf_counter()

    def click(self, model_id: str) -> None:
        """Press a button as a browser does."""
        self.send("comm_msg", {"comm_id": model_id, "data": {
            "method": "custom", "content": {"event": "click"}}})

    def find_where(self, test: Any) -> str:
        """The id of the first widget whose state passes ``test``."""
        for model_id, state in self.models.items():
            if test(state):
                return model_id
        raise LookupError(f"no such widget among {len(self.models)}")

    async def until(self, model_id: str, test: Any, timeout: float = 30) -> dict:
        """Wait until a widget's state passes ``test``; returns the state."""
        deadline = time.perf_counter() + timeout
        while not test(self.models.get(model_id, {})):
            if time.perf_counter() > deadline:
                raise TimeoutError(f"widget never reached the state: {self.models.get(model_id)}")
            await asyncio.sleep(0.1)
        return self.models[model_id]

    async def changed(self, model_id: str, timeout: float) -> float:
        """Wait for a widget (e.g. the chart) to be updated; returns when it was."""
        deadline = time.perf_counter() + timeout
        while True:
            left = deadline - time.perf_counter()
            when, changed = await asyncio.wait_for(self.updates.get(), max(left, 0.001))
            if changed == model_id:
                return when

    async def close(self) -> None:
        """Close the page as a browser does: ask Voilà to shut its kernel down."""
        if self.kernel_id:
            await self.close_kernel(self.kernel_id)
        self.drop()

    async def close_kernel(self, kernel_id: str) -> None:
        """What a page does on leaving: ask Voilà to shut its kernel down."""
        await AsyncHTTPClient().fetch(
            f"{self.base}/voila/api/shutdown/{kernel_id}?token={self.token}",
            method="POST", body=b"", raise_error=False, request_timeout=30,
            headers=self.headers)

    def drop(self) -> None:
        """Vanish as a crashed tab does: the connection goes, nobody says goodbye."""
        if self.ws is not None:
            self.ws.close()
        if self.reader is not None:
            self.reader.cancel()
