"""Lesson 08 (evaluating claims): the trial simulator, the published comparisons (Pedersen 2024,
Strijkers 2021), the two trial explorers (fooled by before/after; add a control group) and the
twelve-claims review."""

from __future__ import annotations

import numpy as np
import pytest
from scipy import signal, stats

from course.models import natural_history as nh
from course.explorers.control_group import explore_control_group
from course.models import trial_simulator as tm

SEEDS = range(200)


# -- the simulator: reproducible, honest about zero, finds a real effect -------------------------

def test_same_seed_same_trial_and_other_seeds_differ():
    a, b, c = tm.simulate_trial(seed=11), tm.simulate_trial(seed=11), tm.simulate_trial(seed=12)
    assert np.array_equal(a.pain, b.pain) and np.array_equal(a.start, b.start)
    assert np.array_equal(a.treated, b.treated) and a.difference == b.difference
    assert not np.array_equal(a.pain, c.pain)


def test_arms_are_randomised_halves():
    r = tm.simulate_trial(n_patients=200)
    assert (r.n_treated, r.n_control) == (100, 100)
    r = tm.simulate_trial(n_patients=21)
    assert (r.n_treated, r.n_control) == (10, 11)


def test_zero_effect_looks_good_before_after_but_not_against_control():
    r = tm.simulate_trial(effect=0, seed=1)
    assert r.improvement_treated.low > 20          # a large before/after improvement...
    assert r.improvement_control.low > 20          # ...that the control group shows too
    assert r.difference.low < 0 < r.difference.high
    assert r.realised_effect == 0.0


@pytest.mark.parametrize("cohort", nh.COHORTS)
def test_zero_effect_interval_covers_zero_in_most_seeds(cohort):
    covered = [tm.simulate_trial(effect=0, seed=s, cohort=cohort).difference for s in SEEDS]
    share = np.mean([d.low <= 0 <= d.high for d in covered])
    # a 95% interval should cover the truth about 95% of the time; allow for 200 seeds' chance
    assert 0.90 <= share <= 0.99, share
    assert abs(np.mean([d.mean for d in covered])) < 0.6


def test_real_effect_is_recovered():
    results = [tm.simulate_trial(effect=10, seed=s) for s in range(100)]
    realised = np.array([r.realised_effect for r in results])
    estimates = np.array([-r.difference.mean for r in results])
    assert np.all(realised > 9.5)                               # the 0 floor hardly bites here
    assert abs(estimates.mean() - realised.mean()) < 0.6
    covered = np.mean([r.difference.low <= -r.realised_effect <= r.difference.high for r in results])
    assert covered >= 0.88
    assert np.mean([r.difference.high < 0 for r in results]) >= 0.95   # and it is detected


def test_effect_shows_up_only_after_the_start():
    base, treated = tm.simulate_trial(effect=0, seed=4), tm.simulate_trial(effect=8, seed=4)
    same = tm.WEEKS[None, :] <= base.start[:, None]
    assert np.array_equal(base.pain[same], treated.pain[same])
    assert np.array_equal(base.pain[~base.treated], treated.pain[~treated.treated])
    after = ~same & treated.treated[:, None]
    assert np.allclose(treated.pain[after], np.maximum(base.pain[after] - 8, 0))


def test_people_start_at_their_first_flare_above_the_threshold():
    r = tm.simulate_trial(threshold=55, seed=3)
    rows = np.arange(r.pain.shape[0])
    assert np.all(r.pain[rows, r.start] > 55)
    assert np.all((r.start >= tm.FIRST_START) & (r.start <= tm.LAST_START))
    for i in rows[:50]:
        assert np.all(r.pain[i, tm.FIRST_START:r.start[i]] <= 55)


def test_improvement_splits_into_natural_recovery_regression_and_treatment():
    r = tm.simulate_trial(effect=5, seed=2)
    assert r.natural_recovery + r.regression_to_mean + r.realised_effect == pytest.approx(r.improvement_treated.mean)
    assert sum(r.shares_pct.values()) == pytest.approx(100)
    assert r.regression_to_mean > 5 and r.natural_recovery > 5
    # without week-to-week ups and downs there is nothing to regress from
    flat = tm.simulate_trial(effect=0, fluctuation_pct=0, seed=2)
    assert abs(flat.regression_to_mean) < 1.0
    assert flat.improvement_treated.mean == pytest.approx(flat.natural_recovery, abs=1.0)


