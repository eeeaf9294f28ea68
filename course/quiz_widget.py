"""Interactive quizzes in a notebook: ``show_quiz("01", "1.1")``.

The widgets only display what ``course.quiz`` decides: every check goes through
``QuestionState.submit`` and the feedback is ``Feedback.html()``, shown in an ``ipywidgets.HTML``
(so that it is saved with the notebook and readable by tests). All inputs are standard ipywidgets
controls, usable with the keyboard.

After every response that could be checked, ``on_attempt(question_full_id, response, feedback)`` is
called; without ``on_attempt`` the recorder set by ``set_default_recorder`` is used, if any. The
learner's confidence (sure, unsure or guessing, from the buttons under each question) travels in
``feedback.confidence``. A recorder may return a ``course.saving.SaveStatus``: the line under the
feedback then says whether the answer is saved yet, and changes when it is.

A question about an explorer's state (kind ``explorer``) reads the explorer passed with
``explorer=`` (``lesson.quiz("2.1", explorer=perfusion)``); without one, the question shows its own
copy of the explorer.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from dataclasses import replace
from typing import Any

import ipywidgets as widgets

from . import inputs
from .banks import load_bank
from .certainty import CERTAINTY, mark_words
from .describer import describer
from .frames import frames_wanted
from .pages import widget_bundle, widget_style
from .quiz import Feedback, Question, QuestionState, hint_html
from .static_quiz import quiz_book_html
from .text import render_markdown, strip_html

Recorder = Callable[[str, Any, Feedback], None]

_default_recorder: Recorder | None = None


def set_default_recorder(recorder: Recorder | None) -> None:
    """Call ``recorder(question_full_id, response, feedback)`` after every checked response of
    quizzes shown without ``on_attempt``; ``None`` stops recording."""
    global _default_recorder
    if recorder is not None and not callable(recorder):
        raise TypeError(f"set_default_recorder expects a function or None, got {type(recorder).__name__}")
    _default_recorder = recorder


#: The learner's confidence, asked with every answer.
CONFIDENCE = (("Sure", "sure"), ("Unsure", "unsure"), ("Guessing", "guessing"))


class QuestionView:
    """The widgets of one question: prompt, input, Check / Hint / Try again buttons, feedback.

    Attributes
    ----------
    question : Question
    state : QuestionState
    input : ipywidgets.Widget
        RadioButtons, CheckboxGroup, Text, OrderInput or ExplorerInput; its ``value`` is the response.
    confidence : ipywidgets.ToggleButtons
        Sure / Unsure / Guessing; its value ("sure", "unsure", "guessing" or None) goes with each
        checked answer, in ``feedback.confidence``.
    check_button, hint_button, reset_button : ipywidgets.Button
        ``hint_button`` is None when the question has no hint.
    feedback : ipywidgets.HTML
        The feedback of the last check (empty before the first).
    save_status : ipywidgets.HTML
        Under the feedback: whether the last checked answer is saved in the progress file yet
        (class ``course-save-status``; empty when nothing records the answers).
    box : ipywidgets.VBox
        Everything above, in one box of class ``course-question``.
    marked : bool
        Whether the feedback of the first checked answer shows its certainty-based mark
        ("Certainty-based mark: +3 (sure, right)"); False in a review, whose answers are not marked.
    """

    def __init__(self, question: Question, on_attempt: Recorder | None = None, explorer=None, marked: bool = True,
                 after_check: Callable[[Question, Feedback], str] | None = None):
        self.question = question
        #: whether the feedback of a first try shows its certainty-based mark (not in a review)
        self.marked = marked
        self._checked = False  # a response was checked (kept through "Try again")
        self._after_check = after_check  # HTML added under the feedback of each check (a prediction)
        self.state = QuestionState(question)
        self._on_attempt = on_attempt
        self.prompt = widgets.HTML(render_markdown(question.prompt))
        self.input = question.make_input(inputs, explorer)
        self.confidence = widgets.ToggleButtons(
            options=list(CONFIDENCE), value=None, description="How sure are you?",
            tooltips=["I am sure of this answer", "I think so, but I am not sure", "I am guessing"],
            style={"description_width": "initial", "button_width": "6.5em"})
        self.confidence.add_class("course-confidence")
        self.check_button = widgets.Button(description="Check", button_style="primary",
                                           tooltip="Check your answer")
        self.check_button.add_class("course-check")
        self.check_button.on_click(self.check)
        self.reset_button = widgets.Button(description="Try again", tooltip="Clear your answer and start again")
        self.reset_button.add_class("course-reset")
        self.reset_button.on_click(self._reset)
        self.hint = widgets.HTML("")
        self.hint.add_class("course-hint")
        buttons = [self.check_button]
        self.hint_button = None
        if question.hint:
            self.hint_button = widgets.Button(description="Hint", tooltip="Show a hint")
            self.hint_button.add_class("course-hint-button")
            self.hint_button.on_click(self._show_hint)
            buttons.append(self.hint_button)
        buttons.append(self.reset_button)
        self.feedback = widgets.HTML("")
        self.feedback.add_class("course-feedback")
        self.save_status = widgets.HTML("")
        self.save_status.add_class("course-save-status")
        self._saving = None  # the SaveStatus shown in save_status
        #: says each new feedback to a screen reader, from a live region that stays on the page (a
        #: region put in with the feedback itself is not reliably read)
        self.announcer = describer(seek_box=False)
        self.box = widgets.VBox(
            [self.prompt, self.input, self.confidence, widgets.HBox(buttons), self.hint, self.feedback,
             self.save_status, self.announcer]
        )
        self.box.add_class("course-question")

    def check(self, _button=None) -> Feedback:
        """Check the input's response (as the Check button does), show and record the feedback."""
        response = self.input.value
        feedback = replace(self.state.submit(response), confidence=self.confidence.value)
        first = feedback.valid and not self._checked  # a try after "Try again" is not a first answer
        self.feedback.value = feedback.html() + (certainty_mark_html(feedback) if self.marked and first else "")
        self.announcer.announcement = " ".join(strip_html(feedback.html().replace("</p>", "</p> ")).split())
        if feedback.valid and self._after_check is not None:
            self.feedback.value += self._after_check(self.question, feedback)
        if feedback.valid:
            self._checked = True
            recorder = self._on_attempt or _default_recorder
            if recorder is not None:
                self._show_saving(recorder(self.question.full_id, response, feedback))
        return feedback

    def _show_saving(self, status) -> None:
        """Show a recorder's SaveStatus under the feedback, and follow it until it is saved."""
        self._saving = status if callable(getattr(status, "watch", None)) else None
        self.save_status.value = ""
        if self._saving is not None:
            self._saving.watch(lambda s: self._saving is s and setattr(self.save_status, "value", s.html()))

    def _show_hint(self, _button=None) -> None:
        self.hint.value = hint_html(self.question)

    def _reset(self, _button=None) -> None:
        self.state.reset()
        self.feedback.value = ""
        self.save_status.value = ""
        self._saving = None
        self.hint.value = ""
        self.confidence.value = None
        self.question.reset_input(self.input)


