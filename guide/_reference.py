"""A plain, slow, per-run loop of the same model: the test oracle and benchmark baseline.

It follows the rules in :mod:`guide._model` one process at a time, with independent draws
for every random choice (the vectorised model derives some draws from others and keeps
a fixed number of slots). The two must agree on averages within Monte Carlo error; the
statistical tests check that.
"""

from __future__ import annotations

import math
from statistics import NormalDist

import numpy as np

from ._model import FIRST_ROUND_MIX, LATER_ROUND_MIX, round_pass_z, severity, word_share
from ._params import Params
from ._policy import FORMATS, Policy

_PHI = NormalDist().cdf


def _pick(rng: np.random.Generator, mix: tuple[float, ...]) -> int:
    u, total = rng.random(), 0.0
    for i, w in enumerate(mix):
        total += w
        if u < total:
            return i
    return max(i for i, w in enumerate(mix) if w > 0)


def _new_process(p: Params, rng: np.random.Generator) -> dict:
    n2 = p.posting_noise ** 2
    u = rng.random()
    signal = math.sqrt(1 + n2) * NormalDist().inv_cdf(min(max(u, 1e-12), 1 - 1e-12))
    fit = signal / (1 + n2) + math.sqrt(n2 / (1 + n2)) * rng.standard_normal()
    return {"kind": "process", "started": False, "left": p.rounds,
            "interest": min(int(u * 5) + 1, 5), "fit": fit}


def reference_run(p: Params, policy: Policy, weeks: int,
                  rng: np.random.Generator) -> dict[str, list[float]]:
    """One search, week by week; returns each recorded quantity as a list over weeks."""
    z_round = round_pass_z(p)
    slope = p.skill_effect / math.sqrt(1 + p.performance_noise ** 2)
    q_base = p.rounds / p.process_weeks
    hit = p.industry_penalty * word_share(p)
    decay = 0.5 ** (1 / p.reputation_half_life_weeks)
    sev = severity(p, policy.notice, policy.reason)
    skill = [p.initial_skill] * len(FORMATS)
    done = [0] * len(FORMATS)
    procs = [{"kind": "process", "started": True, "left": max(p.rounds - 1, 1),
              "interest": 3, "fit": rng.standard_normal()} for _ in range(p.live_processes)]
    damage = burned = 0.0
    reputation = 1.0
    totals = dict.fromkeys(("invitations", "interviews_attended", "interviews_cancelled",
                            "offers", "acceptable_offers"), 0)
    out: dict[str, list[float]] = {k: [] for k in (*totals, "practice", "reputation")}

    def record() -> None:
        for k, v in totals.items():
            out[k].append(v)
        out["practice"].append(sum(skill) / len(skill))
        out["reputation"].append(reputation)

    record()
    for t in range(1, weeks + 1):
        live = len(procs)
        others = min(max(live - 1, 0), p.bargaining_cap)
        q = min(q_base * (1 + p.bargaining_speedup * others), 1.0)
        learned = [0] * len(FORMATS)
        cancels = 0
        keep: list[dict] = []
        for proc in procs:
            if proc["kind"] == "offer":
                if proc["closes"] > t:
                    keep.append(proc)
                continue
            if rng.random() >= q:
                keep.append(proc)
                continue
            fmt = _pick(rng, LATER_ROUND_MIX if proc["started"] else FIRST_ROUND_MIX)
            u_pass = rng.random()
            if (not proc["started"] and proc["interest"] < policy.cancel_below
                    and (not policy.keep_new_formats or done[fmt] > 0)
                    and (not policy.max_live or live - 1 >= policy.max_live)):
                cancels += 1
                continue
            learned[fmt] += 1
            proc["started"] = True
            if u_pass >= _PHI(z_round + slope * (skill[fmt] - 0.5)):
                continue  # failed: the process ends
            proc["left"] -= 1
            if proc["left"] == 0:
                totals["offers"] += 1
                if proc["fit"] + p.bargaining_uplift * others > p.fit_threshold:
                    totals["acceptable_offers"] += 1
                proc = {"kind": "offer", "closes": t + p.offer_open_weeks}
                if proc["closes"] > t:
                    keep.append(proc)
                continue
            keep.append(proc)
        procs = keep
        n_att = sum(learned)
        for f in range(len(FORMATS)):
            done[f] += learned[f]
            gap = (1 - skill[f]) * (1 - p.learning_rate) ** learned[f] \
                * (1 - p.learning_rate * p.transfer) ** (n_att - learned[f])
            skill[f] = 1 - gap
        if cancels or damage or burned:
            damage = (1 - (1 - damage) * (1 - hit * sev) ** cancels) * decay
            burned = (burned + cancels * sev * p.same_company_penalty / p.industry_size) \
                * decay
            reputation = (1 - damage) * (1 - min(burned, 1.0))
        totals["interviews_attended"] += n_att
        totals["interviews_cancelled"] += cancels

        apps = max(p.applications_per_week - p.prep_cost_applications * n_att, 0)
        for j in range(max(1, math.ceil(p.applications_per_week))):
            weight = min(max(apps - j, 0.0), 1.0)
            if rng.random() < p.invite_rate * reputation * weight:
                procs.append(_new_process(p, rng))
                totals["invitations"] += 1
        record()
    return out


def reference_simulate(p: Params, policy: Policy, runs: int, weeks: int,
                       seed: int) -> dict[str, np.ndarray]:
    """Run :func:`reference_run` ``runs`` times; arrays shaped ``(runs, weeks + 1)``."""
    rng = np.random.default_rng(seed)
    results = [reference_run(p, policy, weeks, rng) for _ in range(runs)]
    return {k: np.array([r[k] for r in results]) for k in results[0]}
