"""Lesson 07 (exercise and recovery): published numbers, risk arithmetic, the recurrence explorer,
the exercise-effects figure and the guideline table.

Hand calculations used below (baseline risk r0 in percent, ratio RR with interval lo-hi):
  r0 = 33, Choi 2010 0.50 (0.34-0.73): with exercise 16.5 (11.22-24.09); ARR 16.5 (8.91-21.78);
      NNT 100/16.5 = 6.06 -> 7, interval 100/21.78 = 4.59 -> 5 to 100/8.91 = 11.22 -> 12.
  r0 = 69, Steffens 2016 0.55 (0.41-0.74): with exercise 37.95 (28.29-51.06); ARR 31.05
      (17.94-40.71); NNT 3.22 -> 4, interval 2.46 -> 3 to 5.57 -> 6.
  r0 = 69, Choi 2010: with exercise 34.5; ARR 34.5 (18.63-45.54); NNT 2.90 -> 3, interval 3 to 6.
"""

from __future__ import annotations

import math

import numpy as np
import pytest

from course.explorers.exercise_effects import (EFFECT_ROWS, exercise_effects_figure, exercise_effects_text,
                                              show_exercise_effects)
from course.explorers.recurrence import explore_recurrence
from course.models import exercise as ex
from course.models import risk


# -- published numbers the lesson states --------------------------------------------------------

def test_hayden_2021_chronic_pain_numbers():
    e = ex.exercise_effect("chronic_pain_vs_no_treatment")
    assert (e.estimate, e.low, e.high, e.important_difference) == (15, 12, 18, 15)
    assert (e.participants, e.studies, e.certainty) == (2746, 35, "moderate")
    f = ex.exercise_effect("chronic_function_vs_no_treatment")
    assert (f.estimate, f.low, f.high, f.important_difference) == (7, 5, 8, 10)
    assert (f.participants, f.studies) == (2942, 38)


def test_hayden_2021_against_other_treatments():
    p = ex.exercise_effect("chronic_pain_vs_other_treatment")
    f = ex.exercise_effect("chronic_function_vs_other_treatment")
    assert (p.estimate, p.low, p.high, p.certainty, p.studies) == (9, 6, 13, "low", 64)
    assert (f.estimate, f.low, f.high, f.certainty, f.studies) == (4, 2, 6, "moderate", 52)


def test_acute_exercise_sign_is_reversed_from_the_published_difference():
    # published: exercise minus sham -0.80 (-5.79 to 4.19); stored as the difference favouring exercise
    e = ex.exercise_effect("acute_pain_vs_sham")
    assert (e.estimate, e.low, e.high) == (0.80, -4.19, 5.79)
    assert (-e.estimate, -e.high, -e.low) == (-0.80, -5.79, 4.19)
    assert (e.participants, e.studies, e.certainty) == (299, 1, "very low")
    assert e.important_difference is None


def test_dahm_2010_stay_active():
    pain = ex.exercise_effect("acute_pain_stay_active_vs_bed_rest")
    function = ex.exercise_effect("acute_function_stay_active_vs_bed_rest")
    assert (pain.estimate, pain.low, pain.high, pain.scale) == (0.22, 0.02, 0.41, "SMD")
    assert (function.estimate, function.low, function.high) == (0.29, 0.09, 0.49)
    assert pain.participants == 401 and pain.studies == 2


def test_prevention_ratios():
    choi = ex.prevention("choi2010_exercise_after_treatment")
    steffens = ex.prevention("steffens2016_exercise_and_education")
    assert (choi.ratio, choi.low, choi.high) == (0.50, 0.34, 0.73)
    assert (steffens.ratio, steffens.low, steffens.high) == (0.55, 0.41, 0.74)
    assert choi.certainty == steffens.certainty == "moderate"


def test_baseline_risks_and_range():
    assert ex.baseline_risks() == {"Machado 2017": 33.0, "da Silva 2019": 69.0, "Pengel 2003": 73.0}
    # the explorer's checked range is the risks counted from recovery; Pengel's 73% is counted from
    # the onset of an acute episode and stays out of it
    assert ex.after_recovery_studies() == ("Machado 2017", "da Silva 2019")
    assert ex.baseline_range() == (33.0, 69.0)


def test_unknown_keys_name_the_valid_ones():
    with pytest.raises(ValueError, match="chronic_pain_vs_no_treatment"):
        ex.exercise_effect("chronic_pain")
    with pytest.raises(ValueError, match="choi2010_exercise_after_treatment"):
        ex.prevention("choi")


