"""The claim-evaluation test: its forms, scoring, order of the forms, the gain and the item analysis.

Expected numbers are worked out by hand in the comments, never taken from the code under test.
"""

from __future__ import annotations

import json
import math
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
import yaml

from course import claim_evaluation as ce
from course.claim_class import claim_learners, class_claim_test_html, form_effect
from course.claim_gain import (LearnerTest, Sitting, class_gain, item_analysis, item_analysis_text, learner_gain,
                               normalised_gain)
from course.claim_record import (answer_change, answers_of, check_report_part, form_for, is_scored, learner_test,
                                 missed_concepts, order_of, report_claim_test, score_change)
from course.classroom import check_report, class_summary_html, example_report, summarise_reports
from course.cli import main
from course.ihc_concepts import codes
from course.progress import ProgressStore
from course.spaced_review import review_questions

TEST = ce.load_claim_test()
A = [q.id for q in TEST.items("A")]
B = [q.id for q in TEST.items("B")]
REPO = Path(__file__).resolve().parents[1]


def first_right(ids, k):
    """A sitting with the first k items right and the rest wrong."""
    return {item: i < k for i, item in enumerate(ids)}


# -- the forms -------------------------------------------------------------------------------


def test_both_forms_have_one_item_per_concept_of_the_course():
    for form in ce.FORMS:
        tags = [q.concepts for q in TEST.items(form)]
        assert all(len(t) == 1 for t in tags)
        assert sorted(t[0] for t in tags) == sorted(codes())
    assert TEST.size >= 12 and len(A) == len(B)


def test_items_are_single_choice_with_feedback_and_no_item_is_repeated():
    texts = set()
    for form in ce.FORMS:
        for q in TEST.items(form):
            assert q.kind == "single" and len(q.correct_indices) == 1
            assert all(o.feedback for o in q.options) and q.explanation
            assert q.prompt not in texts
            texts.add(q.prompt)


def test_chance_of_passing_by_guessing_by_hand():
    # 3 options per item, 12 items: P(k right) = C(12, k) 2^(12 - k) / 3^12. For k >= 7:
    # 792*32 + 495*16 + 220*8 + 66*4 + 12*2 + 1 = 35313; for k >= 10: 264 + 24 + 1 = 289.
    assert all(len(q.options) == 3 for f in ce.FORMS for q in TEST.items(f))
    assert ce.guess_chance(TEST, "A", 7) == pytest.approx(35313 / 3 ** 12)
    assert ce.guess_chance(TEST, "B", 10) == pytest.approx(289 / 3 ** 12)
    assert "would pass 6.6% of the time and reach mastery 0.054% of the time" in ce.marks_text(TEST)


def test_marks_stated_in_advance_scale_the_ihc_marks():
    # The IHC children's test: pass 13 of 24, mastery 20 of 24. On 12 items: 6.5 -> 7, and 10.
    assert TEST.marks.passing == math.ceil(13 / 24 * TEST.size) == 7
    assert TEST.marks.mastery == math.ceil(20 / 24 * TEST.size) == 10


def test_the_test_is_validated_with_the_banks():
    assert ce.validate_claim_test() == []
    assert main(["check-quizzes"]) == 0


def _broken(tmp_path, edit) -> list[str]:
    data = yaml.safe_load(ce.claim_test_path().read_text(encoding="utf-8"))
    edit(data)
    path = tmp_path / "claim_test.yml"
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return ce.validate_claim_test(path)


