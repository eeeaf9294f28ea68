"""Lesson 03 (Ischemia): the published numbers, the perfusion model and its explorer.

The model's pressure part is physics anchored to published points; the tests check it against
Sadamoto 1983 (flow stops at 50-64% MVC), the handgrip study (stronger men occlude at a lower
% MVC, at the same absolute force) and Sjøgaard 1986 (the relaxed muscle's resting pressure starts the
line; an hour at 5% MVC kept the blood supply open while the pressure fluctuated up to 90 mmHg), and
check the conceptual oxygen part for invariants: flow never negative, deficit never below zero,
the deficit is repaid during rest.
"""

from __future__ import annotations

import itertools
import math
import re

import numpy as np
import pytest

from course import data
from course.explorers.base import MODEL_KIND_NAMES
from course.explorers.perfusion import DEFICIT_AXIS, PerfusionExplorer, explore_perfusion
from course.models import perfusion as pf
from course.study_tables import oxygenation_studies_html, perfusion_parameters_html
from course.text import strip_html


def fact(key):
    return data.record("ischemia_facts", key)


def _figure_texts(ex) -> list[str]:
    """Every label in an explorer's figure: legend entries and the words drawn in the axes (set ones only)."""
    texts = []
    for ax in ex.live.fig.axes:
        if ax.get_legend():
            texts += [t.get_text() for t in ax.get_legend().get_texts()]
        texts += [t.get_text() for t in ax.texts if t.get_text().strip()]
    return texts


# -- the published numbers the lesson states -------------------------------------------------------

@pytest.mark.parametrize("key, value, low, high", [
    ("occlusion_subjects", 5, None, None),
    ("occlusion_torque_range", None, 0, 80),
    ("occlusion_band", None, 50, 64),
    ("occlusion_pressure_max", 240, None, None),
    ("occlusion_soleus_never", 2, None, None),
    ("handgrip_subjects", 20, None, None),
    ("handgrip_occlusion_mean", 63.5, None, None),
    ("handgrip_occlusion_stronger", 51.5, None, None),
    ("handgrip_occlusion_weaker", 75.5, None, None),
    ("handgrip_force_stronger", 34.8, None, None),
    ("handgrip_force_weaker", 34.3, None, None),
    ("handgrip_correlation", -0.58, None, None),
    ("lowlevel_contraction", 5, None, None),
    ("lowlevel_duration", 60, None, None),
    ("lowlevel_subjects", 7, None, None),
    ("lowlevel_pressure_rest", 14, 2, 31),
    ("lowlevel_pressure_peak", 90, None, None),
    ("lowlevel_flow", 1.58, None, None),
    ("lowlevel_flow_minutes", 3, None, None),
    ("lowlevel_mvc_fall", 12, None, None),
    ("lowlevel_exertion_start", 1.9, None, None),
    ("lowlevel_exertion_end", 4.5, None, None),
    ("spasm_review_clinical", 30, None, None),
    ("spasm_review_induced", 3, None, None),
    ("triggerpoint_microdialysis_subjects", 9, None, None),
    ("triggerpoint_reliability_studies", 9, None, None),
    ("kappa_tenderness", None, 0.22, 1.0),
    ("kappa_taut_band", None, -0.08, 0.75),
    ("kappa_twitch", None, -0.05, 0.57),
])
def test_published_numbers(key, value, low, high):
    row = fact(key)
    for name, expected in (("value", value), ("low", low), ("high", high)):
        if expected is None:
            assert np.isnan(row[name]), f"{key}: {name} should be empty"
        else:
            assert row[name] == expected, f"{key}: {name} is {row[name]}, evidence brief says {expected}"


def test_oxygenation_studies_table():
    table = data.load("paraspinal_oxygenation")
    assert table["study"] == ["Langenfeld 2022", "Kell 2006", "Anthierens 2024"]
    assert table["patients"].tolist() == [45, 46, 13] and table["controls"].tolist() == [45, 17, 13]
    assert table["difference_found"] == ["no", "no", "yes"]
    assert (table["patient_value"][1], table["control_value"][1]) == (111.1, 168.5)  # s to fatigue
    assert (table["patient_value"][2], table["control_value"][2]) == (65.0, 71.0)  # % oxygenation
    html = oxygenation_studies_html()
    assert html.count("<tr>") == 4 and "45 with back pain, 45 without" in html


