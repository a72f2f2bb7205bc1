"""A chart in words: the text alternative every chart image carries.

A screen reader, a reader with images off and a search index see the same chart as
everyone else: what each line, band or bar shows, in numbers, read off the figure's own
artists (so the words cannot drift from the picture). Values are written as the axis
writes them (``63%``, ``5.1``), with the axis's label for the unit.
"""

from __future__ import annotations

import html
import re

import numpy as np
from matplotlib.axes import Axes
from matplotlib.container import BarContainer
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.text import Annotation
from matplotlib.ticker import PercentFormatter

MAX_BARS = 12
"""Bars named one by one in a chart's words (more: the largest and smallest only)."""


def _plain(text: str) -> str:
    """One line of a label or title: mathtext dollars and line breaks removed."""
    return " ".join(text.replace("$", "").split())


def _value(ax: Axes, axis: str, v: float) -> str:
    """``v`` as the axis writes its numbers (a percentage axis in percent)."""
    fmt = (ax.yaxis if axis == "y" else ax.xaxis).get_major_formatter()
    v = float(v)
    if not np.isfinite(v):
        return "no value"
    if isinstance(fmt, PercentFormatter):
        text = _plain(fmt.format_pct(v, fmt.xmax))
        share = 100 * v / fmt.xmax
        if text in ("0%", "100%", "-0%") and abs(share - round(share)) > 1e-9:
            text = f"{share:.2g}%" if abs(share) < 1 else f"{share:.3g}%"  # never a false 0%
        return text
    return str(round(v)) if abs(v - round(v)) < 1e-9 else f"{v:.3g}"


def _tick_names(ax: Axes, axis: str) -> dict[float, str]:
    """Category names on an axis, by position (empty for a numeric axis)."""
    ticks = ax.get_yticks() if axis == "y" else ax.get_xticks()
    labels = ax.get_yticklabels() if axis == "y" else ax.get_xticklabels()
    names = {float(t): _plain(lab.get_text()) for t, lab in zip(ticks, labels, strict=False)}
    return names if all(names.values()) else {}


def _lines(ax: Axes) -> list[str]:
    """Each labelled line: where it starts and ends (and its peak, if higher).

    A chart whose only line has no label (the axis names it) gets that line described.
    """
    out = []
    xlabel = _plain(ax.get_xlabel()) or "x"

    def named(line: Line2D) -> bool:
        return not str(line.get_label()).startswith("_")

    def flat(line: Line2D) -> bool:
        x, y = (np.asarray(d, float) for d in line.get_data())
        ok = np.isfinite(x) & np.isfinite(y)
        return ok.sum() < 2 or np.ptp(x[ok]) == 0 or np.ptp(y[ok]) == 0

    lines = [ln for ln in ax.get_lines() if named(ln)]
    if not any(not flat(ln) for ln in lines):  # the data line has no name of its own
        lines += [ln for ln in ax.get_lines() if not named(ln) and not flat(ln)][:1]
    for line in lines:
        label = _plain(str(line.get_label()))
        label = "" if label.startswith("_") else label
        x = np.asarray(line.get_xdata(), float)
        y = np.asarray(line.get_ydata(), float)
        ok = np.isfinite(x) & np.isfinite(y)
        if ok.sum() == 1 and label:  # one marked point ("your industry")
            out.append(f"{label}: {_value(ax, 'y', y[ok][0])} at {xlabel} "
                       f"{_value(ax, 'x', x[ok][0])}")
            continue
        if ok.sum() < 2:
            continue
        x, y = x[ok], y[ok]
        if np.ptp(x) == 0 or np.ptp(y) == 0:  # a reference line: its label says enough
            if label:
                out.append(label)
            continue
        text = (f"{_value(ax, 'y', y[0])} at {xlabel} {_value(ax, 'x', x[0])}, "
                f"{_value(ax, 'y', y[-1])} at {_value(ax, 'x', x[-1])}")
        top = int(np.argmax(y))
        if 0 < top < len(y) - 1 and y[top] > max(y[0], y[-1]):
            text += f" (highest {_value(ax, 'y', y[top])} at {_value(ax, 'x', x[top])})"
        out.append(f"{label}: {text}" if label else text)
    return out


def _bars(ax: Axes) -> list[str]:
    """Each bar of each bar group: its category (or position) and its length.

    A bar that does not start at zero (a range) is given by both ends.
    """
    groups = [g for g in ax.containers if isinstance(g, BarContainer) and g.patches]
    if groups and all(getattr(g, "orientation", "") == "horizontal" and len(g.patches) == 1
                      for g in groups):  # one group per bar, across: from the top
        groups.sort(key=lambda g: -(g.patches[0].get_y() + g.patches[0].get_height() / 2))
    if len(groups) > MAX_BARS:  # one group per bar (a tornado): the longest few, and
        # every hatched one (marked as mattering), in the picture's order
        longest = sorted(groups, key=lambda g: -max(abs(b.get_width()) + abs(b.get_height())
                                                       for b in g.patches))[:5]
        kept = [g for g in groups if g in longest or any(b.get_hatch() for b in g.patches)]
        return [*_bars_of(ax, kept), f"and {len(groups) - len(kept)} shorter bars"]
    return _bars_of(ax, groups)


