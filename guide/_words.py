"""Tables in a reader's words: the column names a notebook shows, translated once."""

from __future__ import annotations

import pandas as pd

from ._vocabulary import CHOICE_WORDS, FORMAT_LABELS
from .model.params import Params

STAGE_WORDS = {"applied": "applied", "scheduled": "interview booked",
               "in_process": "between rounds", "offer": "offer in hand",
               "interviewed": "interviewed"}
"""Pipeline stages in a reader's words."""
COLUMN_WORDS = {
    # outcomes of a search
    "employed": "took a job (share)", "p_job": "chance of a job", "job_value":
    "quality of the job (fit units)", "weeks_to_job": "weeks to a job", "interview_hours":
    "hours on interviews", "invitations": "invitations", "interviews_attended":
    "interviews attended", "interviews_cancelled": "interviews cancelled", "offers": "offers",
    "acceptable_offers": "offers worth taking", "reputation": "reputation kept",
    "practice": "practice (skill 0-1)", "job_vs_never": "chance of a job vs never cancelling",
    "active_processes": "live processes", "open_offers": "open offers",
    "skill_phone": "skill: phone screen", "skill_video": "skill: video call",
    "skill_panel": "skill: group panel", "skill_hands_on": "skill: hands-on task",
    "first_interviews": "first interviews", "withdrawals": "withdrew after meeting them",
    "offers_declined": "offers declined", "weeks_in_work": "weeks in work",
    "net_value": "net value (hours of pay)", "gain_value": "worth (hours of pay)",
    # mechanisms
    "chance_acceptable": "chance the real job would do",
    "chance_if_exact": "the same if postings told all", "mean_fit": "average true fit (fit units)",
    "interviews": "interviews done", "skill": "skill in that format",
    "skill_elsewhere": "skill in other formats", "gain": "gain from this one",
    "pass_chance": "chance to pass a round", "offer_chance": "chance of an offer",
    "other_processes": "other live processes", "steps_per_week": "steps a week",
    "weeks_per_process": "weeks from first interview to decision",
    "offer_uplift": "better offer (fit units)",
    "chance_offer_acceptable": "chance an offer would do",
    "severity": "cost (1 = no-show)", "kept_same_company": "kept at that company",
    "kept_where_heard": "kept where word spread", "kept_overall": "kept across the industry",
    "share_heard": "share of employers who hear", "industry_size": "employers in the industry",
    # sensitivity and parameters
    "low_value": "low end", "high_value": "high end",
    "at_low": "net value at low end (hours of pay)",
    "at_high": "net value at high end (hours of pay)", "choice_low": "answer at low end",
    "choice_high": "answer at high end", "parameter": "code name",
    # pipelines, policies, presets
    "thinking_of_cancelling": "thinking of cancelling", "value": "net value (hours of pay)",
    "choice": "the model says", "surprise": "chance it would do",
    "practice_gain": "practice it gives", "habit": "habit", "policy": "policy",
    "label": "", "preset": "key", "changes": "what it changes",
}
"""Column name -> the words a reader sees (an empty string hides a label column's name)."""



def readable(table: pd.DataFrame, index: str | None = None) -> pd.DataFrame:
    """The same table with its columns (and ``choice``-like cells) in a reader's words.

    Args:
        table: Any table the guide returns.
        index: A column to show as the row labels instead of row numbers.
    """
    out = table.copy()
    for col in out.columns:
        texts = out[col].dtype == object or pd.api.types.is_string_dtype(out[col])
        filled = out[col][out[col].astype(str) != ""] if texts else out[col].iloc[:0]
        for words in (CHOICE_WORDS, FORMAT_LABELS, STAGE_WORDS):  # machine values shown in words
            if len(filled) and filled.isin(list(words)).all():
                out[col] = out[col].map(lambda v, w=words: w.get(v, v))
    if index is not None:
        out = out.set_index(index)
        out.index.name = COLUMN_WORDS.get(index, index) or None
    if out.index.name in COLUMN_WORDS:
        out.index.name = COLUMN_WORDS[out.index.name] or None
    out.columns = [COLUMN_WORDS.get(c, c) for c in out.columns]
    out.columns.name = None
    return out


def reason_line(row: dict, params: Params) -> str:
    """One line saying why this interview is worth attending."""
    parts = []
    if row["new_format"]:
        parts.append(f"your first {FORMAT_LABELS[row['format']].lower()}: the most practice "
                     "any interview can give")
    elif row["practice"] >= 0.5 * params.learning_rate:
        parts.append(f"still much to learn in {FORMAT_LABELS[row['format']].lower()}s")
    if row["interest"] <= 3:
        parts.append(f"{row['surprise']:.0%} of jobs that look like this turn out to be "
                     "ones you would take")
    else:
        parts.append(f"a job you want, with a {row['offer_chance']:.0%} chance of an offer")
    if row["leverage_for"]:
        parts.append(f"keeps pressure on {row['leverage_for']}")
    text = "; ".join(parts[:2])
    return text[0].upper() + text[1:] + "."
