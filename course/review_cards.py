"""Review cards: every quiz question is a card, scheduled by FSRS (the ``fsrs`` package, as Anki uses it).

A card is what the scheduler knows of one question: how stable the learner's memory of it is,
how hard it is, when it is due again. It is never edited by hand: it is rebuilt by replaying the
question's recorded answers, oldest first, through one fixed :data:`SCHEDULER`.

**Each answer is a rating** (:func:`rating_for`):

==================  =========================  ======================  ======
the answer          tries                      confidence              rating
==================  =========================  ======================  ======
wrong               any                        any                     Again
right               after a retry (attempt>1)  any                     Hard
right               first try                  guessing                Hard
right               first try                  unsure, or not given    Good
right               first try                  sure                    Easy
==================  =========================  ======================  ======

"After a retry" means the answer's ``attempt`` is more than 1 (the quiz counts the tries of one
question); an answer with no ``correct`` counts as wrong, one with no ``attempt`` as a first try.

**The replay.** The review time of an answer is its ``time``; an answer without a time that
can be read (an ISO 8601 date and time from 1970 to 9000; one without a zone is taken as UTC) cannot be placed
among the others, so it is left out of the card (the answer itself stays in the record). A
question with no such answer has no card. The scheduler is fixed: FSRS 6's default parameters,
desired retention 0.9, no fuzz, and no learning steps of minutes: the course's reviews come when
a lesson opens, days apart, so every interval comes from FSRS's memory model (at least a day).

**Cards are a cache of the answers.** The progress record keeps them (``record["cards"]``:
question id -> the card's ``to_dict()``), and they are rebuilt from the answers whenever they
do not match: a card's ``card_id`` is a fingerprint of what it was built from (the scheduler
and each answer's time and rating), so :func:`refreshed_cards` keeps a stored card only when it
reads back exactly and was built from the question's answers as they are now; any other stored
card (out of date, damaged or made up) is rebuilt, never trusted and never a crash.

**Due** (:func:`due_cards`, :func:`due_counts`): a card is due today when it falls due before
the end of the day of ``now`` (midnight, in ``now``'s time zone); the most overdue come first,
ties in question-id order. ``now`` is always given: nothing here reads the clock.

**Hypercorrection** (:func:`hypercorrection_questions`): a question whose latest answer outside
the reviews (in a lesson or the final quiz) was wrong while marked *sure* comes back at the next
review whatever its card says, until it is answered right in a review. A confident error
corrected is remembered well, but only when it is put right.

>>> from datetime import datetime, timezone
>>> attempts = [{"question": "01_back_pain_basics/fascia-role", "correct": False, "confidence": "sure",
...              "attempt": 1, "source": "lesson", "time": "2026-03-01T10:00:00+00:00"},
...             {"question": "01_back_pain_basics/fascia-role", "correct": True, "confidence": "unsure",
...              "attempt": 2, "source": "lesson", "time": "2026-03-01T10:00:40+00:00"}]
>>> [r.name for r in map(rating_for, attempts)]
['Again', 'Hard']
>>> cards = build_cards(attempts)
>>> cards["01_back_pain_basics/fascia-role"]["due"]
'2026-03-02T10:00:40+00:00'
>>> now = datetime(2026, 3, 2, 9, 0, tzinfo=timezone.utc)
>>> due_counts(cards, now)
DueCounts(today=1, next_7_days=0)
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from typing import Any

from fsrs import Card, Rating, Scheduler, State

#: Desired retention: the chance of still knowing an answer when its card falls due.
DESIRED_RETENTION = 0.9
#: The one scheduler every card is replayed through (fixed parameters: a card depends only on answers).
SCHEDULER = Scheduler(desired_retention=DESIRED_RETENTION, learning_steps=(), relearning_steps=(),
                      enable_fuzzing=False)
_SCHEDULER_TAG = json.dumps(SCHEDULER.to_dict(), sort_keys=True)
#: A card_id is a fingerprint below 2**53, so that it stays exact in any JSON reader.
_ID_BITS = 53
#: Answer times outside these years are not read (a card's due date must stay a date Python can hold).
FIRST_YEAR, LAST_YEAR = 1970, 9000
#: Where an answer was given outside the reviews (see course.progress.SOURCES).
REVIEW_SOURCE = "review"


def rating_for(attempt: Mapping[str, Any]) -> Rating:
    """The FSRS rating of one recorded answer (the table in the module docstring).

    >>> rating_for({"correct": True, "attempt": 1, "confidence": "sure"}).name
    'Easy'
    """
    if attempt.get("correct") is not True:
        return Rating.Again
    tries = attempt.get("attempt", 1)
    retried = isinstance(tries, int) and not isinstance(tries, bool) and tries > 1
    confidence = attempt.get("confidence")
    if retried or confidence == "guessing":
        return Rating.Hard
    return Rating.Easy if confidence == "sure" else Rating.Good


def review_time(attempt: Mapping[str, Any]) -> datetime | None:
    """An answer's ``time`` in UTC, or None when it has none that can be read.

    >>> review_time({"time": "2026-03-01T11:00:00+01:00"}).isoformat()
    '2026-03-01T10:00:00+00:00'
    >>> review_time({"time": "last Tuesday"}) is None
    True
    """
    text = attempt.get("time")
    if not isinstance(text, str):
        return None
    try:
        when = datetime.fromisoformat(text)
        if when.tzinfo is None:
            when = when.replace(tzinfo=timezone.utc)
        when = when.astimezone(timezone.utc)
    except (ValueError, OverflowError):
        return None
    return when if FIRST_YEAR <= when.year <= LAST_YEAR else None


def _answers_by_question(attempts: Any) -> dict[str, list[tuple[datetime, Rating]]]:
    """Each question's timed answers as (time, rating), oldest first (ties keep the record's order)."""
    found: dict[str, list[tuple[datetime, Rating]]] = {}
    for a in attempts if isinstance(attempts, list) else ():
        if isinstance(a, Mapping) and isinstance(a.get("question"), str):
            when = review_time(a)
            if when is not None:
                found.setdefault(a["question"], []).append((when, rating_for(a)))
    return {q: sorted(answers, key=lambda answer: answer[0]) for q, answers in found.items()}


def _fingerprint(question: str, answers: list[tuple[datetime, Rating]]) -> int:
    text = json.dumps([_SCHEDULER_TAG, question, [[t.isoformat(), r.value] for t, r in answers]])
    return int.from_bytes(hashlib.sha256(text.encode("utf-8")).digest()[:8], "big") >> (64 - _ID_BITS)


def replay(question: str, answers: list[tuple[datetime, Rating]]) -> Card:
    """The card of a question answered at these times with these ratings (oldest first), through
    :data:`SCHEDULER`; its ``card_id`` is the fingerprint of the answers."""
    if not answers:
        raise ValueError(f"answers of {question!r}: a card needs at least one timed answer, got none")
    card = Card(card_id=_fingerprint(question, answers), due=answers[0][0])
    for when, rating in answers:
        card, _ = SCHEDULER.review_card(card, rating, review_datetime=when)
    return card


def _readable(stored: Any, card_id: int) -> bool:
    """Does a stored card read back exactly as the card built from ``card_id``'s answers would be
    written (same fingerprint, every field of the right kind)?"""
    if not isinstance(stored, dict) or stored.get("card_id") != card_id:
        return False
    try:
        card = Card.from_dict(stored)
        ok = (card.due.tzinfo is not None and (card.last_review is None or card.last_review.tzinfo is not None)
              and card.state in (State.Learning, State.Review, State.Relearning))
        return ok and card.to_dict() == stored
    except (KeyError, TypeError, ValueError, OverflowError, AttributeError):
        return False


def refreshed_cards(stored: Any, attempts: Any) -> dict[str, dict]:
    """The cards of a record's answers: each stored card that matches its question's answers is
    kept as it is, every other one is rebuilt; questions without a timed answer have none.

    ``stored`` may be anything (a damaged or made-up ``cards`` field): it is only read.
    """
    stored = stored if isinstance(stored, dict) else {}
    cards = {}
    for question, answers in sorted(_answers_by_question(attempts).items()):
        kept = stored.get(question)
        cards[question] = kept if _readable(kept, _fingerprint(question, answers)) else replay(question, answers).to_dict()
    return cards


def build_cards(attempts: Any) -> dict[str, dict]:
    """Every question's card rebuilt from the answers alone (question id -> ``Card.to_dict()``)."""
    return refreshed_cards({}, attempts)


