"""Lesson 02 (muscle injury): the three models, their explorers, and the numbers the lesson states."""

from __future__ import annotations

import re
import shutil

import nbformat
import numpy as np
import pytest

from course import data
from course.explorers.healing import HealingExplorer
from course.explorers.lactate_soreness import TIMES, LactateSorenessExplorer
from course.explorers.load_capacity import LoadCapacityExplorer
from course.models import healing as hm
from course.models import lactate_soreness as ls
from course.models import load_capacity as lc
from course.paths import notebooks_dir

FACTS = "muscle_injury_facts"


def fact(key: str, field: str = "value") -> float:
    return data.record(FACTS, key)[field]


# -- lactate against soreness ----------------------------------------------------------------------
def test_lactate_curve_meets_the_published_levels():
    # Devlin 2014: 11.5 +/- 0.2 mmol/L after all-out exercise; 1.0 mmol/L before 5-min runs in a 2010
    # study (no spread reported in the record read), the model's illustrative resting level.
    for recovery in ls.RECOVERY:
        assert abs(ls.lactate(0.0, recovery) - 11.5) <= 0.2
        assert abs(ls.lactate(3.0, recovery) - 1.0) <= 0.05  # back near that level within a few hours
        assert ls.lactate(168.0, recovery) == pytest.approx(1.0, abs=1e-9)


def test_lactate_falls_and_light_activity_clears_it_faster():
    t = np.geomspace(1 / 60, 4, 300)
    rest, active = ls.lactate(t, "rest"), ls.lactate(t, "light activity")
    assert np.all(np.diff(rest) < 0) and np.all(np.diff(active) < 0)
    assert np.all(active < rest)
    late = ls.lactate(np.linspace(4, 168, 50), "rest")
    assert np.all(np.diff(late) <= 0) and np.all(late >= 1.0)
    assert ls.lactate(0.0, "rest") == ls.lactate(0.0, "light activity")


def test_ninety_percent_cleared_at_60_and_20_minutes():
    # Secondary source (Cazorla 1983): 20 min of light activity lowers lactate as much as 60 min of rest.
    assert ls.minutes_to_clear("rest") == pytest.approx(fact("lactate_equal_fall_passive")) == pytest.approx(60)
    assert ls.minutes_to_clear("light activity") == pytest.approx(20)
    assert ls.lactate(1.0, "rest") == pytest.approx(ls.lactate(20 / 60, "light activity"))


def test_lactate_still_raised_after_20_minutes_of_rest():
    # Weltman 1979 found a second maximal effort after 20 min of rest unimpaired although lactate was
    # still raised; the curve must agree that it is raised then.
    p = ls.timeline_at(20 / 60, "rest")
    assert 30 < p.rise_left_pct < 60 and p.lactate_mmol > 4


@pytest.mark.parametrize("peak", [24, 36, 48, 60, 72])
def test_soreness_peaks_where_asked_and_is_absent_while_lactate_clears(peak):
    t = np.geomspace(1 / 60, 168, 2001)
    s = ls.soreness(t, peak)
    assert t[np.argmax(s)] == pytest.approx(peak, rel=0.01)
    assert ls.soreness(float(peak), peak) == 1.0
    assert ls.soreness(0.0, peak) == 0.0
    # the lesson's point: during the hour in which lactate is cleared, no soreness has begun
    assert np.all(ls.soreness(t[t <= 1.0], peak) < 0.001)
    assert np.all((s >= 0) & (s <= 1))


def test_headline_gap_between_lactate_and_soreness():
    p = ls.timeline_at(1.0, "rest", 48)
    assert (round(p.lactate_mmol, 2), round(p.rise_left_pct), round(p.soreness_pct)) == (2.05, 10, 0)
    assert p.gap_factor == pytest.approx(48)
    assert ls.timeline_at(1.0, "rest", 24).gap_factor == pytest.approx(24)  # the smallest gap: 24 times
    assert ls.anchors().doms_window_h == (24.0, 72.0)


