"""Checks of the inputs of the model functions: a ValueError that names the input, its unit and
its valid range, for NaN, infinity and values out of range alike.

>>> number("grid spacing", "grid_mm", 0, "mm", 0.05, 2)
Traceback (most recent call last):
...
ValueError: grid spacing (grid_mm) must be between 0.05 and 2 mm, got 0
>>> whole("group size", "n", float("inf"), "people", 1, 10**6)
Traceback (most recent call last):
...
ValueError: group size (n) must be a whole number of people between 1 and 1000000, got inf
"""

from __future__ import annotations

import math
import numbers

import numpy as np


def _shown(value) -> str:
    if isinstance(value, float):
        return f"{value:g}"
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _span(low: float, high: float, unit: str) -> str:
    unit = f" {unit}" if unit else ""
    return f"between {low:g} and {high:g}{unit}"


def number(words: str, name: str, value, unit: str, low: float, high: float) -> float:
    """``value`` as a float, if it is a finite number from ``low`` to ``high``; else a ValueError."""
    try:
        x = float(value) if isinstance(value, numbers.Real) and not isinstance(value, bool) else math.nan
    except OverflowError:
        x = math.inf
    if not math.isfinite(x) or not low <= x <= high:
        raise ValueError(f"{words} ({name}) must be {_span(low, high, unit)}, got {_shown(value)}")
    return x


def whole(words: str, name: str, value, unit: str, low: int, high: int) -> int:
    """``value`` as an int, if it is a whole number from ``low`` to ``high``; else a ValueError."""
    ok = isinstance(value, numbers.Real) and not isinstance(value, bool)
    if ok:
        try:
            x = float(value)
        except OverflowError:
            x = math.inf
        ok = math.isfinite(x) and x.is_integer() and low <= x <= high
    if not ok:
        unit = f" of {unit}" if unit else ""
        raise ValueError(f"{words} ({name}) must be a whole number{unit} between {low} and {high}, "
                         f"got {_shown(value)}")
    return int(value)


def finite_array(words: str, name: str, value, unit: str) -> np.ndarray:
    """``value`` as an array of floats, if every entry is a finite number; else a ValueError."""
    try:
        arr = np.asarray(value, dtype=float)
    except (TypeError, ValueError, OverflowError):
        arr = None
    if arr is None or not np.all(np.isfinite(arr)):
        unit = f" of {unit}" if unit else ""
        raise ValueError(f"{words} ({name}) must hold finite numbers{unit} only, got {_shown(value)}")
    return arr
