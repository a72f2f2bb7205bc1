"""Charts are pure: tables in, a figure out. Checked on their artists, headless."""

import html

import numpy as np
import pandas as pd
import pytest
from matplotlib.collections import PolyCollection
from matplotlib.colors import to_hex

import guide
from guide import charts
from guide.model.comparison import futures_counts


@pytest.fixture(scope="module")
def decision():
    r = guide.decide(guide.Params(), guide.Interview(), runs=400, weeks=10, seed=1)
    curves = guide.summarize(r.frame, band="mean",
                             metrics=["employed", "practice", "reputation"])
    return r, curves


def test_decision_figure_has_both_branches_with_bands_and_labels(decision):
    r, curves = decision
    fig = charts.decision_figure(r, curves)
    assert len(fig.axes) == 3
    for ax in fig.axes[:2]:
        lines = ax.get_lines()
        assert [to_hex(line.get_color()) for line in lines] == [charts.ATTEND.lower(),
                                                                  charts.CANCEL.lower()]
        assert sum(isinstance(c, PolyCollection) for c in ax.collections) == 2
        assert ax.get_xlabel() == "weeks from now" and ax.get_ylabel() and ax.get_title()
    assert [t.get_text() for t in fig.axes[0].get_legend().get_texts()] == ["Attend", "Cancel"]
    attend_line = fig.axes[0].get_lines()[0]
    expected = curves.query("metric == 'employed' and policy == 'attend'")["mean"]
    np.testing.assert_allclose(attend_line.get_ydata(), expected)
    assert all(ax.get_ylim() == (0, 1.02) for ax in fig.axes[:2])  # shares, whole scale
    # the third is 100 people: one square each, coloured by what the choice does for them
    squares = [p for p in fig.axes[2].patches if p.get_width() > 0.8]
    assert len(squares) == 100
    colours = [to_hex(p.get_facecolor()) for p in squares]
    counts = futures_counts(r)
    assert colours.count(charts.ATTEND.lower()) == counts[1]
    assert colours.count(charts.CANCEL.lower()) == counts[2]
    assert sum(counts) == 100
    # the people say what the percentages say, each count within a person of its share
    p = r.summary.set_index("metric").loc["p_job"]
    assert counts[0] + counts[1] == round(100 * p["attend"])
    assert counts[0] + counts[2] == round(100 * p["cancel"])
    assert abs(counts[1] - 100 * r.only_attend) <= 1 and abs(counts[2] - 100 * r.only_cancel) <= 1
    diff = r.difference("p_job")
    assert f"{100 * abs(diff):.1f} points of the chance of a job" in fig.get_suptitle()


def test_drivers_figure_bars_match_table(decision):
    r, _ = decision
    fig = charts.drivers_figure(r)
    ax = fig.axes[0]
    widths = sorted(p.get_width() for p in ax.patches)
    np.testing.assert_allclose(widths, sorted(r.drivers["gain_value"]))
    labels = [t.get_text() for t in ax.get_yticklabels()]
    assert set(labels) == set(r.drivers["driver"])
    assert f"{r.drivers['gain_value'].sum():+.1f} hours of pay" in ax.get_title()


def test_surprise_figure_bars_and_title():
    table = guide.surprise_by_interest(guide.Params(), samples=20_000, seed=0)
    fig = charts.surprise_figure(table)
    heights = [p.get_height() for p in fig.axes[0].patches]
    np.testing.assert_allclose(heights[:5], table["chance_acceptable"])
    np.testing.assert_allclose(heights[5:], table["chance_if_exact"])
    low = table.loc[1, "chance_acceptable"]
    assert f"{low:.0%}" in fig.axes[0].get_title()


def test_learning_and_leverage_and_reputation_figures():
    p = guide.Params()
    curve = guide.learning_curve(p, 6)
    fig = charts.learning_figure(curve, p.rounds)
    np.testing.assert_allclose(fig.axes[0].get_lines()[0].get_ydata(), curve["skill"])
    np.testing.assert_allclose(fig.axes[1].get_lines()[0].get_ydata(), curve["offer_chance"])
    lev = guide.leverage_table(p)
    fig = charts.leverage_figure(lev)
    np.testing.assert_allclose([b.get_height() for b in fig.axes[0].patches],
                               lev["weeks_per_process"])
    rep = guide.reputation_table(p)
    fig = charts.reputation_figure(rep, guide.reputation_by_industry(p, "no_show", "vague"))
    assert len(fig.axes[0].patches) == len(rep)
    assert fig.axes[1].get_xscale() == "log"


