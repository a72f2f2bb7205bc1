"""A reader's own job search: load, validate and save a pipeline file, rank its interviews.

The file has one row per live application, scheduled interview, open offer or past
interview (past interviews count as practice). Loading never writes to the file; saving
writes a new file, or replaces one only after keeping a backup, through an atomic rename.
"""

from __future__ import annotations

import csv
import io
import os
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

import pandas as pd

from ._checks import check_day
from ._files import csv_rows, listed, read_text, user_path, write_file
from ._mechanisms import reputation_after_cancel, surprise_by_interest
from ._vocabulary import CHOICE_WORDS, FORMAT_LABELS, FORMATS
from .model.decision import decide
from .model.interview import Interview
from .model.params import Params
from .model.rules import pass_chance, skill_after
from .model.simulate import simulate
from .model.start import Start

COLUMNS = {
    "company": "Company name (required).",
    "role": "Job title (required).",
    "stage": "applied (no answer yet), scheduled (an interview is booked), in_process "
             "(between rounds), offer (an open offer) or interviewed (a past interview: "
             "counts as practice).",
    "format": "phone, video, panel or hands_on (required for scheduled and interviewed "
              "rows, blank otherwise).",
    "date": "Interview date as YYYY-MM-DD (required for scheduled and interviewed rows); "
            "for an offer, the day your answer is due (optional).",
    "interest": "How much you want the job, 1 (little) to 5 (a lot); required except for "
                "past interviews.",
    "industry": "Optional.",
    "notes": "Optional.",
    "thinking_of_cancelling": "yes if you are tempted to cancel this interview (optional).",
}
REQUIRED = ("company", "role", "stage", "interest")
PIPELINE_STAGES = ("applied", "scheduled", "in_process", "offer", "interviewed")
NEEDS_FORMAT_AND_DATE = ("scheduled", "interviewed")
_FORMAT_NAMES = {**{f: f for f in FORMATS},
                 **{label.lower(): key for key, label in FORMAT_LABELS.items()},
                 "hands-on": "hands_on", "hands on": "hands_on", "phone screen": "phone",
                 "video call": "video", "group panel": "panel"}
_YES = {"yes": True, "y": True, "true": True, "1": True, "no": False, "n": False,
        "false": False, "0": False, "": False}
_MAX_TEXT = 200


class PipelineError(ValueError):
    """Every problem found in a pipeline, each with its line, column and value."""

    def __init__(self, source: str, problems: list[tuple[int, str, str, str]]) -> None:
        self.source, self.problems = source, problems
        lines = [f"  line {n}, column {col!r}: {_short(val)!r}: {msg}" if col else
                 f"  line {n}: {msg}" if n else f"  {msg}" for n, col, val, msg in problems]
        super().__init__(f"{source}: {len(problems):,} problem{'s' if len(problems) > 1 else ''}"
                         " found (line 1 is the header):\n" + listed(lines))


def _short(value: str, most: int = 60) -> str:
    return value if len(value) <= most else value[:most] + "..."


@dataclass(frozen=True)
class Pipeline:
    """A validated pipeline.

    Attributes:
        frame: One row per entry with normalised columns: ``stage`` and ``format`` as keys,
            ``date`` as :class:`datetime.date` (or None), ``interest`` as int (or None),
            ``thinking_of_cancelling`` as bool, plus ``line`` (its line in the file).
        source: Where it came from.
    """

    frame: pd.DataFrame
    source: str

    def experience(self) -> dict[str, int]:
        """Past interviews by format."""
        past = self.frame[self.frame["stage"] == "interviewed"]
        return {f: int((past["format"] == f).sum()) for f in FORMATS}

    def upcoming(self, today: date) -> pd.DataFrame:
        """Scheduled interviews on or after ``today``, soonest first."""
        f = self.frame
        rows = f[(f["stage"] == "scheduled") & (f["date"] >= today)]
        return rows.sort_values("date", kind="stable")


def pipeline_columns() -> pd.DataFrame:
    """The pipeline file's columns and what to write in each (for the notebook)."""
    return pd.DataFrame({"column": list(COLUMNS), "what to write": list(COLUMNS.values())})


MAX_BYTES = 5_000_000
"""Largest pipeline file read (a personal search is a few kilobytes)."""


def load_pipeline(source: str | os.PathLike | pd.DataFrame) -> Pipeline:
    """Read and validate a pipeline from a CSV file or a DataFrame; never writes.

    Accepts comma-, semicolon- or tab-separated files, with or without an Excel byte-order
    mark, and DataFrames as ``pandas.read_csv`` gives them (blank numbers, parsed dates).
    Every problem is collected and reported together, with the physical line it is on.

    Raises:
        PipelineError: Anything wrong, each problem with its line, column and value.
    """
    if isinstance(source, pd.DataFrame):
        name = "the table"
        columns = [str(c).strip() for c in source.columns]
        records = [[_cell(v) for v in row] for row in source.itertuples(index=False)]
        return Pipeline(_validate(name, columns, records, list(range(2, len(records) + 2))),
                        name)
    try:
        path, text = read_text(source, "pipeline", limit=MAX_BYTES)
    except (ValueError, OSError) as exc:
        raise PipelineError(str(source), [(0, "", "", _reason(exc))]) from None
    return Pipeline(_parse_text(str(path), text), str(path))


