"""Lesson 05: the bioheat model against analytic solutions and published points, its safeguards,
the tissue-temperature explorer, and every number the lesson states."""

from __future__ import annotations

import math

import numpy as np
import pytest
from scipy.special import erfc, erfcx

from course import data
from course.explorers.base import LIMIT_BADGE
from course.explorers.heat_cold import HeatColdExplorer
from course.models import bioheat as bh
from course.models.bioheat import myrer_group_for, otte_band_for, skinfold_of

MUSCLE = bh.tissues()["muscle"]
RHO_C_BLOOD = bh.blood_heat_capacity()


def _muscle_only(perfusion_scale: float = 1.0, q: float = 0.0) -> dict:
    m = MUSCLE
    return {"muscle": bh.Tissue("muscle", m.k, m.rho, m.c, m.perfusion * perfusion_scale, q)}


def _semi_infinite(x_m, t_s, step_c, perfusion):
    """Analytic Pennes solution: a half-space at T_a whose surface jumps by ``step_c`` at t = 0."""
    alpha = MUSCLE.k / (MUSCLE.rho * MUSCLE.c)
    a = np.asarray(x_m) / (2 * math.sqrt(alpha * t_s))
    if perfusion == 0:
        return step_c * erfc(a)
    length = math.sqrt(MUSCLE.k / (perfusion * RHO_C_BLOOD))
    b = math.sqrt(alpha * t_s) / length
    x = np.asarray(x_m) / length
    # e^{+x} erfc(a + b) written with erfcx so that it cannot overflow
    return step_c * 0.5 * (np.exp(-x) * erfc(a - b) + np.exp(x - (a + b) ** 2) * erfcx(a + b))


# -- numerics: analytic checks ---------------------------------------------------------------------
@pytest.mark.parametrize("perfusion_scale", [0.0, 1.0, 5.0])
@pytest.mark.parametrize("minutes", [1, 5, 20])
def test_transient_matches_the_analytic_half_space(perfusion_scale, minutes):
    slab = bh.Slab((("muscle", 150.0),), 0.5)
    props = _muscle_only(perfusion_scale)
    x_mm = slab.centres_mm
    initial = np.full(len(x_mm), 37.0)
    # a very large contact conductance makes the surface temperature jump to 0 C
    model = bh.evolve(slab, initial, 0.0, 1e9, [minutes * 60.0], tissue_props=props)[0]
    exact = 37.0 + _semi_infinite(x_mm / 1000, minutes * 60.0, -37.0, MUSCLE.perfusion * perfusion_scale)
    shallow = x_mm <= 60
    assert np.max(np.abs(model[shallow] - exact[shallow])) < 0.05  # degrees C, on a 0.5 mm grid


def test_steady_state_matches_the_analytic_profile():
    slab = bh.Slab((("muscle", 150.0),), 0.5)
    x = slab.centres_mm / 1000
    h, env = 200.0, 0.0
    model = bh.steady_profile(slab, env, h, tissue_props=_muscle_only())
    length = math.sqrt(MUSCLE.k / (MUSCLE.perfusion * RHO_C_BLOOD))
    amplitude = h * (env - 37.0) / (MUSCLE.k / length + h)
    exact = 37.0 + amplitude * np.exp(-x / length)
    assert np.max(np.abs(model - exact)[x < 0.08]) < 0.02


def test_grid_refinement_changes_the_lesson_numbers_by_under_a_tenth_of_a_degree():
    for fat in (0, 5, 10, 18):
        coarse = bh.simulate(fat, 20, "ice")
        fine = bh.simulate(fat, 20, "ice", grid_mm=0.25)
        assert abs(coarse.change_c - fine.change_c) < 0.1


def test_time_step_does_not_change_the_answer():
    a = bh.simulate(10, 20, "ice", step_min=0.5)
    b = bh.simulate(10, 20, "ice", step_min=5.0)
    assert a.end_c == pytest.approx(b.end_c, abs=1e-9)


@pytest.mark.parametrize("modality", bh.MODALITIES)
def test_stable_and_bounded_for_every_slider_setting(modality):
    ice = modality == "ice"
    for fat in range(0, 41, 1):
        for minutes in range(5, 61, 5):
            r = bh.simulate(fat, minutes, modality)
            lo, hi = (0.0, 37.5) if ice else (24.0, 40.0)  # between the coldest and warmest sources
            assert np.all(np.isfinite(r.probe_c)) and np.all(np.isfinite(r.end_profile_c))
            assert lo - 1e-9 <= r.end_profile_c.min() and r.end_profile_c.max() <= hi + 1e-9
            on = r.times_min <= r.duration_min
            steps = np.diff(r.probe_c[on])
            assert np.all(steps <= 1e-9) if ice else np.all(steps >= -1e-9), "monotone while applied"


