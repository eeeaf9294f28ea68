"""Self-check quizzes: the questions and the checking of answers.

The questions come from the lessons' quiz banks (``course.banks`` loads and validates them). This
module decides whether an answer is right and what feedback to give; ``course.quiz_widget`` only
displays what it decides. Each kind of question is one subclass of ``Question``, registered by its
name in ``KIND_CLASSES``; besides checking, it builds its input widget from ``course.inputs`` when
asked (this module imports no widgets). ``Feedback`` and the readers of typed numbers and evidence
levels live in ``course.answers`` and are imported from here too.

>>> q = NumericQuestion(lesson="00_demo", quiz_id="1.1", id="week6", prompt="Pain at week 6?",
...                     answer=23, tolerance=2, unit="points out of 100")
>>> q.check("24").correct
True
>>> q.check("five").valid
False
>>> state = QuestionState(q)
>>> [state.submit(x).revealed for x in ("10", "40", "60")]
[False, False, True]
>>> state.submit("60").answer_text
'23 points out of 100 (anything from 21 to 25 counts)'
"""

from __future__ import annotations

import difflib
import html
import numbers
import random
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from typing import Any, ClassVar

from .answers import (  # Feedback, InvalidResponse and the parsers are also imported from here
    MAX_RESPONSE_LENGTH,  # noqa: F401
    Feedback,
    InvalidResponse,
    _citation,
    _finite_problem,
    _fmt,
    _unique,
    parse_level,
    parse_number,
)
from .evidence import LEVELS, EvidenceError, claims
from .text import plain_text, render_inline, render_markdown

DEFAULT_MAX_TRIES = 3

# The evidence levels that form a scale from strongest to weakest ("Contested" stands apart).
_LEVEL_SCALE = ("Strong", "Moderate", "Weak", "None/contrary")

# --------------------------------------------------------------------------------------------
# Questions
# --------------------------------------------------------------------------------------------

#: Every kind of question, by the name a bank gives it in ``kind:`` ('single'): the class that
#: builds, checks and shows it. A subclass of Question joins with ``kinds=`` in its class line.
KIND_CLASSES: dict[str, type[Question]] = {}


def _close(word: Any, candidates: Iterable[str]) -> str:
    """' (did you mean ...?)' with the candidates close to ``word``, or ''."""
    close = difflib.get_close_matches(str(word), list(candidates), n=3, cutoff=0.6)
    return f" (did you mean {', '.join(repr(c) for c in close)}?)" if close else ""


def ref_problems(field_words: str, keys: Any, known: Mapping | None) -> list[str]:
    """A message for each key of ``keys`` that is not in ``known`` (data/references.yml)."""
    if not isinstance(keys, list) or known is None:
        return []
    return [f"{field_words}: no reference '{key}' in data/references.yml{_close(key, known)}"
            for key in keys if isinstance(key, str) and key not in known]


def refs_html(keys: Iterable[str]) -> str:
    """The citations of ``keys`` in one small paragraph, for the answer key ('' for none)."""
    keys = list(dict.fromkeys(keys))
    if not keys:
        return ""
    return ("<p class=\"muted\"><small>References: "
            + "; ".join(html.escape(_citation(k), quote=True) for k in keys) + "</small></p>")


def plain_response_text(response: Any) -> str:
    """A response in words when nothing is known of its question: lists joined by commas, an
    explorer's settings as 'name = value'."""
    if isinstance(response, (list, tuple)):
        return ", ".join(str(r) for r in response)
    if isinstance(response, dict):  # an explorer's settings
        return ", ".join(f"{k} = {v}" for k, v in response.items())
    return str(response)


