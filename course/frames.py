"""Explorers that move without a kernel: frames rendered at build time along each control.

For a page without a kernel (the book edition), :func:`frame_set` moves each control an explorer
shows, one at a time from the starting setting, through its :func:`stops`, and keeps for every stop
the picture (a 32-colour PNG at the figure's own size, pictures that come out the same kept once),
the readout and the alt text. :func:`frames_html` writes the explorer with the same controls as HTML
range inputs, drop-down lists and check boxes, and a small script that swaps the picture, its alt
text and the readout on input, so that the keyboard works as in the live lesson. One line says what
the page cannot do: combine settings.

The build asks for this with the environment variable :data:`FRAMES_ENV` (``tools/build_book.py``
sets it for the kernels it runs); in a live lesson an explorer's still picture stays one frame, so
that no notebook carries the frames.

>>> from course.explorers.declarations import Slider, Choice
>>> stops(Slider("week", "Weeks since onset", 0, 0, 52, 1))
[0, 6, 13, 20, 26, 32, 39, 46, 52]
>>> stops(Slider("hold", "Hold time", 20, 5, 120, 5))
[5, 20, 35, 50, 65, 75, 90, 105, 120]
>>> stops(Choice("m", "On the skin", "ice", (("ice", "Ice"), ("heat", "Heat"))))
['ice', 'heat']
"""

from __future__ import annotations

import base64
import hashlib
import html
import io
import json
import os
from dataclasses import dataclass, field
from typing import Any

from .explorers.declarations import Choice, ControlSpec, Slider, Toggle

#: Set (to anything but "" or "0") when building pages without a kernel (the book edition):
#: explorers then write their frames into their still version, and quizzes fall back to the
#: version that answers in the page (``course.static_quiz``) instead of their text.
FRAMES_ENV = "COURSE_STATIC_FRAMES"
#: The most stops along one control: enough to see the shape of a curve's change, few enough to
#: keep a page small (a frame is about 35 kB).
MAX_STOPS = 9
#: Colours kept in a frame's palette: the course's figures use a dozen colours and their blends.
PALETTE_COLOURS = 32
#: The line every moving still picture carries.
ONE_AT_A_TIME = ("Without Python, this page moves one control at a time from the starting setting; "
                 "run the lesson live to combine settings.")


def frames_wanted() -> bool:
    """Whether this process builds pages whose explorers carry their frames."""
    return os.environ.get(FRAMES_ENV, "").strip() not in ("", "0")


def stops(spec: ControlSpec, default: Any = None) -> list:
    """The values a page without a kernel offers along one control: every option of a list or of
    buttons, every value of a slider with at most :data:`MAX_STOPS`, else that many spread evenly
    from end to end, with the starting value (``default``, else the declared one) in place of the
    stop nearest it."""
    values = list(spec.values)
    start = spec.default if default is None else default
    if len(values) <= MAX_STOPS or (isinstance(spec, Choice) and spec.widget != "slider"):
        return values  # few values, or options to choose from: every one
    picked = [values[round(i * (len(values) - 1) / (MAX_STOPS - 1))] for i in range(MAX_STOPS)]
    if start in values and start not in picked:
        nearest = min(range(1, MAX_STOPS - 1), key=lambda i: abs(values.index(picked[i]) - values.index(start)))
        picked[nearest] = start
    return picked


@dataclass
class ControlFrames:
    """One control's stops: the words shown for each, and the frame each leads to."""

    key: str
    label: str
    kind: str  # "range", "select" or "checkbox"
    words: list[str]
    start: int
    frames: list[int] = field(default_factory=list)  # index into FrameSet.frames, one per stop


@dataclass
class FrameSet:
    """Every frame of an explorer (pictures as data URIs, readouts, alt texts) and its controls."""

    images: list[str]
    frames: list[dict]  # {"image": index into images, "readout": str, "alt": str, "description": str}
    controls: list[ControlFrames]
    start: int  # the frame of the starting setting

    @property
    def size(self) -> int:
        """Bytes the pictures take in a page."""
        return sum(len(image) for image in self.images)


def compact_png(png: bytes) -> bytes:
    """A picture as a 32-colour PNG of the same size (about a seventh of the full-colour one)."""
    from PIL import Image

    picture = Image.open(io.BytesIO(png)).convert("RGB")
    out = io.BytesIO()
    picture.quantize(colors=PALETTE_COLOURS, method=Image.Quantize.MEDIANCUT,
                     dither=Image.Dither.NONE).save(out, "PNG", optimize=True)
    return out.getvalue()


