"""Quiz banks: loading, validation messages, answer checking, the widget and the command line."""

from __future__ import annotations

import json
import re
import shutil
from html.parser import HTMLParser
from pathlib import Path

import nbformat
import pytest

from course import banks, quiz
from course.banks import QuizBankError, load_bank, validate_all, validate_bank
from course.evidence import LEVELS
from course.paths import REPO_DIR, data_dir, notebooks_dir
from course.quiz import (
    EvidenceQuestion,
    Feedback,
    InvalidResponse,
    NumericQuestion,
    OrderQuestion,
    QuestionState,
    parse_number,
)

FIXTURES = Path(__file__).parent / "fixtures" / "quizzes"
GOOD = FIXTURES / "01_fixture_lesson.yml"
GOOD_FILES = [GOOD, FIXTURES / "02_fixture_explicit.yml"]
BAD_FILES = sorted(FIXTURES.glob("9*_bad_*.yml"))


@pytest.fixture(scope="module")
def bank():
    return load_bank(GOOD)


def shown(path: Path) -> str:
    return path.resolve().relative_to(REPO_DIR).as_posix()


# --------------------------------------------------------------------------------------------
# Tolerant numbers
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "typed, unit, accept, expected",
    [
        ("5", "%", (), 5.0),
        ("5.0", "%", (), 5.0),
        (" 5 ", "%", (), 5.0),
        ("5 %", "%", (), 5.0),
        ("5%", "percent of people", (), 5.0),
        ("5,0", "", (), 5.0),
        ("2,75", "", (), 2.75),
        ("0,5", "", (), 0.5),
        ("1,234", "", (), 1234.0),
        ("12,345.5", "", (), 12345.5),
        ("1,234,567", "", (), 1234567.0),
        ("-3", "", (), -3.0),
        ("\u22123", "", (), -3.0),
        (".5", "", (), 0.5),
        ("23.", "", (), 23.0),
        ("23 points out of 100", "points out of 100", (), 23.0),
        ("23 POINTS  out of 100", "points out of 100", (), 23.0),
        ("23/100", "points out of 100", ("/100",), 23.0),
        ("23 points", "points out of 100", ("points",), 23.0),
        (23, "", (), 23.0),
        (2.5, "", (), 2.5),
    ],
)
def test_numbers_are_read_tolerantly(typed, unit, accept, expected):
    assert parse_number(typed, unit, accept) == pytest.approx(expected)


@pytest.mark.parametrize(
    "typed, unit, accept",
    [
        ("five", "%", ()),
        ("", "%", ()),
        ("   ", "", ()),
        ("5 kg", "%", ()),
        ("5 %", "points out of 100", ()),
        ("23 points", "points out of 100", ()),
        ("1,2345", "", ()),
        ("1.2.3", "", ()),
        ("5e3", "", ()),
        (None, "", ()),
        (True, "", ()),
        (float("nan"), "", ()),
    ],
)
def test_unreadable_numbers_are_refused(typed, unit, accept):
    with pytest.raises(InvalidResponse):
        parse_number(typed, unit, accept)


# --------------------------------------------------------------------------------------------
# Checking, kind by kind
# --------------------------------------------------------------------------------------------


def test_single_right_and_wrong_by_index_or_text(bank):
    q = bank.question("best-advice")
    right = q.check(0)
    assert right.correct and right.valid
    assert "activity is advised" in right.message_md
    assert "Guidelines advise staying active." in right.message_md  # explanation once right
    wrong = q.check("two weeks of BED REST")
    assert not wrong.correct and wrong.valid
    assert wrong.message_md == "Bed rest slows recovery."
    assert wrong.refs == ("foster2018", "hartvigsen2018")  # question refs, then the option's
    assert wrong.hint_md == "Think about what speeds recovery."


@pytest.mark.parametrize("response, words", [
    (None, "Choose one option"),
    (3, "from 0 to 2"),
    (-1, "from 0 to 2"),
    ("Massage", "'Stay active'"),
    (True, "by its number"),
])
def test_single_invalid_responses_name_what_is_valid(bank, response, words):
    fb = bank.question("best-advice").check(response)
    assert not fb.valid and not fb.correct
    assert words in fb.message_md


