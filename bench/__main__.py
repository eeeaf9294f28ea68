"""Run the course's benchmarks and print one line per measurement.

    python -m bench              # explorers, profile, the notebook suite and the browser
    python -m bench explorers    # only the explorers' update times
    python -m bench profile      # where each explorer's update time goes
    python -m bench setup        # a lesson's Setup cell and first explorer, in a fresh Python
    python -m bench nbval        # only the notebook suite
    python -m bench suite        # the whole test suite, as make test runs it (not run by default)
    python -m bench browser      # only the browser: start-up, lessons, key press and drag per explorer
    python -m bench frames       # the book edition's frames per explorer: count, size, time to render
    python -m bench book         # the book edition (make html): build time, size per page, the theme's share
    python -m bench hub          # a class of 2 on a local JupyterHub: hub start, spawn, pull, lesson run, memory

Each explorer line gives our figure (the live figure redrawing only what changed, fpng) and, measured
in the same run, the previous way (every animated artist redrawn, Pillow's PNG), the naive way (a
new figure drawn and saved for every update, as the usual ``interact`` pattern does) and the cost of
drawing at twice the pixels for high-density screens:

    explorer healing update_ms_median=9.1 update_ms_p90=10.2 previous_ms_median=20.3 naive_ms_median=210.4 ...

A profile line splits one update into the model, setting the artists, redrawing, encoding and the
readout.
"""

from __future__ import annotations

import importlib
import inspect
import json
import os
import pkgutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

import course.explorers
from course.explorers.base import Explorer
from course.frames import frame_set, stops
from course.paths import PROGRESS_ENV_VAR
from course.plotting import course_style, encode_rgba

from .browser import run as bench_browser
from .naive import PREVIOUS_WAY, render_naive

ROOT = Path(__file__).resolve().parents[1]
#: one display frame at 60 Hz
TARGET_MS = 16.0


def explorer_classes():
    """Every Explorer subclass in course.explorers.* that declares bench_moves."""
    found = []
    for mod in pkgutil.iter_modules(course.explorers.__path__):
        module = importlib.import_module(f"course.explorers.{mod.name}")
        for _, obj in inspect.getmembers(module, inspect.isclass):
            if issubclass(obj, Explorer) and obj is not Explorer and obj.__module__ == module.__name__ \
                    and getattr(obj, "bench_moves", None):
                found.append(obj)
    return sorted(found, key=lambda c: c.name)


def _variant(cls, **live):
    """An explorer of ``cls`` whose live figure is set up another way: ``pixel_ratio`` at build
    time; ``encoder`` and ``incremental`` (the previous way: Pillow, everything redrawn) after."""
    ratio = live.pop("pixel_ratio", cls.pixel_ratio)
    explorer = type(cls.__name__, (cls,), {"pixel_ratio": ratio})() if ratio != cls.pixel_ratio else cls()
    for key, value in live.items():
        setattr(explorer.live, key, value)
    return explorer


def _apply(explorer, i: int) -> None:
    moves = type(explorer).bench_moves
    for key, value in moves[i % len(moves)].items():
        explorer.controls[key].value = value


def _update_times(explorer, rounds: int) -> list[float]:
    """Milliseconds for each of ``rounds`` moves (model, artists, redraw, PNG, readout)."""
    for i in range(3):  # warm caches
        _apply(explorer, i)
    times = []
    for i in range(rounds):
        t0 = time.perf_counter()
        _apply(explorer, i)
        times.append((time.perf_counter() - t0) * 1000)
    return times


def _p90(values: list[float]) -> float:
    return sorted(values)[int(0.9 * len(values))]


