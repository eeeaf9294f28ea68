"""The belief survey: the twelve claims, each marked agree / unsure / disagree with a confidence.

Learners take it in lesson 00 (before) and again in lesson 09 (after). The widget only collects
answers; ``answers()`` returns them as plain data, and ``on_change`` lets the progress store save
them. ``show_belief_survey`` saves every answer to the learner's progress file as it is given, and
shows the saved answers again when the survey is shown again.
"""

from __future__ import annotations

import html
from collections.abc import Callable

from .evidence import claims
from .pages import widget_style
from .progress import ProgressError, default_store, survey_change
from .saving import Saver

STANCES = ("agree", "unsure", "disagree")
CONFIDENCE = ("guessing", "fairly sure", "very sure")


class BeliefSurvey:
    """One row per claim: a stance (radio buttons) and a confidence (dropdown)."""

    def __init__(self, phase: str = "before", on_change: Callable[[str, dict], None] | None = None):
        import ipywidgets as widgets

        if phase not in ("before", "after"):
            raise ValueError(f"phase must be 'before' or 'after', got {phase!r}")
        self.phase = phase
        self.on_change = on_change
        self.rows: dict[str, tuple] = {}
        boxes = []
        for c in claims().values():
            stance = widgets.RadioButtons(options=[s.capitalize() for s in STANCES], value=None,
                                          description="", layout=widgets.Layout(width="auto"))
            stance.add_class("course-survey-stance")
            conf = widgets.Dropdown(options=[x.capitalize() for x in CONFIDENCE], value=None,
                                    description="How sure?", layout=widgets.Layout(width="240px"))
            for w in (stance, conf):
                w.observe(lambda change, cid=c.id: self._changed(cid), names="value")
            label = widgets.HTML(f"<b>({c.id})</b> {c.claim}", layout=widgets.Layout(width="420px", max_width="100%"))
            # the claim, the stance and how sure, side by side where there is room, one under another where not
            boxes.append(widgets.HBox([label, stance, conf], layout=widgets.Layout(flex_flow="row wrap")))
            self.rows[c.id] = (stance, conf)
        boxes.insert(0, widgets.HTML(widget_style()))
        self.status = widgets.HTML(self._status_text())
        self.status.add_class("course-readout")
        self.widget = widgets.VBox(boxes + [self.status])
        self.widget.add_class("course-survey")

    def answers(self) -> dict[str, dict]:
        """{claim id: {"stance": ..., "confidence": ...}} for the claims answered so far."""
        out = {}
        for cid, (stance, conf) in self.rows.items():
            if stance.value is not None:
                out[cid] = {"stance": stance.value.lower(),
                            "confidence": conf.value.lower() if conf.value else None}
        return out

    #: A sentence about saving, added to the status line (set by show_belief_survey).
    saving_note = ""

    def _status_text(self) -> str:
        answered = len(self.answers()) if hasattr(self, "rows") else 0
        return f"{answered} of {len(claims())} claims answered.{self.saving_note}"

    def _changed(self, claim_id: str) -> None:
        if getattr(self, "_restoring", False):
            return
        self.status.value = html.escape(self._status_text())
        if self.on_change is not None and claim_id in self.answers():
            self.on_change(claim_id, self.answers()[claim_id])

    def restore(self, saved: dict[str, dict]) -> None:
        """Show answers saved earlier ({claim id: {"stance", "confidence"}}) without saving them again.

        Unknown claim ids and values that are not offered are ignored.
        """
        self._restoring = True
        try:
            for cid, answer in saved.items():
                if cid not in self.rows or not isinstance(answer, dict):
                    continue
                stance, conf = self.rows[cid]
                wanted = str(answer.get("stance") or "").capitalize()
                if wanted in stance.options:
                    stance.value = wanted
                    level = str(answer.get("confidence") or "").capitalize()
                    conf.value = level if level in conf.options else None
        finally:
            self._restoring = False
        self.status.value = html.escape(self._status_text())

    def _repr_mimebundle_(self, **kwargs):
        return self.widget._repr_mimebundle_(**kwargs)


def show_belief_survey(phase: str = "before") -> BeliefSurvey:
    """Show the twelve-claims survey ('before' in lesson 00, 'after' in lesson 09).

    Answers are saved to the learner's progress file as they are given, and answers saved before
    are shown again. Without a writable progress file the survey still works, and says that its
    answers are not kept.
    """
    notes: list[str] = []
    store = default_store(notify=notes.append)
    try:
        saved = store.load()["survey"].get(phase, {})
    except ProgressError as exc:
        notes.append(str(exc))
        store, saved = None, {}

    survey = BeliefSurvey(phase)
    #: Saves each answer without making the learner wait; answers wait in memory while the
    #: progress file is busy or cannot be written, and are saved at the next chance.
    survey.saver = saver = Saver(store) if store is not None else None
    survey.last_save = None

    def show(status) -> None:
        if status.state == "saved":
            survey.saving_note = " Your answers are saved as you give them."
        elif status.state == "pending" and not status.reason:
            survey.saving_note = (" Your last answer is not saved yet (the progress file is busy); it will be "
                                  "saved at the next chance.")
        else:
            survey.saving_note = (f" Not saved yet: {status.reason.rstrip('. ')}. Your answers are kept and will be "
                                  "saved at the next chance.")
        survey.status.value = html.escape(survey._status_text())

    def save(claim_id: str, answer: dict) -> None:
        status = saver.submit(survey_change(phase, claim_id, answer), what="survey answer")
        survey.last_save = status
        status.watch(lambda s: show(s) if s is survey.last_save else None)

    if store is not None:
        survey.on_change = save
        survey.saving_note = " Your answers are saved as you give them."
    else:
        survey.saving_note = " Your answers are not being saved: " + " ".join(notes)
    survey.restore(saved)
    survey.status.value = html.escape(survey._status_text() + ("" if store is None else
                                                               "".join(" " + n for n in notes)))
    return survey
