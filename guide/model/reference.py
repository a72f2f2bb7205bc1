"""A plain, slow, per-person loop of the same model: the test oracle and benchmark baseline.

It states every rule again in plain Python, one process at a time, in the same order of
steps, with independent draws from one generator for every random choice; it imports
no formula from the vectorised model (only the parameters, the policy and the format
names), so a wrong formula there is not copied here. The two must agree on averages
within Monte Carlo error; the statistical tests check that.
"""

from __future__ import annotations

import math
from statistics import NormalDist

import numpy as np

from .._vocabulary import FORMATS
from .params import Params
from .policy import Policy

_N = NormalDist()
TOTALS = ("invitations", "first_interviews", "interviews_attended", "interviews_cancelled",
          "offers", "acceptable_offers", "withdrawals", "offers_declined", "interview_hours")
FIRST_MIX = (0.6, 0.4, 0.0, 0.0)    # phone, video, panel, hands-on
LATER_MIX = (0.0, 0.35, 0.35, 0.30)
REFERENCE_SKILL = 0.3


def _pick(rng: np.random.Generator, mix: tuple[float, ...]) -> int:
    u, total = rng.random(), 0.0
    for i, w in enumerate(mix):
        total += w
        if u < total:
            return i
    return max(i for i, w in enumerate(mix) if w > 0)


def _pass(p: Params, skill: float) -> float:
    """Chance of passing a round: a probit through offer_rate at the reference skill."""
    per_round = p.offer_rate ** (1 / p.rounds)
    slope = p.skill_effect / math.sqrt(1 + p.performance_noise ** 2)
    return _N.cdf(_N.inv_cdf(per_round) + slope * (skill - REFERENCE_SKILL))


def _felt(p: Params, rivals: int) -> float:
    cap = p.bargaining_cap
    return cap * (1 - math.exp(-rivals / cap)) if cap > 0 else 0.0


def _severity(p: Params, notice: str, reason: str) -> float:
    base = {"no_show": 1.0, "same_day": p.notice_cost_same_day,
            "day_or_more": p.notice_cost_day_or_more}[notice]
    honest = notice != "no_show" and reason == "legitimate"
    return base * (p.legitimate_reason_factor if honest else 1.0)


def bars(p: Params, horizon: int) -> list[float]:
    """The acceptance bar by weeks left (index 0 .. horizon), by McCall's recursion.

    Written out as a plain loop: offers come with weekly chance ``a``; an offer's value is
    normal(0, sqrt(1 + terms^2)); taking value x with n weeks left is worth
    n + q (x - floor); searching on is worth S[n-1].
    """
    q, floor = p.quality_weeks, p.fit_threshold
    out = [floor] * (horizon + 1)
    if q <= 0:
        return out
    rate = p.applications_per_week * p.invite_rate * _pass(p, p.initial_skill) ** p.rounds
    a = 1 - math.exp(-rate)
    sd = math.sqrt(1 + p.offer_terms_noise ** 2)
    s = 0.0
    for n in range(1, horizon + 1):
        bar = max(floor, floor + (s - n) / q)
        z = bar / sd
        tail = 1 - _N.cdf(z)
        excess = sd * (_N.pdf(z) - z * tail)  # E[(X - bar)+]
        out[n] = bar
        s += a * (q * excess + (n + q * (bar - floor) - s) * tail)
    return out


