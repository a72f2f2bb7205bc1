"""Each mechanism on its own, as small tables the notebooks chart and print.

These use the same rules as the simulation (the same functions, where they exist), so a
chart of one mechanism and the whole-search model never disagree.
"""

from __future__ import annotations

import dataclasses
import math

import numpy as np
import pandas as pd
from scipy.special import ndtr

from ._checks import check_params
from ._vocabulary import (
    CANCEL_REASON_LABELS,
    CANCEL_REASONS,
    CHOICE_WORDS,
    INTEREST_LEVELS,
    NOTICE_LABELS,
    NOTICES,
)
from .model.decision import DecisionResult, decide
from .model.interview import Interview
from .model.params import Params, spec, specs
from .model.policy import Policy
from .model.rules import (
    fit_from_percentile,
    leverage,
    pass_chance,
    severity,
    skill_after,
    step_rate,
    word_share,
)
from .model.simulate import first_job_week, simulate, summarize
from .model.start import Start

INTEREST_LABELS = {1: "1 (least appealing)", 2: "2", 3: "3", 4: "4", 5: "5 (most appealing)"}


def surprise_by_interest(params: Params, *, samples: int = 100_000,
                         seed: int = 0) -> pd.DataFrame:
    """Chance that the real job behind a posting is one you would take, by interest level.

    Args:
        params: Uses ``posting_noise`` and ``fit_threshold``.
        samples: Postings drawn per interest level.
        seed: Seed of the draws.

    Returns:
        One row per interest level 1-5 with ``chance_acceptable`` (with the posting noise
        as set), ``chance_if_exact`` (if postings told the whole truth) and ``mean_fit``.
    """
    check_params(params)
    rng = np.random.default_rng(seed)
    exact = params.replace(posting_noise=0.0)
    rows = []
    for level in INTEREST_LEVELS:
        u = (level - 1 + rng.random(samples)) / 5
        z = rng.standard_normal(samples)
        fit = fit_from_percentile(params, u, z)
        fit_exact = fit_from_percentile(exact, u, z)
        rows.append({"interest": level, "label": INTEREST_LABELS[level],
                     "chance_acceptable": float((fit > params.fit_threshold).mean()),
                     "chance_if_exact": float((fit_exact > params.fit_threshold).mean()),
                     "mean_fit": float(fit.mean())})
    return pd.DataFrame(rows)


def learning_curve(params: Params, interviews: int = 12) -> pd.DataFrame:
    """Skill and chances after ``n`` interviews in one format you had never done.

    Returns:
        One row per ``n`` from 0 to ``interviews``: ``skill`` in that format,
        ``skill_elsewhere`` (what transfer gives the other formats), ``gain`` (the step
        the n-th interview gave), ``pass_chance`` of one round and ``offer_chance`` of a
        whole process held in that format.
    """
    check_params(params)
    if isinstance(interviews, bool) or not isinstance(interviews, int) \
            or not 1 <= interviews <= 200:
        raise ValueError(f"interviews={interviews!r} must be a whole number from 1 to 200")
    n = np.arange(interviews + 1)
    own = skill_after(params, params.initial_skill, n, 0)
    other = skill_after(params, params.initial_skill, 0, n)
    p_round = pass_chance(params, own)
    return pd.DataFrame({"interviews": n, "skill": own, "skill_elsewhere": other,
                         "gain": np.diff(own, prepend=own[0]), "pass_chance": p_round,
                         "offer_chance": p_round ** params.rounds})


def interviews_to_reach(params: Params, skill: float) -> int | None:
    """How many interviews in a new format it takes to reach ``skill`` (None: never)."""
    check_params(params)
    if not 0 <= skill <= 1:
        raise ValueError(f"skill={skill!r} must be from 0 to 1")
    if params.initial_skill >= skill:
        return 0
    if params.learning_rate == 0 or skill >= 1:
        return None
    ratio = (1 - skill) / (1 - params.initial_skill)
    return math.ceil(math.log(ratio) / math.log(1 - params.learning_rate) - 1e-12)


