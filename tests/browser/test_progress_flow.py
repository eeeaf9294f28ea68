"""Progress carries from lesson to lesson in a real JupyterLab: an answer checked in lesson 01's
quiz appears in lesson 09's dashboard, and lesson 09 runs from top to bottom without errors.

The test server's kernels write the progress file ``lab.progress_file`` in the server's
temporary folder (see ``LabServer.environment``), never a real learner's file.
"""

from __future__ import annotations

import json

from playwright.sync_api import expect

from labdriver import lab as driver
from labdriver.lab import REPO

LESSON_01 = REPO / "notebooks" / "01_back_pain_basics.ipynb"
LESSON_09 = REPO / "notebooks" / "09_review_and_progress.ipynb"


def test_an_answer_in_lesson_01_shows_in_the_lesson_09_dashboard(page, lab):
    driver.open_notebook(page, LESSON_01)
    driver.run_all(page)
    assert driver.answer_first_quiz_question(page, "Multifidus").startswith("✘ Not yet")
    saved = json.loads(lab.progress_file.read_text(encoding="utf-8"))["attempts"][-1]
    assert (saved["question"], saved["answer"], saved["correct"]) == (
        "01_back_pain_basics/fascia-role", "Multifidus", False)
    lab.shutdown_kernels()

    driver.open_notebook(page, LESSON_09)
    result = driver.run_all(page)
    errors = driver.cell_errors(page)
    assert not errors, "lesson 09 shows errors:\n\n" + "\n\n".join(errors)
    assert result["executed"] == result["cells"], result

    board = page.locator(".course-dashboard")
    board.scroll_into_view_if_needed()
    expect(board.locator("img.course-figure")).to_be_visible()
    expect(board.locator(".course-readout")).to_contain_text("Lessons opened:")
    newest = board.locator(".course-recent tbody tr").first
    expect(newest).to_contain_text("Which structure is a layered sheet of connective tissue")
    expect(newest).to_contain_text("Multifidus")
    expect(newest).to_contain_text("✘ not yet")
    expect(page.locator(".course-belief-shift .course-readout")).not_to_be_empty()
    expect(page.locator(".course-final-quiz .course-question")).to_have_count(10)
