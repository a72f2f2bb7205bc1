"""Your own pipeline: loading, every kind of bad input, safe saving, ranking, projection."""

import os
from datetime import date
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import guide
from guide import mysearch

from .strategies import params

ROOT = Path(__file__).resolve().parents[1]
TEMPLATE = ROOT / "data" / "my_pipeline_template.csv"
TODAY = date(2026, 11, 30)
HEADER = "company,role,stage,format,date,interest,industry,notes,thinking_of_cancelling\n"


def write(tmp_path, text, name="p.csv", encoding="utf-8"):
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


def test_template_loads_and_describes_a_search():
    pipe = guide.load_pipeline(TEMPLATE)
    assert len(pipe.frame) == 8
    assert pipe.experience() == {"phone": 2, "video": 1, "panel": 0, "hands_on": 0}
    assert list(pipe.upcoming(TODAY)["company"]) == ["Contoso Health", "Northwind Traders",
                                                     "Adventure Works"]
    assert pipe.frame["thinking_of_cancelling"].sum() == 1


def test_loading_never_writes(tmp_path):
    path = write(tmp_path, TEMPLATE.read_text())
    before = (path.read_bytes(), path.stat().st_mtime_ns)
    guide.load_pipeline(path)
    assert (path.read_bytes(), path.stat().st_mtime_ns) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["p.csv"]


def test_every_problem_is_reported_together_with_line_column_and_value(tmp_path):
    path = write(tmp_path, HEADER
                 + "Acme,Analyst,scheduled,zoom,2026-12-01,3,,,no\n"
                 + "Beta,Analyst,scheduled,panel,1 Dec,3,,,no\n"
                 + "Gamma,Analyst,applied,,,7,,,no\n"
                 + ",Analyst,weird,,,2,,,maybe\n"
                 + "Acme,Analyst,scheduled,zoom,2026-12-01,3,,,no\n"
                 + "Delta,Analyst,scheduled,,,3,,,no\n")
    with pytest.raises(guide.PipelineError) as info:
        guide.load_pipeline(path)
    text = str(info.value)
    for expected in [
        "line 2, column 'format': 'zoom': not a format",
        "line 3, column 'date': '1 Dec': not a date; write it as YYYY-MM-DD",
        "line 4, column 'interest': '7': must be a whole number from 1 to 5",
        "line 5, column 'company': '': required",
        "line 5, column 'stage': 'weird': not a stage",
        "line 5, column 'thinking_of_cancelling': 'maybe'",
        "line 6: duplicate of line 2",
        "line 7, column 'format': '': required for a scheduled row",
        "line 7, column 'date': '': required for a scheduled row",
    ]:
        assert expected in text, expected
    assert len(info.value.problems) == 10  # line 6 repeats line 2's bad format too


def test_missing_required_column(tmp_path):
    path = write(tmp_path, "company,role,stage\nAcme,Analyst,applied\n")
    with pytest.raises(guide.PipelineError, match="line 1: missing required column interest"):
        guide.load_pipeline(path)


def test_unknown_column_and_ragged_row(tmp_path):
    path = write(tmp_path, "company,role,stage,interest,salary\nAcme,A,applied,3,1\nB,C\n")
    with pytest.raises(guide.PipelineError) as info:
        guide.load_pipeline(path)
    assert "line 1, column 'salary'" in str(info.value)
    assert "line 3: 2 cells but the header has 5 columns" in str(info.value)


def test_empty_file_and_header_only(tmp_path):
    with pytest.raises(guide.PipelineError, match="the file is empty"):
        guide.load_pipeline(write(tmp_path, ""))
    empty = guide.load_pipeline(write(tmp_path, HEADER, "h.csv"))
    assert empty.frame.empty
    assert guide.rank_interviews(empty, guide.Params(), today=TODAY).empty


def test_missing_file():
    with pytest.raises(guide.PipelineError, match="does not exist"):
        guide.load_pipeline("/nonexistent/pipeline.csv")


def test_unicode_names_round_trip(tmp_path):
    path = write(tmp_path, HEADER + "Ünïcødé GmbH,Analystin,applied,,,4,,Café ☕,no\n"
                 + "株式会社サンプル,データ分析,scheduled,video,2026-12-02,3,,,yes\n")
    pipe = guide.load_pipeline(path)
    assert list(pipe.frame["company"]) == ["Ünïcødé GmbH", "株式会社サンプル"]
    out, _ = guide.save_pipeline(pipe, tmp_path / "copy.csv")
    again = guide.load_pipeline(out)
    assert list(again.frame["company"]) == list(pipe.frame["company"])
    assert again.frame.loc[0, "notes"] == "Café ☕"


