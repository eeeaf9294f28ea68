"""Lesson 04 (Mind and pain): the published numbers, Wilson intervals and the trial-results explorer."""

from __future__ import annotations

import math
import re

import numpy as np
import pytest
from scipy.stats import binomtest

from course import data
from course.explorers.trials import TrialResultsExplorer, explore_trial_results
from course.models import trials as tr
from course.study_tables import trial_table_html


def fact(key):
    return data.record("mind_pain_facts", key)


# -- the published numbers the lesson states -------------------------------------------------------

@pytest.mark.parametrize("key, value, low, high", [
    ("sarno_patients", 10000, None, None),
    ("sarno_share_improved", 75, None, None),
    ("stress_emg_women", 62, None, None),
    ("stress_hour_subjects", 44, None, None),
    ("stress_hour_minutes", 60, None, None),
    ("stress_recovery_minutes", 10, None, None),
    ("stress_pain_share", 68, None, None),
    ("anger_patients", 94, None, None),
    ("anger_controls", 79, None, None),
    ("anger_suppression_patients", 58, None, None),
    ("schechter_n", 51, None, None),
    ("schechter_average_pain_change", -52, None, None),
    ("donnino_n", 35, None, None),
    ("donnino_rdq_start", 9.5, None, None),
    ("donnino_rdq_26wk", 3.3, None, None),
    ("ashar_n", 151, None, None),
    ("ashar_baseline_prt", 4.22, None, None),
    ("ashar_post_prt", 1.18, None, None),
    ("ashar_baseline_usual", 3.91, None, None),
    ("ashar_post_usual", 3.13, None, None),
    ("ashar_year_prt", 1.51, None, None),
    ("ashar_year_usual", 3.00, None, None),
    ("yarns_n", 126, None, None),
    ("yarns_age", None, 60, 95),
    ("yarns_6mo_eaet", 41, None, None),
    ("yarns_6mo_cbt", 14, None, None),
    ("cherkin_n", 342, None, None),
    ("behavioural_trials", 30, None, None),
    ("behavioural_people", 3438, None, None),
    ("behavioural_pain_md", -5.18, -9.79, -0.57),
    ("cbt_studies", 35, None, None),
    ("cbt_pain_smd", -0.21, -0.37, -0.05),
    ("pne_alone_trials", 8, None, None),
    ("pne_alone_people", 615, None, None),
    ("pne_alone_pain_wmd", 0.73, -0.14, 1.61),
    ("pne_physio_pain_wmd", 1.32, 1.08, 1.56),
    ("pne_physio_rdq_wmd", 3.94, 3.37, 4.52),
    ("pne_exercise_trials", 17, None, None),
    ("pne_exercise_people", 1078, None, None),
    ("pne_exercise_pain_md", -1.14, -1.55, -0.72),
    ("pne_exercise_disability_smd", -0.80, None, None),
    ("pne_umbrella_reviews", 16, None, None),
])
def test_published_numbers(key, value, low, high):
    row = fact(key)
    for name, expected in (("value", value), ("low", low), ("high", high)):
        if expected is None:
            assert np.isnan(row[name]), f"{key}: {name} should be empty"
        else:
            assert row[name] == expected, f"{key}: {name} is {row[name]}, evidence brief says {expected}"


# -- Wilson intervals -------------------------------------------------------------------------------

# Newcombe RG (1998), Stat Med 17:857-72, Table I: Wilson score intervals without continuity correction.
NEWCOMBE = [(81, 263, 0.2553, 0.3662), (15, 148, 0.0624, 0.1605), (0, 20, 0.0, 0.1611),
            (1, 29, 0.0061, 0.1718), (29, 29, 0.8830, 1.0)]


@pytest.mark.parametrize("k, n, low, high", NEWCOMBE)
def test_wilson_matches_published_values(k, n, low, high):
    got = tr.wilson_interval(k, n)
    assert got[0] == pytest.approx(low, abs=6e-4) and got[1] == pytest.approx(high, abs=6e-4)


def _wilson_formula(k, n, z=1.959963984540054):
    p = k / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n)
    return centre - half, centre + half


@pytest.mark.parametrize("k, n", [(0, 1), (1, 1), (3, 12), (7, 11), (33, 50), (51, 116), (500, 1000)])
def test_wilson_matches_the_formula_and_contains_the_proportion(k, n):
    low, high = tr.wilson_interval(k, n)
    f_low, f_high = _wilson_formula(k, n)
    assert low == pytest.approx(f_low, abs=6e-4) and high == pytest.approx(f_high, abs=6e-4)
    assert 0 <= low <= k / n <= high <= 1



