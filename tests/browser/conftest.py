"""Fixtures for the browser tests: a JupyterLab server, Debian's chromium, a fresh page per test.

- Every test in this folder is marked ``browser`` (deselect them with ``-m "not browser"``).
- They need ``/usr/bin/chromium``. Without it they fail in CI (env ``CI`` is "true" or "1") and
  are skipped elsewhere, with a warning at the end of the run.
- ``lab`` (session): one JupyterLab server for the whole run; stopped at the end.
- ``page`` (function): a new browser context and page, bound to ``lab`` (``lab.new_page`` of
  the driver in ``labdriver/``); the kernels it started are shut down after the test.
- When a test that uses ``page`` fails, a screenshot and the page's console log are written to
  ``test-artifacts/browser/<test name>.png`` and ``.log``.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from labdriver import a11y
from labdriver import lab as driver

HERE = Path(__file__).resolve().parent
ARTIFACTS = driver.REPO / "test-artifacts" / "browser"
MISSING_IN_CI = "chromium is required in CI: apt-get install chromium"
MISSING_LOCALLY = ("browser tests skipped: {path} not found "
                   "(install Debian's chromium: sudo apt-get install chromium)")

# The notebooks under fixtures/ are inputs of the harness self-tests, not tests themselves.
collect_ignore = ["fixtures"]

_skipped_for_chromium: list[str] = []


def _in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() in ("true", "1")


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(config, items):
    # tryfirst: the mark must be there before `-m` selection looks at the items.
    for item in items:
        if HERE in Path(item.path).resolve().parents:
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def chromium_executable() -> str:
    path = driver.chromium_path()
    if Path(path).is_file() and os.access(path, os.X_OK):
        return path
    if _in_ci():
        pytest.fail(MISSING_IN_CI, pytrace=False)
    reason = MISSING_LOCALLY.format(path=path)
    _skipped_for_chromium.append(reason)
    pytest.skip(reason)


@pytest.fixture(scope="session")
def lab(chromium_executable):
    """A JupyterLab server rooted at the repository (see ``lab.LabServer``)."""
    server = driver.LabServer()
    try:
        server.start()
        yield server
    finally:
        server.cleanup()


@pytest.fixture(scope="session")
def browser(chromium_executable):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = driver.launch_chromium(playwright, chromium_executable)
        try:
            yield browser
        finally:
            browser.close()


@pytest.fixture
def page(lab, browser):
    """A fresh page (own context, own storage) bound to the ``lab`` server."""
    with driver.new_page(browser, lab) as page:
        yield page


def _artifact_name(nodeid: str) -> str:
    name = nodeid.split("::", 1)[-1]
    return re.sub(r"[^\w.\-]+", "_", name).strip("_")[:150]


def _save_artifacts(item, page) -> list[Path]:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    stem = ARTIFACTS / _artifact_name(item.nodeid)
    saved = []
    try:
        page.screenshot(path=str(stem.with_suffix(".png")), full_page=True, timeout=15_000)
        saved.append(stem.with_suffix(".png"))
    except Exception as exc:  # the page may be gone; the log is still worth writing
        screenshot_error = f"(no screenshot: {exc})"
    else:
        screenshot_error = ""
    sections = [f"test: {item.nodeid}", f"url: {_safe(lambda: page.url)}", screenshot_error,
                "== browser console ==", *getattr(page, "course_console", [])]
    problems = _safe(lambda: driver.output_problems(page))
    if isinstance(problems, dict):
        sections.append("== notebook problems ==")
        for kind, texts in problems.items():
            sections += [f"[{kind}] {text}" for text in texts]
    entries = _safe(lambda: driver.log_console(page))
    if isinstance(entries, list):
        sections.append("== JupyterLab log console ==")
        sections += [f"[{e['level']}] {e['text']}" for e in entries]
    server = getattr(page, "course_lab", None)
    if server is not None:
        sections += ["== JupyterLab server log (tail) ==", server.log_tail(80)]
    stem.with_suffix(".log").write_text("\n".join(s for s in sections if s) + "\n")
    saved.append(stem.with_suffix(".log"))
    return saved


def _safe(fn):
    try:
        return fn()
    except Exception as exc:
        return f"(unavailable: {exc})"


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    report = yield
    if report.failed and report.when in ("setup", "call"):
        page = item.funcargs.get("page") if hasattr(item, "funcargs") else None
        if page is not None:
            try:
                saved = _save_artifacts(item, page)
            except Exception as exc:
                report.sections.append(("browser artifacts", f"could not save artifacts: {exc}"))
            else:
                report.sections.append(("browser artifacts", "\n".join(str(p) for p in saved)))
    return report


def pytest_terminal_summary(terminalreporter):
    if _skipped_for_chromium:
        terminalreporter.write_sep("!", "WARNING: browser tests were skipped", yellow=True, bold=True)
        terminalreporter.write_line(_skipped_for_chromium[0], yellow=True, bold=True)
    if a11y.REPORTED:
        terminalreporter.write_sep("-", "axe-core findings not the course's (reported, not failed on)")
        for (where, rule, impact), count in sorted(a11y.REPORTED.items()):
            terminalreporter.write_line(f"{where}: {rule} ({impact}): {count} nodes")
    if driver.TIMINGS:
        terminalreporter.write_sep("-", "browser timings in seconds")
        for name, values in driver.TIMINGS.items():
            shown = ", ".join(f"{v:.1f}" for v in values)
            terminalreporter.write_line(f"{name}: {shown}")