def test_more_fat_means_less_change_in_the_muscle():
    for modality in bh.MODALITIES:
        changes = [abs(bh.simulate(f, 20, modality).change_c) for f in range(0, 41, 2)]
        assert np.all(np.diff(changes) < 0)


def test_skinfold_is_a_double_layer():
    assert bh.fat_from_skinfold(15) == 5.5
    assert bh.fat_from_skinfold(4) == 0.0
    assert bh.fat_from_skinfold(40) == 18.0


def test_the_converted_skinfold_groups_in_the_data_follow_the_rule():
    """The lesson and bank quote fat thicknesses for the studies' skinfold groups (30 mm -> about 13
    mm; Otte's 11-20 mm -> about 3.5 to 8 mm of fat); the data file holds them, and they must be what
    the model's conversion gives for the published skinfolds."""
    conv = bh.settings()["skinfold_to_fat"]
    assert bh.fat_from_skinfold(conv["example"]["skinfold_mm"]) == conv["example"]["fat_mm"]
    otte = data.load("otte2002_cooling_time")
    assert conv["otte2002_fat_mm"] == [[bh.fat_from_skinfold(lo), bh.fat_from_skinfold(hi)]
                                       for lo, hi in zip(otte["skinfold_low_mm"], otte["skinfold_high_mm"])]
    myrer = data.load("myrer2001_ice_pack")
    assert conv["myrer2001_fat_mm"] == [[bh.fat_from_skinfold(lo), bh.fat_from_skinfold(hi) if hi == hi else None]
                                        for lo, hi in zip(myrer["skinfold_low_mm"], myrer["skinfold_high_mm"])]


# -- published points ----------------------------------------------------------------------------------
OTTE_MINUTES = [8.0, 23.3, 37.8, 58.6]


def test_otte_data_as_published():
    bands = bh.otte_bands()
    assert [b["minutes"] for b in bands] == OTTE_MINUTES
    assert [b["sd"] for b in bands] == [3.4, 6.7, 9.6, 11.7]


def test_model_reproduces_otte_within_one_sd_and_in_order():
    rows = bh.compare_with_otte()
    model = [r["model_minutes"] for r in rows]
    assert model == sorted(model), "more fat must take longer to cool"
    for r in rows:
        assert abs(r["difference_in_sd"]) <= 1.0, r  # stated tolerance: one SD of Otte's band
    assert model == [7.9, 20.4, 36.7, 59.8]  # the table the lesson prints


def test_resting_blood_flow_under_ice_fails_otte():
    # The lesson says: with blood flowing as at rest, every band but the leanest never reaches 7 C
    # within 2 hours.
    thick = bh.otte_bands()[1:]
    assert len(thick) == 3
    for band in thick:
        r = bh.simulate(band["fat_mid_mm"], 120, "ice", after_min=0, perfusion_factor=1.0)
        assert math.isnan(bh.minutes_to_cool(r))
    # ... anything from no flow to a tenth of resting stays within one SD of every band,
    for factor in (0.0, 0.05, 0.1):
        for band in bh.otte_bands():
            r = bh.simulate(band["fat_mid_mm"], 120, "ice", after_min=0, perfusion_factor=factor)
            assert abs(bh.minutes_to_cool(r) - band["minutes"]) <= band["sd"]
    # ... and a fifth is already too slow for the thickest band.
    band = bh.otte_bands()[-1]
    r = bh.simulate(band["fat_mid_mm"], 120, "ice", after_min=0, perfusion_factor=0.2)
    assert bh.minutes_to_cool(r) - band["minutes"] > 1.5 * band["sd"]


def test_model_against_myrer_at_1_cm_within_30_percent_and_in_order():
    rows = bh.compare_with_myrer()
    model = [r["model_drop_1cm"] for r in rows]
    assert model == sorted(model, reverse=True)
    for r in rows:
        assert abs(r["model_drop_1cm"] - r["drop_1cm"]) <= 0.3 * r["drop_1cm"], r
    # after removal: the two leaner groups rewarm, the fattest keeps cooling, as measured ...
    for r in rows[:2]:
        assert r["model_after_1cm"] > 0 and r["after_1cm"] > 0, r
    assert rows[-1]["model_after_1cm"] < 0 and rows[-1]["after_1cm"] < 0
    # ... and the model rewarms the middle group much less than measured, as the lesson says
    assert rows[1]["model_after_1cm"] < 0.5 * rows[1]["after_1cm"]


