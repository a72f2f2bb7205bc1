"""One student's path on the course hub, in chromium on a phone-sized page.

Logs in on the hub's own page, lands on the participants' app (the hub's landing page for
every user), votes, sees the class's answers and the model's view, and the answer counted
once by the class poll; then opens JupyterLab on their own copy of the guide.
"""

from __future__ import annotations

import importlib.util

import pytest

from tests.hub import Hub, chp_command

from .lab import ARTIFACTS

pytestmark = pytest.mark.skipif(
    chp_command() is None or importlib.util.find_spec("jupyterhub") is None,
    reason="needs jupyterhub and configurable-http-proxy (make hub-deps installs it)")


@pytest.fixture(scope="module")
def hub(tmp_path_factory):
    hub = Hub(tmp_path_factory.mktemp("hub-browser")).start()
    try:
        hub.add_user("fac")
        yield hub
    finally:
        hub.stop()


def test_a_student_logs_in_lands_on_the_app_and_votes(hub, browser):
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    shots = ARTIFACTS / "screenshots"
    shots.mkdir(parents=True, exist_ok=True)
    try:
        page.goto(f"{hub.url}/hub/login", timeout=60_000)
        page.fill("input[name=username]", "zoe")
        page.fill("input[name=password]", hub.password)
        page.screenshot(path=str(shots / "hub-login-390x844.png"))
        page.get_by_role("button", name="Sign in").click()
        # the hub starts zoe's server and opens the app: the question waits for her
        page.get_by_role("button", name="Submit my answer").wait_for(timeout=240_000)
        assert "/voila/render/attend-or-cancel/notebooks/app.ipynb" in page.url
        page.get_by_role("button", name="Only for a good reason").click()
        page.get_by_role("button", name="Submit my answer").click()
        page.get_by_text("Thank you: 1 answer so far").wait_for(timeout=60_000)
        chart = page.locator("img.guide-chart-image").first
        chart.wait_for(timeout=60_000)
        chart.scroll_into_view_if_needed()
        page.screenshot(path=str(shots / "hub-app-after-vote-390x844.png"))
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
        code, state = hub.poll("GET", "state", token=hub.token("fac"))
        assert state["answers"] == 1
        code, csv = hub.poll("GET", "answers.csv", token=hub.token("fac"))
        assert ",good_reason," in csv and "zoe" not in csv
        # her own copy of the guide is there for JupyterLab
        page.goto(f"{hub.url}/user/zoe/lab/tree/attend-or-cancel/notebooks/"
                  "02_the_decision.ipynb", timeout=120_000)
        page.locator(".jp-Notebook").first.wait_for(timeout=120_000)
        config = page.evaluate(
            "JSON.parse(document.getElementById('jupyter-config-data').textContent)")
        assert config["news"]["disabled"] is True  # no news pop-up over the projector
        page.screenshot(path=str(shots / "hub-lab-notebook2-390x844.png"))
    finally:
        context.close()
