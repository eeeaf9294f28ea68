"""Quizzes that answer without a kernel, for the book edition: :func:`quiz_book_html`.

A page without a kernel (the book edition, nbconvert's HTML) cannot run ``course.quiz``, so the
feedback is worked out here, at build time, by the questions' own checking: for every response
the page can produce (each option of a single choice, each set of ticked options of a multiple
choice, each evidence level, each order of an order question, each range of a numeric question
and each reason a typed number cannot be read) the HTML that ``Feedback.html()`` gives, once with
tries left and once revealed, after ``max_tries`` wrong tries. The page's script
(``static_quiz.js``, inlined) only counts tries as ``QuestionState`` does and picks.

What varies inside one feedback (the try number, the number typed when a default message repeats
it, the unit typed) is cut out of the HTML at a sentinel and filled back in by the script: see
:func:`fill`. The table travels base64-encoded in a data attribute, so that no answer is in the
page's text before the learner answers (a reader of the page source can decode it).

Questions that need a kernel (about an explorer's state) and kinds this module does not know show
their prompt, what the live lesson asks, and a line to answer them there.

>>> from course.quiz import ChoiceQuestion, Option
>>> q = ChoiceQuestion(lesson="00_demo", quiz_id="1.1", id="rest", prompt="Best advice?",
...     options=(Option("Stay active", True, "Activity speeds recovery."),
...              Option("Bed rest", False, "Bed rest slows recovery.")))
>>> page = quiz_book_html([q], title="Quiz 1.1")
>>> "Bed rest slows recovery" in page, "Bed rest slows recovery" in str(quiz_payload([q]))
(False, True)
"""

from __future__ import annotations

import base64
import hashlib
import html
import itertools
import json
import re
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from .answers import MAX_RESPONSE_LENGTH, _fmt, allowed_units
from .evidence import LEVELS
from .quiz import ChoiceQuestion, EvidenceQuestion, NumericQuestion, OrderQuestion, Question, hint_html
from .text import render_inline, render_markdown

#: The most options a multiple choice may have here: its table holds every set of ticked options.
MAX_CHOICE_OPTIONS = 8
#: The most items an order question may have here: its table holds every order.
MAX_ORDER_ITEMS = 6
#: The script that checks answers in the page.
SCRIPT = Path(__file__).with_name("static_quiz.js")
#: The try number written into a feedback where the script puts the real one.
_TRY = 9999991
#: The line every quiz of the book edition carries.
CHECKED_HERE = ("Answers are checked in this page only: nothing is stored, and your progress is kept only "
                "in the live course.")
#: Shown until the script runs (and for good where scripts do not run).
NO_SCRIPT = ("Checking answers in this page needs its script, which is not running here: run the lesson "
             "live to check them.")
LIVE_ONLY = "Answer this question in the live lesson: it needs the lesson running."
#: Above the feedback that the teacher's button shows.
SHOWN_ON_REQUEST = "The answer, shown with “Show the answer”; no try was counted."
#: Sample inputs for each reason a typed number cannot be read: (input, the part of the message
#: that changes with the input, a second input and its part, to check the cut).
_NUMBER_PROBLEMS = {
    "empty": ("", None, None, None),
    "word": ("qqzz", None, None, None),
    "long": ("1" * 1234, "1234", "1" * 1500, "1500"),
    "power": ("7531e2", "7531e2", "-86e+4", "-86e+4"),
    "powerHuge": ("7531e999", "7531e999", "86e9999", "86e9999"),
    "comma": ("75,31,1", "75,31,1", "-8,6,4", "-8,6,4"),
    "points": ("7.5.31", "7.5.31", "-1.2.3", "-1.2.3"),
    "huge": ("9" * 400, None, None, None),
    "unit": ("5 qqzzx", "qqzzx", "5 wwyy", "wwyy"),
}


class StaticQuizError(ValueError):
    """A question cannot be put in a page without a kernel; the message names it and why."""


# --------------------------------------------------------------------------------------------
# Feedback with its varying parts cut out
# --------------------------------------------------------------------------------------------


def cut(text: str, slots: dict[str, str]) -> dict:
    """``text`` cut at each occurrence of the sentinel strings in ``slots`` (slot letter -> sentinel):
    ``{"p": pieces, "s": the slot letters between them}``.

    >>> cut("a (try 7) b 7", {"t": "7"})
    {'p': ['a (try ', ') b ', ''], 's': 'tt'}
    """
    slots = {k: v for k, v in slots.items() if v}
    if not slots:
        return {"p": [text], "s": ""}
    letter = {v: k for k, v in slots.items()}
    parts = re.split("(" + "|".join(re.escape(v) for v in sorted(letter, key=len, reverse=True)) + ")", text)
    return {"p": parts[0::2], "s": "".join(letter[v] for v in parts[1::2])}


