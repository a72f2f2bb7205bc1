"""Panels about one decision: notebooks 1 (predict first), 2 (the decision), 9 (what if)."""

from __future__ import annotations

import html
from typing import NamedTuple

import ipywidgets as widgets
import pandas as pd

from .. import charts
from .._mechanisms import sensitivity, weigh_assumptions
from .._weights import Weight, decision_weight
from .._words import outcome_table, sensitivity_summary, sensitivity_table
from ..model.decision import DECISION_RUNS, DecisionResult, decide, explain
from ..model.interview import Interview
from ..model.params import Params
from ..model.start import Start
from .base import Panel, error_html, table_html
from .controls import (
    FORMAT,
    HOURS,
    HOURS_PHONE,
    INTEREST,
    NOTICE_IF_CANCEL,
    PAID_SHARE,
    REASON_IF_CANCEL,
    WEEKS_LEFT,
    WEEKS_LEFT_PHONE,
    Number,
)
from .situation import ROWS, inert_row, others_html, situation_spec, situation_start


def interview_of(panel: Panel) -> Interview:
    """The interview described by a panel's controls.

    A panel without a reason says "vague"; without hours, the format's usual hours.
    """
    has = panel.controls.__contains__
    hours = float(panel.value("hours")) if has("hours") else None
    share = float(panel.value("paid")) if has("paid") and hours is not None else 0.0
    return Interview(interest=panel.value("interest"), format=panel.value("format"),
                     notice=panel.value("notice"),
                     reason=panel.value("reason") if has("reason") else "vague",
                     hours=hours, paid_hours=share * hours if hours is not None else 0.0)


class DecisionView(NamedTuple):
    """What the decision panel shows: the decision, its paths, how much reputation matters.

    ``weight`` is filled in with the explanation, where industry size is a control.
    """

    decision: DecisionResult
    curves: pd.DataFrame
    weight: Weight | None = None
    names: tuple[str, ...] = ()  # of the other processes and offers, as reported


def settled_note(result: DecisionResult) -> str:
    """Say why the sliders move little when (almost) every search ends in a job anyway."""
    p = result.row("p_job")
    if min(p["attend"], p["cancel"]) < 0.995:
        return ""
    return ("<p style='color:#555'>Almost every simulated search takes a job within "
            f"{result.weeks} weeks either way (with an offer in hand, it is taken first), so "
            "the sliders here change little: try fewer weeks, or a scenario without an "
            "offer.</p>")


