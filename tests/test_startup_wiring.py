"""The start-up check where learners meet it: the first cell of Lesson 00, and one line under every
lesson's Setup when something is wrong."""

from __future__ import annotations

import ast
from importlib import metadata

import nbformat
import pytest

from course import startup
from course.lessons import lessons
from course.paths import notebooks_dir


def _setup_code(number: str) -> str:
    info = next(l for l in lessons() if l.number == number)
    book = nbformat.read(notebooks_dir() / info.file, as_version=4)
    return next(c.source for c in book.cells if c.cell_type == "code")


def test_lesson_00_checks_the_set_up_before_anything_can_fail():
    """The first statement imports only the check (it needs nothing but the standard library),
    the second shows it; the lesson's other imports come after, so a missing package is reported
    in plain words before an import error could hide it."""
    body = ast.parse(_setup_code("00")).body
    first, second = body[0], body[1]
    assert isinstance(first, ast.ImportFrom) and first.module == "course"
    assert [a.name for a in first.names] == ["check_setup"]
    assert ast.unparse(second) == "display(check_setup())"
    assert any("start_lesson" in ast.unparse(node) for node in body[2:])


def test_the_check_itself_needs_only_the_standard_library():
    tree = ast.parse(open(startup.__file__, encoding="utf-8").read())
    imported = set()
    for node in tree.body:  # imports at module level; the widget is imported where it is shown
        if isinstance(node, ast.Import):
            imported |= {a.name.split(".")[0] for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0:
            imported.add(node.module.split(".")[0])
    assert imported <= {"__future__", "html", "os", "sys", "tempfile", "dataclasses", "importlib", "pathlib"}, imported


def test_the_report_shows_without_the_widgets_package(monkeypatch):
    import sys

    monkeypatch.setitem(sys.modules, "ipywidgets", None)  # import ipywidgets now fails
    bundle = startup.StartupReport([startup.Problem("The package ipywidgets is not installed.", "Install it.")])._repr_mimebundle_()
    assert "application/vnd.jupyter.widget-view+json" not in bundle
    assert "ipywidgets is not installed" in bundle["text/html"] and "Fix: Install it." in bundle["text/plain"]


def test_every_lesson_says_what_is_wrong_in_one_line(monkeypatch):
    from course import start_lesson

    real = metadata.version

    def fake(name):
        if name == "scipy":
            raise metadata.PackageNotFoundError(name)
        return real(name)

    monkeypatch.setattr(startup.metadata, "version", fake)
    shown = repr(start_lesson("04"))
    lines = shown.splitlines()
    assert lines[0].startswith("Lesson 04: Mind and pain")
    assert lines[1] == f"⚠ The package scipy is not installed. Fix: {startup.FIX_INSTALL}."


def test_all_well_adds_nothing():
    from course import start_lesson

    assert len(repr(start_lesson("04")).splitlines()) == 1


def test_the_progress_file_is_reported_once(monkeypatch):
    """start_lesson reports an unwritable progress file itself; the quick check leaves it out."""
    monkeypatch.setattr(startup, "_progress_problems",
                        lambda: [startup.Problem("Your progress cannot be saved: x.", "Fix it.")])
    assert startup.quick_problems(progress=False) is None
    assert startup.quick_problems().startswith("⚠ Your progress cannot be saved")


@pytest.mark.parametrize("number", [l.number for l in lessons() if l.number != "00"])
def test_every_lesson_setup_starts_the_lesson(number):
    assert "start_lesson(" in _setup_code(number)
