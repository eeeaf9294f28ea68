"""Effect-size explorer: what a standardised mean difference means for two groups (lesson 06)."""

from __future__ import annotations

import numpy as np

from ..models import effect_size as es
from ..plotting import PALETTE, SERIES
from .base import Explorer
from .declarations import Quantity, Slider


def _pct(x: float) -> str:
    return f"{x:.0f}%"


def _superiority_pct(v) -> float:
    return es.effect(v["d"]).superiority_pct


def _short_label(e: dict) -> str:
    who = "acute" if e["population"] == "acute" else "subacute/chronic"
    against = "vs inactive" if e["comparison"] == "inactive control" else "vs active"
    return f"{e['outcome']}, {who}, {against}, {e['timepoint']} ({e['studies']} trial{'s' if e['studies'] > 1 else ''})"


class EffectSizeExplorer(Explorer):
    """Move the SMD, or click a row of the Cochrane strip to take its estimate, and see how much
    two groups overlap and how often treatment 'wins'."""

    name = "effect_size"
    title = "What does a standardised mean difference look like?"
    model_kind = "conceptual"
    model_note = ("Two normal curves with equal spread, the treated one shifted by the SMD. "
                  "Right: the Cochrane review of massage (Furlan 2015), turned so that right = better with massage.")
    figsize = (9.0, 4.4)
    grid = (1, 2)
    bench_moves = [{"d": d} for d in (0.2, 0.37, 0.5, 0.75, 1.0, 1.24, 1.6, 0.0, 0.4)]

    control_specs = (Slider("d", "Standardised mean difference (SMD)", 0.4, 0.0, 2.0, 0.01, readout_format=".2f",
                            width="460px"),)
    quantities = (Quantity("superiority_pct", "how often the treated person does better in a random pair",
                           "{:.1f}% of pairs", _superiority_pct),)

    def __init__(self, **initial):
        super().__init__(**initial)
        self.listen_for_clicks(self.on_click)

    def on_click(self, event: dict) -> float | None:
        """A click on a row of the Cochrane strip sets the SMD to that row's estimate (clamped to the
        slider's range); a click elsewhere changes nothing. Returns the SMD set, or None."""
        point = self.axes_point(event, self.live.axes[1])
        if point is None:
            return None
        estimates = es.furlan_estimates()
        row = min(range(len(estimates)), key=lambda i: abs((len(estimates) - 1 - i) + 0.15 - point[1]))
        control = self.controls["d"]
        smd = round(min(max(float(estimates[row]["d"]), control.min), control.max), 2)
        control.value = smd
        return smd

    def build(self, live):
        dist, forest = live.axes
        self._x = np.linspace(-4, 6, 201)
        control, _ = es.curves(0, self._x)
        dist.plot(self._x, control, color=PALETTE["black"], linestyle="--")
        # the curves named over their peaks (the treated one moves with the slider): no legend
        peak = float(control.max())
        dist.text(0, peak + 0.012, "control group", fontsize=9, ha="center", va="bottom")
        dist.fill_between(self._x, 0, control, color=PALETTE["grey"], alpha=0.10, hatch="\\\\", linewidth=0)
        self._treated = live.animated(dist.plot([], [], color=SERIES[0]["color"], linestyle="-")[0])
        self._overlap = live.animated(dist.fill_between(self._x, 0, control, color="#BFD9EC", linewidth=0))
        self._treated_label = live.animated(dist.text(0, peak + 0.045, "treated group", fontsize=9, ha="center",
                                                      va="bottom", color=SERIES[0]["color"]))
        self._mean_line = live.animated(dist.axvline(0, color=SERIES[0]["color"], linestyle=":", linewidth=1.4))
        self._label = live.animated(dist.text(5.9, 0.545, "", fontsize=9.5, va="top", ha="right",
                                              bbox=dict(boxstyle="round", fc="white", ec="#999999")))
        dist.set_xlim(-4, 6)
        dist.set_ylim(0, 0.55)
        dist.set_yticks([])
        dist.set_xlabel("Outcome, in standard deviations (right = better)")
        # Forest strip of the Cochrane estimates.
        estimates = es.furlan_estimates()
        for i, e in enumerate(estimates):
            y = len(estimates) - 1 - i
            marker = "o" if e["outcome"] == "pain" else "s"
            forest.errorbar([e["d"]], [y], xerr=[[e["d"] - e["low"]], [e["high"] - e["d"]]], fmt=marker,
                            color=PALETTE["black"], markerfacecolor="white" if not e["significant"] else PALETTE["black"],
                            capsize=3, markersize=6)
            forest.text(-0.47, y + 0.2, _short_label(e), fontsize=9, va="bottom", ha="left")
        forest.axvline(0, color=PALETTE["grey"], linewidth=1)
        self._cursor = live.animated(forest.axvline(0, color=SERIES[0]["color"], linewidth=2, linestyle="-"))
        self._cursor_label = live.animated(forest.text(0, -0.55, "", fontsize=9, ha="left", va="bottom",
                                                       color=SERIES[0]["color"], fontweight="bold"))
        forest.set_xlim(-0.5, 2.0)
        forest.set_ylim(-0.6, len(estimates) - 0.1)
        forest.set_yticks([])
        forest.set_xlabel("SMD favouring massage (95% CI)")
        forest.set_title("Massage for low back pain (Cochrane 2015)\n● pain  ■ function  (hollow: interval crosses 0)",
                         fontsize=9.5)

    def compute(self, d):
        return {"effect": es.effect(d), "curves": es.curves(d, self._x)}

    def draw(self, state):
        e = state["effect"]
        control, treated = state["curves"]
        self._treated.set_data(self._x, treated)
        shared = np.minimum(control, treated)
        verts = np.vstack([np.column_stack([self._x, shared]), np.column_stack([self._x[::-1], np.zeros_like(self._x)])])
        self._overlap.set_verts([verts])
        self._mean_line.set_xdata([e.d, e.d])
        self._cursor.set_xdata([e.d, e.d])
        self._cursor_label.set_text(f"your SMD {e.d:.2f}")
        # beside the line, on whichever side has room for the words
        self._cursor_label.set_x(e.d)
        self._cursor_label.set_horizontalalignment("left" if e.d < 1.4 else "right")
        self._treated_label.set_x(e.d)
        self._label.set_text(f"overlap {_pct(e.overlap_pct)}\ntreated better: {_pct(e.superiority_pct)} of pairs")

    def figure_text(self, state) -> str:
        """What the figure shows, in words (the state description's first part)."""
        return ("Left, two normal curves along the outcome in standard deviations (right = better): control "
                "dashed, treated solid and shifted by the chosen SMD, their overlap shaded; right, Furlan 2015's "
                "Cochrane estimates for massage in low back pain, each row named by outcome, population, "
                "comparison and time point (SMD with 95% interval; circles pain, squares function, hollow where "
                "the interval crosses 0), a vertical line at the chosen SMD.")

    def describe(self, state):
        e = state["effect"]
        return (f"SMD {e.d:.2f}: the two groups overlap by {_pct(e.overlap_pct)}; a person picked at random from the "
                f"treated group does better than one picked from the control group {_pct(e.superiority_pct)} of the time "
                f"(50% = no difference); the average treated person does better than {_pct(e.u3_pct)} of the control group.")


def explore_effect_size(d: float = 0.4) -> EffectSizeExplorer:
    """Show the effect-size explorer, starting at an SMD of ``d`` (0 to 2)."""
    return EffectSizeExplorer(d=d)
