"""Lesson 06 figures: massage and blood flow (static), the effect-size explorer and the buoyancy explorer."""

from __future__ import annotations

import base64
import html

import numpy as np
from matplotlib.patches import Circle, FancyBboxPatch, Rectangle

from .. import data
from ..models import buoyancy as by
from ..models import effect_size as es
from ..plotting import PALETTE, SERIES, course_style, new_figure, png_bytes
from .base import Explorer, slider

_CONDITION_STYLE = {
    "passive rest": dict(color=PALETTE["grey"], hatch=""),
    "rest": dict(color=PALETTE["grey"], hatch=""),
    "light exercise (10% MVC)": dict(color=PALETTE["sky"], hatch="//"),
    "massage": dict(color=PALETTE["vermillion"], hatch="xx"),
}


def _pct(x: float) -> str:
    return f"{x:.0f}%"


# ------------------------------------------------------------------------------------------------
# Massage and blood flow: a static, data-driven figure
# ------------------------------------------------------------------------------------------------
def _rows(study: str, measure: str) -> list[dict]:
    t = data.load("massage_blood_flow")
    return [{k: t[k][i] for k in t} for i in range(len(t["study"]))
            if t["study"][i] == study and t["measure"][i] == measure]


def massage_blood_flow_figure():
    """Three panels: forearm blood flow and lactate efflux (Wiltshire 2010), femoral flow (Hinds 2004)."""
    panels = [("wiltshire2010", "forearm blood flow 30 s after exercise", "Forearm blood flow\n30 s after exercise (mL/min)"),
              ("wiltshire2010", "lactate efflux over 10 min", "Lactate carried away\nin 10 min (mmol)"),
              ("hinds2004", "femoral artery blood flow after quadriceps exercise", "Thigh (femoral) blood flow\nafter exercise (mL/min)")]
    fig, axes = new_figure((9.0, 3.6), 100, 1, 3)
    with course_style():
        for ax, (study, measure, ylabel) in zip(axes, panels):
            rows = _rows(study, measure)
            for i, r in enumerate(rows):
                st = _CONDITION_STYLE[r["condition"]]
                ax.bar(i, r["value"], yerr=r["spread"], color=st["color"], hatch=st["hatch"], edgecolor="black",
                       capsize=4, width=0.7, alpha=0.85)
                ax.text(i, r["value"] + r["spread"] * 1.15, f"{r['value']:g}", ha="center", va="bottom", fontsize=9)
            ax.set_xticks(range(len(rows)), [r["condition"].replace(" (10% MVC)", "\nexercise").replace("light exercise", "light")
                                              .replace("passive rest", "passive\nrest") for r in rows], fontsize=9)
            ax.set_ylabel(ylabel, fontsize=9.5)
            ax.set_ylim(0, max(r["value"] + r["spread"] for r in rows) * 1.3)
            kind = rows[0]["spread_kind"]
            ax.set_title(f"{'Wiltshire 2010' if study == 'wiltshire2010' else 'Hinds 2004'} (bars: ±1 {kind})",
                         fontsize=10)
    return fig


def massage_blood_flow_text() -> str:
    """The figure in words, built from the same data."""
    w = {r["condition"]: r for r in _rows("wiltshire2010", "forearm blood flow 30 s after exercise")}
    lac = {r["condition"]: r for r in _rows("wiltshire2010", "lactate efflux over 10 min")}
    h = {r["condition"]: r for r in _rows("hinds2004", "femoral artery blood flow after quadriceps exercise")}
    return (f"After hard handgrip exercise, forearm blood flow 30 s into recovery was {w['passive rest']['value']:g} mL/min "
            f"with passive rest, {w['light exercise (10% MVC)']['value']:g} with light exercise and "
            f"{w['massage']['value']:g} with massage; lactate carried away in 10 min was {lac['passive rest']['value']:g}, "
            f"{lac['light exercise (10% MVC)']['value']:g} and {lac['massage']['value']:g} mmol (Wiltshire 2010, means ± SE). "
            f"After quadriceps exercise, thigh blood flow was {h['rest']['value']:g} mL/min at rest and "
            f"{h['massage']['value']:g} with massage, no real difference given the spread (Hinds 2004, means ± SD).")


