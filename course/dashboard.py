"""Lesson 09: the final mixed quiz, the progress dashboard, the belief shift and the report.

Each is a small widget that reads the learner's progress file (``course.progress``) when shown and
again when its Refresh button is pressed. The summaries and charts come from ``course.reports``;
the quiz questions and their checking from ``course.quiz``; which questions the final quiz asks (a
learner's own draw, or the class's form set in a class file) from ``course.final_quiz``.

>>> [q.full_id for q in final_quiz_questions(3, seed="x")] == [q.full_id for q in final_quiz_questions(3, seed="x")]
True
"""

from __future__ import annotations

import os

import ipywidgets as widgets

from .banks import course_banks
from .certainty import calibration_figure, certainty_details_html, certainty_score, score_summary
from .confidence import confidence_html
from .describer import BOX_CLASS, describer
from .final_quiz import final_quiz_form, final_quiz_pool, final_quiz_questions  # noqa: F401  (lesson 09's names)
from .hand_in import HAND_IN_ENV, HandInError, hand_in_report
from .lessons import lesson
from .pages import escape as _e
from .pages import scrolling_table, widget_style
from .plotting import png_bytes
from .progress import ProgressBusy, ProgressError, default_store, make_attempt
from .quiz_widget import QuestionView
from .reports import (
    belief_figure,
    belief_shift,
    belief_summary,
    belief_table_html,
    ReportExists,
    export_report,
    lesson_mastery,
    mastery_figure,
    missed_questions,
    recent_answers,
)
from .saving import Saver
from .text import plain_text, strip_html

def _warning(exc: Exception) -> str:
    """A progress error as a sentence for the learner, marked with ⚠."""
    text = str(exc)
    return f"⚠ {text[:1].upper()}{text[1:]}"


def _load(notes: list[str]):
    """The learner's record, or None with the reason in ``notes``."""
    try:
        return default_store(notify=notes.append).load()
    except ProgressError as exc:
        notes.append(_warning(exc))
        return None


# --------------------------------------------------------------------------------------------
# Final quiz
# --------------------------------------------------------------------------------------------


class FinalQuiz:
    """The final mixed quiz: one box per question, each saying which lesson it comes from.

    Attributes
    ----------
    questions : list of Question
    views : list of course.quiz_widget.QuestionView
    score : ipywidgets.HTML
        "k of n right so far" (class ``course-readout``).
    """

    def __init__(self, n: int = 10, seed: str | None = None):
        self.notes: list[str] = []
        self.recording = True
        store = default_store(notify=self.notes.append)
        #: Saves each answer without making the learner wait; answers wait in memory while the
        #: progress file is busy or cannot be written, and are saved at the next chance.
        self.saver = Saver(store)
        if seed is None:
            try:  # read, and save if the file is new: the seed must stay the same next time
                seed = store.update(lambda record: record["quiz_seed"], timeout=0.0)
            except ProgressBusy:  # another lesson is saving: the file exists, and reading needs no lock
                seed = store.load()["quiz_seed"]
            except ProgressError as exc:
                self.recording = False
                self.notes.append(_warning(exc))
                seed = "no-progress-file"
        #: the questions and where they come from: the class file's form, or this learner's own draw
        self.form = final_quiz_form(n, seed)
        self.questions = self.form.questions
        self.views = []
        for i, q in enumerate(self.questions, start=1):
            view = QuestionView(q, on_attempt=self._attempted)
            info = lesson(q.lesson)
            source = widgets.HTML(f'<p class="course-final-source"><b>Question {i} of {len(self.questions)}</b> · '
                                  f"from Lesson {_e(info.number)} ({_e(info.title)}), Quiz {_e(q.quiz_id)}</p>")
            view.box.children = (source, *view.box.children)
            self.views.append(view)
        self.score = widgets.HTML()
        self.score.add_class("course-readout")
        self._update_score()
        why = f'<p class="course-final-note" role="alert">⚠ {_e(self.form.note)}</p>' if self.form.note else ""
        heading = widgets.HTML(f'{widget_style()}<h3 class="course-quiz-title">Final quiz. {_e(self.form.heading)}</h3>{why}')
        self.widget = widgets.VBox([heading, *(v.box for v in self.views), self.score])
        self.widget.add_class("course-quiz")
        self.widget.add_class("course-final-quiz")

    def _attempted(self, question_full_id, response, feedback):
        """Save one answer behind the feedback; returns its SaveStatus (shown under the feedback)."""
        status = None
        if self.recording:
            entry = make_attempt(question_full_id, response, correct=feedback.correct,
                                 attempt=feedback.attempt or 1, source="final",
                                 confidence=getattr(feedback, "confidence", None))
            status = self.saver.submit(lambda record: record["attempts"].append(entry))
        self._update_score()
        return status

    def score_text(self) -> str:
        right = sum(v.state.solved for v in self.views)
        tried = sum(v.state.attempts > 0 for v in self.views)
        text = f"{right} of {len(self.views)} right so far ({tried} tried)."
        if not self.recording:
            text += " Your answers are not being saved."
        return text

    def _update_score(self) -> None:
        notes = "".join(f"<br>{_e(n)}" for n in self.notes)
        self.score.value = f'<span aria-live="polite">{_e(self.score_text())}</span>{notes}'

    def _repr_mimebundle_(self, **kwargs):
        return self.widget._repr_mimebundle_(**kwargs)