def test_every_option_has_its_feedback_shown(bank):
    q = bank.question("best-advice")
    for i, option in enumerate(q.options):
        assert option.feedback in q.check(i).message_md


def test_multiple_exact_set_is_right(bank):
    q = bank.question("recurrence-facts")
    fb = q.check([1, 0])
    assert fb.correct
    assert "Yes, most of the fall happens early." in fb.message_md
    assert "Yes, a third or more have one." in fb.message_md
    assert fb.refs == ("costa2012",)


def test_multiple_gives_feedback_for_each_ticked_option_and_counts_missed(bank):
    q = bank.question("recurrence-facts")
    fb = q.check([0, "Everyone recovers fully within a month"])
    assert not fb.correct
    assert "(✔ right to tick): Yes, most of the fall happens early." in fb.message_md
    assert "(✘ not correct): No, many still have some pain at a year." in fb.message_md
    assert "You missed 1 correct option" in fb.message_md
    # The missed option is not named before the answer is revealed.
    assert "Recurrence within a year" not in fb.message_md


def test_multiple_invalid_responses(bank):
    q = bank.question("recurrence-facts")
    for response in (None, [], [0, 9], ["nonsense"], 2.5):
        fb = q.check(response)
        assert not fb.valid, response
    assert "from 0 to 2" in q.check([0, 9]).message_md


def test_numeric_right_low_high_and_invalid(bank):
    q = bank.question("week6-pain")
    assert q.check("24 /100").correct
    assert q.check("21").correct and q.check("25,0").correct
    low = q.check("20.5")
    assert not low.correct and low.message_md == "Lower than the pooled estimate."
    high = q.check(26)
    assert not high.correct and high.message_md == "Higher than the pooled estimate."
    bad = q.check("five")
    assert not bad.valid
    assert bad.message_md == "Type a number such as 12 (points out of 100)."
    assert "23" not in bad.message_md  # the example must not give the answer away


def test_numeric_default_messages_without_bank_feedback():
    q = NumericQuestion(lesson="00_demo", quiz_id="1.1", id="n", prompt="?", answer=10, unit="%")
    assert q.check("9").message_md == "9 is too low."
    assert q.check("11 %").message_md == "11 is too high."
    assert q.check("10%").correct
    assert q.answer_text() == "10 %"


def test_evidence_answer_comes_from_the_claim(bank):
    q = bank.question("claim-c-level")
    assert q.answer == "Moderate"  # claims.csv rates claim c Moderate
    right = q.check("moderate")
    assert right.correct
    assert "altered neuromuscular control" in right.message_md
    assert "robergs2004" in right.refs  # the claim's references
    assert q.check("Strong").message_md == "Stronger than the data allow."  # the bank's own
    weak = q.check("WEAK")
    assert not weak.correct and "stronger than that" in weak.message_md


def test_evidence_levels_by_name_and_none_alias():
    q = EvidenceQuestion(lesson="00_demo", quiz_id="1.1", id="e", prompt="?", answer="None/contrary")
    assert q.check("none").correct
    assert q.check(" None/Contrary ").correct
    strong = q.check("strong")
    assert not strong.correct and "weaker than that" in strong.message_md
    for response in ("Very strong", "", None, 3):
        fb = q.check(response)
        assert not fb.valid and "Strong, Moderate, Weak, None/contrary, Contested" in fb.message_md


def test_order_right_wrong_count_and_invalid(bank):
    q = bank.question("healing-order")
    assert q.check(["Inflammation", "Proliferation", "Remodelling"]).correct
    assert q.check([0, 1, 2]).correct
    wrong = q.check(["Proliferation", "Inflammation", "Remodelling"])
    assert not wrong.correct
    assert wrong.message_md == "Think about what must happen first. 1 of 3 items in the right place."
    twice = q.check(["Inflammation", "Inflammation", "Remodelling"])
    assert not twice.valid and "placed more than once: 'Inflammation'" in twice.message_md
    assert "not placed: 'Proliferation'" in twice.message_md
    for response in (["Inflammation"], [0, 1, 5], "Inflammation", None, ["Rest", "Ice", "Heat"]):
        assert not q.check(response).valid, response
    assert "from 0 to 2" in q.check([0, 1, 5]).message_md


