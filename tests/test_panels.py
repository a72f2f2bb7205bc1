"""Panels: build each one, move each control, and check the chart and summary follow."""

import gc
import html
import re

import ipywidgets as widgets
import numpy as np
import pandas as pd
import pytest

import guide
from guide import panels


def decision_diff(panel, metric):
    return panel.result.decision.difference(metric)


@pytest.fixture
def decision_panel():
    panel = panels.DecisionPanel(seed=0)
    panel.runs = 300  # keep the tests quick; the notebook uses 1,000
    panel.refresh()
    return panel


def next_value(control):
    """Another valid value for a control: the next option, the other state, a step."""
    options = getattr(control, "options", None)
    if options:
        values = [o[1] if isinstance(o, tuple) else o for o in options]
        return values[(values.index(control.value) + 1) % len(values)]
    if isinstance(control.value, bool):
        return not control.value
    if isinstance(control, widgets.SelectionSlider):
        at = list(control.options).index(control.value)
        return control.options[at + 1 if at + 1 < len(control.options) else at - 1]
    if isinstance(control.value, str):
        return control.value + " Ltd"
    step = control.step
    return control.value + step if control.value + step <= control.max else control.value - step


def seen(panel):
    return (panel.image.value, panel.summary.value, *(w.value for w in panel.outputs()))


def test_every_panel_builds_moves_every_control_resets_and_follows_a_scenario():
    """Like Mesa's test that builds every example: no panel is special-cased by name."""
    for name, cls in panels.PANELS.items():
        panel = cls()
        if hasattr(panel, "runs"):
            panel.runs = 150
        panel.refresh()
        assert panel.error.value == "", name
        assert panel.summary.value, name
        assert (panel.image.value[:4] == b"\x89PNG") == panel.has_chart, name
        first = seen(panel)
        for key, control in panel.controls.items():
            before, shown, updates = panel.result, seen(panel), panel.updates
            control.value = next_value(control)
            if not panel.live:  # a panel that answers on request: ask
                panel.refresh()
            assert panel.updates == updates + 1, (name, key)
            assert panel.error.value == "", (name, key, panel.error.value)
            assert panel.result is not before or not panel.live, (name, key)
            why = panel.inert(key)  # or the panel says why not, at this setting
            assert seen(panel) != shown or (why and why in html.unescape(
                panel.summary.value)), (name, key)
        panel.reset()
        if not panel.live:
            panel.refresh()
        assert {k: c.value for k, c in panel.controls.items()} == panel._defaults, name
        assert seen(panel) == first, name  # back to exactly the first picture
        panel.scenario.dropdown.value = "new_graduate"
        if not panel.live:
            panel.refresh()
        assert panel.error.value == "", name
        assert panel.base == guide.load_presets()["new_graduate"].params, name


def test_decision_panel_follows_the_model(decision_panel):
    p = decision_panel
    low = decision_diff(p, "p_job")
    p.controls["interest"].value = 4
    assert decision_diff(p, "p_job") > low  # the job is likelier to be good
    rep = decision_diff(p, "reputation")
    p.controls["notice"].value = "no_show"
    assert decision_diff(p, "reputation") > rep  # cancelling without notice costs more
    p.controls["weeks"].value = 20
    assert p.result.decision.frame["week"].max() == 20
    assert "20 weeks" in p.summary.value
    line = p.fig.axes[0].get_lines()[0]
    attend_end = p.result.decision.summary.set_index("metric").loc["p_job", "attend"]
    assert line.get_ydata()[-1] == pytest.approx(attend_end)


def test_decision_panel_matches_decide(decision_panel):
    p = decision_panel
    direct = guide.decide(guide.Params(), guide.Interview(), runs=300, weeks=13, seed=0)
    np.testing.assert_allclose(p.summary_table()["difference"],
                               direct.summary["difference"])
    assert direct.verdict().splitlines()[0].split(" (")[0][:40] in p.summary.value


def test_seed_changes_numbers_but_is_not_shown_as_a_figure(decision_panel):
    p = decision_panel
    before = decision_diff(p, "offers")
    p.seed.value = 7
    assert decision_diff(p, "offers") != before
    assert "seed" not in p.summary.value


