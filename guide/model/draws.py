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
_SHIFTS = tuple(np.uint64(s) for s in (30, 27, 31, 11))


def keyed_uniform(stream: np.uint64, counters: np.ndarray) -> np.ndarray:
    """Uniforms on (0, 1) that depend only on ``stream`` and each counter (SplitMix64).

    A counter-based generator: the draw for a counter is the same whatever else was
    drawn, so the attend and cancel branches see the same draw for the same invitation.
    """
    return _mix(np.multiply(counters, _GAMMA, dtype=np.uint64), stream)


def _mix(z: np.ndarray, stream: np.uint64) -> np.ndarray:
    """SplitMix64's finaliser on ``z`` (counter times gamma; changed in place) as uniforms."""
    s30, s27, s31, s11 = _SHIFTS
    z += stream
    tmp = np.right_shift(z, s30)  # one scratch array for the three xor-shifts
    z ^= tmp
    z *= _MIX1
    np.right_shift(z, s27, out=tmp)
    z ^= tmp
    z *= _MIX2
    np.right_shift(z, s31, out=tmp)
    z ^= tmp
    z >>= s11
    u = z + 0.5  # exact: z < 2**53, so this is z as a float, plus a half
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
        """Uniforms for invitations ``key``, each at its sub-index ``sub`` (< width).

        The same as ``keyed_uniform(stream, key * width + sub)``: the products are taken
        modulo 2**64, so ``key`` is multiplied once, by ``width`` times the gamma.
        """
        z = np.multiply(key, np.uint64(width * int(_GAMMA) % 2**64), dtype=np.uint64)
        if not (isinstance(sub, int) and sub == 0):
            z += np.multiply(np.asarray(sub, np.uint64), _GAMMA, dtype=np.uint64)
        return _mix(z, getattr(self, stream))

    def at_streams(self, streams: tuple[str, ...], key: np.ndarray,
                   sub: np.ndarray | int = 0, width: int = 16) -> np.ndarray:
        """:meth:`at` for several streams at once: one row per stream, in one pass.

        The keys are multiplied once and the mixing runs once over all the rows, which
        saves the fixed cost of a numpy call per stream on short arrays.
        """
        z = np.multiply(key, np.uint64(width * int(_GAMMA) % 2**64), dtype=np.uint64)
        if not (isinstance(sub, int) and sub == 0):
            z += np.multiply(np.asarray(sub, np.uint64), _GAMMA, dtype=np.uint64)
        seeds = np.array([getattr(self, s) for s in streams], np.uint64)[:, None]
        return _mix(np.repeat(z[None], len(streams), axis=0), seeds)

    def at_grid(self, stream: str, row_key: np.ndarray, col_key: np.ndarray) -> np.ndarray:
        """Uniforms for the keys ``row_key[:, None] + col_key[None, :]``, as :meth:`at`.

        The grid of keys is never built: each part is multiplied once and the products
        added (sums and products are taken modulo 2**64, so this is exact).
        """
        mult = np.uint64(16 * int(_GAMMA) % 2**64)
        z = np.multiply(row_key, mult, dtype=np.uint64)[:, None] \
            + np.multiply(col_key, mult, dtype=np.uint64)[None, :]
        return _mix(z, getattr(self, stream))


def draw_streams(draws: Draws, streams: tuple[str, ...], key: np.ndarray,
                 sub: np.ndarray | int = 0) -> np.ndarray:
    """``draws.at(stream, key, sub)`` for each of ``streams``, one row each.

    :class:`Draws` does it in one pass; any other source of draws (a test's stand-in
    needs only ``at``) is asked stream by stream.
    """
    if isinstance(draws, Draws):
        return draws.at_streams(streams, key, sub)
    return np.array([draws.at(s, key, sub) for s in streams])


def invitation_key(ident: np.ndarray, week: int, index: np.ndarray | int, futures: int,
                   width: int) -> np.ndarray:
    """A number unique to one invitation: its future, its week and its place in the week.

    Branches of the same future share ``ident``, so their invitations share keys.
    """
    return ((np.uint64(week) * np.uint64(width) + np.asarray(index, np.uint64))
            * np.uint64(futures) + np.asarray(ident, np.uint64))


