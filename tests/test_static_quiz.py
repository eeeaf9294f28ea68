"""Quizzes that answer without a kernel (course/static_quiz.py and static_quiz.js): no answer in the
page's text, and the feedback the page picks is the live lesson's, for every response it can give.

The script's pure parts (reading a typed number, writing it back, counting tries, picking) run
under node when it is installed; no browser is needed."""

from __future__ import annotations

import html
import json
import re
import shutil
import subprocess

import pytest

from course.answers import InvalidResponse, _fmt, allowed_units, parse_number
from course.banks import course_banks, load_bank
from course.quiz import ChoiceQuestion, NumericQuestion, Option, OrderQuestion, QuestionState
from course.quiz_widget import QuizWidget
from course.static_quiz import (CHECKED_HERE, LIVE_ONLY, MAX_CHOICE_OPTIONS, MAX_ORDER_ITEMS, SCRIPT,
                                StaticQuizError, expand, fill, quiz_book_html, quiz_payload, quiz_payload_of)
from course.text import plain_text, strip_html

NODE = shutil.which("node")
needs_node = pytest.mark.skipif(NODE is None, reason="node is not installed")

QUIZZES = [(bank.lesson, quiz_id) for bank in course_banks().values()
           for quiz_id in dict.fromkeys(q.quiz_id for q in bank.questions)]


def _quiz(lesson, quiz_id):
    return list(load_bank(lesson).quiz(quiz_id))


def _without_payload(fragment: str) -> str:
    return re.sub(r'data-quiz="[^"]*"', "", fragment)


def _visible(fragment: str) -> str:
    text = re.sub(r"<script.*?</script>|<style.*?</style>", " ", _without_payload(fragment), flags=re.S)
    return " ".join(html.unescape(strip_html(text)).split())


def _secrets(q) -> list[str]:
    """Texts a learner must not see before answering: the explanation, each option's feedback, the
    answer where it is not simply one of the options shown."""
    found = [q.explanation or ""]
    if isinstance(q, ChoiceQuestion):
        found += [o.feedback for o in q.options]
    elif isinstance(q, NumericQuestion):
        found += [q.answer_text(), q.feedback_low or "", q.feedback_high or "", q.feedback_correct or ""]
    elif isinstance(q, OrderQuestion):
        found += [q.answer_text(), q.feedback_correct or "", q.feedback_wrong or ""]
    elif q.kind == "evidence":
        found += [*q.feedback.values(), q._judge(q.answer, False)[1]]
    return [" ".join(plain_text(s).split()) for s in found if s and s.strip()]


@pytest.mark.parametrize(("lesson", "quiz_id"), QUIZZES)
def test_no_answer_is_in_the_page_before_it_is_asked_for(lesson, quiz_id):
    questions = _quiz(lesson, quiz_id)
    fragment = quiz_book_html(questions, title=f"Quiz {quiz_id}")
    visible, source = _visible(fragment), _without_payload(fragment)
    assert CHECKED_HERE in visible
    for q in questions:
        assert " ".join(plain_text(q.prompt).split())[:60] in visible
        for secret in _secrets(q):
            assert secret not in visible, (q.full_id, secret)
            assert html.escape(secret, quote=False) not in source, (q.full_id, secret)
    assert quiz_payload_of(fragment) == json.loads(json.dumps(quiz_payload(questions)))


def _state_after(q, wrong_response, tries):
    state = QuestionState(q)
    for _ in range(tries):
        state.submit(wrong_response)
    return state


def _a_wrong_response(q, table):
    for key, entry in table["r"].items():
        if not entry[0]:
            return _response_of(q, key)
    return None


def _response_of(q, key):
    """The Python response that the page's response ``key`` stands for."""
    if isinstance(q, ChoiceQuestion):
        return int(key) if not q.multiple else [i for i in range(len(q.options)) if int(key) >> i & 1]
    if isinstance(q, OrderQuestion):
        shown = q.initial_order()
        return [shown[int(i)] for i in key.split(",")]
    return key


