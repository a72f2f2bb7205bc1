"""Everyone can use it: axe-core audits, the keyboard alone, and large text on a phone.

axe-core (the engine behind Lighthouse, through ``axe-playwright-python``, which ships it:
nothing is fetched) checks each page as a person meets it; a critical or serious
violation fails the test with axe's own report. The keyboard test answers the poll and
moves the decision panel's slider without a mouse; the zoom test reads the app at 200%
on a 390 px phone (a 195 px wide page drawn at twice the size).
"""

from __future__ import annotations

import json
import shutil
import tempfile
import time
from pathlib import Path

import pytest

from .lab import ARTIFACTS, ROOT, open_and_run_all
from .test_in_browser import image_src, vote, wait_new_src

pytestmark = pytest.mark.browser

BLOCKING = ("critical", "serious")


def audit(page, include: str | None = None) -> list[dict]:
    """axe-core's critical and serious violations on the page (or inside ``include``)."""
    from axe_playwright_python.sync_playwright import Axe

    context = {"include": [[include]]} if include else None
    found = Axe().run(page, context=context).response["violations"]
    return [v for v in found if v["impact"] in BLOCKING]


def report(violations: list[dict]) -> str:
    """What axe found, one line per element, for a failing assertion."""
    lines = []
    for v in violations:
        for node in v["nodes"][:5]:
            lines.append(f"{v['id']} ({v['impact']}): {v['help']} at {node['target']}: "
                         f"{node['html'][:160]}")
    return "\n".join(lines)


def assert_accessible(page, where: str, include: str | None = None) -> None:
    shots = ARTIFACTS / "screenshots"
    shots.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(shots / f"access-{where}.png"))
    found = audit(page, include)
    assert not found, f"{where}:\n{report(found)}"


def chart_words(page) -> list[str]:
    """The text alternative of every chart image on the page that is shown."""
    return page.evaluate("""() => [...document.querySelectorAll('img')]
        .filter(i => i.offsetParent && i.naturalWidth).map(i => i.alt)""")


def phone(browser, **extra):
    return browser.new_context(viewport={"width": 390, "height": 844}, **extra).new_page()


def test_the_app_passes_axe_before_and_after_the_vote_and_after_a_reveal(browser,
                                                                        monkeypatch):
    from guide import _session

    from .lab import running_app

    with running_app() as app:
        page = phone(browser)
        page.goto(app.url, timeout=120_000)
        page.get_by_role("button", name="Submit my answer").wait_for(timeout=120_000)
        time.sleep(1)  # the page's helper has named what it draws
        assert_accessible(page, "app-before-vote")
        vote(page, "No, I would go anyway", "Thank you: 1 answer so far.")
        page.locator(".guide-panel img").first.wait_for(timeout=60_000)
        time.sleep(1)
        assert_accessible(page, "app-after-vote")
        words = chart_words(page)
        assert len(words) == 2 and all(w.startswith("Chart") and any(c.isdigit() for c in w)
                                       for w in words), words
        assert "63%" in words[1] and "58%" in words[1], words  # the curves' ends, in words
        # a live region announces the count politely, without taking the focus
        assert page.locator(".guide-poll .guide-live[aria-live='polite']").count() == 1
        monkeypatch.setenv("GUIDE_SESSION_FILE", str(app.log.parent / "session.json"))
        _session.save(revealed=True)
        late = phone(browser)
        late.goto(app.url, timeout=120_000)
        late.get_by_text("In this scenario the model says").wait_for(timeout=120_000)
        time.sleep(1)
        assert_accessible(late, "app-after-reveal")


