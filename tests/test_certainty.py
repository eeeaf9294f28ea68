"""Certainty-based marks (Gardner-Medwin's scheme): the marks, which answers count, the score and
the calibration table, checked against examples worked out by hand from the scheme's table
(certainty 1, 2, 3: +1, +2, +3 when right; 0, -2, -6 when wrong)."""

from __future__ import annotations

from fractions import Fraction

import pytest

from course import certainty
from course.certainty import (
    break_even,
    calibration_description,
    calibration_reading,
    certainty_score,
    counted_answers,
    mark,
    score_summary,
)


def _a(question, correct, confidence, source=None):
    entry = {"question": question, "correct": correct, "confidence": confidence}
    if source:
        entry["source"] = source
    return entry


#: Worked by hand: which answers count and what each scores.
HAND_RECORD = {"attempts": [
    _a("q1", True, "sure"),                # +3  (first in a lesson)
    _a("q1", False, "guessing"),           #     a retry: not counted
    _a("q2", False, "sure"),               # -6
    _a("q3", True, "unsure"),              # +2
    _a("q4", False, "unsure"),             # -2
    _a("q5", True, "guessing"),            # +1
    _a("q6", False, "guessing"),           #  0
    _a("q7", True, None),                  #     counted, not marked (no certainty)
    _a("q1", True, "sure", "final"),       # +3  (first in the final quiz)
    _a("q1", False, "unsure", "final"),    #     a second final answer: not counted
    _a("q2", True, "sure", "review"),      #     a review: not counted
]}


def test_the_marks_of_the_scheme():
    assert [mark("guessing", True), mark("unsure", True), mark("sure", True)] == [1, 2, 3]
    assert [mark("guessing", False), mark("unsure", False), mark("sure", False)] == [0, -2, -6]
    with pytest.raises(ValueError, match="level must be one of sure, unsure, guessing"):
        mark("very sure", True)


def test_the_answers_that_count():
    answers = counted_answers(HAND_RECORD)
    assert [(a.question, a.source, a.mark) for a in answers] == [
        ("q1", "lesson", 3), ("q2", "lesson", -6), ("q3", "lesson", 2), ("q4", "lesson", -2),
        ("q5", "lesson", 1), ("q6", "lesson", 0), ("q7", "lesson", None), ("q1", "final", 3)]


def test_the_score_worked_by_hand():
    score = certainty_score(HAND_RECORD)
    # 3 - 6 + 2 - 2 + 1 + 0 + 3 = 1, from 7 marked answers; the best is 7 x 3 = 21
    assert (score.total, score.marked, score.maximum, score.unmarked) == (1, 7, 21, 1)
    assert score.mean == pytest.approx(1 / 7)
    assert score_summary(score) == ("Certainty-based score: +1 from 7 answers (of a possible +21), a mean of "
                                    "+0.1 per answer (best +3). 1 answer given without a certainty is not marked.")


def test_the_calibration_table_worked_by_hand():
    score = certainty_score(HAND_RECORD)
    table = {r.level: (r.answers, r.right) for r in score.rows}
    assert table == {"guessing": (2, 1), "unsure": (2, 1), "sure": (3, 2)}
    assert [r.level for r in score.rows] == ["guessing", "unsure", "sure"]
    sure = score.row("sure")
    assert sure.share == pytest.approx(2 / 3)
    # Wilson 95% for 2 of 3 by hand: centre (2/3 + 1.96²/6) / (1 + 1.96²/3) = 0.573,
    # half-width 1.96 * sqrt(2/27 + 1.96²/36) / (1 + 1.96²/3) = 0.365
    assert sure.interval == pytest.approx((0.208, 0.939), abs=0.001)
    assert certainty_score({"attempts": []}).row("sure").interval is None


def test_the_interval_is_scipys_wilson_interval():
    from scipy.stats import binomtest

    for right, n in ((0, 5), (12, 20), (15, 16)):
        ci = binomtest(right, n).proportion_ci(method="wilson")
        row = certainty.CalibrationRow("sure", n, right)
        assert row.interval == pytest.approx((ci.low, ci.high), abs=0.0005)