@pytest.mark.parametrize("sep", [";", "\t"])
def test_semicolon_and_tab_files_are_read(tmp_path, sep):
    text = TEMPLATE.read_text().replace(",", sep)
    pipe = guide.load_pipeline(write(tmp_path, text))
    assert len(pipe.frame) == 8


def test_an_unusual_separator_is_explained(tmp_path):
    text = TEMPLATE.read_text().replace(",", "|")
    with pytest.raises(guide.PipelineError, match="another separator: use commas"):
        guide.load_pipeline(write(tmp_path, text))


def test_excel_byte_order_mark(tmp_path):
    path = tmp_path / "excel.csv"
    path.write_bytes(b"\xef\xbb\xbf" + TEMPLATE.read_bytes())
    assert len(guide.load_pipeline(path).frame) == 8


def test_not_utf8(tmp_path):
    path = write(tmp_path, HEADER + "Café,A,applied,,,3,,,no\n", encoding="latin-1")
    with pytest.raises(guide.PipelineError, match="not UTF-8"):
        guide.load_pipeline(path)


def test_dataframe_input_with_real_dates():
    df = pd.DataFrame({"company": ["A"], "role": ["R"], "stage": ["scheduled"],
                       "format": ["Group panel"], "date": [date(2026, 12, 2)],
                       "interest": [3]})
    pipe = guide.load_pipeline(df)
    assert pipe.frame.loc[0, "format"] == "panel"
    assert pipe.frame.loc[0, "date"] == date(2026, 12, 2)


# --- saving -----------------------------------------------------------------------------

def test_save_new_then_refuse_then_replace_with_backup(tmp_path):
    pipe = guide.load_pipeline(TEMPLATE)
    path, backup = guide.save_pipeline(pipe, tmp_path / "mine.csv")
    assert backup is None and len(guide.load_pipeline(path).frame) == 8
    old = path.read_bytes()
    smaller = guide.load_pipeline(pipe.frame.drop(columns="line").iloc[:3].astype(str)
                                  .replace("None", ""))
    with pytest.raises(ValueError, match="already exists"):
        guide.save_pipeline(smaller, path)
    assert path.read_bytes() == old
    path, backup = guide.save_pipeline(smaller, path, overwrite=True)
    assert backup.read_bytes() == old
    assert len(guide.load_pipeline(path).frame) == 3


def test_interrupted_save_leaves_the_old_file(tmp_path, monkeypatch):
    pipe = guide.load_pipeline(TEMPLATE)
    path, _ = guide.save_pipeline(pipe, tmp_path / "mine.csv")
    old = path.read_bytes()

    def crash(*args):
        raise OSError("disk pulled out")

    monkeypatch.setattr(os, "replace", crash)
    with pytest.raises(ValueError, match="could not be written: disk pulled out"):
        guide.save_pipeline(pipe, path, overwrite=True)
    assert path.read_bytes() == old
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]


def test_invalid_table_is_never_saved(tmp_path):
    bad = pd.DataFrame({"company": ["A"], "role": ["R"], "stage": ["scheduled"],
                        "interest": ["3"]})
    with pytest.raises(guide.PipelineError):
        guide.save_pipeline(bad, tmp_path / "x.csv")
    assert not (tmp_path / "x.csv").exists()


# --- using it ---------------------------------------------------------------------------

@settings(max_examples=40, deadline=None, derandomize=True)
@given(params(), st.integers(1, 30), st.integers(0, 30))
def test_a_new_format_is_worth_at_least_as_much_practice(p, done_here, done_elsewhere):
    new = guide.skills_from_experience(p, {"panel": 0, "phone": done_elsewhere})
    practised = guide.skills_from_experience(p, {"panel": done_here, "phone": done_elsewhere})
    panel = guide.FORMATS.index("panel")
    assert guide.practice_gain(p, new[panel]) >= guide.practice_gain(p, practised[panel])