def test_more_fluctuation_means_more_regression_to_the_mean():
    rtm = [np.mean([tm.simulate_trial(fluctuation_pct=f, seed=s).regression_to_mean for s in range(10)])
           for f in (10, 30, 50)]
    assert rtm[0] < rtm[1] < rtm[2]


@pytest.mark.parametrize("fluctuation", [0, 30, 60])
@pytest.mark.parametrize("cohort", nh.COHORTS)
def test_simulated_average_follows_costa_2012(cohort, fluctuation):
    # Tolerance: 1 point out of 100 at the published weeks 6, 26 and 52 (several thousand people are
    # simulated). At week 0 pain is highest and capping it at 100 lowers the mean: 1 point allowed
    # up to 30% fluctuation, 5 points at 60%.
    r = tm.simulate_trial(n_patients=1000, seed=5, cohort=cohort, fluctuation_pct=fluctuation)
    pts = nh.published_points(cohort)
    error = r.population_mean[pts["week"].astype(int)] - pts["mean"]
    assert np.all(np.abs(error[1:]) <= 1.0), error
    assert abs(error[0]) <= (1.0 if fluctuation <= 30 else 5.0), error


def test_aligned_curves():
    r = tm.simulate_trial(effect=10, seed=1)
    assert r.align_weeks.tolist() == list(range(0, 13))
    # at the start both arms are on their flare, above their usual level
    assert r.aligned_treated[0] > r.aligned_usual[0] + 5 and r.aligned_control[0] > r.aligned_usual[0] + 5
    # at follow-up the treated arm is about the effect below the control arm
    assert r.aligned_control[tm.FOLLOW_UP] - r.aligned_treated[tm.FOLLOW_UP] == pytest.approx(
        -r.difference.mean)
    assert np.all(r.aligned_treated_half > 0)


@pytest.mark.parametrize("kwargs, words", [
    (dict(effect=-1), "effect must be between 0 and 30 points out of 100, got -1"),
    (dict(effect=31), "effect must be between 0 and 30"),
    (dict(fluctuation_pct=70), "fluctuation must be between 0 and 60 percent, got 70"),
    (dict(threshold=10), "threshold must be between 20 and 90 points out of 100, got 10"),
    (dict(threshold=float("nan")), "threshold must be between 20 and 90"),
    (dict(n_patients=10), "n patients must be between 20 and 1,000 people, got 10"),
    (dict(n_patients=20.5), "n patients must be a whole number between 20 and 1,000"),
    (dict(n_patients=True), "n patients must be a whole number"),
    (dict(seed=-1), "seed must be between 0 and 1,000,000, got -1"),
    (dict(cohort="chronic"), "cohort must be one of acute, persistent, got 'chronic'"),
])
def test_bad_settings_are_explained(kwargs, words):
    with pytest.raises(ValueError, match=words):
        tm.simulate_trial(**kwargs)


def test_threshold_nobody_reaches_is_explained(monkeypatch):
    tm.simulate_trial(threshold=90, fluctuation_pct=0, cohort="persistent")   # found in 9600 people, and kept
    monkeypatch.setattr(tm, "MAX_POOL_PER_PATIENT", 2)
    with pytest.raises(ValueError, match="simulated people had pain above 90 .* lower the threshold"):
        tm.simulate_trial(threshold=90, fluctuation_pct=0, cohort="persistent")


# -- the numbers stay the same: pinned results of a few trials -----------------------------------
# Recorded from the simulator before it was made faster, so that a faster simulation is seen to
# give the same people, the same arms and the same intervals (to 12 significant digits; the
# machine's floating point may differ in the last bit). Each row: settings, then n_candidates and
# weighted sums of start, treated, pain, population_mean, aligned_treated, aligned_control_half
# (see _weighted), difference (mean, low, high), improvement_treated (mean, low, high),
# improvement_control.mean, natural_recovery, realised_effect.

