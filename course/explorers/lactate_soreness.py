"""Lactate-versus-soreness explorer: blood lactate is back near rest long before soreness peaks."""

from __future__ import annotations

import numpy as np
from matplotlib.lines import Line2D
from matplotlib.patches import Patch

from ..models import lactate_soreness as ls
from ..plotting import PALETTE, SERIES
from .base import Explorer
from .declarations import Choice, Quantity, Slider

#: positions of the time slider: (label, hours after exercise)
TIMES: list[tuple[str, float]] = [
    ("1 min", 1 / 60), ("5 min", 5 / 60), ("10 min", 10 / 60), ("20 min", 20 / 60), ("30 min", 0.5),
    ("45 min", 0.75), ("1 h", 1.0), ("2 h", 2.0), ("4 h", 4.0), ("8 h", 8.0), ("12 h", 12.0),
    ("18 h", 18.0), ("1 day", 24.0), ("1.5 days", 36.0), ("2 days", 48.0), ("3 days", 72.0),
    ("4 days", 96.0), ("5 days", 120.0), ("7 days", 168.0),
]
_X_MIN, _X_MAX = 1 / 60, 168.0
_TICKS = [(1 / 60, "1 min"), (10 / 60, "10 min"), (1, "1 h"), (6, "6 h"), (24, "1 day"), (72, "3 days"),
          (168, "1 week")]
_STYLE = {"rest": SERIES[0], "light activity": SERIES[2]}
_WORDS = {"rest": "resting", "light activity": "light activity"}
#: where (hours) the two lactate curves are named on the plot: they are well apart there
_GHOST_AT_H = 0.15


def _soreness_pct(v) -> float:
    """Soreness at the chosen time, % of its own peak (one decimal; illustrative shape)."""
    return round(100.0 * float(ls.soreness(v["hours"], v["peak_hours"])), 1)


def _fmt_time(hours: float) -> str:
    for label, h in TIMES:
        if abs(h - hours) < 1e-9:
            return label
    return f"{hours * 60:.0f} min" if hours < 1 else f"{hours:g} h"