def test_reset_restores_defaults_with_one_redraw(decision_panel):
    p = decision_panel
    first = p.summary_table()
    p.controls["interest"].value = 5
    p.controls["industry_size"].value = 20
    p.seed.value = 3
    updates = p.updates
    p.reset()
    assert p.updates == updates + 1
    assert p.value("interest") == 2 and p.value("industry_size") == 200 and p.seed.value == 0
    np.testing.assert_allclose(p.summary_table()["difference"], first["difference"])


def test_refused_setting_shows_in_panel_and_keeps_last_chart():
    p = panels.ReputationPanel()
    image, result = p.image.value, p.result
    p.controls["notice_cost_day_or_more"].value = 0.9  # more than a same-day cancel costs
    assert "notice_cost_day_or_more=0.9 is larger" in p.error.value
    assert p.image.value == image and p.result is result
    p.controls["notice_cost_day_or_more"].value = 0.3
    assert p.error.value == ""


def test_surprise_panel_noise_off():
    p = panels.SurprisePanel()
    assert p.result.loc[0, "chance_acceptable"] > 0.05
    p.controls["posting_noise"].value = 0.0
    assert p.result.loc[0, "chance_acceptable"] == 0
    heights = [b.get_height() for b in p.fig.axes[0].patches][:5]
    np.testing.assert_allclose(heights, p.result["chance_acceptable"])


def test_practice_panel_learning_raises_offer_chance():
    p = panels.PracticePanel()
    before = p.result.curve["offer_chance"].iloc[-1]
    p.controls["learning_rate"].value = 0.3
    assert p.result.curve["offer_chance"].iloc[-1] > before
    assert "interviews</b>" in p.summary.value


def test_policy_panel_rules():
    p = panels.PolicyPanel(seed=0)
    p.runs = 200
    p.refresh()
    t = p.summary_table().set_index("policy")
    assert t.loc["attend all", "interviews_cancelled"] == 0
    strict = t.loc["cancel below 3", "interviews_cancelled"]
    p.controls["threshold"].value = 5
    assert p.summary_table().set_index("policy").loc["cancel below 5",
                                                     "interviews_cancelled"] > strict
    custom = p.summary_table().set_index("policy").loc["custom rule", "interviews_cancelled"]
    p.controls["keep_new"].value = False
    assert p.summary_table().set_index("policy").loc["custom rule",
                                                     "interviews_cancelled"] >= custom


def test_message_panel_drafts_and_reports_errors():
    p = panels.MessagePanel()
    assert "unwell" in p.text.value
    p.controls["reason"].value = "accepted_offer"
    assert "accepted another offer" in p.text.value
    assert "another time" not in p.text.value  # no rescheduling after accepting elsewhere
    p.controls["when"].value = "after"
    assert "apology" in p.text.value and "100%" not in p.cost.value
    text = p.text.value
    p.controls["company"].value = "x" * 200
    assert "company=" in p.error.value and p.text.value == text
    p.reset()
    assert p.error.value == "" and "unwell" in p.text.value


def test_predict_panel_compares_guess():
    p = panels.PredictPanel(seed=0)
    # before anything is revealed: no empty image (a broken-image icon), nothing to hide
    assert p.image.layout.display == "none" and p.again.layout.display == "none"
    p.guess.value = -5.0
    text = p.reveal()
    assert "You guessed -5.0 points" in text and "lower than the model" in text
    model = 100 * p.result.difference("p_job")
    assert f"by {model:+.1f} points" in text
    assert p.image.value[:4] == b"\x89PNG" and p.image.layout.display == ""
    assert p.again.layout.display == ""
    p.hide()
    assert p.answer.value == "" and p.image.layout.display == "none"
    assert p.again.layout.display == "none"


def test_controls_carry_labels_units_and_help():
    p = panels.DecisionPanel(seed=0)
    slider = p.controls["applications_per_week"]
    assert slider.description == "Applications per week"
    assert slider.tooltip == guide.spec("applications_per_week").help
    assert slider.continuous_update is False
    assert p.units["applications_per_week"] == "applications/week"
    assert p.seed.layout.display == "none"  # the seed is for code and tests, not readers
    assert not hasattr(p, "timing") and " ms" not in p.summary.value