def test_a_malformed_test_gets_one_clear_message_per_problem(tmp_path):
    def two_of_one_concept(d):
        d["forms"]["A"][1]["concepts"] = list(d["forms"]["A"][0]["concepts"])

    messages = _broken(tmp_path, two_of_one_concept)
    first, second = A[0], A[1]
    assert any(f"question '{second}'" in m and "tested twice in form A" in m for m in messages), messages
    assert any("form 'A'" in m and "has no item for concept" in m for m in messages), messages
    assert all(m.startswith(str(tmp_path / "claim_test.yml")) or m.startswith("claim_test.yml") or
               "claim_test.yml" in m for m in messages)
    assert not any(f"question '{first}'" in m for m in messages), "the item whose concept was copied is fine"

    def marks_too_high(d):
        d["marks"]["mastery"] = 13

    assert any("need 1 <= pass <= mastery <= 12" in m for m in _broken(tmp_path, marks_too_high))

    def numeric_item(d):
        d["forms"]["B"][0]["kind"] = "multiple"

    assert any(f"question '{B[0]}'" in m and "must be single" in m for m in _broken(tmp_path, numeric_item))

    def two_right(d):
        for o in d["forms"]["B"][2]["options"]:
            o["correct"] = True

    assert any(f"question '{B[2]}'" in m for m in _broken(tmp_path, two_right))

    def unknown_concept(d):
        d["forms"]["A"][3]["concepts"] = ["9.9z"]

    assert any("no concept '9.9z'" in m for m in _broken(tmp_path, unknown_concept))

    def no_marks(d):
        del d["marks"]

    assert any("field 'marks' is missing" in m for m in _broken(tmp_path, no_marks))

    def wrong_prefix(d):
        d["forms"]["B"][4]["id"] = "a-stray"

    assert any("must start with 'b-'" in m for m in _broken(tmp_path, wrong_prefix))


def test_check_quizzes_fails_on_a_broken_test_file(tmp_path, capsys):
    path = tmp_path / "claim_test.yml"
    path.write_text("title: x\nforms: {A: [], B: []}\n", encoding="utf-8")
    assert main(["check-quizzes", str(path)]) == 1
    assert "field 'marks' is missing" in capsys.readouterr().out


# -- scoring ---------------------------------------------------------------------------------


@pytest.mark.parametrize("right, passed, mastery", [(6, False, False), (7, True, False), (9, True, False),
                                                    (10, True, True), (12, True, True)])
def test_scores_against_the_marks(right, passed, mastery):
    s = ce.score(TEST, "A", first_right(A, right))
    assert (s.right, s.total, s.passed, s.mastery) == (right, 12, passed, mastery)
    assert s.percent == pytest.approx(100 * right / 12)
    assert s.missed == tuple(TEST.concept_of(i) for i in A[right:])


def test_an_unanswered_item_counts_as_wrong_and_an_item_of_the_other_form_is_refused():
    s = ce.score(TEST, "B", {B[0]: True, B[1]: False})
    assert (s.right, s.answered, len(s.missed)) == (1, 2, 11)
    with pytest.raises(ValueError, match=f"not in form A: {B[0]}"):
        ce.score(TEST, "A", {B[0]: True})


# -- the order of the forms ------------------------------------------------------------------


def test_order_splits_seeds_about_in_half_and_an_override_decides(monkeypatch):
    monkeypatch.delenv(ce.ORDER_ENV_VAR, raising=False)
    orders = [ce.form_order(f"seed-{i}") for i in range(1000)]
    assert 450 <= orders.count(("A", "B")) <= 550 and set(orders) == {("A", "B"), ("B", "A")}
    assert ce.form_order("seed-1") == ce.form_order("seed-1")
    monkeypatch.setenv(ce.ORDER_ENV_VAR, "ba")
    assert ce.form_order("anything") == ("B", "A")
    monkeypatch.setenv(ce.ORDER_ENV_VAR, "AA")
    with pytest.raises(ValueError, match="COURSE_CLAIM_TEST_ORDER must be AB or BA, got 'AA'"):
        ce.form_order("x")


def test_the_order_is_fixed_at_the_first_answer(monkeypatch):
    monkeypatch.setenv(ce.ORDER_ENV_VAR, "BA")
    record = {"quiz_seed": "s"}
    assert form_for(record, "before") == "B"
    answer_change("before", B[0], "x", True, order_of(record))(record)
    monkeypatch.setenv(ce.ORDER_ENV_VAR, "AB")  # a later change of the server's setting
    assert order_of(record) == "BA" and form_for(record, "after") == "A"


def test_answers_after_scoring_change_nothing_and_the_first_scoring_stands():
    record = {}
    answer_change("before", A[0], "first", False, "AB")(record)
    score_change("before", "AB")(record)
    when = record["claim_test"]["before"]["scored"]
    answer_change("before", A[0], "second", True, "AB")(record)
    score_change("before", "AB")(record)
    assert answers_of(record, "before")[A[0]]["choice"] == "first"
    assert record["claim_test"]["before"]["scored"] == when and is_scored(record, "before")