def _bars_of(ax: Axes, groups: list[BarContainer]) -> list[str]:
    out = []
    for group in groups:
        across = getattr(group, "orientation", "vertical") == "horizontal"
        value_axis, place_axis = ("x", "y") if across else ("y", "x")
        names = _tick_names(ax, place_axis)
        ticks = np.asarray(ax.get_yticks() if across else ax.get_xticks(), float)
        label = _plain(str(group.get_label()))
        label = "" if label.startswith("_") else label
        place_label = _plain(ax.get_ylabel() if across else ax.get_xlabel())
        items = []
        bars = list(group.patches)
        if across:  # read from the top, as the picture is
            bars.sort(key=lambda b: -(b.get_y() + b.get_height() / 2))
        for bar in bars:
            if across:
                where, low, size = bar.get_y() + bar.get_height() / 2, bar.get_x(), \
                    bar.get_width()
            else:
                where, low, size = bar.get_x() + bar.get_width() / 2, bar.get_y(), \
                    bar.get_height()
            at = min(names, key=lambda t: abs(t - where)) if names else None
            name = names[at] if at is not None and abs(at - where) < 0.5 else ""
            if not name:  # a numeric axis: the tick the bar stands at
                near = ticks[np.argmin(abs(ticks - where))] if ticks.size else where
                name = _value(ax, place_axis, near if abs(near - where) < 0.5 else where)
            note = _bar_note(ax, where, low + size, across) or \
                ("hatched" if bar.get_hatch() else "")
            items.append((f"{name} ({note})" if note else name, size, low))
        if len(items) > MAX_BARS:
            items = sorted(items, key=lambda item: item[1])
            items = [items[-1], items[0]]
            label = (label + " " if label else "") + "(largest and smallest)"
        parts = ", ".join(
            f"{name}: {_value(ax, value_axis, size)}" if abs(low) < 1e-12 else
            f"{name}: from {_value(ax, value_axis, low)} to "
            f"{_value(ax, value_axis, low + size)}" for name, size, low in items)
        numeric = not names or all(re.fullmatch(r"[-\d.,%\u2212 ]+", n) for n in names.values())
        by = f"by {place_label}" if place_label and numeric else ""
        lead = f"{label} ({by})" if label and by else label or by
        out.append(f"{lead}: {parts}" if lead else parts)
    return out


def _bar_note(ax: Axes, where: float, end: float, across: bool) -> str:
    """The words written at a bar's end (``bar_label``), such as the model's choice."""
    for text in ax.texts:
        if isinstance(text, Annotation):
            x, y = text.xy
            at, tip = (y, x) if across else (x, y)
            if abs(at - where) < 1e-9 and abs(tip - end) < 1e-9 and text.get_text():
                return _plain(text.get_text())
    return ""


def describe(fig: Figure) -> str:
    """The chart in words: its title, then each panel's lines or bars in numbers.

    Call it on a drawn figure (after :func:`guide.charts.to_png`), as the guide does
    everywhere, so category names on the axes are the ones the picture shows.

    Returns one paragraph, the same for the same figure (nothing random, no addresses).
    """
    sup = _plain(fig._suptitle.get_text()) if fig._suptitle is not None else ""
    parts = [f"Chart: {sup}." if sup else "Chart."]
    for ax in fig.axes:
        if not ax.get_visible() or not ax.axison and not ax.get_title():
            continue
        title = _plain(ax.get_title())
        what = _lines(ax) + _bars(ax)
        legend = ax.get_legend()
        if not what and not ax.axison:  # a picture of its own (the 100 people): its words
            what = [_plain(t.get_text()) for t in ax.texts
                    if t.get_text() and not isinstance(t, Annotation)]
        if not what and legend is not None:  # points or shapes: the key says what they are
            what = [_plain(t.get_text()) for t in legend.get_texts() if t.get_text()]
        across = any(getattr(g, "orientation", "") == "horizontal" for g in ax.containers)
        ylabel = _plain(ax.get_xlabel() if across else ax.get_ylabel())  # the values' unit
        head = title or ylabel
        if ylabel and title and what:
            head = f"{title} ({ylabel})"
        if not head and not what:
            continue
        text = f"{head}: {'; '.join(what)}" if head and what else head or "; ".join(what)
        parts.append(text.rstrip(".") + ".")
    return " ".join(parts)


def img_html(png_base64: str, words: str, style: str = "max-width:100%") -> str:
    """An ``<img>`` of a PNG with ``words`` as its text alternative."""
    return (f'<img src="data:image/png;base64,{png_base64}" alt="{html.escape(words)}" '
            f'style="{style}">')