@pytest.mark.parametrize("bad", [-0.1, 168.5, float("nan")])
def test_lactate_times_outside_a_week_are_refused(bad):
    with pytest.raises(ValueError, match="time after exercise must be between 0 and 168 hours"):
        ls.lactate(bad)


@pytest.mark.parametrize("bad", [12, 80, float("nan")])
def test_soreness_peak_outside_the_published_window_is_refused(bad):
    with pytest.raises(ValueError, match=r"soreness peak must be between 24 and 72 hours .*published range"):
        ls.soreness(30.0, bad)


def test_unknown_recovery_is_named():
    with pytest.raises(ValueError, match="recovery must be one of 'rest', 'light activity', got 'jogging'"):
        ls.lactate(1.0, "jogging")
    with pytest.raises(ValueError, match="share of the rise left must be between 0 and 1"):
        ls.minutes_to_clear("rest", 1.0)


# -- healing phases ------------------------------------------------------------------------------------
def test_phase_ranges_as_published():
    got = {p.id: (p.onset, p.end, p.tail) for p in hm.phases()}
    assert got == {
        "inflammation": ((0, 0), (5, 7), 14),         # about day 5-7, up to 2 weeks
        "proliferation": ((3, 5), (14, 42), None),     # from day 3-5 to 2-6 weeks
        "remodelling": ((14, 42), (90, 730), None),    # from 2-6 weeks to months, up to 2 years
    }


def test_phases_overlap_and_cover_every_day():
    counts = []
    for day in range(hm.DAY_MIN, hm.DAY_MAX + 1):
        s = hm.status_at(day)
        assert s.active, f"no phase on day {day}"
        assert [p.id for p, _ in s.active] == sorted((p.id for p, _ in s.active),
                                                       key=[q.id for q in hm.phases()].index)
        counts.append(len(s.active))
    assert max(counts) == 3 and counts.count(1) < len(counts)


@pytest.mark.parametrize("day, text, current", [
    (0, "inflammation under way", "inflammation"),
    (4, "inflammation under way; proliferation may be starting", "inflammation"),
    (10, "inflammation may linger; proliferation under way", "proliferation"),
    (20, "proliferation may be finishing; remodelling may be starting", "proliferation"),
    (60, "remodelling under way", "remodelling"),
    (365, "remodelling may be finishing", "remodelling"),
    (730, "remodelling may be finishing", "remodelling"),
])
def test_status_on_given_days(day, text, current):
    s = hm.status_at(day)
    assert s.describe_phases() == text
    assert s.current.id == current


@pytest.mark.parametrize("bad", [-1, 731, float("nan"), "ten"])
def test_days_outside_two_years_are_refused(bad):
    with pytest.raises(ValueError, match="day must be"):
        hm.status_at(bad)


def test_unknown_phase_is_named():
    with pytest.raises(ValueError, match="no healing phase 'scarring'; phases are inflammation, proliferation, remodelling"):
        hm.phase("scarring")


def test_disordered_phase_ranges_are_refused(tmp_path, monkeypatch):
    copy = tmp_path / "data"
    shutil.copytree(data.data_dir(), copy)
    target = copy / "datasets" / "healing_phases.yml"
    target.write_text(target.read_text().replace("end: [5, 7]", "end: [7, 5]"))
    monkeypatch.setenv("COURSE_DATA_DIR", str(copy))
    data.update_checksums()
    hm.phases.cache_clear()
    try:
        with pytest.raises(ValueError, match="healing phase 'inflammation': day ranges must run"):
            hm.phases()
    finally:
        monkeypatch.undo()
        data._catalogue_cached.cache_clear()
        hm.phases.cache_clear()