def test_model_underestimates_myrer_at_3_cm_as_the_lesson_says():
    rows = bh.compare_with_myrer()
    model = [r["model_drop_3cm"] for r in rows]
    assert model == sorted(model, reverse=True)  # the ordering holds ...
    for r in rows:
        assert r["model_drop_3cm"] < 0.5 * r["drop_3cm"]  # ... but the size is less than half
        assert r["model_after_3cm"] < 0 and r["after_3cm"] < 0  # still cooling 30 min later
    assert [r["model_drop_3cm"] for r in rows] == [2.2, 0.9, 0.4]


def test_heat_wrap_keeps_skin_below_the_pain_threshold_and_barely_warms_muscle():
    facts = data.load("heat_cold_facts")
    pain = dict(zip(facts["metric"], facts["value"]))["skin_pain_threshold"]
    for fat in (0, 10, 30):
        r = bh.simulate(fat, 60, "heat")
        assert r.end_profile_c.max() < pain
        assert 0 < r.change_c < 2.0


# -- bad input --------------------------------------------------------------------------------------------
@pytest.mark.parametrize("kwargs, message", [
    (dict(fat_mm=75, duration_min=20), "fat thickness must be between 0 and 60 mm, got 75"),
    (dict(fat_mm=-1, duration_min=20), "fat thickness must be between 0 and 60 mm, got -1"),
    (dict(fat_mm=10, duration_min=0), "duration must be between 1 and 120 min, got 0"),
    (dict(fat_mm=10, duration_min=20, modality="steam"), "modality must be one of ice, heat, got 'steam'"),
    (dict(fat_mm=10, duration_min=20, after_min=500), "time after removal must be between 0 and 120 min"),
    (dict(fat_mm=float("nan"), duration_min=20), "fat thickness must be between"),
    (dict(fat_mm=10, duration_min=20, perfusion_factor=-1), "perfusion factor must be between 0 and 10"),
    (dict(fat_mm=10, duration_min=20, grid_mm=7), "grid spacing must be between 0.05 and 2 mm"),
])
def test_bad_input_is_refused_with_a_clear_message(kwargs, message):
    with pytest.raises(ValueError, match=message.replace("(", r"\(").replace(")", r"\)")):
        bh.simulate(**kwargs)


def test_skinfold_and_depth_checks():
    with pytest.raises(ValueError, match="skinfold must be between 0 and 120 mm, got 150"):
        bh.fat_from_skinfold(150)
    slab = bh.scenario_slab(10)
    with pytest.raises(ValueError, match="depth must be between"):
        bh.probe_weights(slab, 500)
    with pytest.raises(ValueError, match="contact conductance h must be a positive"):
        bh.steady_profile(slab, 0.0, 0.0)
    with pytest.raises(ValueError, match="fat thickness must be a multiple of 0.5 mm"):
        bh.Slab((("fat", 0.3),)).cells()


# -- the explorer ---------------------------------------------------------------------------------------------
def test_explorer_reads_out_and_redraws():
    ex = HeatColdExplorer()
    assert ex.readout_text == ("Ice pack (0 °C) for 20 min over 10 mm of fat: the muscle 1 cm below the fat "
                               "cools from 37.0 to 32.7 °C (−4.3 °C); 30 min after removal it is 31.3 °C.")
    before = ex.live.last_png
    ex.controls["fat_mm"].value = 3
    assert "over 3 mm of fat" in ex.readout_text and "(−10.0 °C)" in ex.readout_text
    assert ex.live.last_png != before
    png = ex.live.last_png
    ex.controls["duration_min"].value = 30
    assert "for 30 min" in ex.readout_text and ex.live.last_png != png


def test_explorer_heat_and_what_if():
    ex = HeatColdExplorer()
    ex.controls["resting_flow"].value = True
    assert "(What-if: blood flowing as at rest.)" in ex.readout_text
    assert "(−2.3 °C)" in ex.readout_text
    ex.controls["modality"].value = "heat"
    text = ex.readout_text
    assert text.startswith("Heat wrap (40 °C) for 20 min over 10 mm of fat: the muscle 1 cm below the fat warms")
    assert "below the 43 °C pain threshold" in text and "What-if" not in text.split(LIMIT_BADGE)[0]
    assert not ex._myrer.get_visible() and not ex._otte_parts[0].get_visible()


