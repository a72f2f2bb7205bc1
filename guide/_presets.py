"""Named scenarios (presets) from ``data/presets.csv``, validated like any parameters.

A preset is a row of the file: a key, a label, a short story and the parameters it
changes (blank cells keep the default). These are illustrative situations for teaching,
not measurements: the guide says so wherever they are offered.
"""

from __future__ import annotations

import csv
import os
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from ._params import Params, field_names, spec

PRESET_FILE = Path(__file__).resolve().parents[1] / "data" / "presets.csv"
REQUIRED = ("key", "label", "story")
ENV_VAR = "GUIDE_PRESET"


@dataclass(frozen=True)
class Preset:
    """One named scenario.

    Attributes:
        key: Short identifier (letters, digits, underscores).
        label: Name shown in dropdowns.
        story: One or two sentences describing the situation.
        params: The scenario's parameters.
        changes: The parameters it sets, by name.
    """

    key: str
    label: str
    story: str
    params: Params
    changes: dict


def load_presets(path: str | os.PathLike | None = None) -> dict[str, Preset]:
    """Read and validate a presets file.

    Raises:
        ValueError: The file is missing, a column is unknown, or a row has a bad value;
            the message names the file, the line, the column and what is allowed.
    """
    path = Path(path) if path is not None else PRESET_FILE
    if not path.is_file():
        raise ValueError(f"presets file {path} does not exist")
    with open(path, newline="", encoding="utf-8-sig") as fh:
        reader = csv.DictReader(fh)
        columns = reader.fieldnames or []
        missing = [c for c in REQUIRED if c not in columns]
        if missing:
            raise ValueError(f"{path}: line 1: missing column {missing[0]!r}; a presets file "
                             f"needs {', '.join(REQUIRED)} and then parameter columns")
        unknown = [c for c in columns if c not in REQUIRED and c not in field_names()]
        if unknown:
            raise ValueError(f"{path}: line 1: column {unknown[0]!r} is not a parameter; "
                             f"allowed: {', '.join(field_names())}")
        presets: dict[str, Preset] = {}
        for line, row in enumerate(reader, start=2):
            presets_row = _preset_from_row(path, line, row, columns)
            if presets_row.key in presets:
                raise ValueError(f"{path}: line {line}: key {presets_row.key!r} is used "
                                 "twice; every preset needs its own key")
            presets[presets_row.key] = presets_row
    if not presets:
        raise ValueError(f"{path}: no presets in the file")
    return presets


def _preset_from_row(path: Path, line: int, row: dict, columns: list[str]) -> Preset:
    if None in row:
        raise ValueError(f"{path}: line {line}: more cells than columns (a stray comma?)")
    key = (row.get("key") or "").strip()
    if not key or not key.replace("_", "").isalnum():
        raise ValueError(f"{path}: line {line}: column 'key': {key!r} must be letters, digits "
                         "and underscores")
    changes: dict = {}
    for col in columns:
        if col in REQUIRED:
            continue
        cell = (row.get(col) or "").strip()
        if not cell:
            continue
        try:
            value = float(cell)
        except ValueError:
            raise ValueError(f"{path}: line {line} (preset {key!r}): column {col!r}: "
                             f"{cell!r} is not a number") from None
        changes[col] = int(value) if spec(col).integer and value.is_integer() else value
    try:
        params = Params(**changes)
    except ValueError as exc:
        raise ValueError(f"{path}: line {line} (preset {key!r}): {exc}") from None
    return Preset(key, (row.get("label") or key).strip(), (row.get("story") or "").strip(),
                  params, changes)


_active = {"key": None}


def use_preset(key: str | None) -> Params:
    """Make a preset the one :func:`current_params` returns (``None``: back to defaults)."""
    if key is not None:
        presets = load_presets()
        if key not in presets:
            raise ValueError(f"preset {key!r} is not known; choose one of "
                             f"{', '.join(repr(k) for k in presets)}")
    _active["key"] = key
    return current_params()


def active_preset() -> str:
    """Key of the preset in use: set by :func:`use_preset`, else ``$GUIDE_PRESET``."""
    return _active["key"] or os.environ.get(ENV_VAR) or "defaults"


def current_params() -> Params:
    """Parameters of the preset in use (the notebooks start from these)."""
    key = active_preset()
    presets = load_presets()
    if key not in presets:
        raise ValueError(f"preset {key!r} (from ${ENV_VAR} or use_preset) is not known; "
                         f"choose one of {', '.join(repr(k) for k in presets)}")
    return presets[key].params


def preset_table() -> pd.DataFrame:
    """The presets with their labels, stories and what each changes."""
    rows = [{"preset": k, "label": p.label, "story": p.story,
             "changes": ", ".join(f"{n}={v:g}" for n, v in p.changes.items()) or "(none)"}
            for k, p in load_presets().items()]
    return pd.DataFrame(rows)
