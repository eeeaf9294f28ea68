"""Questions about an explorer's state: the check, its feedback, and every such question in the banks,
driven the way a learner drives them (setting the explorer's widget values, then pressing Check)."""

from __future__ import annotations

import importlib
import inspect
import re

import ipywidgets
import nbformat
import pytest

from course.banks import load_bank
from course.explorer_questions import EXPLORERS, ExplorerQuestion, bank_problems, quantity_value
from course.explorers.declarations import Choice, Slider
from course.explorers.registry import explorer_classes
from course.inputs import ExplorerInput
from course.lessons import lesson as lesson_info
from course.paths import notebooks_dir
from course.quiz import QuestionState
from course.quiz_widget import QuestionView, show_quiz

EXPLORER_CLASSES = explorer_classes()

#: Lesson -> (question id, the answer its feedback states). Each answer is the model's own: the
#: test finds it by moving the explorer, so a change in a model or a dataset shows up here.
ANSWERS = {
    "00": ("practice-explorer", 26),
    "01": ("acute-meets-persistent", 6),
    "02": ("highest-build-up", 200),
    "03": ("stronger-occlusion", 52),
    "04": ("donnino-twice", 2),
    "05": ("fat-stops-ice", 6),
    "06": ("hip-half-weight", 29),
    "07": ("nnt-at-most-five", 40),
    "08": ("smallest-detected", 5),
}


def _question(number: str) -> ExplorerQuestion:
    qid, _ = ANSWERS[number]
    return load_bank(number).question(qid)


def _view_with_explorer(number: str):
    """The question's widgets, reading an explorer built as the lesson builds it, with the
    question's settings made."""
    q = _question(number)
    explorer = q.spec.build()
    for name, value in q.settings.items():
        explorer.controls[name].value = value
    return q, explorer, QuestionView(q, explorer=explorer)


def _step(q: ExplorerQuestion) -> float:
    values = q.judged.values
    return values[1] - values[0]


# --------------------------------------------------------------------------------------------
# The registry agrees with the real explorers
# --------------------------------------------------------------------------------------------


#: The widget each kind of choice is shown as.
CHOICE_WIDGET = {"radio": ipywidgets.RadioButtons, "dropdown": ipywidgets.Dropdown,
                 "slider": ipywidgets.SelectionSlider}


@pytest.mark.parametrize("name", sorted(EXPLORERS))
def test_registry_matches_the_explorer_widgets(name):
    """Each explorer's widgets are the controls it declares (same keys in the same order, labels,
    starting values, ranges, steps, options), and questions see the same controls."""
    spec = EXPLORERS[name]
    explorer = spec.build()
    assert explorer.name == name
    declared = type(explorer).declared_controls()
    assert [c.key for c in declared] == list(spec.controls) == list(explorer.controls), f"{name}: controls differ"
    for c in declared:
        widget, control = explorer.controls[c.key], spec.controls[c.key]
        assert c.label == control.label == widget.description, f"{name}.{c.key}: label"
        assert c.default == widget.value, f"{name}.{c.key}: starting value"
        if isinstance(c, Slider):
            assert type(widget) is (ipywidgets.IntSlider if c.integer else ipywidgets.FloatSlider), f"{name}.{c.key}"
            assert (widget.min, widget.max, widget.step) == (c.min, c.max, c.step), f"{name}.{c.key}: range"
            assert widget.continuous_update, f"{name}.{c.key}: the readout follows the slider as it moves"
            if c.readout_format and not c.integer:
                assert widget.readout_format == c.readout_format, f"{name}.{c.key}: readout format"
            step = widget.step
            expected = tuple(round(widget.min + i * step, 6) for i in range(int(round((widget.max - widget.min) / step)) + 1))
            assert tuple(round(v, 6) for v in control.values) == expected, f"{name}.{c.key}: values"
        elif isinstance(c, Choice):
            assert type(widget) is CHOICE_WIDGET[c.widget], f"{name}.{c.key}: widget"
            shown = {value: label for label, value in widget.options}
            assert dict(c.choices) == shown, f"{name}.{c.key}: options"
            if c.nearest:  # a slider through numeric stops: questions move it like a slider
                assert control.values == c.values and control.numeric, f"{name}.{c.key}: stops"
            else:
                assert dict(c.choices) == dict(control.words), f"{name}.{c.key}: options"
        else:
            assert type(widget) is ipywidgets.Checkbox and widget.indent is False, f"{name}.{c.key}: checkbox"
            assert set(control.words) == {True, False}
    for quantity in spec.quantities:
        value = quantity_value(name, quantity, explorer.values())
        assert isinstance(value, float)
    assert spec.defaults == explorer.values(), f"{name}: starting values"


