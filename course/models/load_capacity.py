"""Load against capacity: a conceptual model of how tissue capacity adapts to the load put on it.

Kind of model: **conceptual**. It illustrates one idea, that tissues adapt to the loads they are
used to, over days to weeks, so the same increase in load is easier to absorb when it builds up
gradually than when it arrives all at once. It is not fitted to data, its units are arbitrary, and
an "overload day" is not a prediction of injury.

Load is expressed as a percentage of the daily load the body is used to (100%). Capacity follows an
exponentially weighted average A of recent daily loads, plus a fixed reserve r:

    A[t] = (1 - a) * A[t-1] + a * L[t],   a = 1 - exp(-1 / tau),   A[-1] = 100
    C[t] = (1 + r) * A[t-1]

so capacity on day t reflects the loads up to the day before. A day with L[t] > C[t] is an
**overload day**: the load exceeds what the tissue is currently adapted to.

Load patterns over ``days`` days (day 1 is a Monday):

* ``"steady"``: the new level every day, from day 1 (a sudden step up);
* ``"build-up"``: a straight ramp from 100% on day 1 to the new level on the last day;
* ``"weekend spike"``: 100% on weekdays, the new level on Saturdays and Sundays.

Symbols and units
-----------------
L : daily load, % of the usual daily load
level : the new load level, % of the usual daily load (100 to 300)
tau : adaptation time, days (2 to 30): the time constant of the weighted average
r : reserve above the adapted level, fraction (RESERVE = 0.2, chosen for illustration)
C : capacity, % of the usual daily load
days : length of the period shown, days (7 to 84)

>>> r = simulate("steady", level=100)
>>> r.overload_days.size
0
>>> r = simulate("weekend spike", level=200, adapt_days=7)
>>> r.overload_days.tolist()
[6, 7, 13, 14, 20, 21, 27, 28]
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy.signal import lfilter

PATTERNS = ("steady", "build-up", "weekend spike")
#: reserve of capacity above the adapted level (fraction); a conceptual choice, not a measurement
RESERVE = 0.2
USUAL = 100.0
LEVEL_RANGE = (100.0, 300.0)
ADAPT_RANGE = (2.0, 30.0)
DAYS_RANGE = (7, 84)


def _check(pattern: str, level: float, adapt_days: float, days: int) -> None:
    if pattern not in PATTERNS:
        raise ValueError(f"load pattern must be one of {', '.join(repr(p) for p in PATTERNS)}, got {pattern!r}")
    lo, hi = LEVEL_RANGE
    if not np.isfinite(level) or not lo <= level <= hi:
        raise ValueError(f"load level must be between {lo:g} and {hi:g}% of the usual load, got {level}")
    lo, hi = ADAPT_RANGE
    if not np.isfinite(adapt_days) or not lo <= adapt_days <= hi:
        raise ValueError(f"adaptation time must be between {lo:g} and {hi:g} days, got {adapt_days}")
    lo, hi = DAYS_RANGE
    whole_days = isinstance(days, (int, float, np.integer, np.floating)) and not isinstance(days, bool) \
        and bool(np.isfinite(days)) and float(days).is_integer()
    if not whole_days or not lo <= days <= hi:
        raise ValueError(f"number of days must be a whole number between {lo} and {hi}, got {days}")


def daily_load(pattern: str, level: float = 200.0, days: int = 28) -> np.ndarray:
    """Daily load (% of usual) for days 1 to ``days``.

    Parameters
    ----------
    pattern : {"steady", "build-up", "weekend spike"}
        How the new load arrives.
    level : float
        The new load level, % of the usual daily load (100 to 300).
    days : int
        Number of days (7 to 84); day 1 is a Monday.

    Returns
    -------
    numpy.ndarray
        ``days`` daily loads in % of usual.

    >>> daily_load("build-up", 200, 7).round(1).tolist()
    [100.0, 116.7, 133.3, 150.0, 166.7, 183.3, 200.0]
    >>> daily_load("weekend spike", 150, 7).tolist()
    [100.0, 100.0, 100.0, 100.0, 100.0, 150.0, 150.0]
    """
    _check(pattern, level, ADAPT_RANGE[0], days)
    day = np.arange(1, days + 1)
    if pattern == "steady":
        return np.full(days, float(level))
    if pattern == "build-up":
        return np.linspace(USUAL, float(level), days)
    weekend = (day - 1) % 7 >= 5
    return np.where(weekend, float(level), USUAL)


def capacity(load: np.ndarray, adapt_days: float = 7.0) -> np.ndarray:
    """Capacity (% of usual) on each day, given the daily loads.

    Parameters
    ----------
    load : array of float
        Daily loads in % of the usual load, day 1 first.
    adapt_days : float
        Adaptation time constant tau, in days (2 to 30).

    Returns
    -------
    numpy.ndarray
        Capacity on each day: (1 + RESERVE) times the weighted average of the loads up to the day
        before (the body starts adapted to 100%).

    >>> capacity(np.full(3, 100.0)).tolist()
    [120.0, 120.0, 120.0]
    """
    load = np.asarray(load, dtype=float)
    if load.ndim != 1 or load.size == 0 or np.any(~np.isfinite(load)) or np.any(load < 0):
        shown = np.array2string(load, threshold=6, precision=3) if load.ndim else f"{load}"
        raise ValueError(f"load must be a non-empty list of daily loads of 0% or more (finite numbers), got {shown}")
    lo, hi = ADAPT_RANGE
    if not np.isfinite(adapt_days) or not lo <= adapt_days <= hi:
        raise ValueError(f"adaptation time must be between {lo:g} and {hi:g} days, got {adapt_days}")
    a = 1.0 - np.exp(-1.0 / adapt_days)
    adapted, _ = lfilter([a], [1.0, -(1.0 - a)], load, zi=[(1.0 - a) * USUAL])
    before = np.concatenate(([USUAL], adapted[:-1]))
    return (1.0 + RESERVE) * before


@dataclass(frozen=True)
class LoadCapacityResult:
    """One run of the model."""

    pattern: str
    level: float
    adapt_days: float
    day: np.ndarray            # 1..days
    load: np.ndarray           # % of usual
    capacity: np.ndarray       # % of usual

    @property
    def excess_pct(self) -> np.ndarray:
        """How far load exceeds capacity on each day, as % of that day's capacity (0 if it does not)."""
        return np.maximum(0.0, 100.0 * (self.load - self.capacity) / self.capacity)

    @property
    def overload_days(self) -> np.ndarray:
        """The days (1-based) on which load exceeds capacity."""
        return self.day[self.load > self.capacity]

    @property
    def worst_day(self) -> int | None:
        """The day with the largest excess, or None if there is no overload day."""
        return int(self.day[np.argmax(self.excess_pct)]) if self.overload_days.size else None

    @property
    def total_load(self) -> float:
        """Sum of the daily loads (% of usual x days)."""
        return float(self.load.sum())


def simulate(pattern: str = "weekend spike", level: float = 200.0, adapt_days: float = 7.0,
             days: int = 28) -> LoadCapacityResult:
    """Run the conceptual load-capacity model.

    Parameters
    ----------
    pattern : {"steady", "build-up", "weekend spike"}
        How the new load arrives.
    level : float
        The new load level, % of the usual daily load (100 to 300).
    adapt_days : float
        Adaptation time, days (2 to 30): larger means capacity follows load more slowly.
    days : int
        Number of days shown (7 to 84); day 1 is a Monday.

    Returns
    -------
    LoadCapacityResult

    >>> r = simulate("build-up", level=200, adapt_days=7)
    >>> r.overload_days.size, r.worst_day
    (0, None)
    >>> r = simulate("steady", level=200, adapt_days=7)
    >>> r.overload_days.tolist(), round(float(r.excess_pct.max()))
    ([1, 2, 3, 4, 5, 6, 7, 8], 67)
    """
    _check(pattern, level, adapt_days, days)
    load = daily_load(pattern, level, days)
    return LoadCapacityResult(pattern=pattern, level=float(level), adapt_days=float(adapt_days),
                              day=np.arange(1, days + 1), load=load, capacity=capacity(load, adapt_days))
