"""Predictions before the Explores: the bank entries and their checks, the model against each right
option, the notebook walk, the widget and its saving, and the rates of a learner and of a class."""

from __future__ import annotations

import re
import subprocess
import sys
import time

import nbformat
import pytest

from course.banks import load_bank, validate_bank
from course.explorer_questions import explorer_spec
from course.lessons import lessons
from course.paths import notebooks_dir
from course.prediction_bank import classify_trend, model_trend
from course.prediction_record import (
    class_prediction_rates,
    prediction_change,
    prediction_rates,
    report_predictions,
)
from course.progress import ProgressStore, new_record, schema_problem

EXPLORE = re.compile(r"^### Explore (\d+\.\d+)", re.M)
PREDICT_CALL = re.compile(r'^lesson\.predict\("(\d+\.\d+)"\)$')


def _lessons_with_explores():
    return [l for l in lessons() if "01" <= l.number <= "08"]


def _all_predictions():
    return [p for l in _lessons_with_explores() for p in load_bank(l.stem).predictions.values()]


# --------------------------------------------------------------------------------------------
# The bank entries
# --------------------------------------------------------------------------------------------

HEAD = "lesson: 05_t\ntitle: T\nquizzes:\n  \"1.1\":\n    - {id: a, kind: evidence, prompt: P, answer: Weak}\npredictions:\n"
GOOD = ('  "1.1":\n    prompt: "Fat thicker?"\n    options: [More, Less, Same]\n    answer: Less\n'
        '    why: "Fat insulates."\n'
        '    check: {explorer: heat_cold, control: fat_mm, from: 2, to: 20, quantity: muscle_change, trend: rise}\n')


def test_a_good_prediction_entry_validates(tmp_path):
    path = tmp_path / "05_t.yml"
    path.write_text(HEAD + GOOD, encoding="utf-8")
    assert validate_bank(path) == []
    p = load_bank(path).predictions["1.1"]
    assert (p.key, p.answer, p.check.start, p.check.end) == ("05/1.1", "Less", 2, 20)


@pytest.mark.parametrize("change, wanted", [
    (("answer: Less", "answer: Fewer"), "prediction '1.1': field 'answer': 'Fewer' is not one of the options"),
    (('    why: "Fat insulates."\n', ""), "prediction '1.1': field 'why' is missing: one sentence on why"),
    (('options: [More, Less, Same]', 'options: [More, Less]'), "prediction '1.1': field 'options' must be"),
    (('"1.1":\n    prompt', '"one":\n    prompt'), "prediction id 'one' must be the id of an Explore"),
    (("control: fat_mm", "control: fat"), "prediction '1.1': field 'check': field 'control': explorer 'heat_cold' "
                                          "has no control 'fat'"),
    (("quantity: muscle_change", "quantity: skin"), "field 'quantity': explorer 'heat_cold' declares no quantity 'skin'"),
    (("to: 20", "to: 99"), "field 'check': field 'to': 99 is not a value of control 'fat_mm' (from 0 to 40)"),
    (("trend: rise", "trend: up"), "prediction '1.1': field 'check': field 'trend' must be"),
    (("trend: rise", "trend: rise, readout_contains: x"), "give either 'readout_contains' or a trend"),
    (("explorer: heat_cold", "explorer: oven"), "field 'check': no explorer 'oven'"),
    (('    why: "Fat insulates."\n', '    why: "Fat insulates."\n    refs: [nobody1900]\n'),
     "prediction '1.1': field 'refs': no reference 'nobody1900'"),
    (('    why: "Fat insulates."\n', '    why: "Fat insulates."\n    quiz: "1.1"\n'),
     "field 'quiz': quiz '1.1' has no question about the explorer 'heat_cold'"),
    (('    why: "Fat insulates."\n', '    why: "Fat insulates."\n    quiz: "7.1"\n'), "field 'quiz': the bank has no quiz '7.1'"),
])
def test_malformed_prediction_entries_give_clear_messages(tmp_path, change, wanted):
    path = tmp_path / "05_t.yml"
    path.write_text(HEAD + GOOD.replace(*change), encoding="utf-8")
    messages = validate_bank(path)
    assert any(wanted in m for m in messages), messages
    assert all(m.startswith(f"{path}: ") for m in messages), messages