def test_the_break_evens_worked_by_hand():
    # guessing vs unsure: 1p + 0(1-p) = 2p - 2(1-p)  ->  p = 2/3
    # unsure vs sure:     2p - 2(1-p) = 3p - 6(1-p)  ->  p = 4/5
    assert break_even(2) == Fraction(2, 3) and break_even(3) == Fraction(4, 5)
    assert certainty.best_range(1) == (0, Fraction(2, 3)) and certainty.best_range(3) == (Fraction(4, 5), 1)
    with pytest.raises(ValueError, match="certainty must be one of 2, 3"):
        break_even(1)


def test_the_break_evens_are_derived_from_the_mark_table(monkeypatch):
    # another table, by hand: 1p = 2p - 1(1-p) -> p = 1/2; 2p - (1-p) = 3p - 3(1-p) -> p = 2/3
    other = {1: (1, 0), 2: (2, -1), 3: (3, -3)}
    assert break_even(2, other) == Fraction(1, 2) and break_even(3, other) == Fraction(2, 3)
    monkeypatch.setattr(certainty, "MARKS", other)
    assert break_even(2) == Fraction(1, 2)
    score = certainty_score({"attempts": [_a("q1", False, "sure")]})
    assert score.total == -3
    text = calibration_description(score)
    assert "lines at 50% " in text and "and 67% " in text


def _many(level, right, wrong):
    return [_a(f"{level}-{i}", i < right, level) for i in range(right + wrong)]


def test_the_reading_with_few_answers():
    reading = calibration_reading(certainty_score({"attempts": _many("sure", 3, 1)}))
    assert reading.startswith("Too early to tell: 4 answers with a certainty so far")
    assert "at least 5 at one level" in reading
    assert calibration_reading(certainty_score({"attempts": [_a("q", True, None)]})).startswith(
        "None of your 1 counted answers has a certainty yet")
    assert calibration_reading(certainty_score({"attempts": []})).startswith("No answers yet")


def test_the_reading_of_over_confidence():
    # 12 of 20 right when sure: 60%, below 80%; Wilson 95% 39% to 78% leaves 80% out
    reading = calibration_reading(certainty_score({"attempts": _many("sure", 12, 8)}))
    assert reading == ("When you said sure you were right 60% of the time (12 of 20), below the 80% at which "
                       "sure pays: keep 'sure' for answers you would bet on.")
    # 6 of 10: also 60%, but the interval (31% to 83%) still holds 80%
    reading = calibration_reading(certainty_score({"attempts": _many("sure", 6, 4)}))
    assert "(6 of 10), below the 80% at which sure pays, though with 10 answers that may still be chance" in reading


def test_the_reading_of_under_confidence():
    # 15 of 16 right when guessing: 94%, above 67%; Wilson 95% 75% to 96%
    reading = calibration_reading(certainty_score({"attempts": _many("guessing", 15, 1)}))
    assert reading.startswith("When you said guessing you were right 94% of the time (15 of 16), above the 67% "
                              "at which unsure pays more: you know more than you think")


def test_over_confidence_comes_before_under_confidence():
    attempts = _many("guessing", 15, 1) + _many("sure", 12, 8)
    assert calibration_reading(certainty_score({"attempts": attempts})).startswith("When you said sure")


def test_the_reading_of_good_calibration():
    attempts = _many("sure", 10, 0) + _many("guessing", 2, 3) + _many("unsure", 1, 1)
    assert calibration_reading(certainty_score({"attempts": attempts})) == (
        "Your certainty fits your results: you were right when you said guessing 40% of the time (2 of 5), "
        "sure 100% of the time (10 of 10), each where that level pays most.")


def test_the_chart_names_its_lines_and_bars_in_text():
    fig = certainty.calibration_figure(certainty_score(HAND_RECORD))
    texts = [t.get_text() for t in fig.axes[0].texts]
    assert any(t.startswith("67%: above it, unsure") for t in texts)
    assert any(t.startswith("80%: above it, sure") for t in texts)
    assert "2 of 3 (67%, few)" in texts
    description = calibration_description(certainty_score(HAND_RECORD))
    assert "sure: 2 of 3 right (67%, 95% interval 21% to 94%)" in description


def test_the_report_copy_round_trip():
    score = certainty_score(HAND_RECORD)
    data = certainty.score_to_report(score)
    assert data["total"] == 1 and data["maximum"] == 21 and data["unmarked"] == 1
    assert data["levels"]["sure"] == {"answers": 3, "right": 2}
    assert certainty.score_from_report(data) == score
    with pytest.raises(ValueError, match=r"certainty.levels.sure.right' \(4\) exceeds its answers \(3\)"):
        certainty.score_from_report({"levels": {"sure": {"answers": 3, "right": 4}}})
    with pytest.raises(ValueError, match="certainty.levels.unsure.answers' must be a whole number"):
        certainty.score_from_report({"levels": {"unsure": {"answers": "3", "right": 1}}})


