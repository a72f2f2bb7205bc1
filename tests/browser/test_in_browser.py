"""The guide as a person uses it: JupyterLab in a real browser, widgets moved by hand.

Each test opens a notebook, runs every cell, checks that no output is an error, moves
controls with the keyboard and the mouse, and checks that the chart image and the
summary change the way the model says they should.
"""

from __future__ import annotations

import re
import shutil
import time
from pathlib import Path

import pytest

from .lab import ARTIFACTS, error_outputs, open_and_run_all

pytestmark = pytest.mark.browser


def widget(page, kind: str, label: str):
    """The ipywidget of a kind (slider, dropdown...) whose description is ``label``."""
    return page.locator(f".widget-{kind}").filter(
        has=page.locator("label", has_text=re.compile(f"^{re.escape(label)}$"))).first


def vote(page, answer: str, thanks: str) -> None:
    """Answer the class poll and wait for its thank-you line."""
    page.get_by_role("button", name=answer).click()
    page.get_by_role("button", name="Submit my answer").click()
    page.get_by_text(thanks).wait_for(timeout=30_000)


def image_src(img) -> str:
    return img.get_attribute("src") or ""


def wait_new_src(page, img, old: str, timeout: int = 30_000) -> str:
    handle = img.element_handle()
    page.wait_for_function("([el, old]) => el.getAttribute('src') && el.src !== old",
                           arg=[handle, old], timeout=timeout)
    return image_src(img)


def verdict_text(panel) -> str:
    return panel.locator(".widget-html").filter(has_text="Over the next").first.inner_text()


def table_value(panel, row: str, column: int) -> str:
    """The number a table cell starts with ("+0.4 points" -> "+0.4")."""
    cells = panel.locator("table.guide-table tr").filter(has_text=row).first.locator("td")
    return cells.nth(column).inner_text().split()[0].rstrip("%")


def test_start_here_runs_and_reveals_the_answer(page, lab):
    open_and_run_all(page, lab, "notebooks/01_start_here.ipynb")
    page.snap("ran")
    assert error_outputs(page) == []
    guess = widget(page, "slider", "Your guess")
    readout = guess.locator(".widget-readout")
    readout.fill("15")
    readout.press("Enter")
    page.get_by_role("button", name="Reveal the model's answer").click()
    answer = page.get_by_text(re.compile(r"You guessed \+15\.0 points"))
    answer.wait_for(timeout=30_000)
    assert "higher than the model" in answer.inner_text()
    page.snap("revealed")
    page.get_by_role("button", name="Hide and guess again").click()
    answer.wait_for(state="detached", timeout=10_000)


def test_decision_panel_follows_its_controls(page, lab):
    open_and_run_all(page, lab, "notebooks/02_the_decision.ipynb")
    assert error_outputs(page) == []
    panel = page.locator(".widget-vbox").filter(
        has=page.get_by_text("The interview you are thinking of cancelling")).first
    img = panel.locator("img").first
    img.wait_for()
    page.snap("ran")
    src0 = image_src(img)
    assert "interest-2 group panel" in verdict_text(panel)

    # keyboard on the slider handle: interest 2 -> 3
    interest = widget(page, "slider", "Interest in the job")
    interest.locator(".noUi-handle").focus()
    interest.locator(".noUi-handle").press("ArrowRight")
    src1 = wait_new_src(page, img, src0)
    panel.get_by_text("interest-3 group panel").wait_for(timeout=30_000)
    assert interest.locator(".widget-readout").inner_text().strip() == "3"
    page.snap("interest-3")

    # a dropdown: the notice given when cancelling; no notice costs more reputation
    rep_before = float(table_value(panel, "Reputation", 3))
    widget(page, "dropdown", "If you cancel: notice").locator("select").select_option(
        label="No-show (no notice)")
    wait_new_src(page, img, src1)
    page.wait_for_function(
        "([el, before]) => { const row = [...el.querySelectorAll('table.guide-table tr')]"
        ".find(r => r.textContent.includes('Reputation'));"
        " return row && parseFloat(row.querySelectorAll('td')[3].textContent) > before; }",
        arg=[panel.element_handle(), rep_before], timeout=30_000)
    page.snap("no-show")

    # reset brings every default back
    panel.get_by_role("button", name="Reset to defaults").click()
    panel.get_by_text("interest-2 group panel").wait_for(timeout=30_000)
    assert interest.locator(".widget-readout").inner_text().strip() == "2"
    assert widget(page, "dropdown", "If you cancel: notice").locator("select") \
        .input_value() != ""
    assert float(table_value(panel, "Reputation", 3)) == pytest.approx(rep_before, abs=1e-9)
    # once the controls rest, the kernel explains the chart (scheduled on its event loop)
    panel.get_by_text("What decides it:").wait_for(
        timeout=90_000)
    page.snap("reset")
    assert panel.locator("img").count() == 1  # one chart, replaced: no pile-up
    assert error_outputs(page) == []


