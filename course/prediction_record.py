"""The learner's predictions in the progress record, and how often a learner or a class was right.

A prediction is kept in the record's optional top-level field ``predictions``, by Explore
(``"03/2.1"``: lesson 03, Explore 2.1): ``{"choice": the option's text, "correct": true or false,
"time": when it was made}``. The first prediction is the one kept: a later click for the same
Explore changes nothing in the record (a prediction made after seeing the model would not be one).
A record without the field (every record made before predictions existed) reads as one with none.

:func:`prediction_rates` counts, per Explore, how many predicted and how many were right, from one
record or from a class of learners' reports (:func:`class_prediction_rates`); the class summary
lists them lowest first, since where a class's intuition fails is where its misconceptions are.

>>> record = {"predictions": {"03/2.1": {"choice": "It rises", "correct": False},
...                           "05/1.1": {"choice": "The muscle cools less", "correct": True}}}
>>> [(r.key, r.predicted, r.right) for r in prediction_rates(record)]
[('03/2.1', 1, 0), ('05/1.1', 1, 1)]
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any

from .banks import course_banks

#: The record's field for predictions (optional: older records have none).
FIELD = "predictions"


def explore_names() -> dict[str, str]:
    """'03/2.1' -> 'Lesson 03, Explore 2.1', for every prediction of the course's banks."""
    return {p.key: f"Lesson {number}, Explore {p.explore_id}"
            for number, bank in course_banks().items() for p in bank.predictions.values()}


def stored_predictions(record: Mapping[str, Any] | None) -> dict[str, dict]:
    """The predictions of a record, by key ({} for a record without any)."""
    field = (record or {}).get(FIELD)
    if not isinstance(field, Mapping):
        return {}
    return {k: dict(v) for k, v in field.items() if isinstance(v, Mapping) and isinstance(v.get("choice"), str)}


def prediction_change(key: str, choice: str, correct: bool, when: str | None = None) -> Callable[[dict], None]:
    """The change that saves one prediction (for ``ProgressStore.update`` or ``Saver.submit``).

    It keeps the first prediction of an Explore: when the record already has one for ``key``, the
    change leaves it as it is."""
    if not isinstance(choice, str) or not choice:
        raise ValueError(f"choice must be the text of an option, got {choice!r}")
    entry = {"choice": choice, "correct": bool(correct),
             "time": when or datetime.now(timezone.utc).isoformat(timespec="seconds")}

    def change(record):
        kept = record.setdefault(FIELD, {})
        if key not in kept:
            kept[key] = dict(entry)

    return change


@dataclass(frozen=True)
class PredictionRate:
    """How many predicted before one Explore, and how many of them were right."""

    key: str
    predicted: int
    right: int

    @property
    def lesson(self) -> str:
        return self.key.partition("/")[0]

    @property
    def explore_id(self) -> str:
        return self.key.partition("/")[2]

    @property
    def share(self) -> float | None:
        """The share right (0 to 1), None when nobody predicted."""
        return self.right / self.predicted if self.predicted else None


def _sort_key(key: str) -> tuple:
    lesson, _, explore = key.partition("/")
    return (lesson, tuple(int(p) if p.isdigit() else p for p in explore.split(".")))


def _rates(entries: Iterable[Mapping[str, Mapping]], keys: Iterable[str] = ()) -> list[PredictionRate]:
    counts: dict[str, list[int]] = {k: [0, 0] for k in keys}
    for predictions in entries:
        for key, entry in predictions.items():
            if not isinstance(entry, Mapping) or not isinstance(entry.get("correct"), bool):
                continue
            c = counts.setdefault(key, [0, 0])
            c[0] += 1
            c[1] += int(entry["correct"])
    return [PredictionRate(k, n, r) for k, (n, r) in sorted(counts.items(), key=lambda kv: _sort_key(kv[0]))]


def prediction_rates(record: Mapping[str, Any] | None, keys: Iterable[str] = ()) -> list[PredictionRate]:
    """Per Explore, how many predictions one record holds (0 or 1) and how many were right, in
    course order; ``keys`` adds Explores with no prediction yet (predicted 0)."""
    return _rates([stored_predictions(record)], keys)


def report_predictions(record: Mapping[str, Any] | None) -> dict[str, dict]:
    """A record's predictions as a learner's report carries them: choice and right or not, no time."""
    return {k: {"choice": v["choice"], "correct": bool(v.get("correct"))}
            for k, v in sorted(stored_predictions(record).items(), key=lambda kv: _sort_key(kv[0]))}


def class_prediction_rates(reports: Iterable[Mapping[str, Any]]) -> list[PredictionRate]:
    """Per Explore, how many learners of a class predicted and how many were right, from their
    reports; lowest share right first (ties in course order). A report made before predictions
    existed has none and counts for no Explore.

    >>> a = {"predictions": {"03/2.1": {"correct": False}, "05/1.1": {"correct": True}}}
    >>> b = {"predictions": {"03/2.1": {"correct": True}}}
    >>> [(r.key, r.predicted, r.right) for r in class_prediction_rates([a, b, {}])]
    [('03/2.1', 2, 1), ('05/1.1', 1, 1)]
    """
    rates = _rates([r.get(FIELD) or {} for r in reports if isinstance(r.get(FIELD, {}), Mapping)])
    return sorted(rates, key=lambda r: (r.share if r.share is not None else 2.0))


def prediction_lines(record: Mapping[str, Any] | None) -> list[str]:
    """One line per Explore of the course, in course order: the learner's prediction and whether the
    model shows it, in words (lesson 09's table and the learner's report)."""
    names = explore_names()
    made = stored_predictions(record)
    return [f"{names[r.key]}: " + (f"you predicted \"{made[r.key]['choice']}\", "
                                   + ("what the model shows." if r.right else "not what the model shows.")
                                   if r.predicted else "no prediction made.")
            for r in prediction_rates(record, keys=names) if r.key in names]


def rates_table_text(rates: Iterable[PredictionRate], names: Mapping[str, str] | None = None) -> str:
    """The rates as a plain-text table: Explore, predicted, right, share right.

    >>> print(rates_table_text([PredictionRate("03/2.1", 4, 1)]))
    Explore         Predicted  Right  Share right
    Lesson 03, 2.1          4      1          25%
    """
    names = names or {}
    rows = [("Explore", "Predicted", "Right", "Share right")]
    for r in rates:
        label = names.get(r.key) or f"Lesson {r.lesson}, {r.explore_id}"
        rows.append((label, str(r.predicted), str(r.right), "-" if r.share is None else f"{r.share:.0%}"))
    width = [max(len(row[i]) for row in rows) for i in range(4)]
    return "\n".join(f"{row[0]:<{width[0]}}  " + "  ".join(f"{row[i]:>{width[i]}}" for i in range(1, 4))
                     for row in rows)