def _explore_function(cls):
    """The ``explore_...()`` function of the explorer's module that returns it (the one lessons call)."""
    module = importlib.import_module(cls.__module__)
    functions = [f for n, f in inspect.getmembers(module, inspect.isfunction)
                 if n.startswith("explore_") and inspect.signature(f).return_annotation in (cls, cls.__name__)]
    assert len(functions) == 1, f"{cls.name}: one explore_...() function returns {cls.__name__}"
    return functions[0]


@pytest.mark.parametrize("name", list(EXPLORER_CLASSES))
def test_each_explore_function_starts_where_its_explorer_declares(name):
    """The ``explore_...()`` function of a lesson starts its explorer at the declared values."""
    cls = EXPLORER_CLASSES[name]
    explore = _explore_function(cls)
    defaults = {c.key: c.default for c in cls.declared_controls()}
    for parameter in inspect.signature(explore).parameters.values():
        if parameter.kind is parameter.KEYWORD_ONLY:
            continue  # how the explorer is shown (which controls, which panels), not a control's value
        assert parameter.name in defaults, f"{explore.__name__}: {parameter.name} is not a control"
        assert parameter.default == defaults[parameter.name], f"{explore.__name__}: {parameter.name}"
    assert explore().values() == defaults


@pytest.mark.parametrize("number", sorted(ANSWERS))
def test_the_answer_key_gives_the_answer_from_the_starting_settings(number):
    q = _question(number)
    assert f" at {ANSWERS[number][1]}" in q.answer_text(), q.answer_text()


def test_every_lesson_with_an_explorer_has_an_explorer_question():
    for number in ANSWERS:
        kinds = [q.kind for q in load_bank(number).questions]
        assert "explorer" in kinds, f"lesson {number} has an explorer but no question about its state"


# --------------------------------------------------------------------------------------------
# Every explorer question of the banks, driven through its widgets
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("number", sorted(ANSWERS))
def test_the_answer_is_right_and_its_neighbours_say_which_way_to_move(number):
    q, explorer, view = _view_with_explorer(number)
    _, answer = ANSWERS[number]
    slider = explorer.controls[q.control]

    slider.value = answer
    right = view.check()
    assert right.valid and right.correct, right.message_md
    assert re.search(rf"\b{answer}\b", q.feedback_correct), "feedback_correct must state the answer"

    step = _step(q)
    slider.value = answer - step - q.tolerance
    low = view.check()
    assert low.valid and not low.correct
    assert q.feedback_low in low.message_md, "a value too low gets the 'move up' feedback"

    slider.value = answer + step + q.tolerance
    high = view.check()
    assert high.valid and not high.correct
    assert q.feedback_high in high.message_md, "a value too high gets the 'move down' feedback"
    assert view.state.attempts == 3


@pytest.mark.parametrize("number", sorted(n for n in ANSWERS if _question(n).find))
def test_feedback_gives_the_quantity_at_the_current_setting(number):
    q, explorer, view = _view_with_explorer(number)
    quantity, op, limit = q._condition()
    shown = q.spec.quantities[quantity].show(quantity_value(q.explorer, quantity, explorer.values()))
    assert shown in view.check().message_md


