"""Explorers that describe themselves, for those who cannot see the figure (plain Python: the words
are model output, so they are tested like the readouts).

- Every explorer has a state description (what the figure shows, the readout, where the setting
  sits against what the model was checked against), an alt text that follows the figure, and an
  accessible name for every control that includes its unit.
- Every change is told in a responsive description: the new setting, the key number's new value
  and the size and direction of its change (worked out here from the quantity, not read from the
  explorer), and whether the setting is still inside the measured range.
- The describer widget gets all of it, and the explorer's box is the one it works in.
"""

from __future__ import annotations

import re

import pytest

from course.describer import ANNOUNCE_MS, BOX_CLASS, UNIT_WORDS, control_class
from course.explorers.declarations import Choice, Slider, Toggle
from course.explorers.perfusion import PerfusionExplorer
from course.explorers.registry import explorer_classes

CLASSES = explorer_classes()


def _next_value(explorer, spec):
    """The control's next value along its declared values (wrapping round)."""
    values = list(spec.values)
    current = explorer.controls[spec.key].value
    return values[(values.index(current) + 1) % len(values)] if current in values else values[0]


@pytest.fixture(params=list(CLASSES), scope="module")
def explorer(request):
    return CLASSES[request.param]()


def test_every_explorer_has_a_state_description_made_of_the_figure_the_readout_and_the_range(explorer):
    text = explorer.state_description
    figure = explorer.figure_text(explorer.state)
    assert figure, f"{explorer.name}: no figure_text"
    assert text.startswith(figure) and explorer.readout_text in text
    if explorer.limit_notes:
        assert "inside the measured range" not in text
    elif explorer.checked_against:
        assert text.endswith("This setting lies inside the measured range (About this model says what was measured).")
    else:
        assert text.endswith("its numbers illustrate an idea and are not predictions.")
    assert explorer.describer.description == text
    assert "<" not in text and "\n" not in text


def test_every_control_has_an_accessible_name_that_includes_its_unit(explorer):
    specs = {spec.key: spec for spec in explorer.declared_controls()}
    names = explorer.describer.names
    assert set(names) == set(explorer.shown)
    for key, name in names.items():
        spec = specs[key]
        assert name.startswith(spec.label)
        if spec.unit:
            assert spec.unit.lower() in name.lower() or UNIT_WORDS.get(spec.unit, "?") in name.lower(), (key, name)
        assert control_class(key) in explorer.controls[key]._dom_classes
    for key, unit in explorer.describer.units.items():
        assert isinstance(specs[key], Slider | Choice) and unit.strip() == specs[key].unit


def test_the_explorer_box_is_where_its_describer_works(explorer):
    box = explorer.widget
    assert BOX_CLASS in box._dom_classes and explorer.describer in box.children
    assert explorer.describer.announce_ms == ANNOUNCE_MS


def test_a_change_is_told_with_the_new_setting_and_what_it_did_to_the_key_number(explorer):
    spec = explorer.declared_controls()[0]
    before_values, before_alt = explorer.values(), explorer.describer.alt
    explorer.controls[spec.key].value = _next_value(explorer, spec)
    told = explorer.last_change
    assert told and explorer.describer.announcement == told
    stop = "" if explorer.title.endswith("?") else "."
    assert explorer.describer.alt == f"{explorer.title}{stop} {explorer.readout_text}"
    if explorer.readout_text not in before_alt:
        assert explorer.describer.alt != before_alt
    if not explorer.quantities:  # told by its readout, which names the setting
        assert told == explorer.describe(explorer.state)
        return
    label = spec.label.removesuffix(f" ({spec.unit})")
    assert told.startswith(f"{label}: ")
    key = explorer.quantities[0]
    old, new = key.compute(before_values), key.compute(explorer.values())
    said = f"{key.label[0].upper()}{key.label[1:]} is now {key.show(new)}"
    if key.show(new) == key.show(old):  # the key number shows no change: the readout says what did
        assert said not in told and explorer.describe(explorer.state) in told
    else:
        assert said in told and f"{said}, {'up' if new > old else 'down'} by " in told
        assert explorer.change_summary.startswith(told.split(". ")[0]) and " by " not in explorer.change_summary
    if explorer.checked_against:
        assert told.endswith("the measured range.") or told.endswith("the measured range (the readout says why).")
    else:
        assert "measured range" not in told


def test_the_perfusion_explorer_tells_a_move_of_the_contraction_level_in_full():
    explorer = PerfusionExplorer()
    key = explorer.quantities[0]
    before = key.compute(explorer.values())
    explorer.controls["mvc_pct"].value = 45
    after = key.compute(explorer.values())
    assert after < before
    points = int(f"{before:.0f}") - int(f"{after:.0f}")  # between the two values as shown
    assert explorer.last_change == (f"Contraction level: 45% MVC. The blood flow during the hold is now "
                                    f"{after:.0f}% of resting flow, down by {points} percentage points. "
                                    "Still inside the measured range.")


