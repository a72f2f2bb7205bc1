"""Charts of one mechanism each, and of a whole search."""

from __future__ import annotations

import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

from .._vocabulary import FORMAT_LABELS, FORMATS
from .base import (
    ATTEND,
    CANCEL,
    FORMAT_COLOURS,
    GREY,
    PALETTE,
    _axes,
    _band,
    _figure,
    _fitted,
    _percent,
    _scale,
    _style,
)

# --- single mechanisms ------------------------------------------------------------------

@_fitted
def surprise_figure(table: pd.DataFrame) -> Figure:
    """Chance the real job is one you would take, by how appealing the posting looked."""
    with _style():
        fig, (ax,) = _figure(1, width=9, height=4.6)
        x = np.arange(len(table))
        ax.bar(x - 0.2, table["chance_acceptable"], width=0.4, color=ATTEND,
               label="postings as noisy as set")
        ax.bar(x + 0.2, table["chance_if_exact"], width=0.4, color=GREY,
               label="if postings told the whole truth")
        ax.set_xticks(x, table["interest"].astype(str))
        ax.set_xlabel("interest in the posting (1 = least appealing, 5 = most)")
        _percent(ax, "chance the real job is acceptable", top=1.05)
        low = table.loc[table["interest"] == 2, "chance_acceptable"].item()
        ax.set_title(f"A so-so posting (interest 2) hides a job you would take "
                     f"{low:.0%} of the time")
        ax.legend(loc="upper left")
    return fig


@_fitted
def learning_figure(curve: pd.DataFrame, rounds: int) -> Figure:
    """Skill and offer chance against interviews done in one format."""
    with _style():
        fig, axes = _figure(2, width=5.6, height=4.4)
        ax = axes[0]
        ax.plot(curve["interviews"], curve["skill"], color=ATTEND, marker="o",
                label="in the format practised")
        ax.plot(curve["interviews"], curve["skill_elsewhere"], color=GREY, linestyle="--",
                label="in the other formats")
        ax.xaxis.set_major_locator(MaxNLocator(6, integer=True))
        ax.set_xlabel("interviews done in one format")
        _percent(ax, "skill")
        ax.set_title("Each interview teaches less than the one before")
        ax.legend(loc="lower right")
        ax = axes[1]
        ax.plot(curve["interviews"], curve["offer_chance"], color=PALETTE[2], marker="o")
        ax.xaxis.set_major_locator(MaxNLocator(6, integer=True))
        ax.set_xlabel("interviews done in one format")
        _percent(ax, f"chance a {rounds}-round process ends in an offer", top=None)
        first, last = curve["offer_chance"].iloc[0], curve["offer_chance"].iloc[-1]
        ax.set_title(f"Offer chance {first:.0%} -> {last:.0%}")
    return fig


@_fitted
def format_practice_figure(curves: pd.DataFrame) -> Figure:
    """Skill by format over a simulated search (``summarize`` rows for ``skill_*``)."""
    with _style():
        fig, (ax,) = _figure(1, width=9, height=4.6)
        for fmt in FORMATS:
            part = curves[curves["metric"] == f"skill_{fmt}"]
            ax.plot(part["week"], part["mean"], color=FORMAT_COLOURS[fmt],
                    label=FORMAT_LABELS[fmt])
        ax.set_xlabel("week of the search")
        _percent(ax, "average skill")
        end = curves[curves["week"] == curves["week"].max()]
        weakest = end.loc[end["metric"].str.startswith("skill_"), ["metric", "mean"]] \
            .sort_values("mean").iloc[0]["metric"].removeprefix("skill_")
        ax.set_title(f"By the end you are least practised at: {FORMAT_LABELS[weakest]}")
        ax.legend(loc="lower right")
    return fig


@_fitted
def leverage_figure(table: pd.DataFrame) -> Figure:
    """What other live processes do to one company's speed and offer."""
    with _style():
        fig, axes = _figure(2, width=5.6, height=4.4)
        x = table["other_processes"]
        axes[0].bar(x, table["weeks_per_process"], color=ATTEND)
        for ax in axes:
            ax.set_xticks(x)
        axes[0].set_xlabel("other live processes and offers")
        axes[0].set_ylabel("expected weeks to hold every round")
        axes[0].set_title("Rivals make companies move faster")
        axes[1].bar(x, table["chance_offer_acceptable"], color=PALETTE[2])
        axes[1].set_xlabel("other live processes and offers")
        _percent(axes[1], "chance an offer is acceptable")
        axes[1].set_title("...and improve what they offer")
    return fig


