"""The belief survey: the twelve claims, each marked agree / unsure / disagree with a confidence.

Learners take it in lesson 00 (before) and again in lesson 09 (after). The widget only collects
answers; ``answers()`` returns them as plain data, and ``on_change`` lets the progress store save
them.
"""

from __future__ import annotations

from collections.abc import Callable

from .evidence import claims

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
            label = widgets.HTML(f"<b>({c.id})</b> {c.claim}", layout=widgets.Layout(width="420px"))
            boxes.append(widgets.HBox([label, stance, conf]))
            self.rows[c.id] = (stance, conf)
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

    def _status_text(self) -> str:
        return f"{len(self.answers()) if hasattr(self, 'rows') else 0} of {len(claims())} claims answered."

    def _changed(self, claim_id: str) -> None:
        self.status.value = self._status_text()
        if self.on_change is not None and claim_id in self.answers():
            self.on_change(claim_id, self.answers()[claim_id])

    def _repr_mimebundle_(self, **kwargs):
        return self.widget._repr_mimebundle_(**kwargs)


def show_belief_survey(phase: str = "before") -> BeliefSurvey:
    """Show the twelve-claims survey ('before' in lesson 00, 'after' in lesson 09)."""
    return BeliefSurvey(phase)
