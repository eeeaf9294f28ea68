"""Predictions before an Explore: the bank entries, their checks, and what the model does.

Before every Explore of lessons 01 to 08 the learner predicts, with one click, what the explorer will
show ("When you raise the contraction level, the blood flow during the hold will: ..."). The
predictions live in the lesson's quiz bank, under ``predictions:``, one entry per Explore id
(``data/quizzes/README.md`` gives the format). This module reads those entries, says what is wrong
with one (the bank check calls :func:`prediction_problems`), and runs an entry's ``check``: it sets
the explorer's controls as the check says, reads one of the explorer's declared quantities at each
value on the way, and names the trend (:func:`classify_trend`), so that a test can confirm that the
option the bank calls right is what the model does.

>>> classify_trend([100, 250, 400, 150, 0, 0, 0])
'rise-then-fall-then-flat'
>>> classify_trend([52, 39.8, 29.0, 23, 20.9, 17.7, 12, 6], split_index=3)
'fall-fast-then-slow'
>>> classify_trend([60.0, 60.0])
'same'
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from .explorer_questions import EXPLORERS
from .lessons import markdown_cells
from .paths import notebooks_dir
from .quiz import ref_problems

#: The words of a trend: each move of the quantity, joined by "-then-" ("rise-then-fall-then-flat"),
#: "same" when it never moves, or a move that is fast before the check's ``split`` and slow after.
TREND_PATTERN = re.compile(r"^(same|(rise|fall|flat)(-then-(rise|fall|flat))*|(rise|fall)-fast-then-slow)$")
#: A flat stretch (no change at all) shorter than this share of the steps is not a move of its own.
FLAT_SHARE = 0.25


@dataclass(frozen=True)
class Check:
    """How a test confirms a prediction's right option on the explorer.

    Either a trend: set ``settings``, move ``control`` from ``start`` to ``end`` through every
    value it takes on the way, read ``quantity`` and expect ``trend``; or a readout: set
    ``settings`` and expect ``readout_contains`` in the explorer's readout (for an Explore whose
    prediction is a fact the explorer states, not a number that moves).
    """

    explorer: str
    settings: Mapping[str, Any] = field(default_factory=dict)
    control: str | None = None
    start: Any = None
    end: Any = None
    quantity: str | None = None
    trend: str | None = None
    split: float | None = None
    readout_contains: str | None = None


@dataclass(frozen=True)
class Prediction:
    """One prediction of a lesson's bank, shown before Explore ``explore_id`` ('2.1')."""

    lesson: str
    explore_id: str
    prompt: str
    options: tuple[str, ...]
    answer: str
    why: str
    check: Check
    refs: tuple[str, ...] = ()
    quiz: str | None = None
    extrapolation: bool = False

    @property
    def key(self) -> str:
        """The key of the learner's choice in the progress record: '03/2.1'."""
        return f"{self.lesson[:2]}/{self.explore_id}"

    def is_right(self, choice: str) -> bool:
        return choice == self.answer

    def beside_result(self, choice: str | None) -> str:
        """The learner's prediction beside what the model does, with why, in plain words.

        >>> p = Prediction("03_ischemia", "2.1", "Flow?", ("Up", "Down", "Same"), "Down", "The squeeze.", Check("x"))
        >>> p.beside_result("Up")
        'You predicted: Up. The model shows: Down. Why: The squeeze.'
        >>> p.beside_result(None)
        'You made no prediction before exploring. The model shows: Down. Why: The squeeze.'
        """
        said = (f"You predicted: {choice.rstrip('.')}." if choice
                else "You made no prediction before exploring.")
        return f"{said} The model shows: {self.answer.rstrip('.')}. Why: {self.why}"


def build_predictions(lesson: str, raw: Mapping[str, Any] | None) -> dict[str, Prediction]:
    """The predictions of a (valid) bank's ``predictions:`` section, by Explore id."""
    out = {}
    for explore_id, entry in (raw or {}).items():
        c = entry["check"]
        check = Check(explorer=c["explorer"], settings=dict(c.get("settings", {})), control=c.get("control"),
                      start=c.get("from"), end=c.get("to"), quantity=c.get("quantity"), trend=c.get("trend"),
                      split=c.get("split"), readout_contains=c.get("readout_contains"))
        out[explore_id] = Prediction(
            lesson=lesson, explore_id=explore_id, prompt=entry["prompt"], options=tuple(entry["options"]),
            answer=entry["answer"], why=entry["why"], check=check, refs=tuple(entry.get("refs", ())),
            quiz=entry.get("quiz"), extrapolation=bool(entry.get("extrapolation", False)))
    return out


