"""Questions about an explorer's state: "set the explorer so that ..., then press Check".

A question of kind ``explorer`` names one of the course's explorers, the control the learner moves
(``control``) and what that control must reach. The check is a pure function of the explorer's
control values (``explorer.values()``): it recomputes what it needs from the course's models, so a
test can drive it by setting ``explorer.controls[name].value`` and checking, with no front end.

Two ways to say what is right:

- ``target``: the control must be at a number, give or take ``tolerance``;
- ``find: lowest`` or ``find: highest`` with ``where``: the control must be at the lowest (or
  highest) of its values at which a quantity of the model meets a condition, for example "the
  lowest baseline risk at which the number needed to treat is below 10". The other controls stay
  as the learner left them, so the answer follows them (a stronger muscle stops its blood flow at
  a lower contraction level).

``settings`` fixes other controls first ("with an ice pack on for 20 minutes"); a response with
other settings is not counted as a try, and the feedback says what to set. Every wrong try says
which way to move the control, and the value of the quantity at the current setting.

Questions can name every explorer of :mod:`course.explorers.registry` (:data:`EXPLORERS`), its
controls and the quantities it declares (``Explorer.control_specs`` and ``Explorer.quantities``);
each quantity is a pure function of the control values that calls the course's models.

>>> q = ExplorerQuestion(lesson="00_demo", quiz_id="1.1", id="first-week", prompt="...",
...     explorer="natural_history", control="week", find="lowest",
...     where={"quantity": "acute_mean", "at_most": 23})
>>> q.check({"week": 4}).correct, q.check({"week": 6}).correct
(False, True)
>>> q.check({"week": 4}).message_md.splitlines()[0]
'With Weeks since onset at 4, the average pain in the acute cohorts is 29/100: not yet at most 23/100.'
"""

from __future__ import annotations

import numbers
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from .explorers.declarations import ControlSpec, Quantity, Slider
from .explorers.registry import EXPLORER_MODULES, explorer_class
from .quiz import Feedback, InvalidResponse, Question, _fmt
from .text import render_inline

if TYPE_CHECKING:  # only named in annotations: the explorers (and matplotlib) load when a question needs one
    from .explorers.base import Explorer

FIND = ("lowest", "highest")
#: Conditions a quantity can be asked to meet, with their words.
CONDITIONS: dict[str, tuple[str, Callable[[float, float], bool]]] = {
    "below": ("below", lambda x, limit: x < limit),
    "above": ("above", lambda x, limit: x > limit),
    "at_most": ("at most", lambda x, limit: x <= limit),
    "at_least": ("at least", lambda x, limit: x >= limit),
    "equals": ("equal to", lambda x, limit: x == limit),
}


# --------------------------------------------------------------------------------------------
# What each explorer offers to questions
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Control:
    """One control of an explorer as questions see it, from the explorer's declaration.

    ``values`` lists every value a slider can take, in order (numbers; for a slider through uneven
    stops, ``Choice(..., nearest=True)``, the stops); ``words`` gives the options of a choice or a
    checkbox with the words said for each (then ``values`` is empty).
    """

    label: str
    values: tuple = ()
    words: Mapping[Any, str] = field(default_factory=dict)
    unit: str = ""
    default: Any = None

    @classmethod
    def of(cls, declared: ControlSpec) -> Control:
        if isinstance(declared, Slider) or getattr(declared, "nearest", False):
            # a slider, or a slider through uneven numeric stops: its values are the numbers themselves
            return cls(declared.label, declared.values, {}, declared.unit, declared.default)
        return cls(declared.label, (), declared.words, declared.unit, declared.default)

    @property
    def numeric(self) -> bool:
        return bool(self.values) and not self.words

    def show(self, value: Any) -> str:
        """A value as the explorer shows it: '57' or 'Ice pack (0 °C)'."""
        if value in self.words:
            return self.words[value]
        if isinstance(value, numbers.Real) and not isinstance(value, bool):
            return _fmt(round(float(value), 6))
        return str(value)