def test_a_prediction_for_an_explore_the_notebook_lacks_is_refused(tmp_path):
    path = tmp_path / "03_ischemia.yml"
    text = HEAD.replace("05_t", "03_ischemia") + GOOD.replace('"1.1":\n    prompt', '"9.9":\n    prompt')
    path.write_text(text, encoding="utf-8")
    messages = validate_bank(path)
    assert any("prediction '9.9': no section '### Explore 9.9' in notebooks/03_ischemia.ipynb; its Explores: 2.1, 3.1"
               in m for m in messages), messages


# --------------------------------------------------------------------------------------------
# What the model does
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("values, split, trend", [
    ([1, 2, 3], None, "rise"),
    ([3, 2, 2, 2, 2, 2, 2, 1], None, "fall"),             # a stair on the way down is no move of its own
    ([1, 3, 5, 2, 0, 0, 0, 0], None, "rise-then-fall-then-flat"),
    ([4, 4, 4], None, "same"),
    ([10, 6, 2, 1.5, 1, 0.5, 0], 2, "fall-fast-then-slow"),  # 4 per step before the split, 0.4 after
    ([10, 9.5, 9, 5, 1], 2, "fall"),                       # slow first: not fast-then-slow
])
def test_trends_are_named_by_hand_worked_examples(values, split, trend):
    assert classify_trend(values, split) == trend


def test_every_lesson_with_explores_has_its_predictions():
    for l in _lessons_with_explores():
        book = nbformat.read(notebooks_dir() / f"{l.stem}.ipynb", as_version=4)
        explores = [m for c in book.cells if c.cell_type == "markdown" for m in EXPLORE.findall(c.source)]
        assert explores, l.stem
        assert sorted(load_bank(l.stem).predictions) == sorted(explores), l.stem


@pytest.mark.parametrize("prediction", _all_predictions(), ids=lambda p: p.key)
def test_the_right_option_is_what_the_explorer_shows(prediction):
    """Drive the explorer along the entry's check and name what the quantity does; a readout check
    reads the explorer's readout. No setting the check passes through may leave the measured range,
    unless the entry says it is an extrapolation and its prompt says so."""
    check = prediction.check
    assert prediction.answer in prediction.options
    spec = explorer_spec(check.explorer)
    if check.readout_contains is not None:
        explorer = spec.build(**check.settings)
        assert check.readout_contains in explorer.readout_text
        return
    trend, values, ys = model_trend(check)
    assert trend == check.trend, f"{prediction.key}: the model's {check.quantity} goes {trend} ({ys})"
    explorer = spec.build(**check.settings)
    outside = []
    for v in (check.start, check.end):
        explorer.controls[check.control].value = v
        outside += explorer.limits(explorer.state)
    if prediction.extrapolation:
        assert outside, f"{prediction.key} says it is an extrapolation, but the explorer stays in range"
        assert re.search(r"what-if|extrapolat", prediction.prompt, re.I), prediction.prompt
    else:
        assert outside == [], f"{prediction.key} rewards a setting outside the measured range: {outside}"


# --------------------------------------------------------------------------------------------
# The notebooks: a prediction before every Explore
# --------------------------------------------------------------------------------------------


def explores_without_prediction(book) -> list[str]:
    """The Explores of a notebook whose explorer cell is not preceded by lesson.predict("N.M")."""
    missing = []
    for i, cell in enumerate(book.cells):
        if cell.cell_type != "markdown":
            continue
        for explore_id in EXPLORE.findall(cell.source):
            nxt = book.cells[i + 1] if i + 1 < len(book.cells) else None
            m = PREDICT_CALL.match(nxt.source.strip()) if nxt is not None and nxt.cell_type == "code" else None
            if m is None or m.group(1) != explore_id:
                missing.append(explore_id)
    return missing


