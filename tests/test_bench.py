"""The benchmark's baseline runs for every explorer: the slow way of drawing (a new figure per
update, :func:`bench.naive.render_naive`) must draw what the explorer draws, or `make bench` stops
half way. Timings are the benchmark's business, not a test's."""

from __future__ import annotations

import pytest

from bench.__main__ import bench_explorer, bench_frames, bench_profile, explorer_classes
from bench.floor import pictures, replay
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


def _fields(line: str) -> dict[str, str]:
    return dict(part.split("=", 1) for part in line.split()[2:])


def test_an_explorer_line_gives_ours_the_previous_and_the_naive_figures_and_the_2x_cost():
    line = bench_explorer(CLASSES[0], rounds=4, naive_rounds=1)
    assert line.startswith(f"explorer {CLASSES[0].name} ")
    fields = _fields(line)
    for key in ("update_ms_median", "previous_ms_median", "naive_ms_median", "speedup_vs_previous",
                "hidpi2x_ms_median", "png_kb", "hidpi2x_png_kb"):
        assert float(fields[key]) > 0, (key, line)
    assert float(fields["hidpi2x_png_kb"]) > float(fields["png_kb"]), "twice the pixels, a larger picture"
    assert fields["within_target"] in ("yes", "no") and fields["target_ms"] == "16"


def test_a_profile_line_splits_an_update_into_its_parts():
    fields = _fields(bench_profile(CLASSES[0], rounds=3))
    assert {"model_ms", "artists_ms", "redraw_ms", "encode_ms", "readout_ms"} <= fields.keys()
    assert float(fields["redraw_ms"]) > 0 and float(fields["encode_ms"]) > 0


def test_a_frames_line_gives_the_compact_pictures_beside_the_full_colour_ones():
    cls = next(c for c in CLASSES if c.name == "healing")
    fields = _fields(bench_frames(cls))
    assert int(fields["frames"]) >= int(fields["pictures"]) >= 2
    assert 0 < float(fields["page_kb"]) < float(fields["full_colour_page_kb"])


@pytest.mark.parametrize("cls", CLASSES, ids=[cls.name for cls in CLASSES])
def test_the_browser_floor_has_pictures_that_change_at_every_step(cls):
    """The floor's slider shows picture ``value % len``: each step, the wrap included, must change
    the picture, or the browser bench would wait for a new image that never comes."""
    stored = pictures(cls)
    assert len(stored) >= 2
    for here, there in zip(stored, stored[1:] + stored[:1]):
        assert here != there
    box = replay(cls)
    slider, image = box.children[1].children[0], box.children[2]
    shown = [bytes(image.value)]
    for value in range(1, slider.max + 1):
        slider.value = value
        shown.append(bytes(image.value))
    assert all(a != b for a, b in zip(shown, shown[1:]))
    assert set(shown) == set(stored)


@pytest.mark.slow
def test_the_book_line_gives_the_build_time_the_size_and_the_theme_share():
    from bench.__main__ import bench_book

    lines = bench_book(only=("00",))
    assert lines[0].startswith("book-page 00_start_here size_kB="), lines
    fields = _fields(" ".join(["x", *lines[-1].split()]))
    assert lines[-1].startswith("book build_s="), lines
    assert float(fields["build_s"]) > float(fields["sphinx_s"]) > 0
    assert int(fields["size_kB"]) > int(fields["theme_kB"]) > 0 and fields["pages"] == "1"
