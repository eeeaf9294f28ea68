"""Lesson 09's final quiz in class mode: a class file (``COURSE_CLASS_FILE``) sets one form for the
whole class; without one, or with one that cannot be used, each learner gets their own draw."""

from __future__ import annotations

import html

import pytest

from course import dashboard
from course.cli import main

FASCIA = "01_back_pain_basics/fascia-role"
INJURY = "02_muscle_injury/healing-order"
PRACTICE = "00_start_here/practice-single"
EXPLORER = "02_muscle_injury/highest-build-up"
OWN = "09_review_and_progress/supported-outright"


def ids(quiz) -> list[str]:
    return [q.full_id for q in quiz.questions]


def heading(quiz) -> str:
    return html.unescape(quiz.widget.children[0].value)


@pytest.fixture
def class_file(tmp_path, monkeypatch):
    """Write a class file and point COURSE_CLASS_FILE at it."""
    path = tmp_path / "shared" / "class.yml"
    path.parent.mkdir()

    def write(text: str):
        path.write_text(text, encoding="utf-8")
        monkeypatch.setenv("COURSE_CLASS_FILE", str(path))
        return path

    return write


def test_without_a_class_file_each_learner_gets_their_own_draw(monkeypatch):
    monkeypatch.delenv("COURSE_CLASS_FILE", raising=False)
    ana, ben = dashboard.FinalQuiz(10, seed="ana"), dashboard.FinalQuiz(10, seed="ben")
    assert ids(ana) != ids(ben)
    assert "Your own draw: 10 questions" in heading(ana)
    assert "teacher" not in heading(ana)


@pytest.mark.parametrize("text", ['final_quiz: {seed: "week6"}\n', "final_quiz:\n  seed: week6\n  n: 7\n"])
def test_a_class_seed_gives_every_learner_the_same_questions_in_the_same_order(class_file, text):
    class_file(text)
    ana, ben = dashboard.FinalQuiz(10, seed="ana"), dashboard.FinalQuiz(10, seed="ben")
    assert ids(ana) == ids(ben)
    size = 7 if "n: 7" in text else 10
    assert len(ids(ana)) == size
    assert f"Your class's quiz, set by your teacher (class.yml): {size} questions" in heading(ana)


def test_a_class_list_is_asked_as_listed(class_file):
    class_file(f"final_quiz:\n  questions: [{INJURY}, {FASCIA}]\n")
    ana, ben = dashboard.FinalQuiz(10, seed="ana"), dashboard.FinalQuiz(10, seed="ben")
    assert ids(ana) == ids(ben) == [INJURY, FASCIA]
    assert "set by your teacher (class.yml): 2 questions" in heading(ana)
    assert "Question 1 of 2" in ana.views[0].box.children[0].value


# Each malformed class file, and words its message must hold (besides the file's name).
MALFORMED = [
    ("final_quiz: {seed: week6", ["YAML syntax error", "line"]),
    ("", ["the file is empty", "final_quiz"]),
    ("final_quiz: [a, b]\n", ["field 'final_quiz'", "a list of 2 items", "seed", "questions"]),
    ("quiz: {seed: week6}\n", ["field 'quiz' is not known", "final_quiz"]),
    ("{}\n", ["field 'final_quiz' is missing"]),
    ("final_quiz: {}\n", ["field 'final_quiz' holds neither", "seed", "questions"]),
    (f"final_quiz: {{seed: week6, questions: [{FASCIA}]}}\n", ["holds both", "not both"]),
    ("final_quiz: {seed: 6}\n", ["field 'final_quiz.seed' is 6", "non-empty text"]),
    ("final_quiz: {seed: week6, n: 0}\n", ["field 'final_quiz.n' is 0", "whole number"]),
    ("final_quiz: {seed: week6, n: 100000}\n", ["field 'final_quiz.n'", "between 1 and"]),
    ("final_quiz: {seed: week6, size: 3}\n", ["field 'final_quiz.size' is not known", "seed, n, questions"]),
    ("final_quiz: {questions: []}\n", ["field 'final_quiz.questions'", "list of different question ids"]),
    (f"final_quiz: {{questions: [{FASCIA}, {FASCIA}]}}\n", ["lists a question twice"]),
    ("final_quiz: {questions: [Fascia Role]}\n", ["field 'final_quiz.questions': entry 1", "'lesson/question'"]),
    ("final_quiz: {questions: [01_back_pain_basics/fascia-rol]}\n",
     ["entry 1", "no question '01_back_pain_basics/fascia-rol'", f"closest ids are '{FASCIA}'"]),
    (f"final_quiz: {{questions: [{FASCIA}, {PRACTICE}]}}\n",
     ["entry 2", f"'{PRACTICE}' may not be asked", "practice question"]),
    (f"final_quiz: {{questions: [{EXPLORER}]}}\n", ["entry 1", "state of an explorer"]),
    (f"final_quiz: {{questions: [{OWN}]}}\n", ["entry 1", "lesson 09 itself"]),
]


