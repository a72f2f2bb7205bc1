"""The job-search model: parameters, the weekly steps, the simulation and the decision.

Read it in this order: ``params`` (what the model assumes) and ``policy`` (how other
interviews are handled), ``rules`` (the rules as small formulas), ``acceptance`` (when an
offer is good enough to take: McCall's reservation value), ``draws`` and ``state`` (what a
week reads and changes), ``steps`` (the five weekly steps), ``start`` (where a search
stands in week 0), ``run`` (the weekly loop), ``simulate`` (tidy frames), then the
decision: ``interview`` (the one in question), ``value`` (what attending buys and costs,
in hours of pay), ``comparison`` (paired differences and the choice), ``drivers`` (what
decides it), ``verdict`` (the same in words) and ``decision`` (``decide`` and its result).
``reference`` is the slow per-person oracle the tests compare against. This package
imports numpy, scipy and pandas only: never a chart or a widget.
"""
