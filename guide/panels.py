"""ipywidgets control panels: controls built from the parameter specs, one chart each.

Every panel has labelled controls with units and tooltips, a visible seed, a reset button,
one image that is replaced on each change (no pile-up of figures), a text summary beside
the chart, and an error line inside the panel for anything the model refuses. Heavy
controls update on release (``continuous_update=False``).
"""

from __future__ import annotations

import html
import time
import weakref
from collections.abc import Callable
from typing import Any

import ipywidgets as widgets
import pandas as pd
from IPython.display import Image, display

from . import charts
from ._decision import DecisionResult, Interview, decide, explain
from ._files import user_path, write_file
from ._mechanisms import (
    compare_policies,
    habit_cost,
    interviews_to_reach,
    learning_curve,
    leverage_table,
    reputation_by_industry,
    reputation_table,
    sensitivity,
    surprise_by_interest,
)
from ._message import REASONS as MESSAGE_REASONS
from ._message import WHEN, draft_message
from ._params import Params, spec
from ._policy import FORMAT_LABELS, NOTICE_LABELS, REASON_LABELS, Policy
from ._presets import active_preset, load_presets

DESCRIPTION_WIDTH = "210px"
_STYLE = {"description_width": DESCRIPTION_WIDTH}
_ERROR_STYLE = ("color:#9b1c1c;background:#fdecea;border-left:4px solid #D55E00;"
                "padding:6px 10px;margin:4px 0")


def param_control(name: str, value: float | None = None) -> widgets.Widget:
    """A slider for one parameter, built from its spec (label, range, step, help)."""
    s = spec(name)
    cls = widgets.IntSlider if s.integer else widgets.FloatSlider
    kwargs: dict[str, Any] = {} if s.integer else {"readout_format": _format(s.step)}
    return cls(value=s.default if value is None else value, min=s.min, max=s.max,
               step=s.step, description=s.label, tooltip=s.help, continuous_update=False,
               style=_STYLE, layout=widgets.Layout(width="460px"), **kwargs)


def _format(step: float) -> str:
    decimals = max(0, len(f"{step:g}".partition(".")[2]))
    return f".{decimals}f"


def choice_control(label: str, options: dict, value: Any, tooltip: str) -> widgets.Dropdown:
    """A dropdown whose options are ``{value: label}``."""
    return widgets.Dropdown(options=[(v, k) for k, v in options.items()], value=value,
                            description=label, tooltip=tooltip, style=_STYLE,
                            layout=widgets.Layout(width="460px"))


def int_control(label: str, value: int, lo: int, hi: int, tooltip: str) -> widgets.IntSlider:
    """A whole-number slider that updates on release."""
    return widgets.IntSlider(value=value, min=lo, max=hi, step=1, description=label,
                             tooltip=tooltip, continuous_update=False, style=_STYLE,
                             layout=widgets.Layout(width="460px"))


def _row(control: widgets.Widget, unit: str) -> widgets.Widget:
    return widgets.HBox([control, widgets.HTML(f"<span style='color:#555'>{html.escape(unit)}"
                                               "</span>")])


def _table_html(df: pd.DataFrame, **fmt: str) -> str:
    shown = df.copy()
    for col, f in fmt.items():
        shown[col] = shown[col].map(lambda v, f=f: format(v, f))
    return shown.to_html(index=False, border=0, classes="guide-table")


_LIVE: weakref.WeakSet = weakref.WeakSet()  # panels that follow a scenario change


