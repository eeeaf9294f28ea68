"""Helper for the lesson tests: every number in a lesson's text must come from the course's data.

``unsourced_numbers(notebook, datasets, allowed)`` lists the numbers written in a notebook's
Markdown that match no value in the named datasets (rounded as a lesson would print it) and are
not in ``allowed``, the few numbers that are instructions rather than facts ("move the slider to
1.5"). Headings, the running clocks, lesson and section references, years and the reference list
are left out.
"""

from __future__ import annotations

import math
import re
from pathlib import Path

import nbformat

from course import data

_DROP = [
    r"\]\([^)]*\)",                         # link targets
    r"\b(?:Lesson|Lessons|Section|Sections|Explore|Think|Quiz)\s+\d+(?:\.\d+)?(?:\s+and\s+\d+)?",
    r"\b(?:19|20)\d\d\b",                   # years
    r"(?m)^\d+\.\s",                        # numbered list markers
]
_NUMBER = re.compile(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?")


def prose(notebook: Path) -> str:
    """The lesson's own Markdown text, without headings, clocks and the reference list."""
    book = nbformat.read(notebook, as_version=4)
    keep = []
    for cell in book.cells:
        if cell.cell_type != "markdown" or cell.source.startswith("## References"):
            continue
        for line in cell.source.splitlines():
            if line.startswith("#") or line.startswith("*Time to here") or line.startswith("**Estimated time"):
                continue
            if "not medical advice" in line:
                continue
            keep.append(line)
    text = "\n".join(keep)
    for pattern in _DROP:
        text = re.sub(pattern, " ", text)
    return text


def _walk(value, out: set[float]) -> None:
    if isinstance(value, dict):
        for v in value.values():
            _walk(v, out)
    elif isinstance(value, (list, tuple)):
        for v in value:
            _walk(v, out)
    elif isinstance(value, bool):
        return
    elif isinstance(value, (int, float)):
        out.add(float(value))
    elif hasattr(value, "tolist"):
        _walk(value.tolist(), out)
    elif isinstance(value, str):
        out.update(float(x.replace(",", "")) for x in _NUMBER.findall(value))


def dataset_numbers(names: list[str]) -> set[float]:
    """Every number in the named datasets (including numbers inside their text columns)."""
    out: set[float] = set()
    for name in names:
        _walk(data.load(name), out)
    return {v for v in out if not math.isnan(v)}


def _matches(x: float, values: set[float]) -> bool:
    for v in values:
        a = abs(v)
        if math.isclose(a, x, abs_tol=1e-9) or round(a) == x or round(a, 1) == x or round(a, 2) == x:
            return True
    return False


def unsourced_numbers(notebook: Path, datasets: list[str], allowed: set[float]) -> list[str]:
    """Numbers in the lesson text found neither in the datasets nor in ``allowed``, with context."""
    text = prose(notebook)
    values = dataset_numbers(datasets)
    problems = []
    for m in _NUMBER.finditer(text):
        x = float(m.group().replace(",", ""))
        if x in allowed or _matches(x, values):
            continue
        start, end = max(0, m.start() - 50), min(len(text), m.end() + 30)
        problems.append(f"{m.group()}: ...{text[start:end]!r}...")
    return problems
