"""Smoke tests in a real JupyterLab: the harness checks itself on tiny notebooks, and the browser
tests fail in CI and skip elsewhere when chromium is missing. (Lesson 01, like every lesson, is run
and used the way a learner does in test_every_lesson.py.)"""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from playwright.sync_api import expect

from labdriver import lab
from labdriver.lab import REPO

FIXTURES = "tests/browser/fixtures"


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
