"""Load-capacity explorer: daily load against a capacity that adapts over days (conceptual model)."""

from __future__ import annotations

import numpy as np
from matplotlib.lines import Line2D
from matplotlib.patches import Patch

from ..models import load_capacity as lc
from ..plotting import PALETTE, SERIES
from .base import Explorer
from .declarations import Choice, Quantity, Slider

DAYS = 28
_OK = dict(facecolor=SERIES[0]["color"], hatch="", edgecolor=SERIES[0]["color"])
_OVER = dict(facecolor=PALETTE["vermillion"], hatch="xx", edgecolor="black")


def _overload_days(v) -> float:
    return float(lc.simulate(v["pattern"], v["level"], v["adapt_days"], DAYS).overload_days.size)


class LoadCapacityExplorer(Explorer):
    """Choose how a new load arrives and how fast the tissue adapts; see which days overload it."""

    name = "load_capacity"
    title = "Load against capacity over four weeks"
    model_kind = "conceptual"
    model_note = ("Loads are in % of what the body is used to; capacity follows a weighted average of "
                  "recent loads plus a 20% reserve. An overload day is not a prediction of injury.")
    figsize = (8.0, 3.9)
    bench_moves = [{"pattern": "weekend spike", "level": 200}, {"level": 150}, {"pattern": "steady"},
                   {"adapt_days": 14}, {"pattern": "build-up"}, {"level": 250}, {"adapt_days": 5},
                   {"pattern": "weekend spike"}]

    control_specs = (
        Choice("pattern", "Load pattern", "weekend spike",
               (("steady", "Steady from day 1"), ("build-up", "Gradual build-up"), ("weekend spike", "Weekend spike"))),
        Slider("level", "New load level (% of usual)", 200, 100, 300, 10, unit="%"),
        Slider("adapt_days", "Adaptation time (days)", 7, 2, 30, 1, unit="days"),
    )
    quantities = (Quantity("overload_days", "the number of overload days", "{:.0f}", _overload_days),)

    def build(self, live):
        ax = live.axes[0]
        day = np.arange(1, DAYS + 1)
        for start in range(6, DAYS + 1, 7):  # Saturdays and Sundays, lightly shaded
            ax.axvspan(start - 0.5, start + 1.5, color="#EEEEEE", zorder=0, linewidth=0)
        usual = ax.axhline(100, color=PALETTE["grey"], linewidth=1.2, linestyle=":", zorder=3,
                           label="Usual load (100%)")
        ax.set_xlim(0.4, DAYS + 0.6)
        ax.set_ylim(0, 330)
        ax.set_xticks([1, 7, 14, 21, 28])
        ax.set_xlabel("Day (weekends shaded)")
        ax.set_ylabel("% of usual daily load")
        self._bars = [live.animated(p) for p in ax.bar(day, np.full(DAYS, 100.0), width=0.8, linewidth=0.6,
                                                       **_OK).patches]
        # the part of a bar above that day's capacity, drawn over the plain bar: the overload shows
        # where it is, and the bar below capacity stays plain
        self._over = [live.animated(p) for p in ax.bar(day, np.zeros(DAYS), bottom=np.full(DAYS, 120.0), width=0.8,
                                                       linewidth=0.6, zorder=2.5, **_OVER).patches]
        self._cap = live.animated(ax.step(day, np.full(DAYS, 120.0), where="mid", color=PALETTE["black"],
                                          linestyle="--", linewidth=2.0)[0])
        # the daily load before the learner's last change, as a grey outline over the bars: what the
        # change did to the load shows beside the new bars, and the count box says how many overload
        # days it had
        self._ghost = live.animated(ax.step(day, np.zeros(DAYS), where="mid", color=PALETTE["grey"], linewidth=1.6,
                                            linestyle=(0, (2, 1.5)), zorder=4)[0])
        self._ghost.set_visible(False)
        self._ghost.set_label("Daily load before your last change")
        #: the setting drawn last and the one before the learner's last change, each (setting, result)
        self._last: tuple | None = None
        self._before: tuple | None = None
        self._count = live.animated(ax.text(1, 318, "", fontsize=10, va="top",
                                            bbox=dict(boxstyle="round", fc="white", ec="#999999")))
        self._cap.set_label("Capacity (adapts over days)")
        handles = [Patch(**_OK, label="Daily load"), Patch(**_OVER, label="Part of the load above capacity"),
                   self._cap, usual, Line2D([], [], color=PALETTE["grey"], linewidth=1.6, linestyle=(0, (2, 1.5)),
                                            label=self._ghost.get_label())]
        ax.legend(handles=handles, loc="lower center", bbox_to_anchor=(0.5, 1.0), ncols=3, fontsize=9,
                  frameon=False)

    def compute(self, pattern, level, adapt_days):
        return lc.simulate(pattern, level, adapt_days, DAYS)

    def draw(self, r):
        for bar, top, load, cap in zip(self._bars, self._over, r.load, r.capacity):
            bar.set_height(load)
            top.set_visible(bool(load > cap))
            top.set_y(cap)
            top.set_height(max(load - cap, 0.0))
        self._cap.set_ydata(r.capacity)
        setting = (r.pattern, r.level, r.adapt_days)
        if self._last is not None and self._last[0] != setting:  # a redraw at the same setting keeps the ghost
            self._before = self._last
        self._last = (setting, r)
        before = self._before
        self._ghost.set_visible(before is not None)
        count = f"Overload days: {r.overload_days.size} of {DAYS}"
        if before is not None:
            self._ghost.set_ydata(before[1].load)
            count += f"\nbefore your last change: {before[1].overload_days.size}"
        self._count.set_text(count)

    def figure_text(self, r) -> str:
        """What the figure shows, in words (the state description's first part)."""
        text = (f"Bars of the daily load (% of the usual daily load) on days 1 to {DAYS}, weekends shaded, under "
                "the dashed step line of capacity, which adapts over days, with a dotted line at the usual load "
                "(100%) and a box counting the overload days")
        if r.overload_days.size:
            text += "; the part of a bar above capacity is cross-hatched"
        if self._before is not None:
            text += "; a grey dashed outline shows the daily load before your last change"
        return text + "."

    def describe(self, r):
        head = f"{r.pattern.capitalize()} to {r.level:.0f}% of usual, adaptation time {r.adapt_days:.0f} days: "
        if not r.overload_days.size:
            text = head + f"load stays within capacity on all {DAYS} days (conceptual model, not a prediction)."
        else:
            text = head + (f"load exceeds capacity on {r.overload_days.size} of {DAYS} days (first on day "
                           f"{int(r.overload_days[0])}; largest excess {r.excess_pct.max():.0f}% on day "
                           f"{r.worst_day}). Conceptual model, not a prediction of injury.")
        if self._before is not None:
            (pattern, level, adapt_days), old = self._before
            text += (f" Before your last change ({pattern} to {level:.0f}%, {adapt_days:.0f} days): "
                     f"{old.overload_days.size} overload days.")
        return text


def explore_load_capacity(pattern: str = "weekend spike", level: int = 200,
                          adapt_days: int = 7) -> LoadCapacityExplorer:
    """Show the load-capacity explorer.

    Parameters
    ----------
    pattern : {"steady", "build-up", "weekend spike"}
        How the new load arrives.
    level : int
        New load level, % of the usual daily load (100 to 300).
    adapt_days : int
        Adaptation time of capacity, days (2 to 30).
    """
    return LoadCapacityExplorer(pattern=pattern, level=level, adapt_days=adapt_days)