def test_ranking_puts_the_new_format_first_on_practice(tmp_path):
    path = write(tmp_path, HEADER
                 + "A,R,scheduled,panel,2026-12-02,3,,,no\n"
                 + "B,R,scheduled,phone,2026-12-02,3,,,no\n"
                 + "C,R,interviewed,phone,2026-11-01,,,,no\n"
                 + "D,R,interviewed,phone,2026-11-02,,,,no\n")
    ranked = guide.rank_interviews(guide.load_pipeline(path), guide.Params(), today=TODAY,
                                   runs=300)
    by = ranked.set_index("company")
    assert by.loc["A", "practice"] > by.loc["B", "practice"]
    assert by.loc["A", "new_format"] and not by.loc["B", "new_format"]
    assert "first group panel" in by.loc["A", "reason"]
    assert list(ranked.index) == [1, 2]


def test_ranking_reasons_and_leverage():
    ranked = guide.rank_interviews(guide.load_pipeline(TEMPLATE), guide.Params(),
                                   today=TODAY, runs=300)
    assert (ranked["value"].diff().dropna() <= 0).all()  # sorted by value
    assert ranked["reason"].str.endswith(".").all()
    assert set(ranked["leverage_for"].dropna()) <= {"Fabrikam", "Contoso Health"}


def test_projection_starts_from_the_pipeline():
    pipe = guide.load_pipeline(TEMPLATE)
    df = guide.project(pipe, guide.Params(), today=TODAY, weeks=4, runs=200)
    start = df[df["week"] == 0]
    assert (start["active_processes"] == 4).all()  # three booked, one between rounds
    skills = guide.skills_from_experience(guide.Params(), pipe.experience())
    assert start["skill_phone"].iloc[0] == pytest.approx(skills[0], rel=1e-6)
    assert start["skill_phone"].iloc[0] > start["skill_panel"].iloc[0]


def test_compare_for_an_unknown_company():
    with pytest.raises(ValueError, match="company='Nobody' has no interview"):
        guide.compare_for(guide.load_pipeline(TEMPLATE), guide.Params(), "Nobody",
                          today=TODAY)


# --- the editor -------------------------------------------------------------------------

def test_editor_edits_and_saves_safely(tmp_path):
    editor = mysearch.PipelineEditor(TEMPLATE, save_to=str(tmp_path / "mine.csv"))
    assert len(editor.rows) == 8
    editor.rows[0]["company"].value = "Renamed Ltd"
    editor.remove_row(editor.rows[4], editor.box.children[4])
    editor.add_row()
    editor.rows[-1]["company"].value = "New Co"
    editor.rows[-1]["role"].value = "Analyst"
    editor.rows[-1]["stage"].value = "applied"
    assert editor.save() is None and "interest" in editor.message.value  # blank: say so
    editor.rows[-1]["interest"].value = 3
    assert editor.save() == str(tmp_path / "mine.csv")
    saved = guide.load_pipeline(tmp_path / "mine.csv").frame
    assert list(saved["company"])[0] == "Renamed Ltd" and "New Co" in set(saved["company"])
    assert "Tailspin Toys" not in set(saved["company"])
    assert editor.save() is None and "already exists" in editor.message.value
    editor.replace.value = True
    assert editor.save() and "kept as" in editor.message.value


def test_editor_shows_problems_and_writes_nothing(tmp_path):
    editor = mysearch.PipelineEditor(TEMPLATE, save_to=str(tmp_path / "x.csv"))
    editor.add_row()  # empty company and role, scheduled without format or date
    assert editor.save() is None
    assert "line 10, column &#x27;company&#x27;" in editor.message.value
    assert not (tmp_path / "x.csv").exists()


def test_documented_columns_are_the_template_columns():
    documented = list(guide.pipeline_columns()["column"])
    assert documented == TEMPLATE.read_text().splitlines()[0].split(",")
    assert guide.pipeline_columns()["what to write"].str.len().min() > 5


# --- hostile input (issue: nothing lost, every bad input answered) -------------------------

