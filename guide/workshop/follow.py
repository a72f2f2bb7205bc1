"""Looking again every few seconds, in a live kernel, for as long as a view lives."""

from __future__ import annotations

import weakref
from typing import Any

from ..panels.base import kernel_loop


def _follow(check: Any, every: float) -> None:
    """In a live kernel, call the bound method ``check`` every ``every`` seconds.

    Only for as long as its object lives: it is held weakly, so a closed view stops being
    followed.
    """
    loop = kernel_loop()
    if loop is not None:
        _look(weakref.WeakMethod(check), every, loop)


def _look(check_ref: weakref.WeakMethod, every: float, loop: Any) -> None:
    check = check_ref()
    if check is None:
        return
    check()
    loop.call_later(every, _look, check_ref, every, loop)
