"""Spaced review: each lesson from 02 on opens with a few questions from earlier lessons.

Every question the learner has answered is a review card, scheduled by FSRS
(:mod:`course.review_cards`: how each answer is rated, how cards are rebuilt). The review serves,
in this order:

1. **sure but wrong**: questions whose latest answer in the lessons was wrong while marked *sure*
   (a likely misconception), whatever their card says, until answered right in a review; the
   oldest confident error first;
2. **missed in the claim test**: for each idea (IHC Key Concept) missed in the learner's latest
   scored sitting of the claim-evaluation test (:mod:`course.claim_evaluation`), one question
   tagged with it, until a question of that idea is answered right after the sitting;
3. **due**: questions whose card falls due today (before the end of the learner's day), the most
   overdue first, ties in question-id order;
4. **warm-up**: when fewer than ``n`` questions qualify (always, for a new learner), the rest
   comes from a fixed list: the first question of the last quiz of each earlier lesson that needs
   no explorer to answer, the most recent lesson first.

Only questions of earlier lessons that may be asked outside their lesson are drawn
(``Question.asked_outside_lesson``: not lesson 00's practice questions, not questions about an
explorer's state). The choice is stable: the same record at the same moment gives the same
questions in the same order.

>>> [item.question.full_id for item in review_questions({}, "03", n=2)]
['02_muscle_injury/urgent-signs', '01_back_pain_basics/recovered-at-year']

:func:`review_schedule` says how many questions are due today and in the next 7 days, over the
whole course (``python -m course review``, and :func:`show_review_schedule` in lesson 09).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from .banks import QuizBankError, banks_before
from .claim_evaluation import PHASES, load_claim_test
from .claim_record import FIELD as CLAIM_FIELD
from .claim_record import is_scored, missed_concepts
from .progress import ProgressError, default_store
from .review_cards import (DueCounts, days_since, due_cards, due_counts, hypercorrection_questions, load_cards,
                           refreshed_cards)
from .text import plain_text

#: Why a question is in the review, in the order they are preferred, with the words shown
#: ("{ago}" becomes "today", "1 day ago", "5 days ago").
REASONS = {
    "sure-but-wrong": "you were sure of a wrong answer",
    "missed-concept": "its idea was missed in your claim test",
    "due": "due for review (last seen {ago})",
    "warm-up": "a warm-up from the course's fixed list",
}
#: Lesson numbers sort below this one: banks_before(ALL_LESSONS) is every lesson's bank.
ALL_LESSONS = "99"


def _ago(days: int | None) -> str:
    if days is None or days <= 0:
        return "today"
    return "1 day ago" if days == 1 else f"{days} days ago"


@dataclass(frozen=True)
class ReviewItem:
    """One review question, why it was chosen (a key of :data:`REASONS`) and, for a card, how
    many whole days ago it was last answered."""

    question: Any
    reason: str
    last_seen_days: int | None = None

    @property
    def reason_text(self) -> str:
        return REASONS[self.reason].format(ago=_ago(self.last_seen_days))


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


def _scheduled(record: Mapping[str, Any], number: str, now: datetime) -> tuple[list[ReviewItem], dict, set]:
    """(sure-but-wrong and due items of lessons before ``number``, every eligible card, the
    sure-but-wrong question ids), from the record's cards brought up to date with its answers."""
    attempts = record.get("attempts", []) or []
    eligible = {q.full_id: q for bank in banks_before(number).values() for q in bank.questions
                if q.asked_outside_lesson}
    cards = {q: c for q, c in load_cards(refreshed_cards(record.get("cards"), attempts)).items() if q in eligible}
    sure_wrong = [q for q in hypercorrection_questions(attempts) if q in eligible]
    items = [ReviewItem(eligible[q], "sure-but-wrong") for q in sure_wrong]
    items += _concept_items(record, eligible, set(sure_wrong))
    first = {item.question.full_id for item in items}
    items += [ReviewItem(eligible[q], "due", days_since(cards[q], now)) for q in due_cards(cards, now)
              if q not in first]
    return items, cards, first