@dataclass(frozen=True, kw_only=True)
class Question:
    """Fields shared by every kind of question. Use one of the subclasses.

    ``check(response)`` judges a response on its own; ``QuestionState`` adds the count of tries and
    reveals the answer after ``max_tries`` wrong ones.

    A kind of question is one subclass, named in its class line (``class NumericQuestion(Question,
    kinds="numeric")``), with an entry in data/schema/quiz.schema.json. Besides checking, it knows
    how to build itself from a bank entry (``from_bank``, ``bank_problems``), its input widget
    (``make_input``, ``reset_input``), its text for pages without a kernel (``static_html``), its
    part of the answer key (``key_html``), and how a stored response reads in words
    (``response_text``, ``response_from_text``; ``misconceptions`` for the instructor guide).
    """

    #: the names of the kinds this class is, as banks write them ('single', 'multiple')
    kinds: ClassVar[tuple[str, ...]] = ()
    #: the entry of data/schema/quiz.schema.json's $defs with this kind's own fields (default: the kind)
    schema_name: ClassVar[str | None] = None

    lesson: str
    quiz_id: str
    id: str
    prompt: str
    hint: str | None = None
    max_tries: int = DEFAULT_MAX_TRIES
    explanation: str | None = None
    refs: tuple[str, ...] = ()
    #: a practice question about using the notebook (bank field ``practice: true``)
    practice: bool = False
    #: codes of the IHC Key Concepts the question exercises (bank field ``concepts``, data/ihc_concepts.yml)
    concepts: tuple[str, ...] = ()
    kind: str = field(init=False, default="")

    def __init_subclass__(cls, kinds: str | tuple[str, ...] = (), **kwargs):
        super().__init_subclass__(**kwargs)
        for name in (kinds,) if isinstance(kinds, str) else kinds:
            old = KIND_CLASSES.get(name)
            if old is not None and old.__qualname__ != cls.__qualname__:
                raise ValueError(f"kind '{name}' is already {old.__qualname__}; choose another name")
            KIND_CLASSES[name] = cls
        if kinds:
            cls.kinds = (kinds,) if isinstance(kinds, str) else tuple(kinds)

    def __post_init__(self):
        object.__setattr__(self, "kind", self.kinds[0] if self.kinds else "")

    @property
    def asked_outside_lesson(self) -> bool:
        """May the question be asked away from its lesson: in the final quiz of lesson 09 and in the
        spaced reviews that open later lessons? Not when it is a practice question about using the
        notebook (``practice: true`` in the bank)."""
        return not self.practice

    @property
    def full_id(self) -> str:
        """``lesson/id``, unique across the course."""
        return f"{self.lesson}/{self.id}"

    # -- from a bank ------------------------------------------------------------------------------
    @classmethod
    def from_bank(cls, raw: Mapping[str, Any], common: Mapping[str, Any]) -> Question:
        """The question of a bank entry ``raw`` (already valid), given the fields every kind has."""
        raise NotImplementedError

    @classmethod
    def bank_problems(cls, raw: Mapping[str, Any], refs: Mapping | None, claims: Mapping | None) -> list[str]:
        """Problems of a bank entry that the schema cannot see ('field ...' messages), given the
        course's references and claims (None when they could not be read)."""
        return []

    # -- shown ------------------------------------------------------------------------------------
    def make_input(self, ui, explorer=None):
        """The widget the learner answers with, built from ``ui`` (``course.inputs``); its
        ``value`` is the response. ``explorer`` is an explorer shown elsewhere that the question
        reads (questions about an explorer only)."""
        raise NotImplementedError

    def reset_input(self, widget) -> None:
        """Clear the input widget for a fresh start (by default: nothing chosen)."""
        widget.value = None

    def static_html(self) -> str:
        """What to do, as HTML, for pages without a kernel (shown under the prompt)."""
        return ""

    def key_html(self) -> str:
        """This kind's part of the answer key: the feedback for each option or range, as HTML."""
        return ""

    # -- in words ---------------------------------------------------------------------------------
    def response_text(self, response: Any) -> str:
        """A stored response in words, as progress records and reports show it."""
        return plain_response_text(response)

    def response_from_text(self, text: str) -> Any:
        """A response again from its words (``response_text``), to find the feedback it got."""
        return text

    def misconceptions(self) -> tuple[str, ...]:
        """The wrong options the question offers (Markdown): the misconceptions it is built to catch."""
        return ()

    # Subclasses implement these three.
    def parse(self, response: Any) -> Any:
        """Turn a response into the form the question judges; ``InvalidResponse`` if impossible."""
        raise NotImplementedError

    def _judge(self, value: Any, reveal: bool) -> tuple[bool, str, tuple[str, ...]]:
        raise NotImplementedError

    def answer_text(self) -> str:
        """The answer, as one line of Markdown."""
        raise NotImplementedError

    def _explanation(self) -> str | None:
        return self.explanation

    def check(self, response: Any) -> Feedback:
        """Judge one response, as a first try (no answer revealed).

        Returns a ``Feedback`` with ``valid=False`` instead of raising when the response cannot be
        checked (an empty box, a word instead of a number, an option that does not exist).
        """
        try:
            value = self.parse(response)
        except InvalidResponse as exc:
            return Feedback(correct=False, message_md=str(exc), valid=False)
        return self._feedback(value, attempt=1, reveal=False)

    def _feedback(self, value: Any, attempt: int, reveal: bool) -> Feedback:
        correct, message, refs = self._judge(value, reveal)
        explanation = self._explanation()
        if (correct or reveal) and explanation:
            message = f"{message}\n\n{explanation}" if message else explanation
        return Feedback(
            correct=correct,
            message_md=message,
            refs=_unique((*self.refs, *refs)),
            attempt=attempt,
            revealed=reveal,
            answer_text=self.answer_text() if reveal else None,
            hint_md=self.hint if (self.hint and not correct and not reveal) else None,
        )


