"""``make room`` (``python -m guide.workshop.room``): serve the participants' app to a room.

What the room exposes and how it is guarded: :mod:`guide.workshop.roomfile` (the room's
settings, link and status file) and :mod:`guide.workshop.room_server` (the server).
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from .room_server import serve
from .roomfile import APP_NOTEBOOK, Room, lan_address, request_free, room_file


def _env_whole(var: str, default: int) -> int:
    """A whole number from an environment variable, or an error naming it."""
    text = (os.environ.get(var) or "").strip()
    if not text:
        return default
    if not text.isdigit():
        raise ValueError(f"{var}={text[:40]!r} must be a whole number (e.g. {var}={default})")
    return int(text)


def main(argv: list[str] | None = None) -> int:
    """``python -m guide.workshop.room``: serve the app to the room (see the module's docstring)."""
    parser = argparse.ArgumentParser(prog="make room", description=main.__doc__)
    parser.add_argument("--ip", default=os.environ.get("ROOM_IP") or None,
                        help="address to listen on (default: this machine's LAN address)")
    try:
        port, size = _env_whole("ROOM_PORT", 8866), _env_whole("ROOM_SIZE", 30)
    except ValueError as exc:
        print(f"Cannot start the room: {exc}.", file=sys.stderr)
        return 2
    parser.add_argument("--port", type=int, default=port)
    parser.add_argument("--size", type=int, default=size)
    parser.add_argument("--cap", type=int, default=None)
    parser.add_argument("--idle", type=int, default=90)
    parser.add_argument("--per-address", type=int, default=3,
                        help="most places one device (client address) may hold; 0: no limit")
    parser.add_argument("--notebook", default=str(APP_NOTEBOOK))
    parser.add_argument("--free", metavar="ADDRESS",
                        help="ask the running room to free the places ADDRESS holds, and stop")
    args = parser.parse_args(argv)
    if args.free is not None:
        try:
            request_free(args.free)
        except (ValueError, OSError) as exc:
            print(f"Cannot ask the room: {exc}.", file=sys.stderr)
            return 2
        print(f"Asked the room to free the places {args.free} holds (within 2 seconds).")
        return 0
    ip = args.ip or lan_address()
    if ip is None:
        print("No local network address found: join the room's Wi-Fi, or give one with "
              "ROOM_IP=... (e.g. ROOM_IP=192.168.1.20 make room).", file=sys.stderr)
        return 2
    try:
        room = Room(ip=ip, port=args.port, size=args.size, cap=args.cap, idle=args.idle,
                    per_address=args.per_address, notebook=Path(args.notebook))
    except ValueError as exc:
        print(f"Cannot start the room: {exc}.", file=sys.stderr)
        return 2
    return serve(room, room_file())


if __name__ == "__main__":
    sys.exit(main())
