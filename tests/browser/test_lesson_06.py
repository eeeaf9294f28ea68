"""Lesson 06 in a real JupyterLab: it runs from top to bottom without errors, the effect-size and
buoyancy explorers answer the keyboard with a new readout and a new figure, and a quiz gives feedback."""

from __future__ import annotations

from playwright.sync_api import expect

from . import lab
from .lab import REPO

LESSON_06 = REPO / "notebooks" / "06_massage_and_water.ipynb"

#: explorer name -> (arrow presses on its first slider, text the readout must then contain)
EXPLORERS = {
    "effect_size": (5, "SMD 0.45:"),                       # 0.40 -> 0.45 in steps of 0.01
    "buoyancy": (1, "Standing in water up to the base of the neck"),  # lower chest -> neck
}


def test_lesson_06_runs_and_its_explorers_and_quiz_respond(page):
    lab.open_notebook(page, LESSON_06)
    result = lab.run_all(page)
    errors = lab.cell_errors(page)
    assert not errors, "lesson 06 shows errors:\n\n" + "\n\n".join(errors)
    assert result["executed"] == result["cells"], result

    for name, (presses, expected) in EXPLORERS.items():
        box = lab.explorer(page, name)
        expect(box.locator(".course-readout")).not_to_be_empty()
        expect(box.locator("img.course-figure")).to_be_visible()
        before_text, before_src = lab.readout_text(box), lab.image_src(box)
        lab.move_slider(box, "ArrowRight", times=presses)
        assert lab.wait_until_changed(lambda: lab.readout_text(box), before_text) != before_text
        expect(box.locator(".course-readout")).to_contain_text(expected)
        assert lab.wait_until_changed(lambda: lab.image_src(box), before_src) != before_src

    assert lab.answer_first_quiz_question(page, "It made no difference").startswith("✘ Not yet")
    assert lab.answer_first_quiz_question(page, "It lowered blood flow").startswith("✔ Correct")
    errors = lab.cell_errors(page)
    assert not errors, "using lesson 06's widgets raised errors:\n\n" + "\n\n".join(errors)
