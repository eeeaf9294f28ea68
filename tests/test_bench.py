"""The benchmark's baseline runs for every explorer: the slow way of drawing (a new figure per
update, :func:`bench.naive.render_naive`) must draw what the explorer draws, or `make bench` stops
half way. Timings are the benchmark's business, not a test's."""

from __future__ import annotations

import pytest

from bench.__main__ import explorer_classes
from bench.naive import render_naive
from course.explorers.registry import EXPLORER_MODULES

CLASSES = explorer_classes()


def test_every_registered_explorer_is_benchmarked():
    assert {cls.name for cls in CLASSES} == set(EXPLORER_MODULES)


@pytest.mark.parametrize("cls", CLASSES, ids=[cls.name for cls in CLASSES])
def test_the_baseline_draws_every_explorer_after_each_move(cls):
    explorer = cls()
    for move in cls.bench_moves:
        for key, value in move.items():
            explorer.controls[key].value = value
        assert render_naive(explorer).startswith(b"\x89PNG")