# -- load against capacity ---------------------------------------------------------------------------
@pytest.mark.parametrize("pattern", lc.PATTERNS)
def test_no_overload_when_load_stays_usual(pattern):
    r = lc.simulate(pattern, level=100)
    assert r.overload_days.size == 0 and np.allclose(r.capacity, 120)


@pytest.mark.parametrize("pattern", lc.PATTERNS)
@pytest.mark.parametrize("adapt", [2, 7, 30])
def test_capacity_stays_within_the_loads_it_adapts_to(pattern, adapt):
    r = lc.simulate(pattern, level=250, adapt_days=adapt, days=56)
    history = np.concatenate(([100.0], r.load))
    for i, c in enumerate(r.capacity):
        seen = history[: i + 1]
        assert 1.2 * seen.min() - 1e-9 <= c <= 1.2 * seen.max() + 1e-9


def test_lesson_numbers_for_load_and_capacity():
    # Explore 4.2: the same rise to 200% overloads on 8 days if it arrives at once, on none if built
    # up over four weeks; a weekend spike to only 150% overloads every weekend day despite less load.
    steady, build, weekend = (lc.simulate(p, 200, 7) for p in lc.PATTERNS)
    assert steady.overload_days.tolist() == [1, 2, 3, 4, 5, 6, 7, 8]
    assert round(float(steady.excess_pct.max())) == 67
    assert build.overload_days.size == 0
    assert weekend.overload_days.tolist() == [6, 7, 13, 14, 20, 21, 27, 28]
    small_spikes = lc.simulate("weekend spike", 150, 7)
    assert small_spikes.overload_days.size == 8
    assert small_spikes.total_load == 3200 < build.total_load == 4200
    assert lc.simulate("build-up", 250, 7).overload_days.size == 21  # too fast a build-up still overloads
    # `highest-build-up` feedback: a weekend spike overloads at every slider level from 130% (steps of 10).
    spikes = {level: lc.simulate("weekend spike", level, 7).overload_days.size for level in range(100, 301, 10)}
    assert min(level for level, n in spikes.items() if n) == 130
    assert all(n > 0 for level, n in spikes.items() if level >= 130)


def test_slower_adaptation_means_more_overload_days():
    counts = [lc.simulate("steady", 200, tau).overload_days.size for tau in range(2, 31)]
    assert counts == sorted(counts) and counts[0] < counts[-1]


def test_load_patterns_at_their_edges():
    assert lc.daily_load("build-up", 300, 7)[[0, -1]].tolist() == [100, 300]
    assert lc.daily_load("weekend spike", 300, 84).sum() == 100 * 60 + 300 * 24
    slowest = lc.simulate("steady", 300, 30, 84)  # largest step, slowest adaptation
    assert slowest.overload_days.tolist() == list(range(1, 43))  # overloaded for six weeks, then adapted


@pytest.mark.parametrize("kwargs, message", [
    ({"pattern": "sudden"}, "load pattern must be one of 'steady', 'build-up', 'weekend spike', got 'sudden'"),
    ({"level": 99}, "load level must be between 100 and 300% of the usual load, got 99"),
    ({"level": 301}, "load level must be between 100 and 300%"),
    ({"level": float("nan")}, "load level must be between"),
    ({"adapt_days": 1}, "adaptation time must be between 2 and 30 days, got 1"),
    ({"adapt_days": 31}, "adaptation time must be between 2 and 30 days"),
    ({"days": 6}, "number of days must be a whole number between 7 and 84, got 6"),
    ({"days": 7.5}, "number of days must be a whole number"),
])
def test_bad_load_settings_are_refused(kwargs, message):
    with pytest.raises(ValueError, match=re.escape(message)):
        lc.simulate(**kwargs)


def test_capacity_refuses_negative_load():
    with pytest.raises(ValueError, match="load must be a non-empty list of daily loads of 0% or more"):
        lc.capacity([100, -5])


