"""A plain, slow, per-run loop of the same model: the test oracle and benchmark baseline.

It follows the rules in :mod:`guide.model` one process at a time, in the same order of
steps, with independent draws from one generator for every random choice (the vectorised
model keys its draws and keeps a fixed number of slots). The two must agree on averages
within Monte Carlo error; the statistical tests check that.
"""

from __future__ import annotations

import math
from statistics import NormalDist

import numpy as np

from .._vocabulary import FORMATS
from .draws import FIRST_ROUND_MIX, LATER_ROUND_MIX
from .params import Params
from .policy import Policy
from .rules import format_hours, leverage, round_pass_z, severity, word_share

_N = NormalDist()
TOTALS = ("invitations", "interviews_attended", "interviews_cancelled", "offers",
          "acceptable_offers", "withdrawals", "offers_declined", "interview_hours")


def _pick(rng: np.random.Generator, mix: tuple[float, ...]) -> int:
    u, total = rng.random(), 0.0
    for i, w in enumerate(mix):
        total += w
        if u < total:
            return i
    return max(i for i, w in enumerate(mix) if w > 0)


class Search:
    """One person's search, with plain Python lists and dicts."""

    def __init__(self, p: Params, policy: Policy, rng: np.random.Generator) -> None:
        self.p, self.policy, self.rng = p, policy, rng
        self.skill = [p.initial_skill] * len(FORMATS)
        self.done = [0] * len(FORMATS)
        bar = _N.cdf(p.fit_threshold)
        self.procs = [{"kind": "process", "left": max(p.rounds - 1, 1),
                       "fit": _N.inv_cdf(bar + (1 - bar) * rng.random())}
                      for _ in range(p.live_processes)]
        self.damage = self.burned = self.debt = 0.0
        self.reputation = 1.0
        self.job: float | None = None
        self.totals = dict.fromkeys(TOTALS, 0.0)
        self.hours = format_hours(p)

    def attend(self, fmt: int) -> bool:
        """Pay the hours, take the interview (pass chance before learning), learn."""
        p = self.p
        slope = p.skill_effect / math.sqrt(1 + p.performance_noise ** 2)
        passed = self.rng.random() < _N.cdf(round_pass_z(p) + slope * (self.skill[fmt] - 0.5))
        self.debt += self.hours[fmt]
        self.totals["interview_hours"] += self.hours[fmt]
        self.totals["interviews_attended"] += 1
        self.done[fmt] += 1
        for f in range(len(FORMATS)):
            rate = p.learning_rate if f == fmt else p.learning_rate * p.transfer
            self.skill[f] = 1 - (1 - self.skill[f]) * (1 - rate)
        return passed

    def value(self, fit: float, rivals: int) -> float:
        """What an offer is worth: fit plus the uplift rivals buy."""
        return fit + self.p.bargaining_uplift * float(leverage(self.p, rivals))

    def first_interview(self, proc: dict, rivals: int, live: int) -> bool:
        """Cancel, fail, withdraw or go on; True when the process goes on."""
        p, pol = self.p, self.policy
        fmt = _pick(self.rng, FIRST_ROUND_MIX)
        if (proc["interest"] < pol.cancel_below
                and (not pol.keep_new_formats or self.done_before[fmt] > 0)
                and (not pol.max_live or live - 1 >= pol.max_live)):
            self.cancels += 1
            return False
        if not self.attend(fmt):
            return False
        if self.value(proc["fit"], rivals) <= p.fit_threshold:
            self.totals["withdrawals"] += 1
            return False
        proc.update(kind="process", left=p.rounds)
        return True

    def later_steps(self, proc: dict, rivals: int, t: int) -> bool:
        """This week's Poisson steps; True while the process (or its offer) lives."""
        p = self.p
        rate = p.rounds / p.process_weeks * (1 + p.bargaining_speedup
                                             * float(leverage(p, rivals)))
        for _ in range(min(self.rng.poisson(rate), proc["left"])):
            if proc["left"] == 1:
                value = self.value(proc["fit"], rivals)
                self.totals["offers"] += 1
                self.totals["acceptable_offers"] += value > p.fit_threshold
                proc.update(kind="offer", value=value, deadline=t + p.offer_open_weeks)
                return True
            if not self.attend(_pick(self.rng, LATER_ROUND_MIX)):
                return False
            proc["left"] -= 1
        return True

    def answer_offers(self, t: int) -> None:
        """Decline offers below the bar; at the earliest deadline take the best."""
        p = self.p
        offers = [q for q in self.procs if q["kind"] == "offer"]
        bad = [q for q in offers if q["value"] <= p.fit_threshold]
        self.totals["offers_declined"] += len(bad)
        self.procs = [q for q in self.procs if not any(q is b for b in bad)]
        good = [q for q in offers if q["value"] > p.fit_threshold]
        if good and min(q["deadline"] for q in good) <= t:
            self.job = max(q["value"] for q in good)
            self.totals["offers_declined"] += len(good) - 1
            self.procs = []

    def reputation_step(self) -> None:
        """Spread this week's cancellations and fade old damage."""
        p = self.p
        if self.cancels or self.damage or self.burned:
            sev = severity(p, self.policy.notice, self.policy.reason)
            hit = p.industry_penalty * word_share(p)
            decay = 0.5 ** (1 / p.reputation_half_life_weeks)
            self.damage = (1 - (1 - self.damage) * (1 - hit * sev) ** self.cancels) * decay
            self.burned = (self.burned + self.cancels * sev * p.same_company_penalty
                           / p.industry_size) * decay
            self.reputation = (1 - self.damage) * (1 - min(self.burned, 1.0))
        self.totals["interviews_cancelled"] += self.cancels

    def applications(self, t: int) -> None:
        """Send this week's applications; each may bring an invitation."""
        p = self.p
        if self.job is not None:
            return
        budget = p.applications_per_week * p.hours_per_application
        paid = min(self.debt, budget)
        self.debt -= paid
        sent = p.applications_per_week - paid / p.hours_per_application
        for j in range(max(1, math.ceil(p.applications_per_week))):
            chance = p.invite_rate * self.reputation * min(max(sent - j, 0.0), 1.0)
            if self.rng.random() < chance:
                u = self.rng.random()
                n2 = p.posting_noise ** 2
                signal = math.sqrt(1 + n2) * _N.inv_cdf(min(max(u, 1e-12), 1 - 1e-12))
                fit = signal / (1 + n2) + math.sqrt(n2 / (1 + n2)) * self.rng.standard_normal()
                self.procs.append({"kind": "scheduled", "interest": min(int(u * 5) + 1, 5),
                                   "fit": fit})
                self.totals["invitations"] += 1

    def week(self, t: int) -> None:
        """One week of the five steps, in the model's order."""
        live = len(self.procs)
        rivals = max(live - 1, 0)
        self.cancels = 0
        self.done_before = list(self.done)  # the policy sees formats done before this week
        waiting = [q for q in self.procs if q["kind"] == "process"]
        kept = [q for q in self.procs if q["kind"] == "offer"]
        kept += [q for q in self.procs if q["kind"] == "scheduled"
                 and self.first_interview(q, rivals, live)]
        kept += [q for q in waiting if self.later_steps(q, rivals, t)]
        self.procs = kept
        self.answer_offers(t)
        self.reputation_step()
        self.applications(t)


def reference_run(p: Params, policy: Policy, weeks: int,
                  rng: np.random.Generator) -> dict[str, list[float]]:
    """One search, week by week; returns each recorded quantity as a list over weeks."""
    s = Search(p, policy, rng)
    out: dict[str, list[float]] = {k: [] for k in (*TOTALS, "practice", "reputation",
                                                    "employed")}

    def record() -> None:
        for k, v in s.totals.items():
            out[k].append(v)
        out["practice"].append(sum(s.skill) / len(s.skill))
        out["reputation"].append(s.reputation)
        out["employed"].append(float(s.job is not None))

    record()
    for t in range(1, weeks + 1):
        s.week(t)
        record()
    return out


def reference_simulate(p: Params, policy: Policy, runs: int, weeks: int,
                       seed: int) -> dict[str, np.ndarray]:
    """Run :func:`reference_run` ``runs`` times; arrays shaped ``(runs, weeks + 1)``."""
    rng = np.random.default_rng(seed)
    results = [reference_run(p, policy, weeks, rng) for _ in range(runs)]
    return {k: np.array([r[k] for r in results]) for k in results[0]}