@pytest.mark.parametrize("confidence", [0.95, 0.5, 0.999])
def test_wilson_is_scipys_wilson_interval_to_the_bit(confidence):
    """The course computes the interval itself (scipy's binomtest also computes a p-value, which
    is slow); every group of up to 30 people, and every group of the dataset at every what-if size,
    gets scipy's interval exactly, so no number shown changes."""
    cases = {(k, n) for n in range(1, 31) for k in range(n + 1)}
    cases |= {(a.improved * s, a.n * s) for a in tr.arms() for s in range(1, 21)}
    for k, n in sorted(cases):
        ci = binomtest(k, n).proportion_ci(confidence_level=confidence, method="wilson")
        assert tr._wilson(k, n, confidence) == (float(ci.low), float(ci.high)), (k, n)
        assert tr.wilson_interval(k, n, confidence) == (round(float(ci.low), 3), round(float(ci.high), 3))

def test_bigger_groups_give_narrower_intervals():
    arm = tr.find_arm("Donnino 2021", "PSRT")
    widths = [tr.summarise(arm, s).width for s in (1, 2, 5, 10)]
    assert widths == sorted(widths, reverse=True) and widths[0] > 2.5 * widths[-1]


@pytest.mark.parametrize("call, message", [
    (lambda: tr.wilson_interval(3, 0), "group size n must be at least 1, got 0"),
    (lambda: tr.wilson_interval(13, 12), "number improved must be between 0 and the group size 12, got 13"),
    (lambda: tr.wilson_interval(2.5, 12), "number improved must be a whole number of people, got 2.5"),
    (lambda: tr.wilson_interval(2, 12, confidence=1.2), "confidence must be between 0.5 and 0.999, got 1.2"),
    (lambda: tr.summarise(tr.arms()[0], 0), "scale must be between 1 and 20, got 0"),
    (lambda: tr.find_arm("Ashar 2022", "yoga"), "no group 'yoga' in trial 'Ashar 2022'; groups are Ashar 2022/PRT"),
    (lambda: tr.trial_results("Sarno 1991"), "no trial 'Sarno 1991'; trials are Ashar 2022, Yarns 2024"),
])
def test_bad_input_is_refused_clearly(call, message):
    with pytest.raises(ValueError, match=re.escape(message)):
        call()


# -- the trial data ----------------------------------------------------------------------------------

def test_group_sizes_add_up_to_the_published_totals():
    totals = {t: sum(a.n for a in tr.arms() if a.trial == t) for t in tr.trial_names()}
    assert totals == {"Ashar 2022": fact("ashar_n")["value"], "Yarns 2024": fact("yarns_n")["value"],
                      "Cherkin 2016": fact("cherkin_n")["value"], "Donnino 2021": fact("donnino_n")["value"]}


@pytest.mark.parametrize("arm", tr.arms(), ids=lambda a: f"{a.trial}/{a.arm}")
def test_counts_reproduce_the_reported_percentages(arm):
    computed = 100 * arm.improved / arm.n
    decimals = 1 if arm.percent_reported % 1 or arm.trial == "Donnino 2021" else 0
    if arm.counts == "reconstructed":
        # the one whole number that rounds to the reported percentage
        fits = [k for k in range(arm.n + 1) if round(100 * k / arm.n, decimals) == arm.percent_reported]
        assert fits == [arm.improved]
    else:
        assert arm.counts == "approximate"
        assert abs(computed - arm.percent_reported) <= 0.6


def test_headline_results():
    """The numbers the lesson prints (Ashar 2022 and Donnino 2021)."""
    got = [(r.improved, r.n, r.percent, r.low, r.high) for r in tr.trial_results("Ashar 2022")]
    assert got == [(33, 50, 66.0, 52.2, 77.6), (10, 51, 19.6, 11.0, 32.5), (5, 50, 10.0, 4.3, 21.4)]
    got = [(r.improved, r.n, r.percent, r.low, r.high) for r in tr.trial_results("Donnino 2021")]
    assert got == [(7, 11, 63.6, 35.4, 84.8), (3, 12, 25.0, 8.9, 53.2), (2, 12, 16.7, 4.7, 44.8)]
    yarns = tr.trial_results("Yarns 2024")
    assert [(r.percent, r.low, r.high) for r in yarns] == [(63.5, 51.1, 74.3), (17.5, 10.0, 28.6)]


def test_trial_table():
    html = trial_table_html()
    assert html.count("<tr>") == 1 + len(tr.arms())
    assert "33 of 50" in html and "≈51 of 116" in html and "35.4 to 84.8%" in html


# -- the explorer ------------------------------------------------------------------------------------

def test_explorer_default_readout():
    ex = explore_trial_results()
    assert ex.readout_text == (
        "Showing 4 trial(s), 11 groups, 654 people as published. Widest interval: Donnino 2021, "
        "psychophysiologic symptom relief therapy: 7 of 11 = 64% (95% CI 35 to 85%, 49 points wide). "
        "Narrowest: Cherkin 2016, usual care: about 30 of 113 = 26% (95% CI 19 to 35%, 16 points wide).")
    assert ex.model_kind == "fitted"


