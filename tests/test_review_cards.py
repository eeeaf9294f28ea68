"""FSRS review cards (course.review_cards): the rating of each answer, cards replayed from the answers,
what is due and when, the confident errors that come back, and the cards in the progress record
(schema version 2: migration, damaged cards, import and merge), and ``python -m course review``."""

from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone

import pytest
from fsrs import Card, Rating, Scheduler

from course import progress
from course.cli import main
from course.progress import ProgressStore, new_record
from course.progress_transfer import import_progress, merge_records, read_incoming
from course.review_cards import (build_cards, due_cards, due_counts, hypercorrection_questions, rating_for,
                                 refreshed_cards)
from course.spaced_review import review_schedule, schedule_text, show_review_schedule

UTC = timezone.utc
FASCIA = "01_back_pain_basics/fascia-role"
LACTATE = "02_muscle_injury/lactate-role"
ISCHEMIA = "03_ischemia/ischemia-meaning"


def _a(question, correct, confidence=None, attempt=1, source="lesson", time="2026-03-01T10:00:00+00:00"):
    return {"question": question, "lesson": question[:2], "response": 0, "answer": "x", "correct": correct,
            "confidence": confidence, "attempt": attempt, "source": source, "time": time}


# -- the rating of an answer ---------------------------------------------------------------------

@pytest.mark.parametrize("correct, attempt, confidence, rating", [
    (False, 1, "sure", Rating.Again),
    (False, 1, "guessing", Rating.Again),
    (False, 3, None, Rating.Again),
    (True, 2, "sure", Rating.Hard),       # right after a retry
    (True, 2, "unsure", Rating.Hard),
    (True, 1, "guessing", Rating.Hard),   # right while guessing
    (True, 1, "unsure", Rating.Good),
    (True, 1, None, Rating.Good),         # no confidence given
    (True, 1, "sure", Rating.Easy),       # right, sure, first try
])
def test_the_rating_table(correct, attempt, confidence, rating):
    assert rating_for({"correct": correct, "attempt": attempt, "confidence": confidence}) == rating


def test_the_rating_of_an_answer_missing_fields():
    assert rating_for({"attempt": 1, "confidence": "sure"}) == Rating.Again, "no 'correct': not a right answer"
    assert rating_for({"correct": True, "confidence": "sure"}) == Rating.Easy, "no 'attempt': a first try"


def test_every_confidence_level_of_the_quiz_has_a_rating():
    from course.confidence import LEVELS

    assert {rating_for({"correct": True, "attempt": 1, "confidence": c}) for c in LEVELS} == {
        Rating.Easy, Rating.Good, Rating.Hard}


# -- replaying the answers -------------------------------------------------------------------

def test_a_card_is_the_answers_replayed_through_the_scheduler_by_hand():
    attempts = [_a(FASCIA, False, "sure", time="2026-03-01T10:00:00+00:00"),
                _a(FASCIA, True, "unsure", attempt=2, time="2026-03-01T10:00:45+00:00"),
                _a(LACTATE, True, "sure", time="2026-03-02T08:00:00+00:00"),
                _a(FASCIA, True, "unsure", source="review", time="2026-03-04T09:30:00+01:00")]
    scheduler = Scheduler(parameters=Scheduler().parameters, desired_retention=0.9, learning_steps=(),
                          relearning_steps=(), enable_fuzzing=False)
    card = Card(card_id=1, due=datetime(2026, 3, 1, 10, 0, tzinfo=UTC))
    for rating, when in [(Rating.Again, datetime(2026, 3, 1, 10, 0, 0, tzinfo=UTC)),
                         (Rating.Hard, datetime(2026, 3, 1, 10, 0, 45, tzinfo=UTC)),
                         (Rating.Good, datetime(2026, 3, 4, 8, 30, tzinfo=UTC))]:
        card, _ = scheduler.review_card(card, rating, review_datetime=when)
    built = build_cards(attempts)
    assert sorted(built) == [FASCIA, LACTATE]
    mine = Card.from_dict(built[FASCIA])
    assert (mine.state, mine.step, mine.stability, mine.difficulty, mine.due, mine.last_review) == (
        card.state, card.step, card.stability, card.difficulty, card.due, card.last_review)
    assert json.loads(Card.from_dict(built[FASCIA]).to_json()) == built[FASCIA], "the JSON round trip keeps the card"


