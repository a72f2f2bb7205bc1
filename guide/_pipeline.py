"""A reader's own job search as a file: its columns, loading, validating and saving.

The model's view of it (skills, the start, the ranking) is in :mod:`guide._planning`.

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

from ._checks import shown
from ._files import (
    csv_rows,
    from_spreadsheet_safe,
    listed,
    read_text,
    spreadsheet_safe,
    user_path,
    write_file,
)
from ._vocabulary import FORMAT_LABELS, FORMATS

COLUMNS = {
    "company": "Company name (required).",
    "role": "Job title (required).",
    "stage": "applied (no answer yet), scheduled (a first interview is booked), in process "
             "(between rounds), final round (one round left before their decision), "
             "waiting (every round done, waiting for their decision), offer (an open "
             "offer) or interviewed (a past interview: counts as practice).",
    "format": "phone, video, panel or hands-on (required for scheduled and interviewed "
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
PIPELINE_STAGES = ("applied", "scheduled", "in_process", "final_round", "waiting", "offer",
                   "interviewed")
LIVE_STAGES = {"in_process": (), "final_round": (1,), "waiting": (0,)}
"""Stages of a process between rounds, and the rounds left each says (none: the usual)."""
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


def check_pipeline(pipeline: object) -> Pipeline:
    """``pipeline`` if it is a loaded :class:`Pipeline`; otherwise a clear error."""
    if isinstance(pipeline, Pipeline):
        return pipeline
    if pipeline is None:
        raise ValueError("pipeline=None: no pipeline is loaded (loading the file failed, "
                         "or its cell has not run); fix the file and run the cell that "
                         "loads it again")
    raise ValueError(f"pipeline={shown(pipeline)} is not a loaded pipeline; read one with "
                     "guide.load_pipeline")


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
    if not isinstance(source, (str, os.PathLike, pd.DataFrame)) or \
            isinstance(source, bytes):
        raise TypeError(f"source={shown(source)} is not a pipeline: give the path of a CSV "
                        "file (text or a pathlib.Path) or a pandas DataFrame")
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
    records = [[from_spreadsheet_safe(c) for c in row] for row in rows[1:]]
    return _validate(name, columns, records, lines[1:])


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
        bad("format", "not a format; allowed: phone, video, panel or hands-on")
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
        # text a person typed is written so a spreadsheet cannot run it as a formula
        safe = spreadsheet_safe
        writer.writerow([safe(r.company), safe(r.role), r.stage, r.format,
                         r.date.isoformat() if r.date else "",
                         "" if r.interest is None or pd.isna(r.interest) else int(r.interest),
                         safe(r.industry), safe(r.notes),
                         "yes" if r.thinking_of_cancelling else "no"])
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
