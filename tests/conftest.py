"""Fixtures for every test in tests/: each test gets its own, empty progress file; the documentation
generator (``tools/generate_docs.py``) is there as a module for the tests that check its output."""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def progress_file(tmp_path, monkeypatch):
    """The progress file of this test (``COURSE_PROGRESS_FILE``), not created yet.

    The quiz recorder that a ``start_lesson`` call installs is removed afterwards, so no test
    writes into another test's file.
    """
    path = tmp_path / "progress" / "progress.json"
    monkeypatch.setenv("COURSE_PROGRESS_FILE", str(path))
    monkeypatch.delenv("COURSE_CLASS_FILE", raising=False)  # no class's final quiz unless a test sets one
    yield path
    from course.quiz_widget import set_default_recorder

    set_default_recorder(None)


def pytest_configure(config):
    # Tests that install packages or build the book edition; deselect them with -m "not slow".
    config.addinivalue_line("markers", "slow: takes tens of seconds (a fresh virtual environment, a site build)")


@pytest.fixture(scope="session")
def generate_docs():
    """``tools/generate_docs.py``, which writes the README lesson table and the instructor guide's
    lesson notes, loaded as a module."""
    from tools import generate_docs as module

    return module
