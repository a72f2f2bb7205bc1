"""Keyed random draws: the same draw for the same thing in every branch."""

from __future__ import annotations

import functools
from dataclasses import dataclass

import numpy as np

FIRST_ROUND_MIX = (0.6, 0.4, 0.0, 0.0)
"""Chance that a first round is a phone screen, video call, panel or hands-on task."""
LATER_ROUND_MIX = (0.0, 0.35, 0.35, 0.30)
"""The same for later rounds (an assumption; the guide says so)."""


_GAMMA = np.uint64(0x9E3779B97F4A7C15)
_MIX1 = np.uint64(0xBF58476D1CE4E5B9)
_MIX2 = np.uint64(0x94D049BB133111EB)


def keyed_uniform(stream: np.uint64, counters: np.ndarray) -> np.ndarray:
    """Uniforms on (0, 1) that depend only on ``stream`` and each counter (SplitMix64).

    A counter-based generator: the draw for a counter is the same whatever else was
    drawn, so the attend and cancel branches see the same draw for the same invitation.
    """
    z = np.multiply(counters, _GAMMA, dtype=np.uint64)  # in place from here: no copies
    z += stream
    z ^= z >> np.uint64(30)
    z *= _MIX1
    z ^= z >> np.uint64(27)
    z *= _MIX2
    z ^= z >> np.uint64(31)
    z >>= np.uint64(11)
    u = z.astype(np.float64)
    u += 0.5
    u *= 1.0 / 2**53
    return u  # never exactly 0 or 1


@functools.lru_cache
def _mix_edges(mix: tuple[float, ...]) -> tuple[np.ndarray, int]:
    return np.cumsum(mix)[:-1], max(i for i, w in enumerate(mix) if w > 0)


def pick_format(u: np.ndarray, mix: tuple[float, ...]) -> np.ndarray:
    """Format index whose share of ``mix`` holds each uniform ``u``."""
    edges, top = _mix_edges(mix)
    return np.minimum(np.searchsorted(edges, u, side="right"), top)


@dataclass
class Draws:
    """Where each kind of keyed draw comes from (one stream each, from the seed)."""

    post: np.uint64
    fit: np.uint64
    fmt: np.uint64
    passed: np.uint64
    pace: np.uint64
    terms: np.uint64

    def at(self, stream: str, key: np.ndarray, sub: np.ndarray | int = 0,
           width: int = 16) -> np.ndarray:
        """Uniforms for invitations ``key``, each at its sub-index ``sub`` (< width)."""
        return keyed_uniform(getattr(self, stream),
                             key * np.uint64(width) + np.asarray(sub, np.uint64))


def invitation_key(ident: np.ndarray, week: int, index: np.ndarray | int, futures: int,
                   width: int) -> np.ndarray:
    """A number unique to one invitation: its future, its week and its place in the week.

    Branches of the same future share ``ident``, so their invitations share keys.
    """
    return ((np.uint64(week) * np.uint64(width) + np.asarray(index, np.uint64))
            * np.uint64(futures) + np.asarray(ident, np.uint64))


