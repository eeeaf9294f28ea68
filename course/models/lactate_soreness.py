"""Blood lactate after hard exercise against delayed-onset muscle soreness (DOMS), on one timeline.

Kind of model: **conceptual**. Both curves are illustrative shapes anchored to a few published
numbers; neither is fitted to a time course, and their values between the anchors are not
predictions.

Blood lactate falls exponentially from its level after all-out exercise back towards rest:

    L(t) = L_rest + (L_peak - L_rest) * exp(-t / tau),   tau = t_clear / ln(10)

so that 90% of the rise above rest has gone after ``t_clear``. Anchors: L_peak = 11.5 mmol/L after
all-out exercise (Devlin et al. 2014); L_rest = 1.0 mmol/L, the level before 5-min runs at 90% VO2max
in a 2010 study (read as a catalogue record without sample size or spread; an illustrative resting
level);
t_clear = 60 min resting and 20 min with light activity (a secondary source quoting Cazorla 1983:
20 min of active recovery lowered lactate as much as 60 min of rest). No primary source giving a
half-life was retrieved, so the decay rate is illustrative.

Soreness (relative to its own peak, 0 to 1) is a bell shape on a logarithmic time axis:

    S(t) = exp(-ln(t / t_peak)**2 / (2 * sigma**2))

with t_peak inside the published window of 24 to 72 h after unaccustomed exercise (Schoenfeld &
Contreras 2013) and sigma = 0.6 (a shape chosen for illustration).

Symbols and units
-----------------
t : time since the end of exercise, hours (0 to 168, one week)
L : blood lactate, mmol/L
S : soreness as a fraction of its own peak (0 to 1); shown as a percentage
t_clear : minutes until 90% of the lactate rise has gone
t_peak : hours from exercise to the soreness peak (24 to 72)
recovery : "rest" (passive) or "light activity" (active recovery)

>>> round(lactate(0.0, "rest"), 1)
11.5
>>> round(lactate(1.0, "rest"), 2)      # one hour later: 90% of the rise has gone
2.05
>>> soreness(48.0, peak_hours=48.0)
1.0
>>> soreness(1.0, peak_hours=24.0) < 0.001
True
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from .. import data

DATASET = "muscle_injury_facts"
RECOVERY = ("rest", "light activity")
HOURS_MIN, HOURS_MAX = 0.0, 168.0
#: width of the soreness bell on a natural-log time axis (illustrative shape, no unit)
SIGMA = 0.6
#: share of the lactate rise still left at t_clear
LEFT_AT_CLEAR = 0.10


@dataclass(frozen=True)
class Anchors:
    """The published numbers the curves are pinned to."""

    peak_mmol: float            # blood lactate after all-out exercise, mmol/L (Devlin 2014)
    rest_mmol: float            # illustrative resting level, mmol/L (before 5-min runs in a 2010 study)
    clear_min: dict             # minutes to clear 90% of the rise, by recovery (Cazorla 1983, secondary)
    doms_window_h: tuple        # (24, 72) hours: when soreness typically peaks (Schoenfeld 2013)


@lru_cache(maxsize=None)
def anchors() -> Anchors:
    """The anchor values, read from the ``muscle_injury_facts`` dataset."""
    def value(key: str, field: str = "value") -> float:
        return data.record(DATASET, key)[field]

    return Anchors(
        peak_mmol=value("lactate_after_all_out_exercise"),
        rest_mmol=value("lactate_rest_before_runs"),
        clear_min={"rest": value("lactate_equal_fall_passive"),
                   "light activity": value("lactate_equal_fall_active")},
        doms_window_h=(value("doms_peak_window", "low"), value("doms_peak_window", "high")),
    )


def _hours(t) -> np.ndarray:
    h = np.asarray(t, dtype=float)
    if np.any(~np.isfinite(h)) or np.any(h < HOURS_MIN) or np.any(h > HOURS_MAX):
        raise ValueError(f"time after exercise must be between {HOURS_MIN:g} and {HOURS_MAX:g} hours "
                         f"(one week), got {t}")
    return h


def _recovery(recovery: str) -> str:
    if recovery not in RECOVERY:
        raise ValueError(f"recovery must be one of {', '.join(repr(r) for r in RECOVERY)}, got {recovery!r}")
    return recovery


def _peak(peak_hours: float) -> float:
    low, high = anchors().doms_window_h
    if not np.isfinite(peak_hours) or not low <= peak_hours <= high:
        raise ValueError(f"soreness peak must be between {low:g} and {high:g} hours after exercise "
                         f"(the published range), got {peak_hours}")
    return float(peak_hours)


def time_constant_min(recovery: str) -> float:
    """Time constant tau of the lactate fall, in minutes.

    Parameters
    ----------
    recovery : {"rest", "light activity"}
        What the person does after exercising.

    Returns
    -------
    float
        tau in minutes: t_clear / ln(10).

    >>> round(time_constant_min("rest"), 1)
    26.1
    """
    return float(anchors().clear_min[_recovery(recovery)] / np.log(1.0 / LEFT_AT_CLEAR))


def lactate(hours, recovery: str = "rest"):
    """Blood lactate (mmol/L) at ``hours`` after all-out exercise; illustrative curve.

    Parameters
    ----------
    hours : float or array of float
        Time since the end of exercise, in hours (0 to 168).
    recovery : {"rest", "light activity"}
        Passive rest, or light active recovery (which clears lactate about three times faster).

    Returns
    -------
    float or numpy.ndarray
        Blood lactate in mmol/L, same shape as ``hours``.

    >>> round(lactate(20 / 60, "light activity"), 2)
    2.05
    """
    h = _hours(hours)
    a = anchors()
    tau_h = time_constant_min(recovery) / 60.0
    out = a.rest_mmol + (a.peak_mmol - a.rest_mmol) * np.exp(-h / tau_h)
    return float(out) if out.ndim == 0 else out


def soreness(hours, peak_hours: float = 48.0):
    """Soreness as a fraction of its own peak (0 to 1) at ``hours`` after exercise; illustrative shape.

    Parameters
    ----------
    hours : float or array of float
        Time since the end of exercise, in hours (0 to 168). At 0 h soreness is 0.
    peak_hours : float
        When soreness peaks, in hours (24 to 72, the published window).

    Returns
    -------
    float or numpy.ndarray
        Fraction of peak soreness, same shape as ``hours``.

    >>> round(soreness(24.0, peak_hours=48.0), 2)
    0.51
    """
    h = _hours(hours)
    peak = _peak(peak_hours)
    with np.errstate(divide="ignore"):
        log_ratio = np.log(h / peak)
    out = np.where(h > 0, np.exp(-log_ratio**2 / (2 * SIGMA**2)), 0.0)
    return float(out) if out.ndim == 0 else out


def minutes_to_clear(recovery: str, share_left: float = LEFT_AT_CLEAR) -> float:
    """Minutes until only ``share_left`` of the lactate rise above rest remains.

    Parameters
    ----------
    recovery : {"rest", "light activity"}
        What the person does after exercising.
    share_left : float
        Fraction of the rise still left (strictly between 0 and 1; 0.1 means 90% cleared).

    Returns
    -------
    float
        Minutes.

    >>> round(minutes_to_clear("rest"), 6), round(minutes_to_clear("rest", 0.5), 1)
    (60.0, 18.1)
    """
    if not 0.0 < share_left < 1.0:
        raise ValueError(f"share of the rise left must be between 0 and 1 (exclusive), got {share_left}")
    return float(-time_constant_min(recovery) * np.log(share_left))


@dataclass(frozen=True)
class TimelinePoint:
    """Both curves at one moment."""

    hours: float
    recovery: str
    peak_hours: float
    lactate_mmol: float
    rise_left_pct: float        # share of the lactate rise above rest still present, %
    soreness_pct: float         # soreness as % of its own peak
    clear_min: float            # minutes until 90% of the rise has gone (for this recovery)

    @property
    def gap_factor(self) -> float:
        """How many times later soreness peaks than lactate is 90% cleared."""
        return self.peak_hours * 60.0 / self.clear_min


def timeline_at(hours: float, recovery: str = "rest", peak_hours: float = 48.0) -> TimelinePoint:
    """Lactate and soreness at one time after exercise.

    Parameters
    ----------
    hours : float
        Time since the end of exercise, in hours (0 to 168).
    recovery : {"rest", "light activity"}
        What the person does after exercising.
    peak_hours : float
        When soreness peaks, in hours (24 to 72).

    Returns
    -------
    TimelinePoint

    >>> p = timeline_at(1.0, "rest", 48.0)
    >>> round(p.lactate_mmol, 2), round(p.rise_left_pct), round(p.soreness_pct), round(p.gap_factor)
    (2.05, 10, 0, 48)
    """
    a = anchors()
    lac = lactate(hours, recovery)
    return TimelinePoint(
        hours=float(hours), recovery=recovery, peak_hours=_peak(peak_hours), lactate_mmol=lac,
        rise_left_pct=100.0 * (lac - a.rest_mmol) / (a.peak_mmol - a.rest_mmol),
        soreness_pct=100.0 * soreness(hours, peak_hours), clear_min=minutes_to_clear(recovery),
    )