def test_editor_opens_a_valid_file_with_a_blank_past_interest(tmp_path):
    path = write(tmp_path, HEADER + "A,R,scheduled,panel,2026-12-03,2,,,no\n"
                 + "B,R,interviewed,phone,2026-11-01,,,,no\n")
    editor = mysearch.PipelineEditor(guide.load_pipeline(path),
                                     save_to=str(tmp_path / "out.csv"))
    assert [r["interest"].value for r in editor.rows] == [2, ""]  # blank stays blank
    assert editor.save() == str(tmp_path / "out.csv")
    again = guide.load_pipeline(tmp_path / "out.csv")
    assert len(again.frame) == 2  # saved file loads
    reopened = mysearch.PipelineEditor(again, save_to=str(tmp_path / "out2.csv"))
    assert [r["interest"].value for r in reopened.rows] == [2, ""]  # and after a reload
    stages = dict(reopened.rows[0]["stage"].options)
    assert stages["final round to come"] == "final_round"  # stages read in words


def test_a_dataframe_from_read_csv_with_blanks_and_parsed_dates(tmp_path):
    path = write(tmp_path, HEADER + "A,R,scheduled,panel,2026-12-03,2,,,no\n"
                 + "B,R,interviewed,phone,2026-11-01,,,,no\n" + "C,R,applied,,,4,,,no\n")
    frame = pd.read_csv(path)  # interest becomes float, blanks NaN
    assert len(guide.load_pipeline(frame).frame) == 3
    dated = pd.read_csv(path, parse_dates=["date"])  # a blank date becomes NaT
    pipe = guide.load_pipeline(dated)
    assert pipe.frame.loc[0, "date"] == date(2026, 12, 3) and pipe.frame.loc[2, "date"] is None
    assert str(pipe.frame["interest"].dtype) == "Int64"


def test_an_open_quote_is_reported_with_its_line(tmp_path):
    path = write(tmp_path, HEADER + "A,R,applied,,,3,,,no\n" + 'B,R,applied,,,3,,"open,no\n')
    with pytest.raises(guide.PipelineError, match="line 3: a quote .* never closed"):
        guide.load_pipeline(path)


def test_problems_after_a_multi_line_cell_name_the_physical_line(tmp_path):
    path = write(tmp_path, HEADER + 'A,R,applied,,,3,,"two\nlines",no\n'
                 + "B,R,applied,,,9,,,no\n")
    with pytest.raises(guide.PipelineError, match="line 4, column 'interest'"):
        guide.load_pipeline(path)


def test_a_folder_is_named_as_a_folder(tmp_path):
    with pytest.raises(guide.PipelineError, match="is a folder"):
        guide.load_pipeline(tmp_path)


def test_excel_trailing_blank_columns_are_ignored_and_unnamed_data_reported(tmp_path):
    ok = write(tmp_path, HEADER.strip() + ",,\n" + "A,R,applied,,,3,,,no,,\n", name="ok.csv")
    assert len(guide.load_pipeline(ok).frame) == 1
    bad = write(tmp_path, HEADER.strip() + ",\n" + "A,R,applied,,,3,,,no,surprise\n",
                name="bad.csv")
    with pytest.raises(guide.PipelineError, match="column 10 has no name"):
        guide.load_pipeline(bad)


def test_a_huge_bad_file_is_refused_quickly_with_a_bounded_message(tmp_path):
    row = "A,R,nonsense,,,9,,,maybe\n"
    many = write(tmp_path, HEADER + row * 40_000, name="many.csv")
    with pytest.raises(guide.PipelineError) as err:
        guide.load_pipeline(many)
    message = str(err.value)
    assert "and 119,98" in message or "... and" in message
    assert len(message) < 5_000 and len(err.value.problems) > 100_000
    huge = tmp_path / "huge.csv"
    huge.write_bytes(HEADER.encode() + b"x" * 6_000_000)
    with pytest.raises(guide.PipelineError, match="at most 5 MB"):
        guide.load_pipeline(huge)


@pytest.mark.parametrize("today", ["2026-11-30", None, 20261130])
def test_today_must_be_a_date(today):
    pipe = guide.load_pipeline(TEMPLATE)
    with pytest.raises(ValueError, match="is not a date"):
        guide.rank_interviews(pipe, guide.Params(), today=today, runs=10)
    with pytest.raises(ValueError, match="is not a date"):
        guide.project(pipe, guide.Params(), today=today, runs=10)


def test_a_misspelt_parameter_is_a_value_error():
    with pytest.raises(ValueError, match="unknown parameter 'invite_rat'"):
        guide.Params(invite_rat=1)