def test_parameter_table_labels_every_kind():
    kinds = {p["name"]: p["kind"] for p in pf.parameter_table()}
    assert kinds["rest_pressure_mmHg"] == "literature"
    assert kinds["occlusion_mvc_pct"] == "calibrated"
    assert {kinds[k] for k in ("demand_per_pct_mvc", "max_flow_x_rest", "repay_time_s")} == {"conceptual"}
    assert "conceptual (not fitted to data)" in perfusion_parameters_html()


# -- the physics part against published points ------------------------------------------------------

def test_default_flow_stops_inside_sadamoto_band():
    band = fact("occlusion_band")
    occ = pf.occlusion_threshold()
    assert band["low"] <= occ <= band["high"]
    assert round(occ, 1) == 57.0  # headline number of the lesson
    assert float(pf.flow_ceiling(occ - 0.5)) > 0 and float(pf.flow_ceiling(occ + 0.5)) == 0


def test_pressure_line_starts_at_the_resting_pressure():
    """Sjøgaard's 14 (2-31) mmHg was measured in the relaxed muscle: it is the line's value at 0% MVC."""
    rest = fact("lowlevel_pressure_rest")
    assert float(pf.intramuscular_pressure(0)) == pytest.approx(rest["value"], abs=1e-9)
    assert pf.default_params().imp_rest_mmhg == rest["value"]


def test_five_percent_mvc_sits_inside_the_measured_swing_and_keeps_full_flow():
    """During the hour at 5% MVC the pressure fluctuated up to 90 mmHg and the blood supply was maintained:
    the model's pressure there lies between the resting value and that peak, and flow meets the demand."""
    level = fact("lowlevel_contraction")["value"]
    imp = float(pf.intramuscular_pressure(level))
    assert fact("lowlevel_pressure_rest")["value"] < imp < fact("lowlevel_pressure_peak")["value"]
    assert float(pf.steady_flow(level)) == pytest.approx(float(pf.oxygen_demand(level)))
    assert pf.simulate(mvc_pct=level, hold_s=600, rest_s=0, duration_s=3600).coverage == 1.0


def test_the_resting_pressure_is_never_quoted_as_the_pressure_during_the_hold():
    """14 mmHg is a resting value: wherever lesson 03, its quiz bank, the data or the explorer's labels
    state it, the same sentence says it was at rest."""
    import nbformat
    import yaml

    from course.paths import notebooks_dir
    from course.banks import bank_path

    book = nbformat.read(notebooks_dir() / "03_ischemia.ipynb", as_version=4)
    texts = {"lesson 03": "\n".join(c.source for c in book.cells if c.cell_type == "markdown"),
             "bank 03": yaml.safe_dump(yaml.safe_load(bank_path("03").read_text(encoding="utf-8")),
                                       allow_unicode=True, width=10_000),
             "ischemia_facts": str(fact("lowlevel_pressure_rest")["note"]),
             "explorer labels": "\n".join(_figure_texts(PerfusionExplorer()))}
    value = f"{fact('lowlevel_pressure_rest')['value']:g}"
    for where, text in texts.items():
        for sentence in re.split(r"(?<=[.;!?])\s+|\n", text):
            if re.search(rf"\b{value}\s*(?:\(\d+\s*(?:-|to)\s*\d+\)\s*)?mmHg", sentence):
                assert re.search(r"\brest|relaxed", sentence, re.I), f"{where}: {sentence!r} does not say 'at rest'"
    assert re.search(r"14 mmHg", texts["lesson 03"]), "the lesson states the resting pressure"
    assert re.search(r"14 mmHg", texts["explorer labels"]), "the figure labels the resting pressure"
    anchor = next(p for p in pf.parameter_table() if p["value"] == fact("lowlevel_pressure_rest")["value"])
    assert anchor["unit"] == "mmHg" and re.search(r"\brest|relaxed", anchor["meaning"]), anchor