TRIAL_PINS = [
    ({"effect": 0, "n_patients": 200, "cohort": "acute", "seed": 1},
     (1600, 28533.0, 10074.0, 1151422849.8523939, 14259.402659215724, 2603.4283842751697, 197.04372004425588,
      1.2520200158158978, -1.9748469084717635, 4.478886940103559, 46.74519916432494, 44.22849530580337,
      49.261903022846504, 46.69520988065882, 29.073108532561445, 0.0)),
    ({"effect": 10, "n_patients": 100, "cohort": "persistent", "seed": 3},
     (400, 10820.0, 2586.0, 448532644.35848266, 36436.3598855361, 3071.8100039785054, 391.98718661627476,
      -5.703774725018249, -12.599200362045682, 1.1916509120091847, 42.53129993624436, 37.60441166398543,
      47.45818820850329, 33.693265795813886, 16.425704091054087, 10.0)),
    ({"effect": 20, "n_patients": 20, "cohort": "persistent", "seed": 2},
     (400, 1123.0, 141.0, 12365160.744411657, 35844.13249362477, 1874.430900482918, 988.069379987778,
      -24.438653216271916, -38.67665992331616, -10.200646509227676, 56.77282933575849, 44.015743040071705,
      69.52991563144528, 33.252098832077124, 11.99204258887065, 20.0)),
    ({"effect": 0, "fluctuation_pct": 0, "threshold": 80, "seed": 4},
     (5600, 20100.0, 9322.0, 1670199453.3333168, 14484.584291468122, 3871.1781952784104, 106.11326246252055,
      -0.7360812484815185, -2.310249923041198, 0.8380874260781612, 46.51019053212204, 45.85186158139426,
      47.16851948284982, 45.94275564555586, 46.51019053212204, 0.0)),
    ({"effect": 3, "fluctuation_pct": 60, "threshold": 90, "n_patients": 400, "seed": 999},
     (3200, 253439.0, 40540.0, 4371886093.487815, 14369.761009370166, 2127.1806829431425, 232.07356304911679,
      -5.537140099777435, -9.1976189359557, -1.8766612635991695, 76.10596407607792, 73.54289637230143,
      78.66903177985442, 71.04881277214545, 23.049804175626704, 2.9991131654515715)),
]

#: The same for simulate_before_after: weighted sums of start, pain, population_mean, aligned,
#: aligned_half, aligned_usual, then improvement (mean, low, high) and natural_recovery.
BEFORE_AFTER_PINS = [
    ({},
     (28533.0, 1151422849.8523939, 14259.402659215724, 2610.8631921002584, 142.12461093790864, 2557.275183006735,
      46.720204522491876, 44.83341678276608, 48.60699226221767, 29.556020181318626)),
    ({"fluctuation_pct": 0},
     (20100.0, 1324184579.103842, 14290.660503238516, 3093.1239464861656, 81.0861392427774, 3093.1239464861656,
      37.65119727040845, 36.91821358056631, 38.384180960250596, 37.65119727040845)),
    ({"fluctuation_pct": 45, "threshold": 70, "cohort": "persistent"},
     (103237.0, 1985521533.926765, 34724.16662677333, 3415.6655479944056, 239.10080711321103, 3380.147077400558,
      48.25943444158062, 45.62160305691117, 50.89726582625008, 11.646243016630246)),
    ({"fluctuation_pct": 60, "threshold": 90},
     (66159.0, 1179866819.9457989, 14187.579615720633, 2495.848478683804, 225.3069214350558, 2391.6350316284743,
      70.74427095923724, 68.17022865191097, 73.31831326656351, 24.133034739832976)),
]


def _weighted(values) -> float:
    """Sum of the values weighted 1, 2, 3, ... in order: changes if any value or their order does."""
    a = np.asarray(values, float)
    return float((a * (1 + np.arange(a.size)).reshape(a.shape)).sum())


@pytest.mark.parametrize("settings, pinned", TRIAL_PINS)
def test_pinned_trials_give_the_same_numbers(settings, pinned):
    r = tm.simulate_trial(**settings)
    got = (r.n_candidates, *map(_weighted, (r.start, r.treated, r.pain, r.population_mean, r.aligned_treated,
                                            r.aligned_control_half)),
           *vars(r.difference).values(), *vars(r.improvement_treated).values(), r.improvement_control.mean,
           r.natural_recovery, r.realised_effect)
    assert got == pytest.approx(pinned, rel=1e-12, abs=1e-12)


@pytest.mark.parametrize("settings, pinned", BEFORE_AFTER_PINS)
def test_pinned_before_after_studies_give_the_same_numbers(settings, pinned):
    r = tm.simulate_before_after(**settings)
    got = (*map(_weighted, (r.start, r.pain, r.population_mean, r.aligned, r.aligned_half, r.aligned_usual)),
           *vars(r.improvement).values(), r.natural_recovery)
    assert got == pytest.approx(pinned, rel=1e-12, abs=1e-12)