@pytest.mark.parametrize(("lesson", "quiz_id"), QUIZZES)
def test_every_response_gets_the_live_feedback_with_tries_left_and_revealed(lesson, quiz_id):
    questions = _quiz(lesson, quiz_id)
    payload = quiz_payload(questions)
    for q, table in zip(questions, payload["q"]):
        if table is None or table["k"] == "numeric":
            continue
        wrong = _a_wrong_response(q, table)
        for key, (right, first, revealed) in table["r"].items():
            response = _response_of(q, key)
            live = QuestionState(q).submit(response)
            assert bool(right) == live.correct
            assert fill(expand(payload, first), {"t": "1"}) == live.html(), (q.full_id, key)
            if wrong is not None:  # after max_tries wrong tries the answer is shown, with every response
                state = _state_after(q, wrong, q.max_tries)
                later = state.submit(response)
                assert later.revealed and fill(expand(payload, revealed), {"t": str(state.attempts)}) == later.html()
        none = QuestionState(q).submit([] if table["k"] == "multiple" else None if table["k"] == "single" else "")
        if "i" in table:
            assert fill(expand(payload, table["i"]["none"]), {}) == none.html()


def _number_samples(q):
    low, high, tol = q.answer - q.tolerance, q.answer + q.tolerance, q.tolerance
    return [q.answer, low, high, low + tol / 3, high - tol / 7, low - max(tol, 1) * 0.01, high + max(tol, 1) * 0.01,
            low - 1e-12, high + 1e-6, q.answer * 10 + 100, -q.answer - 50, 0.0, q.answer + 0.125]


def _numeric_questions():
    return [(lesson, quiz_id, q) for lesson, quiz_id in QUIZZES for q in _quiz(lesson, quiz_id)
            if isinstance(q, NumericQuestion)]


def _region(table, value):
    return "low" if value < table["b"][0] else "high" if value > table["b"][1] else "ok"


@pytest.mark.parametrize("lesson, quiz_id, q", _numeric_questions(), ids=lambda x: getattr(x, "id", str(x)))
def test_the_ranges_of_a_number_agree_with_its_check(lesson, quiz_id, q):
    payload = quiz_payload([q])
    table = payload["q"][0]
    for value in _number_samples(q):
        live = QuestionState(q).submit(value)
        right, first, revealed = table["r"][_region(table, value)]
        assert bool(right) == live.correct, (q.full_id, value)
        assert fill(expand(payload, first), {"t": "1", "v": _fmt(value)}) == live.html(), (q.full_id, value)
        state = _state_after(q, q.answer + 100 * max(q.tolerance, 1) + 100, q.max_tries)
        later = state.submit(value)
        assert fill(expand(payload, revealed), {"t": str(state.attempts), "v": _fmt(value)}) == later.html()


def test_a_default_message_repeats_the_number_typed():
    q = NumericQuestion(lesson="00_demo", quiz_id="1.1", id="n", prompt="How many?", answer=23, tolerance=2,
                        unit="points", explanation="It is 23.")
    payload = quiz_payload([q])
    table = payload["q"][0]
    for value in (5.0, 22.5, 24.0, 31.25, -7.0):
        live = q.check(value)
        assert "is too" in live.message_md or "is right" in live.message_md
        version = table["r"][_region(table, value)][1]
        assert "v" in version["s"]
        assert fill(expand(payload, version), {"t": "1", "v": _fmt(value)}) == live.html()


def test_too_many_options_or_items_are_refused_with_the_question_named():
    options = tuple(Option(f"option {i}", i == 0, "why") for i in range(MAX_CHOICE_OPTIONS + 1))
    many = ChoiceQuestion(lesson="00_demo", quiz_id="1.1", id="many", prompt="Which?", options=options, multiple=True)
    with pytest.raises(StaticQuizError, match=f"00_demo/many.*{MAX_CHOICE_OPTIONS + 1} options.*at most {MAX_CHOICE_OPTIONS}"):
        quiz_book_html([many])
    items = tuple(f"step {i}" for i in range(MAX_ORDER_ITEMS + 1))
    long = OrderQuestion(lesson="00_demo", quiz_id="1.1", id="long", prompt="Order", items=items)
    with pytest.raises(StaticQuizError, match=f"00_demo/long.*{MAX_ORDER_ITEMS + 1} items"):
        quiz_book_html([long])
    assert max(len(q.options) for lesson, quiz_id in QUIZZES for q in _quiz(lesson, quiz_id)
               if isinstance(q, ChoiceQuestion) and q.multiple) <= MAX_CHOICE_OPTIONS