@pytest.mark.parametrize("answer, days", [
    ({"correct": False, "confidence": "sure"}, 1),     # FSRS's first stability for Again is 0.212 days: at least a day
    ({"correct": True, "confidence": "guessing"}, 1),  # Hard: 1.29 days
    ({"correct": True, "confidence": "unsure"}, 2),    # Good: 2.31 days
    ({"correct": True, "confidence": "sure"}, 8),      # Easy: 8.30 days
])
def test_the_first_intervals_lesson_09_states(answer, days):
    """At a desired retention of 0.9 FSRS's interval is the memory's stability, in whole days (at least one):
    a wrong answer comes back the next day, a right and sure one after eight days."""
    first = datetime(2026, 3, 1, 10, 0, tzinfo=UTC)
    card = Card.from_dict(build_cards([{**answer, "question": FASCIA, "attempt": 1, "time": first.isoformat()}])[FASCIA])
    assert card.due - first == timedelta(days=days)


def test_answers_out_of_order_or_without_a_time():
    attempts = [_a(FASCIA, True, "sure", time="2026-03-04T10:00:00+00:00"),
                _a(FASCIA, False, "sure", time="2026-03-01T10:00:00"),  # no zone: UTC
                _a(FASCIA, False, "sure", time="sometime"),  # cannot be placed: left out of the card
                _a(FASCIA, False, "sure", time="9999-12-31T23:00:00-14:00"),  # past what a date can hold
                _a(FASCIA, False, "sure", time="9999-12-31T00:00:00+00:00"),  # its due date would be
                {**_a(LACTATE, False), "time": None}]
    in_order = [attempts[1], attempts[0]]
    assert build_cards(attempts) == build_cards(in_order)
    assert LACTATE not in build_cards(attempts), "a question without a timed answer has no card"


# -- what is due -------------------------------------------------------------------------------

def _card(due: datetime) -> Card:
    return Card(card_id=1, due=due, last_review=due - timedelta(days=2))


def test_due_cards_most_overdue_first_ties_in_question_order():
    now = datetime(2026, 3, 10, 9, 0, tzinfo=UTC)
    cards = {"b": _card(datetime(2026, 3, 8, tzinfo=UTC)), "c": _card(datetime(2026, 3, 1, tzinfo=UTC)),
             "a": _card(datetime(2026, 3, 8, tzinfo=UTC)), "later-today": _card(datetime(2026, 3, 10, 23, 0, tzinfo=UTC)),
             "tomorrow": _card(datetime(2026, 3, 11, 0, 0, tzinfo=UTC))}
    assert due_cards(cards, now) == ["c", "a", "b", "later-today"]


def test_the_day_ends_at_midnight_in_the_learners_time_zone():
    card = {"q": _card(datetime(2026, 3, 10, 22, 30, tzinfo=UTC))}
    assert due_cards(card, datetime(2026, 3, 10, 20, 0, tzinfo=UTC)) == ["q"]
    tokyo = timezone(timedelta(hours=9))  # 05:00 on the 11th there: the card fell due on the 11th
    assert due_cards(card, datetime(2026, 3, 10, 20, 0, tzinfo=UTC).astimezone(tokyo)) == ["q"]
    new_york = timezone(timedelta(hours=-5))  # 15:00 on the 10th there; the card is due at 17:30
    assert due_cards(card, datetime(2026, 3, 10, 11, 0, tzinfo=UTC).astimezone(new_york)) == ["q"]
    assert due_cards(card, datetime(2026, 3, 9, 20, 0, tzinfo=UTC)) == []


def test_counts_today_and_in_the_next_7_days():
    now = datetime(2026, 3, 10, 9, 0, tzinfo=UTC)
    days = {"overdue": -3, "today": 0.5, "tomorrow": 1, "day7": 7.6, "day8": 8.1, "later": 30}
    cards = {q: _card(now + timedelta(days=d)).to_dict() for q, d in days.items()}
    counts = due_counts(cards, now)
    assert (counts.today, counts.next_7_days) == (2, 2), "overdue and today; tomorrow and day 7"
    counts = due_counts(cards, now, also_today=["later", "not-a-card"])
    assert (counts.today, counts.next_7_days) == (4, 2), "a confident error counts once, today"
    with pytest.raises(ValueError, match="now must be a timezone-aware datetime"):
        due_counts(cards, datetime(2026, 3, 10, 9, 0))


# -- confident errors ------------------------------------------------------------------------

