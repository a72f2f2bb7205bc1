"""A hub user's server: their own copy of the guide first, then JupyterHub's server.

``deploy/jupyterhub_config.py`` starts every user's server with
``python -m guide.workshop.hub_user``. Run as the user, in their home, under any spawner
(local accounts, systemd, Kubernetes pods whose home is a volume), it copies the guide's
``notebooks/`` and ``data/`` from ``GUIDE_CHECKOUT`` into ``~/attend-or-cancel/`` once,
then hands over to ``jupyterhub-singleuser`` with the same arguments. A copy that is
there already is never touched, so nothing a user saved is lost when their server
restarts; deleting the folder gives a fresh copy next time.
"""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

from .._files import TOP

FOLDER = "attend-or-cancel"


def give_the_guide(source: Path, home: Path) -> list[str]:
    """Copy what is missing of ``source``'s notebooks and data into ``home``; returns it."""
    skip = shutil.ignore_patterns(".ipynb_checkpoints", "__pycache__")
    copied = []
    for part in ("notebooks", "data"):
        target = home / FOLDER / part
        if (source / part).is_dir() and not target.exists():
            shutil.copytree(source / part, target, ignore=skip)
            copied.append(part)
    return copied


def main(argv: list[str] | None = None) -> None:
    """Copy the guide if needed, then become the single-user server."""
    source = Path(os.environ.get("GUIDE_CHECKOUT") or TOP)
    try:
        copied = give_the_guide(source, Path.home())
    except OSError as exc:  # the server still starts: the user can work without a copy
        print(f"The guide could not be copied into your home: {exc}", file=sys.stderr)
    else:
        if copied:
            print(f"Copied the guide's {' and '.join(copied)} into ~/{FOLDER}/", flush=True)
    args = list(sys.argv[1:] if argv is None else argv)
    os.execv(sys.executable, [sys.executable, "-m", "jupyterhub.singleuser", *args])


if __name__ == "__main__":
    main()