def test_five_percent_mvc_keeps_flow_open_for_an_hour():
    run = pf.simulate(mvc_pct=5, hold_s=600, rest_s=0, duration_s=3600)
    assert run.coverage == 1.0 and run.deficit_peak == 0.0
    assert np.all(run.flow > 1.0)  # more than resting flow the whole hour
    assert float(pf.flow_ceiling(5)) > float(pf.oxygen_demand(5))


@pytest.mark.parametrize("weaker, stronger", [(0.6, 0.8), (0.8, 1.0), (1.0, 1.2), (1.2, 1.6)])
def test_stronger_muscle_occludes_at_lower_percentage(weaker, stronger):
    assert pf.occlusion_threshold(strength=stronger) < pf.occlusion_threshold(strength=weaker)


def test_handgrip_groups_agree_within_five_percent():
    """The model assumes the squeeze follows absolute force. In the handgrip study, strength = force at
    occlusion / (%MVC at occlusion); with the two groups' strengths from the published numbers, the
    model's ratio of occlusion levels must match the published 75.5/51.5 within 5%."""
    s_strong = fact("handgrip_force_stronger")["value"] / fact("handgrip_occlusion_stronger")["value"]
    s_weak = fact("handgrip_force_weaker")["value"] / fact("handgrip_occlusion_weaker")["value"]
    ratio_model = pf.occlusion_threshold(strength=1.0) / pf.occlusion_threshold(strength=s_strong / s_weak)
    ratio_published = fact("handgrip_occlusion_weaker")["value"] / fact("handgrip_occlusion_stronger")["value"]
    assert ratio_model == pytest.approx(ratio_published, rel=0.05)
    # and the same absolute force (strength x % MVC) stops the flow at every strength
    forces = [s * pf.occlusion_threshold(strength=s) for s in (0.6, 1.0, 1.6)]
    assert max(forces) - min(forces) < 1e-9


def test_higher_arterial_pressure_needs_a_harder_squeeze():
    levels = [pf.occlusion_threshold(arterial_mmhg=p) for p in (70, 100, 130, 160)]
    assert levels == sorted(levels) and levels[-1] > 90
    assert pf.occlusion_threshold(arterial_mmhg=160, strength=0.6) > 100  # never stops: readout says so


def test_headline_thresholds():
    assert [round(pf.occlusion_threshold(strength=s)) for s in (0.8, 1.0, 1.5)] == [71, 57, 38]


# -- the conceptual oxygen part: invariants ---------------------------------------------------------

GRID = list(itertools.product([0, 5, 25, 40, 57, 80], [5, 20, 60], [0, 5, 30], [70, 100, 160], [0.6, 1.0, 1.6]))


@pytest.mark.parametrize("mvc, hold, rest, pa, s", GRID[::7])
def test_invariants(mvc, hold, rest, pa, s):
    run = pf.simulate(mvc_pct=mvc, hold_s=hold, rest_s=rest, arterial_mmhg=pa, strength=s)
    assert np.all(run.flow >= 0), "flow is never negative"
    assert np.all(run.deficit >= 0), "the deficit never drops below zero"
    assert np.all(run.flow <= run.ceiling + 1e-9), "flow never exceeds what the squeezed vessels carry"
    assert np.all(np.diff(run.t) >= 0) and run.t[0] == 0 and run.t[-1] == 300
    if mvc >= run.occlusion_pct:
        assert np.all(run.flow[run.holding] == 0), "no flow while holding above the occlusion threshold"


@pytest.mark.parametrize("mvc", [35, 45, 60, 80])
def test_deficit_is_repaid_during_every_rest(mvc):
    run = pf.simulate(mvc_pct=mvc, hold_s=20, rest_s=15)
    resting = ~run.holding
    edges = np.flatnonzero(np.diff(resting.astype(int)) != 0) + 1
    segments = np.split(np.arange(len(run.t)), edges)
    rests = [seg for seg in segments if resting[seg[0]]]
    assert rests
    for seg in rests:
        d = run.deficit[seg]
        assert np.all(np.diff(d) <= 1e-12), "the deficit falls (or stays) during a rest"
        assert d[-1] < d[0]
        assert np.all(run.flow[seg] > 1.0), "flow during rest exceeds resting flow: the debt is being repaid"


