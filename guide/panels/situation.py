"""Your situation on the decision panel: the other processes and offers you have.

Up to three other processes (how far along each is and how much you want it) and up to
two offers in hand (how much you want each and when you must answer). What is entered
becomes the model's :class:`guide.Start`, and the panel says, by name, what attending
does to each of them.
"""

from __future__ import annotations

import html
from typing import Any

from .._words import STAGE_WORDS, others_lines
from ..model.decision import DecisionResult
from ..model.start import Start
from .controls import Choice, Slider, Text

PROCESSES, OFFERS = 3, 2
STAGES = {"none": "none", "booked": STAGE_WORDS["scheduled"], "rounds3": "3 rounds to come",
          "rounds2": "2 rounds to come", "final": STAGE_WORDS["final_round"],
          "waiting": STAGE_WORDS["waiting"]}
"""Where another process stands, in a reader's words."""
_START = {"booked": ("scheduled",), "rounds3": ("in_process", 3),
          "rounds2": ("in_process", 2), "final": ("in_process", 1),
          "waiting": ("in_process", 0)}
DUE = {0: "no offer", **{w: f"answer due within {w} week{'s' if w > 1 else ''}"
                         for w in (1, 2, 3, 4, 6, 8)}}
"""When an offer in hand must be answered (0: no offer in this row)."""
_INTEREST_HELP = "How much you want this job: 1 = a little, 5 = a lot"


def situation_spec() -> dict[str, Any]:
    """The controls for other processes and offers in hand, row by row."""
    spec: dict[str, Any] = {}
    for i in range(1, PROCESSES + 1):
        spec[f"process{i}_name"] = Text("Company", f"other process {i}")
        spec[f"process{i}_stage"] = Choice("Where it stands", STAGES, "none",
                                           "How far along this process is")
        spec[f"process{i}_interest"] = Slider("Interest", 3, 1, 5, _INTEREST_HELP,
                                              unit="1 to 5")
    for j in range(1, OFFERS + 1):
        spec[f"offer{j}_name"] = Text("Company", f"offer {j}")
        spec[f"offer{j}_due"] = Choice("Offer in hand", DUE, 0,
                                       "Whether you have this offer and when you must answer")
        spec[f"offer{j}_interest"] = Slider("Interest", 3, 1, 5, _INTEREST_HELP,
                                            unit="1 to 5")
    return spec


ROWS = [(f"Other process {i}", tuple(f"process{i}_{k}" for k in ("name", "stage", "interest")))
        for i in range(1, PROCESSES + 1)] + \
       [(f"Offer in hand {j}", tuple(f"offer{j}_{k}" for k in ("name", "due", "interest")))
        for j in range(1, OFFERS + 1)]
"""Each row of the situation: its heading and its three controls."""


def entered(value: Any) -> tuple[list[tuple], list[tuple], list[str], list[str]]:
    """Processes, offers and their names from the controls (``value(key)``), as entered."""
    procs, offers, proc_names, offer_names = [], [], [], []
    for i in range(1, PROCESSES + 1):
        stage = value(f"process{i}_stage")
        if stage != "none":
            first, *left = _START[stage]
            procs.append((first, value(f"process{i}_interest"), *left))
            proc_names.append(value(f"process{i}_name").strip() or f"other process {i}")
    for j in range(1, OFFERS + 1):
        due = value(f"offer{j}_due")
        if due:
            offers.append((value(f"offer{j}_interest"), due))
            offer_names.append(value(f"offer{j}_name").strip() or f"offer {j}")
    return procs, offers, proc_names, offer_names


def situation_start(value: Any, scenario: Start | None) -> tuple[Start | None, list[str]]:
    """The model's start for what is entered, on top of the scenario's offers.

    Also the name of each process and offer, in the order the decision reports them.
    """
    procs, offers, proc_names, offer_names = entered(value)
    kept = scenario.offers if scenario is not None else ()
    if not procs and not offers:
        return scenario, ["the offer you already have"] * len(kept)
    start = Start(skills=scenario.skills if scenario is not None else None,
                  processes=tuple(procs), offers=tuple(kept) + tuple(offers))
    names = proc_names + ["the offer you already have"] * len(kept) + offer_names
    return start, names


EMPTY_ROWS = ("Rows of your other processes and offers with no stage or no offer chosen "
              "are left out, so their company and interest change nothing.")


def inert_row(key: str, value: Any) -> str | None:
    """Why a situation control changes nothing: its row is empty."""
    for _, keys in ROWS:
        if key in keys and key != keys[1] and value(keys[1]) in ("none", 0):
            return EMPTY_ROWS
    return None


def others_html(result: DecisionResult, names: list[str]) -> str:
    """What attending does to each other process and offer, by name."""
    if result.others.empty:
        return ""
    items = "".join(f"<li>{html.escape(line)}</li>" for line in others_lines(result, names))
    return ("<p><b>What attending does to the rest of your search</b> (the same simulated "
            "futures, with and without this interview):</p><ul>" + items + "</ul>")
