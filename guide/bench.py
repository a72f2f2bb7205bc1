"""Benchmark of the simulation: ``python -m guide.bench`` prints figures, asserts nothing.

Everything is measured in one run on one machine, so ratios are comparable even where
the machine is shared and noisy; medians damp the noise.
"""

from __future__ import annotations

import argparse
import statistics
import time
import tracemalloc
from collections.abc import Callable

from . import Interview, Params, attend_all, decide, simulate
from .model.reference import reference_simulate

TARGETS = {"simulate_ms": 100.0, "speedup": 30.0, "peak_mb": 200.0,
           "panel_median_ms": 150.0, "panel_p95_ms": 300.0}


def timed(fn: Callable[[], object], repeats: int) -> list[float]:
    """Wall-clock seconds of ``repeats`` calls, after one warm-up call."""
    fn()
    out = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        out.append(time.perf_counter() - start)
    return out


def peak_mb(fn: Callable[[], object]) -> float:
    """Peak memory traced while ``fn`` runs (numpy and pandas buffers included), in MB."""
    tracemalloc.start()
    tracemalloc.reset_peak()
    fn()
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return peak / 1e6


def percentile(values: list[float], q: float) -> float:
    """The q-th percentile (linear interpolation)."""
    ordered = sorted(values)
    pos = (len(ordered) - 1) * q / 100
    lo = int(pos)
    hi = min(lo + 1, len(ordered) - 1)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (pos - lo)


def panel_latency(changes: int) -> tuple[list[float], list[float], list[float]]:
    """Kernel-side time from a control change to the new chart (and to the explanation).

    Moves the decision panel's interest slider back and forth at its defaults; each change
    simulates both choices, draws the figure and renders the PNG the browser shows. The
    panel keeps the settings it showed (a slider dragged back is shown at once), so each
    change here is made to a setting not kept, as a new one is; the third list times
    going back to a kept setting.
    """
    import matplotlib

    matplotlib.use("Agg")
    from .panels import DecisionPanel

    panel = DecisionPanel()
    figure, total, kept = [], [], []
    for i in range(changes):
        panel._kept.items.clear()  # a setting never shown: everything is computed
        panel.controls["interest"].value = 3 if i % 2 == 0 else 2
        figure.append(panel.figure_ms)
        total.append(panel.total_ms)
    panel.controls["interest"].value = 3  # both shown, so both are kept from here on
    panel.controls["interest"].value = 2
    for i in range(changes):
        panel.controls["interest"].value = 3 if i % 2 == 0 else 2
        kept.append(panel.figure_ms)
    return figure, total, kept


def pipeline_load_times(rows: int, repeats: int) -> list[float]:
    """Seconds to load and validate a pipeline file of ``rows`` rows."""
    import tempfile
    from pathlib import Path

    from ._pipeline import COLUMNS, load_pipeline

    formats = ("phone", "video", "panel", "hands_on")
    lines = [",".join(COLUMNS)]
    for i in range(rows):
        lines.append(f"Company {i},Role {i % 7},scheduled,{formats[i % 4]},"
                     f"2026-12-{1 + i % 28:02d},{1 + i % 5},Industry,Notes {i},no")
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "big.csv"
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        return timed(lambda: load_pipeline(path), repeats)


def main(argv: list[str] | None = None) -> None:
    """Measure and print the figures."""
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--runs", type=int, default=10_000)
    ap.add_argument("--weeks", type=int, default=52)
    ap.add_argument("--repeats", type=int, default=15)
    ap.add_argument("--oracle-repeats", type=int, default=3)
    ap.add_argument("--panel-changes", type=int, default=40)
    args = ap.parse_args(argv)
    p = Params()
    size = f"{args.runs:,} runs x {args.weeks} weeks"

    def sim() -> object:
        return simulate(p, runs=args.runs, weeks=args.weeks, seed=1)

    def loop() -> object:
        return reference_simulate(p, attend_all(), runs=args.runs, weeks=args.weeks, seed=1)

    def decision() -> object:
        return decide(p, Interview(), runs=2000, weeks=13, seed=1)

    t_sim = timed(sim, args.repeats)
    t_loop = timed(loop, args.oracle_repeats)
    t_dec = timed(decision, args.repeats)
    mem = peak_mb(sim)
    panel_figure, panel_total, panel_kept = panel_latency(args.panel_changes)
    t_pipe = pipeline_load_times(1000, args.repeats)
    med_sim, med_loop = statistics.median(t_sim), statistics.median(t_loop)
    rows = [
        (f"simulate, {size} (median of {len(t_sim)})", f"{med_sim * 1e3:8.1f} ms",
         f"<= {TARGETS['simulate_ms']:.0f} ms"),
        (f"plain loop oracle, {size} (median of {len(t_loop)})", f"{med_loop * 1e3:8.1f} ms",
         ""),
        ("speed-up of simulate over the loop", f"{med_loop / med_sim:8.1f} x",
         f">= {TARGETS['speedup']:.0f} x"),
        (f"peak traced memory of simulate, {size}", f"{mem:8.1f} MB",
         f"<= {TARGETS['peak_mb']:.0f} MB"),
        ("decide with drivers, 2,000 runs x 13 weeks (median)",
         f"{statistics.median(t_dec) * 1e3:8.1f} ms", ""),
        (f"decision panel: change -> new chart, median of {len(panel_figure)}",
         f"{statistics.median(panel_figure):8.1f} ms",
         f"<= {TARGETS['panel_median_ms']:.0f} ms"),
        ("decision panel: change -> new chart, 95th percentile",
         f"{percentile(panel_figure, 95):8.1f} ms", f"<= {TARGETS['panel_p95_ms']:.0f} ms"),
        ("decision panel: change -> chart and explanation, median",
         f"{statistics.median(panel_total):8.1f} ms", ""),
        ("decision panel: back to a setting it showed -> its chart, median",
         f"{statistics.median(panel_kept):8.1f} ms", ""),
        (f"load_pipeline, 1,000-row file (median of {len(t_pipe)})",
         f"{statistics.median(t_pipe) * 1e3:8.1f} ms", "well under 1 s"),
    ]
    width = max(len(r[0]) for r in rows)
    for label, value, target in rows:
        print(f"{label:<{width}}  {value}  {target}")


if __name__ == "__main__":
    main()
