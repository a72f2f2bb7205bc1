"""Live kernels: their event loop, and looking again every few seconds while a view lives."""

from __future__ import annotations

import asyncio
import sys
import weakref
from typing import Any

STOP = object()
"""What a followed check returns to stop being followed (see :func:`look_every`)."""


def kernel_loop() -> asyncio.AbstractEventLoop | None:
    """The running event loop when this code runs in a Jupyter kernel, else ``None``.

    Only a kernel's loop keeps turning between widget events, so only there can a slow
    explanation wait for the controls to rest; anywhere else (tests, scripts, the
    benchmark) it runs at once.
    """
    try:
        from IPython import get_ipython

        shell = get_ipython()
    except ImportError:  # pragma: no cover - IPython comes with ipywidgets
        return None
    if shell is None or getattr(shell, "kernel", None) is None:
        return None
    try:
        return asyncio.get_running_loop()
    except RuntimeError:
        return None


def look_every(check: Any, every: float) -> bool:
    """In a live kernel, call the bound method ``check`` now and every ``every`` seconds.

    For as long as its object lives (it is held weakly, so a closed view stops being
    followed) and until ``check`` returns :data:`STOP` (any other value, a "nothing new"
    included, means look again). Returns whether it is followed (not outside a kernel).
    """
    loop = kernel_loop()
    if loop is None:
        return False
    _look(weakref.WeakMethod(check), every, loop)
    return True


def _look(check_ref: weakref.WeakMethod, every: float, loop: Any) -> None:
    check = check_ref()
    if check is None:
        return
    try:
        again = check() is not STOP
    except Exception as exc:  # a look that failed (a poll out of reach) looks again later
        again = True
        print(f"Note: {str(exc)[:200]}; looking again in {every:g} s.", file=sys.stderr)
    if again:
        loop.call_later(every, _look, check_ref, every, loop)