def test_policy_figure_one_line_per_policy():
    p = guide.Params()
    frames = pd.concat([guide.simulate(p, pol, runs=200, weeks=10, seed=2)
                        for pol in (guide.attend_all(), guide.cancel_below(3))],
                       ignore_index=True)
    fig = charts.policy_figure(guide.summarize(frames, band="mean"))
    assert [t.get_text() for t in fig.axes[0].get_legend().get_texts()] == [
        "attend all", "cancel below 3"]
    assert all(len(ax.get_lines()) == 2 for ax in fig.axes)
    assert "90% interval" in fig.axes[0].get_title()


def test_tornado_marks_flipping_assumptions():
    table = pd.DataFrame({
        "parameter": ["a", "b"], "label": ["A", "B"], "unit": ["", ""],
        "low_value": [0, 0], "high_value": [1, 1], "at_low": [0.01, -0.005],
        "at_high": [0.03, 0.02], "base": [0.015, 0.015], "flips": [False, True],
        "swing": [0.2, 0.25]})
    fig = charts.tornado_figure(table)
    ax = fig.axes[0]
    colours = [to_hex(p.get_facecolor()) for p in ax.patches]
    assert colours == [charts.CANCEL.lower(), charts.ATTEND.lower()]  # drawn bottom-up
    assert "1 assumption could change the verdict" in ax.get_title()
    assert ax.patches[1].get_width() == pytest.approx(0.02)  # hours of pay: 0.01 to 0.03
    points = charts.tornado_figure(table, "chance of a job, points").axes[0]
    assert points.patches[1].get_width() == pytest.approx(2.0)  # in points: 1.0 to 3.0


def test_scale_grows_text_and_rejects_nonsense(decision):
    r, curves = decision
    normal = charts.decision_figure(r, curves).axes[0].title.get_fontsize()
    charts.set_scale(1.5)
    try:
        big = charts.decision_figure(r, curves).axes[0].title.get_fontsize()
    finally:
        charts.set_scale(1.0)
    assert big == pytest.approx(normal * 1.5)
    with pytest.raises(ValueError, match="factor=9"):
        charts.set_scale(9)


def test_to_png_gives_png_bytes(decision):
    png = charts.to_png(charts.decision_figure(*decision))
    assert png[:8] == b"\x89PNG\r\n\x1a\n" and len(png) > 10_000


def test_palette_is_distinct():
    assert len(set(charts.PALETTE)) == len(charts.PALETTE)
    assert charts.ATTEND != charts.CANCEL


def test_charts_take_a_result_and_draw_on_a_given_axes(decision):
    r, curves = decision
    fig = charts.decision_figure(r)  # the curves come from the result itself
    np.testing.assert_allclose(fig.axes[0].get_lines()[0].get_ydata(),
                               curves.query("metric == 'employed' and policy == 'attend'")
                               ["mean"])
    from matplotlib.figure import Figure
    host = Figure()
    ax = host.subplots()
    assert charts.drivers_figure(r, ax=ax) is host and len(ax.patches) == len(r.drivers)


