"""Spaced review at the start of every lesson from 02 on: which questions, in which order, always the same
for the same record, a fixed set for a new learner, and answers recorded as review answers.

The order changed on purpose with the FSRS review cards (course.review_cards): confident errors first
(hypercorrection), then the cards due today, most overdue first, then the fixed warm-up list."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import nbformat
import pytest

from course.lessons import lesson as lesson_info
from course.paths import notebooks_dir
from course.progress import ProgressStore, new_record
from course.spaced_review import REASONS, fallback_questions, review_questions

MISSED = "02_muscle_injury/lactate-role"
SURE_WRONG = "03_ischemia/stronger-lower"
GUESSED = "01_back_pain_basics/leading-cause"
KNOWN = "01_back_pain_basics/fascia-role"
CONFIDENT_ERROR = "02_muscle_injury/hike-soreness"
#: The moment of the review in these tests: two days after the answers of the record below.
NOW = datetime(2026, 3, 3, 9, 0, tzinfo=timezone.utc)


def _a(question, correct, confidence=None, source="lesson", time="2026-03-01T10:00:00+00:00", attempt=1):
    return {"question": question, "lesson": question[:2], "response": 0, "answer": "x", "correct": correct,
            "confidence": confidence, "attempt": attempt, "source": source, "time": time}


def _attempts(day=datetime(2026, 3, 1, 10, 0, tzinfo=timezone.utc)):
    at = lambda **shift: (day + timedelta(**shift)).isoformat()  # noqa: E731
    return [
        _a(MISSED, False, "unsure", time=at(days=-2)),          # never right, two days earlier
        _a(MISSED, False, time=at(days=-2, seconds=30), attempt=2),
        _a(KNOWN, True, "sure", time=at()),                      # right and sure at once: due in days
        _a(GUESSED, True, "guessing", time=at()),                # right, but a guess: Hard, due next day
        _a(SURE_WRONG, False, "sure", time=at(minutes=1)),       # a confident mistake ...
        _a(SURE_WRONG, True, "unsure", time=at(minutes=1, seconds=40), attempt=2),  # ... put right in the lesson
        _a(CONFIDENT_ERROR, False, "sure", time=at(minutes=5)),  # a confident mistake left standing
    ]


@pytest.fixture
def record():
    r = new_record()
    r["quiz_seed"] = "fixed-seed"
    r["attempts"] = _attempts()
    return r


def test_the_order_is_confident_errors_then_most_overdue_first(record):
    """MISSED was last answered (wrongly) two days before the others, so its card is the most overdue;
    GUESSED (Hard) and SURE_WRONG (Again, then Hard) fall due a day after their answers, in that order."""
    items = review_questions(record, "04", n=4, now=NOW)
    assert [(i.question.full_id, i.reason) for i in items] == [
        (CONFIDENT_ERROR, "sure-but-wrong"), (MISSED, "due"), (GUESSED, "due"), (SURE_WRONG, "due")]
    assert items[1].reason_text == "due for review (last seen 3 days ago)"
    assert items[2].reason_text == "due for review (last seen 1 day ago)"
    assert KNOWN not in [i.question.full_id for i in review_questions(record, "04", n=10, now=NOW)]


def test_a_confident_error_comes_back_whatever_its_card_says(record):
    """The next day its card is not due yet (Again gives a day), but the question comes back first."""
    soon = datetime(2026, 3, 1, 10, 30, tzinfo=timezone.utc)
    items = review_questions(record, "04", n=10, now=soon)
    assert [(i.question.full_id, i.reason) for i in items if i.reason != "warm-up"] == [
        (CONFIDENT_ERROR, "sure-but-wrong"), (MISSED, "due")]


def test_only_earlier_lessons_are_drawn(record):
    items = review_questions(record, "03", n=10, now=NOW)
    assert all(i.question.lesson < "03" for i in items)
    assert SURE_WRONG not in [i.question.full_id for i in items]


def test_the_same_record_gives_the_same_review(record):
    many = new_record()
    many["quiz_seed"] = "another-seed"
    many["attempts"] = [_a(q.full_id, False) for q in fallback_questions("09")] + record["attempts"]
    first = [i.question.full_id for i in review_questions(many, "09", n=5, now=NOW)]
    assert first == [i.question.full_id for i in review_questions(many, "09", n=5, now=NOW)]
    assert all(i.reason in ("due", "sure-but-wrong") for i in review_questions(many, "09", n=5, now=NOW))


def test_a_question_answered_right_in_a_review_leaves_the_list(record):
    later = "2026-03-03T09:00:00+00:00"
    for question in (MISSED, CONFIDENT_ERROR):
        record["attempts"].append(_a(question, True, "sure", source="review", time=later))
    ids = [i.question.full_id for i in review_questions(record, "04", n=10, now=NOW + timedelta(minutes=5))]
    assert MISSED not in ids and CONFIDENT_ERROR not in ids and GUESSED in ids


def test_a_wrong_review_answer_keeps_a_confident_error_in_the_list(record):
    record["attempts"].append(_a(CONFIDENT_ERROR, False, "unsure", source="review", time="2026-03-03T09:00:00+00:00"))
    items = review_questions(record, "04", n=1, now=NOW)
    assert [(i.question.full_id, i.reason) for i in items] == [(CONFIDENT_ERROR, "sure-but-wrong")]


def test_a_record_with_answers_needs_the_moment_of_the_review(record):
    with pytest.raises(ValueError, match="now must be a timezone-aware datetime"):
        review_questions(record, "04")
    with pytest.raises(ValueError, match="now must be a timezone-aware datetime"):
        review_questions(record, "04", now=datetime(2026, 3, 3, 9, 0))


@pytest.mark.parametrize("number", ["02", "03", "05", "08"])
def test_a_new_learner_gets_the_fixed_list(number):
    items = review_questions({}, number, n=3)
    assert items and all(i.reason == "warm-up" for i in items)
    assert [i.question.full_id for i in items] == [q.full_id for q in fallback_questions(number)][:3]
    assert items[0].question.lesson[:2] == f"{int(number) - 1:02d}", "the warm-up starts with the lesson before"
    for i in items:
        assert i.question.kind != "explorer" and "explor" not in i.question.prompt.lower()
        assert not (i.question.lesson.startswith("00") and i.question.quiz_id == "1.1")


def test_too_few_candidates_are_topped_up_from_the_fixed_list(record):
    items = review_questions(record, "04", n=6, now=NOW)
    assert [i.reason for i in items][:4] == ["sure-but-wrong", "due", "due", "due"]
    assert [i.reason for i in items][4:] == ["warm-up", "warm-up"]
    assert len({i.question.full_id for i in items}) == 6


def test_the_number_of_questions_is_checked():
    for bad in (0, 11, 2.5, True):
        with pytest.raises(ValueError, match="from 1 to 10"):
            review_questions({}, "05", n=bad)


def test_lesson_review_shows_the_learners_questions_and_records_review_answers(progress_file, record):
    from course import start_lesson

    record["attempts"] = _attempts(day=datetime.now(timezone.utc) - timedelta(days=2))  # the lesson reads the clock
    ProgressStore(progress_file).update(lambda r: (r.clear(), r.update(record)))
    lesson = start_lesson("04")
    panel = lesson.review(n=4)
    assert [v.question.full_id for v in panel.views] == [CONFIDENT_ERROR, MISSED, GUESSED, SURE_WRONG]
    assert "you were sure of a wrong answer" in panel.views[0].box.children[0].value
    assert "due for review (last seen 3 days ago)" in panel.views[1].box.children[0].value  # 4 days less 30 s
    view = panel.views[1]
    right = next(i for i, o in enumerate(view.question.options) if o.correct)
    view.input.value = right
    view.confidence.value = "sure"
    assert view.check().correct
    last = ProgressStore(progress_file).load()["attempts"][-1]
    assert (last["question"], last["source"], last["confidence"]) == (MISSED, "review", "sure")
    assert MISSED not in [v.question.full_id for v in lesson.review(n=4).views]


def test_without_a_progress_file_the_review_says_so(monkeypatch, tmp_path):
    from course import start_lesson

    blocked = tmp_path / "file-not-folder"
    blocked.write_text("x")
    monkeypatch.setenv("COURSE_PROGRESS_FILE", str(blocked / "progress.json"))
    panel = start_lesson("05").review()
    assert all(i.reason == "warm-up" for i in panel.items)
    assert "fixed review questions" in panel.widget.children[0].value


def test_the_review_is_not_a_lesson_quiz():
    """Browser tests and learners find a lesson's Quiz 1.1 as the first quiz on the page."""
    panel = review_questions({}, "03", n=1)
    from course.session import ReviewPanel

    widget = ReviewPanel(panel).widget
    assert "course-review" in widget._dom_classes and "course-quiz" not in widget._dom_classes