# --------------------------------------------------------------------------------------------
# What the model does
# --------------------------------------------------------------------------------------------


def _moves(values: Sequence[float]) -> list[str]:
    """The moves of a series: runs of rise, fall and flat (no change). A flat run shorter than
    :data:`FLAT_SHARE` of the steps, or between two moves the same way, is dropped (the stairs of a
    quantity shown in whole numbers)."""
    top = max((abs(v) for v in values), default=0.0)
    same = 1e-9 * (1.0 + top)
    runs: list[list] = []  # [move, steps]
    for a, b in zip(values, values[1:]):
        move = "flat" if abs(b - a) <= same else ("rise" if b > a else "fall")
        if runs and runs[-1][0] == move:
            runs[-1][1] += 1
        else:
            runs.append([move, 1])
    steps = len(values) - 1
    if all(move == "flat" for move, _ in runs):
        return ["flat"]
    moves: list[str] = []
    for i, (move, n) in enumerate(runs):
        if move == "flat":
            before, after = runs[i - 1][0] if i else None, runs[i + 1][0] if i + 1 < len(runs) else None
            if n < FLAT_SHARE * steps or (before is not None and before == after):
                continue  # too short to be a move of its own, or a stair on the way up or down
        if not moves or moves[-1] != move:
            moves.append(move)
    return moves


def classify_trend(values: Sequence[float], split_index: int | None = None) -> str:
    """The trend of a quantity read at successive control values, in the words of :data:`TREND_PATTERN`.

    Only an exact repeat is "flat"; a flat stretch shorter than a quarter of the steps, or between
    two moves the same way, is left out (the stairs of a number shown whole). ``split_index``: the position of the check's ``split``
    value; a quantity that only rises (or only falls) and moves more per step before it than
    after it is 'rise-fast-then-slow' ('fall-fast-then-slow').

    >>> classify_trend([3, 8, 16, 24, 28])
    'rise'
    >>> classify_trend([7, 6, 6, 5, 5, 5, 4, 4, 4, 3])
    'fall'
    >>> classify_trend([0, 0, 0, 5, 9])
    'flat-then-rise'
    """
    values = [float(v) for v in values]
    if len(values) < 2:
        raise ValueError(f"values: a trend needs at least 2 values, got {len(values)}")
    moves = _moves(values)
    if moves == ["flat"]:
        return "same"
    if split_index is not None and len(moves) == 1 and 0 < split_index < len(values) - 1:
        before = abs(values[split_index] - values[0]) / split_index
        after = abs(values[-1] - values[split_index]) / (len(values) - 1 - split_index)
        if before > after:
            return f"{moves[0]}-fast-then-slow"
    return "-then-".join(moves)


def path_values(check: Check) -> list:
    """The control values a trend check passes through, from ``start`` to ``end`` (every value a
    slider takes between them; the two options of a choice or a box)."""
    control = EXPLORERS[check.explorer].controls[check.control]
    if not control.numeric:
        return [check.start, check.end]
    low, high = sorted((check.start, check.end))
    inside = [v for v in control.values if low - 1e-9 <= v <= high + 1e-9]
    return inside if check.start <= check.end else inside[::-1]


def model_trend(check: Check) -> tuple[str, list, list[float]]:
    """What the model does along a trend check: (trend, control values, quantity values).

    The quantity is the explorer's own (``Explorer.quantities``), computed from the control values
    by the course's models, as explorer questions read it."""
    spec = EXPLORERS[check.explorer]
    quantity = spec.quantities[check.quantity]
    values = path_values(check)
    base = {**spec.defaults, **check.settings}
    ys = [float(quantity.compute({**base, check.control: v})) for v in values]
    split_index = None
    if check.split is not None:
        split_index = min(range(len(values)), key=lambda i: abs(values[i] - check.split))
    return classify_trend(ys, split_index), values, ys


# --------------------------------------------------------------------------------------------
# Checking a bank's predictions
# --------------------------------------------------------------------------------------------


def explore_ids(lesson: str) -> list[str] | None:
    """The ids of the ``### Explore N.M`` sections of a lesson's notebook (None without a notebook)."""
    path = notebooks_dir() / f"{lesson}.ipynb"
    if not path.is_file():
        return None
    return re.findall(r"^### Explore (\d+\.\d+)\b", "\n".join(markdown_cells(path)), flags=re.M)