@pytest.mark.parametrize("key, words", [
    ("chronic_pain_vs_no_treatment", "reaches the clinically important difference on average"),
    ("chronic_function_vs_no_treatment", "below the clinically important difference (10), even at the upper"),
    ("chronic_pain_vs_other_treatment", "below the clinically important difference (15), even at the upper"),
    ("acute_pain_vs_sham", "includes no difference at all"),
])
def test_verdict_against_threshold(key, words):
    assert words in ex.verdict_against_threshold(ex.exercise_effect(key))


def test_verdict_against_threshold_other_branches():
    base = ex.exercise_effect("chronic_pain_vs_no_treatment")
    from dataclasses import replace

    assert "across its whole interval" in ex.verdict_against_threshold(replace(base, estimate=20, low=16, high=24))
    assert "though the upper limit" in ex.verdict_against_threshold(replace(base, estimate=12, low=9, high=16))
    assert "no clinically important difference given" in ex.verdict_against_threshold(
        replace(base, important_difference=None))


# -- risk arithmetic against hand calculations --------------------------------------------------

def test_risk_at_33_percent_with_choi():
    e = risk.absolute_effect(33, 0.50, 0.34, 0.73)
    assert e.treated_pct == pytest.approx(16.5)
    assert (e.treated_low_pct, e.treated_high_pct) == pytest.approx((11.22, 24.09))
    assert (e.arr_pct, e.arr_low_pct, e.arr_high_pct) == pytest.approx((16.5, 8.91, 21.78))
    assert (e.nnt, e.nnt_low, e.nnt_high) == pytest.approx((6.0606, 4.5914, 11.2233), abs=1e-4)
    assert e.nnt_whole == 7 and e.nnt_interval_whole == (5, 12)


def test_risk_at_69_percent_with_steffens():
    e = risk.absolute_effect(69, 0.55, 0.41, 0.74)
    assert (e.treated_pct, e.treated_low_pct, e.treated_high_pct) == pytest.approx((37.95, 28.29, 51.06))
    assert (e.arr_pct, e.arr_low_pct, e.arr_high_pct) == pytest.approx((31.05, 17.94, 40.71))
    assert e.nnt == pytest.approx(3.2206, abs=1e-4)
    assert e.nnt_whole == 4 and e.nnt_interval_whole == (3, 6)


def test_risk_at_69_percent_with_choi():
    e = risk.absolute_effect(69, 0.50, 0.34, 0.73)
    assert (e.arr_pct, e.arr_low_pct, e.arr_high_pct) == pytest.approx((34.5, 18.63, 45.54))
    assert e.nnt_whole == 3 and e.nnt_interval_whole == (3, 6)


def test_risk_at_40_percent_with_choi():
    """The answer of Quiz 3.1's explorer question: the lowest baseline with an NNT of at most 5."""
    e = risk.absolute_effect(40, 0.50, 0.34, 0.73)
    assert e.arr_pct == pytest.approx(20.0) and e.nnt_whole == 5
    assert risk.absolute_effect(39, 0.50).nnt_whole == 6  # 100 / 19.5 = 5.13 -> 6


def test_no_effect_means_no_benefit_and_open_interval():
    e = risk.absolute_effect(40, 1.0)
    assert e.arr_pct == 0 and math.isinf(e.nnt) and math.isinf(e.nnt_whole)
    e = risk.absolute_effect(50, 0.8, 0.6, 1.1)
    assert math.isinf(e.nnt_high) and e.nnt_interval_whole == (5, math.inf)
    assert e.arr_low_pct == pytest.approx(-5.0)  # the interval includes harm


def test_interval_defaults_to_the_point_estimate():
    e = risk.absolute_effect(50, 0.5)
    assert e.ratio_low == e.ratio_high == 0.5 and e.nnt_low == e.nnt_high == e.nnt == pytest.approx(4.0)


def test_whole_people_rounds_up_but_not_floating_point_noise():
    assert risk.whole_people(4.000000000001) == 4
    assert risk.whole_people(4.01) == 5
    assert risk.whole_people(1.0) == 1


