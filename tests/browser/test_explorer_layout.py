"""The layout measurement finds each fault it looks for, in a real JupyterLab.

``fixtures/layout_check.ipynb`` shows an explorer laid out as the course lays out its explorers and
copies that each break one rule; the measurement (:mod:`labdriver.layout`) must pass the first and
name the fault of each copy. The lessons' own explorers are measured in ``test_every_lesson.py``.
"""

from __future__ import annotations

import pytest

from labdriver import lab as driver
from labdriver import layout

FIXTURE = "tests/browser/fixtures/layout_check.ipynb"


@pytest.fixture(scope="module")
def measured(lab, browser):
    with driver.new_page(browser, lab) as page:
        driver.open_notebook(page, FIXTURE)
        driver.run_all(page)
        yield {name: layout.breaches(layout.measure(driver.explorer(page, name)))
               for name in ("good", "narrow", "cut", "overlap", "tall")}


def test_an_explorer_laid_out_as_the_course_does_has_no_fault(measured):
    assert measured["good"] == []


@pytest.mark.parametrize(("name", "fault"), [
    ("narrow", "slider 'Level (units)': its track is"),
    ("cut", "dropdown 'Kind': its option \"A second kind whose name is far too long for its list\" is cut off"),
    ("overlap", "overlap"),
    ("tall", "px tall, more than 900 px"),
])
def test_each_fault_is_found_and_named(measured, name, fault):
    assert any(fault in found for found in measured[name]), measured[name]
    assert len(measured[name]) <= 3, f"{name} should break one rule, found: {measured[name]}"
