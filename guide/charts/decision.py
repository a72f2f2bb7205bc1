"""Charts of one decision: attend against cancel, and what drives it."""

from __future__ import annotations

import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.patches import Rectangle
from matplotlib.ticker import MaxNLocator

from ..model.comparison import futures_counts
from ..model.decision import DecisionResult
from .base import (
    ATTEND,
    CANCEL,
    GREY,
    _axes,
    _band,
    _figure,
    _fitted,
    _percent,
    _style,
    _wrap,
)

# --- the decision -----------------------------------------------------------------------

FUTURES = (("either way", "#BBBBBB"), ("only if attending", ATTEND),
           ("only if cancelling", CANCEL), ("not yet", "#FFFFFF"))
"""The four kinds of future the icon array shows, and their colours."""
FUTURE_HATCHES = ("", "////", "xxx", "")
"""And their patterns: the two the choice decides are told apart by more than colour."""


def futures_array(result: DecisionResult, ax: Axes) -> None:
    """100 people in your situation, each a square coloured by what the choice does.

    The difference between the choices is the coloured squares, not a gap between two
    curves (an icon array: Galesic, Garcia-Retamero & Gigerenzer, 2009).
    """
    counts = list(futures_counts(result))
    kinds = [k for k, n in enumerate(counts) for _ in range(n)]
    for i, kind in enumerate(kinds):  # fill row by row from the top left
        row, col = divmod(i, 10)
        ax.add_patch(Rectangle((col + 0.08, 9 - row + 0.08), 0.84, 0.84,
                               facecolor=FUTURES[kind][1], edgecolor=GREY, linewidth=0.6,
                               hatch=FUTURE_HATCHES[kind]))
    ax.set_xlim(0, 18.5)
    ax.set_ylim(0, 10)
    ax.set_aspect("equal")
    ax.axis("off")
    ax.set_title(f"Of 100 people like you,\nwho has a job by week {result.weeks}")
    for k, ((label, colour), n) in enumerate(zip(FUTURES, counts, strict=True)):
        y = 9.4 - 2.5 * k
        ax.add_patch(Rectangle((10.6, y - 0.35), 0.7, 0.7, facecolor=colour,
                               edgecolor=GREY, linewidth=0.6, hatch=FUTURE_HATCHES[k]))
        ax.text(11.6, y, f"{n} {label}", va="center", fontsize="small")


@_fitted
def decision_figure(result: DecisionResult, curves: pd.DataFrame | None = None, *,
                    phone: bool = False) -> Figure:
    """Attend versus cancel over the following weeks: chance of a job, practice, reputation.

    Args:
        result: From :func:`guide.decide`.
        curves: ``result.curves()`` (the default) or ``guide.summarize(result.frame,
            band="mean")``: bands are the 90% interval of the average.
        phone: Only the chance of a job (practice and reputation are in the panel's
            table), 4.5 inches wide: 360 pixels at the widgets' 80 dpi, so on a 390-pixel
            phone the image shows at its own size: the key's text at 12 pixels, the rest
            at 13 or more. One chart draws in a third of the time of three, which a room
            of phones sharing one laptop needs.
    """
    d = result.difference("p_job")
    curves = result.curves() if curves is None else curves
    panels = [("employed", "Chance of having taken a job", "searches that took a job"),
              ("practice", "Interview practice", "average skill")]
    with _style():
        if phone:
            fig, axes = _figure(1, width=4.5, height=3.7, top=0.95)
            panels = panels[:1]
        else:
            fig, axes = _figure(3, width=5.2, height=4.4)
            futures_array(result, axes[2])
            axes = axes[:2]
        for ax, (metric, title, ylabel) in zip(axes, panels, strict=True):
            for branch, colour in (("attend", ATTEND), ("cancel", CANCEL)):
                part = curves[(curves["metric"] == metric) & (curves["policy"] == branch)]
                _band(ax, part, colour, branch.capitalize())
            ax.set_title(title)
            ax.set_xlabel("weeks from now")
            ax.xaxis.set_major_locator(MaxNLocator(7, integer=True))
            _percent(ax, ylabel, top=1.02)  # all three are shares: the whole scale
        axes[0].legend(loc="upper left")
        bands = "(bands: 90% interval of the average)"
        title = fig.suptitle(f"Attending {'adds' if d >= 0 else 'costs'} {100 * abs(d):.1f} "
                             f"points of the chance of a job within {result.weeks} weeks "
                             + ("" if phone else bands))
        if phone:  # the suptitle says what the one chart shows; the bands go in the key
            axes[0].set_title("")
            key = bands.strip("()").capitalize().replace(" interval ", " interval\n")
            axes[0].legend(loc="upper left", title=key, alignment="left",  # over no curve:
                           title_fontsize=11, fontsize=11)  # they start low; 12 px at 80 dpi
            _wrap(title, fig.get_figwidth() * 0.95)
    return fig


@_fitted
def drivers_figure(result: DecisionResult, ax: Axes | None = None) -> Figure:
    """Where what attending buys comes from: parts that add up to it, in hours of pay.

    Draws on ``ax`` when given (as QuantEcon's lectures do), else on a new figure.
    """
    table = result.drivers.iloc[::-1]
    worth = table["gain_value"]
    with _style():
        fig, ax = _axes(ax, width=10, height=4.2, left=3.4)
        colours = [ATTEND if v >= 0 else CANCEL for v in worth]
        y = np.arange(len(table))
        ax.barh(y, worth, color=colours)
        ax.set_yticks(y, table["driver"])
        ax.axvline(0, color="black", linewidth=1)
        ax.set_xlabel("hours of pay (attend minus cancel)")
        ax.set_title(f"What attending buys: the parts add up to {worth.sum():+.1f} hours of "
                     "pay")
    return fig