def test_long_rest_repays_everything_and_holds_add_linearly():
    run = pf.simulate(mvc_pct=60, hold_s=20, rest_s=600, duration_s=620)
    assert run.deficit_peak == pytest.approx(20 * float(pf.oxygen_demand(60)))  # no flow: all of demand
    assert run.deficit_end < 1e-6
    held = pf.simulate(mvc_pct=45, hold_s=20, rest_s=0, duration_s=100)
    gap = float(pf.oxygen_demand(45) - pf.flow_ceiling(45))
    assert held.deficit_end == pytest.approx(100 * gap)


def test_more_rest_means_less_deficit():
    ends = [pf.simulate(mvc_pct=45, hold_s=20, rest_s=r).deficit_end for r in (5, 10, 20, 40)]
    assert ends == sorted(ends, reverse=True)


# -- learner-facing errors ---------------------------------------------------------------------------

@pytest.mark.parametrize("kwargs, message", [
    ({"mvc_pct": 120}, "contraction level must be between 0 and 100 % MVC, got 120"),
    ({"mvc_pct": -1}, "contraction level must be between 0 and 100 % MVC"),
    ({"hold_s": 0}, "hold time must be between 1 and 600 s, got 0"),
    ({"rest_s": -5}, "rest time must be between 0 and 600 s"),
    ({"arterial_mmhg": 40}, "arterial pressure must be between 60 and 200 mmHg, got 40"),
    ({"strength": 3}, "strength must be between 0.5 and 2 times the reference muscle, got 3"),
    ({"duration_s": 5}, "duration must be between 10 and 3600 s"),
    ({"mvc_pct": float("nan")}, "contraction level must be between 0 and 100"),
])
def test_bad_input_is_refused_with_the_valid_range(kwargs, message):
    with pytest.raises(ValueError, match=re.escape(message)):
        pf.simulate(**kwargs)


# -- the explorer ------------------------------------------------------------------------------------

def test_explorer_default_readout():
    ex = explore_perfusion()
    assert ex.readout_text == (
        "Flow stops at 57% MVC (strength 1.0x, arterial pressure 100 mmHg). Holding 40% MVC: flow meets "
        "51% of the oxygen demand; after 5 min of 20 s holds and 10 s rests the deficit is 167 s of resting "
        "use (peak 233).")
    assert ex.model_kind == "physics" and "Conceptual" in ex.model_note


def test_explorer_responds_to_each_control():
    ex = PerfusionExplorer()
    first = ex.live.last_png
    ex.controls["mvc_pct"].value = 5
    assert "Holding 5% MVC: flow meets all of the oxygen demand" in ex.readout_text
    ex.controls["strength"].value = 1.5
    assert ex.readout_text.startswith("Flow stops at 38% MVC (strength 1.5x")
    ex.controls["arterial_mmhg"].value = 130
    assert ex.readout_text.startswith("Flow stops at 51% MVC")
    ex.controls["mvc_pct"].value = 60
    assert "flow meets 0% of the oxygen demand" in ex.readout_text
    ex.controls["rest_s"].value = 0
    assert "one unbroken hold" in ex.readout_text
    assert ex.live.last_png != first and ex.error is None


def test_explorer_pngs_differ_after_each_move():
    ex = PerfusionExplorer()
    for name, value in [("mvc_pct", 30), ("hold_s", 40), ("rest_s", 30), ("arterial_mmhg", 120),
                        ("strength", 1.3)]:
        before = ex.live.last_png
        ex.controls[name].value = value
        assert ex.live.last_png != before, f"moving {name} must change the figure"


def test_explorer_never_stops_and_off_scale_labels():
    ex = PerfusionExplorer(arterial_mmhg=160, strength=0.6)
    assert ex.readout_text.startswith("Flow never stops, even at 100% MVC")
    assert not ex._occ_p.get_visible()
    ex = PerfusionExplorer(mvc_pct=60, rest_s=0)
    assert ex.state["run"].deficit_peak > DEFICIT_AXIS[1]
    assert ex._offscale.get_text().startswith("deficit off the scale: peak 3000")


def test_explorer_blitting_matches_a_full_redraw():
    ex = PerfusionExplorer(mvc_pct=50, rest_s=20)
    fast = ex.live.last_png
    ex.live.freeze()
    assert ex.live.render() == fast


