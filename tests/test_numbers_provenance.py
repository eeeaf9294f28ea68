"""Every number a lesson or its quiz bank states comes from the course's data.

One entry per lesson: the datasets its numbers come from (names in data/catalogue.yml, or
``claims``, ``red_flags`` and ``lessons``), optionally ``computed``, numbers the course computes from
those data and shows (matched with a lesson's rounding), and ``allowed``, the few numbers that are
instructions or arithmetic rather than facts ("move the slider to 1.5", "twice as large"), each with
the reason in a comment. A number
that matches nothing fails the test with its context: source it in data/ (with a catalogue entry
and a reference) or take it out.
"""

from __future__ import annotations

import pytest
from lesson_numbers import unsourced_bank_numbers, unsourced_numbers

from course.lessons import lessons
from course.review_cards import DESIRED_RETENTION
from course.paths import notebooks_dir
from course.banks import bank_path


def _wilson_numbers() -> set[float]:
    """What the course computes from psychological_trials.csv and shows: percentages, Wilson limits
    and widths, as the trial-results explorer and table print them (pinned in test_mind_and_pain)."""
    from course.models import trials as tr

    out: set[float] = set()
    for trial in tr.trial_names():
        for r in tr.trial_results(trial):
            out |= {r.percent, r.low, r.high, round(r.high - r.low, 1)}
    return out


def _certainty_numbers() -> set[float]:
    """Lesson 09's arithmetic of certainty-based marks, computed from the mark table (course.certainty,
    pinned by test_certainty.py): the marks, each level's expected mark p * right + (1 - p) * wrong
    written as slope * p + wrong (slope right - wrong: 1, 4, 9), the break-even inequalities between
    neighbours (4p - 2 > p, 5p > 4), the break-evens (2/3, 4/5, 67%, 80%) and the fewest answers a
    level needs before its share is judged."""
    from course import certainty as cb

    out: set[float] = {float(cb.MIN_ANSWERS)}
    for c, (right, wrong) in cb.MARKS.items():
        out |= {float(c), float(right), float(wrong), float(right - wrong)}
        if c - 1 in cb.MARKS:
            lo_right, lo_wrong = cb.MARKS[c - 1]
            p = cb.break_even(c)
            out |= {float((right - wrong) - (lo_right - lo_wrong)), float(lo_wrong - wrong),
                    float(p.numerator), float(p.denominator), 100 * float(p)}
    return out


def _claim_test_numbers() -> set[float]:
    """The claim-evaluation test's items per form and its pass and mastery marks (data/claim_test.yml,
    pinned against the IHC marks by test_claim_test.py::test_marks_stated_in_advance_scale_the_ihc_marks)."""
    from course.claim_evaluation import load_claim_test

    test = load_claim_test()
    return {float(test.size), float(test.marks.passing), float(test.marks.mastery)}


def _ihc_lead_numbers() -> set[float]:
    """Lesson 09's leads in passing, intervention minus control per 100, at first and after a year
    (69 - 27 = 42 and 80 - 52 = 28 for the children, 71 - 38 = 33 and 47 - 40 = 7 for the parents),
    computed from data/datasets/ihc_trials.csv."""
    from course.data import load

    d = load("ihc_trials")
    return {float(a - b) for m, a, b in zip(d["measure"], d["intervention"], d["control"]) if m.startswith("passing")}