class ScenarioChooser:
    """A dropdown of presets; choosing one moves every live panel to that scenario."""

    def __init__(self, owner: Any, params: Params | None) -> None:
        presets = load_presets()
        self.presets = {k: p.params for k, p in presets.items()}
        options = [(p.label, k) for k, p in presets.items()]
        same = [k for k, p in presets.items() if p.params == params]
        if params is not None and not same:
            self.presets["given"] = params
            options.insert(0, ("Settings given to this panel", "given"))
            value = "given"
        else:  # no settings given, or exactly a preset's: show that preset
            value = same[0] if same else active_preset()
        self.starts = {k: p.start for k, p in presets.items()}
        self.owner = weakref.ref(owner)
        self.dropdown = widgets.Dropdown(
            options=options, value=value, description="Scenario", style=_STYLE,
            tooltip="An illustrative situation (not a measurement); every panel follows",
            layout=widgets.Layout(width="460px"))
        self.dropdown.observe(self._chosen, names="value")
        _LIVE.add(owner)

    @property
    def params(self) -> Params:
        """Parameters of the chosen scenario."""
        return self.presets[self.dropdown.value]

    @property
    def start(self):
        """Offers in hand of the chosen scenario (``None``: the generic start)."""
        return self.starts.get(self.dropdown.value)

    def _chosen(self, change: dict) -> None:
        owner = self.owner()
        if owner is None:
            return
        owner.apply_scenario(self.params)
        for other in list(_LIVE):
            chooser = getattr(other, "scenario", None)
            if other is not owner and chooser is not None \
                    and change.new in chooser.presets and chooser.dropdown.value != change.new:
                chooser.dropdown.value = change.new


