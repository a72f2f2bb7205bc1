"""The verdict in a reader's words, in five parts.

The choice; the chance of a job you would take and how soon; what attending costs; how
sure the model is (its own noise, then the assumptions that could change the answer);
what decides it.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

from .._vocabulary import FORMAT_LABELS
from .comparison import choose, futures_counts

if TYPE_CHECKING:
    from .decision import DecisionResult

LEADS = {"attend": "Attend.", "cancel": "Cancel.", "too_close": "Too close to call."}


def pay(value: float) -> str:
    """Hours of pay, rounded as a reader would say them."""
    size = abs(value)
    text = f"{size:.1f}" if size < 10 else f"{size:,.0f}"
    return f"{text} hour{'' if text == '1.0' else 's'} of pay"


def hours(value: float) -> str:
    """Hours of a person's time (``1 hour``, ``0.3 hours``, ``12 hours``)."""
    return f"{value:g} hour{'' if value == 1 else 's'}"


def cost_words(result: DecisionResult) -> str:
    """What attending costs, said with the hours behind it."""
    paid = result.paid_hours
    time = hours(result.hours)
    if paid >= result.hours > 0:
        return f"{pay(result.cost)} ({time} of paid work missed)"
    if paid > 0:
        return f"{pay(result.cost)} ({time}, {hours(paid)} of them paid work missed)"
    return f"{pay(result.cost)} ({time} of your time)"


def choice_line(result: DecisionResult, choice: str) -> str:
    """First part: the choice, and what attending leaves you with after its cost."""
    s = result.summary.set_index("metric").loc["net_value"]
    net = s["difference"]
    fmt = FORMAT_LABELS[result.interview.format].lower()
    what = (f"Over the next {result.weeks} weeks, attending this interest-"
            f"{result.interview.interest} {fmt}")
    if choice in ("attend", "cancel"):
        how = "better" if choice == "attend" else "worse"
        return f"{LEADS[choice]} {what} leaves you {how} off by about {pay(net)}, its cost counted."
    if abs(net) < 0.05:
        return (f"{LEADS[choice]} {what} hardly changes what you end up with, its cost "
                "counted, and the model cannot tell it apart from no change at all.")
    return (f"{LEADS[choice]} {what} changes what you end up with by about {pay(net)}, "
            f"{'up' if net > 0 else 'down'}, its cost counted, and the model cannot tell "
            "that apart from no change at all.")


def chance_line(result: DecisionResult) -> str:
    """Second part: the chance of a job you would take, how soon, and how good."""
    s = result.summary.set_index("metric")
    q, work = s.loc["job_value"], s.loc["weeks_in_work"]
    both, only_attend, only_cancel, _ = futures_counts(result)  # the percentages, in people
    line = (f"A job you would take: by week {result.weeks}, {both + only_attend}% if "
            f"you attend, {both + only_cancel}% if you cancel. Of 100 people in your "
            f"situation, {people(only_attend)} would have one only because they attended")
    if only_cancel:
        line += f", {people(only_cancel)} only because they cancelled"
    line += (f". How soon: on average {work['attend']:.1f} weeks in work by week "
             f"{result.weeks} if you attend, {work['cancel']:.1f} if you cancel.")
    if q["matters"]:
        better = "better" if q["difference"] > 0 else "worse"
        line += (f" Where both choices find a job, attending leads to a {better} one "
                 f"({abs(q['difference']):.2f} fit units, 1 being the usual spread "
                 "between jobs): a real trade-off.")
    elif result.both > 0:
        line += (f" Where both choices find a job, how good it is hardly changes "
                 f"({q['difference']:+.2f} fit units, 1 being the usual spread between "
                 "jobs).")
    return line


def cost_line(result: DecisionResult) -> str:
    """Third part: what attending costs, against what it buys, and the break-even."""
    gain = result.difference("gain_value")
    worth = "next to nothing" if abs(gain) < 0.05 else \
        f"about {pay(gain)}{' (it makes things worse)' if gain < 0 else ''}"
    line = f"What it costs: {cost_words(result)}, against what it buys, worth {worth}. "
    limit = result.break_even
    if gain <= 0:
        return line + ("It buys nothing that outweighs a cost: cancelling is no worse even "
                       "if the interview took no time at all.")
    if math.isinf(limit):
        return line + "An hour of yours costs nothing here, so any length of interview is worth it."
    return line + (f"Attending pays as long as this interview takes you less than about "
                   f"{hours(round(limit, 1) if limit < 10 else round(limit))}, at what you "
                   "said an hour is worth.")


NOT_WEIGHED = ("Which assumptions could change the answer is not worked out here (notebook "
               "9 of the guide, \"What if the model is wrong?\", does it). ")
"""What the "How sure" part says when the assumptions were not weighed."""


def sure_line(result: DecisionResult, not_weighed: str = NOT_WEIGHED) -> str:
    """Fourth part: how sure, with the simulation's noise and the assumptions kept apart.

    ``not_weighed`` stands where the assumptions would be when they were not weighed.
    """
    net = result.summary.set_index("metric").loc["net_value"]
    line = (f"How sure: the simulation's own noise puts that net amount between "
            f"{net['low']:+.1f} and {net['high']:+.1f} hours of pay (99% of reruns with "
            f"{result.runs:,} simulated futures each would fall there). ")
    sens = result.assumptions
    if sens.empty:
        line += not_weighed
    else:
        flips = [label[0].lower() + label[1:] for label in sens.loc[sens["flips"], "label"]]
        if len(flips) == 1:
            line += (f"Of the model's {len(sens)} assumptions, one could change the answer "
                     f"on its own, set to one end of its plausible range: {flips[0]}. ")
        elif flips:
            line += (f"Of the model's {len(sens)} assumptions, {len(flips)} could change "
                     "the answer on their own, each set to one end of its plausible range: "
                     f"{', '.join(flips)}. ")
        else:
            line += (f"None of the model's {len(sens)} assumptions could change the answer "
                     "on its own, set to either end of its plausible range. ")
    return line + (f"Weeks after week {result.weeks} are not counted, so a job found "
                   "sooner is worth more than this says.")


def drivers_line(result: DecisionResult) -> str:
    """Fifth part: the largest parts of what attending buys, in hours of pay."""
    if result.drivers.empty:
        return ""
    top = result.drivers[result.drivers["gain_value"].abs() >= 0.05].head(3)
    parts = [f"{r.driver} ({r.gain_value:+.1f} hours of pay)" for r in top.itertuples()]
    return ("What decides it: " + "; ".join(parts) + ".") if parts else ""


def verdict_text(result: DecisionResult, not_weighed: str = NOT_WEIGHED) -> str:
    """The verdict in five parts, one line each (the last once explained).

    ``not_weighed``: what to say in place of the assumptions while they are not weighed.
    """
    choice, _ = choose(result.summary)
    lines = [choice_line(result, choice), chance_line(result), cost_line(result),
             sure_line(result, not_weighed), drivers_line(result)]
    return "\n".join(line for line in lines if line)


def people(n: int) -> str:
    """``no one``, ``1 person``, ``7 people``."""
    return "no one" if n == 0 else f"{n} person" if n == 1 else f"{n} people"
