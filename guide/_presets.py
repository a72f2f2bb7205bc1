"""Named scenarios (presets) from ``data/presets.csv``, validated like any parameters.

A preset is a row of the file: a key, a label, a short story and the parameters it
changes (blank cells keep the default). These are illustrative situations for teaching,
not measurements: the guide says so wherever they are offered.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import pandas as pd

from . import _session
from ._files import csv_rows, read_text, user_path
from .model.params import Params, field_names, spec
from .model.start import Start


def data_file(name: str) -> Path:
    """One of the guide's own data files: from the installed package, else the checkout.

    An installed wheel carries ``data/`` as ``guide.data``; in a source checkout the
    files sit in ``data/`` beside the package.
    """
    try:
        path = Path(str(resources.files("guide.data") / name))
    except ModuleNotFoundError:
        path = Path(__file__).resolve().parents[1] / "data" / name
    return path


PRESET_FILE = data_file("presets.csv")
REQUIRED = ("key", "label", "story")
OPTIONAL = ("offers",)
"""Columns that are not parameters: ``offers`` lists offers in hand as ``interest:weeks``
pairs separated by spaces (``5:2`` is an interest-5 offer to answer within two weeks)."""
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
        start: Offers in hand, if the scenario has any (else ``None``).
    """

    key: str
    label: str
    story: str
    params: Params
    changes: dict
    start: Start | None = None


def load_presets(path: str | os.PathLike | None = None) -> dict[str, Preset]:
    """Read and validate a presets file.

    Raises:
        ValueError: The file is missing, a column is unknown, or a row has a bad value;
            the message names the file, the line, the column and what is allowed.
    """
    path = user_path(path) if path is not None else PRESET_FILE
    path, text = read_text(path, "presets", limit=1_000_000)
    rows, lines, stopped = csv_rows(text)
    if stopped:
        raise ValueError(f"{path}: {stopped}")
    columns = [c.strip() for c in rows[0]] if rows else []
    missing = [c for c in REQUIRED if c not in columns]
    if missing:
        raise ValueError(f"{path}: line 1: missing column {missing[0]!r}; a presets file "
                         f"needs {', '.join(REQUIRED)} and then parameter columns")
    unknown = [c for c in columns
               if c not in REQUIRED + OPTIONAL and c not in field_names()]
    if unknown:
        raise ValueError(f"{path}: line 1: column {unknown[0]!r} is not a parameter; "
                         f"allowed: offers, {', '.join(field_names())}")
    presets: dict[str, Preset] = {}
    for line, cells in zip(lines[1:], rows[1:], strict=True):
        if not any(c.strip() for c in cells):
            continue
        if len(cells) > len(columns):
            raise ValueError(f"{path}: line {line}: more cells than columns (a stray comma?)")
        row = dict(zip(columns, cells, strict=False))
        preset = _preset_from_row(path, line, row, columns)
        if preset.key in presets:
            raise ValueError(f"{path}: line {line}: key {preset.key!r} is used "
                             "twice; every preset needs its own key")
        presets[preset.key] = preset
    if not presets:
        raise ValueError(f"{path}: no presets in the file")
    return presets


def _preset_from_row(path: Path, line: int, row: dict, columns: list[str]) -> Preset:
    key = (row.get("key") or "").strip()
    if not key or not key.replace("_", "").isalnum():
        raise ValueError(f"{path}: line {line}: column 'key': {key!r} must be letters, digits "
                         "and underscores")
    changes: dict = {}
    for col in columns:
        if col in REQUIRED + OPTIONAL:
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
    where = f"{path}: line {line} (preset {key!r}): column 'offers'"
    start = _offers(where, (row.get("offers") or "").strip())
    return Preset(key, (row.get("label") or key).strip(), (row.get("story") or "").strip(),
                  params, changes, start)