def test_leaving_and_coming_back_inside_the_measured_range_is_told():
    explorer = PerfusionExplorer()
    assert not explorer.limit_notes
    explorer.controls["arterial_mmhg"].value = 130  # the studies did not vary arterial pressure
    assert explorer.limit_notes
    assert explorer.last_change.startswith("Arterial pressure: 130 mmHg.")
    assert explorer.last_change.endswith("Now outside the measured range (the readout says why).")
    explorer.controls["hold_s"].value = 25
    assert explorer.last_change.startswith("Hold time: 25 s.")
    assert explorer.last_change.endswith("Still outside the measured range.")
    explorer.controls["arterial_mmhg"].value = 100
    assert explorer.last_change.endswith("Back inside the measured range.")


def test_setting_words_say_the_unit_the_option_and_the_box():
    explorer = PerfusionExplorer()
    assert explorer.setting_words("strength", 1.2) == "Strength (x reference muscle): 1.2x"
    assert explorer.setting_words("rest_s", 0) == "Rest between holds: 0 s"
    trials = CLASSES["trial_results"]()
    toggle = next(spec for spec in trials.declared_controls() if isinstance(spec, Toggle))
    assert trials.setting_words(toggle.key, False) == f"{toggle.label}: not ticked"
    heat = CLASSES["heat_cold"]()
    choice = next(spec for spec in heat.declared_controls() if isinstance(spec, Choice))
    value, words = choice.choices[1]
    assert heat.setting_words(choice.key, value) == f"{choice.label}: {words}"
    weeks = CLASSES["natural_history"]()
    assert weeks.setting_words("week", 1) == "Weeks since onset: 1 week"
    # a unit written out in brackets is said once, after the number
    assert CLASSES["lactate_soreness"]().setting_words("peak_hours", 72) == "Soreness peak: 72 h"
    assert explorer.setting_words("mvc_pct", 45) == "Contraction level: 45% MVC"


def test_no_change_is_told_before_the_first_move_and_the_still_picture_carries_the_description():
    explorer = PerfusionExplorer()
    assert explorer.last_change == "" and explorer.describer.announcement == ""
    page = explorer.static_html()
    assert 'class="course-state-description"' in page
    assert re.search(r'alt="Squeeze, blood flow and oxygen in a working muscle\. Flow stops at \d+% MVC', page)


def test_quiz_feedback_is_announced_in_words_from_a_region_that_stays():
    from course.banks import load_bank
    from course.quiz_widget import QuestionView

    question = next(q for q in load_bank("01_back_pain_basics").questions if q.kind == "single")
    view = QuestionView(question, on_attempt=lambda *a: None)
    assert view.announcer in view.box.children and view.announcer.announcement == ""
    view.input.value = 0  # the first option
    feedback = view.check()
    told = view.announcer.announcement
    assert told.startswith("✔ Correct (try 1) " if feedback.correct else "✘ Not yet (try 1) "), told
    assert "<" not in told and "  " not in told
    assert 'role="status"' not in view.feedback.value  # one announcement, not two


def test_a_move_that_leaves_the_key_number_tells_the_readout_instead():
    explorer = PerfusionExplorer()
    held = explorer.quantities[0].compute(explorer.values())
    explorer.controls["hold_s"].value = 40
    assert explorer.quantities[0].compute(explorer.values()) == held  # the flow during a hold does not move
    assert explorer.last_change == f"Hold time: 40 s. {explorer.describe(explorer.state)} Still inside the measured range."


def test_several_quick_changes_are_summed_up_without_the_size_of_the_last_step():
    explorer = PerfusionExplorer()
    for level in (45, 49, 50):
        explorer.controls["mvc_pct"].value = level
    now = explorer.quantities[0].compute(explorer.values())
    assert explorer.change_summary == (f"Contraction level: 50% MVC. The blood flow during the hold is now "
                                       f"{now:.0f}% of resting flow. Inside the measured range.")
    assert explorer.describer.summary == explorer.change_summary


def test_a_structure_drawn_as_a_line_is_described_as_a_line():
    from course.explorers.anatomy import AnatomyExplorer, structures

    line = next(s for s in structures() if "line" in s["shape"])
    area = next(s for s in structures() if "line" not in s["shape"])
    explorer = AnatomyExplorer()
    explorer.controls["structure"].value = line["id"]
    assert f"{line['name']}, is drawn as a thick solid orange line" in explorer.state_description
    explorer.controls["structure"].value = area["id"]
    assert f"{area['name']}, is cross-hatched in orange" in explorer.state_description


def test_alt_text_of_a_title_that_asks_a_question_has_no_stray_full_stop():
    explorer = PerfusionExplorer()
    explorer.title = "What happens in a hold?"
    assert explorer.alt_text().startswith("What happens in a hold? Flow stops")