@dataclass(frozen=True)
class Option:
    """One option of a single or multiple choice question."""

    text: str
    correct: bool
    feedback: str
    refs: tuple[str, ...] = ()


def _is_index(x: Any) -> bool:
    return isinstance(x, numbers.Integral) and not isinstance(x, bool)


def _match_text(response: str, texts: tuple[str, ...]) -> int | None:
    """Index of the text equal to ``response`` (exactly, else ignoring case and outer spaces)."""
    if response in texts:
        return texts.index(response)
    wanted = " ".join(response.split()).casefold()
    found = [i for i, t in enumerate(texts) if " ".join(t.split()).casefold() == wanted]
    return found[0] if len(found) == 1 else None


def _quote_list(texts: Iterable[str]) -> str:
    return "; ".join(f"'{t}'" for t in texts)


@dataclass(frozen=True, kw_only=True)
class ChoiceQuestion(Question, kinds=("single", "multiple")):
    """Single choice (exactly one option correct) or multiple select (one or more correct).

    Responses are option indices (0 for the first option) or option texts; a multiple select
    takes an iterable of them.

    >>> q = ChoiceQuestion(lesson="00_demo", quiz_id="1.1", id="rest", prompt="Best advice?",
    ...     options=(Option("Stay active", True, "Activity speeds recovery."),
    ...              Option("Bed rest", False, "Bed rest slows recovery.")))
    >>> q.check(0).correct, q.check("Bed rest").message_md
    (True, 'Bed rest slows recovery.')
    >>> q.check(5).message_md
    'There is no option 5: choose an option number from 0 to 1, or the text of an option.'
    """

    schema_name: ClassVar[str] = "choice"

    options: tuple[Option, ...]
    multiple: bool = False

    def __post_init__(self):
        object.__setattr__(self, "kind", "multiple" if self.multiple else "single")

    @property
    def correct_indices(self) -> tuple[int, ...]:
        return tuple(i for i, o in enumerate(self.options) if o.correct)

    def _index(self, response: Any) -> int:
        texts = tuple(o.text for o in self.options)
        if _is_index(response):
            if 0 <= response < len(self.options):
                return int(response)
            raise InvalidResponse(
                f"There is no option {response}: choose an option number from 0 to "
                f"{len(self.options) - 1}, or the text of an option."
            )
        if isinstance(response, str):
            found = _match_text(response, texts)
            if found is None:
                raise InvalidResponse(f"'{response}' is not one of the options: {_quote_list(texts)}.")
            return found
        raise InvalidResponse(
            f"Choose an option by its number (0 to {len(self.options) - 1}) or its text, "
            f"not {type(response).__name__}."
        )

    def parse(self, response: Any) -> int | tuple[int, ...]:
        if not self.multiple:
            if response is None or response == "":
                raise InvalidResponse("Choose one option, then check.")
            return self._index(response)
        if response is None:
            raise InvalidResponse("Tick at least one option, then check.")
        if isinstance(response, (str, numbers.Integral)):
            response = [response]
        try:
            chosen = sorted({self._index(r) for r in response})
        except TypeError:
            raise InvalidResponse(
                "Give the ticked options as a list of option numbers or texts."
            ) from None
        if not chosen:
            raise InvalidResponse("Tick at least one option, then check.")
        return tuple(chosen)

    def _judge(self, value, reveal):
        if not self.multiple:
            option = self.options[value]
            return option.correct, option.feedback, option.refs
        chosen = set(value)
        lines, refs = [], []
        for i, option in enumerate(self.options):
            if i in chosen:
                mark = "✔ right to tick" if option.correct else "✘ not correct"
                lines.append(f"- **{option.text}** ({mark}): {option.feedback}")
                refs.extend(option.refs)
            elif option.correct and reveal:
                lines.append(f"- **{option.text}** (missed; also correct): {option.feedback}")
                refs.extend(option.refs)
        missed = [i for i in self.correct_indices if i not in chosen]
        if missed and not reveal:
            n = len(missed)
            lines.append(
                f"\nYou missed {n} correct option{'s' if n > 1 else ''}: "
                f"{'they are' if n > 1 else 'it is'} not ticked yet."
            )
        correct = chosen == set(self.correct_indices)
        return correct, "\n".join(lines), tuple(refs)

    def answer_text(self) -> str:
        return "; ".join(self.options[i].text for i in self.correct_indices)

    @classmethod
    def from_bank(cls, raw, common):
        options = tuple(Option(o["text"], bool(o.get("correct", False)), o["feedback"], tuple(o.get("refs", ())))
                        for o in raw["options"])
        return cls(**common, options=options, multiple=raw["kind"] == "multiple")

    @classmethod
    def bank_problems(cls, raw, refs, claims):
        kind, options, out = raw.get("kind"), raw.get("options"), []
        if not isinstance(options, list):
            return out
        dicts = [o for o in options if isinstance(o, dict)]
        right = [i + 1 for i, o in enumerate(options) if isinstance(o, dict) and o.get("correct") is True]
        if kind == "single" and len(right) != 1 and len(dicts) == len(options):
            found = "none" if not right else f"{len(right)} (options {', '.join(map(str, right[:-1]))} and {right[-1]})"
            out.append(f"field 'options' must have exactly one option with 'correct: true' for kind single, "
                       f"found {found}")
        if kind == "multiple" and not right and len(dicts) == len(options):
            out.append("field 'options' must have at least one option with 'correct: true' for kind multiple, "
                       "found none")
        texts = [o.get("text") for o in dicts if isinstance(o.get("text"), str)]
        for t in sorted({t for t in texts if texts.count(t) > 1}):
            out.append(f"field 'options': the text '{t}' is used by more than one option")
        for i, o in enumerate(options):
            if isinstance(o, dict):
                out.extend(ref_problems(f"option {i + 1}: field 'refs'", o.get("refs"), refs))
        return out

    def make_input(self, ui, explorer=None):
        if self.multiple:
            return ui.CheckboxGroup([plain_text(o.text) for o in self.options])
        return ui.widgets.RadioButtons(options=[(plain_text(o.text), i) for i, o in enumerate(self.options)],
                                       value=None, layout=ui.widgets.Layout(width="auto"))

    def reset_input(self, widget):
        widget.value = () if self.multiple else None

    def static_html(self):
        how = "Tick every option that applies." if self.multiple else "Choose one option."
        options = "".join(f"<li>{render_markdown(o.text)}</li>" for o in self.options)
        return f"<p><i>{how}</i></p><ul>{options}</ul>"

    def key_html(self):
        items = [f"<li><b>{render_inline(o.text)}</b> ({'✔ correct' if o.correct else '✘ wrong'}): "
                 f"{render_inline(o.feedback)}{refs_html(o.refs)}</li>" for o in self.options]
        return f"<ul>{''.join(items)}</ul>"

    def response_text(self, response):
        """Option texts instead of option numbers, joined by ' + '."""
        texts = []
        for r in response if isinstance(response, (list, tuple)) else [response]:
            if isinstance(r, int) and not isinstance(r, bool) and 0 <= r < len(self.options):
                texts.append(self.options[r].text)
            else:
                texts.append(str(r))
        return " + ".join(texts)

    def response_from_text(self, text):
        return text.split(" + ") if self.multiple else text

    def misconceptions(self):
        return tuple(o.text for o in self.options if not o.correct)