# -- measured against extrapolated --------------------------------------------------------------------

def test_the_measured_range_is_read_from_the_data():
    from course.explorers.perfusion import measured_occlusion_range

    assert measured_occlusion_range() == (fact("occlusion_band")["low"], fact("handgrip_occlusion_weaker")["value"])
    assert "50-64% MVC" in PerfusionExplorer.checked_against
    assert "51.5% and 75.5% MVC" in PerfusionExplorer.checked_against


@pytest.mark.parametrize("settings, inside", [
    ({}, True),                                  # 57% MVC, the middle of Sadamoto's band
    ({"strength": 1.1}, True),                   # 52% MVC, near the handgrip study's stronger men
    ({"strength": 0.8}, True),                   # 71% MVC, below the weaker men's 75.5%
    ({"strength": 1.5}, False),                  # 38% MVC: below every measured mean
    ({"strength": 0.7}, False),                  # 81% MVC: above every measured mean
    ({"arterial_mmhg": 130}, False),             # the studies did not vary arterial pressure
    ({"mvc_pct": 5, "hold_s": 120, "rest_s": 0}, True),  # Sjøgaard's protocol
])
def test_settings_outside_the_measured_range_are_marked(settings, inside):
    ex = PerfusionExplorer(**settings)
    assert (not ex.limit_notes) == inside, ex.limit_notes
    assert ex._limit_badge.get_visible() == (not inside)
    assert ("Outside the measured range" in ex.readout_text) == (not inside)


def test_the_limit_notes_say_why():
    ex = PerfusionExplorer(strength=1.5)
    assert ex.limit_notes == ["Flow stopping at 38.0% MVC is below every measured mean (50 to 75.5% MVC): "
                              "an extrapolation of the model."]
    ex.controls["strength"].value = 1.0
    assert ex.limit_notes == [] and not ex._limit_badge.get_visible()
    ex.controls["arterial_mmhg"].value = 130
    assert len(ex.limit_notes) == 2
    assert ex.limit_notes[0].startswith("Flow stopping at 76.9% MVC is above every measured mean")
    assert "did not vary arterial pressure" in ex.limit_notes[1]


# -- the lesson text ----------------------------------------------------------------------------------

def _lesson_and_bank_text() -> dict[str, str]:
    import nbformat

    from course.paths import notebooks_dir
    from course.banks import bank_path

    book = nbformat.read(notebooks_dir() / "03_ischemia.ipynb", as_version=4)
    return {"lesson 03": "\n".join(c.source for c in book.cells if c.cell_type == "markdown"),
            "bank 03": bank_path("03").read_text(encoding="utf-8"),
            "paraspinal_oxygenation": " ".join(data.load("paraspinal_oxygenation")["finding"])}


def test_the_small_oxygenation_difference_is_not_overstated():
    """Anthierens 2024: 65.0% against 71.0% in 13 people per group is a modest difference."""
    for where, text in _lesson_and_bank_text().items():
        assert not re.search(r"\b(much|far|markedly|greatly|significantly) lower\b", text, re.I), where
    lesson = _lesson_and_bank_text()["lesson 03"]
    assert re.search(r"65\.0% against 71\.0%, a modest difference", lesson)


def test_acute_spasm_is_said_to_be_unverified():
    """The article's 'spasm' as a cause of the worst pain: the lesson says what was and was not found."""
    lesson = _lesson_and_bank_text()["lesson 03"]
    part = lesson[lesson.index('**Acute back "spasm".**'):]
    part = part[:part.index("\n\n")]
    assert "co-contract" in part and "van Dieën" in part
    assert "no verified measurements" in part and "red-flag" in part


# -- one screen per Explore: the controls and panels each use needs ------------------------------------

#: The two uses of the explorer in lesson 03, as its code cells call it.
EXPLORE_2_1 = dict(controls=("mvc_pct", "arterial_mmhg", "strength"), panels=("squeeze", "supply"))
EXPLORE_3_1 = dict(controls=("mvc_pct", "hold_s", "rest_s"), panels=("time",), mvc_pct=50, rest_s=0)


def _shown_widgets(ex) -> list:
    header, controls, image, readout, describer = ex.widget.children
    return list(controls.children)


