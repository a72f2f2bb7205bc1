"""A reader's own job search: load, validate and save a pipeline file, rank its interviews.

The file has one row per live application, scheduled interview, open offer or past
interview (past interviews count as practice). Loading never writes to the file; saving
writes a new file, or replaces one only after keeping a backup, through an atomic rename.
"""

from __future__ import annotations

import csv
import io
import os
import shutil
import tempfile
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

import pandas as pd

from ._decision import Interview, decide
from ._mechanisms import CHOICE_WORDS, reputation_after_cancel, surprise_by_interest
from ._model import Start, pass_chance
from ._params import Params
from ._policy import FORMAT_LABELS, FORMATS
from ._simulate import simulate

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
STAGES = ("applied", "scheduled", "in_process", "offer", "interviewed")
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
        lines = [f"  line {n}, column {col!r}: {val!r}: {msg}" if col else
                 f"  line {n}: {msg}" for n, col, val, msg in problems]
        super().__init__(f"{source}: {len(problems)} problem{'s' if len(problems) > 1 else ''}"
                         " found (line 1 is the header):\n" + "\n".join(lines))


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


def load_pipeline(source: str | os.PathLike | pd.DataFrame) -> Pipeline:
    """Read and validate a pipeline from a CSV file or a DataFrame; never writes.

    Accepts comma-, semicolon- or tab-separated files, with or without an Excel byte-order
    mark. Every problem is collected and reported together.

    Raises:
        PipelineError: Anything wrong, each problem with its line, column and value.
    """
    if isinstance(source, pd.DataFrame):
        name = "the table"
        columns = [str(c).strip() for c in source.columns]
        records = [[_cell(v) for v in row] for row in source.itertuples(index=False)]
    else:
        path = Path(source)
        name = str(path)
        if not path.is_file():
            raise PipelineError(name, [(0, "", "", "the file does not exist")])
        raw = path.read_bytes()
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise PipelineError(name, [(1, "", "", "the file is not UTF-8 text; save it as "
                                                   "'CSV UTF-8'")]) from None
        if not text.strip():
            raise PipelineError(name, [(1, "", "", "the file is empty; it needs a header "
                                                   "line: " + ",".join(COLUMNS))])
        header = text.splitlines()[0]
        delimiter = max((",", ";", "\t"), key=header.count)
        rows = list(csv.reader(io.StringIO(text), delimiter=delimiter))
        columns = [c.strip() for c in rows[0]]
        records = rows[1:]
    return Pipeline(_validate(name, columns, records), name)


def _cell(value: object) -> str:
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return ""
    if isinstance(value, (date, datetime)):
        return value.strftime("%Y-%m-%d")
    return str(value)


def _validate(name: str, columns: list[str], records: list[list[str]]) -> pd.DataFrame:
    problems: list[tuple[int, str, str, str]] = []
    missing = [c for c in REQUIRED if c not in columns]
    if missing:
        hint = ""
        if len(columns) == 1 and any(d in columns[0] for d in "|:"):
            hint = " (the header looks like it uses another separator: use commas)"
        problems.append((1, "", "", f"missing required column{'s' if len(missing) > 1 else ''}"
                                    f" {', '.join(missing)}{hint}; the columns are "
                                    f"{', '.join(COLUMNS)}"))
        raise PipelineError(name, problems)
    unknown = [c for c in columns if c not in COLUMNS]
    for c in unknown:
        problems.append((1, c, c, f"unknown column; allowed: {', '.join(COLUMNS)}"))
    out, seen = [], {}
    for i, rec in enumerate(records):
        line = i + 2
        if not any(cell.strip() for cell in rec):
            continue
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
    if stage not in STAGES:
        bad("stage", f"not a stage; allowed: {', '.join(STAGES)}")
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


def save_pipeline(pipeline: Pipeline | pd.DataFrame, path: str | os.PathLike, *,
                  overwrite: bool = False) -> tuple[Path, Path | None]:
    """Validate and write a pipeline atomically.

    A new file is simply written. An existing file is replaced only with
    ``overwrite=True``, and then only after a copy of it is kept beside it as
    ``<name>.backup-<timestamp>.csv``.

    Returns:
        The path written and the backup's path (None when there was no old file).

    Raises:
        PipelineError: The pipeline is invalid (nothing is written).
        ValueError: The file exists and ``overwrite`` is False.
    """
    if isinstance(pipeline, pd.DataFrame):
        pipeline = load_pipeline(pipeline)
    path = Path(path)
    backup = None
    if path.exists():
        if not overwrite:
            raise ValueError(f"{path} already exists; save under another name or choose to "
                             "replace it (a backup of the old file is kept)")
        stamp = datetime.now().strftime("%Y%m%d-%H%M%S-%f")
        backup = path.with_name(f"{path.stem}.backup-{stamp}{path.suffix}")
        shutil.copy2(path, backup)
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(list(COLUMNS))
    for r in pipeline.frame.itertuples(index=False):
        writer.writerow([r.company, r.role, r.stage, r.format,
                         r.date.isoformat() if r.date else "",
                         "" if r.interest is None or pd.isna(r.interest) else int(r.interest),
                         r.industry, r.notes, "yes" if r.thinking_of_cancelling else "no"])
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as fh:
            fh.write(buf.getvalue())
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise
    return path, backup


# --- using the pipeline ---------------------------------------------------------------

def skills_from_experience(params: Params, experience: dict[str, int]) -> tuple[float, ...]:
    """Skill in each format after the past interviews, by the model's learning rule."""
    total = sum(experience.values())
    lr, tr = params.learning_rate, params.transfer
    return tuple(1 - (1 - params.initial_skill) * (1 - lr) ** experience.get(f, 0)
                 * (1 - lr * tr) ** (total - experience.get(f, 0)) for f in FORMATS)


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

    For each: how many points attending adds to the chance of having taken a job within
    ``weeks`` (``value``: the model's decision, run from this pipeline's skills, live
    processes and offers), the model's choice in words, the practice it gives in its
    format, the
    chance the job turns out acceptable, whether it keeps leverage for your top choice,
    and what cancelling it would cost in reputation.
    """
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
               "value": d.difference("p_job"), "choice": CHOICE_WORDS[d.choice],
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
