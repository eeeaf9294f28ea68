"""The claim-evaluation test in the learner's record and in the reports a teacher collects.

The record's optional field ``claim_test`` holds the order of the forms (``"AB"``: form A before
the course, form B after it), fixed at the learner's first answer, and one entry per sitting
(``before``: lesson 00, ``after``: lesson 09)::

    {"order": "AB",
     "before": {"form": "A", "scored": "2026-12-02T10:00:00+00:00",
                "answers": {"a-copper-bracelet": {"choice": "...", "correct": true, "time": "..."}}}}

Each answer is saved as it is given; a sitting is *scored* when the learner asks for the score,
and from then on its answers do not change (a changed answer after seeing the right ones would
not measure anything). A record without the field (every record made before the test existed)
reads as one that has not taken it.

>>> record = {"quiz_seed": "s"}
>>> answer_change("before", "a-x", "It may have got better anyway", True, "AB")(record)
>>> record["claim_test"]["order"], record["claim_test"]["before"]["form"]
('AB', 'A')
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Mapping
from datetime import datetime, timezone
from typing import Any

from .claim_evaluation import FORMS, ORDERS, PHASES, ClaimTest, form_order, score
from .claim_gain import LearnerTest, Sitting

FIELD = "claim_test"


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def _phase(phase: str) -> str:
    if phase not in PHASES:
        raise ValueError(f"phase must be one of {', '.join(PHASES)}, got {phase!r}")
    return phase


def stored(record: Mapping[str, Any] | None) -> dict:
    """The record's ``claim_test`` field ({} for a record without one)."""
    field = (record or {}).get(FIELD)
    return dict(field) if isinstance(field, Mapping) else {}


def order_of(record: Mapping[str, Any]) -> str:
    """The learner's order, AB or BA: the stored one, else the one :func:`form_order` gives."""
    order = stored(record).get("order")
    if order in ORDERS:
        return order
    return "".join(form_order(str((record or {}).get("quiz_seed", ""))))


def _stored_sitting(record: Mapping[str, Any] | None, phase: str) -> Mapping | None:
    """The record's sitting of ``phase`` as stored (None when not begun)."""
    sitting = stored(record).get(_phase(phase))
    return sitting if isinstance(sitting, Mapping) else None


def form_for(record: Mapping[str, Any], phase: str, order: str | None = None) -> str:
    """The form this learner takes (or took) in ``phase``: the one of a sitting begun, else the one
    ``order`` (by default :func:`order_of`) gives."""
    sitting = _stored_sitting(record, phase)
    if sitting is not None and sitting.get("form") in FORMS:
        return sitting["form"]
    return (order or order_of(record))[PHASES.index(phase)]


def answers_of(record: Mapping[str, Any], phase: str) -> dict[str, dict]:
    """The saved answers of one sitting, by item id ({} when not begun)."""
    sitting = _stored_sitting(record, phase)
    answers = sitting.get("answers") if sitting is not None else None
    if not isinstance(answers, Mapping):
        return {}
    return {k: dict(v) for k, v in answers.items() if isinstance(v, Mapping) and isinstance(v.get("choice"), str)}


def is_scored(record: Mapping[str, Any], phase: str) -> bool:
    sitting = _stored_sitting(record, phase)
    return sitting is not None and bool(sitting.get("scored"))


def answer_change(phase: str, item_id: str, choice: str, correct: bool, order: str) -> Callable[[dict], None]:
    """The change that saves one answer (for ``ProgressStore.update`` or ``Saver.submit``).

    The first answer of the test fixes the record's order to ``order``. An answer to a sitting that
    is already scored changes nothing (the test's widget no longer offers it)."""
    _phase(phase)
    if order not in ORDERS:
        raise ValueError(f"order must be one of {', '.join(ORDERS)}, got {order!r}")
    if not isinstance(choice, str) or not choice:
        raise ValueError(f"choice must be the text of an option, got {choice!r}")
    entry = {"choice": choice, "correct": bool(correct), "time": _now()}

    def change(record):
        sitting = _open_sitting(record, phase, order)
        if sitting.get("scored"):
            return
        sitting.setdefault("answers", {})[item_id] = dict(entry)

    return change


