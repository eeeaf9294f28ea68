"""Run the course's benchmarks and print one line per measurement.

    python -m bench              # explorers, the notebook suite and the browser
    python -m bench explorers    # only the explorers
    python -m bench nbval        # only the notebook suite
    python -m bench browser      # only the browser: start-up, first lesson, latency per explorer

Each explorer line gives our figure (update through the live figure with blitting) and the
baseline measured in the same run (a new figure drawn and saved for every update, as the usual
``interact`` pattern does):

    explorer natural_history update_ms_median=8.1 naive_ms_median=80.3 speedup=9.9 target_ms=30
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

import course.explorers
from course.explorers.base import Explorer

from .browser import run as bench_browser
from .naive import render_naive

ROOT = Path(__file__).resolve().parents[1]
TARGET_MS = 30.0


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


def bench_explorer(cls, rounds: int = 40, naive_rounds: int = 8) -> str:
    explorer = cls()
    moves = cls.bench_moves

    def apply(i):
        for key, value in moves[i % len(moves)].items():
            explorer.controls[key].value = value

    for i in range(3):  # warm caches
        apply(i)
    fast = []
    for i in range(rounds):
        t0 = time.perf_counter()
        apply(i)
        fast.append((time.perf_counter() - t0) * 1000)
    naive = []
    for i in range(naive_rounds):
        apply(i)
        t0 = time.perf_counter()
        render_naive(explorer)
        naive.append((time.perf_counter() - t0) * 1000)
    f, n = statistics.median(fast), statistics.median(naive)
    return (f"explorer {cls.name} update_ms_median={f:.1f} update_ms_p90={sorted(fast)[int(0.9 * len(fast))]:.1f} "
            f"naive_ms_median={n:.1f} speedup={n / f:.1f} target_ms={TARGET_MS:g} "
            f"within_budget={'yes' if f <= TARGET_MS else 'no'}")


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


PARTS = ("explorers", "nbval", "browser")


def main(argv: list[str]) -> int:
    which = set(argv) or set(PARTS)
    if which - set(PARTS):
        print(__doc__.strip())
        return 0 if which & {"-h", "--help"} else 2
    if "explorers" in which:
        for cls in explorer_classes():
            print(bench_explorer(cls), flush=True)
    if "nbval" in which:
        print(bench_nbval(), flush=True)
    if "browser" in which:
        for line in bench_browser(explorer_classes()):
            print(line, flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
