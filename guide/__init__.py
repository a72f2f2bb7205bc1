"""Attend or Cancel: a transparent model of one job search, week by week.

Layers point one way: the model (``Params``, ``simulate``, ``decide``, ``summarize``)
uses numpy and pandas only; charts and panels live in their own modules and import the
model, never the other way round.
"""

from ._decision import MATTERS, METRICS, DecisionResult, Interview, choose, decide, explain
from ._mechanisms import (
    SENSITIVE,
    compare_policies,
    decision_table,
    habit_cost,
    interviews_to_reach,
    learning_curve,
    leverage_table,
    parameter_table,
    reputation_after_cancel,
    reputation_by_industry,
    reputation_table,
    sensitivity,
    surprise_by_interest,
)
from ._message import Draft, draft_message
from ._model import (
    FIRST_ROUND_MIX,
    LATER_ROUND_MIX,
    STAGES,
    Start,
    format_hours,
    severity,
    word_share,
)
from ._params import MECHANISMS, Params, Spec, field_names, spec, specs
from ._pipeline import (
    Pipeline,
    PipelineError,
    compare_for,
    load_pipeline,
    pipeline_columns,
    practice_gain,
    project,
    rank_interviews,
    save_pipeline,
    skills_from_experience,
    start_state,
)
from ._policy import (
    FORMAT_LABELS,
    FORMATS,
    NOTICE_LABELS,
    NOTICES,
    REASON_LABELS,
    REASONS,
    Policy,
    attend_all,
    cancel_below,
)
from ._presets import (
    Preset,
    active_preset,
    current_params,
    current_start,
    load_presets,
    preset_table,
    use_preset,
)
from ._simulate import CUMULATIVE, first_acceptable_week, first_job_week, simulate, summarize

__all__ = [
    "Pipeline", "PipelineError", "compare_for", "compare_policies", "decision_table",
    "load_pipeline",
    "pipeline_columns", "practice_gain", "project",
    "rank_interviews", "save_pipeline", "skills_from_experience", "start_state",
    "STAGES", "Start", "Preset", "active_preset", "current_params", "current_start", "load_presets",
    "preset_table", "use_preset",
    "SENSITIVE", "Draft", "draft_message", "habit_cost", "interviews_to_reach",
    "learning_curve", "leverage_table", "parameter_table", "reputation_after_cancel",
    "reputation_by_industry", "reputation_table", "sensitivity", "surprise_by_interest",
    "CUMULATIVE", "MATTERS", "choose", "DecisionResult", "FIRST_ROUND_MIX", "FORMATS",
    "FORMAT_LABELS",
    "Interview", "LATER_ROUND_MIX", "MECHANISMS", "METRICS", "NOTICES", "NOTICE_LABELS",
    "Params", "Policy", "REASONS", "REASON_LABELS", "Spec", "attend_all", "cancel_below",
    "decide", "explain", "format_hours", "field_names", "first_acceptable_week",
    "first_job_week", "severity", "simulate", "spec", "specs", "summarize", "word_share",
]
