"""Lesson 03 in a real JupyterLab: it runs from top to bottom without errors, both copies of the
perfusion explorer answer the keyboard with a new readout and a new figure, and a quiz gives feedback."""

from __future__ import annotations

from playwright.sync_api import expect

from . import lab
from .lab import REPO

LESSON_03 = REPO / "notebooks" / "03_ischemia.ipynb"


def test_lesson_03_runs_and_its_explorers_and_quiz_respond(page):
    lab.open_notebook(page, LESSON_03)
    result = lab.run_all(page)
    errors = lab.cell_errors(page)
    assert not errors, "lesson 03 shows errors:\n\n" + "\n\n".join(errors)
    assert result["executed"] == result["cells"], result

    # Explore 2.1 starts at 40% MVC, Explore 3.1 at 50% MVC: one ArrowRight on the first slider.
    for index, expected in ((0, "Holding 41% MVC: flow meets 47% of the oxygen demand"),
                            (1, "Holding 51% MVC: flow meets 15% of the oxygen demand")):
        box = lab.explorer(page, "perfusion", index)
        expect(box.locator(".course-readout")).not_to_be_empty()
        expect(box.locator("img.course-figure")).to_be_visible()
        before_text, before_src = lab.readout_text(box), lab.image_src(box)
        lab.move_slider(box, "ArrowRight")
        assert lab.wait_until_changed(lambda: lab.readout_text(box), before_text) != before_text
        expect(box.locator(".course-readout")).to_contain_text(expected)
        assert lab.wait_until_changed(lambda: lab.image_src(box), before_src) != before_src

    # The strength slider (the fifth) moves the occlusion threshold: 1.00 -> 1.05 times the reference.
    box = lab.explorer(page, "perfusion", 0)
    before_src = lab.image_src(box)
    lab.move_slider(box.locator(".widget-slider [role=slider]").nth(4), "ArrowRight")
    expect(box.locator(".course-readout")).to_contain_text("Flow stops at 54% MVC (strength 1.05x")
    assert lab.wait_until_changed(lambda: lab.image_src(box), before_src) != before_src

    assert lab.answer_first_quiz_question(page, "lactic acid").startswith("✘ Not yet")
    assert lab.answer_first_quiz_question(page, "too small").startswith("✔ Correct")
    errors = lab.cell_errors(page)
    assert not errors, "using lesson 03's widgets raised errors:\n\n" + "\n\n".join(errors)
