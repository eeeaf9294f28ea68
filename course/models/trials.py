"""Results of randomised trials of psychological treatments: proportion improved per group.

Kind of model: published data with standard statistics; nothing is simulated, and no curve is
fitted (the explorer carries the "fitted to published data" label, the nearest of the course's
three kinds). For each group of a trial, the proportion improved is ``improved / n`` and its 95%
confidence interval is the Wilson score interval, computed as ``scipy.stats.binomtest(...)
.proportion_ci(method="wilson")`` computes it (the same formula, in the same order, so the same
numbers to the last bit), without the test's p-value, which the course does not show and which took
most of the time. The interval is wide when n is small: that is the lesson.

Symbols and units
-----------------
n : people in the group (count)
improved : people in the group who met the trial's outcome (count)
p = improved / n : proportion improved (reported in %)
Wilson interval : (p + z²/2n ± z·sqrt(p(1-p)/n + z²/4n²)) / (1 + z²/n), z = 1.96 for 95%

The papers report percentages and group sizes. ``data/datasets/psychological_trials.csv`` holds
the counts behind them: ``reconstructed`` where exactly one whole number fits the percentage and
group size, ``approximate`` otherwise (the ``counts`` column says which).

>>> wilson_interval(7, 11)
(0.354, 0.848)
>>> arm = find_arm("Donnino 2021", "usual")
>>> summarise(arm).percent, summarise(arm).low, summarise(arm).high
(16.7, 4.7, 44.8)
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache

from scipy.special import ndtri

from .. import data

DATASET = "psychological_trials"


@dataclass(frozen=True)
class Arm:
    """One group of a published trial."""

    trial: str
    source: str
    arm: str
    label: str
    n: int
    improved: int
    percent_reported: float
    outcome: str
    timepoint: str
    counts: str

    @property
    def approximate(self) -> bool:
        """True when the count is not the one whole number that fits the reported percentage."""
        return self.counts == "approximate"


@dataclass(frozen=True)
class ArmResult:
    """Proportion improved with its 95% Wilson interval, in percent (one decimal)."""

    arm: Arm
    n: int
    improved: int
    percent: float
    low: float
    high: float

    @property
    def width(self) -> float:
        """Width of the interval, in percentage points."""
        return round(self.high - self.low, 1)


#: The largest group :func:`wilson_interval` takes (people).
MAX_GROUP = 1_000_000


def _whole(name: str, value) -> int:
    try:
        whole = not isinstance(value, bool) and float(value).is_integer()
    except (TypeError, ValueError, OverflowError):
        whole = False
    if not whole:
        raise ValueError(f"{name} must be a whole number of people, got {value}")
    return int(value)


def wilson_interval(improved: int, n: int, confidence: float = 0.95) -> tuple[float, float]:
    """Wilson score interval for a proportion, rounded to 3 decimals.

    Parameters
    ----------
    improved : int
        Number of people with the outcome (0 to n).
    n : int
        Number of people in the group (1 to 1,000,000).
    confidence : float
        Confidence level, between 0.5 and 0.999 (0.95 for a 95% interval).

    Returns
    -------
    (float, float)
        Lower and upper limits, as proportions (0 to 1).

    >>> wilson_interval(0, 20)
    (0.0, 0.161)
    """
    n = _whole("group size n", n)
    k = _whole("number improved", improved)
    if n < 1:
        raise ValueError(f"group size n must be at least 1, got {n}")
    if n > MAX_GROUP:
        raise ValueError(f"group size n must be between 1 and {MAX_GROUP} people, got {n:.3g}")
    if not 0 <= k <= n:
        raise ValueError(f"number improved must be between 0 and the group size {n}, got {k}")
    if not 0.5 <= confidence <= 0.999:
        raise ValueError(f"confidence must be between 0.5 and 0.999, got {confidence}")
    low, high = _wilson(k, n, confidence)
    return round(low, 3), round(high, 3)


def _wilson(k: int, n: int, confidence: float) -> tuple[float, float]:
    """The two-sided Wilson score interval, unrounded: Newcombe 1998's formula in the order
    scipy.stats computes it (``binomtest(k, n).proportion_ci(confidence, method="wilson")``)."""
    p = k / n
    z = ndtri(0.5 + 0.5 * confidence)
    denom = 2 * (n + z ** 2)
    center = (2 * n * p + z ** 2) / denom
    delta = z / denom * math.sqrt(4 * n * p * (1 - p) + z ** 2)
    return (0.0 if k == 0 else float(center - delta)), (1.0 if k == n else float(center + delta))


@lru_cache(maxsize=None)
def arms() -> tuple[Arm, ...]:
    """Every group of every trial in the dataset, in file order."""
    table = data.load(DATASET)
    out = []
    for i in range(len(table["trial"])):
        out.append(Arm(
            trial=table["trial"][i], source=table["source"][i], arm=table["arm"][i],
            label=table["arm_label"][i], n=int(table["n"][i]), improved=int(table["improved"][i]),
            percent_reported=float(table["percent_reported"][i]), outcome=table["outcome"][i],
            timepoint=table["timepoint"][i], counts=table["counts"][i],
        ))
    return tuple(out)


def trial_names() -> tuple[str, ...]:
    """The trials, in file order."""
    return tuple(dict.fromkeys(a.trial for a in arms()))


def find_arm(trial: str, arm: str) -> Arm:
    """One group of a trial.

    Parameters
    ----------
    trial : str
        Trial name as in the dataset, e.g. 'Ashar 2022'.
    arm : str
        Group code, e.g. 'PRT' or 'usual'.

    >>> find_arm("Yarns 2024", "EAET").n
    63
    """
    for a in arms():
        if a.trial == trial and a.arm == arm:
            return a
    options = ", ".join(f"{a.trial}/{a.arm}" for a in arms())
    raise ValueError(f"no group '{arm}' in trial '{trial}'; groups are {options}")


def summarise(arm: Arm, scale: int = 1) -> ArmResult:
    """Proportion improved and Wilson 95% interval for a group, in percent.

    Parameters
    ----------
    arm : Arm
        A group from :func:`arms`.
    scale : int
        What-if multiplier (1 to 20): the same proportion in a group ``scale`` times as large.
        1 is the trial as published.

    >>> r = summarise(find_arm("Ashar 2022", "PRT"))
    >>> r.improved, r.n, r.percent, r.low, r.high
    (33, 50, 66.0, 52.2, 77.6)
    """
    scale = _whole("scale", scale)
    if not 1 <= scale <= 20:
        raise ValueError(f"scale must be between 1 and 20, got {scale}")
    n, k = arm.n * scale, arm.improved * scale
    low, high = wilson_interval(k, n)
    return ArmResult(arm=arm, n=n, improved=k, percent=round(100 * k / n, 1),
                     low=round(100 * low, 1), high=round(100 * high, 1))


def trial_results(trial: str, scale: int = 1) -> list[ArmResult]:
    """Every group of one trial, summarised (see :func:`summarise`).

    Parameters
    ----------
    trial : str
        Trial name as in the dataset, e.g. 'Ashar 2022'.
    scale : int
        What-if multiplier of every group's size (1 to 20; 1 is the trial as published).

    >>> [r.percent for r in trial_results("Ashar 2022")]
    [66.0, 19.6, 10.0]
    """
    if trial not in trial_names():
        raise ValueError(f"no trial '{trial}'; trials are {', '.join(trial_names())}")
    return [summarise(a, scale) for a in arms() if a.trial == trial]
