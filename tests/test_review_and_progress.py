"""Lesson 09: summaries of a progress record, the final quiz, the dashboard, the belief shift and
the learner's report (self-contained, escaped, and readable by the class summary)."""

from __future__ import annotations

import json
import re

import pytest

from course import dashboard, reports
from course.classroom import check_report
from course.progress import ProgressStore
from course.banks import load_bank
from course.text import plain_text
from course.reports import (
    belief_shift,
    build_report,
    export_report,
    lesson_mastery,
    missed_questions,
    report_html,
    target_stance,
    verdict_tally,
)

FASCIA = "01_back_pain_basics/fascia-role"
MUSCLES = "01_back_pain_basics/tissue-kinds"
SCRIPT = "<script>alert('x')</script>"


@pytest.fixture
def store(progress_file):
    s = ProgressStore()
    s.record_lesson("01", "opened")
    s.add_attempt(FASCIA, 1, correct=False, attempt=1)
    s.add_attempt(FASCIA, 0, correct=True, attempt=2)
    s.add_attempt(MUSCLES, (0, 2), correct=False, attempt=1)
    s.add_attempt(MUSCLES, (0, 4), correct=False, attempt=2)
    return s


# -- the numbers lesson 09 states ------------------------------------------------------------------
def test_verdict_tally_pinned():
    """Lesson 09 prints these counts (NBVAL_CHECK_OUTPUT) and Quiz 3.1 asks for the first."""
    tally = verdict_tally()
    assert {k: len(v) for k, v in tally.items()} == {
        "Supported": 1, "Partly supported": 4, "Not supported": 5, "Contested": 1, "No evidence": 1}
    assert tally["Supported"] == ["k"] and tally["Contested"] == ["l"] and tally["No evidence"] == ["i"]
    assert sum(map(len, tally.values())) == 12


def test_target_stance_follows_each_verdict():
    targets = {s.claim_id: s.target for s in belief_shift({})}
    assert targets == {"a": "unsure", "b": "disagree", "c": "disagree", "d": "unsure", "e": "disagree",
                       "f": "disagree", "g": "unsure", "h": "disagree", "i": "unsure", "j": "unsure",
                       "k": "agree", "l": "unsure"}
    with pytest.raises(ValueError, match="does not start with one of"):
        target_stance("Probably fine")


def test_bank_09_agrees_with_the_claims_table():
    bank = load_bank("09_review_and_progress")
    assert bank.question("supported-outright").check("1").correct
    assert not bank.question("supported-outright").check("2").correct
    assert bank.question("contested-stance").options[0].correct
    assert bank.question("claim-a-level").answer == "Strong"


# -- summaries ------------------------------------------------------------------------------------
def test_mastery_missed_and_recent(store):
    record = store.load()
    m01 = next(m for m in lesson_mastery(record) if m.number == "01")
    n01 = len(load_bank("01_back_pain_basics").questions)
    assert (m01.questions, m01.tried, m01.correct, m01.opened, m01.completed) == (n01, 2, 1, True, False)
    assert m01.mastery == pytest.approx(1 / n01)
    missed = missed_questions(record)
    assert [m.question.full_id for m in missed] == [MUSCLES]
    assert missed[0].result.wrong_answers == ["Psoas major + Interspinous ligament",
                                              "Psoas major + Thoracolumbar fascia"]
    assert missed[0].link == "01_back_pain_basics.ipynb#Quiz-1.1"
    recent = reports.recent_answers(record, 2)
    assert [(r["answer"], r["correct"]) for r in recent] == [
        ("Psoas major + Thoracolumbar fascia", False), ("Psoas major + Interspinous ligament", False)]


def test_answers_to_questions_no_longer_in_a_bank_are_ignored(progress_file):
    s = ProgressStore()
    s.add_attempt("01_back_pain_basics/removed-question", 0, correct=True)
    assert next(m for m in lesson_mastery(s.load()) if m.number == "01").tried == 0


