"""The class poll's answers when they are kept by the hub's poll service.

:class:`HubStore` answers what :class:`guide.workshop.store.PollStore` answers, so the
poll panel and the projector work the same on a laptop and on a hub; only where the
answers live differs. The voter is the hub user whose token the kernel holds, so a
browser's device key plays no part: one answer per hub user.
"""

from __future__ import annotations

from io import StringIO
from pathlib import Path

import pandas as pd

from .. import _hub
from .._files import user_path
from .store import ANSWERS, HEADER


class HubStore:
    """The current session of the hub's class poll (whichever the facilitator started)."""

    folder = None  # nothing of the poll is on this account

    def __init__(self, session: str | None = None) -> None:
        self.session = session or _hub.state()["session"]

    def where(self) -> str:
        """Where the answers are kept, for the facilitator."""
        return "kept by the hub's class poll service"

    def export_folder(self) -> Path:
        """Where an export is saved: this account's poll folder."""
        return user_path("~/attend-or-cancel/poll-answers")

    def version(self) -> tuple:
        """Which state of the poll the hub holds, to notice a change."""
        state = _hub.state()  # an answer replaced changes the answers' own version
        return ("hub", state["session"], state["version"], str(state["answers_version"]))

    def counts(self) -> pd.DataFrame:
        """Number and share of each answer, as :meth:`PollStore.counts`."""
        reply = _hub.request("GET", "counts")
        n = [int(reply["counts"].get(a, 0)) for a in ANSWERS]
        total = sum(n)
        return pd.DataFrame({"answer": list(ANSWERS), "label": list(ANSWERS.values()),
                             "count": n, "share": [c / total if total else 0.0 for c in n]})

    def add(self, answer: str, reason: str = "", *, device: str = "", when=None) -> int:
        """This user's answer (replacing any earlier one); returns the count."""
        reply = _hub.request("POST", "answer", {"answer": answer, "reason": reason})
        _hub.forget()
        return int(reply["count"])

    def answer_of(self, device: str = "") -> str | None:
        """This user's answer in the current session (None: none yet)."""
        return _hub.state(0.0)["you"]["answer"]

    def answers(self) -> pd.DataFrame:
        """Every answer (facilitators only; the service refuses anyone else)."""
        text = _hub.request("GET", "answers.csv")
        if not text.strip():
            return pd.DataFrame(columns=HEADER)
        return pd.read_csv(StringIO(text), dtype=str, keep_default_na=False)
