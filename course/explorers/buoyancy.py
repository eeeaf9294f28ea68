"""Buoyancy explorer: how much of the body's weight the feet carry, standing in water (lesson 06)."""

from __future__ import annotations

import numpy as np
from matplotlib.patches import Circle, FancyBboxPatch, Rectangle

from ..models import buoyancy as by
from ..plotting import PALETTE, SERIES
from .base import Explorer
from .declarations import Choice, Quantity, Slider

#: Height of each landmark as a share of standing height, for the drawing only (schematic).
_LANDMARK_HEIGHT = {"knee": 0.28, "hip": 0.53, "chest": 0.72, "neck": 0.82}
_LEVEL_WORDS = {"knee": "knee crease", "hip": "hip (iliac spine)", "chest": "lower chest (xiphisternum)",
                "neck": "base of the neck"}
#: The words the level slider shows beside its track: short, as on the figure's axis (the readout
#: names the landmark in full).
_SLIDER_WORDS = {"knee": "knee crease", "hip": "hip", "chest": "lower chest", "neck": "neck base"}


def _body_bounds(weight: float, body_fat: float) -> list[tuple[float, float, float, float]]:
    """Schematic drawing only: (x, y, width, height) of trunk, legs and arms, wider for a heavier body
    and for more body fat (a factor from 0.8 to 1.3 of the 70 kg, 25% figure)."""
    f = float(np.clip(np.sqrt(weight / 70.0) * (1 + (body_fat - 25) / 100.0), 0.8, 1.3))
    trunk = (-0.15 * f, 0.50, 0.30 * f, 0.36)
    legs = [(x * f - 0.05 * f, 0.02, 0.10 * f, 0.48) for x in (-0.09, 0.09)]
    arm_x = 0.185 * f + 0.035
    arms = [(x - 0.035 * f, 0.45, 0.07 * f, 0.38) for x in (-arm_x, arm_x)]
    return [trunk, *legs, *arms]


def _table_span(level: str) -> tuple[float, float]:
    """From two SDs below the lower of the men's and women's means in Schneider 2007's table to two SDs
    above the higher one (% of land weight)."""
    row = by.table()[level]
    return (min(row[f"{s}_pct"] - 2 * row[f"{s}_sd"] for s in ("men", "women")),
            max(row[f"{s}_pct"] + 2 * row[f"{s}_sd"] for s in ("men", "women")))


def _beyond_table(borne) -> bool:
    lo, hi = _table_span(borne.level)
    return not lo <= borne.percent <= hi


def _percent_borne(v) -> float:
    return by.weight_borne(v["level"], v["body_fat"], v["weight"]).percent