def test_belief_movement():
    survey = {"before": {"c": {"stance": "agree"}, "k": {"stance": "agree"}, "a": {"stance": "agree"},
                         "l": {"stance": "agree"}, "b": {"stance": "unsure"}},
              "after": {"c": {"stance": "unsure"}, "k": {"stance": "disagree"}, "a": {"stance": "agree"},
                        "l": {"stance": "disagree"}, "e": {"stance": "agree"}}}
    shifts = {s.claim_id: s for s in belief_shift(survey)}
    assert shifts["c"].movement == "closer"
    assert shifts["k"].movement == "further"
    assert shifts["a"].movement == "same"
    assert shifts["l"].movement == "sideways"
    assert shifts["b"].movement is None and shifts["e"].movement is None
    assert reports.belief_summary(list(shifts.values())) == (
        "Stances matching the evidence: 1 of 5 answered before, 0 of 5 answered after; 1 moved closer "
        "to the evidence and 1 further away, of 4 claims answered both times.")
    assert reports.belief_summary(belief_shift({})).startswith("No belief-survey answers yet")


# -- final quiz -----------------------------------------------------------------------------------
def test_final_quiz_is_stable_per_learner_and_spread_over_lessons():
    pool = dashboard.final_quiz_pool()
    assert "09" not in pool and pool, "lesson 09's own bank is not drawn from"
    assert all(q.quiz_id != "1.1" for q in pool.get("00", [])), "lesson 00's practice quiz is left out"
    assert all(q.kind != "explorer" for qs in pool.values() for q in qs), \
        "questions about an explorer's state stay next to their explorer, in their lesson"
    first = [q.full_id for q in dashboard.final_quiz_questions(10, "seed-1")]
    assert first == [q.full_id for q in dashboard.final_quiz_questions(10, "seed-1")]
    assert first != [q.full_id for q in dashboard.final_quiz_questions(10, "seed-2")]
    assert len(set(first)) == 10
    one_each = dashboard.final_quiz_questions(len(pool), "seed-1")
    assert sorted(q.full_id[:2] for q in one_each) == sorted(pool), "one question from every lesson"
    total = sum(len(p) for p in pool.values())
    assert len({q.full_id for q in dashboard.final_quiz_questions(total, "s")}) == total
    for bad in (0, total + 1, 2.5, True):
        with pytest.raises(ValueError, match=f"between 1 and {total}"):
            dashboard.final_quiz_questions(bad, "s")


def test_final_quiz_widget_records_and_scores(progress_file):
    quiz = dashboard.show_final_quiz(6)
    assert quiz.questions == dashboard.final_quiz_questions(6, ProgressStore().load()["quiz_seed"])
    assert [q.full_id for q in dashboard.show_final_quiz(6).questions] == [q.full_id for q in quiz.questions], \
        "the same questions every time for this learner"
    assert quiz.score_text() == "0 of 6 right so far (0 tried)."
    assert "from Lesson" in quiz.views[0].box.children[0].value
    view = next(v for v in quiz.views if _right_response(v.question) is not None)
    q = view.question
    view.input.value = _right_response(q)
    assert view.check().correct
    assert quiz.score_text() == "1 of 6 right so far (1 tried)."
    attempt = ProgressStore().load()["attempts"][-1]
    assert (attempt["question"], attempt["source"], attempt["correct"]) == (q.full_id, "final", True)
    number = q.full_id[:2]
    assert next(m for m in lesson_mastery(ProgressStore().load()) if m.number == number).correct == 1


def _right_response(q):
    """A right response for the kinds a test can type in directly (None for others)."""
    from course.quiz import ChoiceQuestion, EvidenceQuestion, NumericQuestion, OrderQuestion

    if isinstance(q, ChoiceQuestion):
        return q.correct_indices if q.multiple else q.correct_indices[0]
    if isinstance(q, NumericQuestion):
        return str(q.answer)
    if isinstance(q, EvidenceQuestion):
        return q.answer
    if isinstance(q, OrderQuestion):
        return q.items
    return None


# -- dashboard and belief shift --------------------------------------------------------------------
def test_dashboard_shows_mastery_missed_questions_and_latest_answers(store):
    board = dashboard.show_dashboard()
    assert board.readout_text == ("Lessons opened: 1 of 10. Quiz questions answered right: 1 of "
                                  f"{sum(m.questions for m in lesson_mastery(store.load()))} "
                                  f"({100 / sum(m.questions for m in lesson_mastery(store.load())):.0f}%). Still missed: 1.")
    assert "Which of these are muscles?" in board.details_text
    assert 'href="01_back_pain_basics.ipynb#Quiz-1.1"' in board.details.value
    assert "Thoracolumbar fascia" in board.details_text and "✔ right" in board.details_text
    assert board.last_png[:4] == b"\x89PNG"
    before = board.last_png
    store.add_attempt(MUSCLES, (0, 1, 3), correct=True, attempt=3)
    board.refresh_button.click()
    assert board.last_png != before
    assert board.readout_text.endswith("Still missed: 0.")
    assert "None." in board.details_text


