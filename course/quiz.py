"""Self-check quizzes: loading and validating the quiz banks, and checking answers.

Each lesson has one bank, ``data/quizzes/NN_topic.yml`` (the format is described in
``data/quizzes/README.md`` and ``data/schema/quiz.schema.json``). This module is pure logic: it
decides whether an answer is right and what feedback to give. ``course.quiz_widget`` only displays
what it decides.

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

import argparse
import difflib
import html
import json
import math
import numbers
import random
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from .evidence import LEVELS, EvidenceError, claims, reference, references
from .paths import REPO_DIR, data_dir
from .text import render_inline, render_markdown

QUIZZES_FOLDER = "quizzes"
SCHEMA_FILE = Path("schema") / "quiz.schema.json"
KINDS = ("single", "multiple", "numeric", "evidence", "order", "explorer")
DEFAULT_MAX_TRIES = 3

# The evidence levels that form a scale from strongest to weakest ("Contested" stands apart).
_LEVEL_SCALE = ("Strong", "Moderate", "Weak", "None/contrary")
_LEVEL_ALIASES = {"none": "None/contrary", "contrary": "None/contrary"}

# Colours (Okabe-Ito) of the feedback frame; the text marker always says the same thing in words.
_VERDICT_STYLE = {
    "correct": ("#009E73", "✔ Correct"),
    "wrong": ("#D55E00", "✘ Not yet"),
    "invalid": ("#E69F00", "⚠ Not checked"),
}
#: Text and background of course boxes: JupyterLab's theme colours, so that they stay legible in
#: the light and the dark theme; the fallbacks (dark text on white) apply where there is no theme.
THEMED_TEXT = "color:var(--jp-content-font-color1, #111111);background:var(--jp-layout-color1, #ffffff)"


class QuizBankError(ValueError):
    """A quiz bank is missing, unknown or invalid. ``messages`` holds one line per problem."""

    def __init__(self, messages: str | list[str]):
        self.messages = [messages] if isinstance(messages, str) else list(messages)
        super().__init__("\n".join(self.messages))


class InvalidResponse(ValueError):
    """A response that cannot be checked (empty, not a number, no such option). Not an attempt."""


# --------------------------------------------------------------------------------------------
# Feedback
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Feedback:
    """What the course says about one response.

    Attributes
    ----------
    correct : bool
        Whether the response is right.
    message_md : str
        Why, in Markdown: the feedback of the chosen option(s), or of the number's position.
    refs : tuple of str
        Keys of data/references.yml to cite under the message.
    attempt : int
        How many responses to this question have been checked so far, this one included
        (responses that could not be checked do not count).
    revealed : bool
        True once the answer has been shown, after ``max_tries`` wrong tries.
    answer_text : str or None
        The answer, in Markdown, when revealed.
    hint_md : str or None
        The question's hint, offered after a wrong try.
    valid : bool
        False when the response could not be checked; ``message_md`` then says what is expected.
    confidence : str or None
        How sure the learner said they were ("sure", "unsure" or "guessing"; None if not said).
        The widget adds it; the check itself never uses it.
    """

    correct: bool
    message_md: str
    refs: tuple[str, ...] = ()
    attempt: int = 0
    revealed: bool = False
    answer_text: str | None = None
    hint_md: str | None = None
    valid: bool = True
    confidence: str | None = None

    @property
    def verdict(self) -> str:
        """The text marker: '✔ Correct', '✘ Not yet' or '⚠ Not checked'."""
        return _VERDICT_STYLE[self._style_key()][1]

    def _style_key(self) -> str:
        if not self.valid:
            return "invalid"
        return "correct" if self.correct else "wrong"

    def html(self) -> str:
        """All of the feedback as safe HTML: marker in words, message, answer, hint and citations.

        >>> print(Feedback(correct=False, message_md="<b>no</b>", attempt=1).html())  # doctest: +ELLIPSIS
        <div class="course-feedback-body" ...><strong>✘ Not yet</strong> (try 1)</p><p>&lt;b&gt;no&lt;/b&gt;</p>
        </div>
        """
        colour, marker = _VERDICT_STYLE[self._style_key()]
        if not self.valid:
            note = " (this try was not counted)"
        elif self.attempt:
            note = f" (try {self.attempt})"
        else:
            note = ""
        parts = [
            f'<div class="course-feedback-body" role="status" '
            f'style="border-left:4px solid {colour};padding:2px 10px;margin:4px 0;{THEMED_TEXT}">'
            f'<p class="course-verdict"><strong>{marker}</strong>{html.escape(note)}</p>',
            render_markdown(self.message_md),
        ]
        if self.revealed and self.answer_text:
            parts.append(
                f'<p class="course-answer"><strong>Answer:</strong> {render_inline(self.answer_text)}</p>'
            )
        if self.hint_md:
            parts.append(
                f'<div class="course-hint"><p><strong>Hint:</strong></p>{render_markdown(self.hint_md)}</div>'
            )
        if self.valid and not self.correct and self.confidence == "sure":
            parts.append('<p class="course-confidence-note"><strong>You were sure of this answer.</strong> '
                         "A confident wrong answer often points to a common misconception: the reason "
                         "above is worth a second look.</p>")
        if self.refs:
            items = "".join(f"<li>{html.escape(_citation(key))}</li>" for key in self.refs)
            parts.append(f'<div class="course-refs"><p><strong>References</strong></p><ul>{items}</ul></div>')
        parts.append("</div>")
        return "".join(parts)


def _citation(key: str) -> str:
    try:
        return reference(key).citation()
    except EvidenceError:
        return f"[{key}] (not found in data/references.yml)"


def _unique(keys: Iterable[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(keys))


# --------------------------------------------------------------------------------------------
# Questions
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True, kw_only=True)
class Question:
    """Fields shared by every kind of question. Use one of the subclasses.

    ``check(response)`` judges a response on its own; ``QuestionState`` adds the count of tries and
    reveals the answer after ``max_tries`` wrong ones.
    """

    lesson: str
    quiz_id: str
    id: str
    prompt: str
    hint: str | None = None
    max_tries: int = DEFAULT_MAX_TRIES
    explanation: str | None = None
    refs: tuple[str, ...] = ()
    kind: str = field(init=False, default="")

    @property
    def full_id(self) -> str:
        """``lesson/id``, unique across the course."""
        return f"{self.lesson}/{self.id}"

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
class ChoiceQuestion(Question):
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


# --- numbers ---------------------------------------------------------------------------------

#: The longest typed answer that is read (a number with its unit needs a few dozen characters).
MAX_RESPONSE_LENGTH = 1000
#: A bank file larger than this is refused unread (the largest bank of the course is under 20 kB).
MAX_BANK_BYTES = 1024 * 1024
# Each pattern is matched once, from a fixed place, and cannot backtrack over the same characters
# twice: reading a typed answer takes time in proportion to its length.
_DIGITS = re.compile(r"(?:\d|[.,]\d)[\d.,]*")
_EXPONENT = re.compile(r"[eE][+\-\u2212]?\d+")
_SIGNS = ("+", "-", "\u2212")


def _norm_unit(text: str) -> str:
    return " ".join(text.split()).casefold()


def parse_number(response: Any, unit: str = "", accept_units: Iterable[str] = ()) -> float:
    """Read a number typed by a learner, tolerantly.

    Spaces around the number are ignored. A comma followed by one or two digits is a decimal comma
    (``5,0`` and ``2,75``); any other comma must separate thousands (``1,234`` and ``12,345.5``).
    A unit may follow the number if it equals ``unit`` or one of ``accept_units`` (ignoring case
    and spacing), or is ``%`` when the unit is a percentage.

    Parameters
    ----------
    response : str or number
        What the learner typed.
    unit : str
        The unit of the answer, as shown to the learner.
    accept_units : iterable of str
        Other unit strings tolerated after the number.

    Returns
    -------
    float
        The number, in the unit of the answer.

    Raises
    ------
    InvalidResponse
        With a message for the learner, when no number can be read.

    >>> [parse_number(s, unit="%") for s in ("5", "5.0", " 5 ", "5 %", "5%", "5,0", "-2,5", ".5")]
    [5.0, 5.0, 5.0, 5.0, 5.0, 5.0, -2.5, 0.5]
    >>> parse_number("1,234"), parse_number("12,345.5"), parse_number("23/100", accept_units=["/100"])
    (1234.0, 12345.5, 23.0)
    >>> parse_number("5 percent", unit="percent of patients")
    5.0
    >>> parse_number("5 kg", unit="%")
    Traceback (most recent call last):
    ...
    course.quiz.InvalidResponse: 'kg' is not the unit of this answer (%).
    >>> parse_number("1e400")
    Traceback (most recent call last):
    ...
    course.quiz.InvalidResponse: '1e400' is out of range: it is far too large to be checked.
    """
    out_of_range = "is out of range: it is far too large to be checked."
    if isinstance(response, numbers.Real) and not isinstance(response, bool):
        try:
            value = float(response)
        except OverflowError:
            raise InvalidResponse(f"The number {out_of_range}") from None
        if math.isnan(value):
            raise InvalidResponse("Type a finite number.")
        if not math.isfinite(value):
            raise InvalidResponse(f"The number {out_of_range}")
        return value
    if not isinstance(response, str):
        raise InvalidResponse("Type a number.")
    if len(response) > MAX_RESPONSE_LENGTH:
        raise InvalidResponse(f"That answer is too long ({len(response)} characters; at most "
                              f"{MAX_RESPONSE_LENGTH} are read): type just the number.")
    text = response.strip()
    sign = ""
    if text[:1] in _SIGNS and text:
        sign, text = text[0], text[1:].lstrip()
    match = _DIGITS.match(text)
    if not match:
        raise InvalidResponse("Type a number." if response.strip() else "Type a number first.")
    digits, rest = match.group(), text[match.end():]
    exponent = _EXPONENT.match(rest)
    if exponent:
        written = f"{sign}{digits}{exponent.group()}"
        try:
            huge = not math.isfinite(float(digits.replace(",", "") + exponent.group().replace("\u2212", "-")))
        except ValueError:
            huge = False
        if huge:
            raise InvalidResponse(f"'{written}' {out_of_range}")
        raise InvalidResponse(f"'{written}' is written with a power of ten: write the number out in digits "
                              "(5000 rather than 5e3).")
    if re.fullmatch(r"\d*,\d{1,2}", digits):
        digits = digits.replace(",", ".")
    elif "," in digits:
        if not re.fullmatch(r"\d{1,3}(,\d{3})+(\.\d*)?", digits):
            raise InvalidResponse(
                f"'{sign}{digits}' is not a number: use a decimal point (2.5) or a decimal comma (2,5), "
                "and commas between thousands only (1,234)."
            )
        digits = digits.replace(",", "")
    if digits.count(".") > 1:
        raise InvalidResponse(f"'{sign}{digits}' is not a number: it has more than one decimal point.")
    value = float(digits) * (-1 if sign in ("-", "\u2212") else 1)
    if not math.isfinite(value):
        shown = f"'{sign}{digits}'" if len(digits) <= 20 else "That number"
        raise InvalidResponse(f"{shown} {out_of_range}")
    rest = _norm_unit(rest)
    if rest:
        allowed = {_norm_unit(u) for u in (unit, *accept_units) if u and u.strip()}
        if "%" in unit or "percent" in unit.casefold():
            allowed |= {"%", "percent", "per cent"}
        if rest not in allowed:
            shown = f" ({unit})" if unit else ""
            raise InvalidResponse(f"'{rest}' is not the unit of this answer{shown}.")
    return value


def _fmt(x: float) -> str:
    """A number as a learner would write it: 23, 2.5, 0.125 (and words for one that is not finite)."""
    if isinstance(x, numbers.Integral) and not isinstance(x, bool):
        digits = len(str(abs(int(x)))) if abs(int(x)) < 10 ** 4000 else 4000
        if digits > 15:
            return f"a number of {digits} digits"
        return str(int(x))
    x = float(x)
    if math.isnan(x):
        return ".nan"
    if math.isinf(x):
        return ".inf" if x > 0 else "-.inf"
    return str(int(x)) if x.is_integer() else f"{x:.10g}"


def _finite_problem(value: Any) -> str | None:
    """Why ``value`` is not a finite number that a float can hold (in words), or None."""
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        return None
    try:
        if math.isfinite(float(value)):
            return None
    except OverflowError:
        pass
    return f"must be a finite number, got {_fmt(value)}"


@dataclass(frozen=True, kw_only=True)
class NumericQuestion(Question):
    """A number, right within an absolute ``tolerance`` (in the unit of the answer)."""

    answer: float
    tolerance: float = 0.0
    unit: str = ""
    accept_units: tuple[str, ...] = ()
    feedback_low: str | None = None
    feedback_high: str | None = None
    feedback_correct: str | None = None

    def __post_init__(self):
        object.__setattr__(self, "kind", "numeric")
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


# --- evidence levels ---------------------------------------------------------------------------


def parse_level(response: Any) -> str:
    """An evidence level from its name, ignoring case; 'none' stands for 'None/contrary'.

    >>> parse_level("moderate"), parse_level(" None ")
    ('Moderate', 'None/contrary')
    """
    if not isinstance(response, str) or not response.strip():
        raise InvalidResponse(f"Choose one of the evidence levels: {', '.join(LEVELS)}.")
    wanted = _norm_unit(response)
    names = {name.casefold(): name for name in LEVELS} | _LEVEL_ALIASES
    if wanted not in names:
        raise InvalidResponse(f"'{response.strip()}' is not an evidence level; choose one of {', '.join(LEVELS)}.")
    return names[wanted]


@dataclass(frozen=True, kw_only=True)
class EvidenceQuestion(Question):
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

    def __post_init__(self):
        object.__setattr__(self, "kind", "evidence")

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


# --- order -------------------------------------------------------------------------------------


@dataclass(frozen=True, kw_only=True)
class OrderQuestion(Question):
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

    def __post_init__(self):
        object.__setattr__(self, "kind", "order")

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


# --------------------------------------------------------------------------------------------
# Tries and reveal
# --------------------------------------------------------------------------------------------


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


# --------------------------------------------------------------------------------------------
# Banks
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Bank:
    """The quizzes of one lesson, by quiz id ('1.1'), in the order of the file."""

    lesson: str
    title: str
    path: Path
    quizzes: dict[str, tuple[Question, ...]]

    @property
    def questions(self) -> list[Question]:
        """Every question of the bank, in order."""
        return [q for qs in self.quizzes.values() for q in qs]

    def quiz(self, quiz_id: str) -> tuple[Question, ...]:
        """The questions of one quiz; an unknown id raises an error listing the ids that exist."""
        quiz_id = str(quiz_id)
        if quiz_id not in self.quizzes:
            raise QuizBankError(
                f"{_display(self.path)}: no quiz '{quiz_id}'. Quizzes in this bank: "
                f"{', '.join(self.quizzes)}"
            )
        return self.quizzes[quiz_id]

    def question(self, question_id: str) -> Question:
        """One question by its id (without the lesson prefix)."""
        for q in self.questions:
            if q.id == question_id:
                return q
        raise QuizBankError(f"{_display(self.path)}: no question '{question_id}'")


def quizzes_dir() -> Path:
    """The folder holding the quiz banks: data/quizzes (follows COURSE_DATA_DIR)."""
    return data_dir() / QUIZZES_FOLDER


def bank_paths(folder: Path | None = None) -> list[Path]:
    """The bank files (``*.yml``) of a folder, sorted; data/quizzes by default."""
    folder = quizzes_dir() if folder is None else Path(folder)
    return sorted(folder.glob("*.yml")) if folder.is_dir() else []


def available_banks() -> list[str]:
    """The lesson names that have a bank in data/quizzes."""
    return [p.stem for p in bank_paths()]


def _display(path: Path) -> str:
    """A path as shown in messages: relative to the repository when inside it."""
    path = Path(path)
    try:
        return path.resolve().relative_to(REPO_DIR).as_posix()
    except ValueError:
        return str(path)


def bank_path(lesson: str | Path) -> Path:
    """The file of a bank given as '01', '01_back_pain_basics' or a path."""
    if isinstance(lesson, Path) or "/" in str(lesson) or str(lesson).endswith((".yml", ".yaml")):
        path = Path(lesson)
        if not path.is_file():
            raise QuizBankError(f"quiz bank {lesson} not found")
        return path
    name = str(lesson).strip()
    available = available_banks()
    if re.fullmatch(r"\d{1,2}", name):
        prefix = name.zfill(2) + "_"
        matches = [n for n in available if n.startswith(prefix)]
        if len(matches) == 1:
            return quizzes_dir() / f"{matches[0]}.yml"
        if len(matches) > 1:
            raise QuizBankError(f"lesson number '{name}' matches several banks: {', '.join(matches)}")
    elif name in available:
        return quizzes_dir() / f"{name}.yml"
    listing = ", ".join(available) if available else "none yet"
    raise QuizBankError(
        f"no quiz bank for lesson '{name}' in {_display(quizzes_dir())}. Available: {listing}"
    )


def load_bank(lesson: str | Path) -> Bank:
    """Load and validate a lesson's quiz bank.

    Parameters
    ----------
    lesson : str or Path
        '01', '01_back_pain_basics', or the path of a bank file.

    Raises
    ------
    QuizBankError
        If the bank is unknown (the message lists the banks that exist) or invalid (the message
        has one line per problem, as from ``validate_bank``).
    """
    path = bank_path(lesson)
    return _load_cached(str(path.resolve()), path.stat().st_mtime_ns, str(data_dir()))


@lru_cache(maxsize=32)
def _load_cached(path: str, mtime_ns: int, folder: str) -> Bank:
    problems = validate_bank(path)
    if problems:
        raise QuizBankError(problems)
    data = _read_yaml(Path(path))
    return _build(data, Path(path))


def _build(data: dict, path: Path) -> Bank:
    lesson = data["lesson"]
    level_of = {}
    if any(q.get("claim") for qs in data["quizzes"].values() for q in qs):
        level_of = {(cid, p.aspect): p.level for cid, c in claims().items() for p in c.parts}
    quizzes = {}
    for quiz_id, raw_questions in data["quizzes"].items():
        built = []
        for raw in raw_questions:
            common = dict(
                lesson=lesson, quiz_id=quiz_id, id=raw["id"], prompt=raw["prompt"],
                hint=raw.get("hint"), max_tries=raw.get("max_tries", DEFAULT_MAX_TRIES),
                explanation=raw.get("explanation"), refs=tuple(raw.get("refs", ())),
            )
            kind = raw["kind"]
            if kind in ("single", "multiple"):
                options = tuple(
                    Option(o["text"], bool(o.get("correct", False)), o["feedback"], tuple(o.get("refs", ())))
                    for o in raw["options"]
                )
                q = ChoiceQuestion(**common, options=options, multiple=kind == "multiple")
            elif kind == "numeric":
                q = NumericQuestion(
                    **common, answer=raw["answer"], tolerance=raw.get("tolerance", 0),
                    unit=raw.get("unit", ""), accept_units=tuple(raw.get("accept_units", ())),
                    feedback_low=raw.get("feedback_low"), feedback_high=raw.get("feedback_high"),
                    feedback_correct=raw.get("feedback_correct"),
                )
            elif kind == "evidence":
                answer = raw.get("answer") or level_of[raw["claim"], raw.get("aspect", "")]
                q = EvidenceQuestion(**common, answer=answer, claim=raw.get("claim"), aspect=raw.get("aspect"),
                                     feedback=dict(raw.get("feedback", {})))
            elif kind == "explorer":
                from .explorer_questions import build_question

                q = build_question(raw, common)
            else:
                q = OrderQuestion(**common, items=tuple(raw["items"]),
                                  feedback_correct=raw.get("feedback_correct"),
                                  feedback_wrong=raw.get("feedback_wrong"))
            built.append(q)
        quizzes[quiz_id] = tuple(built)
    return Bank(lesson=lesson, title=data["title"], path=path, quizzes=quizzes)


# --------------------------------------------------------------------------------------------
# Validation
# --------------------------------------------------------------------------------------------


class _StrictLoader(yaml.SafeLoader):
    """Safe YAML loader that refuses a key written twice in one mapping (PyYAML keeps the last)."""


def _construct_mapping(loader: _StrictLoader, node: yaml.MappingNode) -> dict:
    loader.flatten_mapping(node)
    seen: dict[Any, int] = {}
    for key_node, _ in node.value:
        key = loader.construct_object(key_node, deep=True)
        try:
            first = seen.get(key)
        except TypeError:  # an unhashable key: construct_mapping reports it
            continue
        if first is not None:
            raise yaml.constructor.ConstructorError(
                None, None, f"the key '{key}' is written twice (first on line {first + 1})",
                key_node.start_mark,
            )
        seen[key] = key_node.start_mark.line
    return loader.construct_mapping(node, deep=True)


_StrictLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


class _AliasRefused(yaml.MarkedYAMLError):
    """A YAML anchor (&name) or alias (*name): refused before anything is built from it."""


def _compose_node(loader: _StrictLoader, parent, index):
    # Every node passes here before it is built: an alias is refused before it is expanded, so a
    # bank of nested aliases (nine levels of nine expand to 9**9 strings) is judged at once.
    event = loader.peek_event()
    if isinstance(event, yaml.AliasEvent):
        raise _AliasRefused(None, None, f"YAML aliases (*{event.anchor}) are not allowed in a quiz bank: write the "
                                        "text out in full where it is used", event.start_mark)
    if getattr(event, "anchor", None) is not None:
        raise _AliasRefused(None, None, f"YAML anchors (&{event.anchor}) are not allowed in a quiz bank: write the "
                                        "text out in full where it is used", event.start_mark)
    return yaml.SafeLoader.compose_node(loader, parent, index)


_StrictLoader.compose_node = _compose_node


class _YamlProblem(Exception):
    pass


def _read_yaml(path: Path) -> Any:
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise _YamlProblem(f"{_display(path)}: cannot be read ({exc.strerror or exc})") from None
    if size > MAX_BANK_BYTES:
        raise _YamlProblem(f"{_display(path)}: the file is {size / 1024 / 1024:.1f} MB, larger than the "
                           f"{MAX_BANK_BYTES // (1024 * 1024)} MB a quiz bank may be; split it or shorten it")
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise _YamlProblem(f"{_display(path)}: not UTF-8 text ({exc.reason} at byte {exc.start})") from None
    try:
        return yaml.load(text, Loader=_StrictLoader)
    except _AliasRefused as exc:
        mark = exc.problem_mark
        raise _YamlProblem(f"{_display(path)}: line {mark.line + 1}, column {mark.column + 1}: {exc.problem}") from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = f"line {mark.line + 1}, column {mark.column + 1}: " if mark else ""
        problem = exc.problem or "not valid YAML"
        context = f" ({exc.context})" if exc.context else ""
        tip = ""
        if "mapping values are not allowed" in problem or "expected <block end>" in problem:
            tip = ". Text that contains ': ' or starts with a quote, '[', '{', '*' or '&' must be put in quotes"
        raise _YamlProblem(f"{_display(path)}: {where}YAML syntax error: {problem}{context}{tip}") from None
    except yaml.YAMLError as exc:
        raise _YamlProblem(f"{_display(path)}: YAML syntax error: {exc}") from None
    except (ValueError, RecursionError) as exc:  # a number too long for Python to read; nesting too deep
        reason = "it is nested too deeply" if isinstance(exc, RecursionError) else str(exc)
        raise _YamlProblem(f"{_display(path)}: cannot be read ({reason})") from None


def schema_path() -> Path:
    """data/schema/quiz.schema.json (of COURSE_DATA_DIR if it has one, else the repository's)."""
    path = data_dir() / SCHEMA_FILE
    return path if path.is_file() else REPO_DIR / "data" / SCHEMA_FILE


@lru_cache(maxsize=4)
def _schema(path: str) -> dict:
    return json.loads(Path(path).read_text(encoding="utf-8"))


def _known_fields(schema: dict, kind: str) -> set[str]:
    defs = schema["$defs"]
    own = {"single": "choice", "multiple": "choice"}.get(kind, kind)
    return set(defs["question"]["properties"]) | set(defs[own]["properties"])


_PATTERN_HELP = {
    "lesson": "two digits, an underscore and lower-case words joined by underscores, "
              "like '01_back_pain_basics'",
    "id": "lower-case letters, digits and hyphens, like 'week6-pain'",
    "claim": "the id of a claim in data/claims.csv, one lower-case letter like 'c'",
}


def _show(value: Any) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return f"'{value if len(value) <= 60 else value[:57] + '...'}'"
    if isinstance(value, (int, float)):
        return _fmt(value)
    if isinstance(value, list):
        return f"a list of {len(value)} item{'s' if len(value) != 1 else ''}"
    if isinstance(value, dict):
        return "a mapping"
    return type(value).__name__


def _expected(schema: dict, name: str | None) -> str:
    """What a value must be, in words, from its (sub)schema."""
    if "enum" in schema:
        return "one of " + ", ".join(str(v) for v in schema["enum"])
    kind = schema.get("type")
    if kind in ("number", "integer"):
        words = "a number" if kind == "number" else "a whole number"
        return words + (f" >= {schema['minimum']}" if "minimum" in schema else "")
    if kind == "string":
        if "pattern" in schema:
            return _PATTERN_HELP.get(name or "", f"text matching {schema['pattern']}")
        return "non-empty text" if schema.get("minLength") else "text"
    if kind == "boolean":
        return "true or false"
    if kind == "array":
        words = "a list"
        if schema.get("minItems"):
            words += f" of at least {schema['minItems']}"
            words += " different entries" if schema.get("uniqueItems") else " entries"
        elif schema.get("uniqueItems"):
            words += " without repeats"
        return words
    if kind == "object":
        return "a mapping of 'name: value' lines"
    return "valid"


def _close(word: Any, candidates: Iterable[str]) -> str:
    close = difflib.get_close_matches(str(word), list(candidates), n=3, cutoff=0.6)
    return f" (did you mean {', '.join(repr(c) for c in close)}?)" if close else ""


@dataclass
class _Report:
    """Messages of one bank, sorted by where they are in the file."""

    label: str
    data: Any
    items: list[tuple[tuple, str]] = field(default_factory=list)

    def _locate(self, path: list) -> tuple[tuple, str]:
        """Sort key and prefix ('quiz ...', 'question ...') for a path into the bank."""
        quizzes = self.data.get("quizzes") if isinstance(self.data, dict) else None
        if len(path) < 2 or path[0] != "quizzes" or not isinstance(quizzes, dict):
            return (-1, -1), ""
        qid = path[1]
        pos = list(quizzes).index(qid) if qid in quizzes else -1
        if len(path) < 3:
            return (pos, -1), f"quiz '{qid}': "
        index = path[2]
        raw = quizzes[qid][index] if isinstance(quizzes[qid], list) else None
        if isinstance(raw, dict) and isinstance(raw.get("id"), str):
            return (pos, index), f"question '{raw['id']}': "
        return (pos, index), f"question {index + 1} of quiz '{qid}' (no id): "

    def add(self, path: list, text: str) -> None:
        key, prefix = self._locate(path)
        self.items.append((key, f"{self.label}: {prefix}{text}"))

    def messages(self) -> list[str]:
        out = [text for _, text in sorted(self.items, key=lambda item: item[0])]
        return list(dict.fromkeys(out))


def _field_words(rest: list) -> str:
    """'field 'tolerance'', 'option 2: field 'feedback'' or 'field 'items': entry 1' for a path
    inside a question."""
    words = []
    i = 0
    while i < len(rest):
        part = rest[i]
        nxt = rest[i + 1] if i + 1 < len(rest) else None
        if part == "options" and isinstance(nxt, int):
            words.append(f"option {nxt + 1}")
            i += 2
            continue
        if isinstance(part, str):
            words.append(f"field '{part}'")
        else:
            words.append(f"entry {part + 1}")
        i += 1
    return ": ".join(words)


def _schema_messages(report: _Report, data: Any, schema: dict) -> None:
    import jsonschema

    validator = jsonschema.Draft202012Validator(schema)
    bad_kind = set()
    errors = sorted(validator.iter_errors(data), key=lambda e: [str(p) for p in e.absolute_path])
    for error in errors:
        path = list(error.absolute_path)
        if error.validator == "enum" and path[-1:] == ["kind"] and len(path) == 4:
            bad_kind.add(tuple(path[:3]))
    for error in errors:
        path = list(error.absolute_path)
        if len(path) >= 3 and path[0] == "quizzes" and isinstance(path[2], int):
            where, rest = path[:3], path[3:]  # inside a question
        elif len(path) >= 2 and path[0] == "quizzes":
            where, rest = path[:2], path[2:]  # a quiz as a whole
        else:
            where, rest = [], path  # the file's own fields
        name = next((p for p in reversed(path) if isinstance(p, str)), None)
        target = _field_words(rest)
        subject = f"{target} " if target else ("the file " if not where else "")
        instance = error.instance
        v = error.validator

        if "propertyNames" in error.relative_schema_path:
            if path[-1:] == ["quizzes"]:
                text = (f"quiz id {_show(instance)} must be a section number, a dot and an index in "
                        "quotes, like \"1.1\"")
            else:
                text = (f"{subject}has the key {_show(instance)}, which is not an evidence level; "
                        f"levels: {', '.join(LEVELS)}{_close(instance, LEVELS)}")
        elif v == "required":
            missing = [f for f in error.validator_value if f not in instance]
            for f in missing:
                why = ""
                if f == "feedback" and rest[:1] == ["options"]:
                    why = ": every option needs feedback saying why it is right or wrong"
                elif f == "feedback":
                    why = ": it says why the answer is right or wrong"
                report.add(where, f"{(target + ': ') if target else ''}field '{f}' is missing{why}")
            continue
        elif v in ("additionalProperties", "unevaluatedProperties"):
            if v == "unevaluatedProperties":
                if tuple(path) in bad_kind or instance.get("kind") not in KINDS:
                    continue
                kind = instance["kind"]
                allowed = _known_fields(schema, kind)
            else:
                allowed = set(error.schema.get("properties", {}))
                kind = None
            for extra in [k for k in instance if k not in allowed]:
                belongs = [k for k in KINDS if kind and extra in _known_fields(schema, k)]
                if belongs:
                    why = f" (it belongs to kind {', '.join(belongs)}, and this question is {kind})"
                else:
                    why = _close(extra, allowed)
                report.add(where, f"{(target + ': ') if target else ''}unknown field '{extra}'{why}")
            continue
        elif v == "uniqueItems":
            repeated = sorted({str(x) for x in instance if instance.count(x) > 1})
            text = f"{subject}must list each entry once; repeated: {_quote_list(repeated)}"
        elif v == "minProperties":
            text = f"{subject}must have at least one quiz"
        else:
            expected = _expected(error.schema, name)
            text = f"{subject}must be {expected}, got {_show(instance)}"
            if v == "enum":
                text += _close(instance, [str(x) for x in error.validator_value])
            if error.schema.get("type") == "string" and isinstance(instance, (bool, int, float)):
                text += " (YAML read it as a number or true/false; put the text in quotes)"
        report.add(where, text)


def _split_path(path: list) -> tuple[list, list]:
    """(where, rest): the question or quiz a path is in, and the path inside it."""
    if len(path) >= 3 and path[0] == "quizzes" and isinstance(path[2], int):
        return path[:3], path[3:]
    if len(path) >= 2 and path[0] == "quizzes":
        return path[:2], path[2:]
    return [], path


def _number_messages(report: _Report, data: Any) -> None:
    """Every number of the bank must be finite and fit a float (no .nan, .inf or 401 digits)."""
    stack = [([], data)]
    while stack:
        path, value = stack.pop()
        if isinstance(value, dict):
            stack.extend((path + [k], v) for k, v in reversed(list(value.items())))
        elif isinstance(value, list):
            stack.extend((path + [i], v) for i, v in reversed(list(enumerate(value))))
        else:
            problem = _finite_problem(value)
            if problem:
                where, rest = _split_path(path)
                target = _field_words(rest)
                report.add(where, f"{target + ' ' if target else ''}{problem}")


def _check_refs(report: _Report, where: list, field_words: str, keys: Any, known: dict) -> None:
    if not isinstance(keys, list):
        return
    for key in keys:
        if isinstance(key, str) and key not in known:
            report.add(where, f"{field_words}: no reference '{key}' in data/references.yml"
                              f"{_close(key, known)}")


def _semantic_messages(report: _Report, data: dict, path: Path) -> None:
    lesson = data.get("lesson")
    if isinstance(lesson, str) and lesson != path.stem:
        report.add([], f"field 'lesson' is '{lesson}' but must equal the file name without .yml, "
                       f"'{path.stem}' (rename the file or change the field)")
    quizzes = data.get("quizzes")
    if not isinstance(quizzes, dict):
        return
    try:
        known_refs = references()
    except EvidenceError as exc:
        report.add([], f"cannot check reference keys: {exc}")
        known_refs = None
    try:
        known_claims = claims()
    except EvidenceError as exc:
        report.add([], f"cannot check claim ids: {exc}")
        known_claims = None
    seen_ids: dict[str, str] = {}
    for quiz_id, questions in quizzes.items():
        if not isinstance(quiz_id, str):
            report.add([], f"quiz id {quiz_id} must be written in quotes, like \"{quiz_id}\", so that "
                           "YAML reads it as text (1.10 would otherwise become 1.1)")
            continue
        if not isinstance(questions, list):
            continue
        for index, q in enumerate(questions):
            if not isinstance(q, dict):
                continue
            where = ["quizzes", quiz_id, index]
            qid = q.get("id")
            place = f"quiz {quiz_id} question {index + 1}"
            if isinstance(qid, str):
                if qid in seen_ids:
                    report.add(where, f"field 'id' is used by more than one question ({seen_ids[qid]} "
                                      f"and {place}); ids must be unique within the bank")
                else:
                    seen_ids[qid] = place
            if known_refs is not None:
                _check_refs(report, where, "field 'refs'", q.get("refs"), known_refs)
            kind = q.get("kind")
            options = q.get("options")
            if kind in ("single", "multiple") and isinstance(options, list):
                dicts = [o for o in options if isinstance(o, dict)]
                right = [i + 1 for i, o in enumerate(options) if isinstance(o, dict) and o.get("correct") is True]
                if kind == "single" and len(right) != 1 and len(dicts) == len(options):
                    found = "none" if not right else f"{len(right)} (options {', '.join(map(str, right[:-1]))} and {right[-1]})"
                    report.add(where, f"field 'options' must have exactly one option with 'correct: true' "
                                      f"for kind single, found {found}")
                if kind == "multiple" and not right and len(dicts) == len(options):
                    report.add(where, "field 'options' must have at least one option with "
                                      "'correct: true' for kind multiple, found none")
                texts = [o.get("text") for o in dicts if isinstance(o.get("text"), str)]
                for t in sorted({t for t in texts if texts.count(t) > 1}):
                    report.add(where, f"field 'options': the text '{t}' is used by more than one option")
                if known_refs is not None:
                    for i, o in enumerate(options):
                        if isinstance(o, dict):
                            _check_refs(report, where, f"option {i + 1}: field 'refs'", o.get("refs"), known_refs)
            if kind == "numeric":
                units = [u for u in q.get("accept_units") or [] if isinstance(u, str)]
                if any(re.match(r"\s*[+\-]?[\d.,]", u) for u in units):
                    report.add(where, "field 'accept_units' must hold units, not numbers")
            if kind == "explorer":
                from .explorer_questions import bank_problems

                for problem in bank_problems(q):
                    report.add(where, problem)
            if kind == "evidence":
                claim_id, answer = q.get("claim"), q.get("answer")
                if claim_id is None and answer is None:
                    report.add(where, f"field 'answer' is missing: give the level ({', '.join(LEVELS)}) "
                                      "or field 'claim' with the id of a claim in data/claims.csv")
                elif isinstance(claim_id, str) and known_claims is not None:
                    if claim_id not in known_claims:
                        report.add(where, f"field 'claim': no claim '{claim_id}' in data/claims.csv; "
                                          f"claims are {', '.join(known_claims)}")
                    else:
                        c, aspect = known_claims[claim_id], q.get("aspect", "")
                        aspects = [p.aspect for p in c.parts]
                        if aspect not in aspects:
                            report.add(where, (
                                f"field 'aspect': claim '{claim_id}' has a split verdict; name the part the "
                                f"question rates: {', '.join(aspects)}") if c.split else (
                                f"field 'aspect': claim '{claim_id}' has one verdict; leave out 'aspect'"))
                        elif answer in LEVELS and answer != c.part(aspect).level:
                            part = f" ({aspect})" if aspect else ""
                            report.add(where, f"field 'answer' is '{answer}' but data/claims.csv rates claim "
                                              f"'{claim_id}'{part} '{c.part(aspect).level}'; they must agree "
                                              "(leave out 'answer' to use the claim's level)")


def validate_bank(path: str | Path) -> list[str]:
    """Check one bank file against the schema and the course data.

    Parameters
    ----------
    path : str or Path
        A bank file, such as data/quizzes/01_back_pain_basics.yml.

    Returns
    -------
    list of str
        One message per problem, each naming the file, the question id and the field (empty when
        the bank is valid). YAML syntax errors give the line and column.
    """
    path = Path(path)
    label = _display(path)
    if not path.is_file():
        return [f"{label}: file not found"]
    try:
        data = _read_yaml(path)
    except _YamlProblem as exc:
        return [str(exc)]
    if data is None:
        return [f"{label}: the file is empty; a bank needs the fields lesson, title and quizzes"]
    report = _Report(label, data)
    _number_messages(report, data)
    _schema_messages(report, data, _schema(str(schema_path())))
    if isinstance(data, dict):
        _semantic_messages(report, data, path)
    return report.messages()


def validate_all(paths: Iterable[str | Path] | None = None) -> dict[Path, list[str]]:
    """Validate several banks: every ``*.yml`` in data/quizzes by default.

    Parameters
    ----------
    paths : iterable of str or Path, optional
        Bank files, or folders whose ``*.yml`` files are all checked.

    Returns
    -------
    dict
        Each file's path mapped to its messages (an empty list for a valid bank).
    """
    if paths is None:
        return {f: validate_bank(f) for f in bank_paths()}
    files: list[Path] = []
    for p in paths:
        p = Path(p)
        files.extend(bank_paths(p) if p.is_dir() else [p])
    return {f: validate_bank(f) for f in files}


def _count_questions(path: Path) -> int:
    data = _read_yaml(path)
    return sum(len(qs) for qs in data["quizzes"].values())


# --------------------------------------------------------------------------------------------
# Command line
# --------------------------------------------------------------------------------------------


def _cmd_check_quizzes(args: argparse.Namespace) -> int:
    results = validate_all(args.paths or None)
    if not results:
        print(f"no quiz banks found in {_display(quizzes_dir())}")
        return 0
    failed = 0
    for path, problems in results.items():
        if problems:
            failed += 1
            for line in problems:
                print(line)
        else:
            n = _count_questions(path)
            print(f"OK {_display(path)} ({n} question{'s' if n != 1 else ''})")
    if failed:
        print(f"{failed} of {len(results)} bank(s) have errors")
    return 1 if failed else 0


def register_cli(subparsers: argparse._SubParsersAction) -> None:
    """Add ``check-quizzes`` to ``python -m course``."""
    p = subparsers.add_parser(
        "check-quizzes",
        help="validate the quiz banks in data/quizzes (or the given files); exit 1 on any error",
    )
    p.add_argument("paths", nargs="*", metavar="PATH", help="bank files or folders (default: data/quizzes)")
    p.set_defaults(func=_cmd_check_quizzes)

