"""Back Muscle Therapy: the Python package behind the course's lessons.

Lessons import what they need from here, by name::

    from course import start_lesson, explore_natural_history, show_claim

Importing ``course`` changes no global state: no matplotlib rcParams, random seeds or warning
filters are touched; the figure style is applied explicitly by the plotting helpers. Names are
loaded on first use, so the command line (``python -m course``) starts quickly.

>>> import course
>>> sorted(course.__all__) == sorted(_PUBLIC)
True
"""

from __future__ import annotations

import importlib

#: Public name -> module that defines it. Add a lesson's explorers here.
_PUBLIC: dict[str, str] = {
    # data and evidence
    "load": "course.data",
    "record": "course.data",
    "cite": "course.evidence",
    "claim": "course.evidence",
    "claims": "course.evidence",
    "reference": "course.evidence",
    "show_claim": "course.evidence",
    # lessons, safety, quizzes, survey
    "start_lesson": "course.session",
    "show_course_map": "course.lessons",
    "show_red_flags": "course.safety",
    "DISCLAIMER": "course.safety",
    "show_quiz": "course.quiz_widget",
    "show_belief_survey": "course.survey",
    "show_predictions": "course.prediction_widget",  # lesson 09: how often the predictions were right
    "show_claim_test": "course.claim_widget",  # lesson 00 (before) and 09 (after): judging claims
    "show_claim_gain": "course.claim_widget",  # lesson 09: the change between the two sittings
    # lesson 01
    "explore_anatomy": "course.explorers.anatomy",
    "explore_natural_history": "course.explorers.natural_history",
    "pain_at": "course.models.natural_history",
    # lesson 02
    "explore_load_capacity": "course.explorers.load_capacity",
    "explore_healing": "course.explorers.healing",
    "explore_lactate_soreness": "course.explorers.lactate_soreness",
    "timeline_at": "course.models.lactate_soreness",
    # lesson 03
    "explore_perfusion": "course.explorers.perfusion",
    "occlusion_threshold": "course.models.perfusion",
    "show_perfusion_parameters": "course.study_tables",
    "show_oxygenation_studies": "course.study_tables",
    # lesson 04
    "explore_trial_results": "course.explorers.trials",
    "trial_results": "course.models.trials",
    "wilson_interval": "course.models.trials",
    "show_trial_table": "course.study_tables",
    # lesson 05
    "explore_heat_cold": "course.explorers.heat_cold",
    "compare_with_otte": "course.models.bioheat",
    "compare_with_myrer": "course.models.bioheat",
    # lesson 06
    "explore_effect_size": "course.explorers.effect_size",
    "explore_buoyancy": "course.explorers.buoyancy",
    "show_massage_blood_flow": "course.explorers.massage_blood_flow",
    "effect": "course.models.effect_size",
    "weight_borne": "course.models.buoyancy",
    # lesson 07
    "explore_recurrence": "course.explorers.recurrence",
    "show_exercise_effects": "course.explorers.exercise_effects",
    "show_guidelines": "course.guidelines",
    "absolute_effect": "course.models.risk",
    "exercise_effect": "course.models.exercise",
    # lesson 08
    "explore_before_after": "course.explorers.before_after",
    "explore_control_group": "course.explorers.control_group",
    "simulate_trial": "course.models.trial_simulator",
    "simulate_before_after": "course.models.trial_simulator",
    "improvement_shares": "course.models.trial_simulator",
    "show_claim_review": "course.claims_revisited",
    # lesson 09: progress, review and reports
    "show_final_quiz": "course.dashboard",
    "show_dashboard": "course.dashboard",
    "show_belief_shift": "course.dashboard",
    "show_certainty": "course.dashboard",
    "certainty_rule": "course.certainty",
    "show_report_export": "course.dashboard",
    "show_review_schedule": "course.spaced_review",
    "export_report": "course.reports",
    "hand_in_report": "course.hand_in",
    "verdict_tally": "course.reports",
    # lesson 00: start-up check; keeping progress across temporary sessions
    "check_setup": "course.startup",
    "show_progress_transfer": "course.transfer_widget",
    "import_progress": "course.progress_transfer",
}

__all__ = sorted(_PUBLIC)


def __getattr__(name: str):
    if name in _PUBLIC:
        value = getattr(importlib.import_module(_PUBLIC[name]), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'course' has no attribute '{name}'")


def __dir__():
    return sorted(set(globals()) | set(_PUBLIC))