def test_order_shuffle_is_fixed_per_id_and_never_the_answer():
    for n in range(2, 7):
        items = tuple(f"step {k}" for k in range(n))
        for qid in ("a", "b", "healing-order", "levels-order", "x1"):
            q = OrderQuestion(lesson="00_demo", quiz_id="1.1", id=qid, prompt="?", items=items)
            first = q.initial_order()
            assert first == q.initial_order()
            assert sorted(first) == sorted(items)
            assert first != items


# --------------------------------------------------------------------------------------------
# Tries, reveal and feedback HTML
# --------------------------------------------------------------------------------------------


def test_answer_revealed_after_max_tries_and_invalid_tries_not_counted(bank):
    state = QuestionState(bank.question("week6-pain"))  # max_tries: 2
    not_counted = state.submit("twenty")
    assert not not_counted.valid and not_counted.attempt == 0 and state.attempts == 0
    first = state.submit("10")
    assert (first.attempt, first.revealed, first.answer_text) == (1, False, None)
    assert state.submit("5 kg").valid is False and state.attempts == 1
    second = state.submit("40")
    assert second.revealed and not second.correct and second.attempt == 2
    assert second.answer_text == "23 points out of 100 (anything from 21 to 25 counts)"
    third = state.submit("23")
    assert third.correct and third.revealed and third.attempt == 3
    assert state.solved
    state.reset()
    assert (state.attempts, state.wrong, state.revealed, state.solved) == (0, 0, False, False)
    assert state.submit("10").revealed is False


def test_default_max_tries_is_three_and_reveal_names_missed_options(bank):
    q = bank.question("recurrence-facts")
    assert q.max_tries == 3
    state = QuestionState(q)
    assert [state.submit([0]).revealed for _ in range(3)] == [False, False, True]
    revealed = state.submit([0])
    assert "**Recurrence within a year is common** (missed; also correct)" in revealed.message_md
    assert revealed.answer_text == "Pain falls quickly in the first six weeks; Recurrence within a year is common"


def test_hint_offered_after_wrong_try_only(bank):
    state = QuestionState(bank.question("best-advice"))
    assert state.submit(1).hint_md == "Think about what speeds recovery."
    assert state.submit(0).hint_md is None


def test_feedback_html_has_text_marker_and_citations(bank):
    q = bank.question("best-advice")
    right = q.check(0).html()
    assert "✔ Correct" in right and "✘" not in right
    assert "Foster NE, Anema JR" in right  # citation of foster2018
    wrong = q.check(1).html()
    assert "✘ Not yet" in wrong and "Hartvigsen J" in wrong and "Hint:" in wrong
    invalid = q.check(None).html()
    assert "Not checked" in invalid and "not counted" in invalid


class _Elements(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))


def test_feedback_html_is_safe():
    hostile = "<script>alert(1)</script> <img src=x onerror=alert(1)> [x](javascript:alert(1))"
    fb = Feedback(correct=False, message_md=hostile, attempt=3, revealed=True,
                  answer_text=hostile, hint_md=hostile, refs=("hoy2014",))
    out = fb.html()
    parser = _Elements()
    parser.feed(out)
    assert "<script" not in out
    assert not any(tag in ("script", "img", "a") for tag, _ in parser.tags)
    assert not any(name.startswith("on") for _, attrs in parser.tags for name in attrs)
    assert "javascript:" not in "".join(attrs.get("href") or "" for _, attrs in parser.tags)


# --------------------------------------------------------------------------------------------
# Validation
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("path", GOOD_FILES, ids=lambda p: p.name)
def test_good_fixtures_validate(path):
    assert validate_bank(path) == []


