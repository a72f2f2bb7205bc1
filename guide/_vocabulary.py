"""The guide's words, defined once: formats, notices, reasons, interest levels, stages.

Different things get different names: a reason given when *cancelling* (the model's
``CANCEL_REASONS``) is not a reason written in a *message* (``guide._message
.MESSAGE_REASONS``) nor a reason given in the *class poll* (``guide.workshop.store.POLL_REASONS``);
a process's stage at the *start* of a simulation (``START_STAGES``) is not a row's stage
in a *pipeline file* (``guide._pipeline.PIPELINE_STAGES``).
"""

FORMATS = ("phone", "video", "panel", "hands_on")
FORMAT_LABELS = {
    "phone": "Phone screen",
    "video": "Video call",
    "panel": "Group panel",
    "hands_on": "Hands-on task",
}
NOTICES = ("no_show", "same_day", "day_or_more")
NOTICE_LABELS = {
    "no_show": "No-show (no notice)",
    "same_day": "Same-day cancel",
    "day_or_more": "A day or more of notice",
}
CANCEL_REASONS = ("vague", "legitimate")
CANCEL_REASON_LABELS = {
    "vague": "A vague reason",
    "legitimate": "An honest, legitimate reason",
}
INTEREST_LEVELS = (1, 2, 3, 4, 5)
"""How appealing a posting looks: the quintile among the postings you apply to."""
START_STAGES = ("scheduled", "in_process", "offer")
"""Where a live process stands when a simulation starts (see ``guide.Start``)."""
CHOICE_WORDS = {"attend": "attend", "cancel": "cancel", "too_close": "too close to call"}
"""The model's choice (``DecisionResult.choice``) in a reader's words."""
