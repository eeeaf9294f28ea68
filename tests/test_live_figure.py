"""The live figure behind every explorer (course.plotting.LiveFigure) redraws only what changed and
encodes with a fast PNG writer. Neither may change the picture: after every move, the pixels must
be those of a full redraw, and the PNG must decode to those pixels."""

from __future__ import annotations

import io

import numpy as np
import pytest
from PIL import Image

from bench.__main__ import explorer_classes
from course.plotting import ENCODERS, LiveFigure, course_style, encode_rgba

CLASSES = explorer_classes()


def _moves(explorer) -> list[dict]:
    """The benchmark's moves, then each control through up to seven of its values and back."""
    moves = [dict(move) for move in type(explorer).bench_moves]
    for spec in type(explorer).declared_controls():
        values = spec.values
        picks = [values[i] for i in np.linspace(0, len(values) - 1, min(7, len(values))).round().astype(int)]
        moves += [{spec.key: value} for value in picks + [explorer.controls[spec.key].value]]
    return moves


def _pixels(live: LiveFigure) -> np.ndarray:
    return np.asarray(live.canvas.buffer_rgba()).copy()


@pytest.mark.parametrize("cls", CLASSES, ids=[cls.name for cls in CLASSES])
def test_every_move_draws_what_a_full_redraw_draws(cls):
    explorer = cls()
    live = explorer.live
    assert live.incremental
    for move in _moves(explorer):
        for key, value in move.items():
            explorer.controls[key].value = value
        shown = _pixels(live)
        with course_style():
            live._redraw_all()
        full = _pixels(live)
        differ = (shown != full).any(axis=2)
        assert not differ.any(), (
            f"{cls.name} after {move}: {int(differ.sum())} pixels differ from a full redraw, "
            f"in columns {np.nonzero(differ)[1].min()}-{np.nonzero(differ)[1].max()}")


@pytest.mark.parametrize("encoder", ENCODERS)
def test_the_png_holds_exactly_the_figure_s_pixels(encoder):
    explorer = CLASSES[0]()
    rgba = np.asarray(explorer.live.canvas.buffer_rgba())
    png = encode_rgba(rgba, encoder)
    decoded = np.asarray(Image.open(io.BytesIO(png)).convert("RGB"))
    assert png.startswith(b"\x89PNG") and (decoded == rgba[..., :3]).all()


def test_a_render_with_nothing_changed_keeps_the_last_picture_without_encoding_again(monkeypatch):
    live = LiveFigure(figsize=(3, 2))
    line = live.animated(live.axes[0].plot([0, 1], [0, 1])[0])
    live.freeze()
    first = live.render()
    calls = []
    monkeypatch.setattr("course.plotting.encode_rgba", lambda *a, **k: calls.append(1) or b"\x89PNG new")
    assert live.render() is first and calls == []
    line.set_ydata([1, 0])
    assert live.render() == b"\x89PNG new" and calls == [1]


def test_an_unknown_encoder_is_refused_with_the_choices():
    with pytest.raises(ValueError, match="encoder must be one of fpng, pil, got 'gif'"):
        LiveFigure(encoder="gif")
