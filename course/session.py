"""What a lesson's Setup cell starts: ``lesson = start_lesson("01")``, and the review it opens with.

The session belongs to one lesson: it shows that lesson's quizzes by section id
(``lesson.quiz("2.1")``), records every checked answer in the learner's progress file without
making the learner wait (:class:`course.saving.Saver`), and says under the Setup cell what is wrong
with the set-up, if anything. ``lesson.review()`` shows the spaced review of earlier lessons
(the questions are chosen by :mod:`course.spaced_review`).
"""

from __future__ import annotations

import html
from collections.abc import Callable, Mapping
from datetime import datetime
from typing import Any

import ipywidgets as widgets

from .banks import QuizBankError, load_bank
from .lessons import lesson
from .pages import widget_bundle, widget_style
from .progress import ProgressError, default_store, lesson_change, make_attempt
from .prediction_record import prediction_change, stored_predictions
from .prediction_widget import PredictionWidget, result_html
from .progress_transfer import ephemeral_host, reminder_html
from .quiz_widget import QuestionView, set_default_recorder, show_quiz
from .saving import Saver
from .spaced_review import ReviewItem, review_questions
from .startup import quick_problems
from .text import render_markdown


class LessonSession:
    """What a lesson's Setup cell starts: ``lesson = start_lesson("01")``.

    It knows which lesson it belongs to, so quizzes are shown by their section id alone
    (``lesson.quiz("2.1")``) and the lesson number is written once per notebook.

    It also keeps the learner's progress (``course.progress``): it notes that the lesson was
    opened, and records every checked quiz answer. Saving never makes the learner wait: an answer
    that cannot be saved at once (another lesson is saving, the disk is full) waits in memory
    (``pending``) and is saved at the next chance, and the quiz says so under its feedback. When
    the progress file cannot be written (a read-only home folder), the lesson still runs and
    ``messages`` says so in one line.

    Shown under the Setup cell, it says in one line what is wrong with the set-up, if anything
    (``course.startup.quick_problems``), and on a temporary host such as Binder it shows a
    reminder with a one-click download of the progress record (``course.progress_transfer``).
    """

    def __init__(self, number: str):
        self.info = lesson(number)
        #: Messages for the learner about their set-up and progress file, shown under the Setup cell.
        self.messages: list[str] = []
        problem = quick_problems(progress=False)  # the progress file is checked just below
        if problem:
            self.messages.append(problem)
        self._reminder = None
        self._predicted: dict[str, str] = {}  # this session's first prediction per Explore ('03/2.1')
        self.progress = self._open_progress()

    def _open_progress(self):
        store = default_store(notify=self.messages.append)
        self.saver = Saver(store)
        status = self.saver.submit(lesson_change(self.info.number, "opened"), what="lesson opening")
        if status.state == "failed":
            self._not_saving(status.reason)
        elif status.state == "pending":
            self.messages.append("Your progress file is busy (another lesson is saving to it); this lesson's "
                                 "progress will be saved at the next chance.")
        set_default_recorder(self._record)
        return store

    @property
    def pending(self):
        """What is waiting to be saved (``course.saving.SaveStatus`` of each answer or mark)."""
        return self.saver.pending

    def wait_for_saves(self, timeout: float = 10.0) -> bool:
        """Save what is waiting, trying for up to ``timeout`` seconds; True when all is saved."""
        return self.saver.wait(timeout)

    def _not_saving(self, exc: Exception | str) -> None:
        text = str(exc)
        message = f"⚠ Progress is not being saved. {text[:1].upper()}{text[1:]}"
        if message not in self.messages:
            self.messages.append(message)

    def _record(self, question_full_id, response, feedback, source: str = "lesson"):
        """The quiz recorder: save one checked answer behind the feedback; returns its
        ``SaveStatus`` (the quiz shows it under the feedback). An answer that cannot be saved
        now waits in memory and is saved at the next chance."""
        entry = make_attempt(question_full_id, response, correct=feedback.correct, attempt=feedback.attempt or 1,
                             source=source, confidence=getattr(feedback, "confidence", None))
        status = self.saver.submit(lambda record: record["attempts"].append(entry))
        if status.state == "failed":
            self._not_saving(status.reason)
        status.watch(lambda s: self._refresh_reminder() if s.state == "saved" else None)
        return status

    def review(self, n: int = 3):
        """A short review of questions from earlier lessons (``course.spaced_review``): those you
        were sure of but got wrong, then those due for review (FSRS), or a fixed set when there are
        none yet. Answers are recorded."""
        record, note = {}, ""
        if self.saver.last_error is not None:
            note = "Your progress is not being saved, so these are the course's fixed review questions."
        else:
            try:
                record = self.progress.load()
            except ProgressError as exc:
                note = f"Your progress could not be read ({exc}); these are the course's fixed review questions."
        return show_review(self.info.number, record, n,
                           on_attempt=lambda *args: self._record(*args, source="review"), note=note)

    # -- the reminder on temporary hosts ----------------------------------------------------------
    def _reminder_html(self) -> str | None:
        host = ephemeral_host()
        if host is None:
            return None
        try:
            record = self.progress.load() if self.progress is not None else None
        except ProgressError:
            record = None
        if record is None:
            return None
        return reminder_html(record, host)

    def _refresh_reminder(self) -> None:
        if self._reminder is not None:
            self._reminder.value = self._reminder_html() or ""

    def _repr_mimebundle_(self, **kwargs):
        text = repr(self)
        reminder = self._reminder_html()
        if reminder is None:
            return {"text/plain": text}
        if self._reminder is None:
            self._reminder = widgets.HTML(reminder)
            self._reminder.add_class("course-reminder")
        else:
            self._reminder.value = reminder
        lines = "".join(f"<div>{html.escape(line)}</div>" for line in text.splitlines())
        box = widgets.VBox([widgets.HTML(f'<div class="course-session">{lines}</div>'), self._reminder])
        return widget_bundle(box, text + "\n⚠ This is a temporary session: download your progress (Lesson 00, "
                             "section 1).", **kwargs)

    def complete(self) -> "SessionMessage":
        """Mark this lesson as completed in the learner's progress."""
        status = self.saver.submit(lesson_change(self.info.number, "completed"), what="lesson completion")
        if status.state == "failed":
            self._not_saving(status.reason)
            return SessionMessage(self.messages[-1])
        if status.state == "pending":
            return SessionMessage(f"Lesson {self.info.number} ({self.info.title}) will be marked as completed as "
                                  "soon as the progress file is free (another lesson is saving to it).")
        return SessionMessage(f"✔ Lesson {self.info.number} ({self.info.title}) is marked as completed.")

    def reset(self) -> "SessionMessage":
        """Forget this lesson's quiz answers and its opened/completed marks (a backup is kept).

        Belief-survey answers are not changed.
        """
        try:
            self.saver.wait(timeout=2.0)  # answers still waiting belong to the record that is reset
            removed, backup = self.progress.reset_lesson(self.info.number)
        except ProgressError as exc:
            self._not_saving(exc)
            return SessionMessage(self.messages[-1])
        kept = f" A copy of your progress before the reset is kept as {backup}." if backup else ""
        return SessionMessage(f"Lesson {self.info.number}: {removed} recorded answer(s) forgotten.{kept}")

    def quiz(self, quiz_id: str, explorer=None):
        """Show Quiz ``quiz_id`` (e.g. "2.1") of this lesson's bank.

        ``explorer``: the explorer shown above that the quiz's explorer questions read
        (``lesson.quiz("2.1", explorer=perfusion)``). When an Explore's prediction names this quiz,
        the feedback of its question about that explorer also puts the learner's prediction beside
        what the model does.
        """
        shown = {p.check.explorer: p for p in load_bank(self.info.stem).predictions.values()
                 if p.quiz == str(quiz_id)}
        after_check = None
        if shown:
            def after_check(question, _feedback):
                p = shown.get(getattr(question, "explorer", None))
                return "" if p is None else result_html(p, self._prediction_of(p.key))
        return show_quiz(self.info.stem, quiz_id, explorer=explorer, after_check=after_check)

    # -- predictions before the Explores ------------------------------------------------------------
    def predict(self, explore_id: str) -> PredictionWidget:
        """The one-click prediction before Explore ``explore_id`` ("2.1") of this lesson.

        The prediction is saved in the progress record (``predictions``, course.prediction_record)
        without making the learner wait, as quiz answers are. Only the first prediction of an
        Explore counts: after the first click the widget is locked, a second click does nothing,
        and a cell run again opens on the prediction already made.
        """
        predictions = load_bank(self.info.stem).predictions
        if str(explore_id) not in predictions:
            raise QuizBankError(f"lesson {self.info.number} has no prediction for Explore '{explore_id}'; "
                                f"predictions: {', '.join(predictions) or 'none'}")
        p = predictions[str(explore_id)]
        earlier = self._prediction_of(p.key)
        return PredictionWidget(p, on_predict=self._record_prediction,
                                earlier={"choice": earlier} if earlier else None)

    def _prediction_of(self, key: str) -> str | None:
        """The learner's first prediction for ``key``: this session's, or the progress record's."""
        if key in self._predicted:
            return self._predicted[key]
        if self.saver.last_error is not None:
            return None
        try:
            stored = stored_predictions(self.progress.load()).get(key)
        except ProgressError:
            return None
        return stored["choice"] if stored else None

    def _record_prediction(self, prediction, choice: str):
        """Save one prediction behind the widget; returns its SaveStatus (shown under it). A
        prediction that cannot be saved now waits in memory and is saved at the next chance."""
        self._predicted.setdefault(prediction.key, choice)
        status = self.saver.submit(prediction_change(prediction.key, choice, prediction.is_right(choice)),
                                   what="prediction")
        if status.state == "failed":
            self._not_saving(status.reason)
        return status

    def __repr__(self) -> str:
        lines = [f"Lesson {self.info.number}: {self.info.title} (about {self.info.minutes} min)"]
        return "\n".join(lines + self.messages)