def _check_problems(check: Mapping[str, Any]) -> list[str]:
    name = check.get("explorer")
    if not isinstance(name, str):
        return []
    if name not in EXPLORERS:
        return [f"field 'check': no explorer '{name}'; explorers: {', '.join(EXPLORERS)}"]
    spec = EXPLORERS[name]
    out = []
    for key in check.get("settings") or {}:
        if key not in spec.controls:
            out.append(f"field 'check': field 'settings': explorer '{name}' has no control '{key}'; controls: "
                       f"{', '.join(spec.controls)}")
    trend_fields = [k for k in ("control", "from", "to", "quantity", "trend") if k in check]
    if "readout_contains" in check:
        if trend_fields:
            out.append("field 'check': give either 'readout_contains' or a trend (control, from, to, quantity, "
                       f"trend), not both; it also has {', '.join(trend_fields)}")
        return out
    missing = [k for k in ("control", "from", "to", "quantity", "trend") if k not in check]
    if missing:
        return out + [f"field 'check': field '{k}' is missing (a trend check names control, from, to, quantity "
                      "and trend; or give readout_contains)" for k in missing]
    control = check["control"]
    if control not in spec.controls:
        return out + [f"field 'check': field 'control': explorer '{name}' has no control '{control}'; controls: "
                      f"{', '.join(spec.controls)}"]
    info = spec.controls[control]
    for key in ("from", "to"):
        value = check[key]
        ok = (info.values and isinstance(value, (int, float)) and not isinstance(value, bool)
              and min(info.values) <= value <= max(info.values)) or (not info.numeric and value in info.words)
        if not ok:
            allowed = (f"from {min(info.values):g} to {max(info.values):g}" if info.numeric
                       else "one of " + ", ".join(map(str, info.words)))
            out.append(f"field 'check': field '{key}': {value!r} is not a value of control '{control}' ({allowed})")
    if check["quantity"] not in spec.quantities:
        out.append(f"field 'check': field 'quantity': explorer '{name}' declares no quantity '{check['quantity']}'; "
                   f"quantities: {', '.join(spec.quantities) or 'none'}")
    if "fast-then-slow" in str(check["trend"]) and "split" not in check:
        out.append("field 'check': a 'fast-then-slow' trend needs 'split', the control value between fast and slow")
    return out


def prediction_problems(data: Mapping[str, Any], known_refs) -> list[tuple[str, str]]:
    """What the schema cannot see in a bank's predictions: (Explore id, problem) pairs.

    The right option must be one of the options; the Explore must exist in the lesson's notebook;
    ``quiz`` must name a quiz of the bank with a question about the same explorer; the check must
    name the explorer's own controls, values and quantities; reference keys must be known."""
    raw = data.get("predictions")
    lesson = data.get("lesson")
    if not isinstance(raw, Mapping):
        return []
    ids = explore_ids(lesson) if isinstance(lesson, str) else None
    quizzes = data.get("quizzes") if isinstance(data.get("quizzes"), Mapping) else {}
    out = []
    for explore_id, entry in raw.items():
        if not isinstance(entry, Mapping):
            continue
        problems = []
        if ids is not None and explore_id not in ids:
            problems.append(f"no section '### Explore {explore_id}' in notebooks/{lesson}.ipynb; its Explores: "
                            f"{', '.join(ids) or 'none'}")
        options, answer = entry.get("options"), entry.get("answer")
        if isinstance(options, list) and isinstance(answer, str) and answer not in options:
            problems.append(f"field 'answer': '{answer}' is not one of the options "
                            f"({'; '.join(map(str, options))}); copy the right option's text exactly")
        problems += ref_problems("field 'refs'", entry.get("refs"), known_refs)
        check = entry.get("check")
        if isinstance(check, Mapping):
            problems += _check_problems(check)
        quiz = entry.get("quiz")
        if isinstance(quiz, str):
            questions = quizzes.get(quiz)
            if not isinstance(questions, list):
                problems.append(f"field 'quiz': the bank has no quiz '{quiz}'")
            elif isinstance(check, Mapping) and not any(
                    isinstance(q, Mapping) and q.get("kind") == "explorer" and q.get("explorer") == check.get("explorer")
                    for q in questions):
                problems.append(f"field 'quiz': quiz '{quiz}' has no question about the explorer "
                                f"'{check.get('explorer')}', so it cannot show the prediction beside the result")
        out += [(explore_id, p) for p in problems]
    return out
