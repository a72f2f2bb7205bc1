"""The decision panel filled from your pipeline file (notebook 10).

The same panel as notebook 2's, with the situation taken from the file: the interview's
interest and format from its row, the other processes, offers in hand and the skill your
past interviews gave you from the rest of the file. What a file does not hold (the hours
it takes, paid work missed, weeks, notice, reason, applications per week, industry size)
keeps its controls.
"""

from __future__ import annotations

import dataclasses
import html
from datetime import date

from .._checks import check_day
from .._pipeline import Pipeline, check_pipeline
from .._planning import situation, situation_rows
from .._presets import current_params
from .._vocabulary import FORMATS
from .._words import STAGE_WORDS
from ..model.params import Params
from ..model.rules import format_hours
from ..model.start import Start
from .controls import FORMAT, HOURS, INTEREST
from .decision import DecisionPanel, DecisionView
from .situation import ROWS

_SITUATION_KEYS = {key for _, keys in ROWS for key in keys}


class FileDecisionPanel(DecisionPanel):
    """Attend or cancel an upcoming interview in your pipeline file.

    Args:
        pipeline: A loaded pipeline (:func:`guide.load_pipeline`).
        company: The company of the upcoming interview in question.
        today: The day the file describes (interviews from then on are upcoming).
        params: The model's assumptions (default: the scenario in use).
        seed: Seed of the simulated futures.

    Raises:
        ValueError: No pipeline loaded, or no upcoming interview at ``company``.
    """

    controls_spec = {k: v for k, v in DecisionPanel.controls_spec.items()
                     if k not in _SITUATION_KEYS}
    groups = ()

    def __init__(self, pipeline: Pipeline, company: str, *, today: date,
                 params: Params | None = None, seed: int = 0) -> None:
        self.pipeline = check_pipeline(pipeline)
        self.today = check_day("today", today)
        upcoming = self.pipeline.upcoming(self.today)
        match = upcoming[upcoming["company"] == company]
        if match.empty:
            raise ValueError(f"company={company!r:.60} has no interview on or after "
                             f"{self.today}; upcoming: "
                             f"{', '.join(upcoming['company']) or 'none'}")
        self.label, row = next(match.iterrows())
        self.company, self.role = str(row["company"]), str(row["role"] or "")
        self.title = f"Your interview at {self.company}: attend or cancel?"
        usual = format_hours(params or current_params())[FORMATS.index(row["format"])]
        # the interview's row sets where the controls start, and where Reset returns
        self.controls_spec = {
            **self.controls_spec,
            "interest": dataclasses.replace(INTEREST, value=int(row["interest"])),
            "format": dataclasses.replace(FORMAT, value=row["format"]),
            "hours": dataclasses.replace(HOURS, value=float(usual)),
        }
        super().__init__(params, seed=seed)

    def start(self) -> tuple[Start | None, list[str]]:
        """Your situation from the file (the scenario's own offers are not added to it)."""
        start, names = situation(self.pipeline, self.base, self.today, skip=self.label)
        return start, names

    def start_note(self, r: object) -> str:
        """Nothing more: :meth:`from_file_html` says what the file put in."""
        return ""

    def summary_html(self, result: DecisionView) -> str:
        """The verdict, with where the situation came from."""
        return self.from_file_html() + super().summary_html(result)

    def from_file_html(self) -> str:
        """One line naming what the file put into the model."""
        live, held = situation_rows(self.pipeline, self.today, skip=self.label)
        parts = [f"{html.escape(str(r.company))} ({html.escape(STAGE_WORDS[r.stage])})"
                 for r in (*live.itertuples(), *held.itertuples())]  # the model's order
        done = sum(self.pipeline.experience().values())
        lead = ("From your file: " + ", ".join(parts)) if parts else \
            "From your file: no other live processes or offers"
        skill = (f"skills from your {done} past interview{'s' if done != 1 else ''}" if done
                 else "no past interviews, so the usual starting skill")
        return (f"<p style='color:#555'>{lead}; {skill} (a scenario's offers are not added: "
                "your file says what you have). To change these, edit the table above, "
                "save it and load it again.</p>")