def test_a_confident_error_stays_until_answered_right_in_a_review():
    wrong_sure = _a(FASCIA, False, "sure")
    assert hypercorrection_questions([wrong_sure]) == [FASCIA]
    assert hypercorrection_questions([_a(FASCIA, False, "unsure")]) == [], "only a sure wrong answer"
    assert hypercorrection_questions([wrong_sure, _a(FASCIA, False, "unsure", source="review")]) == [FASCIA]
    assert hypercorrection_questions([wrong_sure, _a(FASCIA, True, "unsure", source="review")]) == []
    assert hypercorrection_questions([wrong_sure, _a(FASCIA, True, attempt=2)]) == [], "put right in the lesson"
    again = [wrong_sure, _a(FASCIA, True, source="review"), _a(FASCIA, False, "sure", source="final")]
    assert hypercorrection_questions(again) == [FASCIA], "a new confident error in the final quiz"
    both = [_a(LACTATE, False, "sure"), wrong_sure]
    assert hypercorrection_questions(both) == [LACTATE, FASCIA], "oldest confident error first"


# -- the cards in the progress record ------------------------------------------------------------

def _v1_record():
    record = {k: v for k, v in new_record().items() if k != "cards"}
    record.update(schema_version=1, predictions={"03/2.1": {"choice": "It rises", "correct": False}},
                  unknown_field={"kept": "as it is"}, attempts=[
        _a(FASCIA, False, "sure", time="2026-03-01T10:00:00+00:00"),
        _a(FASCIA, True, "unsure", attempt=2, time="2026-03-01T10:00:40+00:00"),
        _a(LACTATE, True, "guessing", time="2026-03-02T10:00:00+00:00"),
        {"question": ISCHEMIA, "correct": True},  # an old answer without a time
    ])
    return record


def test_a_version_1_file_is_migrated_keeping_every_answer(progress_file):
    old = _v1_record()
    migrated = progress.migrate(old)
    assert migrated["cards"] == build_cards(old["attempts"]) and migrated["attempts"] == old["attempts"]
    assert migrated["predictions"] == old["predictions"] and "cards" not in old
    assert migrated["unknown_field"] == old["unknown_field"]
    progress_file.parent.mkdir(parents=True)
    progress_file.write_text(json.dumps(old))
    store = ProgressStore(notify=lambda message: None)
    assert store.load()["attempts"] == old["attempts"]
    store.record_lesson("02", "opened")  # the first write upgrades the file
    saved = json.loads(progress_file.read_text())
    assert saved["schema_version"] == 2
    assert saved["attempts"] == old["attempts"]
    assert saved["predictions"] == old["predictions"]
    assert saved["unknown_field"] == old["unknown_field"], "a field this version does not know is kept"
    assert saved["cards"] == build_cards(old["attempts"])
    assert sorted(saved["cards"]) == [FASCIA, LACTATE]
    assert progress.schema_problem(saved) is None


def test_recording_an_answer_updates_its_card(progress_file):
    store = ProgressStore()
    store.add_attempt(FASCIA, 1, correct=False, confidence="sure")
    first = json.loads(progress_file.read_text())["cards"][FASCIA]
    store.add_attempt(FASCIA, 0, correct=True, confidence="sure", attempt=2)
    record = json.loads(progress_file.read_text())
    assert record["cards"][FASCIA] != first
    assert record["cards"] == build_cards(record["attempts"])
    store.reset_lesson("01")
    assert json.loads(progress_file.read_text())["cards"] == {}


@pytest.mark.parametrize("cards", [
    "not an object",
    [1, 2, 3],
    {FASCIA: "x"},
    {FASCIA: {"card_id": 1, "state": 2, "step": None, "stability": 3.0, "difficulty": 5.0,
              "due": "2099-01-01T00:00:00+00:00", "last_review": "2026-03-01T10:00:40+00:00"}},  # made up
    {FASCIA: {"due": "never"}},
    {"01_back_pain_basics/no-answer": {"card_id": 1}, LACTATE: None},
    {FASCIA + "x" * 500: {}},
])
def test_a_damaged_or_made_up_cards_field_is_rebuilt_from_the_answers(progress_file, cards):
    record = {**new_record(), "attempts": _v1_record()["attempts"], "cards": cards}
    progress_file.parent.mkdir(parents=True)
    progress_file.write_text(json.dumps(record))
    notices = []
    store = ProgressStore(notify=notices.append)
    loaded = store.load()
    assert loaded["cards"] == build_cards(record["attempts"]) and not notices
    assert [i.question.full_id for i in review_schedule(loaded, datetime(2026, 3, 3, tzinfo=UTC)).today] == [
        FASCIA, LACTATE]
    store.record_lesson("01", "opened")
    assert json.loads(progress_file.read_text())["cards"] == build_cards(record["attempts"])
    assert not list(progress_file.parent.glob("progress.corrupt-*"))


