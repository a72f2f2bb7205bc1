"""What the room accepts from a participant's page, checked before anything else reads it.

Every byte a phone sends is treated as hostile. Jupyter Server's own v1 reader trusts a
frame's first 8 bytes as a count of offsets and builds a list that long: one 8-byte frame
``ff ff ff ff ff ff ff ff`` pinned a core and grew memory until the room was killed. Here a
frame is bounded in size, its offsets in count and range, its parts parsed as small JSON
objects, and only what the app's own page sends gets through; anything else closes that
one connection (:class:`Refused`) and the room goes on serving everyone else.

Kept apart from :mod:`guide.workshop.room_server` so that it can be tested without a server.
"""

from __future__ import annotations

import json

MAX_FRAME = 2**20
"""Largest frame a page may send (1 MiB; moving a control sends well under 1 kB)."""
MAX_PARTS = 16
"""Most offsets in one v1 frame: channel, header, parent, metadata, content, buffers."""
MIN_PARTS = 6
"""Fewest offsets of a message: the channel's start, four parts' starts and the end."""
CHANNELS = frozenset({"shell", "control"})
"""Channels a page writes to (``iopub`` only reads; the app asks for no input)."""
MESSAGE_TYPES = frozenset({"comm_open", "comm_close", "comm_msg", "comm_info_request",
                           "kernel_info_request", "shutdown_request"})
"""Voilà's own list: widgets, the kernel's description and closing the page's kernel."""
COMM_TARGETS = frozenset({"jupyter.widget.control"})
"""The one comm a Voilà page opens: it asks the kernel for every widget's state."""
MAX_COMM_OPENS = 8
"""Comms one connection may open (a page opens one; a reload opens a new connection)."""


class Refused(ValueError):
    """A frame the room will not pass on; the message says why, shortly."""


def _short(value: object, limit: int = 40) -> str:
    text = repr(value)
    return text if len(text) <= limit else text[:limit] + "..."


def _json_object(part: bytes, what: str) -> dict:
    try:
        value = json.loads(part)
    except (ValueError, RecursionError):
        raise Refused(f"the {what} is not JSON") from None
    if not isinstance(value, dict):
        raise Refused(f"the {what} is not a JSON object")
    return value


def read_frame(message: bytes | str) -> tuple[str, dict, list[bytes]]:
    """Check one frame from a page: returns (channel, header, the message's parts).

    Raises:
        Refused: The frame is not a well-formed, bounded v1 message of an allowed type.
    """
    if not isinstance(message, bytes):
        raise Refused("a text frame (the room speaks only binary v1 frames)")
    size = len(message)
    if size > MAX_FRAME:
        raise Refused(f"a frame of {size:,} bytes (at most {MAX_FRAME:,})")
    if size < 8 * (MIN_PARTS + 1):
        raise Refused(f"a frame of {size} bytes is too short for a message")
    count = int.from_bytes(message[:8], "little")
    if not MIN_PARTS <= count <= MAX_PARTS or 8 * (count + 1) > size:
        raise Refused(f"a frame claiming {_short(count)} offsets "
                      f"({MIN_PARTS} to {MAX_PARTS} allowed)")
    offsets = [int.from_bytes(message[8 * i:8 * (i + 1)], "little")
               for i in range(1, count + 1)]
    if offsets[0] != 8 * (count + 1) or offsets[-1] != size or \
            any(b < a for a, b in zip(offsets, offsets[1:], strict=False)):
        raise Refused("a frame whose offsets do not describe its own bytes")
    try:
        channel = message[offsets[0]:offsets[1]].decode("ascii")
    except UnicodeDecodeError:
        raise Refused("a channel name that is not text") from None
    if channel not in CHANNELS:
        raise Refused(f"channel {_short(channel)} (allowed: {', '.join(sorted(CHANNELS))})")
    parts = [message[a:b] for a, b in zip(offsets[1:], offsets[2:], strict=False)]
    header = _json_object(parts[0], "header")
    kind = header.get("msg_type")
    if not isinstance(kind, str) or kind not in MESSAGE_TYPES:
        raise Refused(f"message type {_short(kind)} (allowed: {', '.join(sorted(MESSAGE_TYPES))})")
    return channel, header, parts


class FrameGuard:
    """The checks for one connection: every frame bounded, comms limited to the page's own."""

    def __init__(self) -> None:
        self.comm_opens = 0

    def check(self, message: bytes | str) -> None:
        """Raise :class:`Refused` unless ``message`` may reach the participant's kernel."""
        _, header, parts = read_frame(message)
        if header["msg_type"] != "comm_open":
            return
        content = _json_object(parts[3], "content")
        target = content.get("target_name")
        if not isinstance(target, str) or target not in COMM_TARGETS:
            raise Refused(f"a comm for {_short(target)} (the page opens only "
                          f"{', '.join(sorted(COMM_TARGETS))})")
        self.comm_opens += 1
        if self.comm_opens > MAX_COMM_OPENS:
            raise Refused(f"more than {MAX_COMM_OPENS} comms on one connection")
