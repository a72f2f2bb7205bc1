"""Check that this clone's model gives bit-identical results to a reference copy.

The reference is the package as it was before the speed work, imported under another
name (``guide_orig``) so both run in one process:

    cp -r <original>/guide /tmp/speed_orig/guide_orig
    PYTHONPATH=/tmp/speed_orig:. python check_same.py [--time ROUNDS]

Every output of ``run_model`` / ``run_branches`` is compared exactly (NaN equal to NaN,
dtype and shape included). ``--time`` then times ``simulate`` at 10,000 runs and 52 weeks,
the two versions interleaved in one process, and prints both medians and their ratio.
"""

from __future__ import annotations

import argparse
import dataclasses
import statistics
import sys
import time

import numpy as np

import guide
import guide_orig


def configs(g):
    """(name, callable) pairs that run the model of package ``g``."""
    m = g.model
    run, P = m.run, g.Params
    base = P()
    other = dataclasses.replace(base, applications_per_week=9.5,
                                reputation_half_life_weeks=4.0)
    cancel = g.model.policy.cancel_below(3)
    fussy = g.model.policy.Policy(name="fussy", cancel_below=4, notice="no_show",
                                  keep_new_formats=True, max_live=2)
    attend_all = g.model.policy.attend_all()
    start = g.Start(processes=(("scheduled", 5), ("in_process", 3), ("in_process", 2, 0),
                               ("in_process", 4, 1), ("offer", 2)),
                    offers=((4, 2), (5, 1)))
    skills = g.Start(skills=(0.5, 0.4, 0.2, 0.1), processes=(("scheduled", 2),))
    only_offers = g.Start(offers=((3, 3),))
    Focal = m.state.Focal
    focal = Focal(4, "panel", "same_day", "legitimate", 3.0)
    focal2 = Focal(2, "phone")
    return [
        ("attend_all 2000x52", lambda: run.run_model(base, attend_all, 2000, 52, 1)),
        ("cancel_below 2000x52", lambda: run.run_model(base, cancel, 2000, 52, 2)),
        ("runs=1 weeks=13", lambda: run.run_model(base, attend_all, 1, 13, 3)),
        ("weeks=1", lambda: run.run_model(base, cancel, 700, 1, 4)),
        ("other params", lambda: run.run_model(other, cancel, 1500, 26, 5)),
        ("fussy policy", lambda: run.run_model(other, fussy, 1000, 30, 6)),
        ("start procs+offers", lambda: run.run_model(base, cancel, 1200, 13, 7,
                                                      start=start)),
        ("start skills", lambda: run.run_model(base, attend_all, 800, 20, 8, start=skills)),
        ("start only offers", lambda: run.run_model(base, attend_all, 900, 10, 9,
                                                     start=only_offers)),
        ("branches focal", lambda: run.run_branches(base, cancel, 1500, 26, 10, focal,
                                                    None, (True, False))),
        ("branches focal+start", lambda: run.run_branches(other, fussy, 1000, 13, 11,
                                                          focal2, start, (True, False))),
        ("defaults 10000x52", lambda: run.run_model(base, attend_all, 10000, 52, 12)),
    ]


def same(a, b) -> bool:
    a, b = np.asarray(a), np.asarray(b)
    if a.dtype != b.dtype or a.shape != b.shape:
        return False
    return bool(np.array_equal(a, b, equal_nan=a.dtype.kind in "fc"))


def compare() -> bool:
    ok = True
    for (name, new), (_, old) in zip(configs(guide), configs(guide_orig), strict=True):
        outs_new, outs_old = new(), old()
        if isinstance(outs_new, dict):
            outs_new, outs_old = [outs_new], [outs_old]
        bad = [f"{b}:{k}" for b, (n, o) in enumerate(zip(outs_new, outs_old, strict=True))
               for k in sorted(set(n) | set(o))
               if k not in n or k not in o or not same(n[k], o[k])]
        print(f"{'same' if not bad else 'DIFFERENT'}  {name}  {' '.join(bad)}")
        ok &= not bad
    return ok


def timing(rounds: int) -> None:
    P, Q = guide.Params(), guide_orig.Params()
    new = lambda s: guide.simulate(P, runs=10_000, weeks=52, seed=s)  # noqa: E731
    old = lambda s: guide_orig.simulate(Q, runs=10_000, weeks=52, seed=s)  # noqa: E731
    new(0), old(0)
    t_new, t_old = [], []
    for i in range(rounds):
        for fn, out in ((old, t_old), (new, t_new)) if i % 2 else ((new, t_new), (old, t_old)):
            start = time.perf_counter()
            fn(i)
            out.append(time.perf_counter() - start)
    a, b = statistics.median(t_old) * 1e3, statistics.median(t_new) * 1e3
    print(f"simulate 10000x52: original {a:.1f} ms, new {b:.1f} ms, ratio {a / b:.2f}x "
          f"({rounds} rounds interleaved)")


if __name__ == "__main__":
    ap = argparse.ArgumentParser()
    ap.add_argument("--time", type=int, default=0, help="interleaved timing rounds")
    ap.add_argument("--no-check", action="store_true")
    args = ap.parse_args()
    assert guide.__file__ != guide_orig.__file__
    good = True if args.no_check else compare()
    if args.time:
        timing(args.time)
    sys.exit(0 if good else 1)
