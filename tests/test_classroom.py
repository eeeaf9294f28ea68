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
    check_report,
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
    # the only script is the learner table's sorting (inline, no external file)
    assert page.count("data:image/png;base64,") == 2 and page.count("<script") == 1
    assert '<script>\ndocument.querySelectorAll("table.course-learners")' in page and "<script src" not in page


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
    practice_options = 0
    assert lines and all(l.startswith("- Quiz ") for l in lines)
    for stem in available_banks():
        for q in load_bank(stem).questions:
            for wrong in q.misconceptions():
                wrong_text = f"“{plain_text(wrong)}”"
                if q.practice:   # a question about using the notebook holds no belief about backs
                    practice_options += 1
                    assert wrong_text not in notes, f"{stem} {q.id}: practice option {wrong} listed"
    assert practice_options > 0, "the check above needs practice questions with wrong options"
    for ui_word in ("“Escape”", "“Tab”", "“Fully supported”", "“About 8 in 10”", "“About 30 mm”"):
        assert ui_word not in notes, f"{ui_word} is not a misconception"
    assert "“About 90% within six weeks”" in notes   # a belief that is a number stays
    assert "…" not in "\n".join(lines), "a prompt is cut mid-sentence"


# -- a class with an overwritten, a duplicated and a missing report --------------------------------
def _learner(name, lid=None, created="2025-01-01", wrong=None, sure=False, after=True, lessons=(), certainty=None,
             claim_right=None):
    r = example_report(name, wrong=wrong)
    r["created"] = created
    if lid:
        r["learner_id"] = lid
    if sure:
        r["questions"][0]["sure_wrong_answers"] = [wrong]
    if not after:
        r["survey"]["after"] = {}
    r["lessons"] = [{"number": n, "opened": True, "completed": done} for n, done in lessons]
    if certainty:
        r["certainty"] = {"levels": certainty, "unmarked": 0}
    if claim_right:
        from course.claim_evaluation import load_claim_test

        test = load_claim_test()
        r["claim_test"] = {"order": "AB", **{
            phase: {"form": form, "scored": True,
                    "answers": {q.id: {"choice": "x", "correct": i < right} for i, q in enumerate(test.items(form))}}
            for phase, form, right in zip(("before", "after"), "AB", claim_right)}}
    return r


def _class_reports():
    """Eight files, six learners:
    - Ana exported twice (same id): ana_old (January, first try wrong) is replaced by ana_new
      (February, first try right);
    - cem.json was copied to cem_copy.json (same id, same date): the file named later, cem_copy,
      wins ('.' sorts before '_');
    - noid.json has no id, no name and no survey after; Dee's two files have no id and count twice.
    """
    return [
        ("r/ana_old.json", _learner("Ana", "a1a1a1a1", "2025-01-01", wrong="Multifidus")),
        ("r/ben.json", _learner("Ben", "b2b2b2b2", "2025-01-05", wrong="Multifidus", sure=True,
                                lessons=(("01", True), ("02", False)),
                                certainty={"sure": {"answers": 2, "right": 1}, "unsure": {"answers": 1, "right": 1}},
                                claim_right=(3, 9))),
        ("r/ana_new.json", _learner("Ana", "a1a1a1a1", "2025-02-01")),
        ("r/cem.json", _learner("Cem", "c3c3c3c3", "2025-01-03", wrong="Multifidus")),
        ("r/cem_copy.json", _learner("Cem", "c3c3c3c3", "2025-01-03")),
        ("r/noid.json", _learner(None, wrong="Multifidus", after=False)),
        ("r/dee1.json", _learner("Dee")),
        ("r/dee2.json", _learner("Dee", created="2025-01-02")),
    ]


def test_class_summary_counts_each_learner_once():
    s = summarise_reports(_class_reports())
    assert s.names == ["Ben", "Ana", "Cem", "(no name: noid.json)", "Dee", "Dee"]
    assert s.superseded == [("r/ana_old.json", "r/ana_new.json"), ("r/cem.json", "r/cem_copy.json")]
    fascia = s.question(FASCIA)
    # six learners tried it; right first try: Ana (new), Cem (copy), Dee, Dee = 4; Multifidus chosen by
    # Ben and the no-name learner (Ana's old report and cem.json no longer count)
    assert (fascia.tried, fascia.correct, fascia.first_try) == (6, 6, 4)
    assert fascia.wrong["Multifidus"] == 2 and fascia.sure_wrong_learners == 1
    # belief survey: six answered before, five after (noid did not), five both
    assert (s.surveyed["before"], s.surveyed["after"], s.surveyed["both"]) == (6, 5, 5)
    assert (sum(s.claims["c"].before.values()), sum(s.claims["c"].after.values()), s.claims["c"].both) == (6, 5, 5)