# -- explorers -----------------------------------------------------------------------------------------
def test_load_capacity_explorer_responds():
    ex = LoadCapacityExplorer()
    assert ex.model_kind == "conceptual"
    png, text = ex.live.last_png, ex.readout_text
    assert text.startswith("Weekend spike to 200% of usual, adaptation time 7 days: load exceeds capacity on 8 of 28 days")
    ex.controls["pattern"].value = "build-up"
    assert "load stays within capacity on all 28 days" in ex.readout_text
    assert ex.live.last_png != png
    ex.controls["pattern"].value = "steady"
    assert "on 8 of 28 days (first on day 1; largest excess 67% on day 1)" in ex.readout_text
    ex.controls["level"].value = 400  # the slider clamps to its range
    assert ex.controls["level"].value == 300


def test_healing_explorer_responds():
    ex = HealingExplorer()
    png = ex.live.last_png
    assert ex.readout_text.startswith("Day 0: inflammation under way (approximate day ranges from secondary sources, "
                                      "unverified). In the inflammation phase")
    ex.controls["day"].value = 20
    assert ex.readout_text.startswith(
        "Day 20: proliferation may be finishing; remodelling may be starting (approximate day ranges from "
        "secondary sources, unverified). "
        "In the proliferation phase, guidance says: Start moving and loading gradually")
    assert ex.live.last_png != png
    ex.controls["day"].value = 60
    assert "In the remodelling phase" in ex.readout_text
    ex.controls["day"].value = 10_000
    assert ex.controls["day"].value == hm.DAY_MAX


def test_lactate_soreness_explorer_responds():
    ex = LactateSorenessExplorer()
    png, text = ex.live.last_png, ex.readout_text
    assert text.startswith("30 min after exercise (rest): blood lactate about 4.3 mmol/L")
    assert ("Lactate is 90% cleared by about 60 min in this illustration (secondary sources: tens of minutes to "
            "about an hour); soreness peaks at 48 h, about 48 times later.") in text
    ex.controls["hours"].value = 48.0
    assert "soreness 100% of its peak" in ex.readout_text and "about 1.0 mmol/L" in ex.readout_text
    assert ex.live.last_png != png
    ex.controls["recovery"].value = "light activity"
    assert "90% cleared by about 20 min" in ex.readout_text
    ex.controls["peak_hours"].value = 24
    assert "soreness peaks at 24 h, about 72 times later" in ex.readout_text


def test_lactate_figure_labels_only_what_the_sources_say():
    # The 1.0 mmol/L anchor is the level before 5-min runs in a 2010 study (read without its authors,
    # sample size or spread), used as an illustrative resting level; Devlin's 11.5 was after all-out exercise.
    ex = LactateSorenessExplorer()
    labels = [t.get_text() for t in ex.live.axes[0].texts]
    assert any("before exercise" in t and "illustrative" in t for t in labels), labels
    assert not any("Menzies" in t or "at rest" in t for t in labels), labels
    assert "Menzies" not in ex.header_html() and "at rest" not in ex.header_html()


@pytest.mark.parametrize("cls", [LoadCapacityExplorer, HealingExplorer, LactateSorenessExplorer])
def test_conceptual_explorers_say_their_numbers_are_not_predictions(cls):
    ex = cls()
    assert ex.model_kind == "conceptual" and ex.checked_against == "" and ex.limit_notes == []
    assert "its numbers are not predictions" in ex.header_html()


def test_time_slider_positions_are_valid_model_inputs():
    hours = [h for _, h in TIMES]
    assert hours == sorted(hours) and hours[0] > 0 and hours[-1] == ls.HOURS_MAX


@pytest.mark.parametrize("cls", [LoadCapacityExplorer, HealingExplorer, LactateSorenessExplorer])
def test_blitting_matches_a_full_redraw(cls):
    ex = cls()
    for move in cls.bench_moves[:3]:
        for key, value in move.items():
            ex.controls[key].value = value
    fast = ex.live.last_png
    ex.live.freeze()
    assert ex.live.render() == fast


