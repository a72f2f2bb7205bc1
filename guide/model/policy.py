"""Search policies: when does a job seeker cancel a first interview?

A policy is consulted only at the first interview of a process, before the candidate has
met the company; once they have attended, they see the real job and go on to the end.
"""

from __future__ import annotations

from dataclasses import dataclass

from .._checks import check_choice
from .._vocabulary import (
    CANCEL_REASONS,
    INTEREST_LEVELS,
    NOTICES,
)


@dataclass(frozen=True)
class Policy:
    """A rule for cancelling first interviews during a whole search.

    Attributes:
        name: Label used in tables and charts.
        cancel_below: Cancel a first interview whose posting interest (1-5) is below
            this level; 1 never cancels.
        notice: Notice given when cancelling: ``"no_show"``, ``"same_day"`` or
            ``"day_or_more"``.
        reason: ``"vague"`` or ``"legitimate"``.
        keep_new_formats: Attend anyway when the interview is in a format never done.
        max_live: Cancel only when at least this many other processes or offers are
            live (0 means regardless of how many are live).
    """

    name: str = "attend all"
    cancel_below: int = 1
    notice: str = "day_or_more"
    reason: str = "vague"
    keep_new_formats: bool = False
    max_live: int = 0

    def __post_init__(self) -> None:
        if not isinstance(self.name, str) or not self.name.strip():
            raise ValueError(f"name={self.name!r} must be a non-empty text label")
        check_choice("cancel_below", self.cancel_below, (*INTEREST_LEVELS, 6))
        check_choice("notice", self.notice, NOTICES)
        check_choice("reason", self.reason, CANCEL_REASONS)
        if not isinstance(self.keep_new_formats, bool):
            raise ValueError(
                f"keep_new_formats={self.keep_new_formats!r} must be True or False")
        if (isinstance(self.max_live, bool) or not isinstance(self.max_live, int)
                or not 0 <= self.max_live <= 20):
            raise ValueError(
                f"max_live={self.max_live!r} must be a whole number from 0 to 20")


def attend_all() -> Policy:
    """Attend every interview."""
    return Policy(name="attend all")


def cancel_below(level: int = 3, *, notice: str = "day_or_more",
                 reason: str = "vague") -> Policy:
    """Cancel first interviews whose posting interest is below ``level`` (1-5)."""
    return Policy(name=f"cancel below {level}", cancel_below=level, notice=notice,
                  reason=reason)


NAMED_POLICIES = {
    "attend_all": attend_all,
    "cancel_below_threshold": cancel_below,
}


def as_policy(policy: Policy | str) -> Policy:
    """Accept a :class:`Policy` or the name of a built-in one."""
    if isinstance(policy, Policy):
        return policy
    if isinstance(policy, str) and policy in NAMED_POLICIES:
        return NAMED_POLICIES[policy]()
    raise ValueError(
        f"policy={policy!r} is not known; use a guide.Policy or one of "
        f"{', '.join(repr(n) for n in NAMED_POLICIES)}")