@dataclass(frozen=True, kw_only=True)
class NumericQuestion(Question, kinds="numeric"):
    """A number, right within an absolute ``tolerance`` (in the unit of the answer)."""

    answer: float
    tolerance: float = 0.0
    unit: str = ""
    accept_units: tuple[str, ...] = ()
    feedback_low: str | None = None
    feedback_high: str | None = None
    feedback_correct: str | None = None

    def __post_init__(self):
        super().__post_init__()
        for name in ("answer", "tolerance"):
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, numbers.Real):
                raise ValueError(f"{name} must be a finite number, got {value!r}")
            problem = _finite_problem(value)
            if problem:
                raise ValueError(f"{name} {problem} (question {self.full_id})")
        if self.tolerance < 0:
            raise ValueError(f"tolerance must be a finite number >= 0, got {_fmt(self.tolerance)} "
                             f"(question {self.full_id})")

    def _example(self) -> str:
        # An example of the expected format that is not itself an accepted answer.
        for x in (12, 7, 40, 3.5, 150):
            if abs(x - self.answer) > self.tolerance:
                return _fmt(x)
        return _fmt(self.answer + 10 * self.tolerance + 100)

    def expected(self) -> str:
        """What to type, for the placeholder and for messages: 'a number such as 12 (unit)'."""
        unit = f" ({self.unit})" if self.unit else ""
        return f"a number such as {self._example()}{unit}"

    def parse(self, response: Any) -> float:
        try:
            return parse_number(response, self.unit, self.accept_units)
        except InvalidResponse as exc:
            reason = "" if str(exc).startswith("Type a") else f"{exc} "
            raise InvalidResponse(f"{reason}Type {self.expected()}.") from None

    def _judge(self, value, reveal):
        low, high = self.answer - self.tolerance, self.answer + self.tolerance
        slack = 1e-9 * max(1.0, abs(self.answer))
        if value < low - slack:
            return False, self.feedback_low or f"{_fmt(value)} is too low.", ()
        if value > high + slack:
            return False, self.feedback_high or f"{_fmt(value)} is too high.", ()
        return True, self.feedback_correct or f"{_fmt(value)} is right.", ()

    def answer_text(self) -> str:
        text = f"{_fmt(self.answer)} {self.unit}".strip()
        if self.tolerance:
            lo, hi = self.answer - self.tolerance, self.answer + self.tolerance
            text += f" (anything from {_fmt(lo)} to {_fmt(hi)} counts)"
        return text

    @classmethod
    def from_bank(cls, raw, common):
        return cls(**common, answer=raw["answer"], tolerance=raw.get("tolerance", 0), unit=raw.get("unit", ""),
                   accept_units=tuple(raw.get("accept_units", ())), feedback_low=raw.get("feedback_low"),
                   feedback_high=raw.get("feedback_high"), feedback_correct=raw.get("feedback_correct"))

    @classmethod
    def bank_problems(cls, raw, refs, claims):
        units = [u for u in raw.get("accept_units") or [] if isinstance(u, str)]
        if any(re.match(r"\s*[+\-]?[\d.,]", u) for u in units):
            return ["field 'accept_units' must hold units, not numbers"]
        return []

    def make_input(self, ui, explorer=None):
        return ui.widgets.Text(value="", placeholder=f"Type {self.expected()}", description="Answer:",
                               layout=ui.widgets.Layout(width="min(100%, 28em)"))

    def reset_input(self, widget):
        widget.value = ""

    def static_html(self):
        return f"<p><i>Type {html.escape(self.expected())}.</i></p>"

    def key_html(self):
        units = ", ".join([self.unit, *self.accept_units]) if self.unit or self.accept_units else "none needed"
        low, high = self.answer - self.tolerance, self.answer + self.tolerance
        middle = f"{low:g} to {high:g}" if self.tolerance else f"Exactly {self.answer:g}"
        return (f'<p class="muted">Units accepted: {html.escape(units, quote=True)}</p><ul>'
                f"<li><b>Below {low:g}</b>: {render_inline(self._judge(low - 1, False)[1])}</li>"
                f"<li><b>{middle}</b> (✔): {render_inline(self._judge(self.answer, False)[1])}</li>"
                f"<li><b>Above {high:g}</b>: {render_inline(self._judge(high + 1, False)[1])}</li></ul>")



