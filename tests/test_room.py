"""Room mode: what a visitor on the room's network can and cannot do (a real Voilà server).

The server runs as ``make room`` runs it (``python -m guide.workshop.room``), on loopback with one
pre-heated kernel and a cap of two participants.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import json
import os
import re
import socket
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest
from tornado.httpclient import AsyncHTTPClient, HTTPClientError
from tornado.websocket import WebSocketClosedError, websocket_connect

from guide.workshop.room import main
from guide.workshop.room_server import v1_header
from guide.workshop.roomfile import Room, qr_svg, read_status
from tests.room_client import KERNEL_ID, Participant, joined, open_page

ROOT = Path(__file__).resolve().parents[1]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def room(tmp_path_factory):
    """A running room: (base url, token, status file)."""
    folder = tmp_path_factory.mktemp("room")
    env = {**os.environ, "GUIDE_ROOM_FILE": str(folder / "room.json"),
           "GUIDE_POLL_DIR": str(folder / "poll"), "GUIDE_PRESET": "defaults",
           "GUIDE_SESSION_FILE": str(folder / "session.json")}  # not this machine's
    server = subprocess.Popen(
        [sys.executable, "-m", "guide.workshop.room", "--ip", "127.0.0.1",
         "--port", str(free_port()),
         "--size", "1", "--cap", "2", "--idle", "30"],
        cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    deadline = time.time() + 120
    status = None
    while time.time() < deadline and server.poll() is None:
        status = read_status(folder / "room.json")
        if status and status["ready"] >= 1:
            break
        time.sleep(0.5)
    if not status or status["ready"] < 1:
        server.kill()
        pytest.fail(f"the room did not start: {server.stdout.read()[-3000:]}")
    base, token = status["link"].split("/?token=")
    yield base, token, folder / "room.json"
    server.terminate()
    try:
        server.wait(30)
    except subprocess.TimeoutExpired:
        server.kill()


def run(coro):
    """Run a client coroutine on its own loop, in a thread: Playwright's sync API (the
    browser tests, same session) keeps an event loop running in the main thread."""
    with concurrent.futures.ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, coro).result()


async def fetch(url: str):
    return await AsyncHTTPClient().fetch(url, follow_redirects=False, raise_error=False,
                                         request_timeout=60)


def test_the_page_needs_the_token(room):
    base, token, _ = room
    for url in (f"{base}/", f"{base}/?token=not-the-token", f"{base}/voila/files/app.ipynb"):
        answer = run(fetch(url))
        assert answer.code in (302, 403), (url, answer.code)
        assert b"kernelId" not in answer.body


def test_a_stale_or_token_less_link_gets_the_rooms_own_page_never_a_login_form(room):
    """A phone with an old link is told to scan the code again, in a page it can read."""
    base, token, _ = room
    for url in (f"{base}/", f"{base}/?token=an-old-token", f"{base}/login",
                f"{base}/login?next=%2F"):
        answer = run(fetch(url))
        if answer.code == 302:  # Jupyter sends the unknown to its login route: ours
            assert answer.headers["Location"].startswith("/login"), url
            answer = run(fetch(base + answer.headers["Location"]))
        assert answer.code == 403, (url, answer.code)
        body = answer.body.decode()
        assert "Scan the code on the screen again" in body, url
        assert "password" not in body.lower() and "jupyter" not in body.lower(), url
        assert 'name="viewport"' in body and "kernelId" not in body


def test_the_kernel_websocket_needs_the_token(room):
    base, token, _ = room

    async def attempt():
        kernel, _ = await open_page(base, token)
        visitor = Participant(base, token)
        try:
            with pytest.raises(HTTPClientError) as refused:
                await visitor.connect(kernel, token="")
            assert refused.value.code == 403
        finally:
            await Participant(base, token).close_kernel(kernel)

    run(attempt())


def test_code_sent_over_the_kernel_websocket_is_not_run(room, tmp_path):
    """A visitor with the link sends an execute_request: the kernel never sees it."""
    base, token, _ = room
    marker = tmp_path / "ran.txt"

    async def attempt():
        visitor = await joined(base, token)
        try:
            info = visitor.send("kernel_info_request", {})
            await asyncio.wait_for(visitor.replies[info], 30)  # the channel works...
            code = f"open({str(marker)!r}, 'w').write('ran')"
            sent = visitor.send("execute_request", {"code": code, "silent": False,
                                                    "store_history": True,
                                                    "user_expressions": {},
                                                    "allow_stdin": False})
            with pytest.raises(asyncio.TimeoutError):  # ...but code gets no reply
                await asyncio.wait_for(visitor.replies[sent], 5)
        finally:
            await visitor.close()

    run(attempt())
    assert not marker.exists()


def test_a_legacy_protocol_client_is_refused_and_the_room_keeps_answering(room):
    """No v1 subprotocol: refused at the handshake, before any frame is misread."""
    base, token, _ = room

    async def attempt():
        kernel, _ = await open_page(base, token)
        visitor = Participant(base, token)
        try:
            with pytest.raises((HTTPClientError, WebSocketClosedError)) as refused:
                await visitor.connect(kernel, subprotocols=[])
            assert getattr(refused.value, "code", 400) == 400
            start = time.perf_counter()
            kernel_2, _ = await open_page(base, token)
            await Participant(base, token).close_kernel(kernel_2)
            return time.perf_counter() - start
        finally:
            await visitor.close_kernel(kernel)

    assert run(attempt()) < 30


def test_a_legacy_frame_is_not_read_as_a_huge_count():
    """The frame that hung Voilà 0.5: a 4-byte big-endian count read as 8 little-endian."""
    legacy = (6).to_bytes(4, "big") + b"\x00" * 24 + b'{"msg_type": "status"}' * 10
    start = time.perf_counter()
    assert v1_header(legacy) is None
    assert time.perf_counter() - start < 0.1
    assert v1_header(b"") is None


def test_beyond_the_cap_a_page_says_the_room_is_full(room):
    base, token, _ = room

    async def attempt():
        kernels = [(await open_page(base, token))[0] for _ in range(2)]
        try:
            full = await fetch(f"{base}/?token={token}")
            return full.code, full.body.decode()
        finally:
            for kernel in kernels:
                await Participant(base, token).close_kernel(kernel)

    code, page = run(attempt())
    assert code == 503
    assert "The room is full" in page and "kernelId" not in page


def test_the_status_file_counts_connections_and_is_private(room):
    base, token, path = room
    assert stat.S_IMODE(path.stat().st_mode) == 0o600

    async def attempt():
        visitor = await joined(base, token)
        await visitor.request_states()
        await asyncio.sleep(4.5)  # the status is written every 2 s
        during = read_status(path)
        await visitor.close()
        await asyncio.sleep(4.5)
        return during, read_status(path)

    during, after = run(attempt())
    assert during["connected"] == 1 and during["participants"] == 1
    assert after["connected"] == 0 and after["participants"] == 0  # a closed tab frees it
    assert during["link"] == f"{base}/?token={token}"


def test_a_participant_moves_a_slider_and_the_chart_follows(room):
    base, token, _ = room

    async def attempt():
        visitor = await joined(base, token)
        try:
            await visitor.request_states()
            interest = visitor.find("IntSliderModel", "Interest in the job")
            charts = {m for m, s in visitor.models.items() if s["_model_name"] == "ImageModel"}
            sent = visitor.move(interest, 5 - visitor.models[interest]["value"] // 5)
            while True:
                when, model = await asyncio.wait_for(visitor.updates.get(), 30)
                if model in charts:
                    return when - sent
        finally:
            await visitor.close()

    assert run(attempt()) < 30


@pytest.mark.parametrize("field, kwargs", [
    ("ip", {"ip": "the laptop"}), ("port", {"ip": "127.0.0.1", "port": 80}),
    ("cap", {"ip": "127.0.0.1", "size": 30, "cap": 5}),
    ("idle", {"ip": "127.0.0.1", "idle": 5}), ("size", {"ip": "127.0.0.1", "size": 1.5}),
    ("notebook", {"ip": "127.0.0.1", "notebook": Path("nowhere.ipynb")}),
])
def test_room_settings_are_checked(field, kwargs):
    with pytest.raises(ValueError, match=f"^{field}="):
        Room(**kwargs)


def test_a_bad_setting_stops_make_room_with_one_clear_line(capsys):
    assert main(["--ip", "127.0.0.1", "--port", "80"]) == 2
    err = capsys.readouterr().err
    assert "port=80 must be a whole number from 1,024 to 65,535" in err
    assert "Traceback" not in err


def test_the_token_is_random_and_in_the_link_and_the_code():
    a, b = Room(ip="192.168.1.20"), Room(ip="192.168.1.20")
    assert a.token != b.token and len(a.token) >= 24
    assert a.link == f"http://192.168.1.20:8866/?token={a.token}"
    assert a.token not in repr(a)
    svg = qr_svg(a.link)
    assert svg.startswith("<svg") and "http" not in svg  # a picture, no network
    assert 'role="img" aria-label="QR code: scan it' in svg  # what a screen reader hears


def test_a_stale_status_means_no_room(tmp_path):
    path = tmp_path / "room.json"
    path.write_text(json.dumps({"link": "x", "updated": time.time() - 60}))
    assert read_status(path) is None
    path.write_text("{not json")
    assert read_status(path) is None


def test_the_room_warms_exactly_the_kernels_it_was_asked_for(room):
    """size 1: one kernel ahead, not the three spare a large room keeps."""
    base, token, path = room
    deadline = time.time() + 60  # earlier tests took kernels: the pool refills
    while read_status(path)["ready"] < 1 and time.time() < deadline:
        time.sleep(0.5)
    time.sleep(5)  # a larger pool would go on filling
    assert read_status(path)["ready"] == 1


def test_no_files_are_served_even_with_the_token(room):
    """Not even an image, which plain Voila serves from the notebook's folder."""
    base, token, _ = room
    probe = ROOT / "notebooks" / "room_test_probe.png"
    probe.write_bytes(b"\x89PNG\r\n\x1a\n")
    try:
        for name in (probe.name, "app.ipynb", "sanitize.cfg"):
            answer = run(fetch(f"{base}/voila/files/{name}?token={token}"))
            assert answer.code in (403, 404), (name, answer.code)
    finally:
        probe.unlink()


