"""Live widgets that say in words what they are where they cannot run.

A saved notebook keeps, beside each widget, a plain-text stand-in that a reader sees when
no kernel draws the widget (on GitHub, in an exported page, before running anything).
ipywidgets puts the widget's code repr there, cut at 110 characters
("VBox(children=(HTML(value=..."); these helpers put a sentence instead.
"""

from __future__ import annotations

from typing import Any

from IPython.display import display

LIVE = " (live: run the notebook to use it)"


def show(widget: Any, words: str) -> None:
    """Display ``widget``, with ``words`` as its plain-text stand-in."""
    data = widget._repr_mimebundle_()
    data["text/plain"] = words + LIVE
    display(data, raw=True)


class Worded:
    """Mixin for a widget class whose plain-text stand-in is :attr:`words`."""

    words = ""

    def _repr_mimebundle_(self, **kwargs: Any) -> dict | None:
        data = super()._repr_mimebundle_(**kwargs)
        if data is not None:
            data["text/plain"] = self.words
        return data
