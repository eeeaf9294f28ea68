"""The pattern every explorer follows.

An explorer has

- ``controls``: named ipywidgets (sliders, dropdowns, checkboxes) that a learner moves, built from
  the controls the explorer declares once in ``control_specs`` (:mod:`course.explorers.declarations`:
  key, label, starting value, range or options); explorer questions read the same declarations;
- ``quantities``: numbers computed from the control values by the course's models, which a question
  can ask about (:class:`course.explorers.declarations.Quantity`);
- a pure model, called in :meth:`Explorer.compute` with the control values;
- a :class:`course.plotting.LiveFigure`, built once in :meth:`Explorer.build` and updated in
  :meth:`Explorer.draw` (only the changing artists are redrawn);
- a one-line text ``readout`` of the key number (what a screen reader reads and a test asserts);
- words for those who cannot see the figure (:mod:`course.describer`): the figure's alt text, a
  *state description* readable at any time (:meth:`Explorer.figure_text`, the readout, and where the
  setting sits against what the model was checked against) and, after each change, a short
  *responsive description* of what the change did to the key number (``key_quantity``), announced
  through a live region;
- a header line saying what kind of model it is;
- what the model was checked against (``checked_against``) and, for each setting, whether it lies
  outside that range (:meth:`Explorer.limits`): the figure then carries an "Outside the measured
  range" badge and the readout says why, so that no setting passes an extrapolation off as a
  measurement.

Subclasses declare ``control_specs`` (or, when the options come from a dataset, override
:meth:`Explorer.declared_controls`), implement ``build``, ``compute``, ``draw`` and ``describe``, and
(for fitted and physics models) give ``checked_against`` and ``limits``.
Tests drive an explorer without a front end by setting ``explorer.controls[name].value``.

If the model rejects a combination of values (a ``ValueError`` with a message for learners), the
readout shows that message and the last good figure stays on screen: nothing is lost.
"""

from __future__ import annotations

import html
import numbers
import re
from collections.abc import Callable
from typing import Any

from ..describer import BOX_CLASS, control_class, control_name, describer, singular, spoken_unit, with_unit
from ..frames import frames_html, frames_wanted
from ..pages import widget_bundle, widget_style
from ..plotting import LiveFigure, course_style
from ..text import strip_html
from .declarations import Choice, ControlSpec, Quantity, Slider, Toggle

#: The three kinds of model the course uses, with the sentence shown in every explorer's header.
MODEL_KINDS: dict[str, str] = {
    "fitted": "Fitted to published data: the curve follows published measurements; it explains nothing by itself.",
    "physics": "Physics with literature parameters: an equation from physiology, with parameter values taken from published studies.",
    "conceptual": "Conceptual model: illustrates an idea; it is not fitted to data and its numbers are not predictions.",
}


#: The kind of model in a few words, for the explorer's one-line header.
MODEL_KIND_NAMES: dict[str, str] = {
    "fitted": "fitted to published data",
    "physics": "physics with literature parameters",
    "conceptual": "conceptual model, not a prediction",
}

#: How an explorer lays out its header and controls in JupyterLab (the style sheet goes in with the
#: header, scoped to explorers): each control's label on its own line above it, so that a long
#: label never shortens the slider's track; the value stays beside the track; radio buttons in a
#: row; the "About this model" disclosure folded to one line; no control wider than the output (at
#: 200% zoom a 360 px control would stick out). No colours: the theme keeps its own.
EXPLORER_CSS = """
.course-explorer .course-explorer-header { line-height: 1.45; margin-bottom: 4px; }
.course-explorer .course-explorer-header details { margin-top: 2px; }
.course-explorer .course-explorer-header summary { cursor: pointer; width: max-content; }
.course-explorer .course-explorer-header small { display: block; line-height: 1.45; margin-top: 2px; }
.course-explorer .course-controls { display: flex; flex-flow: row wrap; gap: 10px 32px; align-items: flex-start;
  margin-bottom: 6px; }
.course-explorer .course-controls > :is(.widget-slider, .widget-dropdown, .widget-radio) {
  flex-wrap: wrap; height: auto; align-items: center; }
.course-explorer .course-controls > * { max-width: 100%; min-width: 0; }
.course-explorer .course-controls > .widget-dropdown > select { min-width: 0; max-width: 100%; }
.course-explorer .course-controls > :is(.widget-slider, .widget-dropdown, .widget-radio) > .widget-label {
  flex: 0 0 100%; width: 100% !important; max-width: none; text-align: left; margin: 0 0 2px 0;
  line-height: 1.35; height: auto; white-space: normal; }
.course-explorer .course-controls > .widget-slider > .slider-container { flex: 1 1 auto; margin-left: 8px; }
.course-explorer .course-controls > .widget-slider > .widget-readout { flex: 0 0 auto; min-width: 3.5em;
  width: auto; text-align: right; }
.course-explorer .course-controls > .widget-dropdown > select { flex: 1 1 auto; }
.course-explorer .course-controls .widget-radio-box-horizontal { flex-wrap: wrap; gap: 0 14px; }
.course-explorer .course-readout .widget-html-content { line-height: 1.45; }
"""