# -- the learner's report and the class summary ------------------------------------------------------
FASCIA = "01_back_pain_basics/fascia-role"
KAPPA = "03_ischemia/kappa-meaning"


def _record(attempts, name=None):
    return {"attempts": attempts, "lessons": {}, "survey": {"before": {}, "after": {}}, "display_name": name}


def _report_of(attempts, name):
    import json

    from course.reports import build_report

    return f"{name}.json", json.loads(json.dumps(build_report(_record(attempts, name))))


def _answer(full_id, right, confidence, answer="x", source="lesson"):
    return {"question": full_id, "answer": answer, "correct": right, "confidence": confidence, "source": source}


def test_the_report_carries_the_score_and_is_read_back():
    from course.classroom import check_report, summarise_reports

    attempts = [_answer(FASCIA, False, "sure", "Multifidus"), _answer(FASCIA, True, "sure"),
                _answer(KAPPA, True, "unsure")]
    name, report = _report_of(attempts, "Ana")
    # first answers: fascia sure and wrong (-6), kappa unsure and right (+2)
    assert report["certainty"]["total"] == -4 and report["certainty"]["maximum"] == 6
    assert report["certainty"]["levels"] == {"guessing": {"answers": 0, "right": 0},
                                             "unsure": {"answers": 1, "right": 1},
                                             "sure": {"answers": 1, "right": 0}}
    check_report(report)
    summary = summarise_reports([(name, report)])
    ((who, score),) = summary.certainty
    assert who == "Ana" and (score.total, score.marked) == (-4, 2)


def test_a_report_without_the_score_is_still_read():
    from course.classroom import check_report, class_summary_html, summarise_reports

    old = _report_of([_answer(FASCIA, True, "sure")], "Old")
    del old[1]["certainty"]
    new = _report_of([_answer(FASCIA, False, "sure", "Multifidus")], "New")
    check_report(old[1])
    summary = summarise_reports([old, new])
    assert [who for who, _ in summary.certainty] == ["New"]
    page = class_summary_html(summary, [])
    assert "1 report(s) from an earlier version of the course carry no certainty score" in page


def test_a_bad_score_in_a_report_is_refused():
    from course.classroom import ReportError, check_report

    _, report = _report_of([_answer(FASCIA, True, "sure")], "Ana")
    report["certainty"]["levels"]["sure"]["right"] = 5
    with pytest.raises(ReportError, match="exceeds its answers"):
        check_report(report)
    report["certainty"] = [1, 2]
    with pytest.raises(ReportError, match="field 'certainty' must be an object"):
        check_report(report)


def test_the_class_summary_pools_calibration_and_shows_the_spread():
    from course.classroom import class_summary_html, summarise_reports

    # Ana: fascia sure wrong (-6), kappa sure right (+3): -3 of 6, mean -1.5
    # Ben: fascia guessing right (+1), kappa unsure wrong (-2): -1 of 6, mean -0.5
    # Cy: fascia sure right (+3): +3 of 3, mean +3.0
    reports = [_report_of([_answer(FASCIA, False, "sure", "Multifidus"), _answer(KAPPA, True, "sure")], "Ana"),
               _report_of([_answer(FASCIA, True, "guessing"), _answer(KAPPA, False, "unsure")], "Ben"),
               _report_of([_answer(FASCIA, True, "sure")], "Cy")]
    summary = summarise_reports(reports)
    pooled = summary.calibration()
    assert {r.level: (r.answers, r.right) for r in pooled.rows} == {
        "guessing": (1, 1), "unsure": (1, 0), "sure": (3, 2)}
    assert pooled.total == -1  # the three learners' totals: -3 - 1 + 3
    page = class_summary_html(summary, [])
    section = page[page.index("Knowing what they know"):page.index("Results per lesson")]
    assert "lowest -1.5, median -0.5, highest +3.0" in section
    assert "sure: right 67% of the time (2 of 3), too few answers to judge (under 5)" in section