def test_a_setting_run_again_gives_new_arrays_with_the_same_numbers():
    """The people of a setting are kept for the next run; what a run returns is its own."""
    for simulate in (tm.simulate_trial, tm.simulate_before_after):
        first = simulate(seed=21)
        pain, start = first.pain.copy(), first.start.copy()
        first.pain[:] = 0.0
        first.start[:] = 0
        again = simulate(seed=21)
        assert np.array_equal(again.pain, pain) and np.array_equal(again.start, start)


@pytest.mark.parametrize("size, s", [(800, 0.3), (400, 0.05), (3, 0.6), (1, 0.45)])
def test_the_week_to_week_fluctuation_is_lfilters_to_the_bit(size, s):
    eps = np.random.default_rng(size).standard_normal((size, tm.WEEKS.size))
    rho = tm.WEEK_CORRELATION
    z0 = s * eps[:, 0]
    rest = signal.lfilter([s * np.sqrt(1 - rho ** 2)], [1.0, -rho], eps[:, 1:], axis=1, zi=rho * z0[:, None])[0]
    assert np.array_equal(tm._fluctuation(eps, s), np.column_stack([z0, rest]))


def test_the_intervals_are_scipys_t_intervals_to_the_bit():
    """Computed step by step as scipy.stats computes them (a last-bit difference shows in about
    one sample in a hundred, hence so many samples)."""
    rng = np.random.default_rng(8)
    for sizes in [(2, 2), (2, 3), (10, 11)] + [tuple(rng.integers(2, 300, 2)) for _ in range(300)]:
        a, b = (rng.normal(40, 15, size) for size in sizes)
        one = stats.ttest_1samp(a, 0.0).confidence_interval(0.95)
        assert tm._mean_ci(a) == tm.Estimate(float(np.mean(a)), float(one.low), float(one.high)), sizes
        two = stats.ttest_ind(a, b, equal_var=False).confidence_interval(0.95)
        difference = float(a.mean() - b.mean())
        assert tm._difference_ci(a, b) == tm.Estimate(difference, float(two.low), float(two.high)), sizes

# -- published comparisons ----------------------------------------------------------------------

def test_pedersen_2024_shares():
    assert tm.improvement_shares() == {"specific treatment": 33, "placebo": 18, "no treatment": 49}
    assert tm.improvement_shares("physical_function") == {"specific treatment": 34, "placebo": 13,
                                                          "no treatment": 53}
    assert tm.improvement_shares("health_related_quality_of_life") == {"specific treatment": 11,
                                                                       "placebo": 41, "no treatment": 48}
    for outcome in ("pain_intensity", "physical_function", "health_related_quality_of_life"):
        assert sum(tm.improvement_shares(outcome).values()) == 100
    with pytest.raises(ValueError, match="outcome must be one of pain_intensity"):
        tm.improvement_shares("pain")


def test_strijkers_2021_placebo():
    assert tm.placebo_effect() == {"smd": -0.37, "low": -0.55, "high": -0.18, "points_0_100": 8, "studies": 21}


def test_natural_course_numbers_the_lesson_quotes():
    from course.data import record

    assert nh.pain_at(0, "acute").mean == 52 and nh.pain_at(6, "acute").mean == 23
    assert record("recovery_and_recurrence", "Pengel 2003")["value"] == 58


# -- the twelve claims revisited ----------------------------------------------------------------

EXPECTED_VERDICTS = {"a": "Partly supported", "b": "Not supported", "c": "Not supported",
                     "d": "Partly supported", "e": "Not supported", "f": "Not supported",
                     "g": "Partly supported", "h": "Not supported", "i": "No evidence",
                     "j": "Partly supported", "k": "Supported", "l": "Contested"}


def test_every_claim_has_a_predictable_verdict():
    from course.claims_revisited import verdict_category
    from course.evidence import claims

    assert {k: verdict_category(c.verdict) for k, c in claims().items()} == EXPECTED_VERDICTS
    with pytest.raises(ValueError, match="does not start with one of"):
        verdict_category("Probably")


def test_check_prediction():
    from course.claims_revisited import check_prediction

    right = check_prediction("k", "supported")
    assert right.correct and right.predicted == "Supported"
    wrong = check_prediction("g", "Supported")
    assert not wrong.correct and "Partly supported (heat); not supported (ice)" in wrong.message
    with pytest.raises(ValueError, match="a prediction must be one of Supported"):
        check_prediction("a", "maybe")


