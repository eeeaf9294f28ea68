"""The baseline the explorer benchmarks compare with: the usual ``interact`` pattern, which builds a
new figure, draws all of it and saves it as a PNG on every slider move.

:func:`render_naive` draws an explorer's current setting that way, from the explorer's own
``build`` and ``draw``, without touching the explorer shown to a learner (the live figure with
blitting, :class:`course.plotting.LiveFigure`).
"""

from __future__ import annotations

from course.explorers.base import Explorer

#: How the live figure drew before it redrew only what changed: every animated artist on every
#: update, encoded by Pillow (the settings of :class:`course.plotting.LiveFigure`).
PREVIOUS_WAY = {"encoder": "pil", "incremental": False}
from course.plotting import course_style, new_figure, png_bytes


class NaiveLive:
    """Stand-in for LiveFigure when an explorer is drawn the slow way (no blitting)."""

    def __init__(self, fig, axes):
        self.fig, self.axes, self.canvas = fig, axes, fig.canvas

    def animated(self, artist):
        return artist

    def freeze(self) -> None:
        """Nothing is cached when every update draws the whole figure (explorers call this when
        their static part changes)."""


def render_naive(explorer: Explorer) -> bytes:
    """Render the explorer's current plot the slow way: a new figure, full draw, tight PNG."""
    fresh = object.__new__(type(explorer))
    fresh.__dict__.update(explorer.__dict__)
    fig, axes = new_figure(explorer.figsize, 100, *explorer.grid)
    fresh.live = NaiveLive(fig, axes)
    with course_style():
        fresh.build(fresh.live)
        fresh.draw(explorer.compute(**explorer.values()))
    return png_bytes(fig, tight=True)