def test_explorer_overlays_the_matching_published_band():
    ex = HeatColdExplorer()
    for fat, band_low, group in [(0, 0, "8 mm or less"), (5, 11, "10 to 18 mm"), (10, 21, "20 mm or more"),
                                 (16, 31, "20 mm or more")]:
        ex.controls["fat_mm"].value = fat
        assert ex.state["otte"]["skinfold_low_mm"] == band_low
        assert ex.state["myrer"]["group"] == group
        assert ex._otte.lines[0].get_xdata()[0] == ex.state["otte"]["minutes"]
    ex.controls["fat_mm"].value = 25
    assert ex.state["otte"] is None and not ex._otte_parts[0].get_visible()
    assert otte_band_for(30) is None and myrer_group_for(30)["group"] == "20 mm or more"
    # `fat-stops-ice` feedback: 6 mm of fat is a skinfold of 2 * (6 + 2) = 16 mm, in Otte's 11-20 mm group
    assert skinfold_of(6) == 16 and otte_band_for(6)["skinfold_low_mm"] == 11


def test_explorer_marks_every_setting_outside_what_the_model_was_checked_against():
    ex = HeatColdExplorer()
    assert ex.limit_notes == [] and "Otte 2002" in ex.header_html() and "Myrer 2001" in ex.header_html()
    # fat: Otte's skinfolds reach 40 mm, that is 40 / 2 - 2 = 18 mm of fat
    ex.controls["fat_mm"].value = 18
    assert ex.limit_notes == []
    ex.controls["fat_mm"].value = 19
    assert len(ex.limit_notes) == 1 and "beyond Otte's thickest group" in ex.limit_notes[0]
    assert LIMIT_BADGE in ex.readout_text and ex._limit_badge.get_visible()
    assert not ex._myrer.get_visible(), "Myrer's points are hidden beyond the studies' skinfolds"
    # duration: within each Otte group up to its mean time plus one SD (or Myrer's 20 min)
    ex.controls["fat_mm"].value = 10          # skinfold 24 mm: Otte's 21-30 mm group, 37.8 +/- 9.6 min
    ex.controls["duration_min"].value = 45
    assert ex.limit_notes == []
    ex.controls["duration_min"].value = 50
    assert "longer than the studies followed" in ex.limit_notes[0] and "37.8 ± 9.6 min" in ex.limit_notes[0]
    ex.controls["fat_mm"].value = 2           # skinfold 8 mm: Otte 8.0 +/- 3.4 min, but Myrer's 20-min pack
    ex.controls["duration_min"].value = 20
    assert ex.limit_notes == [] and ex._myrer.get_visible()
    ex.controls["duration_min"].value = 25
    assert ex.limit_notes and not ex._myrer.get_visible(), "Myrer's points belong to a 20-min pack only"
    ex.controls["duration_min"].value = 15
    assert ex.limit_notes == [] and not ex._myrer.get_visible()
    # the what-if box and the heat wrap lie outside the data
    ex.controls["resting_flow"].value = True
    assert ex.limit_notes and ex.limit_notes[0].startswith("What-if")
    ex.controls["resting_flow"].value = False
    ex.controls["modality"].value = "heat"
    assert ex.limit_notes and "physics, not checked against measurement" in ex.limit_notes[0]


def test_explorer_marks_3_cm_below_the_fat_as_not_reproduced():
    ex = HeatColdExplorer(fat_mm=10)
    skin, fat_bottom = ex.state["result"].layer_edges_mm
    assert ex._deep_line.get_ydata()[0] == pytest.approx(fat_bottom + 30)
    assert "not reproduced" in ex._deep_label.get_text()
    ex.controls["fat_mm"].value = 20
    assert ex._deep_line.get_ydata()[0] == pytest.approx(ex.state["result"].layer_edges_mm[1] + 30)


def test_explorer_sliders_clamp_to_the_model_range():
    ex = HeatColdExplorer()
    ex.controls["fat_mm"].value = 99
    assert ex.controls["fat_mm"].value == 40 and ex.error is None


def test_blitting_matches_a_full_redraw():
    ex = HeatColdExplorer(fat_mm=7)
    fast = ex.live.last_png
    ex.live.freeze()
    assert ex.live.render() == fast