def test_decision_panel_says_why_sliders_move_little_with_an_offer_in_hand():
    p = panels.DecisionPanel(guide.load_presets()["offer_in_hand"].params, seed=0)
    assert p.scenario.start is not None
    assert "either way" in p.summary.value and "offer in hand" in p.summary.value
    # the offer is taken first whatever happens: the panel buys nothing and costs hours
    assert p.result.decision.choice == "cancel"


def test_in_a_live_kernel_the_explanation_waits_until_the_controls_rest(monkeypatch):
    """With a kernel's event loop, rapid changes skip the slow explanation."""
    import asyncio
    import threading

    from guide.panels import base

    async def session():
        monkeypatch.setattr(base, "kernel_loop", asyncio.get_running_loop)  # as a kernel
        p = panels.DecisionPanel(seed=0)
        p.runs = 150
        p.controls["interest"].value = 3
        p.controls["interest"].value = 4  # before the first explanation could start
        assert "Working out what decides it" in p.summary.value  # chart first
        calls = []
        original = p.explain
        p.explain = lambda r: calls.append(r) or original(r)
        p.controls["interest"].value = 5
        p.controls["interest"].value = 2
        await asyncio.sleep(p.explain_delay + 1.5)
        return p, calls

    out = {}
    # a thread of its own: another test may have left an event loop in this one
    worker = threading.Thread(target=lambda: out.update(r=asyncio.run(session())))
    worker.start()
    worker.join(60)
    p, calls = out["r"]
    assert len(calls) == 1  # only the last setting was explained
    assert "What decides it:" in p.summary.value
    assert "interest-2" in p.summary.value


def test_outside_a_kernel_the_explanation_comes_at_once():
    assert panels.base.kernel_loop() is None
    p = panels.DecisionPanel(seed=0)
    assert "Working out" not in p.summary.value and not p.result.decision.drivers.empty


def test_the_app_panel_explains_only_when_asked():
    """In a full room the slow explanation waits for a tap, then appears."""
    panel = panels.AppDecisionPanel()
    panel.controls["interest"].value = 4
    assert panel.result.decision.drivers.empty
    assert "What decides it?" in panel.summary.value
    panel.explain_now()
    assert not panel.result.decision.drivers.empty
    assert "What decides it:" in panel.summary.value


def test_a_saved_notebook_shows_words_not_code_where_a_widget_cannot_run(tmp_path):
    """The plain-text stand-in of every live object is a sentence, not a cut repr."""
    from unittest import mock

    from guide import _presentation, mysearch, workshop
    from guide._presets import data_file

    poll = workshop.app_poll(folder=tmp_path, session="s")
    shown = [panels.DecisionPanel(), poll, workshop.ResultsView(folder=tmp_path, session="s"),
             workshop.JoinCard(tmp_path / "room.json"),
             mysearch.PipelineEditor(data_file("my_pipeline_template.csv"))]
    for thing in shown:
        with mock.patch("guide._widgets.display") as display:
            thing._ipython_display_()
        data = display.call_args_list[0].args[0]
        assert "application/vnd.jupyter.widget-view+json" in data
        text = data["text/plain"]
        assert "(" not in text.split(" (live")[0] and "…" not in text, text
    assert workshop.after_vote(poll, panels.AppDecisionPanel())._repr_mimebundle_()[
        "text/plain"].startswith("The decision panel")
    assert _presentation.apply(True)._repr_mimebundle_()["text/plain"] == \
        "Presentation styling is on"
    _presentation.apply(False)


def test_a_scenario_says_what_it_is_where_it_came_from_and_what_it_moves():
    p = panels.ReputationPanel()
    note = html.unescape(p.scenario.note.value)
    assert "The guide's defaults" in note and "changes these settings" not in note
    p.scenario.dropdown.value = "new_graduate"
    note = html.unescape(p.scenario.note.value)
    story = guide.load_presets()["new_graduate"].story
    assert "New graduate, three months in" in note and "chosen in a Scenario menu" in note
    assert story in note
    assert "applications per week: 4 \u2192 8 applications/week" in note
    assert "invitation chance: 12% \u2192 6%" in note
    assert "Reset to defaults" in note
    offer = guide.load_presets()["offer_in_hand"]
    p.scenario.dropdown.value = "offer_in_hand"
    assert "an offer in hand (interest 5 of 5) to answer within 2 weeks" in \
        html.unescape(p.scenario.note.value)
    assert p.base == offer.params


