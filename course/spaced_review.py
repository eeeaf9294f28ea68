"""Spaced review: each lesson from 02 on opens with a few questions from earlier lessons.

The questions come from the learner's progress record, most useful first:

1. **missed**: tried and never answered right;
2. **sure but wrong**: answered wrongly while marked *sure* (a likely misconception), even if put
   right later;
3. **guessed**: answered while marked *guessing*.

A question answered right in a review counts as reviewed and leaves the list. When fewer than
``n`` questions qualify (always, for a new learner), the rest comes from a fixed list: the first
question of the last quiz of each earlier lesson that needs no explorer to answer, the most recent
lesson first. Lesson 00's
practice quiz and questions about an explorer's state are never drawn.

The choice is stable: the same record gives the same questions in the same order (ties are
broken by a shuffle seeded with the record's ``quiz_seed`` and the lesson number).

>>> [item.question.full_id for item in review_questions({}, "03", n=2)]
['02_muscle_injury/urgent-signs', '01_back_pain_basics/recovered-at-year']
"""

from __future__ import annotations

import html
import random
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from .banks import banks_before

#: Quizzes never drawn: lesson 00's practice questions about using the notebook.
SKIP_QUIZZES = {"00": ("1.1",)}
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


def _banks_before(number: str) -> dict[str, Any]:
    return banks_before(number)


def _eligible(number: str, question) -> bool:
    return question.kind != "explorer" and question.quiz_id not in SKIP_QUIZZES.get(number, ())


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
    for lesson_number, bank in sorted(_banks_before(number).items(), reverse=True):
        for quiz_id in reversed(list(bank.quizzes)):
            found = [q for q in bank.quizzes[quiz_id] if _eligible(lesson_number, q)
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
    for lesson_number, bank in _banks_before(number).items():
        for q in bank.questions:
            if _eligible(lesson_number, q) and q.full_id in by_question:
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


# --------------------------------------------------------------------------------------------
# The widget
# --------------------------------------------------------------------------------------------


class ReviewPanel:
    """The review at the top of a lesson: one question box per item, each saying where it comes
    from and why it is here.

    Attributes
    ----------
    items : list of ReviewItem
    views : list of course.quiz_widget.QuestionView
    widget : ipywidgets.VBox
        Class ``course-review`` (not ``course-quiz``: a lesson's first quiz stays its own Quiz 1.1).
    """

    def __init__(self, items: list[ReviewItem], on_attempt: Callable | None = None, note: str = ""):
        import ipywidgets as widgets

        from .lessons import lesson
        from .quiz_widget import QuestionView

        self.items = items
        self.views = []
        for i, item in enumerate(items, start=1):
            q = item.question
            view = QuestionView(q, on_attempt=on_attempt)
            info = lesson(q.lesson)
            source = widgets.HTML(
                f'<p class="course-review-source"><b>Review {i} of {len(items)}</b> · from Lesson '
                f"{html.escape(info.number)} ({html.escape(info.title)}), Quiz {html.escape(q.quiz_id)} · "
                f"<i>{html.escape(item.reason_text)}</i></p>")
            view.box.children = (source, *view.box.children)
            self.views.append(view)
        heading = widgets.HTML(
            f'<h3 class="course-quiz-title">Review: {len(items)} question{"s" if len(items) != 1 else ""} '
            "from earlier lessons</h3>"
            + (f'<p role="note">{html.escape(note)}</p>' if note else ""))
        self.widget = widgets.VBox([heading, *(v.box for v in self.views)])
        self.widget.add_class("course-review")

    def static_html(self) -> str:
        from .text import render_markdown

        items = "".join(f"<li>{render_markdown(item.question.prompt)}<p><small>From Lesson "
                        f"{html.escape(item.question.lesson[:2])}, Quiz {html.escape(item.question.quiz_id)}"
                        "</small></p></li>" for item in self.items)
        return (f'<div class="course-review-static"><h3>Review</h3><ol>{items}</ol>'
                "<p><i>Run the lesson live to answer: the review picks the questions you missed or "
                "guessed.</i></p></div>")

    def _repr_mimebundle_(self, **kwargs):
        bundle = self.widget._repr_mimebundle_(**kwargs)
        data = bundle[0] if isinstance(bundle, tuple) else bundle
        data["text/html"] = self.static_html()
        data["text/plain"] = f"Review: {len(self.items)} question(s) from earlier lessons; run the lesson live to answer."
        return bundle


def show_review(number: str, record: Mapping[str, Any] | None = None, n: int = 3,
                on_attempt: Callable | None = None, note: str = "") -> ReviewPanel:
    """The review that opens lesson ``number`` for the learner with ``record`` (None: a new learner)."""
    return ReviewPanel(review_questions(record or {}, number, n), on_attempt=on_attempt, note=note)
