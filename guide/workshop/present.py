"""``make present``: JupyterLab on a copy of the guide's notebooks, made for one session.

Running a notebook on a projector rewrites its outputs (JupyterLab saves as it goes), and
the checkout's notebooks are the guide's record: tests compare their saved outputs. So a
workshop runs on a copy: each ``make present`` copies ``notebooks/`` and ``data/`` into a
new folder (``~/attend-or-cancel/presenting/<date-time>``, or under ``GUIDE_PRESENT_DIR``)
and opens the facilitator's notebook there. Nothing in the checkout is written, and an
earlier copy is never overwritten; delete old copies when you like.
"""

from __future__ import annotations

import os
import shutil
import sys
from datetime import datetime
from pathlib import Path

from .._files import TOP, env_path

DEFAULT_DIR = "~/attend-or-cancel/presenting"
FIRST = "notebooks/workshop/facilitator.ipynb"


def make_copy(target: Path, source: Path = TOP) -> Path:
    """Copy ``source``'s notebooks and data into the new folder ``target``; return it.

    Raises:
        ValueError: ``target`` exists already (nothing is overwritten), or ``source``
            has no notebooks to copy.
    """
    if not (source / "notebooks").is_dir():
        raise ValueError(f"{source} has no notebooks/ folder to copy")
    if target.exists():
        raise ValueError(f"{target} exists already: a copy is never overwritten")
    skip = shutil.ignore_patterns(".ipynb_checkpoints", "__pycache__")
    target.mkdir(parents=True)
    for folder in ("notebooks", "data"):
        if (source / folder).is_dir():
            shutil.copytree(source / folder, target / folder, ignore=skip)
    return target


def new_copy(now: datetime | None = None) -> Path:
    """A fresh copy for a session starting ``now``, in ``GUIDE_PRESENT_DIR``."""
    base = env_path("GUIDE_PRESENT_DIR", os.environ.get("GUIDE_PRESENT_DIR") or DEFAULT_DIR)
    stamp = f"{now or datetime.now():%Y-%m-%d-%H%M%S}"
    return make_copy(base / stamp)


def lab_command(copy: Path, extra: list[str]) -> list[str]:
    """The command that opens JupyterLab on ``copy`` at the facilitator's notebook."""
    return [sys.executable, "-m", "jupyterlab", f"--ServerApp.root_dir={copy}",
            str(copy / FIRST), *extra]


def main(argv: list[str] | None = None) -> int:
    """Make the copy, say where it is, and hand over to JupyterLab."""
    extra = list(sys.argv[1:] if argv is None else argv)
    try:
        copy = new_copy()
    except (ValueError, OSError) as exc:
        print(f"Cannot make the workshop's copy: {exc}.", file=sys.stderr)
        return 2
    print(f"The workshop runs on a copy of the notebooks, in {copy}\n"
          "(the checkout's notebooks stay as they are).", flush=True)
    os.execv(sys.executable, lab_command(copy, extra))
    return 0  # not reached: JupyterLab takes over this process


if __name__ == "__main__":
    sys.exit(main())