def _reason(exc: BaseException) -> str:
    """A readable sentence for a file error (OSError text without the errno prefix)."""
    if isinstance(exc, OSError) and exc.strerror:
        return f"cannot be read: {exc.strerror.lower()}"
    return str(exc).split(": ", 1)[1] if str(exc).startswith(("/", ".")) and ": " in str(exc) \
        else str(exc)


def _parse_text(name: str, text: str) -> pd.DataFrame:
    if not text.strip():
        raise PipelineError(name, [(1, "", "", "the file is empty; it needs a header "
                                               "line: " + ",".join(COLUMNS))])
    header = text.splitlines()[0]
    delimiter = max((",", ";", "\t"), key=header.count)
    rows, lines, stopped = csv_rows(text, delimiter)
    if stopped:
        line, _, msg = stopped.partition(": ")
        raise PipelineError(name, [(int(line.split()[1]), "", "", msg)])
    columns = [c.strip() for c in rows[0]]
    return _validate(name, columns, rows[1:], lines[1:])


def _cell(value: object) -> str:
    if value is None or value is pd.NA or value is pd.NaT:
        return ""
    if isinstance(value, float):
        if value != value:  # NaN: a blank cell
            return ""
        return str(int(value)) if value.is_integer() else str(value)
    if isinstance(value, (date, datetime)):
        return value.strftime("%Y-%m-%d")
    return str(value)


def _trim_blank_columns(columns: list[str], records: list[list[str]]) -> list[str]:
    """Drop trailing header cells that are empty in every row (Excel leaves these)."""
    while columns and not columns[-1] and all(
            len(r) < len(columns) or not r[len(columns) - 1].strip() for r in records):
        columns = columns[:-1]
    return columns


def _validate(name: str, columns: list[str], records: list[list[str]],
              lines: list[int]) -> pd.DataFrame:
    problems: list[tuple[int, str, str, str]] = []
    width = len(columns)
    columns = _trim_blank_columns(columns, records)
    missing = [c for c in REQUIRED if c not in columns]
    if missing:
        hint = ""
        if len(columns) == 1 and any(d in columns[0] for d in "|:"):
            hint = " (the header looks like it uses another separator: use commas)"
        problems.append((1, "", "", f"missing required column{'s' if len(missing) > 1 else ''}"
                                    f" {', '.join(missing)}{hint}; the columns are "
                                    f"{', '.join(COLUMNS)}"))
        raise PipelineError(name, problems)
    for i, c in enumerate(columns):
        if not c:
            problems.append((1, "", "", f"column {i + 1} has no name but holds values; "
                                        f"name it (allowed: {', '.join(COLUMNS)}) or delete it"))
        elif c not in COLUMNS:
            problems.append((1, c, c, f"unknown column; allowed: {', '.join(COLUMNS)}"))
    out, seen = [], {}
    for rec, line in zip(records, lines, strict=True):
        if not any(cell.strip() for cell in rec):
            continue
        if len(rec) == width and width > len(columns):
            rec = rec[:len(columns)]  # the trailing blank columns dropped above
        if len(rec) != len(columns):
            problems.append((line, "", "", f"{len(rec)} cells but the header has "
                                           f"{len(columns)} columns"))
            continue
        row = {c: rec[columns.index(c)].strip() if c in columns else "" for c in COLUMNS}
        clean = _check_row(line, row, problems)
        key = (row["company"].casefold(), row["role"].casefold(), row["stage"], row["date"])
        if key in seen:
            problems.append((line, "", "", f"duplicate of line {seen[key]} (same company, "
                                           "role, stage and date)"))
        else:
            seen[key] = line
        out.append(clean)
    if problems:
        raise PipelineError(name, problems)
    frame = pd.DataFrame(out, columns=[*COLUMNS, "line"])
    frame["interest"] = frame["interest"].astype("Int64")
    return frame


