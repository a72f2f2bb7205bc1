"""The one base every panel uses: layout, display, reset, scenario and the error path.

A panel declares its parameter sliders (``param_names``) and other controls
(``controls``, as data: see :mod:`.controls`), and implements :meth:`Panel.compute` (the
model, returning a small named result), :meth:`Panel.figure` (a chart, or ``None``) and
:meth:`Panel.summary_html`. Everything else is here, once: building the widgets, redrawing
one image per change, showing any error inside the panel in plain words, resetting, and
following the scenario chosen in any panel through :data:`SCENARIOS`.
"""

from __future__ import annotations

import html
import time
import weakref
from collections.abc import Iterator
from typing import Any

import ipywidgets as widgets
import pandas as pd
from IPython.display import display

from .. import _presentation, _session, charts
from .._access import ChartImage, access, set_chart
from .._files import user_path, write_file
from .._presets import active_preset, changes_in_words, load_presets, preset_origin
from .._widgets import show
from .._words import readable
from ..model.params import Params, spec
from ..model.start import Start
from .controls import CONTROL_STYLE, build, fit_width, labelled, param_control, set_control
from .kept import Kept
from .live import STOP, kernel_loop, look_every

ERROR_STYLE = ("color:#9b1c1c;background:#fdecea;border-left:4px solid #D55E00;"
               "padding:6px 10px;margin:4px 0")


def plain_error(exc: BaseException) -> str:
    """An error in plain words: our own messages as they are, others with their kind."""
    if isinstance(exc, ValueError):
        return str(exc)
    if isinstance(exc, MemoryError):
        return "this setting needs more memory than this machine has; use fewer runs"
    if isinstance(exc, OSError):
        return f"a file could not be used: {exc.strerror or exc}"
    return f"something went wrong ({type(exc).__name__}: {exc}); the last chart is kept"


def error_html(exc: BaseException | str, lead: str = "") -> str:
    """An error box for a panel (``lead`` in bold before the message)."""
    text = exc if isinstance(exc, str) else plain_error(exc)
    bold = f"<b>{html.escape(lead)}</b> " if lead else ""
    body = html.escape(text).replace("\n", "<br>")
    return f"<div style='{ERROR_STYLE}'>{bold}{body}</div>"


def table_html(df: pd.DataFrame, **fmt: str) -> str:
    """A small table for a panel's summary, each named column formatted."""
    shown = df.copy()
    for col, f in fmt.items():
        shown[col] = shown[col].map(lambda v, f=f: format(v, f))
    return readable(shown).to_html(index=False, border=0, classes="guide-table",
                                   justify="left")


class ScenarioBus:
    """The live panels of this kernel: a scenario chosen in one moves them all.

    In a notebook's live kernel it also follows the scenario chosen in *another* notebook
    on this machine (the facilitator's, say): the remembered choice is looked at every
    :data:`FOLLOW_EVERY` seconds while any panel lives. (The participants' app follows
    through its poll instead, with the reveal and the poll session.)
    """

    FOLLOW_EVERY = 1.0

    def __init__(self) -> None:
        self._panels: weakref.WeakSet = weakref.WeakSet()
        self._following = False
        self._seen: tuple | None = None

    def join(self, panel: Any) -> None:
        """Follow scenario changes (held weakly: a closed panel drops out)."""
        self._panels.add(panel)
        if not self._following and not _session.in_app():
            self._seen = _session.stamp()
            self._following = look_every(self.look, self.FOLLOW_EVERY)

    def look(self) -> object:
        """Apply a scenario chosen elsewhere since the last look.

        Returns :data:`STOP` once no panel lives (the next panel built starts again).
        """
        now = _session.stamp()
        if now != self._seen:
            self._seen = now
            key = _session.load().get("scenario")
            if isinstance(key, str):
                self.choose(key, None)
        self._following = any(True for _ in self.panels())
        return None if self._following else STOP

    def panels(self) -> Iterator[Any]:
        """Every live panel."""
        yield from list(self._panels)

    def choose(self, key: str, source: Any) -> None:
        """Show scenario ``key`` in every other panel that offers it."""
        for other in self.panels():
            chooser = getattr(other, "scenario", None)
            if other is not source and chooser is not None and key in chooser.presets \
                    and chooser.dropdown.value != key:
                chooser.dropdown.value = key


SCENARIOS = ScenarioBus()
"""The scenario bus of this kernel (panels join it when built)."""


