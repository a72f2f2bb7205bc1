"""Class poll answers, stored durably in one SQLite database per session.

One row per device, written with SQLite's own locking and journal (Python's standard
library): several participants (processes) can answer at once without losing an answer,
a writer killed mid-answer leaves the previous answers whole, and a vote costs the same
however many answers there are. Session files from before (CSV, one per session) are
still read, with every malformed line reported by its number, and imported on the first
new answer; they are never rewritten.

A poll folder shared by several accounts (a hub) works when the folder is writable by
all of them: the database is created readable and writable by everyone, and its
rollback journal is made and removed by each writer in the folder.
"""

from __future__ import annotations

import contextlib
import html
import os
import re
import sqlite3
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pandas as pd

from .._files import MAX_PROBLEMS, csv_rows, decode, file_version, read_bytes, user_path

MAX_BYTES = 20_000_000
"""Largest session file read (a room of 300 answering ten times is about 0.2 MB)."""

QUESTION = "Would you ever cancel a job interview?"
ANSWERS = {
    "no": "No, I would go anyway",
    "good_reason": "Only for a good reason",
    "yes": "Yes, if I am not interested",
    "unsure": "Not sure",
}
POLL_REASONS = {
    "": "(no reason given)",
    "accepted_offer": "I accepted another offer",
    "illness_emergency": "Illness or an emergency",
    "clash": "A clash I cannot move",
    "lost_interest": "I lost interest in the job",
    "nerves": "Nerves",
    "other": "Something else",
}
HEADER = ["time", "answer", "reason", "device"]
OLD_HEADER = HEADER[:3]
"""Files written before answers carried a device key (read as from unknown devices)."""
_DEVICE = re.compile(r"^[A-Za-z0-9-]{0,64}\Z")  # \Z: no trailing newline let through
_SESSION = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]{0,63}\Z")


class PollFileError(ValueError):
    """A session file that does not parse; ``problems`` lists ``(line, message)``."""

    def __init__(self, path: Path, problems: list[tuple[int, str]]) -> None:
        self.path, self.problems = path, problems
        shown = "; ".join(f"line {n}: {msg}" if n else msg
                          for n, msg in problems[:MAX_PROBLEMS])
        more = f" (and {len(problems) - MAX_PROBLEMS:,} more)" \
            if len(problems) > MAX_PROBLEMS else ""
        super().__init__(f"{path} cannot be read: {shown}{more}. Fix or move the file; "
                         "nothing will be written to it until then.")