def test_with_the_token_the_page_loads_nothing_from_outside_the_room(room):
    """The app's own page: no style sheet, script or font from a CDN (phones talk to the
    room and nothing else)."""
    base, token, _ = room

    async def attempt():
        kernel, page = await open_page(base, token)
        await Participant(base, token).close_kernel(kernel)  # its place back to the room
        return page

    page = run(attempt())
    assert re.findall(r'(?:href|src)="(https?://[^"]+)"', page) == []


# --- hostile frames, a cap under concurrent arrivals, a fair share ----------------------

def frame(count: int, body: bytes = b"") -> bytes:
    return count.to_bytes(8, "little") + body


def message(msg_type: object = "comm_msg", content: dict | None = None,
            channel: str = "shell") -> bytes:
    from jupyter_server.services.kernels.connection.base import serialize_msg_to_ws_v1

    parts = [json.dumps(p).encode() for p in ({"msg_type": msg_type}, {}, {}, content or {})]
    return serialize_msg_to_ws_v1(parts, channel)


@pytest.mark.parametrize("bad, why", [
    (b"\xff" * 8, "too short"),
    (frame(2**63 - 1, b"\x00" * 64), "offsets"),
    (frame(6, b"\x00" * 48), "offsets do not describe"),
    ("{}", "text frame"),
    (b"\x00" * (2**20 + 1), "1,048,576"),
    (message(channel="iopub"), "channel 'iopub'"),
    (message("execute_request"), "message type 'execute_request'"),
    (message(["comm_msg"]), r"message type \['comm_msg'\]"),
    (message().replace(b'{"msg_type": "comm_msg"}', b"[" * 24), "header is not JSON"),
])
def test_a_hostile_frame_is_refused_before_anything_reads_it(bad, why):
    from guide.workshop.room_guard import Refused, read_frame

    start = time.perf_counter()
    with pytest.raises(Refused, match=why):
        read_frame(bad)
    assert time.perf_counter() - start < 0.05
    assert read_frame(message())[0] == "shell"  # what a page sends gets through


