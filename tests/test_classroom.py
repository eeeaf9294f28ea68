"""Teachers' tools: the answer key covers every question of every bank, and the class summary reads
good reports, names and skips bad ones, counts misconceptions and escapes what learners typed."""

from __future__ import annotations

import copy
import json
import re

import pytest

from course.__main__ import main
from course.classroom import (
    ReportError,
    answer_key_html,
    class_summary_html,
    example_report,
    read_report,
    read_reports,
    summarise_reports,
)
from course.progress import ProgressStore
from course.banks import bank_paths, load_bank
from course.quiz import ChoiceQuestion
from course.reports import export_report

FASCIA = "01_back_pain_basics/fascia-role"
SCRIPT = "<script>alert(1)</script>"


# -- answer key -------------------------------------------------------------------------------------
def test_answer_key_covers_every_question_of_every_bank():
    page = answer_key_html()
    banks = [load_bank(p) for p in bank_paths()]
    assert len(banks) >= 3
    wanted = {f"{b.lesson}-{q.id}" for b in banks for q in b.questions}
    found = set(re.findall(r'<div class="q" id="([^"]+)"', page))
    assert found == wanted
    for b in banks:
        for q in b.questions:
            block = page.split(f'id="{b.lesson}-{q.id}"', 1)[1].split('<div class="q"', 1)[0]
            assert "<b>Answer:</b>" in block, q.full_id
            if isinstance(q, ChoiceQuestion):
                assert block.count("✔ correct") == len(q.correct_indices), q.full_id
                assert block.count("✘ wrong") == len(q.options) - len(q.correct_indices), q.full_id


def test_answer_key_shows_each_options_feedback():
    page = answer_key_html()
    block = page.split(f'id="01_back_pain_basics-fascia-role"', 1)[1].split('<div class="q"', 1)[0]
    assert "Thoracolumbar fascia</b> (✔ correct)" in block
    assert "Multifidus is a muscle, packed beside the spinous processes" in block
    q = load_bank("01_back_pain_basics").question("people-2020")
    numeric = page.split('id="01_back_pain_basics-people-2020"', 1)[1].split('<div class="q"', 1)[0]
    assert f"{q.answer - q.tolerance:g} to {q.answer + q.tolerance:g}" in numeric
    assert q.feedback_low in numeric and q.feedback_high in numeric
    evidence = page.split('id="01_back_pain_basics-claim-b-level"', 1)[1].split('<div class="q"', 1)[0]
    assert evidence.count("<li>") == 5 and "Moderate</b> (✔ correct)" in evidence


def test_answer_key_cli(tmp_path, capsys):
    out = tmp_path / "key" / "answers.html"
    assert main(["answer-key", "--out", str(out)]) == 0
    assert out.read_text(encoding="utf-8") == answer_key_html()
    assert "Answer key written" in capsys.readouterr().out


# -- reading reports --------------------------------------------------------------------------------
def _write(path, data):
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


