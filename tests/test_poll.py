"""The class poll's file: hostile contents, killed writers, a folder shared by two accounts."""

import multiprocessing
import os
import shutil
import signal
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from guide import workshop
from guide.workshop.store import PollFileError, PollStore

HEADER = "time,answer,reason\n"
T0 = datetime(2026, 11, 26, 9, 0, tzinfo=UTC)


def test_a_last_line_with_an_open_quote_blocks_writing_and_says_where(tmp_path):
    path = tmp_path / "s.csv"
    path.write_text(HEADER + "2026-11-26T09:00:00+00:00,no,\n"
                    + '2026-11-26T09:01:00+00:00,yes,"lost_interest\n', encoding="utf-8")
    before = path.read_bytes()
    store = PollStore(tmp_path, "s")
    with pytest.raises(PollFileError, match="line 3: a quote"):
        store.answers()
    with pytest.raises(PollFileError, match="line 3"):
        store.add("no")  # the new answer is not swallowed into the broken cell
    assert path.read_bytes() == before


def test_bad_bytes_and_wrong_cells_are_named_by_line(tmp_path):
    (tmp_path / "a.csv").write_bytes(HEADER.encode() + b"2026-11-26T09:00:00,n\xf6,\n")
    with pytest.raises(PollFileError, match="line 2: not UTF-8"):
        PollStore(tmp_path, "a").answers()
    rows = "".join(f"{T0.isoformat()},maybe,\n" for _ in range(500))
    (tmp_path / "b.csv").write_text(HEADER + rows, encoding="utf-8")
    with pytest.raises(PollFileError) as err:
        PollStore(tmp_path, "b").answers()
    assert "(and 480 more)" in str(err.value) and len(str(err.value)) < 3000


def _answer_as(uid, folder, results):
    try:
        os.setgid(uid)
        os.setuid(uid)
        results.put(("ok", PollStore(folder, "hub").add("yes")))
    except Exception as exc:
        results.put(("error", f"{type(exc).__name__}: {exc}"))


@pytest.mark.skipif(os.geteuid() != 0, reason="needs root to act as a second account")
def test_a_shared_poll_folder_works_for_two_accounts():
    folder = Path(tempfile.mkdtemp(prefix="shared-poll-"))  # reachable by every account
    try:
        _two_accounts(folder)
    finally:
        shutil.rmtree(folder)


def _two_accounts(folder):
    os.chmod(folder, 0o777)  # what a hub's shared folder needs: writable by all its users
    PollStore(folder, "hub").add("no")  # the first account (root) creates file and lock
    ctx = multiprocessing.get_context("fork")
    results = ctx.Queue()
    p = ctx.Process(target=_answer_as, args=(65534, folder, results))  # 'nobody'
    p.start()
    p.join(60)
    status, value = results.get(timeout=10)
    assert status == "ok", value
    assert value == 2
    assert PollStore(folder, "hub").add("unsure") == 3
    assert list(PollStore(folder, "hub").answers()["answer"]) == ["no", "yes", "unsure"]


def _writer(folder, first, count, log):
    store = PollStore(folder, "room")
    for i in range(first, first + count):
        store.add("no", when=T0 + timedelta(seconds=i))
        with open(log, "a") as fh:  # written only once the answer is saved
            fh.write(f"{i}\n")


def test_killed_writers_lose_no_acknowledged_answer_and_double_none(tmp_path):
    ctx = multiprocessing.get_context("fork")
    log = tmp_path / "acknowledged.txt"
    procs = [ctx.Process(target=_writer, args=(tmp_path, 10_000 * k, 10_000, log))
             for k in range(4)]
    for p in procs:
        p.start()
    time.sleep(1.0)
    for k, p in enumerate(procs):  # kill them one after another, mid-write or not
        os.kill(p.pid, signal.SIGKILL)
        p.join(10)
        time.sleep(0.05 * k)
    saved = PollStore(tmp_path, "room").answers()["time"]
    assert saved.is_unique  # nothing doubled
    acknowledged = {T0 + timedelta(seconds=int(x)) for x in log.read_text().split()}
    stamps = {datetime.fromisoformat(t) for t in saved}
    assert acknowledged <= stamps  # nothing acknowledged was lost
    assert len(acknowledged) > 20


def test_the_poll_panel_shows_a_file_error_instead_of_failing_silently(tmp_path,
                                                                      monkeypatch):
    panel = workshop.PollPanel(folder=tmp_path, session="p")

    def denied(*args, **kwargs):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(PollStore, "add", denied)
    panel.answer.value = "no"
    assert panel.record() is None
    assert "Permission denied" in panel.error.value


def test_one_answer_per_device_a_new_one_replaces_it(tmp_path):
    store = PollStore(tmp_path, "room")
    assert store.add("no", device="phone-a") == 1
    assert store.add("yes", device="phone-b") == 2
    assert store.add("unsure", "nerves", device="phone-a") == 2  # changed, not added
    rows = store.answers()
    assert rows["device"].tolist() == ["phone-b", "phone-a"]
    assert store.answer_of("phone-a") == "unsure" and store.answer_of("phone-c") is None
    assert store.counts().set_index("answer")["count"].to_dict() == {
        "no": 0, "good_reason": 0, "yes": 1, "unsure": 1}
    assert store.add("no") == 3 and store.add("no") == 4  # no key: every answer counts


def test_a_file_from_before_device_keys_is_read_and_upgraded(tmp_path):
    old = tmp_path / "room.csv"
    old.write_text("time,answer,reason\n2026-11-25T09:00:00+00:00,no,\n")
    store = PollStore(tmp_path, "room")
    assert store.answers()["device"].tolist() == [""]
    before = old.read_bytes()
    assert store.add("yes", device="phone-a") == 2
    assert old.read_bytes() == before  # imported into the database, never rewritten
    assert store.answers()["answer"].tolist() == ["no", "yes"]
    assert store.add("unsure", device="phone-a") == 2  # imported once, not again


@pytest.mark.parametrize("device", ["a b", "x" * 65, "<script>", 7])
def test_a_bad_device_key_is_refused_by_name(tmp_path, device):
    with pytest.raises(ValueError, match="^device="):
        PollStore(tmp_path, "room").add("no", device=device)


def test_a_vote_costs_the_same_with_many_answers_and_a_damaged_database_is_named(tmp_path):
    """Each vote rewrote the whole CSV (1 s at 100,000 rows) and past 20 MB the poll
    refused every read and vote. One row per device in SQLite: a vote is an upsert."""
    store = PollStore(tmp_path, "big")
    store.add("no", device="seed-device-00000")
    import sqlite3

    with sqlite3.connect(store.path) as db:
        db.executemany("INSERT INTO answers (time, answer, reason, device) VALUES "
                       "(?, 'yes', '', ?)", [(T0.isoformat(), f"d{i:016d}")
                                            for i in range(100_000)])
    inode = store.path.stat().st_ino
    for i in range(20):
        assert store.add("unsure", device=f"d{i:016d}") == 100_001
    assert store.path.stat().st_ino == inode  # updated in place, never rewritten whole
    assert store.counts().set_index("answer")["count"]["unsure"] == 20
    (tmp_path / "bad.sqlite").write_bytes(b"not a database" * 100)
    with pytest.raises(PollFileError, match="bad.sqlite cannot be read: it is not a poll"):
        PollStore(tmp_path, "bad").answers()
    with pytest.raises(PollFileError, match="not a poll"):
        PollStore(tmp_path, "bad").add("no")
