"""What a screen reader needs from a figure and its controls, which ipywidgets does not give.

:func:`describer` makes a small widget (an ``anywidget``; its front end is ``describer.js`` beside
this file) that goes into a box carrying the class :data:`BOX_CLASS` (an explorer, a chart of the
learner's record). Inside that box only, it

- sets the figure's alt text (``img.course-figure``) from ``alt``, which the Python side keeps in
  step with the picture;
- names each control (the widget carrying the class ``course-control-KEY``, :func:`control_class`)
  from ``names`` (key -> name) and adds the unit to a slider's spoken value from ``units`` (key ->
  what follows the number; ipywidgets draws a slider's handle as ``role=slider``
  with no name; :func:`control_name` and :func:`spoken_unit` make the words);
- shows ``description``, the state description, under a "Describe the figure" disclosure;
- announces ``announcement`` through a polite live region, at most once every ``announce_ms``
  (:data:`ANNOUNCE_MS`): the first change at once, then only the latest, so that dragging a slider
  never queues a backlog of sentences. A change spoken after others were held back is read from
  ``summary`` (the same without the size of the change, which would count only the last step).
- ``seek_box`` False: a describer that only announces (a quiz question's verdict) and looks for no
  box.

Without a front end (tests, nbval) the widget is plain traits: tests read them.

>>> control_name("Hold time (s)", "s"), control_name("Weeks since onset", "weeks")
('Hold time (s)', 'Weeks since onset')
>>> control_name("New load level", "% of usual"), control_name("Every group this many times as large", "x")
('New load level, in % of usual', 'Every group this many times as large')
>>> spoken_unit("% MVC"), spoken_unit("x"), spoken_unit("mmHg"), spoken_unit("")
('% MVC', 'x', ' mmHg', '')
>>> with_unit(1, "weeks"), with_unit(1, "people"), with_unit(2.5, "x"), with_unit(20, "s")
('1 week', '1 person', '2.5x', '20 s')
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

#: The class of the box a describer works in.
BOX_CLASS = "course-described"
#: The shortest time between two announcements, ms: a screen reader speaks a sentence of a dozen
#: words in about three seconds at its default rate, and finishes the polite one it is reading
#: before the next; faster changes are folded into the latest.
ANNOUNCE_MS = 1500
#: The front end.
ESM = Path(__file__).with_name("describer.js")


#: How a unit written as a symbol is said in a control's name.
UNIT_WORDS = {"x": "times"}
#: Units whose singular is not the plural less its final s.
SINGULAR = {"people": "person"}


def control_class(key: str) -> str:
    """The class that marks a control's widget, by which the describer finds it."""
    return f"course-control-{key}"


def control_name(label: str, unit: str) -> str:
    """A control's accessible name: its label, with the unit added when the label does not say it."""
    if not unit or unit.lower() in label.lower() or UNIT_WORDS.get(unit, unit) in label.lower():
        return label
    return f"{label}, in {unit}"


def singular(unit: str) -> str:
    """The unit after the number 1: 'week' for 'weeks', 'person' for 'people', 's' for 's'."""
    return SINGULAR.get(unit, unit[:-1] if unit.endswith("s") and len(unit) > 2 else unit)


def with_unit(value, unit: str) -> str:
    """A number and its unit as said: '1 week', '45% MVC', '1.2x'."""
    if value == 1 and unit:
        unit = singular(unit)
    return f"{value:g}{spoken_unit(unit)}" if isinstance(value, float) else f"{value}{spoken_unit(unit)}"


def spoken_unit(unit: str) -> str:
    """What follows a number when its unit is spoken: '% MVC' and 'x' close up, others after a space."""
    if not unit:
        return ""
    return unit if unit.startswith(("%", "x", "°")) else f" {unit}"


@cache
def _describer_class():
    import anywidget
    import traitlets

    class Describer(anywidget.AnyWidget):
        """Alt text, control names, a state description and announcements for one box."""

        _esm = ESM
        alt = traitlets.Unicode("").tag(sync=True)
        names = traitlets.Dict(value_trait=traitlets.Unicode()).tag(sync=True)
        units = traitlets.Dict(value_trait=traitlets.Unicode()).tag(sync=True)
        description = traitlets.Unicode("").tag(sync=True)
        announcement = traitlets.Unicode("").tag(sync=True)
        summary = traitlets.Unicode("").tag(sync=True)
        units_one = traitlets.Dict(value_trait=traitlets.Unicode()).tag(sync=True)
        seek_box = traitlets.Bool(True).tag(sync=True)
        announce_ms = traitlets.Int(ANNOUNCE_MS).tag(sync=True)

    return Describer


def describer(**traits):
    """A new describer widget with the given traits (see the module docstring)."""
    return _describer_class()(**traits)