def test_class_summary_learner_rows_and_lesson_rates():
    from course.classroom import lesson_rates

    s = summarise_reports(_class_reports())
    rows = {(r.name, r.file): r for r in s.learners}
    ben = rows["Ben", "ben.json"]
    # Ben opened lessons 01 and 02, completed 01; his one question was wrong first (and sure)
    assert (ben.opened, ben.completed, ben.tried, ben.first_try_right, ben.sure_wrong) == (2, 1, 1, 0, 1)
    assert ben.last_activity == "2025-01-05"
    # certainty: sure 1 right (+3) and 1 wrong (-6), unsure 1 right (+2): total -1 over 3 answers
    assert ben.certainty_mean == pytest.approx(-1 / 3)
    ana = rows["Ana", "ana_new.json"]
    assert (ana.first_try_right, ana.tried, ana.last_activity, ana.certainty_mean) == (1, 1, "2025-02-01", None)
    assert rows["(no name: noid.json)", "noid.json"].learner_id is None
    (l01,) = lesson_rates(s)
    # lesson 01: six learners, six first answers in the lesson of which 4 right; 6 of 6 right in the end
    assert (l01.number, l01.learners, l01.first, l01.first_right, l01.answers, l01.right) == ("01", 6, 6, 4, 6, 6)


def test_class_summary_page_says_what_it_counts():
    s = summarise_reports(_class_reports())
    page = class_summary_html(s, [])
    assert "<b>Reports read:</b> 8. Learners (6): Ben, Ana, Cem, (no name: noid.json), Dee, Dee" in page
    assert "2 report(s) superseded" in page and "<code>ana_old.json</code>: replaced by <code>ana_new.json</code>" in page
    assert "Belief survey: 6 learner(s) answered before, 5 after, 5 both times" in page
    assert "0 of 6 learners made at least one prediction" in page, "no report of this class holds one"
    assert "Mean mark per answer</b>, 1 learner(s) with marked answers" in page, "only Ben's report has marks"
    assert "compares only the learners who answered that claim both times" in page
    assert "67% (4 of 6)" in page and "100% (6 of 6)" in page, "first try beside right in the end"
    # the learner table: sortable headers are buttons; Ben's row reads without the script
    assert '<th scope="col"><button type="button">First-try accuracy</button></th>' in page
    assert re.search(r'<td data-sort="Ben">Ben <small class="muted">\(b2b2b2b2\)</small></td>'
                     r'<td data-sort="2" class="num">2</td><td data-sort="1" class="num">1</td>'
                     r'<td data-sort="0.0000" class="num">0% \(0 of 1\)</td>', page)


def test_gradebook_csv_exact():
    from course.class_learners import gradebook_csv

    s = summarise_reports(_class_reports())
    # with 40 questions in the course, one right first try is 2.5%; Ben has none and a mean mark of
    # -1/3 = -0.33; Ben completed one lesson; he sat the claim test (12 items a form): 3 right before
    # (25.0%), 9 after (75.0%); nobody else sat it; the learners without an id have an empty id cell
    assert gradebook_csv(s.learners, total=40) == (
        "learner_id,display_name,first_try_score_percent,certainty_mean_mark,lessons_completed,"
        "claim_test_before_percent,claim_test_after_percent\r\n"
        "b2b2b2b2,Ben,0.0,-0.33,1,25.0,75.0\r\n"
        "a1a1a1a1,Ana,2.5,,0,,\r\n"
        "c3c3c3c3,Cem,2.5,,0,,\r\n"
        ",,0.0,,0,,\r\n"  # no id and no name: both cells empty
        ",Dee,2.5,,0,,\r\n"
        ",Dee,2.5,,0,,\r\n")


def test_class_summary_cli_writes_the_gradebook(tmp_path, capsys):
    folder = tmp_path / "r"
    folder.mkdir()
    for name, report in _class_reports():
        (folder / name.split("/")[1]).write_text(json.dumps(report), encoding="utf-8")
    csv_file = tmp_path / "grades.csv"
    assert main(["class-summary", *sorted(map(str, folder.glob("*.json"))), "--out", str(tmp_path / "c.html"),
                 "--csv", str(csv_file)]) == 0
    out = capsys.readouterr().out
    assert "8 report(s)" in out and "2 report(s) superseded" in out and "Gradebook of 6 learner(s)" in out
    total = sum(not q.practice for p in bank_paths() for q in load_bank(p).questions)
    lines = csv_file.read_bytes().decode("utf-8").split("\r\n")
    # sorted file names: ana_new, ben, cem_copy, dee1, dee2, noid (ana_old and cem superseded)
    assert [l.split(",")[1] for l in lines[1:-1]] == ["Ana", "Ben", "Cem", "Dee", "Dee", ""]  # no name: an empty cell
    assert lines[1] == f"a1a1a1a1,Ana,{100 / total:.1f},,0,,"