def test_claim_review_flow():
    from course.claims_revisited import show_claim_review

    seen = []
    review = show_claim_review(on_reveal=seen.append)
    assert "Claim 1 of 12 (a)" in review.heading.value
    assert review.reveal_button.disabled and review.feedback.value == ""
    with pytest.raises(ValueError, match="choose a prediction"):
        review.reveal()
    review.predict("Partly supported")
    assert not review.reveal_button.disabled
    result = review.reveal()
    assert result.correct and seen == [result]
    assert "course-claim-card" in review.feedback.value and "✔ Matched" in review.feedback.value
    assert review.choice.disabled and review.score_text().startswith("You matched 1 of 1")
    review.go(10)
    assert review.current == "k" and review.choice.value is None and not review.choice.disabled
    review.predict("Contested")
    assert not review.reveal().correct
    assert "✘ Different" in review.feedback.value and "1 of 2" in review.score.value
    review.go(0)  # earlier prediction kept and shown
    assert review.choice.value == "Partly supported" and review.choice.disabled
    assert review.previous_button.disabled
    with pytest.raises(ValueError, match="between 0 and 11"):
        review.go(12)
    with pytest.raises(ValueError, match="a prediction must be one of"):
        review.predict("sure")


def test_public_names():
    import course

    for name in ("explore_before_after", "explore_control_group", "simulate_trial", "simulate_before_after",
                 "improvement_shares", "show_claim_review"):
        assert callable(getattr(course, name))


# -- shares and the measured course ------------------------------------------------------------------

@pytest.mark.parametrize("cohort", nh.COHORTS)
def test_without_fluctuation_the_improvement_is_all_natural_recovery(cohort):
    # scores are capped at 100; natural recovery must be measured on the same scale, or a flat
    # course reads "natural recovery 101%" and "regression to the mean -1%"
    for seed in range(1, 6):
        r = tm.simulate_trial(fluctuation_pct=0, threshold=80 if cohort == "acute" else 60, seed=seed, cohort=cohort)
        assert r.natural_recovery == pytest.approx(r.improvement_treated.mean, abs=1e-9)
        assert r.shares_pct["natural recovery"] == pytest.approx(100.0)


def test_shares_stay_between_0_and_100_percent():
    for seed in range(40):
        for fluctuation in (0, 5, 10):
            r = tm.simulate_trial(fluctuation_pct=fluctuation, n_patients=20, seed=seed, cohort="persistent")
            shares = r.shares_pct
            assert all(0.0 <= v <= 100.0 for v in shares.values()), (seed, fluctuation, shares)
            assert sum(shares.values()) == pytest.approx(100)


@pytest.mark.parametrize("cohort", nh.COHORTS)
@pytest.mark.parametrize("fluctuation", [0, 60])
def test_expected_average_matches_a_large_simulation(cohort, fluctuation):
    r = tm.simulate_trial(n_patients=1000, seed=8, cohort=cohort, fluctuation_pct=fluctuation)
    for week in nh.published_points(cohort)["week"].astype(int):
        assert r.population_mean[week] == pytest.approx(tm.expected_average(week, cohort, fluctuation), abs=0.6)


# -- one group, before and after ---------------------------------------------------------------

def test_before_after_is_the_trial_without_randomisation():
    for seed in (1, 7):
        one, trial = tm.simulate_before_after(seed=seed), tm.simulate_trial(effect=0, seed=seed)
        assert np.array_equal(one.pain, trial.pain) and np.array_equal(one.start, trial.start)   # the same people
        rows = np.arange(one.pain.shape[0])
        fall = one.pain[rows, one.start] - one.pain[rows, one.start + tm.FOLLOW_UP]
        assert one.improvement.mean == pytest.approx(fall.mean())
        assert one.improvement.low < fall.mean() < one.improvement.high
        assert one.natural_recovery + one.regression_to_mean == pytest.approx(one.improvement.mean)
        assert one.aligned[0] - one.aligned[tm.FOLLOW_UP] == pytest.approx(one.improvement.mean)


def test_before_after_refuses_bad_settings():
    with pytest.raises(ValueError, match="threshold must be between 20 and 90 points out of 100, got 95"):
        tm.simulate_before_after(threshold=95)
    with pytest.raises(ValueError, match="cohort must be one of acute, persistent"):
        tm.simulate_before_after(cohort="chronic")


def test_run_n_uses_seed_base_plus_n():
    assert [tm.run_seed(n) for n in (1, 2, 30)] == [tm.SEED_BASE + 1, tm.SEED_BASE + 2, tm.SEED_BASE + 30]
    with pytest.raises(ValueError, match="run must be a whole number between 1 and 1,000,000"):
        tm.run_seed(2.5)
    with pytest.raises(ValueError, match="run must be between 1 and 1,000,000, got 0"):
        tm.run_seed(0)