def test_absolute_benefit_grows_with_baseline_and_nnt_falls():
    baselines = np.arange(1, 100)
    arr = [risk.absolute_effect(b, 0.5, 0.34, 0.73).arr_pct for b in baselines]
    nnt = [risk.absolute_effect(b, 0.5, 0.34, 0.73).nnt for b in baselines]
    assert np.all(np.diff(arr) > 0) and np.all(np.diff(nnt) < 0)
    # relative reduction is the same everywhere: that is what a ratio means
    rel = [risk.absolute_effect(b, 0.5).arr_pct / b for b in baselines]
    assert np.allclose(rel, 0.5)


def test_treated_curve_matches_point_formula():
    x = np.array([5.0, 33.0, 69.0, 95.0])
    assert risk.treated_risk_curve(x, 0.55).tolist() == pytest.approx([2.75, 18.15, 37.95, 52.25])
    assert risk.treated_risk_curve([90], 1.5).tolist() == [100.0]  # capped


@pytest.mark.parametrize("baseline", [1, 5, 17, 33, 50, 69, 73, 95, 99])
@pytest.mark.parametrize("ratio", [0.05, 0.34, 0.5, 0.55, 0.73, 1.0])
def test_icon_counts_always_add_up(baseline, ratio):
    c = risk.icon_counts(baseline, ratio)
    assert c.affected_anyway + c.spared + c.unaffected == 100
    assert min(c.affected_anyway, c.spared, c.unaffected) >= 0
    assert c.affected_anyway + c.spared == math.floor(baseline + 0.5)


def test_icon_counts_by_hand():
    assert risk.icon_counts(33, 0.50) == risk.IconCounts(17, 16, 67)  # 16.5 rounds half up
    assert risk.icon_counts(69, 0.55) == risk.IconCounts(38, 31, 31)
    assert risk.icon_counts(50, 1.0) == risk.IconCounts(50, 0, 50)
    assert risk.icon_counts(50, 0.5, people=1000) == risk.IconCounts(250, 250, 500)


@pytest.mark.parametrize("call, words", [
    (lambda: risk.absolute_effect(0, 0.5), "baseline risk must be between 1 and 99 percent, got 0"),
    (lambda: risk.absolute_effect(100, 0.5), "baseline risk must be between 1 and 99 percent, got 100"),
    (lambda: risk.absolute_effect(float("nan"), 0.5), "baseline risk must be between"),
    (lambda: risk.absolute_effect(30, 0), "rate ratio must be between 0.05 and 1.5, got 0"),
    (lambda: risk.absolute_effect(30, 2), "rate ratio must be between 0.05 and 1.5, got 2"),
    (lambda: risk.absolute_effect(30, 0.5, 0.6, 0.7), "interval must contain it"),
    (lambda: risk.absolute_effect(30, 0.5, 0.3, 9), "upper limit of the rate ratio must be between"),
    (lambda: risk.absolute_effect(90, 1.2), "exceeds 100%; choose a baseline below 83%"),
    (lambda: risk.icon_counts(30, 1.2), "rate ratio must be at most 1"),
    (lambda: risk.icon_counts(30, 0.5, people=0), "people must be a whole number between 1 and 10000"),
    (lambda: risk.icon_counts(30, 0.5, people=2.5), "people must be a whole number"),
    (lambda: risk.treated_risk_curve([-1, 50], 0.5), "baseline risks must be between 0 and 100"),
])
def test_bad_input_is_explained(call, words):
    with pytest.raises(ValueError, match=words.replace("(", r"\(").replace(")", r"\)").replace("%", "%")):
        call()


# -- the recurrence explorer --------------------------------------------------------------------

@pytest.fixture
def recurrence():
    return explore_recurrence()


def test_recurrence_explorer_default_readout(recurrence):
    text = recurrence.readout_text
    assert text.startswith("Without exercise 33 in 100 have another episode within a year")
    assert "with exercise about 16.5 (95% CI 11.2 to 24.1)" in text
    assert "16.5 fewer per 100 (95% CI 8.9 to 21.8)" in text
    assert "NNT 7, 95% CI 5 to 12" in text
    assert "Ratio 0.50 (0.34 to 0.73), Choi 2010" in text
    assert recurrence.model_kind == "conceptual"
    assert recurrence.bench_moves