def show_massage_blood_flow():
    """Display the massage blood-flow figure with its text description (read by screen readers)."""
    from IPython.display import HTML

    png = base64.b64encode(png_bytes(massage_blood_flow_figure())).decode("ascii")
    alt = html.escape(massage_blood_flow_text())
    return HTML(f'<figure class="course-figure"><img src="data:image/png;base64,{png}" alt="{alt}" '
                f'style="max-width:100%"><figcaption><small>{alt}</small></figcaption></figure>')


# ------------------------------------------------------------------------------------------------
# Effect sizes
# ------------------------------------------------------------------------------------------------
def _short_label(e: dict) -> str:
    who = "acute" if e["population"] == "acute" else "subacute/chronic"
    against = "vs inactive" if e["comparison"] == "inactive control" else "vs active"
    return f"{e['outcome']}, {who}, {against}, {e['timepoint']} ({e['studies']} trial{'s' if e['studies'] > 1 else ''})"


class EffectSizeExplorer(Explorer):
    """Move the SMD and see how much two groups overlap and how often treatment 'wins'."""

    name = "effect_size"
    title = "What does a standardised mean difference look like?"
    model_kind = "conceptual"
    model_note = ("Two normal curves with equal spread, the treated one shifted by the SMD. "
                  "Right: the Cochrane review of massage (Furlan 2015), turned so that right = better with massage.")
    figsize = (9.0, 4.4)
    grid = (1, 2)
    bench_moves = [{"d": d} for d in (0.2, 0.37, 0.5, 0.75, 1.0, 1.24, 1.6, 0.0, 0.4)]

    def make_controls(self):
        return {"d": slider("Standardised mean difference (SMD)", 0.4, 0.0, 2.0, 0.01, readout_format=".2f",
                            width="460px")}

    def build(self, live):
        dist, forest = live.axes
        self._x = np.linspace(-4, 6, 201)
        control, _ = es.curves(0, self._x)
        dist.plot(self._x, control, color=PALETTE["black"], linestyle="--", label="control group")
        dist.fill_between(self._x, 0, control, color=PALETTE["grey"], alpha=0.10, hatch="\\\\", linewidth=0)
        self._treated = live.animated(dist.plot([], [], color=SERIES[0]["color"], linestyle="-",
                                                label="treated group")[0])
        self._overlap = live.animated(dist.fill_between(self._x, 0, control, color="#BFD9EC", linewidth=0,
                                                        label="overlap"))
        self._mean_line = live.animated(dist.axvline(0, color=SERIES[0]["color"], linestyle=":", linewidth=1.4))
        self._label = live.animated(dist.text(-3.8, 0.47, "", fontsize=9.5, va="top",
                                              bbox=dict(boxstyle="round", fc="white", ec="#999999")))
        dist.set_xlim(-4, 6)
        dist.set_ylim(0, 0.5)
        dist.set_yticks([])
        dist.set_xlabel("Outcome, in standard deviations (right = better)")
        dist.legend(loc="upper right", fontsize=9)
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
        self._label.set_text(f"overlap {_pct(e.overlap_pct)}\ntreated better: {_pct(e.superiority_pct)} of pairs")

    def describe(self, state):
        e = state["effect"]
        return (f"SMD {e.d:.2f}: the two groups overlap by {_pct(e.overlap_pct)}; a person picked at random from the "
                f"treated group does better than one picked from the control group {_pct(e.superiority_pct)} of the time "
                f"(50% = no difference); the average treated person does better than {_pct(e.u3_pct)} of the control group.")


def explore_effect_size(d: float = 0.4) -> EffectSizeExplorer:
    """Show the effect-size explorer, starting at an SMD of ``d`` (0 to 2)."""
    return EffectSizeExplorer(d=d)


# ------------------------------------------------------------------------------------------------
# Buoyancy
# ------------------------------------------------------------------------------------------------
#: Height of each landmark as a share of standing height, for the drawing only (schematic).
_LANDMARK_HEIGHT = {"knee": 0.28, "hip": 0.53, "chest": 0.72, "neck": 0.82}
_LEVEL_WORDS = {"knee": "knee crease", "hip": "hip (iliac spine)", "chest": "lower chest (xiphisternum)",
                "neck": "base of the neck"}


