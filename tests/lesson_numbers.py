"""Helper for the lesson tests: every number in a lesson's text must come from the course's data.

``unsourced_numbers(notebook, datasets, allowed)`` lists the numbers written in a notebook's
Markdown that match no value in the named datasets (rounded as a lesson would print it) and are
not in ``allowed``, the few numbers that are instructions rather than facts ("move the slider to
1.5"). Headings, the running clocks, lesson and section references, years and the reference list
are left out. ``unsourced_bank_numbers(bank, datasets, allowed)`` does the same for the text of a
quiz bank (prompts, options, hints, feedback, explanations) and its numeric answers.

A dataset is named as in ``data/catalogue.yml``; ``claims`` (data/claims.csv), ``red_flags``
(data/red_flags.yml) and ``lessons`` (data/lessons.yml: the course map's times) name the course files
that are not datasets. "95% CI" and the like are the usual level of an interval, not a fact, and are
left out.
"""

from __future__ import annotations

import math
import re
from pathlib import Path

import nbformat

from course import data

_DROP = [
    r"\]\([^)]*\)",                         # link targets
    r"(?i)\b(?:Lesson|Lessons|Section|Sections|Explore|Think|Quiz)\s+\d+(?:\.\d+)?"
    r"(?:\s*(?:,|and|to|or|-)\s*\d+(?:\.\d+)?)*",
    r"\b95% (?:confidence |uncertainty |Wilson )?(?:CI|interval|confidence interval|uncertainty interval)\b",  # the usual level
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


def _load(name: str):
    if name == "claims":
        from course.evidence import claims

        return [vars(c) for c in claims().values()]
    if name == "lessons":
        from course.lessons import lessons

        return [vars(lesson) for lesson in lessons()]
    if name == "red_flags":
        from course.safety import red_flags

        return red_flags()
    return data.load(name)


def dataset_numbers(names: list[str]) -> set[float]:
    """Every number in the named datasets (including numbers inside their text columns)."""
    out: set[float] = set()
    for name in names:
        _walk(_load(name), out)
    return {v for v in out if not math.isnan(v)}


#: The fields of a bank entry that learners read (and the numeric answer they must give).
_BANK_TEXT = ("prompt", "hint", "explanation", "text", "feedback", "feedback_low", "feedback_high",
              "feedback_correct", "feedback_wrong", "answer")


def _bank_strings(value, out: list[str]) -> None:
    if isinstance(value, dict):
        for key, v in value.items():
            if key in _BANK_TEXT and isinstance(v, (str, int, float)) and not isinstance(v, bool):
                out.append(str(v))
            elif key == "feedback" and isinstance(v, dict):  # an evidence question's feedback per level
                out.extend(str(x) for x in v.values())
            elif key == "items" and isinstance(v, list):
                out.extend(str(x) for x in v)
            else:
                _bank_strings(v, out)
    elif isinstance(value, list):
        for v in value:
            _bank_strings(v, out)


def bank_prose(bank: Path) -> str:
    """The text a learner reads in a quiz bank, one field a line, with the same parts left out."""
    import yaml

    out: list[str] = []
    _bank_strings(yaml.safe_load(Path(bank).read_text(encoding="utf-8")), out)
    text = "\n".join(out)
    for pattern in _DROP:
        text = re.sub(pattern, " ", text)
    return text


def _matches(x: float, values: set[float]) -> bool:
    for v in values:
        a = abs(v)
        if math.isclose(a, x, abs_tol=1e-9) or round(a) == x or round(a, 1) == x or round(a, 2) == x:
            return True
    return False


def unsourced_numbers(notebook: Path, datasets: list[str], allowed: set[float],
                      computed: set[float] = frozenset()) -> list[str]:
    """Numbers in the lesson text found neither in the datasets nor in ``allowed``, with context.

    ``computed`` holds numbers the course computes from its data (matched, like the datasets'
    values, as a lesson would round them); ``allowed`` numbers must appear exactly.
    """
    return _unsourced(prose(notebook), datasets, allowed, computed)


def unsourced_bank_numbers(bank: Path, datasets: list[str], allowed: set[float],
                           computed: set[float] = frozenset()) -> list[str]:
    """Numbers in a quiz bank's text found neither in the datasets nor in ``allowed``, with context."""
    return _unsourced(bank_prose(bank), datasets, allowed, computed)


def _unsourced(text: str, datasets: list[str], allowed: set[float], computed: set[float]) -> list[str]:
    values = dataset_numbers(datasets) | set(computed)
    problems = []
    for m in _NUMBER.finditer(text):
        x = float(m.group().replace(",", ""))
        if x in allowed or _matches(x, values):
            continue
        start, end = max(0, m.start() - 50), min(len(text), m.end() + 30)
        problems.append(f"{m.group()}: ...{text[start:end]!r}...")
    return problems
