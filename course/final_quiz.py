"""Lesson 09's final quiz: which questions it asks, for a learner alone or for a whole class.

By default each learner gets a draw of their own, stable across visits (the record's
``quiz_seed``): right for self-study. A lecturer who wants the class to answer the same questions
and discuss them sets one form in a class file, a small YAML file named by the environment
variable ``COURSE_CLASS_FILE`` (a hub or a shared folder provides it)::

    final_quiz:
      seed: week6          # a draw every learner shares (n: 12 sets its size)

or::

    final_quiz:
      questions:           # a fixed list, asked in this order
        - 01_back_pain_basics/fascia-role

The file is checked against ``data/schema/class.schema.json`` and against the banks; a file that
cannot be used never stops the lesson: the quiz falls back to the learner's own draw and says
why. ``python -m course class-quiz --seed week6 --n 10 --out class.yml`` writes a class file with
the drawn question ids listed, for the lecturer to read and edit.

>>> [q.full_id for q in final_quiz_questions(3, seed="x")] == [q.full_id for q in final_quiz_questions(3, seed="x")]
True
"""

from __future__ import annotations

import difflib
import json
import os
import random
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .banks import _show, course_banks, find_question, read_or_problems
from .explorer_questions import ExplorerQuestion
from .paths import data_file, display_path
from .quiz import Question, _close
from .schemas import jsonschema
from .text import plain_text

#: Lesson 09's own number: its bank (if any) is not part of the final quiz.
OWN_LESSON = "09"
#: The environment variable that names the class file.
CLASS_FILE_ENV = "COURSE_CLASS_FILE"
SCHEMA_FILE = Path("schema") / "class.schema.json"
#: How many closest question ids an unknown id is answered with.
CLOSEST = 3


# --------------------------------------------------------------------------------------------
# The questions that may be asked, and a learner's own draw
# --------------------------------------------------------------------------------------------


def final_quiz_pool() -> dict[str, list[Question]]:
    """The questions the final quiz draws from, by lesson number: every lesson bank but 09's, and
    only the questions that may be asked outside their lesson (``Question.asked_outside_lesson``:
    not lesson 00's practice questions, not questions about an explorer's state)."""
    pools = {}
    for number, bank in course_banks().items():
        if number == OWN_LESSON:
            continue
        questions = [q for q in bank.questions if q.asked_outside_lesson]
        if questions:
            pools[number] = questions
    return pools


def final_quiz_questions(n: int = 10, seed: str = "") -> list[Question]:
    """``n`` questions drawn from the lesson banks, spread over the lessons, in shuffled order.

    The same ``seed`` (each learner's progress file holds one; a class file may set one for the
    class) gives the same questions in the same order, so re-running lesson 09 does not change the
    quiz.

    Parameters
    ----------
    n : int
        How many questions, from 1 to the number available.
    seed : str
        Makes the draw repeatable.
    """
    pools = final_quiz_pool()
    total = sum(len(p) for p in pools.values())
    if isinstance(n, bool) or not isinstance(n, int) or not 1 <= n <= total:
        raise ValueError(f"the number of final-quiz questions must be a whole number between 1 and {total}, got {n!r}")
    rng = random.Random(f"final-quiz/{seed}")
    for pool in pools.values():
        rng.shuffle(pool)
    order = sorted(pools)
    rng.shuffle(order)
    chosen = []
    while len(chosen) < n:
        for number in order:
            if pools[number] and len(chosen) < n:
                chosen.append(pools[number].pop())
    rng.shuffle(chosen)
    return chosen


def lesson_only_reason(question: Question) -> str | None:
    """Why ``question`` may not be asked in the final quiz, or None when it may."""
    if question.full_id[:2] == OWN_LESSON:
        return f"it is a question of lesson {OWN_LESSON} itself, which the final quiz does not repeat"
    if question.asked_outside_lesson:
        return None
    if isinstance(question, ExplorerQuestion):
        return "it asks about the state of an explorer, which is shown only in its own lesson"
    return "it is a practice question about using the notebook (practice: true in its bank)"


# --------------------------------------------------------------------------------------------
# The class file
# --------------------------------------------------------------------------------------------


class ClassFileError(ValueError):
    """A class file cannot be used. ``messages`` holds one line per problem, each naming the file."""

    def __init__(self, messages: list[str]):
        self.messages = list(messages)
        super().__init__("\n".join(self.messages))


def class_schema_path() -> Path:
    """data/schema/class.schema.json (of COURSE_DATA_DIR if it has one, else the repository's)."""
    return data_file(SCHEMA_FILE)


def class_file_path() -> Path | None:
    """The class file named by ``COURSE_CLASS_FILE``, or None when the variable is not set."""
    value = os.environ.get(CLASS_FILE_ENV, "").strip()
    return Path(value).expanduser() if value else None


def _field(path: list) -> str:
    """'field 'final_quiz.questions': entry 3' for a path into the class file."""
    names = ".".join(str(p) for p in path if isinstance(p, str))
    entries = [p for p in path if isinstance(p, int)]
    words = f"field '{names}'" if names else "the file"
    return words + (f": entry {entries[-1] + 1}" if entries else "")


