"""Load run of the guide on JupyterHub (``make hub-load``): per-user memory and CPU.

Starts a real hub on loopback (deploy/jupyterhub_config.py, as tests/hub.py does), then
for each of N users: starts their server, opens the participants' app (a real Voila page
session over websockets) and votes, and for every ``--lab-every``-th user also opens
notebook 2 in a kernel of their server and runs it, as a reader in JupyterLab does. Then
every app moves its interest slider every few seconds for a while. Prints, per user and
in JSON: memory (PSS, MB) of the user's server, of an app kernel and of a notebook-2
kernel, and CPU (share of one core) per active app user while sliders move.

    python -m tests.hub_load [--users 20] [--minutes 1] [--every 3] [--lab-every 4]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import tempfile
import time
from pathlib import Path

import nbformat
from tornado.httpclient import AsyncHTTPClient

from tests.hub import ROOT, Hub, left_in, open_app
from tests.room_client import Participant
from tests.room_load import pss_mb, tree_cpu


def kernel_pid(homes: Path, kernel_id: str) -> int | None:
    """The process of a kernel (its command line names its connection file)."""
    for pid in left_in(homes):
        try:
            cmd = Path(f"/proc/{pid}/cmdline").read_bytes().decode(errors="replace")
        except OSError:
            continue
        if f"kernel-{kernel_id}" in cmd:
            return pid
    return None


def server_pid(homes: Path, name: str) -> int | None:
    """The user's single-user server (the oldest process working in their home)."""
    pids = [p for p in left_in(homes / name)
            if "ipykernel" not in Path(f"/proc/{p}/cmdline").read_bytes().decode(errors="replace")]
    return min(pids) if pids else None


async def open_and_vote(hub: Hub, name: str) -> Participant:
    """``name`` opens the app and votes, as a participant does."""
    app = await open_app(hub, name)
    app.move(app.find("ToggleButtonsModel", "Your answer"), 1, key="index")
    await asyncio.sleep(0.3)
    app.click(app.find("ButtonModel", "Submit my answer"))
    return app


async def run_notebook(hub: Hub, name: str, notebook: str) -> str:
    """Start a kernel in ``name``'s server and run every code cell of ``notebook``."""
    headers = {"Authorization": f"token {hub.token(name)}"}
    base = f"{hub.url}/user/{name}"
    reply = await AsyncHTTPClient().fetch(
        f"{base}/api/kernels", method="POST", body=json.dumps({"name": "python3"}),
        headers=headers, request_timeout=120)
    kernel = json.loads(reply.body)["id"]
    reader = Participant(base, "", headers=headers)
    await reader.connect(kernel)
    cells = nbformat.read(ROOT / "notebooks" / notebook, as_version=4).cells
    reader.send("execute_request", {"code": "import os; os.chdir(os.path.expanduser("
                                    "'~/attend-or-cancel/notebooks'))", "silent": True})
    for cell in cells:
        if cell.cell_type == "code":
            msg = reader.send("execute_request", {"code": cell.source, "silent": False,
                                                  "store_history": True})
            await asyncio.wait_for(reader.replies[msg], 300)
    reader.drop()  # the kernel stays, as an open notebook's does
    return kernel


async def main_async(args: argparse.Namespace) -> dict:
    folder = Path(tempfile.mkdtemp(prefix="hub-load-"))
    hub = Hub(folder).start()
    names = [f"user{i:02d}" for i in range(args.users)]
    result: dict = {"users": args.users}
    try:
        for name in names:
            hub.add_user(name)
        started = time.perf_counter()
        apps, notebook_kernels = {}, {}
        for i, name in enumerate(names):
            hub.spawn(name)
            apps[name] = await open_and_vote(hub, name)
            if i % args.lab_every == 0:
                notebook_kernels[name] = await run_notebook(hub, name, "02_the_decision.ipynb")
        result["all_started_s"] = round(time.perf_counter() - started, 1)
        await asyncio.sleep(5)
        homes = hub.homes
        servers = {n: server_pid(homes, n) for n in names}
        app_pids = {n: kernel_pid(homes, a.kernel_id) for n, a in apps.items()}
        nb_pids = {n: kernel_pid(homes, k) for n, k in notebook_kernels.items()}
        server_mb = [pss_mb(p) - sum(pss_mb(k) for k in (app_pids[n], nb_pids.get(n)) if k)
                     for n, p in servers.items() if p]
        result["server_mb"] = round(statistics.median(server_mb), 1)
        result["app_kernel_mb"] = round(statistics.median(
            pss_mb(p) for p in app_pids.values() if p), 1)
        result["notebook2_kernel_mb"] = round(statistics.median(
            pss_mb(p) for p in nb_pids.values() if p), 1) if nb_pids else None
        # active minute(s): every app moves its interest slider every few seconds
        cpu_before = {n: tree_cpu(p) for n, p in servers.items() if p}
        hub_cpu_before = tree_cpu(hub.process.pid)
        t0 = time.perf_counter()
        latencies: list[float] = []

        async def move(app: Participant, offset: float) -> None:
            slider = app.find("IntSliderModel", "Interest in the job")
            charts = {m for m, s in app.models.items() if s.get("_model_name") == "ImageModel"}
            await asyncio.sleep(offset)
            value = app.models[slider]["value"]
            while time.perf_counter() - t0 < args.minutes * 60:
                value = 1 + value % 5  # always another value: every move makes a chart
                sent = app.move(slider, value)
                try:
                    while True:
                        when, model = await asyncio.wait_for(app.updates.get(), 30)
                        if model in charts:
                            latencies.append(when - sent)
                            break
                except TimeoutError:
                    latencies.append(30.0)  # counted as 30 s: never hidden
                await asyncio.sleep(max(0.0, args.every - (time.perf_counter() - sent)))

        await asyncio.gather(*(move(a, i * args.every / len(apps))
                               for i, a in enumerate(apps.values())))
        spent = time.perf_counter() - t0
        per_user = [(tree_cpu(p) - cpu_before[n]) / spent for n, p in servers.items() if p]
        result["active_cpu_per_user"] = round(statistics.median(per_user), 3)
        result["active_cpu_per_user_max"] = round(max(per_user), 3)
        # the hub's process tree holds every user's server: what is left is the hub's own
        # (with its proxy, the class poll and the culler)
        everything = (tree_cpu(hub.process.pid) - hub_cpu_before) / spent
        result["hub_own_cpu"] = round(everything - sum(per_user), 3)
        result["all_cpu"] = round(everything, 3)
        ordered = sorted(latencies)
        result["slider_to_chart_median_s"] = round(statistics.median(ordered), 2)
        result["slider_to_chart_p95_s"] = round(ordered[int(0.95 * (len(ordered) - 1))], 2)
        code, state = hub.poll("GET", "state", token=hub.token("fac"))
        result["answers_counted"] = state["answers"]
        for app in apps.values():
            app.drop()
    finally:
        hub.stop()
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=20)
    parser.add_argument("--minutes", type=float, default=1.0)
    parser.add_argument("--every", type=float, default=3.0)
    parser.add_argument("--lab-every", type=int, default=4)
    result = asyncio.run(main_async(parser.parse_args()))
    for key, value in result.items():
        print(f"{key:28s} {value}")
    print(json.dumps(result))


if __name__ == "__main__":
    main()