def show_final_quiz(n: int = 10) -> FinalQuiz:
    """Show the final mixed quiz of ``n`` questions: the same ones each time for this learner, or the
    form the teacher set for the class in the class file named by ``COURSE_CLASS_FILE``."""
    return FinalQuiz(n)


# --------------------------------------------------------------------------------------------
# Dashboard and belief shift
# --------------------------------------------------------------------------------------------


class _RecordView:
    """A header, a Refresh button, a chart, a one-line readout and details, from the progress file."""

    css = "course-record-view"
    heading = ""

    def __init__(self):
        self.last_png = b""
        self.image = widgets.Image(format="png", layout=widgets.Layout(width="800px", max_width="100%", height="auto",
                                                                       margin="2px 0"))
        self.image.add_class("course-figure")
        self.readout = widgets.HTML()
        self.readout.add_class("course-readout")
        self.details = widgets.HTML()
        self.refresh_button = widgets.Button(description="Refresh", icon="refresh",
                                             tooltip="Read your progress file again")
        self.refresh_button.add_class("course-refresh")
        self.refresh_button.on_click(lambda _b: self.refresh())
        # the chart's alt text, and the new summary announced after Refresh
        self.describer = describer()
        self._shown = False
        self.widget = widgets.VBox([widgets.HTML(f"{widget_style()}<b>{_e(self.heading)}</b>"), self.refresh_button,
                                    self.image, self.readout, self.details, self.describer])
        self.widget.add_class(self.css)
        self.widget.add_class(BOX_CLASS)
        self.refresh()

    def refresh(self) -> None:
        notes: list[str] = []
        record = _load(notes)
        if record is None:
            self.readout.value = f'<span role="alert">{_e(" ".join(notes))}</span>'
            return
        fig, summary, details = self.build(record)
        self.last_png = png_bytes(fig)
        self.image.value = self.last_png
        notes_html = "".join(f'<p role="alert">{_e(n)}</p>' for n in notes)
        self.readout.value = f"<span>{_e(summary)}</span>{notes_html}"
        self.details.value = details
        self.describer.alt = f"{self.heading}. {summary}"
        self.describer.announcement = summary if self._shown else ""  # not on the first showing
        self._shown = True

    def build(self, record: dict):
        raise NotImplementedError

    @property
    def readout_text(self) -> str:
        return strip_html(self.readout.value)

    @property
    def details_text(self) -> str:
        return strip_html(self.details.value)

    def _repr_mimebundle_(self, **kwargs):
        return self.widget._repr_mimebundle_(**kwargs)


def dashboard_summary(masteries) -> str:
    """One line: lessons opened, questions right of all quiz questions, and questions still missed."""
    opened = sum(m.opened for m in masteries)
    questions = sum(m.questions for m in masteries)
    right = sum(m.correct for m in masteries)
    missed = sum(m.tried - m.correct for m in masteries)
    share = f" ({100 * right / questions:.0f}%)" if questions else ""
    return (f"Lessons opened: {opened} of {len(masteries)}. Quiz questions answered right: {right} of "
            f"{questions}{share}. Still missed: {missed}.")


class Dashboard(_RecordView):
    """Per-lesson mastery chart, questions still missed (with links), the latest answers, and the
    answers given as sure but wrong apart from the guesses (``course.confidence``)."""

    css = "course-dashboard"
    heading = "Your progress"

    def build(self, record):
        masteries = lesson_mastery(record)
        missed = missed_questions(record)
        parts = ["<p><b>Questions still missed</b> (tried, not yet answered right):</p>"]
        if missed:
            items = "".join(
                f'<li><a href="{_e(m.link)}">{_e(m.where)}</a>: {_e(plain_text(m.question.prompt))} '
                f'<i>(you answered: {_e("; ".join(m.result.wrong_answers))})</i></li>' for m in missed)
            parts.append(f'<ul class="course-missed">{items}</ul>')
        else:
            parts.append("<p>None.</p>")
        recent = recent_answers(record, 5)
        if recent:
            cell = '<td style="text-align:left;vertical-align:top;padding:2px 8px">'
            head = '<th style="text-align:left;padding:2px 8px">'
            rows = "".join(
                f"<tr>{cell}{_e(a['lesson'])}{' (final quiz)' if a['source'] == 'final' else ''}</td>"
                f"{cell}{_e(a['prompt'])}</td>{cell}{_e(a['answer'])}</td>"
                f"{cell}{'✔ right' if a['correct'] else '✘ not yet'}</td></tr>" for a in recent)
            parts.append('<p><b>Your latest answers</b>, newest first:</p>' + scrolling_table(
                '<table class="course-recent">'
                f"<thead><tr>{head}Lesson</th>{head}Question</th>{head}Your answer</th>{head}Result</th>"
                f"</tr></thead><tbody>{rows}</tbody></table>", "Your latest answers"))
        parts.append(confidence_html(record))  # misconceptions (sure but wrong) apart from guesses
        return mastery_figure(masteries), dashboard_summary(masteries), "".join(parts)