@pytest.fixture
def before_after():
    from course.explorers.before_after import explore_before_after

    return explore_before_after()


def test_before_after_readout_matches_the_model(before_after):
    r = tm.simulate_before_after()
    text = before_after.readout_text
    assert text.startswith("One group, a treatment that does nothing: pain fell "
                           f"{r.improvement.mean:.1f} points (95% CI {r.improvement.low:.1f} to {r.improvement.high:.1f})")
    assert f"natural recovery {r.natural_recovery:.1f} points and regression to the mean {r.regression_to_mean:.1f}" in text
    assert before_after.model_kind == "conceptual" and before_after.bench_moves


def _each_move_changes_readout_and_figure(explorer, moves):
    for name, value in moves.items():
        png, text = explorer.live.last_png, explorer.readout_text
        explorer.controls[name].value = value
        assert explorer.error is None, explorer.error
        assert explorer.readout_text != text, name
        assert explorer.live.last_png != png, name


def test_before_after_follows_each_control(before_after):
    moves = {"fluctuation_pct": 45, "threshold": 70, "cohort": "persistent"}
    _each_move_changes_readout_and_figure(before_after, moves)
    expected = tm.simulate_before_after(**moves)
    assert before_after.state.improvement == expected.improvement
    shown = [t.get_text() for t in before_after.live.axes[1].texts if t.get_visible()]
    assert f"fell {expected.improvement.mean:.1f}\npoints" in shown, shown


def test_before_after_has_one_group_and_no_treatment_share(before_after):
    texts = " ".join(t.get_text() for t in before_after.live.fig.findobj(lambda a: hasattr(a, "get_text")))
    assert "control" not in texts.lower()
    assert set(before_after._bar.parts) == {"natural recovery", "regression to the mean"}
    shares = before_after.state.shares_pct
    assert list(before_after._bar.heights.values()) == pytest.approx([shares["natural recovery"],
                                                                      shares["regression to the mean"]])


def _published_shown(explorer, cohort):
    mean = list(nh.published_points(cohort)["mean"])
    return [line.get_visible() for line in explorer.live.axes[0].lines if list(line.get_ydata()) == mean]


def test_before_after_shows_only_the_published_points_of_its_cohort_and_says_so(before_after):
    assert any(_published_shown(before_after, "acute")) and not any(_published_shown(before_after, "persistent"))
    assert "Published points: Costa 2012's acute cohorts" in before_after.readout_text
    assert "the persistent-pain cohorts' are left out" in before_after.readout_text
    before_after.controls["cohort"].value = "persistent"
    assert any(_published_shown(before_after, "persistent")) and not any(_published_shown(before_after, "acute"))
    assert "Published points: Costa 2012's persistent-pain cohorts" in before_after.readout_text
    assert "the acute cohorts' are left out" in before_after.readout_text


@pytest.mark.parametrize("cohort, threshold", [("acute", 60), ("acute", 80), ("persistent", 30), ("persistent", 60)])
def test_without_ups_and_downs_the_bar_reads_all_natural_recovery(before_after, cohort, threshold):
    import re

    before_after.controls["cohort"].value = cohort
    before_after.controls["threshold"].value = threshold
    before_after.controls["fluctuation_pct"].value = 0
    assert before_after.error is None, before_after.error
    labels = [t.get_text() for t in before_after.live.axes[2].texts if t.get_visible() and t.get_text()]
    percents = [int(p) for label in labels for p in re.findall(r"(\d+)%", label)]
    assert all(p <= 100 for p in percents), labels
    assert any("natural\nrecovery\n100%" == label for label in labels), labels
    assert "regression to the mean 0.0" in before_after.readout_text


def test_before_after_marks_where_it_leaves_the_measured_course(before_after):
    from course.explorers.before_after import BeforeAfterExplorer

    assert "Costa" in BeforeAfterExplorer.checked_against
    assert before_after.limit_notes == [] and tm.departures_from_costa("acute", 30) == []
    before_after.controls["fluctuation_pct"].value = 60
    assert len(before_after.limit_notes) == 1
    assert "week 0" in before_after.limit_notes[0] and "48 to 57" in before_after.limit_notes[0]
    assert "Outside the measured range" in before_after.readout_text
    before_after.controls["cohort"].value = "persistent"   # its wider interval (44 to 59) still holds the average
    assert before_after.limit_notes == []