def test_saving_into_a_missing_folder_or_onto_a_folder_is_refused(tmp_path):
    pipe = guide.load_pipeline(TEMPLATE)
    with pytest.raises(ValueError, match="does not exist"):
        guide.save_pipeline(pipe, tmp_path / "nope" / "mine.csv")
    with pytest.raises(ValueError, match="is a folder"):
        guide.save_pipeline(pipe, tmp_path, overwrite=True)


def test_formula_like_cells_are_saved_as_text_a_spreadsheet_will_not_run(tmp_path):
    """OWASP's CSV-injection advice: a cell starting with = + - @ tab or CR gets a
    leading quote in the file; the guide reads back exactly what was typed."""
    hostile = {"company": "=cmd|' /C calc'!A0", "role": "@SUM(A1:A9)",
               "industry": "-2+3", "notes": '+HYPERLINK("http://x.example","click")'}
    src = write(tmp_path, HEADER + ",".join(
        ['"' + hostile["company"].replace('"', '""') + '"', hostile["role"], "applied", "",
         "", "3", hostile["industry"], '"' + hostile["notes"].replace('"', '""') + '"', "no"])
        + "\n" + "'t Hooft,analyst,applied,,,2,,,no\n")
    pipeline = guide.load_pipeline(src)
    target, _ = guide.save_pipeline(pipeline, tmp_path / "saved.csv")
    import csv as _csv

    saved = list(_csv.reader(target.open(newline="")))
    for cell in saved[1][:2] + saved[1][6:8]:
        assert cell.startswith("'") and cell[1] in "=+-@", cell
    assert saved[2][0] == "'t Hooft"  # not formula-like: left as typed
    again = guide.load_pipeline(target).frame
    assert again.loc[0, ["company", "role", "industry", "notes"]].tolist() == list(hostile.values())
    assert again.loc[1, "company"] == "'t Hooft"


def test_a_final_round_and_a_wait_for_the_decision_are_stages_a_file_can_say(tmp_path):
    text = ("company,role,stage,format,date,interest,industry,notes,thinking_of_cancelling\n"
            "Initech,Analyst,final round,,,5,,,no\n"
            "Globex,Analyst,waiting,,,3,,,no\n"
            "Hooli,Analyst,in_process,,,4,,,no\n"
            "Acme,Analyst,scheduled,video,2026-12-02,2,,,yes\n"
            "Umbrella,Analyst,offer,,2026-12-10,3,,,no\n")
    pipe = guide.load_pipeline(write(tmp_path, text))
    assert pipe.frame["stage"].tolist()[:2] == ["final_round", "waiting"]
    start, names = guide.situation(pipe, guide.Params(), TODAY, skip=3)
    assert start.processes == (("in_process", 5, 1), ("in_process", 3, 0), ("in_process", 4))
    assert start.offers == ((3, 2),)
    assert names == ["Initech", "Globex", "Hooli", "Umbrella"]
    shown = guide.readable(pipe.frame[["company", "stage"]])
    assert shown["stage"].tolist()[:2] == ["final round to come", "waiting for their decision"]
    r = guide.compare_for(pipe, guide.Params(), "Acme", today=TODAY, runs=400, seed=0)
    lines = guide.effect_on_others(pipe, guide.Params(), "Acme", r, today=TODAY)
    assert [line.split(" (")[0] for line in lines] == names
    assert lines[0].startswith("Initech (final round to come, interest 5 of 5): chance of an")
    assert lines[3].startswith("Umbrella (offer in hand, interest 3 of 5): chance it is the")
    # waiting for a decision: no rounds left, so no practice can change that offer
    assert "no clear change" in lines[1].split(";")[0]


def test_the_spellings_the_column_notes_give_are_the_ones_the_file_accepts(tmp_path):
    notes = dict(guide.pipeline_columns().itertuples(index=False))
    assert "in process" in notes["stage"] and "final round" in notes["stage"]
    assert "hands-on" in notes["format"] and "_" not in notes["stage"] + notes["format"]
    text = (HEADER + "A,R,in process,,,4,,,no\n" + "B,R,final round,,,5,,,no\n"
            + "C,R,scheduled,hands-on,2026-12-04,3,,,no\n")
    pipe = guide.load_pipeline(write(tmp_path, text))
    assert pipe.frame["stage"].tolist() == ["in_process", "final_round", "scheduled"]
    assert pipe.frame.loc[2, "format"] == "hands_on"


# --- notebook 10: the decision panel from the file, the editor's lines, a failed load --------

