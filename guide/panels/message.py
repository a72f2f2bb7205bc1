"""Notebook 8: draft an honest, courteous cancellation message and see what it costs."""

from __future__ import annotations

import html

import ipywidgets as widgets

from .._message import MESSAGE_REASONS, NO_RESCHEDULE, WHEN, Draft, draft_message
from .._vocabulary import NOTICE_LABELS
from ..model.params import Params
from .base import Panel
from .controls import Choice, Text, Toggle


class MessagePanel(Panel):
    """Draft an honest, courteous cancellation message and see what it costs."""

    title = "Draft your message"
    controls_spec = {
        "when": Choice("When you send it", {k: v[1] for k, v in WHEN.items()}, "ahead",
                       "How early you tell them"),
        "reason": Choice("Your reason", {k: v[1] for k, v in MESSAGE_REASONS.items()},
                         "illness", "Only give a reason that is true"),
        "reschedule": Toggle("Ask to reschedule", True, "Offer another date"),
        "company": Text("Company", "company"),
        "role": Text("Role", "role"),
        "contact": Text("Recruiter's name", "optional"),
        "your_name": Text("Your name", "optional"),
    }
    has_chart = False

    def __init__(self, params: Params | None = None) -> None:
        self.text = widgets.Textarea(layout=widgets.Layout(width="100%", height="230px"))
        super().__init__(params)

    @property
    def draft(self) -> Draft | None:
        """The message as drafted from the controls."""
        return self.result

    def outputs(self) -> list[widgets.Widget]:
        """The editable message below the cost."""
        return [self.text]

    def compute(self, params: Params) -> Draft:
        """Draft from the controls."""
        v = {k: w.value for k, w in self.controls.items()}
        return draft_message(params, when=v["when"], reason=v["reason"],
                             reschedule=v["reschedule"], company=v["company"] or "",
                             role=v["role"] or "", contact=v["contact"],
                             your_name=v["your_name"])

    def show(self, result: Draft) -> None:
        """Put the draft in the text box (you can edit it there)."""
        self.text.value = result.text()

    def summary_html(self, result: Draft) -> str:
        """What the cancellation costs, and tips."""
        tips = "".join(f"<li>{html.escape(t)}</li>" for t in result.tips)
        kind = "a legitimate" if result.reason_kind == "legitimate" else "a vague"
        return (f"<p>In the model this cancellation costs "
                f"<b>{1 - result.cost['kept_same_company']:.0%}</b> of your invitation "
                f"chance at this company and <b>{1 - result.cost['kept_overall']:.2%}</b> "
                f"across all employers ({kind} reason, "
                f"{NOTICE_LABELS[result.notice].lower()}).</p><ul>{tips}</ul>")

    def inert(self, key: str) -> str | None:
        """Rescheduling is not offered when you have accepted elsewhere or it is not a fit."""
        if key == "reschedule" and self.value("reason") in NO_RESCHEDULE:
            return ("Having accepted another offer, or found the job is not a fit, you do "
                    "not ask to reschedule, so that box changes nothing here.")
        return super().inert(key)

    @property
    def cost(self) -> widgets.HTML:
        """The cost line (the panel's summary)."""
        return self.summary
