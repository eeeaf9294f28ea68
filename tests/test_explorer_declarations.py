"""Explorers declare their controls and quantities once: every explorer is in the registry, and every
explorer question of the banks names only what its explorer declares.

The banks are read here as written (YAML), not through the quiz loader, so that a declaration that
no longer fits a question fails here with the question's name."""

from __future__ import annotations

import importlib
import inspect
import pkgutil

import pytest
import yaml

import course.explorers
from course.explorers.base import EXPLORER_CSS, MODEL_KIND_NAMES, MODEL_KINDS, Explorer, make_widget
from course.explorers.declarations import Choice, Slider, Toggle
from course.explorers.registry import explorer_classes
from course.banks import bank_paths
from course.text import strip_html

EXPLORER_CLASSES = explorer_classes()


def _bank_explorer_entries():
    for path in bank_paths():
        for quiz_id, questions in (yaml.safe_load(path.read_text(encoding="utf-8")).get("quizzes") or {}).items():
            for raw in questions:
                if raw.get("kind") == "explorer":
                    yield pytest.param(raw, id=f"{path.stem}/{raw['id']}")


@pytest.mark.parametrize("raw", list(_bank_explorer_entries()))
def test_questions_name_only_what_their_explorer_declares(raw):
    """The slider a question judges, the controls it sets or starts from, and the quantity it asks
    about are declared by its explorer, and every value it sets is one that control can take."""
    assert raw["explorer"] in EXPLORER_CLASSES, f"no explorer {raw['explorer']!r}"
    cls = EXPLORER_CLASSES[raw["explorer"]]
    controls = {c.key: c for c in cls.declared_controls()}
    judged = controls.get(raw["control"])
    assert isinstance(judged, Slider) or (isinstance(judged, Choice) and judged.nearest), \
        f"{raw['control']!r} is not a slider (nor a slider through numeric stops) {cls.__name__} declares"
    for key, value in {**raw.get("start", {}), **raw.get("settings", {})}.items():
        assert key in controls, f"{cls.__name__} declares no control {key!r}"
        assert value in controls[key].values, f"{key} cannot be {value!r}"
    if "where" in raw:
        quantity = raw["where"]["quantity"]
        assert quantity in {q.key for q in cls.quantities}, f"{cls.__name__} declares no quantity {quantity!r}"


def test_the_banks_have_explorer_questions():
    assert len(list(_bank_explorer_entries())) >= 9


def test_the_registry_holds_every_explorer():
    found = []
    for info in pkgutil.iter_modules(course.explorers.__path__):
        module = importlib.import_module(f"course.explorers.{info.name}")
        found += [obj for _, obj in inspect.getmembers(module, inspect.isclass)
                  if issubclass(obj, Explorer) and obj is not Explorer and obj.__module__ == module.__name__]
    assert sorted(found, key=lambda c: c.name) == sorted(EXPLORER_CLASSES.values(), key=lambda c: c.name)
    assert all(EXPLORER_CLASSES[c.name] is c for c in found), "two explorers share a name"


def test_one_explorer_per_module():
    for cls in EXPLORER_CLASSES.values():
        module = importlib.import_module(cls.__module__)
        others = [obj for _, obj in inspect.getmembers(module, inspect.isclass)
                  if issubclass(obj, Explorer) and obj is not cls and obj.__module__ == module.__name__]
        assert not others, f"{module.__name__} holds {cls.__name__} and {', '.join(o.__name__ for o in others)}"


@pytest.mark.parametrize("name", list(EXPLORER_CLASSES))
def test_the_header_is_one_line_with_the_rest_under_about_this_model(name):
    """The title and the kind of model on one line of an 870 px output area; the kind's sentence,
    the note and what the model was checked against folded under "About this model"."""
    cls = EXPLORER_CLASSES[name]
    header = cls.header_html(cls)
    line, _, folded = header.partition("<details")
    assert folded, f"{name}: no 'About this model' disclosure"
    assert "<summary>About this model</summary>" in folded
    shown = strip_html(line)
    assert cls.title in shown and MODEL_KIND_NAMES[cls.model_kind] in shown
    assert len(shown) <= 110, f"{name}: the header line runs to {len(shown)} characters: {shown!r}"
    about = strip_html(folded)
    assert MODEL_KINDS[cls.model_kind] in about and cls.model_note in about and cls.checked_against in about


def test_controls_are_laid_out_for_the_label_above_them():
    """Radio buttons run in a row and checkboxes have no label column on their left: the style
    sheet puts every label above its control."""
    radio = make_widget(Choice("side", "Side", "left", (("left", "Left"), ("right", "Right"))))
    box = make_widget(Toggle("show", "Show the line", False))
    assert radio.orientation == "horizontal" and box.indent is False
    assert ".widget-label" in EXPLORER_CSS and "flex: 0 0 100%" in EXPLORER_CSS