def _offers(where: str, cell: str) -> Start | None:
    """Offers in hand from a cell such as ``5:2 3:1``; ``None`` for a blank cell."""
    if not cell:
        return None
    offers = []
    for item in cell.split():
        level, _, weeks = item.partition(":")
        if not (level.isdigit() and weeks.isdigit()):
            raise ValueError(f"{where}: {item!r} must be interest:weeks, e.g. 5:2 for an "
                             "interest-5 offer to answer within two weeks")
        offers.append((int(level), int(weeks)))
    try:
        return Start(offers=tuple(offers))
    except ValueError as exc:
        raise ValueError(f"{where}: {exc}") from None


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
    """Key of the preset in use.

    In order: set by :func:`use_preset`, else ``$GUIDE_PRESET``, else the scenario last
    chosen in a *Scenario* menu (remembered by :mod:`guide._session`, when it is still a
    known preset), else the defaults.
    """
    if _active["key"] or os.environ.get(ENV_VAR):
        return _active["key"] or os.environ[ENV_VAR]
    chosen = _session.load().get("scenario")
    return chosen if chosen in load_presets() else "defaults"


def preset_origin() -> str:
    """Where the preset in use was chosen, in a reader's words."""
    if _active["key"]:
        return "chosen in this notebook's code"
    if os.environ.get(ENV_VAR):
        return "set for this session by whoever started the guide"
    if active_preset() != "defaults":
        return "chosen in a Scenario menu earlier and remembered between notebooks"
    return "the starting point of every notebook"


def changes_in_words(key: str) -> list[str]:
    """What a preset moves, each as "label: default -> value unit" (offers as sentences)."""
    p = load_presets()[key]
    base = Params()
    out = []
    for name, value in p.changes.items():
        s, was = spec(name), getattr(base, name)
        if value == was:
            continue
        if s.unit == "probability":
            out.append(f"{s.label.lower()}: {100 * was:g}% \u2192 {100 * value:g}%")
            continue
        unit = s.unit.split(" (")[0]
        unit = f" {unit}" if unit and unit not in ("share", "skill") else ""
        out.append(f"{s.label.lower()}: {was:g} \u2192 {value:g}{unit}")
    if p.start is not None:
        out += [f"an offer in hand (interest {i} of 5) to answer within {w} "
                f"week{'s' if w > 1 else ''}" for i, w in p.start.offers]
    return out


def current_params() -> Params:
    """Parameters of the preset in use (the notebooks start from these)."""
    key = active_preset()
    presets = load_presets()
    if key not in presets:
        raise ValueError(f"preset {key!r} (from ${ENV_VAR} or use_preset) is not known; "
                         f"choose one of {', '.join(repr(k) for k in presets)}")
    return presets[key].params


def current_start() -> Start | None:
    """Offers in hand of the preset in use (``None`` when it has none)."""
    current_params()  # the same checks and message for an unknown preset
    return load_presets()[active_preset()].start


def _describe(p: Preset, *, words: bool = False) -> str:
    """What a preset changes: ``name=value`` (the API's names), or in the controls' words."""
    parts = [f"{spec(n).label.lower()} {v:g}" if words else f"{n}={v:g}"
             for n, v in p.changes.items()]
    if p.start is not None:
        parts += [f"an interest-{i} offer due in {w} week{'s' if w > 1 else ''}"
                  for i, w in p.start.offers]
    return ", ".join(parts) or "(none)"


def preset_table() -> pd.DataFrame:
    """The presets with their labels, stories and what each changes."""
    rows = [{"preset": k, "label": p.label, "story": p.story, "changes": _describe(p)}
            for k, p in load_presets().items()]
    return pd.DataFrame(rows)


def preset_notes() -> str:
    """The scenarios in plain lines: label, the key to choose it with, story, changes."""
    return "\n\n".join(f"{p.label} (key: {k})\n  {p.story}\n  Changes: "
                       f"{_describe(p, words=True)}"
                       for k, p in load_presets().items())