#: The words of the badge a figure carries while its setting lies outside the measured range
#: (black text on pale yellow with a vermillion edge: readable without telling the colours apart).
LIMIT_BADGE = "⚠ Outside the measured range"
LIMIT_EDGE = "#D55E00"


class Explorer:
    """Base class for the course's interactive explorers (see the module docstring)."""

    #: short identifier, used in CSS classes and benchmark names
    name: str = "explorer"
    #: heading shown above the explorer
    title: str = "Explorer"
    #: one of MODEL_KINDS
    model_kind: str = "conceptual"
    #: extra sentence after the model-kind line (sources, caveats)
    model_note: str = ""
    #: the published data the model was checked against, with their range, in one sentence;
    #: required for fitted and physics models, and given by a conceptual one whose inputs come from
    #: measurements (a recurrence risk, a natural course); empty when nothing was measured
    checked_against: str = ""
    figsize: tuple[float, float] = (8.0, 3.6)
    grid: tuple[int, int] = (1, 1)
    #: picture pixels per page pixel (:class:`course.plotting.LiveFigure`); 1 for every explorer:
    #: at 2, sharp on high-density screens, each update costs several times as much (``make bench``)
    pixel_ratio: int = 1
    #: the controls a learner moves, in the order shown; the widgets are built from these
    control_specs: tuple[ControlSpec, ...] = ()
    #: the numbers questions can ask about, each computed from the control values
    quantities: tuple[Quantity, ...] = ()
    #: the quantity whose change the responsive description tells (the first one if None); an
    #: explorer without quantities tells its readout instead
    key_quantity: str | None = None

    def __init__(self, shown: tuple[str, ...] | None = None, **initial: Any):
        if self.model_kind not in MODEL_KINDS:
            raise ValueError(f"model_kind must be one of {', '.join(MODEL_KINDS)}, got {self.model_kind!r}")
        import ipywidgets as widgets

        self.controls: dict[str, Any] = self.make_controls()
        #: the controls the widget shows, in the declared order (all by default); a hidden control
        #: keeps its value and still feeds the model
        self.shown: tuple[str, ...] = self._shown_controls(shown)
        for key, value in initial.items():
            if key not in self.controls:
                raise ValueError(
                    f"{type(self).__name__} has no control '{key}'; controls are {', '.join(self.controls)}"
                )
            self.controls[key].value = value
        self.live = LiveFigure(figsize=self.figsize, nrows=self.grid[0], ncols=self.grid[1],
                               pixel_ratio=self.pixel_ratio)
        with course_style():
            self.build(self.live)
            self._limit_badge = self.live.animated(self.live.fig.text(
                0.995, 0.995, LIMIT_BADGE, ha="right", va="top", fontsize=10, fontweight="bold",
                color="#111111", zorder=10,
                bbox=dict(boxstyle="round,pad=0.3", facecolor="#FFF1C2", edgecolor=LIMIT_EDGE, linewidth=1.6)))
        self._limit_badge.set_visible(False)
        self.live.freeze()
        self.readout = widgets.HTML()
        self.readout.add_class("course-readout")
        specs = {spec.key: spec for spec in self.declared_controls()}
        with_units = [key for key in self.shown if isinstance(specs[key], Slider | Choice) and specs[key].unit]
        self.describer = describer(names={key: control_name(specs[key].label, specs[key].unit) for key in self.shown},
                                   units={key: spoken_unit(specs[key].unit) for key in with_units},
                                   units_one={key: spoken_unit(singular(specs[key].unit)) for key in with_units})
        self.error: str | None = None
        self.state: Any = None
        self.limit_notes: list[str] = []
        #: what the last change did, in one or two sentences ("" before the first change)
        self.last_change: str = ""
        #: the same without the size of the change, for an announcement that stands for several
        #: quick changes (a slider dragged), of which only the last is spoken
        self.change_summary: str = ""
        self._told: tuple[dict, float | None, bool] | None = None  # values, key number, outside: as last told
        self.refresh()
        for control in self.controls.values():
            control.observe(self._on_change, names="value")
        self._widget = None

    def _shown_controls(self, shown) -> tuple[str, ...]:
        if shown is None:
            return tuple(self.controls)
        unknown = [key for key in shown if key not in self.controls]
        if unknown or not shown:
            raise ValueError(f"shown must name one or more controls of {type(self).__name__} "
                             f"({', '.join(self.controls)}); got {', '.join(map(repr, unknown)) or 'none'}")
        return tuple(key for key in self.controls if key in shown)

    @classmethod
    def declared_controls(cls) -> tuple[ControlSpec, ...]:
        """The controls' declarations, in the order shown: ``control_specs``, unless an explorer
        whose options come from a dataset overrides this."""
        return cls.control_specs

    def make_controls(self) -> dict[str, Any]:
        """The widgets of the declared controls, by key."""
        controls = {}
        for spec in self.declared_controls():
            if spec.key in controls:
                raise ValueError(f"{type(self).__name__} declares the control '{spec.key}' twice")
            controls[spec.key] = make_widget(spec)
            controls[spec.key].add_class(control_class(spec.key))
        return controls

    # -- to implement -------------------------------------------------------------------------
    def build(self, live: LiveFigure) -> None:
        """Draw static content on ``live.axes`` and create animated artists with ``live.animated``."""
        raise NotImplementedError

    def compute(self, **values: Any) -> Any:
        """Call the pure model with the control values; return a state object."""
        raise NotImplementedError

    def draw(self, state: Any) -> None:
        """Update the animated artists from the state (no figure creation here)."""
        raise NotImplementedError

    def describe(self, state: Any) -> str:
        """The one-line text readout of the key number (plain text)."""
        raise NotImplementedError

    def figure_text(self, state: Any) -> str:
        """What the figure shows, in one or two sentences of plain text: its panels and axes, what
        each line, band and marker means and which published points it draws (without colour
        alone); the numbers at the setting come from :meth:`describe`."""
        return ""

    def limits(self, state: Any) -> list[str]:
        """One sentence for each way the current setting lies outside what the model was checked
        against (see ``checked_against``); an empty list when the setting is inside.

        The base class shows a badge on the figure and adds the sentences to the readout whenever
        this returns something. A conceptual model checked against nothing returns [] and says in
        its header that its numbers are not predictions.
        """
        return []

    # -- clicks on the figure -----------------------------------------------------------------
    def listen_for_clicks(self, handler: Callable[[dict], Any]) -> None:
        """Call ``handler(event)`` for every click on the figure's picture (an ipyevents event;
        :meth:`picture_point` and :meth:`axes_point` say where it fell). The explorer's handler
        sets a control, so that a click and the keyboard go the same way."""
        import ipyevents

        #: the clicks on the figure's picture
        self.clicks = ipyevents.Event(source=self.live.image, watched_events=["click"])
        self.clicks.on_dom_event(handler)

    def picture_point(self, event: dict) -> tuple[float, float] | None:
        """Where a click fell, in the picture's own pixels from its top left: ipyevents gives
        ``dataX``, ``dataY`` for an image (allowing for its scaling), or else the position in the
        picture as shown (``relativeX``, ``relativeY``) with its shown size. None if neither."""
        if event.get("dataX") is not None and event.get("dataY") is not None:
            return float(event["dataX"]), float(event["dataY"])
        try:
            shown_w, shown_h = float(event["boundingRectWidth"]), float(event["boundingRectHeight"])
            rx, ry = float(event["relativeX"]), float(event["relativeY"])
        except (KeyError, TypeError, ValueError):
            return None
        if shown_w <= 0 or shown_h <= 0:
            return None
        width, height = self.live.canvas.get_width_height()
        return rx * width / shown_w, ry * height / shown_h

    def axes_point(self, event: dict, ax) -> tuple[float, float] | None:
        """Where a click fell in the data coordinates of ``ax``; None outside those axes."""
        point = self.picture_point(event)
        if point is None:
            return None
        display = (point[0], self.live.canvas.get_width_height()[1] - point[1])
        if not ax.bbox.contains(*display):
            return None
        x, y = ax.transData.inverted().transform(display)
        return float(x), float(y)

    # -- machinery ----------------------------------------------------------------------------
    def values(self) -> dict[str, Any]:
        return {key: control.value for key, control in self.controls.items()}

    def refresh(self) -> None:
        """Recompute the model, redraw the changing artists and update the readout."""
        values = self.values()
        try:
            state = self.compute(**values)
        except ValueError as exc:
            self.error = str(exc)
            # said at once by the alert; the describer keeps the last good figure's words
            self.readout.value = f'<span role="alert"><b>Cannot show this setting:</b> {html.escape(self.error)}</span>'
            return
        self.error = None
        self.state = state
        self.limit_notes = list(self.limits(state))
        self.draw(state)
        self._limit_badge.set_visible(bool(self.limit_notes))
        self.live.render()
        text = html.escape(self.describe(state))
        if self.limit_notes:
            text += (f' <span class="course-limit-note"><b>{LIMIT_BADGE}:</b> '
                     f'{html.escape(" ".join(self.limit_notes))}</span>')
        self.readout.value = f"<span>{text}</span>"
        self._tell(values, state)

    # -- words for those who cannot see the figure -------------------------------------------
    def _key(self) -> Quantity | None:
        if not self.quantities:
            return None
        if self.key_quantity is None:
            return self.quantities[0]
        for quantity in self.quantities:
            if quantity.key == self.key_quantity:
                return quantity
        raise ValueError(f"{type(self).__name__}.key_quantity is {self.key_quantity!r}; its quantities are "
                         f"{', '.join(q.key for q in self.quantities)}")

    def _tell(self, values: dict, state: Any) -> None:
        """Bring the alt text, the state description and the responsive description up to date."""
        key = self._key()
        number = key.compute(values) if key is not None else None
        outside = bool(self.limit_notes)
        if self._told is not None:
            self.last_change = self.change_text(self._told, (values, number, outside), state)
            self.change_summary = self.change_text(self._told, (values, number, outside), state, summary=True)
        self._told = (values, number, outside)
        self.describer.alt = self.alt_text()
        self.describer.description = self.state_description
        # the summary first: the front end reads it when it speaks a change it held back
        self.describer.summary = self.change_summary
        self.describer.announcement = self.last_change

    @property
    def state_description(self) -> str:
        """What the figure shows now, in words, readable at any time: what is drawn
        (:meth:`figure_text`), the readout, and where the setting sits against what the model was
        checked against."""
        if self.limit_notes:
            where = ""  # the readout says why it is outside
        elif self.checked_against:
            where = "This setting lies inside the measured range (About this model says what was measured)."
        else:
            where = "The model is conceptual: its numbers illustrate an idea and are not predictions."
        return " ".join(part for part in (self.figure_text(self.state), self.readout_text, where) if part)

    def alt_text(self) -> str:
        """The figure's alt text: the title and the readout, which change with the picture."""
        stop = "" if self.title.endswith(("?", "!", ".")) else "."
        return f"{self.title}{stop} {self.readout_text}"

    def value_words(self, key: str, value: Any) -> str:
        """A control's value in words, with its unit: '25 s', '1.0x', 'Ice pack (0 °C)', 'ticked'."""
        spec = next(spec for spec in self.declared_controls() if spec.key == key)
        if spec.words:
            words = spec.words.get(value, value)
            return with_unit(value, spec.unit) if isinstance(spec, Choice) and words == str(value) else words
        if isinstance(value, float) and isinstance(spec, Slider) and spec.readout_format:
            return f"{value:{spec.readout_format}}{spoken_unit(spec.unit)}"
        return with_unit(value, spec.unit)

    def setting_words(self, key: str, value: Any) -> str:
        """One control's setting in words: 'Hold time: 25 s', 'On the skin: Ice pack (0 °C)'."""
        spec = next(spec for spec in self.declared_controls() if spec.key == key)
        label = spec.label.rstrip("?")
        # "Hold time (s)", "Contraction level (% MVC)", "Soreness peak (hours)": the unit is said after the number
        brackets = re.fullmatch(r"(.*\S) \(([^()]+)\)", label)
        if spec.unit and brackets and (brackets.group(2) == spec.unit or " " not in brackets.group(2)):
            label = brackets.group(1)
        return f"{label}: {self.value_words(key, value)}"

    def change_text(self, before: tuple[dict, float | None, bool], now: tuple[dict, float | None, bool],
                    state: Any, summary: bool = False) -> str:
        """The responsive description of one change: the new setting, what it did to the key
        number (when the key number shows no change, the readout instead), and whether the setting
        is still inside the measured range. ``summary``: without the size of the change and without
        "still", for an announcement that stands for several changes.

        ``before`` and ``now`` are (control values, key number, outside the measured range)."""
        (old_values, old_number, was_outside), (values, number, outside) = before, now
        changed = [key for key in values if values[key] != old_values.get(key)]
        key = self._key()
        if key is None:  # the readout, which names the setting, is what changed
            return self.describe(state)
        parts = ["; ".join(self.setting_words(key, values[key]) for key in changed) + "." if changed else ""]
        shown = key.show(number)
        said = f"{key.label[0].upper()}{key.label[1:]} is now {shown}"
        if summary:
            parts.append(said + ".")
        elif shown == key.show(old_number):  # the key number did not move: the readout says what did
            parts.append(self.describe(state))
        else:
            size = _shown_difference(key, number, old_number)
            parts.append(f"{said}, {'up' if number > old_number else 'down'} by {size}.")
        if self.checked_against:
            if summary:
                parts.append("Outside the measured range." if outside else "Inside the measured range.")
            else:
                parts.append({(False, False): "Still inside the measured range.",
                              (False, True): "Now outside the measured range (the readout says why).",
                              (True, True): "Still outside the measured range.",
                              (True, False): "Back inside the measured range."}[(was_outside, outside)])
        return " ".join(part for part in parts if part)

    def _on_change(self, change) -> None:
        self.refresh()

    @property
    def readout_text(self) -> str:
        """The readout as plain text (for tests and the book edition)."""
        return strip_html(self.readout.value)

    def header_html(self) -> str:
        """One line (the title and the kind of model) and, folded under "About this model", the
        kind's sentence, the explorer's note and what it was checked against."""
        note = f" {html.escape(self.model_note)}" if self.model_note else ""
        checked = (f" <b>Checked against:</b> {html.escape(self.checked_against)} Settings outside that range "
                   f"are marked <i>{LIMIT_BADGE}</i>." if self.checked_against else "")
        return (f'<div class="course-explorer-header"><b>{html.escape(self.title)}</b> '
                f'<span class="course-model-kind">· {html.escape(MODEL_KIND_NAMES[self.model_kind])}</span>'
                f'<details class="course-about-model"><summary>About this model</summary>'
                f"<small><i>{html.escape(MODEL_KINDS[self.model_kind])}</i>{note}{checked}</small></details></div>")

    @property
    def widget(self):
        """The whole explorer as one ipywidgets box (header, controls, figure, readout)."""
        if self._widget is None:
            import ipywidgets as widgets

            header = widgets.HTML(f"<style>{EXPLORER_CSS}</style>{widget_style()}{self.header_html()}")
            controls = widgets.Box([self.controls[key] for key in self.shown])
            controls.add_class("course-controls")
            self._widget = widgets.VBox([header, controls, self.live.image, self.readout, self.describer])
            self._widget.add_class("course-explorer")
            self._widget.add_class(BOX_CLASS)
            self._widget.add_class(f"course-explorer-{self.name}")
        return self._widget

    def settings_text(self) -> str:
        """The current control values in words, e.g. 'Weeks since onset: 0'."""
        parts = []
        for key, control in self.controls.items():
            label = (getattr(control, "description", "") or key).rstrip(":")
            value = getattr(control, "label", None)  # the shown option of a dropdown or radio buttons
            if value is None:
                value = control.value
                if isinstance(value, bool):
                    value = "on" if value else "off"
            parts.append(f"{label}: {value}")
        return "; ".join(parts)

    def static_html(self) -> str:
        """The explorer as it stands, for pages without a kernel (the book edition, printing):
        header, the figure as an image whose alt text is the title and the readout, the readout,
        the settings shown, and a note that the controls move only when the lesson runs live.

        When the page is built with frames (:mod:`course.frames`), the controls move one at a time
        in the page, without a kernel."""
        import base64

        if frames_wanted():
            return frames_html(self, self.header_html())

        width = self.live.canvas.get_width_height()[0] // self.live.pixel_ratio
        png = base64.b64encode(self.live.last_png or self.live.render()).decode("ascii")
        readout = self.readout_text
        alt = html.escape(self.alt_text(), quote=True)
        return (f'<figure class="course-explorer-static course-explorer-{html.escape(self.name)}" style="margin:0">'
                f"<figcaption>{self.header_html()}</figcaption>"
                f'<img class="course-figure" src="data:image/png;base64,{png}" alt="{alt}" width="{width}" '
                f'style="max-width:100%;height:auto">'
                f'<p class="course-readout">{html.escape(readout)}</p>'
                f'<details class="course-state-description"><summary>Describe the figure</summary>'
                f"<p>{html.escape(self.state_description)}</p></details>"
                f"<p><small>Settings shown: {html.escape(self.settings_text())}. This is a still picture: "
                "run the lesson live to move the controls.</small></p></figure>")

    def _repr_mimebundle_(self, **kwargs):
        # JupyterLab shows the widget; a page without widget state (nbconvert's HTML, a static
        # viewer) falls back to the still picture in text/html, and a text console to the readout.
        return widget_bundle(self.widget, f"{self.title}: {self.readout_text}", self.static_html(), **kwargs)


