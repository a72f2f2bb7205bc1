"""Load test of room mode (``make room-load``): a room of participants on one laptop.

Starts ``make room``'s server on loopback, then N simulated participants (each a real Voilà
page session over websockets, see tests/room_client.py) arrive together: each opens the
app, votes, and moves the interest slider every few seconds. Then half close their tab and
half vanish (a crashed tab). Prints time to first chart, update latency (slider sent to
new chart received), peak memory of the server and its kernels (PSS), errors, and how
long the participants' kernels outlive them.

    python -m tests.room_load [--participants 30] [--minutes 2] [--every 3]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from guide.workshop.roomfile import read_status
from tests.room_client import Participant, open_page

ROOT = Path(__file__).resolve().parents[1]


def pss_mb(pid: int) -> float:
    """Proportional memory of a process and all its descendants, in MB."""
    total, todo = 0.0, [pid]
    while todo:
        p = todo.pop()
        try:
            for line in Path(f"/proc/{p}/smaps_rollup").read_text().splitlines():
                if line.startswith("Pss:"):
                    total += int(line.split()[1]) / 1024
            for child in Path(f"/proc/{p}/task").iterdir():
                kids = (child / "children").read_text().split()
                todo.extend(int(k) for k in kids)
        except OSError:
            continue
    return total


def tree_cpu(pid: int) -> float:
    """CPU seconds used so far by a process and all its descendants."""
    tick, total, todo = os.sysconf("SC_CLK_TCK"), 0.0, [pid]
    while todo:
        p = todo.pop()
        try:
            fields = Path(f"/proc/{p}/stat").read_text().rsplit(")", 1)[1].split()
            total += (int(fields[11]) + int(fields[12])) / tick
            for child in Path(f"/proc/{p}/task").iterdir():
                todo.extend(int(k) for k in (child / "children").read_text().split())
        except OSError:
            continue
    return total


class Sampler(threading.Thread):
    """Samples the server's memory every half second."""

    def __init__(self, pid: int) -> None:
        super().__init__(daemon=True)
        self.pid, self.peak, self.running = pid, 0.0, True

    def run(self) -> None:
        while self.running:
            self.peak = max(self.peak, pss_mb(self.pid))
            time.sleep(0.5)


async def participant(i: int, base: str, token: str, seconds: float, every: float,
                      start: float, out: dict) -> Participant | None:
    """One phone: open, vote, move the slider, keep the page open."""
    rng = random.Random(i)
    try:
        kernel, _ = await open_page(base, token, timeout=180)
        p = Participant(base, token)
        await p.connect(kernel)
        await p.request_states(timeout=180)
        out["first_chart"].append(time.perf_counter() - start)
        charts = {m for m, s in p.models.items() if s["_model_name"] == "ImageModel"}
        answer = p.find("ToggleButtonsModel", "Your answer")
        p.send("comm_msg", {"comm_id": answer, "data": {
            "method": "update", "state": {"index": rng.randrange(4)}, "buffer_paths": []}})
        submit = p.find("ButtonModel", "Submit my answer")
        p.send("comm_msg", {"comm_id": submit, "data": {
            "method": "custom", "content": {"event": "click"}}})
        interest = p.find("IntSliderModel", "Interest in the job")
        await asyncio.sleep(rng.uniform(0, every))
        end = time.perf_counter() + seconds
        value = p.models[interest]["value"]
        while time.perf_counter() < end:
            value = 1 + (value % 5)
            sent = p.move(interest, value)
            try:
                while True:
                    when, model = await asyncio.wait_for(p.updates.get(), 30)
                    if model in charts:
                        out["update"].append(when - sent)
                        out["update_at"].append(sent - start)
                        break
            except TimeoutError:
                out["errors"].append(f"participant {i}: no new chart within 30 s")
            await asyncio.sleep(max(0.0, every - (time.perf_counter() - sent)))
        return p
    except Exception as exc:  # counted and reported, never hidden
        out["errors"].append(f"participant {i}: {type(exc).__name__}: {exc}")
        return None


def percentile(values: list[float], q: float) -> float:
    return statistics.quantiles(values, n=100, method="inclusive")[q - 1] if len(values) > 1 \
        else (values[0] if values else float("nan"))


