"""Class poll answers, stored durably in one CSV file per session.

Every answer rewrites the session file through a temporary file and an atomic rename
(:func:`guide._files.write_file`), under an exclusive lock (``filelock``: flock on Linux
and macOS, the Windows equivalent there): several participants (processes) can answer at
once without losing an answer, and a crash or a kernel restart mid-write leaves the
previous file whole. A file that does not parse is reported with its line numbers and is
never rewritten until someone fixes it.

A poll folder shared by several accounts (a hub) works when the folder is writable by
all of them: the lock file is created readable and writable by everyone, and a session
file is replaced by rename (which needs the folder's permission, not the file's).
"""

from __future__ import annotations

import contextlib
import csv
import io
import os
import re
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pandas as pd
from filelock import FileLock, Timeout

from ._files import MAX_PROBLEMS, csv_rows, decode, read_bytes, user_path, write_file

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
_DEVICE = re.compile(r"^[A-Za-z0-9-]{0,64}$")
_SESSION = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$")


class PollFileError(ValueError):
    """A session file that does not parse; ``problems`` lists ``(line, message)``."""

    def __init__(self, path: Path, problems: list[tuple[int, str]]) -> None:
        self.path, self.problems = path, problems
        shown = "; ".join(f"line {n}: {msg}" for n, msg in problems[:MAX_PROBLEMS])
        more = f" (and {len(problems) - MAX_PROBLEMS:,} more)" \
            if len(problems) > MAX_PROBLEMS else ""
        super().__init__(f"{path} cannot be read: {shown}{more}. Fix or move the file; "
                         "nothing will be written to it until then.")


class PollStore:
    """The answers of one poll session: ``<folder>/<session>.csv``.

    Args:
        folder: Where session files live (created on the first answer).
        session: Session name: letters, digits, ``-`` and ``_`` (e.g. ``2026-11-25-am``).
    """

    def __init__(self, folder: str | os.PathLike, session: str) -> None:
        if not isinstance(session, str) or not _SESSION.match(session):
            raise ValueError(f"session={session!r} must be 1-64 letters, digits, '-' or '_', "
                             "starting with a letter or digit")
        self.folder = user_path(folder)
        self.path = self.folder / f"{session}.csv"
        self.session = session

    # --- reading -------------------------------------------------------------------------
    def answers(self) -> pd.DataFrame:
        """Every answer so far, oldest first (empty when nobody has answered).

        Raises:
            PollFileError: The file has malformed lines (each reported with its number).
        """
        if not self.path.exists():
            return pd.DataFrame(columns=HEADER)
        return parse(self.path, self._read())

    def _read(self) -> bytes:
        try:
            return read_bytes(self.path, "poll", limit=MAX_BYTES)
        except ValueError as exc:
            raise PollFileError(self.path, [(1, str(exc))]) from None

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
            PollFileError: The existing file is malformed (it is left untouched).
        """
        if answer not in ANSWERS:
            raise ValueError(f"answer={answer!r} is not allowed; choose one of "
                             f"{', '.join(repr(a) for a in ANSWERS)}")
        if reason not in POLL_REASONS:
            raise ValueError(f"reason={reason!r} is not allowed; choose one of "
                             f"{', '.join(repr(r) for r in POLL_REASONS)}")
        if not isinstance(device, str) or not _DEVICE.match(device):
            raise ValueError(f"device={device!r} must be up to 64 letters, digits or '-'")
        stamp = (when or datetime.now(UTC)).isoformat(timespec="seconds")
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise ValueError(f"the poll folder {self.folder} cannot be made: "
                             f"{(exc.strerror or str(exc)).lower()} (is it a file?)") from None
        with self._locked():
            rows = parse(self.path, self._read()) if self.path.exists() else \
                pd.DataFrame(columns=HEADER)
            if device:
                rows = rows[rows["device"] != device]
            rows = pd.concat([rows, pd.DataFrame([[stamp, answer, reason, device]],
                                                 columns=HEADER)], ignore_index=True)
            out = io.StringIO()
            csv.writer(out, lineterminator="\n").writerows([HEADER, *rows.to_numpy().tolist()])
            write_file(self.path, out.getvalue().encode(), overwrite=True, backup=False)
        return len(rows)

    def answer_of(self, device: str) -> str | None:
        """The answer this device gave (None: none yet, or no device key)."""
        if not device:
            return None
        rows = self.answers()
        mine = rows.loc[rows["device"] == device, "answer"]
        return None if mine.empty else str(mine.iloc[-1])

    @contextlib.contextmanager
    def _locked(self) -> Iterator[None]:
        lock = FileLock(self.path.with_name(self.path.name + ".lock"), timeout=30,
                        mode=0o666)  # any account sharing the folder may lock it
        try:
            lock.acquire()
        except Timeout:
            raise ValueError(f"{self.path} stayed locked for 30 seconds; another program "
                             "may be stuck writing it. Try again.") from None
        except OSError as exc:
            raise ValueError(f"{lock.lock_file} cannot be used to lock the poll: "
                             f"{(exc.strerror or str(exc)).lower()} (is it a folder?)") from None
        try:
            yield
        finally:
            lock.release()


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