@pytest.mark.parametrize("stem", [l.stem for l in _lessons_with_explores()])
def test_every_explore_opens_with_a_prediction(stem):
    book = nbformat.read(notebooks_dir() / f"{stem}.ipynb", as_version=4)
    assert explores_without_prediction(book) == [], \
        f"{stem}: put a cell lesson.predict(\"N.M\") right after the heading of Explore N.M, before its explorer"


def test_the_walk_catches_an_explore_without_a_prediction():
    book = nbformat.read(notebooks_dir() / "03_ischemia.ipynb", as_version=4)
    book.cells = [c for c in book.cells if c.source != 'lesson.predict("3.1")']
    assert explores_without_prediction(book) == ["3.1"]


# --------------------------------------------------------------------------------------------
# Storing: the first prediction is kept; a busy file does not lose it
# --------------------------------------------------------------------------------------------


def test_the_first_prediction_is_kept_and_old_records_still_load(tmp_path):
    store = ProgressStore(tmp_path / "progress.json")
    store.update(prediction_change("03/2.1", "It rises", False))
    store.update(prediction_change("03/2.1", "It first rises, then falls and stops", True))
    kept = store.load()["predictions"]["03/2.1"]
    assert (kept["choice"], kept["correct"]) == ("It rises", False)
    old = new_record()
    del old["predictions"]
    assert schema_problem(old) is None
    assert prediction_rates(old) == []
    assert schema_problem({**new_record(), "predictions": {"03/2.1": {"correct": True}}}) is not None


def test_the_widget_records_once_and_locks(progress_file):
    from course import start_lesson

    lesson = start_lesson("08")
    widget = lesson.predict("2.1")
    assert widget.predict() is None and "Choose one of the options first" in widget.confirmation.value
    widget.choice.value = "It grows"
    widget.predict()
    assert "Your prediction: <b>It grows</b>. Now explore and see." in widget.confirmation.value
    widget.choice.value = "It gets smaller"  # a locked widget ignores a later choice and click
    assert widget.predict() == "It grows"
    assert lesson.wait_for_saves(5)
    record = ProgressStore().load()
    assert record["predictions"]["08/2.1"]["choice"] == "It grows"
    assert record["predictions"]["08/2.1"]["correct"] is False
    assert "The model shows: It gets smaller" in widget.reveal()
    again = start_lesson("08").predict("2.1")  # the cell run again opens on the first prediction
    assert again.made == "It grows" and again.predict_button.disabled


def test_the_explorer_question_shows_the_prediction_beside_the_result(progress_file):
    from course import explore_perfusion, start_lesson

    lesson = start_lesson("03")
    widget = lesson.predict("2.1")
    widget.choice.value = "It rises"
    widget.predict()
    perfusion = explore_perfusion(controls=("mvc_pct", "arterial_mmhg", "strength"), panels=("squeeze", "supply"))
    view = next(v for v in lesson.quiz("2.1", explorer=perfusion).questions if v.question.kind == "explorer")
    perfusion.controls["strength"].value = 1.1  # the question's setting, so that the check counts
    view.check()
    assert "You predicted: <b>It rises</b>. The model shows: <b>It first rises, then falls and stops</b>" \
        in view.feedback.value
    assert "Why:" in view.feedback.value


