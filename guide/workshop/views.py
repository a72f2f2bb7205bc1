"""What the model says at each interest level, for the room: a table and a sentence."""

from __future__ import annotations

import pandas as pd

from .._vocabulary import INTEREST_LEVELS
from ..model.decision import DECISION_RUNS, decide
from ..model.interview import Interview
from ..model.params import Params
from ..model.start import Start


def model_view(params: Params, *, runs: int = DECISION_RUNS, weeks: int = 13, seed: int = 0,
               format: str = "panel", start: Start | None = None) -> pd.DataFrame:
    """What attending one interview changes at each interest level (attend minus cancel).

    The same runs and seed as the decision panel, and the scenario's own start (an offer
    in hand, say), so the room sees the panel's verdicts.

    Returns:
        One row per interest level: ``p_job`` (points of the chance of having taken a job
        within ``weeks``), ``weeks_to_job``, ``net_value`` (hours of pay) and the model's
        ``choice``.
    """
    rows = []
    for level in INTEREST_LEVELS:
        r = decide(params, Interview(interest=level, format=format), runs=runs, weeks=weeks,
                   seed=seed, drivers=False, start=start)
        rows.append({"interest": level, "p_job": 100 * r.difference("p_job"),
                     "weeks_to_job": r.difference("weeks_to_job"),
                     "net_value": r.difference("net_value"), "choice": r.choice})
    return pd.DataFrame(rows)


def model_sentence(view: pd.DataFrame) -> str:
    """One sentence saying what the model chooses across interest levels."""
    said = {c: view.loc[view["choice"] == c, "interest"].tolist()
            for c in ("attend", "cancel", "too_close")}
    words = {"attend": "attend", "cancel": "cancel", "too_close": "too close to call"}
    if len(said["attend"]) == len(view):
        return ("In this scenario the model says attend at every interest level: attending "
                "raises the chance of having taken a job by "
                f"{view['p_job'].min():.1f} to {view['p_job'].max():.1f} points.")
    parts = [f"{words[c]} at interest {', '.join(str(v) for v in levels)}"
             for c, levels in said.items() if levels]
    return "In this scenario the model says " + "; ".join(parts) + "."