async def load(n: int, minutes: float, every: float) -> None:
    folder = Path(tempfile.mkdtemp(prefix="room-load-"))
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    env = {**os.environ, "GUIDE_ROOM_FILE": str(folder / "room.json"),
           "GUIDE_POLL_DIR": str(folder / "poll"), "GUIDE_PRESET": "defaults",
           "GUIDE_SESSION_FILE": str(folder / "session.json")}  # not this machine's
    server = subprocess.Popen(
        [sys.executable, "-m", "guide.workshop.room", "--ip", "127.0.0.1", "--port", str(port),
         "--size", str(n), "--per-address", "0"],  # every simulated phone is 127.0.0.1
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL)
    sampler = Sampler(server.pid)
    sampler.start()
    try:
        warm = time.perf_counter()
        while (status := read_status(folder / "room.json")) is None or status["ready"] < n:
            await asyncio.sleep(1)
            if time.perf_counter() - warm > 600:
                raise RuntimeError("the room did not warm up within 10 minutes")
        warm = time.perf_counter() - warm
        idle_mb = pss_mb(server.pid)
        print(f"{n} kernels ready after {warm:.0f} s; server and kernels {idle_mb:,.0f} MB",
              flush=True)
        base, token = status["link"].split("/?token=")
        out: dict[str, list] = {"first_chart": [], "update": [], "update_at": [],
                                "errors": []}
        start = time.perf_counter()
        cpu = (tree_cpu(server.pid), time.process_time())
        people = await asyncio.gather(*(participant(i, base, token, 60 * minutes, every,
                                                    start, out) for i in range(n)))
        wall = time.perf_counter() - start
        out["cpu"] = [(tree_cpu(server.pid) - cpu[0]) / wall,
                      (time.process_time() - cpu[1]) / wall]
        peak = sampler.peak
        for k, p in enumerate(x for x in people if x is not None):
            if k % 2:
                p.drop()  # a crashed tab
            else:
                await p.close()
        left = time.perf_counter()
        gone = None
        while time.perf_counter() - left < 240:
            status = read_status(folder / "room.json")
            if status and status["participants"] == 0:
                gone = time.perf_counter() - left
                break
            await asyncio.sleep(2)
        report(n, minutes, every, out, peak, gone, status)
    finally:
        sampler.running = False
        server.terminate()
        try:
            server.wait(30)
        except subprocess.TimeoutExpired:
            server.kill()


def report(n, minutes, every, out, peak, gone, status) -> None:
    first, upd = out["first_chart"], out["update"]
    print(f"\n{n} participants arriving together, a slider moved every {every:g} s for "
          f"{minutes:g} min, {os.cpu_count()} cores")
    print(f"first chart: median {statistics.median(first):.1f} s, max {max(first):.1f} s "
          f"({len(first)} of {n} got one)" if first else "first chart: nobody got one")
    if upd:
        print(f"update (slider to new chart): median {1000 * statistics.median(upd):,.0f} ms, "
              f"p95 {1000 * percentile(upd, 95):,.0f} ms, max {1000 * max(upd):,.0f} ms "
              f"over {len(upd):,} moves")
        later = [u for u, t in zip(upd, out["update_at"], strict=True) if t > 20]
        if later:
            print(f"  after the first 20 s (everyone arrived and voted): median "
                  f"{1000 * statistics.median(later):,.0f} ms, p95 "
                  f"{1000 * percentile(later, 95):,.0f} ms over {len(later):,} moves")
    print(f"peak memory (PSS, server and kernels): {peak / 1024:.1f} GB")
    print(f"processor use while they played: server and kernels {out['cpu'][0]:.2f} cores, "
          f"this load generator {out['cpu'][1]:.2f} cores (of {os.cpu_count()})")
    print("participants' kernels left after they went (half closed, half crashed): "
          + (f"none after {gone:.0f} s" if gone is not None
             else f"{status['participants'] if status else '?'} after 240 s"))
    print(f"errors: {len(out['errors'])}")
    for line in out["errors"][:10]:
        print("  " + line)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--participants", type=int, default=30)
    parser.add_argument("--minutes", type=float, default=2)
    parser.add_argument("--every", type=float, default=3)
    args = parser.parse_args()
    asyncio.run(load(args.participants, args.minutes, args.every))


if __name__ == "__main__":
    main()
