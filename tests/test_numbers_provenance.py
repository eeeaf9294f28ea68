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
        allowed=set(),
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
        allowed=set(),
    ),

    "06": dict(
        datasets=["massage_blood_flow", "furlan2015_massage", "massage_facts", "aquatic_exercise",
                  "schneider2007_immersion", "immersion_loading", "claims"],
        allowed={
            50, 70, 71,  # effect-size model: 50% superiority at SMD 0, 71% overlap and 70% at 0.75
                         # (test_massage_and_water.py::test_effect_limits_and_order, ::test_effect_numbers_the_lesson_states);
                         # 70 is also the buoyancy explorer's starting weight in kg (an instruction)
            9,           # "9 out of 10 random pairs": a target the learner is asked to find with the slider
            59.8, 46.8,  # Schneider's hip formula at 10% and 35% body fat
                         # (test_massage_and_water.py::test_buoyancy_explorer, ::test_buoyancy_numbers_the_lesson_prints)
            29,          # hip-half-weight's answer, the formula's lowest body fat below half the weight
                         # (test_explorer_questions.py ANSWERS, test_massage_and_water.py::test_the_hip_question_answer_uses_the_formula)
        },
    ),

    "07": dict(
        datasets=["exercise_effects", "recurrence_prevention", "guidelines_nondrug", "recovery_and_recurrence",
                  "claims"],
        allowed=set(),
    ),

    "08": dict(
        datasets=["pedersen2024_improvement_shares", "placebo_vs_no_treatment", "recovery_and_recurrence",
                  "costa2012_natural_history", "claims"],
        allowed={
            95,                   # a 95% interval covers the truth in about 95 trials of 100 (its definition;
                                  # test_evaluating_claims.py::test_zero_effect_interval_covers_zero_in_most_seeds)
            60, 200,              # the simulator's starting threshold and trial size (explorer settings;
                                  # test_explorer_questions.py::test_registry_matches_the_explorer_widgets)
            40, 400, 80,          # simulator settings the learner is asked to try
        },
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