class DecisionPanel(Panel):
    """Attend or cancel the interview you are thinking about."""

    title = "The interview you are thinking of cancelling"
    param_names = ("applications_per_week", "industry_size")
    controls_spec = {"interest": INTEREST, "format": FORMAT, "hours": HOURS,
                     "paid": PAID_SHARE, "weeks": WEEKS_LEFT,
                     "notice": NOTICE_IF_CANCEL, "reason": REASON_IF_CANCEL,
                     **situation_spec()}
    groups = tuple(ROWS)
    group_title = "Your other processes and offers in hand (optional: open to enter them)"
    runs = DECISION_RUNS
    remembers = 5  # a slider dragged back shows it at once (about 9 MB a setting kept)
    weighs_assumptions = True  # after the chart: which assumptions could flip it
    not_weighed = "Which assumptions could change the answer is being worked out. "
    pending_note = ("<i>Working out what decides it, and which assumptions could change "
                    "the answer...</i>")  # until explained

    def start(self) -> tuple[Start | None, list[str]]:
        """The model's start: the scenario's, with the situation entered on the panel."""
        if not self.groups:
            return self.scenario.start, []
        return situation_start(self.value, self.scenario.start)

    def compute(self, params: Params) -> DecisionView:
        """Simulate both choices and their average paths."""
        start, names = self.start()
        r = decide(params, interview_of(self), runs=self.runs, weeks=self.value("weeks"),
                   seed=self.seed.value, drivers=False, start=start)
        return DecisionView(r, r.curves(), names=tuple(names))

    def inert(self, key: str) -> str | None:
        """An empty row of the situation says so; otherwise as every panel."""
        if self.groups:
            why = inert_row(key, self.value)
            if why:
                return why
        return super().inert(key)

    def explain(self, result: DecisionView) -> DecisionView:
        """Work out which mechanisms carry the difference (after the chart is shown).

        Where industry size is a control, also say how much reputation decides it.
        """
        r = result.decision
        weight = None
        if "industry_size" in self.param_names:
            # the same futures as the verdict: "net ... with it" is the verdict's net
            weight = decision_weight(r.params, r.interview, "reputation", runs=r.runs,
                                     weeks=r.weeks, seed=r.seed, start=r.start, base=r)
        r = explain(r)
        if self.weighs_assumptions:  # the same numbers as notebook 9 at this setting
            r = weigh_assumptions(r)
        return result._replace(decision=r, weight=weight)

    def figure(self, result: DecisionView):
        """Attend versus cancel over time."""
        return charts.decision_figure(result.decision, result.curves)

    def summary_html(self, result: DecisionView) -> str:
        """The verdict and the numbers behind it."""
        r = result.decision
        first, *rest = r.verdict(self.not_weighed).splitlines()
        verdict = (f"<p style='font-size:1.15em'><b>{html.escape(first)}</b></p>"
                   + "".join(f"<p>{html.escape(line)}</p>" for line in rest))
        if r.drivers.empty:
            verdict += f"<p>{self.pending_note}</p>"
        weight = "" if result.weight is None else \
            f"<p>{html.escape(result.weight.sentence())}</p>"
        mine = ""
        if result.names:
            mine = others_html(r, list(result.names)) + self.start_note(r)
        return (verdict + mine + weight
                + settled_note(r)
                + table_html(outcome_table(r).rename_axis("outcome").reset_index())
                + f"<p style='color:#555'>{self.runs:,} simulated futures for each choice; "
                  "the ranges hold 99% of what more futures would give.</p>")

    def start_note(self, r: DecisionResult) -> str:
        """What the model starts from, when processes were entered on the panel."""
        if r.start is None or r.start.generic:
            return ""
        return ("<p style='color:#555'>With other processes entered, the model starts from "
                "exactly these, at the starting skill, instead of a typical search some "
                "weeks in.</p>")

    def summary_table(self, result: DecisionView | None = None) -> pd.DataFrame:
        """Attend, cancel and the difference for each outcome (deterministic)."""
        s = (result or self.result).decision.summary
        return s[["label", "attend", "cancel", "difference", "low", "high"]].rename(
            columns={"label": "outcome"})


class AppDecisionPanel(DecisionPanel):
    """The decision panel of the participants' app: built for phones in a full room.

    The chart shows the chance of a job only, phone-wide and readable at its own size
    (practice and reputation are in the table below it), and the explanation of what
    decides it (32 more simulations, about a second of a shared laptop's processor) waits
    for a tap instead of following every slider move: thirty phones moving sliders share
    two cores. Industry size is left to the notebooks: its effect is on the reputation
    chart, which the phone view leaves out.
    """

    param_names = ("applications_per_week",)  # industry size: notebooks 2 and 6 (below)
    controls_spec = {k: {"weeks": WEEKS_LEFT_PHONE, "hours": HOURS_PHONE}.get(k, v)
                     for k, v in DecisionPanel.controls_spec.items()
                     if k not in {key for _, keys in ROWS for key in keys}}
    groups = ()  # a room's phones answer for the workshop's example, not a person's search
    weighs_assumptions = False  # 60 more simulations a tap: too much for a shared room
    not_weighed = ("Which assumptions could change the answer is not worked out in this "
                   "app (notebook 9 of the guide does it). ")
    pending_note = ("<i>Tap <b>What decides it?</b> to see which reasons carry the "
                    "difference.</i>")

    def buttons(self) -> list[widgets.Widget]:
        """The button that explains the current setting."""
        self.why = widgets.Button(description="What decides it?", icon="question",
                                  tooltip="Which of the four reasons carry the difference",
                                  layout=widgets.Layout(width="190px"))
        self.why.on_click(lambda _: self.explain_now())
        return [self.why]

    def explain(self, result: DecisionView) -> None:
        """Nothing after a move: the explanation waits for the button."""
        return None

    def explain_now(self) -> None:
        """Work out and show what decides the current setting."""
        if self.result is None or not self.result.decision.drivers.empty:
            return
        try:
            explained = DecisionPanel.explain(self, self.result)
        except Exception as exc:
            self.error.value = error_html(exc, "Cannot explain this setting.")
            return
        self.remember_explained(explained)
        self._show(self.result)

    def figure(self, result: DecisionView):
        """The chance of a job over time, attend versus cancel, phone-wide."""
        return charts.decision_figure(result.decision, result.curves, phone=True)