@pytest.mark.parametrize("use", [EXPLORE_2_1, EXPLORE_3_1])
def test_each_explore_shows_only_the_controls_it_needs(use):
    ex = explore_perfusion(**use)
    assert _shown_widgets(ex) == [ex.controls[key] for key in use["controls"]]
    assert set(ex.controls) == {c.key for c in PerfusionExplorer.control_specs}, "hidden controls still exist"


def test_hidden_controls_keep_their_values_and_feed_the_model():
    ex = explore_perfusion(controls=("mvc_pct", "hold_s", "rest_s"), strength=1.1)
    assert "strength" not in ex.shown and ex.controls["strength"].value == 1.1
    assert ex.readout_text.startswith(f"Flow stops at {pf.occlusion_threshold(strength=1.1):.0f}% MVC (strength 1.1x")
    ex.controls["rest_s"].value = 30
    assert ex.controls["strength"].value == 1.1 and ex.state["run"].strength == 1.1


def test_lesson_03_calls_the_explorer_as_the_tests_do():
    """The code cells of Explore 2.1 and 3.1 choose the controls and panels these tests check."""
    import ast

    import nbformat

    from course.paths import notebooks_dir

    book = nbformat.read(notebooks_dir() / "03_ischemia.ipynb", as_version=4)
    calls = [node for c in book.cells if c.cell_type == "code" for node in ast.walk(ast.parse(c.source))
             if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "explore_perfusion"]
    assert [{k.arg: ast.literal_eval(k.value) for k in call.keywords} for call in calls] == [EXPLORE_2_1, EXPLORE_3_1]


@pytest.mark.parametrize("kwargs, message", [
    (dict(controls=("mvc_pct", "speed")), "shown must name one or more controls of PerfusionExplorer (mvc_pct, hold_s, "
                                          "rest_s, arterial_mmhg, strength); got 'speed'"),
    (dict(controls=()), "shown must name one or more controls"),
    (dict(panels=("pressure",)), "panels must name one or more of squeeze, supply, time; got 'pressure'"),
])
def test_an_unknown_control_or_panel_is_refused_with_the_valid_names(kwargs, message):
    with pytest.raises(ValueError, match=re.escape(message)):
        explore_perfusion(**kwargs)


@pytest.mark.parametrize("use", [EXPLORE_2_1, EXPLORE_3_1, {}])
def test_each_figure_leaves_room_for_controls_and_readout_on_one_screen(use):
    """A 1300x950 window leaves about 900 px for an explorer: header, controls and readout take some
    250 px, so the figure of an Explore is at most 400 px tall, and the full figure (five controls) 620 px."""
    ex = explore_perfusion(**use)
    width, height = ex.live.canvas.get_width_height()
    assert width <= 900 and height <= (400 if use else 620)


# -- the contraction-level stops -----------------------------------------------------------------------

def _presses(key: str, start, target) -> int:
    """Arrow-key presses from one value of a control to another (each press moves one stop)."""
    values = list(next(c for c in PerfusionExplorer.control_specs if c.key == key).values)
    return abs(values.index(target) - values.index(start))


def test_the_contraction_stops_reach_the_asked_values_in_a_few_presses():
    sjogaard = int(fact("lowlevel_contraction")["value"])  # 5% MVC, the hour that kept its blood supply
    assert _presses("mvc_pct", 40, sjogaard) <= 4  # Explore 2.1 starts at 40% MVC
    assert _presses("mvc_pct", 50, sjogaard) <= 10  # Explore 3.1 starts at 50% MVC
    assert _presses("strength", 1.0, 1.1) == 1 and _presses("strength", 1.0, 1.5) <= 5
    assert _presses("rest_s", 0, 10) <= 2 and _presses("rest_s", 10, 30) <= 4


def test_the_stops_keep_every_level_where_flow_stops_to_one_percent():
    """Quiz 2.1 asks where flow stops (57% MVC) and the lowest level where it stops at strength 1.1
    (52% MVC): both are stops, and so is every whole % MVC from 45 to 80, so no answer is lost."""
    stops = next(c for c in PerfusionExplorer.control_specs if c.key == "mvc_pct").values
    assert set(range(45, 81)) <= set(stops)
    assert round(pf.occlusion_threshold()) in stops
    stronger = math.ceil(pf.occlusion_threshold(strength=1.1))
    assert stronger in stops and stronger - 1 in stops
    from course.banks import load_bank

    q = load_bank("03").question("stronger-occlusion")
    assert q.boundary(q.starting_values) == stronger


