"""Workshop mode: presets, presentation styling, the class poll and its storage, handouts."""

import gc
import os
import re
import signal
import subprocess
import sys
import textwrap
import time
import weakref
from datetime import datetime
from pathlib import Path

import nbformat
import pytest

import guide
from guide import charts, panels, workshop
from guide.workshop.handout import export_handout
from guide.workshop.store import PollFileError, PollStore

ROOT = Path(__file__).resolve().parents[1]


# --- presets ----------------------------------------------------------------------------

def test_every_preset_validates_and_tells_a_story():
    presets = guide.load_presets()
    assert {"defaults", "new_graduate", "career_changer", "senior_small_industry",
            "offer_in_hand"} <= set(presets)
    for key, p in presets.items():
        assert isinstance(p.params, guide.Params), key
        assert p.label and p.story.endswith("."), key
        for name, value in p.changes.items():
            assert getattr(p.params, name) == value
    assert presets["defaults"].params == guide.Params()


@pytest.mark.parametrize(
    ("content", "words"),
    [
        ("key,label,story,speed\nx,X,Y,3\n", "line 1: column 'speed' is not a parameter"),
        ("key,label\nx,X\n", "line 1: missing column 'story'"),
        ("key,label,story,rounds\nok,A,B,3\nbad,C,D,9\n",
         "line 3 (preset 'bad'): rounds=9 is out of range"),
        ("key,label,story,rounds\nx,A,B,three\n", "column 'rounds': 'three' is not a number"),
        ("key,label,story,rounds\nx,A,B,3\nx,C,D,2\n", "key 'x' is used twice"),
        ("key,label,story,rounds\nx,A,B,3,4\n", "line 2: more cells than columns"),
        ("key,label,story,rounds\nno spaces!,A,B,3\n", "letters, digits and underscores"),
        ('key,label,story,rounds\nx,"A,B,3\n', "line 2: a quote"),
    ],
)
def test_bad_preset_files_give_clear_errors(tmp_path, content, words):
    path = tmp_path / "presets.csv"
    path.write_text(content)
    with pytest.raises(ValueError, match=words.replace("(", r"\(").replace(")", r"\)")):
        guide.load_presets(path)


def test_preset_in_use_from_call_or_environment(monkeypatch):
    try:
        assert guide.use_preset("career_changer").industry_size == 150
        assert guide.current_params().industry_size == 150
        guide.use_preset(None)
        monkeypatch.setenv("GUIDE_PRESET", "senior_small_industry")
        assert guide.current_params().industry_size == 25
        monkeypatch.setenv("GUIDE_PRESET", "astronaut")
        with pytest.raises(ValueError, match="preset 'astronaut'"):
            guide.current_params()
        with pytest.raises(ValueError, match="preset 'nope' is not known"):
            guide.use_preset("nope")
    finally:
        monkeypatch.delenv("GUIDE_PRESET", raising=False)
        guide.use_preset(None)


def test_one_scenario_change_moves_every_live_panel():
    a, b = panels.SurprisePanel(), panels.PracticePanel()
    a.scenario.dropdown.value = "career_changer"
    assert b.scenario.dropdown.value == "career_changer"
    assert a.value("posting_noise") == 1.5
    assert b.value("initial_skill") == 0.35
    default_chance = guide.surprise_by_interest(guide.Params(), samples=50_000)
    assert a.result.loc[1, "chance_acceptable"] != default_chance.loc[1, "chance_acceptable"]
    b.controls["initial_skill"].value = 0.9
    b.reset()  # back to the guide's defaults, scenario included, in every panel
    assert b.value("initial_skill") == guide.Params().initial_skill
    assert a.scenario.dropdown.value == "defaults" and a.value("posting_noise") == 1.0


# --- presentation mode ------------------------------------------------------------------

def test_presentation_mode_enlarges_and_undoes():
    r = guide.decide(guide.Params(), guide.Interview(), runs=100, weeks=5, seed=0)
    curves = guide.summarize(r.frame, band="mean",
                             metrics=["acceptable_offers", "practice", "reputation"])
    normal = charts.decision_figure(r, curves).axes[0].title.get_fontsize()
    panel = panels.LeveragePanel()
    before = panel.updates
    style = workshop.presentation_mode(True)
    try:
        assert "font-size: 20px" in style.value
        assert charts.decision_figure(r, curves).axes[0].title.get_fontsize() == \
            pytest.approx(normal * 1.5)
        assert panel.updates > before  # live panels redraw at the new size
    finally:
        assert workshop.presentation_mode(False) is style
    assert style.value == ""
    assert charts.decision_figure(r, curves).axes[0].title.get_fontsize() == normal
    with pytest.raises(ValueError, match="scale=5"):
        workshop.presentation_mode(True, scale=5)


# --- poll storage -----------------------------------------------------------------------