@dataclass(frozen=True)
class ExplorerSpec:
    """An explorer as questions see it: its class, its controls and its quantities (as it declares them)."""

    name: str
    explorer: type[Explorer]
    controls: Mapping[str, Control]
    quantities: Mapping[str, Quantity]

    @classmethod
    def of(cls, explorer: type[Explorer]) -> ExplorerSpec:
        return cls(explorer.name, explorer, {c.key: Control.of(c) for c in explorer.declared_controls()},
                   {q.key: q for q in explorer.quantities})

    @property
    def defaults(self) -> dict[str, Any]:
        """The explorer's starting values, by control."""
        return {key: control.default for key, control in self.controls.items()}

    def build(self, **initial) -> Explorer:
        """A new explorer of this kind, its controls set to ``initial`` (any of them, as a learner
        would set them)."""
        explorer = self.explorer()
        for name, value in initial.items():
            explorer.controls[name].value = value
        return explorer


@lru_cache(maxsize=None)
def _spec_of(name: str) -> ExplorerSpec:
    return ExplorerSpec.of(explorer_class(name))


class _Specs(Mapping):
    """Explorer name -> ExplorerSpec for every explorer of the registry; a spec is made when first
    asked for (some explorers read their options from a dataset)."""

    def __getitem__(self, name: str) -> ExplorerSpec:
        if name not in EXPLORER_MODULES:
            raise KeyError(name)
        return _spec_of(name)

    def __iter__(self):
        return iter(EXPLORER_MODULES)

    def __len__(self) -> int:
        return len(EXPLORER_MODULES)


#: The explorers that questions can name, by ``Explorer.name``.
EXPLORERS: Mapping[str, ExplorerSpec] = _Specs()


def explorer_spec(name: str) -> ExplorerSpec:
    """The spec of an explorer by name; an unknown name raises a ValueError listing the names."""
    if name not in EXPLORERS:
        raise ValueError(f"no explorer '{name}' for questions; explorers: {', '.join(EXPLORERS)}")
    return EXPLORERS[name]


# --------------------------------------------------------------------------------------------
# The question
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Snapshot:
    """What a check found: the control's value, where it should be, and the quantity shown."""

    values: Mapping[str, Any]
    value: float
    target: float
    shown: float | None = None
    meets: bool | None = None  # whether the ``where`` condition holds at the current value


@lru_cache(maxsize=4096)
def _quantity_cached(explorer: str, quantity: str, frozen: tuple) -> float:
    return float(EXPLORERS[explorer].quantities[quantity].compute(dict(frozen)))


def quantity_value(explorer: str, quantity: str, values: Mapping[str, Any]) -> float:
    """The value of a named quantity of an explorer at the given control values.

    >>> quantity_value("recurrence_risk", "nnt_whole",
    ...                {"baseline": 33, "source": "choi2010_exercise_after_treatment"})
    7.0
    """
    spec = explorer_spec(explorer)
    if quantity not in spec.quantities:
        raise ValueError(f"explorer '{explorer}' has no quantity '{quantity}'; quantities: "
                         f"{', '.join(spec.quantities)}")
    return _quantity_cached(explorer, quantity, tuple(sorted(values.items())))


