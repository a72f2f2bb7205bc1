"""Attend or Cancel: a transparent model of one job search, week by week.

Layers point one way: the model (``Params``, ``simulate``, ``decide``, ``summarize``)
uses numpy and pandas only; charts and panels live in their own modules and import the
model, never the other way round.
"""

from ._mechanisms import (
    SENSITIVE,
    compare_policies,
    decision_table,
    habit_cost,
    interviews_to_reach,
    learning_curve,
    leverage_table,
    parameter_notes,
    parameter_table,
    reputation_after_cancel,
    reputation_by_industry,
    reputation_table,
    sensitivity,
    surprise_by_interest,
    weigh_assumptions,
)
from ._message import Draft, draft_message
from ._pipeline import Pipeline, PipelineError, load_pipeline, pipeline_columns, save_pipeline
from ._planning import (
    compare_for,
    effect_on_others,
    practice_gain,
    project,
    rank_interviews,
    situation,
    skills_from_experience,
    start_state,
)
from ._presets import (
    Preset,
    active_preset,
    current_params,
    current_start,
    load_presets,
    preset_notes,
    preset_table,
    use_preset,
)
from ._vocabulary import (
    CANCEL_REASON_LABELS,
    CANCEL_REASONS,
    CHOICE_WORDS,
    FORMAT_LABELS,
    FORMATS,
    INTEREST_LEVELS,
    NOTICE_LABELS,
    NOTICES,
    START_STAGES,
)
from ._words import (
    COLUMN_WORDS,
    others_lines,
    outcome_table,
    readable,
    sensitivity_summary,
    sensitivity_table,
)
from .model.comparison import MATTERS, METRICS, choose
from .model.decision import DecisionResult, decide, explain
from .model.draws import FIRST_ROUND_MIX, LATER_ROUND_MIX
from .model.interview import Interview
from .model.params import MECHANISMS, Params, Spec, field_names, spec, specs
from .model.policy import Policy, attend_all, cancel_below
from .model.rules import format_hours, severity, word_share
from .model.simulate import CUMULATIVE, first_acceptable_week, first_job_week, simulate, summarize
from .model.start import Start

__all__ = [
    "COLUMN_WORDS", "readable", "outcome_table", "sensitivity_table", "sensitivity_summary",
    "others_lines",
    "parameter_notes",
    "preset_notes",
    "CANCEL_REASON_LABELS", "CANCEL_REASONS", "CHOICE_WORDS", "CUMULATIVE", "FIRST_ROUND_MIX",
    "FORMAT_LABELS",
    "FORMATS", "INTEREST_LEVELS", "LATER_ROUND_MIX", "MATTERS", "MECHANISMS", "METRICS",
    "NOTICE_LABELS", "NOTICES", "SENSITIVE", "START_STAGES", "active_preset", "attend_all",
    "cancel_below", "choose", "compare_for", "effect_on_others", "situation",
    "compare_policies", "current_params", "current_start",
    "decide", "decision_table", "DecisionResult", "Draft", "draft_message", "explain",
    "field_names", "first_acceptable_week", "first_job_week", "format_hours", "habit_cost",
    "Interview", "interviews_to_reach", "learning_curve", "leverage_table", "load_pipeline",
    "load_presets", "parameter_table", "Params", "Pipeline", "pipeline_columns", "PipelineError",
    "Policy", "practice_gain", "Preset", "preset_table", "project", "rank_interviews",
    "reputation_after_cancel", "reputation_by_industry", "reputation_table", "save_pipeline",
    "sensitivity", "severity", "simulate", "skills_from_experience", "spec", "Spec", "specs",
    "Start", "start_state", "summarize", "surprise_by_interest", "use_preset", "weigh_assumptions",
    "word_share"
]

from . import _friendly  # last: the guide is whole before it is used

_friendly.install()
