"""ipywidgets control panels, one per idea of the guide, on one base.

Every panel has labelled controls with units and tooltips (model parameters built from
their specs, other controls declared as data), a seed for code and tests (hidden from
readers), a reset button, one image replaced on each change (no pile-up of figures), a
text summary beside the chart, any error shown inside the panel in plain words, and a
*Scenario* menu that moves every live panel at once. Files by topic: :mod:`.base` (the
machinery), :mod:`.controls`, :mod:`.decision` (notebooks 1, 2, 9), :mod:`.mechanisms`
(3-6), :mod:`.search` (6, 7), :mod:`.message` (8), :mod:`.from_file` (10).
"""

from collections.abc import Callable
from typing import Any

from .. import _presentation
from .base import (
    ERROR_STYLE,
    SCENARIOS,
    Panel,
    ScenarioBus,
    ScenarioChooser,
    error_html,
    plain_error,
    table_html,
)
from .controls import (
    CONTROL_STYLE,
    Choice,
    Number,
    Slider,
    Text,
    Toggle,
    build,
    choice_control,
    int_control,
    param_control,
)
from .decision import (
    AppDecisionPanel,
    DecisionPanel,
    DecisionView,
    PredictPanel,
    SensitivityPanel,
    answer_text,
    settled_note,
)
from .from_file import FileDecisionPanel
from .mechanisms import LeveragePanel, PracticePanel, ReputationPanel, SurprisePanel
from .message import MessagePanel
from .search import HabitPanel, PolicyPanel

PANELS: dict[str, Callable[..., Any]] = {
    "decision": DecisionPanel, "surprise": SurprisePanel, "practice": PracticePanel,
    "leverage": LeveragePanel, "reputation": ReputationPanel, "habit": HabitPanel,
    "policy": PolicyPanel, "message": MessagePanel, "sensitivity": SensitivityPanel,
    "predict": PredictPanel, "app_decision": AppDecisionPanel,
}
"""Every panel by name (tests build each one)."""

__all__ = ["AppDecisionPanel", "CONTROL_STYLE", "ERROR_STYLE", "PANELS", "SCENARIOS", "Choice",
           "DecisionPanel", "DecisionView", "FileDecisionPanel", "HabitPanel", "LeveragePanel",
           "MessagePanel", "Number",
           "Panel",
           "PolicyPanel", "PracticePanel", "PredictPanel", "ReputationPanel", "ScenarioBus",
           "ScenarioChooser", "SensitivityPanel", "Slider", "SurprisePanel", "Text",
           "Toggle", "answer_text", "build", "choice_control", "error_html", "int_control",
           "param_control", "plain_error", "settled_note", "table_html"]

_presentation.restore()  # presenting, if the facilitator left it on
