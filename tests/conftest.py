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


@pytest.fixture(autouse=True)
def panels_of_this_test_only():
    """A scenario chosen in one test must not redraw the panels other tests left behind."""
    from guide.panels import base

    base.SCENARIOS._panels.clear()
    yield
    base.SCENARIOS._panels.clear()