@pytest.mark.parametrize("number", sorted(n for n in ANSWERS if _question(n).settings))
def test_other_settings_are_asked_for_and_not_counted(number):
    q = _question(number)
    explorer = q.spec.build()
    name, wanted = next(iter(q.settings.items()))
    control = q.spec.controls[name]
    other = next(v for v in (control.words or control.values) if v != wanted)
    explorer.controls[name].value = other
    view = QuestionView(q, explorer=explorer)
    feedback = view.check()
    assert not feedback.valid and view.state.attempts == 0
    assert control.label in feedback.message_md and control.show(wanted) in feedback.message_md


def test_the_answer_follows_the_other_controls():
    """The reference muscle stops its flow at 57% MVC; at 1.1 times the strength, at 52%."""
    q = _question("03")
    reference = {"mvc_pct": 57, "hold_s": 20, "rest_s": 10, "arterial_mmhg": 100, "strength": 1.0}
    assert q.boundary(reference) == 57
    assert q.boundary({**reference, "strength": 1.1}) == 52


def test_reveal_gives_the_answer_for_the_current_settings():
    q, explorer, view = _view_with_explorer("07")
    explorer.controls["baseline"].value = 5
    for _ in range(q.max_tries):
        feedback = view.check()
    assert feedback.revealed and "40" in feedback.answer_text
    assert "Risk of another episode" in feedback.answer_text


def test_unreachable_target_is_not_counted():
    """At knee depth the feet carry 87% whatever the body fat: no value meets 'below 50%'."""
    q = ExplorerQuestion(lesson="06_massage_and_water", quiz_id="4.1", id="x", prompt="p", explorer="buoyancy",
                         control="body_fat", find="lowest", where={"quantity": "percent_borne", "below": 50})
    state = QuestionState(q)
    knee = state.submit({"level": "knee", "body_fat": 10, "weight": 70})
    assert not knee.valid and state.attempts == 0
    assert "no value of **Body fat (%)**" in knee.message_md
    assert state.submit({"level": "hip", "body_fat": 29, "weight": 70}).correct


def test_a_response_that_is_not_an_explorer_is_not_counted():
    q = _question("01")
    for response in ("6", None, {"day": 3}):
        assert not q.check(response).valid


# --------------------------------------------------------------------------------------------
# Widgets: which explorer a question reads
# --------------------------------------------------------------------------------------------


def test_the_quiz_reads_the_explorer_it_is_given():
    from course import explore_perfusion

    perfusion = explore_perfusion()
    quiz = show_quiz("03", "2.1", explorer=perfusion)
    view = next(v for v in quiz.questions if v.question.kind == "explorer")
    assert view.input.explorer is perfusion and not view.input.embedded
    perfusion.controls["strength"].value = 1.1
    perfusion.controls["mvc_pct"].value = 52
    assert view.check().correct


def test_without_an_explorer_the_question_shows_its_own():
    quiz = show_quiz("03", "2.1")
    view = next(v for v in quiz.questions if v.question.kind == "explorer")
    assert isinstance(view.input, ExplorerInput) and view.input.embedded
    assert view.input.explorer.widget in view.input.children
    assert view.input.explorer.values()["strength"] == 1.1, "the copy starts with the question's settings made"
    assert view.check().valid, "so that a first Check is counted (the final quiz draws such questions)"


def test_wrong_or_needless_explorers_are_refused():
    from course import explore_natural_history, explore_perfusion

    with pytest.raises(ValueError, match="perfusion"):
        show_quiz("03", "2.1", explorer=explore_natural_history())
    with pytest.raises(ValueError, match="no question about an explorer"):
        show_quiz("03", "1.1", explorer=explore_perfusion())


def test_static_text_tells_what_to_do():
    html = show_quiz("05", "2.1").static_html()
    assert "Minutes on the skin" in html and "Check" in html


def test_the_recorder_gets_the_settings_and_the_confidence():
    seen = []
    q, explorer, _ = _view_with_explorer("07")
    view = QuestionView(q, on_attempt=lambda *args: seen.append(args), explorer=explorer)
    view.confidence.value = "guessing"
    explorer.controls["baseline"].value = 40
    view.check()
    full_id, response, feedback = seen[-1]
    assert full_id == "07_exercise_and_recovery/nnt-at-most-five"
    assert response == explorer.values() and feedback.correct and feedback.confidence == "guessing"
    assert q.describe_response(response) == "Risk of another episode within a year without exercise (%) 40"


