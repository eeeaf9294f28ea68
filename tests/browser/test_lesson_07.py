"""Lesson 07 in a real JupyterLab: it runs from top to bottom without errors, the recurrence-risk
explorer answers the keyboard with a new readout and a new figure, and a quiz gives feedback."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from . import lab
from .lab import REPO

LESSON_07 = REPO / "notebooks" / "07_exercise_and_recovery.ipynb"


def test_lesson_07_runs_and_its_explorer_and_quiz_respond(page):
    lab.open_notebook(page, LESSON_07)
    result = lab.run_all(page)
    errors = lab.cell_errors(page)
    assert not errors, "lesson 07 shows errors:\n\n" + "\n\n".join(errors)
    assert result["executed"] == result["cells"], result

    box = lab.explorer(page, "recurrence_risk")
    expect(box.locator(".course-readout")).to_contain_text("Without exercise 33 in 100")
    expect(box.locator("img.course-figure")).to_be_visible()
    before_text, before_src = lab.readout_text(box), lab.image_src(box)
    lab.move_slider(box, "ArrowRight", times=3)  # baseline risk 33% -> 36%
    assert lab.wait_until_changed(lambda: lab.readout_text(box), before_text) != before_text
    expect(box.locator(".course-readout")).to_contain_text("Without exercise 36 in 100")
    expect(box.locator(".course-readout")).to_contain_text("with exercise about 18.0")
    assert lab.wait_until_changed(lambda: lab.image_src(box), before_src) != before_src

    # the exercise-effects figure is there, with its text alternative
    expect(page.locator("figure.course-figure img").first).to_have_attribute(
        "alt", re.compile("15 points better with exercise"))

    assert lab.answer_first_quiz_question(page, "Rest in bed").startswith("✘ Not yet")
    assert lab.answer_first_quiz_question(page, "Stay as active").startswith("✔ Correct")
    errors = lab.cell_errors(page)
    assert not errors, "using lesson 07's widgets raised errors:\n\n" + "\n\n".join(errors)
