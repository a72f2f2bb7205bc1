"""The job-search model: parameters, the weekly steps, the simulation and the decision.

Read it in this order: ``params`` (what the model assumes), ``rules`` (the rules as small
formulas), ``acceptance`` (when an offer is good enough to take), ``draws`` and ``state``
(what a week reads and changes), ``steps`` (the five weekly steps), ``start`` (where a
search stands in week 0), ``run`` (the weekly loop), ``simulate`` (tidy frames),
``value`` (what attending buys and costs, on one scale), ``decision`` (attend or cancel)
and ``drivers`` (what decides it). ``reference`` is the slow per-person oracle the tests
compare against. This package imports numpy, scipy and pandas only: never a chart or a
widget.
"""
