"""Healing-timeline explorer: three overlapping phases of healing, with a "day N" slider."""

from __future__ import annotations

import numpy as np
from matplotlib.lines import Line2D
from matplotlib.patches import Patch
from matplotlib.transforms import blended_transform_factory

from ..models import healing as hm
from ..plotting import PALETTE, SERIES
from .base import Explorer
from .declarations import Choice, Quantity

#: one style per phase: colour, marker and the row it is drawn on (top row first)
_PHASE_STYLE = {
    "inflammation": (SERIES[1]["color"], "s"),
    "proliferation": (SERIES[0]["color"], "o"),
    "remodelling": (SERIES[2]["color"], "^"),
}
_TICKS = [(0, "0"), (1, "1 d"), (3, "3 d"), (7, "1 wk"), (14, "2 wk"), (30, "1 mo"), (90, "3 mo"),
          (180, "6 mo"), (365, "1 yr"), (730, "2 yr")]


#: the day slider's stops, spaced like the stretched axis: every day for the first two weeks (when
#: the phases change fastest), then weeks, months and up to two years; every phase status the model
#: gives on some day is reached on one of them
DAY_STOPS: tuple[int, ...] = (*range(0, 15), 16, 18, 20, 24, 28, 35, 42, 49, 56, 60, 70, 84, 90, 120, 150, 180,
                              240, 300, 365, 450, 540, 630, hm.DAY_MAX)


def _phases_active(v) -> float:
    """How many phases of healing may be going on at the chosen day (approximate day ranges)."""
    return float(len(hm.status_at(v["day"]).active))


def _forward(x):
    return np.log1p(np.maximum(x, 0.0))


def _inverse(y):
    return np.expm1(y)


