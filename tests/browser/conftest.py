"""Fixtures for real-browser tests: JupyterLab on loopback, Debian's chromium, artifacts."""

from __future__ import annotations

import pytest

from .lab import ARTIFACTS, CHROMIUM, launch_browser, running_lab

pytestmark = pytest.mark.browser


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    setattr(item, f"rep_{report.when}", report)


@pytest.fixture(scope="session")
def lab():
    with running_lab() as server:
        yield server


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists():
        pytest.skip(f"Debian's chromium is not installed at {CHROMIUM}: run "
                    "'sudo apt-get install chromium' (make test does this when run as root)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        b = launch_browser(pw)
        yield b
        b.close()


@pytest.fixture
def page(browser, request):
    """A fresh page; screenshots go to artifacts/, and the console log on failure."""
    context = browser.new_context(viewport={"width": 1500, "height": 1000})
    pg = context.new_page()
    console: list[str] = []
    pg.on("console", lambda m: console.append(f"[{m.type}] {m.text}"))
    pg.on("pageerror", lambda e: console.append(f"[pageerror] {e}"))
    shots = ARTIFACTS / "screenshots"
    shots.mkdir(parents=True, exist_ok=True)
    step = {"n": 0}

    def snap(name: str) -> None:
        step["n"] += 1
        pg.screenshot(path=str(shots / f"{request.node.name}-{step['n']:02d}-{name}.png"))

    pg.snap = snap
    yield pg
    failed = getattr(request.node, "rep_call", None) is not None and request.node.rep_call.failed
    if failed:
        logs = ARTIFACTS / "console"
        logs.mkdir(parents=True, exist_ok=True)
        (logs / f"{request.node.name}.log").write_text("\n".join(console))
        snap("failure")
    context.close()
