"""Lesson 06: effect sizes (against numerical integration), buoyancy (against the Schneider 2007
table), the massage figure, both explorers, and every number the lesson states."""

from __future__ import annotations

import numpy as np
import pytest
from scipy import integrate
from scipy.stats import norm

from course import data
from course.explorers.buoyancy import BuoyancyExplorer
from course.explorers.effect_size import EffectSizeExplorer
from course.explorers.massage_blood_flow import massage_blood_flow_figure, massage_blood_flow_text
from course.models import buoyancy as by
from course.models import effect_size as es


# -- effect sizes ---------------------------------------------------------------------------------------
@pytest.mark.parametrize("d", [0.0, 0.2, 0.37, 0.5, 0.75, 1.24, 2.0, -0.6])
def test_effect_measures_match_numerical_integration(d):
    e = es.effect(d)
    overlap, _ = integrate.quad(lambda x: min(norm.pdf(x), norm.pdf(x, loc=d)), -12, 12, points=[d / 2], limit=200)
    superiority, _ = integrate.quad(lambda t: norm.pdf(t, loc=d) * norm.cdf(t), -12, 12, limit=200)
    assert e.overlap_pct == pytest.approx(100 * overlap, abs=1e-6)
    assert e.superiority_pct == pytest.approx(100 * superiority, abs=1e-6)
    assert e.u3_pct == pytest.approx(100 * norm.cdf(d), abs=1e-9)


def test_effect_limits_and_order():
    zero = es.effect(0)
    assert (zero.overlap_pct, zero.superiority_pct, zero.u3_pct) == (100.0, 50.0, 50.0)
    values = [es.effect(d) for d in np.linspace(0, 2, 41)]
    assert all(a.overlap_pct > b.overlap_pct and a.superiority_pct < b.superiority_pct for a, b in zip(values, values[1:]))
    assert es.effect(-0.5).overlap_pct == pytest.approx(es.effect(0.5).overlap_pct)


def test_effect_numbers_the_lesson_states():
    rounded = {d: tuple(round(x) for x in (e.overlap_pct, e.superiority_pct, e.u3_pct))
               for d, e in ((d, es.effect(d)) for d in (0.37, 0.75, 1.24))}
    assert rounded == {0.37: (85, 60, 64), 0.75: (71, 70, 77), 1.24: (54, 81, 89)}


@pytest.mark.parametrize("bad", [5, -4.5, float("nan")])
def test_effect_refuses_sizes_outside_the_range(bad):
    with pytest.raises(ValueError, match="standardised mean difference must be between -4 and 4"):
        es.effect(bad)


def test_furlan_estimates_are_turned_to_favour_massage():
    est = {e["key"]: e for e in es.furlan_estimates()}
    assert len(est) == 6
    e = est["chronic_inactive_pain_short"]
    assert (e["d"], e["low"], e["high"], e["participants"], e["studies"]) == (0.75, 0.6, 0.9, 761, 7)
    assert est["acute_inactive_pain_short"]["d"] == 1.24
    assert not est["acute_inactive_function_short"]["significant"] and est["acute_inactive_function_short"]["low"] < 0
    assert all(e["low"] <= e["d"] <= e["high"] for e in est.values())


# -- buoyancy ----------------------------------------------------------------------------------------------
def test_table_as_published():
    t = by.table()
    assert [t[lv]["men_pct"] for lv in by.LEVELS] == [88.1, 59.1, 35.3, 11.8]
    assert [t[lv]["women_pct"] for lv in by.LEVELS] == [86.7, 52.5, 31.6, 10.2]
    assert (t["hip"]["intercept"], t["hip"]["slope"]) == (65.02, -0.52)
    assert t["knee"]["intercept"] is None