def bench_explorer(cls, rounds: int = 40, naive_rounds: int = 8) -> str:
    """Our update time against the previous way and the naive way, measured in the same run, with
    the PNG's size and the cost of drawing at twice the pixels (high-density screens)."""
    ours = _variant(cls)
    fast = _update_times(ours, rounds)
    previous = _update_times(_variant(cls, **PREVIOUS_WAY), rounds)
    sharp = _variant(cls, pixel_ratio=2)
    hidpi = _update_times(sharp, rounds // 2)
    naive = []
    for i in range(naive_rounds):
        _apply(ours, i)
        t0 = time.perf_counter()
        render_naive(ours)
        naive.append((time.perf_counter() - t0) * 1000)
    f, p, n, h = (statistics.median(x) for x in (fast, previous, naive, hidpi))
    return (f"explorer {cls.name} update_ms_median={f:.1f} update_ms_p90={_p90(fast):.1f} "
            f"previous_ms_median={p:.1f} naive_ms_median={n:.1f} speedup_vs_previous={p / f:.1f} "
            f"speedup_vs_naive={n / f:.1f} png_kb={len(ours.live.last_png) / 1024:.0f} "
            f"hidpi2x_ms_median={h:.1f} hidpi2x_png_kb={len(sharp.live.last_png) / 1024:.0f} "
            f"target_ms={TARGET_MS:g} within_target={'yes' if f <= TARGET_MS else 'no'}")


def bench_profile(cls, rounds: int = 30) -> str:
    """Where one update's time goes: the model (``compute``, ``limits``), setting the artists
    (``draw``), redrawing them over the background, encoding the PNG, the readout (``describe``)."""
    explorer = cls()
    live = explorer.live
    parts = {"model": [], "artists": [], "redraw": [], "encode": [], "readout": []}
    for i in range(rounds):
        for key, value in cls.bench_moves[i % len(cls.bench_moves)].items():
            explorer.controls[key].unobserve(explorer._on_change, names="value")
            explorer.controls[key].value = value
            explorer.controls[key].observe(explorer._on_change, names="value")
        t0 = time.perf_counter()
        state = explorer.compute(**explorer.values())
        explorer._limit_badge.set_visible(bool(explorer.limits(state)))
        t1 = time.perf_counter()
        explorer.draw(state)
        t2 = time.perf_counter()
        with course_style():
            live._redraw_changed()
        t3 = time.perf_counter()
        png = encode_rgba(np.asarray(live.canvas.buffer_rgba()), live.encoder)
        t4 = time.perf_counter()
        explorer.describe(state)
        t5 = time.perf_counter()
        for name, start, end in zip(parts, (t0, t1, t2, t3, t4), (t1, t2, t3, t4, t5)):
            parts[name].append((end - start) * 1000)
    return (f"profile {cls.name} " + " ".join(f"{name}_ms={statistics.median(v):.1f}" for name, v in parts.items())
            + f" animated_artists={len(live._animated)} pixels={'x'.join(map(str, live.canvas.get_width_height()))}"
            + f" png_kb={len(png) / 1024:.0f}")


def bench_nbval() -> str:
    notebooks = sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
    t0 = time.perf_counter()
    proc = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:randomly", *map(str, notebooks),
                           "-o", "addopts=--nbval-lax --nbval-current-env -p no:cacheprovider "
                           "--nbval-sanitize-with=tests/nbval_sanitize.cfg"],
                          cwd=ROOT, capture_output=True, text=True)
    elapsed = time.perf_counter() - t0
    status = "passed" if proc.returncode == 0 else "failed"
    return f"nbval suite_s={elapsed:.1f} notebooks={len(notebooks)} per_notebook_s={elapsed / max(1, len(notebooks)):.1f} status={status}"


#: A lesson's Setup cell, then its first explorer, in a fresh Python as a new kernel runs them.
SETUP_SNIPPET = """
import json, sys, time
t0 = time.perf_counter()
import course
t1 = time.perf_counter()
lesson = course.start_lesson(sys.argv[1])
lesson._repr_mimebundle_() if hasattr(lesson, "_repr_mimebundle_") else repr(lesson)
t2 = time.perf_counter()
explorer = getattr(course, sys.argv[2])()
explorer._repr_mimebundle_()
t3 = time.perf_counter()
print(json.dumps({"import_s": t1 - t0, "start_lesson_s": t2 - t1, "first_explorer_s": t3 - t2}))
"""

#: Lessons and the explorer each shows first.
SETUP_LESSONS = {"01": "explore_anatomy", "03": "explore_perfusion", "08": "explore_before_after"}


def bench_setup(rounds: int = 3) -> list[str]:
    """What a learner waits for before the first explorer moves: the Setup cell (importing the
    course, opening the lesson) and the first explorer drawn, each in a fresh Python (median of
    ``rounds``)."""
    lines = []
    with tempfile.TemporaryDirectory() as home:
        env = {**os.environ, PROGRESS_ENV_VAR: str(Path(home) / "progress.json")}
        for lesson, function in SETUP_LESSONS.items():
            runs = [json.loads(subprocess.run([sys.executable, "-c", SETUP_SNIPPET, lesson, function], cwd=ROOT,
                                              env=env, capture_output=True, text=True, check=True).stdout)
                    for _ in range(rounds)]
            parts = {key: statistics.median(run[key] for run in runs) for key in runs[0]}
            lines.append(f"setup lesson={lesson} " + " ".join(f"{k}={v:.2f}" for k, v in parts.items())
                         + f" total_s={sum(parts.values()):.2f} first={function}")
    return lines


def bench_frames(cls) -> str:
    """One explorer's frames for a page without a kernel (course.frames, at the starting setting,
    every control shown): how many, the page bytes they take as 32-colour PNGs and, measured in
    the same run, as the full-colour PNGs the live figure makes; and the time to render them."""
    explorer = cls()
    t0 = time.perf_counter()
    found = frame_set(explorer)
    elapsed = time.perf_counter() - t0
    full: dict[bytes, int] = {}  # the same stops again, each picture as the live figure makes it
    specs = {spec.key: spec for spec in explorer.declared_controls()}
    for control in found.controls:
        start = explorer.controls[control.key].value
        for value in stops(specs[control.key], start):
            explorer.controls[control.key].value = value
            full[explorer.live.last_png] = len(explorer.live.last_png) * 4 // 3  # base64 in a page
        explorer.controls[control.key].value = start
    return (f"frames {cls.name} frames={len(found.frames)} pictures={len(found.images)} "
            f"page_kb={found.size / 1024:.0f} full_colour_page_kb={sum(full.values()) / 1024:.0f} "
            f"render_s={elapsed:.1f}")