class Panel:
    """Base of every panel: subclasses say which controls they have and what they show.

    Subclasses set :attr:`title`, :attr:`param_names` (sliders built from specs), add any
    other controls in :meth:`extra_controls`, and implement :meth:`compute`,
    :meth:`figure` and :meth:`summary_html`.
    """

    title = ""
    param_names: tuple[str, ...] = ()
    seeded = True

    def __init__(self, params: Params | None = None, *, seed: int = 0) -> None:
        if params is not None and not isinstance(params, Params):
            raise ValueError(f"params={params!r} is not a guide.Params")
        self.scenario = ScenarioChooser(self, params)
        self.base = self.scenario.params
        self._initial_seed = seed
        self.controls: dict[str, widgets.Widget] = {
            n: param_control(n, getattr(self.base, n)) for n in self.param_names}
        self.units = {n: spec(n).unit for n in self.param_names}
        self.extra_controls()
        self._defaults = {k: w.value for k, w in self.controls.items()}
        self.seed = widgets.BoundedIntText(value=seed, min=0, max=2**31 - 1,
                                           description="Seed", style=_STYLE,
                                           tooltip="Same seed, same numbers: change it to "
                                                   "see another set of simulated searches",
                                           layout=widgets.Layout(width="330px",
                                                                 display="" if self.seeded
                                                                 else "none"))
        self.reset_button = widgets.Button(description="Reset to defaults", icon="undo",
                                           tooltip="Put every control back to its default",
                                           layout=widgets.Layout(width="190px"))
        self.reset_button.on_click(lambda _: self.reset())
        self.image = widgets.Image(format="png", layout=widgets.Layout(max_width="100%"))
        self.summary = widgets.HTML()
        self.error = widgets.HTML()
        self.timing = widgets.HTML()
        self.result: Any = None
        self.fig = None
        self.updates = 0
        self.figure_ms = self.total_ms = float("nan")
        self._muted = False
        for w in (*self.controls.values(), self.seed):
            w.observe(self._changed, names="value")
        rows = [_row(w, self.units.get(k, "")) for k, w in self.controls.items()]
        header = widgets.HTML(f"<h3 style='margin:4px 0'>{html.escape(self.title)}</h3>")
        self.widget = widgets.VBox([
            header, self.scenario.dropdown,
            widgets.GridBox(rows, layout=widgets.Layout(
                grid_template_columns="repeat(auto-fill, minmax(520px, 1fr))")),
            widgets.HBox([self.seed, self.reset_button, self.timing]),
            self.error, self.image, self.summary])
        self.refresh()

    # --- to override -----------------------------------------------------------------
    def extra_controls(self) -> None:
        """Add controls that are not model parameters (to ``self.controls``)."""

    def compute(self, params: Params) -> Any:
        """Run the model for the current controls."""
        raise NotImplementedError

    def figure(self, result: Any):
        """Draw the result as a matplotlib figure."""
        raise NotImplementedError

    def summary_html(self, result: Any) -> str:
        """A short summary shown beside the chart."""
        raise NotImplementedError

    def explain(self, result: Any) -> Any | None:
        """Optionally a fuller result computed after the chart is shown (None: nothing)."""
        return None

    # --- machinery -------------------------------------------------------------------
    def add_interview_controls(self, *, weeks: bool, reason: bool) -> None:
        """Controls describing one interview (and, optionally, the weeks and the reason)."""
        c = self.controls
        c["interest"] = int_control("Interest in the job", 2, 1, 5,
                                    "How appealing the posting looks: 1 = among the least "
                                    "appealing fifth of jobs you apply to, 5 = the most")
        self.units["interest"] = "1 (low) to 5 (high)"
        c["format"] = choice_control("Interview format", FORMAT_LABELS, "panel",
                                     "What kind of interview it is")
        if weeks:
            c["weeks"] = int_control("Weeks left in your search", 13, 4, 52,
                                     "How far ahead to look")
            self.units["weeks"] = "weeks"
        c["notice"] = choice_control("If you cancel: notice", NOTICE_LABELS, "day_or_more",
                                     "How early you would tell them")
        if reason:
            c["reason"] = choice_control("If you cancel: reason", REASON_LABELS, "vague",
                                         "What you would tell them")

    def interview(self) -> Interview:
        """The interview described by the controls."""
        return Interview(interest=self.value("interest"), format=self.value("format"),
                         notice=self.value("notice"),
                         reason=self.controls["reason"].value if "reason" in self.controls
                         else "vague")

    def value(self, name: str) -> Any:
        """The current value of a control."""
        return self.controls[name].value

    def current_params(self) -> Params:
        """Parameters from the sliders (anything not on the panel keeps its base value)."""
        return self.base.replace(**{n: self.controls[n].value for n in self.param_names})

    def _changed(self, change: dict) -> None:
        if not self._muted:
            self.refresh()

    def refresh(self) -> None:
        """Recompute and redraw; a refused input is shown in the panel, not raised."""
        start = time.perf_counter()
        try:
            params = self.current_params()
            result = self.compute(params)
            fig = self.figure(result)
            png = charts.to_png(fig)
        except Exception as exc:
            self.error.value = (f"<div style='{_ERROR_STYLE}'><b>Cannot show this "
                                f"setting.</b> {html.escape(plain_error(exc))}</div>")
            return
        self.error.value = ""
        self.result, self.fig = result, fig
        self.image.value = png
        self.figure_ms = (time.perf_counter() - start) * 1000
        self.summary.value = self.summary_html(result)
        self.updates += 1
        follow_up = self.explain(result)
        if follow_up is not None:  # a slower explanation, shown once the chart is up
            self.result = follow_up
            self.summary.value = self.summary_html(follow_up)
        self.total_ms = (time.perf_counter() - start) * 1000
        more = "" if follow_up is None else f", explained in {self.total_ms:.0f} ms"
        self.timing.value = (f"<span style='color:#777'>chart in {self.figure_ms:.0f} ms"
                             f"{more}</span>")

    def reset(self) -> None:
        """Put every control and the seed back to the scenario's values; redraw once."""
        self._muted = True
        try:
            for k, v in self._defaults.items():
                self.controls[k].value = getattr(self.base, k) if k in self.param_names else v
            self.seed.value = self._initial_seed
        finally:
            self._muted = False
        self.refresh()

    def apply_scenario(self, params: Params) -> None:
        """Start from another scenario's parameters: move the sliders there, redraw once."""
        self.base = params
        self._muted = True
        try:
            for n in self.param_names:
                self.controls[n].value = getattr(params, n)
        finally:
            self._muted = False
        self.refresh()

    def save_png(self, path: str, dpi: int = 150, *, overwrite: bool = False) -> str:
        """Save the current chart as a PNG file (for slides); returns the path.

        The image is drawn first and written atomically, so a failed drawing leaves any
        existing file as it was; an existing file is replaced only with ``overwrite``
        (after keeping a backup).

        Raises:
            ValueError: Bad ``dpi``, the file exists, or the path cannot be written.
        """
        if isinstance(dpi, bool) or not isinstance(dpi, int) or not 10 <= dpi <= 600:
            raise ValueError(f"dpi={dpi!r} must be a whole number from 10 to 600")
        png = charts.to_png(self.fig, dpi=dpi)
        write_file(path, png, overwrite=overwrite)
        return str(user_path(path))

    def snapshot(self) -> None:
        """Display the current chart as a static image (kept in a saved notebook)."""
        display(Image(data=charts.to_png(self.fig, dpi=80)))

    def _ipython_display_(self) -> None:
        display(self.widget)


