"""Lesson 05 in a real JupyterLab: it runs from top to bottom without errors, the tissue-temperature
explorer answers the keyboard with a new readout and a new figure, and a quiz gives feedback."""

from __future__ import annotations

from playwright.sync_api import expect

from . import lab
from .lab import REPO

LESSON_05 = REPO / "notebooks" / "05_heat_and_cold.ipynb"


def test_lesson_05_runs_and_its_explorer_and_quiz_respond(page):
    lab.open_notebook(page, LESSON_05)
    result = lab.run_all(page)
    errors = lab.cell_errors(page)
    assert not errors, "lesson 05 shows errors:\n\n" + "\n\n".join(errors)
    assert result["executed"] == result["cells"], result

    box = lab.explorer(page, "heat_cold")
    expect(box.locator(".course-readout")).to_contain_text("for 20 min over 10 mm of fat")
    expect(box.locator("img.course-figure")).to_be_visible()
    before_text, before_src = lab.readout_text(box), lab.image_src(box)
    lab.move_slider(box, "ArrowRight", times=2)  # the first slider is the fat: 10 -> 12 mm
    assert lab.wait_until_changed(lambda: lab.readout_text(box), before_text) != before_text
    expect(box.locator(".course-readout")).to_contain_text("over 12 mm of fat")
    assert lab.wait_until_changed(lambda: lab.image_src(box), before_src) != before_src

    assert lab.answer_first_quiz_question(page, "stores more heat").startswith("✘ Not yet")
    assert lab.answer_first_quiz_question(page, "conducts heat much less well").startswith("✔ Correct")
    errors = lab.cell_errors(page)
    assert not errors, "using lesson 05's widgets raised errors:\n\n" + "\n\n".join(errors)