def test_a_page_may_open_only_the_widget_control_comm_and_few_of_them():
    from guide.workshop.room_guard import MAX_COMM_OPENS, FrameGuard, Refused

    guard = FrameGuard()
    with pytest.raises(Refused, match=r"a comm for \{\}"):
        guard.check(message("comm_open", {"target_name": {}}))
    with pytest.raises(Refused, match="jupyter.widget'"):
        guard.check(message("comm_open", {"target_name": "jupyter.widget", "comm_id": "x"}))
    for _ in range(MAX_COMM_OPENS):
        guard.check(message("comm_open", {"target_name": "jupyter.widget.control"}))
    with pytest.raises(Refused, match="more than"):
        guard.check(message("comm_open", {"target_name": "jupyter.widget.control"}))


def test_hostile_frames_close_one_connection_and_the_room_keeps_answering(room):
    """The 8-byte frame that stopped the room, a frame claiming 2^63 offsets and a 50 MB
    frame: each closes the sender's connection; pages are answered within 2 s throughout
    and a participant's slider still moves the chart."""
    base, token, _ = room
    attacks = [b"\xff" * 8, frame(2**63, b"\x00" * 64), b"\x00" * (50 * 2**20)]

    async def attempt():
        visitor = await joined(base, token)
        answers = []
        try:
            for attack in attacks:
                visitor.ws.write_message(attack, binary=True)
                await asyncio.wait_for(visitor.reader, 10)  # it ends when the room closes
                start = time.perf_counter()
                page = await fetch(f"{base}/?token=not-the-token")
                answers.append((page.code, time.perf_counter() - start))
                await visitor.connect(visitor.kernel_id)  # the page reconnects
            await visitor.request_states()
            interest = visitor.find("IntSliderModel", "Interest in the job")
            charts = {m for m, s in visitor.models.items() if s["_model_name"] == "ImageModel"}
            visitor.move(interest, 5 - visitor.models[interest]["value"] // 5)
            while True:
                _, model = await asyncio.wait_for(visitor.updates.get(), 60)
                if model in charts:
                    return answers
        finally:
            await visitor.close()

    answers = run(attempt())
    assert len(answers) == 3
    assert all(code in (302, 403) and took < 2 for code, took in answers), answers


def test_random_bytes_as_frames_never_stop_the_room(room):
    """Forty random frames, each on its own connection (each is closed by the room):
    pages are answered within 2 s after every one, and a page still opens."""
    import random

    base, token, _ = room
    rng = random.Random(18)
    frames = [bytes(rng.getrandbits(8) for _ in range(rng.choice([1, 8, 9, 64, 700])))
              for _ in range(40)]

    async def attempt():
        visitor = await joined(base, token)
        slowest = 0.0
        try:
            for frame in frames:
                visitor.ws.write_message(frame, binary=True)
                await asyncio.wait_for(visitor.reader, 10)  # the room closed it
                start = time.perf_counter()
                page = await fetch(f"{base}/?token=not-the-token")
                assert page.code in (302, 403)
                slowest = max(slowest, time.perf_counter() - start)
                await visitor.connect(visitor.kernel_id)
            await visitor.request_states()  # the kernel still answers
            return slowest
        finally:
            await visitor.close()

    assert run(attempt()) < 2


def test_a_bad_room_variable_is_named_in_one_line(capsys, monkeypatch):
    monkeypatch.setenv("ROOM_PORT", "eighty")
    assert main(["--ip", "127.0.0.1"]) == 2
    err = capsys.readouterr().err
    assert "ROOM_PORT='eighty' must be a whole number" in err and "Traceback" not in err


def test_the_cap_holds_when_many_arrive_at_once(room):
    """Six page requests at once against a cap of two: two pages, four 'full'."""
    base, token, _ = room

    async def attempt():
        answers = await asyncio.gather(*(fetch(f"{base}/?token={token}") for _ in range(6)))
        kernels = [m.group(1) for a in answers
                   if (m := KERNEL_ID.search(a.body.decode(errors="replace")))]
        for kernel in kernels:
            await Participant(base, token).close_kernel(kernel)
        return sorted(a.code for a in answers), len(kernels)

    codes, kernels = run(attempt())
    assert kernels == 2 and codes == [200, 200, 503, 503, 503, 503], codes


def test_the_query_socket_is_gone(room):
    """Voilà's /voila/query/<kernel> answered without a token with the page's query
    string, token included; the room has no such route."""
    base, token, _ = room

    async def attempt():
        kernel, _ = await open_page(base, token)
        try:
            answers = []
            for query in ("", f"?token={token}"):
                try:
                    ws = await websocket_connect(
                        f"{base.replace('http', 'ws')}/voila/query/{kernel}{query}")
                    answers.append(await asyncio.wait_for(ws.read_message(), 3))
                except HTTPClientError as refused:
                    answers.append(refused.code)
                except TimeoutError:
                    answers.append("silent")
            return answers
        finally:
            await Participant(base, token).close_kernel(kernel)

    answers = run(attempt())
    assert all(a in (302, 403, 404) for a in answers), answers  # no socket at all


def test_the_facilitator_sees_and_frees_the_places_one_device_holds(room):
    from guide.workshop.roomfile import request_free

    base, token, path = room

    async def attempt():
        kernels = [(await open_page(base, token))[0] for _ in range(2)]
        await asyncio.sleep(4.5)  # the status is written every 2 s
        crowded = read_status(path)["crowded"]
        request_free("127.0.0.1", path)
        await asyncio.sleep(4.5)
        after = read_status(path)
        for kernel in kernels:
            await Participant(base, token).close_kernel(kernel)
        return crowded, after

    crowded, after = run(attempt())
    assert crowded == {"127.0.0.1": 2}
    assert after["participants"] == 0 and after["crowded"] == {}
    with pytest.raises(ValueError, match="^address='no such place'"):
        request_free("no such place", path)


class FakeManager:
    def __init__(self):
        self.kernels = []

    def list_kernel_ids(self):
        return list(self.kernels)


def test_one_address_cannot_take_every_place():
    """A fair share: at most per_address places per client address, the cap for all."""
    from guide.workshop.room_server import _CLIENT, Places

    manager = FakeManager()
    places = Places(manager, cap=5, per_address=2)
    names = iter(range(100))

    def take(address):
        refused = places.reserve(address)
        if refused:
            return refused
        token = _CLIENT.set(address)
        manager.kernels.append(f"k{next(names)}")
        places.handed(manager.kernels[-1])
        _CLIENT.reset(token)
        places.release(address)
        return "ok"

    assert [take("10.0.0.9") for _ in range(3)] == ["ok", "ok", "yours"]
    assert [take(f"10.0.0.{i}") for i in range(1, 5)] == ["ok", "ok", "ok", "full"]
    manager.kernels.remove("k0")  # a tab closed: its place is free again
    assert take("10.0.0.9") == "ok"
    assert places.reserve("10.0.0.1") == "full" and not places.pending