def _check_row(line: int, row: dict, problems: list) -> dict:
    def bad(col: str, msg: str) -> None:
        problems.append((line, col, row[col], msg))

    for col in ("company", "role"):
        if not row[col]:
            bad(col, "required; it cannot be empty")
    for col in ("company", "role", "industry", "notes"):
        if len(row[col]) > _MAX_TEXT:
            bad(col, f"longer than {_MAX_TEXT} characters")
    stage = row["stage"].lower().replace(" ", "_").replace("-", "_")
    if stage not in PIPELINE_STAGES:
        bad("stage", f"not a stage; allowed: {', '.join(PIPELINE_STAGES)}")
    fmt = _FORMAT_NAMES.get(row["format"].lower()) if row["format"] else None
    if row["format"] and fmt is None:
        bad("format", f"not a format; allowed: {', '.join(FORMATS)}")
    if stage in NEEDS_FORMAT_AND_DATE and not row["format"]:
        bad("format", f"required for a {stage} row")
    when = None
    if row["date"]:
        try:
            when = date.fromisoformat(row["date"])
        except ValueError:
            bad("date", "not a date; write it as YYYY-MM-DD, e.g. 2026-12-03")
    elif stage in NEEDS_FORMAT_AND_DATE:
        bad("date", f"required for a {stage} row")
    interest = None
    if row["interest"]:
        try:
            interest = int(row["interest"])
            if str(interest) != row["interest"].lstrip("+") or not 1 <= interest <= 5:
                raise ValueError
        except ValueError:
            bad("interest", "must be a whole number from 1 to 5")
            interest = None
    elif stage != "interviewed":
        bad("interest", "required: a whole number from 1 to 5")
    thinking = _YES.get(row["thinking_of_cancelling"].lower())
    if thinking is None:
        bad("thinking_of_cancelling", "write yes or no (or leave it empty)")
    return {**row, "stage": stage, "format": fmt or "", "date": when, "interest": interest,
            "thinking_of_cancelling": bool(thinking), "line": line}


def pipeline_text(pipeline: Pipeline) -> str:
    """The CSV text a pipeline is saved as (one row per entry, the documented columns)."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(list(COLUMNS))
    for r in pipeline.frame.itertuples(index=False):
        writer.writerow([r.company, r.role, r.stage, r.format,
                         r.date.isoformat() if r.date else "",
                         "" if r.interest is None or pd.isna(r.interest) else int(r.interest),
                         r.industry, r.notes, "yes" if r.thinking_of_cancelling else "no"])
    return buf.getvalue()


def save_pipeline(pipeline: Pipeline | pd.DataFrame, path: str | os.PathLike, *,
                  overwrite: bool = False) -> tuple[Path, Path | None]:
    """Validate and write a pipeline atomically (see :func:`guide._files.write_file`).

    The text to be written is read back and validated first, so a saved file always
    loads. A new file is claimed atomically: of two saves to the same new name, one wins
    and the other is refused. An existing file is replaced only with ``overwrite=True``,
    after it is kept beside it as ``<name>.backup-<time>-<random>.csv``, and the new file
    keeps its permissions. The folder must exist; links are never written through.

    Returns:
        The path written and the backup's path (None when there was no old file).

    Raises:
        PipelineError: The pipeline is invalid (nothing is written).
        ValueError: The file exists and ``overwrite`` is False, or the path cannot be
            written (a folder, a link, a missing folder); nothing is written.
    """
    if isinstance(pipeline, pd.DataFrame):
        pipeline = load_pipeline(pipeline)
    target = user_path(path)
    text = pipeline_text(pipeline)
    _parse_text(str(target), text)  # what is written must load again
    try:
        backup = write_file(target, text.encode("utf-8"), overwrite=overwrite)
    except OSError as exc:
        raise ValueError(f"{target} could not be written: {exc.strerror or exc}") from None
    return target, backup


# --- using the pipeline ---------------------------------------------------------------

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
    today = check_day("today", today)
    f = pipeline.frame
    live = f[(f["stage"] == "in_process")
             | ((f["stage"] == "scheduled") & (f["date"] >= today))]
    live = live[live.index != skip] if skip is not None else live
    processes = tuple((s, int(i)) for s, i in zip(live["stage"], live["interest"],
                                                   strict=True))
    held = f[f["stage"] == "offer"]
    offers = tuple((int(i), offer_weeks(d, today, params))
                   for i, d in zip(held["interest"], held["date"], strict=True))
    return Start(skills=skills_from_experience(params, pipeline.experience()),
                 processes=processes, offers=offers)


def project(pipeline: Pipeline, params: Params, *, today: date, weeks: int = 13,
            runs: int = 2000, seed: int = 0) -> pd.DataFrame:
    """Simulate the coming weeks from where this pipeline stands (attending everything)."""
    return simulate(params, "attend_all", runs=runs, weeks=weeks, seed=seed,
                    start=start_state(pipeline, params, today))


def rank_interviews(pipeline: Pipeline, params: Params, *, today: date, weeks: int = 13,
                    runs: int = 2000, seed: int = 0) -> pd.DataFrame:
    """Upcoming interviews ranked by what attending each one brings, with a reason.

    For each: the net value of attending within ``weeks``, in hours of pay (``value``:
    the model's decision, run from this pipeline's skills, live processes and offers, the
    interview at its format's usual hours), the model's choice in words, the practice it
    gives in its format, the chance the job turns out acceptable, whether it keeps
    leverage for your top choice, and what cancelling it would cost in reputation.
    """
    today = check_day("today", today)
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
    live = f[f["stage"].isin(["in_process", "offer", "scheduled"])]
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
                runs: int = 2000, seed: int = 0):
    """Attend versus cancel for the upcoming interview at ``company``.

    Raises:
        ValueError: No upcoming interview at that company.
    """
    today = check_day("today", today)
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