class LactateSorenessExplorer(Explorer):
    """Move along the timeline after hard exercise; compare blood lactate with muscle soreness."""

    name = "lactate_soreness"
    title = "After hard exercise: blood lactate against muscle soreness"
    model_kind = "conceptual"
    model_note = ("Both curves are illustrative shapes. Lactate: pinned to 11.5 mmol/L after all-out exercise "
                  "and about 1 mmol/L before exercise (one study); its fall rate is approximate (secondary "
                  "sources). Soreness: "
                  "peak inside the published 24 to 72 h window.")
    figsize = (8.0, 4.9)
    grid = (2, 1)
    bench_moves = [{"hours": h} for h in (0.5, 1.0, 4.0, 24.0, 48.0, 72.0)] + [
        {"recovery": "light activity"}, {"peak_hours": 24}, {"recovery": "rest"}, {"peak_hours": 48}]

    control_specs = (
        Choice("hours", "Time after exercise", 0.5, tuple((h, label) for label, h in TIMES), widget="slider",
               width="480px"),
        Choice("recovery", "After exercise", "rest", (("rest", "Resting"), ("light activity", "Light activity"))),
        Slider("peak_hours", "Soreness peak (hours)", 48, 24, 72, 12, unit="h"),
    )
    quantities = (Quantity("soreness_pct", "the soreness at the chosen time", "{:.0f}% of its peak", _soreness_pct),)

    def build(self, live):
        top, bottom = live.axes
        t = np.geomspace(_X_MIN, _X_MAX, 400)
        self._t = t
        a = ls.anchors()
        for ax in (top, bottom):
            ax.set_xscale("log")
            ax.set_xlim(_X_MIN, _X_MAX)
            ax.set_xticks([h for h, _ in _TICKS], [label for _, label in _TICKS])
            ax.minorticks_off()
        # the chosen recovery's curve is drawn in full; the other stays as a thin grey dashed ghost
        # for comparison, each named on the plot, so the choice changes the picture itself (they are
        # part of the cached background, redrawn only when the choice changes)
        self._lac = {r: ls.lactate(t, r) for r in _STYLE}
        self._ghost = top.plot(t, self._lac["light activity"], color=PALETTE["grey"], linestyle=(0, (4, 3)),
                               linewidth=1.3, alpha=0.9)[0]
        self._chosen = top.plot(t, self._lac["rest"], linewidth=2.6)[0]
        self._ghost_label = top.text(_GHOST_AT_H, 0, "", fontsize=9, color="#555555", ha="left", va="top")
        self._chosen_label = top.text(_GHOST_AT_H, 0, "", fontsize=9, fontweight="bold", ha="left", va="bottom")
        self._shown_recovery = self.controls["recovery"].value
        self._show_recovery(self._shown_recovery)
        chosen_key = Line2D([], [], color=PALETTE["black"], linewidth=2.6, label="Lactate, the chosen recovery (illustrative)")
        ghost_key = Line2D([], [], color=PALETTE["grey"], linestyle=(0, (4, 3)), linewidth=1.3,
                           label="Lactate, the other choice (for comparison)")
        top.axhline(a.peak_mmol, color=PALETTE["black"], linestyle=(0, (1, 2)), linewidth=1.2)
        top.text(_X_MAX, a.peak_mmol + 0.3, f"{a.peak_mmol:g} mmol/L after all-out exercise (Devlin 2014)",
                 ha="right", va="bottom", fontsize=8.5)
        top.axhline(a.rest_mmol, color=PALETTE["black"], linestyle=(0, (1, 2)), linewidth=1.2)
        top.text(_X_MAX, a.rest_mmol + 0.3, f"about {a.rest_mmol:g} mmol/L before exercise (one 2010 study; illustrative)",
                 ha="right", va="bottom", fontsize=8.5)
        top.set_ylim(0, 14.5)
        top.set_ylabel("Blood lactate\n(mmol/L)")
        top.legend(handles=[chosen_key, ghost_key], loc="center right", bbox_to_anchor=(1.0, 0.55), fontsize=8.5)
        top.tick_params(labelbottom=False)

        low, high = a.doms_window_h
        bottom.axvspan(low, high, facecolor=PALETTE["orange"], alpha=0.25, hatch="\\\\", edgecolor=PALETTE["orange"],
                       linewidth=0)
        bottom.set_ylim(0, 115)
        bottom.set_ylabel("Soreness\n(% of its peak)")
        bottom.set_xlabel("Time after the end of exercise (logarithmic scale)")
        self._sore = live.animated(bottom.plot(t, np.zeros_like(t), color=SERIES[1]["color"],
                                               linestyle=SERIES[1]["linestyle"],
                                               label="Soreness (illustrative shape)")[0])
        window = Patch(facecolor=PALETTE["orange"], alpha=0.25, hatch="\\\\", edgecolor=PALETTE["orange"],
                       label=f"Published peak window, {low:g}-{high:g} h (Schoenfeld 2013)")
        bottom.legend(handles=[window, self._sore], loc="upper left", fontsize=8.5)
        self._cursors = [live.animated(ax.axvline(1, color=PALETTE["black"], linewidth=1.3)) for ax in (top, bottom)]
        self._dot_lac = live.animated(top.plot([], [], marker="o", markersize=11, markerfacecolor="white",
                                               markeredgewidth=2, color=PALETTE["black"], linestyle="none")[0])
        self._dot_sore = live.animated(bottom.plot([], [], marker="s", markersize=11, markerfacecolor="white",
                                                   markeredgewidth=2, color=SERIES[1]["color"], linestyle="none")[0])
        self._label = live.animated(top.text(1, 13.2, "", fontsize=10, va="center",
                                             bbox=dict(boxstyle="round", fc="white", ec="#999999")))

    def compute(self, hours, recovery, peak_hours):
        return ls.timeline_at(hours, recovery, peak_hours)

    def draw(self, p):
        h = p.hours
        for c in self._cursors:
            c.set_xdata([h, h])
        self._dot_lac.set_data([h], [p.lactate_mmol])
        self._dot_lac.set_color(_STYLE[p.recovery]["color"])
        if p.recovery != self._shown_recovery:  # the curves change: cache the background again
            self._shown_recovery = p.recovery
            self._show_recovery(p.recovery)
            self.live.freeze()
        self._dot_sore.set_data([h], [p.soreness_pct])
        self._sore.set_ydata(100.0 * ls.soreness(self._t, p.peak_hours))
        self._label.set_text(_fmt_time(h))
        self._label.set_x(h * 1.15 if h < 40 else h / 3.0)

    def _show_recovery(self, recovery):
        """Draw the chosen recovery's lactate curve in full and the other as a named ghost."""
        other = next(r for r in _STYLE if r != recovery)
        style = _STYLE[recovery]
        self._chosen.set_ydata(self._lac[recovery])
        self._chosen.set_color(style["color"])
        self._chosen.set_linestyle(style["linestyle"])
        self._chosen.set_label(f"Lactate, {recovery} (chosen; illustrative)")
        self._ghost.set_ydata(self._lac[other])
        self._ghost.set_label(f"Lactate, {other} (the other choice)")
        at = float(np.interp(np.log(_GHOST_AT_H), np.log(self._t), self._lac[recovery]))
        ghost_at = float(np.interp(np.log(_GHOST_AT_H), np.log(self._t), self._lac[other]))
        above = at >= ghost_at
        self._chosen_label.set_text(f"{_WORDS[recovery]} (chosen)")
        self._chosen_label.set_color(style["color"])
        self._chosen_label.set_position((_GHOST_AT_H, at + (0.4 if above else -0.4)))
        # the curves fall to the right: a name above a curve goes right of the point, one below it left
        self._chosen_label.set_va("bottom" if above else "top")
        self._chosen_label.set_ha("left" if above else "right")
        self._ghost_label.set_text(f"{_WORDS[other]} (other choice)")
        self._ghost_label.set_position((_GHOST_AT_H, ghost_at + (-0.4 if above else 0.4)))
        self._ghost_label.set_va("top" if above else "bottom")
        self._ghost_label.set_ha("right" if above else "left")

    def figure_text(self, p) -> str:
        """What the figure shows, in words (the state description's first part)."""
        other = next(r for r in _STYLE if r != p.recovery)
        line = "solid" if _STYLE[p.recovery]["linestyle"] == "-" else "dash-dotted"
        a = ls.anchors()
        low, high = a.doms_window_h
        return ("Two panels against time after exercise (logarithmic, 1 minute to 1 week). Top, blood lactate "
                f"(mmol/L), illustrative: the {_WORDS[p.recovery]} curve (chosen) as a thick {line} line, the "
                f"{_WORDS[other]} one thin, grey and dashed, with dotted lines at {a.peak_mmol:g} mmol/L after "
                f"all-out exercise (Devlin 2014) and about {a.rest_mmol:g} mmol/L before exercise (one 2010 study). "
                f"Bottom, soreness (% of its peak) as a dashed line over the hatched published peak window, "
                f"{low:g} to {high:g} h (Schoenfeld 2013).")

    def describe(self, p):
        return (f"{_fmt_time(p.hours)} after exercise ({p.recovery}): blood lactate about {p.lactate_mmol:.1f} mmol/L "
                f"({p.rise_left_pct:.0f}% of its rise left; illustrative), soreness {p.soreness_pct:.0f}% of its peak. "
                f"Lactate is 90% cleared by about {p.clear_min:.0f} min in this illustration (secondary sources: "
                f"tens of minutes to about an hour); soreness peaks at {p.peak_hours:g} h, "
                f"about {p.gap_factor:.0f} times later.")


def explore_lactate_soreness(hours: float = 0.5, recovery: str = "rest",
                             peak_hours: int = 48) -> LactateSorenessExplorer:
    """Show the lactate-versus-soreness explorer.

    Parameters
    ----------
    hours : float
        Starting time after exercise, in hours (one of the slider's positions, 1 min to 7 days).
    recovery : {"rest", "light activity"}
        What the person does after exercising.
    peak_hours : int
        When soreness peaks, in hours (24, 36, 48, 60 or 72).
    """
    return LactateSorenessExplorer(hours=hours, recovery=recovery, peak_hours=peak_hours)
