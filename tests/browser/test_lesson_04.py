"""Lesson 04 in a real JupyterLab: it runs from top to bottom without errors, the trial-results
explorer answers the keyboard (what-if slider and a trial's check box) with a new readout and a new
figure, and a quiz gives feedback."""

from __future__ import annotations

from playwright.sync_api import expect

from . import lab
from .lab import REPO

LESSON_04 = REPO / "notebooks" / "04_mind_and_pain.ipynb"


def test_lesson_04_runs_and_its_explorer_and_quiz_respond(page):
    lab.open_notebook(page, LESSON_04)
    result = lab.run_all(page)
    errors = lab.cell_errors(page)
    assert not errors, "lesson 04 shows errors:\n\n" + "\n\n".join(errors)
    assert result["executed"] == result["cells"], result

    box = lab.explorer(page, "trial_results")
    expect(box.locator(".course-readout")).to_contain_text("Showing 4 trial(s), 11 groups, 654 people")
    expect(box.locator("img.course-figure")).to_be_visible()
    before_text, before_src = lab.readout_text(box), lab.image_src(box)
    lab.move_slider(box, "ArrowRight")  # what-if: every group twice as large
    assert lab.wait_until_changed(lambda: lab.readout_text(box), before_text) != before_text
    expect(box.locator(".course-readout")).to_contain_text("(what-if: every group 2 times as large)")
    assert lab.wait_until_changed(lambda: lab.image_src(box), before_src) != before_src

    # Hide the last trial from the keyboard: focus its check box and press Space.
    before_src = lab.image_src(box)
    checkbox = box.locator(".widget-checkbox input[type=checkbox]").last
    checkbox.focus()
    checkbox.press("Space")
    expect(box.locator(".course-readout")).to_contain_text("Showing 3 trial(s), 8 groups")
    assert lab.wait_until_changed(lambda: lab.image_src(box), before_src) != before_src

    assert lab.answer_first_quiz_question(page, "warns").startswith("✘ Not yet")
    assert lab.answer_first_quiz_question(page, "distracts").startswith("✔ Correct")
    errors = lab.cell_errors(page)
    assert not errors, "using lesson 04's widgets raised errors:\n\n" + "\n\n".join(errors)