def leverage_table(params: Params) -> pd.DataFrame:
    """What other live processes do to one company's speed and offer.

    Returns:
        One row per number of other live processes (0 up to the cap, at least 3):
        ``steps_per_week`` (later rounds and the decision a company gets through in a
        week, on average), ``weeks_per_process`` (expected weeks from the first interview
        to the decision), ``offer_uplift`` (in sd of fit) and ``chance_offer_acceptable``
        for a job of unknown fit.
    """
    check_params(params)
    others = np.arange(max(params.bargaining_cap, 3) + 1)
    rate = step_rate(params, others)
    uplift = params.bargaining_uplift * leverage(params, others)
    return pd.DataFrame({"other_processes": others, "steps_per_week": rate,
                         "weeks_per_process": params.rounds / rate, "offer_uplift": uplift,
                         "chance_offer_acceptable": ndtr(uplift - params.fit_threshold)})


def reputation_after_cancel(params: Params, notice: str, reason: str) -> dict[str, float]:
    """Invitation chance kept after one cancellation, where word spreads and overall.

    Returns:
        ``severity`` (1 = a no-show), ``kept_same_company`` (at the company you let
        down), ``kept_where_heard`` (at an employer that heard), ``share_heard`` and
        ``kept_overall`` (the average over all employers at the end of that week, as
        the simulation has it: one week of fading already applied).
    """
    sev = severity(params, notice, reason)
    heard = word_share(params)
    fade = 0.5 ** (1 / params.reputation_half_life_weeks)
    industry = 1 - params.industry_penalty * heard * sev * fade
    burned = min(sev * params.same_company_penalty / params.industry_size * fade, 1.0)
    return {"severity": sev,
            "kept_same_company": 1 - params.same_company_penalty * sev,
            "kept_where_heard": 1 - params.industry_penalty * sev,
            "share_heard": heard,
            "kept_overall": industry * (1 - burned)}


def reputation_table(params: Params) -> pd.DataFrame:
    """:func:`reputation_after_cancel` for every notice and reason, worst first."""
    check_params(params)
    rows = []
    for notice in NOTICES:
        for reason in CANCEL_REASONS:
            if notice == "no_show" and reason == "legitimate":
                continue  # a no-show gives no reason
            said = "no reason" if notice == "no_show" else CANCEL_REASON_LABELS[reason].lower()
            rows.append({"notice": notice, "reason": reason,
                         "label": f"{NOTICE_LABELS[notice]}, {said}",
                         **reputation_after_cancel(params, notice, reason)})
    return pd.DataFrame(rows).sort_values("severity", ascending=False, kind="stable") \
        .reset_index(drop=True)


def reputation_by_industry(params: Params, notice: str, reason: str,
                           sizes: tuple[int, ...] = (10, 25, 50, 100, 200, 500, 1000,
                                                     5000)) -> pd.DataFrame:
    """How the cost of one cancellation changes with the size of your industry."""
    check_params(params)
    rows = [{"industry_size": n,
             **reputation_after_cancel(params.replace(industry_size=n), notice, reason)}
            for n in sizes]
    return pd.DataFrame(rows)


def habit_cost(params: Params, *, notice: str = "day_or_more", reason: str = "vague",
               runs: int = 2000, weeks: int = 52, seed: int = 0) -> pd.DataFrame:
    """A year of searching under each cancelling habit, from never to below interest 5.

    Returns:
        One row per habit with the mean ``invitations``, ``interviews_attended``,
        ``interviews_cancelled``, ``interview_hours``, final ``reputation``, ``p_job``
        (share who took a job), ``weeks_to_job`` (capped at the horizon), ``job_value``
        (of the jobs taken) and ``job_vs_never`` (the change in ``p_job`` against never
        cancelling).
    """
    check_params(params)
    rows = []
    for level in INTEREST_LEVELS:
        name = "never cancel" if level == 1 else f"cancel below {level}"
        pol = Policy(name=name, cancel_below=level, notice=notice, reason=reason)
        df = simulate(params, pol, runs=runs, weeks=weeks, seed=seed)
        rows.append({"habit": name, **search_outcomes(df, weeks)})
    out = pd.DataFrame(rows)
    out["job_vs_never"] = out["p_job"] - out.loc[0, "p_job"]
    return out