def test_a_progress_file_with_a_bad_claim_test_field_is_refused_with_the_field(tmp_path):
    path = tmp_path / "progress.json"
    store = ProgressStore(path)
    store.record_lesson("00", "opened")
    record = json.loads(path.read_text())
    record["claim_test"] = {"order": "XY"}
    path.write_text(json.dumps(record))
    notes = []
    ProgressStore(path, notify=notes.append).load()
    assert any("claim_test" in n and "order" in n for n in notes), notes


# -- the gain --------------------------------------------------------------------------------


def test_normalised_gain_by_hand():
    assert normalised_gain(40.0, 70.0) == pytest.approx(0.5)     # 30 of the 60 points left
    assert normalised_gain(75.0, 50.0) == pytest.approx(-1.0)    # lost 25, with 25 left
    assert normalised_gain(100 * 6 / 12, 100 * 9 / 12) == pytest.approx(0.5)     # lesson 09's examples:
    assert normalised_gain(100 * 10 / 12, 100 * 11 / 12) == pytest.approx(0.5)   # 3 of 6 and 1 of 2 items left
    assert normalised_gain(100.0, 100.0) is None
    with pytest.raises(ValueError, match="before must be a percentage from 0 to 100"):
        normalised_gain(120.0, 50.0)


def test_one_learners_gain():
    learner = LearnerTest("x", "AB", Sitting("A", first_right(A, 6)), Sitting("B", first_right(B, 9)))
    g = learner_gain(TEST, learner)
    assert g.raw == pytest.approx(25.0)            # 50% -> 75%
    assert g.normalised == pytest.approx(0.5)      # 25 of the 50 points left
    assert g.concepts_learned == tuple(TEST.concept_of(i) for i in A[6:9])  # same concept order in both forms
    assert learner_gain(TEST, LearnerTest("y", "AB", Sitting("A", {}))) is None


#: A synthetic class of 8 with both sittings, and one with only the first: (order, right before, right after)
CLASS = [("AB", 6, 9), ("AB", 6, 10), ("AB", 8, 10), ("AB", 12, 12),
         ("BA", 4, 8), ("BA", 7, 9), ("BA", 9, 11), ("BA", 10, 12)]


def synthetic_class() -> list[LearnerTest]:
    out = []
    for i, (order, before, after) in enumerate(CLASS):
        first, second = (A, B) if order == "AB" else (B, A)
        out.append(LearnerTest(f"L{i}", order, Sitting(order[0], first_right(first, before)),
                               Sitting(order[1], first_right(second, after))))
    out.append(LearnerTest("late", "AB", Sitting("A", first_right(A, 3))))
    return out


def test_class_gain_of_a_synthetic_class_by_hand():
    g = class_gain(TEST, synthetic_class())
    # right before: 6+6+8+12+4+7+9+10 = 62 of 96; after: 9+10+10+12+8+9+11+12 = 81 of 96
    assert (g.pairs, g.before_only, g.after_only) == (8, 1, 0)
    assert g.mean_before == pytest.approx(6200 / 96) and g.mean_after == pytest.approx(8100 / 96)
    assert g.raw == pytest.approx(1900 / 96)
    assert g.normalised == pytest.approx(19 / 34)   # (81 - 62) / (96 - 62)
    # passing (7 or more): before 8, 12, 7, 9, 10 -> 5 of 8; after all 8. Mastery (10 or more): 2 -> 5 of 8
    assert (g.pass_before, g.pass_after, g.mastery_before, g.mastery_after) == (5 / 8, 1.0, 2 / 8, 5 / 8)
    # by order: AB 32 -> 41 of 48, BA 30 -> 40 of 48
    assert g.by_order["AB"] == (4, pytest.approx(3200 / 48), pytest.approx(4100 / 48))
    assert g.by_order["BA"] == (4, pytest.approx(3000 / 48), pytest.approx(4000 / 48))
    assert form_effect(g) == pytest.approx(((41 - 32) - (40 - 30)) / 2 / 48 * 100)
    # the 7th concept is right for learners with 7 or more right: before 5 of 8, after 8 of 8
    seventh = g.concepts[6]
    assert seventh.code == TEST.concept_of(A[6]) and (seventh.right_before, seventh.right_after) == (5 / 8, 1.0)


