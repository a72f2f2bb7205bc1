"""A refusal by the guide shows as its message in a notebook, not as a traceback.

When a notebook calls the guide with something it cannot use (a bad file, a value out of
range), the guide raises an error whose message names the field, the value and what is
allowed. In a notebook that message would sit at the bottom of a traceback through the
guide's own code; a reader needs the message alone. Errors raised anywhere else (your
own code, a bug in a library) keep their full traceback. In a kernel the guide also lets
pandas print its tables whole.
"""

from __future__ import annotations

from pathlib import Path
from types import TracebackType
from typing import Any

HERE = Path(__file__).resolve().parent
REFUSALS = (ValueError, OSError)
"""The kinds of error the guide raises on purpose, with a message meant for a reader."""


def raised_by_guide(tb: TracebackType | None) -> bool:
    """Whether the innermost frame of a traceback is in the guide's own code."""
    last = None
    while tb is not None:
        last, tb = tb, tb.tb_next
    if last is None:
        return False
    try:
        return Path(last.tb_frame.f_code.co_filename).resolve().is_relative_to(HERE)
    except (OSError, ValueError):
        return False


def message_lines(value: BaseException) -> list[str]:
    """The error's message as a reader sees it: what the guide cannot use, and why."""
    lines = str(value).splitlines() or [type(value).__name__]
    return [f"The guide cannot use this: {lines[0]}", *lines[1:]]


def _handler(shell: Any, etype: type, value: BaseException, tb: TracebackType | None,
             tb_offset: int | None = None) -> None:
    """Show a refusal by the guide as its message; anything else as usual."""
    if not raised_by_guide(tb):
        shell.showtraceback((etype, value, tb), tb_offset=tb_offset)
        return
    lines = message_lines(value)
    shell._showtraceback(etype, value, ["\x1b[31m" + lines[0] + "\x1b[0m", *lines[1:]])


def install() -> bool:
    """In an IPython kernel, show the guide's refusals as their message alone."""
    try:
        from IPython import get_ipython
    except ImportError:
        return False
    shell = get_ipython()
    if shell is None or not hasattr(shell, "set_custom_exc"):
        return False
    shell.set_custom_exc(REFUSALS, _handler)
    whole_tables()
    return True


def whole_tables() -> None:
    """Let tables print whole where only text shows.

    In a saved notebook's text view: no wrapped column blocks, no labels cut to "...".
    """
    import pandas as pd

    pd.set_option("display.width", 250)
    pd.set_option("display.max_columns", 40)
    pd.set_option("display.max_colwidth", 120)