@dataclass(frozen=True, kw_only=True)
class EvidenceQuestion(Question, kinds="evidence"):
    """Rate how strong the evidence is, on the course's five-level scale (``course.evidence.LEVELS``).

    ``answer`` is one of the levels. A question about one of the article's claims gives ``claim``
    (its id in data/claims.csv); the bank may then leave out ``answer``, and without an
    ``explanation`` the claim's reason is shown once answered. A claim with a split verdict
    (data/claims.csv) needs ``aspect``, the part the question rates.
    """

    answer: str
    claim: str | None = None
    #: the part of a split verdict the question rates ('mechanism'), as named in data/claims.csv
    aspect: str | None = None
    feedback: Mapping[str, str] = field(default_factory=dict)

    def parse(self, response: Any) -> str:
        return parse_level(response)

    def _judge(self, value, reveal):
        if value in self.feedback:
            return value == self.answer, self.feedback[value], ()
        if value == self.answer:
            return True, f"Yes: the evidence is **{value}**: {LEVELS[value]}.", ()
        message = f"Not **{value}**: that level means {LEVELS[value]}."
        if value in _LEVEL_SCALE and self.answer in _LEVEL_SCALE:
            stronger = _LEVEL_SCALE.index(self.answer) < _LEVEL_SCALE.index(value)
            message += f" The evidence here is {'stronger' if stronger else 'weaker'} than that."
        elif self.answer == "Contested":
            message += " Ask whether published experts agree on this."
        return False, message, ()

    def _explanation(self) -> str | None:
        if self.explanation or not self.claim:
            return self.explanation
        try:
            c = claims()[self.claim]
        except (KeyError, EvidenceError):
            return None
        return f"Claim ({c.id}), “{c.claim}”: {c.verdict.lower()}. {c.reason}"

    def _feedback(self, value, attempt, reveal):
        fb = super()._feedback(value, attempt, reveal)
        if self.claim and not self.refs and (fb.correct or reveal):
            try:
                claim_refs = claims()[self.claim].refs
            except (KeyError, EvidenceError):
                claim_refs = ()
            fb = replace(fb, refs=_unique((*fb.refs, *claim_refs)))
        return fb

    def answer_text(self) -> str:
        return f"{self.answer}: {LEVELS[self.answer]}"

    @classmethod
    def from_bank(cls, raw, common):
        answer = raw.get("answer") or claims()[raw["claim"]].part(raw.get("aspect", "")).level
        return cls(**common, answer=answer, claim=raw.get("claim"), aspect=raw.get("aspect"),
                   feedback=dict(raw.get("feedback", {})))

    @classmethod
    def bank_problems(cls, raw, refs, claims):
        claim_id, answer = raw.get("claim"), raw.get("answer")
        if claim_id is None and answer is None:
            return [f"field 'answer' is missing: give the level ({', '.join(LEVELS)}) "
                    "or field 'claim' with the id of a claim in data/claims.csv"]
        if not isinstance(claim_id, str) or claims is None:
            return []
        if claim_id not in claims:
            return [f"field 'claim': no claim '{claim_id}' in data/claims.csv; claims are {', '.join(claims)}"]
        c, aspect = claims[claim_id], raw.get("aspect", "")
        aspects = [p.aspect for p in c.parts]
        if aspect not in aspects:
            return [(f"field 'aspect': claim '{claim_id}' has a split verdict; name the part the question rates: "
                     f"{', '.join(aspects)}") if c.split else
                    f"field 'aspect': claim '{claim_id}' has one verdict; leave out 'aspect'"]
        if answer in LEVELS and answer != c.part(aspect).level:
            part = f" ({aspect})" if aspect else ""
            return [f"field 'answer' is '{answer}' but data/claims.csv rates claim '{claim_id}'{part} "
                    f"'{c.part(aspect).level}'; they must agree (leave out 'answer' to use the claim's level)"]
        return []

    def make_input(self, ui, explorer=None):
        return ui.widgets.RadioButtons(options=[(f"{name}: {meaning}", name) for name, meaning in LEVELS.items()],
                                       value=None, layout=ui.widgets.Layout(width="auto"))

    def static_html(self):
        options = "".join(f"<li><b>{html.escape(n)}</b>: {html.escape(m)}</li>" for n, m in LEVELS.items())
        return f"<p><i>Choose an evidence level.</i></p><ul>{options}</ul>"

    def key_html(self):
        items = []
        for level in LEVELS:
            correct, message, _ = self._judge(level, False)
            items.append(f"<li><b>{html.escape(level, quote=True)}</b> ({'✔ correct' if correct else '✘ wrong'}): "
                         f"{render_inline(message)}</li>")
        return f"<ul>{''.join(items)}</ul>"