def test_explorer_what_if_narrows_intervals():
    ex = TrialResultsExplorer()
    before = ex.live.last_png
    ex.controls["scale"].value = 10
    assert "(what-if: every group 10 times as large)" in ex.readout_text
    assert "70 of 110 = 64% (95% CI 54 to 72%" in ex.readout_text
    assert ex.live.last_png != before


def test_explorer_trials_can_be_hidden_and_shown():
    ex = TrialResultsExplorer()
    before = ex.live.last_png
    ex.controls["show_donnino2021"].value = False
    assert ex.live.last_png != before
    assert "Showing 3 trial(s), 8 groups, 619 people" in ex.readout_text
    assert "Widest interval: Ashar 2022, pain reprocessing therapy: 33 of 50" in ex.readout_text
    hidden = [a for a, _, bar, *_ in ex._artists if not bar.get_visible()]
    assert {a.trial for a in hidden} == {"Donnino 2021"} and ex._hidden_text["Donnino 2021"].get_visible()
    for name in ("show_ashar2022", "show_yarns2024", "show_cherkin2016"):
        ex.controls[name].value = False
    assert ex.readout_text == "No trial is ticked: tick at least one trial to see its results."
    ex.controls["show_yarns2024"].value = True
    assert ex.readout_text.startswith("Showing 1 trial(s), 2 groups, 126 people")


def test_explorer_blitting_matches_a_full_redraw():
    ex = TrialResultsExplorer(scale=3)
    fast = ex.live.last_png
    ex.live.freeze()
    assert ex.live.render() == fast


# -- the widest interval labelled where it is drawn (no legend to decode) ---------------------------

def _visible_texts(ex):
    return [t for t in ex.live.axes[0].texts if t.get_visible() and t.get_text()]


def test_the_widest_interval_is_labelled_on_its_row_with_its_limits():
    ex = TrialResultsExplorer()
    ax = ex.live.axes[0]
    assert ax.get_legend() is None
    # Donnino 2021's therapy group, 7 of 11: Wilson interval 35.4 to 84.8%; the paper reported 63.6%
    interval = [t for t in _visible_texts(ex) if "95% interval" in t.get_text()]
    paper = [t for t in _visible_texts(ex) if "paper" in t.get_text()]
    assert [t.get_text() for t in interval] == ["95% interval 35 to 85%"]
    assert [t.get_text() for t in paper] == ["the paper: 63.6%"]
    assert all(t.get_animated() for t in interval + paper)
    donnino_row = next(y for arm, y, *_ in ex._artists if arm.trial == "Donnino 2021" and arm.arm == "PSRT")
    x, y = interval[0].get_position()
    assert y == donnino_row and x < 35.4  # on the row, left of the bar
    x, y = paper[0].get_position()
    assert x == 63.6 and donnino_row < y < donnino_row + 0.5  # at the tick, just below its row
    # a larger what-if size moves the label with the narrower bar: 70 of 110, 54 to 72%
    ex.controls["scale"].value = 10
    assert [t.get_text() for t in _visible_texts(ex) if "95% interval" in t.get_text()] == ["95% interval 54 to 72%"]
    # hiding every trial hides the labels too
    for name in ("show_ashar2022", "show_yarns2024", "show_cherkin2016", "show_donnino2021"):
        ex.controls[name].value = False
    assert not [t for t in _visible_texts(ex) if "95% interval" in t.get_text() or "paper" in t.get_text()]


def test_a_what_if_size_keeps_each_published_interval_as_a_grey_ghost():
    """At a what-if size every shown row keeps its interval as published behind the narrower one;
    as published (size 1) there is nothing to compare and no ghost."""
    ex = TrialResultsExplorer()
    assert not any(g.get_visible() for g in ex._ghosts.values())
    ex.controls["scale"].value = 4
    for arm, ry, bar, *_ in ex._artists:
        ghost = ex._ghosts[arm]
        published = tr.trial_results(arm.trial)
        low, high = ghost.get_xdata()
        assert ghost.get_visible() and list(ghost.get_ydata()) == [ry, ry]
        assert (round(low, 6), round(high, 6)) in {(round(r.low, 6), round(r.high, 6)) for r in published}
        what_if_low, what_if_high = bar.get_xdata()
        assert low <= what_if_low and what_if_high <= high  # four times the people: a narrower interval
        assert ex.live._animated.index(ghost) < ex.live._animated.index(bar)  # drawn underneath
    assert "grey bars: as published" in ex._scale_text.get_text()
    ex.controls["show_donnino2021"].value = False
    assert not any(ex._ghosts[arm].get_visible() for arm, *_ in ex._artists if arm.trial == "Donnino 2021")
