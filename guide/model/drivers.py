"""What decides it: what attending buys, split among the mechanisms (Shapley shares)."""

from __future__ import annotations

import math

import pandas as pd

from .comparison import branch_pair, difference_table
from .interview import Interview
from .params import Params, switch_off
from .policy import Policy
from .start import Start

SWITCH_OFF = switch_off()
"""Parameter changes that turn each mechanism off, for the driver breakdown (from the
specs: each spec says which driver it switches off, and how)."""
DRIVER_METRICS = ("gain_value", "p_job", "weeks_in_work", "job_value")
BASE = "the job as its posting shows it"
DRIVER_NAMES = {"practice": "practice", "surprise": "the job differing from its posting",
                "bargaining": "bargaining power", "reputation": "reputation",
                "time cost": "other interviews' hours"}
"""Each part in words that mean the same at every interest level: with every mechanism
off, attending is worth what the job as its posting shows it would bring; "the job
differing from its posting" adds what meeting the company reveals, up or down."""
DRIVER_COLUMNS = {"gain_value": "worth (hours of pay)", "p_job": "chance of a job (points)",
                  "weeks_in_work": "weeks in work", "job_value": "quality of the job (fit units)"}


def differences_without(params: Params, interview: Interview, policy: Policy, runs: int,
                        weeks: int, seed: int, start: Start | None,
                        off: tuple[str, ...]) -> dict[str, float]:
    """The difference in each driver metric with the mechanisms ``off`` switched off."""
    changes = {k: v for name in off for k, v in SWITCH_OFF[name].items()}
    a, c = branch_pair(params.replace(**changes), interview, policy, runs, weeks, seed,
                       start)
    d = difference_table(params, a, c).set_index("metric")["difference"]  # cost: not split
    return {m: (0.0 if math.isnan(d[m]) else float(d[m])) for m in DRIVER_METRICS}


def driver_table(params: Params, interview: Interview, policy: Policy, runs: int,
                 weeks: int, seed: int, start: Start | None = None) -> pd.DataFrame:
    """Split each difference into a base and each mechanism's Shapley share.

    Every combination of mechanisms is switched off in turn; a mechanism's share is its
    average marginal effect over the orders in which mechanisms could be switched on, so
    the shares and the base row (every mechanism off: :data:`BASE`) add up exactly to
    the difference reported in the summary. A mechanism already off in ``params`` gets
    zero. The cost of attending is not split: it is the same whatever the mechanisms.
    """
    names = tuple(SWITCH_OFF)
    n = len(names)
    value = {}
    for mask in range(2 ** n):
        on = frozenset(names[i] for i in range(n) if mask >> i & 1)
        off = tuple(m for m in names if m not in on)
        value[on] = differences_without(params, interview, policy, runs, weeks, seed,
                                        start, off)
    rows = [{"driver": BASE, **value[frozenset()]}]
    for name in names:
        share = dict.fromkeys(DRIVER_METRICS, 0.0)
        for on, v in value.items():
            if name in on:
                continue
            k = len(on)
            weight = math.factorial(k) * math.factorial(n - k - 1) / math.factorial(n)
            for m in DRIVER_METRICS:
                share[m] += weight * (value[on | {name}][m] - v[m])
        rows.append({"driver": DRIVER_NAMES[name], **share})
    table = pd.DataFrame(rows)
    order = table["gain_value"].abs().sort_values(ascending=False, kind="stable").index
    return table.loc[order].reset_index(drop=True)