# --- order -------------------------------------------------------------------------------------


@dataclass(frozen=True, kw_only=True)
class OrderQuestion(Question, kinds="order"):
    """Put items in order. ``items`` is the correct order.

    A response lists every item once, as texts or as indices into ``items``.

    >>> q = OrderQuestion(lesson="00_demo", quiz_id="1.1", id="heal", prompt="Order the phases",
    ...                   items=("Inflammation", "Proliferation", "Remodelling"))
    >>> q.check(["Inflammation", "Remodelling", "Proliferation"]).message_md
    'Not in the right order yet. 1 of 3 items in the right place.'
    >>> q.initial_order() != q.items
    True
    """

    items: tuple[str, ...]
    feedback_correct: str | None = None
    feedback_wrong: str | None = None

    def initial_order(self) -> tuple[str, ...]:
        """The items shuffled, the same way every time for this question id, never in the
        correct order (when there are two or more distinct items)."""
        order = list(self.items)
        random.Random(self.id).shuffle(order)
        if tuple(order) == self.items and len(set(order)) > 1:
            order = order[1:] + order[:1]
        return tuple(order)

    def parse(self, response: Any) -> tuple[str, ...]:
        n = len(self.items)
        usage = f"Place each of the {n} items exactly once: {_quote_list(self.items)}."
        if response is None or isinstance(response, (str, bytes)) or not isinstance(response, Iterable):
            raise InvalidResponse(f"Give the order as a list of items. {usage}")
        order = []
        for r in response:
            if _is_index(r):
                if not 0 <= r < n:
                    raise InvalidResponse(f"There is no item {r}: item numbers go from 0 to {n - 1}.")
                order.append(self.items[r])
            elif isinstance(r, str):
                found = _match_text(r, self.items)
                if found is None:
                    raise InvalidResponse(f"'{r}' is not one of the items. {usage}")
                order.append(self.items[found])
            else:
                raise InvalidResponse(f"Give each item as its text or its number. {usage}")
        twice = [t for t in self.items if order.count(t) > 1]
        missing = [t for t in self.items if t not in order]
        if twice or missing or len(order) != n:
            details = []
            if twice:
                details.append(f"placed more than once: {_quote_list(twice)}")
            if missing:
                details.append(f"not placed: {_quote_list(missing)}")
            raise InvalidResponse(f"{usage} ({'; '.join(details)})" if details else usage)
        return tuple(order)

    def _judge(self, value, reveal):
        right = sum(a == b for a, b in zip(value, self.items))
        if value == self.items:
            return True, self.feedback_correct or "All in the right order.", ()
        message = self.feedback_wrong or "Not in the right order yet."
        return False, f"{message} {right} of {len(self.items)} items in the right place.", ()

    def answer_text(self) -> str:
        return " → ".join(self.items)

    @classmethod
    def from_bank(cls, raw, common):
        return cls(**common, items=tuple(raw["items"]), feedback_correct=raw.get("feedback_correct"),
                   feedback_wrong=raw.get("feedback_wrong"))

    def make_input(self, ui, explorer=None):
        return ui.OrderInput(self.items, self.initial_order())

    def reset_input(self, widget):
        widget.value = widget.initial

    def static_html(self):
        options = "".join(f"<li>{render_markdown(t)}</li>" for t in self.initial_order())
        return f"<p><i>Put these in order:</i></p><ul>{options}</ul>"

    def key_html(self):
        parts = [f'<p class="muted">Shown to learners as: {html.escape(" · ".join(self.initial_order()), quote=True)}</p>']
        if self.feedback_wrong:
            parts.append(f"<p>If not in order: {render_inline(self.feedback_wrong)}</p>")
        if self.feedback_correct:
            parts.append(f"<p>When right: {render_inline(self.feedback_correct)}</p>")
        return "".join(parts)

    def response_text(self, response):
        """The items joined by arrows."""
        if isinstance(response, (list, tuple)):
            return " → ".join(str(r) for r in response)
        return plain_response_text(response)

    def response_from_text(self, text):
        return text.split(" → ")


