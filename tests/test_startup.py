"""The start-up check names each problem in plain words with its fix."""

from __future__ import annotations

from importlib import metadata

import pytest

from course import startup


def test_all_well_here():
    assert startup.check_environment() == []
    assert startup.quick_problems() is None
    assert "All set" in startup.report_html([])


def test_old_python_is_named(monkeypatch):
    problems = startup.check_environment(minimum_python=(9, 0))
    assert any("the course needs 9.0 or newer" in p.what for p in problems)


def test_missing_and_old_packages_are_named(monkeypatch):
    real = metadata.version

    def fake(name):
        if name == "scipy":
            raise metadata.PackageNotFoundError(name)
        if name == "ipywidgets":
            return "7.6.5"
        return real(name)

    monkeypatch.setattr(startup.metadata, "version", fake)
    whats = [p.what for p in startup.check_environment()]
    assert "The package scipy is not installed." in whats
    assert "ipywidgets 7.6.5 is older than the 8.1 the course needs." in whats
    line = startup.quick_problems()
    assert line.startswith("⚠ ") and "Fix:" in line and "1 more" in line


def test_missing_course_data_is_named(tmp_path, monkeypatch):
    monkeypatch.setenv("COURSE_DATA_DIR", str(tmp_path))
    problems = startup.check_environment()
    assert any("Course data not found" in p.what and "catalogue.yml" in p.what for p in problems)


def test_widgets_fallback_text_says_how_to_fix():
    bundle = startup.StartupReport([])._repr_mimebundle_()
    data = bundle[0] if isinstance(bundle, tuple) else bundle
    assert "application/vnd.jupyter.widget-view+json" in data
    assert data["text/plain"].startswith("⚠ Widgets are not displaying")


def test_report_escapes_text():
    html = startup.report_html([startup.Problem("<b>x</b>", "<script>")])
    assert "<script>" not in html and "&lt;b&gt;x" in html


@pytest.mark.parametrize("text,expected", [("8.1.9", (8, 1, 9)), ("2.4.0rc1", (2, 4, 0)), ("6.0", (6, 0))])
def test_version_parsing(text, expected):
    assert startup._version_tuple(text) == expected


def test_a_progress_folder_that_is_a_file_is_named_as_such(tmp_path, monkeypatch):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file")
    monkeypatch.setenv("COURSE_PROGRESS_FILE", str(blocker / "deeper" / "progress.json"))
    (problem,) = startup.check_environment()
    assert f"{blocker} is a file, not a folder" in problem.what
    assert "File exists" not in problem.what and "Not a directory" not in problem.what