def test_my_search_fills_the_decision_from_the_file_and_edits_it_safely(page, lab):
    """Notebook 10: the decision panel from the file, then edit, check, save and load."""
    import guide

    open_and_run_all(page, lab, "notebooks/10_my_search.ipynb", timeout_ms=240_000)
    assert error_outputs(page) == []
    panel = page.locator(".widget-vbox").filter(
        has=page.get_by_text("Your interview at Northwind Traders")).first
    panel.get_by_text(re.compile(r"From your file: .*Fabrikam \(final round to come\)")).wait_for(
        timeout=60_000)
    page.snap("file-panel")
    hours = widget(page, "slider", "Hours it takes you").locator(".widget-readout")
    hours.fill("16")
    hours.press("Enter")
    panel.get_by_text(re.compile(r"What it costs: .*16 hours of your time")).wait_for(
        timeout=60_000)
    page.snap("file-panel-16-hours")

    editor = page.locator(".jp-OutputArea-output").filter(
        has=page.get_by_role("button", name="Check and save")).first
    editor.scroll_into_view_if_needed()
    interest = editor.locator("select").nth(5)  # line 3's interest (stage, format, interest)
    interest.select_option(label="")
    editor.get_by_role("button", name="Check and save").click()
    editor.get_by_text("line 3, column 'interest'").wait_for(timeout=30_000)
    assert "3" in editor.locator(".widget-html", has_text="\u26a0").first.inner_text()
    page.snap("editor-refused")
    interest.select_option(label="4")
    editor.get_by_role("button", name="Check and save").click()
    editor.get_by_text(re.compile(r"Saved \d+ rows")).wait_for(timeout=30_000)
    page.snap("editor-saved")
    saved = guide.load_pipeline(lab.root / "notebooks" / "my_pipeline.csv")
    row = saved.frame[saved.frame["line"] == 3].iloc[0]
    assert row["company"] == "Contoso Health" and row["interest"] == 4


def test_reputation_panel_shows_refused_settings_in_the_panel(page, lab):
    open_and_run_all(page, lab, "notebooks/06_reputation.ipynb")
    assert error_outputs(page) == []
    slider = widget(page, "slider", "Cost with a day's notice")
    readout = slider.locator(".widget-readout")
    readout.fill("0.95")
    readout.press("Enter")
    page.get_by_text("notice_cost_day_or_more=0.95 is larger").wait_for(timeout=30_000)
    page.snap("refused")