@dataclass(frozen=True, kw_only=True)
class ExplorerQuestion(Question, kinds="explorer"):
    """Set an explorer so that a condition holds, then Check (see the module docstring).

    Responses are the explorer's control values, ``explorer.values()``.
    """

    @property
    def asked_outside_lesson(self) -> bool:
        """Never: a question about an explorer's state belongs next to its explorer, in its lesson."""
        return False

    explorer: str
    control: str
    settings: Mapping[str, Any] = field(default_factory=dict)
    target: float | None = None
    find: str | None = None
    where: Mapping[str, Any] | None = None
    tolerance: float = 0.0
    start: Mapping[str, Any] = field(default_factory=dict)
    feedback_low: str | None = None
    feedback_high: str | None = None
    feedback_correct: str | None = None
    #: True when the answer lies outside the range the model was checked against; the prompt must
    #: then say in words that the answer is an extrapolation of the model
    extrapolation: bool = False

    def __post_init__(self):
        super().__post_init__()
        spec = explorer_spec(self.explorer)
        if self.control not in spec.controls or not spec.controls[self.control].numeric:
            numeric = [k for k, c in spec.controls.items() if c.numeric]
            raise ValueError(f"{self.full_id}: control must be a slider of explorer '{self.explorer}': "
                             f"{', '.join(numeric)}; got {self.control!r}")
        if (self.target is None) == (self.find is None):
            raise ValueError(f"{self.full_id}: give either 'target' or 'find' (with 'where')")
        if self.find is not None:
            if self.find not in FIND or not self.where:
                raise ValueError(f"{self.full_id}: 'find' must be lowest or highest, with 'where'")
            quantity, op, _ = self._condition()
            if quantity not in spec.quantities:
                raise ValueError(f"{self.full_id}: explorer '{self.explorer}' has no quantity '{quantity}'")

    # -- pieces -----------------------------------------------------------------------------------
    @property
    def spec(self) -> ExplorerSpec:
        return EXPLORERS[self.explorer]

    @property
    def judged(self) -> Control:
        return self.spec.controls[self.control]

    def _condition(self) -> tuple[str, str, float]:
        where = dict(self.where or {})
        quantity = where.pop("quantity", None)
        (op, limit), = where.items()
        return quantity, op, float(limit)

    def condition_text(self) -> str:
        """The condition in words: 'the number needed to treat is below 10 people'."""
        quantity, op, limit = self._condition()
        q = self.spec.quantities[quantity]
        return f"{q.label} is {CONDITIONS[op][0]} {q.show_limit(limit)}"

    def _meets(self, values: Mapping[str, Any]) -> tuple[bool, float]:
        quantity, op, limit = self._condition()
        x = quantity_value(self.explorer, quantity, values)
        return CONDITIONS[op][1](x, limit), x

    def boundary(self, values: Mapping[str, Any]) -> float | None:
        """The lowest (or highest) value of the control at which the condition holds, with the
        other controls at ``values``; None when no value in the control's range meets it."""
        grid = self.judged.values if self.find == "lowest" else tuple(reversed(self.judged.values))
        for candidate in grid:
            if self._meets({**values, self.control: candidate})[0]:
                return float(candidate)
        return None

    def settings_text(self) -> str:
        controls = self.spec.controls
        return "; ".join(f"{controls[k].label}: {controls[k].show(v)}" for k, v in self.settings.items())

    # -- Question interface -----------------------------------------------------------------------
    def parse(self, response: Any) -> Snapshot:
        if not isinstance(response, Mapping) or self.control not in response:
            raise InvalidResponse(f"This question reads the explorer's settings; use the explorer "
                                  f"'{self.explorer}' and press Check.")
        missing = [k for k in (*self.settings, *self.spec.controls) if k not in response]
        if missing:
            raise InvalidResponse(f"The explorer's settings lack {', '.join(missing)}: this question belongs "
                                  f"to the explorer '{self.explorer}'.")
        wrong = [k for k, v in self.settings.items() if response[k] != v]
        if wrong:
            controls = self.spec.controls
            asks = "; ".join(f"**{controls[k].label}** to {controls[k].show(self.settings[k])} "
                             f"(now {controls[k].show(response[k])})" for k in wrong)
            raise InvalidResponse(f"First set {asks}. This try was not counted.")
        values = {k: response[k] for k in self.spec.controls}
        value = float(response[self.control])
        try:
            if self.find is None:
                target, shown, meets = float(self.target), None, None
            else:
                target = self.boundary(values)
                meets, shown = self._meets(values)
        except ValueError as exc:
            raise InvalidResponse(f"The explorer cannot show this setting: {exc}") from None
        if target is None:
            label = self.judged.label
            raise InvalidResponse(
                f"With the other settings as they are now, no value of **{label}** meets the condition "
                f"({self.condition_text()}). Set the other controls back to their starting values and try again.")
        return Snapshot(values=values, value=value, target=target, shown=shown, meets=meets)

    def _state_sentence(self, s: Snapshot) -> str:
        if s.shown is None:
            return ""
        quantity, op, limit = self._condition()
        q = self.spec.quantities[quantity]
        head = f"With {self.judged.label} at {self.judged.show(s.value)}, {q.label} is {q.show(s.shown)}"
        if s.meets:
            return f"{head}: {CONDITIONS[op][0]} {q.show_limit(limit)}, as asked."
        return f"{head}: not yet {CONDITIONS[op][0]} {q.show_limit(limit)}."

    def _judge(self, s: Snapshot, reveal: bool):
        slack = 1e-9 * max(1.0, abs(s.target))
        state = self._state_sentence(s)
        label = self.judged.label
        if s.value < s.target - self.tolerance - slack:
            if s.meets and self.find == "highest":
                move = f"It also holds higher up: move **{label}** up to find the highest such value."
            else:
                move = f"Move **{label}** up."
            move = self.feedback_low or move
            correct = False
        elif s.value > s.target + self.tolerance + slack:
            if s.meets and self.find == "lowest":
                move = f"It also holds lower down: move **{label}** down to find the lowest such value."
            else:
                move = f"Move **{label}** down."
            move = self.feedback_high or move
            correct = False
        else:
            move = self.feedback_correct or "Yes."
            correct = True
        return correct, "\n\n".join(p for p in (state, move) if p), ()

    @property
    def starting_values(self) -> dict[str, Any]:
        """The explorer's starting values with the question's own start and settings made: where
        the answer key and the measured-range check read the answer from."""
        return {**self.spec.defaults, **self.start, **self.settings}

    def answer_values(self) -> dict[str, Any] | None:
        """The explorer's control values at this question's answer, from :attr:`starting_values`
        (None when no value meets the condition there)."""
        values = self.starting_values
        answer = float(self.target) if self.find is None else self.boundary(values)
        if answer is None:
            return None
        return {**values, self.control: answer}

    def answer_text(self) -> str:
        """The answer from the explorer's starting values with the question's settings made (the
        answer key's line); when the learner has moved other controls, the feedback gives theirs.
        An answer outside the range the model was checked against says so."""
        return self._plain_answer_text() + (" (an extrapolation of the model, outside the range it was checked "
                                            "against)" if self.extrapolation else "")

    def _plain_answer_text(self) -> str:
        if self.find is None:
            return self._answer_for(Snapshot({}, float(self.target), float(self.target)))
        values = self.starting_values
        target = self.boundary(values) if set(self.spec.controls) <= set(values) else None
        if target is None:
            return f"{self.judged.label}: the {self.find} value at which {self.condition_text()}"
        return (f"{self.judged.label} at {self.judged.show(target)}: the {self.find} value at which "
                f"{self.condition_text()}, with the settings the question asks for and the other "
                "controls at their starting values")

    def _answer_for(self, s: Snapshot) -> str:
        value = self.judged.show(s.target)
        if self.find is None:
            text = f"{self.judged.label} at {value}"
            if self.tolerance:
                text += f" (anything from {self.judged.show(s.target - self.tolerance)} to " \
                        f"{self.judged.show(s.target + self.tolerance)} counts)"
            return text
        return (f"{self.judged.label} at {value}: the {self.find} value at which {self.condition_text()}, "
                "with the other settings as they are now")

    def _feedback(self, value: Snapshot, attempt: int, reveal: bool) -> Feedback:
        fb = super()._feedback(value, attempt, reveal)
        if fb.answer_text is None:
            return fb
        return replace(fb, answer_text=self._answer_for(value))

    def describe_response(self, response: Any) -> str:
        """A response in words, for the progress record: 'Contraction level (% MVC) 57'."""
        if not isinstance(response, Mapping) or self.control not in response:
            return str(response)
        return f"{self.judged.label} {self.judged.show(response[self.control])}"

    def instructions(self) -> str:
        """What to do, in one line, for the book edition and the question box."""
        parts = []
        if self.settings:
            parts.append(f"set {self.settings_text()}")
        parts.append(f"move **{self.judged.label}**")
        return "In the explorer, " + ", then ".join(parts) + "; then press **Check**."

    # -- as a kind of question (course.quiz.Question) ---------------------------------------------
    @classmethod
    def from_bank(cls, raw, common):
        return build_question(raw, common)

    @classmethod
    def bank_problems(cls, raw, refs, claims):
        return bank_problems(raw)  # the module's function of that name

    def make_input(self, ui, explorer=None):
        return ui.ExplorerInput(self, explorer)

    def reset_input(self, widget):
        pass  # the explorer keeps its settings: the learner moves on from there

    def static_html(self):
        return f"<p><i>{render_inline(self.instructions())}</i></p>"


