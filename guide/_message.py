"""Drafting a short, honest, courteous cancellation message, and what it costs in the model."""

from __future__ import annotations

from dataclasses import dataclass

from ._checks import check_choice
from ._mechanisms import reputation_after_cancel
from .model.params import Params

WHEN = {
    "ahead": ("day_or_more", "A day or more ahead"),
    "same_day": ("same_day", "On the day"),
    "after": ("no_show", "After missing it (no notice given)"),
}
"""When the message is sent, its notice level in the model and a label."""
NO_RESCHEDULE = ("accepted_offer", "not_a_fit")
"""Reasons after which a message never offers to reschedule."""

MESSAGE_REASONS = {
    "emergency": ("legitimate", "A family or personal emergency"),
    "illness": ("legitimate", "Illness"),
    "accepted_offer": ("legitimate", "You accepted another offer"),
    "conflict": ("legitimate", "An unavoidable clash (e.g. a commitment you cannot move)"),
    "not_a_fit": ("legitimate", "You no longer think the role fits"),
    "unspecified": ("vague", "You would rather not say"),
}
"""Reason categories, whether the model counts them as legitimate, and a label.

Deciding that a role is not right for you is an honest reason recruiters hear every day,
and the message says it in a sentence, so it counts as legitimate; only a reason kept
back is vague."""

_OPENING = {
    "ahead": "I am writing to let you know as early as I can that I will not be able to "
             "attend our interview on {date}.",
    "same_day": "I am very sorry for the short notice: I will not be able to attend our "
                "interview today.",
    "after": "I owe you an apology: I missed our interview on {date} without letting "
             "you know.",
}
_REASON = {
    "emergency": "A family emergency needs my attention.",
    "illness": "I am unwell and would not be at my best.",
    "accepted_offer": "I have accepted another offer, so it would not be fair to take "
                      "up your team's time.",
    "conflict": "A commitment I cannot move has come up at the same time.",
    "not_a_fit": "Having thought carefully about the role, I do not think it is the "
                 "right fit for me at the moment.",
    "unspecified": "Something has come up that I cannot avoid.",
}
_RESCHEDULE = "If the role is still open, I would be glad to find another time that suits you."
_CLOSE = {
    True: "Thank you for your understanding, and for the time you have already given me.",
    False: "Thank you for considering me, and I hope our paths cross again.",
}


@dataclass(frozen=True)
class Draft:
    """A drafted message and its modelled cost.

    Attributes:
        subject: Subject line.
        body: The message.
        notice: Notice level used in the model.
        reason_kind: ``"legitimate"`` or ``"vague"``.
        cost: :func:`guide.reputation_after_cancel` for this notice and reason.
        tips: Short advice that applies to these choices.
    """

    subject: str
    body: str
    notice: str
    reason_kind: str
    cost: dict
    tips: tuple[str, ...]

    def text(self) -> str:
        """Subject and body as one block of text."""
        return f"Subject: {self.subject}\n\n{self.body}"


def draft_message(params: Params, *, when: str = "ahead", reason: str = "illness",
                  reschedule: bool = True, company: str = "the company",
                  role: str = "the role", contact: str = "", your_name: str = "",
                  date: str = "the agreed date") -> Draft:
    """Draft a cancellation message from a few choices.

    Args:
        params: The model's parameters (for the cost).
        when: ``"ahead"``, ``"same_day"`` or ``"after"``.
        reason: One of :data:`MESSAGE_REASONS`.
        reschedule: Offer to find another time (not offered after accepting elsewhere).
        company: Company name.
        role: Role title.
        contact: Name of the recruiter or hiring manager (optional).
        your_name: Your name for the signature (optional).
        date: When the interview was, as you would write it.

    Returns:
        A :class:`Draft`.
    """
    check_choice("when", when, tuple(WHEN))
    check_choice("reason", reason, tuple(MESSAGE_REASONS))
    for name, value in (("company", company), ("role", role), ("contact", contact),
                        ("your_name", your_name), ("date", date)):
        if not isinstance(value, str) or len(value) > 120:
            raise ValueError(f"{name}={value!r} must be text of at most 120 characters")
    notice, _ = WHEN[when]
    kind, _ = MESSAGE_REASONS[reason]
    offer_again = reschedule and reason not in NO_RESCHEDULE
    greeting = f"Dear {contact.strip()}," if contact.strip() else "Hello,"
    parts = [greeting, "",
             _OPENING[when].format(date=date.strip() or "the agreed date")
             + " " + _REASON[reason]]
    if offer_again:
        parts.append(_RESCHEDULE)
    parts += ["", _CLOSE[offer_again], "", "Kind regards,"]
    if your_name.strip():
        parts.append(your_name.strip())
    tips = []
    if when != "ahead":
        tips.append("Sending it a day or more ahead would cost less in the model "
                    "and gives the company time to use the slot.")
    if kind == "vague":
        tips.append("A specific, honest reason costs less than a vague one; only give "
                    "a reason that is true.")
    if reason == "accepted_offer":
        tips.append("Withdrawing for an accepted offer is the most ordinary cancellation "
                    "there is: say it plainly and early.")
    return Draft(subject=f"Interview for {role.strip() or 'the role'} at "
                         f"{company.strip() or 'your company'}: cancellation",
                 body="\n".join(parts), notice=notice, reason_kind=kind,
                 cost=reputation_after_cancel(params, notice, kind), tips=tuple(tips))