def test_recurrence_explorer_follows_the_controls(recurrence):
    before_png, before_text = recurrence.live.last_png, recurrence.readout_text
    recurrence.controls["baseline"].value = 69
    assert recurrence.readout_text != before_text and recurrence.live.last_png != before_png
    assert "NNT 3, 95% CI 3 to 6" in recurrence.readout_text
    png = recurrence.live.last_png
    recurrence.controls["source"].value = "steffens2016_exercise_and_education"
    assert "NNT 4, 95% CI 3 to 6" in recurrence.readout_text
    assert "Ratio 0.55 (0.41 to 0.74), Steffens 2016" in recurrence.readout_text
    assert recurrence.live.last_png != png
    assert recurrence.state["effect"].arr_pct == pytest.approx(31.05)


def test_recurrence_icons_match_the_counts(recurrence):
    recurrence.controls["baseline"].value = 69
    sizes = {k: len(a.get_offsets()) for k, a in recurrence._icons.items()}
    assert sizes == {"affected_anyway": 35, "spared": 34, "unaffected": 31}
    assert [t.get_text() for t in recurrence._counts.values()] == [
        "35 another episode even with exercise", "34 spared an episode by exercise", "31 no episode either way"]
    # only the selected source's line is drawn
    visible = [k for k, line in recurrence._lines.items() if line.get_visible()]
    assert visible == ["choi2010_exercise_after_treatment"]


def test_recurrence_controls_are_keyboard_widgets(recurrence):
    import ipywidgets as widgets

    assert isinstance(recurrence.controls["baseline"], widgets.IntSlider)
    assert isinstance(recurrence.controls["source"], widgets.Dropdown)
    lo, hi = recurrence.controls["baseline"].min, recurrence.controls["baseline"].max
    assert lo <= ex.baseline_range()[0] and hi >= ex.baseline_range()[1]  # the published range is reachable


def test_recurrence_explorer_extremes(recurrence):
    for value in (recurrence.controls["baseline"].min, recurrence.controls["baseline"].max):
        recurrence.controls["baseline"].value = value
        assert recurrence.error is None
    assert "NNT" in recurrence.readout_text


# -- the exercise-effects figure and the guidelines ---------------------------------------------

def test_exercise_effects_figure_and_text():
    fig = exercise_effects_figure()
    ax = fig.axes[0]
    assert len(ax.get_yticklabels()) == len(EFFECT_ROWS) == 5
    text = exercise_effects_text()
    assert "15 points better with exercise (95% CI 12 to 18; Hayden 2021)" in text
    assert "7 points better with exercise (95% CI 5 to 8; Hayden 2021), which is below" in text
    assert "0.8 points better with exercise (95% CI -4.19 to 5.79; IJzelenberg 2023)" in text


def test_show_exercise_effects_has_alt_text():
    out = show_exercise_effects().data
    assert out.startswith('<figure class="course-figure"><img src="data:image/png;base64,')
    assert 'alt="Persistent pain: pain vs no treatment' in out


def test_guidelines_content():
    from course.guidelines import guidelines, guidelines_html, who_counts

    by_key = {g.key: g for g in guidelines()}
    assert list(by_key) == ["nice2016", "acp2017", "foster2018", "who2023"]
    assert any("Traction" in x for x in by_key["nice2016"].against)
    assert any("TENS" in x for x in by_key["who2023"].against)
    assert any("exercise" in x.lower() for g in by_key.values() for x in g.recommends)
    assert by_key["acp2017"].against == ()
    # unverified items are left out (evidence brief: NICE and heat, WHO and heat or cold)
    assert not any("heat" in x.lower() for x in by_key["nice2016"].recommends + by_key["who2023"].recommends)
    assert who_counts() == {"interventions_considered": 37, "recommendations": 24, "strong_recommendations": 0,
                            "good_practice_statements": 1, "no_recommendation": 12}
    page = guidelines_html()
    assert page.count("<tr>") == 5 and "Not retrieved" in page


def test_public_names():
    import course

    for name in ("explore_recurrence", "show_exercise_effects", "show_guidelines", "absolute_effect",
                 "exercise_effect"):
        assert callable(getattr(course, name))


# -- supervised, individualised care: the RESTORE trial (cognitive functional therapy) -----------

def test_restore_three_year_differences_with_their_condition():
    """Kent 2023 (492 adults with chronic low back pain, 20 Australian physiotherapy clinics);
    Hancock 2025, 3 years later, compared with usual care: Roland disability -3.5 (CFT) and -4.1
    (CFT plus biofeedback); pain -1.0 and -1.5 on 0-10."""
    from course.data import record

    expected = {"restore_disability_cft": -3.5, "restore_disability_cft_biofeedback": -4.1,
                "restore_pain_cft": -1.0, "restore_pain_cft_biofeedback": -1.5}
    for key, value in expected.items():
        r = record("restore_cft", key)
        assert r["difference"] == value, key
        assert r["comparison"] == "usual care" and "chronic low back pain" in r["population"]
        assert r["participants"] == 492 and r["clinics"] == 20 and r["follow_up_years"] == 3
        assert r["ref"] == "hancock2025"
    assert "0-10" in record("restore_cft", "restore_pain_cft")["scale"]
    assert "Roland" in record("restore_cft", "restore_disability_cft")["outcome"]