@_fitted
def reputation_figure(table: pd.DataFrame, by_industry: pd.DataFrame,
                      current_size: int | None = None) -> Figure:
    """Cost of one cancellation by notice and reason, and by industry size.

    ``current_size`` marks your industry on the curve (it must be one of its sizes).
    """
    with _style():
        # two-line labels on five bars need more height when the text is enlarged
        fig, axes = _figure(2, width=6.4, height=4.8 * max(1.0, _scale["factor"]) ** 0.75,
                            left=2.9, wspace=0.4)
        t = table.iloc[::-1]
        lost = 1 - t["kept_same_company"]
        y = np.arange(len(t))
        axes[0].barh(y, lost, color=CANCEL)
        axes[0].set_yticks(y, t["label"].str.replace(", ", ",\n", n=1, regex=False))
        _percent(axes[0], "invitation chance lost at that company", axis="x")
        axes[0].set_title("Notice and an honest reason cut the cost")
        axes[1].plot(by_industry["industry_size"], 1 - by_industry["kept_overall"],
                     color=CANCEL, marker="o")
        if current_size is not None:
            here = by_industry.loc[by_industry["industry_size"] == current_size]
            axes[1].plot(here["industry_size"], 1 - here["kept_overall"], marker="o",
                         markersize=14, color=ATTEND, linestyle="none", label="your industry")
            axes[1].legend(loc="upper right")
        axes[1].set_xscale("log")
        axes[1].set_xlabel("employers in your industry (log scale)")
        _percent(axes[1], "invitation chance lost, all employers", top=None)
        axes[1].set_title("Small industries remember")
    return fig


@_fitted
def habit_figure(table: pd.DataFrame, weeks: int) -> Figure:
    """A year under each cancelling habit: the chance of a job and interviews."""
    with _style():  # five two-line labels per chart need more width with enlarged text
        fig, axes = _figure(2, width=5.6 * max(1.0, _scale["factor"]) ** 0.75, height=4.4)
        x = np.arange(len(table))
        colours = [ATTEND] + [CANCEL] * (len(table) - 1)
        axes[0].bar(x, table["p_job"], color=colours)
        _percent(axes[0], f"chance of a job within {weeks} weeks")
        axes[0].set_title("Cancelling more: the chance of a job")
        axes[1].bar(x, table["interviews_attended"], color=colours)
        axes[1].set_ylabel(f"interviews attended in {weeks} weeks")
        axes[1].set_title("...and practising less")
        for ax in axes:
            ax.set_xticks(x, table["habit"].str.replace(" ", "\n", n=1, regex=False))
    return fig


@_fitted
def policy_figure(curves: pd.DataFrame, band_label: str = "mean, 90% interval") -> Figure:
    """Whole-search policies: the chance of a job over time, practice, interview hours."""
    with _style():
        fig, axes = _figure(3, width=5.2, height=4.4)
        policies = list(dict.fromkeys(curves["policy"]))
        for i, pol in enumerate(policies):
            colour = PALETTE[i % len(PALETTE)]
            for ax, metric in zip(axes, ("employed", "practice", "interview_hours"),
                                  strict=True):
                part = curves[(curves["policy"] == pol) & (curves["metric"] == metric)]
                _band(ax, part, colour, str(pol))
        axes[0].set_title(f"Chance of a job ({band_label})")
        _percent(axes[0], "searches that took a job")
        axes[1].set_title("Practice")
        _percent(axes[1], "average skill")
        axes[2].set_title("Hours spent on interviews")
        axes[2].set_ylabel("hours since the start")
        axes[2].set_ylim(bottom=0)
        for ax in axes:
            ax.set_xlabel("week of the search")
        axes[0].legend(loc="upper left")
    return fig


@_fitted
def tornado_figure(table: pd.DataFrame, metric_label: str = "net value, hours of pay",
                   ax: Axes | None = None) -> Figure:
    """Sensitivity: the net value of attending at each end of each assumption's range.

    Draws on ``ax`` when given, else on a new figure.
    """
    t = table.iloc[::-1].copy()
    scale = 100 if "points" in metric_label else 1
    t[["at_low", "at_high"]] *= scale
    base = float(table["base"].iloc[0]) * scale
    with _style():
        fig, ax = _axes(ax, width=10, height=0.42 * len(t) + 1.8, left=2.9)
        y = np.arange(len(t))
        for yi, (_, row) in zip(y, t.iterrows(), strict=True):
            lo, hi = sorted((row["at_low"], row["at_high"]))
            colour = CANCEL if row["flips"] else ATTEND
            ax.barh(yi, hi - lo, left=lo, color=colour, alpha=0.85,
                    hatch="//" if row["flips"] else None)  # not by colour alone
            ax.plot([row["at_low"]], [yi], marker="<", color="black", markersize=6)
            ax.plot([row["at_high"]], [yi], marker=">", color="black", markersize=6)
        ax.axvline(base, color="black", linewidth=1.5, label=f"your setting ({base:+.1f})")
        ax.axvline(0, color=CANCEL, linewidth=1.5, linestyle=":", label="no advantage")
        ax.set_yticks(y, t["label"])
        ax.set_xlabel(f"attend minus cancel: {metric_label}  (< low end, > high end)")
        flips = int(table["flips"].sum())
        ax.set_title("No single assumption changes the verdict" if flips == 0 else
                     f"{flips} assumption{'s' if flips > 1 else ''} could change the verdict "
                     "(vermillion, hatched)")
        ax.legend(loc="lower right")
    return fig
