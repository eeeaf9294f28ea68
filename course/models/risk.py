"""Relative and absolute risk: what a risk ratio means for 100 people.

Kind of model: **arithmetic on published estimates**. A trial or review reports a *relative* effect
(a risk ratio or rate ratio with its 95% confidence interval); what it means for a person depends on
how likely the outcome was in the first place (the baseline risk). The same ratio gives a large
absolute benefit when the outcome is common and a small one when it is rare.

Equations
---------
risk with treatment        r1 = r0 * RR
absolute risk reduction    ARR = r0 - r1 = r0 * (1 - RR)
number needed to treat     NNT = 100 / ARR          (ARR in percentage points)
95% interval               ARR from r0 * (1 - RR_high) to r0 * (1 - RR_low);
                           NNT from 100 / ARR_high to 100 / ARR_low (Altman 1998). When the
                           interval of RR reaches 1, the interval of ARR reaches 0 and the NNT
                           interval has no upper limit (the data are compatible with no benefit).

Symbols and units
-----------------
r0 : baseline risk, percent of people who have the outcome within the period without treatment
RR : risk ratio (dimensionless): risk with treatment divided by risk without
r1 : risk with treatment, percent
ARR : absolute risk reduction, percentage points
NNT : number of people who need the treatment for one fewer to have the outcome (people)

A rate ratio (events per person-time, as in Choi 2010) is used here as if it were a risk ratio. That
is the usual approximation; it overstates the absolute benefit somewhat when the baseline risk is
high, because some people have more than one event.

>>> result = absolute_effect(33, 0.50, 0.34, 0.73)
>>> result.treated_pct, result.arr_pct
(16.5, 16.5)
>>> round(result.nnt, 2), result.nnt_whole, result.nnt_interval_whole
(6.06, 7, (5, 12))
>>> icon_counts(33, 0.50)
IconCounts(affected_anyway=17, spared=16, unaffected=67)
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

BASELINE_MIN, BASELINE_MAX = 1.0, 99.0
RATIO_MIN, RATIO_MAX = 0.05, 1.5


@dataclass(frozen=True)
class RiskEffect:
    """Absolute effect of a treatment with a given risk ratio, at one baseline risk.

    All risks are percentages and the risk reduction is in percentage points; ``nnt`` values are
    people (``math.inf`` when there is no benefit at that end of the interval).
    """

    baseline_pct: float
    ratio: float
    ratio_low: float
    ratio_high: float
    treated_pct: float
    treated_low_pct: float
    treated_high_pct: float
    arr_pct: float
    arr_low_pct: float
    arr_high_pct: float
    nnt: float
    nnt_low: float
    nnt_high: float

    @property
    def nnt_whole(self) -> int | float:
        """The NNT rounded up to a whole person, as is usual (``inf`` if there is no benefit)."""
        return whole_people(self.nnt)

    @property
    def nnt_interval_whole(self) -> tuple[int | float, int | float]:
        """The 95% interval of the NNT, each limit rounded up to a whole person."""
        return whole_people(self.nnt_low), whole_people(self.nnt_high)


@dataclass(frozen=True)
class IconCounts:
    """How 100 people split: outcome despite treatment, spared by it, no outcome either way."""

    affected_anyway: int
    spared: int
    unaffected: int


def whole_people(nnt: float) -> int | float:
    """Round a number needed to treat up to a whole person; ``inf`` stays ``inf``.

    >>> whole_people(6.06), whole_people(4.0), whole_people(float("inf"))
    (7, 4, inf)
    """
    x = float(nnt) if isinstance(nnt, (int, float)) and not isinstance(nnt, bool) else math.nan
    if math.isnan(x) or x < 1:
        raise ValueError(f"number needed to treat (nnt) must be a number of people of 1 or more "
                         f"(inf when nobody is spared), got {nnt!r}")
    if math.isinf(x):
        return math.inf
    # round first so that 4.000000000001 (floating-point noise) counts as 4
    return int(math.ceil(round(nnt, 9)))


def _check_baseline(baseline_pct: float) -> float:
    r0 = float(baseline_pct)
    if not math.isfinite(r0) or not BASELINE_MIN <= r0 <= BASELINE_MAX:
        raise ValueError(f"baseline risk must be between {BASELINE_MIN:g} and {BASELINE_MAX:g} percent, "
                         f"got {baseline_pct}")
    return r0


def _check_ratio(name: str, value: float) -> float:
    x = float(value)
    if not math.isfinite(x) or not RATIO_MIN <= x <= RATIO_MAX:
        raise ValueError(f"{name} must be between {RATIO_MIN:g} and {RATIO_MAX:g}, got {value}")
    return x


def _nnt(arr_pct: float) -> float:
    return 100.0 / arr_pct if arr_pct > 0 else math.inf


def absolute_effect(baseline_pct: float, ratio: float, ratio_low: float | None = None,
                    ratio_high: float | None = None) -> RiskEffect:
    """Risk with treatment, absolute risk reduction and number needed to treat, with intervals.

    Parameters
    ----------
    baseline_pct : float
        Risk without treatment, percent of people (1 to 99).
    ratio : float
        Risk ratio (or rate ratio) of the treatment, dimensionless (0.05 to 1.5).
    ratio_low, ratio_high : float, optional
        Limits of the ratio's 95% confidence interval (dimensionless). If left out, the interval is
        the point estimate itself.

    Returns
    -------
    RiskEffect
        Risks in percent, risk reduction in percentage points, NNT in people. The ARR interval comes
        from the ratio's interval (a high ratio gives a small reduction).

    Raises
    ------
    ValueError
        If a value is out of range, the interval does not contain the ratio, or the treated risk
        would exceed 100%.

    Examples
    --------
    >>> e = absolute_effect(69, 0.55, 0.41, 0.74)
    >>> round(e.treated_pct, 2), round(e.arr_pct, 2), e.nnt_whole, e.nnt_interval_whole
    (37.95, 31.05, 4, (3, 6))
    >>> absolute_effect(50, 0.8, 0.6, 1.1).nnt_interval_whole
    (5, inf)
    """
    r0 = _check_baseline(baseline_pct)
    rr = _check_ratio("rate ratio", ratio)
    lo = rr if ratio_low is None else _check_ratio("lower limit of the rate ratio", ratio_low)
    hi = rr if ratio_high is None else _check_ratio("upper limit of the rate ratio", ratio_high)
    if not lo <= rr <= hi:
        raise ValueError(f"the rate ratio's interval must contain it: {lo:g} <= {rr:g} <= {hi:g} is false")
    if r0 * hi > 100.0:
        raise ValueError(f"baseline risk {r0:g}% times a rate ratio of {hi:g} exceeds 100%; "
                         f"choose a baseline below {100.0 / hi:.0f}%")
    arr, arr_lo, arr_hi = r0 * (1 - rr), r0 * (1 - hi), r0 * (1 - lo)
    return RiskEffect(
        baseline_pct=r0, ratio=rr, ratio_low=lo, ratio_high=hi,
        treated_pct=r0 * rr, treated_low_pct=r0 * lo, treated_high_pct=r0 * hi,
        arr_pct=arr, arr_low_pct=arr_lo, arr_high_pct=arr_hi,
        nnt=_nnt(arr), nnt_low=_nnt(arr_hi), nnt_high=_nnt(arr_lo),
    )


def treated_risk_curve(baseline_pct, ratio: float) -> np.ndarray:
    """Risk with treatment (percent) for an array of baseline risks (percent), capped at 100.

    >>> treated_risk_curve([10, 50, 90], 0.5).tolist()
    [5.0, 25.0, 45.0]
    """
    rr = _check_ratio("rate ratio", ratio)
    r0 = np.asarray(baseline_pct, dtype=float)
    if np.any(~np.isfinite(r0)) or np.any(r0 < 0) or np.any(r0 > 100):
        raise ValueError(f"baseline risks must be between 0 and 100 percent, got {baseline_pct}")
    return np.minimum(r0 * rr, 100.0)


def _round_half_up(x: float) -> int:
    return int(math.floor(x + 0.5 + 1e-9))


def icon_counts(baseline_pct: float, ratio: float, people: int = 100) -> IconCounts:
    """Split ``people`` into: outcome despite treatment, spared by it, and no outcome either way.

    Counts are rounded half up, and ``spared`` is what is left of the untreated count, so the three
    always add up to ``people``.

    Parameters
    ----------
    baseline_pct : float
        Risk without treatment, percent (1 to 99).
    ratio : float
        Risk ratio (dimensionless, 0.05 to 1.5; above 1 the treatment would add cases and
        ``spared`` would be negative, so ratios above 1 are refused here).
    people : int
        Size of the group (default 100).

    >>> icon_counts(69, 0.55)
    IconCounts(affected_anyway=38, spared=31, unaffected=31)
    """
    r0 = _check_baseline(baseline_pct)
    rr = _check_ratio("rate ratio", ratio)
    if rr > 1:
        raise ValueError(f"the icon array shows people spared by a treatment; the rate ratio must be at "
                         f"most 1, got {ratio}")
    if not isinstance(people, (int, np.integer)) or not 1 <= people <= 10_000:
        raise ValueError(f"people must be a whole number between 1 and 10000, got {people}")
    untreated = _round_half_up(people * r0 / 100.0)
    anyway = min(_round_half_up(people * r0 * rr / 100.0), untreated)
    return IconCounts(affected_anyway=anyway, spared=untreated - anyway, unaffected=people - untreated)