def test_class_summary_shows_the_gain_and_the_practice_effect_note():
    reports = []
    for learner in synthetic_class():
        report = example_report(learner.name)
        part = {"order": learner.order}
        for phase in ("before", "after"):
            s = learner.sitting(phase)
            if s is not None:
                part[phase] = {"form": s.form, "scored": True,
                               "answers": {k: {"choice": "x", "correct": v} for k, v in s.correct.items()}}
        report["claim_test"] = part
        reports.append((f"{learner.name}.json", check_report(report)))
    summary = summarise_reports(reports)
    assert [l.name for l in summary.claim_tests][:2] == ["L0", "L1"]
    page = class_summary_html(summary, [])
    assert "Learners with both sittings scored:</b> 8" in page
    assert f"{19 / 34:.2f}" in page and "+19.8 percentage points" in page
    assert "practice effect" in page and "comparison group" in page
    assert "Form effect" in page and f"{((41 - 32) - (40 - 30)) / 2 / 48 * 100:+.1f}" in page


def test_a_report_with_a_bad_claim_test_part_is_skipped_with_the_reason():
    report = example_report("Ana")
    report["claim_test"] = {"before": {"form": "C", "scored": True, "answers": {}}}
    with pytest.raises(ValueError, match="claim_test.before"):
        check_report(report)
    with pytest.raises(ValueError, match="order' must be AB or BA"):
        check_report_part({"order": "CA"})


# -- item analysis ---------------------------------------------------------------------------


def test_point_biserial_by_hand_on_four_sittings():
    # Form A, four sittings; every item right except A[0] = 1,1,0,0 and A[1] = 1,1,0,1.
    # The rest of the form for A[0] is 10 + A[1] = 11,11,10,11; r = corr((1,1,0,0), (1,1,0,1)):
    # deviations (.5,.5,-.5,-.5) and (.25,.25,-.75,.25): sum of products .5, sums of squares 1 and .75,
    # so r = .5 / sqrt(.75) = 1 / sqrt(3).
    pattern = [(1, 1), (1, 1), (0, 0), (0, 1)]
    learners = []
    for k, (x, y) in enumerate(pattern):
        answers = {item: True for item in A}
        answers[A[0]], answers[A[1]] = bool(x), bool(y)
        learners.append(LearnerTest(f"L{k}", "AB", Sitting("A", answers)))
    stats = {s.item_id: s for s in item_analysis(TEST, learners)}
    assert stats[A[0]].discrimination == pytest.approx(1 / math.sqrt(3))
    assert stats[A[0]].difficulty == 0.5 and stats[A[1]].difficulty == 0.75
    assert stats[A[2]].discrimination is None   # everyone right: no variation, no correlation
    assert stats[B[0]].sittings == 0 and stats[B[0]].difficulty is None


def test_item_analysis_flags_easy_items_and_items_strong_learners_miss():
    # 12 learners take form A first: item A[0] is right for all (easy before the course); item A[1] is right
    # only for the four weakest (strong learners miss it); the rest follows each learner's ability.
    learners = []
    for k in range(12):
        ability = 2 + k % 10   # right answers among A[2:]
        answers = first_right(A[2:], ability)
        answers[A[0]] = True
        answers[A[1]] = ability <= 4
        learners.append(LearnerTest(f"L{k}", "AB", Sitting("A", {**answers})))
    stats = {s.item_id: s for s in item_analysis(TEST, learners)}
    assert any("easy before the course: 100%" in f for f in stats[A[0]].flags)
    assert stats[A[1]].discrimination < 0
    assert any("strong learners miss it more often" in f for f in stats[A[1]].flags)
    assert not stats[A[5]].flags
    text = item_analysis_text(list(stats.values()), 12)
    assert f"{A[1]}: strong learners miss it" in text and "Too few to judge yet: form B (0)" in text