def load_cards(cards: Mapping[str, Any]) -> dict[str, Card]:
    """Stored cards (from :func:`refreshed_cards`) as ``fsrs.Card`` objects."""
    return {question: Card.from_dict(data) for question, data in cards.items()}


def _check_now(now: Any) -> datetime:
    if not isinstance(now, datetime) or now.tzinfo is None or now.utcoffset() is None:
        raise ValueError(f"now must be a timezone-aware datetime (the moment of the review), got {now!r}")
    return now


def end_of_day(now: datetime, days: int = 0) -> datetime:
    """Midnight at the end of ``now``'s day (in ``now``'s time zone), ``days`` days later.

    >>> end_of_day(datetime(2026, 3, 2, 9, 30, tzinfo=timezone.utc), days=7).isoformat()
    '2026-03-10T00:00:00+00:00'
    """
    now = _check_now(now)
    return (now + timedelta(days=days + 1)).replace(hour=0, minute=0, second=0, microsecond=0)


def due_cards(cards: Mapping[str, Card], now: datetime) -> list[str]:
    """The questions whose cards are due today (before the end of ``now``'s day), most overdue
    first; cards due at the same moment in question-id order."""
    limit = end_of_day(now)
    return [q for q, card in sorted(cards.items(), key=lambda item: (item[1].due, item[0])) if card.due < limit]