@pytest.fixture
def report_files(tmp_path):
    """Two good reports, and one file of every kind of bad one."""
    folder = tmp_path / "reports"
    folder.mkdir()
    good_a = _write(folder / "ana.json", example_report("Ana", wrong="Multifidus"))
    good_b = _write(folder / "ben.json", example_report(SCRIPT, wrong="Multifidus"))
    text = json.dumps(example_report("Cut"))
    bad = {
        "truncated.json": text[: len(text) // 2],
        "not-json.json": "name: Ana\nscore: 3\n",
        "empty.json": "",
        "other-version.json": json.dumps({**example_report("New"), "report_version": 2}),
        "progress-file.json": json.dumps({"schema_version": 1, "attempts": []}),
        "missing-field.json": json.dumps({k: v for k, v in example_report("X").items() if k != "questions"}),
        "wrong-type.json": json.dumps({**example_report("Y"), "questions": [{"id": FASCIA, "tries": "two",
                                                                          "correct": True, "wrong_answers": []}]}),
    }
    for name, content in bad.items():
        (folder / name).write_text(content, encoding="utf-8")
    return [good_a, good_b], [folder / name for name in bad] + [folder / "missing.json"]


def test_each_bad_report_is_named_with_its_reason(report_files):
    good, bad = report_files
    reasons = {}
    for path in bad:
        with pytest.raises(ReportError) as info:
            read_report(path)
        reasons[path.name] = str(info.value)
    assert reasons["truncated.json"].startswith("cut short")
    assert reasons["not-json.json"].startswith("not valid JSON")
    assert reasons["empty.json"] == "the file is empty"
    assert reasons["other-version.json"].startswith("report version 2, but this course reads version 1")
    assert reasons["progress-file.json"].startswith("not a Back Muscle Therapy progress report")
    assert reasons["missing-field.json"] == "incomplete report: field 'questions' is missing"
    assert reasons["wrong-type.json"].startswith("field 'tries' must be a whole number")
    assert reasons["missing.json"] == "file not found"
    for path in good:
        assert read_report(path)["format"]


def test_class_summary_counts_misconceptions_and_belief_shift(report_files):
    good, _ = report_files
    third = copy.deepcopy(example_report("Cy", wrong=None))
    third["questions"][0].update(correct=False, first_try_correct=False, tries=3, wrong_answers=["Ligamentum flavum", "Multifidus"])
    summary = summarise_reports([(str(p), read_report(p)) for p in good] + [("cy.json", third)])
    stats = summary.question(FASCIA)
    assert (stats.tried, stats.correct, stats.first_try) == (3, 2, 0)
    assert stats.rate == pytest.approx(2 / 3)
    assert stats.wrong == {"Multifidus": 3, "Ligamentum flavum": 1}
    top = summary.misconceptions()
    assert (top[0][0].id, top[0][1], top[0][2]) == (FASCIA, "Multifidus", 3)
    c = summary.claims["c"]
    assert (c.target, c.before["agree"], c.after["disagree"], c.closer, c.further, c.both) == (
        "disagree", 3, 3, 3, 0, 3)
    assert c.share_matching("before") == 0 and c.share_matching("after") == 1
    assert summary.claims["a"].share_matching("after") is None


def test_class_summary_of_good_and_bad_reports(report_files, tmp_path, capsys):
    good, bad = report_files
    out = tmp_path / "class.html"
    assert main(["class-summary", *map(str, good + bad), "--out", str(out)]) == 0
    captured = capsys.readouterr()
    for path in bad:
        assert f"warning: {path} skipped: " in captured.err, path.name
    for path in good:
        assert str(path) not in captured.err
    assert f"Class summary of 2 report(s) written: {out} ({len(bad)} file(s) skipped)" in captured.out
    page = out.read_text(encoding="utf-8")
    assert "<b>Reports read:</b> 2." in page and "Ana" in page
    assert SCRIPT not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page, "names are escaped"
    assert page.count("<li><code>") == len(bad)
    # the misconception table shows what the quiz tells learners who chose that option
    assert "Multifidus is a muscle, packed beside the spinous processes" in page
    assert "2 of 2" in page
    assert page.count("data:image/png;base64,") == 2 and "<script" not in page


def test_class_summary_with_only_bad_reports_fails(report_files, tmp_path, capsys):
    _, bad = report_files
    out = tmp_path / "class.html"
    assert main(["class-summary", *map(str, bad[:2]), "--out", str(out)]) == 1
    assert "No valid reports to summarise." in out.read_text()
    assert capsys.readouterr().err.count("skipped") == 2


def test_a_real_learner_report_goes_through_the_class_summary(progress_file, tmp_path):
    store = ProgressStore()
    store.add_attempt(FASCIA, 2, correct=False, attempt=1)
    store.add_attempt(FASCIA, 0, correct=True, attempt=2)
    store.record_survey("before", "k", {"stance": "disagree", "confidence": "guessing"})
    store.record_survey("after", "k", {"stance": "agree", "confidence": "fairly sure"})
    files = export_report(tmp_path / "learner", display_name="Lee")
    good, skipped = read_reports([files.json, files.html])
    assert len(good) == 1 and skipped[0][0] == str(files.html) and "not valid JSON" in skipped[0][1]
    summary = summarise_reports(good)
    assert summary.question(FASCIA).wrong == {"Ligamentum flavum": 1}
    assert summary.claims["k"].closer == 1
    page = class_summary_html(summary, skipped)
    assert "Lee" in page and "Ligamentum flavum" in page


# -- the instructor guide -------------------------------------------------------------------------
def test_instructor_guide_lesson_notes_are_current(generate_docs):
    from course.paths import REPO_DIR

    text = (REPO_DIR / "docs" / "instructor_guide.md").read_text(encoding="utf-8")
    regenerate = generate_docs.GENERATED[generate_docs.GUIDE]
    assert regenerate(text) == text, \
        "the lesson notes of docs/instructor_guide.md are stale: run `python tools/generate_docs.py`"


def test_instructor_notes_give_every_lesson_its_time_prompts_and_misconceptions():
    from course.classroom import instructor_notes_markdown
    from course.lessons import lessons

    notes = instructor_notes_markdown()
    for l in lessons():
        assert f"### Lesson {l.number}: {l.title} ({l.minutes} min)" in notes
    lesson_01 = notes.split("### Lesson 01:", 1)[1].split("### Lesson 02:", 1)[0]
    assert "2. Non-specific low back pain (from ~12 min)" in lesson_01
    assert '- **Think 2.1**: Someone tells you: "The scan showed nothing' in lesson_01
    assert "Wrong options: “Multifidus”; “Ligamentum flavum”; “Erector spinae aponeurosis”" in lesson_01
    assert "Thoracolumbar fascia”" not in lesson_01.split("Which structure is a layered sheet", 1)[1].split("\n")[0]


def test_misconceptions_leave_out_practice_questions_and_neutral_distractors_and_keep_whole_prompts():
    from course.banks import available_banks, load_bank
    from course.classroom import instructor_notes_markdown
    from course.text import plain_text

    notes = instructor_notes_markdown()
    listed = notes.split("**Misconceptions to probe**")
    lines = [l for part in listed[1:] for l in part.split("\n\n", 1)[1].split("\n\n")[0].splitlines()]
    assert lines and all(l.startswith("- Quiz ") for l in lines)
    for stem in available_banks():
        for q in load_bank(stem).questions:
            for wrong in q.misconceptions():
                wrong_text = f"“{plain_text(wrong)}”"
                if q.practice:   # a question about using the notebook holds no belief about backs
                    assert wrong_text not in notes, f"{stem} {q.id}: practice option {wrong} listed"
    for ui_word in ("“Escape”", "“Tab”", "“Fully supported”", "“About 8 in 10”", "“About 30 mm”"):
        assert ui_word not in notes, f"{ui_word} is not a misconception"
    assert "“About 90% within six weeks”" in notes   # a belief that is a number stays
    assert "…" not in "\n".join(lines), "a prompt is cut mid-sentence"