# --- notebook 2: the decision ---------------------------------------------------------

class DecisionPanel(Panel):
    """Attend or cancel the interview you are thinking about."""

    title = "The interview you are thinking of cancelling"
    param_names = ("applications_per_week", "industry_size")
    runs = 1000

    def extra_controls(self) -> None:
        """The interview itself and the search around it."""
        self.add_interview_controls(weeks=True, reason=True)

    def compute(self, params: Params) -> tuple[DecisionResult, pd.DataFrame]:
        """Simulate both choices and their average paths."""
        r = decide(params, self.interview(), runs=self.runs, weeks=self.value("weeks"),
                   seed=self.seed.value, drivers=False, start=self.scenario.start)
        return r, r.curves()

    def explain(self, result):
        """Work out which mechanisms carry the difference (after the chart is shown)."""
        return explain(result[0]), result[1]

    def figure(self, result):
        """Attend versus cancel over time."""
        return charts.decision_figure(*result)

    def summary_html(self, result) -> str:
        """The verdict and the numbers behind it."""
        r = result[0]
        verdict = "<br>".join(html.escape(line) for line in r.verdict().splitlines())
        if r.drivers.empty:
            verdict += "<br><i>Working out what decides it...</i>"
        return (f"<p style='font-size:1.15em'><b>{verdict}</b></p>" + settled_note(r)
                + _table_html(self.summary_table(result), attend=".2f", cancel=".2f",
                              difference="+.2f", low="+.2f", high="+.2f")
                + f"<p style='color:#555'>{self.runs:,} simulated futures for each choice, "
                  f"seed {r.seed}.</p>")

    def summary_table(self, result=None) -> pd.DataFrame:
        """Attend, cancel and the difference for each outcome (deterministic)."""
        s = (result or self.result)[0].summary
        return s[["label", "attend", "cancel", "difference", "low", "high"]].rename(
            columns={"label": "outcome"})


def plain_error(exc: BaseException) -> str:
    """An error in plain words: our own messages as they are, others with their kind."""
    if isinstance(exc, ValueError):
        return str(exc)
    if isinstance(exc, MemoryError):
        return "this setting needs more memory than this machine has; use fewer runs"
    if isinstance(exc, OSError):
        return f"a file could not be used: {exc.strerror or exc}"
    return f"something went wrong ({type(exc).__name__}: {exc}); the last chart is kept"


def settled_note(result: DecisionResult) -> str:
    """Say why the sliders move little when (almost) every search ends in a job anyway."""
    p = result.summary.set_index("metric").loc["p_job"]
    if min(p["attend"], p["cancel"]) < 0.995:
        return ""
    return ("<p style='color:#555'>Almost every simulated search takes a job within "
            f"{result.weeks} weeks either way (with an offer in hand, it is taken first), so "
            "the sliders here change little: try fewer weeks, or a scenario without an "
            "offer.</p>")


# --- notebook 3: surprise -------------------------------------------------------------

class SurprisePanel(Panel):
    """How a noisy posting hides the real job."""

    title = "What a posting hides"
    param_names = ("posting_noise", "fit_threshold")

    def compute(self, params: Params) -> pd.DataFrame:
        """The chance of an acceptable job by interest level."""
        return surprise_by_interest(params, samples=50_000, seed=self.seed.value)

    def figure(self, result):
        """Bars by interest level."""
        return charts.surprise_figure(result)

    def summary_html(self, result) -> str:
        """The table behind the bars."""
        return _table_html(result[["label", "chance_acceptable", "chance_if_exact"]],
                           chance_acceptable=".0%", chance_if_exact=".0%")


# --- notebook 4: practice -------------------------------------------------------------

