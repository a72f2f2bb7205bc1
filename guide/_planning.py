"""A reader's pipeline through the model: skills, the start, the outlook, the ranking.

Skills from past interviews, where the search starts, where it is heading, and which
upcoming interview matters most (the file itself is :mod:`guide._pipeline`).
"""

from __future__ import annotations

from datetime import date

import pandas as pd

from ._checks import check_day
from ._mechanisms import reputation_after_cancel, surprise_by_interest
from ._pipeline import LIVE_STAGES, Pipeline, check_pipeline
from ._vocabulary import CHOICE_WORDS, FORMATS
from ._words import others_lines, reason_line
from .model.decision import DECISION_RUNS, decide
from .model.interview import Interview
from .model.params import Params
from .model.rules import pass_chance, skill_after
from .model.simulate import simulate
from .model.start import Start


def skills_from_experience(params: Params, experience: dict[str, int]) -> tuple[float, ...]:
    """Skill in each format after the past interviews, by the model's learning rule."""
    total = sum(experience.values())
    return tuple(float(skill_after(params, params.initial_skill, experience.get(f, 0),
                                   total - experience.get(f, 0))) for f in FORMATS)


def practice_gain(params: Params, skill: float) -> float:
    """How much one more interview in a format raises skill there."""
    return params.learning_rate * (1 - skill)


