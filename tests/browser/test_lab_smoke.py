"""Smoke tests in a real JupyterLab: first the harness checks itself on tiny notebooks, then
lesson 01 is run from top to bottom and its explorer and quiz are used the way a learner does."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from playwright.sync_api import expect

from . import lab
from .lab import REPO

FIXTURES = "tests/browser/fixtures"
LESSON_01 = REPO / "notebooks" / "01_back_pain_basics.ipynb"


# -- the harness checks itself --------------------------------------------------------------------
def test_harness_runs_a_notebook_and_drives_its_widgets(page):
    lab.open_notebook(page, f"{FIXTURES}/harness_check.ipynb")
    result = lab.run_all(page)
    assert result["executed"] == result["cells"] == 3, result
    assert lab.cell_errors(page) == []
    expect(page.locator(".jp-OutputArea-output").first).to_contain_text("harness check: the kernel runs")

    box = lab.explorer(page, "harness_check")
    expect(box.locator(".course-readout")).to_have_text("Steps: 0")
    assert lab.slider_state(box) == {"now": 0, "min": 0, "max": 10}
    src = lab.image_src(box)
    assert src and src.startswith("blob:")

    lab.move_slider(box, "ArrowRight", times=2)
    assert lab.wait_until_changed(lambda: lab.readout_text(box), "Steps: 0") in ("Steps: 1", "Steps: 2")
    expect(box.locator(".course-readout")).to_have_text("Steps: 2")
    assert lab.wait_until_changed(lambda: lab.image_src(box), src) != src
    assert lab.slider_state(box)["now"] == 2

    assert lab.answer_first_quiz_question(page, "Three").startswith("✘ Not yet")
    assert lab.answer_first_quiz_question(page, "Two").startswith("✔ Correct")
    assert lab.cell_errors(page) == []


def test_harness_reports_every_kind_of_error(page):
    lab.open_notebook(page, f"{FIXTURES}/harness_errors.ipynb")
    result = lab.run_all(page)
    assert result["cells"] == 5 and result["executed"] == 4, "Run All should stop at the exception"

    page.locator(".course-harness-fail").click()
    lab.wait_until_changed(lambda: any(e.startswith("[callback]") for e in lab.cell_errors(page)), False)

    errors = lab.cell_errors(page)
    assert len(errors) == 3, "\n\n".join(errors)
    error, widget, callback = errors
    assert error.startswith("[error] cell 5 [4]: ValueError: a deliberate error")
    assert widget.startswith("[widget] cell 3 [2]: Missing() could not be displayed")
    assert callback.startswith("[callback] RuntimeError: a deliberate error in a callback")

    problems = lab.output_problems(page)
    assert problems["stderr"] == []
    assert len(problems["warnings"]) == 1 and "UserWarning: a harmless warning" in problems["warnings"][0]


@pytest.mark.parametrize("ci", ["true", ""], ids=["in-CI", "locally"])
def test_without_chromium_browser_tests_fail_in_ci_and_skip_locally(ci):
    env = {k: v for k, v in os.environ.items() if k != "CI"}
    env.update(COURSE_CHROMIUM="/nonexistent/chromium", CI=ci)
    run = subprocess.run(
        [sys.executable, "-m", "pytest", "-o", "addopts=", "-p", "no:cacheprovider", "-rA",
         f"tests/browser/test_lab_smoke.py::{test_harness_runs_a_notebook_and_drives_its_widgets.__name__}"],
        cwd=REPO, env=env, capture_output=True, text=True, timeout=120,
    )
    out = run.stdout + run.stderr
    if ci:
        assert run.returncode == 1, out
        assert "chromium is required in CI: apt-get install chromium" in out
    else:
        assert run.returncode == 0, out
        assert "1 skipped" in out
        assert "WARNING: browser tests were skipped" in out
        assert "/nonexistent/chromium not found" in out


# -- lesson 01 --------------------------------------------------------------------------------------
# Lesson 01 is required to pass this test. Until notebooks/01_back_pain_basics.ipynb exists it
# is skipped; the skip lifts itself as soon as the file is there (nothing to edit here).
@pytest.mark.skipif(not LESSON_01.exists(), reason="lesson 01 not written yet")
def test_lesson_01_runs_and_its_explorer_and_quiz_respond(page):
    lab.open_notebook(page, LESSON_01)
    result = lab.run_all(page)
    errors = lab.cell_errors(page)
    assert not errors, "lesson 01 shows errors:\n\n" + "\n\n".join(errors)
    assert result["executed"] == result["cells"], result

    box = lab.explorer(page, "natural_history")
    expect(box.locator(".course-readout")).not_to_be_empty()
    expect(box.locator("img.course-figure")).to_be_visible()
    before_text, before_src = lab.readout_text(box), lab.image_src(box)
    state = lab.slider_state(box)
    key = "ArrowLeft" if state["now"] >= state["max"] else "ArrowRight"
    lab.move_slider(box, key)
    assert lab.wait_until_changed(lambda: lab.readout_text(box), before_text) != before_text
    assert lab.wait_until_changed(lambda: lab.image_src(box), before_src) != before_src

    feedback = lab.answer_first_quiz_question(page)
    assert feedback.startswith(("✔", "✘")), feedback
    errors = lab.cell_errors(page)
    assert not errors, "using lesson 01's widgets raised errors:\n\n" + "\n\n".join(errors)