def test_a_level_between_stops_moves_to_the_nearest_one():
    ex = explore_perfusion()
    ex.controls["mvc_pct"].value = 7
    assert ex.controls["mvc_pct"].value == 5 and "Holding 5% MVC" in ex.readout_text
    ex.controls["mvc_pct"].value = 37
    assert ex.controls["mvc_pct"].value == 40


# -- labels in the figure -------------------------------------------------------------------------------

@pytest.mark.parametrize("use", [EXPLORE_2_1, EXPLORE_3_1, {}])
def test_no_label_is_said_twice_and_legends_stay_short(use):
    ex = explore_perfusion(**use)
    texts = _figure_texts(ex)
    assert len(texts) == len(set(texts)), texts
    assert sum("Sadamoto" in t for t in texts) <= 1, "Sadamoto's band is named once"
    legends = [ax.get_legend() for ax in ex.live.fig.axes if ax.get_legend()]
    assert sum(len(lg.get_texts()) for lg in legends) <= 4


def test_the_lines_against_the_contraction_level_are_labelled_in_the_figure():
    ex = explore_perfusion(**EXPLORE_2_1)
    assert not any(ax.get_legend() for ax in ex.live.fig.axes), "direct labels, no legend"
    texts = " ".join(_figure_texts(ex))
    for words in ("squeeze", "arterial pressure", "oxygen demand", "most flow", "Sjøgaard", "Sadamoto",
                  f"{fact('handgrip_occlusion_stronger')['value']:g}%", f"{fact('handgrip_occlusion_weaker')['value']:g}%"):
        assert words in texts, words


# -- published points at another arterial pressure ---------------------------------------------------------

def test_published_points_fade_when_the_arterial_pressure_leaves_the_studies():
    """The studies ran at the volunteers' own arterial pressure (the model's reference): at another one
    their points are faded, with the badge and the note that says why."""
    ex = explore_perfusion(**EXPLORE_2_1)
    alphas = [a.get_alpha() or 1.0 for a in ex._published]
    assert alphas and not ex.limit_notes
    ex.controls["arterial_mmhg"].value = 130
    assert ex._limit_badge.get_visible() and any("did not vary arterial pressure" in n for n in ex.limit_notes)
    assert all((a.get_alpha() or 1.0) < before for a, before in zip(ex._published, alphas))
    ex.controls["arterial_mmhg"].value = 100
    assert [a.get_alpha() or 1.0 for a in ex._published] == alphas and not ex._limit_badge.get_visible()


def test_the_readout_speaks_of_the_deficit_only_where_the_figure_shows_it():
    squeeze = explore_perfusion(**EXPLORE_2_1)
    assert squeeze.readout_text.endswith("Holding 40% MVC: flow meets 51% of the oxygen demand.")
    assert "deficit" not in squeeze.readout_text
    work = explore_perfusion(**EXPLORE_3_1)
    assert "after 5 min of one unbroken hold the deficit is" in work.readout_text


def test_the_time_panel_alone_is_headed_as_the_conceptual_model_it_is():
    """Explore 3.1 shows only the five minutes of holds and rests: its one-line header says
    conceptual, not physics, and the disclosure says where the physics part is shown."""
    work = explore_perfusion(controls=("mvc_pct", "hold_s", "rest_s"), panels=("time",), mvc_pct=50)
    line, _, about = work.header_html().partition("<details")
    assert MODEL_KIND_NAMES["conceptual"] in strip_html(line)
    assert "five minutes of holds and rests" in strip_html(about)
    squeeze = explore_perfusion(controls=("mvc_pct", "arterial_mmhg", "strength"), panels=("squeeze", "supply"))
    assert MODEL_KIND_NAMES["physics"] in strip_html(squeeze.header_html().partition("<details")[0])
    assert type(work).model_kind == "physics"  # the class, and every other view, stay physics