def test_formulas_agree_with_the_table():
    # The formula meets each table mean at a plausible body fat, higher for women at every level ...
    fats = {(lv, sex): by.body_fat_matching_table(lv, sex) for lv in ("hip", "chest", "neck") for sex in ("men", "women")}
    for lv in ("hip", "chest", "neck"):
        assert 5 < fats[(lv, "men")] < fats[(lv, "women")] < 35
    assert [round(fats[(lv, "men")]) for lv in ("hip", "chest", "neck")] == [11, 12, 13]
    assert [round(fats[(lv, "women")]) for lv in ("hip", "chest", "neck")] == [24, 23, 21]
    # ... and at 12% (men) and 23% (women) body fat every formula lies within one SD of the table.
    t = by.table()
    for lv in ("hip", "chest", "neck"):
        for sex, fat in (("men", 12), ("women", 23)):
            assert abs(by.weight_borne(lv, fat, 70).percent - t[lv][f"{sex}_pct"]) <= t[lv][f"{sex}_sd"]


def test_weight_borne_falls_with_depth_and_with_body_fat():
    for fat in (5, 20, 40):
        pct = [by.weight_borne(lv, fat, 70).percent for lv in by.LEVELS]
        assert pct == sorted(pct, reverse=True)
    for lv in ("hip", "chest", "neck"):
        pct = [by.weight_borne(lv, f, 70).percent for f in range(5, 51, 5)]
        assert all(a > b for a, b in zip(pct, pct[1:]))
    knee = by.weight_borne("knee", 30, 80)
    assert not knee.from_formula and knee.percent == 87.4 and knee.kg == pytest.approx(69.92)
    assert by.weight_borne("chest", 25, 70).kg == pytest.approx(21.644)


@pytest.mark.parametrize("args, message", [
    (("waist", 20, 70), "immersion level must be one of knee, hip, chest, neck, got 'waist'"),
    (("hip", 75, 70), "body fat must be between 3 and 60%, got 75"),
    (("hip", 20, 400), "body weight must be between 30 and 200 kg, got 400"),
    (("hip", float("nan"), 70), "body fat must be between"),
])
def test_buoyancy_bad_input(args, message):
    with pytest.raises(ValueError, match=message):
        by.weight_borne(*args)
    with pytest.raises(ValueError, match="no formula was published for level 'knee'"):
        by.body_fat_matching_table("knee", "men")


def test_moving_in_water_raises_loading():
    runs = by.running_loads()
    assert runs == {"hip": 0.98, "chest": 0.80}
    for lv, force in runs.items():
        assert 100 * force > by.weight_borne(lv, 20, 70).percent


# -- massage data and figure -------------------------------------------------------------------------------------
def test_massage_figure_and_its_words():
    text = massage_blood_flow_text()
    for number in ("766", "614", "540", "20.5", "15.4", "14.7", "733", "760"):
        assert number in text
    fig = massage_blood_flow_figure()
    heights = [[round(p.get_height(), 1) for p in ax.patches] for ax in fig.axes]
    assert heights == [[766, 614, 540], [20.5, 15.4, 14.7], [733, 760]]


# -- explorers ------------------------------------------------------------------------------------------------------
def test_effect_size_explorer():
    ex = EffectSizeExplorer()
    before = ex.live.last_png
    assert ex.readout_text.startswith("SMD 0.40: the two groups overlap by 84%")
    ex.controls["d"].value = 0.75
    assert ex.readout_text == ("SMD 0.75: the two groups overlap by 71%; a person picked at random from the treated "
                               "group does better than one picked from the control group 70% of the time (50% = no "
                               "difference); the average treated person does better than 77% of the control group.")
    assert ex.live.last_png != before
    assert list(ex._cursor.get_xdata()) == [0.75, 0.75]
    ex.controls["d"].value = 9
    assert ex.controls["d"].value == 2.0 and ex.error is None


