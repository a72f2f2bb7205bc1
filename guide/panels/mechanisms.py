"""One panel per mechanism: notebooks 3 (surprise), 4 (practice), 5 (bargaining), 6."""

from __future__ import annotations

import html
from typing import NamedTuple

import pandas as pd

from .. import charts
from .._mechanisms import (
    interviews_to_reach,
    learning_curve,
    leverage_table,
    reputation_by_industry,
    reputation_table,
    surprise_by_interest,
)
from .._vocabulary import CANCEL_REASON_LABELS, NOTICE_LABELS
from .._weights import Weight, decision_weight
from ..model.interview import Interview
from ..model.params import Params
from .base import Panel, table_html
from .controls import Choice


class SurprisePanel(Panel):
    """How a noisy posting hides the real job."""

    title = "What a posting hides"
    param_names = ("posting_noise", "fit_threshold")

    def compute(self, params: Params) -> pd.DataFrame:
        """The chance of an acceptable job by interest level."""
        return surprise_by_interest(params, samples=50_000, seed=self.seed.value)

    def figure(self, result: pd.DataFrame):
        """Bars by interest level."""
        return charts.surprise_figure(result)

    def summary_html(self, result: pd.DataFrame) -> str:
        """The table behind the bars."""
        return table_html(result[["label", "chance_acceptable", "chance_if_exact"]],
                          chance_acceptable=".0%", chance_if_exact=".0%")


class LearningView(NamedTuple):
    """A learning curve and the parameters it was drawn for."""

    curve: pd.DataFrame
    params: Params


class PracticePanel(Panel):
    """Learning curves: how practice changes your chances."""

    title = "Practice makes perfect (up to a point)"
    param_names = ("initial_skill", "learning_rate", "transfer", "skill_effect",
                   "performance_noise")

    def compute(self, params: Params) -> LearningView:
        """The learning curve for the current settings."""
        return LearningView(learning_curve(params, 12), params)

    def figure(self, result: LearningView):
        """Skill and offer chance against interviews."""
        return charts.learning_figure(result.curve, result.params.rounds)

    def summary_html(self, result: LearningView) -> str:
        """How many interviews to get good, and the offer chance before and after."""
        curve = result.curve
        n = interviews_to_reach(result.params, 0.8)
        reach = "never (no learning)" if n is None else f"{n} interviews"
        return (f"<p>To reach a skill of 80% in a format you have never done: <b>{reach}</b>. "
                f"Offer chance per process: {curve['offer_chance'].iloc[0]:.0%} before, "
                f"{curve['offer_chance'].iloc[-1]:.0%} after 12 interviews.</p>"
                + table_html(curve.iloc[[0, 1, 2, 3, 6, 12]], skill=".0%",
                             skill_elsewhere=".0%", gain=".1%", pass_chance=".0%",
                             offer_chance=".0%"))


WEIGHT_RUNS = 2000
"""Futures per choice when a mechanism panel weighs the guide's example interview."""


def weight_html(weight: Weight) -> str:
    """How much the mechanism decides the example interview, as a short paragraph."""
    return ("<p><b>For the guide's example (an interest-2 group panel, 13 weeks):</b> "
            f"{html.escape(weight.sentence())}</p>")


class LeverageView(NamedTuple):
    """Speed and offer by rivals, and how much bargaining decides the example."""

    table: pd.DataFrame
    weight: Weight


class LeveragePanel(Panel):
    """Bargaining power from other live processes."""

    title = "Other interviews as bargaining power"
    param_names = ("bargaining_speedup", "bargaining_uplift", "bargaining_cap",
                   "process_weeks")

    def compute(self, params: Params) -> LeverageView:
        """Speed and offer by number of rival processes, and the weight on the example."""
        return LeverageView(leverage_table(params),
                            decision_weight(params, Interview(), "bargaining",
                                            runs=WEIGHT_RUNS))

    def figure(self, result: LeverageView):
        """Two bar charts."""
        return charts.leverage_figure(result.table)

    def summary_html(self, result: LeverageView) -> str:
        """How much bargaining decides the example, then the table behind the bars."""
        return weight_html(result.weight) + table_html(
            result.table, steps_per_week=".2f", weeks_per_process=".1f", offer_uplift=".2f",
            chance_offer_acceptable=".0%")


class ReputationView(NamedTuple):
    """Costs by notice and reason, by industry size, and your industry's size."""

    costs: pd.DataFrame
    by_size: pd.DataFrame
    industry_size: int
    weight: Weight


class ReputationPanel(Panel):
    """What a cancellation costs, by notice, reason and industry size."""

    title = "Word gets around"
    param_names = ("industry_size", "recruiter_network", "industry_penalty",
                   "same_company_penalty", "notice_cost_same_day", "notice_cost_day_or_more",
                   "legitimate_reason_factor")
    controls_spec = {
        "notice": Choice("Curve: notice", NOTICE_LABELS, "no_show",
                         "Which cancellation the right-hand chart follows"),
        "reason": Choice("Curve: reason", CANCEL_REASON_LABELS, "vague",
                         "Which reason the right-hand chart uses"),
    }

    def compute(self, params: Params) -> ReputationView:
        """Both tables."""
        sizes = tuple(sorted({10, 25, 50, 100, 200, 500, 1000, 5000, params.industry_size}))
        notice, reason = self.value("notice"), self.value("reason")
        example = Interview(notice=notice, reason=reason)
        return ReputationView(reputation_table(params),
                              reputation_by_industry(params, notice, reason, sizes),
                              params.industry_size,
                              decision_weight(params, example, "reputation",
                                              runs=WEIGHT_RUNS))

    def figure(self, result: ReputationView):
        """Bars and the industry curve, with your industry marked."""
        return charts.reputation_figure(result.costs, result.by_size, result.industry_size)

    def summary_html(self, result: ReputationView) -> str:
        """How much reputation decides the example, then the cost table."""
        t = result.costs[["label", "severity", "kept_same_company", "kept_overall"]]
        return weight_html(result.weight) + table_html(
            t, severity=".2f", kept_same_company=".0%", kept_overall=".2%")