# -- add a control group ------------------------------------------------------------------------

@pytest.fixture
def control_group():
    from course.explorers.control_group import explore_control_group

    return explore_control_group()


def _trial(run, effect=0, n_patients=200, cohort="acute"):
    return tm.simulate_trial(effect=effect, fluctuation_pct=30, threshold=60, n_patients=n_patients,
                             seed=tm.SEED_BASE + run, cohort=cohort)


def _signed(x):
    return f"{x:+.1f}".replace("-", "\u2212")


def test_control_group_readout_matches_the_model(control_group):
    r = _trial(1)
    d = r.difference
    text = control_group.readout_text
    assert text.startswith(f"Trial 1: treatment minus control at 6 weeks {_signed(d.mean)} points "
                           f"(95% CI {_signed(d.low)} to {_signed(d.high)}); true effect 0.")
    assert f"the treatment group's pain fell {r.improvement_treated.mean:.1f} points" in text
    assert control_group.model_kind == "conceptual" and control_group.bench_moves


def test_control_group_follows_each_control(control_group):
    moves = {"effect": 10, "n_patients": 100, "cohort": "persistent", "run": 9}
    _each_move_changes_readout_and_figure(control_group, moves)
    assert control_group.state.difference == _trial(9, effect=10, n_patients=100, cohort="persistent").difference


def test_control_group_controls_are_keyboard_widgets_with_a_new_trial_button(control_group):
    import ipywidgets as widgets

    for name in ("effect", "n_patients", "run"):
        assert isinstance(control_group.controls[name], widgets.IntSlider), name
    assert isinstance(control_group.controls["cohort"], widgets.Dropdown)

    def boxes_holding(box, widget):
        children = list(getattr(box, "children", ()))
        found = [box] if widget in children else []
        return found + [b for child in children for b in boxes_holding(child, widget)]

    button = control_group.new_trial_button
    assert isinstance(button, widgets.Button) and button.description == "Run a new trial"
    (holder,) = boxes_holding(control_group.widget, button)
    siblings = list(holder.children)
    assert siblings.index(button) == siblings.index(control_group.controls["run"]) + 1


def test_a_new_trial_is_the_next_run_and_the_same_every_time(control_group):
    from course.explorers.control_group import explore_control_group

    control_group.new_trial_button.click()
    control_group.new_trial_button.click()
    assert control_group.controls["run"].value == 3
    assert control_group.state.difference == _trial(3).difference != _trial(1).difference
    assert control_group.readout_text.startswith("Trial 3: ")
    again = explore_control_group()
    again.new_trial_button.click()
    again.new_trial_button.click()
    assert again.state.difference == control_group.state.difference and again.readout_text == control_group.readout_text


def _tally(runs, **setting):
    return sum(tm.includes_zero(_trial(run, **setting).difference) for run in runs)


def test_the_tally_counts_the_intervals_that_include_0(control_group):
    assert "1 of 1 intervals so far include 0" in control_group.readout_text
    for _ in range(11):
        control_group.new_trial_button.click()
    k = _tally(range(1, 13))
    assert 9 <= k <= 12   # a 95% interval includes the true 0 in most trials
    assert f"{k} of 12 intervals so far include 0" in control_group.readout_text
    assert f"Trials so far: {k} of\n12 intervals include 0" in [t.get_text() for t in control_group.live.fig.findobj(
        lambda a: hasattr(a, "get_text"))]
    control_group.controls["run"].value = 4          # a trial seen before is not counted twice
    assert f"{k} of 12 intervals so far include 0" in control_group.readout_text


@pytest.mark.parametrize("change", [{"effect": 10}, {"n_patients": 40}])
def test_the_tally_starts_again_when_the_effect_or_the_size_changes(control_group, change):
    for _ in range(3):
        control_group.new_trial_button.click()
    assert "of 4 intervals so far" in control_group.readout_text
    (name, value), = change.items()
    control_group.controls[name].value = value
    k = _tally([4], **change)
    assert f"{k} of 1 intervals so far include 0" in control_group.readout_text
    control_group.new_trial_button.click()
    assert f"{k + _tally([5], **change)} of 2 intervals so far include 0" in control_group.readout_text


