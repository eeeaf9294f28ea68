"""The course's own input widgets for quiz questions, built on ipywidgets.

A kind of question builds its input from this module (``Question.make_input(ui)`` receives it as
``ui``): ``ui.widgets`` is ipywidgets itself, for the standard controls (radio buttons, a text box),
and the classes below are the inputs ipywidgets lacks. Each input's ``value`` is the response.
"""

from __future__ import annotations

import html

import ipywidgets as widgets

from .text import plain_text, render_inline

__all__ = ["CheckboxGroup", "ExplorerInput", "OrderInput", "widgets"]


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
