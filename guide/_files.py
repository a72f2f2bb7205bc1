"""Every file the guide reads or writes goes through here.

Writing (:func:`write_file`; the target is checked by ``guide._checks.check_target``):
the content is complete before anything touches the disk;
it goes to a unique temporary file in the target's folder, is flushed and fsynced, and
only then takes the target's name. A save that must not overwrite claims the name with a
hard link, which fails if the name exists, so two such saves cannot both win. A save that
may overwrite first keeps the old file as a backup whose name cannot collide, gives the
new file the old one's permissions, and refuses targets that are links (a planted link is
never followed) or that share their data with other names (hard links).

Reading (:func:`read_text`, :func:`csv_rows`): a size limit before reading, UTF-8 with the
line of any bad byte, and CSV rows with their *physical* line numbers (a cell may span
lines), so every error names the file, the line, the column and the value.
"""

from __future__ import annotations

import contextlib
import csv
import io
import json
import os
import secrets
import shutil
import stat
import tempfile
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

from filelock import FileLock, Timeout

from ._checks import check_source, check_target

MAX_PROBLEMS = 20
"""Problems listed in one error message; the rest are counted."""


def user_path(path: str | os.PathLike) -> Path:
    """A path as a person types it: surrounding spaces dropped, ``~`` expanded."""
    if isinstance(path, str):
        path = path.strip()
        if not path:
            raise ValueError("the file name is empty; type a name such as my_pipeline.csv")
    return Path(os.path.expanduser(os.fspath(path)))


TOP = Path(__file__).resolve().parents[1]
"""The repository's top folder (where README.md is) when the guide runs from a checkout."""


def env_path(var: str, value: str) -> Path:
    """The absolute path an environment variable names (``value`` is its text).

    A relative path is read from the repository's top folder (from the home folder for an
    installed wheel), never from the folder a kernel happens to run in: the app runs in
    ``notebooks/`` and the facilitator in ``notebooks/workshop/``, and a relative path
    read from each named two files and split the room.
    """
    text = value.strip()
    if not text or "\0" in text or len(text) > 4096:
        raise ValueError(f"{var}={text[:40]!r} is not a path; give a folder or file name "
                         "such as ~/attend-or-cancel/poll-answers")
    path = Path(os.path.expanduser(text))
    if not path.is_absolute():
        path = (TOP if (TOP / "notebooks").is_dir() else Path.home()) / path
    return path.resolve()


def _new_mode() -> int:
    """Permissions a new file would get from ``open`` (0666 less the umask)."""
    mask = os.umask(0)
    os.umask(mask)
    return 0o666 & ~mask


def _sync_folder(folder: Path) -> None:
    with contextlib.suppress(OSError):  # makes the rename itself durable where supported
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


@contextlib.contextmanager
def _temporary(path: Path, data: bytes, mode: int) -> Iterator[str]:
    """A complete, synced temporary copy of ``data`` beside ``path``; removed on exit."""
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fchmod(fh.fileno(), mode)
            os.fsync(fh.fileno())
        yield tmp
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)


def backup_name(path: Path) -> Path:
    """A backup name beside ``path`` that no other save can pick: time plus randomness."""
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    return path.with_name(f"{path.stem}.backup-{stamp}-{secrets.token_hex(3)}{path.suffix}")


def file_version(path: Path) -> tuple[int, int] | None:
    """Which version of a file is there (None: no file), to notice a change cheaply.

    Every save here renames a new file into place, so its inode changes even when two
    saves fall within one tick of the file system's clock.
    """
    try:
        info = path.stat()
    except OSError:
        return None
    return info.st_ino, info.st_mtime_ns


def write_file(path: str | os.PathLike, data: bytes, *, overwrite: bool = False,
               backup: bool = True, make_folder: bool = False) -> Path | None:
    """Write ``data`` to ``path`` atomically; returns the backup's path (or None).

    Raises:
        ValueError: ``path`` exists and ``overwrite`` is False, or the target cannot be
            written (see :func:`check_target`); nothing is written.
    """
    path = user_path(path)
    check_target(path, make_folder=make_folder)
    if not overwrite:
        with _temporary(path, data, _new_mode()) as tmp:
            try:
                os.link(tmp, path)  # atomic claim: fails if the name exists
            except FileExistsError:
                raise ValueError(
                    f"{path} already exists; save under another name or choose to "
                    "replace it (a backup of the old file is kept)") from None
            except OSError:  # a file system without hard links: claim with O_EXCL
                os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
                os.replace(tmp, path)
        _sync_folder(path.parent)
        return None
    if not backup:
        return _replace(path, data, backup=False)
    # Overwriting saves of one file take turns: two writers that both backed up the same
    # old file and then replaced it in turn lost the first one's version (36 of 41 kept).
    lock = FileLock(path.with_name(f".{path.name}.lock"), timeout=30, mode=0o666)
    try:
        with lock:
            return _replace(path, data, backup=True)
    except Timeout:
        raise ValueError(f"{path} stayed locked for 30 seconds by another save; try "
                         "again") from None