def _schema_problem(error: Any) -> str:
    """One schema error in words: the field, what it holds, and what is valid (the schema's
    ``description`` of the field says what is valid)."""
    path = list(error.absolute_path)
    valid = error.schema.get("description", "")
    if error.validator == "additionalProperties":
        known = list(error.schema.get("properties", {}))
        extra = [k for k in error.instance if k not in known]
        return "; ".join(f"{_field(path + [k])} is not known{_close(k, known)}; the fields here are "
                         f"{', '.join(known)}" for k in extra)
    if error.validator == "required":
        missing = next(name for name in error.validator_value if name not in error.instance)
        field_valid = error.schema.get("properties", {}).get(missing, {}).get("description", "")
        return f"{_field(path + [missing])} is missing: it must be {field_valid}"
    if error.validator == "oneOf":
        return f"{_field(path)} holds {'both' if {'seed', 'questions'} <= set(error.instance) else 'neither of'} " \
               f"'seed' and 'questions': {valid}"
    if error.validator == "uniqueItems":
        return f"{_field(path)} lists a question twice: {valid}"
    return f"{_field(path)} is {_show(error.instance)}: it must be {valid}"


def _all_question_ids() -> list[str]:
    return [q.full_id for bank in course_banks().values() for q in bank.questions]


def _question_problem(full_id: str, known: list[str]) -> tuple[Question | None, str | None]:
    question = find_question(full_id)
    if question is None:
        closest = difflib.get_close_matches(full_id, known, n=CLOSEST, cutoff=0.0)
        return None, (f"no question '{full_id}' in the course's banks; the closest ids are "
                      f"{', '.join(repr(c) for c in closest)}")
    reason = lesson_only_reason(question)
    return question, (None if reason is None else f"'{full_id}' may not be asked in the final quiz: {reason}")


def load_class_quiz(path: str | Path, n: int = 10) -> list[Question]:
    """The questions a class file sets for the final quiz.

    Parameters
    ----------
    path : str or Path
        The class file (YAML, ``final_quiz: {seed: ...}`` or ``final_quiz: {questions: [...]}``).
    n : int
        How many questions a seed draws when the file does not say (``final_quiz.n``).

    Raises
    ------
    ClassFileError
        When the file cannot be used; each message names the file, the field and what is valid.
    """
    path = Path(path)
    label = display_path(path)
    data, problems = read_or_problems(path, "final_quiz (with seed or questions)")
    if problems:
        raise ClassFileError(problems)
    schema = json.loads(class_schema_path().read_text(encoding="utf-8"))
    errors = sorted(jsonschema().Draft202012Validator(schema).iter_errors(data),
                    key=lambda e: [str(p) for p in e.absolute_path])
    # a oneOf on a value of the wrong type only repeats its type error
    errors = [e for e in errors if not (e.validator == "oneOf" and not isinstance(e.instance, dict))]
    problems = list(dict.fromkeys(f"{label}: {_schema_problem(e)}" for e in errors))
    if problems:
        raise ClassFileError(problems)
    form = data["final_quiz"]
    if "seed" in form:
        try:
            return final_quiz_questions(form.get("n", n), form["seed"])
        except ValueError as exc:
            raise ClassFileError([f"{label}: field 'final_quiz.n': {exc}"]) from None
    known = _all_question_ids()
    chosen = []
    for i, full_id in enumerate(form["questions"]):
        question, problem = _question_problem(full_id, known)
        if problem:
            problems.append(f"{label}: field 'final_quiz.questions': entry {i + 1}: {problem}")
        else:
            chosen.append(question)
    if problems:
        raise ClassFileError(problems)
    return chosen


# --------------------------------------------------------------------------------------------
# The form a learner gets
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class QuizForm:
    """The questions of one learner's final quiz and where they come from.

    ``class_file`` is the class file's name when the class's form is used (None for the learner's
    own draw); ``note`` says why a class file was not used.
    """

    questions: list[Question]
    class_file: str | None = None
    note: str | None = None

    @property
    def heading(self) -> str:
        n = len(self.questions)
        if self.class_file:
            return f"Your class's quiz, set by your teacher ({self.class_file}): {n} questions"
        return f"Your own draw: {n} questions from across the course"


def final_quiz_form(n: int, learner_seed: str, class_file: str | Path | None = None) -> QuizForm:
    """The class's form when a class file is set (``class_file``, else ``COURSE_CLASS_FILE``) and
    usable; otherwise the learner's own draw of ``n`` questions, with the reason in ``note``."""
    path = Path(class_file) if class_file is not None else class_file_path()
    if path is not None:
        try:
            return QuizForm(load_class_quiz(path, n), class_file=path.name)
        except ClassFileError as exc:
            note = (f"Your teacher's class file could not be used, so this is your own draw. "
                    f"{' '.join(exc.messages)}")
            return QuizForm(final_quiz_questions(n, learner_seed), note=note)
    return QuizForm(final_quiz_questions(n, learner_seed))


def class_file_text(seed: str, n: int) -> str:
    """A class file listing the ``n`` questions that ``seed`` draws, one id a line with its lesson,
    quiz and prompt as a comment, for the lecturer to read and edit."""
    questions = final_quiz_questions(n, seed)
    lines = [
        "# The final quiz of lesson 09 for the whole class: every learner gets these questions, in this order.",
        f"# Drawn with: python -m course class-quiz --seed {seed} --n {n}",
        "# Edit the list to change the quiz (ids as in the answer key: lesson/question). Learners see it when",
        f"# {CLASS_FILE_ENV} names this file.",
        "final_quiz:",
        "  questions:",
    ]
    for q in questions:
        prompt = " ".join(plain_text(q.prompt).split())
        prompt = prompt if len(prompt) <= 70 else prompt[:67] + "..."
        lines.append(f"    - {q.full_id}  # Lesson {q.full_id[:2]}, Quiz {q.quiz_id}: {prompt}")
    return "\n".join(lines) + "\n"