SOURCES: dict[str, dict] = {
    "00": dict(
        datasets=["costa2012_natural_history", "claims", "red_flags", "lessons", "ihc_trials"],
        allowed=set(),
        computed=_claim_test_numbers(),
    ),

    "01": dict(
        datasets=["back_pain_burden", "costa2012_natural_history", "recovery_and_recurrence", "lumbar_anatomy",
                  "paraspinal_oxygenation", "claims"],
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
        # settings the learner is asked to try (strength 1.0, 1.1 and 1.5; rests of 10 s), and 52: the
        # model's answer to `stronger-occlusion` at strength 1.10, computed from perfusion_model.yml
        # (test_explorer_questions.py finds it by moving the explorer)
        allowed={1.0, 1.1, 1.5, 10, 52},
    ),

    "04": dict(
        datasets=["mind_pain_facts", "psychological_trials", "ischemia_facts", "paraspinal_oxygenation", "claims",
                  "red_flags"],
        allowed={
            22, 24,  # donnino-twice: the pilot's groups of 11 and 12 people at the what-if answer 2
        },
        computed=_wilson_numbers(),
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
        allowed={
            50, 70, 71,  # effect-size model: 50% superiority at SMD 0, 71% overlap and 70% at 0.75
                         # (test_massage_and_water.py::test_effect_limits_and_order, ::test_effect_numbers_the_lesson_states);
                         # 70 is also the buoyancy explorer's starting weight in kg (an instruction)
            9,           # "9 out of 10 random pairs": a target the learner is asked to find with the slider
            59.8, 46.8,  # Schneider's hip formula at 10% and 35% body fat
                         # (test_massage_and_water.py::test_buoyancy_explorer, ::test_buoyancy_numbers_the_lesson_prints)
            29,          # hip-half-weight's answer, the formula's lowest body fat below half the weight
                         # (test_explorer_questions.py ANSWERS, test_massage_and_water.py::test_the_hip_question_answer_uses_the_formula)
            75, 0.96,    # smd-three-in-four: the target share of pairs (3 in 4) and the model's answer
                         # (test_massage_and_water.py::test_the_three_in_four_question_answer)
        },
    ),

    "07": dict(
        datasets=["exercise_effects", "recurrence_prevention", "guidelines_nondrug", "recovery_and_recurrence",
                  "restore_cft", "claims"],
        # arithmetic the lesson does with Choi 2010's ratio (0.50), each pinned in tests/test_exercise_and_recovery.py:
        # at a 33% baseline 33 x 0.5 = 16.5 fewer per 100, 100 / 16.5 = 6.1 -> NNT 7
        # (test_risk_at_33_percent_with_choi); at 69%, 34.5 fewer, NNT 3 (test_risk_at_69_percent_with_choi);
        # at 40%, 20 fewer, NNT 5 (test_risk_at_40_percent_with_choi, the answer of nnt-at-most-five)
        # at 45%, the answer of nnt-steffens-five with Steffens 2016's 0.55, NNT 5 (test_the_steffens_question_answer)
        allowed={16.5, 6.1, 7, 34.5, 3, 20, 5, 45},
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
        datasets=["claims", "lessons", "ihc_trials"],
        # 6 -> 9 and 10 -> 11 of 12, 0.5: two worked examples of the normalised gain formula
        # ((9 - 6) / (12 - 6) = (11 - 10) / (12 - 10) = 0.5; course.claim_gain.normalised_gain, pinned by
        # test_claim_test.py::test_normalised_gain_by_hand)
        allowed={6, 9, 11, 0.5},
        # the review schedule's desired retention, as a percentage (course.review_cards, the FSRS setting)
        computed=_certainty_numbers() | {round(DESIRED_RETENTION * 100)} | _claim_test_numbers() | _ihc_lead_numbers(),
    ),
}


def test_every_lesson_has_an_entry():
    assert sorted(SOURCES) == sorted(lesson.number for lesson in lessons())


@pytest.mark.parametrize("number", sorted(SOURCES))
def test_every_number_in_the_lesson_text_has_a_source(number):
    entry = SOURCES[number]
    notebook = next(notebooks_dir().glob(f"{number}_*.ipynb"))
    problems = unsourced_numbers(notebook, entry["datasets"], entry["allowed"], entry.get("computed", set()))
    assert not problems, f"numbers in {notebook.name} with no source in its data:\n" + "\n".join(problems)


@pytest.mark.parametrize("number", sorted(SOURCES))
def test_every_number_in_the_quiz_bank_has_a_source(number):
    entry = SOURCES[number]
    bank = bank_path(number)
    problems = unsourced_bank_numbers(bank, entry["datasets"], entry["allowed"], entry.get("computed", set()))
    assert not problems, f"numbers in {bank.name} with no source in its data:\n" + "\n".join(problems)


def test_the_bank_reader_finds_every_kind_of_field():
    from lesson_numbers import bank_prose

    text = bank_prose(bank_path("04"))
    for piece in ("what is the pain **for**", "No study has even measured ischemia",   # prompt, evidence feedback
                  "An uncontrolled series of 51 people",                                # order items
                  "Subtract the lower limit", "Whether the shares stay the same"):      # numeric/explorer feedback
        assert piece in text, piece
