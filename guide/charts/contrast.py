"""Marks that stand out from the page: WCAG's 3:1 for what a chart needs to be read.

The Okabe-Ito palette keeps colours apart for colour-blind readers, but its orange, sky
blue and the too-close grey are pale on white (2.3:1, 2.3:1, 1.9:1). Rather than change
the palette, a line, marker or bar under 3:1 gets a dark outline, which carries the
contrast while the colour still tells which is which.
"""

from __future__ import annotations

from matplotlib.colors import to_rgba
from matplotlib.figure import Figure
from matplotlib.patches import Rectangle
from matplotlib.patheffects import Normal, withStroke

NEEDED = 3.0
"""WCAG 2.1 non-text contrast (1.4.11) for graphical objects."""
OUTLINE = "#4D4D4D"
"""A dark grey, 8.4:1 on white."""


def luminance(colour) -> float:
    """Relative luminance (WCAG) of a colour, its transparency blended onto white."""
    r, g, b, a = to_rgba(colour)
    blended = [a * c + (1 - a) for c in (r, g, b)]
    lin = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in blended]
    return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]


def contrast(colour, background="white") -> float:
    """WCAG contrast ratio of two colours (1 to 21)."""
    hi, lo = sorted((luminance(colour), luminance(background)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def visible(colour) -> bool:
    """Whether a colour is drawn at all (not 'none', not fully transparent)."""
    return to_rgba(colour)[3] > 0


def outline_faint(fig: Figure) -> Figure:
    """Give every line, marker and bar under 3:1 on white a dark outline (in place)."""
    for ax in fig.axes:
        for line in ax.get_lines():
            if line.get_linestyle() not in ("None", "", " ") and line.get_linewidth() > 0 \
                    and contrast(line.get_color()) < NEEDED:
                line.set_path_effects([withStroke(linewidth=line.get_linewidth() + 1.6,
                                                  foreground=OUTLINE), Normal()])
            if line.get_marker() not in (None, "None", "", " ") \
                    and visible(line.get_markerfacecolor()) \
                    and contrast(line.get_markerfacecolor()) < NEEDED \
                    and contrast(line.get_markeredgecolor()) < NEEDED:
                line.set_markeredgecolor(OUTLINE)
        for patch in ax.patches:
            if isinstance(patch, Rectangle) and visible(patch.get_facecolor()) \
                    and contrast(patch.get_facecolor()) < NEEDED \
                    and (patch.get_linewidth() == 0 or not visible(patch.get_edgecolor())
                         or contrast(patch.get_edgecolor()) < NEEDED):
                patch.set_edgecolor(OUTLINE)
                patch.set_linewidth(max(patch.get_linewidth(), 0.8))
    return fig
