"""Tissue-temperature explorer: an ice pack or a heat wrap on skin over fat over muscle (lesson 05)."""

from __future__ import annotations

import numpy as np
from matplotlib.patches import Rectangle

from .. import data
from ..models import bioheat as bh
from ..plotting import PALETTE, SERIES
from ..text import decimal
from .base import Explorer
from .declarations import Choice, Quantity, Slider, Toggle

AFTER_MIN = 30.0
#: how long Myrer 2001 left the pack on (min); their points apply to this duration only
MYRER_MINUTES = 20.0
#: depth below the fat (mm) at which the model cooled the calf less than half as much as Myrer measured
MYRER_DEEP_MM = 30.0
T_MAX_MIN = 90.0
DEPTH_MAX_MM = 70.0
_LAYER_STYLE = {
    "skin": dict(facecolor="#F3D9C6", hatch=None, label="skin"),
    "fat": dict(facecolor="#FBF3C2", hatch="..", label="fat"),
    "muscle": dict(facecolor="#F2C9C9", hatch="//", label="muscle"),
}
_MODE_WORDS = {"ice": "Ice pack (0 °C)", "heat": "Heat wrap (40 °C)"}
#: the axes follow the modality, so that the wrap's change of a degree or two is as visible as the ice's:
#: temperature (°C) of the profile on the left, change at the probe (°C) on the right
_RANGES = {"ice": {"temp": (-2.0, 52.0), "change": (-17.0, 4.0)},
           "heat": {"temp": (32.0, 47.0), "change": (-0.6, 2.6)}}


def otte_fat_range_mm() -> tuple[float, float]:
    """The fat thicknesses (mm) covered by Otte's skinfold groups (0 to 40 mm), in the model's conversion."""
    bands = bh.otte_bands()
    return bands[0]["fat_low_mm"], bands[-1]["fat_high_mm"]


def measured_minutes(fat_mm: float) -> float | None:
    """The longest application the two ice studies followed for this fat thickness (min), or None.

    Otte 2002 reported, per skinfold group, only the time the ice took to cool the muscle by 7 C
    (mean and SD); Myrer 2001 followed a 20-min pack. Within Otte's groups the model is taken as
    checked up to the group's mean time plus one SD, or up to Myrer's 20 min if that is longer.
    """
    band = bh.otte_band_for(fat_mm)
    if band is None:
        return None
    return max(band["minutes"] + band["sd"], MYRER_MINUTES)


def _run(modality, fat_mm, duration_min, resting_flow) -> bh.BioheatResult:
    """The model at the explorer's settings (the what-if keeps resting blood flow under ice only)."""
    factor = 1.0 if (resting_flow and modality == "ice") else None
    return bh.simulate(fat_mm, duration_min, modality, after_min=AFTER_MIN, perfusion_factor=factor)


def _muscle_change(v) -> float:
    return float(_run(v["modality"], v["fat_mm"], v["duration_min"], v["resting_flow"]).change_c)