def search_outcomes(df: pd.DataFrame, weeks: int) -> dict[str, float]:
    """Averages at the horizon of one policy's frame, in what a job seeker weighs."""
    end = df[df["week"] == weeks]
    first = first_job_week(df)["week"].fillna(weeks)
    out = {col: float(end[col].astype(float).mean()) for col in
           ("invitations", "interviews_attended", "interviews_cancelled", "interview_hours",
            "reputation")}
    return {**out, "p_job": float(end["employed"].mean()), "weeks_to_job": float(first.mean()),
            "job_value": float(end["job_value"].mean())}


SENSITIVE = ("applications_per_week", "invite_rate", "rounds", "offer_rate", "process_weeks",
             "offer_open_weeks", "offer_terms_noise", "weeks_searched",
             "hours_per_application", "hours_phone", "hours_video", "hours_panel",
             "hours_hands_on", "initial_skill", "learning_rate", "transfer",
             "skill_effect", "performance_noise", "posting_noise", "fit_threshold",
             "bargaining_speedup", "bargaining_uplift", "industry_size", "recruiter_network",
             "industry_penalty", "same_company_penalty", "quality_weeks", "time_value",
             "weekly_hours")
"""Parameters the sensitivity view varies (each over its plausible range)."""


def sensitivity(params: Params, interview: Interview, *, names: tuple[str, ...] = SENSITIVE,
                runs: int = 4000, weeks: int = 13, seed: int = 0, metric: str = "net_value",
                start: Start | None = None, policy: Policy | str = "attend_all",
                base: DecisionResult | None = None) -> pd.DataFrame:
    """How the advantage of attending moves as each assumption ranges over its plausible values.

    Every parameter in ``names`` is set to the low and then the high end of its plausible
    range (``Spec.plausible``), all else as in ``params`` (and ``start`` and ``policy``,
    if given). This interview's hours are fixed first (the format's usual hours at
    ``params`` when it gives none), so an assumption about how long interviews take
    moves the other interviews of the search, never the cost the person entered: the
    same interview gives the same answer whether its hours were typed or left usual.
    ``base``: this very decision, already simulated (it is not simulated again).

    Returns:
        One row per parameter, widest swing first: ``low_value``, ``high_value``,
        ``at_low``, ``at_high`` (attend minus cancel in ``metric``), ``base``, the model's
        choice at each end and at the base (``choice_low``, ``choice_high``,
        ``base_choice``) and ``flips`` (True when either end changes the choice).
    """
    check_params(params)
    interview = dataclasses.replace(interview, hours=interview.hours_for(params))

    def advantage(p: Params) -> tuple[float, str]:
        r = decide(p, interview, runs=runs, weeks=weeks, seed=seed, drivers=False,
                   start=start, policy=policy)
        return r.difference(metric), r.choice

    base, base_choice = advantage(params) if base is None else \
        (base.difference(metric), base.choice)
    rows = []
    for name in names:
        s = spec(name)
        lo, hi = s.plausible
        ends = []
        for v in (lo, hi):
            try:
                ends.append(advantage(params.replace(**{name: v})))
            except ValueError:  # a combined rule (e.g. notice costs) forbids this end
                ends.append((base, base_choice))
        rows.append({"parameter": name, "label": s.label, "unit": s.unit,
                     "low_value": lo, "high_value": hi, "at_low": ends[0][0],
                     "at_high": ends[1][0], "base": base, "choice_low": ends[0][1],
                     "choice_high": ends[1][1], "base_choice": base_choice,
                     "flips": ends[0][1] != base_choice or ends[1][1] != base_choice})
    out = pd.DataFrame(rows)
    out["swing"] = (out["at_high"] - out["at_low"]).abs()
    return out.sort_values("swing", ascending=False, kind="stable").reset_index(drop=True)