def test_the_quiz_widget_falls_back_to_the_page_that_answers():
    fragment = QuizWidget("05", "2.1").static_html()
    assert 'class="course-quiz-book"' in fragment and "Quiz 2.1" in fragment
    assert LIVE_ONLY in fragment and "Minutes on the skin" in fragment  # the explorer question
    assert fragment.count("<form ") == sum(1 for t in quiz_payload_of(fragment)["q"] if t is not None)
    assert "Run the lesson live to check your answers" in QuizWidget("05", "2.1").text_html()
    key = re.search(r'data-course-quiz-book="(\w+)"', fragment).group(1)
    assert fragment.endswith(f'courseQuizBook("{key}");\n}})();</script>')


def test_the_page_that_answers_is_the_fallback_only_when_the_book_is_built(monkeypatch):
    """A live lesson's saved notebook keeps the short text version; the book's build asks for the
    version that answers (the same setting as the explorers' frames)."""
    from course.frames import FRAMES_ENV

    widget = QuizWidget("05", "2.1")

    def fallback() -> str:
        bundle = widget._repr_mimebundle_()
        return (bundle[0] if isinstance(bundle, tuple) else bundle)["text/html"]

    monkeypatch.delenv(FRAMES_ENV, raising=False)
    assert fallback() == widget.text_html()
    monkeypatch.setenv(FRAMES_ENV, "1")
    assert fallback() == widget.static_html()


def test_inputs_do_not_give_the_answer_away():
    fragment = quiz_book_html(_quiz("02", "2.1") + _quiz("00", "3.1"))
    for q in _quiz("02", "2.1") + _quiz("00", "3.1"):
        if isinstance(q, OrderQuestion):  # the first position offers the shown order, not the right one
            first = re.search(r'<select name="q\d+-0">(.*?)</select>', fragment).group(1)
            assert re.findall(r">([^<]+)</option>", first) == [html.escape(t) for t in q.initial_order()]
    assert "correct" not in _without_payload(fragment).lower()


# --- the script, under node -------------------------------------------------------------------

_HARNESS = """
const fs = require('fs');
const api = new Function(fs.readFileSync(process.argv[1], 'utf8') + '\\nreturn courseQuizBook;')()(null);
const job = JSON.parse(fs.readFileSync(0, 'utf8'));
const out = {};
if (job.numbers) out.numbers = job.numbers.map(([text, units]) => api.parseNumber(text, units, 1000));
if (job.fmt) out.fmt = job.fmt.map(api.fmt);
if (job.quiz) out.quiz = job.quiz.cases.map(([k, responses]) => {
  const state = {attempts: 0, wrong: 0, revealed: false}, table = job.quiz.payload.q[k];
  return responses.map((r) => api.answer(table, job.quiz.payload.s, state,
                                         r.typed !== undefined ? api.numberResponse(table, r.typed) : r));
});
process.stdout.write(JSON.stringify(out));
"""


def _node(job: dict) -> dict:
    done = subprocess.run([NODE, "-e", _HARNESS, str(SCRIPT)], input=json.dumps(job), capture_output=True,
                          text=True, timeout=60, check=True)
    return json.loads(done.stdout)


TYPED = ["5", "5.0", " 5 ", "-2,5", ".5", "1,234", "12,345.5", "−3", "+ 7", "23/100", "23 /100", "23 Points",
         "5 percent", "5%", "5 per  cent", "", "   ", "five", "5e3", "-2E+4", "5e999", "1,23,4", "1.2.3",
         "1.5,25", "12 kg", "9" * 400, "1" * 1001, "0", "-0", "0.0001", "0.00001", "123456789012.5", "5,", "007",
         "3.", ",5", "1,234,567", "20.5 %", "58,6 min", "44 °C", "44°c", "5 <b>"]
UNITS = ["%", "points out of 100", "°C"]


@needs_node
def test_the_script_reads_a_typed_number_as_parse_number_does():
    cases = [(text, unit) for text in TYPED for unit in UNITS]
    got = _node({"numbers": [[text, sorted(allowed_units(unit, ["/100", "points"]))] for text, unit in cases]})
    for (text, unit), read in zip(cases, got["numbers"]):
        try:
            value = parse_number(text, unit, ["/100", "points"])
        except InvalidResponse:
            assert "problem" in read, (text, unit, read)
        else:
            assert read.get("value") == value, (text, unit, read)


