"""App mode: Voila serves the decision panel and the poll on loopback, sources stripped."""

import re
import urllib.request

from .browser.lab import running_app


def test_voila_serves_the_app_without_code():
    with running_app() as app:
        with urllib.request.urlopen(app.url, timeout=120) as response:
            assert response.status == 200
            page = response.read().decode("utf-8")
    assert "answer before you see what the model says" in page
    assert page.index("The class poll") < page.index("Your interview")  # vote first
    assert "The class poll" in page
    assert page.count("application/vnd.jupyter.widget-view+json") >= 2  # both panels
    assert "DecisionPanel" not in page and "app_poll" not in page  # no code shown
    assert "Traceback" not in page
    # a phone talks to the room and nothing else: no style sheet, script or font from a CDN
    outside = re.findall(r'(?:href|src)="(https?://[^"]+)"', page)
    assert outside == [], outside