def test_restore_references():
    from course.evidence import reference

    assert reference("kent2023").year == 2023 and "RESTORE" in reference("kent2023").title
    assert reference("hancock2025").year == 2025 and "3-year follow-up" in reference("hancock2025").title


# -- guideline summary: who advises against what ----------------------------------------------------

def _lesson07_sentences():
    import re

    import nbformat

    from course.paths import notebooks_dir

    book = nbformat.read(next(notebooks_dir().glob("07_*.ipynb")), as_version=4)
    text = "\n".join(c.source for c in book.cells if c.cell_type == "markdown")
    return [s for s in re.split(r"(?<=[.;!?])\s+(?=[A-Z*])|\n", text) if s.strip()]


def test_the_lesson_does_not_say_every_guideline_advises_against_traction_tens_and_belts():
    """NICE NG59 and WHO 2023 advise against them (WHO: not routinely, for chronic primary low back
    pain); the ACP list was not retrieved and the Lancet series flags overuse of other things."""
    import re

    mentions = [s for s in _lesson07_sentences() if re.search(r"traction|TENS", s)]
    assert mentions
    for s in mentions:
        assert "NICE" in s or "WHO" in s, f"say which guideline advises against them: {s!r}"
        assert not re.search(r"\b(all|every|four)\b", s, re.I), f"not every guideline says so: {s!r}"


def test_the_acp_list_of_what_it_advises_against_is_marked_as_not_retrieved():
    from course.guidelines import guidelines, guidelines_html

    acp = next(g for g in guidelines() if g.key == "acp2017")
    assert acp.against == ()
    assert "not retrieved" in acp.against_note.lower()
    assert "not retrieved" in guidelines_html().lower()
    who = next(g for g in guidelines() if g.key == "who2023")
    assert any("not for routine use" in x.lower() and "chronic primary" in x for x in who.against)


# -- the recurrence explorer: measured baselines against extrapolations -----------------------------

def test_recurrence_explorer_says_what_it_was_checked_against(recurrence):
    words = recurrence.checked_against
    assert "33 to 69%" in words and "Machado 2017" in words and "da Silva 2019" in words
    assert "Pengel 2003's 73% is counted from the onset of an acute episode, not from recovery" in words
    assert "rate" in words and "risk" in words  # Choi's ratio compares rates; it is applied to risk
    assert "Checked against:" in recurrence.header_html()


@pytest.mark.parametrize("source", ["choi2010_exercise_after_treatment", "steffens2016_exercise_and_education"])
def test_recurrence_explorer_marks_baselines_no_cohort_measured(recurrence, source):
    from course.explorers.base import LIMIT_BADGE

    recurrence.controls["source"].value = source
    lo, hi = ex.baseline_range()
    for inside in (lo, 50, hi):
        recurrence.controls["baseline"].value = int(inside)
        assert recurrence.limit_notes == [], inside
        assert not recurrence._limit_badge.get_visible() and LIMIT_BADGE not in recurrence.readout_text
    for outside in (int(lo) - 1, 5, int(hi) + 1, 73, 95):
        recurrence.controls["baseline"].value = outside
        assert len(recurrence.limit_notes) == 1, outside
        note = recurrence.limit_notes[0]
        assert f"{outside}%" in note and "(33 to 69%)" in note and "after recovery" in note
        assert "extrapolation" in note
        assert recurrence._limit_badge.get_visible() and f"{LIMIT_BADGE}: {note}" in recurrence.readout_text


def test_recurrence_explorer_greys_the_risk_counted_from_an_acute_episode(recurrence):
    """Pengel 2003's 73% is counted from the onset of an acute episode, not from recovery: its triangle
    is drawn apart (grey, open) and its label says so."""
    ax = recurrence.live.axes[1]
    triangles = [line for line in ax.get_lines() if line.get_marker() == "^"]
    by_x = {tuple(line.get_xdata()): line for line in triangles}
    assert set(by_x) == {(33.0, 69.0), (73.0,)}
    assert by_x[(73.0,)].get_markerfacecolor() != by_x[(33.0, 69.0)].get_markerfacecolor()
    labels = " ".join(t.get_text() for t in ax.texts).replace("\n", " ")
    assert "Pengel 2003: 73% (from acute onset, not after recovery)" in labels


