"""Explorers that move without a kernel (:mod:`course.frames`): the stops along each control, the
frames rendered at them, and the page that swaps them.

Each frame's readout is checked against a fresh explorer set to the same value (not against what
the frame set kept), and the pictures are checked for what a page needs: the figure's size, a
small palette, one copy of a picture that comes out the same.
"""

from __future__ import annotations

import base64
import io
import json
import re

import pytest
from PIL import Image

from course import frames
from course.explorers.declarations import Choice, Slider, Toggle
from course.explorers.heat_cold import HeatColdExplorer
from course.explorers.perfusion import PerfusionExplorer


def test_stops_take_every_value_of_a_short_control_and_spread_a_long_one():
    assert frames.stops(Slider("n", "N", 2, 0, 8, 1)) == list(range(9))
    long = frames.stops(Slider("w", "Weeks", 0, 0, 52, 1))
    assert len(long) == frames.MAX_STOPS and long[0] == 0 and long[-1] == 52 and long == sorted(long)
    # the starting value is always a stop, in place of its nearest
    shifted = frames.stops(Slider("w", "Weeks", 3, 0, 52, 1))
    assert 3 in shifted and len(shifted) == frames.MAX_STOPS and 6 not in shifted
    options = tuple((f"o{i}", f"Option {i}") for i in range(12))
    assert frames.stops(Choice("c", "C", "o0", options, widget="dropdown")) == [f"o{i}" for i in range(12)]
    assert len(frames.stops(Choice("c", "C", "o0", options, widget="slider"))) == frames.MAX_STOPS
    assert frames.stops(Toggle("t", "T", True)) == [True, False]


def _picture(uri: str) -> Image.Image:
    return Image.open(io.BytesIO(base64.b64decode(uri.split(",", 1)[1])))


@pytest.fixture(scope="module")
def explore_2_1():
    explorer = PerfusionExplorer(shown=("mvc_pct", "arterial_mmhg", "strength"), panels=("squeeze", "supply"))
    return explorer, frames.frame_set(explorer)


def test_each_shown_control_gets_one_frame_per_stop_and_the_explorer_is_left_as_it_was(explore_2_1):
    explorer, found = explore_2_1
    assert [c.key for c in found.controls] == ["mvc_pct", "arterial_mmhg", "strength"]
    specs = {spec.key: spec for spec in explorer.declared_controls()}
    for control in found.controls:
        assert len(control.frames) == len(frames.stops(specs[control.key], 40 if control.key == "mvc_pct" else None))
        assert control.frames[control.start] == found.start  # the start of every control is the same frame
    assert explorer.values() == PerfusionExplorer().values()


def test_every_frame_reads_what_the_explorer_itself_reads_at_that_setting(explore_2_1):
    _, found = explore_2_1
    specs = {spec.key: spec for spec in PerfusionExplorer.control_specs}
    for control in found.controls:
        for stop, value in enumerate(frames.stops(specs[control.key], 40 if control.key == "mvc_pct" else None)):
            fresh = PerfusionExplorer(panels=("squeeze", "supply"), **{control.key: value})
            frame = found.frames[control.frames[stop]]
            assert frame["readout"] == fresh.readout_text, (control.key, value)
            assert frame["alt"] == fresh.alt_text()
        assert control.words[control.start] == {"mvc_pct": "40% MVC", "arterial_mmhg": "100 mmHg",
                                                "strength": "1.0x"}[control.key]


def test_pictures_are_small_at_the_figures_size_and_kept_once(explore_2_1):
    explorer, found = explore_2_1
    width, height = explorer.live.canvas.get_width_height()
    assert len(set(found.images)) == len(found.images)
    for uri in found.images:
        picture = _picture(uri)
        assert picture.size == (width, height) and picture.mode == "P"
        assert len(picture.getcolors()) <= frames.PALETTE_COLOURS
    # the first frames of the three controls are the start's: one picture, not three
    assert len(found.images) <= sum(len(c.frames) for c in found.controls) - 2
    assert found.size < 60_000 * len(found.images)


def test_the_page_has_the_controls_the_frames_and_the_one_at_a_time_line():
    explorer = HeatColdExplorer()
    page = frames.frames_html(explorer, explorer.header_html())
    assert page.count('type="range"') == 2 and page.count("<select") == 1 and page.count('type="checkbox"') == 1
    assert frames.ONE_AT_A_TIME in page and 'aria-live="polite"' in page
    payload = json.loads(re.search(r'<script type="application/json">(.*?)</script>', page, re.S).group(1))
    assert len(payload["controls"]) == 4
    assert all(0 <= i < len(payload["frames"]) for c in payload["controls"] for i in c["frames"])
    assert all(0 <= f["image"] < len(payload["images"]) for f in payload["frames"])
    for label in ("On the skin", "Fat under the skin (mm)", "Minutes on the skin"):
        assert f">{label}</label>" in page


def test_frames_come_only_when_the_build_asks(monkeypatch):
    explorer = PerfusionExplorer(shown=("hold_s",), panels=("time",))
    monkeypatch.delenv(frames.FRAMES_ENV, raising=False)
    assert "course-explorer-frames" not in explorer.static_html()
    monkeypatch.setenv(frames.FRAMES_ENV, "1")
    assert "course-explorer-frames" in explorer.static_html()
    monkeypatch.setenv(frames.FRAMES_ENV, "0")
    assert "course-explorer-frames" not in explorer.static_html()
