"""What an explorer declares about itself: its controls and the quantities questions can ask about.

Each explorer lists its controls once, as :class:`Slider`, :class:`Choice` and :class:`Toggle`
(``Explorer.control_specs``), and the numbers a question may ask about as :class:`Quantity`
(``Explorer.quantities``). From these the base class builds the widgets
(:mod:`course.explorers.base`) and explorer questions read the labels, the values a control can take
and the starting values (:mod:`course.explorer_questions`). This module holds no widget code.

>>> strength = Slider("strength", "Strength (x reference muscle)", 1.0, 0.6, 1.6, 0.05, unit="x",
...                   readout_format=".2f")
>>> strength.values[:3], strength.values[-1], strength.integer
((0.6, 0.65, 0.7), 1.6, False)
>>> Slider("week", "Weeks since onset", 0, 0, 52, 1).values[-1]
52
>>> Choice("modality", "On the skin", "ice", (("ice", "Ice pack (0 °C)"), ("heat", "Heat wrap (40 °C)"))).words
{'ice': 'Ice pack (0 °C)', 'heat': 'Heat wrap (40 °C)'}
>>> Slider("week", "Weeks since onset", 60, 0, 52, 1)
Traceback (most recent call last):
...
ValueError: control 'week': default must lie from 0 to 52, got 60
"""

from __future__ import annotations

import numbers
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

#: The widgets a choice can be shown as: buttons, a drop-down list, or a slider through the options.
CHOICE_WIDGETS = ("radio", "dropdown", "slider")


def _is_int(x: Any) -> bool:
    return isinstance(x, numbers.Integral) and not isinstance(x, bool)


@dataclass(frozen=True)
class Slider:
    """A number moved in steps from ``min`` to ``max``; whole numbers (all four given as int) make
    an integer slider. ``readout_format`` sets how a float slider shows its value ('.2f')."""

    key: str
    label: str
    default: float
    min: float
    max: float
    step: float
    unit: str = ""
    readout_format: str | None = None
    width: str = "360px"

    def __post_init__(self):
        if not self.step > 0:
            raise ValueError(f"control '{self.key}': step must be above 0, got {self.step!r}")
        if not self.min <= self.default <= self.max:
            raise ValueError(f"control '{self.key}': default must lie from {self.min:g} to {self.max:g}, "
                             f"got {self.default!r}")

    @property
    def integer(self) -> bool:
        return all(_is_int(x) for x in (self.default, self.min, self.max, self.step))

    @property
    def values(self) -> tuple:
        """Every value the slider can take, in order."""
        if self.integer:
            return tuple(range(self.min, self.max + 1, self.step))
        count = int(round((self.max - self.min) / self.step))
        return tuple(round(self.min + i * self.step, 10) for i in range(count + 1))

    @property
    def words(self) -> dict:
        return {}


@dataclass(frozen=True)
class Choice:
    """One of a few options, each given as (value, the words the explorer shows for it).

    ``nearest`` (numeric options only): a value set between the options moves to the nearest one,
    as a :class:`Slider` clamps to its range; a slider through uneven stops (days 0 to 14 one by
    one, then coarser) takes any number that way."""

    key: str
    label: str
    default: Any
    choices: tuple[tuple[Any, str], ...]
    widget: str = "radio"
    width: str | None = None
    unit: str = ""
    nearest: bool = False

    def __post_init__(self):
        if self.nearest and not all(isinstance(v, numbers.Real) and not isinstance(v, bool) for v in self.values):
            raise ValueError(f"control '{self.key}': nearest needs numeric options")
        if self.widget not in CHOICE_WIDGETS:
            raise ValueError(f"control '{self.key}': widget must be one of {', '.join(CHOICE_WIDGETS)}, "
                             f"got {self.widget!r}")
        if self.default not in self.values:
            raise ValueError(f"control '{self.key}': default must be one of "
                             f"{', '.join(map(repr, self.values))}, got {self.default!r}")

    @property
    def values(self) -> tuple:
        return tuple(value for value, _ in self.choices)

    @property
    def words(self) -> dict:
        return dict(self.choices)


@dataclass(frozen=True)
class Toggle:
    """A checkbox, its label on its right."""

    key: str
    label: str
    default: bool
    width: str | None = None
    unit: str = ""

    @property
    def values(self) -> tuple:
        return (True, False)

    @property
    def words(self) -> dict:
        """How a text speaks of the box's two states."""
        return {True: "ticked", False: "not ticked"}


#: The three kinds of control an explorer can declare.
ControlSpec = Slider | Choice | Toggle


@dataclass(frozen=True)
class Quantity:
    """A number computed from an explorer's control values by the course's models, which a question
    can ask about ("the blood flow during the hold")."""

    key: str
    label: str
    unit_format: str  # how to show a value, e.g. "{:.0f}/100"
    compute: Callable[[Mapping[str, Any]], float]

    def show(self, value: float) -> str:
        return self.unit_format.format(value)

    def show_limit(self, value: float) -> str:
        """A limit in a condition: no sign forced ('above 0.0 points', not '+0.0')."""
        return self.unit_format.replace("{:+", "{:").format(value)
