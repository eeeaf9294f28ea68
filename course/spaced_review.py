"""Spaced review: each lesson from 02 on opens with a few questions from earlier lessons.

The questions come from the learner's progress record, most useful first:

1. **missed**: tried and never answered right;
2. **sure but wrong**: answered wrongly while marked *sure* (a likely misconception), even if put
   right later;
3. **guessed**: answered while marked *guessing*.

A question answered right in a review counts as reviewed and leaves the list. When fewer than
``n`` questions qualify (always, for a new learner), the rest comes from a fixed list: the first
question of the last quiz of each earlier lesson that needs no explorer to answer, the most recent
lesson first. Only questions that may be asked outside their lesson are drawn
(``Question.asked_outside_lesson``: not lesson 00's practice questions, not questions about an
explorer's state).

The choice is stable: the same record gives the same questions in the same order (ties are
broken by a shuffle seeded with the record's ``quiz_seed`` and the lesson number).

>>> [item.question.full_id for item in review_questions({}, "03", n=2)]
['02_muscle_injury/urgent-signs', '01_back_pain_basics/recovered-at-year']
"""

from __future__ import annotations

import random
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from .banks import banks_before

#: Why a question is in the review, in the order they are preferred, with the words shown.
REASONS = {
    "missed": "you have not answered it right yet",
    "sure-but-wrong": "you were sure of a wrong answer",
    "guessed": "you were guessing",
    "warm-up": "a warm-up from the course's fixed list",
}


@dataclass(frozen=True)
class ReviewItem:
    """One review question and why it was chosen (a key of :data:`REASONS`)."""

    question: Any
    reason: str

    @property
    def reason_text(self) -> str:
        return REASONS[self.reason]


def _reason(attempts: list[Mapping[str, Any]]) -> str | None:
    """Why a question's recorded answers call for review, or None."""
    if not any(a.get("correct") for a in attempts):
        return "missed"
    last = attempts[-1]
    if last.get("correct") and last.get("source") == "review":
        return None
    if any(a.get("confidence") == "sure" and not a.get("correct") for a in attempts):
        return "sure-but-wrong"
    if any(a.get("confidence") == "guessing" for a in attempts):
        return "guessed"
    return None


def fallback_questions(number: str) -> list:
    """The fixed list for a lesson: the first eligible question of the last quiz of each earlier
    lesson, the most recent lesson first."""
    out = []
    for lesson_number, bank in sorted(banks_before(number).items(), reverse=True):
        for quiz_id in reversed(list(bank.quizzes)):
            found = [q for q in bank.quizzes[quiz_id] if q.asked_outside_lesson
                     and "explor" not in q.prompt.lower()]  # answerable without the lesson's explorer
            if found:
                out.append(found[0])
                break
    return out


def review_questions(record: Mapping[str, Any], number: str, n: int = 3) -> list[ReviewItem]:
    """Up to ``n`` questions from lessons before ``number`` for the learner with this record.

    Parameters
    ----------
    record : mapping
        A progress record (``course.progress``); an empty one for a new learner.
    number : str
        The lesson that opens with the review ('02' to '09').
    n : int
        How many questions at most (1 to 10).
    """
    if isinstance(n, bool) or not isinstance(n, int) or not 1 <= n <= 10:
        raise ValueError(f"the number of review questions must be a whole number from 1 to 10, got {n!r}")
    by_question: dict[str, list] = {}
    for attempt in record.get("attempts", []) or []:
        if isinstance(attempt, Mapping) and isinstance(attempt.get("question"), str):
            by_question.setdefault(attempt["question"], []).append(attempt)
    candidates: dict[str, list] = {reason: [] for reason in REASONS}
    for lesson_number, bank in banks_before(number).items():
        for q in bank.questions:
            if q.asked_outside_lesson and q.full_id in by_question:
                reason = _reason(by_question[q.full_id])
                if reason:
                    candidates[reason].append(q)
    rng = random.Random(f"review/{record.get('quiz_seed', '')}/{number}")
    chosen: list[ReviewItem] = []
    for reason, questions in candidates.items():
        rng.shuffle(questions)
        chosen.extend(ReviewItem(q, reason) for q in questions)
    taken = {item.question.full_id for item in chosen}
    for q in fallback_questions(number):
        if q.full_id not in taken:
            chosen.append(ReviewItem(q, "warm-up"))
            taken.add(q.full_id)
    return chosen[:n]