def _shown_difference(quantity: Quantity, number: float, old: float) -> str:
    """The size of a change of a quantity as the two values are shown (rounded as they are), in
    its unit; a change of a percentage is in percentage points, of a score out of 100 in points.

    >>> flow = Quantity("flow", "the flow", "{:.0f}% of resting flow", lambda v: 0)
    >>> _shown_difference(flow, 20.4, 32.6), _shown_difference(flow, 20.6, 21.6)
    ('13 percentage points', '1 percentage point')
    >>> _shown_difference(Quantity("t", "t", "{:+.1f} °C", lambda v: 0), -4.04, -3.56)  # -4.0 and -3.6 shown
    '0.4 °C'
    >>> _shown_difference(Quantity("n", "n", "{:.0f} people", lambda v: 0), 7.2, 6.4)
    '1 person'
    >>> _shown_difference(Quantity("p", "pain", "{:.0f}/100", lambda v: 0), 46.2, 52.4)
    '6 points'
    """
    form = quantity.unit_format.replace("{:+", "{:")
    digits = re.search(r"\{:\.(\d+)f\}", form)
    places = int(digits.group(1)) if digits else 0
    size = abs(round(number, places) - round(old, places))
    spec, _, rest = form.partition("}")
    if rest.startswith(("%", "/")):  # a share, or a score out of 100: the change is in points
        number_text = (spec + "}").format(size)
        unit = "percentage point" if rest.startswith("%") else "point"
        return f"{number_text} {unit}{'' if number_text == '1' else 's'}"
    shown = quantity.show_limit(size)
    number_text, _, unit = shown.partition(" ")
    return with_unit(1, unit) if number_text == "1" and unit else shown