def fill(version: dict, values: dict[str, str]) -> str:
    """The HTML of a cut feedback with each slot filled (values already HTML-safe), as the page's
    script does it.

    >>> fill(cut("a (try 7) b", {"t": "7"}), {"t": "2"})
    'a (try 2) b'
    """
    out = [version["p"][0]]
    for letter, piece in zip(version["s"], version["p"][1:]):
        out.append(values[letter] + piece)
    return "".join(out)


def _cut_try(q: Question, text: str) -> dict:
    version = cut(text, {"t": str(_TRY)})
    if version["s"] != "t":
        raise StaticQuizError(f"question {q.full_id}: its text holds the number {_TRY}, which the static "
                              "edition uses as a mark; write it another way")
    return version


def _versions(q: Question, value: Any) -> list:
    """[right (0 or 1), feedback with tries left, feedback revealed] of a response ``value`` that
    ``q.parse`` gave."""
    out = [int(q._judge(value, reveal=False)[0])]
    for reveal in (False, True):
        out.append(_cut_try(q, q._feedback(value, attempt=_TRY, reveal=reveal).html()))
    return out


def _invalid(q: Question, response: Any) -> dict:
    feedback = q.check(response)
    if feedback.valid:
        raise StaticQuizError(f"question {q.full_id}: the response {response!r} was expected to be refused")
    return cut(feedback.html(), {})


def _teacher(q: Question, response: Any) -> str:
    shown = q._feedback(q.parse(response), attempt=0, reveal=True).html()
    return f'<p class="course-quiz-book-shown"><em>{html.escape(SHOWN_ON_REQUEST)}</em></p>{shown}'


# --------------------------------------------------------------------------------------------
# The table of each kind
# --------------------------------------------------------------------------------------------


def _choice_table(q: ChoiceQuestion) -> dict:
    if not q.multiple:
        return {"r": {str(i): _versions(q, i) for i in range(len(q.options))},
                "i": {"none": _invalid(q, None)}, "a": _teacher(q, q.correct_indices[0])}
    n = len(q.options)
    if n > MAX_CHOICE_OPTIONS:
        raise StaticQuizError(f"question {q.full_id}: a multiple choice has {n} options; the book edition "
                              f"takes at most {MAX_CHOICE_OPTIONS} (it lists every set of ticked options)")
    table = {}
    for mask in range(1, 2 ** n):
        table[str(mask)] = _versions(q, tuple(i for i in range(n) if mask >> i & 1))
    return {"r": table, "i": {"none": _invalid(q, [])}, "a": _teacher(q, list(q.correct_indices))}


def _evidence_table(q: EvidenceQuestion) -> dict:
    return {"r": {level: _versions(q, level) for level in LEVELS}, "i": {"none": _invalid(q, "")},
            "a": _teacher(q, q.answer)}


def _order_table(q: OrderQuestion) -> dict:
    shown = q.initial_order()
    if len(shown) > MAX_ORDER_ITEMS:
        raise StaticQuizError(f"question {q.full_id}: an order question has {len(shown)} items; the static "
                              f"edition takes at most {MAX_ORDER_ITEMS} (it lists every order)")
    table = {",".join(map(str, p)): _versions(q, tuple(shown[i] for i in p))
             for p in itertools.permutations(range(len(shown)))}
    return {"r": table, "a": _teacher(q, list(q.items))}


def _number_regions(q: NumericQuestion) -> tuple[float, float, dict]:
    """The bounds the question's ``_judge`` compares with, and for each region ('low', 'ok', 'high')
    two sample values inside it."""
    low, high = q.answer - q.tolerance, q.answer + q.tolerance
    slack = 1e-9 * max(1.0, abs(q.answer))
    below, above = low - slack, high + slack
    spread = max(1.0, abs(q.answer))
    ok = (q.answer + 0.3719 * q.tolerance, q.answer - 0.2113 * q.tolerance) if q.tolerance else (q.answer, q.answer)
    return below, above, {"low": (below - 0.137 * spread, below - 7.31 * spread - 0.5),
                          "ok": ok, "high": (above + 0.137 * spread, above + 7.31 * spread + 0.5)}


def _number_version(q: NumericQuestion, samples: tuple[float, float], reveal: bool) -> dict:
    first, second = samples
    text = q._feedback(first, attempt=_TRY, reveal=reveal).html()
    other = q._feedback(second, attempt=2, reveal=reveal).html()
    version = cut(text, {"t": str(_TRY), "v": _fmt(first) if _fmt(first) != _fmt(second) else ""})
    if version["s"].count("t") != 1 or fill(version, {"t": "2", "v": _fmt(second)}) != other:
        raise StaticQuizError(f"question {q.full_id}: its feedback for {_fmt(first)} and {_fmt(second)} "
                              "differs in more than the number typed, so the book edition cannot show it")
    return version