def test_explorer_rejects_unknown_control():
    with pytest.raises(ValueError, match="has no control 'week'; controls are day"):
        HealingExplorer(week=3)


# -- the numbers the lesson states ---------------------------------------------------------------------
LESSON = notebooks_dir() / "02_muscle_injury.ipynb"


@pytest.fixture(scope="module")
def lesson_text() -> str:
    book = nbformat.read(LESSON, as_version=4)
    return "\n".join(c.source for c in book.cells if c.cell_type == "markdown")


# (phrase as the lesson writes it, dataset row, field, value the row must hold)
STATED = [
    ("blood lactate can reach 11.5 mmol/L (Devlin", "lactate_after_all_out_exercise", "value", 11.5),
    ("maximal 5-minute effort, recovered for 20 minutes", "second_effort_recovery", "value", 20),
    ("up to 67% of triathletes", "cramp_prevalence_triathletes", "value", 67),
    ("30 to 50% of marathon runners", "cramp_prevalence_marathon", "low", 30),
    ("30 to 50% of marathon runners", "cramp_prevalence_marathon", "high", 50),
    ("case series totalling 18 cases", "cramp_case_series_cases", "value", 18),
    ("case-control study of 10 people", "cramp_case_control_n", "value", 10),
    ("four prospective cohort studies did not support it", "cramp_cohorts_not_supporting", "value", 4),
    ("two high-school American football players died", "overdrinking_deaths", "value", 2),
    ("reportedly drank 15.1 litres", "overdrinking_volume", "value", 15.1),
    ("typically peaks 24 to 72 hours after", "doms_peak_window", "low", 24),
    ("typically peaks 24 to 72 hours after", "doms_peak_window", "high", 72),
    ("20 minutes of light activity lowered lactate as much as 60 minutes of rest",
     "lactate_equal_fall_active", "value", 20),
    ("20 minutes of light activity lowered lactate as much as 60 minutes of rest",
     "lactate_equal_fall_passive", "value", 60),
    ("make up 10 to 55% of all injuries", "muscle_share_of_sports_injuries", "low", 10),
    ("make up 10 to 55% of all injuries", "muscle_share_of_sports_injuries", "high", 55),
    ("over 90% of those are contusions", "contusions_or_strains_share", "value", 90),
    ("survey of 30 experts (63% answered)", "munich_experts", "value", 30),
    ("survey of 30 experts (63% answered)", "munich_response_rate", "value", 63),
    ("squad of 25 players can expect about 15 muscle injuries", "squad_injuries_per_season", "value", 15),
    ("with 223 days of absence", "squad_days_absent", "value", 223),
    ("about 15% of normal strength during repair (secondary source, approximate)",
     "scar_strength_fibroblastic", "value", 15),
    ("immobilising it for more than a week caused marked wasting", "immobilisation_atrophy_days", "value", 7),
]


@pytest.mark.parametrize("phrase, key, field, value", STATED, ids=[f"{k}-{f}" for _, k, f, _ in STATED])
def test_every_number_the_lesson_states_is_in_the_data(lesson_text, phrase, key, field, value):
    assert phrase in lesson_text, f"the lesson no longer says '{phrase}'; update this test and the data together"
    assert fact(key, field) == pytest.approx(value)


def test_secondary_numbers_are_labelled_as_such(lesson_text):
    for key in ("lactate_equal_fall_active", "scar_strength_fibroblastic"):
        assert "secondary source, approximate" in data.record(FACTS, key)["note"]
    assert "as quoted by a coaching source; approximate" in lesson_text
    assert "Treat them as approximate" in lesson_text


