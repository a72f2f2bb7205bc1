"""The one writer every saved file goes through: atomic, no silent overwrite, no surprises.

Covers the pipeline, the poll, handouts and chart images alike, since they all call
``guide._files.write_file``; the readers' own cases are in test_pipeline and test_poll.
"""

import json
import multiprocessing
import os
import random
import signal
import stat
import time
from pathlib import Path

import pytest

from guide import _files


def mode(path):
    return stat.S_IMODE(os.stat(path).st_mode)


def test_a_new_file_gets_the_usual_permissions_and_no_backup(tmp_path):
    target = tmp_path / "a.csv"
    assert _files.write_file(target, b"one") is None
    assert target.read_bytes() == b"one"
    umask = os.umask(0)
    os.umask(umask)
    assert mode(target) == 0o666 & ~umask  # not 0600, as a bare temporary file would be


def test_an_existing_file_is_refused_unless_replacing_and_then_kept(tmp_path):
    target = tmp_path / "a.csv"
    target.write_bytes(b"old")
    os.chmod(target, 0o640)
    with pytest.raises(ValueError, match="already exists"):
        _files.write_file(target, b"new")
    assert target.read_bytes() == b"old"
    backup = _files.write_file(target, b"new", overwrite=True)
    assert target.read_bytes() == b"new" and backup.read_bytes() == b"old"
    assert mode(target) == 0o640  # the file keeps its permissions


def test_backups_never_collide_even_within_one_second(tmp_path):
    target = tmp_path / "a.csv"
    target.write_bytes(b"0")
    backups = {_files.write_file(target, str(i).encode(), overwrite=True) for i in range(1, 60)}
    assert len(backups) == 59
    assert sorted(int(b.read_bytes()) for b in backups) == list(range(59))


def _save_once(target, content, results):
    try:
        _files.write_file(target, content)
        results.put("won")
    except ValueError as exc:
        results.put(str(exc))


def test_concurrent_saves_to_one_new_name_have_exactly_one_winner(tmp_path):
    ctx = multiprocessing.get_context("fork")
    for trial in range(10):
        target = tmp_path / f"race-{trial}.csv"
        results = ctx.Queue()
        procs = [ctx.Process(target=_save_once, args=(target, f"writer {i}".encode(), results))
                 for i in range(6)]
        for p in procs:
            p.start()
        for p in procs:
            p.join(30)
        outcomes = [results.get(timeout=5) for _ in procs]
        assert outcomes.count("won") == 1, outcomes
        assert all("already exists" in o for o in outcomes if o != "won")
        assert target.read_bytes().startswith(b"writer ")
    assert not list(tmp_path.glob(".*.tmp"))


def test_links_are_never_written_through(tmp_path):
    victim = tmp_path / "important.txt"
    victim.write_bytes(b"keep me")
    link = tmp_path / "mine.csv"
    link.symlink_to(victim)
    with pytest.raises(ValueError, match="is a link"):
        _files.write_file(link, b"new", overwrite=True)
    assert victim.read_bytes() == b"keep me" and link.is_symlink()


def test_a_planted_temporary_name_is_ignored(tmp_path):
    victim = tmp_path / "important.txt"
    victim.write_bytes(b"keep me")
    for name in (".mine.csv.tmp", ".mine.csv.XXXX.tmp"):
        (tmp_path / name).symlink_to(victim)
    _files.write_file(tmp_path / "mine.csv", b"new")
    assert victim.read_bytes() == b"keep me"
    assert (tmp_path / "mine.csv").read_bytes() == b"new"


def test_hard_linked_files_are_not_split_silently(tmp_path):
    target = tmp_path / "a.csv"
    target.write_bytes(b"old")
    os.link(target, tmp_path / "also.csv")
    with pytest.raises(ValueError, match="hard links"):
        _files.write_file(target, b"new", overwrite=True)
    assert (tmp_path / "also.csv").read_bytes() == b"old"


def test_paths_are_read_as_typed_and_mistakes_are_named(tmp_path, monkeypatch):
    monkeypatch.setenv("HOME", str(tmp_path))
    _files.write_file("  ~/typed.csv ", b"x")
    assert (tmp_path / "typed.csv").read_bytes() == b"x"
    with pytest.raises(ValueError, match="folder .*typo does not exist"):
        _files.write_file(tmp_path / "typo" / "a.csv", b"x")
    assert not (tmp_path / "typo").exists()  # not created silently
    with pytest.raises(ValueError, match="is a folder"):
        _files.write_file(tmp_path, b"x", overwrite=True)
    with pytest.raises(ValueError, match="file name is empty"):
        _files.write_file("   ", b"x")


def test_a_failed_write_leaves_the_old_file_and_no_debris(tmp_path, monkeypatch):
    target = tmp_path / "a.csv"
    target.write_bytes(b"old")

    def full(*args):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", full)
    with pytest.raises(OSError, match="No space"):
        _files.write_file(target, b"new", overwrite=True)
    assert target.read_bytes() == b"old"
    assert not list(tmp_path.glob(".*.tmp"))


