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
from ._reference import reference_simulate

TARGETS = {"simulate_ms": 100.0, "speedup": 30.0, "peak_mb": 200.0}


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


def main(argv: list[str] | None = None) -> None:
    """Measure and print the figures."""
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--runs", type=int, default=10_000)
    ap.add_argument("--weeks", type=int, default=52)
    ap.add_argument("--repeats", type=int, default=15)
    ap.add_argument("--oracle-repeats", type=int, default=3)
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
    ]
    width = max(len(r[0]) for r in rows)
    for label, value, target in rows:
        print(f"{label:<{width}}  {value}  {target}")


if __name__ == "__main__":
    main()
