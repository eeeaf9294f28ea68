"""Dragging a slider in JupyterLab: the figure keeps up, and what stays on screen when the thumb
stops is the picture of the value it stopped at.

While a slider is dragged, the page sends a widget's newest value only once the kernel has answered
the one before (ipywidgets' message throttle), so values in between are dropped. The last one must
never be: after the drag, the readout must be the one the kernel gives for the slider's final
value (checked by stepping one value away and back with the keyboard, which makes the kernel
compute that value afresh).
"""

from __future__ import annotations

import nbformat
import pytest

from labdriver import lab as driver
from labdriver import learner

#: explorers whose first control is a slider, from three lessons
DRAGGED = {
    "natural_history": "course.explorers.natural_history import NaturalHistoryExplorer as E",
    "healing": "course.explorers.healing import HealingExplorer as E",
    "perfusion": "course.explorers.perfusion import PerfusionExplorer as E",
}


@pytest.fixture(scope="module")
def notebook():
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3 (ipykernel)", "language": "python"}
    nb.cells = [nbformat.v4.new_code_cell(f"from {source}\nE()") for source in DRAGGED.values()]
    path = driver.REPO / "test-artifacts" / "drag" / "drag.ipynb"
    path.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(nb, path)
    return path


@pytest.mark.parametrize("name", DRAGGED)
def test_after_a_drag_the_figure_shows_the_value_the_slider_stopped_at(page, notebook, name):
    driver.open_notebook(page, notebook)
    driver.run_all(page)
    box = driver.explorer(page, name)
    learner.shown_readout(box)
    dragged = learner.drag(page, box)
    assert dragged["control"] == "slider" and dragged["inputs"] >= 5, dragged
    assert 1 <= dragged["frames"] <= dragged["inputs"] + 1, dragged
    after_drag = driver.readout_text(box)

    control = learner.first_control(box)
    away, back = reversed(control.keys()) if control.at_end() else control.keys()
    learner.focus(control)
    page.keyboard.press(away)
    driver.wait_until_changed(lambda: driver.readout_text(box), after_drag)
    moved = driver.readout_text(box)
    page.keyboard.press(back)
    returned = driver.wait_until_changed(lambda: driver.readout_text(box), moved)
    assert returned == after_drag, (
        f"after the drag the readout was {after_drag!r}, but the slider's value gives {returned!r}")
