"""Every explorer says in words what its figure shows (``figure_text``), for readers who cannot see
it: one plain line, short enough to be read out, that follows the figure where a setting or an
option changes what is drawn."""

from __future__ import annotations

import re

import pytest

from course.explorers.perfusion import PerfusionExplorer
from course.explorers.registry import explorer_classes

EXPLORER_CLASSES = explorer_classes()
MAX_WORDS = 100


def _text(ex) -> str:
    return ex.figure_text(ex.state)


@pytest.mark.parametrize("name", list(EXPLORER_CLASSES))
def test_every_explorer_says_in_one_plain_line_what_its_figure_shows(name):
    ex = EXPLORER_CLASSES[name]()
    text = _text(ex)
    assert isinstance(text, str) and text.strip(), "empty figure text"
    assert "\n" not in text and "\r" not in text
    assert text.endswith("."), text
    assert len(text.split()) <= MAX_WORDS, f"{len(text.split())} words: {text}"
    assert not re.search(r"<[^>]+>|&[a-z]+;|&#\d+;", text), f"markup in: {text}"


@pytest.mark.parametrize("panels", [("squeeze",), ("supply",), ("time",), ("squeeze", "time"),
                                    ("supply", "time"), ("squeeze", "supply"), ("squeeze", "supply", "time")])
def test_perfusion_names_exactly_the_panels_it_draws(panels):
    text = _text(PerfusionExplorer(panels=panels))
    words = {"squeeze": "arterial pressure", "supply": "squeezed vessels", "time": "holds and rests"}
    for panel, said in words.items():
        assert (said in text) == (panel in panels), f"{panel} in {panels}: {text}"
    # Sadamoto's band stands on the panels against the contraction level only
    assert ("Sadamoto 1983" in text) == any(p in panels for p in ("squeeze", "supply"))
    assert ("handgrip" in text) == ("supply" in panels)
    assert ("Sjøgaard 1986" in text) == ("squeeze" in panels)


def test_perfusion_time_panel_alone_does_not_mention_the_squeeze():
    text = _text(PerfusionExplorer(panels=("time",)))
    assert "squeeze" not in text.lower() and "mmHg" not in text and "arterial" not in text
    assert "oxygen deficit" in text


def _with(name, **values):
    ex = EXPLORER_CLASSES[name]()
    for key, value in values.items():
        ex.controls[key].value = value
    return ex


def test_trial_results_text_names_the_ticked_trials_only():
    ex = EXPLORER_CLASSES["trial_results"]()
    all_shown = _text(ex)
    for trial in ("Ashar 2022", "Yarns 2024", "Cherkin 2016", "Donnino 2021"):
        assert trial in all_shown
    ex.controls["show_donnino2021"].value = False
    one_hidden = _text(ex)
    assert one_hidden != all_shown
    assert "Donnino 2021" in one_hidden and "hidden" in one_hidden
    assert "pain-free" not in one_hidden  # Donnino's outcome is said only while its rows are drawn
    for source in ("ashar2022", "yarns2024", "cherkin2016"):
        ex.controls[f"show_{source}"].value = False
    assert "No trial is ticked" in _text(ex)


def test_trial_results_text_says_when_the_published_intervals_stand_behind():
    ex = EXPLORER_CLASSES["trial_results"]()
    assert "as published" not in _text(ex)
    ex.controls["scale"].value = 4
    assert "4 times" in _text(ex) and "as published" in _text(ex)


def test_heat_cold_text_follows_the_pack_and_the_published_points():
    ex = EXPLORER_CLASSES["heat_cold"]()
    ice = _text(ex)
    assert "Otte 2002" in ice and "Myrer 2001" in ice
    ex.controls["duration_min"].value = 30  # Myrer's points belong to a 20-min pack only
    assert "Otte 2002" in _text(ex) and "Myrer 2001" not in _text(ex)
    ex.controls["fat_mm"].value = 40  # beyond Otte's thickest skinfold group
    assert "Otte 2002" not in _text(ex)
    ex.controls["modality"].value = "heat"
    heat = _text(ex)
    assert heat != ice and "heat wrap" in heat.lower() and "ice" not in heat.lower()
    assert "no published" in heat


def test_lactate_text_names_the_chosen_recovery():
    ex = EXPLORER_CLASSES["lactate_soreness"]()
    rest = _text(ex)
    ex.controls["recovery"].value = "light activity"
    light = _text(ex)
    assert rest != light
    assert rest.index("resting") < rest.index("light activity")  # the chosen curve is named first
    assert light.index("light activity") < light.index("resting")


@pytest.mark.parametrize("name, key, value, before, after", [
    ("recurrence_risk", "source", "steffens2016_exercise_and_education", "Choi 2010", "Steffens 2016"),  # the ratio drawn
    ("before_after", "cohort", "persistent", "acute cohorts", "persistent-pain cohorts"),  # Costa's points drawn
    ("buoyancy", "level", "knee", "lower chest", "knee crease"),  # how deep the drawn water is
    ("anatomy", "structure", "psoas", "Erector spinae", "Psoas major"),  # the structure highlighted
])
def test_a_choice_that_swaps_what_is_drawn_swaps_what_the_text_names(name, key, value, before, after):
    ex = EXPLORER_CLASSES[name]()
    first = _text(ex)
    ex.controls[key].value = value
    second = _text(ex)
    assert before in first and after not in first, first
    assert after in second and before not in second, second


def test_buoyancy_text_names_the_grey_part_only_when_it_is_drawn():
    ex = EXPLORER_CLASSES["buoyancy"]()
    assert "beyond" not in _text(ex)
    ex.controls["body_fat"].value = 50
    assert "beyond" in _text(ex)


def test_load_capacity_text_names_the_overload_and_the_earlier_load_when_drawn():
    ex = _with("load_capacity", level=100, pattern="steady")
    assert "above capacity" not in _text(ex)
    ex.controls["level"].value = 300
    assert "above capacity" in _text(ex)
    assert "before your last change" in _text(ex)
    fresh = EXPLORER_CLASSES["load_capacity"]()
    assert "before your last change" not in _text(fresh)
