"""The course map: the ten lessons, their times and summaries (from ``data/lessons.yml``).

>>> [l.number for l in lessons()][:3]
['00', '01', '02']
>>> lesson("01").title
'Back pain basics'
>>> sum(l.minutes for l in lessons())
367
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

from .paths import data_dir, notebooks_dir

LESSONS_FILE = "lessons.yml"


@dataclass(frozen=True)
class Lesson:
    number: str
    file: str
    title: str
    minutes: int
    summary: str

    @property
    def stem(self) -> str:
        """File name without .ipynb, e.g. '01_back_pain_basics' (also the quiz bank's name)."""
        return Path(self.file).stem

    @property
    def path(self) -> Path:
        return notebooks_dir() / self.file


@lru_cache(maxsize=None)
def _lessons_cached(folder: str) -> tuple[Lesson, ...]:
    raw = yaml.safe_load((Path(folder) / LESSONS_FILE).read_text(encoding="utf-8"))
    return tuple(Lesson(**{**entry, "number": str(entry["number"])}) for entry in raw["lessons"])


def lessons() -> tuple[Lesson, ...]:
    """All lessons in course order."""
    return _lessons_cached(str(data_dir()))


def lesson(number: str | int) -> Lesson:
    """One lesson by number ('01', 1) or by file stem ('01_back_pain_basics')."""
    key = f"{number:02d}" if isinstance(number, int) else str(number)
    for item in lessons():
        if key in (item.number, item.stem, item.file):
            return item
    raise ValueError(f"no lesson '{number}'; lessons are {', '.join(l.number for l in lessons())}")


def course_map_html(current: str | None = None) -> str:
    """The course map as an HTML table with links to each lesson notebook."""
    rows = []
    total = 0
    for item in lessons():
        total += item.minutes
        here = item.number == current
        exists = item.path.is_file()
        title = html.escape(item.title)
        link = f'<a href="{html.escape(item.file)}">{title}</a>' if exists else f"{title} <i>(in preparation)</i>"
        marker = " <b>(you are here)</b>" if here else ""
        rows.append(f"<tr><td>{item.number}</td><td>{link}{marker}</td><td>{item.minutes} min</td>"
                    f"<td>{html.escape(item.summary)}</td></tr>")
    return ('<table class="course-map"><thead><tr><th>#</th><th>Lesson</th><th>Time</th>'
            f'<th>What you will learn</th></tr></thead><tbody>{"".join(rows)}</tbody>'
            f'<tfoot><tr><td></td><td><b>Whole course</b></td><td>about {round(total / 60, 1):g} h</td>'
            "<td></td></tr></tfoot></table>")


def show_course_map(current: str | None = None):
    """Display the course map in a notebook."""
    from IPython.display import HTML

    return HTML(course_map_html(current))


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
        from .startup import quick_problems

        self.info = lesson(number)
        #: Messages for the learner about their set-up and progress file, shown under the Setup cell.
        self.messages: list[str] = []
        problem = quick_problems(progress=False)  # the progress file is checked just below
        if problem:
            self.messages.append(problem)
        self._reminder = None
        self.progress = self._open_progress()

    def _open_progress(self):
        from .progress import Saver, default_store, lesson_change
        from .quiz_widget import set_default_recorder

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
        """What is waiting to be saved (``course.progress.SaveStatus`` of each answer or mark)."""
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
        from .progress import make_attempt

        entry = make_attempt(question_full_id, response, correct=feedback.correct, attempt=feedback.attempt or 1,
                             source=source, confidence=getattr(feedback, "confidence", None))
        status = self.saver.submit(lambda record: record["attempts"].append(entry))
        if status.state == "failed":
            self._not_saving(status.reason)
        status.watch(lambda s: self._refresh_reminder() if s.state == "saved" else None)
        return status

    def review(self, n: int = 3):
        """A short review of questions from earlier lessons (``course.spaced_review``): those you
        missed or guessed, or a fixed set when there are none yet. Answers are recorded."""
        from .progress import ProgressError
        from .spaced_review import show_review

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
        from .progress import ProgressError
        from .progress_transfer import ephemeral_host, reminder_html

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
        import ipywidgets as widgets

        if self._reminder is None:
            self._reminder = widgets.HTML(reminder)
            self._reminder.add_class("course-reminder")
        else:
            self._reminder.value = reminder
        lines = "".join(f"<div>{html.escape(line)}</div>" for line in text.splitlines())
        box = widgets.VBox([widgets.HTML(f'<div class="course-session">{lines}</div>'), self._reminder])
        bundle = box._repr_mimebundle_(**kwargs)
        data = bundle[0] if isinstance(bundle, tuple) else bundle
        data["text/plain"] = text + "\n⚠ This is a temporary session: download your progress (Lesson 00, section 1)."
        return bundle

    def complete(self) -> "SessionMessage":
        """Mark this lesson as completed in the learner's progress."""
        from .progress import lesson_change

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
        from .progress import ProgressError

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
        (``lesson.quiz("2.1", explorer=perfusion)``).
        """
        from .quiz_widget import show_quiz

        return show_quiz(self.info.stem, quiz_id, explorer=explorer)

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