class SensitivityPanel(Panel):
    """Which assumptions could change the verdict of the decision notebook."""

    title = "What if the model is wrong?"
    controls_spec = {"interest": INTEREST, "format": FORMAT, "notice": NOTICE_IF_CANCEL}
    runs = DecisionPanel.runs  # the same verdict as the decision panel at your setting

    def compute(self, params: Params) -> pd.DataFrame:
        """The net value at each end of each assumption's plausible range."""
        return sensitivity(params, interview_of(self), runs=self.runs, weeks=13,
                           seed=self.seed.value, start=self.scenario.start)

    def figure(self, result: pd.DataFrame):
        """A tornado chart."""
        return charts.tornado_figure(result)

    def summary_html(self, result: pd.DataFrame) -> str:
        """The widest swings."""
        lead = "<br>".join(html.escape(line)
                           for line in sensitivity_summary(result).splitlines())
        lead = f"<p>{lead}.<br>The eight with the widest swing:</p>"
        t = sensitivity_table(result, rows=8).rename_axis("assumption").reset_index()
        return lead + table_html(t)


class PredictPanel(Panel):
    """Predict first: record a guess, then reveal what the model says."""

    title = ("Over the next three months, by how many points does attending one so-so "
             "interview (interest 2 of 5, a group panel) change your chance of having "
             "taken a job, against cancelling it?")
    controls_spec = {"guess": Number(
        "Your guess", 0.0, -10, 20, 0.5,
        "Percentage points, e.g. 5 means 5 more searches in every 100 end in a job",
        unit="points")}
    live = False  # the answer waits for the button

    def __init__(self, params: Params | None = None, *, seed: int = 0) -> None:
        self.button = widgets.Button(description="Reveal the model's answer", icon="eye",
                                     button_style="primary",
                                     layout=widgets.Layout(width="260px"))
        self.again = widgets.Button(description="Hide and guess again", icon="undo",
                                    layout=widgets.Layout(width="220px", display="none"))
        self.button.on_click(lambda _: self.reveal())
        self.again.on_click(lambda _: self.hide())
        self._decision: DecisionResult | None = None
        super().__init__(params, seed=seed)
        self.guess = self.controls["guess"]
        self.answer = self.summary

    def buttons(self) -> list[widgets.Widget]:
        """Reveal and hide."""
        return [self.button, self.again]

    def compute(self, params: Params) -> DecisionResult:
        """The model's answer (computed once per scenario and seed)."""
        if self._decision is None or self._decision.seed != self.seed.value:
            self._decision = decide(params, Interview(interest=2, format="panel"),
                                    runs=DecisionPanel.runs, weeks=13, seed=self.seed.value,
                                    drivers=False, start=self.scenario.start)
        return self._decision

    def figure(self, result: DecisionResult):
        """The same chart as the decision panel's."""
        return charts.decision_figure(result, result.curves())

    def summary_html(self, result: DecisionResult) -> str:
        """The guess beside the model's answer."""
        return f"<p style='font-size:1.15em'>{html.escape(self.comparison(result))}</p>"

    def comparison(self, result: DecisionResult) -> str:
        """The comparison in words."""
        s = 100 * result.row("p_job")[["difference", "low", "high"]]
        return answer_text(self.guess.value, s["difference"], s["low"], s["high"])

    def reveal(self) -> str | None:
        """Run the model, show its answer beside the guess, and return the text."""
        self.refresh()
        if self.error.value:
            return None
        self.again.layout.display = ""  # there is now something to hide
        return self.comparison(self.result)

    def hide(self) -> None:
        """Hide the answer so the next person can guess."""
        self.clear()
        self.again.layout.display = "none"

    def apply_scenario(self, params: Params) -> None:
        """Answer for another scenario (hides any answer shown)."""
        self._decision = None
        super().apply_scenario(params)


def answer_text(guess: float, model: float, low: float, high: float) -> str:
    """Compare a guess (points of the chance of a job) with the model's answer."""
    if low <= guess <= high:
        verdict = "Your guess is inside the model's range."
    elif guess < low:
        verdict = "You guessed lower than the model: attending is worth more than it looks."
    else:
        verdict = "You guessed higher than the model: one interview moves less than it feels."
    return (f"You guessed {guess:+.1f} points. The model says attending changes the chance "
            f"of having taken a job by {model:+.1f} points (99% range {low:+.1f} to "
            f"{high:+.1f}). {verdict}")


__all__ = ["DecisionPanel", "DecisionView", "PredictPanel", "SensitivityPanel",
           "answer_text", "interview_of", "settled_note"]