def test_poll_answers_survive_reopening(tmp_path):
    store = PollStore(tmp_path / "polls", "morning")
    assert store.answers().empty and not (tmp_path / "polls").exists()
    assert store.add("no") == 1
    assert store.add("good_reason", "accepted_offer") == 2
    again = PollStore(tmp_path / "polls", "morning")  # a kernel restart
    df = again.answers()
    assert df["answer"].tolist() == ["no", "good_reason"]
    assert df["reason"].tolist() == ["", "accepted_offer"]
    counts = again.counts().set_index("answer")
    assert counts.loc["no", "count"] == 1 and counts.loc["yes", "count"] == 0
    assert counts["share"].sum() == pytest.approx(1)


def test_poll_rejects_bad_input(tmp_path):
    store = PollStore(tmp_path, "s")
    with pytest.raises(ValueError, match="answer='maybe' is not allowed"):
        store.add("maybe")
    with pytest.raises(ValueError, match="reason='bored' is not allowed"):
        store.add("yes", "bored")
    with pytest.raises(ValueError, match="session='../etc'"):
        PollStore(tmp_path, "../etc")


def test_malformed_rows_are_reported_with_line_numbers_and_never_overwritten(tmp_path):
    path = tmp_path / "s.csv"
    good = "time,answer,reason\n2026-11-25T10:00:00+00:00,no,\n"
    path.write_text(good + "yesterday,no,\n2026-11-25T10:01:00+00:00,maybe,\n"
                           "2026-11-25T10:02:00+00:00,yes\n")
    store = PollStore(tmp_path, "s")
    with pytest.raises(PollFileError) as info:
        store.answers()
    message = str(info.value)
    assert "line 3: time 'yesterday'" in message
    assert "line 4: answer 'maybe'" in message
    assert "line 5: 2 cells" in message
    before = path.read_bytes()
    with pytest.raises(PollFileError):
        store.add("no")
    assert path.read_bytes() == before


def test_wrong_header_is_reported(tmp_path):
    (tmp_path / "s.csv").write_text("when,what\n")
    with pytest.raises(PollFileError, match="line 1: the header must be time,answer,reason"):
        PollStore(tmp_path, "s").answers()


WRITER = textwrap.dedent("""
    import sys
    from guide.workshop.store import PollStore
    store = PollStore(sys.argv[1], "room")
    for i in range(int(sys.argv[2])):
        store.add(["no", "yes", "good_reason", "unsure"][i % 4])
        print(i + 1, flush=True)
""")


def test_concurrent_answers_from_several_processes_are_all_kept(tmp_path):
    procs = [subprocess.Popen([sys.executable, "-c", WRITER, str(tmp_path), "25"],
                              stdout=subprocess.DEVNULL) for _ in range(4)]
    for p in procs:
        assert p.wait(timeout=120) == 0
    assert len(PollStore(tmp_path, "room").answers()) == 100


def test_a_kill_mid_write_loses_no_earlier_answer(tmp_path):
    proc = subprocess.Popen([sys.executable, "-c", WRITER, str(tmp_path), "100000"],
                            stdout=subprocess.PIPE, text=True)
    acknowledged = 0
    deadline = time.monotonic() + 60
    while acknowledged < 40 and time.monotonic() < deadline:
        acknowledged = int(proc.stdout.readline())
    os.kill(proc.pid, signal.SIGKILL)  # wherever it is, probably mid-write
    proc.wait(timeout=10)
    df = PollStore(tmp_path, "room").answers()  # still readable
    assert len(df) >= acknowledged
    assert PollStore(tmp_path, "room").add("no") == len(df) + 1


def test_a_failure_mid_answer_leaves_the_answers_before_it(tmp_path):
    """A replaced answer is a delete and an insert: a failure between them (here, a
    trigger that aborts the insert) rolls both back, so the old answer stays."""
    import sqlite3

    store = PollStore(tmp_path, "s")
    store.add("no", device="phone-a-0000000000")
    with sqlite3.connect(store.path) as db:
        db.execute("CREATE TRIGGER cut BEFORE INSERT ON answers WHEN NEW.answer = 'yes' "
                   "BEGIN SELECT RAISE(ABORT, 'power cut'); END")
    with pytest.raises(PollFileError, match="power cut"):
        store.add("yes", device="phone-a-0000000000")
    assert store.answers()["answer"].tolist() == ["no"]
    assert store.add("unsure", device="phone-a-0000000000") == 1


# --- the poll panel ---------------------------------------------------------------------

def test_poll_panel_records_charts_and_compares_with_the_model(tmp_path):
    panel = workshop.PollPanel(folder=tmp_path, session="class")
    assert panel.record() is None and "Choose an answer" in panel.message.value
    panel.answer.value = "no"
    assert panel.record() == 1
    panel.answer.value = "yes"
    panel.reason.value = "lost_interest"
    assert panel.record() == 2
    assert "2 answers so far" in panel.message.value
    from guide.workshop.store import ANSWERS
    assert f"Your answer: <b>{ANSWERS['yes']}</b>" in panel.message.value  # what was chosen
    assert panel.fig.axes[0].get_title() == "The room (2 answers)"
    assert "attend" in panel.model_text.value
    assert len(panel.view) == 5 and (panel.view["interest"] == [1, 2, 3, 4, 5]).all()
    reopened = workshop.PollPanel(folder=tmp_path, session="class")
    assert reopened.fig.axes[0].get_title() == "The room (2 answers)"


