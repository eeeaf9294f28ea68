"""How much of the body's weight the feet carry when standing in water (Schneider et al. 2007).

Kind of model: **fitted to published data**. Schneider et al. weighed 34 young adults (20 women,
14 men) standing in a hydrotherapy pool at four immersion levels. The table gives the mean share of
land weight still borne by the feet; for three levels they published a formula in body fat:

    borne (kg) = (a + b * B) * W / 100

B : body fat (% of body weight); W : body weight on land (kg); a, b : the level's intercept (%)
and slope (% per % body fat). No formula was published for the knee crease; there the table's
means are used. Fat floats better than lean tissue, so more fat means less weight borne.

>>> round(weight_borne("chest", 20, 70).kg, 1)
22.8
>>> weight_borne("chest", 20, 70).percent
32.62
>>> weight_borne("knee", 20, 70).from_formula
False
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from .. import data

DATASET = "schneider2007_immersion"
LEVELS = ("knee", "hip", "chest", "neck")
FAT_RANGE = (3.0, 60.0)
WEIGHT_RANGE = (30.0, 200.0)


@dataclass(frozen=True)
class Borne:
    """Weight borne by the feet at one immersion level."""

    level: str
    landmark: str
    percent: float        #: share of land weight (%)
    kg: float             #: weight borne (kg)
    from_formula: bool    #: False where only the table (mean of men and women) was available
    men_pct: float        #: the table's mean for men (%)
    women_pct: float      #: the table's mean for women (%)


@lru_cache(maxsize=None)
def table() -> dict[str, dict]:
    """The Schneider 2007 table by level: landmark, men and women mean and SD (%), formula."""
    t = data.load(DATASET)
    out = {}
    for i, level in enumerate(t["level"]):
        a, b = float(t["formula_intercept"][i]), float(t["formula_slope"][i])
        out[level] = {"landmark": t["landmark"][i], "men_pct": float(t["men_pct"][i]),
                      "men_sd": float(t["men_sd"][i]), "women_pct": float(t["women_pct"][i]),
                      "women_sd": float(t["women_sd"][i]),
                      "intercept": a if np.isfinite(a) else None, "slope": b if np.isfinite(b) else None}
    return out


def weight_borne(level: str, body_fat_pct: float, weight_kg: float) -> Borne:
    """Weight borne standing still in water to ``level``.

    Parameters
    ----------
    level : {"knee", "hip", "chest", "neck"}
        Knee crease, anterior superior iliac spine, xiphisternum or sternoclavicular joint.
    body_fat_pct : float
        Body fat in % of body weight (3 to 60).
    weight_kg : float
        Body weight on land in kg (30 to 200).
    """
    if level not in LEVELS:
        raise ValueError(f"immersion level must be one of {', '.join(LEVELS)}, got {level!r}")
    lo, hi = FAT_RANGE
    if not np.isfinite(body_fat_pct) or not lo <= body_fat_pct <= hi:
        raise ValueError(f"body fat must be between {lo:g} and {hi:g}%, got {body_fat_pct:g}")
    lo, hi = WEIGHT_RANGE
    if not np.isfinite(weight_kg) or not lo <= weight_kg <= hi:
        raise ValueError(f"body weight must be between {lo:g} and {hi:g} kg, got {weight_kg:g}")
    row = table()[level]
    if row["intercept"] is not None:
        pct, formula = row["intercept"] + row["slope"] * body_fat_pct, True
    else:
        pct, formula = (row["men_pct"] + row["women_pct"]) / 2, False
    return Borne(level=level, landmark=row["landmark"], percent=round(pct, 2), kg=pct * weight_kg / 100,
                 from_formula=formula, men_pct=row["men_pct"], women_pct=row["women_pct"])


def body_fat_matching_table(level: str, sex: str) -> float:
    """The body fat (%) at which the level's formula gives the table's mean for ``sex``."""
    if sex not in ("men", "women"):
        raise ValueError(f"sex must be 'men' or 'women', got {sex!r}")
    row = table().get(level)
    if row is None or row["intercept"] is None:
        raise ValueError(f"no formula was published for level {level!r}; levels with one: hip, chest, neck")
    return (row[f"{sex}_pct"] - row["intercept"]) / row["slope"]


def running_loads() -> dict[str, float]:
    """Peak vertical force running in shallow water, in body weights, by level (Haupenthal 2011)."""
    return {"hip": data.record("immersion_loading", "haupenthal2011_running_hip")["value"],
            "chest": data.record("immersion_loading", "haupenthal2011_running_chest")["value"]}