def _replace(path: Path, data: bytes, *, backup: bool) -> Path | None:
    old = path.lstat() if path.exists() else None
    mode = stat.S_IMODE(old.st_mode) if old else _new_mode()
    kept = None
    with _temporary(path, data, mode) as tmp:
        if old is not None and backup:
            kept = backup_name(path)
            try:
                os.link(path, kept)  # the old data under a new name: no copy, no window
            except OSError:  # a file system without hard links: an exclusive copy
                with open(path, "rb") as src, open(kept, "xb") as dst:
                    shutil.copyfileobj(src, dst)
                    dst.flush()
                    os.fsync(dst.fileno())
        os.replace(tmp, path)
    _sync_folder(path.parent)
    return kept


def read_text(path: str | os.PathLike, what: str, *, limit: int) -> tuple[Path, str]:
    """Read a UTF-8 text file of at most ``limit`` bytes.

    Raises:
        ValueError: Missing, a folder, too large, or not UTF-8 (naming the line).
    """
    path = user_path(path)
    check_source(path, what)
    return path, decode(read_bytes(path, what, limit=limit), str(path))


def read_bytes(path: str | os.PathLike, what: str, *, limit: int) -> bytes:
    """The bytes of a regular file of at most ``limit`` bytes, read without ever hanging.

    The file is opened without blocking and checked on the open descriptor: a FIFO, a
    device (``/dev/zero``) or a folder is refused by name, and the size is enforced while
    reading, not trusted from the file system (a device reports 0 bytes and never ends).

    Raises:
        ValueError: Not a regular file, or more than ``limit`` bytes.
        OSError: The file cannot be opened (missing, no permission).
    """
    path = user_path(path)
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    with os.fdopen(fd, "rb") as f:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise ValueError(f"{path} is not a regular file (a folder, a device or a pipe); "
                             f"give the path of a {what} file")
        data = f.read(limit + 1)
    if len(data) > limit:
        raise ValueError(f"{path} is more than {limit / 1e6:g} MB; a {what} file may be at "
                         f"most {limit / 1e6:g} MB")
    return data


def read_json(path: str | os.PathLike, what: str, *, limit: int = 1_000_000) -> object:
    """A small JSON file's value.

    Raises:
        ValueError: Not a regular file, too large, nested too deeply, or not JSON.
        OSError: Missing or unreadable (as :func:`read_bytes`).
    """
    data = read_bytes(path, what, limit=limit)
    try:
        return json.loads(data)
    except RecursionError:
        raise ValueError(f"{path} is nested too deeply to be a {what} file") from None
    except ValueError as exc:
        raise ValueError(f"{path} is not a {what} file: {str(exc)[:80]}") from None


def decode(data: bytes, name: str) -> str:
    """UTF-8 (an Excel byte-order mark allowed), or a ``ValueError`` naming the line."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[:exc.start].count(b"\n") + 1
        raise ValueError(f"{name}: line {line}: not UTF-8 text (byte {data[exc.start]:#04x}); "
                         "save the file as 'CSV UTF-8'") from None


FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
"""First characters a spreadsheet may read as a formula (OWASP's CSV-injection list)."""


def spreadsheet_safe(cell: str) -> str:
    """A cell a spreadsheet reads as text: one starting like a formula gets a ``'`` first."""
    return "'" + cell if cell.startswith(FORMULA_STARTS) else cell


def from_spreadsheet_safe(cell: str) -> str:
    """The cell :func:`spreadsheet_safe` was given (the guide reads back what it wrote)."""
    return cell[1:] if cell.startswith("'") and cell[1:].startswith(FORMULA_STARTS) else cell


def csv_rows(text: str, delimiter: str = ",") -> tuple[list[list[str]], list[int], str]:
    """Rows of a CSV text, the physical line each starts on, and any format problem.

    The third value is empty, or says where reading stopped (an unclosed quote, a stray
    character after a quote) with its line; rows read before that point are kept.
    """
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    rows, lines = [], []
    start = 1
    try:
        for row in reader:
            rows.append(row)
            lines.append(start)
            start = reader.line_num + 1
    except csv.Error as exc:
        return rows, lines, f"line {start}: {_csv_message(exc)}"
    return rows, lines, ""


def _csv_message(exc: csv.Error) -> str:
    text = str(exc)
    if "unexpected end of data" in text or "EOF" in text:
        return "a quote (\") is opened and never closed"
    if "expected" in text and "after" in text:
        return "a character follows a closing quote; put the whole cell in quotes"
    if "field larger" in text:
        return "a cell is too long (more than 131,072 characters)"
    return f"not readable as CSV ({text})"


def listed(problems: list[str]) -> str:
    """At most :data:`MAX_PROBLEMS` problems, one a line, and how many more there are."""
    shown = problems[:MAX_PROBLEMS]
    more = len(problems) - len(shown)
    return "\n".join(shown) + (f"\n  ... and {more:,} more" if more else "")