def test_reset_returns_every_panel_to_the_guides_defaults_scenario_included():
    p, other = panels.ReputationPanel(), panels.PracticePanel()
    p.scenario.dropdown.value = "senior_small_industry"
    assert other.scenario.dropdown.value == "senior_small_industry"  # every panel follows
    p.controls[next(iter(p.controls))].value = next_value(p.controls[next(iter(p.controls))])
    updates, other_updates = p.updates, other.updates
    p.reset()
    assert p.updates == updates + 1  # one figure for the reset
    assert p.scenario.dropdown.value == "defaults" and p.base == guide.Params()
    assert {k: c.value for k, c in p.controls.items()} == p._defaults
    assert other.scenario.dropdown.value == "defaults" and other.base == guide.Params()
    assert other.updates == other_updates + 1
    assert "The guide's defaults" in html.unescape(p.scenario.note.value)


def test_a_panel_given_settings_says_so_and_resets_to_the_guides_defaults():
    given = guide.Params(applications_per_week=9)
    p = panels.ReputationPanel(given)
    assert p.scenario.dropdown.value == "given"
    assert "given to this panel" in p.scenario.note.value
    p.reset()
    assert p.base == guide.Params() and p.scenario.dropdown.value == "defaults"


def test_every_honest_stated_reason_costs_less_than_keeping_it_back():
    """The tip says an honest, specific reason costs less: every stated reason does."""
    from guide._message import MESSAGE_REASONS

    p = panels.MessagePanel()
    costs = {}
    for key in MESSAGE_REASONS:
        p.controls["reason"].value = key
        costs[key] = 1 - p.draft.cost["kept_same_company"]
        assert ("costs less than a vague one" in p.summary.value) == (key == "unspecified")
    assert all(costs[k] < costs["unspecified"] for k in MESSAGE_REASONS if k != "unspecified")


def test_industry_size_moves_in_round_log_steps_and_keeps_any_given_size():
    p = panels.ReputationPanel()
    size = p.controls["industry_size"]
    steps = list(size.options)
    assert steps[0] == 5 and steps[-1] == 5000 and 200 in steps
    at = steps.index(200)
    assert steps[at - 1:at + 2] == [150, 200, 250]  # one arrow key: a neighbour, not 2,600
    assert all(b / a <= 2 for a, b in zip(steps[:-1], steps[1:], strict=True))
    given = panels.ReputationPanel(guide.Params(industry_size=137))
    assert given.controls["industry_size"].value == 137
    assert given.current_params().industry_size == 137


def test_the_decision_panel_holds_your_situation_and_names_what_attending_does_to_it():
    p = panels.DecisionPanel(seed=0)
    p.runs = 600
    assert "What attending does to the rest" not in p.summary.value
    p._muted = True
    p.controls["process1_name"].value = "Initech"
    p.controls["process1_stage"].value = "final"
    p.controls["process1_interest"].value = 5
    p.controls["offer1_name"].value = "<b>Globex</b>"
    p._muted = False
    p.controls["offer1_due"].value = 2
    start = p.result.decision.start
    assert start.processes == (("in_process", 5, 1),) and start.offers == ((3, 2),)
    text = html.unescape(re.sub("<[^>]+>", "", p.summary.value))
    assert "Initech (final round to come, interest 5 of 5): chance of an offer" in text
    assert "<b>Globex</b> (offer in hand" in text  # a name is shown as typed, never as markup
    assert "&lt;b&gt;Globex" in p.summary.value
    row = p.result.decision.others.iloc[0]
    assert f"{100 * row['offer_attend']:.0f}% if you attend" in text
    p.reset()
    assert p.value("process1_stage") == "none" and p.result.decision.others.empty


def test_the_phone_app_leaves_the_situation_to_the_notebooks():
    app = panels.AppDecisionPanel(seed=0)
    assert not any(k.startswith(("process", "offer")) for k in app.controls)