def tab_to(page, test: str, presses: int = 80) -> str:
    """Press Tab until the focused element passes ``test`` (JS, given ``el``).

    Fails if it never does, or if the focus stops moving (a keyboard trap). Returns the
    focused element's accessible name (aria-label or text).
    """
    seen = []
    for _ in range(presses):
        page.keyboard.press("Tab")
        here = page.evaluate("""(test) => {
            const el = document.activeElement;
            const ok = el && (new Function('el', 'return ' + test))(el);
            return [ok, el ? el.outerHTML.slice(0, 120) : '',
                    el ? (el.getAttribute('aria-label') || el.textContent.trim()) : ''];
        }""", test)
        if here[0]:
            return here[2]
        seen.append(here[1])
        assert len(seen) < 6 or len(set(seen[-6:])) > 1, f"focus stuck on {seen[-1]}"
    raise AssertionError(f"never reached {test} by Tab; last: {seen[-3:]}")


def focus_ring(page) -> str:
    """How the focused element is marked (outline or shadow), '' if it is not."""
    return page.evaluate("""() => {
        const s = getComputedStyle(document.activeElement);
        const outline = s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0;
        return outline ? 'outline ' + s.outlineWidth : (s.boxShadow !== 'none' ?
            'shadow' : '');
    }""")


def test_the_keyboard_alone_answers_the_poll_and_moves_the_decision_slider(browser):
    from .lab import running_app

    with running_app() as app:
        page = phone(browser)
        page.goto(app.url, timeout=120_000)
        page.get_by_role("button", name="Submit my answer").wait_for(timeout=120_000)
        time.sleep(1)
        tab_to(page, "el.textContent.trim() === 'Only for a good reason'")
        assert focus_ring(page), "the focused answer is not marked"
        page.keyboard.press("Enter")
        tab_to(page, "el.textContent.trim() === 'Submit my answer'")
        assert focus_ring(page), "the focused button is not marked"
        page.keyboard.press("Enter")
        page.get_by_text("Thank you: 1 answer so far.").wait_for(timeout=30_000)
        img = page.locator(".guide-panel img").first
        img.wait_for(timeout=60_000)
        time.sleep(1)
        old = image_src(img)
        name = tab_to(page, "el.getAttribute('role') === 'slider' && "
                            "el.getAttribute('aria-label') === 'Interest in the job'")
        assert name == "Interest in the job"
        assert focus_ring(page), "the focused slider is not marked"
        page.keyboard.press("ArrowRight")
        wait_new_src(page, img, old)
        page.locator(".guide-panel").get_by_text("interest-3 group panel").wait_for(
            timeout=30_000)
        page.screenshot(path=str(ARTIFACTS / "screenshots" / "access-keyboard.png"))


def test_the_app_at_200_percent_on_a_phone_never_scrolls_sideways(browser):
    """A 390 px phone at 200% zoom lays the page out in 195 CSS pixels."""
    from .lab import running_app

    with running_app() as app:
        page = browser.new_context(viewport={"width": 195, "height": 422},
                                   device_scale_factor=4).new_page()
        page.goto(app.url, timeout=120_000)
        page.get_by_role("button", name="Submit my answer").wait_for(timeout=120_000)
        time.sleep(1)
        check_reflow(page, "access-zoom-200-poll")
        vote(page, "No, I would go anyway", "Thank you: 1 answer so far.")
        page.locator(".guide-panel img").first.wait_for(timeout=60_000)
        time.sleep(1)
        check_reflow(page, "access-zoom-200-panel")


def check_reflow(page, name: str) -> None:
    """Nothing wider than the page, and no text cut off inside its box."""
    page.screenshot(path=str(ARTIFACTS / "screenshots" / f"{name}.png"))
    wide = page.evaluate("""() => [...document.querySelectorAll('#main *')]
        .filter(e => e.offsetParent && e.getBoundingClientRect().right > innerWidth + 2)
        .map(e => e.className + ': ' + Math.round(e.getBoundingClientRect().right))
        .slice(0, 8)""")
    overflow = page.evaluate("""() => Math.max(
        document.documentElement.scrollWidth, document.querySelector('#main').scrollWidth)
        - innerWidth""")
    assert overflow <= 2, f"{overflow}px wider than the page: {wide}"
    # nothing cut off inside its box either (a box that scrolls, a table's, is fine)
    cut = page.evaluate("""() => [...document.querySelectorAll('#main *')]
        .filter(e => e.offsetParent && !e.closest('.noUi-base')
                && e.scrollWidth > e.clientWidth + 1
                && !['auto', 'scroll'].includes(getComputedStyle(e).overflowX))
        .map(e => e.tagName + ' ' + e.textContent.trim().slice(0, 40))""")
    assert cut == [], f"cut off at 200%: {cut}"