class PracticePanel(Panel):
    """Learning curves: how practice changes your chances."""

    title = "Practice makes perfect (up to a point)"
    param_names = ("initial_skill", "learning_rate", "transfer", "skill_effect",
                   "performance_noise")
    seeded = False

    def compute(self, params: Params) -> tuple[pd.DataFrame, Params]:
        """The learning curve for the current settings."""
        return learning_curve(params, 12), params

    def figure(self, result):
        """Skill and offer chance against interviews."""
        curve, params = result
        return charts.learning_figure(curve, params.rounds)

    def summary_html(self, result) -> str:
        """How many interviews to get good, and the offer chance before and after."""
        curve, params = result
        n = interviews_to_reach(params, 0.8)
        reach = "never (no learning)" if n is None else f"{n} interviews"
        return (f"<p>To reach skill 0.8 in a format you have never done: <b>{reach}</b>. "
                f"Offer chance per process: {curve['offer_chance'].iloc[0]:.0%} before, "
                f"{curve['offer_chance'].iloc[-1]:.0%} after 12 interviews.</p>"
                + _table_html(curve.iloc[[0, 1, 2, 3, 6, 12]], skill=".2f",
                              skill_elsewhere=".2f", gain=".3f", pass_chance=".0%",
                              offer_chance=".0%"))


# --- notebook 5: bargaining -----------------------------------------------------------

class LeveragePanel(Panel):
    """Bargaining power from other live processes."""

    title = "Other interviews as bargaining power"
    param_names = ("bargaining_speedup", "bargaining_uplift", "bargaining_cap",
                   "process_weeks")
    seeded = False

    def compute(self, params: Params) -> pd.DataFrame:
        """Speed and offer by number of rival processes."""
        return leverage_table(params)

    def figure(self, result):
        """Two bar charts."""
        return charts.leverage_figure(result)

    def summary_html(self, result) -> str:
        """The table behind the bars."""
        return _table_html(result, steps_per_week=".2f", weeks_per_process=".1f",
                           offer_uplift=".2f", chance_offer_acceptable=".0%")


# --- notebook 6: reputation -----------------------------------------------------------

class ReputationPanel(Panel):
    """What a cancellation costs, by notice, reason and industry size."""

    title = "Word gets around"
    param_names = ("industry_size", "recruiter_network", "industry_penalty",
                   "same_company_penalty", "notice_cost_same_day", "notice_cost_day_or_more",
                   "legitimate_reason_factor")
    seeded = False

    def extra_controls(self) -> None:
        """Which cancellation the industry curve shows."""
        self.controls["notice"] = choice_control("Curve: notice", NOTICE_LABELS, "no_show",
                                                 "Which cancellation the right-hand "
                                                 "chart follows")
        self.controls["reason"] = choice_control("Curve: reason", REASON_LABELS, "vague",
                                                 "Which reason the right-hand chart uses")

    def compute(self, params: Params) -> tuple[pd.DataFrame, pd.DataFrame]:
        """Both tables."""
        sizes = tuple(sorted({10, 25, 50, 100, 200, 500, 1000, 5000, params.industry_size}))
        return (reputation_table(params),
                reputation_by_industry(params, self.value("notice"), self.value("reason"),
                                       sizes), params.industry_size)

    def figure(self, result):
        """Bars and the industry curve, with your industry marked."""
        return charts.reputation_figure(*result)

    def summary_html(self, result) -> str:
        """The cost table."""
        t = result[0][["label", "severity", "kept_same_company", "kept_overall"]]
        return _table_html(t, severity=".2f", kept_same_company=".0%", kept_overall=".2%")


# --- notebook 7: whole search ---------------------------------------------------------

