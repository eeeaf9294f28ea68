"""Pieces the two trial explorers of lesson 08 draw alike (:mod:`course.explorers.before_after` and
:mod:`course.explorers.control_group`): a group's mean pain from the start of treatment with its
band, the bar of where a fall in pain came from, and numbers as the figures write them."""

from __future__ import annotations

import numpy as np
from matplotlib.patches import Polygon, Rectangle

from ..models import trial_simulator as tm
from ..plotting import PALETTE
from ..text import decimal

#: Segments of the "where the fall in pain came from" bars: colour and hatch.
SEGMENTS = {
    "natural recovery": (PALETTE["sky"], "//"),
    "regression to the mean": (PALETTE["orange"], ".."),
    "treatment": (PALETTE["blue"], ""),
    "no treatment": (PALETTE["grey"], "//.."),
    "placebo": (PALETTE["purple"], "xx"),
    "specific treatment": (PALETTE["blue"], ""),
}
#: Their words inside a bar.
LABELS = {"natural recovery": "natural\nrecovery", "regression to the mean": "regression\nto the mean",
          "treatment": "treatment", "no treatment": "no\ntreatment",
          "placebo": "placebo", "specific treatment": "specific\ntreatment"}
FONT = 9          # the course's smallest legible size in a figure (pt)
BAR_WIDTH = 0.7
#: A segment lower than this (percent of the bar) keeps its words out: they would not fit.
MIN_LABELLED = 12


def band_xy(x, low, high) -> np.ndarray:
    """The outline of a band between ``low`` and ``high`` along ``x``, for a Polygon."""
    return np.column_stack([np.concatenate([x, x[::-1]]), np.concatenate([low, high[::-1]])])


def interval(e: tm.Estimate, sign: bool = False) -> str:
    """'25.3 points (95% CI 22.1 to 28.5)'; with ``sign``, every number signed."""
    return f"{decimal(e.mean, sign=sign)} points (95% CI {decimal(e.low, sign=sign)} to {decimal(e.high, sign=sign)})"


class GroupLine:
    """One group's mean pain by week since the start of treatment, with its 95% band."""

    def __init__(self, live, ax, style: dict, label: str | None = None):
        x = tm.ALIGN.astype(float)
        self.band = live.animated(ax.add_patch(Polygon(band_xy(x, x * 0, x * 0), closed=True,
                                                       facecolor=style["color"], edgecolor=style["color"],
                                                       alpha=0.2, linewidth=0)))
        self.line = live.animated(ax.plot([], [], color=style["color"], linestyle=style["linestyle"],
                                          marker=style["marker"], markersize=4, label=label)[0])

    def update(self, weeks, mean, half) -> None:
        x = np.asarray(weeks, dtype=float)
        self.line.set_data(x, mean)
        self.band.set_xy(band_xy(x, mean - half, mean + half))


def follow_up_marker(ax, words: bool = True) -> None:
    """The week of the second measurement, as a grey line (with its words at the top)."""
    ax.axvline(tm.FOLLOW_UP, color=PALETTE["grey"], linewidth=1.0)
    if words:
        ax.text(tm.FOLLOW_UP - 0.2, 97, "measured\nagain", fontsize=FONT, va="top", ha="right")
    ax.set_xlim(0, tm.ALIGN[-1])
    ax.set_xticks(range(0, int(tm.ALIGN[-1]) + 1, 2))
    ax.set_ylim(0, 100)
    ax.set_xlabel("Weeks since the start of treatment")


class StackedBar:
    """A bar of shares (percent) stacked in the order of ``keys``, each segment labelled with its
    words and its share when it is tall enough."""

    def __init__(self, live, ax, keys, x: float = 0.0):
        self.x, self.parts = x, {}
        for key in keys:
            colour, hatch = SEGMENTS[key]
            rect = live.animated(ax.add_patch(Rectangle((x - BAR_WIDTH / 2, 0), BAR_WIDTH, 0, facecolor=colour,
                                                        hatch=hatch, edgecolor=PALETTE["black"], linewidth=0.8)))
            text = live.animated(ax.text(x, 0, "", ha="center", va="center", fontsize=FONT,
                                         bbox=dict(boxstyle="round,pad=0.15", fc="white", ec="none", alpha=0.85)))
            self.parts[key] = (rect, text)

    def update(self, shares: dict[str, float]) -> None:
        bottom = 0.0
        for key, (rect, text) in self.parts.items():
            value = shares[key]
            height = max(0.0, value) if np.isfinite(value) else 0.0
            rect.set_y(bottom)
            rect.set_height(height)
            text.set_text(f"{LABELS[key]}\n{height:.0f}%" if height >= MIN_LABELLED else "")
            text.set_position((self.x, bottom + height / 2))
            bottom += height

    @property
    def heights(self) -> dict[str, float]:
        return {key: rect.get_height() for key, (rect, _) in self.parts.items()}


def share_axes(ax, ticks: dict[float, str]) -> None:
    """The axes of a panel of share bars: 0 to 100%, one tick under each bar."""
    ax.set_xlim(-0.5, max(ticks) + 0.5)
    ax.set_ylim(0, 100)
    ax.set_xticks(list(ticks), list(ticks.values()), fontsize=FONT)
    ax.set_ylabel("Share of the fall in pain (%)")
    ax.grid(axis="x", visible=False)