def _open_sitting(record: dict, phase: str, order: str) -> dict:
    """The record's sitting of ``phase``, begun (on the form the record's order gives it) if it was
    not; the record's order is set to ``order`` if it had none."""
    test = record.setdefault(FIELD, {})
    test.setdefault("order", order)
    return test.setdefault(phase, {"form": test["order"][PHASES.index(phase)], "answers": {}, "scored": None})


def score_change(phase: str, order: str) -> Callable[[dict], None]:
    """The change that marks a sitting scored (its first scoring is kept); a sitting with no answer
    yet is created, so that a learner who scores an empty test has a (zero) score."""
    _phase(phase)
    when = _now()

    def change(record):
        sitting = _open_sitting(record, phase, order)
        sitting["scored"] = sitting.get("scored") or when

    return change


def _sitting(test: ClaimTest, raw: Any) -> Sitting | None:
    """A stored or reported sitting, if it is scored; None otherwise."""
    if not isinstance(raw, Mapping) or raw.get("form") not in FORMS or not raw.get("scored"):
        return None
    ids = {q.id for q in test.items(raw["form"])}
    answers = raw.get("answers") if isinstance(raw.get("answers"), Mapping) else {}
    return Sitting(raw["form"], {k: v.get("correct") is True for k, v in answers.items()
                                 if k in ids and isinstance(v, Mapping)})


def learner_test(test: ClaimTest, record: Mapping[str, Any], name: str = "you") -> LearnerTest:
    """The learner's scored sittings, for :mod:`course.claim_gain`."""
    return _learner(test, stored(record), name)


def _learner(test: ClaimTest, field: Mapping[str, Any], name: str) -> LearnerTest:
    """The sittings of a ``claim_test`` field; the order is the one the two sittings show when both
    are scored, else the stored one."""
    before, after = _sitting(test, field.get("before")), _sitting(test, field.get("after"))
    if before is not None and after is not None and before.form != after.form:
        order = before.form + after.form
    else:
        order = field.get("order") if field.get("order") in ORDERS else None
    return LearnerTest(name, order, before, after)


def missed_concepts(test: ClaimTest, record: Mapping[str, Any]) -> tuple[tuple[str, ...], str | None]:
    """(the concepts missed in the learner's latest scored sitting, when it was scored); ((), None)
    before any sitting is scored."""
    field = stored(record)
    for phase in reversed(PHASES):
        sitting = _sitting(test, field.get(phase))
        if sitting is not None:
            return score(test, sitting.form, sitting.correct).missed, str(field[phase]["scored"])
    return (), None