def test_item_analysis_command_reads_reports(tmp_path, capsys):
    paths = []
    for k in range(10):
        report = example_report(f"L{k}")
        report["claim_test"] = {"order": "AB", "before": {
            "form": "A", "scored": True,
            "answers": {item: {"choice": "x", "correct": i < k or i == 0} for i, item in enumerate(A)}}}
        path = tmp_path / f"r{k}.json"
        path.write_text(json.dumps(report))
        paths.append(str(path))
    (tmp_path / "bad.json").write_text("{}")
    assert main(["item-analysis", *paths, str(tmp_path / "bad.json")]) == 0
    captured = capsys.readouterr()
    assert "from 10 reports" in captured.out and f"{A[0]}: easy before the course: 100%" in captured.out
    assert "bad.json skipped" in captured.err


# -- the record, the report and the spaced review --------------------------------------------


def _taken(record, phase, order, form_ids, k, when=None):
    for i, item in enumerate(form_ids):
        answer_change(phase, item, "x", i < k, order)(record)
    score_change(phase, order)(record)
    if when:
        record["claim_test"][phase]["scored"] = when


def test_record_to_learner_and_report():
    record = {}
    _taken(record, "before", "BA", B, 5)
    _taken(record, "after", "BA", A, 11)
    learner = learner_test(TEST, record)
    assert (learner.order, learner.before.form, learner.before.right, learner.after.right) == ("BA", "B", 5, 11)
    report = report_claim_test(record)
    check_report_part(report)
    again = claim_learners([("x", {"claim_test": report})])[0]
    assert (again.before.right, again.after.right) == (5, 11)
    assert "time" not in json.dumps(report)


def test_a_missed_concept_comes_back_in_the_review_until_answered_right():
    record = {"attempts": [], "claim_test": {}}
    scored = "2026-01-01T10:00:00+00:00"
    _taken(record, "after", "AB", B, 11, when=scored)   # the last item's concept is missed
    missed, when = missed_concepts(TEST, record)
    assert missed == (TEST.concept_of(B[11]),) and when == scored
    now = datetime(2026, 1, 2, tzinfo=timezone.utc)
    items = review_questions(record, "99", n=3, now=now)
    assert items[0].reason == "missed-concept" and missed[0] in items[0].question.concepts
    qid = items[0].question.full_id
    record["attempts"].append({"question": qid, "lesson": qid[:2], "correct": True, "attempt": 1,
                               "answer": "x", "time": (now - timedelta(hours=1)).isoformat()})
    assert all(i.reason != "missed-concept" for i in review_questions(record, "99", n=3, now=now))


def test_every_concept_has_a_question_the_review_can_bring_back():
    from course.banks import course_banks

    eligible = [q for b in course_banks().values() for q in b.questions if q.asked_outside_lesson]
    assert {c for q in eligible for c in q.concepts} >= set(codes())


def test_class_section_without_sittings_says_so():
    assert "No report holds a scored sitting" in "".join(class_claim_test_html([LearnerTest("x", None)]))


# -- the widgets -----------------------------------------------------------------------------


def _answer_all(widget, wrong=()):
    for k, q in enumerate(widget.items):
        radio = widget.choices[q.id]
        index = (q.correct_indices[0] + 1) % len(q.options) if k in wrong else q.correct_indices[0]
        radio.value = radio.options[index]


def test_the_first_sitting_hides_the_answers_and_the_second_shows_them(tmp_path, monkeypatch):
    from course.claim_widget import show_claim_gain, show_claim_test

    monkeypatch.setenv("COURSE_PROGRESS_FILE", str(tmp_path / "progress.json"))
    monkeypatch.setenv(ce.ORDER_ENV_VAR, "AB")
    before = show_claim_test("before")
    _answer_all(before, wrong=(0, 1, 2, 3, 4, 5))
    assert before.score().right == 6
    assert "not shown yet" in before.result.value and "Every item, with why" not in before.result.value
    assert before.saver.flush(5)
    again = show_claim_test("before")   # the cell run again: the saved answers, locked
    assert again.scored is not None and again.scored.right == 6 and again.score_button.disabled
    after = show_claim_test("after")
    assert after.form == "B" and "no scored test from Lesson 00" not in after.text
    _answer_all(after, wrong=(0,))
    assert after.score().right == 11 and "Every item, with why" in after.result.value
    assert after.saver.flush(5)
    gain = show_claim_gain().value
    # 6 of 12 (50%) -> 11 of 12 (92%): +42 points; normalised gain (91.67 - 50) / 50 = 0.83
    assert "Change: +42 percentage points" in gain and "0.83" in gain and "comparison group" in gain