def offer_weeks(due: date | None, today: date, params: Params) -> int:
    """Weeks left to answer an offer due on ``due`` (the usual time when no date is given)."""
    if due is None or pd.isna(due):
        return params.offer_open_weeks
    return min(max(1, -(-(due - today).days // 7)), 12)


def start_state(pipeline: Pipeline, params: Params, today: date,
                skip: object = None) -> Start:
    """The model's starting point for this pipeline on ``today``.

    Processes between rounds and interviews booked from today on become live processes
    (all but the row labelled ``skip``: the interview being decided); offers become
    offers in hand, due on their date; past interviews set the skills.
    """
    return situation(pipeline, params, today, skip)[0]


def situation_rows(pipeline: Pipeline, today: date,
                   skip: object = None) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The rows that make the model's start, in its order: live processes, then offers."""
    today = check_day("today", today)
    f = check_pipeline(pipeline).frame
    live = f[f["stage"].isin(list(LIVE_STAGES))
             | ((f["stage"] == "scheduled") & (f["date"] >= today))]
    live = live[live.index != skip] if skip is not None else live
    return live, f[f["stage"] == "offer"]


def situation(pipeline: Pipeline, params: Params, today: date,
              skip: object = None) -> tuple[Start, list[str]]:
    """:func:`start_state`, and the company of each process and offer in the model's order.

    A ``final_round`` row is a process with one round left before the decision; a
    ``waiting`` row has none left.
    """
    live, held = situation_rows(pipeline, today, skip)
    processes = tuple(("scheduled", int(i)) if s == "scheduled" else
                      ("in_process", int(i), *LIVE_STAGES[s])
                      for s, i in zip(live["stage"], live["interest"], strict=True))
    offers = tuple((int(i), offer_weeks(d, today, params))
                   for i, d in zip(held["interest"], held["date"], strict=True))
    start = Start(skills=skills_from_experience(params, pipeline.experience()),
                  processes=processes, offers=offers)
    return start, [*live["company"], *held["company"]]


def project(pipeline: Pipeline, params: Params, *, today: date, weeks: int = 13,
            runs: int = 2000, seed: int = 0) -> pd.DataFrame:
    """Simulate the coming weeks from where this pipeline stands (attending everything)."""
    return simulate(params, "attend_all", runs=runs, weeks=weeks, seed=seed,
                    start=start_state(pipeline, params, today))


def rank_interviews(pipeline: Pipeline, params: Params, *, today: date, weeks: int = 13,
                    runs: int = DECISION_RUNS, seed: int = 0) -> pd.DataFrame:
    """Upcoming interviews ranked by what attending each one brings, with a reason.

    For each: the net value of attending within ``weeks``, in hours of pay (``value``:
    the model's decision, run from this pipeline's skills, live processes and offers, the
    interview at its format's usual hours), the model's choice in words, the practice it
    gives in its format, the chance the job turns out acceptable, whether it keeps
    leverage for your top choice, and what cancelling it would cost in reputation.
    """
    today = check_day("today", today)
    pipeline = check_pipeline(pipeline)
    upcoming = pipeline.upcoming(today)
    if upcoming.empty:
        return pd.DataFrame(columns=["company", "role", "format", "date", "interest",
                                     "value", "choice", "practice", "new_format", "surprise",
                                     "reputation_cost", "reason"])
    skills = dict(zip(FORMATS, skills_from_experience(params, pipeline.experience()),
                      strict=True))
    done = pipeline.experience()
    surprise = surprise_by_interest(params, samples=20_000, seed=seed).set_index("interest")
    f = pipeline.frame
    live = f[f["stage"].isin([*LIVE_STAGES, "offer", "scheduled"])]
    cost = reputation_after_cancel(params, "day_or_more", "vague")
    rows = []
    for label, r in upcoming.iterrows():
        d = decide(params, Interview(interest=int(r["interest"]), format=r["format"]),
                   runs=runs, weeks=weeks, seed=seed, drivers=False,
                   start=start_state(pipeline, params, today, skip=label))
        rivals = live[(live["company"] != r["company"]) & (live["interest"] > r["interest"])]
        top = rivals.sort_values("interest", ascending=False).iloc[0] if len(rivals) else None
        row = {"company": r["company"], "role": r["role"], "format": r["format"],
               "date": r["date"], "interest": int(r["interest"]),
               "value": d.difference("net_value"), "choice": CHOICE_WORDS[d.choice],
               "practice": practice_gain(params, skills[r["format"]]),
               "new_format": done[r["format"]] == 0,
               "surprise": float(surprise.loc[int(r["interest"]), "chance_acceptable"]),
               "offer_chance": float(pass_chance(params, skills[r["format"]])
                                     ** params.rounds),
               "leverage_for": None if top is None else top["company"],
               "reputation_cost": 1 - cost["kept_same_company"],
               "thinking_of_cancelling": bool(r["thinking_of_cancelling"])}
        row["reason"] = reason_line(row, params)
        rows.append(row)
    out = pd.DataFrame(rows).sort_values(["value", "date"], ascending=[False, True],
                                         kind="stable").reset_index(drop=True)
    out.index = out.index + 1
    return out


def compare_for(pipeline: Pipeline, params: Params, company: str, *, today: date,
                notice: str = "day_or_more", reason: str = "vague", weeks: int = 13,
                runs: int = DECISION_RUNS, seed: int = 0):
    """Attend versus cancel for the upcoming interview at ``company``.

    Raises:
        ValueError: No upcoming interview at that company.
    """
    today = check_day("today", today)
    pipeline = check_pipeline(pipeline)
    upcoming = pipeline.upcoming(today)
    match = upcoming[upcoming["company"] == company]
    if match.empty:
        raise ValueError(f"company={company!r} has no interview on or after {today}; "
                         f"upcoming: {', '.join(upcoming['company']) or 'none'}")
    label, r = next(match.iterrows())
    return decide(params, Interview(interest=int(r["interest"]), format=r["format"],
                                    notice=notice, reason=reason),
                  runs=runs, weeks=weeks, seed=seed,
                  start=start_state(pipeline, params, today, skip=label))


def effect_on_others(pipeline: Pipeline, params: Params, company: str, result,
                     *, today: date) -> list[str]:
    """What attending the interview at ``company`` does to each other process and offer.

    ``result`` is what :func:`compare_for` returned for that company on ``today``; one
    line per live process and offer in the file, named by its company.
    """
    today = check_day("today", today)
    pipeline = check_pipeline(pipeline)
    upcoming = pipeline.upcoming(today)
    label = upcoming.index[upcoming["company"] == company][0]
    return others_lines(result, situation(pipeline, params, today, skip=label)[1])