def merged_claim_test(mine: Any, theirs: Any) -> tuple[dict | None, int]:
    """Two copies of a learner's ``claim_test`` field joined, losing no sitting: (the joined field,
    how many sittings or answers it took from ``theirs``).

    Per sitting: a scored one wins over one not scored (the earlier scoring if both are); two
    sittings not scored join their answers, the later answer of an item winning. The order is the
    one of the copy whose ``before`` sitting was begun (``mine``'s when both or neither), and a
    sitting of ``theirs`` on a form that order does not give it is left out.
    """
    mine = dict(mine) if isinstance(mine, Mapping) else {}
    theirs = dict(theirs) if isinstance(theirs, Mapping) else {}
    if not theirs:
        return (mine or None), 0
    if not mine:
        return copy.deepcopy(theirs), sum(1 for p in PHASES if isinstance(theirs.get(p), Mapping))
    order = mine.get("order") if mine.get("order") in ORDERS else theirs.get("order")
    if not isinstance(mine.get("before"), Mapping) and isinstance(theirs.get("before"), Mapping) \
            and theirs.get("order") in ORDERS:
        order = theirs["order"]
    out: dict[str, Any] = {"order": order} if order in ORDERS else {}
    taken = 0
    for index, phase in enumerate(PHASES):
        a, b = mine.get(phase), theirs.get(phase)
        a = a if isinstance(a, Mapping) and (order not in ORDERS or a.get("form") == order[index]) else None
        b = b if isinstance(b, Mapping) and (order not in ORDERS or b.get("form") == order[index]) else None
        if b is None:
            if a is not None:
                out[phase] = copy.deepcopy(dict(a))
            continue
        if a is None:
            out[phase], taken = copy.deepcopy(dict(b)), taken + 1
        elif a.get("scored") or b.get("scored"):
            first = min((s for s in (a, b) if s.get("scored")), key=lambda s: str(s["scored"]))
            out[phase] = copy.deepcopy(dict(first))
            taken += first is b
        else:
            answers = copy.deepcopy(dict(a.get("answers") or {}))
            for item, entry in (b.get("answers") or {}).items():
                if item not in answers or str((entry or {}).get("time") or "") > str(answers[item].get("time") or ""):
                    answers[item] = copy.deepcopy(entry)
                    taken += 1
            out[phase] = {**copy.deepcopy(dict(a)), "answers": answers}
    return out, taken


def report_claim_test(record: Mapping[str, Any]) -> dict:
    """The part of a learner's report a class summary and the item analysis read: the order and,
    per sitting begun, its form, whether it is scored and each item's answer (no times)."""
    field = stored(record)
    out: dict[str, Any] = {}
    if field.get("order") in ORDERS:
        out["order"] = field["order"]
    for phase in PHASES:
        raw = field.get(phase)
        if isinstance(raw, Mapping) and raw.get("form") in FORMS:
            out[phase] = {"form": raw["form"], "scored": bool(raw.get("scored")),
                          "answers": {k: {"choice": v["choice"], "correct": v.get("correct") is True}
                                      for k, v in answers_of(record, phase).items()}}
    return out


def check_report_part(value: Any) -> None:
    """Raise ValueError naming the first problem of a report's ``claim_test`` field."""
    if not isinstance(value, Mapping):
        raise ValueError("field 'claim_test' must be an object")
    if "order" in value and value["order"] not in ORDERS:
        raise ValueError(f"field 'claim_test.order' must be AB or BA, got {value['order']!r}")
    for phase in PHASES:
        if phase not in value:
            continue
        s = value[phase]
        if not isinstance(s, Mapping) or s.get("form") not in FORMS:
            raise ValueError(f"field 'claim_test.{phase}' must be an object with 'form' A or B")
        if not isinstance(s.get("scored"), bool):
            raise ValueError(f"field 'claim_test.{phase}.scored' must be true or false")
        answers = s.get("answers")
        if not isinstance(answers, Mapping) or not all(
                isinstance(a, Mapping) and isinstance(a.get("correct"), bool) for a in answers.values()):
            raise ValueError(f"field 'claim_test.{phase}.answers' must map each item to an object with 'correct' "
                             "true or false")
        order = value.get("order")
        if order in ORDERS and s["form"] != order[PHASES.index(phase)]:
            raise ValueError(f"field 'claim_test.{phase}.form' is {s['form']}, but the order {order} gives form "
                             f"{order[PHASES.index(phase)]} {phase} the course")
    if all(isinstance(value.get(p), Mapping) for p in PHASES) and value["before"]["form"] == value["after"]["form"]:
        raise ValueError("field 'claim_test': both sittings are on form "
                         f"{value['before']['form']}; the second sitting takes the other form")


def learner_test_from_report(test: ClaimTest, report: Mapping[str, Any], name: str) -> LearnerTest:
    """A (checked) report's sittings, for :mod:`course.claim_gain`; reports without the field give
    a learner with no sitting."""
    part = report.get(FIELD) if isinstance(report.get(FIELD), Mapping) else {}
    return _learner(test, part, name)