def weigh_assumptions(result: DecisionResult) -> DecisionResult:
    """The same decision, with the assumptions that could change its answer.

    Its verdict's "How sure" part then names them. Runs :func:`sensitivity` at the
    decision's own settings, runs and seed, so the answer is the one notebook 9's panel
    gives at the same setting.
    """
    if not result.assumptions.empty:
        return result
    return dataclasses.replace(result, assumptions=sensitivity(
        result.params, result.interview, runs=result.runs, weeks=result.weeks,
        seed=result.seed, start=result.start, policy=result.policy, base=result))


def decision_table(params: Params, interviews: dict[str, Interview], *, runs: int = 2000,
                   weeks: int = 13, seed: int = 0, start: Start | None = None) -> pd.DataFrame:
    """Attend minus cancel for several interviews, in a reader's words (one row each).

    Returns:
        Rows named by the keys of ``interviews``; columns: the model's choice, the net
        value of attending (hours of pay), the change in the chance of having taken a job
        (points) and in the weeks in work, the hours the interview takes and how many it
        could take before attending stops paying.
    """
    check_params(params)
    rows = {}
    for name, interview in interviews.items():
        r = decide(params, interview, runs=runs, weeks=weeks, seed=seed, start=start,
                   drivers=False)
        rows[name] = {"the model says": CHOICE_WORDS[r.choice],
                      "net value (hours of pay)": r.difference("net_value"),
                      "chance of a job (points)": 100 * r.difference("p_job"),
                      "weeks in work": r.difference("weeks_in_work"),
                      "hours it takes": r.hours,
                      "worth it up to (hours)": r.break_even}
    return pd.DataFrame.from_dict(rows, orient="index").rename_axis("interview")


def parameter_table(mechanism: str | None = None) -> pd.DataFrame:
    """The parameters with their defaults, ranges, units and sources, for display."""
    rows = [{"parameter": n, "label": s.label, "default": s.default, "min": s.min,
             "max": s.max, "unit": s.unit, "source": s.source}
            for n, s in specs().items() if mechanism is None or s.mechanism == mechanism]
    return pd.DataFrame(rows)


def parameter_notes(mechanism: str | None = None) -> str:
    """Every parameter in plain lines, nothing cut off.

    Each line: label, the name to type in ``Params(...)``, default, range and unit, and
    where the default comes from.
    """
    lines = []
    for n, s in specs().items():
        if mechanism is None or s.mechanism == mechanism:
            lines.append(f"{s.label} ({n}): {s.default:g} {s.unit}, from {s.min:g} to "
                         f"{s.max:g}. Source: {s.source}.")
    return "\n".join(lines)


POLICY_METRICS = ["employed", "practice", "invitations", "interviews_attended",
                  "interviews_cancelled", "interview_hours", "offers"]


def compare_policies(params: Params, policies: list[Policy], *, runs: int = 1000,
                     weeks: int = 26, seed: int = 0) -> dict:
    """Simulate whole-search policies with the same seed and summarise them.

    Returns:
        ``curves`` (``summarize`` with the interval of the mean), ``first`` (the week each
        run took a job), ``weeks`` and ``table`` (:func:`policy_table`).
    """
    check_params(params)
    frames = [simulate(params, pol, runs=runs, weeks=weeks, seed=seed) for pol in policies]
    both = pd.concat(frames, ignore_index=True)
    result = {"curves": summarize(both, band="mean", metrics=POLICY_METRICS),
              "first": first_job_week(both), "weeks": weeks}
    result["table"] = pd.DataFrame([{"policy": pol.name, **search_outcomes(df, weeks)}
                                    for pol, df in zip(policies, frames, strict=True)])
    return result

