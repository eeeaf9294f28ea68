"""A learner's answers: reading what was typed, and what the course says back.

``parse_number`` and ``parse_level`` read a typed number or evidence level tolerantly, and raise
``InvalidResponse`` (with a message for the learner) when nothing can be read; ``Feedback`` is what
the course says about one checked response, with its HTML. The question kinds of ``course.quiz``
use both.
"""

from __future__ import annotations

import html
import math
import numbers
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from .evidence import LEVELS, EvidenceError, reference
from .text import render_inline, render_markdown

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
            f'<div class="course-feedback-body" '
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
    course.answers.InvalidResponse: 'kg' is not the unit of this answer (%).
    >>> parse_number("1e400")
    Traceback (most recent call last):
    ...
    course.answers.InvalidResponse: '1e400' is out of range: it is far too large to be checked.
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
        if rest not in allowed_units(unit, accept_units):
            shown = f" ({unit})" if unit else ""
            raise InvalidResponse(f"'{rest}' is not the unit of this answer{shown}.")
    return value


def allowed_units(unit: str = "", accept_units: Iterable[str] = ()) -> set[str]:
    """The unit words ``parse_number`` accepts after a number, each with its spacing made single and
    its case folded: ``unit``, ``accept_units``, and '%', 'percent' and 'per cent' when the unit is
    a percentage.

    >>> sorted(allowed_units("% MVC", ["mvc"]))
    ['%', '% mvc', 'mvc', 'per cent', 'percent']
    """
    allowed = {_norm_unit(u) for u in (unit, *accept_units) if u and u.strip()}
    if "%" in unit or "percent" in unit.casefold():
        allowed |= {"%", "percent", "per cent"}
    return allowed


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
