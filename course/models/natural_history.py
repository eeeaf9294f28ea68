"""Natural history of low back pain: mean pain over the first year after onset.

Kind of model: **fitted to published data**. The curve is a monotone cubic (PCHIP) interpolation
through the pooled means of Costa et al. 2012 at 0, 6, 26 and 52 weeks; the band interpolates
their 95% confidence limits the same way. Between the published weeks the values are
interpolations, not measurements.

Symbols and units
-----------------
t : weeks since pain onset, 0 to 52
pain : mean pain on a 0-100 scale (0 = no pain)
cohort : "acute" (recent onset) or "persistent" (pain for some weeks already at inception)

>>> pain_at(6, "acute").mean
23.0
>>> round(pain_at(13, "acute").mean, 1)
17.0
>>> percent_fall(6, "acute")
55.8
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np
from scipy.interpolate import PchipInterpolator

from .. import data

DATASET = "costa2012_natural_history"
COHORTS = ("acute", "persistent")
WEEK_MIN, WEEK_MAX = 0.0, 52.0


@dataclass(frozen=True)
class PainEstimate:
    """Mean pain (0-100) at one time with its 95% confidence limits."""

    week: float
    cohort: str
    mean: float
    low: float
    high: float


def _check(week, cohort: str) -> np.ndarray:
    if cohort not in COHORTS:
        raise ValueError(f"cohort must be one of {', '.join(COHORTS)}, got {cohort!r}")
    w = np.asarray(week, dtype=float)
    if np.any(~np.isfinite(w)) or np.any(w < WEEK_MIN) or np.any(w > WEEK_MAX):
        raise ValueError(
            f"week must be between {WEEK_MIN:g} and {WEEK_MAX:g} (the published data cover the first "
            f"year), got {week}"
        )
    return w


@lru_cache(maxsize=None)
def _interpolators(cohort: str):
    table = data.load(DATASET)
    weeks = table["weeks_since_onset"]
    return tuple(PchipInterpolator(weeks, table[f"{cohort}_{col}"])
                 for col in ("mean", "ci_low", "ci_high"))


def published_points(cohort: str) -> dict[str, np.ndarray]:
    """The published weeks, means and 95% limits for a cohort."""
    _check(0, cohort)
    table = data.load(DATASET)
    return {"week": table["weeks_since_onset"], "mean": table[f"{cohort}_mean"],
            "low": table[f"{cohort}_ci_low"], "high": table[f"{cohort}_ci_high"]}


def pain_curve(weeks, cohort: str) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Mean pain and 95% limits (0-100) at the given weeks since onset (arrays)."""
    w = _check(weeks, cohort)
    mean, low, high = (f(w) for f in _interpolators(cohort))
    return mean, low, high


def pain_at(week: float, cohort: str) -> PainEstimate:
    """Mean pain (0-100) with 95% limits at one week since onset."""
    mean, low, high = pain_curve(week, cohort)
    return PainEstimate(float(week), cohort, round(float(mean), 2), round(float(low), 2),
                        round(float(high), 2))


def percent_fall(week: float, cohort: str) -> float:
    """How far mean pain has fallen since onset, as a percentage of the starting mean."""
    start = pain_at(0, cohort).mean
    return round(100.0 * (start - pain_at(week, cohort).mean) / start, 1)