class SessionMessage(str):
    """A message shown as plain text (no quotes) when it ends a notebook cell."""

    def __repr__(self) -> str:
        return str(self)


def start_lesson(number: str) -> LessonSession:
    """Start a lesson: returns the session its cells use to show quizzes (and that records the
    learner's progress)."""
    return LessonSession(number)


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
        self.items = items
        self.views = []
        for i, item in enumerate(items, start=1):
            q = item.question
            view = QuestionView(q, on_attempt=on_attempt, marked=False)  # reviews get no certainty mark
            info = lesson(q.lesson)
            source = widgets.HTML(
                f'<p class="course-review-source"><b>Review {i} of {len(items)}</b> · from Lesson '
                f"{html.escape(info.number)} ({html.escape(info.title)}), Quiz {html.escape(q.quiz_id)} · "
                f"<i>{html.escape(item.reason_text)}</i></p>")
            view.box.children = (source, *view.box.children)
            self.views.append(view)
        heading = widgets.HTML(
            f'{widget_style()}<h3 class="course-quiz-title">Review: {len(items)} question{"s" if len(items) != 1 else ""} '
            "from earlier lessons</h3>"
            + (f'<p role="note">{html.escape(note)}</p>' if note else ""))
        self.widget = widgets.VBox([heading, *(v.box for v in self.views)])
        self.widget.add_class("course-review")

    def static_html(self) -> str:
        items = "".join(f"<li>{render_markdown(item.question.prompt)}<p><small>From Lesson "
                        f"{html.escape(item.question.lesson[:2])}, Quiz {html.escape(item.question.quiz_id)}"
                        "</small></p></li>" for item in self.items)
        return (f'<div class="course-review-static"><h3>Review</h3><ol>{items}</ol>'
                "<p><i>Run the lesson live to answer: the review picks the questions that are due for "
                "you, and any you were sure of but got wrong.</i></p></div>")

    def _repr_mimebundle_(self, **kwargs):
        return widget_bundle(self.widget, f"Review: {len(self.items)} question(s) from earlier lessons; run the lesson "
                             "live to answer.", self.static_html(), **kwargs)


def show_review(number: str, record: Mapping[str, Any] | None = None, n: int = 3,
                on_attempt: Callable | None = None, note: str = "") -> ReviewPanel:
    """The review that opens lesson ``number`` for the learner with ``record`` (None: a new learner),
    as of now (the computer's clock and time zone)."""
    return ReviewPanel(review_questions(record or {}, number, n, now=datetime.now().astimezone()),
                       on_attempt=on_attempt, note=note)
