"""Charts for the room: the class poll beside the model, and where a search is heading."""

from __future__ import annotations

import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

from .._vocabulary import FORMAT_LABELS, FORMATS
from .base import (
    ATTEND,
    CHOICE_COLOURS,
    CHOICE_SHORT,
    FORMAT_COLOURS,
    GREY,
    PALETTE,
    _band,
    _figure,
    _fitted,
    _percent,
    _scale,
    _style,
)


@_fitted
def poll_figure(counts: pd.DataFrame, advantage: pd.DataFrame | None, *,
                phone: bool = False) -> Figure:
    """The room's answers beside what the model says at each interest level.

    Args:
        counts: ``PollStore.counts()``.
        advantage: ``guide.workshop.model_view(...)``: columns ``interest``,
            ``p_job`` (attend minus cancel, in points of the chance of a job) and
            ``choice``; ``None`` draws the room's answers alone (the model not revealed
            yet). Each bar is coloured and labelled by the model's choice.
        phone: Drawn for a phone's 360 pixels (at the widgets' 80 dpi), the model under
            the room rather than beside it, so it is shown at its own size and no text is
            under 12 pixels.
    """
    n = 2 if advantage is not None else 1
    k = _scale["factor"]
    with _style():
        if phone:
            fig, axes = _figure(1, nrows=n, width=4.5, height=3.5, left=2.3, top=0.5)
        else:
            fig, axes = _figure(n, width=6.4, height=4.6, left=2.6, wspace=0.45)
        total = int(counts["count"].sum())
        y = np.arange(len(counts))[::-1]
        axes[0].barh(y, counts["count"], color=[PALETTE[i] for i in (2, 3, 1, 6)][
            :len(counts)])
        axes[0].set_yticks(y, counts["label"].str.replace(", ", ",\n", n=1, regex=False))
        axes[0].set_xlabel("answers")
        axes[0].xaxis.set_major_locator(MaxNLocator(6, integer=True))
        axes[0].set_xlim(0, max(1, int(counts["count"].max()) if total else 1) * 1.05)
        axes[0].set_title(f"The room ({total} answer{'s' if total != 1 else ''})")
        if advantage is None:
            return fig
        choices = advantage["choice"] if "choice" in advantage else \
            np.where(advantage["p_job"] > 0, "attend", "cancel")
        bars = axes[1].bar(advantage["interest"], advantage["p_job"],
                           color=[CHOICE_COLOURS[c] for c in choices],
                           edgecolor=GREY, linewidth=0.6)
        axes[1].bar_label(bars, labels=[CHOICE_SHORT[c] for c in choices], padding=2,
                          fontsize=11 * _scale["factor"], rotation=90)
        axes[1].margins(y=0.35)  # room for the words above the bars
        axes[1].axhline(0, color="black", linewidth=1)
        axes[1].set_xticks(advantage["interest"])
        axes[1].set_xlabel("interest in the job (1-5)")
        axes[1].set_ylabel("chance of a job, points: attend minus cancel")
        axes[1].set_title("The model: what attending changes")
        if phone:  # under the room: its own left margin, the words it needs on two lines
            box = axes[1].get_position()
            axes[1].set_position([0.9 * k / 4.5, box.y0, box.x1 - 0.9 * k / 4.5, box.height])
            axes[1].set_ylabel("chance of a job, points")
            axes[1].set_title("The model: attending minus\ncancelling, by interest")
    return fig


@_fitted
def projection_figure(curves: pd.DataFrame) -> Figure:
    """The coming weeks from where your search stands: a job, practice, live processes.

    Args:
        curves: ``guide.summarize(frame, band="mean")`` of a projection.
    """
    def part(metric: str) -> pd.DataFrame:
        return curves[curves["metric"] == metric]

    with _style():
        fig, axes = _figure(3, width=5.2, height=4.4)
        _band(axes[0], part("employed"), ATTEND, "took a job")
        axes[0].set_title("A job ahead")
        _percent(axes[0], "searches that took a job")
        axes[0].legend(loc="upper left")
        for fmt in FORMATS:
            p = part(f"skill_{fmt}")
            axes[1].plot(p["week"], p["mean"], color=FORMAT_COLOURS[fmt],
                         label=FORMAT_LABELS[fmt])
        axes[1].set_title("Practice by format")
        _percent(axes[1], "average skill")
        axes[1].legend(loc="lower right")
        _band(axes[2], part("active_processes"), PALETTE[2], "interview processes")
        _band(axes[2], part("open_offers"), PALETTE[3], "open offers")
        axes[2].set_title("Live processes")
        axes[2].set_ylabel("expected number")
        axes[2].legend(loc="upper right")
        for ax in axes:
            ax.set_xlabel("weeks from today")
    return fig
