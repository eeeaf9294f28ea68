"""Lesson 02 in a real JupyterLab: it runs from top to bottom without errors, each of its three
explorers answers the keyboard with a new readout and a new figure, and a quiz gives feedback."""

from __future__ import annotations

from playwright.sync_api import expect

from . import lab
from .lab import REPO

LESSON_02 = REPO / "notebooks" / "02_muscle_injury.ipynb"

#: explorer name -> how many arrow presses to make on its first slider, and the readout it must reach
EXPLORERS = {
    "lactate_soreness": (2, "1 h after exercise (rest)"),   # 30 min -> 45 min -> 1 h
    "healing": (4, "Day 4: inflammation under way; proliferation may be starting"),
    "load_capacity": (1, "Weekend spike to 210% of usual"),
}


def test_lesson_02_runs_and_its_explorers_and_quiz_respond(page):
    lab.open_notebook(page, LESSON_02)
    result = lab.run_all(page)
    errors = lab.cell_errors(page)
    assert not errors, "lesson 02 shows errors:\n\n" + "\n\n".join(errors)
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

    assert lab.answer_first_quiz_question(page, "waste product").startswith("✘ Not yet")
    assert lab.answer_first_quiz_question(page, "It is a fuel").startswith("✔ Correct")
    errors = lab.cell_errors(page)
    assert not errors, "using lesson 02's widgets raised errors:\n\n" + "\n\n".join(errors)