def test_a_report_with_a_malformed_learner_id_is_refused():
    from course.classroom import check_report

    with pytest.raises(ReportError, match="field 'learner_id'"):
        check_report({**example_report("Ana"), "learner_id": "../../etc"})
    assert check_report({**example_report("Ana"), "learner_id": None})["learner_id"] is None, "older: no id"


def test_each_misconception_says_where_to_take_it_up(tmp_path, monkeypatch):
    from course.publishing import ENV_VAR

    summary = summarise_reports([("a.json", example_report("Ana", wrong="Multifidus"))])
    page = class_summary_html(summary, [])
    table = page.split("The class's misconceptions")[1].split("</table>")[0]
    # Quiz 1.1 of lesson 01 sits in section "1. What is in the lower back", after Explore 1.1
    assert "<th>Revisit</th>" in table
    assert "Lesson 01, section 1. What is in the lower back (Explore 1.1)" in table
    assert "Multifidus" in table and "mybinder" not in table
    setting = tmp_path / "publishing.yml"
    setting.write_text("repository: example-org/course\n")
    monkeypatch.setenv(ENV_VAR, str(setting))
    table = class_summary_html(summary, []).split("The class's misconceptions")[1].split("</table>")[0]
    assert ('<a href="https://mybinder.org/v2/gh/example-org/course/main?urlpath=lab/tree/notebooks/'
            '01_back_pain_basics.ipynb">Lesson 01, section 1. What is in the lower back (Explore 1.1)</a>') in table


# -- reports a teacher might be handed: broken, hostile or repeated ---------------------------------


def test_a_report_with_a_broken_lessons_list_is_skipped_with_the_reason():
    with pytest.raises(ReportError, match="lesson entry 1 must be an object"):
        check_report({**example_report("Ana"), "lessons": [1]})
    with pytest.raises(ReportError, match="lesson entry 1: field 'completed'"):
        check_report({**example_report("Ana"), "lessons": [{"number": "01", "completed": [1]}]})


def test_a_name_a_spreadsheet_would_run_is_written_as_text():
    from course.class_learners import gradebook_csv, learner_rows

    rows = learner_rows([("x.json", {**example_report("=HYPERLINK(\"http://x\")"), "learner_id": "abcd1234"})])
    line = gradebook_csv(rows, total=10).split("\r\n")[1]
    assert line.startswith("abcd1234,\"'=HYPERLINK(") and "\"=HYPERLINK" not in line


def test_the_report_written_last_wins_even_on_the_same_day():
    from course.class_learners import latest_per_learner

    a = {**example_report("Ana"), "learner_id": "a1a1a1a1", "created": "2026-01-05",
         "exported": "2026-01-05T09:00:00+00:00"}
    b = {**a, "exported": "2026-01-05T16:30:00+00:00"}
    # file names that sort the other way ('..._9' after '..._10'): the export time decides
    kept, superseded = latest_per_learner([("r_10.json", b), ("r_9.json", a)])
    assert [name for name, _ in kept] == ["r_10.json"] and superseded == [("r_9.json", "r_10.json")]


def test_a_bad_publishing_setting_is_named_and_the_summary_still_written(tmp_path, monkeypatch):
    from course.publishing import ENV_VAR

    setting = tmp_path / "publishing.yml"
    setting.write_text("repo: a/b\n")
    monkeypatch.setenv(ENV_VAR, str(setting))
    page = class_summary_html(summarise_reports([("a.json", example_report("Ana", wrong="Multifidus"))]), [])
    assert "The lessons are named without links" in page and "unknown field(s) repo" in page
    assert "Lesson 01, section 1. What is in the lower back (Explore 1.1)" in page


def test_item_analysis_counts_a_learner_once_and_says_so(tmp_path, capsys):
    from course.claim_evaluation import load_claim_test
    from course.cli import main

    items = [q.id for q in load_claim_test().items("A")]
    paths = []
    for name, stamp in (("old", "2026-01-01T09:00:00+00:00"), ("new", "2026-01-02T09:00:00+00:00")):
        report = {**example_report("Ana"), "learner_id": "a1a1a1a1", "exported": stamp,
                  "claim_test": {"order": "AB", "before": {"form": "A", "scored": True, "answers": {
                      i: {"choice": "x", "correct": True} for i in items}}}}
        path = tmp_path / f"{name}.json"
        path.write_text(json.dumps(report))
        paths.append(str(path))
    assert main(["item-analysis", *paths]) == 0
    out = capsys.readouterr()
    assert "from 1 report." in out.out and "old.json is replaced by" in out.err