def frame_set(explorer) -> FrameSet:
    """Move each shown control of ``explorer`` through its stops, one at a time from the setting it
    has now, and keep every frame; the explorer is left at that setting."""
    start_values = explorer.values()
    images: list[str] = []
    frames: list[dict] = []
    seen_images: dict[str, int] = {}
    seen_frames: dict[tuple, int] = {}

    def keep() -> int:
        png = explorer.live.last_png or explorer.live.render()
        digest = hashlib.sha1(png).hexdigest()
        if digest not in seen_images:
            seen_images[digest] = len(images)
            images.append("data:image/png;base64," + base64.b64encode(compact_png(png)).decode("ascii"))
        readout = explorer.readout_text
        frame = (seen_images[digest], readout)
        if frame not in seen_frames:
            seen_frames[frame] = len(frames)
            frames.append({"image": seen_images[digest], "readout": readout, "alt": explorer.alt_text(),
                           "description": explorer.state_description})
        return seen_frames[frame]

    start = keep()
    specs = {spec.key: spec for spec in explorer.declared_controls()}
    controls = []
    for key in explorer.shown:
        spec, control = specs[key], explorer.controls[key]
        along = stops(spec, start_values[key])
        kind = "checkbox" if isinstance(spec, Toggle) else "range" if isinstance(spec, Slider) or (
            isinstance(spec, Choice) and spec.widget == "slider") else "select"
        entry = ControlFrames(key, spec.label, kind, [explorer.value_words(key, v) for v in along],
                              along.index(start_values[key]) if start_values[key] in along else 0)
        for value in along:
            control.value = value
            entry.frames.append(keep())
        control.value = start_values[key]
        controls.append(entry)
    return FrameSet(images, frames, controls, start)


_SCRIPT = """
(function () {
  const figure = document.currentScript.closest('figure');
  const data = JSON.parse(figure.querySelector('script[type="application/json"]').textContent);
  const img = figure.querySelector('img.course-figure');
  const readout = figure.querySelector('.course-readout');
  const description = figure.querySelector('.course-state-description p');
  const inputs = [...figure.querySelectorAll('[data-control]')];
  const show = (frameIndex) => {
    const frame = data.frames[frameIndex];
    img.src = data.images[frame.image];
    img.alt = frame.alt;
    readout.textContent = frame.readout;
    if (description) description.textContent = frame.description;
  };
  const stopOf = (input) => input.type === 'checkbox' ? (input.checked ? 0 : 1) : Number(input.value);
  const setStop = (input, stop) => {
    if (input.type === 'checkbox') input.checked = stop === 0; else input.value = String(stop);
  };
  const say = (input, control, stop) => {
    if (input.type === 'range') input.setAttribute('aria-valuetext', control.words[stop]);
    const shown = figure.querySelector(`output[for="${input.id}"]`);
    if (shown) shown.textContent = control.words[stop];
  };
  inputs.forEach((input, i) => {
    const control = data.controls[i];
    input.addEventListener('input', () => {
      inputs.forEach((other, j) => {  // one control at a time: the others go back to the start
        if (j !== i) { setStop(other, data.controls[j].start); say(other, data.controls[j], data.controls[j].start); }
      });
      const stop = stopOf(input);
      say(input, control, stop);
      show(control.frames[stop]);
    });
  });
})();
"""


def frames_html(explorer, header_html: str) -> str:
    """The explorer as a page without a kernel shows it when frames are wanted (see the module
    docstring): the header, the controls, the picture, the readout, the state description, the
    one-control-at-a-time line, the frames and the script."""
    found = frame_set(explorer)
    start = found.frames[found.start]
    uid = f"course-frames-{explorer.name}-{id(explorer):x}"
    rows = []
    for n, control in enumerate(found.controls):
        ident = f"{uid}-{n}"
        label = html.escape(control.label)
        if control.kind == "range":
            rows.append(f'<div class="course-frame-control"><label for="{ident}">{label}</label> '
                        f'<input type="range" id="{ident}" data-control min="0" max="{len(control.words) - 1}" '
                        f'step="1" value="{control.start}" aria-valuetext="{html.escape(control.words[control.start])}"> '
                        f'<output for="{ident}">{html.escape(control.words[control.start])}</output></div>')
        elif control.kind == "checkbox":
            checked = " checked" if control.start == 0 else ""
            rows.append(f'<div class="course-frame-control"><input type="checkbox" id="{ident}" data-control{checked}> '
                        f'<label for="{ident}">{label}</label></div>')
        else:
            options = "".join(f'<option value="{i}"{" selected" if i == control.start else ""}>{html.escape(w)}</option>'
                              for i, w in enumerate(control.words))
            rows.append(f'<div class="course-frame-control"><label for="{ident}">{label}</label> '
                        f'<select id="{ident}" data-control>{options}</select></div>')
    data = {"images": found.images, "frames": found.frames,
            "controls": [{"words": c.words, "start": c.start, "frames": c.frames} for c in found.controls]}
    payload = json.dumps(data, ensure_ascii=True).replace("</", "<\\/")
    width = explorer.live.canvas.get_width_height()[0] // explorer.live.pixel_ratio
    return (f'<figure class="course-explorer-static course-explorer-frames course-explorer-{html.escape(explorer.name)}" '
            f'style="margin:0"><figcaption>{header_html}</figcaption>'
            f'<div class="course-frame-controls" style="display:flex;flex-flow:row wrap;gap:6px 24px">{"".join(rows)}</div>'
            f'<img class="course-figure" src="{found.images[start["image"]]}" alt="{html.escape(start["alt"], quote=True)}" '
            f'width="{width}" style="max-width:100%;height:auto">'
            f'<p class="course-readout" aria-live="polite">{html.escape(start["readout"])}</p>'
            f'<details class="course-state-description"><summary>Describe the figure</summary>'
            f'<p>{html.escape(start["description"])}</p></details>'
            f"<p><small>{html.escape(ONE_AT_A_TIME)}</small></p>"
            f'<script type="application/json">{payload}</script><script>{_SCRIPT}</script></figure>')
