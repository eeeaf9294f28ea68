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

from .banks import load_bank
from .evidence import LEVELS
from .quiz import (
    ChoiceQuestion,
    EvidenceQuestion,
    Feedback,
    NumericQuestion,
    OrderQuestion,
    Question,
    QuestionState,
)
from .text import plain_text, render_markdown

Recorder = Callable[[str, Any, Feedback], None]

_default_recorder: Recorder | None = None


def set_default_recorder(recorder: Recorder | None) -> None:
    """Call ``recorder(question_full_id, response, feedback)`` after every checked response of
    quizzes shown without ``on_attempt``; ``None`` stops recording."""
    global _default_recorder
    if recorder is not None and not callable(recorder):
        raise TypeError(f"set_default_recorder expects a function or None, got {type(recorder).__name__}")
    _default_recorder = recorder


class CheckboxGroup(widgets.VBox):
    """One checkbox per option; ``value`` is the tuple of ticked option indices."""

    def __init__(self, labels: list[str]):
        self.checkboxes = [
            widgets.Checkbox(value=False, description=label, indent=False,
                             layout=widgets.Layout(width="auto"))
            for label in labels
        ]
        super().__init__(children=self.checkboxes)

    @property
    def value(self) -> tuple[int, ...]:
        return tuple(i for i, box in enumerate(self.checkboxes) if box.value)

    @value.setter
    def value(self, chosen) -> None:
        chosen = set(chosen)
        for i, box in enumerate(self.checkboxes):
            box.value = i in chosen


class OrderInput(widgets.VBox):
    """One drop-down per position, each listing every item; ``value`` is the tuple of chosen
    item texts, first position first."""

    def __init__(self, items: tuple[str, ...], initial: tuple[str, ...]):
        options = [(plain_text(t), t) for t in initial]
        self.initial = initial
        self.dropdowns = [
            widgets.Dropdown(options=options, value=t, description=f"{k + 1}.",
                             style={"description_width": "2.5em"}, layout=widgets.Layout(width="auto"))
            for k, t in enumerate(initial)
        ]
        super().__init__(children=self.dropdowns)

    @property
    def value(self) -> tuple[str, ...]:
        return tuple(d.value for d in self.dropdowns)

    @value.setter
    def value(self, order) -> None:
        for d, t in zip(self.dropdowns, order):
            d.value = t


def _make_input(question: Question) -> widgets.Widget:
    if isinstance(question, ChoiceQuestion) and question.multiple:
        return CheckboxGroup([plain_text(o.text) for o in question.options])
    if isinstance(question, ChoiceQuestion):
        return widgets.RadioButtons(
            options=[(plain_text(o.text), i) for i, o in enumerate(question.options)],
            value=None, layout=widgets.Layout(width="auto"),
        )
    if isinstance(question, NumericQuestion):
        return widgets.Text(
            value="", placeholder=f"Type {question.expected()}", description="Answer:",
            layout=widgets.Layout(width="min(100%, 28em)"),
        )
    if isinstance(question, EvidenceQuestion):
        return widgets.RadioButtons(
            options=[(f"{name}: {meaning}", name) for name, meaning in LEVELS.items()],
            value=None, layout=widgets.Layout(width="auto"),
        )
    if isinstance(question, OrderQuestion):
        return OrderInput(question.items, question.initial_order())
    from .explorer_questions import ExplorerQuestion

    if isinstance(question, ExplorerQuestion):
        return ExplorerInput(question)
    raise TypeError(f"no input for question kind '{question.kind}' ({question.full_id})")


