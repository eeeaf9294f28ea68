"""Every number a lesson or its quiz bank states comes from the course's data.

One entry per lesson: the datasets its numbers come from (names in data/catalogue.yml, or
``claims`` and ``red_flags``) and the few numbers that are instructions or arithmetic rather than
facts ("move the slider to 1.5", "twice as large"), each with the reason in a comment. A number
that matches nothing fails the test with its context: source it in data/ (with a catalogue entry
and a reference) or take it out.
"""

from __future__ import annotations

import pytest
from lesson_numbers import unsourced_bank_numbers, unsourced_numbers

from course.lessons import lessons
from course.paths import notebooks_dir
from course.quiz import bank_path

SOURCES: dict[str, dict] = {
    "00": dict(
        datasets=["costa2012_natural_history", "claims", "red_flags"],
        allowed=set(),
    ),

    "01": dict(
        datasets=["back_pain_burden", "costa2012_natural_history", "recovery_and_recurrence", "lumbar_anatomy",
                  "claims"],
        allowed=set(),
    ),

    "02": dict(
        datasets=["muscle_injury_facts", "healing_phases", "claims", "red_flags"],
        # 150, 200: load levels the learner is asked to set in Explore 4.2 and `weekend-spike`;
        # 28: the load-capacity explorer's four weeks (course.explorers.load_capacity.DAYS);
        # 8 (overload days of a weekend spike to 150%) and 130 (lowest slider level at which a weekend
        # spike overloads): model outputs pinned by test_muscle_injury.py::test_lesson_numbers_for_load_and_capacity;
        # 20.5 and 0.205: the arithmetic 43 / 210 the learner is asked to do in `ironman-share`.
        allowed={150, 200, 28, 8, 130, 20.5, 0.205},
    ),

    "03": dict(
        datasets=["ischemia_facts", "paraspinal_oxygenation", "perfusion_model", "claims"],
        allowed={1.5, 10},  # settings the learner is asked to try: strength 1.5, rests of 10 s
    ),

    "04": dict(
        datasets=["mind_pain_facts", "psychological_trials", "ischemia_facts", "paraspinal_oxygenation", "claims"],
        allowed=set(),
    ),

    "05": dict(
        datasets=["tissue_thermal_properties", "bioheat_settings", "otte2002_cooling_time", "myrer2001_ice_pack",
                  "heat_cold_facts", "nadler2002_heat_wrap", "claims"],
        # 4.3 and 2.3 (°C cooling 1 cm below 10 mm of fat after 20 min of ice, without and with the
        # resting-flow what-if): model outputs the lesson quotes, pinned by test_heat_and_cold.py::
        # test_explorer_reads_out_and_redraws and ::test_explorer_heat_and_what_if;
        # 16 (the skinfold of 6 mm of fat, 2 * (6 + 2)) and 6 (the model's answer to `fat-stops-ice`):
        # pinned by test_explorer_questions.py::ANSWERS["05"] and test_heat_and_cold.py::test_skinfold_is_a_double_layer.
        allowed={4.3, 2.3, 16, 6},
    ),

    "06": dict(
        datasets=["massage_blood_flow", "furlan2015_massage", "massage_facts", "aquatic_exercise",
                  "schneider2007_immersion", "immersion_loading", "claims"],
        allowed=set(),
    ),

    "07": dict(
        datasets=["exercise_effects", "recurrence_prevention", "guidelines_nondrug", "recovery_and_recurrence",
                  "claims"],
        allowed=set(),
    ),

    "08": dict(
        datasets=["pedersen2024_improvement_shares", "placebo_vs_no_treatment", "recovery_and_recurrence",
                  "costa2012_natural_history", "claims"],
        allowed=set(),
    ),

    "09": dict(
        datasets=["claims"],
        allowed=set(),
    ),
}


def test_every_lesson_has_an_entry():
    assert sorted(SOURCES) == sorted(lesson.number for lesson in lessons())


@pytest.mark.parametrize("number", sorted(SOURCES))
def test_every_number_in_the_lesson_text_has_a_source(number):
    entry = SOURCES[number]
    notebook = next(notebooks_dir().glob(f"{number}_*.ipynb"))
    problems = unsourced_numbers(notebook, entry["datasets"], entry["allowed"])
    assert not problems, f"numbers in {notebook.name} with no source in its data:\n" + "\n".join(problems)


@pytest.mark.parametrize("number", sorted(SOURCES))
def test_every_number_in_the_quiz_bank_has_a_source(number):
    entry = SOURCES[number]
    bank = bank_path(number)
    problems = unsourced_bank_numbers(bank, entry["datasets"], entry["allowed"])
    assert not problems, f"numbers in {bank.name} with no source in its data:\n" + "\n".join(problems)
