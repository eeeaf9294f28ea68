"""Benchmarks in a real browser: what a learner waits for.

    python -m bench browser

Prints

    startup lab_ready_s=2.1
    startup first_lesson=00_start_here kernel_ready_s=4.3 run_all_s=3.1 cells=9
    browser natural_history latency_ms_median=74 latency_ms_p90=95 n=15 control=slider target_ms=150 within_target=yes

- ``lab_ready_s``: JupyterLab server process started to its API answering.
- ``first_lesson``: the first lesson opened in Debian's chromium (page load to a ready kernel),
  then Run All until every cell ran and every widget is drawn.
- ``browser <explorer>``: a key press on the explorer's first control (a slider where it has
  one) to the new figure decoded in the page, for 15 presses back and forth, one at a time. Every
  explorer with ``bench_moves`` is shown in one generated notebook.

Uses the JupyterLab driver that the browser tests use too (``labdriver/``). Without chromium it
prints one ``browser skipped`` line.
"""

from __future__ import annotations

import os
import shutil
import time
from collections.abc import Iterator
from pathlib import Path

import nbformat

from labdriver import lab, learner

ROOT = Path(__file__).resolve().parents[1]
TARGET_MS = 150.0
MOVES = 15
FIRST_LESSON = ROOT / "notebooks" / "00_start_here.ipynb"
WORKDIR = ROOT / "test-artifacts" / "bench"


def explorer_notebook(classes) -> Path:
    """A notebook showing every explorer at its default setting (in test-artifacts/, ignored by git)."""
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3 (ipykernel)", "language": "python"}
    for cls in classes:
        nb.cells.append(nbformat.v4.new_code_cell(f"from {cls.__module__} import {cls.__name__}\n{cls.__name__}()"))
    WORKDIR.mkdir(parents=True, exist_ok=True)
    path = WORKDIR / "browser_explorers.ipynb"
    nbformat.write(nb, path)
    return path


def run(classes) -> Iterator[str]:
    chromium = lab.chromium_path()
    if not (Path(chromium).is_file() and os.access(chromium, os.X_OK)):
        yield f"browser skipped reason=chromium_not_found path={chromium} (apt-get install chromium)"
        return
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        yield "browser skipped reason=playwright_not_installed (pip install -e '.[test]')"
        return

    server = lab.LabServer()
    try:
        server.start()
        yield f"startup lab_ready_s={server.startup_seconds:.1f}"
        with sync_playwright() as playwright:
            browser = lab.launch_chromium(playwright, chromium)
            try:
                with lab.new_page(browser, server, timeout_ms=60_000) as page:
                    yield from _measure(page, server, classes)
            finally:
                browser.close()
    finally:
        server.cleanup()
        shutil.rmtree(WORKDIR, ignore_errors=True)


def _measure(page, server, classes) -> Iterator[str]:
    if FIRST_LESSON.exists():
        t0 = time.monotonic()
        lab.open_notebook(page, FIRST_LESSON)
        ready = time.monotonic() - t0
        result = lab.run_all(page)
        yield (f"startup first_lesson={FIRST_LESSON.stem} kernel_ready_s={ready:.1f} "
               f"run_all_s={result['seconds']:.1f} cells={result['cells']}")
        server.shutdown_kernels()

    notebook = explorer_notebook(classes)
    lab.open_notebook(page, notebook)
    lab.run_all(page)
    errors = lab.cell_errors(page)
    if errors:
        yield "browser error " + " | ".join(e.splitlines()[0] for e in errors)
    for index, cls in enumerate(classes):
        box = page.locator(".course-explorer").nth(index)
        learner.shown_readout(box)
        control = learner.first_control(box)
        try:
            stats = learner.summary(learner.measure_latency(page, box, moves=MOVES))
        except AssertionError as exc:
            yield f"browser {cls.name} error={str(exc).splitlines()[0]!r}"
            continue
        yield (f"browser {cls.name} latency_ms_median={stats['median']:.0f} "
               f"latency_ms_p90={stats['p90']:.0f} n={stats['n']} control={control.kind} "
               f"target_ms={TARGET_MS:g} within_target={'yes' if stats['median'] <= TARGET_MS else 'no'}")