def certainty_mark_html(feedback: Feedback) -> str:
    """Under the feedback of a first answer given with a certainty: its certainty-based mark
    (``course.certainty``); nothing without a certainty."""
    if not feedback.valid or feedback.confidence not in CERTAINTY:
        return ""
    return (f'<p class="course-certainty-mark">Certainty-based mark: {html.escape(mark_words(feedback.confidence, feedback.correct))}'
            ". Lesson 09 adds up the marks of your first answers.</p>")


class QuizWidget(widgets.VBox):
    """One quiz of a lesson: a heading 'Quiz 1.1' and one box per question.

    ``questions`` is the list of ``QuestionView`` objects, in order.
    """

    def __init__(self, lesson: str, quiz_id: str, *, on_attempt: Recorder | None = None, explorer=None,
                 after_check: Callable[[Question, Feedback], str] | None = None):
        bank = load_bank(lesson)
        quiz_id = str(quiz_id)
        questions = bank.quiz(quiz_id)
        self.bank = bank
        self.quiz_id = quiz_id
        chosen = _explorers_for(questions, explorer, f"Quiz {quiz_id} of {bank.lesson}")
        self.questions = [QuestionView(q, on_attempt, chosen.get(q.id), after_check=after_check) for q in questions]
        heading = widgets.HTML(f'{widget_style()}<h3 class="course-quiz-title">Quiz {html.escape(quiz_id)}</h3>')
        super().__init__([heading, *(view.box for view in self.questions)])
        self.add_class("course-quiz")

    def static_html(self) -> str:
        """The quiz for pages without a kernel (the book edition, nbconvert's HTML): the same
        questions with inputs, checked in the page with the live lesson's feedback
        (``course.static_quiz``)."""
        return quiz_book_html([view.question for view in self.questions], title=f"Quiz {self.quiz_id}")

    def text_html(self) -> str:
        """The quiz as text, for print: each question with its options, and a note that answers
        are checked only when run live."""
        items = []
        for view in self.questions:
            q = view.question
            items.append(f"<li>{render_markdown(q.prompt)}{q.static_html()}</li>")
        return (f'<div class="course-quiz-static"><h3>Quiz {html.escape(self.quiz_id)}</h3><ol>{"".join(items)}</ol>'
                "<p><i>Run the lesson live to check your answers: each answer is explained there.</i></p></div>")

    def _repr_mimebundle_(self, **kwargs):
        # JupyterLab shows the widget; a page without widget state falls back to text/html: the
        # version that answers in the page when the book is built (COURSE_STATIC_FRAMES, as for the
        # explorers' frames), else the text, so that a learner's saved notebook stays small.
        fallback = self.static_html() if frames_wanted() else self.text_html()
        return widget_bundle(super(), f"Quiz {self.quiz_id}: {len(self.questions)} question(s); run the lesson "
                             "live to answer them.", fallback, **kwargs)


