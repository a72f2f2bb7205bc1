"""The model against the published figures it is calibrated to: ``python -m guide.calibration``.

Prints each figure the model produces at the guide's defaults beside the published one
(``shared/calibration.md`` names the sources) and the range the tests accept; ``--json``
prints the same as JSON. Nothing here is fitted: the figures are measured on the model
as it stands.
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import dataclass

import numpy as np

from .model.params import Params
from .model.policy import attend_all
from .model.run import run_model

MONTHLY_RATE = 0.283
"""Monthly job-finding rate of the unemployed (Davis, Faberman & Haltiwanger, 2006)."""
FOUR_WEEK_RATE = 1 - (1 - MONTHLY_RATE) ** (12 / 13)
"""The same over four weeks (13 four-week periods make a year): 0.264."""
THIRTEEN_WEEK_SHARE = 1 - (1 - MONTHLY_RATE) ** 3
"""Share who have found a job after three months at that rate: 0.631."""


@dataclass(frozen=True)
class Figure:
    """One calibration figure: what the model gives, what is published, what is accepted."""

    name: str
    label: str
    model: float
    published: str
    low: float
    high: float
    source: str

    @property
    def ok(self) -> bool:
        """Whether the model's figure lies in the accepted range."""
        return self.low <= self.model <= self.high


def measure(params: Params | None = None, *, runs: int = 20_000, seed: int = 0) -> list[Figure]:
    """Run the default search for 30 weeks and measure every calibration figure."""
    p = params or Params()
    r = run_model(p, attend_all(), runs, 30, seed)
    employed = r["employed"].astype(bool)
    later = [employed[~employed[:, t], t + 4].mean() for t in range(4, 21)]
    rate = float(np.mean(later))
    first = float(employed[:, 4].mean())
    end = {k: float(r[k][:, -1].sum()) for k in
           ("offers", "first_interviews", "withdrawals", "offers_declined")}
    jobs = float(employed[:, -1].sum())
    kept = end["first_interviews"] - end["withdrawals"]
    answered = jobs + end["offers_declined"]
    return [
        Figure("four_week_rate", "Chance of a job within four weeks (weeks 4-24)", rate,
               f"{FOUR_WEEK_RATE:.3f}", 0.85 * FOUR_WEEK_RATE, 1.15 * FOUR_WEEK_RATE,
               "Davis, Faberman & Haltiwanger 2006: 0.283 a month"),
        Figure("first_month_ratio", "First month's rate over the later rate", first / rate,
               "no more than about 1.5", 0.0, 1.5, "a search that starts mid-way"),
        Figure("thirteen_week_share", "Share with a job after 13 weeks",
               float(employed[:, 13].mean()), f"{THIRTEEN_WEEK_SHARE:.2f}", 0.53, 0.70,
               "implied by 0.283 a month"),
        Figure("offer_per_process", "Processes kept after a first interview that end in "
               "an offer", end["offers"] / kept, "0.17-0.30", 0.17, 0.30,
               "Jobvite 2018 (17-28%), CareerPlug 2024 (27%), Lever 2019 (30-40% onsite)"),
        Figure("offers_accepted", "Offers accepted", jobs / answered, "0.88", 0.80, 0.92,
               "Jobvite Recruiting Funnel, 2014 data"),
    ]


def main(argv: list[str] | None = None) -> int:
    """Print the figures (``--json`` for JSON); exit 1 if any is out of its range."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true", help="print JSON")
    parser.add_argument("--runs", type=int, default=20_000)
    args = parser.parse_args(argv)
    figures = measure(runs=args.runs)
    if args.json:
        print(json.dumps([{**f.__dict__, "ok": f.ok} for f in figures], indent=2))
    else:
        for f in figures:
            print(f"{f.label:<62} {f.model:6.3f}  published {f.published:<22} "
                  f"accepted {f.low:.3f}-{f.high:.3f}  {'ok' if f.ok else 'OUT'}")
    return 0 if all(f.ok for f in figures) else 1


if __name__ == "__main__":
    sys.exit(main())