class HeatColdExplorer(Explorer):
    """Put an ice pack or a heat wrap on the skin; see how far the change reaches through the fat."""

    name = "heat_cold"
    title = "How far do cold and warmth reach? Skin, fat and muscle under a pack"
    model_kind = "physics"
    model_note = ("One-dimensional Pennes bioheat model; tissue properties from the IT'IS database. "
                  "Assumed: contact with the pack, room air, and blood flow cut to a tenth under ice. "
                  "Points: Otte 2002 (thigh) and Myrer 2001 (calf) for the fat band you choose.")
    checked_against = ("Ice only, at 1 cm below the fat: Otte 2002 (ice bag on the thigh; minutes to cool the "
                       "muscle by 7 °C, means 8.0 to 58.6 min, skinfolds 0 to 40 mm, that is 0 to 18 mm of fat "
                       "as the model converts skinfolds) and Myrer 2001 (20-min ice pack on the calf). At 3 cm "
                       "below the fat the model cools less than half as much as Myrer measured, so depths "
                       "beyond 1 cm are not checked. No muscle temperatures under a heat wrap were available: "
                       "the heat settings are physics, not checked against measurement.")
    figsize = (9.0, 4.6)
    grid = (1, 2)
    bench_moves = ([{"fat_mm": f} for f in (2, 8, 15, 25, 35, 5)]
                   + [{"duration_min": d} for d in (10, 30, 45, 60, 20)]
                   + [{"modality": "heat"}, {"fat_mm": 12}, {"duration_min": 40}, {"modality": "ice"},
                      {"resting_flow": True}, {"fat_mm": 18}, {"resting_flow": False}])

    control_specs = (
        Choice("modality", "On the skin", "ice", tuple(_MODE_WORDS.items())),
        Slider("fat_mm", "Fat under the skin (mm)", 10, 0, 40, 1, unit="mm"),
        Slider("duration_min", "Minutes on the skin", 20, 5, 60, 5, unit="min"),
        Toggle("resting_flow", "What if blood kept flowing as at rest under the ice?", False, width="420px"),
    )
    quantities = (Quantity("muscle_change", "the change in muscle temperature 1 cm below the fat", "{:+.1f} °C",
                           _muscle_change),)

    # -- static drawing ------------------------------------------------------------------------
    def build(self, live):
        prof, hist = live.axes
        facts = data.load("heat_cold_facts")
        rows = dict(zip(facts["metric"], facts["value"]))
        self._pain, self._burn = rows["skin_pain_threshold"], rows["burn_threshold_basal_epidermis"]
        # Left: temperature against depth (depth downwards, skin at the top).
        # Muscle fills the whole depth in the cached background; skin and fat (which move with the
        # fat slider) are drawn over it, so only small hatched areas are redrawn on each move.
        self._bands = {}
        for layer, style in _LAYER_STYLE.items():
            rect = Rectangle((-2, 0), 54, DEPTH_MAX_MM, facecolor=style["facecolor"], hatch=style["hatch"],
                             edgecolor="#B0A090", linewidth=0, zorder=0)
            prof.add_patch(rect)
            self._bands[layer] = rect if layer == "muscle" else live.animated(rect)
        self._fat_label = live.animated(prof.text(0.5, 0, "fat", fontsize=9, va="center", ha="left",
                                                  color="#333333"))
        self._muscle_label = prof.text(0.5, DEPTH_MAX_MM - 3, "muscle", fontsize=9, va="center", ha="left",
                                       color="#333333")
        self._thresholds = [live.animated(prof.axvline(self._pain, color=PALETTE["black"], linestyle=":", linewidth=1.2)),
                            live.animated(prof.axvline(self._burn, color=PALETTE["vermillion"], linestyle="--",
                                                       linewidth=1.4))]
        # Labels above the plot area, where the moving layer bands never reach (cheap to keep static).
        prof.text(self._pain - 0.4, -1, f"pain {self._pain:g} °C", fontsize=9, ha="right", va="bottom")
        prof.text(self._burn + 0.3, -1, f"burn {self._burn:g}", fontsize=9, ha="left", va="bottom")
        self._start_line = live.animated(prof.plot([], [], color=PALETTE["grey"], linestyle=":", linewidth=2.0)[0])
        self._end_line = live.animated(prof.plot([], [], color=SERIES[0]["color"], linestyle="-")[0])
        self._probe_dot = live.animated(prof.plot([], [], marker="o", markersize=9, markerfacecolor="white",
                                                  markeredgewidth=2, color=PALETTE["black"], linestyle="none")[0])
        # the two profiles and the probe named where they are drawn (placed in draw, no legend)
        self._start_label = live.animated(prof.text(0, 0, "before", fontsize=9, va="center", color="#333333"))
        self._end_label = live.animated(prof.text(0, 0, "when it comes off", fontsize=9, va="center",
                                                  color=SERIES[0]["color"]))
        self._probe_label = live.animated(prof.text(0, 0, "", fontsize=9, va="center", fontweight="bold"))
        self._deep_line = live.animated(prof.axhline(0, color=PALETTE["black"], linestyle="-.", linewidth=1.0))
        self._deep_label = live.animated(prof.text(-1.5, 0, "3 cm below the fat:\nnot reproduced",
                                                   fontsize=9, ha="left", va="bottom", color="#333333"))
        self._set_ranges("ice")
        prof.set_ylim(DEPTH_MAX_MM, 0)
        prof.set_xlabel("Temperature (°C)")
        prof.set_ylabel("Depth below the skin surface (mm)")
        # Right: change at the probe over time, with published points.
        hist.axhline(0, color=PALETTE["grey"], linewidth=1.0)
        hist.axhline(-7, color=PALETTE["black"], linestyle=":", linewidth=1.2)
        hist.text(T_MAX_MIN - 1, -7.3, "7 °C cooler (Otte's target)", fontsize=9, ha="right", va="top",
                  clip_on=True)
        self._on_span = live.animated(hist.axvspan(0, 20, color=SERIES[0]["color"], alpha=0.08, linewidth=0))
        self._curve = live.animated(hist.plot([], [], color=SERIES[0]["color"], linestyle="-",
                                              label="model")[0])
        self._otte = hist.errorbar([0], [-7], xerr=[[0], [0]], fmt="D", color=PALETTE["orange"],
                                                 markeredgecolor=PALETTE["black"], markersize=8, capsize=4,
                                                 label="Otte 2002: minutes to 7 °C (± SD)")
        self._otte_parts = [self._otte.lines[0], *self._otte.lines[2]]
        for part in self._otte_parts:
            live.animated(part)
        self._myrer = live.animated(hist.plot([], [], marker="s", markersize=8, color=SERIES[2]["color"],
                                              markeredgecolor=PALETTE["black"], linestyle="none",
                                              label="Myrer 2001 (20-min pack only)")[0])
        self._note = live.animated(hist.text(0.99, 0.98, "", fontsize=9, ha="right", va="top", transform=hist.transAxes,
                                             bbox=dict(boxstyle="round", fc="white", ec="#999999")))
        hist.set_xlim(0, T_MAX_MIN)
        hist.set_xticks([0, 15, 30, 45, 60, 75, 90])
        hist.set_xlabel("Minutes (shaded: pack on the skin)")
        hist.set_ylabel("Change at 1 cm below the fat (°C)")
        # a legend here: the published points move with the fat band and sit close to the model's
        # curve, where words beside them would cover one another
        hist.legend(loc="lower right", fontsize=9)

    def _set_ranges(self, modality):
        """Axes for the modality: the profile's temperatures and the probe's change (a re-cached
        background when the modality changes, the only move that changes the axes)."""
        prof, hist = self.live.axes
        ranges = _RANGES[modality]
        prof.set_xlim(*ranges["temp"])
        hist.set_ylim(*ranges["change"])
        low, high = ranges["temp"]
        for label in (self._fat_label, self._muscle_label):
            label.set_x(low + 0.046 * (high - low))
        self._deep_label.set_x(low + 0.009 * (high - low))
        self._shown_modality = modality

    def _place_profile_labels(self, r):
        """Name the two profiles and the probe beside them: the probe's temperature on the side away
        from the profile before (the cold side under ice, the warm side under a wrap), and each
        profile a little deeper, on its own side."""
        low, high = _RANGES[r.modality]["temp"]
        gap = 0.02 * (high - low)
        cold = r.modality == "ice"
        side, away = ("right", -gap) if cold else ("left", gap)
        # the probe's words take about 18 % of the axis: on the cold side while they fit there, else
        # on the other side of the dot (room enough then: the muscle is far colder than before)
        fits = not cold or r.end_c - low > 0.4 * (high - low)
        self._probe_label.set_text(f"{r.end_c:.1f} °C, 1 cm\nbelow the fat")
        self._probe_label.set_position((r.end_c + 1.5 * (away if fits else -away), r.probe_depth_mm))
        self._probe_label.set_horizontalalignment(side if fits else "left")
        depth = r.probe_depth_mm + 6
        start = float(np.interp(depth, r.depth_mm, r.start_profile_c))
        end = float(np.interp(depth, r.depth_mm, r.end_profile_c))
        self._end_label.set_position((end + away, depth))
        self._end_label.set_horizontalalignment(side)
        self._start_label.set_position((start - away, depth))
        self._start_label.set_horizontalalignment("left" if cold else "right")

    # -- model -----------------------------------------------------------------------------------
    def compute(self, modality, fat_mm, duration_min, resting_flow):
        result = _run(modality, fat_mm, duration_min, resting_flow)
        otte = bh.otte_band_for(fat_mm) if modality == "ice" else None
        # Myrer's points belong to a 20-min pack over fat within the studies' groups: hidden otherwise.
        matching = bh.myrer_group_for(fat_mm) if modality == "ice" and otte is not None else None
        myrer = matching if abs(duration_min - MYRER_MINUTES) < 1e-9 else None
        return {"result": result, "resting_flow": bool(resting_flow and modality == "ice"),
                "otte": otte, "myrer": myrer, "myrer_hidden": matching is not None and myrer is None}

    def limits(self, state):
        r = state["result"]
        if r.modality == "heat":
            return ["Heat wrap: no muscle temperatures under a wrap were used to check the model (the wrap "
                    "trials measured pain), so these numbers are physics, not checked against measurement."]
        notes = []
        if state["resting_flow"]:
            notes.append("What-if: blood flowing as at rest under the ice is outside the data; Otte's times are "
                         "matched only if cold cuts blood flow to a tenth of resting or less.")
        low, high = otte_fat_range_mm()
        longest = measured_minutes(r.fat_mm)
        if longest is None:
            notes.append(f"{r.fat_mm:g} mm of fat (a skinfold of about {bh.skinfold_of(r.fat_mm):g} mm) is beyond "
                         f"Otte's thickest group (skinfolds up to 40 mm, about {high:g} mm of fat): an extrapolation.")
        elif r.duration_min > longest + 1e-9:
            band = bh.otte_band_for(r.fat_mm)
            notes.append(f"{r.duration_min:g} min of ice is longer than the studies followed for this much fat: Otte "
                         f"reported only the time to cool by 7 °C ({band['minutes']:.1f} ± {band['sd']:.1f} min for skinfolds "
                         f"{band['skinfold_low_mm']:g} to {band['skinfold_high_mm']:g} mm) and Myrer used a "
                         f"{MYRER_MINUTES:g}-min pack, so the cooling after that is not checked.")
        return notes

    def draw(self, state):
        r = state["result"]
        if r.modality != self._shown_modality:
            self._set_ranges(r.modality)
            self.live.freeze()
        skin, fat_bottom = r.layer_edges_mm
        spans = {"skin": (0, skin), "fat": (skin, fat_bottom), "muscle": (fat_bottom, DEPTH_MAX_MM)}
        for layer, (top, bottom) in spans.items():
            if layer != "muscle":
                self._bands[layer].set_y(top)
                self._bands[layer].set_height(bottom - top)
        self._fat_label.set_visible(fat_bottom - skin >= 3)
        self._fat_label.set_y((skin + fat_bottom) / 2)
        self._start_line.set_data(r.start_profile_c, r.depth_mm)
        self._end_line.set_data(r.end_profile_c, r.depth_mm)
        self._probe_dot.set_data([r.end_c], [r.probe_depth_mm])
        self._place_profile_labels(r)
        self._on_span.set_x(0)
        self._on_span.set_width(r.duration_min)
        self._curve.set_data(r.times_min, r.probe_c - r.start_c)
        band, group = state["otte"], state["myrer"]
        show_otte = band is not None
        for part in self._otte_parts:
            part.set_visible(show_otte)
        notes = []
        if show_otte:
            m, sd = band["minutes"], band["sd"]
            self._otte.lines[0].set_data([m], [-7])
            self._otte.lines[2][0].set_segments([[(m - sd, -7), (m + sd, -7)]])
            notes.append(f"Otte: skinfold {band['skinfold_low_mm']:.0f}-{band['skinfold_high_mm']:.0f} mm")
        elif r.modality == "ice":
            notes.append("beyond Otte's skinfolds")
        if group is not None:
            self._myrer.set_visible(True)
            self._myrer.set_data([MYRER_MINUTES, MYRER_MINUTES + AFTER_MIN],
                                 [-group["drop_1cm"], -group["drop_1cm"] + group["after_1cm"]])
            notes.append(f"Myrer: skinfold {group['group']}")
        else:
            self._myrer.set_visible(False)
            if show_otte:
                notes.append(f"Myrer hidden: {MYRER_MINUTES:g}-min pack only")
        deep = fat_bottom + MYRER_DEEP_MM
        self._deep_line.set_ydata([deep, deep])
        self._deep_label.set_y(deep - 0.5)
        self._deep_label.set_visible(deep < DEPTH_MAX_MM - 6)  # below the plot when the fat is very thick
        if state["resting_flow"]:
            notes.append("what-if: resting blood flow")
        self._note.set_text("\n".join(notes) if notes else "heat wrap: no published\nmuscle data overlaid;\naxes zoomed to the wrap's\nsmaller change")

    def figure_text(self, state) -> str:
        """What the figure shows, in words (the state description's first part): the pack, and which
        published points the fat band and the minutes on the skin bring onto the right panel."""
        r, band, group = state["result"], state["otte"], state["myrer"]
        pack = "ice pack" if r.modality == "ice" else "heat wrap"
        deep = r.layer_edges_mm[1] + MYRER_DEEP_MM < DEPTH_MAX_MM - 6  # its line and label inside the panel
        text = (f"Left, temperature (°C) by depth (mm) in skin, fat and muscle: profiles before and as the {pack} "
                "comes off, pain and burn thresholds, a dot 1 cm below the fat"
                + (", a dash-dotted line 3 cm below the fat (not reproduced)" if deep else "")
                + "; right, its change (°C, minutes), time on shaded, model solid")
        if r.modality == "heat":
            return text + ", no published muscle data."
        text += ", 7 °C cooler dotted"
        if band is not None:
            text += (f", Otte 2002's time to it (diamond ± SD; ice bag on the thigh, skinfolds "
                     f"{band['skinfold_low_mm']:g}-{band['skinfold_high_mm']:g} mm)")
        if group is not None:
            text += f", Myrer 2001 (squares; {MYRER_MINUTES:g}-min pack on the calf, skinfolds {group['group']})"
        return text + "."

    def describe(self, state):
        r = state["result"]
        verb = "cools" if r.change_c < 0 else "warms"
        what = _MODE_WORDS[r.modality]
        after = np.interp(r.duration_min + AFTER_MIN, r.times_min, r.probe_c)
        text = (f"{what} for {r.duration_min:g} min over {r.fat_mm:g} mm of fat: the muscle 1 cm below the fat "
                f"{verb} from {r.start_c:.1f} to {r.end_c:.1f} °C ({decimal(r.change_c, sign=True)} °C); "
                f"{AFTER_MIN:g} min after removal it is {after:.1f} °C.")
        if r.modality == "heat":
            text += f" Skin {r.surface_end_c:.1f} °C, below the {self._pain:g} °C pain threshold."
        if state["resting_flow"]:
            text += " (What-if: blood flowing as at rest.)"
        if state["myrer_hidden"]:
            text += (f" Myrer 2001's points are hidden: they were measured after a {MYRER_MINUTES:g}-min pack, "
                     f"not {r.duration_min:g} min.")
        return text


def explore_heat_cold(modality: str = "ice", fat_mm: int = 10, duration_min: int = 20) -> HeatColdExplorer:
    """Show the tissue-temperature explorer: ``modality`` "ice" or "heat", fat 0-40 mm, 5-60 min."""
    return HeatColdExplorer(modality=modality, fat_mm=fat_mm, duration_min=duration_min)