class PollStore:
    """The answers of one poll session: ``<folder>/<session>.sqlite``.

    One row per device (an upsert), so a vote costs the same whether the room has given
    ten answers or a hundred thousand, and a flood cannot make the poll unreadable.
    SQLite (Python's standard library) takes care of several processes answering at once
    and of a writer killed mid-answer; its rollback journal (not WAL) is used because it
    needs no shared-memory file, so accounts sharing a hub's poll folder can all write,
    and every answer changes the database file itself. A session file from before
    (``<session>.csv``) is read, and imported on the first new answer; it is left as it
    was. CSV is what :meth:`answers` exports for a spreadsheet.

    Args:
        folder: Where session files live (created on the first answer).
        session: Session name: letters, digits, ``-`` and ``_`` (e.g. ``2026-11-25-am``).
    """

    def __init__(self, folder: str | os.PathLike, session: str) -> None:
        if not isinstance(session, str) or not _SESSION.match(session):
            raise ValueError(f"session={session[:40] if isinstance(session, str) else session!r} "
                             "must be 1-64 letters, digits, '-' or '_', starting with a letter "
                             "or digit")
        self.folder = user_path(folder)
        self.path = self.folder / f"{session}.sqlite"
        self.legacy = self.folder / f"{session}.csv"
        self.session = session

    def where(self) -> str:
        """Where the answers are kept, for the facilitator (HTML)."""
        return f"saved in <code>{html.escape(str(self.path.resolve()))}</code>"

    def export_folder(self) -> Path:
        """Where an export of the answers goes by default: beside them."""
        return self.folder

    # --- reading -------------------------------------------------------------------------
    def answers(self) -> pd.DataFrame:
        """Every answer so far, oldest first (empty when nobody has answered).

        Raises:
            PollFileError: The file is not a poll (a damaged database, or an old CSV
                session file with malformed lines, each reported with its number).
        """
        if not self.path.exists():
            if self.legacy.exists():
                return parse(self.legacy, self._read_legacy())
            return pd.DataFrame(columns=HEADER)
        with self._database() as db:
            rows = db.execute("SELECT time, answer, reason, device FROM answers "
                              "ORDER BY id").fetchall()
        return pd.DataFrame(rows, columns=HEADER)

    def version(self) -> tuple | None:
        """Which state of the answers is saved (None: none yet), to notice a change."""
        if not self.path.exists():
            return file_version(self.legacy)
        try:
            with self._database() as db:
                row = db.execute("SELECT value FROM meta WHERE key = 'version'").fetchone()
        except PollFileError:
            return file_version(self.path)
        return ("db", row[0] if row else 0)

    def glance(self, device: str = "") -> tuple[int, tuple | None, str | None]:
        """How many answers, which version, and ``device``'s answer.

        Without reading every answer: a hub's poll service is asked many times a second.
        """
        if not self.path.exists():
            answers = self.answers()
            mine = answers.loc[answers["device"] == device, "answer"] if device else []
            return len(answers), self.version(), (str(mine.iloc[-1]) if len(mine) else None)
        with self._database() as db:
            n = db.execute("SELECT count(*) FROM answers").fetchone()[0]
            row = db.execute("SELECT value FROM meta WHERE key = 'version'").fetchone()
            mine = db.execute("SELECT answer FROM answers WHERE device = ? ORDER BY id DESC "
                              "LIMIT 1", (device,)).fetchone() if device else None
        return int(n), ("db", row[0] if row else 0), (mine[0] if mine else None)

    def _read_legacy(self) -> bytes:
        try:
            return read_bytes(self.legacy, "poll", limit=MAX_BYTES)
        except ValueError as exc:
            raise PollFileError(self.legacy, [(1, str(exc))]) from None

    def counts(self) -> pd.DataFrame:
        """Number and share of each answer, in the order of :data:`ANSWERS`."""
        df = self.answers()
        n = df["answer"].value_counts().reindex(list(ANSWERS), fill_value=0)
        total = int(n.sum())
        return pd.DataFrame({"answer": list(ANSWERS), "label": list(ANSWERS.values()),
                             "count": n.to_numpy(),
                             "share": n.to_numpy() / total if total else 0.0})

    # --- writing -------------------------------------------------------------------------
    def add(self, answer: str, reason: str = "", *, device: str = "",
            when: datetime | None = None) -> int:
        """Record one answer durably; returns how many answers the session now has.

        ``device`` is a random key the participant's browser keeps (the app's
        :class:`guide.workshop.DeviceKey`): a device that answers again replaces its
        earlier answer, so each phone counts once. An empty key always adds a row.

        Raises:
            ValueError: ``answer``, ``reason`` or ``device`` is not allowed.
            PollFileError: The existing file is not a poll (it is left untouched).
        """
        if not isinstance(answer, str) or answer not in ANSWERS:
            raise ValueError(f"answer={str(answer)[:40]!r} is not allowed; choose one of "
                             f"{', '.join(repr(a) for a in ANSWERS)}")
        if not isinstance(reason, str) or reason not in POLL_REASONS:
            raise ValueError(f"reason={str(reason)[:40]!r} is not allowed; choose one of "
                             f"{', '.join(repr(r) for r in POLL_REASONS)}")
        if not isinstance(device, str) or not _DEVICE.match(device):
            raise ValueError(f"device={str(device)[:40]!r} must be up to 64 letters, digits "
                             "or '-'")
        stamp = (when or datetime.now(UTC)).isoformat(timespec="seconds")
        # an old CSV session is checked before anything is created beside it
        old = parse(self.legacy, self._read_legacy()) \
            if self.legacy.exists() and not self.path.exists() else None
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise ValueError(f"the poll folder {self.folder} cannot be made: "
                             f"{(exc.strerror or str(exc)).lower()} (is it a file?)") from None
        with self._database(create=True) as db:
            db.execute("BEGIN IMMEDIATE")  # one writer at a time; others wait their turn
            try:
                imported = db.execute("SELECT 1 FROM meta WHERE key = 'imported'").fetchone()
                if old is not None and not imported:
                    db.executemany("INSERT INTO answers (time, answer, reason, device) "
                                   "VALUES (?, ?, ?, ?)", old[HEADER].to_numpy().tolist())
                    db.execute("INSERT OR REPLACE INTO meta VALUES ('imported', 1)")
                if device:  # replaced, and moved to the end: the newest answer is last
                    db.execute("DELETE FROM answers WHERE device = ?", (device,))
                db.execute("INSERT INTO answers (time, answer, reason, device) "
                           "VALUES (?, ?, ?, ?)", (stamp, answer, reason, device))
                db.execute("INSERT INTO meta VALUES ('version', 1) ON CONFLICT(key) "
                           "DO UPDATE SET value = value + 1")
                n = db.execute("SELECT count(*) FROM answers").fetchone()[0]
                db.execute("COMMIT")
            except BaseException:
                db.execute("ROLLBACK")
                raise
        return int(n)

    def answer_of(self, device: str) -> str | None:
        """The answer this device gave (None: none yet, or no device key)."""
        if not device:
            return None
        rows = self.answers()
        mine = rows.loc[rows["device"] == device, "answer"]
        return None if mine.empty else str(mine.iloc[-1])

    @contextlib.contextmanager
    def _database(self, create: bool = False) -> Iterator[sqlite3.Connection]:
        """The session's database; damage is a :class:`PollFileError`.

        With ``create`` it is made if missing, readable and writable by every account
        sharing the folder.
        """
        if not create and not self.path.is_file():
            raise PollFileError(self.path, [(0, "it is not a file")])
        fresh = create and not self.path.exists()
        try:
            db = sqlite3.connect(self.path, timeout=30, isolation_level=None)
        except sqlite3.Error as exc:
            raise PollFileError(self.path, [(0, f"it cannot be opened ({exc})")]) from None
        try:
            if fresh:
                with contextlib.suppress(OSError):
                    os.chmod(self.path, 0o666)  # a hub's shared folder: every account writes
            db.execute("PRAGMA busy_timeout = 30000")
            if create:
                db.execute("CREATE TABLE IF NOT EXISTS answers (id INTEGER PRIMARY KEY, "
                           "time TEXT NOT NULL, answer TEXT NOT NULL, reason TEXT NOT NULL, "
                           "device TEXT NOT NULL)")
                db.execute("CREATE INDEX IF NOT EXISTS by_device ON answers (device)")
                db.execute("CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value)")
            yield db
        except sqlite3.OperationalError as exc:
            if "locked" in str(exc) or "busy" in str(exc):
                raise ValueError(f"{self.path} stayed locked for 30 seconds; another program "
                                 "may be stuck writing it. Try again.") from None
            raise PollFileError(self.path, [(0, f"it is not a poll database ({exc})")]) from None
        except sqlite3.DatabaseError as exc:
            raise PollFileError(self.path, [(0, "it is not a poll database, or cannot be "
                                                f"written ({exc})")]) from None
        finally:
            db.close()


