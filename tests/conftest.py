"""Shared fixtures: small, fast model settings for unit tests."""

import os

import pytest

os.environ.setdefault("MPLBACKEND", "Agg")  # headless; the charts never use pyplot anyway

import guide


@pytest.fixture
def params():
    return guide.Params()


@pytest.fixture(scope="session")
def small_frame():
    """A default simulation small enough for many checks."""
    return guide.simulate(guide.Params(), runs=300, weeks=12, seed=3)