class HealingExplorer(Explorer):
    """Move the day slider to see which phases of healing may be under way, and what guidance says."""

    name = "healing"
    title = "The phases of healing after a muscle injury (approximate)"
    model_kind = "conceptual"
    model_note = ("Phase names from a peer-reviewed review (Laumonier & Menetrey 2016); the day ranges "
                  "are approximate and unverified, from physiotherapy and other secondary sources, and vary "
                  "between injuries. The guidance says which evidence is animal (a rat contusion study) and "
                  "which human (advice to stay active in acute low back pain, Dahm 2010).")
    figsize = (8.0, 4.0)
    bench_moves = [{"day": d} for d in (0, 3, 5, 8, 14, 20, 42, 90, 365, 10)]

    # a slider through uneven stops; a day between two stops moves to the nearer one
    control_specs = (Choice("day", "Days since the injury", 0, tuple((d, str(d)) for d in DAY_STOPS), widget="slider",
                            width="480px", unit="days", nearest=True),)
    quantities = (Quantity("phases_active", "the number of phases that may be going on", "{:.0f}", _phases_active),)

    def build(self, live):
        ax = live.axes[0]
        ax.set_xscale("function", functions=(_forward, _inverse))
        self._rows = {}
        n = len(hm.phases())
        for i, p in enumerate(hm.phases()):
            y = n - 1 - i
            self._rows[p.id] = y
            colour, _ = _PHASE_STYLE[p.id]
            (s0, s1), (e0, e1) = p.onset, p.end
            ax.barh(y, e0 - s1, left=s1, height=0.55, color=colour, alpha=0.85, linewidth=0)
            for a, b in ((s0, s1), (e0, e1)):  # approximate start and end: hatched, lighter
                if b > a:
                    ax.barh(y, b - a, left=a, height=0.55, facecolor=colour, alpha=0.3, hatch="///",
                            edgecolor=colour, linewidth=0)
            if p.tail is not None:
                ax.barh(y, p.tail - e1, left=e1, height=0.55, facecolor="none", hatch="...",
                        edgecolor=colour, linewidth=1.0, linestyle=":")
        ax.set_yticks(list(self._rows.values()),
                      [f"{p.name}\n({p.other_names})" for p in hm.phases()], fontsize=9.5)
        # below the rows, a band for the day's guidance beside the cursor
        ax.set_ylim(-1.1, n - 0.2)
        ax.set_xlim(0, hm.DAY_MAX)
        ax.set_xticks([t for t, _ in _TICKS], [label for _, label in _TICKS])
        ax.grid(axis="y", visible=False)
        ax.set_xlabel("Time since the injury (stretched scale: early days take more room)")
        ax.text(0.99, 0.98, "ALL DURATIONS APPROXIMATE (secondary sources, unverified)", transform=ax.transAxes,
                ha="right", va="top", fontsize=8.5, color="#333333", fontweight="bold")
        bars = [Patch(facecolor=PALETTE["grey"], alpha=0.85, label="Typical range"),
                Patch(facecolor=PALETTE["grey"], alpha=0.3, hatch="///", edgecolor=PALETTE["grey"],
                      label="Approximate start or end"),
                Patch(facecolor="none", hatch="...", edgecolor=PALETTE["grey"], linestyle=":", label="Can last up to")]
        markers = [Line2D([], [], marker="o", markersize=9, linestyle="none", color=PALETTE["grey"],
                          markeredgecolor="black", label="Under way on the day"),
                   Line2D([], [], marker="o", markersize=9, linestyle="none", color=PALETTE["grey"],
                          markerfacecolor="white", markeredgecolor="black", label="May be under way")]
        # the key fills column by column: bars on its first row, markers on its second
        ax.legend(handles=[bars[0], markers[0], bars[1], markers[1], bars[2]], loc="lower center",
                  bbox_to_anchor=(0.5, 1.0), ncols=3, fontsize=9, frameon=False)
        self._cursor = live.animated(ax.axvline(0, color=PALETTE["black"], linewidth=1.5, linestyle="-"))
        self._dots = {pid: live.animated(ax.plot([], [], marker=m, markersize=12, color=c, markeredgecolor="black",
                                                 markeredgewidth=1.5, linestyle="none")[0])
                      for pid, (c, m) in _PHASE_STYLE.items()}
        # the guidance for the day, in a few words, beside the cursor (x in axes fractions, set in draw)
        self._label = live.animated(ax.text(0, -0.74, "", fontsize=9, va="center", ha="left", linespacing=1.3,
                                            transform=blended_transform_factory(ax.transAxes, ax.transData),
                                            bbox=dict(boxstyle="round", fc="white", ec="#999999")))
        self._label_widths: dict[tuple[str, float], float] = {}

    def compute(self, day):
        return hm.status_at(day)

    def draw(self, status):
        d = status.day
        self._cursor.set_xdata([d, d])
        states = {p.id: st for p, st in status.active}
        for pid, dot in self._dots.items():
            st = states.get(pid)
            if st is None:
                dot.set_data([], [])
                continue
            dot.set_data([d], [self._rows[pid]])
            # filled marker: under way; open marker: only possibly active (starting, finishing, lingering)
            dot.set_markerfacecolor(_PHASE_STYLE[pid][0] if st == "under way" else "white")
        phase = f"{status.current.name.lower()} phase" if status.current else "after healing"
        self._label.set_text(f"Day {d:g}, {phase}:\n{status.guidance_short}")
        self._place_label(d)

    def _place_label(self, day: float, gap: float = 8.0) -> None:
        """Put the guidance label right of the cursor, or left of it where the plot ends first."""
        ax = self.live.axes[0]
        renderer = self.live.canvas.get_renderer()
        frame = ax.get_window_extent(renderer)
        cursor = ax.transData.transform((day, 0))[0]
        width = self._label_width(renderer)
        if cursor + gap + width <= frame.x1 - gap:
            left = cursor + gap
        elif cursor - gap - width >= frame.x0 + gap:
            left = cursor - gap - width
        else:  # too wide for either side: as close to the cursor as the plot allows
            left = min(max(cursor - width / 2, frame.x0 + gap), frame.x1 - gap - width)
        self._label.set_x((left - frame.x0) / frame.width)

    def _label_width(self, renderer) -> float:
        """The guidance label's width in pixels, measured once for each text (at each resolution):
        measuring a text's extent takes most of a move's drawing time."""
        key = (self._label.get_text(), renderer.dpi)
        if key not in self._label_widths:
            self._label_widths[key] = self._label.get_window_extent(renderer).width
        return self._label_widths[key]

    def figure_text(self, status) -> str:
        """What the figure shows, in words (the state description's first part)."""
        return ("One bar for each phase, inflammation, proliferation and remodelling, along the time since the "
                "injury (stretched scale, 0 to 2 years; all durations marked approximate, from unverified "
                "secondary sources): solid for the typical range, hatched for an approximate start or end, dotted "
                "for how long it can last; a vertical line marks the chosen day, a filled marker each phase under "
                "way, an open one each that may be, and a box gives the day's guidance.")

    def describe(self, status):
        which = f"In the {status.current.name.lower()} phase" if status.current else "After healing"
        return (f"Day {status.day:g}: {status.describe_phases()} (approximate day ranges from secondary sources, unverified). "
                f"{which}, guidance says: {status.guidance}")


def explore_healing(day: int = 0) -> HealingExplorer:
    """Show the healing-timeline explorer, starting at ``day`` days after the injury (0 to 730; a day
    between the slider's stops starts at the nearest stop, see ``DAY_STOPS``)."""
    return HealingExplorer(day=day)