def test_healing_guidance_says_which_evidence_is_animal_and_which_human(lesson_text):
    """The "protect briefly" advice comes from a rat study; for acute back pain the human evidence is
    advice to stay active (Dahm 2010). Every phase's guidance says what kind of evidence it rests on."""
    effects = data.load("exercise_effects")
    stay_active = {o: float(e) for o, e, r in zip(effects["outcome"], effects["estimate"], effects["ref"])
                   if r == "dahm2010"}
    guidance = {p.id: p.guidance for p in hm.phases()}
    assert "animal data" in guidance["inflammation"] and "rat" in guidance["inflammation"]
    assert "human evidence" in guidance["inflammation"] and "Dahm 2010" in guidance["inflammation"]
    assert "Animal data" in guidance["proliferation"] and "human evidence" in guidance["proliferation"]
    assert "not a tested rule" in guidance["remodelling"]
    assert f"pain SMD {stay_active['pain']:.2f}" in guidance["inflammation"]
    assert f"function SMD {stay_active['function']:.2f}" in guidance["inflammation"]
    assert "0.22 for pain and 0.29 for function, 2 trials with 401 people" in lesson_text
    assert "protect the area for a short time, then move\" comes from these animal data" in lesson_text
    raw = data.load("healing_phases")
    assert "UNVERIFIED" in raw["day_ranges_source"] and raw["approximate"] is True
    ex = HealingExplorer(day=3)
    assert "secondary sources, unverified" in ex.readout_text and "animal data" in ex.readout_text
    assert "unverified" in ex.header_html()


def test_healing_ranges_the_lesson_states(lesson_text):
    assert ("inflammation to about day 5 to 7, up to 2 weeks; proliferation from about day 3 to 5 until 2 to 6 "
            "weeks; remodelling from 2 to 6 weeks for months, up to 1 to 2 years") in lesson_text
    days = {p.id: (p.onset, p.end, p.tail) for p in hm.phases()}
    assert days["inflammation"] == ((0, 0), (5, 7), 14)
    assert days["proliferation"] == ((3, 5), (14, 42), None)
    assert days["remodelling"][0] == (14, 42) and days["remodelling"][1][1] == 730


def test_explore_answers_the_lesson_relies_on():
    # Explore 4.1, question 1: all three phases may be active on one day only, day 14.
    assert [d for d in range(hm.DAY_MAX + 1) if len(hm.status_at(d).active) == 3] == [14]
    # Explore 4.2, question 3: slower adaptation lengthens the steady pattern's overload.
    assert lc.simulate("steady", 200, 14).overload_days.size == 16 > lc.simulate("steady", 200, 7).overload_days.size
    # Explore 2.1, question 1: at 1 h, 10% of the rise is left and there is no soreness yet.
    p = ls.timeline_at(1.0, "rest", 48)
    assert round(p.rise_left_pct) == 10 and p.soreness_pct < 0.5


def test_nbval_reference_outputs_match_the_data():
    book = nbformat.read(LESSON, as_version=4)
    kept = [c for c in book.cells if c.cell_type == "code" and c.outputs]
    assert len(kept) == 2
    text = "".join(o["text"] for c in kept for o in c.outputs)
    assert "43 of 210 triathletes cramped" in text
    assert "90% of its rise gone by about 60 min" in text and "24 to 72 times later" in text


def test_healing_markers_show_which_phases_are_active():
    ex = HealingExplorer(day=10)
    shown = {pid: (list(dot.get_xdata()), dot.get_markerfacecolor()) for pid, dot in ex._dots.items()}
    assert shown["inflammation"][0] == [10] and shown["inflammation"][1] == "white"  # may linger: open
    assert shown["proliferation"][0] == [10] and shown["proliferation"][1] != "white"  # under way: filled
    assert shown["remodelling"][0] == []  # not yet
    ex.controls["day"].value = 60
    assert list(ex._dots["inflammation"].get_xdata()) == [] and list(ex._dots["remodelling"].get_xdata()) == [60]


