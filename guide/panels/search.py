"""Panels about whole searches: notebook 7 (policies) and notebook 6 (habits)."""

from __future__ import annotations

import pandas as pd

from .. import charts
from .._mechanisms import compare_policies, habit_cost
from .._words import amount
from ..model.params import Params
from ..model.policy import Policy
from .base import Panel, table_html
from .controls import NOTICE_WHEN_CANCELLING, REASON_WHEN_CANCELLING, Slider, Toggle

SEARCH_TABLE = {"invitations": ".1f", "interviews_attended": ".1f",
                "interviews_cancelled": ".1f", "interview_hours": ".0f", "reputation": ".1%",
                "p_job": ".0%", "weeks_to_job": ".1f", "job_value": ".2f"}
"""How the search outcomes are shown in a panel's table."""


class PolicyPanel(Panel):
    """Whole-search policies compared over many simulated searches."""

    title = "Your whole search: three ways to handle interviews"
    controls_spec = {
        "threshold": Slider("Rule 1: cancel below interest", 3, 2, 5,
                            "Cancel first interviews whose posting interest is below this "
                            "level", unit="1-5"),
        "custom_threshold": Slider("Rule 2: cancel below interest", 4, 2, 5,
                                   "The custom rule's threshold", unit="1-5"),
        "keep_new": Toggle("Rule 2: never cancel an interview in a format I have not done "
                           "yet", True, "Keep every interview in a new format, for the "
                                        "practice"),
        "max_live": Slider("Rule 2: only when this busy", 1, 0, 5,
                           "Cancel only when at least this many other processes or offers "
                           "are live (0 = always)", unit="live processes"),
        "notice": NOTICE_WHEN_CANCELLING,
        "reason": REASON_WHEN_CANCELLING,
        "weeks": Slider("Length of the search", 26, 8, 78, "Weeks simulated", unit="weeks"),
    }
    runs = 1000

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

    def figure(self, result: dict):
        """Three charts over the search."""
        return charts.policy_figure(result["curves"])

    def summary_table(self, result: dict | None = None) -> pd.DataFrame:
        """End-of-search averages per policy (deterministic)."""
        return (result or self.result)["table"]

    def summary_html(self, result: dict) -> str:
        """The end-of-search table."""
        return (table_html(result["table"], **SEARCH_TABLE)
                + f"<p style='color:#555'>{self.runs:,} simulated searches per policy.</p>")


class HabitPanel(Panel):
    """What a habit of cancelling costs over a year."""

    title = "A habit of cancelling, over a year"
    param_names = ("industry_size", "recruiter_network", "industry_penalty")
    controls_spec = {"notice": NOTICE_WHEN_CANCELLING, "reason": REASON_WHEN_CANCELLING}
    runs = 2000  # as notebook 6 computes it

    def compute(self, params: Params) -> pd.DataFrame:
        """A year under each habit."""
        return habit_cost(params, notice=self.value("notice"), reason=self.value("reason"),
                          runs=self.runs, weeks=52, seed=self.seed.value)

    def figure(self, result: pd.DataFrame):
        """Bars per habit."""
        return charts.habit_figure(result, 52)

    def summary_html(self, result: pd.DataFrame) -> str:
        """The table behind the bars."""
        shown = result.assign(job_vs_never=[amount(v, "%", signed=True)
                                            for v in result["job_vs_never"]])
        return table_html(shown, **SEARCH_TABLE)