def test_a_stored_card_that_matches_its_answers_is_kept_as_it_is():
    attempts = _v1_record()["attempts"]
    cards = build_cards(attempts)
    assert refreshed_cards(cards, attempts) == cards
    later = attempts + [_a(LACTATE, False, time="2026-03-05T10:00:00+00:00")]
    refreshed = refreshed_cards(cards, later)
    assert refreshed[FASCIA] is cards[FASCIA] and refreshed[LACTATE] != cards[LACTATE]


def test_the_schema_names_a_bad_card_field():
    record = {**new_record(), "cards": {FASCIA: {**build_cards([_a(FASCIA, True)])[FASCIA], "state": 7}}}
    assert progress.schema_problem(record) == f"'cards.{FASCIA}.state' must be one of 1, 2, 3, got 7"


def test_merging_the_same_file_twice_changes_nothing(tmp_path):
    mine = {**new_record(), "attempts": [_a(FASCIA, False, "sure")]}
    mine["cards"] = build_cards(mine["attempts"])
    theirs = {**new_record(), "attempts": [_a(LACTATE, True, time="2026-02-01T09:00:00+00:00"),
                                           _a(FASCIA, True, attempt=2, time="2026-03-01T10:01:00+00:00")]}
    theirs["cards"] = {FASCIA: "damaged"}
    once, _ = merge_records(mine, theirs)
    twice, report = merge_records(once, theirs)
    assert twice == once and report.attempts_added == 0
    assert once["cards"] == build_cards(once["attempts"])
    assert sorted(once["cards"]) == [FASCIA, LACTATE]


def test_a_version_1_file_merges_into_a_version_2_store(progress_file, tmp_path):
    store = ProgressStore(notify=lambda message: None)
    store.add_attempt(LACTATE, 0, correct=False, confidence="sure")
    downloaded = tmp_path / "old-download.json"
    downloaded.write_text(json.dumps(_v1_record()))
    assert read_incoming(downloaded)["schema_version"] == 2
    first = import_progress(downloaded, store)
    after_one = json.loads(progress_file.read_text())
    second = import_progress(downloaded, store)
    after_two = json.loads(progress_file.read_text())
    assert first.attempts_added == 4 and second.attempts_added == 0 and second.attempts_known == 4
    assert after_one["schema_version"] == 2 and len(after_one["attempts"]) == 5
    assert after_one["cards"] == build_cards(after_one["attempts"])
    assert after_one["predictions"] == {"03/2.1": {"choice": "It rises", "correct": False}}
    assert {k: v for k, v in after_two.items() if k != "updated"} == {k: v for k, v in after_one.items() if k != "updated"}


# -- python -m course review and lesson 09 ---------------------------------------------------------

def _schedule_record():
    """Answers of 5 days ago, put right but unsure (a card due soon), and today's confident error."""
    now = datetime.now(UTC)
    at = lambda days: (now - timedelta(days=days)).isoformat()  # noqa: E731
    return [_a(FASCIA, True, "guessing", time=at(5)),            # Hard 5 days ago: overdue
            _a(ISCHEMIA, True, "sure", time=at(5)),              # Easy 5 days ago: due in a few days
            _a(LACTATE, False, "sure", time=at(0.01))]           # sure and wrong just now: back today


def test_python_m_course_review_says_what_is_due(progress_file, capsys):
    store = ProgressStore()
    store.update(lambda r: r["attempts"].extend(_schedule_record()))
    assert main(["review"]) == 0
    out = capsys.readouterr().out
    assert "Due for review today: 2 questions." in out
    assert "Due in the next 7 days (after today): 1 question." in out
    lines = out.splitlines()
    first = next(i for i, line in enumerate(lines) if line.startswith("Today's questions"))
    assert lines[first + 1].startswith("  1. Lesson 02, Quiz 1.1: ") and lines[first + 1].endswith(
        "(you were sure of a wrong answer)")
    assert lines[first + 2].startswith("  2. Lesson 01, Quiz 1.1: ") and lines[first + 2].endswith(
        "(due for review (last seen 5 days ago))")
    assert len(lines) == first + 3


def test_python_m_course_review_for_a_new_learner(progress_file, capsys):
    assert main(["review"]) == 0
    out = capsys.readouterr().out
    assert "Due for review today: 0 questions." in out and "Nothing is scheduled yet" in out
    assert not progress_file.exists(), "looking changes nothing"


def test_lesson_09_shows_the_same_schedule(progress_file, capsys):
    ProgressStore().update(lambda r: r["attempts"].extend(_schedule_record()))
    now = datetime.now(UTC)
    show_review_schedule(now)
    assert capsys.readouterr().out == schedule_text(review_schedule(ProgressStore().load(), now)) + "\n"
    import course

    assert course.show_review_schedule is show_review_schedule