# --------------------------------------------------------------------------------------------
# Notebooks and banks
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("number", sorted(ANSWERS))
def test_the_notebook_passes_the_explorer_it_shows(number):
    """The quiz cell names a variable that an earlier cell set to the question's explorer."""
    q = _question(number)
    book = nbformat.read(notebooks_dir() / lesson_info(number).file, as_version=4)
    code = [c.source for c in book.cells if c.cell_type == "code"]
    call = next(i for i, src in enumerate(code) if f'lesson.quiz("{q.quiz_id}"' in src)
    found = re.search(r"explorer=(\w+)\)", code[call])
    assert found, f"lesson {number}: Quiz {q.quiz_id} should be shown with explorer=..."
    name = found.group(1)
    factory = _explore_function(q.spec.explorer).__name__
    assert any(re.match(rf"{name} = {factory}\(", src) for src in code[:call]), \
        f"lesson {number}: no cell before Quiz {q.quiz_id} sets {name} = {factory}(...)"


BASE = {"id": "q", "kind": "explorer", "prompt": "p", "feedback_low": "up", "feedback_high": "down"}


@pytest.mark.parametrize("raw,expected", [
    ({"explorer": "nope", "control": "x", "target": 1}, "no explorer 'nope'"),
    ({"explorer": "perfusion", "control": "speed", "target": 1}, "has no control 'speed'"),
    ({"explorer": "heat_cold", "control": "modality", "target": 1}, "is a choice, not a slider"),
    ({"explorer": "perfusion", "control": "mvc_pct"}, "give either field 'target'"),
    ({"explorer": "perfusion", "control": "mvc_pct", "target": 50, "find": "lowest",
      "where": {"quantity": "held_flow", "below": 1}}, "give either field 'target'"),
    ({"explorer": "perfusion", "control": "mvc_pct", "find": "lowest"}, "field 'where' is missing"),
    ({"explorer": "perfusion", "control": "mvc_pct", "find": "lowest", "where": {"quantity": "flow", "below": 1}},
     "has no quantity 'flow'"),
    ({"explorer": "perfusion", "control": "mvc_pct", "find": "lowest",
      "where": {"quantity": "held_flow", "below": 1, "above": 0}}, "exactly one condition"),
    ({"explorer": "perfusion", "control": "mvc_pct", "target": 95}, "outside the range of mvc_pct"),
    ({"explorer": "heat_cold", "control": "fat_mm", "target": 5, "settings": {"modality": "steam"}},
     "modality cannot be 'steam'"),
    ({"explorer": "heat_cold", "control": "fat_mm", "target": 5, "settings": {"colour": "red"}},
     "has no control 'colour'"),
])
def test_bank_problems_name_the_field(raw, expected):
    problems = bank_problems({**BASE, **raw})
    assert any(expected in p for p in problems), problems


def test_a_bad_explorer_question_is_reported_with_file_and_question(tmp_path):
    from course.banks import validate_bank

    bank = tmp_path / "03_ischemia.yml"
    bank.write_text('lesson: 03_ischemia\ntitle: Ischemia\nquizzes:\n  "2.1":\n'
                    "    - id: bad-one\n      kind: explorer\n      explorer: perfusion\n      control: mvc_pct\n"
                    "      prompt: Set it.\n      feedback_low: up\n      feedback_high: down\n"
                    "      find: lowest\n      where: {quantity: held_flow, under: 1}\n", encoding="utf-8")
    messages = validate_bank(bank)
    assert messages and all("question 'bad-one'" in m for m in messages), messages
    assert any("unknown field 'under'" in m or "exactly one condition" in m for m in messages)


