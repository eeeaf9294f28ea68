"""Every public model function refuses an input it cannot use (NaN, infinity, a value far out of
range, a zero step) with a ValueError that says which input, its unit and its valid range, and
never with Python's own wording or a NaN result."""

from __future__ import annotations

import math
import re

import numpy as np
import pytest

from course.models import (
    bioheat,
    buoyancy,
    effect_size,
    healing,
    lactate_soreness,
    load_capacity,
    natural_history,
    perfusion,
    risk,
    trial_simulator,
    trials,
)

NAN, INF = float("nan"), float("inf")

#: function, keyword arguments that work; each numeric argument is then replaced by bad values.
CALLS = [
    (bioheat.fat_from_skinfold, {"skinfold_mm": 15, "skin_mm": 2.0}),
    (bioheat.scenario_slab, {"fat_mm": 10, "grid_mm": 0.5}),
    (bioheat.simulate, {"fat_mm": 5, "duration_min": 5, "after_min": 5, "probe_cm": 1.0, "perfusion_factor": 0.1,
                        "step_min": 1.0, "grid_mm": 0.5}),
    (buoyancy.weight_borne, {"level": "chest", "body_fat_pct": 20, "weight_kg": 70}),
    (effect_size.effect, {"d": 0.5}),
    (effect_size.curves, {"d": 0.5, "x": [0.0, 1.0]}),
    (healing.status_at, {"day": 5}),
    (lactate_soreness.lactate, {"hours": 1.0, "recovery": "rest"}),
    (lactate_soreness.soreness, {"hours": 24.0, "peak_hours": 48.0}),
    (lactate_soreness.minutes_to_clear, {"recovery": "rest", "share_left": 0.1}),
    (lactate_soreness.timeline_at, {"hours": 24.0, "recovery": "rest", "peak_hours": 48.0}),
    (load_capacity.daily_load, {"pattern": "weekend spike", "level": 200.0, "days": 28}),
    (load_capacity.capacity, {"load": [100.0, 120.0, 90.0], "adapt_days": 7.0}),
    (load_capacity.simulate, {"pattern": "weekend spike", "level": 200.0, "adapt_days": 7.0, "days": 28}),
    (natural_history.pain_curve, {"weeks": [0.0, 6.0], "cohort": "acute"}),
    (natural_history.pain_at, {"week": 6.0, "cohort": "acute"}),
    (natural_history.percent_fall, {"week": 6.0, "cohort": "acute"}),
    (perfusion.intramuscular_pressure, {"mvc_pct": 40.0, "strength": 1.0}),
    (perfusion.occlusion_threshold, {"arterial_mmhg": 100.0, "strength": 1.0}),
    (perfusion.oxygen_demand, {"mvc_pct": 40.0}),
    (perfusion.flow_ceiling, {"mvc_pct": 40.0, "arterial_mmhg": 100.0, "strength": 1.0}),
    (perfusion.steady_flow, {"mvc_pct": 40.0, "arterial_mmhg": 100.0, "strength": 1.0}),
    (perfusion.simulate, {"mvc_pct": 40.0, "hold_s": 20.0, "rest_s": 10.0, "arterial_mmhg": 100.0, "strength": 1.0,
                          "duration_s": 60.0, "dt": 0.5}),
    (risk.whole_people, {"nnt": 7.2}),
    (risk.absolute_effect, {"baseline_pct": 30.0, "ratio": 0.8, "ratio_low": 0.6, "ratio_high": 0.95}),
    (risk.treated_risk_curve, {"baseline_pct": [10.0, 30.0], "ratio": 0.8}),
    (risk.icon_counts, {"baseline_pct": 30.0, "ratio": 0.8, "people": 100}),
    (trial_simulator.simulate_trial, {"effect": 0.0, "fluctuation_pct": 30.0, "threshold": 60.0, "n_patients": 200,
                                      "seed": 1}),
    (trial_simulator.simulate_before_after, {"fluctuation_pct": 30.0, "threshold": 60.0, "n_patients": 200, "seed": 1}),
    (trial_simulator.run_seed, {"run": 1}),
    (trials.wilson_interval, {"improved": 5, "n": 20, "confidence": 0.95}),
]

