"""Finding slots: which are busy, where a new invitation goes, which offer a run takes.

Helpers of the weekly steps (:mod:`guide.model.steps`), written as those are: selections
by index arrays, each a few numpy calls whatever the number of runs.
"""

from __future__ import annotations

import numpy as np

from .state import FREE, SCHEDULED, State


def track(state: State, what: str, rows: np.ndarray, key: np.ndarray,
          only: np.ndarray | None = None) -> None:
    """Mark ``what`` for the processes among ``key`` tracked from week 0 (``only``: a mask).

    Week-0 keys are ``place * futures + ident`` (below every later week's keys), so the
    place of a tracked process is its key divided by ``futures``.
    """
    on = key < np.uint64(state.places) * np.uint64(state.futures)
    if only is not None:
        on &= only
    i = on.nonzero()[0]
    if i.size:
        place = (key[i] // np.uint64(state.futures)).astype(np.intp)
        state.tracked[what][rows[i], place] = True


def best_offer_per_run(slots: np.ndarray, rows: np.ndarray, value: np.ndarray
                       ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Each run's most valuable offer among ``slots`` (of runs ``rows``, worth ``value``).

    Returns the slot taken, its run, and how many offers that run had among ``slots``.
    """
    order = np.lexsort((-value, rows))
    ranked = rows[order]
    first = np.ones(rows.size, bool)
    first[1:] = ranked[1:] != ranked[:-1]
    at = first.nonzero()[0]
    return slots[order[at]], ranked[at], np.diff(at, append=rows.size)


def first_free(state: State, rows: np.ndarray) -> np.ndarray:
    """Each run's first free slot, now taken (``SCHEDULED``); -1 where a run is full."""
    S = state.slots
    grid = state.status.reshape(state.runs, S)[rows]
    first = grid.argmin(axis=1)  # FREE is the lowest status: the first free slot
    slot = rows * S + first
    full = grid[np.arange(rows.size), first] != FREE
    if full.any():
        slot[full] = -1
        state.status[slot.compress(~full)] = SCHEDULED
    else:
        state.status[slot] = SCHEDULED
    return slot


def place(state: State, rows: np.ndarray) -> np.ndarray:
    """Free slots for new invitations of ``rows`` (sorted); -1 where a run is full.

    Almost every run gets at most one invitation a week: those (and each run's first)
    take their run's first free slot in one pass; a run's second invitation then takes
    the next free slot in a pass over the few seconds, and so on.
    """
    rest = (rows[1:] == rows[:-1]).nonzero()[0] + 1  # after their run's first: few
    if rest.size == 0:  # the usual week: one each
        return first_free(state, rows)
    rank = rest - np.searchsorted(rows, rows[rest])  # their rank within their run
    slot = np.empty(rows.size, np.int64)
    first = np.ones(rows.size, bool)
    first[rest] = False
    pick = first.nonzero()[0]
    slot[pick] = first_free(state, rows[pick])
    for j in range(1, int(rank.max()) + 1):
        pick = rest[rank == j]
        slot[pick] = first_free(state, rows[pick])
    return slot


def survey(state: State) -> None:
    """Note the busy slots, their status, and how many processes and offers each run has.

    A run that has taken a job has every slot free (the search ended there), so once
    most runs have, only the slots of the runs still searching are looked at.
    """
    S, status = state.slots, state.status
    searching = (~state.employed).nonzero()[0]
    if searching.size > state.runs // 2:
        busy = (status != FREE).nonzero()[0]
        rows = busy // S
    else:
        grid = status.reshape(state.runs, S).take(searching, axis=0)
        at = (grid != FREE).reshape(-1).nonzero()[0]
        rows = searching[at // S]
        busy = rows * S + at % S
    state.busy, state.busy_status = busy, status[busy]
    state.live = np.bincount(rows, minlength=state.runs)
