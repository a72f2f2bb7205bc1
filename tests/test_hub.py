"""A course on JupyterHub: a real hub on loopback, configured by deploy/jupyterhub_config.py.

Each user's server is started by the hub, opens the participants' app and votes through
its widgets, as a phone would; the class poll service counts one answer per hub user, and
only a facilitator (the ``facilitators`` group) starts sessions, reveals and exports.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import html
import importlib.util

import pytest

from guide.workshop.store import ANSWERS
from tests.hub import Hub, chp_command, open_app
from tests.room_client import Participant

pytestmark = pytest.mark.skipif(
    chp_command() is None or importlib.util.find_spec("jupyterhub") is None,
    reason="needs jupyterhub and configurable-http-proxy (make hub-deps installs it)")

PARTICIPANTS = ("ann", "ben", "cat")


def run_async(coro):
    """Run a coroutine in a thread of its own: the browser tests' Playwright keeps an event
    loop running in this one for the whole session."""
    with concurrent.futures.ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, coro).result()


@pytest.fixture(scope="module")
def hub(tmp_path_factory):
    hub = Hub(tmp_path_factory.mktemp("hub")).start()
    try:
        for name in (*PARTICIPANTS, "fac", "dan"):
            hub.add_user(name)
        for name in PARTICIPANTS:
            hub.spawn(name)
        yield hub
    finally:
        hub.stop()


def live_message(participant: Participant) -> str:
    return participant.find_where(lambda s: s.get("_model_name") == "HTMLModel"
                                  and "guide-live" in s.get("_dom_classes", ()))


async def vote(participant: Participant, index: int) -> str:
    """Choose answer ``index`` and submit; returns what the app says back."""
    answer = participant.find("ToggleButtonsModel", "Your answer")
    participant.move(answer, index, key="index")
    await asyncio.sleep(0.3)
    participant.click(participant.find("ButtonModel", "Submit my answer"))
    said = f"<b>{html.escape(list(ANSWERS.values())[index])}</b>"
    state = await participant.until(live_message(participant),
                                    lambda s: "Thank you" in s.get("value", "")
                                    and said in s["value"], timeout=60)
    return state["value"]


def test_three_users_vote_in_their_own_apps_once_each(hub):
    async def run() -> list[str]:
        said = []
        for i, name in enumerate(PARTICIPANTS):
            app = await open_app(hub, name)
            said.append(await vote(app, i))
            if name == "ben":  # a second answer replaces the first
                said.append(await vote(app, 3))
            await app.close()
        return said

    said = run_async(run())
    assert "Thank you: 1 answer so far" in said[0]
    assert "Thank you: 2 answers so far" in said[1]
    assert "Thank you: 2 answers so far" in said[2]  # ben again: still two
    assert "Not sure" in said[2]
    assert "Thank you: 3 answers so far" in said[3]
    code, state = hub.poll("GET", "state", token=hub.token("fac"))
    assert code == 200 and state["answers"] == 3 and state["you"]["facilitator"]
    code, counts = hub.poll("GET", "counts", token=hub.token("fac"))
    assert counts["counts"] == {"no": 1, "good_reason": 0, "yes": 1, "unsure": 1}


def test_only_a_facilitator_reveals_starts_sessions_and_exports(hub):
    ann = hub.token("ann")
    for method, path, body in (("POST", "state", {"revealed": True}),
                               ("POST", "state", {"session": "mine"}),
                               ("GET", "answers.csv", None)):
        code, reply = hub.poll(method, path, body, token=ann)
        assert code == 403 and "facilitator" in reply["message"]
    fac = hub.token("fac")
    code, csv = hub.poll("GET", "answers.csv", token=fac)
    assert code == 200 and csv.splitlines()[0] == "time,answer,reason,device"
    assert len(csv.splitlines()) == 4  # three answers, one per user
    assert not any(name in csv for name in PARTICIPANTS)  # no names: a key per user


def test_what_a_request_sends_is_checked(hub):
    ann = hub.token("ann")
    cases = [({"answer": "maybe"}, "not one of"), ({"answer": "no", "x": 1}, "Unknown field"),
             ({"answer": 3}, "must be str"), ({"answer": "no", "reason": "<script>"},
                                             "not one of")]
    for body, words in cases:
        code, reply = hub.poll("POST", "answer", body, token=ann)
        assert code == 400 and words in reply["message"], reply
    code, reply = hub.poll("POST", "state", {"session": "../../etc"}, token=hub.token("fac"))
    assert code == 400 and "not allowed" in reply["message"]
    code, reply = hub.poll("POST", "answer", {"answer": "no", "reason": "x" * 9000}, token=ann)
    assert code in (400, 413)
    code, _ = hub.poll("GET", "state", token="not-a-token")
    assert code == 403
    code, reply = hub.poll("POST", "answer", b"[" * 2000 + b"]" * 2000, token=ann)
    assert code in (400, 413) and "message" in reply  # refused in words, not a crash
    code, reply = hub.poll("POST", "state", {"session": "abc\n"}, token=hub.token("fac"))
    assert code == 400 and "not allowed" in reply["message"]


def test_the_reveal_reaches_an_app_that_has_not_voted(hub):
    hub.spawn("dan")

    async def run() -> str:
        app = await open_app(hub, "dan")
        text = app.find_where(lambda s: s.get("_model_name") == "HTMLModel"
                              and "Vote first" in s.get("value", ""))
        code, _ = hub.poll("POST", "state", {"revealed": True}, token=hub.token("fac"))
        assert code == 200
        state = await app.until(text, lambda s: "Vote first" not in s.get("value", ""), 30)
        await app.close()
        return state["value"]

    assert "the model says" in run_async(run())  # the model's view, not "vote first"


def test_the_facilitators_notebook_works_the_hub_poll(hub, monkeypatch, tmp_path):
    """A kernel of the facilitator's server: sessions, the panel and its answers."""
    from guide import _hub
    from guide.workshop import PollPanel, start_session

    monkeypatch.setenv("GUIDE_SESSION_FILE", str(tmp_path / "session.json"))
    monkeypatch.setenv("GUIDE_HUB_POLL_URL", f"{hub.url}/services/guide-poll")
    monkeypatch.setenv("JUPYTERHUB_API_TOKEN", hub.token("ben"))
    _hub.forget()
    with pytest.raises(ValueError, match="only a facilitator"):
        start_session("bens-own")
    monkeypatch.setenv("JUPYTERHUB_API_TOKEN", hub.token("fac"))
    _hub.forget()
    store = start_session("second-class")
    assert store.session == "second-class" and store.answers().empty
    code, state = hub.poll("GET", "state", token=hub.token("ann"))
    assert state["session"] == "second-class" and state["revealed"] is False
    from guide import _session

    _session.save(revealed=True, scenario="new_graduate")  # the projector's reveal
    code, state = hub.poll("GET", "state", token=hub.token("ann"))
    assert state["revealed"] is True and state["scenario"] == "new_graduate"
    monkeypatch.setenv("JUPYTERHUB_API_TOKEN", hub.token("ben"))
    _hub.forget()
    _session.save(scenario="offer_in_hand")  # a participant's own choice stays theirs
    code, state = hub.poll("GET", "state", token=hub.token("ann"))
    assert state["scenario"] == "new_graduate"
    monkeypatch.setenv("JUPYTERHUB_API_TOKEN", hub.token("fac"))
    _hub.forget()
    panel = PollPanel(follow=False)
    assert "hub" in panel.header.value and "second-class" in panel.header.value
    panel.answer.value = "good_reason"
    assert panel.record() == 1
    assert list(panel.store.counts()["count"]) == [0, 1, 0, 0]