@dataclass(frozen=True)
class DueCounts:
    """How many questions are due today, and how many more fall due in the 7 days after today."""

    today: int
    next_7_days: int


def due_counts(cards: Mapping[str, Any], now: datetime, also_today: Iterable[str] = ()) -> DueCounts:
    """Count the cards due today and in the next 7 days (the days after today, up to midnight at the
    end of the 7th). ``cards`` are stored dicts or ``fsrs.Card``; ``also_today`` names questions
    served today whatever their card says (hypercorrection), counted once, today."""
    cards = {q: c if isinstance(c, Card) else Card.from_dict(c) for q, c in cards.items()}
    today = set(due_cards(cards, now)) | set(also_today)
    week_end = end_of_day(now, days=7)
    later = [q for q, card in cards.items() if q not in today and card.due < week_end]
    return DueCounts(today=len(today), next_7_days=len(later))


def hypercorrection_questions(attempts: Any) -> list[str]:
    """Questions whose latest answer outside the reviews was wrong while *sure*, and that no review
    answered right since; in the order of those confident errors (the record's order).

    >>> hypercorrection_questions([
    ...     {"question": "a", "correct": False, "confidence": "sure", "source": "lesson"},
    ...     {"question": "b", "correct": False, "confidence": "sure", "source": "lesson"},
    ...     {"question": "b", "correct": True, "confidence": "unsure", "source": "review"}])
    ['a']
    """
    flagged: dict[str, int] = {}
    for i, a in enumerate(attempts if isinstance(attempts, list) else ()):
        if not isinstance(a, Mapping) or not isinstance(a.get("question"), str):
            continue
        question = a["question"]
        if a.get("source") == REVIEW_SOURCE:
            if a.get("correct") is True:
                flagged.pop(question, None)
        elif a.get("correct") is not True and a.get("confidence") == "sure":
            flagged[question] = i
        else:
            flagged.pop(question, None)
    return sorted(flagged, key=flagged.__getitem__)


def days_since(card: Card, now: datetime) -> int | None:
    """Whole days from the card's last review to ``now`` (None for a card never reviewed)."""
    if card.last_review is None:
        return None
    return max(0, (_check_now(now) - card.last_review).days)
