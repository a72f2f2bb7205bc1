"""Every validation helper in one place.

Each raises ``ValueError`` naming the field, the value and what is allowed (the
parameters' own checks live with their specs in ``guide._params``).
"""

from __future__ import annotations

import os
from datetime import date, datetime
from pathlib import Path
from typing import Any

import numpy as np

MAX_RUNS = 200_000
MAX_WEEKS = 520
MAX_CELLS = 10_000_000
"""Largest ``runs * weeks``: records and frame take about 200 bytes a cell (2 GB here)."""


def shown(value: object, limit: int = 40) -> str:
    """``repr(value)``, cut to ``limit`` characters: an error never echoes a megabyte."""
    text = repr(value)
    return text if len(text) <= limit else text[:limit] + "..."


def check_choice(field_name: str, value: object, allowed: tuple) -> None:
    """Raise unless ``value`` is one of ``allowed``."""
    try:
        known = not isinstance(value, bool) and value in allowed
    except TypeError:  # unhashable or incomparable: certainly not one of them
        known = False
    if not known:
        raise ValueError(
            f"{field_name}={shown(value)} is not allowed; choose one of "
            f"{', '.join(repr(a) for a in allowed)}")


def check_whole(field_name: str, value: object, lo: int, hi: int) -> int:
    """Raise unless ``value`` is a whole number from ``lo`` to ``hi``; return it."""
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)) \
            or not lo <= value <= hi:
        raise ValueError(f"{field_name}={shown(value)} must be a whole number from {lo:,} to "
                         f"{hi:,}")
    return int(value)


def check_size(runs: object, weeks: object, branches: int = 1) -> None:
    """Raise unless ``runs`` and ``weeks`` are sensible and fit in memory together.

    ``branches`` is how many versions of each run are simulated at once (2 for a
    decision: attend and cancel); the message says so, so its figures add up.
    """
    check_whole("runs", runs, 1, MAX_RUNS)
    check_whole("weeks", weeks, 1, MAX_WEEKS)
    if runs * weeks * branches > MAX_CELLS:
        both = f" x {branches} choices (attend and cancel)" if branches == 2 else \
            (f" x {branches} branches" if branches > 1 else "")
        raise ValueError(f"runs x weeks{both} = {runs:,} x {weeks:,}{both and f' x {branches}'}"
                         f" = {runs * weeks * branches:,} is more than this guide simulates "
                         f"at once ({MAX_CELLS:,}, about 2 GB of memory); use fewer runs "
                         "or weeks")


def check_seed(seed: object) -> None:
    """Raise unless ``seed`` is a non-negative whole number."""
    if isinstance(seed, bool) or not isinstance(seed, (int, np.integer)) or seed < 0:
        raise ValueError(f"seed={shown(seed)} must be a whole number of 0 or more")


def check_params(params: object) -> Any:
    """Return ``params`` if it is a ``guide.Params``, else raise a readable error."""
    from .model.params import Params  # the parameters module needs no checks of its own

    if not isinstance(params, Params):
        raise ValueError(
            f"params={params!r} is not a guide.Params; build one with guide.Params(...)")
    return params


def check_day(field_name: str, value: object) -> date:
    """``value`` as a date (a datetime or pandas Timestamp is cut to its day).

    Raises:
        ValueError: Anything else, e.g. a string, or a missing (NaT) time.
    """
    if isinstance(value, datetime):  # also pandas.Timestamp
        if value != value:  # NaT
            raise ValueError(f"{field_name} is missing (NaT); give a date, e.g. "
                             "datetime.date(2026, 11, 30)")
        return value.date()
    if isinstance(value, date):
        return value
    raise ValueError(f"{field_name}={value!r} is not a date; give one like "
                     "datetime.date(2026, 11, 30) or datetime.date.today()")


def check_source(path: Path, what: str) -> None:
    """Raise ``ValueError`` unless ``path`` is an existing, readable file."""
    if path.is_dir():
        raise ValueError(f"{path} is a folder, not a {what} file")
    if not path.exists():
        raise ValueError(f"{path} does not exist (looked for it from {Path.cwd()})")


def check_target(path: Path, *, make_folder: bool = False) -> None:
    """Raise ``ValueError`` unless a file can be written at ``path``.

    The folder must exist (a mistyped folder is not created silently) unless
    ``make_folder``; the target must not be a folder, a link or a hard-linked file.
    """
    if path.is_symlink():
        raise ValueError(f"{path} is a link to {os.readlink(path)}; the guide does not write "
                         "through links: save under the real file's name instead")
    if path.is_dir():
        raise ValueError(f"{path} is a folder; give a file name inside it, e.g. "
                         f"{path / 'my_file.csv'}")
    folder = path.parent
    if not folder.is_dir():
        if not make_folder:
            raise ValueError(f"the folder {folder} does not exist; create it first or "
                             "check the spelling")
        folder.mkdir(parents=True, exist_ok=True)
    if not os.access(folder, os.W_OK | os.X_OK):
        raise ValueError(f"the folder {folder} is not writable for you; choose another one")
    if path.exists() and os.stat(path).st_nlink > 1:
        raise ValueError(f"{path} has other names (hard links) that a safe save would "
                         "separate from it; save under another name")