def chart_makers():
    p = guide.Params()
    r = guide.decide(p, guide.Interview(), runs=200, weeks=10, seed=1)
    frames = pd.concat([guide.simulate(p, pol, runs=100, weeks=10, seed=2)
                        for pol in (guide.attend_all(), guide.cancel_below(3))],
                       ignore_index=True)
    counts = pd.DataFrame({"answer": ["no", "good_reason", "yes", "unsure"],
                           "label": ["No, I would go anyway", "Only for a good reason",
                                     "Yes, if I am not interested", "Not sure"],
                           "count": [3, 5, 1, 0], "share": [0.33, 0.56, 0.11, 0.0]})
    return {
        "decision": lambda: charts.decision_figure(r),
        "decision on a phone": lambda: charts.decision_figure(r, phone=True),
        "drivers": lambda: charts.drivers_figure(r),
        "surprise": lambda: charts.surprise_figure(guide.surprise_by_interest(p, samples=2000)),
        "learning": lambda: charts.learning_figure(guide.learning_curve(p, 6), p.rounds),
        "leverage": lambda: charts.leverage_figure(guide.leverage_table(p)),
        "reputation": lambda: charts.reputation_figure(
            guide.reputation_table(p), guide.reputation_by_industry(p, "no_show", "vague"),
            200),
        "habit": lambda: charts.habit_figure(guide.habit_cost(p, runs=100, weeks=10), 10),
        "policy": lambda: charts.policy_figure(guide.summarize(frames, band="mean")),
        "tornado": lambda: charts.tornado_figure(guide.sensitivity(
            p, guide.Interview(), runs=100, names=("invite_rate", "rounds", "posting_noise"))),
        "poll": lambda: charts.poll_figure(counts, pd.DataFrame(
            {"interest": [1, 2, 3, 4, 5], "p_job": [0.1, 2, 3, 4, 5]})),
        "projection": lambda: charts.projection_figure(guide.summarize(
            guide.simulate(p, runs=100, weeks=8), band="mean")),
    }


def visible_tick_labels(axis, renderer):
    lo, hi = sorted(axis.get_view_interval())
    return [t.label1.get_window_extent(renderer) for t in axis.get_major_ticks()
            if t.label1.get_visible() and t.label1.get_text() and lo <= t.get_loc() <= hi]


@pytest.mark.parametrize("scale", [1.0, 1.5])
def test_every_chart_fits_its_figure_with_no_overlapping_ticks(scale):
    """Presentation mode enlarges text 1.5x: nothing may be cut off or collide."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    charts.set_scale(scale)
    try:
        for name, make in chart_makers().items():
            fig = make()
            canvas = FigureCanvasAgg(fig)
            canvas.draw()
            renderer = canvas.get_renderer()
            box = fig.get_tightbbox(renderer)  # inches
            assert box.x0 > -0.02 and box.y0 > -0.02, (name, scale, box)
            assert box.x1 < fig.get_figwidth() + 0.02, (name, scale, box)
            assert box.y1 < fig.get_figheight() + 0.02, (name, scale, box)
            for ax in fig.axes:
                for axis in (ax.xaxis, ax.yaxis):
                    labels = visible_tick_labels(axis, renderer)
                    for a, b in zip(labels, labels[1:], strict=False):
                        assert not a.overlaps(b), (name, scale, axis.axis_name)
    finally:
        charts.set_scale(1.0)


def test_the_phone_chart_is_shown_at_its_own_size_with_readable_text(decision):
    """On a 390-pixel phone the app's chart is not shrunk: its key >= 12 px, the rest >= 13."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    fig = charts.decision_figure(*decision, phone=True)
    FigureCanvasAgg(fig).draw()
    assert fig.get_figwidth() * 80 <= 390 - 2 * 8  # the widgets' 80 dpi, page margins
    key = set(fig.axes[0].get_legend().findobj())
    texts = [t for t in fig.findobj(lambda a: hasattr(a, "get_fontsize"))
             if getattr(t, "get_text", lambda: "")() and t.get_visible()]
    px = {t: t.get_fontsize() * 80 / 72 for t in texts}
    assert min(px.values()) >= 12
    assert min(v for t, v in px.items() if t not in key) >= 13


def test_a_shown_chart_carries_its_words_as_alt_text_and_for_text_views(monkeypatch):
    import IPython.display

    shown = []
    monkeypatch.setattr(IPython.display, "display", lambda obj, raw=False: shown.append(obj))
    fig = charts.decision_figure(
        guide.decide(guide.Params(), guide.Interview(), runs=100, weeks=5, seed=0))
    charts.show(fig)
    page = shown[0]["text/html"]
    assert page.startswith('<img src="data:image/png;base64,iVBORw0KGgo')  # a PNG
    words = shown[0]["text/plain"]
    assert words.startswith("Chart: Attending ")
    assert 'alt="' + html.escape(words) + '"' in page  # the picture's text alternative
    assert "Image object" not in shown[0]["text/plain"]


