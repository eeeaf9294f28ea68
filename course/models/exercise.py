"""Exercise for low back pain: published effects, thresholds and the recurrence estimates.

Kind of model: **published data**, no fitting. This module reads three course datasets and answers
the questions lesson 07 asks of them:

- ``exercise_effects``: mean differences (points out of 100, positive = better with exercise) from
  Hayden 2021 (chronic pain) and IJzelenberg 2023 (acute pain), and standardised mean differences for
  advice to stay active compared with bed rest (Dahm 2010);
- ``recurrence_prevention``: ratios for exercise to prevent the next episode (Choi 2010,
  Steffens 2016), with 95% confidence intervals;
- ``recovery_and_recurrence``: one-year recurrence, the baseline risks: after recovery (Machado 2017,
  da Silva 2019) and, in cohorts with acute low back pain, at least one recurrence within 12 months
  (Pengel 2003, not counted from recovery).

Symbols and units
-----------------
estimate, low, high : points on a 0-100 scale (or SMD, dimensionless, where the scale says so)
important_difference : points on a 0-100 scale that the review counted as clinically important
ratio : dimensionless; baseline risks in percent of people

>>> e = exercise_effect("chronic_pain_vs_no_treatment")
>>> (e.estimate, e.low, e.high, e.important_difference)
(15.0, 12.0, 18.0, 15.0)
>>> verdict_against_threshold(e)
'reaches the clinically important difference on average, but the lower limit of its interval (12) is below it (15)'
>>> prevention("choi2010_exercise_after_treatment").ratio
0.5
>>> baseline_range()
(33.0, 69.0)
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from .. import data

EFFECTS = "exercise_effects"
PREVENTION = "recurrence_prevention"
BASELINES = "recovery_and_recurrence"

#: Rows of recovery_and_recurrence that give one-year recurrence risks, with a short label.
BASELINE_ROWS: dict[str, str] = {
    "Machado 2017": "any recurrence within 1 year after recovery",
    "da Silva 2019": "any recurrence within 1 year after recovery",
    "Pengel 2003": "at least one recurrence within 12 months",
}


@dataclass(frozen=True)
class Effect:
    """One published effect: difference favouring exercise (or staying active) with its 95% CI."""

    key: str
    population: str
    comparison: str
    outcome: str
    estimate: float
    low: float
    high: float
    scale: str
    important_difference: float | None
    participants: int
    studies: int
    certainty: str
    ref: str


@dataclass(frozen=True)
class Prevention:
    """A ratio for exercise to prevent another episode, with its 95% CI."""

    key: str
    intervention: str
    comparison: str
    measure: str
    ratio: float
    low: float
    high: float
    certainty: str
    ref: str


def _rows(name: str) -> list[dict]:
    table = data.load(name)
    cols = list(table)
    n = len(table[cols[0]])
    return [{c: (table[c][i].item() if hasattr(table[c][i], "item") else table[c][i]) for c in cols}
            for i in range(n)]


def _num(x) -> float | None:
    return None if x is None or (isinstance(x, float) and math.isnan(x)) else float(x)


def effects() -> dict[str, Effect]:
    """All rows of ``exercise_effects``, by key, in file order."""
    out = {}
    for r in _rows(EFFECTS):
        out[r["key"]] = Effect(
            key=r["key"], population=r["population"], comparison=r["comparison"], outcome=r["outcome"],
            estimate=float(r["estimate"]), low=float(r["low"]), high=float(r["high"]), scale=r["scale"],
            important_difference=_num(r["important_difference"]), participants=int(r["participants"]),
            studies=int(r["studies"]), certainty=r["certainty"] if isinstance(r["certainty"], str) else "",
            ref=r["ref"])
    return out


def exercise_effect(key: str) -> Effect:
    """One row of ``exercise_effects``; an unknown key raises a ValueError listing the keys."""
    table = effects()
    if key not in table:
        raise ValueError(f"no exercise effect '{key}'; choose one of {', '.join(table)}")
    return table[key]


def verdict_against_threshold(e: Effect) -> str:
    """Compare an effect and its interval with the clinically important difference, in words.

    >>> verdict_against_threshold(exercise_effect("chronic_function_vs_no_treatment"))
    'is below the clinically important difference (10), even at the upper limit of its interval (8)'
    """
    t = e.important_difference
    if t is None:
        if e.low <= 0 <= e.high:
            return "has an interval that includes no difference at all"
        return "has no clinically important difference given by the review"
    if e.low >= t:
        return f"is above the clinically important difference ({t:g}) across its whole interval"
    if e.estimate >= t:
        return (f"reaches the clinically important difference on average, but the lower limit of its "
                f"interval ({e.low:g}) is below it ({t:g})")
    if e.high >= t:
        return (f"is below the clinically important difference ({t:g}) on average, though the upper "
                f"limit of its interval ({e.high:g}) reaches it")
    return (f"is below the clinically important difference ({t:g}), even at the upper limit of its "
            f"interval ({e.high:g})")


def preventions() -> dict[str, Prevention]:
    """All rows of ``recurrence_prevention``, by key."""
    return {r["key"]: Prevention(key=r["key"], intervention=r["intervention"], comparison=r["comparison"],
                                 measure=r["measure"], ratio=float(r["estimate"]), low=float(r["low"]),
                                 high=float(r["high"]), certainty=r["certainty"], ref=r["ref"])
            for r in _rows(PREVENTION)}


def prevention(key: str) -> Prevention:
    """One row of ``recurrence_prevention``; an unknown key raises a ValueError listing the keys."""
    table = preventions()
    if key not in table:
        raise ValueError(f"no prevention estimate '{key}'; choose one of {', '.join(table)}")
    return table[key]


def baseline_risks() -> dict[str, float]:
    """Published one-year recurrence risks (percent), by study: Machado 2017 and da Silva 2019 in
    people who had recovered, Pengel 2003 in cohorts with acute low back pain.

    >>> baseline_risks()
    {'Machado 2017': 33.0, 'da Silva 2019': 69.0, 'Pengel 2003': 73.0}
    """
    rows = _rows(BASELINES)
    out = {}
    for study, measure in BASELINE_ROWS.items():
        match = [r for r in rows if r["study"] == study and r["measure"] == measure]
        if len(match) != 1:
            raise data.DataError(f"dataset '{BASELINES}' should have one row for {study}: {measure}")
        out[study] = float(match[0]["value"])
    return out


def after_recovery_studies() -> tuple[str, ...]:
    """The studies whose one-year recurrence risk was counted from recovery (Machado 2017, da Silva
    2019). Pengel 2003 counted recurrences from the onset of an acute episode, so it is not one of them."""
    return tuple(study for study, measure in BASELINE_ROWS.items() if "after recovery" in measure)


def baseline_range() -> tuple[float, float]:
    """Lowest and highest published one-year recurrence risk after recovery (percent): the range of
    baseline risks that cohorts measured in people who had recovered, and so the range the recurrence
    explorer was checked against. Pengel 2003's figure, counted from the onset of an acute episode,
    is left out."""
    risks = baseline_risks()
    values = [risks[s] for s in after_recovery_studies()]
    return min(values), max(values)