def test_dashboard_escapes_what_it_reads(progress_file):
    s = ProgressStore()
    s.update(lambda r: r["attempts"].append({"question": FASCIA, "lesson": "01", "answer": SCRIPT,
                                             "correct": False, "source": "lesson"}))
    board = dashboard.show_dashboard()
    assert SCRIPT not in board.details.value and "&lt;script&gt;" in board.details.value


def test_belief_shift_view(progress_file):
    s = ProgressStore()
    s.record_survey("before", "c", {"stance": "agree", "confidence": "very sure"})
    s.record_survey("after", "c", {"stance": "disagree", "confidence": "fairly sure"})
    view = dashboard.show_belief_shift()
    assert view.readout_text.startswith("Stances matching the evidence: 0 of 1 answered before, 1 of 1")
    assert "closer to the evidence" in view.details_text
    assert "agree (very sure)" in view.details_text
    assert view.last_png[:4] == b"\x89PNG"


def test_views_say_why_when_the_progress_file_cannot_be_read(progress_file):
    progress_file.parent.mkdir(parents=True)
    progress_file.write_text(json.dumps({"schema_version": 99}))
    view = dashboard.show_dashboard()
    assert "newer version of the course" in view.readout_text
    quiz = dashboard.show_final_quiz(2)
    assert "not being saved" in quiz.score_text()


# -- the report -------------------------------------------------------------------------------------
def test_export_report_writes_html_and_a_valid_json(store, tmp_path):
    files = export_report(tmp_path / "out" / "my_report.html", display_name="Sam")
    assert files.html == tmp_path / "out" / "my_report.html"
    assert files.json == tmp_path / "out" / "my_report.json"
    data = check_report(json.loads(files.json.read_text()))
    assert data["display_name"] == "Sam" and store.load()["display_name"] == "Sam"
    fascia = next(q for q in data["questions"] if q["id"] == FASCIA)
    assert fascia == {"id": FASCIA, "lesson": "01", "quiz": "1.1", "tries": 2, "correct": True,
                      "first_try_correct": False, "wrong_answers": ["Multifidus"], "sure_wrong_answers": [],
                      "first_source": "lesson", "practice": False}
    assert data["learner_id"] == store.load()["learner_id"], "the record's anonymous id, kept by the store"
    assert set(data) == {"format", "report_version", "course_version", "created", "display_name", "learner_id",
                         "lessons", "questions", "survey", "certainty", "predictions", "claim_test", "exported"}, "nothing else is stored"
    # the certainty-based score holds counts only; the store's answers were given without a certainty
    assert set(data["certainty"]) == {"counted", "marks", "levels", "unmarked", "total", "maximum"}
    assert (data["certainty"]["unmarked"], data["certainty"]["total"]) == (2, 0)
    assert data["predictions"] == {}, "no predictions made, none reported (and no times with them)"
    assert "quiz_seed" not in files.json.read_text() and "T" not in data["created"]
    page = files.html.read_text()
    assert "Sam" in page and "Which of these are <strong>muscles</strong>?" in page
    assert "data:image/png;base64," in page
    # self-contained: no scripts, no external files
    assert not re.search(r"<script|<link|src=\"http|url\(http", page)
    assert "@media print" in page


def test_report_escapes_a_display_name_with_html(store, tmp_path):
    store.set_display_name(SCRIPT)
    store.update(lambda r: r["attempts"].append({"question": MUSCLES, "lesson": "01", "answer": "<b>bold</b>",
                                                 "correct": False}))
    page = report_html(store.load())
    assert "<script>" not in page and "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in page
    assert "<b>bold</b>" not in page and "&lt;b&gt;bold&lt;/b&gt;" in page
    assert build_report(store.load())["display_name"] == SCRIPT, "the JSON keeps the name as text"


