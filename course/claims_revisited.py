"""The twelve claims revisited: predict each verdict, then reveal the course's verdict and evidence.

Lesson 08 walks through the claims of ``data/claims.csv`` one at a time. The learner chooses what
they think the course concluded (supported, partly supported, not supported, contested, no
evidence) before the claim card is shown. The checking is plain Python (``check_prediction``);
the widget only displays it, with standard keyboard-operable ipywidgets controls.

>>> verdict_category("Partly supported (heat); not supported (ice)")
'Partly supported'
>>> check_prediction("k", "Supported").correct
True
>>> check_prediction("a", "Supported").actual
'Partly supported'
"""

from __future__ import annotations

import html
from collections.abc import Callable
from dataclasses import dataclass

from .evidence import claim, claim_card_html, claims

#: The verdicts a learner can predict, in the order they are offered.
VERDICTS: tuple[str, ...] = ("Supported", "Partly supported", "Not supported", "Contested", "No evidence")


def verdict_category(verdict: str) -> str:
    """The one of ``VERDICTS`` a verdict in data/claims.csv starts with.

    >>> verdict_category("Not supported")
    'Not supported'
    """
    text = verdict.strip().lower()
    for name in VERDICTS:
        if text.startswith(name.lower()):
            return name
    raise ValueError(f"verdict '{verdict}' does not start with one of: {', '.join(VERDICTS)}")


@dataclass(frozen=True)
class Prediction:
    """The outcome of one prediction."""

    claim_id: str
    predicted: str
    actual: str
    correct: bool
    message: str


def check_prediction(claim_id: str, predicted: str) -> Prediction:
    """Compare a predicted verdict with the course's verdict for a claim.

    Parameters
    ----------
    claim_id : str
        A claim id of data/claims.csv ('a' to 'l').
    predicted : str
        One of ``VERDICTS`` (case does not matter).

    Returns
    -------
    Prediction
        Whether it matches, and a message in words.
    """
    match = [v for v in VERDICTS if v.lower() == str(predicted).strip().lower()]
    if not match:
        raise ValueError(f"a prediction must be one of {', '.join(VERDICTS)}, got {predicted!r}")
    c = claim(claim_id)
    actual = verdict_category(c.verdict)
    guess = match[0]
    if guess == actual:
        message = f"You predicted “{guess}”, and that is the course's verdict."
    else:
        message = f"You predicted “{guess}”; the course's verdict is “{c.verdict}”."
    return Prediction(claim_id=c.id, predicted=guess, actual=actual, correct=guess == actual, message=message)


class ClaimReview:
    """One claim at a time: predict the verdict, reveal it, move on.

    Attributes
    ----------
    choice : ipywidgets.RadioButtons
        The learner's prediction for the current claim.
    reveal_button, previous_button, next_button : ipywidgets.Button
    feedback : ipywidgets.HTML
        The prediction's outcome and the claim card, once revealed.
    score : ipywidgets.HTML
        How many revealed predictions matched.
    """

    def __init__(self, on_reveal: Callable[[Prediction], None] | None = None):
        import ipywidgets as widgets

        self.ids = list(claims())
        self.index = 0
        self.predictions: dict[str, Prediction] = {}
        self.on_reveal = on_reveal
        self.heading = widgets.HTML()
        self.choice = widgets.RadioButtons(options=list(VERDICTS), value=None, description="",
                                           layout=widgets.Layout(width="auto"))
        self.choice.add_class("course-claim-prediction")
        self.choice.observe(self._chosen, names="value")
        self.reveal_button = widgets.Button(description="Reveal the verdict", button_style="primary",
                                            disabled=True, tooltip="Choose a prediction first")
        self.reveal_button.add_class("course-reveal")
        self.reveal_button.on_click(lambda _b: self.reveal())
        self.previous_button = widgets.Button(description="Previous claim")
        self.previous_button.on_click(lambda _b: self.go(self.index - 1))
        self.next_button = widgets.Button(description="Next claim")
        self.next_button.on_click(lambda _b: self.go(self.index + 1))
        self.feedback = widgets.HTML("")
        self.feedback.add_class("course-feedback")
        self.score = widgets.HTML("")
        self.score.add_class("course-readout")
        self.widget = widgets.VBox([
            self.heading,
            widgets.HTML("<b>Your prediction: what did the course conclude?</b>"),
            self.choice,
            widgets.HBox([self.reveal_button, self.previous_button, self.next_button]),
            self.feedback,
            self.score,
        ])
        self.widget.add_class("course-claim-review")
        self.go(0)

    @property
    def current(self) -> str:
        """The id of the claim on screen."""
        return self.ids[self.index]

    def go(self, index: int) -> None:
        """Show claim number ``index`` (0 to 11), keeping any earlier prediction."""
        if not 0 <= index < len(self.ids):
            raise ValueError(f"claim index must be between 0 and {len(self.ids) - 1}, got {index}")
        self.index = index
        c = claim(self.current)
        self.heading.value = (f"<p><b>Claim {index + 1} of {len(self.ids)} ({html.escape(c.id)}):</b> "
                              f"“{html.escape(c.claim)}”</p>")
        done = self.predictions.get(c.id)
        self.choice.value = done.predicted if done else None
        self.choice.disabled = done is not None
        self.reveal_button.disabled = done is not None or self.choice.value is None
        self.feedback.value = self._feedback_html(done) if done else ""
        self.previous_button.disabled = index == 0
        self.next_button.disabled = index == len(self.ids) - 1
        self.score.value = html.escape(self.score_text())

    def predict(self, verdict: str) -> None:
        """Choose a prediction for the current claim (what a click on a radio button does)."""
        match = [v for v in VERDICTS if v.lower() == str(verdict).strip().lower()]
        if not match:
            raise ValueError(f"a prediction must be one of {', '.join(VERDICTS)}, got {verdict!r}")
        self.choice.value = match[0]

    def reveal(self) -> Prediction:
        """Check the current prediction and show the claim card."""
        if self.choice.value is None:
            raise ValueError("choose a prediction before revealing the verdict")
        if self.current in self.predictions:
            return self.predictions[self.current]
        result = check_prediction(self.current, self.choice.value)
        self.predictions[self.current] = result
        self.choice.disabled = True
        self.reveal_button.disabled = True
        self.feedback.value = self._feedback_html(result)
        self.score.value = html.escape(self.score_text())
        if self.on_reveal is not None:
            self.on_reveal(result)
        return result

    def score_text(self) -> str:
        """'You matched 3 of 5 verdicts revealed so far (12 claims).'"""
        right = sum(p.correct for p in self.predictions.values())
        return (f"You matched {right} of {len(self.predictions)} verdicts revealed so far "
                f"({len(self.ids)} claims).")

    def _chosen(self, change) -> None:
        if self.current not in self.predictions:
            self.reveal_button.disabled = change["new"] is None

    @staticmethod
    def _feedback_html(result: Prediction) -> str:
        mark = "✔ Matched" if result.correct else "✘ Different"
        colour = "#009E73" if result.correct else "#D55E00"
        return (f'<p role="status" style="border-left:5px solid {colour};padding-left:8px"><b>{mark}.</b> '
                f"{html.escape(result.message)}</p>{claim_card_html(result.claim_id)}")

    def _repr_mimebundle_(self, **kwargs):
        return self.widget._repr_mimebundle_(**kwargs)


def show_claim_review(on_reveal: Callable[[Prediction], None] | None = None) -> ClaimReview:
    """Show the twelve claims one at a time: predict each verdict, then reveal it."""
    return ClaimReview(on_reveal)