def test_a_users_own_copy_is_made_once_and_never_overwritten(tmp_path):
    from guide.workshop.hub_user import give_the_guide
    from tests.hub import ROOT

    assert give_the_guide(ROOT, tmp_path) == ["notebooks", "data"]
    mine = tmp_path / "attend-or-cancel" / "notebooks" / "02_the_decision.ipynb"
    mine.write_text("my own notes")
    (tmp_path / "attend-or-cancel" / "data" / "presets.csv").unlink()
    assert give_the_guide(ROOT, tmp_path) == []  # the folder is theirs: nothing is put back
    assert mine.read_text() == "my own notes"


def test_a_damaged_state_file_is_kept_aside_and_the_poll_starts_afresh(tmp_path):
    from guide.workshop.hub_service import Room

    (tmp_path / "room.json").write_text("{not json")
    room = Room(tmp_path)
    assert room.state["session"] == "class" and room.state["version"] == 0
    assert [p.name.startswith("room.json.damaged-") for p in tmp_path.iterdir()].count(True) == 1
    assert room.device("ann") != room.device("ben")
    assert room.device("ann") == Room(tmp_path).device("ann")  # the same key after a restart
    assert "ann" not in room.device("ann")


def test_a_kernel_keeps_the_last_room_state_while_the_poll_is_out_of_reach(monkeypatch):
    from guide import _hub

    answers = [{"session": "class", "version": 3}]

    def request(method, path, body=None):
        if not answers:
            raise _hub.HubPollError("the class poll on the hub did not answer")
        return answers.pop()

    monkeypatch.setattr(_hub, "request", request)
    _hub.forget()
    _hub._cache["last"] = None
    assert _hub.state()["version"] == 3
    assert _hub.state(max_age=0)["version"] == 3  # unreachable: the last state stands
    answers.append({"session": "class", "version": 4})
    assert _hub.state(max_age=0)["version"] == 3  # not asked again at once
    _hub.forget()
    assert _hub.state(max_age=0)["version"] == 4
    _hub._cache["last"] = None
    _hub.forget()