@pytest.mark.parametrize("shares", [
    (0.565, 0.0665, 0.01125),  # 63% and 58%: 56 + 7 people and 56 + 2
    (1 / 3, 1 / 3, 1 / 3),     # nobody left without a job: no count below zero
    (0.0, 0.0, 0.0),
    (0.996, 0.004, 0.0),
])
def test_a_hundred_people_always_add_up_to_a_hundred(shares):
    from types import SimpleNamespace

    from guide.model.comparison import futures_counts

    both, only_attend, only_cancel = shares
    counts = futures_counts(SimpleNamespace(both=both, only_attend=only_attend,
                                            only_cancel=only_cancel))
    assert sum(counts) == 100 and min(counts) >= 0
    assert counts[0] + counts[1] == round(100 * (both + only_attend))
    assert counts[0] + counts[2] == round(100 * (both + only_cancel))


def test_the_phones_poll_chart_is_drawn_for_a_phone_with_readable_text():
    """The app's poll chart fits 360 pixels at its own size, every text at 12 px or more."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    from guide.workshop import model_view
    from guide.workshop.store import ANSWERS

    counts = pd.DataFrame({"answer": list(ANSWERS), "label": list(ANSWERS.values()),
                           "count": [3, 5, 1, 2], "share": [3 / 11, 5 / 11, 1 / 11, 2 / 11]})
    for view in (None, model_view(guide.Params(), runs=200)):
        fig = charts.poll_figure(counts, view, phone=True)
        FigureCanvasAgg(fig).draw()
        assert fig.get_figwidth() * 80 <= 360
        def shown_ticks(axis):  # the labels of ticks inside the axis's view
            low, high = sorted(axis.get_view_interval())
            return [t.label1 for t in axis.get_major_ticks()
                    if low - 1e-9 <= t.get_loc() <= high + 1e-9]

        texts = [t for ax in fig.axes for t in (
            ax.title, ax.xaxis.label, ax.yaxis.label, *shown_ticks(ax.xaxis),
            *shown_ticks(ax.yaxis), *ax.texts) if t.get_text() and t.get_visible()]
        assert len(texts) >= (12 if view is None else 30)
        assert min(t.get_fontsize() * 80 / 72 for t in texts) >= 12
        box = fig.get_window_extent()
        for t in texts:  # nothing drawn off the image
            e = t.get_window_extent()
            assert e.x0 >= box.x0 - 1 and e.x1 <= box.x1 + 1, t.get_text()
            assert e.y0 >= box.y0 - 1 and e.y1 <= box.y1 + 1, t.get_text()


@pytest.mark.parametrize("name", list(chart_makers()))
def test_every_chart_says_what_it_shows_in_numbers(name):
    """The text alternative: the chart's title and, for every panel, numbers from it."""
    from matplotlib.container import BarContainer

    from guide.charts.words import _value, describe

    fig = chart_makers()[name]()
    charts.to_png(fig)  # drawn first, as everywhere in the guide
    words = describe(fig)
    assert words.startswith("Chart") and words == describe(fig)  # the same each time
    shown = [ax for ax in fig.axes if ax.get_visible() and (ax.lines or ax.containers)]
    for ax in shown:
        title = " ".join(ax.get_title().replace("$", "").split())
        assert not title or title in words, (title, words)
        # a number read off the picture itself is in the words: a line's end, a bar
        lines = [ln for ln in ax.get_lines() if not ln.get_label().startswith("_")
                 and np.ptp(np.asarray(ln.get_ydata(), float)) > 0]
        groups = [g for g in ax.containers if isinstance(g, BarContainer)]
        if lines:
            assert _value(ax, "y", lines[0].get_ydata()[-1]) in words, (ax.get_title(), words)
        elif groups and len(groups) <= 12:
            across = groups[0].orientation == "horizontal"
            bar = groups[0].patches[0]
            size, low = (bar.get_width(), bar.get_x()) if across else \
                (bar.get_height(), bar.get_y())
            if low == 0:
                assert _value(ax, "x" if across else "y", size) in words, (ax.get_title(),
                                                                          words)
    assert "0x" not in words and "_child" not in words and "Line2D" not in words, words