def _body_bounds(weight: float, body_fat: float) -> list[tuple[float, float, float, float]]:
    """Schematic drawing only: (x, y, width, height) of trunk, legs and arms, wider for a heavier body
    and for more body fat (a factor from 0.8 to 1.3 of the 70 kg, 25% figure)."""
    f = float(np.clip(np.sqrt(weight / 70.0) * (1 + (body_fat - 25) / 100.0), 0.8, 1.3))
    trunk = (-0.15 * f, 0.50, 0.30 * f, 0.36)
    legs = [(x * f - 0.05 * f, 0.02, 0.10 * f, 0.48) for x in (-0.09, 0.09)]
    arm_x = 0.185 * f + 0.035
    arms = [(x - 0.035 * f, 0.45, 0.07 * f, 0.38) for x in (-arm_x, arm_x)]
    return [trunk, *legs, *arms]


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
                       "only the knee crease, where no formula was published, is marked; older people, and people "
                       "moving in the water, were not measured.")
    figsize = (9.0, 4.4)
    grid = (1, 2)
    bench_moves = ([{"level": lv} for lv in ("hip", "chest", "neck", "knee", "chest")]
                   + [{"body_fat": b} for b in (10, 20, 35, 45, 25)] + [{"weight": w} for w in (50, 90, 120, 70)])

    def make_controls(self):
        import ipywidgets as widgets

        return {
            "level": widgets.SelectionSlider(options=[(w, k) for k, w in _LEVEL_WORDS.items()], value="chest",
                                             description="Water up to", continuous_update=True,
                                             style={"description_width": "initial"},
                                             layout=widgets.Layout(width="460px")),
            "body_fat": slider("Body fat (%)", 25, 5, 50, 1, integer=True),
            "weight": slider("Body weight on land (kg)", 70, 40, 150, 1, integer=True),
        }

    def build(self, live):
        fig_ax, ax = live.axes
        # Left: a schematic standing figure; the water is drawn over it (animated).
        fig_ax.set_xlim(-0.62, 1.08)
        fig_ax.set_ylim(0, 1.05)
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
        self._kg = live.animated(fig_ax.text(-0.6, 1.04, "", fontsize=10, va="top", ha="left",
                                             bbox=dict(boxstyle="round", fc="white", ec="#999999")))
        # Right: % of body weight borne at each level.
        tab = by.table()
        xs = np.arange(len(by.LEVELS))
        for offset, sex, marker, colour in ((-0.12, "men", "o", SERIES[0]["color"]), (0.12, "women", "s", SERIES[1]["color"])):
            ax.errorbar(xs + offset, [tab[lv][f"{sex}_pct"] for lv in by.LEVELS],
                        yerr=[tab[lv][f"{sex}_sd"] for lv in by.LEVELS], fmt=marker, color=colour, capsize=3,
                        markersize=6, linestyle="none", label=f"{sex}, table (mean ± SD)")
        runs = by.running_loads()
        ax.plot([by.LEVELS.index(lv) for lv in runs], [100 * v for v in runs.values()], marker="^", markersize=9,
                color=PALETTE["black"], markerfacecolor=PALETTE["yellow"], linestyle="none",
                label="running in water, peak force")
        self._formula = live.animated(ax.plot([], [], color=SERIES[2]["color"], linestyle="-.", marker="D",
                                              markersize=5, label="formula at your body fat")[0])
        self._here = live.animated(ax.plot([], [], marker="D", markersize=13, markerfacecolor="white",
                                           markeredgewidth=2.2, color=PALETTE["black"], linestyle="none")[0])
        ax.set_xticks(xs, ["knee\ncrease", "hip", "lower\nchest", "neck\nbase"])
        ax.set_xlim(-0.5, len(xs) - 0.5)
        ax.set_ylim(0, 110)
        ax.set_ylabel("Weight on the feet (% of land weight)")
        ax.legend(loc="lower left", fontsize=9)

    def compute(self, level, body_fat, weight):
        here = by.weight_borne(level, body_fat, weight)
        line = [by.weight_borne(lv, body_fat, weight) for lv in by.LEVELS if by.table()[lv]["intercept"] is not None]
        return {"here": here, "line": line, "running": by.running_loads().get(level),
                "body_fat": body_fat, "weight": weight}

    def limits(self, state):
        here = state["here"]
        if here.from_formula:
            return []
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
        self._kg.set_text(f"feet carry about\n{here.kg:.0f} kg of {state['weight']:g} kg")
        self._formula.set_data([by.LEVELS.index(b.level) for b in state["line"]], [b.percent for b in state["line"]])
        self._here.set_data([by.LEVELS.index(here.level)], [here.percent])

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