@pytest.mark.slow
def test_a_prediction_made_while_the_file_is_busy_is_saved_later(progress_file):
    from test_progress import HOLD_LOCK, _wait_for

    from course import start_lesson

    lesson = start_lesson("05")
    widget = lesson.predict("1.1")
    holder = subprocess.Popen([sys.executable, "-c", HOLD_LOCK, str(progress_file)],
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "locked"
        widget.choice.value = "The muscle cools less"
        started = time.monotonic()
        widget.predict()
        assert time.monotonic() - started < 2, "the click does not wait for the lock"
        assert "Your prediction is not saved yet (the progress file is busy)" in widget.save_status.value
        assert "predictions" not in ProgressStore().load() or not ProgressStore().load()["predictions"]
        holder.stdin.write("\n")
        holder.stdin.flush()
        assert holder.stdout.readline().strip() == "released"
        assert _wait_for(lambda: "Saved" in widget.save_status.value), widget.save_status.value
    finally:
        holder.kill()
        holder.wait(timeout=10)
    assert ProgressStore().load()["predictions"]["05/1.1"]["correct"] is True


# --------------------------------------------------------------------------------------------
# Rates: one learner, a class
# --------------------------------------------------------------------------------------------


def test_rates_of_one_record_and_of_a_class_by_hand():
    ann = {"predictions": {"03/2.1": {"choice": "It rises", "correct": False},
                           "05/1.1": {"choice": "The muscle cools less", "correct": True}}}
    ben = {"predictions": {"03/2.1": {"choice": "It first rises, then falls and stops", "correct": True},
                           "05/1.1": {"choice": "The muscle cools less", "correct": True},
                           "08/2.1": {"choice": "It grows", "correct": False}}}
    cat = {"predictions": {"03/2.1": {"choice": "It falls", "correct": False}}}
    assert [(r.key, r.predicted, r.right) for r in prediction_rates(ann, keys=["01/1.1"])] == \
        [("01/1.1", 0, 0), ("03/2.1", 1, 0), ("05/1.1", 1, 1)]
    reports = [{"predictions": report_predictions(r)} for r in (ann, ben, cat)] + [{}]  # {}: an old report
    rates = class_prediction_rates(reports)
    # 08/2.1: 0 of 1 right; 03/2.1: 1 of 3; 05/1.1: 2 of 2 -- lowest share first
    assert [(r.key, r.predicted, r.right) for r in rates] == [("08/2.1", 1, 0), ("03/2.1", 3, 1), ("05/1.1", 2, 2)]
    assert rates[1].share == pytest.approx(1 / 3)


# --------------------------------------------------------------------------------------------
# Reports: the learner's report carries the predictions; the class summary shows them
# --------------------------------------------------------------------------------------------


def test_predictions_go_through_the_report_and_the_class_summary(progress_file, tmp_path):
    import json

    from course.classroom import ReportError, check_report, class_summary_html, read_reports, summarise_reports
    from course.reports import export_report

    store = ProgressStore()
    store.update(prediction_change("03/2.1", "It rises", False))
    store.update(prediction_change("05/1.1", "The muscle cools less", True))
    first = export_report(tmp_path / "lee", display_name="Lee")
    store.update(lambda r: r["predictions"].update({"05/1.1": {"choice": "The muscle cools more", "correct": False}}))
    second = export_report(tmp_path / "kim", display_name="Kim")
    data = json.loads(second.json.read_text(encoding="utf-8"))
    assert data["predictions"] == {"03/2.1": {"choice": "It rises", "correct": False},
                                   "05/1.1": {"choice": "The muscle cools more", "correct": False}}
    # one store stands for three learners: Lee's report gets an id of its own (a class summary counts
    # one learner id once), and the old one, made before predictions (and learner ids) existed, none
    lee = json.loads(first.json.read_text(encoding="utf-8"))
    first.json.write_text(json.dumps({**lee, "learner_id": "1ee1ee1e"}), encoding="utf-8")
    old = {k: v for k, v in data.items() if k not in ("predictions", "learner_id")}
    (tmp_path / "old.json").write_text(json.dumps(old), encoding="utf-8")
    good, skipped = read_reports([first.json, second.json, tmp_path / "old.json"])
    assert len(good) == 3 and skipped == []
    summary = summarise_reports(good)
    # 03/2.1: 0 of 2 right; 05/1.1: 1 of 2 right; the old report counts for neither
    assert [(r.key, r.predicted, r.right) for r in summary.predictions] == [("03/2.1", 2, 0), ("05/1.1", 2, 1)]
    page = class_summary_html(summary, skipped)
    assert "where the class&#x27;s intuition fails" in page or "where the class's intuition fails" in page
    assert page.index("Lesson 03, Explore 2.1") < page.index("Lesson 05, Explore 1.1")
    with pytest.raises(ReportError, match="field 'predictions'"):
        check_report({**data, "predictions": {"03/2.1": {"correct": "yes"}}})


def test_a_merged_copy_keeps_the_first_prediction_of_each_explore():
    from course.progress_transfer import merge_records

    here, there = new_record(), new_record()
    prediction_change("03/2.1", "It rises", False, when="2026-03-02T10:00:00+00:00")(here)
    prediction_change("03/2.1", "It first rises, then falls and stops", True, when="2026-03-01T10:00:00+00:00")(there)
    prediction_change("05/1.1", "The muscle cools less", True, when="2026-03-03T10:00:00+00:00")(there)
    del here["predictions"]["03/2.1"]["time"]  # an entry without a time yields to one with a time
    merged, _ = merge_records(here, there)
    assert {k: v["choice"] for k, v in merged["predictions"].items()} == \
        {"03/2.1": "It first rises, then falls and stops", "05/1.1": "The muscle cools less"}
    old = {k: v for k, v in new_record().items() if k != "predictions"}
    merged, _ = merge_records(old, there)
    assert sorted(merged["predictions"]) == ["03/2.1", "05/1.1"]


#: Words that open a step ("Set the time to 1 h."), not a question.
STEP_WORDS = ("Set", "Move", "Switch", "Click", "Make", "Go", "Tick", "Run", "Give", "Take", "Press", "Choose", "Keep")


@pytest.mark.parametrize("stem", [l.stem for l in _lessons_with_explores()])
def test_explore_prompts_stay_light(stem):
    """A goal and two or three open questions, no step lists: the prediction does the predicting."""
    book = nbformat.read(notebooks_dir() / f"{stem}.ipynb", as_version=4)
    for cell in book.cells:
        if cell.cell_type != "markdown" or not EXPLORE.search(cell.source):
            continue
        explore_id = EXPLORE.search(cell.source).group(1)
        assert "**Goal:**" in cell.source, f"{stem} Explore {explore_id}: no **Goal:** line"
        items = re.findall(r"^\s*(?:\d+\.|-) (.*)$", cell.source, flags=re.M)
        assert 2 <= len(items) <= 3, f"{stem} Explore {explore_id}: {len(items)} questions; give two or three"
        for item in items:
            assert "?" in item, f"{stem} Explore {explore_id}: not a question: {item!r}"
            assert not item.startswith(STEP_WORDS), f"{stem} Explore {explore_id}: a step, not a question: {item!r}"
            assert not re.match(r"(Predict|Before)\b", item), f"{stem} Explore {explore_id}: the prediction cell asks it"


def test_lesson_09_table_of_one_learners_predictions():
    from course.prediction_widget import show_predictions

    record = {"predictions": {"03/2.1": {"choice": "It rises", "correct": False},
                              "05/1.1": {"choice": "The muscle cools less", "correct": True}}}
    table = show_predictions(record)
    assert table.head.startswith("Your predictions before the Explores: 1 of the 2 you made were what the model shows")
    assert 'Lesson 03, Explore 2.1: you predicted "It rises", not what the model shows.' in table.text
    assert "Lesson 05, Explore 1.1: you predicted \"The muscle cools less\", what the model shows." in table.text
    assert "Lesson 01, Explore 1.1: no prediction made." in table.text
    assert len(table.lines) == len(_all_predictions())


def test_the_learners_html_report_lists_each_prediction_beside_what_the_model_shows():
    from course.reports import report_html

    record = {"attempts": [], "lessons": {}, "survey": {},
              "predictions": {"03/2.1": {"choice": "It rises", "correct": False},
                              "05/1.1": {"choice": "The muscle cools less", "correct": True}}}
    page = report_html(record)
    assert "Lesson 03, Explore 2.1: you predicted &quot;It rises&quot;, not what the model shows." in page
    assert "Lesson 05, Explore 1.1: you predicted &quot;The muscle cools less&quot;, what the model shows." in page
    assert "Lesson 01, Explore 1.1: no prediction made." in page