@needs_node
@pytest.mark.parametrize("unit", UNITS)
def test_the_script_says_what_the_live_lesson_says_of_each_typed_answer(unit):
    q = NumericQuestion(lesson="00_demo", quiz_id="1.1", id="n", prompt="How many?", answer=23, tolerance=2,
                        unit=unit, accept_units=("/100", "points"), explanation="It is 23.")
    got = _node({"quiz": {"payload": quiz_payload([q]), "cases": [[0, [{"typed": t}]] for t in TYPED]}})["quiz"]
    for text, [mine] in zip(TYPED, got):
        assert mine == QuestionState(q).submit(text).html(), (text, unit)


@needs_node
def test_the_script_writes_numbers_back_as_python_does():
    values = [0.0, -0.0, 5.0, 2.5, -2.5, 0.1 + 0.2, 1 / 3, 1.5e-5, 0.0001, 123456789012.5, 1e21, 2 ** 60 + 0.0,
              99999.99999, 12345678.9, 0.000123456789, -7.31e-7, 58.6, 1234.5678901234]
    assert _node({"fmt": values})["fmt"] == [_fmt(v) for v in values]


@needs_node
@pytest.mark.parametrize(("lesson", "quiz_id"), [("02", "5.1"), ("01", "2.1"), ("05", "4.1"), ("00", "1.1")])
def test_the_script_counts_tries_and_picks_as_the_live_lesson(lesson, quiz_id):
    questions = _quiz(lesson, quiz_id)
    payload = quiz_payload(questions)
    cases, expected = [], []
    for k, (q, table) in enumerate(zip(questions, payload["q"])):
        if table is None:
            continue
        if table["k"] == "numeric":
            typed = ["", "many", "5e3", f"{_fmt(q.answer + 100 * max(q.tolerance, 1))} {q.unit}", "1,2,3", "7 zz",
                     "1" * 1001, f"{_fmt(q.answer - 50 * max(q.tolerance, 1))}", _fmt(q.answer * 10 + 99),
                     f"{_fmt(q.answer)} {q.unit}", "-1"]
            responses, js = typed, [{"typed": t} for t in typed]
        else:
            keys = list(table["r"])
            keys = keys[::-1] + keys  # every response, several times wrong before the answer is revealed
            responses, js = [_response_of(q, key) for key in keys], [{"key": key} for key in keys]
            if "i" in table:
                responses, js = [None if table["k"] == "single" else [] if table["k"] == "multiple" else ""] + responses, \
                    [{"problem": "none"}] + js
        state = QuestionState(q)
        expected.append([state.submit(r).html() for r in responses])
        cases.append([k, js])
    got = _node({"quiz": {"payload": payload, "cases": cases}})["quiz"]
    assert len(got) == len(expected)
    for mine, live in zip(got, expected):
        assert mine == live


@needs_node
def test_the_script_starts_each_copy_of_a_quiz_once():
    fragment = quiz_book_html(_quiz("00", "1.1"), title="Quiz 1.1")
    key = re.search(r'data-course-quiz-book="(\w+)"', fragment).group(1)
    data = re.search(r'data-quiz="([^"]*)"', fragment).group(1)
    script = re.search(r"<script>(.*)</script>", fragment, flags=re.S).group(1)
    fake_dom = """
    const reads = [];
    const root = () => { const attrs = {'data-quiz': DATA}; return {attrs,
      getAttribute: (n) => { if (n === 'data-quiz') reads.push(1); return attrs[n] || null; },
      setAttribute: (n, v) => { attrs[n] = v; }, querySelectorAll: () => [] }; };
    const roots = [root(), root()];
    globalThis.document = {querySelectorAll: (sel) => sel === '[data-course-quiz-book="KEY"]' ? roots : []};
    SCRIPT
    SCRIPT
    process.stdout.write(JSON.stringify({reads: reads.length, ready: roots.map((r) => r.attrs['data-course-quiz-book-ready'])}));
    """.replace("DATA", json.dumps(data)).replace("KEY", key).replace("SCRIPT", script)
    done = subprocess.run([NODE, "-e", fake_dom], capture_output=True, text=True, timeout=60, check=True)
    assert json.loads(done.stdout) == {"reads": 2, "ready": ["1", "1"]}  # two copies, each started once