class BeliefShiftView(_RecordView):
    """Stances on the twelve claims before (lesson 00) and after (lesson 09), next to the verdicts."""

    css = "course-belief-shift"
    heading = "Your beliefs before and after, next to the evidence"

    def build(self, record):
        shifts = belief_shift(record.get("survey") or {})
        return belief_figure(shifts), belief_summary(shifts), belief_table_html(shifts)


class CertaintyView(_RecordView):
    """Certainty-based marks (``course.certainty``): the score, the calibration chart with the 67% and
    80% lines, a sentence on what it means, the chart in words and the table behind it."""

    css = "course-certainty"
    heading = "Your certainty-based score and calibration"

    def build(self, record):
        score = certainty_score(record)
        return calibration_figure(score), score_summary(score), certainty_details_html(score)


def show_dashboard() -> Dashboard:
    """Show the progress dashboard (press Refresh after answering more questions)."""
    return Dashboard()


def show_certainty() -> CertaintyView:
    """Show the learner's certainty-based score and calibration chart (press Refresh after more answers)."""
    return CertaintyView()


def show_belief_shift() -> BeliefShiftView:
    """Show how the learner's stance on each claim changed, next to the course's verdict."""
    return BeliefShiftView()


# --------------------------------------------------------------------------------------------
# Report
# --------------------------------------------------------------------------------------------


class ReportExport:
    """A display-name box and a button that writes the report into the current folder. When a report
    of that name is there already, it says so and offers to replace it or to write a new name. On a
    class hub whose teacher set up a hand-in folder (``COURSE_HAND_IN``), a second button hands the
    report in there (``course.hand_in``)."""

    def __init__(self, file_stem: str | None = None):
        self.file_stem = file_stem  # None: named from the display name and the learner id
        notes: list[str] = []
        record = _load(notes)
        self.name = widgets.Text(value=(record or {}).get("display_name") or "", description="Display name:",
                                 placeholder="optional: the name your teacher knows you by",
                                 style={"description_width": "initial"}, layout=widgets.Layout(width="28em"))
        self.button = widgets.Button(description="Write my report", button_style="primary",
                                     tooltip="Write course_report_NAME_ID.html and .json in this folder")
        self.button.add_class("course-export")
        self.button.on_click(lambda _b: self.export())
        self.replace_button = widgets.Button(description="Replace it", tooltip="Write over the report there")
        self.replace_button.on_click(lambda _b: self.export(replace=True))
        self.new_name_button = widgets.Button(description="Write a new name")
        self.new_name_button.on_click(lambda _b: self.export(path=self.free))
        self.choice = widgets.HBox([])
        self.free = None
        self.status = widgets.HTML(_e(" ".join(notes)))
        self.status.add_class("course-readout")
        self.files = None
        self.hand_in_button = widgets.Button(description="Hand it in to my class",
                                             tooltip="Put the report's .json in your class's hand-in folder")
        self.hand_in_button.add_class("course-hand-in")
        self.hand_in_button.on_click(lambda _b: self.hand_in())
        buttons = [self.button, self.hand_in_button] if os.environ.get(HAND_IN_ENV, "").strip() else [self.button]
        self.widget = widgets.VBox([self.name, widgets.HBox(buttons), self.status, self.choice])
        self.widget.add_class("course-report-export")

    def export(self, replace: bool = False, path=None):
        self.choice.children = ()
        try:
            self.files = export_report(path or self.file_stem, display_name=self.name.value, replace=replace)
        except ReportExists as exc:
            self.free = exc.free
            self.new_name_button.description = f"Write {exc.free.name}"
            self.status.value = f'<span role="alert">⚠ {_e(exc)}.</span>'
            self.choice.children = (self.replace_button, self.new_name_button)
            return None
        except (ProgressError, OSError) as exc:
            self.status.value = f'<span role="alert">⚠ The report could not be written: {_e(exc)}</span>'
            return None
        self.status.value = self.files._repr_html_()
        return self.files

    def hand_in(self):
        """Hand the report in to the class's folder; the status line says where, or what is wrong."""
        self.choice.children = ()
        try:
            handed = hand_in_report(display_name=self.name.value)
        except (HandInError, ProgressError, OSError) as exc:
            self.status.value = f'<span role="alert">⚠ The report was not handed in: {_e(exc)}</span>'
            return None
        self.status.value = handed._repr_html_()
        return handed

    def _repr_mimebundle_(self, **kwargs):
        return self.widget._repr_mimebundle_(**kwargs)


def show_report_export() -> ReportExport:
    """Show the report form: a display name (optional) and a button that writes the report."""
    return ReportExport()