def _concept_items(record: Mapping[str, Any], eligible: dict, taken: set) -> list[ReviewItem]:
    """One eligible question per idea missed in the latest scored claim test, in the test's order,
    for ideas with no question answered right since that sitting."""
    if not any(is_scored(record, phase) for phase in PHASES):
        return []  # no scored sitting, nothing missed: the test file need not be read
    try:
        test = load_claim_test()
    except QuizBankError:
        return []  # a broken test file is reported by check-quizzes; the review goes on without it
    missed, when = missed_concepts(test, record)
    if not missed:
        return []
    attempts = record.get("attempts", []) or []
    right_since = {a.get("question") for a in attempts
                   if isinstance(a, Mapping) and a.get("correct") is True and str(a.get("time", "")) >= when}
    items = []
    for code in missed:
        tagged = [qid for qid, q in eligible.items() if code in q.concepts]
        if any(qid in right_since for qid in tagged):
            continue
        qid = next((qid for qid in tagged if qid not in taken), None)
        if qid is not None:
            items.append(ReviewItem(eligible[qid], "missed-concept"))
            taken.add(qid)
    return items


def review_questions(record: Mapping[str, Any], number: str, n: int = 3, *,
                     now: datetime | None = None) -> list[ReviewItem]:
    """Up to ``n`` questions from lessons before ``number`` for the learner with this record.

    Parameters
    ----------
    record : mapping
        A progress record (``course.progress``); an empty one for a new learner.
    number : str
        The lesson that opens with the review ('02' to '09').
    n : int
        How many questions at most (1 to 10).
    now : datetime, optional
        The moment of the review, timezone-aware (its zone says when the learner's day ends).
        Needed when the record has cards; the lesson passes the clock's time.
    """
    if isinstance(n, bool) or not isinstance(n, int) or not 1 <= n <= 10:
        raise ValueError(f"the number of review questions must be a whole number from 1 to 10, got {n!r}")
    chosen: list[ReviewItem] = []
    if record.get("attempts") or record.get(CLAIM_FIELD):
        if now is None:
            raise ValueError("now must be a timezone-aware datetime (the moment of the review), got None")
        chosen = _scheduled(record, number, now)[0]
    taken = {item.question.full_id for item in chosen}
    for q in fallback_questions(number):
        if q.full_id not in taken:
            chosen.append(ReviewItem(q, "warm-up"))
            taken.add(q.full_id)
    return chosen[:n]


@dataclass(frozen=True)
class ReviewSchedule:
    """What the reviews hold for the whole course: today's questions (in the order a review serves
    them) and the counts of :class:`course.review_cards.DueCounts`."""

    today: list[ReviewItem]
    counts: DueCounts


def review_schedule(record: Mapping[str, Any], now: datetime) -> ReviewSchedule:
    """Today's review questions of every lesson and how many fall due in the next 7 days.

    A question served because the learner was sure of a wrong answer, or because its idea was missed
    in the claim test, counts as due today.
    """
    items, cards, sure_wrong = _scheduled(record, ALL_LESSONS, now)
    return ReviewSchedule(items, due_counts(cards, now, also_today=sure_wrong))


def _questions(k: int) -> str:
    return f"{k} question{'s' if k != 1 else ''}"


def schedule_text(schedule: ReviewSchedule) -> str:
    """The schedule in words: the two counts, then today's questions one per line."""
    counts = schedule.counts
    lines = [f"Due for review today: {_questions(counts.today)}.",
             f"Due in the next 7 days (after today): {_questions(counts.next_7_days)}."]
    if schedule.today:
        lines.append("Today's questions (each lesson's review serves them first):")
        for i, item in enumerate(schedule.today, start=1):
            q = item.question
            prompt = plain_text(q.prompt.strip().splitlines()[0]) if q.prompt.strip() else q.full_id
            prompt = prompt if len(prompt) <= 70 else prompt[:67] + "..."
            lines.append(f"  {i}. Lesson {q.lesson[:2]}, Quiz {q.quiz_id}: {prompt} ({item.reason_text})")
    elif counts.today == counts.next_7_days == 0:
        lines.append("Nothing is scheduled yet: questions you answer in the lessons come back here when they are due.")
    return "\n".join(lines)


def show_review_schedule(now: datetime | None = None) -> None:
    """Print how many questions are due for review today and in the next 7 days, and today's
    questions, from the learner's progress file (lesson 09; ``python -m course review``).

    ``now`` is the moment to count from (timezone-aware); by default the clock's, in the
    computer's time zone.
    """
    try:
        record = default_store().load()
    except ProgressError as exc:
        print(f"Your progress could not be read ({exc}), so no review schedule can be shown.")
        return
    print(schedule_text(review_schedule(record, now or datetime.now().astimezone())))