def test_the_what_if_panel_and_notebook_9_give_the_same_numbers(monkeypatch):
    """The saved chart and the live panel at the same setting say the same thing."""
    monkeypatch.setattr(panels.SensitivityPanel, "runs", 200)
    p = panels.SensitivityPanel(seed=0)
    direct = guide.sensitivity(guide.Params(), guide.Interview(interest=2, format="panel"),
                               runs=200, weeks=13, seed=0)
    pd.testing.assert_frame_equal(p.result.reset_index(drop=True),
                                  direct.reset_index(drop=True))


def test_the_verdict_comes_in_five_parts_and_weighs_the_assumptions_apart(decision_panel):
    """Choice; chance and how soon; cost; how sure (noise, then assumptions); what decides."""
    r = decision_panel.result.decision
    lines = r.verdict().splitlines()
    assert lines[0].split(".")[0] in ("Attend", "Cancel", "Too close to call")
    assert [line.split(":")[0] for line in lines[1:]] == [
        "A job you would take", "What it costs", "How sure", "What decides it"]
    sure = lines[3]
    assert sure.index("noise") < sure.index("assumptions")
    # the assumptions part says what notebook 9's panel says at the same setting
    direct = guide.sensitivity(guide.Params(), guide.Interview(interest=2, format="panel"),
                               runs=300, weeks=13, seed=0)
    flips = direct.loc[direct["flips"], "label"].str.lower().tolist()
    if flips:
        assert f"Of the model's {len(direct)} assumptions, {len(flips)} could" in sure
    else:
        assert f"None of the model's {len(direct)} assumptions could" in sure
    assert all(name in sure.lower() for name in flips)
    assert "How sure" in decision_panel.summary.value


def test_the_app_verdict_leaves_the_assumptions_to_the_notebooks():
    panel = panels.AppDecisionPanel()
    panel.explain_now()
    assert panel.result.decision.assumptions.empty
    assert "notebook 9" in panel.summary.value


def test_the_weight_of_reputation_uses_the_verdicts_own_futures(decision_panel):
    """One screen, one figure: "net ... with it" is the net value the verdict states."""
    r, weight = decision_panel.result.decision, decision_panel.result.weight
    assert weight.net == pytest.approx(r.difference("net_value"), abs=1e-9)


@pytest.mark.parametrize("preset", list(guide.load_presets()))
def test_notebook_9s_chart_and_its_panel_agree_under_every_scenario(monkeypatch, preset):
    """The saved cell (the scenario's parameters and start) and the live panel say the same."""
    monkeypatch.setattr(panels.SensitivityPanel, "runs", 60)
    names = ("applications_per_week", "quality_weeks", "industry_size")
    monkeypatch.setattr(guide._mechanisms, "SENSITIVE", names)
    monkeypatch.setattr(panels.decision, "sensitivity",
                        lambda *a, **k: guide.sensitivity(*a, names=names, **k))
    guide.use_preset(preset)
    try:
        p = guide.current_params()
        saved = guide.sensitivity(p, guide.Interview(interest=2, format="panel"), runs=60,
                                  weeks=13, seed=0, start=guide.current_start(), names=names)
        live = panels.SensitivityPanel(p, seed=0)
        pd.testing.assert_frame_equal(live.result.reset_index(drop=True),
                                      saved.reset_index(drop=True))
    finally:
        guide.use_preset(None)


