"""The verdict in a reader's words: the exchange, the break-even, and why."""

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
    """Hours of a person's time."""
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


def exchange(result: DecisionResult) -> str:
    """The first sentence: what attending buys, what it costs, and the net."""
    s = result.summary.set_index("metric")
    gain, net = s.loc["gain_value"], s.loc["net_value"]
    fmt = FORMAT_LABELS[result.interview.format].lower()
    sign = "gain" if net["difference"] >= 0 else "loss"
    return (f"Over the next {result.weeks} weeks, attending this interest-"
            f"{result.interview.interest} {fmt} is worth about {pay(gain['difference'])} "
            f"to you{' (it makes things worse)' if gain['difference'] < 0 else ''} and "
            f"costs about {cost_words(result)}: a net {sign} of about "
            f"{pay(net['difference'])} (the model's range: {net['low']:+.1f} to "
            f"{net['high']:+.1f}).")


def break_even(result: DecisionResult) -> str:
    """When attending would stop paying."""
    limit = result.break_even
    if result.difference("gain_value") <= 0:
        return ("It buys nothing that outweighs a cost: cancelling is no worse even if "
                "the interview took no time at all.")
    if math.isinf(limit):
        return "An hour of yours costs nothing here, so any length of interview is worth it."
    return (f"Attending pays as long as this interview takes you less than about "
            f"{limit:.0f} hours, at what you said an hour is worth.")


def buys(result: DecisionResult) -> str:
    """What attending changes in the chance of a job and in the job itself."""
    s = result.summary.set_index("metric")
    p, q = s.loc["p_job"], s.loc["job_value"]
    _, only_attend, only_cancel, _ = futures_counts(result)
    line = (f"Your chance of having taken a job by week {result.weeks}: "
            f"{100 * p['cancel']:.0f}% if you cancel, {100 * p['attend']:.0f}% if you "
            f"attend. Of 100 people in your situation, {people(only_attend)} would have a "
            f"job by then only because they attended")
    if only_cancel:
        line += f", and {people(only_cancel)} only because they cancelled"
    line += "."
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


def drivers_line(result: DecisionResult) -> str:
    """The largest parts of what attending buys, in hours of pay."""
    if result.drivers.empty:
        return ""
    top = result.drivers[result.drivers["gain_value"].abs() >= 0.05].head(3)
    parts = [f"{r.driver} ({r.gain_value:+.1f} hours of pay)" for r in top.itertuples()]
    return ("Where what it buys comes from: " + "; ".join(parts) + ".") if parts else ""


def verdict_text(result: DecisionResult) -> str:
    """Say in plain words which choice the model favours, what it costs, and why."""
    choice, why = choose(result.summary)
    lines = [f"{LEADS[choice]} {exchange(result)}", break_even(result), buys(result)]
    if choice == "too_close":
        lines.append(f"Why too close: {why} (its range runs from below zero to above it).")
    lines.append(f"Weeks after week {result.weeks} are not counted, so a job found sooner "
                 "is worth more than this says.")
    lines.append(drivers_line(result))
    return "\n".join(line for line in lines if line)


def people(n: int) -> str:
    """``1 person``, ``7 people``."""
    return f"{n} person" if n == 1 else f"{n} people"