class PolicyPanel(Panel):
    """Whole-search policies compared over many simulated searches."""

    title = "Your whole search: three ways to handle interviews"
    runs = 1000

    def extra_controls(self) -> None:
        """The two rules compared with attending everything."""
        c = self.controls
        c["threshold"] = int_control("Rule 1: cancel below interest", 3, 2, 5,
                                     "Cancel first interviews whose posting interest is "
                                     "below this level")
        self.units["threshold"] = "1-5"
        c["custom_threshold"] = int_control("Rule 2: cancel below interest", 4, 2, 5,
                                            "The custom rule's threshold")
        self.units["custom_threshold"] = "1-5"
        c["keep_new"] = widgets.Checkbox(value=True, indent=False,
                                         description="Rule 2: never cancel an interview in a "
                                                     "format I have not done yet",
                                         tooltip="Keep every interview in a new format, "
                                                 "for the practice",
                                         layout=widgets.Layout(width="460px"))
        c["max_live"] = int_control("Rule 2: only when this busy", 1, 0, 5,
                                    "Cancel only when at least this many other processes "
                                    "or offers are live (0 = always)")
        self.units["max_live"] = "live processes"
        c["notice"] = choice_control("Notice when cancelling", NOTICE_LABELS, "day_or_more",
                                     "How early you cancel")
        c["reason"] = choice_control("Reason when cancelling", REASON_LABELS, "vague",
                                     "What you say")
        c["weeks"] = int_control("Length of the search", 26, 8, 78, "Weeks simulated")
        self.units["weeks"] = "weeks"

    def policies(self) -> list[Policy]:
        """Attend all, the threshold rule and the custom rule from the controls."""
        v = self.value
        return [Policy(name="attend all"),
                Policy(name=f"cancel below {v('threshold')}", cancel_below=v("threshold"),
                       notice=v("notice"), reason=v("reason")),
                Policy(name="custom rule", cancel_below=v("custom_threshold"),
                       keep_new_formats=v("keep_new"), max_live=v("max_live"),
                       notice=v("notice"), reason=v("reason"))]

    def compute(self, params: Params) -> dict:
        """Simulate each policy with the same seed."""
        return compare_policies(params, self.policies(), runs=self.runs,
                                weeks=self.value("weeks"), seed=self.seed.value)

    def figure(self, result):
        """Three charts over the search."""
        return charts.policy_figure(result["curves"])

    def summary_table(self, result=None) -> pd.DataFrame:
        """End-of-search averages per policy (deterministic)."""
        return (result or self.result)["table"]

    def summary_html(self, result) -> str:
        """The end-of-search table."""
        return (_table_html(result["table"], invitations=".1f",
                            interviews_attended=".1f", interviews_cancelled=".1f",
                            interview_hours=".0f", reputation=".3f", p_job=".0%",
                            weeks_to_job=".1f", job_value=".2f")
                + f"<p style='color:#555'>{self.runs:,} searches per policy, seed "
                  f"{self.seed.value}.</p>")


# --- notebook 6 (habits) and 8: cancelling well ---------------------------------------

class HabitPanel(Panel):
    """What a habit of cancelling costs over a year."""

    title = "A habit of cancelling, over a year"
    param_names = ("industry_size", "recruiter_network", "industry_penalty")
    runs = 1000

    def extra_controls(self) -> None:
        """Notice and reason used by every habit."""
        self.controls["notice"] = choice_control("Notice when cancelling", NOTICE_LABELS,
                                                 "day_or_more", "How early you cancel")
        self.controls["reason"] = choice_control("Reason when cancelling", REASON_LABELS,
                                                 "vague", "What you say")

    def compute(self, params: Params) -> pd.DataFrame:
        """A year under each habit."""
        return habit_cost(params, notice=self.value("notice"), reason=self.value("reason"),
                          runs=self.runs, weeks=52, seed=self.seed.value)

    def figure(self, result):
        """Bars per habit."""
        return charts.habit_figure(result, 52)

    def summary_html(self, result) -> str:
        """The table behind the bars."""
        return _table_html(result, invitations=".1f", interviews_attended=".1f",
                           interviews_cancelled=".1f", interview_hours=".0f",
                           reputation=".3f", p_job=".0%", weeks_to_job=".1f",
                           job_value=".2f", job_vs_never="+.1%")