def test_buoyancy_explorer():
    ex = BuoyancyExplorer()
    before = ex.live.last_png
    assert ex.readout_text.startswith("Standing in water up to the lower chest (xiphisternum) with 25% body fat and 70 kg: "
                                      "the feet carry about 21.6 kg, 30.9% of body weight")
    assert ex.readout_text.endswith("Running at this depth, the peak force was 0.80 body weights.")
    ex.controls["level"].value = "knee"
    assert "87.4% of body weight (no formula for this level" in ex.readout_text
    assert ex.live.last_png != before
    png = ex.live.last_png
    ex.controls["body_fat"].value = 10
    ex.controls["level"].value = "hip"
    assert "about 41.9 kg, 59.8% of body weight" in ex.readout_text and ex.live.last_png != png
    assert ex._water.get_height() == pytest.approx(0.53)


def test_blitting_matches_a_full_redraw():
    for ex in (EffectSizeExplorer(d=1.1), BuoyancyExplorer(level="neck")):
        fast = ex.live.last_png
        ex.live.freeze()
        assert ex.live.render() == fast


# -- numbers the lesson states -------------------------------------------------------------------------------------
def test_numbers_of_lesson_06():
    m = {k: (v, lo, hi) for k, v, lo, hi in zip(*(data.load("massage_facts")[c] for c in ("metric", "value", "low", "high")))}
    assert m["furlan2015_trials"][0] == 25 and m["furlan2015_participants"][0] == 3096
    assert m["furlan2015_adverse_increased_pain"][1:] == (1.5, 25)
    assert m["cherkin2011_participants"][0] == 401 and m["cherkin2011_therapists"][0] == 27
    assert m["cherkin2011_roland_relaxation_10wk"] == (2.9, 1.8, 4.0)
    assert m["cherkin2011_roland_structural_10wk"] == (2.5, 1.4, 3.5)
    a = {k: (v, lo, hi) for k, v, lo, hi in zip(*(data.load("aquatic_exercise")[c] for c in ("key", "estimate", "low", "high")))}
    assert a["bmcmsd2022_pain"] == (-0.68, -0.91, -0.46)
    assert a["babilonilopez2024_vs_land"][0] == -0.14
    assert a["pittler2006_spa"] == (26.6, 20.4, 32.8) and a["bai2019_vas"] == (16.07, 9.57, 22.57)
    t = data.load("massage_blood_flow")
    skin = {c: v for m, c, v in zip(t["measure"], t["condition"], t["value"]) if m == "skin temperature"}
    assert (skin["rest"], skin["massage"]) == (31.1, 32.2)
    assert data.record("immersion_loading", "adegoke2014_erect_hip")["value"] == 52.3
    assert data.record("immersion_loading", "harrison1987_prior_neck")["value"] == 10


def test_buoyancy_numbers_the_lesson_prints():
    kg = [round(by.weight_borne(lv, 25, 70).kg, 1) for lv in by.LEVELS]
    assert kg == [61.2, 36.4, 21.6, 6.6]
    assert round(by.weight_borne("hip", 35, 70).percent, 1) == 46.8  # quiz 4.1, fat floats
    a = data.record("immersion_loading", "adegoke2014_other_postures_hip")
    assert (a["low"], a["high"]) == (43.2, 47.4)


# -- what the buoyancy model was checked against (issue 12, item 7) ------------------------------------------------
def test_buoyancy_explorer_marks_the_level_without_a_formula():
    assert "34" in BuoyancyExplorer.checked_against and "21 to 26" in BuoyancyExplorer.checked_against
    assert "not retrieved" in BuoyancyExplorer.checked_against
    ex = BuoyancyExplorer()
    for level in ("hip", "chest", "neck"):
        ex.controls["level"].value = level
        assert ex.limit_notes == [], level
    ex.controls["level"].value = "knee"
    assert len(ex.limit_notes) == 1 and "no formula" in ex.limit_notes[0]
    assert "Outside the measured range" in ex.readout_text


def test_the_hip_question_answer_uses_the_formula():
    # hip-half-weight (bank 06) rewards 29% body fat at the hip: a formula level, so inside what is checked
    assert by.weight_borne("hip", 29, 70).percent < 50 <= by.weight_borne("hip", 28, 70).percent
    assert by.weight_borne("hip", 29, 70).from_formula