# --------------------------------------------------------------------------------------------
# Tries and reveal
# --------------------------------------------------------------------------------------------


def hint_html(question: Question) -> str:
    """The hint a question's Hint button shows, as HTML ('' when the question has none)."""
    if not question.hint:
        return ""
    return f'<div class="course-hint-body"><p><strong>Hint:</strong></p>{render_markdown(question.hint)}</div>'


class QuestionState:
    """One learner's tries at one question.

    ``submit`` checks a response and counts it; after ``question.max_tries`` wrong tries the answer
    is revealed (and stays revealed until ``reset``). A response that cannot be checked is not
    counted: it gets a ``Feedback`` with ``valid=False``.

    Attributes
    ----------
    attempts : int
        Responses checked since the last reset.
    wrong : int
        Of those, how many were wrong.
    solved : bool
        Whether a response was right.
    revealed : bool
        Whether the answer has been shown.
    """

    def __init__(self, question: Question):
        self.question = question
        self.reset()

    def reset(self) -> None:
        """Forget every try: start the question afresh."""
        self.attempts = 0
        self.wrong = 0
        self.solved = False
        self.revealed = False
        self.last: Feedback | None = None

    def submit(self, response: Any) -> Feedback:
        """Check ``response``, count it if it could be checked, and return the feedback."""
        q = self.question
        try:
            value = q.parse(response)
        except InvalidResponse as exc:
            return Feedback(correct=False, message_md=str(exc), attempt=self.attempts,
                            revealed=self.revealed, valid=False)
        self.attempts += 1
        correct = q._judge(value, reveal=False)[0]
        if correct:
            self.solved = True
        else:
            self.wrong += 1
            if self.wrong >= q.max_tries:
                self.revealed = True
        self.last = q._feedback(value, attempt=self.attempts, reveal=self.revealed)
        return self.last