def _numeric_table(q: NumericQuestion) -> dict:
    below, above, regions = _number_regions(q)
    table = {name: [int(q._judge(samples[0], False)[0]),
                    *(_number_version(q, samples, reveal) for reveal in (False, True))]
             for name, samples in regions.items()}
    problems = {}
    for key, (first, part, second, second_part) in _NUMBER_PROBLEMS.items():
        problems[key] = version = cut(q.check(first).html(), {"x": part} if part else {})
        if q.check(first).valid or (part and fill(version, {"x": second_part}) != q.check(second).html()):
            raise StaticQuizError(f"question {q.full_id}: its message for the typed answer {first[:20]!r} "
                                  "cannot be cut where the typed answer is repeated")
    return {"r": table, "i": problems, "b": [below, above], "u": sorted(allowed_units(q.unit, q.accept_units)),
            "n": MAX_RESPONSE_LENGTH, "a": _teacher(q, q.answer)}


_TABLES: dict[type, Callable[[Any], dict]] = {ChoiceQuestion: _choice_table, EvidenceQuestion: _evidence_table,
                                              OrderQuestion: _order_table, NumericQuestion: _numeric_table}


def _table_maker(q: Question) -> Callable[[Any], dict] | None:
    return next((make for cls, make in _TABLES.items() if type(q) is cls), None)


def question_table(q: Question) -> dict | None:
    """Everything the page needs to judge ``q``: the kind, ``max_tries``, the feedback of each
    response (``r``: key -> [right, with tries left, revealed]), the messages for responses that
    cannot be checked (``i``), the teacher's view (``a``), the hint (``h``) and, for numbers, the
    bounds (``b``) and the units accepted (``u``). None for a question the page cannot judge."""
    make = _table_maker(q)
    if make is None:
        return None
    table = {"k": q.kind, "m": q.max_tries, **make(q)}
    if q.hint:
        table["h"] = hint_html(q)
    return table


#: Where a feedback's HTML is cut into the pieces a quiz's table keeps once each (the feedback of
#: one set of ticked options shares most of its lines with the next).
_PIECE_END = re.compile(r"(?<=\n)|(?<=</li>)|(?<=</p>)|(?<=</strong>)")


def _shared(tables: list, strings: list[str]) -> None:
    """Replace every piece of every cut feedback in ``tables`` by the indices of its parts in
    ``strings`` (added to as needed)."""
    index = {text: i for i, text in enumerate(strings)}

    def number(part: str) -> int:
        if part not in index:
            index[part] = len(strings)
            strings.append(part)
        return index[part]

    def walk(node):
        if isinstance(node, dict) and set(node) == {"p", "s"}:
            node["p"] = [[number(part) for part in _PIECE_END.split(piece) if part] for piece in node["p"]]
        elif isinstance(node, dict):
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(tables)


def quiz_payload(questions: Sequence[Question]) -> dict:
    """The decoded table of one quiz: ``{"q": [question_table(q) for each question], "s": strings}``,
    each piece of a cut feedback (:func:`cut`) given as indices into ``s`` (see :func:`expand`)."""
    tables, strings = [question_table(q) for q in questions], []
    _shared(tables, strings)
    return {"q": tables, "s": strings}


def expand(payload: dict, version: dict) -> dict:
    """A cut feedback of ``payload`` with its pieces as text again, for :func:`fill`."""
    return {"p": ["".join(payload["s"][i] for i in piece) for piece in version["p"]], "s": version["s"]}


# --------------------------------------------------------------------------------------------
# The HTML
# --------------------------------------------------------------------------------------------


def _radio(name: str, value: str, label_html: str) -> str:
    return (f'<label class="course-quiz-book-option"><input type="radio" name="{name}" value="{html.escape(value)}"> '
            f"{label_html}</label>")