def _keep_saving(target, contents):
    i = 0
    while True:
        _files.write_file(target, contents[i % 2], overwrite=True, backup=False)
        i += 1


def test_killing_a_saving_process_leaves_one_whole_version(tmp_path):
    """SIGKILL at random moments: the file is always the old or the new one, whole."""
    target = tmp_path / "a.csv"
    contents = (b"A" * 3_000_000, b"B" * 2_000_000)
    target.write_bytes(contents[1])
    ctx = multiprocessing.get_context("fork")
    rng = random.Random(7)
    for _ in range(15):
        p = ctx.Process(target=_keep_saving, args=(target, contents))
        p.start()
        time.sleep(rng.uniform(0.005, 0.08))
        os.kill(p.pid, signal.SIGKILL)
        p.join(10)
        assert target.read_bytes() in contents
    # a killed writer may leave a temporary file behind; it never takes the target's name
    assert all(d.name.startswith(".a.csv.") for d in tmp_path.glob(".*.tmp"))


def test_text_reader_bounds_size_and_names_the_bad_line(tmp_path):
    big = tmp_path / "big.csv"
    big.write_bytes(b"x" * 2000)
    with pytest.raises(ValueError, match="at most"):
        _files.read_text(big, "test", limit=1000)
    bad = tmp_path / "bad.csv"
    bad.write_bytes(b"a,b\nok,1\ncaf\xe9,2\n")
    with pytest.raises(ValueError, match="line 3: not UTF-8"):
        _files.read_text(bad, "test", limit=1000)
    with pytest.raises(ValueError, match="is a folder"):
        _files.read_text(tmp_path, "test", limit=1000)


def test_csv_rows_give_physical_lines_and_stop_at_an_open_quote():
    rows, lines, stopped = _files.csv_rows('a,b\n"two\nlines",x\nlast,y\n')
    assert rows == [["a", "b"], ["two\nlines", "x"], ["last", "y"]]
    assert lines == [1, 2, 4] and stopped == ""
    rows, lines, stopped = _files.csv_rows('a,b\nok,1\n"open,2\nmore\n')
    assert rows == [["a", "b"], ["ok", "1"]]
    assert stopped.startswith("line 3:") and "never closed" in stopped


# --- readers that cannot hang, a session saved by two kernels at once ----------------------

def test_readers_refuse_pipes_and_devices_by_name_and_never_hang(tmp_path, monkeypatch):
    """A FIFO named .csv hung the pipeline reader; /dev/zero (which reports 0 bytes)
    exhausted memory. Every reader opens without blocking and checks what it opened."""
    import time

    from guide import _session
    from guide.mysearch import load_pipeline
    from guide.workshop.roomfile import read_status

    fifo = tmp_path / "pipeline.csv"
    os.mkfifo(fifo)
    start = time.perf_counter()
    for source in (fifo, Path("/dev/zero")):
        with pytest.raises(ValueError, match="not a regular file|not a file|folder"):
            load_pipeline(source)
        assert read_status(source) is None
        monkeypatch.setenv("GUIDE_SESSION_FILE", str(source))
        assert _session.load() == {}
    assert time.perf_counter() - start < 5


def test_nested_or_wrongly_typed_status_and_session_files_read_as_none(tmp_path, monkeypatch):
    import time

    from guide import _session, workshop
    from guide.workshop.roomfile import read_status

    deep = tmp_path / "deep.json"
    deep.write_text("[" * 100_000 + "]" * 100_000)
    assert read_status(deep) is None
    monkeypatch.setenv("GUIDE_SESSION_FILE", str(deep))
    assert _session.load() == {}
    now = tmp_path / "now.json"
    now.write_text(json.dumps({"link": "x", "updated": "now"}))
    assert read_status(now) is None
    now.write_text(json.dumps({"link": "x", "updated": time.time()}))
    assert read_status(now)["link"] == "x"
    assert "No room is running" not in workshop.join_html(read_status(now))


def test_two_kernels_saving_the_session_at_once_keep_both_choices(tmp_path):
    """Read, merge and write under a lock: in 1 of 5 trials a choice used to be lost."""
    import subprocess
    import sys

    memory = tmp_path / "session.json"
    code = ("import sys; from guide import _session\n"
            "for i in range(20): _session.save(**{sys.argv[1]: i % 2 == 0})\n"
            "_session.save(**{sys.argv[1]: True})")
    env = {**os.environ, "GUIDE_SESSION_FILE": str(memory)}
    env.pop("VOILA_BASE_URL", None)
    for _ in range(3):
        memory.unlink(missing_ok=True)
        procs = [subprocess.Popen([sys.executable, "-c", code, key], env=env)
                 for key in ("presentation", "revealed")]
        assert all(p.wait(120) == 0 for p in procs)
        assert json.loads(memory.read_text()) == {"presentation": True, "revealed": True}


def _overwrite(path: str, who: str, times: int, go) -> None:
    go.wait(30)
    for i in range(times):
        _files.write_file(path, f"{who}-{i}\n".encode(), overwrite=True)