EXPECTED = {
    "91_bad_kind.yml": ["question 'odd-kind': field 'kind' must be one of single, multiple, numeric, "
                        "evidence, order, explorer, got 'truefalse'"],
    "92_bad_missing_feedback.yml": ["question 'no-feedback': option 2: field 'feedback' is missing"],
    "93_bad_two_correct.yml": ["question 'two-right': field 'options' must have exactly one option "
                               "with 'correct: true' for kind single, found 2 (options 1 and 2)"],
    "94_bad_ref.yml": ["question 'typo-ref': field 'refs': no reference 'hoy2041' in "
                       "data/references.yml (did you mean 'hoy2014'"],
    "95_bad_yaml.yml": ["line 8, column 24: YAML syntax error: mapping values are not allowed here"],
    "96_bad_duplicate_id.yml": ["question 'same-id': field 'id' is used by more than one question "
                                "(quiz 1.1 question 1 and quiz 1.2 question 1)"],
    "97_bad_lesson_mismatch.yml": ["field 'lesson' is '97_other_name' but must equal the file name "
                                   "without .yml, '97_bad_lesson_mismatch'"],
    "98_bad_fields.yml": [
        "question 'week6-pain': unknown field 'tolerence' (did you mean 'tolerance'?)",
        "question 'week6-pain': field 'tolerance' must be a number >= 0, got 'two'",
        "question 'short-order': field 'items' must be a list of at least 2 different entries, "
        "got a list of 1 item",
        "question 'bad-level': field 'answer' must be one of Strong, Moderate, Weak, None/contrary, "
        "Contested, got 'Strongest' (did you mean 'Strong'?)",
        "question 'no-right-option': field 'max_tries' must be a whole number >= 1, got 0",
        "question 'no-right-option': field 'options' must have at least one option with "
        "'correct: true' for kind multiple, found none",
    ],
}


def test_every_bad_fixture_has_expectations():
    assert sorted(p.name for p in BAD_FILES) == sorted(EXPECTED)


@pytest.mark.parametrize("path", BAD_FILES, ids=lambda p: p.name)
def test_malformed_bank_messages_name_file_question_and_field(path):
    messages = validate_bank(path)
    expected = EXPECTED[path.name]
    assert len(messages) == len(expected), messages
    for message, wanted in zip(messages, expected):
        assert message.startswith(f"{shown(path)}: "), message
        assert wanted in message, message


def test_validate_all_on_the_fixture_folder_finds_exactly_the_bad_banks():
    results = validate_all([FIXTURES])
    assert {p.name for p in results} == {p.name for p in GOOD_FILES + BAD_FILES}
    assert {p.name for p, msgs in results.items() if msgs} == {p.name for p in BAD_FILES}


def test_every_real_bank_validates():
    results = validate_all()
    for path, messages in results.items():
        assert messages == [], "\n".join(messages)
    assert set(results) == set((data_dir() / "quizzes").glob("*.yml"))


@pytest.mark.parametrize("text, wanted", [
    ("", "the file is empty"),
    ("- just\n- a list\n", "the file must be a mapping"),
    ("lesson: 05_t\ntitle: T\nquizzes:\n  1.1:\n    - {id: a, kind: evidence, prompt: P, answer: Weak}\n",
     "quiz id 1.1 must be written in quotes"),
    ("lesson: 05_t\ntitle: T\nquizzes:\n  \"1.1\": []\n", "quiz '1.1': must be a list of at least 1"),
    ("lesson: 05_t\ntitle: T\nquizzes:\n  \"1.1\": []\n  \"1.1\": []\n", "the key '1.1' is written twice"),
    ("lesson: 05_t\ntitle: T\nquizzes:\n  \"x\":\n    - {id: a, kind: evidence, prompt: P, answer: Weak}\n",
     "quiz id 'x' must be a section number"),
    ("lesson: 05_t\ntitle: T\nquizzes:\n  \"1.1\":\n    - {id: a, kind: evidence, prompt: P, claim: z}\n",
     "question 'a': field 'claim': no claim 'z' in data/claims.csv"),
    ("lesson: 05_t\ntitle: T\nquizzes:\n  \"1.1\":\n    - {id: a, kind: evidence, prompt: P, claim: c, answer: Weak}\n",
     "question 'a': field 'answer' is 'Weak' but data/claims.csv rates claim 'c' 'Moderate'"),
    ("lesson: 05_t\ntitle: T\nquizzes:\n  \"1.1\":\n    - {id: a, kind: evidence, prompt: P}\n",
     "question 'a': field 'answer' is missing"),
    ("lesson: 05_t\ntitle: T\nquizzes:\n  \"1.1\":\n    - {id: a, kind: numeric, prompt: P, answer: 1, options: []}\n",
     "question 'a': unknown field 'options' (it belongs to kind single, multiple"),
    ("lesson: 05_t\ntitle: T\nquizzes:\n  \"1.1\":\n    - {kind: evidence, prompt: P, answer: Weak}\n",
     "question 1 of quiz '1.1' (no id): field 'id' is missing"),
    ("lesson: 05_t\ntitle: T\nquizzes:\n  \"1.1\":\n    - {id: a, kind: single, prompt: P, options: [\n"
     "       {text: yes, correct: true, feedback: F}, {text: B, feedback: G}]}\n",
     "question 'a': option 1: field 'text' must be non-empty text, got true (YAML read it"),
    ("lesson: 05_t\ntitle: T\nquizzes:\n  \"1.1\":\n    - {id: a, kind: evidence, prompt: P, answer: Weak,\n"
     "       feedback: {Strongg: x}}\n",
     "question 'a': field 'feedback' has the key 'Strongg', which is not an evidence level"),
    ("lesson: 05_t\ntitle: T\nquizzes:\n  \"1.1\":\n    - {id: a, kind: order, prompt: P, items: [A, B, A]}\n",
     "question 'a': field 'items' must list each entry once; repeated: 'A'"),
])
def test_more_validation_messages(tmp_path, text, wanted):
    path = tmp_path / "05_t.yml"
    path.write_text(text, encoding="utf-8")
    messages = validate_bank(path)
    assert any(wanted in m for m in messages), messages
    assert all(m.startswith(f"{path}: ") for m in messages), messages


