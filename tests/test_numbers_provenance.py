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
                  "paraspinal_oxygenation", "claims"],
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
        allowed=set(),
    ),

    "07": dict(
        datasets=["exercise_effects", "recurrence_prevention", "guidelines_nondrug", "recovery_and_recurrence",
                  "restore_cft", "claims"],
        # arithmetic the lesson does with Choi 2010's ratio (0.50), each pinned in tests/test_exercise_recovery.py:
        # at a 33% baseline 33 x 0.5 = 16.5 fewer per 100, 100 / 16.5 = 6.1 -> NNT 7
        # (test_risk_at_33_percent_with_choi); at 69%, 34.5 fewer, NNT 3 (test_risk_at_69_percent_with_choi);
        # at 40%, 20 fewer, NNT 5 (test_risk_at_40_percent_with_choi, the answer of nnt-at-most-five)
        allowed={16.5, 6.1, 7, 34.5, 3, 20, 5},
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