def test_app_mode_panel_and_poll_work_in_the_browser(page):
    from guide.workshop.store import PollStore

    from .lab import running_app

    with running_app() as app:
        page.goto(app.url, timeout=120_000)
        page.get_by_role("button", name="Submit my answer").wait_for(timeout=120_000)
        assert page.get_by_text("panels.AppDecisionPanel").count() == 0
        vote(page, "No, I would go anyway", "Thank you: 1 answer so far.")
        panel = page.locator(".guide-panel").first
        img = panel.locator("img").first
        img.wait_for(timeout=30_000)
        page.snap("app")
        src0 = image_src(img)
        handle = widget(page, "slider", "Interest in the job").locator(".noUi-handle")
        handle.focus()
        handle.press("ArrowRight")
        wait_new_src(page, img, src0)
        panel.get_by_text("interest-3 group panel").wait_for(timeout=30_000)
        page.get_by_role("button", name="What decides it?").click()
        panel.get_by_text("What decides it:").wait_for(
            timeout=30_000)
        page.snap("answered")
        assert PollStore(app.poll_dir, "class").answers()["answer"].tolist() == ["no"]


def test_app_fits_a_phone_screen_and_votes_before_revealing(page):
    """On a 390 x 844 phone: nothing overflows sideways; the model waits for the vote."""
    from .lab import running_app

    page.set_viewport_size({"width": 390, "height": 844})
    with running_app() as app:
        page.goto(app.url, timeout=120_000)
        page.get_by_role("button", name="Submit my answer").wait_for(timeout=120_000)
        page.get_by_text("Vote first").wait_for(timeout=120_000)
        # the poll's chart waits for the vote: hidden, never an empty image's broken icon
        assert page.locator(".guide-poll img").count() == 1
        assert not page.locator(".guide-poll img").first.is_visible()
        page.snap("phone")
        overflow = page.evaluate(
            "() => document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 2, f"the page is {overflow}px wider than the phone"
        assert page.get_by_text("Vote first").count() == 1
        vote(page, "No, I would go anyway", "Thank you: 1 answer so far.")
        page.get_by_text("the model says").first.wait_for(timeout=30_000)
        page.locator(".guide-panel").first.wait_for(timeout=60_000)
        page.snap("phone-voted")
        # controls a thumb can set: menus and sliders the screen's width, names above them
        widths = page.evaluate("""() => ({
            menus: [...document.querySelectorAll('select')].map(e => e.clientWidth),
            sliders: [...document.querySelectorAll('.widget-hslider .slider-container')]
                .map(e => e.getBoundingClientRect().width),
            handles: [...document.querySelectorAll('.noUi-handle')]
                .map(e => e.getBoundingClientRect().width)})""")
        assert widths["menus"] and min(widths["menus"]) >= 330, widths
        assert widths["sliders"] and min(widths["sliders"]) >= 250, widths
        assert min(widths["handles"]) >= 28, widths
        images = page.evaluate("""() => [...document.querySelectorAll('img')]
            .filter(i => i.naturalWidth && i.offsetParent)
            .map(i => [i.naturalWidth, i.clientWidth])""")
        assert images and all(natural <= 360 and shown >= natural * 0.95
                              for natural, shown in images), images  # drawn at its size


def test_room_mode_one_vote_per_phone_vote_first_and_a_returning_phone(browser):
    """Phones on the room's app: the model waits for the vote; a phone that reloads keeps
    its answer (and may change it); another phone adds one."""
    from guide.workshop.roomfile import read_status
    from guide.workshop.store import PollStore

    from .lab import running_room

    phone = {"viewport": {"width": 390, "height": 844}}
    with running_room() as room:
        first = browser.new_context(**phone).new_page()
        first.goto(room.link, timeout=120_000)
        first.get_by_role("button", name="Submit my answer").wait_for(timeout=120_000)
        assert first.get_by_text("Vote first").count() == 1
        assert first.get_by_text("In this scenario the model says").count() == 0
        assert first.locator(".guide-panel").count() == 0  # the model's panel waits too
        vote(first, "No, I would go anyway", "Thank you: 1 answer so far.")
        first.get_by_text("In this scenario the model says").wait_for(timeout=30_000)
        first.locator(".guide-panel").wait_for(timeout=30_000)  # revealed by the vote
        first.reload()
        first.get_by_text("This device answered").wait_for(timeout=120_000)
        vote(first, "Yes, if I am not interested", "Thank you: 1 answer so far.")
        second = browser.new_context(**phone).new_page()  # another phone
        second.goto(room.link, timeout=120_000)
        second.get_by_role("button", name="Submit my answer").wait_for(timeout=120_000)
        assert second.get_by_text("This device answered").count() == 0
        vote(second, "Not sure", "Thank you: 2 answers so far.")
        answers = PollStore(room.poll_dir, "class").answers()
        assert answers["answer"].tolist() == ["yes", "unsure"]
        assert answers["device"].str.len().tolist() == [32, 32]
        for phone_page in (first, second):  # closing a tab frees its kernel (Voila's
            phone_page.close(run_before_unload=True)  # beacon as the page unloads)
        deadline = time.monotonic() + 30
        while (read_status(room.status) or {}).get("participants", 1) and \
                time.monotonic() < deadline:
            time.sleep(0.5)
        assert read_status(room.status)["participants"] == 0
        log = (room.status.parent / "room.log").read_text()
        assert "Closed a participant's connection" not in log  # real pages pass the guard


def test_phones_follow_a_new_session_and_a_reveal_and_hear_that_the_room_closed(browser,
                                                                               monkeypatch):
    """The instructor's new session reaches an open phone within 3 s; a phone that joins
    after the reveal sees the model without voting; closing the room tells open phones."""
    from guide import _session
    from guide.workshop import sessions
    from guide.workshop.store import PollStore

    from .lab import running_room

    shots = ARTIFACTS / "screenshots"
    shots.mkdir(parents=True, exist_ok=True)
    phone = {"viewport": {"width": 390, "height": 844}}
    with running_room() as room:
        monkeypatch.setenv("GUIDE_SESSION_FILE", str(room.session_file))
        monkeypatch.setenv("GUIDE_POLL_DIR", str(room.poll_dir))
        first = browser.new_context(**phone).new_page()
        first.goto(room.link, timeout=120_000)
        first.get_by_role("button", name="Submit my answer").wait_for(timeout=120_000)
        vote(first, "No, I would go anyway", "Thank you: 1 answer so far.")
        first.locator(".guide-panel").wait_for(timeout=60_000)
        time.sleep(3)  # the panel has drawn: the kernel is idle, as between two talks
        started = time.monotonic()
        sessions.start_session("today")
        first.get_by_text("A new poll has started").wait_for(timeout=10_000)
        took = time.monotonic() - started
        first.screenshot(path=str(shots / "phone-new-session-390x844.png"))
        assert took <= 3.0, f"the new session reached the phone after {took:.1f} s"
        vote(first, "Not sure", "Thank you: 1 answer so far.")
        assert PollStore(room.poll_dir, "today").answers()["answer"].tolist() == ["unsure"]
        assert PollStore(room.poll_dir, "class").answers()["answer"].tolist() == ["no"]
        assert first.locator(".guide-room-lost").is_hidden()
        _session.save(revealed=True)
        late = browser.new_context(**phone).new_page()
        late.goto(room.link, timeout=120_000)
        late.get_by_text("In this scenario the model says").wait_for(timeout=120_000)
        assert late.get_by_text("Vote first").count() == 0
    started = time.monotonic()  # the room has closed
    first.locator(".guide-room-lost").wait_for(state="visible", timeout=20_000)
    took = time.monotonic() - started
    first.screenshot(path=str(shots / "phone-room-closed-390x844.png"))
    assert took <= 12.0, f"the phone heard of the closed room after {took:.1f} s"
    assert "scan the code on the screen again" in first.locator(".guide-room-lost").inner_text()


def test_presenting_at_1280x720_remembered_fits_and_the_projector_follows_the_poll(browser):
    """Presentation styling turned on once (remembered) applies to another notebook: at
    1280 x 720 a slider and the chart it moves share one screen and no label is cut; the
    projected results show a new answer by themselves."""
    import json
    import tempfile

    from guide.workshop.store import PollStore

    from .lab import open_and_run_all, running_lab

    work = Path(tempfile.mkdtemp(prefix="guide-present-"))
    (work / "session.json").write_text(json.dumps({"presentation": True, "scale": 1.5,
                                                   "poll": "live"}))
    env = {"GUIDE_SESSION_FILE": str(work / "session.json"),
           "GUIDE_POLL_DIR": str(work / "polls"),
           "GUIDE_ROOM_FILE": str(work / "room.json")}
    context = browser.new_context(viewport={"width": 1280, "height": 720})
    page = context.new_page()
    try:
        with running_lab(env=env) as lab:
            open_and_run_all(page, lab, "notebooks/02_the_decision.ipynb")
            page.keyboard.press("Control+b")  # the file browser closed, as the notes say
            time.sleep(1)
            panel = page.locator(".guide-panel").first
            slider = panel.locator(".widget-slider").first
            slider.scroll_into_view_if_needed()
            page.evaluate("el => el.scrollIntoView({block: 'start'})",
                          panel.locator(".guide-controls").element_handle())
            time.sleep(0.5)
            top = slider.bounding_box()
            chart = panel.locator("img.guide-chart").bounding_box()
            rows = panel.locator(".guide-controls > *")
            first, second = rows.nth(0).bounding_box(), rows.nth(1).bounding_box()
            page.screenshot(path=str(ARTIFACTS / "screenshots" / "present-1280x720.png"))
            assert abs(first["y"] - second["y"]) < 5 and second["x"] > first["x"]  # 2 columns
            bottom = page.locator(".jp-NotebookPanel-notebook").bounding_box()
            assert chart["y"] + chart["height"] <= bottom["y"] + bottom["height"], (top, chart)
            cut = page.evaluate("""() => [...document.querySelectorAll(
                '.guide-panel .widget-label, .guide-panel button, .guide-poll button')]
                .filter(e => e.offsetParent && e.scrollWidth > e.clientWidth + 1)
                .map(e => e.textContent)""")
            assert cut == [], f"labels cut: {cut}"
            open_and_run_all(page, lab, "notebooks/workshop/projector.ipynb")
            page.get_by_text("0 answers so far").wait_for(timeout=30_000)
            page.get_by_text("No room is running").wait_for(timeout=30_000)
            PollStore(work / "polls", "live").add("no", device="ab" * 16)
            page.get_by_text("1 answer so far").wait_for(timeout=15_000)  # no click
            assert page.get_by_text("(session live)").count() == 1
            question = page.get_by_text("Would you ever cancel a job interview?").first
            button = page.get_by_role("button", name="Show what the model says")
            notebook = page.locator(".jp-NotebookPanel-notebook").bounding_box()
            screen_end = notebook["y"] + notebook["height"]
            for step in ("before", "after"):  # the poll, then the model: one screen each
                question.evaluate("e => e.scrollIntoView({block: 'start'})")
                time.sleep(0.5)
                page.screenshot(path=str(ARTIFACTS / "screenshots" /
                                         f"projector-{step}-reveal-1280x720.png"))
                box = button.bounding_box()
                assert box["y"] + box["height"] <= screen_end, (step, box)
                sizes = page.evaluate("""() => [...document.querySelectorAll('img')]
                    .filter(i => i.naturalWidth && i.offsetParent)
                    .map(i => [i.naturalWidth, i.clientWidth])""")
                assert sizes and all(shown <= natural for natural, shown in sizes), sizes
                if step == "before":
                    button.click()
                    page.get_by_text("In this scenario the model says").wait_for(
                        timeout=60_000)
    finally:
        context.close()
        shutil.rmtree(work, ignore_errors=True)


def test_five_phones_arriving_together_all_see_the_poll(browser):
    """Five real phone pages open the room's link at once: every one shows the poll.

    How long it takes is measured by ``make bench-browser`` (a benchmark), not here.
    """
    from .latency import phones_arriving

    together, _ = phones_arriving(browser, 5)
    assert len(together) == 5
    print("seconds until each phone showed the poll:", [round(t, 1) for t in together])