def test_explorer_questions_need_direction_feedback(tmp_path):
    from course.banks import validate_bank

    bank = tmp_path / "03_ischemia.yml"
    bank.write_text('lesson: 03_ischemia\ntitle: Ischemia\nquizzes:\n  "2.1":\n'
                    "    - id: silent\n      kind: explorer\n      explorer: perfusion\n      control: mvc_pct\n"
                    "      prompt: Set it.\n      target: 50\n", encoding="utf-8")
    messages = validate_bank(bank)
    assert any("field 'feedback_low' is missing" in m for m in messages), messages


def test_the_final_quiz_leaves_explorer_questions_to_their_lessons():
    """Lesson 09's mixed quiz has no explorer next to it; these questions stay with theirs."""
    from course.dashboard import final_quiz_pool

    pooled = [q for questions in final_quiz_pool().values() for q in questions]
    assert pooled and not [q.full_id for q in pooled if q.kind == "explorer"]


# --------------------------------------------------------------------------------------------
# Measured against extrapolated: no question rewards a setting outside the measured range
# --------------------------------------------------------------------------------------------


def _bank_explorer_questions():
    from course.banks import available_banks

    for name in available_banks():
        for q in load_bank(name).questions:
            if isinstance(q, ExplorerQuestion):
                yield pytest.param(q, id=q.full_id)


@pytest.mark.parametrize("q", list(_bank_explorer_questions()))
def test_no_question_rewards_a_setting_outside_the_measured_range(q):
    """Build the question's explorer at its answer: the explorer must not mark that setting as
    outside the range its model was checked against, unless the question is flagged as an
    extrapolation and says so in its prompt. A question on a conceptual model must say that the
    model's numbers are not measurements."""
    values = q.answer_values()
    assert values is not None, f"{q.full_id}: no answer from the starting values"
    explorer = q.spec.build(**values)
    assert explorer.error is None, f"{q.full_id}: the explorer cannot show its own answer: {explorer.error}"
    if q.extrapolation:
        assert explorer.limit_notes, (f"{q.full_id}: flagged as an extrapolation, but its answer lies inside "
                                      "the measured range; drop the flag")
        assert re.search(r"extrapolat", q.prompt, re.I), (
            f"{q.full_id}: an extrapolation must say so in its prompt")
    else:
        assert not explorer.limit_notes, (
            f"{q.full_id}: the answer lies outside the measured range ({' '.join(explorer.limit_notes)}); "
            "choose an answer inside it, or flag the question with extrapolation: true and say so in the prompt")
    if explorer.model_kind == "conceptual" and not explorer.checked_against:
        words = " ".join(filter(None, (q.prompt, q.feedback_correct, q.explanation)))
        assert re.search(r"conceptual", words, re.I), (
            f"{q.full_id}: asks about a conceptual model; say in the prompt or the feedback that its numbers "
            "are not measurements")


def _explorer_classes():
    import importlib
    import pkgutil

    import course.explorers as package
    from course.explorers.base import Explorer

    for info in pkgutil.iter_modules(package.__path__):
        importlib.import_module(f"course.explorers.{info.name}")
    seen, todo = [], list(Explorer.__subclasses__())
    while todo:
        cls = todo.pop()
        seen.append(cls)
        todo.extend(cls.__subclasses__())
    return sorted(seen, key=lambda c: c.__name__)


@pytest.mark.parametrize("cls", _explorer_classes(), ids=lambda c: c.__name__)
def test_every_model_says_what_it_was_checked_against(cls):
    """A fitted or physics model names the data it was checked against and their range, shown in
    its header; outside that range its ``limits`` mark the setting."""
    if cls.model_kind != "conceptual":
        assert len(cls.checked_against) > 20, f"{cls.__name__}: say what the {cls.model_kind} model was checked against"


def test_the_answer_key_says_when_an_answer_is_an_extrapolation():
    flagged = [q.values[0] for q in _bank_explorer_questions() if q.values[0].extrapolation]
    assert flagged, "the banks have no question flagged as an extrapolation"
    for q in flagged:
        assert "an extrapolation of the model" in q.answer_text()
    plain = [q.values[0] for q in _bank_explorer_questions() if not q.values[0].extrapolation]
    assert all("extrapolation of the model" not in q.answer_text() for q in plain)