def test_explorer_artists_follow_the_model():
    ex = LactateSorenessExplorer(peak_hours=24)
    assert ex._t[np.argmax(ex._sore.get_ydata())] == pytest.approx(24, rel=0.02)
    ex.controls["peak_hours"].value = 72
    assert ex._t[np.argmax(ex._sore.get_ydata())] == pytest.approx(72, rel=0.02)
    lx = LoadCapacityExplorer(pattern="weekend spike", level=150)
    hatched = [i + 1 for i, bar in enumerate(lx._over) if bar.get_visible() and bar.get_hatch()]
    assert hatched == [6, 7, 13, 14, 20, 21, 27, 28]
    assert [bar.get_height() for bar in lx._bars[4:6]] == [100, 150]
    lx.controls["pattern"].value = "build-up"
    assert not any(bar.get_visible() and bar.get_hatch() for bar in lx._over)


def test_load_capacity_hatches_only_the_part_above_capacity():
    # An overload day's bar is plain up to that day's capacity; only the excess on top is hatched.
    ex = LoadCapacityExplorer(pattern="weekend spike", level=200)
    r = lc.simulate("weekend spike", 200, 7)
    assert not any(bar.get_hatch() for bar in ex._bars)
    for i, (load, cap) in enumerate(zip(r.load, r.capacity)):
        top = ex._over[i]
        if load > cap:
            assert top.get_visible() and top.get_hatch()
            assert top.get_y() == pytest.approx(cap) and top.get_y() + top.get_height() == pytest.approx(load)
        else:
            assert not top.get_visible()


def test_the_chosen_recovery_is_the_curve_drawn_and_the_other_a_labelled_ghost():
    ex = LactateSorenessExplorer()
    for chosen, other in (("rest", "light activity"), ("light activity", "rest")):
        ex.controls["recovery"].value = chosen
        drawn, ghost = ex._chosen, ex._ghost
        assert np.allclose(drawn.get_ydata(), ls.lactate(ex._t, chosen))
        assert np.allclose(ghost.get_ydata(), ls.lactate(ex._t, other))
        assert drawn.get_linewidth() > ghost.get_linewidth() and ghost.get_linestyle() == "--"
        assert drawn.get_color() != ghost.get_color()
        # named on the plot, not by colour alone
        assert "(chosen)" in ex._chosen_label.get_text() and "other" in ex._ghost_label.get_text()
        assert chosen.split()[0] in ex._chosen_label.get_text().replace("resting", "rest")
        fast = ex.live.last_png  # the background follows the choice: the fast redraw equals a full one
        ex.live.freeze()
        assert ex.live.render() == fast
    labels = [t.get_text() for t in ex.live.axes[0].get_legend().get_texts()]
    assert any("chosen" in t for t in labels) and any("other choice" in t for t in labels)


def test_the_day_slider_steps_like_the_stretched_axis():
    # The axis gives the first weeks most of its width; the slider's stops follow it: a keyboard user
    # reaches each phase within a few presses, and every phase status of the model is on a stop.
    ex = HealingExplorer()
    days = list(ex.controls["day"].options)
    days = [value for _, value in days]
    assert days[:15] == list(range(15)) and days[0] == hm.DAY_MIN and days[-1] == hm.DAY_MAX
    assert days == sorted(days) and len(days) <= 40
    assert {hm.status_at(d).describe_phases() for d in days} == \
        {hm.status_at(d).describe_phases() for d in range(hm.DAY_MAX + 1)}
    # one press moves the cursor by a similar distance across the whole stretched axis
    ax = ex.live.axes[0]
    x = ax.transData.transform([(d, 0) for d in days])[:, 0]
    steps = np.diff(x)
    assert steps[14:].max() < 3 * steps[5:14].mean()
    # presses from day 0: remodelling may start by day 14, two years are one stop from the end
    assert days.index(14) == 14 and days.index(42) < 25 and len(days) - 1 < 40
    # the value is the day number, and a day between stops moves to the nearer stop
    ex.controls["day"].value = 20
    assert ex.controls["day"].value == 20 and ex.readout_text.startswith("Day 20:")
    ex.controls["day"].value = 119
    assert ex.controls["day"].value == 120