def _explorers_for(questions, explorer, where: str) -> dict:
    """Question id -> the explorer it reads, for the explorer questions of a quiz.

    ``explorer`` is None, one explorer, or several; each explorer question gets the one with its
    explorer's name (or none, and then shows its own copy).
    """
    if explorer is None:
        return {}
    given = list(explorer) if isinstance(explorer, (list, tuple)) else [explorer]
    by_name = {getattr(e, "name", None): e for e in given}
    wanted = {q.id: q.explorer for q in questions if getattr(q, "kind", "") == "explorer"}
    if not wanted:
        raise ValueError(f"{where} has no question about an explorer; show it without explorer=")
    unused = [name for name in by_name if name not in wanted.values()]
    if unused:
        raise ValueError(f"{where} asks about the explorer(s) {', '.join(sorted(set(wanted.values())))}, "
                         f"not {', '.join(str(n) for n in unused)}")
    return {qid: by_name[name] for qid, name in wanted.items() if name in by_name}


def show_quiz(lesson: str, quiz_id: str, *, on_attempt: Recorder | None = None, explorer=None,
              after_check: Callable[[Question, Feedback], str] | None = None) -> QuizWidget:
    """The quiz ``quiz_id`` ('1.1') of a lesson ('01' or '01_back_pain_basics'), as a widget.

    Put it last in a notebook cell to display it. ``on_attempt(question_full_id, response,
    feedback)`` is called after every response that could be checked. ``explorer`` is the
    explorer (or explorers) that the quiz's explorer questions read. ``after_check(question,
    feedback)`` returns HTML shown under the feedback of every checked response (the session puts
    the learner's prediction beside what the model does there).
    """
    return QuizWidget(lesson, quiz_id, on_attempt=on_attempt, explorer=explorer, after_check=after_check)