class ScenarioChooser:
    """A dropdown of presets; choosing one moves every live panel to that scenario."""

    def __init__(self, owner: Any, params: Params | None) -> None:
        presets = load_presets()
        self.presets = {k: p.params for k, p in presets.items()}
        self.starts = {k: p.start for k, p in presets.items()}
        options = [(p.label, k) for k, p in presets.items()]
        same = [k for k, p in presets.items() if p.params == params]
        if params is not None and not same:
            self.presets["given"] = params
            options.insert(0, ("Settings given to this panel", "given"))
            value = "given"
        else:  # no settings given, or exactly a preset's: show that preset
            value = same[0] if same else active_preset()
        self.origin = "given to this panel" if value == "given" else preset_origin()
        self.stories = {k: p.story for k, p in presets.items()}
        self.labels = dict((k, label) for label, k in options)
        self.owner = weakref.ref(owner)
        self.note = widgets.HTML()
        self.dropdown = widgets.Dropdown(
            options=options, value=value, description="Scenario", style=CONTROL_STYLE,
            tooltip="An illustrative situation (not a measurement); every panel follows",
            layout=fit_width())
        self.dropdown.observe(self._chosen, names="value")
        self.describe()
        SCENARIOS.join(owner)

    def describe(self) -> None:
        """Say which scenario is in use, where it was chosen, its story and what it moves."""
        key = self.dropdown.value
        if key == "given":
            self.note.value = ("<p class='guide-scenario'>These settings were given to "
                               "this panel in the notebook's code.</p>")
            return
        label = html.escape(self.labels[key])
        story = html.escape(self.stories[key])
        if key == "defaults":
            self.note.value = (f"<p class='guide-scenario'>In use: <b>{label}</b> "
                               f"({html.escape(self.origin)}). {story}</p>")
            return
        moved = "".join(f"<li>{html.escape(c)}</li>" for c in changes_in_words(key))
        self.note.value = (
            f"<div class='guide-scenario'><p>In use: <b>{label}</b>, "
            f"{html.escape(self.origin)}. {story}</p><p>It changes these settings from "
            f"the guide's defaults:</p><ul>{moved}</ul><p>Where the text around this panel "
            "speaks of the defaults, it means the guide's defaults: choose them above, or "
            "press <i>Reset to defaults</i>.</p></div>")

    @property
    def params(self) -> Params:
        """Parameters of the chosen scenario."""
        return self.presets[self.dropdown.value]

    @property
    def start(self) -> Start | None:
        """Offers in hand of the chosen scenario (``None``: the generic start)."""
        return self.starts.get(self.dropdown.value)

    def _chosen(self, change: dict) -> None:
        self.origin = "chosen in a Scenario menu" if change.new != "defaults" else \
            "the starting point of every notebook"
        self.describe()
        owner = self.owner()
        if owner is not None:
            owner.apply_scenario(self.params)
            SCENARIOS.choose(change.new, owner)
        if change.new in self.starts:  # a preset, not settings given to one panel
            _session.save(scenario=change.new)


