"""Lesson 08 in a real JupyterLab: it runs from top to bottom without errors, both trial
simulators answer the keyboard with a new readout and a new figure, a quiz gives feedback, and
the twelve-claims review reveals a verdict after a prediction."""

from __future__ import annotations

from playwright.sync_api import expect

from . import lab
from .lab import REPO

LESSON_08 = REPO / "notebooks" / "08_evaluating_claims.ipynb"


def test_lesson_08_runs_and_its_explorers_quiz_and_review_respond(page):
    lab.open_notebook(page, LESSON_08)
    result = lab.run_all(page)
    errors = lab.cell_errors(page)
    assert not errors, "lesson 08 shows errors:\n\n" + "\n\n".join(errors)
    assert result["executed"] == result["cells"], result

    for index, (start, after) in enumerate(((0, 2), (10, 12))):
        box = lab.explorer(page, "trial_simulator", index)
        expect(box.locator(".course-readout")).to_contain_text(f"true effect {start}.")
        expect(box.locator("img.course-figure")).to_be_visible()
        before_text, before_src = lab.readout_text(box), lab.image_src(box)
        lab.move_slider(box, "ArrowRight", times=2)  # the true-effect slider, 1 point per press
        assert lab.wait_until_changed(lambda: lab.readout_text(box), before_text) != before_text
        expect(box.locator(".course-readout")).to_contain_text(f"true effect {after}.")
        assert lab.wait_until_changed(lambda: lab.image_src(box), before_src) != before_src

    assert lab.answer_first_quiz_question(page, "The cream worked").startswith("✘ Not yet")
    assert lab.answer_first_quiz_question(page, "We cannot tell").startswith("✔ Correct")

    review = page.locator(".course-claim-review").first
    review.scroll_into_view_if_needed()
    expect(review).to_contain_text("Claim 1 of 12 (a)")
    review.locator(".widget-radio-box label").filter(has_text="Partly supported").first.click()
    review.locator("button.course-reveal").click()
    expect(review.locator(".course-feedback")).to_contain_text("✔ Matched")
    expect(review.locator(".course-claim-card")).to_contain_text("Partly supported")
    expect(review.locator(".course-readout")).to_contain_text("You matched 1 of 1")
    errors = lab.cell_errors(page)
    assert not errors, "using lesson 08's widgets raised errors:\n\n" + "\n\n".join(errors)
