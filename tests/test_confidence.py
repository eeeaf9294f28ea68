"""Confidence with every answer: asked under every question, stored with the attempt, shown apart
(confident mistakes against guesses) in lesson 09's dashboard, and listed for a class."""

from __future__ import annotations

import json

import pytest

from course.classroom import check_report, class_summary_html, ReportError, summarise_reports
from course.confidence import confidence_html, confidence_profile, confident_wrong_answers
from course.progress import ProgressStore
from course.banks import load_bank
from course.quiz import Feedback
from course.quiz_widget import QuestionView
from course.reports import build_report

FASCIA = "01_back_pain_basics/fascia-role"
KAPPA = "03_ischemia/kappa-meaning"


def _wrong_and_right(full_id):
    stem, _, qid = full_id.partition("/")
    q = load_bank(stem).question(qid)
    wrong = next(i for i, o in enumerate(q.options) if not o.correct)
    right = next(i for i, o in enumerate(q.options) if o.correct)
    return q, wrong, right


@pytest.mark.parametrize("number", ["00", "01", "02", "05"])
def test_every_question_asks_how_sure(number):
    for q in load_bank(number).questions[:6]:
        view = QuestionView(q)
        assert [v for _, v in view.confidence.options] == ["sure", "unsure", "guessing"]
        assert view.confidence.value is None and view.confidence in view.box.children


def test_the_answer_is_stored_with_its_confidence(progress_file):
    from course import start_lesson

    lesson = start_lesson("01")
    view = lesson.quiz("1.1").questions[0]
    q, wrong, right = _wrong_and_right(FASCIA)
    view.input.value = wrong
    view.confidence.value = "sure"
    view.check()
    view.input.value = right
    view.confidence.value = "guessing"
    view.check()
    attempts = ProgressStore(progress_file).load()["attempts"]
    assert [(a["correct"], a["confidence"]) for a in attempts] == [(False, "sure"), (True, "guessing")]
    view._reset()
    assert view.confidence.value is None


def test_a_confident_mistake_is_named_in_the_feedback():
    sure = Feedback(correct=False, message_md="No.", attempt=1, confidence="sure").html()
    guess = Feedback(correct=False, message_md="No.", attempt=1, confidence="guessing").html()
    assert "You were sure of this answer" in sure and "You were sure" not in guess
    assert "You were sure" not in Feedback(correct=True, message_md="Yes.", confidence="sure").html()


@pytest.fixture
def record():
    q, wrong, right = _wrong_and_right(FASCIA)
    k, k_wrong, k_right = _wrong_and_right(KAPPA)
    return q, k, {"attempts": [
        {"question": FASCIA, "answer": q.options[wrong].text, "correct": False, "confidence": "sure"},
        {"question": FASCIA, "answer": q.options[right].text, "correct": True, "confidence": "unsure"},
        {"question": KAPPA, "answer": k.options[k_wrong].text, "correct": False, "confidence": "guessing"},
        {"question": KAPPA, "answer": k.options[k_right].text, "correct": True, "confidence": None},
    ], "lessons": {}, "survey": {"before": {}, "after": {}}, "display_name": None}


def test_profile_tells_misconceptions_from_guesses(record):
    q, k, rec = record
    profile = confidence_profile(rec)
    assert [(a.question_id, a.corrected) for a in profile.sure_wrong] == [(FASCIA, True)]
    assert profile.guessed_wrong == [KAPPA] and profile.guessed_right == []
    assert profile.said == 3
    assert confident_wrong_answers(rec) == {FASCIA: [rec["attempts"][0]["answer"]]}


def test_the_dashboard_shows_them_apart(progress_file, record):
    from course import dashboard as review

    q, k, rec = record
    ProgressStore(progress_file).update(lambda r: r.update(attempts=rec["attempts"]))
    details = review.show_dashboard().details.value
    sure_part = details[details.index("Sure, but wrong"):details.index("Guesses")]
    guess_part = details[details.index("Guesses"):]
    assert "Lesson 01, Quiz 1.1" in sure_part and "Lesson 03" not in sure_part
    assert "Lesson 03, Quiz 4.1" in guess_part and "a wrong guess" in guess_part
    assert "1 answer given as sure was wrong" in details


def test_without_confidence_the_dashboard_says_how_to_get_it():
    html = confidence_html({"attempts": [{"question": FASCIA, "answer": "x", "correct": False}]})
    assert "Sure, but wrong:</b> none" in html and "Tick Sure, Unsure or Guessing" in html


def _report(record, name):
    from course.reports import build_report as build

    report = build({**record, "display_name": name})
    return f"{name}.json", json.loads(json.dumps(report))


def test_the_class_summary_lists_options_chosen_confidently_and_wrongly(record):
    q, k, rec = record
    confident = rec["attempts"][0]["answer"]
    guessed = rec["attempts"][2]["answer"]
    other = {**rec, "attempts": [  # the same wrong answer, but guessed: not a confident mistake
        {"question": FASCIA, "answer": confident, "correct": False, "confidence": "guessing"}]}
    reports = [_report(rec, "Ana"), _report(rec, "Ben"), _report(other, "Cy")]
    for _, r in reports:
        check_report(r)
    summary = summarise_reports(reports)
    rows = [(s.id, answer, n) for s, answer, n in summary.confident_misconceptions()]
    assert rows == [(FASCIA, confident, 2)]
    page = class_summary_html(summary, [])
    section = page[page.index("Chosen confidently and wrongly"):page.index("Results per lesson")]
    assert confident in section and "2 of 3" in section and guessed not in section


def test_reports_without_confidence_still_read_and_bad_ones_are_refused(record):
    _, _, rec = record
    _, report = _report(rec, "Ana")
    for q in report["questions"]:
        q.pop("sure_wrong_answers")
    assert check_report(report)
    report["questions"][0]["sure_wrong_answers"] = "Multifidus"
    with pytest.raises(ReportError, match="sure_wrong_answers"):
        check_report(report)
