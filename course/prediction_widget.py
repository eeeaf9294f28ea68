"""The one-click prediction before an Explore (``lesson.predict("2.1")``), and lesson 09's table of
how often the learner's predictions were right (``show_predictions()``).

The widget asks the bank's question (``course.prediction_bank``) with its options as radio buttons
and a **Predict** button (both reachable with the keyboard; the options are words, and no colour
carries meaning). After the click it says in text what was chosen ("Your prediction: ... Now
explore and see.") and, under it, whether the prediction is saved yet: a busy or unwritable
progress file keeps it waiting in memory and says so, as a quiz answer does
(``course.saving``). Where no quiz question about the explorer follows the Explore, the widget
offers a **Show what the model does** button, to be pressed after exploring: it puts the
prediction beside what the model does, with one sentence on why.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Mapping
from typing import Any

import ipywidgets as widgets

from .pages import widget_bundle, widget_style
from .prediction_bank import Prediction
from .prediction_record import explore_names, prediction_lines, prediction_rates, rates_table_text, stored_predictions
from .progress import ProgressError, default_store
from .text import render_markdown

#: Called with the prediction and the chosen option's text; may return a course.saving.SaveStatus.
Recorder = Callable[[Prediction, str], Any]


class PredictionWidget:
    """One prediction before an Explore: the question, its options, **Predict**, the confirmation.

    The first click of **Predict** with an option chosen is the prediction: it is handed to
    ``on_predict`` (the lesson saves it in the progress record) and the options and the button are
    then locked, so a second click does nothing. ``earlier`` is a prediction already in the record
    (the cell was run again): the widget opens locked on it. The record itself keeps the first
    prediction of an Explore whatever comes later (``course.prediction_record.prediction_change``).

    Attributes
    ----------
    prediction : Prediction
    choice : ipywidgets.RadioButtons
        The options, in the bank's order; nothing chosen at first.
    predict_button : ipywidgets.Button
    confirmation : ipywidgets.HTML
        "Your prediction: ... Now explore and see." after the click (class ``course-prediction-said``).
    save_status : ipywidgets.HTML
        Whether the prediction is saved yet (empty when nothing records it).
    reveal_button : ipywidgets.Button or None
        "Show what the model does", where no quiz question shows the prediction beside the result.
    revealed : ipywidgets.HTML
        The prediction beside what the model does, with why (after the reveal).
    box : ipywidgets.VBox
        Everything above, class ``course-prediction``.
    """

    def __init__(self, prediction: Prediction, on_predict: Recorder | None = None,
                 earlier: Mapping[str, Any] | None = None):
        self.prediction = prediction
        self._on_predict = on_predict
        self.made: str | None = None
        heading = widgets.HTML(
            f'{widget_style()}<p class="course-prediction-title"><b>Predict before you explore (Explore '
            f"{html.escape(prediction.explore_id)})</b></p>{render_markdown(prediction.prompt)}")
        self.choice = widgets.RadioButtons(options=list(prediction.options), value=None, description="I predict:",
                                           style={"description_width": "initial"},
                                           layout=widgets.Layout(width="auto"))
        self.choice.add_class("course-prediction-options")
        self.predict_button = widgets.Button(description="Predict", button_style="primary",
                                             tooltip="Record your prediction before exploring")
        self.predict_button.add_class("course-predict")
        self.predict_button.on_click(self.predict)
        self.confirmation = widgets.HTML("")
        self.confirmation.add_class("course-prediction-said")
        self.save_status = widgets.HTML("")
        self.save_status.add_class("course-save-status")
        self.revealed = widgets.HTML("")
        self.revealed.add_class("course-prediction-result")
        self.reveal_button = None
        buttons = [self.predict_button]
        if prediction.quiz is None:
            self.reveal_button = widgets.Button(description="Show what the model does", disabled=True,
                                                tooltip="After exploring: your prediction beside what the model does",
                                                layout=widgets.Layout(width="auto"))
            self.reveal_button.add_class("course-prediction-reveal")
            self.reveal_button.on_click(self.reveal)
            buttons.append(self.reveal_button)
        self.box = widgets.VBox([heading, self.choice, widgets.HBox(buttons), self.confirmation,
                                 self.save_status, self.revealed])
        self.box.add_class("course-prediction")
        choice = (earlier or {}).get("choice")
        if isinstance(choice, str) and choice in prediction.options:
            self._lock(choice, earlier=True)

    def _lock(self, choice: str, earlier: bool = False) -> None:
        self.made = choice
        self.choice.value = choice
        self.choice.disabled = True
        self.predict_button.disabled = True
        lead = "Your prediction, made earlier: " if earlier else "Your prediction: "
        after = "Now explore and see."
        if self.prediction.quiz is not None:
            after = f"Now explore and see: Quiz {self.prediction.quiz} puts it beside what the model does."
        self.confirmation.value = (f'<p role="status">{html.escape(lead)}<b>{html.escape(choice)}</b>. '
                                   f"{html.escape(after)}</p>")
        if self.reveal_button is not None:
            self.reveal_button.disabled = False

    def predict(self, _button=None) -> str | None:
        """Take the chosen option as the prediction (as the Predict button does); the choice, or
        None when no option is chosen (then nothing is recorded)."""
        if self.made is not None:
            return self.made  # locked: the first prediction stands
        choice = self.choice.value
        if choice is None:
            self.confirmation.value = '<p role="status">Choose one of the options first, then press Predict.</p>'
            return None
        self._lock(choice)
        if self._on_predict is not None:
            self._show_saving(self._on_predict(self.prediction, choice))
        return choice

    def _show_saving(self, status) -> None:
        """Follow the SaveStatus of the one prediction made (the widget is locked after it)."""
        if callable(getattr(status, "watch", None)):
            status.watch(lambda s: setattr(self.save_status, "value", s.html()))

    def reveal(self, _button=None) -> str:
        """Show the prediction beside what the model does, with why; returns it as plain text."""
        text = self.prediction.beside_result(self.made)
        self.revealed.value = result_html(self.prediction, self.made)
        return text

    @property
    def text(self) -> str:
        """The widget in plain words: the question, the options, and the prediction once made."""
        lines = [f"Predict before you explore (Explore {self.prediction.explore_id}): {self.prediction.prompt}",
                 "Options: " + " / ".join(self.prediction.options)]
        if self.made is not None:
            lines.append(f"Your prediction: {self.made}.")
        if self.revealed.value:
            lines.append(self.prediction.beside_result(self.made))
        return "\n".join(lines)

    def static_html(self) -> str:
        items = "".join(f"<li>{html.escape(o)}</li>" for o in self.prediction.options)
        return (f'<div class="course-prediction-static"><p><b>Predict before you explore (Explore '
                f"{html.escape(self.prediction.explore_id)})</b></p>{render_markdown(self.prediction.prompt)}"
                f"<ul>{items}</ul><p><i>Run the lesson live to record your prediction.</i></p></div>")

    def _repr_mimebundle_(self, **kwargs):
        return widget_bundle(self.box, self.text, self.static_html(), **kwargs)


def result_html(prediction: Prediction, choice: str | None) -> str:
    """The prediction beside what the model does, as a paragraph (words, no colour-only meaning)."""
    if choice is None:
        verdict = ""
    else:
        verdict = " (as you predicted)" if prediction.is_right(choice) else " (not what you predicted)"
    said = (f"You predicted: <b>{html.escape(choice)}</b>." if choice
            else "You made no prediction before exploring.")
    return (f'<div class="course-prediction-beside" role="status"><p>{said} The model shows: '
            f"<b>{html.escape(prediction.answer)}</b>{verdict}.</p>{render_markdown('Why: ' + prediction.why)}</div>")


# --------------------------------------------------------------------------------------------
# Lesson 09: how often the predictions were right
# --------------------------------------------------------------------------------------------


class PredictionTable:
    """Per Explore, whether the learner predicted and whether the model showed it, as text."""

    def __init__(self, record: Mapping[str, Any] | None, note: str = ""):
        names = explore_names()
        self.rates = prediction_rates(record, keys=names)
        self.made = sum(r.predicted for r in self.rates)
        self.right = sum(r.right for r in self.rates)
        self.note = note
        self.head = (f"Your predictions before the Explores: {self.right} of the {self.made} you made were what "
                     f"the model shows ({len(self.rates)} Explores in all).")
        self.table = rates_table_text(self.rates, {k: v.replace("Explore ", "") for k, v in names.items()})
        #: One line per Explore: the prediction and whether the model shows it, in words.
        self.lines = prediction_lines(record)
        self.text = "\n".join([self.head, *([note] if note else []), self.table, "", *self.lines])

    def __repr__(self) -> str:
        return self.text

    def _repr_html_(self) -> str:
        note = f"<p>{html.escape(self.note)}</p>" if self.note else ""
        return (f'<div class="course-predictions"><p>{html.escape(self.head)}</p>{note}'
                f"<pre>{html.escape(self.table)}</pre>"
                f"<ul>{''.join(f'<li>{html.escape(line)}</li>' for line in self.lines)}</ul></div>")


def show_predictions(record: Mapping[str, Any] | None = None) -> PredictionTable:
    """Lesson 09: per Explore, whether you predicted and whether the model showed what you predicted
    (from your progress file, or from ``record``)."""
    note = ""
    if record is None:
        try:
            record = default_store().load()
        except ProgressError as exc:
            record, note = {}, f"Your progress could not be read ({exc})."
    return PredictionTable(record, note)


__all__ = ["PredictionWidget", "PredictionTable", "result_html", "show_predictions", "stored_predictions"]