def test_the_class_summary_lists_the_questions_answered_sure_and_wrong_most_often():
    from course.classroom import class_summary_html, summarise_reports

    # kappa: two learners sure and wrong (with different answers); fascia: one; a wrong guess is not listed
    reports = [_report_of([_answer(KAPPA, False, "sure", "A"), _answer(FASCIA, False, "sure", "Multifidus")], "Ana"),
               _report_of([_answer(KAPPA, False, "sure", "B"), _answer(FASCIA, False, "guessing", "Multifidus")], "Ben"),
               _report_of([_answer(KAPPA, True, "sure")], "Cy")]
    summary = summarise_reports(reports)
    rows = [(s.id, s.sure_wrong_learners, answers) for s, answers in summary.confidently_wrong_questions()]
    assert rows == [(KAPPA, 2, [("A", 1), ("B", 1)]), (FASCIA, 1, [("Multifidus", 1)])]
    page = class_summary_html(summary, [])
    section = page[page.index("Chosen confidently and wrongly"):page.index("Knowing what they know")]
    assert section.index("Lesson 03") < section.index("Lesson 01")
    assert "2 of 3" in section and "1 of 2" in section and "A (1); B (1)" in section


# -- the quiz feedback and lesson 09's view --------------------------------------------------------
def _fascia_view(**kwargs):
    from course.banks import load_bank
    from course.quiz_widget import QuestionView

    q = load_bank("01").question("fascia-role")
    view = QuestionView(q, **kwargs)
    wrong = next(i for i, o in enumerate(q.options) if not o.correct)
    right = next(i for i, o in enumerate(q.options) if o.correct)
    return view, wrong, right


def test_the_feedback_of_a_first_answer_shows_its_mark():
    view, wrong, right = _fascia_view()
    view.input.value, view.confidence.value = wrong, "sure"
    view.check()
    assert "Certainty-based mark: -6 (sure, wrong)" in view.feedback.value
    view.input.value = right
    view.check()
    assert "Certainty-based mark" not in view.feedback.value  # a second try is not marked
    view._reset()
    view.input.value, view.confidence.value = right, "sure"
    view.check()
    assert "Certainty-based mark" not in view.feedback.value  # nor a try after "Try again"
    view, wrong, right = _fascia_view()
    view.input.value = right
    view.check()
    assert "Certainty-based mark" not in view.feedback.value  # no certainty, no mark
    view, wrong, right = _fascia_view(marked=False)
    view.input.value, view.confidence.value = right, "guessing"
    view.check()
    assert "Certainty-based mark" not in view.feedback.value  # a review is not marked


def test_a_review_question_shows_no_mark(progress_file):
    from course import start_lesson

    panel = start_lesson("02").review()
    assert panel.views and all(view.marked is False for view in panel.views)


def test_lesson_09_shows_the_score_the_chart_and_the_sentence(progress_file):
    from course import show_certainty
    from course.progress import ProgressStore

    store = ProgressStore(progress_file)
    for i in range(6):
        store.add_attempt(FASCIA, 0, correct=i < 3, attempt=1, confidence="sure", source="final" if i else "lesson")
    view = show_certainty()
    # counted: the first lesson answer (right, +3) and the first final answer (right, +3)
    assert view.readout_text.startswith("Certainty-based score: +6 from 2 answers (of a possible +6)")
    assert "Too early to tell: 2 answers with a certainty so far" in view.details_text
    assert "The chart in words:" in view.details_text and "80% (above it sure pays more" in view.details_text
    assert view.last_png.startswith(b"\x89PNG")


def test_the_progress_summary_gives_the_score():
    from course.progress import new_record
    from course.reports import summary_text

    record = new_record()
    record["attempts"] = [_answer(FASCIA, True, "sure"), _answer(KAPPA, False, "unsure")]  # +3 - 2
    assert "Certainty-based score: +1 from 2 answers (of a possible +6)" in summary_text(record)


def test_the_table_gives_each_levels_marks():
    html = certainty.calibration_table_html(certainty_score(HAND_RECORD))
    rows = html.split("<tr>")[2:]
    # sure: 2 right (+3 each), 1 wrong (-6): 0; unsure: +2 - 2 = 0; guessing: +1 + 0 = +1
    assert rows[0].startswith("<td>sure (certainty 3)</td><td>+3 / -6</td>") and rows[0].endswith('<td class="num">0</td></tr>')
    assert rows[2].startswith("<td>guessing (certainty 1)</td><td>+1 / 0</td>") and '<td class="num">+1</td></tr>' in rows[2]
    assert rows[3].startswith("<td>no certainty given</td><td>not marked</td><td class=\"num\">1</td>")