def test_poll_panel_shows_a_malformed_file_and_does_not_write(tmp_path):
    path = tmp_path / "class.csv"
    path.write_text("time,answer,reason\nnonsense\n")
    panel = workshop.PollPanel(folder=tmp_path, session="class")
    assert "line 2" in panel.error.value and panel.submit.disabled
    panel.answer.value = "no"
    assert panel.record() is None
    assert path.read_text() == "time,answer,reason\nnonsense\n"


def test_model_sentence():
    import pandas as pd
    every = pd.DataFrame({"interest": [1, 2], "p_job": [1.5, 2.5],
                          "choice": ["attend", "attend"]})
    assert "attend at every interest level" in workshop.model_sentence(every)
    assert "1.5 to 2.5 points" in workshop.model_sentence(every)
    some = pd.DataFrame({"interest": [1, 2, 3], "p_job": [-0.1, 0.2, 3],
                         "choice": ["cancel", "too_close", "attend"]})
    said = workshop.model_sentence(some)
    assert "cancel at interest 1" in said and "too close to call at interest 2" in said


def test_the_offer_in_hand_scenario_holds_an_offer():
    preset = guide.load_presets()["offer_in_hand"]
    assert preset.start.offers == ((5, 2),)
    assert "interest-5 offer due in 2 weeks" in guide.preset_table().set_index(
        "preset").loc["offer_in_hand", "changes"]


@pytest.mark.parametrize("cell", ["5-2", "9:1", "5:0", "x"])
def test_bad_offers_in_a_preset_file_name_the_line(tmp_path, cell):
    path = tmp_path / "p.csv"
    path.write_text(f"key,label,story,offers\nx,A,B,{cell}\n", encoding="utf-8")
    with pytest.raises(ValueError, match="line 2 .*column 'offers'"):
        guide.load_presets(path)


# --- handouts ---------------------------------------------------------------------------

def test_handout_embeds_charts_hides_code_and_live_panels(tmp_path):
    out = export_handout(ROOT / "notebooks" / "03_surprise.ipynb", tmp_path / "h.html",
                         preset="career_changer")
    page = out.read_text()
    assert page.count('src="data:image/png;base64,') >= 1
    images = re.findall(r"<img\b[^>]*>", page)
    assert images and all(re.search(r'alt="Chart[^"]*\d', tag) for tag in images)  # words
    assert re.search(r'<html\b[^>]*lang="en"', page)  # a screen reader knows the language
    assert "surprise_by_interest" not in page  # code hidden
    assert "SurprisePanel" not in page and "NBVAL_IGNORE_OUTPUT" not in page
    assert "Career changer" in page
    assert "Scenario: Career changer." in page  # named on the page, not only in the tab
    assert "<script" not in page and 'src="http' not in page  # nothing from the network
    assert "Try this" not in page  # no suggestions that need a live panel
    with pytest.raises(ValueError, match="already exists"):
        export_handout(ROOT / "notebooks" / "03_surprise.ipynb", out)
    with pytest.raises(ValueError, match="preset 'pirate'"):
        export_handout(ROOT / "notebooks" / "03_surprise.ipynb", tmp_path / "x.html",
                       preset="pirate")


def test_a_hostile_notebooks_handout_runs_nothing_and_loads_nothing(tmp_path):
    """README promises no scripts and nothing from the network: HTML a notebook carries
    (in its prose or its outputs) loses handlers, javascript: links, frames, forms and
    remote images; embedded images, tables, links and headings stay."""
    hostile = (
        '<img src="https://evil.example/t.png" onerror="alert(1)">'
        '<a href="javascript:alert(2)">click</a> <iframe src="https://evil.example"></iframe>'
        '<div onclick="alert(3)" style="color: red; background-image: url(https://e.x/a)">'
        'red</div><form action="https://evil.example"><input name="q"></form>'
        '<svg><script>alert(4)</script></svg><style>@import url(https://e.x/s.css)</style>'
        '<object data="https://e.x/o"></object><a href="https://example.org">fine</a>')
    book = nbformat.v4.new_notebook()
    book.cells = [nbformat.v4.new_markdown_cell("# A hostile notebook\n\n" + hostile),
                  nbformat.v4.new_code_cell(
                      "from IPython.display import HTML\nHTML(" + repr(hostile) + ")")]
    src = tmp_path / "hostile.ipynb"
    nbformat.write(book, src)
    page = export_handout(src, tmp_path / "h.html").read_text()
    body = page[page.index("<body"):].lower()
    for gone in ("onerror", "onclick", "javascript:", "<iframe", "<form", "<input",
                 "<object", "<script", "evil.example", "e.x/", "alert("):
        assert gone not in body, gone
    assert "<h1" in body and 'href="https://example.org"' in body and "color:red" in \
        body.replace(" ", "") and "click" in body and "fine" in body