@pytest.mark.parametrize("text, words", MALFORMED, ids=[f"case{i}" for i in range(len(MALFORMED))])
def test_a_broken_class_file_falls_back_to_the_learners_own_draw_and_says_why(class_file, text, words):
    path = class_file(text)
    quiz = dashboard.FinalQuiz(6, seed="ana")
    assert ids(quiz) == ids(dashboard.final_quiz_form(6, "ana", class_file=path.parent / "none.yml"))
    assert ids(quiz) == [q.full_id for q in dashboard.final_quiz_questions(6, "ana")]
    shown = heading(quiz)
    assert "Your own draw: 6 questions" in shown
    assert "class file could not be used" in shown and "class.yml" in shown
    for word in words:
        assert word in shown, f"{word!r} missing from: {shown}"


def test_a_missing_class_file_falls_back_too(class_file, monkeypatch, tmp_path):
    monkeypatch.setenv("COURSE_CLASS_FILE", str(tmp_path / "nowhere" / "class.yml"))
    quiz = dashboard.FinalQuiz(4, seed="ana")
    assert "Your own draw" in heading(quiz) and "file not found" in heading(quiz)


def test_the_cli_writes_a_class_file_that_loads_back_to_the_same_questions(tmp_path, monkeypatch, capsys):
    out = tmp_path / "class.yml"
    assert main(["class-quiz", "--seed", "week6", "--n", "8", "--out", str(out)]) == 0
    text = out.read_text(encoding="utf-8")
    listed = [line.split()[1] for line in text.splitlines() if line.startswith("    - ")]
    assert len(listed) == 8 and "seed" not in text.split("final_quiz:")[1].split("#")[0]
    monkeypatch.setenv("COURSE_CLASS_FILE", str(out))
    from_file = ids(dashboard.FinalQuiz(10, seed="ana"))
    assert from_file == listed
    seeded = tmp_path / "seeded.yml"
    seeded.write_text("final_quiz: {seed: week6, n: 8}\n", encoding="utf-8")
    assert from_file == [q.full_id for q in dashboard.final_quiz_form(10, "ben", class_file=seeded).questions]
    # with the class file named, another learner's own seed does not change the quiz
    assert ids(dashboard.FinalQuiz(10, seed="someone else")) == listed
    assert main(["class-quiz", "--seed", "week6", "--out", str(out)]) == 1, "an existing file is not replaced"
    assert "exists" in capsys.readouterr().err
    assert main(["class-quiz", "--seed", "week7", "--n", "3", "--out", str(out), "--force"]) == 0
    assert len([line for line in out.read_text().splitlines() if line.startswith("    - ")]) == 3


def test_the_cli_checks_an_edited_class_file(tmp_path, capsys):
    good, bad = tmp_path / "good.yml", tmp_path / "bad.yml"
    good.write_text(f"final_quiz:\n  questions: [{INJURY}, {FASCIA}]\n", encoding="utf-8")
    bad.write_text(f"final_quiz:\n  questions: [{FASCIA}, {PRACTICE}]\n", encoding="utf-8")
    assert main(["class-quiz", "--check", str(good)]) == 0
    out = capsys.readouterr().out
    assert "2 questions" in out and out.index(INJURY) < out.index(FASCIA)
    assert main(["class-quiz", "--check", str(bad)]) == 1
    err = capsys.readouterr().err
    assert "bad.yml" in err and "entry 2" in err and "practice question" in err
    assert main(["class-quiz", "--out", str(tmp_path / "c.yml")]) == 2, "writing a file needs --seed"
    assert "--seed" in capsys.readouterr().err