def bench_book(only: tuple[str, ...] = ()) -> list[str]:
    """The book edition as ``make html`` builds it: one line per lesson page (its size) and one for
    the whole book: the build's time (lessons run, then Sphinx) and size, beside the size of the
    theme's own files measured in the same build (what any Jupyter Book carries, lessons or not)."""
    with tempfile.TemporaryDirectory(prefix="bench-book-") as tmp:
        out = Path(tmp) / "book"
        t0 = time.perf_counter()
        args = [sys.executable, "tools/build_book.py", "--out", str(out)] + (["--only", *only] if only else [])
        proc = subprocess.run(args, cwd=ROOT, capture_output=True, text=True)
        elapsed = time.perf_counter() - t0
        if proc.returncode != 0:
            return [f"book status=failed exit={proc.returncode} stderr={proc.stderr.strip()[-300:]!r}"]
        lines = proc.stdout.splitlines()
        run_s = sum(float(line.split("run_s=")[1].split()[0]) for line in lines if line.startswith("book-lesson "))
        sphinx_s = next(line.split("sphinx_s=")[1].split()[0] for line in lines if line.startswith("book lessons="))
        theme_kb = sum(p.stat().st_size for p in (out / "_static").rglob("*") if p.is_file()) / 1024
        total_kb = sum(p.stat().st_size for p in out.rglob("*") if p.is_file()) / 1024
    pages = [line for line in lines if line.startswith("book-page ")]
    return [*pages, f"book build_s={elapsed:.1f} lessons_run_s={run_s:.1f} sphinx_s={sphinx_s} "
            f"size_kB={total_kb:.0f} theme_kB={theme_kb:.0f} course_kB={total_kb - theme_kb:.0f} pages={len(pages)}"]


def bench_hub(students: int = 2) -> list[str]:
    """A small class on the local hub of ``tools/class_hub.py`` (every server as this user): the hub's
    start, and per student the server's start, the pull of the course, Lesson 01 run from top to
    bottom in their kernel, and the memory their server holds with that kernel, beside the same
    server with a kernel that ran nothing (measured first, in the same run): what a teacher needs
    to size a hub."""
    from tools import class_hub  # imported when asked for: it needs the hub extra (requests)

    names = [f"student{i:02d}" for i in range(1, students + 1)]
    lines = []
    with tempfile.TemporaryDirectory(prefix="bench-hub-") as tmp:
        with class_hub.ClassHub(Path(tmp) / "hub", names) as hub:
            lines.append(f"hub start_s={hub.timings['hub_start_s']:.1f} students={students}")
            for name in names:
                found = class_hub.student_session(hub, name, right=1, bare_memory=True)
                lines.append(f"hub-student {name} spawn_s={found['spawn_s']:.1f} pull_s={found['pull_s']:.1f} "
                             f"run_lesson01_s={found['run_s']:.1f} memory_mb={found['memory_mb']:.0f} "
                             f"bare_kernel_memory_mb={found['bare_memory_mb']:.0f}")
    return lines


def bench_suite() -> str:
    """The whole test suite, as ``make test`` runs it (about a quarter of an hour here)."""
    t0 = time.perf_counter()
    proc = subprocess.run([sys.executable, "-m", "pytest", "-q"], cwd=ROOT, capture_output=True, text=True)
    elapsed = time.perf_counter() - t0
    summary = (proc.stdout.strip().splitlines() or ["?"])[-1].strip("= ")
    return (f"suite make_test_s={elapsed:.0f} status={'passed' if proc.returncode == 0 else 'failed'} "
            f"result={summary.replace(' ', '_')!r}")


PARTS = ("explorers", "profile", "setup", "nbval", "browser", "frames", "book", "hub", "suite")
#: what ``python -m bench`` runs without arguments (the whole suite only when asked for)
DEFAULT_PARTS = ("explorers", "profile", "setup", "nbval", "browser", "frames", "book", "hub")


def main(argv: list[str]) -> int:
    which = set(argv) or set(DEFAULT_PARTS)
    if which - set(PARTS):
        print(__doc__.strip())
        return 0 if which & {"-h", "--help"} else 2
    if "explorers" in which:
        for cls in explorer_classes():
            print(bench_explorer(cls), flush=True)
    if "profile" in which:
        for cls in explorer_classes():
            print(bench_profile(cls), flush=True)
    if "setup" in which:
        for line in bench_setup():
            print(line, flush=True)
    if "nbval" in which:
        print(bench_nbval(), flush=True)
    if "browser" in which:
        for line in bench_browser(explorer_classes()):
            print(line, flush=True)
    if "frames" in which:
        for cls in explorer_classes():
            print(bench_frames(cls), flush=True)
    if "book" in which:
        for line in bench_book():
            print(line, flush=True)
    if "hub" in which:
        for line in bench_hub():
            print(line, flush=True)
    if "suite" in which:
        print(bench_suite(), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