def test_the_drawing_widens_with_weight_and_body_fat():
    ex = BuoyancyExplorer(weight=70, body_fat=25)
    trunk = ex._body[0]
    base = trunk.get_width()
    ex.controls["weight"].value = 110
    heavier = trunk.get_width()
    ex.controls["body_fat"].value = 40
    fatter = trunk.get_width()
    assert base < heavier < fatter


# -- weight and body fat in the picture (issue 22) --------------------------------------------------

def _left_text(ex, words):
    found = [t for t in ex.live.axes[0].texts if t.get_visible() and words in " ".join(t.get_text().split())]
    assert len(found) == 1, (words, [t.get_text() for t in ex.live.axes[0].texts])
    assert found[0].get_animated()
    return found[0]


def test_the_weight_on_the_feet_is_a_bar_labelled_in_kg_that_grows_with_the_weight():
    ex = BuoyancyExplorer(level="chest", body_fat=25, weight=110)
    ends = []
    for weight in (110, 130, 150):   # heavier than the drawing's widest figure
        ex.controls["weight"].value = weight
        kg = by.weight_borne("chest", 25, weight).kg
        label = _left_text(ex, f"{kg:.1f} kg of {weight:g} kg")
        ends.append(label.get_position()[0])
    assert ends[0] < ends[1] < ends[2]


def test_the_body_fat_is_marked_on_a_scale_with_the_range_where_the_formulas_meet_the_table():
    ex = BuoyancyExplorer(level="hip", body_fat=10)
    xs, borne = [], []
    for fat in (10, 25, 40):
        ex.controls["body_fat"].value = fat
        xs.append(_left_text(ex, f"{fat:g}% body fat").get_position()[0])
        borne.append(_left_text(ex, f"{by.weight_borne('hip', fat, 70).kg:.1f} kg of 70 kg").get_position()[0])
    assert xs[0] < xs[1] < xs[2]          # the marker moves along the scale
    assert borne[0] > borne[1] > borne[2]  # and fat floats: less weight on the feet
    matching = [by.body_fat_matching_table(lv, sex) for lv in ("hip", "chest", "neck") for sex in ("men", "women")]
    words = f"{min(matching):.0f} to {max(matching):.0f}%"
    assert any(words in t.get_text() for t in ex.live.axes[0].texts), [t.get_text() for t in ex.live.axes[0].texts]


def test_a_formula_value_beyond_two_sds_of_every_table_mean_is_marked_and_greyed():
    tab = by.table()
    ex = BuoyancyExplorer(level="hip", body_fat=45)
    lowest = min(tab["hip"][f"{sex}_pct"] - 2 * tab["hip"][f"{sex}_sd"] for sex in ("men", "women"))
    assert by.weight_borne("hip", 45, 70).percent < lowest
    assert len(ex.limit_notes) == 1 and f"{lowest:.1f}%" in ex.limit_notes[0] and "two SDs" in ex.limit_notes[0]
    assert "Outside the measured range" in ex.readout_text
    hip = by.LEVELS.index("hip")
    assert hip not in list(ex._formula.get_xdata())          # the main line leaves it out
    assert hip in list(ex._formula_beyond.get_xdata())       # drawn in grey, hollow, dotted
    assert ex._formula_beyond.get_linestyle() != ex._formula.get_linestyle()
    for fat in (25, 29):   # the default and the hip question's answer stay inside
        ex.controls["body_fat"].value = fat
        assert ex.limit_notes == [] and hip in list(ex._formula.get_xdata())


# -- lines named where they are drawn, controls whose words fit (issue "Explorers designed for learning") --
def _shown(ax):
    return {t.get_text().replace("\n", " "): t for t in ax.texts if t.get_visible() and t.get_text()}