_LABEL_WIDTH = {"description_width": "initial"}  # the label takes the room it needs
_CHOICE_WIDGETS = {"radio": "RadioButtons", "dropdown": "Dropdown", "slider": "SelectionSlider"}


def _move_to_nearest_option(widget) -> None:
    """Let a selection widget with numeric options take any number: one set between the options
    moves to the nearest of them (the widget's own check then runs as before)."""
    import traitlets

    check = widget._trait_validators["value"]

    def nearest(obj, proposal):
        value, options = proposal.value, obj._options_values
        if isinstance(value, numbers.Real) and not isinstance(value, bool) and value not in options:
            value = min(options, key=lambda option: (abs(option - value), option))
            proposal = traitlets.Bunch(value=value, owner=proposal.owner, trait=proposal.trait)
        return check(obj, proposal)

    widget._register_validator(nearest, ["value"])


def make_widget(spec: ControlSpec):
    """The keyboard-operable widget of a declared control; sliders update continuously while they move."""
    import ipywidgets as widgets

    layout = widgets.Layout(width=spec.width)
    if isinstance(spec, Slider):
        cls = widgets.IntSlider if spec.integer else widgets.FloatSlider
        extra = {"readout_format": spec.readout_format} if spec.readout_format and not spec.integer else {}
        return cls(description=spec.label, value=spec.default, min=spec.min, max=spec.max, step=spec.step,
                   continuous_update=True, style=_LABEL_WIDTH, layout=layout, **extra)
    if isinstance(spec, Choice):
        cls = getattr(widgets, _CHOICE_WIDGETS[spec.widget])
        extra = ({"continuous_update": True} if spec.widget == "slider"
                 else {"orientation": "horizontal"} if spec.widget == "radio" else {})
        widget = cls(options=[(words, value) for value, words in spec.choices], value=spec.default,
                     description=spec.label, style=_LABEL_WIDTH, layout=layout, **extra)
        if spec.nearest:
            _move_to_nearest_option(widget)
        return widget
    if isinstance(spec, Toggle):
        # no indent: labels stand above the other controls, so there is no label column to line up with
        return widgets.Checkbox(value=spec.default, description=spec.label, indent=False, layout=layout)
    raise TypeError(f"not a control declaration: {spec!r}")