def test_schema_is_valid_and_matches_the_code():
    import jsonschema

    schema = json.loads(banks.schema_path().read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    assert schema["$defs"]["question"]["properties"]["kind"]["enum"] == list(banks.KINDS)
    assert schema["$defs"]["evidence"]["properties"]["answer"]["enum"] == list(LEVELS)


# --------------------------------------------------------------------------------------------
# Loading by name
# --------------------------------------------------------------------------------------------


@pytest.fixture
def data_copy(tmp_path, monkeypatch):
    """A copy of the course data whose quizzes/ holds the good fixture banks."""
    for name in ("references.yml", "claims.csv"):
        shutil.copy(REPO_DIR / "data" / name, tmp_path / name)
    (tmp_path / "quizzes").mkdir()
    for path in GOOD_FILES:
        shutil.copy(path, tmp_path / "quizzes" / path.name)
    monkeypatch.setenv("COURSE_DATA_DIR", str(tmp_path))
    return tmp_path


def test_load_bank_by_number_name_or_path(data_copy):
    by_number = load_bank("01")
    assert by_number.lesson == "01_fixture_lesson" and by_number.title == "Fixture lesson"
    assert load_bank("1").lesson == "01_fixture_lesson"
    assert load_bank("02_fixture_explicit").quiz("3.2")[0].answer == "Weak"
    assert load_bank(GOOD).lesson == "01_fixture_lesson"
    assert [q.id for q in by_number.quiz("1.1")] == ["best-advice", "recurrence-facts"]
    assert by_number.question("week6-pain").full_id == "01_fixture_lesson/week6-pain"


def test_unknown_names_list_what_exists(data_copy):
    with pytest.raises(QuizBankError, match="Available: 01_fixture_lesson, 02_fixture_explicit"):
        load_bank("07")
    with pytest.raises(QuizBankError, match="Available: 01_fixture_lesson, 02_fixture_explicit"):
        load_bank("07_nothing")
    with pytest.raises(QuizBankError, match="Quizzes in this bank: 1.1, 2.1"):
        load_bank("01").quiz("9.9")


def test_invalid_bank_raises_with_every_message(data_copy):
    shutil.copy(FIXTURES / "98_bad_fields.yml", data_copy / "quizzes" / "98_bad_fields.yml")
    with pytest.raises(QuizBankError) as info:
        load_bank("98")
    assert len(info.value.messages) == 6
    assert isinstance(info.value, ValueError)
    assert "field 'tolerance' must be a number >= 0, got 'two'" in str(info.value)


# --------------------------------------------------------------------------------------------
# Widget
# --------------------------------------------------------------------------------------------


@pytest.fixture
def calls():
    return []


@pytest.fixture
def quiz_11(calls):
    from course.quiz_widget import show_quiz

    return show_quiz(GOOD, "1.1", on_attempt=lambda *args: calls.append(args))


@pytest.fixture
def quiz_21(calls):
    from course.quiz_widget import show_quiz

    return show_quiz(GOOD, "2.1", on_attempt=lambda *args: calls.append(args))


def test_widget_layout(quiz_11, quiz_21):
    import ipywidgets as widgets

    assert isinstance(quiz_11, widgets.VBox) and "course-quiz" in quiz_11._dom_classes
    assert "Quiz 1.1" in quiz_11.children[0].value
    assert [view.question.id for view in quiz_11.questions] == ["best-advice", "recurrence-facts"]
    for view in quiz_11.questions + quiz_21.questions:
        assert "course-question" in view.box._dom_classes and view.box in (quiz_11.children + quiz_21.children)
        assert view.check_button.description == "Check" and view.check_button.button_style
        assert "course-check" in view.check_button._dom_classes
        assert isinstance(view.feedback, widgets.HTML) and "course-feedback" in view.feedback._dom_classes
        assert view.feedback.value == ""
        assert view.reset_button.description == "Try again"
        assert (view.hint_button is not None) == bool(view.question.hint)
    single, multiple = quiz_11.questions
    assert isinstance(single.input, widgets.RadioButtons) and single.input.value is None
    assert [b.description for b in multiple.input.checkboxes] == [o.text for o in multiple.question.options]
    numeric, evidence, order = quiz_21.questions
    assert isinstance(numeric.input, widgets.Text) and "points out of 100" in numeric.input.placeholder
    assert evidence.input.value is None
    assert [label for label, _ in evidence.input.options][0] == f"Strong: {LEVELS['Strong']}"
    assert [d.value for d in order.input.dropdowns] == list(order.question.initial_order())
    assert order.input.value != order.question.items


def test_widget_displays_as_a_widget(quiz_11):
    bundle = quiz_11._repr_mimebundle_()
    assert bundle["application/vnd.jupyter.widget-view+json"]["model_id"] == quiz_11.model_id


@pytest.mark.parametrize("quiz_id, index, wrong, right", [
    ("1.1", 0, 1, 0),
    ("1.1", 1, (0,), (0, 1)),
    ("2.1", 0, "40", "23,5"),
    ("2.1", 1, "Weak", "Moderate"),
    ("2.1", 2, ("Remodelling", "Proliferation", "Inflammation"), ("Inflammation", "Proliferation", "Remodelling")),
])
def test_widget_check_shows_feedback_and_records(quiz_id, index, wrong, right, calls, quiz_11, quiz_21):
    view = (quiz_11 if quiz_id == "1.1" else quiz_21).questions[index]
    view.input.value = wrong
    view.check_button.click()
    assert "✘ Not yet" in view.feedback.value
    view.input.value = right
    view.check_button.click()
    assert "✔ Correct" in view.feedback.value and "(try 2)" in view.feedback.value
    assert [(c[0], c[2].correct, c[2].attempt) for c in calls] == [
        (view.question.full_id, False, 1), (view.question.full_id, True, 2)]
    assert calls[1][1] == right


def test_widget_invalid_response_is_not_counted_or_recorded(quiz_21, calls):
    view = quiz_21.questions[0]
    view.input.value = "about twenty"
    view.check_button.click()
    assert "Not checked" in view.feedback.value and "Type a number such as 12" in view.feedback.value
    assert view.state.attempts == 0 and calls == []
    order = quiz_21.questions[2]
    order.input.value = ("Inflammation", "Inflammation", "Remodelling")
    order.check_button.click()
    assert "placed more than once" in order.feedback.value and calls == []


def test_widget_reveals_then_try_again_resets(quiz_21):
    view = quiz_21.questions[0]  # max_tries: 2
    for typed in ("1", "99"):
        view.input.value = typed
        view.check_button.click()
    assert "Answer:" in view.feedback.value and "anything from 21 to 25" in view.feedback.value
    view.reset_button.click()
    assert view.feedback.value == "" and view.input.value == "" and view.state.attempts == 0


def test_widget_hint_button(quiz_11):
    view = quiz_11.questions[0]
    assert view.hint.value == ""
    view.hint_button.click()
    assert "Think about what speeds recovery." in view.hint.value


def test_default_recorder_is_used_without_on_attempt():
    from course.quiz_widget import set_default_recorder, show_quiz

    seen = []
    set_default_recorder(lambda *args: seen.append(args))
    try:
        view = show_quiz(GOOD, "1.1").questions[0]
        view.input.value = 0
        view.check_button.click()
    finally:
        set_default_recorder(None)
    assert [(s[0], s[2].correct) for s in seen] == [("01_fixture_lesson/best-advice", True)]
    view.check_button.click()
    assert len(seen) == 1  # no recorder any more
    with pytest.raises(TypeError):
        set_default_recorder("not a function")


def test_show_quiz_unknown_quiz_lists_ids():
    from course.quiz_widget import show_quiz

    with pytest.raises(QuizBankError, match="Quizzes in this bank: 1.1, 2.1"):
        show_quiz(GOOD, "5.1")


def test_hostile_prompt_in_a_bank_renders_safely(tmp_path):
    path = tmp_path / "05_hostile.yml"
    path.write_text(
        "lesson: 05_hostile\ntitle: Hostile\nquizzes:\n  \"1.1\":\n    - id: h\n      kind: evidence\n"
        "      prompt: \"<script>alert(1)</script> <img src=x onerror=alert(1)> [x](javascript:alert(1))\"\n"
        "      answer: Weak\n",
        encoding="utf-8",
    )
    from course.quiz_widget import show_quiz

    widget = show_quiz(path, "1.1")
    out = widget.questions[0].prompt.value
    parser = _Elements()
    parser.feed(out)
    assert "<script" not in out and [t for t, _ in parser.tags] == ["p"]


# --------------------------------------------------------------------------------------------
# Command line
# --------------------------------------------------------------------------------------------


def test_cli_good_banks_exit_0(capsys):
    from course.__main__ import main

    assert main(["check-quizzes", str(GOOD), str(FIXTURES / "02_fixture_explicit.yml")]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out == [f"OK {shown(GOOD)} (5 questions)", "OK tests/fixtures/quizzes/02_fixture_explicit.yml (1 question)"]


def test_cli_bad_bank_exits_1_and_prints_each_error(capsys):
    from course.__main__ import main

    bad = FIXTURES / "98_bad_fields.yml"
    assert main(["check-quizzes", str(GOOD), str(bad)]) == 1
    out = capsys.readouterr().out
    assert f"OK {shown(GOOD)} (5 questions)" in out
    assert out.count(f"{shown(bad)}: question ") == 6
    assert "1 of 2 bank(s) have errors" in out


def test_cli_folder_and_missing_file(capsys, tmp_path):
    from course.__main__ import main

    assert main(["check-quizzes", str(FIXTURES)]) == 1
    assert main(["check-quizzes", str(tmp_path / "nope.yml")]) == 1
    assert "nope.yml: file not found" in capsys.readouterr().out


def test_cli_with_no_banks_exits_0(capsys, tmp_path, monkeypatch):
    from course.__main__ import main

    monkeypatch.setenv("COURSE_DATA_DIR", str(tmp_path))
    assert main(["check-quizzes"]) == 0
    assert "no quiz banks found" in capsys.readouterr().out


# --------------------------------------------------------------------------------------------
# Hostile banks and answers: judged at once, with a clear message
# --------------------------------------------------------------------------------------------

HOSTILE = Path(__file__).parent / "fixtures" / "hostile_quizzes"


def test_a_bank_with_an_alias_bomb_is_refused_within_a_second():
    import subprocess
    import sys
    import time

    path = HOSTILE / "81_alias_bomb.yml"
    started = time.monotonic()
    try:
        run = subprocess.run([sys.executable, "-m", "course", "check-quizzes", str(path)], cwd=REPO_DIR,
                             capture_output=True, text=True, timeout=20)
    except subprocess.TimeoutExpired:
        pytest.fail("check-quizzes ran for more than 20 s on an alias bomb")
    assert run.returncode == 1
    assert f"{shown(path)}: line 11, column 11: YAML anchors (&a) are not allowed in a quiz bank" in run.stdout
    started = time.monotonic()
    messages = validate_bank(path)
    assert time.monotonic() - started < 1.0
    assert len(messages) == 1 and "write the text out in full" in messages[0]


def test_an_alias_alone_is_refused_naming_the_line(tmp_path):
    path = tmp_path / "05_t.yml"
    path.write_text('lesson: 05_t\ntitle: T\nquizzes:\n  "1.1":\n    - {id: a, kind: evidence, prompt: *p, '
                    "answer: Weak}\n", encoding="utf-8")
    assert validate_bank(path) == [f"{path}: line 5, column 39: YAML aliases (*p) are not allowed in a quiz bank: "
                                   "write the text out in full where it is used"]


def test_an_anchor_or_merge_key_is_refused_naming_the_line():
    messages = validate_bank(HOSTILE / "86_merge_key.yml")
    assert messages == [f"{shown(HOSTILE / '86_merge_key.yml')}: line 6, column 7: YAML anchors (&base) are not "
                        "allowed in a quiz bank: write the text out in full where it is used"]


@pytest.mark.parametrize("name, words", [
    ("82_nan_answer", "field 'answer' must be a finite number, got .nan"),
    ("83_inf_answer", "field 'answer' must be a finite number, got .inf"),
    ("84_nan_tolerance", "field 'tolerance' must be a finite number, got .nan"),
    ("85_huge_answer", "field 'answer' must be a finite number, got a number of 401 digits"),
])
def test_numbers_that_are_not_finite_are_refused_at_load(name, words):
    path = HOSTILE / f"{name}.yml"
    messages = validate_bank(path)
    assert messages == [f"{shown(path)}: question 'bad-number': {words}"]
    with pytest.raises(QuizBankError, match="must be a finite number"):
        load_bank(path)


@pytest.mark.parametrize("field, value", [("answer", float("nan")), ("answer", float("inf")),
                                          ("tolerance", float("nan")), ("answer", 10 ** 401)],
                         ids=["nan-answer", "inf-answer", "nan-tolerance", "huge-answer"])
def test_a_numeric_question_refuses_a_number_that_is_not_finite(field, value):
    values = {"answer": 23, "tolerance": 2, field: value}
    with pytest.raises(ValueError, match=f"{field} must be a finite number"):
        NumericQuestion(lesson="00_demo", quiz_id="1.1", id="q", prompt="P", **values)


def test_a_long_typed_answer_is_judged_at_once():
    import time

    q = NumericQuestion(lesson="00_demo", quiz_id="1.1", id="q", prompt="P", answer=23, tolerance=2)
    for typed in (" " * 20_000 + "x", " " * 100_000 + "5", "5" + " " * 100_000 + "x", "-" + " " * 50_000 + "x"):
        started = time.monotonic()
        feedback = q.check(typed)
        assert time.monotonic() - started < 0.5, repr(typed[:10])
        assert not feedback.valid
    assert "too long" in q.check("1" * (quiz.MAX_RESPONSE_LENGTH + 1)).message_md


@pytest.mark.parametrize("typed", ["1e400", "-1e400", 10 ** 400, "9" * 400, float("inf")],
                         ids=["1e400", "-1e400", "10**400", "400-nines", "inf"])
def test_a_number_out_of_range_is_named_as_such(typed):
    q = NumericQuestion(lesson="00_demo", quiz_id="1.1", id="q", prompt="P", answer=23, tolerance=2,
                        unit="points out of 100")
    feedback = q.check(typed)
    assert not feedback.valid
    assert "out of range" in feedback.message_md
    assert "is not the unit" not in feedback.message_md


def test_scientific_notation_is_named_not_taken_for_a_unit():
    q = NumericQuestion(lesson="00_demo", quiz_id="1.1", id="q", prompt="P", answer=5000, tolerance=2, unit="mL")
    message = q.check("5e3").message_md
    assert "write the number out" in message and "is not the unit" not in message


QUIZ_HEADING = re.compile(r"^###\s+Quiz\s+(\d+\.\d+)\b", re.MULTILINE)


@pytest.mark.parametrize("stem", sorted(banks.available_banks()))
def test_bank_lists_its_quizzes_in_the_order_of_the_notebook(stem):
    """The answer key, the class summary and the reports list quizzes in the bank's order, so the
    bank must keep the order in which the notebook's "### Quiz N.M" headings come."""
    notebook = notebooks_dir() / f"{stem}.ipynb"
    if not notebook.is_file():
        pytest.skip(f"no notebook for {stem}")
    book = nbformat.read(notebook, as_version=4)
    headings = [m.group(1) for cell in book.cells if cell.cell_type == "markdown"
                for m in QUIZ_HEADING.finditer(cell.source)]
    assert list(load_bank(stem).quizzes) == headings