class BuoyancyExplorer(Explorer):
    """Choose how deep someone stands in water, their body fat and weight; read the weight on the feet."""

    name = "buoyancy"
    title = "How much weight do the feet carry in water?"
    model_kind = "fitted"
    model_note = ("Schneider 2007: 34 young adults standing still in a pool (table: mean ± SD); formulas in body fat "
                  "for hip, chest and neck. The drawing is schematic (it widens with body weight and body fat). "
                  "Triangles: peak force running in water (Haupenthal 2011).")
    checked_against = ("Schneider 2007's measurements of 34 healthy young adults (20 women and 14 men aged 21 to 26) "
                       "standing still in a hydrotherapy pool at four levels, with formulas in body fat for the hip, "
                       "lower chest and neck only (they meet the table's means at about 12% body fat for men and "
                       "23% for women). The range of body fat and body weight in that sample was not retrieved, so "
                       "what is marked is the knee crease, where no formula was published, and a formula value more "
                       "than two SDs beyond the men's and women's means at its level; older people, and people "
                       "moving in the water, were not measured.")
    figsize = (9.0, 4.4)
    grid = (1, 2)
    bench_moves = ([{"level": lv} for lv in ("hip", "chest", "neck", "knee", "chest")]
                   + [{"body_fat": b} for b in (10, 20, 35, 45, 25)] + [{"weight": w} for w in (50, 90, 120, 70)])

    control_specs = (
        Choice("level", "Water up to", "chest", tuple(_SLIDER_WORDS.items()), widget="slider", width="460px"),
        Slider("body_fat", "Body fat (%)", 25, 5, 50, 1, unit="%"),
        Slider("weight", "Body weight on land (kg)", 70, 40, 150, 1, unit="kg"),
    )
    quantities = (Quantity("percent_borne", "the share of body weight on the feet", "{:.1f}%", _percent_borne),)

    def build(self, live):
        fig_ax, ax = live.axes
        # Left: a schematic standing figure; the water is drawn over it (animated).
        fig_ax.set_xlim(-0.62, 1.08)
        fig_ax.set_ylim(-0.56, 1.05)
        fig_ax.set_aspect("equal")
        fig_ax.axis("off")
        body = dict(facecolor="#E8D5C4", edgecolor=PALETTE["black"], linewidth=1.2)
        fig_ax.add_patch(Circle((0, 0.93), 0.065, **body))
        # trunk, legs and arms widen with body weight and body fat (animated; see _body_bounds)
        self._body = [live.animated(fig_ax.add_patch(FancyBboxPatch((0, 0), 0.1, 0.1, boxstyle=f"round,pad={pad}",
                                                                    **body)))
                      for pad in (0.02, 0.01, 0.01, 0.01, 0.01)]
        for level, hgt in _LANDMARK_HEIGHT.items():
            fig_ax.plot([0.33, 0.37], [hgt, hgt], color=PALETTE["grey"], linewidth=1)
            fig_ax.text(0.39, hgt + 0.008, _LEVEL_WORDS[level], fontsize=9, va="bottom", color="#333333")
        fig_ax.plot([-0.6, 1.05], [0, 0], color=PALETTE["black"], linewidth=2)
        self._water = live.animated(fig_ax.add_patch(Rectangle((-0.6, 0), 1.65, 0.5, facecolor=PALETTE["sky"],
                                                               alpha=0.35, hatch="--", edgecolor="#2A7FB8",
                                                               linewidth=0)))
        self._waterline = live.animated(fig_ax.plot([-0.6, 1.05], [0.5, 0.5], color="#1F5F8B", linewidth=2.2)[0])
        self._build_gauges(live, fig_ax)
        # Right: % of body weight borne at each level.
        tab = by.table()
        xs = np.arange(len(by.LEVELS))
        for offset, sex, marker, colour in ((-0.12, "men", "o", SERIES[0]["color"]), (0.12, "women", "s", SERIES[1]["color"])):
            ax.errorbar(xs + offset, [tab[lv][f"{sex}_pct"] for lv in by.LEVELS],
                        yerr=[tab[lv][f"{sex}_sd"] for lv in by.LEVELS], fmt=marker, color=colour, capsize=3,
                        markersize=6, linestyle="none")
        # the series named where they are drawn (no legend): each sex beside its knee-crease point
        knee = tab[by.LEVELS[0]]
        ax.text(-0.24, knee["men_pct"], "men", fontsize=9, ha="right", va="center", color="#333333")
        ax.text(0.24, knee["women_pct"], "women", fontsize=9, ha="left", va="center", color="#333333")
        runs = by.running_loads()
        ax.plot([by.LEVELS.index(lv) for lv in runs], [100 * v for v in runs.values()], marker="^", markersize=9,
                color=PALETTE["black"], markerfacecolor=PALETTE["yellow"], linestyle="none")
        deepest = max(runs, key=by.LEVELS.index)
        ax.text(by.LEVELS.index(deepest) + 0.15, 100 * runs[deepest], "running, peak force", fontsize=9, ha="left",
                va="center")
        # drawn first, underneath: the whole formula line, grey, dotted and hollow; the coloured line
        # covers the levels where the formula stays within two SDs of the table's means
        self._formula_beyond = live.animated(ax.plot([], [], color=PALETTE["grey"], linestyle=":", marker="D",
                                                     markersize=5, markerfacecolor="white")[0])
        self._formula = live.animated(ax.plot([], [], color=SERIES[2]["color"], linestyle="-.", marker="D",
                                              markersize=5)[0])
        # named below and left of its shallowest point, where the knee column leaves room (set in draw);
        # the grey part named at its first point beyond
        self._formula_label = live.animated(ax.text(0, 0, "", fontsize=9, ha="right", va="center",
                                                    color="#333333"))
        self._beyond_label = live.animated(ax.text(0, 0, "beyond ± 2 SD", fontsize=9, ha="left", va="center",
                                                   color=PALETTE["grey"]))
        self._here = live.animated(ax.plot([], [], marker="D", markersize=13, markerfacecolor="white",
                                           markeredgewidth=2.2, color=PALETTE["black"], linestyle="none")[0])
        ax.set_xticks(xs, ["knee\ncrease", "hip", "lower\nchest", "neck\nbase"])
        ax.set_xlim(-0.5, len(xs) - 0.5)
        ax.set_ylim(0, 110)
        ax.set_ylabel("Weight on the feet (% of land weight)")

    def _build_gauges(self, live, fig_ax):
        """Below the floor: the weight on the feet as a bar inside the land weight, and the body fat on
        its scale, with the span where the published formulas meet the table's means hatched."""
        self._weight_max = float(self.controls["weight"].max)
        self._fat_span = (float(self.controls["body_fat"].min), float(self.controls["body_fat"].max))
        self._land = live.animated(fig_ax.add_patch(Rectangle((-0.6, -0.16), 0, 0.07, facecolor="white",
                                                              edgecolor=PALETTE["black"], linewidth=1.0)))
        self._feet = live.animated(fig_ax.add_patch(Rectangle((-0.6, -0.16), 0, 0.07, facecolor="#E8D5C4",
                                                              hatch="xx", edgecolor=PALETTE["black"], linewidth=1.0)))
        self._kg = live.animated(fig_ax.text(-0.6, -0.085, "", fontsize=9, va="bottom", ha="left"))
        lo, hi = self._fat_span
        y = -0.33
        fig_ax.plot([self._fat_x(lo), self._fat_x(hi)], [y, y], color=PALETTE["black"], linewidth=1.2)
        for fat in (lo, hi):
            fig_ax.text(self._fat_x(fat), y - 0.025, f"{fat:g}%", fontsize=9, ha="left" if fat == lo else "center",
                        va="top")
        match = [by.body_fat_matching_table(lv, sex) for lv in by.LEVELS if by.table()[lv]["intercept"] is not None
                 for sex in ("men", "women")]
        a, b = min(match), max(match)
        fig_ax.add_patch(Rectangle((self._fat_x(a), y - 0.02), self._fat_x(b) - self._fat_x(a), 0.04,
                                   facecolor="white", hatch="////", edgecolor=PALETTE["grey"], linewidth=0.8))
        fig_ax.text(-0.6, y - 0.09, f"Body fat. Hatched: {a:.0f} to {b:.0f}%, where the three\nlevels' formulas meet the table's means",
                    fontsize=9, va="top", ha="left", color="#333333")
        self._fat_mark = live.animated(fig_ax.plot([], [], marker="v", markersize=9, color=PALETTE["black"],
                                                   linestyle="none")[0])
        self._fat_label = live.animated(fig_ax.text(0, y + 0.035, "", fontsize=9, ha="center", va="bottom"))

    def _fat_x(self, fat: float) -> float:
        lo, hi = self._fat_span
        return -0.6 + 1.0 * (fat - lo) / (hi - lo)

    def compute(self, level, body_fat, weight):
        here = by.weight_borne(level, body_fat, weight)
        line = [by.weight_borne(lv, body_fat, weight) for lv in by.LEVELS if by.table()[lv]["intercept"] is not None]
        return {"here": here, "line": line, "running": by.running_loads().get(level),
                "body_fat": body_fat, "weight": weight}

    def limits(self, state):
        here = state["here"]
        if here.from_formula:
            if not _beyond_table(here):
                return []
            lo, hi = _table_span(here.level)
            side, edge = ("below", lo) if here.percent < lo else ("above", hi)
            which = "lower" if side == "below" else "higher"
            return [f"At {state['body_fat']:g}% body fat the formula gives {here.percent:.1f}% at the "
                    f"{_LEVEL_WORDS[here.level]}, {side} {edge:.1f}%, two SDs {side} the {which} of the men's and "
                    f"women's means in Schneider 2007's table: further from the people measured than their spread, "
                    f"and the range of body fat in the sample was not retrieved."]
        return [f"At the knee crease Schneider 2007 published no formula in body fat: the share shown is the mean "
                f"of the men's and women's table values, and the body fat set ({state['body_fat']:g}%) does not "
                f"change it."]

    def draw(self, state):
        here = state["here"]
        for patch, bounds in zip(self._body, _body_bounds(state["weight"], state["body_fat"])):
            patch.set_bounds(*bounds)
        hgt = _LANDMARK_HEIGHT[here.level]
        self._water.set_height(hgt)
        self._waterline.set_ydata([hgt, hgt])
        scale = 1.2 / self._weight_max
        self._land.set_width(scale * state["weight"])
        end = -0.6 + scale * here.kg
        self._feet.set_width(scale * here.kg)
        self._kg.set_text(f"feet: {here.kg:.1f} kg of {state['weight']:g} kg")
        self._kg.set_position((end, -0.085))
        self._kg.set_horizontalalignment("left" if end < 0.3 else "right")
        x = self._fat_x(state["body_fat"])
        self._fat_mark.set_data([x], [-0.31])
        self._fat_label.set_text(f"{state['body_fat']:g}% body fat")
        self._fat_label.set_x(min(max(x, -0.42), 0.25))
        line = state["line"]
        self._formula_beyond.set_data([by.LEVELS.index(b.level) for b in line], [b.percent for b in line])
        inside = [b for b in line if not _beyond_table(b)]
        self._formula.set_data([by.LEVELS.index(b.level) for b in inside], [b.percent for b in inside])
        self._formula_label.set_text(f"formula, {state['body_fat']:g}% body fat")
        self._formula_label.set_position((by.LEVELS.index(line[0].level) - 0.1, line[0].percent - 10))
        beyond = [b for b in line if _beyond_table(b)]
        self._beyond_label.set_visible(bool(beyond))
        if beyond:
            self._beyond_label.set_position((by.LEVELS.index(beyond[0].level) + 0.15, beyond[0].percent))
        self._here.set_data([by.LEVELS.index(here.level)], [here.percent])

    def figure_text(self, state) -> str:
        """What the figure shows, in words (the state description's first part): how deep the drawn water
        is, and whether the formula's line leaves the table's spread."""
        here = state["here"]
        beyond = any(_beyond_table(b) for b in state["line"])
        return (f"Left, a schematic person in water up to the {_SLIDER_WORDS[here.level]}, a bar of the kilograms on "
                "the feet within the land weight, a body-fat scale; right, weight on the feet (% of land "
                "weight) by level: Schneider 2007's means ± SD, young adults standing still in a pool (men "
                "circles, women squares), its formula at the chosen body fat (dash-dot"
                + ("; grey, dotted beyond 2 SD" if beyond else "")
                + "), peak force running in water (triangles, Haupenthal 2011), the chosen level marked by a large open diamond.")

    def describe(self, state):
        here, run = state["here"], state["running"]
        source = ("Schneider 2007 formula" if here.from_formula
                  else "no formula for this level: mean of the men's and women's table values")
        text = (f"Standing in water up to the {_LEVEL_WORDS[here.level]} with {state['body_fat']:g}% body fat and "
                f"{state['weight']:g} kg: the feet carry about {here.kg:.1f} kg, {here.percent:.1f}% of body weight "
                f"({source}; table: men {here.men_pct:g}%, women {here.women_pct:g}%).")
        if run is not None:
            text += f" Running at this depth, the peak force was {run:.2f} body weights."
        return text


def explore_buoyancy(level: str = "chest", body_fat: int = 25, weight: int = 70) -> BuoyancyExplorer:
    """Show the buoyancy explorer: ``level`` knee, hip, chest or neck; body fat 5-50%; weight 40-150 kg."""
    return BuoyancyExplorer(level=level, body_fat=body_fat, weight=weight)