# -- numbers the lesson states ---------------------------------------------------------------------------------
def test_numbers_of_lesson_05():
    f = {m: (v, lo, hi) for m, v, lo, hi in zip(*(data.load("heat_cold_facts")[c] for c in ("metric", "value", "low", "high")))}
    assert f["heat_wrap_vs_oral_placebo_day5"] == (1.06, 0.68, 1.45)
    assert f["french2006_trials"][0] == 9 and f["french2006_participants"][0] == 1117
    assert f["heated_blanket_immediate"] == (-32.2, -38.7, -25.7)
    assert f["nadler2002_participants"][0] == 371 and f["heat_wrap_temperature"][0] == 40
    assert f["skin_pain_threshold"][0] == 43 and f["burn_threshold_basal_epidermis"][0] == 44
    assert f["heating_device_burn_patients"][0] == 1343
    assert f["hot_water_bottle_burns_surgery"][1:] == (15, 87.4) and f["wheat_bag_burns_surgery"][0] == 91
    assert f["diabetic_preventable_leg_burns"][0] == 10 and f["diabetic_burn_patients"][0] == 37
    assert f["cold_nerve_injury_cases"][0] == 6
    assert f["ice_rct_count"][0] == 22 and f["ice_rct_pedro_mean"][0] == 3.4
    nadler = data.record("nadler2002_heat_wrap", "day1_pain_relief")
    assert (nadler["heat_wrap"], nadler["ibuprofen"], nadler["acetaminophen"]) == (2.0, 1.51, 1.32)
    # lean against fat: 8 against 59 minutes (claim g)
    assert (round(OTTE_MINUTES[0]), round(OTTE_MINUTES[-1])) == (8, 59)


def test_the_axes_follow_the_modality_so_the_wraps_change_shows():
    # The heat wrap changes the muscle by under 2 °C: on the ice's axes (a 54 °C temperature span and
    # a 21 °C span of change) that is a few pixels; on the wrap's own axes it fills a fair part of the plot.
    ex = HeatColdExplorer(fat_mm=0, duration_min=20)
    prof, hist = ex.live.axes
    assert hist.get_ylim()[0] <= -7 <= hist.get_ylim()[1], "Otte's 7 °C target stays in view under ice"
    ex.controls["modality"].value = "heat"
    r = ex.state["result"]
    rise = float(np.max(r.probe_c - r.start_c))
    low, high = hist.get_ylim()
    assert low < 0 < rise < high and rise / (high - low) > 0.4
    t_low, t_high = prof.get_xlim()
    assert t_low < min(r.start_profile_c.min(), r.end_profile_c.min())
    assert max(r.end_profile_c.max(), ex._burn) < t_high
    assert (r.end_c - r.start_c) / (t_high - t_low) > 0.08
    assert t_low < ex._deep_label.get_position()[0] < t_high and t_low < ex._fat_label.get_position()[0] < t_high
    # the background is re-cached with the new axes: the fast redraw equals a full one
    fast = ex.live.last_png
    ex.live.freeze()
    assert ex.live.render() == fast
    ex.controls["modality"].value = "ice"
    assert hist.get_ylim()[0] <= -7 and prof.get_xlim()[0] <= 0


def test_the_readout_says_when_myrers_points_are_hidden():
    # Myrer 2001 measured after a 20-min pack: at any other duration the figure hides the points and
    # the readout (what a screen reader reads) says so; at 20 min they are shown and nothing is said.
    ex = HeatColdExplorer(fat_mm=10, duration_min=20)
    assert ex._myrer.get_visible() and "Myrer" not in ex.readout_text
    for minutes in (15, 25, 60):
        ex.controls["duration_min"].value = minutes
        assert not ex._myrer.get_visible()
        assert f"Myrer 2001's points are hidden: they were measured after a 20-min pack, not {minutes} min." \
            in ex.readout_text
    ex.controls["modality"].value = "heat"  # nothing of Myrer's applies to the wrap: nothing to say
    assert "Myrer" not in ex.readout_text.split(LIMIT_BADGE)[0]


# -- lines named where they are drawn (no legend to decode) ---------------------------------------------
def _texts(ax):
    return {t.get_text(): t for t in ax.texts if t.get_visible() and t.get_text()}


def test_the_profiles_and_the_probe_are_labelled_in_the_figure():
    ex = HeatColdExplorer()
    prof, hist = ex.live.axes
    assert prof.get_legend() is None  # (the right panel keeps its legend: its points move beside the curve)
    texts = _texts(prof)
    # the readout's numbers: 10 mm of fat, 20 min of ice, the muscle 1 cm below the fat at 32.7 °C
    probe = texts["32.7 °C, 1 cm\nbelow the fat"]
    assert probe.get_animated() and probe.get_position()[1] == pytest.approx(2 + 10 + 10)  # skin + fat + 1 cm
    assert probe.get_position()[0] < 32.7  # on the cold side of the dot, away from the line before
    for words in ("before", "when it comes off"):
        assert texts[words].get_animated(), words
    ex.controls["modality"].value = "heat"
    texts = _texts(prof)
    label = next(t for w, t in texts.items() if w.endswith("°C, 1 cm\nbelow the fat"))
    assert label.get_text() == f"{ex.state['result'].end_c:.1f} °C, 1 cm\nbelow the fat"
    assert label.get_position()[0] > ex.state["result"].end_c  # on the warm side under a wrap