@pytest.mark.parametrize("number", ["02", "03", "04", "05", "06", "07", "08", "09"])
def test_every_lesson_from_02_opens_with_the_review(number):
    book = nbformat.read(notebooks_dir() / lesson_info(number).file, as_version=4)
    setup = next(i for i, c in enumerate(book.cells) if c.cell_type == "markdown" and c.source.startswith("## Setup"))
    after = [c for c in book.cells[setup + 2:] if c.cell_type == "code"][0]
    assert after.source == "lesson.review()", f"lesson {number}: the cell after Setup should show the review"
    first_section = next(i for i, c in enumerate(book.cells) if c.cell_type == "markdown" and c.source.startswith("## 1."))
    assert book.cells.index(after) < first_section


def test_reasons_have_words():
    assert set(REASONS) == {"sure-but-wrong", "missed-concept", "due", "warm-up"}


def test_a_practice_question_stays_in_its_lesson(monkeypatch, tmp_path, record):
    """One rule, one place: a question marked ``practice: true`` in its bank is drawn neither by the
    spaced review nor by lesson 09's final quiz, even when the learner missed it."""
    import shutil

    from course.dashboard import final_quiz_pool
    from course.paths import data_dir

    copy = tmp_path / "data"
    shutil.copytree(data_dir(), copy)
    bank = copy / "quizzes" / f"{MISSED.split('/')[0]}.yml"
    text = bank.read_text(encoding="utf-8")
    marker = f"- id: {MISSED.split('/')[1]}\n"
    assert marker in text
    bank.write_text(text.replace(marker, marker + "      practice: true\n"), encoding="utf-8")
    before = [i.question.full_id for i in review_questions(record, "03", n=3, now=NOW)]
    assert MISSED in before and MISSED in {q.full_id for qs in final_quiz_pool().values() for q in qs}
    monkeypatch.setenv("COURSE_DATA_DIR", str(copy))
    after = [i.question.full_id for i in review_questions(record, "03", n=3, now=NOW)]
    assert MISSED not in after and len(after) == 3
    assert MISSED not in {q.full_id for qs in final_quiz_pool().values() for q in qs}