def test_the_job_seekers_situation_entered_by_hand_gives_the_models_own_verdict(monkeypatch):
    """The issue's job seeker: 6 applications a week, an interest-2 video call costing 4
    hours of paid work, a final round at an interest-5 top choice, a second round at
    interest 3 and an offer in hand due in two weeks, entered through the controls."""
    monkeypatch.setattr(panels.DecisionPanel, "weighs_assumptions", False)
    p = panels.DecisionPanel(seed=0)
    p.runs = 600
    p._muted = True
    for key, value in {"applications_per_week": 6.0, "interest": 2, "format": "video",
                       "hours": 4.0, "paid": 1.0, "process1_stage": "final",
                       "process1_interest": 5, "process2_stage": "rounds2",
                       "process2_interest": 3, "offer1_due": 2,
                       "offer1_interest": 4}.items():
        p.controls[key].value = value
    p._muted = False
    p.refresh()
    params = guide.Params().replace(applications_per_week=6.0)
    start = guide.Start(processes=(("in_process", 5, 1), ("in_process", 3, 2)),
                        offers=((4, 2),))
    want = guide.decide(params, guide.Interview(interest=2, format="video", hours=4.0,
                                                paid_hours=4.0),
                        runs=600, weeks=13, seed=0, start=start, drivers=False)
    got = p.result.decision
    pd.testing.assert_frame_equal(got.summary, want.summary)
    assert got.verdict().splitlines()[0] == want.verdict().splitlines()[0]
    assert "4 hours of paid work missed" in html.unescape(p.summary.value)
    # the same hours unpaid cost less, so attending is worth more net
    p.controls["paid"].value = 0.0
    assert p.result.decision.cost < got.cost
    assert p.result.decision.difference("net_value") > got.difference("net_value")


def test_an_open_notebook_follows_a_scenario_chosen_in_another(tmp_path, monkeypatch):
    """The facilitator picks a scenario in one notebook; notebook 2, open, follows it."""
    from guide import _session
    from guide.panels import base, live

    monkeypatch.setenv("GUIDE_SESSION_FILE", str(tmp_path / "session.json"))
    calls = []

    class Loop:
        def call_later(self, delay, *args):
            calls.append(args)

    monkeypatch.setattr(live, "kernel_loop", lambda: Loop())
    bus = base.ScenarioBus()
    monkeypatch.setattr(base, "SCENARIOS", bus)
    panel = panels.DecisionPanel()
    looks = lambda: [c for c in calls if c[0] is live._look]  # noqa: E731
    assert bus._following and len(looks()) == 1
    _session.save(scenario="career_changer")  # another kernel's choice
    look, *arguments = looks()[-1]
    look(*arguments)
    assert panel.scenario.dropdown.value == "career_changer"
    assert len(looks()) == 2  # and it keeps looking while the panel lives
    monkeypatch.setattr(base, "SCENARIOS", alone := base.ScenarioBus())

    class Owner:  # ipywidgets keeps panels alive; a plain object shows the weak hold
        pass

    owner = Owner()
    alone.join(owner)
    del owner
    gc.collect()
    look, *arguments = looks()[-1]
    look(*arguments)
    assert not alone._following and len(looks()) == 3  # no panel left: it stops looking


def test_a_setting_shown_before_comes_back_at_once_and_is_the_models_own(decision_panel):
    p = decision_panel
    interest = p.controls["interest"]
    first = interest.value
    shown = p.summary.value
    calls = []
    real = p.compute
    p.compute = lambda params: calls.append(1) or real(params)
    interest.value = next_value(interest)
    assert len(calls) == 1 and p.summary.value != shown
    interest.value = first  # dragged back: nothing recomputed, the same words and chart
    assert len(calls) == 1 and p.summary.value == shown
    fresh = guide.decide(guide.Params(), guide.Interview(interest=first), runs=300, weeks=13,
                         seed=0)
    np.testing.assert_array_equal(p.summary_table()["difference"],
                                  fresh.summary["difference"])
    p.seed.value = 5  # anything the chart depends on is part of the setting
    assert len(calls) == 2
    p.seed.value = 0
    assert len(calls) == 2
    p.scenario.dropdown.value = next(k for k in p.scenario.presets if k != "defaults")
    assert len(calls) == 3
    p.compute = real


def test_a_view_that_fails_one_look_looks_again():
    """A poll out of reach for a moment must not stop the projector following for good."""
    from guide.panels import live

    class Loop:
        def __init__(self):
            self.later = []

        def call_later(self, delay, fn, *args):
            self.later.append((fn, args))

    class View:
        looks = 0

        def check(self):
            self.looks += 1
            if self.looks == 1:
                raise ValueError("the class poll on the hub did not answer")

    view, loop = View(), Loop()
    live._look(__import__("weakref").WeakMethod(view.check), 2.0, loop)
    assert view.looks == 1 and len(loop.later) == 1  # failed, and looks again
    fn, args = loop.later.pop()
    fn(*args)
    assert view.looks == 2 and len(loop.later) == 1
