"""Chart builders: data in, figure out.

Every function takes tables from the model and returns a new
:class:`matplotlib.figure.Figure` (no pyplot state, nothing shown), so charts can be
tested on their artists and turned into PNG bytes for panels. Attend and cancel have the
same two colours everywhere; the palette is Okabe and Ito's, which stays distinct for
colour-blind readers; text is sized for a projector and :func:`set_scale` enlarges it.
"""

from __future__ import annotations

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
from matplotlib.patches import Rectangle
from matplotlib.text import Text
from matplotlib.ticker import MaxNLocator, PercentFormatter

from ._vocabulary import FORMAT_LABELS, FORMATS
from .model.comparison import futures_counts
from .model.decision import DecisionResult

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

    Titles and axis labels are wrapped to the room their axes have, tick labels thinned
    so they cannot overlap, and the margins laid out by matplotlib's constrained layout
    (slower than the fixed margins used at the normal scale, so only when presenting).
    """
    @functools.wraps(draw)
    def fitted(*args: Any, **kwargs: Any) -> Figure:
        fig = draw(*args, **kwargs)
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

    Where a picture cannot be shown (a folded output, a text view), the chart's title
    stands in for it.
    """
    from IPython.display import display

    display({"image/png": to_png(fig, dpi=dpi), "text/plain": f"Chart: {chart_title(fig)}"},
            raw=True)


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


# --- the decision -----------------------------------------------------------------------

FUTURES = (("either way", "#BBBBBB"), ("only if attending", ATTEND),
           ("only if cancelling", CANCEL), ("not yet", "#FFFFFF"))
"""The four kinds of future the icon array shows, and their colours."""


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
                               facecolor=FUTURES[kind][1], edgecolor=GREY, linewidth=0.6))
    ax.set_xlim(0, 18.5)
    ax.set_ylim(0, 10)
    ax.set_aspect("equal")
    ax.axis("off")
    ax.set_title(f"Of 100 people like you,\nwho has a job by week {result.weeks}")
    for k, ((label, colour), n) in enumerate(zip(FUTURES, counts, strict=True)):
        y = 9.4 - 2.5 * k
        ax.add_patch(Rectangle((10.6, y - 0.35), 0.7, 0.7, facecolor=colour,
                               edgecolor=GREY, linewidth=0.6))
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
            table), 4.6 inches wide: 368 pixels at the widgets' 80 dpi, so on a 390-pixel
            phone the image shows at its own size: the key's text at 11 pixels, the rest
            at 13 or more. One chart draws in a third of the time of three, which a room
            of phones sharing one laptop needs.
    """
    d = result.difference("p_job")
    curves = result.curves() if curves is None else curves
    panels = [("employed", "Chance of having taken a job", "searches that took a job"),
              ("practice", "Interview practice", "average skill")]
    with _style():
        if phone:
            fig, axes = _figure(1, width=4.6, height=3.7, top=0.95)
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
            axes[0].legend(loc="lower right", title=bands.strip("()").capitalize(),
                           title_fontsize="small", fontsize="small")
            _wrap(title, fig.get_figwidth() * 0.95)
    return fig


def _axes(ax: Axes | None, **size: float) -> tuple[Figure, Axes]:
    """The given axes and its figure, or a new one-axes figure of ``size``."""
    if ax is not None:
        return ax.figure, ax
    fig, (new,) = _figure(1, **size)
    return fig, new


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
            ax.barh(yi, hi - lo, left=lo, color=colour, alpha=0.85)
            ax.plot([row["at_low"]], [yi], marker="<", color="black", markersize=6)
            ax.plot([row["at_high"]], [yi], marker=">", color="black", markersize=6)
        ax.axvline(base, color="black", linewidth=1.5, label=f"your setting ({base:+.1f})")
        ax.axvline(0, color=CANCEL, linewidth=1.5, linestyle=":", label="no advantage")
        ax.set_yticks(y, t["label"])
        ax.set_xlabel(f"attend minus cancel: {metric_label}  (< low end, > high end)")
        flips = int(table["flips"].sum())
        ax.set_title("No single assumption changes the verdict" if flips == 0 else
                     f"{flips} assumption{'s' if flips > 1 else ''} could change the verdict "
                     "(in vermillion)")
        ax.legend(loc="lower right")
    return fig


@_fitted
def poll_figure(counts: pd.DataFrame, advantage: pd.DataFrame | None) -> Figure:
    """The room's answers beside what the model says at each interest level.

    Args:
        counts: ``PollStore.counts()``.
        advantage: ``guide.workshop.model_view(...)``: columns ``interest``,
            ``p_job`` (attend minus cancel, in points of the chance of a job) and
            ``choice``; ``None`` draws the room's answers alone (the model not revealed
            yet). Each bar is coloured and labelled by the model's choice.
    """
    with _style():
        fig, axes = _figure(2 if advantage is not None else 1, width=6.4, height=4.6,
                            left=2.6, wspace=0.45)
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
                          fontsize=10 * _scale["factor"], rotation=90)
        axes[1].margins(y=0.35)  # room for the words above the bars
        axes[1].axhline(0, color="black", linewidth=1)
        axes[1].set_xticks(advantage["interest"])
        axes[1].set_xlabel("interest in the job (1-5)")
        axes[1].set_ylabel("chance of a job, points: attend minus cancel")
        axes[1].set_title("The model: what attending changes")
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
