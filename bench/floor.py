"""The browser's floor for one explorer: what JupyterLab and ipywidgets take to show its pictures
when the kernel does no work at all.

:func:`replay` draws an explorer's figure once for each of its ``bench_moves`` and keeps the PNGs.
It then shows them under a bare slider, with no matplotlib and no model. A slider move sets the
image to one of those stored PNGs and the readout to a short text. The picture has the same size
and the same bytes as the explorer's own. So the time from key press to new picture is the cost of
the round trip: the key press, the widget message, the kernel's reply, then the image's decoding in
the page. No explorer can be faster than that in the same browser. ``python -m bench browser``
prints the floor beside each explorer's own figure (``floor_p90``, ``floor_settle_ms``).

>>> from course.explorers.healing import HealingExplorer
>>> box = replay(HealingExplorer)
>>> slider, image = box.children[1].children[0], box.children[2]
>>> first = image.value
>>> slider.value = 1
>>> bytes(image.value) != bytes(first) and bytes(image.value)[:4] == b"\\x89PNG"
True
"""

from __future__ import annotations

#: positions of the floor's slider: enough for a drag of 30 steps
STEPS = 30


def pictures(cls) -> list[bytes]:
    """The explorer's PNG after each of its ``bench_moves``, in turn, with no two in a row the same."""
    explorer = cls()
    found = [explorer.live.last_png or explorer.live.render()]
    for move in cls.bench_moves:
        for key, value in move.items():
            explorer.controls[key].value = value
        if explorer.live.last_png != found[-1]:
            found.append(explorer.live.last_png)
    if len(found) > 2 and found[-1] == found[0]:
        found.pop()  # the slider wraps round: the last and the first must differ too
    if len(found) < 2:
        raise ValueError(f"{cls.name}: its bench_moves draw only one picture; the floor needs two")
    return found


def replay(cls):
    """A bare slider that shows the explorer's stored pictures (see the module's docstring), laid
    out as an explorer is, so that the browser bench finds its control, picture and readout."""
    import ipywidgets as widgets

    stored = pictures(cls)
    slider = widgets.IntSlider(value=0, min=0, max=STEPS - 1, description="Picture")
    controls = widgets.Box([slider])
    controls.add_class("course-controls")
    image = widgets.Image(value=stored[0], format="png")
    image.add_class("course-figure")
    readout = widgets.HTML("picture 0")
    readout.add_class("course-readout")

    def show(change, stored=stored, image=image, readout=readout):
        image.value = stored[change["new"] % len(stored)]
        readout.value = f"picture {change['new']}"

    slider.observe(show, names="value")
    box = widgets.VBox([widgets.HTML(f"<b>Floor for {cls.name}</b>"), controls, image, readout])
    box.add_class("course-explorer")
    box.add_class(f"course-explorer-floor-{cls.name}")
    return box