TODAY = date(2026, 11, 30)


def file_panel(monkeypatch, company="Northwind Traders"):
    from guide.panels import FileDecisionPanel
    monkeypatch.setattr(FileDecisionPanel, "runs", 300)
    monkeypatch.setattr(FileDecisionPanel, "weighs_assumptions", False)
    return FileDecisionPanel(guide.load_pipeline(TEMPLATE), company, today=TODAY,
                             params=guide.Params(), seed=0)


def test_the_file_panel_starts_from_the_row_and_the_rest_of_the_file(monkeypatch):
    panel = file_panel(monkeypatch)
    pipe = guide.load_pipeline(TEMPLATE)
    row = pipe.frame[pipe.frame["company"] == "Northwind Traders"].iloc[0]
    assert panel.value("interest") == row["interest"] and panel.value("format") == row["format"]
    assert panel.value("hours") == guide.Params().hours_panel  # the format's usual hours
    assert not any(k.startswith(("process", "offer")) for k in panel.controls)
    start, names = panel.start()
    assert "Fabrikam" in names
    fab = start.processes[names.index("Fabrikam")]
    assert fab == ("in_process", 5, 1)  # a final round: one round, then the decision
    assert start.skills is not None  # from the file's past interviews
    # at its starting settings the panel gives what compare_for prints in the notebook
    direct = guide.compare_for(pipe, guide.Params(), "Northwind Traders", today=TODAY,
                               runs=300, seed=0)
    assert panel.result.decision.summary.equals(direct.summary)
    assert "Fabrikam (final round to come)" in panel.summary.value


def test_the_file_panel_resets_to_the_file_and_counts_what_the_file_lacks(monkeypatch):
    panel = file_panel(monkeypatch)
    before = panel.result.decision
    panel.controls["hours"].value = 16.0
    panel.controls["paid"].value = 1.0
    after = panel.result.decision
    assert after.cost > before.cost
    assert after.difference("net_value") < before.difference("net_value")
    panel.controls["interest"].value = 5
    panel.reset()
    assert panel.value("interest") == before.interview.interest
    assert panel.value("hours") == guide.Params().hours_panel
    assert panel.result.decision.summary.equals(before.summary)


def test_no_pipeline_loaded_is_said_plainly_everywhere():
    from guide.panels import FileDecisionPanel
    for call in (lambda: guide.readable(None),
                 lambda: guide.rank_interviews(None, guide.Params(), today=TODAY),
                 lambda: guide.project(None, guide.Params(), today=TODAY),
                 lambda: guide.compare_for(None, guide.Params(), "x", today=TODAY),
                 lambda: FileDecisionPanel(None, "x", today=TODAY)):
        with pytest.raises(ValueError, match="None"):
            call()
    with pytest.raises(ValueError, match="no interview on or after"):
        FileDecisionPanel(guide.load_pipeline(TEMPLATE), "Nobody Inc", today=TODAY)


def test_the_editor_numbers_rows_as_the_file_and_marks_the_ones_a_check_names(tmp_path):
    editor = mysearch.PipelineEditor(TEMPLATE, save_to=str(tmp_path / "mine.csv"))
    assert [n.value.rsplit(">", 2)[-2].split("<")[0] for n in editor.numbers] == \
        [str(i + 2) for i in range(len(editor.rows))]
    editor.rows[1]["interest"].value = ""
    assert editor.save() is None
    assert "line 3, column" in editor.message.value
    assert "&#9888; 3" in editor.numbers[1].value and "&#9888;" not in editor.numbers[0].value
    assert editor.rows[1]["interest"].layout.border and not editor.rows[1]["company"].layout.border
    editor.add_row()  # a new row is numbered and the marks stay
    assert ">10<" in editor.numbers[-1].value and "&#9888; 3" in editor.numbers[1].value
    editor.remove_row(editor.rows[-1], editor.box.children[-1])
    editor.remove_row(editor.rows[0], editor.box.children[0])  # lines follow the rows
    assert ">2<" in editor.numbers[0].value and "&#9888;" not in editor.numbers[0].value
    assert "renumbered" in editor.message.value  # the old message no longer fits the rows
    editor.rows[0]["interest"].value = 3
    assert editor.save() is not None
    assert not any("&#9888;" in n.value for n in editor.numbers)
    assert not editor.rows[0]["interest"].layout.border