def build_question(raw: Mapping[str, Any], common: Mapping[str, Any]) -> ExplorerQuestion:
    """An ExplorerQuestion from a bank entry (``raw``) and the fields every question has."""
    return ExplorerQuestion(
        **common, explorer=raw["explorer"], control=raw["control"], settings=dict(raw.get("settings", {})),
        target=raw.get("target"), find=raw.get("find"), where=dict(raw["where"]) if raw.get("where") else None,
        tolerance=float(raw.get("tolerance", 0)), start=dict(raw.get("start", {})),
        feedback_low=raw.get("feedback_low"), feedback_high=raw.get("feedback_high"),
        feedback_correct=raw.get("feedback_correct"), extrapolation=bool(raw.get("extrapolation", False)),
    )


def bank_problems(raw: Mapping[str, Any]) -> list[str]:
    """Problems of an explorer question's bank entry that the schema cannot see, as
    'field ...' messages (the caller adds the file and question)."""
    out = []
    name = raw.get("explorer")
    if not isinstance(name, str):
        return out
    if name not in EXPLORERS:
        return [f"field 'explorer': no explorer '{name}' for questions; explorers: {', '.join(EXPLORERS)}"]
    spec = EXPLORERS[name]
    control = raw.get("control")
    if isinstance(control, str):
        if control not in spec.controls:
            out.append(f"field 'control': explorer '{name}' has no control '{control}'; controls: "
                       f"{', '.join(spec.controls)}")
        elif not spec.controls[control].numeric:
            out.append(f"field 'control': '{control}' is a choice, not a slider; the control a question "
                       "judges must be a slider")
    for key in ("settings", "start"):
        given = raw.get(key)
        if not isinstance(given, Mapping):
            continue
        for k, v in given.items():
            if k not in spec.controls:
                out.append(f"field '{key}': explorer '{name}' has no control '{k}'; controls: {', '.join(spec.controls)}")
                continue
            c = spec.controls[k]
            allowed = tuple(c.words) if c.words else c.values
            if allowed and v not in allowed:
                shown = ", ".join(str(a) for a in allowed) if len(allowed) <= 12 else \
                    f"{_fmt(allowed[0])} to {_fmt(allowed[-1])}"
                out.append(f"field '{key}': {k} cannot be {v!r}; it takes {shown}")
    has_target, has_find = "target" in raw, "find" in raw
    if has_target == has_find:
        out.append("give either field 'target' (a number) or field 'find' (lowest or highest) with 'where'")
    if has_find and not isinstance(raw.get("where"), Mapping):
        out.append("field 'where' is missing: with 'find', say which quantity must meet which condition")
    where = raw.get("where")
    if isinstance(where, Mapping):
        quantity = where.get("quantity")
        if quantity not in spec.quantities:
            out.append(f"field 'where': explorer '{name}' has no quantity {quantity!r}; quantities: "
                       f"{', '.join(spec.quantities)}")
        ops = [k for k in where if k != "quantity"]
        if len(ops) != 1 or ops[0] not in CONDITIONS:
            out.append(f"field 'where': give exactly one condition, one of {', '.join(CONDITIONS)}")
    target = raw.get("target")
    if isinstance(control, str) and control in spec.controls and isinstance(target, (int, float)) \
            and not isinstance(target, bool):
        values = spec.controls[control].values
        if values and not values[0] <= target <= values[-1]:
            out.append(f"field 'target': {_fmt(target)} is outside the range of {control} "
                       f"({_fmt(values[0])} to {_fmt(values[-1])})")
    return out