class Search:
    """One person's search, with plain Python lists and dicts."""

    def __init__(self, p: Params, policy: Policy, rng: np.random.Generator,
                 end: int) -> None:
        self.p, self.policy, self.rng, self.end = p, policy, rng, end
        self.bars = bars(p, end)
        self.skill = [p.initial_skill] * len(FORMATS)
        self.done = [0] * len(FORMATS)
        self.procs: list[dict] = []
        self.damage = self.burned = self.debt = 0.0
        self.reputation = 1.0
        self.job: float | None = None
        self.totals = dict.fromkeys(TOTALS, 0.0)
        self.hours = [p.hours_phone, p.hours_video, p.hours_panel, p.hours_hands_on]

    def good_enough(self, value: float, t: int) -> bool:
        """Worth taking in week t: above the bar for the weeks left."""
        left = min(max(self.end - t + 1, 1), self.end)
        return value > self.bars[left]

    def attend(self, fmt: int) -> bool:
        """Pay the hours, take the interview (pass chance before learning), learn."""
        p = self.p
        passed = self.rng.random() < _pass(p, self.skill[fmt])
        self.debt += self.hours[fmt]
        self.totals["interview_hours"] += self.hours[fmt]
        self.totals["interviews_attended"] += 1
        self.done[fmt] += 1
        for f in range(len(FORMATS)):
            rate = p.learning_rate if f == fmt else p.learning_rate * p.transfer
            self.skill[f] = 1 - (1 - self.skill[f]) * (1 - rate)
        return passed

    def value(self, fit: float, rivals: int) -> float:
        """What a job is worth to you: fit plus the uplift rivals buy."""
        return fit + self.p.bargaining_uplift * _felt(self.p, rivals)

    def first_interview(self, proc: dict, rivals: int, live: int, t: int) -> bool:
        """Cancel, fail, withdraw or go on; True when the process goes on."""
        pol = self.policy
        fmt = _pick(self.rng, FIRST_MIX)
        if (proc["interest"] < pol.cancel_below
                and (not pol.keep_new_formats or self.done_before[fmt] > 0)
                and (not pol.max_live or live - 1 >= pol.max_live)):
            self.cancels += 1
            return False
        self.totals["first_interviews"] += 1
        if not self.attend(fmt):
            return False
        if not self.good_enough(self.value(proc["fit"], rivals), t):
            self.totals["withdrawals"] += 1
            return False
        proc.update(kind="process", left=self.p.rounds)
        return True

    def later_steps(self, proc: dict, rivals: int, t: int) -> bool:
        """This week's Poisson steps; True while the process (or its offer) lives."""
        p = self.p
        rate = p.rounds / p.process_weeks * (1 + p.bargaining_speedup * _felt(p, rivals))
        for _ in range(min(self.rng.poisson(rate), proc["left"])):
            if proc["left"] == 1:
                value = (self.value(proc["fit"], rivals)
                         + p.offer_terms_noise * self.rng.standard_normal())
                self.totals["offers"] += 1
                self.totals["acceptable_offers"] += self.good_enough(value, t)
                proc.update(kind="offer", value=value, deadline=t + p.offer_open_weeks)
                return True
            if not self.attend(_pick(self.rng, LATER_MIX)):
                return False
            proc["left"] -= 1
        return True

    def answer_offers(self, t: int) -> None:
        """Decline offers below the bar; at the earliest deadline take the best."""
        offers = [q for q in self.procs if q["kind"] == "offer"]
        bad = [q for q in offers if not self.good_enough(q["value"], t)]
        self.totals["offers_declined"] += len(bad)
        self.procs = [q for q in self.procs if not any(q is b for b in bad)]
        good = [q for q in offers if self.good_enough(q["value"], t)]
        if good and min(q["deadline"] for q in good) <= t:
            self.job = max(q["value"] for q in good)
            self.totals["offers_declined"] += len(good) - 1
            self.procs = []

    def reputation_step(self) -> None:
        """Spread this week's cancellations and fade old damage."""
        p = self.p
        if self.cancels or self.damage or self.burned:
            sev = _severity(p, self.policy.notice, self.policy.reason)
            hit = p.industry_penalty * min(1.0, p.recruiter_network / p.industry_size)
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
                 and self.first_interview(q, rivals, live, t)]
        kept += [q for q in waiting if self.later_steps(q, rivals, t)]
        self.procs = kept
        self.answer_offers(t)
        self.reputation_step()
        self.applications(t)


def under_way(p: Params, policy: Policy, weeks: int, rng: np.random.Generator) -> Search:
    """A search ``weeks_searched`` weeks in that has not yet found a job (counts at zero).

    A person who found a job in those weeks is not the person reading: start another.
    """
    end = p.weeks_searched + weeks
    while True:
        s = Search(p, policy, rng, end)
        for t in range(1, p.weeks_searched + 1):
            s.week(t)
        if s.job is None:
            s.totals = dict.fromkeys(TOTALS, 0.0)
            return s


def reference_run(p: Params, policy: Policy, weeks: int,
                  rng: np.random.Generator) -> dict[str, list[float]]:
    """One search, week by week; returns each recorded quantity as a list over weeks."""
    s = under_way(p, policy, weeks, rng)
    out: dict[str, list[float]] = {k: [] for k in (*TOTALS, "practice", "reputation",
                                                    "employed")}

    def record() -> None:
        for k, v in s.totals.items():
            out[k].append(v)
        out["practice"].append(sum(s.skill) / len(s.skill))
        out["reputation"].append(s.reputation)
        out["employed"].append(float(s.job is not None))

    record()
    for t in range(p.weeks_searched + 1, p.weeks_searched + weeks + 1):
        s.week(t)
        record()
    return out


def reference_simulate(p: Params, policy: Policy, runs: int, weeks: int,
                       seed: int) -> dict[str, np.ndarray]:
    """Run :func:`reference_run` ``runs`` times; arrays shaped ``(runs, weeks + 1)``."""
    rng = np.random.default_rng(seed)
    results = [reference_run(p, policy, weeks, rng) for _ in range(runs)]
    return {k: np.array([r[k] for r in results]) for k in results[0]}