def test_earlier_trials_stay_as_ghosts_next_to_the_latest(control_group):
    from course.explorers.control_group import SHOWN

    def drawn():
        return [line for line in control_group._runs if len(line.get_xdata())]

    assert len(drawn()) == 1
    for _ in range(SHOWN + 2):
        control_group.new_trial_button.click()
    lines = drawn()
    assert len(lines) == SHOWN                      # the latest SHOWN trials
    latest, *ghosts = lines
    d = control_group.state.difference
    assert list(latest.get_xdata()) == pytest.approx([d.low, d.mean, d.high])
    assert all(g.get_linewidth() < latest.get_linewidth() and g.get_alpha() < 1 for g in ghosts)
    for line, run in zip(lines, range(SHOWN + 3, 3, -1)):
        e = _trial(run).difference
        assert list(line.get_xdata()) == pytest.approx([e.low, e.mean, e.high])
        assert (line.get_marker() == "o") == tm.includes_zero(e)   # hollow circle: includes 0


def test_the_question_reads_the_trial_the_button_ran(control_group):
    """Explorer questions read the trial number like any other control, so the answer follows the
    trial the learner is at."""
    from course.banks import load_bank

    q = load_bank("08").question("smallest-detected")

    def smallest(run):
        return next(e for e in range(0, 21) if _trial(run, effect=e).difference.high < 0)

    first = smallest(1)
    other = next(run for run in range(2, 40) if smallest(run) != first)
    assert q.check(control_group.values() | {"effect": first}).correct
    for _ in range(other - 1):
        control_group.new_trial_button.click()
    values = control_group.values()
    assert values["run"] == other
    assert not q.check(values | {"effect": first}).correct
    assert q.check(values | {"effect": smallest(other)}).correct


@pytest.mark.parametrize("moves", [{}, {"effect": 10}, {"effect": 5, "cohort": "persistent", "run": 4}])
def test_the_difference_and_its_interval_are_labelled_at_the_follow_up(control_group, moves):
    for name, value in moves.items():
        control_group.controls[name].value = value
    r = _trial(moves.get("run", 1), effect=moves.get("effect", 0), cohort=moves.get("cohort", "acute"))
    d = r.difference
    words = f"{_signed(d.mean)} points (95% CI {_signed(d.low)} to {_signed(d.high)})"
    around = control_group.live.axes[0]
    labels = [t for t in around.texts if t.get_visible() and words in " ".join(t.get_text().split())]
    assert len(labels) == 1, [t.get_text() for t in around.texts]
    assert labels[0].get_animated()
    x, y = labels[0].get_position()
    i = list(r.align_weeks).index(tm.FOLLOW_UP)
    arms = sorted((r.aligned_treated[i], r.aligned_control[i]))
    assert abs(x - tm.FOLLOW_UP) <= 2 and arms[0] - 12 <= y <= arms[1] + 12  # at the two groups' follow-up
    assert f"treatment minus control at 6 weeks {words}" in control_group.readout_text


def test_the_control_group_bars_show_the_split(control_group):
    control_group.controls["effect"].value = 10
    shares = control_group.state.shares_pct
    assert list(control_group._bar.heights.values()) == pytest.approx([max(0, shares[k]) for k in control_group._bar.parts])
    assert sum(control_group._bar.heights.values()) == pytest.approx(100, abs=0.5)


def test_the_pedersen_bar_is_greyed_and_labelled_as_not_like_for_like(control_group):
    parts = control_group.live.axes[2]
    ticks = [t.get_text() for t in parts.get_xticklabels()]
    assert "not like for like" in " ".join(ticks[1].split()), ticks
    shares = tm.improvement_shares("pain_intensity")
    pedersen = [p for p in parts.patches if p.get_x() > 0.5]
    simulated = [p for p in parts.patches if p.get_x() < 0.5]
    assert sorted(round(p.get_height()) for p in pedersen) == sorted(round(v) for v in shares.values())
    assert all(p.get_alpha() is not None and p.get_alpha() < 0.6 for p in pedersen)   # greyed
    assert all(p.get_alpha() in (None, 1) for p in simulated)


@pytest.mark.parametrize(("effect", "words"), [(0, "true effect 0"), (10, "true effect \u221210")])
def test_the_true_effect_is_labelled_with_its_value_on_the_difference_axis(effect, words):
    """Less pain is a negative treatment-minus-control difference: the true-effect line and its label
    sit at minus the effect, and the label gives that value."""
    ex = explore_control_group(effect=effect)
    assert list(ex._truth.get_xdata()) == [-effect, -effect]
    assert ex._truth_text.get_text() == words
