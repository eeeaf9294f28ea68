"""Benchmarks in a real browser: what a learner waits for.

    python -m bench browser

Prints

    startup lab_ready_s=2.1
    lesson 00_start_here kernel_ready_s=4.3 run_all_s=3.1 cells=9
    browser natural_history latency_ms_median=74 latency_ms_p90=95 previous_p90=120 floor_p90=80 ...
    drag natural_history inputs=30 frames=12 dropped=18 settle_ms=90 previous_settle_ms=140 floor_settle_ms=70 ...

- ``lab_ready_s``: JupyterLab server process started to its API answering.
- ``lesson``: each lesson opened in Debian's chromium (page load to a ready kernel), then Run All
  until every cell ran and every widget is drawn.
- ``browser <explorer>``: a key press on the explorer's first control (a slider where it has one)
  to the new figure decoded in the page, for 15 presses back and forth, one at a time; beside it
  the same explorer drawn the previous way (every animated artist redrawn, Pillow's PNG) and ours
  again while another process keeps one CPU busy, as on a shared Binder node.
- ``drag <explorer>``: the first control dragged through 30 positions in one second (a slider with
  the mouse; another control with 30 key presses). ``inputs`` counts the values the control showed,
  ``frames`` the figures that arrived, ``settle_ms`` the time from the last input to the last
  figure. The page sends a widget's newest value only once the kernel has answered the one before
  (ipywidgets' message throttle), so stale values are dropped on the way and never queue up.

Uses the JupyterLab driver that the browser tests use too (``labdriver/``). Without chromium it
prints one ``browser skipped`` line.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import nbformat

from labdriver import lab, learner

from .naive import PREVIOUS_WAY

ROOT = Path(__file__).resolve().parents[1]
#: key press to new image, p90 (people feel a response under 100 ms as instant)
TARGET_MS = 100.0
#: last input of a drag to the final image
SETTLE_TARGET_MS = 150.0
MOVES = 15
LESSONS = sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
WORKDIR = ROOT / "test-artifacts" / "bench"


def explorer_notebook(classes) -> Path:
    """A notebook showing every explorer at its default setting, then every explorer again the
    previous way (every animated artist redrawn, Pillow's PNG), then each explorer's floor (its own
    pictures under a bare slider, :mod:`bench.floor`), in test-artifacts/ (ignored by git)."""
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3 (ipykernel)", "language": "python"}
    nb.cells.append(nbformat.v4.new_code_cell(f"import sys\nsys.path.insert(0, {str(ROOT)!r})\nfrom bench.floor import replay"))
    for cls in classes:
        nb.cells.append(nbformat.v4.new_code_cell(f"from {cls.__module__} import {cls.__name__}\n{cls.__name__}()"))
    for cls in classes:
        settings = "".join(f"previous.live.{key} = {value!r}\n" for key, value in PREVIOUS_WAY.items())
        nb.cells.append(nbformat.v4.new_code_cell(f"previous = {cls.__name__}()\n{settings}previous"))
    for cls in classes:
        nb.cells.append(nbformat.v4.new_code_cell(f"replay({cls.__name__})"))
    WORKDIR.mkdir(parents=True, exist_ok=True)
    path = WORKDIR / "browser_explorers.ipynb"
    nbformat.write(nb, path)
    return path


@contextlib.contextmanager
def busy_cpu() -> Iterator[None]:
    """One CPU kept busy by another process, as on a shared Binder node."""
    spinner = subprocess.Popen([sys.executable, "-c", "while True: pass"])
    try:
        time.sleep(0.5)
        yield
    finally:
        spinner.kill()
        spinner.wait()


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
                    yield from _lessons(page, server)
                    yield from _measure(page, classes)
            finally:
                browser.close()
    finally:
        server.cleanup()
        shutil.rmtree(WORKDIR, ignore_errors=True)


def _lessons(page, server) -> Iterator[str]:
    """Each lesson opened (page to a ready kernel) and run with Run All until every widget is drawn."""
    for notebook in LESSONS:
        t0 = time.monotonic()
        lab.open_notebook(page, notebook)
        ready = time.monotonic() - t0
        result = lab.run_all(page)
        yield (f"lesson {notebook.stem} kernel_ready_s={ready:.1f} run_all_s={result['seconds']:.1f} "
               f"cells={result['cells']}")
        server.shutdown_kernels()


def _latency(page, box) -> dict:
    return learner.summary(learner.measure_latency(page, box, moves=MOVES))


def _measure(page, classes) -> Iterator[str]:
    notebook = explorer_notebook(classes)
    lab.open_notebook(page, notebook)
    lab.run_all(page)
    errors = lab.cell_errors(page)
    if errors:
        yield "browser error " + " | ".join(e.splitlines()[0] for e in errors)
    boxes = page.locator(".course-explorer")
    for index, cls in enumerate(classes):
        ours, previous, floor = (boxes.nth(k * len(classes) + index) for k in range(3))
        for box in (ours, previous, floor):
            learner.shown_readout(box)
        control = learner.first_control(ours)
        try:
            fast, slow, bare = _latency(page, ours), _latency(page, previous), _latency(page, floor)
            dragged, dragged_before = learner.drag(page, ours), learner.drag(page, previous)
            dragged_bare = learner.drag(page, floor)
            with busy_cpu():
                busy, busy_drag = _latency(page, ours), learner.drag(page, ours)
        except AssertionError as exc:
            yield f"browser {cls.name} error={str(exc).splitlines()[0]!r}"
            continue
        yield (f"browser {cls.name} latency_ms_median={fast['median']:.0f} latency_ms_p90={fast['p90']:.0f} "
               f"previous_p90={slow['p90']:.0f} floor_median={bare['median']:.0f} floor_p90={bare['p90']:.0f} "
               f"over_floor_p90={fast['p90'] - bare['p90']:.0f} busy_cpu_p90={busy['p90']:.0f} "
               f"busy_ratio={busy['p90'] / fast['p90']:.1f} n={fast['n']} control={control.kind} "
               f"target_ms={TARGET_MS:g} within_target={'yes' if fast['p90'] <= TARGET_MS else 'no'}")
        yield (f"drag {cls.name} inputs={dragged['inputs']} frames={dragged['frames']} "
               f"dropped={dragged['dropped']} settle_ms={dragged['settle_ms']:.0f} "
               f"previous_settle_ms={dragged_before['settle_ms']:.0f} previous_frames={dragged_before['frames']} "
               f"floor_settle_ms={dragged_bare['settle_ms']:.0f} busy_cpu_settle_ms={busy_drag['settle_ms']:.0f} control={dragged['control']} "
               f"target_ms={SETTLE_TARGET_MS:g} within_target={'yes' if dragged['settle_ms'] <= SETTLE_TARGET_MS else 'no'}")