class MessagePanel:
    """Draft an honest, courteous cancellation message and see what it costs."""

    def __init__(self, params: Params | None = None) -> None:
        self.scenario = ScenarioChooser(self, params)
        self.params = self.scenario.params
        self.controls = {
            "when": choice_control("When you send it", {k: v[1] for k, v in WHEN.items()},
                                   "ahead", "How early you tell them"),
            "reason": choice_control("Your reason", {k: v[1] for k, v in
                                                     MESSAGE_REASONS.items()},
                                     "illness", "Only give a reason that is true"),
            "reschedule": widgets.Checkbox(value=True, description="Ask to reschedule",
                                           style=_STYLE),
            "company": widgets.Text(value="", placeholder="company", description="Company",
                                    style=_STYLE, continuous_update=False),
            "role": widgets.Text(value="", placeholder="role", description="Role",
                                 style=_STYLE, continuous_update=False),
            "contact": widgets.Text(value="", placeholder="optional",
                                    description="Recruiter's name", style=_STYLE,
                                    continuous_update=False),
            "your_name": widgets.Text(value="", placeholder="optional",
                                      description="Your name", style=_STYLE,
                                      continuous_update=False),
        }
        self._defaults = {k: w.value for k, w in self.controls.items()}
        self.text = widgets.Textarea(layout=widgets.Layout(width="100%", height="230px"))
        self.cost = widgets.HTML()
        self.error = widgets.HTML()
        self.reset_button = widgets.Button(description="Reset", icon="undo")
        self.reset_button.on_click(lambda _: self.reset())
        self._muted = False
        self.draft = None
        for w in self.controls.values():
            w.observe(lambda _: None if self._muted else self.refresh(), names="value")
        self.widget = widgets.VBox([
            widgets.HTML("<h3 style='margin:4px 0'>Draft your message</h3>"),
            self.scenario.dropdown, *self.controls.values(), self.reset_button, self.error,
            self.text, self.cost])
        self.refresh()

    def apply_scenario(self, params: Params) -> None:
        """Cost the message under another scenario."""
        self.params = params
        self.refresh()

    def refresh(self) -> None:
        """Redraft from the controls."""
        v = {k: w.value for k, w in self.controls.items()}
        try:
            d = draft_message(self.params, when=v["when"], reason=v["reason"],
                              reschedule=v["reschedule"], company=v["company"] or "",
                              role=v["role"] or "", contact=v["contact"],
                              your_name=v["your_name"])
        except Exception as exc:
            self.error.value = (f"<div style='{_ERROR_STYLE}'>"
                                f"{html.escape(plain_error(exc))}</div>")
            return
        self.error.value = ""
        self.draft = d
        self.text.value = d.text()
        tips = "".join(f"<li>{html.escape(t)}</li>" for t in d.tips)
        self.cost.value = (
            f"<p>In the model this cancellation costs <b>{1 - d.cost['kept_same_company']:.0%}"
            f"</b> of your invitation chance at this company and "
            f"<b>{1 - d.cost['kept_overall']:.2%}</b> across all employers "
            f"({'a legitimate' if d.reason_kind == 'legitimate' else 'a vague'} reason, "
            f"{NOTICE_LABELS[d.notice].lower()}).</p><ul>{tips}</ul>")

    def reset(self) -> None:
        """Back to the defaults; redraft once."""
        self._muted = True
        try:
            for k, v in self._defaults.items():
                self.controls[k].value = v
        finally:
            self._muted = False
        self.refresh()

    def _ipython_display_(self) -> None:
        display(self.widget)


# --- notebook 9: sensitivity ----------------------------------------------------------

class SensitivityPanel(Panel):
    """Which assumptions could flip the verdict of the decision notebook."""

    title = "What if the model is wrong?"
    runs = 400

    def extra_controls(self) -> None:
        """The interview in question."""
        self.add_interview_controls(weeks=False, reason=False)

    def compute(self, params: Params) -> pd.DataFrame:
        """The advantage at each end of each assumption's plausible range."""
        return sensitivity(params, self.interview(), runs=self.runs, weeks=13,
                           seed=self.seed.value, start=self.scenario.start)

    def figure(self, result):
        """A tornado chart."""
        return charts.tornado_figure(result)

    def summary_html(self, result) -> str:
        """The widest swings."""
        t = result[["label", "low_value", "high_value", "at_low", "at_high", "choice_low",
                    "choice_high", "flips"]].head(8)
        return _table_html(t, at_low="+.1%", at_high="+.1%")