def test_notebooks_2_and_10_and_the_projector_pass_axe_in_jupyterlab(browser):
    """The guide's own output (panels, charts, tables, the editor), run in JupyterLab."""
    from .lab import running_lab

    work = Path(tempfile.mkdtemp(prefix="guide-access-"))
    (work / "session.json").write_text(json.dumps({"poll": "access"}))
    env = {"GUIDE_SESSION_FILE": str(work / "session.json"),
           "GUIDE_POLL_DIR": str(work / "polls"), "GUIDE_ROOM_FILE": str(work / "room.json")}
    page = browser.new_context(viewport={"width": 1440, "height": 900}).new_page()
    try:
        with running_lab(env=env) as lab:
            open_and_run_all(page, lab, "notebooks/02_the_decision.ipynb")
            time.sleep(1)
            assert_accessible(page, "notebook-2", ".jp-NotebookPanel .jp-OutputArea")
            words = chart_words(page)
            assert words and all(w.startswith("Chart") for w in words), words
            open_and_run_all(page, lab, "notebooks/10_my_search.ipynb")  # the editor's cells
            time.sleep(1)
            assert_accessible(page, "notebook-10", ".jp-NotebookPanel .jp-OutputArea")
            names = page.evaluate("""() => [...document.querySelectorAll(
                '.guide-grid-row input, .guide-grid-row select')]
                .filter(e => e.offsetParent).map(e => e.getAttribute('aria-label'))""")
            assert "Company, line 2" in names and "Date, line 2" in names and all(names), names
            cell = page.locator(".guide-grid-row input").first
            cell.click()
            assert focus_ring(page), "the editor's focused cell is not marked"
            open_and_run_all(page, lab, "notebooks/workshop/projector.ipynb")
            page.get_by_role("button", name="Show what the model says").click()
            page.get_by_text("In this scenario the model says").wait_for(timeout=60_000)
            time.sleep(1)
            assert_accessible(page, "projector", ".jp-NotebookPanel .jp-OutputArea")
    finally:
        page.context.close()
        shutil.rmtree(work, ignore_errors=True)


def test_a_saved_notebook_shows_its_charts_with_words_before_anything_runs(page, lab):
    """Opened, not run (untrusted): every chart still shows, with its text alternative."""
    page.goto(lab.notebook_url("notebooks/03_surprise.ipynb"))
    page.locator(".jp-OutputArea-output img").first.wait_for(timeout=60_000)
    time.sleep(1)
    shown = page.evaluate("""() => [...document.querySelectorAll('.jp-OutputArea-output img')]
        .map(i => [i.naturalWidth, i.alt])""")
    assert shown and all(width > 0 and alt.startswith("Chart") for width, alt in shown), shown


def test_a_handout_passes_axe_and_declares_its_language(browser, tmp_path):
    from guide.workshop.handout import export_handout

    out = export_handout(ROOT / "notebooks" / "03_surprise.ipynb", tmp_path / "h.html")
    page = browser.new_context(viewport={"width": 1000, "height": 900}).new_page()
    page.goto(out.as_uri())
    assert page.evaluate("() => document.documentElement.lang") == "en"
    assert_accessible(page, "handout")
    words = chart_words(page)
    assert words and all(w.startswith("Chart") for w in words), words