def test_a_charts_words_read_its_lines_and_bars_as_the_axes_write_them():
    from matplotlib.figure import Figure
    from matplotlib.ticker import PercentFormatter

    from guide.charts.words import describe

    fig = Figure()
    line_ax, bar_ax = fig.subplots(1, 2)
    line_ax.plot([0, 5, 13], [0.0, 0.8, 0.63], label="Attend")
    line_ax.axhline(0.5, label="half")
    line_ax.yaxis.set_major_formatter(PercentFormatter(1.0, decimals=0))
    line_ax.set(title="A job", xlabel="weeks", ylabel="chance")
    bar_ax.barh([0, 1], [3, 7])
    bar_ax.set_yticks([0, 1], ["phone", "panel"])
    bar_ax.set(title="Hours", xlabel="hours")
    fig.suptitle("Two charts")
    assert describe(fig) == ("Chart: Two charts. A job (chance): Attend: 0% at weeks 0, 63% "
                             "at 13 (highest 80% at 5); half. Hours (hours): panel: 7, "
                             "phone: 3.")


@pytest.mark.parametrize("name", list(chart_makers()))
def test_every_mark_a_chart_needs_stands_out_from_the_page(name):
    """Lines, markers and bars: 3:1 against white (WCAG 1.4.11), by colour or outline."""
    from matplotlib.patches import Rectangle

    from guide.charts.contrast import NEEDED, contrast, visible

    fig = chart_makers()[name]()
    faint = []
    for ax in fig.axes:
        for line in ax.get_lines():
            drawn = line.get_linestyle() not in ("None", "", " ")
            outlined = any(getattr(e, "_gc", {}).get("foreground") for e in
                           line.get_path_effects())
            if drawn and contrast(line.get_color()) < NEEDED and not outlined:
                faint.append(f"line {line.get_label()} {line.get_color()}")
        for patch in ax.patches:
            if isinstance(patch, Rectangle) and visible(patch.get_facecolor()) \
                    and contrast(patch.get_facecolor()) < NEEDED \
                    and contrast(patch.get_edgecolor()) < NEEDED:
                faint.append(f"bar {patch.get_facecolor()}")
    assert not faint, faint


def test_contrast_is_wcags_ratio():
    from guide.charts.contrast import contrast

    assert contrast("black") == pytest.approx(21.0)
    assert contrast("#0072B2") == pytest.approx(5.19, abs=0.01)
    assert contrast("#E69F00") < 3 < contrast("#D55E00")


def test_what_the_choice_decides_is_told_by_pattern_as_well_as_colour(decision):
    """Attend-only and cancel-only people, and assumptions that flip the verdict, are
    hatched: a reader who cannot tell the colours apart still can (WCAG 1.4.1)."""
    from matplotlib.colors import to_hex
    from matplotlib.patches import Rectangle

    fig = charts.decision_figure(decision[0])
    hatches = {}
    for patch in fig.axes[-1].patches:
        if isinstance(patch, Rectangle):
            hatches.setdefault(to_hex(patch.get_facecolor()), set()).add(patch.get_hatch())
    attend, cancel = hatches.get(charts.ATTEND.lower()), hatches.get(charts.CANCEL.lower())
    assert attend and cancel and None not in attend | cancel and attend != cancel, hatches
    table = guide.sensitivity(guide.Params(), guide.Interview(), runs=100,
                              names=("invite_rate", "rounds", "posting_noise"))
    table.loc[table.index[0], "flips"] = True  # one that changes the verdict, one that doesn't
    table.loc[table.index[1], "flips"] = False
    bars = [p for p in charts.tornado_figure(table).axes[0].patches
            if isinstance(p, Rectangle)]
    hatched = {to_hex(b.get_facecolor()): bool(b.get_hatch()) for b in bars}
    assert hatched == {charts.CANCEL.lower(): True, charts.ATTEND.lower(): False}, hatched
