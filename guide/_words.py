"""Tables in a reader's words: the column names a notebook shows, translated once."""

from __future__ import annotations

import pandas as pd

from ._vocabulary import CHOICE_WORDS, FORMAT_LABELS
from .model.comparison import MAIN_METRICS
from .model.decision import DecisionResult
from .model.params import Params

STAGE_WORDS = {"applied": "applied", "scheduled": "first interview booked",
               "in_process": "between rounds", "final_round": "final round to come",
               "waiting": "waiting for their decision", "offer": "offer in hand",
               "interviewed": "interviewed"}
"""Pipeline stages in a reader's words."""
COLUMN_WORDS = {
    # outcomes of a search
    "employed": "took a job", "p_job": "chance of a job", "job_value":
    "quality of the job (fit units)", "weeks_to_job": "weeks to a job", "interview_hours":
    "hours on interviews", "invitations": "invitations", "interviews_attended":
    "interviews attended", "interviews_cancelled": "interviews cancelled", "offers": "offers",
    "acceptable_offers": "offers worth taking", "reputation": "reputation kept",
    "practice": "practice (average skill)", "job_vs_never": "chance of a job vs never cancelling",
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



OUTCOME_UNITS = {
    "net_value": ("Worth to you, less what attending costs", "hours of pay"),
    "gain_value": ("What the outcome is worth to you", "hours of pay"),
    "p_job": ("Chance of having taken a job", "%"),
    "weeks_in_work": ("Weeks in work by the end", "weeks"),
    "weeks_to_job": ("Weeks until a job (the end, if none)", "weeks"),
    "job_value": ("How good the job is, where both choices find one", "fit units"),
    "interview_hours": ("Hours spent on interviews", "hours"),
    "interviews_attended": ("Interviews attended", ""),
    "offers": ("Offers received", ""),
    "acceptable_offers": ("Offers good enough to take", ""),
    "practice": ("Interview skill (average over formats)", "%"),
    "reputation": ("Reputation kept", "%"),
}
"""Each outcome of a decision: its words, and the one unit it is shown in (``%`` for
chances and shares, whose differences are shown in points)."""


def amount(value: float, unit: str, *, signed: bool = False) -> str:
    """One number in its unit: chances in % (changes in points), others with their unit."""
    sign = "+" if signed else ""
    if unit == "%":
        if signed:
            return f"{100 * value:{sign}.1f} points"
        return f"{100 * value:.1f}%" if 0.995 < value < 1 else f"{100 * value:.0f}%"
    digits = 2 if unit == "fit units" else 1 if abs(value) < 100 else 0
    text = f"{value:{sign},.{digits}f}"
    return f"{text} {unit}" if unit else text


def _range(low: float, high: float, unit: str) -> str:
    """``low to high unit``, the unit said once."""
    last = amount(high, unit, signed=True)
    first = amount(low, unit, signed=True).split(" ")[0]
    return f"{first} to {last}"


def outcome_table(result: DecisionResult,
                  metrics: tuple[str, ...] = MAIN_METRICS) -> pd.DataFrame:
    """A decision's outcomes as a reader sees them: each in one unit, with its range.

    Args:
        result: What :func:`guide.decide` returned.
        metrics: The outcomes to show, in order (default: the main ones).
    """
    rows = result.summary.set_index("metric").loc[list(metrics)]
    out = []
    for metric, r in rows.iterrows():
        label, unit = OUTCOME_UNITS[metric]
        out.append({
            "outcome": label, "if you attend": amount(r["attend"], unit),
            "if you cancel": amount(r["cancel"], unit),
            "difference": amount(r["difference"], unit, signed=True),
            "the model's range (99%)": _range(r["low"], r["high"], unit)})
    return pd.DataFrame(out).set_index("outcome").rename_axis(None)


def _span(low: float, high: float, unit: str) -> str:
    """A parameter's range with its unit said once (chances and shares in %)."""
    if unit == "probability" or unit.startswith("share"):
        rest = unit[len("share"):] if unit.startswith("share") else ""
        return f"{100 * low:g}% to {100 * high:g}%{rest}"
    unit = unit.split(" (")[0]
    tail = f" {unit}" if unit and unit not in ("skill", "multiplier") else ""
    return f"{low:g} to {high:g}{tail}"


def sensitivity_table(sens: pd.DataFrame, rows: int | None = None) -> pd.DataFrame:
    """What each assumption does to the answer at both ends of its plausible range.

    Args:
        sens: What :func:`guide.sensitivity` returned (widest swing first).
        rows: Show only the first ``rows`` (default: all).
    """
    shown = sens if rows is None else sens.head(rows)
    out = []
    for r in shown.itertuples():
        out.append({
            "assumption": r.label,
            "plausible range": _span(r.low_value, r.high_value, r.unit),
            "net gain from attending, low end": amount(r.at_low, "hours of pay",
                                                        signed=True),
            "high end": amount(r.at_high, "hours of pay", signed=True),
            "answer at the low end": CHOICE_WORDS[r.choice_low],
            "at the high end ": CHOICE_WORDS[r.choice_high],
        })
    return pd.DataFrame(out).set_index("assumption").rename_axis(None)


SHARES = frozenset({
    "employed", "p_job", "practice", "reputation", "skill_phone", "skill_video",
    "skill_panel", "skill_hands_on", "skill", "skill_elsewhere", "chance_acceptable",
    "chance_if_exact", "pass_chance", "offer_chance", "chance_offer_acceptable",
    "kept_same_company", "kept_where_heard", "kept_overall", "share_heard", "surprise"})
"""Columns that hold a chance or a share (0-1): a reader sees them in %."""
POINTS = frozenset({"job_vs_never"})
"""Columns that hold a change in a chance: a reader sees them in points."""


def percent(value: float) -> str:
    """A share as a reader reads it: 55%, or 99.6% near either end."""
    if value != value:
        return ""
    near_end = value > 0.95 or value < 0.05
    return f"{100 * value:.1f}%" if near_end and value not in (0, 1) else f"{100 * value:.0f}%"


def sensitivity_summary(sens: pd.DataFrame) -> str:
    """The answer at your setting, and which assumptions alone could change it (2 lines)."""
    base = CHOICE_WORDS[sens["base_choice"].iloc[0]]
    flipping = sens.loc[sens["flips"], "label"].tolist()
    return (f"At your setting the model says: {base}.\n{len(flipping)} of {len(sens)} "
            f"assumptions can change that on their own: {', '.join(flipping) or 'none'}")


def readable(table: pd.DataFrame, index: str | None = None) -> pd.DataFrame:
    """The same table with its columns (and ``choice``-like cells) in a reader's words.

    Args:
        table: Any table the guide returns, or a loaded pipeline (shown without its
            line numbers and notes).
        index: A column to show as the row labels instead of row numbers.
    """
    if table is None:
        raise ValueError("table=None: nothing to show (if it is your pipeline, loading "
                         "the file failed: fix the file and run the cell that loads it)")
    if hasattr(table, "frame") and hasattr(table, "source"):  # a loaded pipeline
        table = table.frame.drop(columns=["line", "notes"], errors="ignore")
    out = table.copy()
    for col in out.columns:
        if col in SHARES and pd.api.types.is_float_dtype(out[col]):  # one unit: %
            out[col] = out[col].map(percent)
        elif col in POINTS and pd.api.types.is_float_dtype(out[col]):  # changes: points
            out[col] = out[col].map(lambda v: amount(v, "%", signed=True))
        elif out[col].dtype == bool:  # a yes-or-no column reads as yes or no
            out[col] = out[col].map({True: "yes", False: "no"})
        elif out[col].dtype == object:  # nothing there shows as nothing, not as None
            out[col] = out[col].map(lambda v: "" if v is None or v is pd.NaT else v)
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


def _stage_words(row: dict) -> str:
    """Where a process or offer stands, and how much it is wanted."""
    left = row["rounds_left"]
    if row["stage"] != "in_process" or left is None or left != left:
        where = STAGE_WORDS[row["stage"]]
    else:  # rounds left: 0 and 1 have their own stage in a pipeline file
        where = STAGE_WORDS.get({0: "waiting", 1: "final_round"}.get(int(left), ""),
                                f"{int(left)} rounds to come")
    return f"{where}, interest {row['interest']} of 5"


def _change(row: dict, name: str) -> str:
    """``+1.1 points``, or ``no clear change`` when its 99% range holds zero."""
    if row[f"{name}_low"] <= 0 <= row[f"{name}_high"]:
        return "no clear change"
    return amount(row[f"{name}_difference"], "%", signed=True)


def others_lines(result: DecisionResult, names: list[str]) -> list[str]:
    """What attending does to each other process and offer of a decision, by name.

    Args:
        result: What :func:`guide.decide` returned with a ``start``.
        names: A name for each process and offer, in the order the result reports them
            (processes in the order given, then offers).
    """
    lines = []
    for row, name in zip(result.others.to_dict("records"), names, strict=True):
        job = (f"chance it is the job you take: {amount(row['job_attend'], '%')} if you "
               f"attend, {amount(row['job_cancel'], '%')} if you cancel "
               f"({_change(row, 'job')})")
        if row["stage"] == "offer":
            lines.append(f"{name} ({_stage_words(row)}): {job}.")
            continue
        offer = (f"chance of an offer: {amount(row['offer_attend'], '%')} if you attend, "
                 f"{amount(row['offer_cancel'], '%')} if you cancel "
                 f"({_change(row, 'offer')})")
        lines.append(f"{name} ({_stage_words(row)}): {offer}; {job}.")
    return lines
