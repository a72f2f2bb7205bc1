"""Any bytes, any table: every reader answers with a result or its own documented error."""

from datetime import date, datetime

import pandas as pd
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import guide
from guide._pipeline import COLUMNS
from guide.workshop.store import PollFileError, PollStore

fuzz = settings(max_examples=150, deadline=None, derandomize=True,
                suppress_health_check=[HealthCheck.function_scoped_fixture,
                                       HealthCheck.too_slow])

# bytes that look like CSV often enough to reach the deeper checks
csv_like = st.one_of(
    st.binary(max_size=400),
    st.lists(st.lists(st.sampled_from(["", "a", '"', '""', "x,y", "\n", "\r", "9", ";",
                                       "\t", "é", "scheduled", "panel", "2026-12-01",
                                       "no", "2026-11-26T09:00:00", "yes"]),
                      max_size=8).map("".join), max_size=6)
    .map(lambda lines: "\n".join(lines).encode("utf-8")),
)


@fuzz
@given(body=csv_like, header=st.booleans())
def test_pipeline_files(tmp_path_factory, body, header):
    path = tmp_path_factory.mktemp("p") / "p.csv"
    path.write_bytes((",".join(COLUMNS) + "\n").encode() * header + body)
    try:
        guide.load_pipeline(path)
    except guide.PipelineError:
        pass


@fuzz
@given(body=csv_like, header=st.booleans())
def test_poll_files(tmp_path_factory, body, header):
    folder = tmp_path_factory.mktemp("poll")
    (folder / "s.csv").write_bytes(b"time,answer,reason\n" * header + body)
    store = PollStore(folder, "s")
    try:
        store.answers()
    except PollFileError:
        return
    store.add("no")  # a file that reads can be added to, and still reads
    store.answers()


@fuzz
@given(body=csv_like, header=st.booleans())
def test_preset_files(tmp_path_factory, body, header):
    path = tmp_path_factory.mktemp("presets") / "presets.csv"
    path.write_bytes(b"key,label,story,rounds,offers\n" * header + body)
    try:
        guide.load_presets(path)
    except ValueError:
        pass


cells = st.one_of(st.none(), st.text(max_size=12), st.integers(-3, 9),
                  st.floats(allow_nan=True, allow_infinity=True),
                  st.dates(date(2020, 1, 1), date(2030, 1, 1)),
                  st.datetimes(datetime(2020, 1, 1), datetime(2030, 1, 1)),
                  st.just(pd.NaT), st.booleans(), st.sampled_from(
                      ["scheduled", "interviewed", "panel", "phone", "yes", "3", "2.0"]))


@fuzz
@given(names=st.lists(st.sampled_from([*COLUMNS, "extra", ""]), min_size=1, max_size=11),
       data=st.data())
def test_pipeline_dataframes(names, data):
    rows = data.draw(st.lists(st.lists(cells, min_size=len(names), max_size=len(names)),
                              max_size=5))
    frame = pd.DataFrame(rows, columns=names) if rows else pd.DataFrame(columns=names)
    try:
        guide.load_pipeline(frame)
    except guide.PipelineError:
        pass


def _v1(parts: list[bytes], channel: bytes) -> bytes:
    offsets = [8 * (len(parts) + 3)]
    offsets.append(offsets[-1] + len(channel))
    for p in parts:
        offsets.append(offsets[-1] + len(p))
    return b"".join([len(offsets).to_bytes(8, "little"),
                     *(o.to_bytes(8, "little") for o in offsets), channel, *parts])


@fuzz
@given(st.one_of(
    st.binary(max_size=400),
    st.builds(lambda head, rest: head + rest, st.binary(min_size=8, max_size=8),
              st.binary(max_size=200)),
    st.builds(_v1, st.lists(st.binary(max_size=60), min_size=0, max_size=20),
              st.sampled_from([b"shell", b"control", b"iopub", b"\xff\xfe", b""])),
))
def test_any_bytes_from_a_phone_are_passed_or_refused_never_crash_the_room(frame):
    """The room's frame check on arbitrary bytes: a Refused (closing that connection) or
    a well-formed message; never another exception, never slow."""
    import time

    from guide.workshop.room_guard import FrameGuard, Refused

    start = time.perf_counter()
    try:
        FrameGuard().check(frame)
    except Refused:
        pass
    assert time.perf_counter() - start < 0.05