def test_report_without_a_name_and_default_file_names(progress_file, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    files = export_report()
    # named from the learner id saved with the record at the first export (no name: no name part)
    lid = ProgressStore(progress_file).load()["learner_id"]
    stem = f"course_report_{lid}"
    assert (files.html, files.json) == (tmp_path / f"{stem}.html", tmp_path / f"{stem}.json")
    assert "(no display name given)" in files.html.read_text()
    assert json.loads(files.json.read_text())["display_name"] is None
    assert json.loads(files.json.read_text())["learner_id"] == lid
    assert "Report written" in repr(files) and f"{stem}.html" in files._repr_html_()


def test_report_widget(store, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    form = dashboard.show_report_export()
    form.name.value = "Ana <i>"
    form.button.click()
    lid = store.load()["learner_id"]
    ana = tmp_path / f"course_report_ana_i_{lid}.json"  # "Ana <i>": only letters and digits reach the name
    assert ana.is_file()
    assert "Report written" in form.status.value and "<i>" not in form.status.value
    assert json.loads(ana.read_text())["display_name"] == "Ana <i>"
    # a second export to the same name writes nothing until the learner chooses
    before = ana.read_text()
    form.name.value = "Ana <i>"
    assert form.export() is None and ana.read_text() == before
    assert "already exist" in form.status.value and ana.name[:-5] + ".html" in form.status.value
    assert [b.description for b in form.choice.children] == ["Replace it", f"Write {ana.stem}_2"]
    form.choice.children[1].click()
    assert json.loads((tmp_path / f"{ana.stem}_2.json").read_text())["learner_id"] == lid
    form.export(replace=True)
    assert form.files.json == ana and not form.choice.children
    form.name.value = ""
    form.export()
    assert json.loads((tmp_path / f"course_report_{lid}.json").read_text())["display_name"] is None


def test_report_cli(store, tmp_path, capsys):
    from course.__main__ import main

    assert main(["report", "--out", str(tmp_path / "r"), "--name", "Kim"]) == 0
    assert "Report written" in capsys.readouterr().out
    assert json.loads((tmp_path / "r.json").read_text())["display_name"] == "Kim"


def test_report_lists_the_answers_given_as_sure_and_wrong(progress_file):
    s = ProgressStore()
    s.add_attempt(FASCIA, 1, correct=False, attempt=1, confidence="sure")
    s.add_attempt(FASCIA, 0, correct=True, attempt=2, confidence="sure")
    s.add_attempt(MUSCLES, (0, 2), correct=False, attempt=1, confidence="sure")
    s.add_attempt(MUSCLES, (0, 4), correct=False, attempt=2, confidence="guessing")
    record = s.load()
    fascia, muscles = load_bank("01").question("fascia-role"), load_bank("01").question("tissue-kinds")
    page = report_html(record)
    heading = "<h2>Answers you were sure of, but wrong</h2>"
    assert heading in page
    section = page.split(heading)[1].split("<h2>")[0]
    assert fascia.response_text(1) in section and "put right since" in section
    assert muscles.response_text((0, 2)) in section
    assert muscles.response_text((0, 4)) not in section, "a guess is not a confident error"
    assert plain_text(fascia.prompt) in section and plain_text(muscles.prompt) in section
    none_yet = report_html({"attempts": [], "lessons": {}}).split(heading)[1].split("<h2>")[0]
    assert "None" in none_yet and fascia.response_text(1) not in none_yet


# -- the learner id and report files that do not overwrite each other -------------------------------
def test_a_record_gets_one_learner_id_and_keeps_it(progress_file):
    s = ProgressStore()
    s.record_lesson("01", "opened")
    lid = s.load()["learner_id"]
    s.record_lesson("02", "opened")
    assert s.load()["learner_id"] == lid, "made once, not again at each save"
    # a record written before ids existed gets one on its next write, and keeps it
    old = json.loads(progress_file.read_text())
    del old["learner_id"]
    progress_file.write_text(json.dumps(old))
    assert "learner_id" not in s.load(), "reading alone does not invent an id that would not be kept"
    s.record_lesson("03", "opened")
    new_id = s.load()["learner_id"]
    assert new_id and new_id != lid
    s.record_lesson("04", "opened")
    assert s.load()["learner_id"] == new_id


def test_the_learner_id_survives_an_import(progress_file, tmp_path):
    from course.progress_transfer import import_progress

    s = ProgressStore()
    s.update(lambda r: r.update(learner_id="ce11ce11"))  # the id of this (newer) session's record
    mine = s.load()
    # a copy downloaded from a session started earlier: its id is the learner's first one
    earlier = {**mine, "created": "2020-01-01T00:00:00+00:00", "learner_id": "0ld1d000", "lessons": {}}
    (tmp_path / "copy.json").write_text(json.dumps(earlier))
    import_progress(tmp_path / "copy.json", s)
    assert s.load()["learner_id"] == "0ld1d000"
    # a copy made later does not replace it
    later = {**earlier, "created": "2030-01-01T00:00:00+00:00", "learner_id": "1a7e2000"}
    (tmp_path / "later.json").write_text(json.dumps(later))
    import_progress(tmp_path / "later.json", s)
    assert s.load()["learner_id"] == "0ld1d000"


def test_report_cli_never_overwrites_without_replace(store, tmp_path, capsys, monkeypatch):
    from course.__main__ import main

    monkeypatch.chdir(tmp_path)
    assert main(["report", "--name", "Ana María"]) == 0
    lid = store.load()["learner_id"]
    first = tmp_path / f"course_report_ana_maria_{lid}.json"
    assert first.is_file()
    capsys.readouterr()
    first.write_text("kept")  # stands for a report written before
    assert main(["report"]) == 1
    err = capsys.readouterr().err
    assert first.name in err and "--replace" in err and f"course_report_ana_maria_{lid}_2" in err
    assert first.read_text() == "kept", "nothing written without --replace"
    assert main(["report", "--replace"]) == 0
    assert json.loads(first.read_text())["learner_id"] == lid


def test_practice_questions_never_count_as_mastery(store):
    bank = load_bank("00_start_here")
    practice = [q for q in bank.questions if q.practice]
    assert practice, "lesson 00 has practice questions"
    store.add_attempt(practice[0].full_id, 0, correct=True)
    m00 = next(m for m in lesson_mastery(store.load()) if m.number == "00")
    # lesson 00's questions counted are its bank's questions without the practice ones
    assert m00.questions == len(bank.questions) - len(practice)
    assert (m00.tried, m00.correct) == (0, 0)


def test_first_try_per_lesson_counts_answers_given_in_the_lesson(progress_file):
    s = ProgressStore()
    s.add_attempt(FASCIA, 1, correct=False, attempt=1)  # lesson 01, first answer wrong
    s.add_attempt(FASCIA, 0, correct=True, attempt=2)
    s.add_attempt(MUSCLES, (0, 1), correct=True, source="final")  # first met in the final quiz
    s.add_attempt(MUSCLES, (0, 1), correct=True)
    m01 = next(m for m in lesson_mastery(s.load()) if m.number == "01")
    # two questions right in the end; only the fascia one was first answered in the lesson, wrongly
    assert (m01.correct, m01.first_in_lesson, m01.first_right, m01.first_try) == (2, 1, 0, 0.0)
    assert "0% (0 of 1)" in report_html(s.load())
    fascia, muscles = (next(q for q in build_report(s.load())["questions"] if q["id"] == i) for i in (FASCIA, MUSCLES))
    assert (fascia["first_source"], muscles["first_source"]) == ("lesson", "final")


def test_a_report_from_a_folder_that_cannot_be_written_carries_no_learner_id(progress_file, tmp_path, monkeypatch):
    # an id nobody keeps would differ at each export and make one learner count as several
    from course.progress import ProgressStore, ProgressUnavailable

    def refuse(self, *args, **kwargs):
        raise ProgressUnavailable("the folder cannot be written")

    monkeypatch.setattr(ProgressStore, "update", refuse)
    files = export_report(tmp_path / "out" / "r")
    assert json.loads(files.json.read_text())["learner_id"] is None


def test_report_widget_hands_in_on_a_class_hub(store, tmp_path, monkeypatch):
    from course import hand_in

    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv(hand_in.HAND_IN_ENV, raising=False)
    assert dashboard.show_report_export().hand_in_button not in dashboard.show_report_export().widget.children[1].children
    folder = tmp_path / "hand-in"
    monkeypatch.setenv(hand_in.HAND_IN_ENV, str(folder))
    form = dashboard.show_report_export()
    assert form.hand_in_button in form.widget.children[1].children
    form.hand_in_button.click()  # the folder is not set up yet: said, nothing written
    assert "was not handed in" in form.status.value and str(folder) in form.status.value
    hand_in.create_folder(folder)
    form.name.value = "Ana"
    form.hand_in_button.click()
    lid = store.load()["learner_id"]
    handed = folder / hand_in.hand_in_name(hand_in.login(), lid)
    assert "Report handed in" in form.status.value and handed.is_file()
    assert json.loads(handed.read_text())["display_name"] == "Ana"