def test_the_test_works_without_a_readable_progress_file_and_says_so(tmp_path, monkeypatch):
    from course.claim_widget import show_claim_test

    bad = tmp_path / "progress.json"
    bad.mkdir()   # a folder where the file should be: it cannot be read
    monkeypatch.setenv("COURSE_PROGRESS_FILE", str(bad))
    widget = show_claim_test("before")
    assert "not being saved" in widget.text
    _answer_all(widget)
    assert widget.score().right == 12


def test_a_mistyped_order_setting_is_named_and_the_record_decides(tmp_path, monkeypatch):
    from course.claim_widget import show_claim_test

    monkeypatch.setenv("COURSE_PROGRESS_FILE", str(tmp_path / "progress.json"))
    monkeypatch.setenv(ce.ORDER_ENV_VAR, "A then B")
    widget = show_claim_test("before")
    assert "COURSE_CLAIM_TEST_ORDER must be AB or BA, got 'A THEN B'" in widget.text
    assert widget.form in ce.FORMS and len(widget.choices) == TEST.size


def test_importing_a_copy_keeps_every_sitting():
    from course.progress import new_record
    from course.progress_transfer import merge_records

    here, there = new_record(), new_record()
    # this copy began the second sitting only (order BA: form A after); the file holds the first, scored
    answer_change("after", A[0], "x", True, "BA")(here)
    _taken(there, "before", "BA", B, 8, when="2026-01-01T10:00:00+00:00")
    merged, report = merge_records(here, there)
    test = merged["claim_test"]
    assert test["order"] == "BA" and test["before"]["scored"] == "2026-01-01T10:00:00+00:00"
    assert len(test["before"]["answers"]) == 12 and A[0] in test["after"]["answers"]
    assert report.claim_test_taken == 1 and "1 claim-test sitting or answers taken" in report.text
    # both scored the same sitting: the earlier scoring stands, whichever copy holds it
    later = new_record()
    _taken(later, "before", "BA", B, 12, when="2026-02-01T10:00:00+00:00")
    again, _ = merge_records(later, there)
    assert again["claim_test"]["before"]["scored"] == "2026-01-01T10:00:00+00:00"
    assert learner_test(TEST, again).before.right == 8


def test_a_report_whose_sittings_contradict_its_order_is_refused():
    good = {"order": "AB", "before": {"form": "A", "scored": True, "answers": {}},
            "after": {"form": "B", "scored": True, "answers": {}}}
    check_report_part(good)
    with pytest.raises(ValueError, match="both sittings are on form A"):
        check_report_part({"before": good["before"], "after": {**good["after"], "form": "A"}})
    with pytest.raises(ValueError, match="'claim_test.before.form' is B, but the order AB gives form A"):
        check_report_part({**good, "before": {**good["before"], "form": "B"}, "after": {**good["after"], "form": "A"}})


def test_the_order_a_class_is_grouped_by_is_the_one_its_sittings_show():
    record = {}
    _taken(record, "before", "BA", B, 6)
    _taken(record, "after", "BA", A, 9)
    record["claim_test"]["order"] = "AB"   # a stale or edited order field
    assert learner_test(TEST, record).order == "BA"


def test_a_scored_sitting_shows_the_recorded_score_even_if_an_option_was_reworded(tmp_path, monkeypatch):
    from course.claim_widget import show_claim_test

    monkeypatch.setenv("COURSE_PROGRESS_FILE", str(tmp_path / "progress.json"))
    store = ProgressStore(tmp_path / "progress.json")
    store.update(lambda r: [answer_change("before", q.id, "an option worded differently since", True, "AB")(r)
                            for q in TEST.items("A")])
    store.update(score_change("before", "AB"))
    widget = show_claim_test("before")
    assert widget.form == "A" and widget.scored.right == 12   # the record's answers, not the buttons