def parse(path: Path, data: bytes) -> pd.DataFrame:
    """Parse and validate a session file's bytes; raise :class:`PollFileError` if bad."""
    problems: list[tuple[int, str]] = []
    try:
        text = decode(data, str(path))
    except ValueError as exc:
        line = int(str(exc).split(": line ")[1].split(":")[0])
        raise PollFileError(path, [(line, "not UTF-8 text")]) from None
    rows, lines, stopped = csv_rows(text)
    if stopped:
        n, _, msg = stopped.partition(": ")
        problems.append((int(n.split()[1]), msg))
    if not rows or rows[0] not in (HEADER, OLD_HEADER):
        raise PollFileError(path, [(1, f"the header must be {','.join(HEADER)}, found "
                                       f"{','.join(rows[0]) if rows else 'nothing'}")])
    width = len(rows[0])
    good = []
    for n, row in zip(lines[1:], rows[1:], strict=True):
        if not row:
            continue
        if len(row) != width:
            problems.append((n, f"{len(row)} cells, expected {width} "
                                f"({', '.join(rows[0])})"))
            continue
        stamp, answer, reason, device = [*row, ""][:4]
        if not _DEVICE.match(device):
            problems.append((n, f"device {device!r} is not a device key"))
        try:
            datetime.fromisoformat(stamp)
        except ValueError:
            problems.append((n, f"time {stamp!r} is not an ISO date and time"))
        if answer not in ANSWERS:
            problems.append((n, f"answer {answer!r} is not one of {', '.join(ANSWERS)}"))
        if reason not in POLL_REASONS:
            problems.append((n, f"reason {reason!r} is not one of "
                                f"{', '.join(r for r in POLL_REASONS if r)} or empty"))
        good.append([stamp, answer, reason, device])
    if problems:
        raise PollFileError(path, problems)
    return pd.DataFrame(good, columns=HEADER)
