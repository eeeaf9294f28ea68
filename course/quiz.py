"""Self-check quizzes: the questions and the checking of answers.

The questions come from the lessons' quiz banks (``course.banks`` loads and validates them). This
module is pure logic: it decides whether an answer is right and what feedback to give.
``course.quiz_widget`` only displays what it decides.

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

import html
import math
import numbers
import random
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from .evidence import LEVELS, EvidenceError, claims, reference
from .text import render_inline, render_markdown

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
