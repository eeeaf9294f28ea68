"""What a standardised mean difference (SMD) means: overlap and probability of superiority.

Kind of model: **conceptual**. Two groups whose outcome is normally distributed with the same
spread; the treated group's mean is shifted by ``d`` standard deviations (the SMD). Then:

- overlap (overlapping coefficient): the area shared by the two curves, ``2 Phi(-|d|/2)``;
- probability of superiority (McGraw & Wong 1992, "common language effect size"): the chance
  that a person picked at random from the treated group does better than one picked at random
  from the control group, ``Phi(d / sqrt(2))``;
- Cohen's U3: the share of the control group below the treated group's mean, ``Phi(d)``.

Phi is the standard normal cumulative distribution (``scipy.stats.norm.cdf``). ``d`` has no unit:
it is a difference in means divided by the pooled standard deviation. Real outcomes are rarely
exactly normal, so the numbers are a guide to size, not a prediction for anyone.

>>> e = effect(0.75)
>>> round(e.overlap_pct), round(e.superiority_pct), round(e.u3_pct)
(71, 70, 77)
>>> effect(0).superiority_pct
50.0
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy.stats import norm

from .. import data
from ._checks import finite_array

D_LIMIT = 4.0


@dataclass(frozen=True)
class Effect:
    """What an SMD of ``d`` means, in percentages (0-100)."""

    d: float
    overlap_pct: float
    superiority_pct: float
    u3_pct: float


def _check(d: float) -> float:
    if not np.isfinite(d) or abs(d) > D_LIMIT:
        raise ValueError(f"standardised mean difference must be between -{D_LIMIT:g} and {D_LIMIT:g}, got {d:g}")
    return float(d)


def effect(d: float) -> Effect:
    """Overlap, probability of superiority and U3 (all %) for an SMD ``d`` (no unit, -4 to 4).

    A positive ``d`` means the treated group does better.
    """
    d = _check(d)
    return Effect(d=d, overlap_pct=100 * float(2 * norm.cdf(-abs(d) / 2)),
                  superiority_pct=100 * float(norm.cdf(d / np.sqrt(2))), u3_pct=100 * float(norm.cdf(d)))


def curves(d: float, x) -> tuple[np.ndarray, np.ndarray]:
    """Density of the control group (mean 0) and of the treated group (mean ``d``) at ``x`` (SD units)."""
    d = _check(d)
    x = finite_array("positions", "x", x, "standard deviations")
    return norm.pdf(x), norm.pdf(x, loc=d)


def furlan_estimates() -> list[dict]:
    """The SMDs of the Cochrane review of massage (Furlan 2015), sign turned so that positive =
    better with massage (the review reports less pain as a negative SMD)."""
    t = data.load("furlan2015_massage")
    out = []
    for i, key in enumerate(t["key"]):
        out.append({"key": key, "population": t["population"][i], "comparison": t["comparison"][i],
                    "outcome": t["outcome"][i], "timepoint": t["timepoint"][i],
                    "d": -float(t["smd"][i]), "low": -float(t["high"][i]), "high": -float(t["low"][i]),
                    "participants": int(t["participants"][i]), "studies": int(t["studies"][i]),
                    "significant": t["significant"][i] == "yes"})
    return out