def test_writers_overwriting_one_file_lose_no_version(tmp_path):
    """Every version survives, in the file or a backup: 4 x 30 saves and the original."""
    ctx = multiprocessing.get_context("fork")
    target = tmp_path / "pipeline.csv"
    target.write_text("original\n")
    go = ctx.Event()
    procs = [ctx.Process(target=_overwrite, args=(str(target), who, 30, go))
             for who in "abcd"]
    for p in procs:
        p.start()
    go.set()  # all at once
    for p in procs:
        p.join(120)
        assert p.exitcode == 0
    versions = {f.read_text() for f in tmp_path.glob("pipeline*.csv")}
    assert len(versions) == 121, len(versions)


def test_relative_paths_from_the_environment_name_one_file_from_any_folder(tmp_path,
                                                                            monkeypatch):
    """The app runs in notebooks/, the facilitator in notebooks/workshop/: a relative
    GUIDE_POLL_DIR or GUIDE_SESSION_FILE read from each named two files."""
    from guide import _session, workshop

    monkeypatch.setenv("GUIDE_POLL_DIR", "polls-here")
    monkeypatch.setenv("GUIDE_SESSION_FILE", "session-here.json")
    seen = set()
    for folder in (_files.TOP / "notebooks", _files.TOP / "notebooks" / "workshop", tmp_path):
        monkeypatch.chdir(folder)
        seen.add((workshop.poll_location()[0], _session.session_file()))
    assert seen == {(_files.TOP / "polls-here", _files.TOP / "session-here.json")}
    (_files.TOP / "session-here.json").write_text('{"poll": "../../etc/passwd"}')
    try:  # a session name that is a path is never used as one
        assert workshop.poll_location() == (_files.TOP / "polls-here", "class")
        with pytest.raises(ValueError, match=r"^session name '\.\./\.\./etc/passwd' is not "
                                             r"allowed: use 1-64 letters"):
            workshop.sessions.start_session("../../etc/passwd")
    finally:
        (_files.TOP / "session-here.json").unlink()
    with pytest.raises(ValueError, match=r"^GUIDE_ROOM_FILE='x\\x00y' is not a path"):
        _files.env_path("GUIDE_ROOM_FILE", "x\0y")


def test_a_poll_folder_that_is_a_file_or_a_database_that_is_a_folder_is_named(tmp_path):
    from guide.workshop.store import PollStore

    (tmp_path / "afile").write_text("x")
    with pytest.raises(ValueError, match="poll folder .*afile cannot be made"):
        PollStore(tmp_path / "afile", "s").add("no")
    (tmp_path / "polls").mkdir()
    (tmp_path / "polls" / "s.sqlite").mkdir()
    with pytest.raises(ValueError, match="s.sqlite cannot be read: it cannot be opened"):
        PollStore(tmp_path / "polls", "s").add("no")
    with pytest.raises(ValueError, match="s.sqlite cannot be read: it is not a file"):
        PollStore(tmp_path / "polls", "s").answers()


def test_a_bad_session_file_gives_one_line_and_the_defaults(tmp_path, monkeypatch, capsys):
    from guide import _session

    bad = tmp_path / "session.json"
    bad.write_text("[" * 100_000)
    monkeypatch.setenv("GUIDE_SESSION_FILE", str(bad))
    _session._NOTICED.clear()
    assert _session.load() == {} and _session.load() == {}
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith("Note: ") and "defaults" in err
    assert "Traceback" not in err
    monkeypatch.setenv("GUIDE_SESSION_FILE", "x" * 5000)  # no path is that long
    assert _session.load() == {} and _session.save(scenario="defaults") is False
    assert "GUIDE_SESSION_FILE='xxxxxxx" in capsys.readouterr().err
    monkeypatch.setenv("GUIDE_SESSION_FILE", str(tmp_path / "missing.json"))
    assert _session.load() == {} and capsys.readouterr().err == ""  # not yet saved: quiet


def test_in_a_notebook_a_refusal_shows_its_message_and_other_errors_their_traceback():
    """No traceback through the guide's code in front of a reader; a bug of yours keeps
    its traceback so you can find it."""
    import nbclient
    import nbformat

    nb = nbformat.v4.new_notebook(cells=[
        nbformat.v4.new_code_cell("import guide\nguide.Params(invite_rate=1.5)"),
        nbformat.v4.new_code_cell("def mine():\n    raise ValueError('my own bug')\nmine()"),
        nbformat.v4.new_code_cell("guide.load_pipeline('no-such-file.csv')"),
    ])
    nbclient.NotebookClient(nb, timeout=120, allow_errors=True,
                            resources={"metadata": {"path": str(Path(__file__).parents[1])}}
                            ).execute()
    refused, mine, missing = (c.outputs[0] for c in nb.cells)
    assert refused.traceback == [
        "\x1b[31mThe guide cannot use this: invite_rate=1.5 is out of range; it must be from "
        "0.005 to 0.6 (probability)\x1b[0m"]
    assert any("Traceback" in line for line in mine.traceback)
    assert len(missing.traceback) == 2 and "does not exist" in missing.traceback[1]
    assert not any("guide/" in line for line in refused.traceback + missing.traceback)