def test_the_effect_size_curves_and_the_slider_line_are_labelled():
    ex = EffectSizeExplorer(d=0.75)
    dist, forest = ex.live.axes
    assert dist.get_legend() is None
    texts = _shown(dist)
    assert "control group" in texts and not texts["control group"].get_animated()
    treated = texts["treated group"]
    assert treated.get_animated() and treated.get_position()[0] == pytest.approx(0.75)  # over its peak
    cursor = _shown(forest)["your SMD 0.75"]
    assert cursor.get_animated() and cursor.get_position()[0] == pytest.approx(0.75)
    ex.controls["d"].value = 1.24
    assert "your SMD 1.24" in _shown(forest) and _shown(dist)["treated group"].get_position()[0] == pytest.approx(1.24)


#: The longest words a water level may have on its slider: the readout beside the track stays short,
#: clear of the next control's label.
MAX_LEVEL_CHARS = 12


def test_the_water_level_slider_shows_short_words_and_the_readout_keeps_the_landmark():
    level = next(s for s in BuoyancyExplorer.control_specs if s.key == "level")
    assert all(len(words) <= MAX_LEVEL_CHARS for words in level.words.values()), level.words
    ex = BuoyancyExplorer(level="chest")
    assert "up to the lower chest (xiphisternum)" in ex.readout_text  # the landmark in full, in the readout


def test_the_buoyancy_series_are_labelled_where_they_are_drawn():
    ex = BuoyancyExplorer(level="hip", body_fat=25)
    ax = ex.live.axes[1]
    assert ax.get_legend() is None
    texts = _shown(ax)
    for words in ("men", "women", "running, peak force"):
        assert words in texts, (words, list(texts))
    formula = texts["formula, 25% body fat"]
    assert formula.get_animated()
    assert "beyond ± 2 SD" not in " ".join(texts)   # shown only while a formula value is beyond
    ex.controls["body_fat"].value = 45
    texts = _shown(ax)
    assert "formula, 45% body fat" in texts and "beyond ± 2 SD" in texts
    assert texts["beyond ± 2 SD"].get_animated()


def test_the_three_in_four_question_answer():
    # smd-three-in-four (bank 06): the probability of superiority is Phi(d / sqrt 2) (McGraw & Wong 1992);
    # 75% needs d >= sqrt(2) * 0.6745 = 0.954, so the slider's first step at or above it, 0.96
    assert np.sqrt(2) * norm.ppf(0.75) == pytest.approx(0.954, abs=5e-4)
    assert es.effect(0.95).superiority_pct < 75 <= es.effect(0.96).superiority_pct
    from course.banks import load_bank

    q = load_bank("06").question("smd-three-in-four")
    assert " at 0.96" in q.answer_text(), q.answer_text()


def _click_on(ex, ax, x, y):
    """A click as ipyevents reports it, at data point (x, y) of ``ax``, on the picture at full size."""
    px, py = ax.transData.transform((x, y))
    width, height = ex.live.canvas.get_width_height()
    return {"type": "click", "relativeX": px, "relativeY": height - py,
            "boundingRectWidth": width, "boundingRectHeight": height}


@pytest.mark.parametrize("row", range(6))
def test_a_click_on_a_cochrane_row_takes_its_estimate(row):
    estimates = es.furlan_estimates()
    ex = EffectSizeExplorer(d=0.0)
    forest = ex.live.axes[1]
    y = len(estimates) - 1 - row
    for x, dy in ((1.8, 0.0), (-0.3, 0.3)):  # beside the marker, and on the row's label
        ex.controls["d"].value = 0.0
        assert ex.on_click(_click_on(ex, forest, x, y + dy)) == estimates[row]["d"]
        assert ex.controls["d"].value == estimates[row]["d"]
        assert ex.readout_text == EffectSizeExplorer(d=estimates[row]["d"]).readout_text


def test_a_click_on_the_curves_changes_nothing():
    ex = EffectSizeExplorer(d=0.4)
    assert ex.on_click(_click_on(ex, ex.live.axes[0], 2.0, 0.2)) is None
    assert ex.controls["d"].value == 0.4