class Panel:
    """Base of every panel (see the module's docstring for what a subclass declares)."""

    title = ""
    param_names: tuple[str, ...] = ()
    controls_spec: dict[str, Any] = {}
    live = True  # redraw on every change; False: only when the panel asks (a button)
    explain_delay = 0.3  # seconds without a change before a slow explanation starts
    has_chart = True
    groups: tuple[tuple[str, tuple[str, ...]], ...] = ()  # rows of controls under a heading
    group_title = ""
    remembers = 0  # settings whose chart is kept: a slider moved back shows it at once

    def __init__(self, params: Params | None = None, *, seed: int = 0) -> None:
        if params is not None and not isinstance(params, Params):
            raise ValueError(f"params={params!r} is not a guide.Params")
        self.scenario = ScenarioChooser(self, params)
        self.base = self.scenario.params
        self._initial_seed = seed
        self.controls: dict[str, widgets.Widget] = {
            n: param_control(n, getattr(self.base, n)) for n in self.param_names}
        self.units = {n: spec(n).unit for n in self.param_names}
        for key, declared in self.controls_spec.items():
            self.controls[key] = build(declared)
            self.units[key] = declared.unit
        self._defaults = {k: w.value for k, w in self.controls.items()}
        self._build_widgets(seed)
        if self.live:
            self.refresh()

    def _build_widgets(self, seed: int) -> None:
        self.seed = widgets.BoundedIntText(
            value=seed, min=0, max=2**31 - 1, description="Seed", style=CONTROL_STYLE,
            tooltip="Same seed, same numbers: change it to see another set of simulated "
                    "searches",
            layout=widgets.Layout(display="none"))  # for code and tests, not for readers
        self.reset_button = widgets.Button(description="Reset to defaults", icon="undo",
                                           tooltip="Back to the guide's defaults: the "
                                                   "scenario and every control",
                                           layout=widgets.Layout(width="190px"))
        self.reset_button.on_click(lambda _: self.reset())
        self.image = ChartImage(format="png", layout=widgets.Layout(
            max_width="100%", display="none"))  # shown once it holds a chart
        self.summary, self.error = widgets.HTML(), widgets.HTML()
        self.result: Any = None
        self.fig = None
        self.updates = 0
        self.figure_ms = self.total_ms = float("nan")
        self._kept = Kept(self.remembers)
        self._muted = False
        for w in (*self.controls.values(), self.seed):
            w.observe(self._changed, names="value")
        grouped = {k for _, keys in self.groups for k in keys}
        rows = [labelled(w, self.units.get(k, "")) for k, w in self.controls.items()
                if k not in grouped]
        header = widgets.HTML(f"<h3 style='margin:4px 0'>{html.escape(self.title)}</h3>")
        self.widget = widgets.VBox([
            header, self.scenario.dropdown, self.scenario.note,
            widgets.GridBox(rows, layout=widgets.Layout(
                grid_template_columns="repeat(auto-fill, minmax(min(520px, 100%), 1fr))"
            )).add_class("guide-controls"),
            *self._group_widgets(),
            widgets.HBox([self.seed, self.reset_button, *self.buttons()],
                         layout=widgets.Layout(flex_flow="row wrap")),
            self.error, self.image.add_class("guide-chart"), self.summary, *self.outputs(),
            access()])
        self.widget.add_class("guide-panel")

    def _group_widgets(self) -> list[widgets.Widget]:
        """Grouped controls: a heading, then one line per row of three small controls."""
        if not self.groups:
            return []
        lines = []
        for heading, keys in self.groups:
            cells = []
            for k in keys:
                w = self.controls[k]
                w.style.description_width = "initial"
                w.layout = widgets.Layout(width="100%", max_width="280px")
                cells.append(w)
            lines.append(widgets.HBox(
                [widgets.HTML(f"<b>{html.escape(heading)}</b>",
                              layout=widgets.Layout(width="125px")), *cells],
                layout=widgets.Layout(flex_flow="row wrap", max_width="100%")))
        # folded until opened: the controls a reader moves most stay beside the chart
        fold = widgets.Accordion(children=[widgets.VBox(lines)], titles=(self.group_title,),
                                 selected_index=None, layout=widgets.Layout(max_width="100%"))
        return [fold.add_class("guide-situation")]

    # --- to override -----------------------------------------------------------------
    def compute(self, params: Params) -> Any:
        """Run the model for the current controls."""
        raise NotImplementedError

    def figure(self, result: Any):
        """Draw the result as a matplotlib figure (``None``: no chart)."""
        return None

    def summary_html(self, result: Any) -> str:
        """A short summary shown beside the chart."""
        raise NotImplementedError

    def explain(self, result: Any) -> Any | None:
        """Optionally a fuller result computed after the chart is shown (None: nothing)."""
        return None

    def buttons(self) -> list[widgets.Widget]:
        """Extra buttons beside the reset button."""
        return []

    def outputs(self) -> list[widgets.Widget]:
        """Extra output widgets below the summary (filled in :meth:`show`)."""
        return []

    def show(self, result: Any) -> None:
        """Fill the extra outputs from a result."""

    def inert(self, key: str) -> str | None:
        """Why control ``key`` changes nothing at the current setting (None: it acts).

        The panel's summary shows every such sentence, so a control that seems dead
        says why. Here: a reason is never heard with a no-show.
        """
        if key == "reason" and self.controls.get("notice") is not None \
                and self.value("notice") == "no_show":
            return ("With a no-show nobody hears a reason, so the reason chosen changes "
                    "nothing here.")
        return None

    def inert_html(self) -> str:
        """The reasons some controls do nothing right now, for the summary."""
        notes = dict.fromkeys(n for n in (self.inert(k) for k in self.controls) if n)
        return "".join(f"<p style='color:#555'>{html.escape(n)}</p>" for n in notes)

    # --- machinery -------------------------------------------------------------------
    def value(self, name: str) -> Any:
        """The current value of a control."""
        return self.controls[name].value

    def current_params(self) -> Params:
        """Parameters from the sliders (anything not on the panel keeps its base value)."""
        return self.base.replace(**{n: self.controls[n].value for n in self.param_names})

    def _changed(self, change: dict) -> None:
        if not self._muted and self.live:
            self.refresh()

    def setting(self, params: Params) -> tuple:
        """Everything the chart depends on: parameters, controls, seed, runs, start, scale."""
        return (params, tuple((k, w.value) for k, w in sorted(self.controls.items())),
                self.seed.value, getattr(self, "runs", None), repr(self.scenario.start),
                charts.base._scale["factor"])

    def refresh(self) -> None:
        """Recompute and redraw; any error is shown in the panel, the last chart kept.

        A panel that :attr:`remembers` keeps the last few settings' results and charts:
        going back to one (a slider dragged back) shows it at once, explanation included,
        and it is the same seeded result the model would compute again.
        """
        start = time.perf_counter()
        try:
            params = self.current_params()
            key = self.setting(params) if self.remembers else None
            kept = self._kept.get(key)
            if kept is None:
                result = self.compute(params)
                fig = self.figure(result)
                png = charts.to_png(fig) if fig is not None else b""
                kept = self._kept.put(key, result=result, fig=fig, png=png)
            else:
                result, fig, png = kept["result"], kept["fig"], kept["png"]
        except Exception as exc:
            self.error.value = error_html(exc, "Cannot show this setting.")
            return
        explained = kept["explained"] if kept is not None else None
        self.error.value = ""
        self.result, self.fig = (result if explained is None else explained), fig
        set_chart(self.image, png, fig)
        self.image.layout.display = "" if png else "none"  # never an empty image's icon
        self.figure_ms = (time.perf_counter() - start) * 1000
        self._show(self.result)
        self.updates += 1
        self._timing(start, explained=explained is not None)
        if explained is not None:
            return
        loop = kernel_loop()  # in a live kernel: explain once the controls rest
        if loop is None:
            self._explain(self.updates, result, start)
        else:
            loop.call_later(self.explain_delay, self._explain, self.updates, result, start)

    def remember_explained(self, explained: Any) -> None:
        """The current setting's explanation: shown from now on, and kept with its chart."""
        self.result = explained
        self._kept.explained(explained)

    def _explain(self, update: int, result: Any, start: float) -> None:
        """Add the slower explanation, unless the controls moved on since ``update``."""
        if update != self.updates:
            return
        try:
            follow_up = self.explain(result)
        except Exception as exc:
            self.error.value = error_html(exc, "Cannot explain this setting.")
            return
        if follow_up is not None and update == self.updates:
            self.remember_explained(follow_up)
            self._show(follow_up)
            self._timing(start, explained=True)

    def _timing(self, start: float, *, explained: bool) -> None:
        """Keep how long the chart (and its explanation) took, for the benchmarks only."""
        self.total_ms = (time.perf_counter() - start) * 1000

    def _show(self, result: Any) -> None:
        self.summary.value = self.summary_html(result) + self.inert_html()
        self.show(result)

    def clear(self) -> None:
        """Hide the result (for panels that reveal on request)."""
        self.result = self.fig = None
        set_chart(self.image, b"", None)
        self.image.layout.display = "none"
        self.summary.value = ""

    def reset(self) -> None:
        """Back to the guide's defaults: scenario (every panel follows), controls, seed.

        This panel redraws once.
        """
        self._muted = True
        try:
            if "defaults" in self.scenario.presets:
                self.scenario.dropdown.value = "defaults"
            for k, v in self._defaults.items():
                set_control(self.controls[k],
                            getattr(self.base, k) if k in self.param_names else v)
            self.seed.value = self._initial_seed
        finally:
            self._muted = False
        self._redraw()

    def apply_scenario(self, params: Params) -> None:
        """Start from another scenario's parameters: move the sliders there, redraw once.

        A panel that is resetting redraws itself afterwards, so it does not redraw here.
        """
        self.base = params
        muted, self._muted = self._muted, True
        try:
            for n in self.param_names:
                set_control(self.controls[n], getattr(params, n))
        finally:
            self._muted = muted
        if not muted:
            self._redraw()

    def _redraw(self) -> None:
        if self.live:
            self.refresh()
        else:
            self.clear()

    def save_png(self, path: str, dpi: int = 150, *, overwrite: bool = False) -> str:
        """Save the current chart as a PNG file (for slides); returns the path.

        The image is drawn first and written atomically, so a failed drawing leaves any
        existing file as it was; an existing file is replaced only with ``overwrite``
        (after keeping a backup).

        Raises:
            ValueError: No chart, a bad ``dpi``, the file exists, or it cannot be written.
        """
        if self.fig is None:
            raise ValueError("this panel shows no chart yet")
        if isinstance(dpi, bool) or not isinstance(dpi, int) or not 10 <= dpi <= 600:
            raise ValueError(f"dpi={dpi!r} must be a whole number from 10 to 600")
        write_file(path, charts.to_png(self.fig, dpi=dpi), overwrite=overwrite)
        return str(user_path(path))

    def _ipython_display_(self) -> None:
        show(self.widget, f"{self.title}: a panel of controls and a chart")
        if _presentation.is_on():  # any notebook shown while presenting is styled
            display(_presentation.style_widget())