def test_handout_under_a_preset_shows_that_preset_numbers(tmp_path):
    plain = export_handout(ROOT / "notebooks" / "03_surprise.ipynb", tmp_path / "a.html")
    changed = export_handout(ROOT / "notebooks" / "03_surprise.ipynb", tmp_path / "b.html",
                             preset="career_changer")
    from guide._words import percent

    def cells(params):  # the table's cells for interests 1-5, as the handout shows them
        table = guide.surprise_by_interest(params, seed=0).round(3)
        return [f"<td>{percent(v)}</td>" for v in table["chance_acceptable"]]

    default = cells(guide.Params())
    career = cells(guide.load_presets()["career_changer"].params)
    assert default != career
    assert all(c in plain.read_text() for c in default)  # default posting noise
    assert all(c in changed.read_text() for c in career)  # the career changer's postings
    assert "GUIDE_PRESET" not in os.environ


def test_handout_command_line(tmp_path):
    out = tmp_path / "cli.html"
    done = subprocess.run([sys.executable, "-m", "guide.workshop.handout",
                           str(ROOT / "notebooks" / "08_if_you_must_cancel.ipynb"),
                           "-o", str(out)], capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    again = subprocess.run([sys.executable, "-m", "guide.workshop.handout",
                            str(ROOT / "notebooks" / "08_if_you_must_cancel.ipynb"),
                            "-o", str(out)], capture_output=True, text=True, timeout=300)
    assert again.returncode == 2 and "already exists" in again.stderr


def test_panel_saves_a_chart_for_slides(tmp_path):
    panel = panels.LeveragePanel()
    path = panel.save_png(str(tmp_path / "slide.png"))
    first = Path(path).read_bytes()
    assert first[:4] == b"\x89PNG"
    with pytest.raises(ValueError, match="dpi=0"):  # a failed drawing destroys nothing
        panel.save_png(path, dpi=0, overwrite=True)
    with pytest.raises(ValueError, match="already exists"):  # nor a second save
        panel.save_png(path)
    assert Path(path).read_bytes() == first
    panel.save_png(path, dpi=100, overwrite=True)
    assert Path(path).read_bytes() != first
    assert len(list(tmp_path.glob("slide.backup-*.png"))) == 1


def test_a_presets_file_that_is_not_utf8_names_file_and_line(tmp_path):
    path = tmp_path / "p.csv"
    path.write_bytes(b"key,label,story,rounds\nx,Caf\xe9,B,3\n")
    with pytest.raises(ValueError, match=r"p\.csv: line 2: not UTF-8"):
        guide.load_presets(path)


def test_message_and_predict_panels_show_any_error(monkeypatch):
    msg = panels.MessagePanel()

    def broken(*args, **kwargs):
        raise KeyError("template")

    monkeypatch.setattr(panels.message, "draft_message", broken)
    msg.refresh()
    assert "something went wrong" in msg.error.value and "KeyError" in msg.error.value
    predict = panels.PredictPanel(seed=0)
    monkeypatch.setattr(panels.decision, "decide", broken)
    assert predict.reveal() is None and "something went wrong" in predict.error.value


def test_app_and_facilitator_share_one_poll_file_from_any_folder(tmp_path, monkeypatch):
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.delenv("GUIDE_POLL_DIR", raising=False)
    paths = set()
    for folder in (tmp_path, tmp_path / "notebooks", tmp_path / "notebooks" / "workshop"):
        folder.mkdir(parents=True, exist_ok=True)
        monkeypatch.chdir(folder)
        paths |= {workshop.PollPanel().store.path, workshop.app_poll().store.path}
    assert paths == {tmp_path / "attend-or-cancel" / "poll-answers" / "class.sqlite"}
    assert str(tmp_path) not in workshop.app_poll().widget.children[0].value  # no path
    assert str(tmp_path) in workshop.PollPanel().widget.children[0].value  # shown in full
    monkeypatch.setenv("GUIDE_POLL_DIR", str(tmp_path / "room"))
    monkeypatch.setenv("GUIDE_SESSION_FILE", str(tmp_path / "session.json"))
    monkeypatch.setenv("GUIDE_POLL_SESSION", "ignored")  # no longer read: one setting
    workshop.sessions.start_session("am")
    assert workshop.app_poll().store.path == tmp_path / "room" / "am.sqlite"


def test_a_handout_into_a_missing_folder_fails_before_running_the_notebook(tmp_path,
                                                                            monkeypatch):
    from guide.workshop import handout

    def never(*args, **kwargs):
        raise AssertionError("the notebook ran before the output was checked")

    monkeypatch.setattr(handout.ExecutePreprocessor, "preprocess", never)
    with pytest.raises(ValueError, match="does not exist"):
        export_handout(ROOT / "notebooks" / "03_surprise.ipynb", tmp_path / "no" / "h.html")
    link = tmp_path / "linked.html"
    link.symlink_to(tmp_path / "elsewhere.html")
    with pytest.raises(ValueError, match="is a link"):
        export_handout(ROOT / "notebooks" / "03_surprise.ipynb", link, force=True)


def test_participants_vote_before_seeing_the_room_or_the_model(tmp_path):
    poll = workshop.app_poll(folder=tmp_path, session="s")
    assert poll.image.value == b"" and "Vote first" in poll.model_text.value
    assert poll.image.layout.display == "none"  # no broken-image icon before the vote
    poll.device.key = "0f" * 16
    poll.answer.value = "no"
    assert poll.record() == 1
    assert poll.image.value[:4] == b"\x89PNG" and "the model says" in poll.model_text.value
    assert poll.image.layout.display == ""


def test_the_app_holds_no_facilitator_control_at_all(tmp_path):
    """Hidden is not enough: a hidden button's widget is still reachable over the
    websocket. The participants' poll has no export widget, no path anywhere."""
    import ipywidgets

    poll = workshop.app_poll(folder=tmp_path, session="s")
    assert poll.export is None

    def walk(w):
        yield w
        for child in getattr(w, "children", ()):
            yield from walk(child)

    shown = list(walk(poll.widget))
    assert not [w for w in shown if isinstance(w, ipywidgets.Button)
                and "CSV" in w.description]
    assert not [w for w in shown if isinstance(w, ipywidgets.HTML)
                and str(tmp_path) in w.value]


def test_a_page_cannot_vote_again_under_a_new_device_key(tmp_path):
    """The key is taken once per kernel: a page that sends new keys over its own
    websocket (25 keys were 25 votes) is put back to its first key."""
    poll = workshop.app_poll(folder=tmp_path, session="s")
    poll.answer.value = "no"
    assert poll.record() is None and "not finished opening" in poll.message.value
    poll.device.key = "0f" * 16
    for i in range(25):
        poll.device.key = f"{i:02d}" * 16  # a hostile page renames itself
        assert poll.device.key == "0f" * 16
        poll.answer.value = "yes"
        poll.record()
    assert len(poll.store.answers()) == 1
    bad = workshop.app_poll(folder=tmp_path, session="s")
    bad.device.key = "<script>" * 3  # not a key: not taken
    assert bad.device_key == "" and bad.device.key == ""


def test_the_facilitator_sees_new_answers_without_pressing_anything(tmp_path):
    poll = workshop.PollPanel(folder=tmp_path, session="s")
    assert poll.fig.axes[0].get_xlim()[0] == 0  # an empty chart has no negative axis
    assert not poll.check_for_new_answers()
    PollStore(tmp_path, "s").add("yes")  # a participant, elsewhere
    assert poll.check_for_new_answers()
    assert "1 answer" in poll.fig.axes[0].get_title()


def test_the_results_can_be_saved_as_csv_without_overwriting(tmp_path):
    poll = workshop.PollPanel(folder=tmp_path, session="s")
    PollStore(tmp_path, "s").add("no")
    path = poll.export_csv(tmp_path / "results.csv")
    assert path and "no" in Path(path).read_text()
    assert poll.export_csv(tmp_path / "results.csv") is None
    assert "already exists" in poll.error.value


def test_the_app_counts_one_answer_per_device_and_remembers_a_returning_one(tmp_path):
    """A phone keeps its key (browser storage): a reload shows its answer, a new vote
    replaces it, another phone adds one."""
    phone = "0f" * 16
    first = workshop.app_poll(folder=tmp_path, session="s")
    first.device.key = phone  # what the browser sends once the page has loaded
    assert not first.voted and first.image.value == b""
    first.answer.value = "no"
    assert first.record() == 1
    back = workshop.app_poll(folder=tmp_path, session="s")  # reloaded, a new kernel
    back.device.key = phone
    assert back.voted and back.image.value != b""
    assert "This device answered <b>No, I would go anyway</b>" in back.message.value
    back.answer.value = "yes"
    assert back.record() == 1  # replaced
    other = workshop.app_poll(folder=tmp_path, session="s")
    other.device.key = "1e" * 16
    assert not other.voted
    other.answer.value = "unsure"
    assert other.record() == 2
    assert first.store.answers()["answer"].tolist() == ["yes", "unsure"]


def test_a_chosen_scenario_and_presentation_are_remembered_for_the_next_kernel(
        tmp_path, monkeypatch):
    """What the facilitator chose carries to other notebooks and after a restart, never
    from the participants' app, and nowhere when turned off."""
    from guide import _presentation, _session, charts, panels

    memory = tmp_path / "session.json"
    monkeypatch.setenv("GUIDE_SESSION_FILE", str(memory))
    monkeypatch.delenv("GUIDE_PRESET", raising=False)
    panel = panels.DecisionPanel()
    panel.scenario.dropdown.value = "new_graduate"
    workshop.presentation_mode(True)
    try:
        assert _session.load() == {"scenario": "new_graduate", "presentation": True,
                                   "scale": 1.5}
        charts.set_scale(1.0)  # a new kernel: nothing in memory but the file
        _presentation.apply(False)
        _presentation.restore()
        assert charts.base._scale["factor"] == 1.5 and _presentation.is_on()
        assert guide.active_preset() == "new_graduate"
        assert panels.DecisionPanel().scenario.dropdown.value == "new_graduate"
        monkeypatch.setenv("VOILA_BASE_URL", "/")  # a kernel of the app
        assert not _session.save(scenario="defaults")
        assert _session.load()["scenario"] == "new_graduate"
        monkeypatch.delenv("VOILA_BASE_URL")
        memory.write_text("{broken")
        assert _session.load() == {} and guide.active_preset() == "defaults"
        monkeypatch.setenv("GUIDE_SESSION_FILE", "")
        assert not _session.save(scenario="career_changer") and _session.load() == {}
    finally:
        _presentation.apply(False)


def test_the_projected_results_hide_the_model_until_revealed_and_follow_new_answers(
        tmp_path):
    view = workshop.ResultsView(folder=tmp_path, session="s")
    assert "0 answers so far" in view.heading.value
    assert len(view.fig.axes) == 1 and view.model_text.value == ""  # predict first
    PollStore(tmp_path, "s").add("no", device="0a" * 16)
    time.sleep(0.01)
    assert view.check_for_new_answers() and "1 answer so far" in view.heading.value
    assert not view.check_for_new_answers()  # nothing new: no redraw
    view.reveal.value = True
    assert len(view.fig.axes) == 2 and "the model says" in view.model_text.value


def test_the_join_card_shows_the_running_room_or_how_to_start_one(tmp_path):
    from guide.workshop.roomfile import write_status

    status = tmp_path / "room.json"
    card = workshop.JoinCard(status)
    assert "No room is running" in card.widget.value and "make room" in card.widget.value
    write_status(status, {"link": "http://192.168.1.20:8866/?token=abc", "connected": 12,
                          "ready": 18, "cap": 40, "updated": time.time()})
    assert card.check_status()
    shown = card.widget.value
    assert "<svg" in shown and "http://192.168.1.20:8866/?token=abc" in shown
    assert "<b>12</b> phones connected" in shown and "at most 40" in shown
    write_status(status, {"link": "http://192.168.1.20:8866/?token=abc",
                          "connected": "<img src=x onerror=alert(1)>", "ready": [1],
                          "cap": "<script>", "crowded": {"10.0.0.5": 3, "<b>": "<i>"},
                          "updated": time.time()})
    assert card.check_status()
    shown = card.widget.value
    assert "<img" not in shown and "<script" not in shown and "<b><" not in shown
    assert "<b>0</b> phones connected" in shown and "10.0.0.5 holds 3" in shown
    assert "&lt;b&gt; holds &lt;i&gt;" in shown and "--free ADDRESS" in shown


def test_the_app_follows_the_facilitators_scenario(tmp_path, monkeypatch):
    monkeypatch.setenv("GUIDE_SESSION_FILE", str(tmp_path / "session.json"))
    poll = workshop.app_poll(folder=tmp_path, session="s")
    panel = panels.AppDecisionPanel()
    calls = []

    class Loop:  # stands in for the kernel's event loop
        def call_later(self, delay, *args):
            calls.append(args)

    from guide import _session
    seen = _session.stamp()
    _session.save(scenario="career_changer")  # the facilitator, in another kernel
    workshop.poll._follow_scenario(weakref.ref(poll), Loop(), seen)
    assert poll.scenario.dropdown.value == "career_changer"
    assert panel.scenario.dropdown.value == "career_changer"  # the bus moved the panel
    assert len(calls) == 1  # and it keeps looking


LIVE_WORDS = re.compile(r"(?i)\bsliders?\b|\bpress\b|\bbutton\b|panel below|move the|"
                        r"scenario menu|\bclick|\bdrag")


@pytest.mark.parametrize("notebook", sorted((ROOT / "notebooks").glob("[01]*.ipynb")),
                         ids=lambda p: p.stem)
def test_handout_prose_speaks_of_no_live_control(notebook):
    """On paper there is nothing to move or press: such prose is left out or replaced."""
    import nbformat

    from guide._presets import load_presets
    from guide.workshop.handout import for_paper

    book = for_paper(nbformat.read(notebook, as_version=4), load_presets()["defaults"])
    prose = "\n\n".join(c.source for c in book.cells if c.cell_type == "markdown")
    assert not LIVE_WORDS.findall(prose), LIVE_WORDS.findall(prose)
    assert "<!--" not in prose
    assert "the defaults" not in prose.lower()  # on paper, the scenario named at the top


def test_the_apps_panel_waits_for_the_vote(tmp_path):
    poll = workshop.app_poll(folder=tmp_path, session="s")
    panel = panels.AppDecisionPanel()
    box = workshop.after_vote(poll, panel)
    assert box.children[0] is not panel.widget and "Answer the poll" in box.children[0].value
    poll.device.key = "0f" * 16
    poll.answer.value = "good_reason"
    poll.record()
    assert box.children == (panel.widget,)


@pytest.mark.skipif(not Path("/usr/bin/chromium").exists(), reason="needs Debian's chromium")
def test_a_handout_prints_to_pdf_offline_and_never_over_a_file(tmp_path):
    from guide.workshop.handout import to_pdf

    page = tmp_path / "h.html"
    page.write_text("<html><body><h1>Attend or cancel?</h1><p>On paper.</p></body></html>")
    pdf = to_pdf(page, tmp_path / "h.pdf")
    assert pdf.read_bytes().startswith(b"%PDF") and pdf.stat().st_size > 1000
    with pytest.raises(ValueError, match="already exists"):
        to_pdf(page, pdf)
    sizes = {}  # the paper asked for, in points (A4 is 595 x 842, Letter 612 x 792)
    for paper in ("a4", "letter"):
        printed = to_pdf(page, tmp_path / f"{paper}.pdf", paper=paper).read_bytes()
        box = re.search(rb"/MediaBox\s*\[\s*0\s+0\s+([\d.]+)\s+([\d.]+)", printed)
        sizes[paper] = tuple(round(float(v)) for v in box.groups())
    assert sizes == {"a4": (595, 842), "letter": (612, 792)}
    with pytest.raises(ValueError, match="paper='a3' is not known"):
        to_pdf(page, tmp_path / "x.pdf", paper="a3")


def test_revealing_the_model_on_the_projector_reveals_it_on_the_phones(tmp_path,
                                                                        monkeypatch):
    from guide import _session

    monkeypatch.setenv("GUIDE_SESSION_FILE", str(tmp_path / "session.json"))
    poll = workshop.app_poll(folder=tmp_path, session="s")
    panel = panels.AppDecisionPanel()
    box = workshop.after_vote(poll, panel)
    projector = workshop.ResultsView(folder=tmp_path, session="s")
    assert not _session.load().get("revealed") and not poll.voted
    seen = _session.stamp()
    projector.reveal.value = True

    class Loop:
        def call_later(self, delay, *args):
            pass

    workshop.poll._follow_scenario(weakref.ref(poll), Loop(), seen)
    assert poll.voted and box.children == (panel.widget,)
    assert "the model says" in poll.model_text.value


def test_a_live_view_is_followed_while_it_lives_and_dropped_after(tmp_path):
    calls = []

    class Loop:
        def call_later(self, delay, *args):
            calls.append(args)

    class View:  # ipywidgets keeps widgets alive; a plain object shows the weak hold
        looked = 0

        def check(self):  # "nothing new", as a view's check says most of the time
            self.looked += 1
            return False

    view = View()
    panels.live._look(weakref.WeakMethod(view.check), 2.0, Loop())
    assert view.looked == 1 and len(calls) == 1  # looked, and will look again
    again, *arguments = calls[0]
    again(*arguments)
    assert view.looked == 2 and len(calls) == 2  # "nothing new" is no reason to stop
    del view
    gc.collect()
    again, *arguments = calls[-1]
    again(*arguments)
    assert len(calls) == 2  # gone: no more looks


def test_the_model_view_follows_the_scenarios_start_and_the_panels_numbers():
    """The projector's model side uses the scenario's offer and the panel's futures."""
    import guide
    from guide import workshop

    offer = guide.Start(offers=((5, 2),))
    plain = workshop.model_view(guide.Params(), runs=300)
    held = workshop.model_view(guide.Params(), runs=300, start=offer)
    assert not plain["p_job"].equals(held["p_job"])
    r = guide.decide(guide.Params(), guide.Interview(interest=3, format="panel"), runs=300,
                     seed=0, drivers=False, start=offer)
    assert held.loc[held["interest"] == 3, "p_job"].item() == \
        pytest.approx(100 * r.difference("p_job"))
    assert held.loc[held["interest"] == 3, "choice"].item() == r.choice


def test_the_poll_chart_colours_each_bar_by_the_models_choice():
    """Too close to call has its own neutral colour and word, never the cancel colour."""
    import pandas as pd

    from guide import charts

    counts = pd.DataFrame({"label": ["a", "b"], "count": [2, 1]})
    view = pd.DataFrame({"interest": [1, 2, 3], "p_job": [0.5, 3.0, -2.0],
                         "choice": ["too_close", "attend", "cancel"]})
    fig = charts.poll_figure(counts, view)
    ax = fig.axes[1]
    colours = [tuple(round(c, 3) for c in p.get_facecolor()[:3]) for p in ax.patches]
    want = [tuple(round(c, 3) for c in mpl_rgb(charts.CHOICE_COLOURS[k]))
            for k in view["choice"]]
    assert colours == want
    words = [t.get_text() for t in ax.texts]
    assert words == ["too close", "attend", "cancel"]


def mpl_rgb(colour):
    from matplotlib.colors import to_rgb

    return to_rgb(colour)


class _Loop:  # stands in for the kernel's event loop
    def __init__(self):
        self.calls = []

    def call_later(self, delay, *args):
        self.calls.append((delay, args))


def test_a_new_session_reaches_the_phones_the_projector_and_the_facilitator(tmp_path,
                                                                            monkeypatch):
    """One setting: every view follows the session started last, and none is deleted."""
    from guide import _session
    from guide.workshop import sessions
    from guide.workshop.store import PollStore

    monkeypatch.setenv("GUIDE_SESSION_FILE", str(tmp_path / "session.json"))
    monkeypatch.setenv("GUIDE_POLL_DIR", str(tmp_path / "polls"))
    sessions.start_session("rehearsal")
    phone = workshop.app_poll()
    facilitator = workshop.PollPanel()
    projector = workshop.ResultsView()
    phone.device.key = "0a" * 16
    phone.answer.value = "no"
    assert phone.record() == 1 and phone.voted
    projector.reveal.value = True
    assert "rehearsal" in facilitator.header.value and "(session rehearsal)" in \
        projector.heading.value
    assert "Poll session <b>rehearsal</b>" in workshop.join_html(
        {"link": "http://10.0.0.2:8866/?token=t"}, sessions.current_session())

    control = sessions.SessionControl()
    control.name.value = "2026-12-01-am"
    assert control.switch() is not None and "Started session" in control.message.value
    seen = _session.stamp()
    workshop.poll._follow_scenario(weakref.ref(phone), _Loop(), None)  # the phone's look
    assert phone.store.session == "2026-12-01-am" and not phone.voted
    assert "answer again" in phone.message.value
    assert facilitator.check_for_new_answers() and projector.check_for_new_answers()
    assert facilitator.store.session == projector.store.session == "2026-12-01-am"
    assert "0 answers so far" in projector.heading.value and not projector.reveal.value
    assert _session.load()["revealed"] is False and _session.stamp() == seen
    assert len(PollStore(tmp_path / "polls", "rehearsal").answers()) == 1  # kept
    assert sessions.saved_sessions() == ["rehearsal"]  # the new one has no file yet
    # going back to an earlier name continues it; the device's answer is recognised
    control.name.value = "rehearsal"
    control.switch()
    assert "Continuing session <b>rehearsal</b>: 1 answer so far" in control.message.value
    workshop.poll._follow_scenario(weakref.ref(phone), _Loop(), None)
    assert phone.voted and "This device answered" in phone.message.value
    control.name.value = "no/such"
    assert control.switch() is None and "not allowed" in control.message.value


def test_a_session_cannot_be_started_where_nothing_is_remembered(tmp_path, monkeypatch):
    from guide.workshop import sessions

    monkeypatch.setenv("GUIDE_SESSION_FILE", "")
    with pytest.raises(ValueError, match="cannot be shared with the room: .*GUIDE_SESSION_FILE"):
        sessions.start_session("am")
    assert sessions.check_session_name(" am ") == "am"
    assert sessions.suggested_name(datetime(2026, 12, 1, 14, 5)) == "2026-12-01-pm"


def test_running_the_projector_again_keeps_the_model_shown(tmp_path, monkeypatch):
    """Re-running its cell never quietly hides the model from the room."""
    monkeypatch.setenv("GUIDE_SESSION_FILE", str(tmp_path / "session.json"))
    first = workshop.ResultsView(folder=tmp_path, session="s")
    assert not first.reveal.value
    first.reveal.value = True
    again = workshop.ResultsView(folder=tmp_path, session="s")
    assert again.reveal.value and "the model says" in again.model_text.value


def test_a_phone_that_joins_after_the_reveal_sees_the_model_without_voting(tmp_path,
                                                                          monkeypatch):
    from guide import _session

    monkeypatch.setenv("GUIDE_SESSION_FILE", str(tmp_path / "session.json"))
    _session.save(revealed=True)
    loop = _Loop()
    monkeypatch.setattr(workshop.poll, "kernel_loop", lambda: loop)
    late = workshop.app_poll(folder=tmp_path, session="s")
    assert late.voted and "the model says" in late.model_text.value  # the first look
    assert loop.calls and loop.calls[-1][0] <= 1.0  # and it looks again every second


def test_the_phone_page_says_when_it_loses_touch_with_the_room(tmp_path):
    """The page asks, the kernel answers; unanswered for 8 s, the page says so."""
    pulse = workshop.app_poll(folder=tmp_path, session="s").pulse
    sent = []
    pulse.send = sent.append
    for content in ({"ping": 7}, {"ping": "x"}, {"ping": True}, "junk", {"other": 1}):
        pulse._asked(pulse, content, [])
    assert sent == [{"pong": 7}]  # the page's question answered, nothing else
    assert pulse.lost_ms == 8000 and pulse.every_ms == 2000
    assert "scan the code on the screen again" in pulse._esm
    assert workshop.PollPanel(folder=tmp_path, session="s").pulse is None  # not for the
    # facilitator's panel


def test_presenting_runs_on_a_copy_and_never_overwrites_one(tmp_path, monkeypatch):
    """make present: the checkout's notebooks are never the ones a workshop rewrites."""
    from guide.workshop import present

    monkeypatch.setenv("GUIDE_PRESENT_DIR", str(tmp_path / "copies"))
    launched = []
    monkeypatch.setattr(present.os, "execv", lambda exe, argv: launched.append(argv))
    assert present.main(["--allow-root"]) == 0
    (copy,) = (tmp_path / "copies").iterdir()
    assert (copy / present.FIRST).is_file() and (copy / "data" / "presets.csv").is_file()
    assert (copy / "notebooks" / "02_the_decision.ipynb").read_bytes() == \
        (ROOT / "notebooks" / "02_the_decision.ipynb").read_bytes()
    assert launched[0][-2:] == [str(copy / present.FIRST), "--allow-root"]
    assert f"--ServerApp.root_dir={copy}" in launched[0]
    with pytest.raises(ValueError, match="exists already"):
        present.make_copy(copy)
    with pytest.raises(ValueError, match="has no notebooks"):
        present.make_copy(tmp_path / "other", source=tmp_path / "nowhere")