class PredictPanel:
    """Predict first: record a guess, then reveal what the model says."""

    question = ("Over the next three months, by how many points does attending one so-so "
                "interview (interest 2 of 5, a group panel) change your chance of having "
                "taken a job, against cancelling it?")

    def __init__(self, params: Params | None = None, *, seed: int = 0) -> None:
        self.scenario = ScenarioChooser(self, params)
        self.params = self.scenario.params
        self.seed = seed
        self.guess = widgets.FloatSlider(value=0.0, min=-10, max=20, step=0.5,
                                         description="Your guess", style=_STYLE,
                                         readout_format=".1f", continuous_update=False,
                                         tooltip="Percentage points, e.g. 5 means 5 more "
                                                 "searches in every 100 end in a job",
                                         layout=widgets.Layout(width="460px"))
        self.button = widgets.Button(description="Reveal the model's answer", icon="eye",
                                     button_style="primary",
                                     layout=widgets.Layout(width="260px"))
        self.again = widgets.Button(description="Hide and guess again", icon="undo",
                                    layout=widgets.Layout(width="220px"))
        self.answer = widgets.HTML()
        self.image = widgets.Image(format="png", layout=widgets.Layout(max_width="100%"))
        self.result: DecisionResult | None = None
        self.button.on_click(lambda _: self.reveal())
        self.again.on_click(lambda _: self.hide())
        self.widget = widgets.VBox([
            widgets.HTML(f"<p style='font-size:1.15em'><b>{html.escape(self.question)}</b>"
                         "</p>"),
            self.scenario.dropdown, widgets.HBox([self.guess, widgets.HTML("points")]),
            widgets.HBox([self.button, self.again]), self.answer, self.image])

    def apply_scenario(self, params: Params) -> None:
        """Answer for another scenario (hides any answer shown)."""
        self.params = params
        self.result = None
        self.hide()

    def reveal(self) -> str | None:
        """Run the model, show its answer beside the guess, and return the text."""
        try:
            return self._reveal()
        except Exception as exc:
            self.answer.value = (f"<div style='{_ERROR_STYLE}'>"
                                 f"{html.escape(plain_error(exc))}</div>")
            return None

    def _reveal(self) -> str:
        if self.result is None:
            self.result = decide(self.params, Interview(interest=2, format="panel"),
                                 runs=2000, weeks=13, seed=self.seed, drivers=False,
                                 start=self.scenario.start)
        s = 100 * self.result.summary.set_index("metric").loc["p_job",
                                                               ["difference", "low", "high"]]
        text = answer_text(self.guess.value, s["difference"], s["low"], s["high"])
        self.answer.value = f"<p style='font-size:1.15em'>{html.escape(text)}</p>"
        self.image.value = charts.to_png(charts.decision_figure(self.result,
                                                                self.result.curves()))
        return text

    def hide(self) -> None:
        """Hide the answer so the next person can guess."""
        self.answer.value = ""
        self.image.value = b""

    def _ipython_display_(self) -> None:
        display(self.widget)


def answer_text(guess: float, model: float, low: float, high: float) -> str:
    """Compare a guess (points of the chance of a job) with the model's answer."""
    if low <= guess <= high:
        verdict = "Your guess is inside the model's range."
    elif guess < low:
        verdict = "You guessed lower than the model: attending is worth more than it looks."
    else:
        verdict = "You guessed higher than the model: one interview moves less than it feels."
    return (f"You guessed {guess:+.1f} points. The model says attending changes the chance "
            f"of having taken a job by {model:+.1f} points (90% interval {low:+.1f} to "
            f"{high:+.1f}). {verdict}")


PANELS: dict[str, Callable[..., Any]] = {
    "decision": DecisionPanel, "surprise": SurprisePanel, "practice": PracticePanel,
    "leverage": LeveragePanel, "reputation": ReputationPanel, "habit": HabitPanel,
    "policy": PolicyPanel, "message": MessagePanel, "sensitivity": SensitivityPanel,
    "predict": PredictPanel,
}
"""Every panel by name (tests build each one)."""

__all__ = ["PANELS", "DecisionPanel", "HabitPanel", "LeveragePanel", "MessagePanel", "Panel",
           "PolicyPanel", "PracticePanel", "PredictPanel", "ReputationPanel",
           "SensitivityPanel", "SurprisePanel", "answer_text", "choice_control",
           "int_control", "param_control"]