# -- the key number in the picture (issue 22) ------------------------------------------------------

def _texts_with(ax, words):
    return [t for t in ax.texts if t.get_visible() and words in t.get_text()]


@pytest.mark.parametrize("baseline, source", [(33, "choi2010_exercise_after_treatment"),
                                              (69, "steffens2016_exercise_and_education"),
                                              (85, "choi2010_exercise_after_treatment")])
def test_the_number_needed_to_treat_is_labelled_at_the_arrow(recurrence, baseline, source):
    recurrence.controls["baseline"].value = baseline
    recurrence.controls["source"].value = source
    p = ex.prevention(source)
    e = risk.absolute_effect(baseline, p.ratio, p.low, p.high)
    ax = recurrence.live.axes[1]
    labels = _texts_with(ax, f"NNT {e.nnt_whole}")
    assert len(labels) == 1, [t.get_text() for t in ax.texts]
    x, y = labels[0].get_position()
    # beside the arrow from the risk without exercise down to the risk with it
    assert abs(x - baseline) <= 25 and e.treated_pct <= y <= baseline
    assert labels[0].get_animated()  # redrawn with each move, not a static label
    assert f"NNT {e.nnt_whole}," in recurrence.readout_text  # the readout keeps its words


# -- controls that fit, lines labelled where they are drawn (issue "Explorers designed for learning") --

#: The widest a drop-down's words may be and still show whole in a 250 px control: at JupyterLab's
#: 13 px widget font a character takes about 7 px, and the arrow of the list takes about 30 px.
MAX_OPTION_CHARS = 30


def test_the_ratio_options_are_short_enough_to_show_whole():
    from course.explorers.recurrence import RecurrenceExplorer

    source = next(s for s in RecurrenceExplorer.declared_controls() if s.key == "source")
    for words in source.words.values():
        assert len(words) <= MAX_OPTION_CHARS, words
        assert "0." not in words  # the ratio and its interval are in the figure and the readout
    assert {"Choi 2010", "Steffens 2016"} <= {w.split(",")[0] for w in source.words.values()}


@pytest.mark.parametrize("source, numbers, what", [
    ("choi2010_exercise_after_treatment", "0.50 (0.34 to 0.73)", "with exercise (Choi 2010)"),  # as published
    ("steffens2016_exercise_and_education", "0.55 (0.41 to 0.74)",  # Steffens 2016 tested exercise with education
     "exercise with education (Steffens 2016)"),
])
def test_the_line_with_exercise_is_labelled_with_its_ratio(recurrence, source, numbers, what):
    recurrence.controls["source"].value = source
    ax = recurrence.live.axes[1]
    labels = _texts_with(ax, numbers)
    assert len(labels) == 1, [t.get_text() for t in ax.texts]
    assert labels[0].get_animated()  # one label, updated in draw()
    assert labels[0].get_text().startswith(what)
    assert ax.get_legend() is None  # the lines carry their names; no legend to decode


def test_the_line_without_exercise_and_the_measured_span_are_labelled(recurrence):
    ax = recurrence.live.axes[1]
    words = [t.get_text().replace("\n", " ") for t in ax.texts if t.get_visible()]
    assert any(w.startswith("without exercise") for w in words), words
    assert any("measured after recovery" in w and "33 to 69%" in w for w in words), words


def test_the_steffens_question_answer():
    # nnt-steffens-five (bank 07), by hand with Steffens 2016's 0.55: at 45%, 45 x 0.45 = 20.25 fewer per
    # 100, NNT 100 / 20.25 = 4.9 -> 5; at 44%, 19.8 fewer, 5.05 -> 6. Inside the measured 33 to 69%.
    p = ex.prevention("steffens2016_exercise_and_education")
    assert risk.absolute_effect(45, p.ratio, p.low, p.high).nnt_whole == 5
    assert risk.absolute_effect(44, p.ratio, p.low, p.high).nnt_whole == 6
    from course.banks import load_bank

    q = load_bank("07").question("nnt-steffens-five")
    assert " at 45" in q.answer_text(), q.answer_text()
