"""The claim-evaluation test in a lesson (``show_claim_test("before")`` in lesson 00, ``"after"`` in
lesson 09) and the learner's gain (``show_claim_gain()`` in lesson 09).

The test shows every item of the learner's form at once, each with its options as radio buttons
(reachable with the keyboard; options are words, no colour carries meaning). Each answer is saved
as it is given (``course.saving``: a busy progress file keeps it waiting in memory and says so).
**Score my test** scores the sitting: an unanswered item counts as wrong, so with items left the
first press only says which, and a second press scores. From then on the answers are locked, and
the widget shows the score against the marks stated in advance and the ideas still missed, with
the places in the lessons that teach them; those come back in the reviews that open the lessons
(``course.spaced_review``). Only the second sitting shows each item's right option with why: the
first sitting's answers would otherwise coach the second.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Mapping
from typing import Any

import ipywidgets as widgets

from .claim_evaluation import PHASES, ClaimTest, Score, form_order, load_claim_test, marks_text, score
from .claim_gain import Gain, learner_gain
from .claim_record import answer_change, answers_of, form_for, is_scored, learner_test, order_of, score_change
from .ihc_concepts import concept
from .lessons import lesson
from .pages import widget_bundle
from .progress import ProgressError, default_store
from .saving import Saver
from .text import plain_text, render_markdown

#: Called with (item, chosen option's text, right?) and with nothing on scoring; may return a SaveStatus.
AnswerRecorder = Callable[[Any, str, bool], Any]

WHEN = {"before": "before the course (Lesson 00)", "after": "after the course (Lesson 09)"}


def _places_html(code: str) -> str:
    places = []
    for p in concept(code).taught_in:
        item = lesson(p.lesson)
        places.append(f'<a href="{html.escape(item.stem)}.ipynb">Lesson {html.escape(p.lesson)}</a>, '
                      f"{html.escape(p.where)}")
    return "; ".join(places)


def missed_html(missed: tuple[str, ...]) -> str:
    """The concepts still missed, each with where the lessons teach it."""
    if not missed:
        return "<p>You got every idea right.</p>"
    rows = "".join(f"<li><b>{html.escape(c)}</b> {html.escape(concept(c).name)} Taught in: {_places_html(c)}</li>"
                   for c in missed)
    return ("<p>The ideas you missed (each comes back in the reviews that open the lessons, once its lesson "
            f"is done):</p><ul>{rows}</ul>")


def score_line(s: Score) -> str:
    return (f"{s.right} of {s.total} right ({s.percent:.0f}%), form {s.form}: {s.verdict()} "
            f"(pass: {s.passing} or more; mastery: {s.mastery_mark} or more).")


class ClaimTestWidget:
    """One sitting of one form: the items, **Score my test**, and the result once scored.

    Attributes
    ----------
    choices : dict
        Item id -> its ``ipywidgets.RadioButtons`` (nothing chosen at first).
    score_button : ipywidgets.Button
    status : ipywidgets.HTML
        How many items are answered, and whether the answers are saved.
    result : ipywidgets.HTML
        The score and the feedback, once scored (class ``course-claim-result``).
    """

    def __init__(self, test: ClaimTest, form: str, phase: str, *, earlier: Mapping[str, Mapping] | None = None,
                 scored: bool = False, on_answer: AnswerRecorder | None = None,
                 on_score: Callable[[], Any] | None = None, note: str = ""):
        if phase not in PHASES:
            raise ValueError(f"phase must be one of {', '.join(PHASES)}, got {phase!r}")
        self.test, self.form, self.phase = test, form, phase
        self.items = test.items(form)
        self._on_answer, self._on_score = on_answer, on_score
        self._restoring = False
        self._warned = False
        self.scored: Score | None = None
        self.save_note = note
        heading = widgets.HTML(
            f"<p><b>{html.escape(test.title)}: form {html.escape(form)}, {html.escape(WHEN[phase])}</b></p>"
            f"<p>{html.escape(marks_text(test, form))}</p>"
            "<p>Choose the best answer to each item. Your answers are saved as you give them. When you are done, "
            "press <b>Score my test</b>: you then see the right answers and why, and your answers no longer "
            "change.</p>")
        self.choices: dict[str, widgets.RadioButtons] = {}
        rows = [heading]
        for k, q in enumerate(self.items, start=1):
            prompt = widgets.HTML(f"<p><b>Item {k} of {len(self.items)}.</b></p>{render_markdown(q.prompt)}")
            radio = widgets.RadioButtons(options=[plain_text(o.text) for o in q.options], value=None,
                                         description=f"Item {k}:", layout=widgets.Layout(width="auto"))
            radio.add_class("course-claim-item")
            radio.observe(lambda change, q=q: self._answered(q), names="value")
            self.choices[q.id] = radio
            rows += [prompt, radio]
        self.status = widgets.HTML("")
        self.status.add_class("course-readout")
        self.score_button = widgets.Button(description="Score my test", button_style="primary",
                                           tooltip="Score the test; the answers are then locked")
        self.score_button.add_class("course-claim-score")
        self.score_button.on_click(self.score)
        self.result = widgets.HTML("")
        self.result.add_class("course-claim-result")
        self.box = widgets.VBox(rows + [self.status, self.score_button, self.result])
        self.box.add_class("course-claim-test")
        self._restore(earlier or {})
        if scored:  # scored earlier: the score is the record's, whatever the buttons could restore
            self._show_score({k: v.get("correct") is True for k, v in (earlier or {}).items()})
        self._update_status()

    # -- answers -------------------------------------------------------------------------------
    def _restore(self, earlier: Mapping[str, Mapping]) -> None:
        self._restoring = True
        try:
            for item_id, entry in earlier.items():
                radio = self.choices.get(item_id)
                choice = plain_text(str(entry.get("choice", "")))
                if radio is not None and choice in radio.options:
                    radio.value = choice
        finally:
            self._restoring = False

    def _chosen(self, q) -> int | None:
        """The index of the option chosen for item ``q`` (None when not answered)."""
        radio = self.choices[q.id]
        return None if radio.value is None else list(radio.options).index(radio.value)

    def answered(self) -> dict[str, bool]:
        """{item id: right?} for the items answered so far."""
        return {q.id: i in q.correct_indices for q in self.items if (i := self._chosen(q)) is not None}

    def _answered(self, q) -> None:
        if self._restoring:
            return
        self._warned = False
        chosen = self._chosen(q)
        status = None
        if chosen is not None and self._on_answer is not None:
            status = self._on_answer(q, q.options[chosen].text, chosen in q.correct_indices)
        self._update_status()
        if callable(getattr(status, "watch", None)):
            status.watch(lambda s: self._set_save_note(s))

    def _set_save_note(self, status) -> None:
        self.save_note = "" if status.state == "saved" else status.text
        self._update_status()

    def _status_words(self) -> str:
        """The status line in words: how many items are answered and whether they are saved."""
        if self.scored is not None:
            return "Scored: your answers are locked."
        words = f"{len(self.answered())} of {len(self.items)} items answered."
        return f"{words} {self.save_note}" if self.save_note else words

    def _update_status(self) -> None:
        self.status.value = f'<p role="status">{html.escape(self._status_words())}</p>'

    def unanswered(self) -> list[int]:
        """The numbers (from 1) of the items not answered yet."""
        return [k for k, q in enumerate(self.items, start=1) if self.choices[q.id].value is None]

    # -- scoring -------------------------------------------------------------------------------
    def score(self, _button=None) -> Score | None:
        """Score the sitting (as the button does). With items unanswered, the first call only says
        which; a second call scores them as wrong. Returns the score, or None when only warned."""
        if self.scored is not None:
            return self.scored
        left = self.unanswered()
        if left and not self._warned:
            self._warned = True
            self.result.value = (f'<p role="status">Item{"s" if len(left) > 1 else ""} '
                                 f"{', '.join(map(str, left))} {'are' if len(left) > 1 else 'is'} not answered. An "
                                 "unanswered item counts as wrong. Answer it, or press <b>Score my test</b> again to "
                                 "score the test as it is.</p>")
            return None
        if self._on_score is not None:
            self._on_score()
        return self._show_score()

    def _show_score(self, correct: Mapping[str, bool] | None = None) -> Score:
        known = {q.id for q in self.items}
        correct = self.answered() if correct is None else {k: v for k, v in correct.items() if k in known}
        self.scored = s = score(self.test, self.form, correct)
        for radio in self.choices.values():
            radio.disabled = True
        self.score_button.disabled = True
        rows = []
        for k, q in enumerate(self.items, start=1):
            right = correct.get(q.id)
            mark = "Right" if right else ("Not answered" if right is None else "Wrong")
            chosen = self._chosen(q)
            good = q.options[q.correct_indices[0]]
            why = q.options[chosen].feedback if chosen is not None else None
            rows.append(f"<li><b>Item {k}: {mark}.</b> The best answer: {html.escape(plain_text(good.text))}. "
                        f"{render_markdown(why or good.feedback or '')}"
                        f"<p><i>The idea ({html.escape(q.concepts[0])}):</i> {html.escape(q.explanation or '')}</p></li>")
        items = (f"<details><summary>Every item, with why</summary><ol>{''.join(rows)}</ol></details>"
                 if self.phase == "after" else
                 "<p>The right answers are not shown yet: Lesson 09's form tests the same ideas in new stories, and "
                 "seeing these answers now would make the change between the two sittings harder to read. Lesson 09 "
                 "shows every item of its form with why, once you have scored it.</p>")
        self.result.value = f'<p role="status"><b>{html.escape(score_line(s))}</b></p>{missed_html(s.missed)}{items}'

        self._update_status()
        return s

    @property
    def text(self) -> str:
        """The test in plain words: its state and, once scored, the score and the ideas missed."""
        lines = [f"{self.test.title}: form {self.form}, {WHEN[self.phase]}. {marks_text(self.test, self.form)}",
                 self._status_words()]
        if self.scored is not None:
            lines.append(score_line(self.scored))
            lines += [f"Missed: {c} {concept(c).name}" for c in self.scored.missed]
        return "\n".join(lines)

    def _repr_mimebundle_(self, **kwargs):
        return widget_bundle(self.box, self.text, **kwargs)


def show_claim_test(phase: str = "before") -> ClaimTestWidget:
    """Show this learner's form of the claim-evaluation test for ``phase`` ("before" in lesson 00,
    "after" in lesson 09), with the answers saved earlier. Without a readable progress file the
    test still works, and says that its answers are not kept."""
    test = load_claim_test()
    notes: list[str] = []
    store = default_store(notify=notes.append)
    try:
        record = store.load()
    except ProgressError as exc:
        notes.append(str(exc))
        store, record = None, {}
    note = ""
    try:
        order = order_of(record)
    except ValueError as exc:  # a mistyped COURSE_CLAIM_TEST_ORDER: say so, and follow the record's token
        order = "".join(form_order(str(record.get("quiz_seed", "")), override=""))
        note = f"{exc}; the order of your forms follows your record instead ({order[0]} first). "
    form = form_for(record, phase, order)
    if store is None:
        note += "Your answers are not being saved: " + " ".join(notes)
    elif phase == "after" and not is_scored(record, "before"):
        note += ("You have no scored test from Lesson 00, so no change can be shown; this sitting counts all the "
                 "same.")
    saver = Saver(store) if store is not None else None

    def on_answer(q, choice: str, right: bool):
        return saver.submit(answer_change(phase, q.id, choice, right, order), what="answer")

    def on_score():
        return saver.submit(score_change(phase, order), what="score")

    widget = ClaimTestWidget(test, form, phase, earlier=answers_of(record, phase), scored=is_scored(record, phase),
                             on_answer=on_answer if saver else None, on_score=on_score if saver else None,
                             note=note)
    widget.saver = saver
    return widget


#: What a learner's own before-and-after comparison cannot tell, in words.
PRACTICE_NOTE = (
    "Read the change with care. Without a comparison group nobody can tell how much of it the course caused: "
    "a test can go better the second time anyway (you know the format, and the first sitting may have made you "
    "think), a low first score tends to be followed by a higher one by chance alone, and on twelve items a "
    "change of one or two can be chance too. The two forms have different items, so you cannot simply remember "
    "the answers. Your own change still includes any difference in difficulty between your two forms; a class "
    "that takes them in both orders can cancel that out of its average. Only a fair comparison, like the IHC "
    "trials' control schools, can tell the course's part from the rest."
)


def gain_text(gain: Gain) -> str:
    """The learner's change in words (lesson 09)."""
    g = gain.normalised
    share = ("undefined (you scored 100% before)" if g is None
             else f"{g:.2f}: you gained {g:.0%} of the points you could still gain" if g >= 0
             else f"{g:.2f}: you scored lower than before")
    lines = [f"Before: {score_line(gain.before)}", f"After: {score_line(gain.after)}",
             f"Change: {gain.raw:+.0f} percentage points. Normalised gain (after - before) / (100 - before): {share}."]
    learned = gain.concepts_learned
    if learned:
        lines.append("Ideas missed before and right after: " + ", ".join(learned) + ".")
    return "\n".join(lines)


def show_claim_gain() -> widgets.HTML:
    """The learner's scores before and after, the change, the ideas still missed, and what the change
    cannot tell (lesson 09)."""
    test = load_claim_test()
    try:
        record = default_store().load()
    except ProgressError as exc:
        out = widgets.HTML(f"<p>Your progress could not be read ({html.escape(str(exc))}), so no change can be "
                           "shown.</p>")
        return out
    gain = learner_gain(test, learner_test(test, record))
    if gain is None:
        missing = [WHEN[p] for p in PHASES if not is_scored(record, p)]
        body = (f"<p>No change to show yet: score the test {' and '.join(missing)} first (press <b>Score my "
                "test</b> under it).</p>")
    else:
        lines = gain_text(gain).split("\n")
        body = "".join(f"<p>{html.escape(line)}</p>" for line in lines) + missed_html(gain.concepts_still_missed)
    out = widgets.HTML(f'<div class="course-claim-gain" role="status">{body}<p><i>{html.escape(PRACTICE_NOTE)}'
                       "</i></p></div>")
    out.add_class("course-claim-gain")
    return out