class ExplorerInput(widgets.VBox):
    """The 'input' of a question about an explorer: the explorer itself.

    ``value`` is the explorer's control values (``explorer.values()``). Given an explorer shown
    elsewhere in the notebook, the box only says which one to use; without one, it shows its own
    copy, started from the question's ``start`` values with its ``settings`` already made.
    """

    def __init__(self, question, explorer=None):
        self.question = question
        self.embedded = explorer is None
        if explorer is None:
            explorer = question.spec.build(**{**question.start, **question.settings})
        elif getattr(explorer, "name", None) != question.explorer:
            raise ValueError(f"question {question.full_id} is about the explorer '{question.explorer}', "
                             f"not '{getattr(explorer, 'name', type(explorer).__name__)}'")
        self.explorer = explorer
        from .text import render_inline

        note = render_inline(question.instructions())
        if self.embedded:
            children = [widgets.HTML(f'<p class="course-explorer-task">{note}</p>'), explorer.widget]
        else:
            children = [widgets.HTML(f'<p class="course-explorer-task">{note} It reads the explorer '
                                     f"<i>{html.escape(explorer.title)}</i> above.</p>")]
        super().__init__(children=children)
        self.add_class("course-explorer-question")

    @property
    def value(self) -> dict:
        return self.explorer.values()


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
    """

    def __init__(self, question: Question, on_attempt: Recorder | None = None, explorer=None):
        self.question = question
        self.state = QuestionState(question)
        self._on_attempt = on_attempt
        self.prompt = widgets.HTML(render_markdown(question.prompt))
        self.input = ExplorerInput(question, explorer) if explorer is not None else _make_input(question)
        self.confidence = widgets.ToggleButtons(
            options=list(CONFIDENCE), value=None, description="How sure are you?",
            tooltips=["I am sure of this answer", "I think so, but I am not sure", "I am guessing"],
            style={"description_width": "initial", "button_width": "6.5em"})
        self.confidence.add_class("course-confidence")
        self.check_button = widgets.Button(description="Check", button_style="primary",
                                           tooltip="Check your answer")
        self.check_button.add_class("course-check")
        self.check_button.on_click(self._check)
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
        self.box = widgets.VBox(
            [self.prompt, self.input, self.confidence, widgets.HBox(buttons), self.hint, self.feedback,
             self.save_status]
        )
        self.box.add_class("course-question")

    def _check(self, _button=None) -> Feedback:
        response = self.input.value
        feedback = replace(self.state.submit(response), confidence=self.confidence.value)
        self.feedback.value = feedback.html()
        if feedback.valid:
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
        self.hint.value = (
            f'<div class="course-hint-body"><p><strong>Hint:</strong></p>'
            f"{render_markdown(self.question.hint)}</div>"
        )

    def _reset(self, _button=None) -> None:
        self.state.reset()
        self.feedback.value = ""
        self.save_status.value = ""
        self._saving = None
        self.hint.value = ""
        self.confidence.value = None
        if isinstance(self.input, ExplorerInput):
            return  # the explorer keeps its settings: the learner moves on from there
        if isinstance(self.input, OrderInput):
            self.input.value = self.input.initial
        elif isinstance(self.input, CheckboxGroup):
            self.input.value = ()
        elif isinstance(self.input, widgets.Text):
            self.input.value = ""
        else:
            self.input.value = None


class QuizWidget(widgets.VBox):
    """One quiz of a lesson: a heading 'Quiz 1.1' and one box per question.

    ``questions`` is the list of ``QuestionView`` objects, in order.
    """

    def __init__(self, lesson: str, quiz_id: str, *, on_attempt: Recorder | None = None, explorer=None):
        bank = load_bank(lesson)
        quiz_id = str(quiz_id)
        questions = bank.quiz(quiz_id)
        self.bank = bank
        self.quiz_id = quiz_id
        chosen = _explorers_for(questions, explorer, f"Quiz {quiz_id} of {bank.lesson}")
        self.questions = [QuestionView(q, on_attempt, chosen.get(q.id)) for q in questions]
        heading = widgets.HTML(f'<h3 class="course-quiz-title">Quiz {html.escape(quiz_id)}</h3>')
        super().__init__([heading, *(view.box for view in self.questions)])
        self.add_class("course-quiz")

    def static_html(self) -> str:
        """The quiz as text, for pages without a kernel (the static edition, printing): each
        question with its options, and a note that answers are checked only when run live."""
        items = []
        for view in self.questions:
            q = view.question
            if isinstance(q, ChoiceQuestion):
                how = "Tick every option that applies." if q.multiple else "Choose one option."
                options = "".join(f"<li>{render_markdown(o.text)}</li>" for o in q.options)
                detail = f"<p><i>{how}</i></p><ul>{options}</ul>"
            elif isinstance(q, EvidenceQuestion):
                options = "".join(f"<li><b>{html.escape(n)}</b>: {html.escape(m)}</li>" for n, m in LEVELS.items())
                detail = f"<p><i>Choose an evidence level.</i></p><ul>{options}</ul>"
            elif isinstance(q, NumericQuestion):
                detail = f"<p><i>Type {html.escape(q.expected())}.</i></p>"
            elif isinstance(q, OrderQuestion):
                options = "".join(f"<li>{render_markdown(t)}</li>" for t in q.initial_order())
                detail = f"<p><i>Put these in order:</i></p><ul>{options}</ul>"
            elif getattr(q, "kind", "") == "explorer":
                from .text import render_inline

                detail = f"<p><i>{render_inline(q.instructions())}</i></p>"
            else:
                detail = ""
            items.append(f"<li>{render_markdown(q.prompt)}{detail}</li>")
        return (f'<div class="course-quiz-static"><h3>Quiz {html.escape(self.quiz_id)}</h3><ol>{"".join(items)}</ol>'
                "<p><i>Run the lesson live to check your answers: each answer is explained there.</i></p></div>")

    def _repr_mimebundle_(self, **kwargs):
        # JupyterLab shows the widget; a page without widget state falls back to text/html.
        bundle = super()._repr_mimebundle_(**kwargs)
        data = bundle[0] if isinstance(bundle, tuple) else bundle
        data["text/html"] = self.static_html()
        data["text/plain"] = (f"Quiz {self.quiz_id}: {len(self.questions)} question(s); "
                              "run the lesson live to answer them.")
        return bundle


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


def show_quiz(lesson: str, quiz_id: str, *, on_attempt: Recorder | None = None, explorer=None) -> QuizWidget:
    """The quiz ``quiz_id`` ('1.1') of a lesson ('01' or '01_back_pain_basics'), as a widget.

    Put it last in a notebook cell to display it. ``on_attempt(question_full_id, response,
    feedback)`` is called after every response that could be checked. ``explorer`` is the
    explorer (or explorers) that the quiz's explorer questions read.
    """
    return QuizWidget(lesson, quiz_id, on_attempt=on_attempt, explorer=explorer)