def _inputs_html(q: Question, k: int) -> str:
    """The inputs of question ``k`` of a quiz: no attribute of them says which answer is right."""
    name = f"q{k}"
    if isinstance(q, ChoiceQuestion) and q.multiple:
        boxes = "".join(f'<label class="course-quiz-book-option"><input type="checkbox" name="{name}" value="{i}"> '
                        f"{render_inline(o.text)}</label>" for i, o in enumerate(q.options))
        return f"<fieldset><legend>Tick every option that applies.</legend>{boxes}</fieldset>"
    if isinstance(q, ChoiceQuestion):
        radios = "".join(_radio(name, str(i), render_inline(o.text)) for i, o in enumerate(q.options))
        return f"<fieldset><legend>Choose one option.</legend>{radios}</fieldset>"
    if isinstance(q, EvidenceQuestion):
        radios = "".join(_radio(name, level, f"<b>{html.escape(level)}</b>: {html.escape(meaning)}")
                         for level, meaning in LEVELS.items())
        return f"<fieldset><legend>Choose an evidence level.</legend>{radios}</fieldset>"
    if isinstance(q, NumericQuestion):
        unit = f' <span class="course-unit">{html.escape(q.unit)}</span>' if q.unit else ""
        return (f'<p><label>Answer: <input type="text" name="{name}" autocomplete="off" spellcheck="false" '
                f'placeholder="Type {html.escape(q.expected(), quote=True)}" size="28"></label>{unit}</p>')
    shown = q.initial_order()
    selects = []
    for position in range(len(shown)):
        options = "".join(f'<option value="{i}"{" selected" if i == position else ""}>{html.escape(item)}</option>'
                          for i, item in enumerate(shown))
        selects.append(f'<p><label>Position {position + 1}: <select name="{name}-{position}">{options}</select>'
                       "</label></p>")
    return ('<fieldset><legend>Put these in order: choose the item for each position (choosing an item '
            'swaps it with the position that held it).</legend>'
            f'{"".join(selects)}<p class="course-quiz-book-moved" aria-live="polite"></p></fieldset>')


def _question_html(q: Question, k: int, judged: bool) -> str:
    prompt = f'<div class="course-prompt">{render_markdown(q.prompt)}</div>'
    if not judged:
        return (f'<div class="course-question course-quiz-book-live-only">{prompt}{q.static_html()}'
                f"<p><i>{html.escape(LIVE_ONLY)}</i></p></div>")
    hint = '<button type="button" class="course-hint-button" disabled>Hint</button> ' if q.hint else ""
    return (f'<form class="course-question" data-q="{k}">{prompt}{_inputs_html(q, k)}'
            '<p class="course-buttons"><button type="submit" class="course-check" disabled>Check</button> '
            f'{hint}<button type="button" class="course-reset" disabled>Try again</button> '
            '<button type="button" class="course-quiz-book-teacher" disabled>Show the answer (for teachers)</button></p>'
            '<div class="course-hint"></div><div class="course-feedback" role="status" aria-live="polite"></div></form>')


_STYLE = ("<style>.course-quiz-book fieldset{border:0;margin:0;padding:0}.course-quiz-book legend{padding:0;font-size:1rem;"
          "font-style:italic}.course-quiz-book-option{display:block;margin:.2rem 0}.course-quiz-book .course-question"
          "{margin:1rem 0 1.4rem}.course-quiz-book-teacher{font-size:.85em}</style>")


def quiz_book_html(questions: Sequence[Question], title: str | None = None) -> str:
    """One quiz as an HTML fragment that answers in the page, with no kernel: the questions with
    their inputs, a Check button each, the feedback the live lesson gives (worked out here, see the
    module's docstring) and the script, inlined, that picks it.

    Parameters
    ----------
    questions : sequence of Question
        The quiz's questions, in order (``load_bank(lesson).quiz(quiz_id)``).
    title : str, optional
        The quiz's heading ('Quiz 1.1'); none when not given.

    Raises
    ------
    StaticQuizError
        When a question cannot be put in the page (too many options or items to list every response).
    """
    payload = quiz_payload(questions)
    encoded = base64.b64encode(json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode()).decode()
    key = hashlib.sha256(f"{title}\0{encoded}".encode()).hexdigest()[:16]
    heading = f'<h3 class="course-quiz-title">{html.escape(title)}</h3>' if title else ""
    body = "".join(_question_html(q, k, table is not None) for k, (q, table) in enumerate(zip(questions, payload["q"])))
    return (f'{_STYLE}<div class="course-quiz-book" data-course-quiz-book="{key}" data-quiz="{encoded}">{heading}'
            f'<p class="course-quiz-book-note"><small>{html.escape(CHECKED_HERE)}</small></p>'
            f'<p class="course-quiz-book-off"><i>{html.escape(NO_SCRIPT)}</i></p>{body}</div>'
            f'<script>(function () {{\n{SCRIPT.read_text(encoding="utf-8")}\ncourseQuizBook("{key}");\n}})();</script>')


def quiz_payload_of(fragment: str) -> dict:
    """The table a fragment of :func:`quiz_book_html` carries, decoded (for tests and checks)."""
    found = re.search(r'data-quiz="([A-Za-z0-9+/=]*)"', fragment)
    if not found:
        raise ValueError("no quiz table (data-quiz) in this HTML")
    return json.loads(base64.b64decode(found.group(1)))