# -- the healing guidance in the picture -------------------------------------------------------------
@pytest.mark.parametrize("day", [0, 4, 10, 14, 20, 42, 60, 365, hm.DAY_MAX])
def test_the_guidance_for_the_day_is_written_next_to_the_cursor(day):
    """The figure carries the readout's guidance in a few words, beside the day's cursor and inside
    the plot; the readout keeps the full guidance as the text equivalent."""
    short = {p["id"]: p["guidance_short"] for p in data.load("healing_phases")["phases"]}
    status = hm.status_at(day)
    ex = HealingExplorer(day=day)
    ax = ex.live.axes[0]
    words = short[status.current.id]
    assert len(words) <= 50
    labels = [t for t in ax.texts if t.get_visible() and words in " ".join(t.get_text().split())]
    assert len(labels) == 1, [t.get_text() for t in ax.texts]
    label = labels[0]
    assert label.get_animated() and f"Day {day}" in label.get_text()
    assert status.current.name.lower() in label.get_text().lower()
    renderer = ex.live.canvas.get_renderer()
    box, frame = label.get_window_extent(renderer), ax.get_window_extent(renderer)
    cursor_x = ax.transData.transform((day, 0))[0]
    assert frame.x0 <= box.x0 and box.x1 <= frame.x1 and frame.y0 <= box.y0, (box, frame)
    assert min(abs(box.x0 - cursor_x), abs(box.x1 - cursor_x)) <= 12, (box, cursor_x)
    assert status.guidance in " ".join(ex.readout_text.split())


def test_the_key_says_what_filled_and_open_markers_mean():
    """The lesson no longer decodes the markers in words: the figure's key does."""
    ex = HealingExplorer()
    legend = ex.live.axes[0].get_legend()
    entries = dict(zip([t.get_text() for t in legend.get_texts()], legend.legend_handles))
    filled = [label for label, h in entries.items() if hasattr(h, "get_marker") and h.get_marker() not in ("", "None")
              and h.get_markerfacecolor() != "white"]
    hollow = [label for label, h in entries.items() if hasattr(h, "get_marker") and h.get_marker() not in ("", "None")
              and h.get_markerfacecolor() == "white"]
    assert len(filled) == 1 and "under way" in filled[0].lower(), entries
    assert len(hollow) == 1 and "may be" in hollow[0].lower(), entries


def test_load_capacity_keeps_the_load_before_the_last_change_as_a_ghost():
    """After a change, the daily load of the setting before it stays as a grey outline, and the
    count box and the readout give its overload days; before any change there is none."""
    ex = LoadCapacityExplorer()
    assert not ex._ghost.get_visible() and "before your last change" not in ex.readout_text.lower()
    spike = lc.simulate("weekend spike", 200, 7, 28)
    ex.controls["pattern"].value = "build-up"
    assert ex._ghost.get_visible()
    np.testing.assert_allclose(ex._ghost.get_ydata(), spike.load)
    assert ex._count.get_text().endswith(f"before your last change: {spike.overload_days.size}")
    assert ex.readout_text.endswith(f"Before your last change (weekend spike to 200%, 7 days): "
                                    f"{spike.overload_days.size} overload days.")
    build_up = lc.simulate("build-up", 200, 7, 28)
    ex.controls["level"].value = 250  # the ghost moves on to the setting just left
    np.testing.assert_allclose(ex._ghost.get_ydata(), build_up.load)
    assert f"(build-up to 200%, 7 days): {build_up.overload_days.size} overload days." in ex.readout_text
    ex.refresh()  # a redraw at the same setting keeps the ghost
    np.testing.assert_allclose(ex._ghost.get_ydata(), build_up.load)
