"""Chart builders: data in, figure out.

Every function takes tables from the model and returns a new
:class:`matplotlib.figure.Figure` (no pyplot state, nothing shown), so charts can be
tested on their artists and turned into PNG bytes for panels. Attend and cancel have the
same two colours everywhere; the palette is Okabe and Ito's, which stays distinct for
colour-blind readers; text is sized for a projector and :func:`set_scale` enlarges it.
"""

from __future__ import annotations

import base64
import functools
import io
import textwrap
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import matplotlib as mpl
import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.text import Text
from matplotlib.ticker import MaxNLocator, PercentFormatter

from .._vocabulary import FORMATS
from .contrast import outline_faint

ATTEND = "#0072B2"   # blue
CANCEL = "#D55E00"   # vermillion
GREY = "#7F7F7F"
CHOICE_COLOURS = {"attend": ATTEND, "cancel": CANCEL, "too_close": "#BBBBBB"}
"""The model's choice: too close to call in a neutral grey of its own, never a choice's."""
CHOICE_SHORT = {"attend": "attend", "cancel": "cancel", "too_close": "too close"}
PALETTE = ("#0072B2", "#D55E00", "#009E73", "#E69F00", "#CC79A7", "#56B4E9", "#000000")
"""Okabe-Ito colours, attend and cancel first."""
FORMAT_COLOURS = dict(zip(FORMATS, ("#009E73", "#E69F00", "#CC79A7", "#56B4E9"),
                          strict=True))

_scale = {"factor": 1.0}


def set_scale(factor: float = 1.0) -> None:
    """Scale chart text and lines (1 = normal; presentation mode uses more)."""
    if not 0.5 <= factor <= 3:
        raise ValueError(f"factor={factor!r} must be from 0.5 to 3")
    _scale["factor"] = float(factor)


@contextmanager
def _style() -> Iterator[None]:
    k = _scale["factor"]
    rc = {"font.size": 13 * k, "axes.titlesize": 14 * k, "axes.labelsize": 13 * k,
          "xtick.labelsize": 12 * k, "ytick.labelsize": 12 * k, "legend.fontsize": 12 * k,
          "figure.titlesize": 16 * k, "lines.linewidth": 2.6 * k,
          "axes.spines.top": False, "axes.spines.right": False, "axes.grid": True,
          "grid.alpha": 0.25, "legend.frameon": False, "figure.dpi": 100}
    with mpl.rc_context(rc):
        yield


def _wrap(text: Text, inches: float) -> None:
    """Break a text into lines that fit ``inches`` at its font size."""
    chars = max(12, int(inches * 72 / (text.get_fontsize() * 0.55)))
    if len(text.get_text()) > chars:
        text.set_text(textwrap.fill(text.get_text(), chars))


def _fitted(draw: Callable[..., Figure]) -> Callable[..., Figure]:
    """At a presentation scale above 1, make a chart's larger text fit its figure.

    (At every scale, marks too pale to read on white get an outline: :mod:`.contrast`.)

    Titles and axis labels are wrapped to the room their axes have, tick labels thinned
    so they cannot overlap, and the margins laid out by matplotlib's constrained layout
    (slower than the fixed margins used at the normal scale, so only when presenting).
    """
    @functools.wraps(draw)
    def fitted(*args: Any, **kwargs: Any) -> Figure:
        fig = outline_faint(draw(*args, **kwargs))  # pale marks: a dark edge (WCAG 3:1)
        if _scale["factor"] <= 1:
            return fig
        width, height = fig.get_figwidth(), fig.get_figheight()
        for ax in fig.axes:
            box = ax.get_position()
            _wrap(ax.title, box.width * width)
            _wrap(ax.xaxis.label, box.width * width)
            _wrap(ax.yaxis.label, box.height * height)
            for axis in (ax.xaxis, ax.yaxis):
                if isinstance(axis.get_major_locator(), MaxNLocator):
                    axis.get_major_locator().set_params(nbins=4)
        if fig._suptitle is not None:
            _wrap(fig._suptitle, width * 0.95)
        fig.set_layout_engine("constrained", w_pad=0.08, h_pad=0.08)
        return fig

    return fitted


def _figure(ncols: int = 1, width: float = 6.0, height: float = 4.6, nrows: int = 1,
            left: float = 0.9, bottom: float = 0.85, top: float = 0.75,
            wspace: float = 0.3) -> tuple[Figure, np.ndarray]:
    """A figure with fixed margins (in inches, scaled with the text).

    Fixed margins instead of a layout engine: laying out is most of the time a chart
    takes, and panels redraw on every change.
    """
    k = _scale["factor"]
    w, h = width * ncols, height * nrows
    fig = Figure(figsize=(w, h))
    fig.subplots_adjust(left=min(left * k / w, 0.45), right=1 - 0.25 / w,
                        bottom=min(bottom * k / h, 0.4), top=1 - min(top * k / h, 0.35),
                        wspace=wspace * k * (1.25 if ncols > 2 else 1), hspace=0.5 * k)
    axes = fig.subplots(nrows, ncols, squeeze=False).ravel()
    for ax in axes:
        ax.xaxis.set_major_locator(MaxNLocator(6))
        ax.yaxis.set_major_locator(MaxNLocator(6))
    return fig, axes


def to_png(fig: Figure, dpi: int = 80) -> bytes:
    """Render a figure to PNG bytes (for image widgets and handouts)."""
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=dpi, pil_kwargs={"compress_level": 1})
    return buf.getvalue()


def show(fig: Figure, dpi: int = 80) -> None:
    """Display a figure in a notebook as a PNG image (saved with the notebook).

    The image carries the chart in words (:func:`guide.charts.words.describe`) as its
    text alternative, for a screen reader; where a picture cannot be shown (a folded
    output, a text view) the same words stand in for it.
    """
    from IPython.display import display

    from .words import describe, img_html

    png = base64.b64encode(to_png(fig, dpi=dpi)).decode("ascii")
    words = describe(fig)  # after drawing, as the panels do: the same tick words
    display({"text/html": img_html(png, words), "text/plain": words}, raw=True)


def chart_title(fig: Figure) -> str:
    """The figure's overall title, or its charts' titles joined (one line)."""
    sup = fig._suptitle.get_text() if fig._suptitle is not None else ""
    text = sup or "; ".join(t for t in (ax.get_title() for ax in fig.axes) if t)
    return " ".join(text.split()) or "a chart"


def _band(ax, table: pd.DataFrame, colour: str, label: str) -> None:
    ax.fill_between(table["week"], table["low"], table["high"], color=colour, alpha=0.2,
                    linewidth=0)
    ax.plot(table["week"], table["mean"], color=colour, label=label)


def _percent(ax: Axes, label: str, *, top: float | None = 1.0, axis: str = "y") -> None:
    """A chance or share axis: ticks in %, from 0 to ``top`` (None: the data's range)."""
    which = ax.yaxis if axis == "y" else ax.xaxis
    which.set_major_formatter(PercentFormatter(xmax=1.0))
    which.set_label_text(label)
    if top is not None:
        (ax.set_ylim if axis == "y" else ax.set_xlim)(0, top)


def _axes(ax: Axes | None, **size: float) -> tuple[Figure, Axes]:
    """The given axes and its figure, or a new one-axes figure of ``size``."""
    if ax is not None:
        return ax.figure, ax
    fig, (new,) = _figure(1, **size)
    return fig, new