#: Arguments that take any number (a seed), or none of the bad values below.
FREE = {("simulate_trial", "seed"), ("simulate_before_after", "seed")}

BAD_VALUES = [NAN, INF, -INF, 1e308, -1e308, 0.0, -1.0]
#: Arguments for which infinity has a meaning (a number needed to treat when nobody is spared).
INFINITE_ALLOWED = {("whole_people", "nnt")}
PYTHON_WORDING = re.compile(r"cannot convert|could not convert|unsupported operand|object of type|"
                            r"not supported between|invalid literal|division by zero|math domain error")


def _numeric(value) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _cases():
    for func, kwargs in CALLS:
        for name, good in kwargs.items():
            if (func.__name__, name) in FREE:
                continue
            if _numeric(good) or (isinstance(good, list) and all(map(_numeric, good))):
                for bad in BAD_VALUES:
                    value = [bad] * len(good) if isinstance(good, list) else bad
                    yield pytest.param(func, kwargs, name, value,
                                       id=f"{func.__module__.rsplit('.', 1)[1]}.{func.__name__}-{name}={bad:g}")


@pytest.mark.parametrize("func, kwargs", [pytest.param(f, k, id=f"{f.__module__}.{f.__name__}") for f, k in CALLS])
def test_the_good_calls_work(func, kwargs):
    func(**kwargs)


def _finite(result) -> bool:
    if isinstance(result, (int, float, np.floating, np.integer)):
        return math.isfinite(float(result))
    if isinstance(result, np.ndarray):
        return bool(np.all(np.isfinite(result)))
    if isinstance(result, (tuple, list)):
        return all(_finite(r) for r in result)
    return True


@pytest.mark.parametrize("func, kwargs, name, value", list(_cases()))
def test_a_value_that_cannot_be_used_is_refused_in_words(func, kwargs, name, value):
    try:
        result = func(**{**kwargs, name: value})
    except ValueError as exc:
        message = str(exc)
        assert not PYTHON_WORDING.search(message), message
        assert "got" in message, message
        return
    except Exception as exc:  # noqa: BLE001 - any other error is the failure this test looks for
        pytest.fail(f"{type(exc).__name__} instead of a ValueError: {exc}")
    # Some inputs have no upper limit (a long duration); the result must still be usable.
    if (func.__name__, name) in INFINITE_ALLOWED and value == INF:
        return
    assert not (isinstance(value, float) and math.isnan(value)), f"NaN accepted for {name}: {result!r}"
    assert _finite(result), f"{name}={value!r} gave a result that is not finite: {result!r}"


@pytest.mark.parametrize("call, words", [
    (lambda: bioheat.scenario_slab(INF), ["fat_mm", "mm", "between 0 and 60"]),
    (lambda: bioheat.scenario_slab(10, grid_mm=0), ["grid_mm", "mm", "between 0.05 and 2"]),
    (lambda: load_capacity.simulate(days=INF), ["days", "whole number between"]),
    (lambda: load_capacity.simulate(days=NAN), ["days", "whole number between"]),
    (lambda: perfusion.simulate(dt=0), ["dt", " s", "between"]),
    (lambda: trials.wilson_interval(5, 1e308), ["n", "people", "between 1 and"]),
    (lambda: trials.wilson_interval(NAN, 20), ["improved", "whole number of people"]),
    (lambda: trials.summarise(trials.arms()[0], scale=INF), ["scale", "whole number"]),
    (lambda: risk.whole_people(NAN), ["nnt", "people", "1 or more"]),
    (lambda: bioheat.fat_from_skinfold(15, skin_mm=NAN), ["skin_mm", "mm", "between 0 and 10"]),
])
def test_the_reported_cases_name_the_parameter_unit_and_range(call, words):
    with pytest.raises(ValueError) as info:
        call()
    message = str(info.value)
    assert not PYTHON_WORDING.search(message), message
    for word in words:
        assert word in message, message
