"""Perfusion explorer: how hard and how long a muscle contracts decides whether blood still gets in."""

from __future__ import annotations

import numpy as np
from matplotlib.patches import Patch

from .. import data
from ..models import perfusion as pf
from ..plotting import PALETTE
from .base import Explorer
from .declarations import Quantity, Slider

#: Fixed axis limits, so that a slider move redraws only what changes.
MVC_AXIS = (0.0, 100.0)
PRESSURE_AXIS = (0.0, 260.0)
FLOW_AXIS = (0.0, 20.0)
DEFICIT_AXIS = (0.0, 2000.0)
DURATION_S = 300.0
#: Unmet demand: hatched, so it does not rely on colour.
GAP_STYLE = dict(facecolor="none", edgecolor=PALETTE["vermillion"], hatch="xx", linewidth=0)


def _fact(key: str) -> dict:
    return data.record("ischemia_facts", key)


def measured_occlusion_range() -> tuple[float, float]:
    """Lowest and highest measured mean occlusion level (% MVC): Sadamoto 1983's band by muscle and
    the handgrip study's stronger and weaker groups. Outside it the model extrapolates."""
    band = _fact("occlusion_band")
    stronger, weaker = _fact("handgrip_occlusion_stronger"), _fact("handgrip_occlusion_weaker")
    return (min(band["low"], stronger["value"], weaker["value"]),
            max(band["high"], stronger["value"], weaker["value"]))


def _held_flow(v) -> float:
    """Blood flow during the hold, % of resting flow (one decimal)."""
    return round(100.0 * float(pf.steady_flow(v["mvc_pct"], v["arterial_mmhg"], v["strength"])), 1)


class PerfusionExplorer(Explorer):
    """Hold a contraction, rest, repeat: see the squeeze, the flow and the oxygen deficit."""

    name = "perfusion"
    title = "Squeeze, blood flow and oxygen in a working muscle"
    model_kind = "physics"
    model_note = ("Physics: pressure and the level at which flow stops, anchored to the resting pressure "
                  "of Sjøgaard 1986 and the level at which flow stopped in Sadamoto 1983. \"Flow stops when "
                  "the squeeze reaches arterial pressure\" holds under passive compression; in contracting "
                  "muscle flow stopped with local pressures up to 240 mmHg, so the pressure line is an "
                  "effective squeeze, not what a needle would read. Conceptual: the oxygen demand, flow and "
                  "deficit, in relative units.")
    checked_against = ("The contraction level at which flow stopped: means of 50-64% MVC by muscle (Sadamoto "
                       "1983) and 51.5% and 75.5% MVC in the stronger and weaker men of a handgrip study, at "
                       "the volunteers' own arterial pressure (the model's reference, 100 mmHg); and the hour "
                       "at 5% MVC with the blood supply maintained (Sjøgaard 1986).")
    figsize = (8.8, 7.4)
    grid = (2, 2)
    bench_moves = [{"mvc_pct": 20}, {"mvc_pct": 45}, {"hold_s": 40}, {"rest_s": 0}, {"rest_s": 20},
                   {"arterial_mmhg": 130}, {"strength": 1.4}, {"mvc_pct": 60}, {"strength": 0.8},
                   {"arterial_mmhg": 100}, {"hold_s": 15}]

    control_specs = (
        Slider("mvc_pct", "Contraction level (% MVC)", 40, 0, 80, 1, unit="% MVC"),
        Slider("hold_s", "Hold time (s)", 20, 5, 120, 5, unit="s"),
        Slider("rest_s", "Rest between holds (s)", 10, 0, 60, 5, unit="s"),
        Slider("arterial_mmhg", "Arterial pressure (mmHg)", 100, 70, 160, 5, unit="mmHg"),
        Slider("strength", "Strength (x reference muscle)", 1.0, 0.6, 1.6, 0.05, unit="x", readout_format=".2f"),
    )
    quantities = (Quantity("held_flow", "the blood flow during the hold", "{:.0f}% of resting flow", _held_flow),)

    # -- static drawing -----------------------------------------------------------------------
    def build(self, live):
        ax_p, ax_f, spare_a, spare_b = live.axes
        grid = spare_a.get_subplotspec().get_gridspec()
        spare_a.remove()
        spare_b.remove()
        ax_t = live.fig.add_subplot(grid[1, :])
        live.fig.suptitle(" ", fontsize=11)  # a blank row on top, where the "outside the measured range" badge goes
        self._x = np.linspace(*MVC_AXIS, 201)
        band = _fact("occlusion_band")
        for ax in (ax_p, ax_f):
            ax.axvspan(band["low"], band["high"], facecolor="#BBBBBB", alpha=0.35, hatch="///",
                       edgecolor="#777777", linewidth=0,
                       label=f"Flow stopped, Sadamoto 1983 ({band['low']:g}-{band['high']:g}% MVC)")
            ax.set_xticks(range(0, 101, 20))
            ax.set_xlim(*MVC_AXIS)
            ax.set_xlabel("Contraction level (% MVC)")

        # Pressure panel: the squeeze against the pressure that pushes blood in.
        rest = _fact("lowlevel_pressure_rest")
        ax_p.errorbar([0], [rest["value"]], yerr=[[rest["value"] - rest["low"]], [rest["high"] - rest["value"]]],
                      fmt="D", color=PALETTE["black"], capsize=3, markersize=6, clip_on=False, zorder=5,
                      label=f"Sjøgaard 1986, at rest: {rest['value']:g} mmHg ({rest['low']:g}-{rest['high']:g})")
        level, swing = _fact("lowlevel_contraction")["value"], _fact("lowlevel_pressure_peak")["value"]
        ax_p.plot([level, level], [0, swing], color=PALETTE["black"], linewidth=4, alpha=0.45,
                  solid_capstyle="butt", marker="_", markersize=12, markeredgewidth=2.5,
                  label=f"During the hour at {level:g}% MVC: up to {swing:g} mmHg, blood supply kept")
        peak = _fact("occlusion_pressure_max")["value"]
        ax_p.plot([band["low"], band["high"]], [peak, peak], color=PALETTE["black"], linewidth=2.5,
                  linestyle=":", label=f"Contracting: flow stopped at up to {peak:g} mmHg")
        ax_p.set_ylim(*PRESSURE_AXIS)
        ax_p.set_ylabel("Pressure (mmHg)")
        ax_p.set_title("The squeeze rises with force", loc="left")
        self._imp = live.animated(ax_p.plot([], [], color=PALETTE["blue"], linestyle="-",
                                            label="Pressure in the muscle (model)")[0])
        self._art = live.animated(ax_p.plot([], [], color=PALETTE["vermillion"], linestyle="--",
                                            label="Arterial pressure (your setting)")[0])
        self._occ_p = live.animated(ax_p.axvline(0, color=PALETTE["black"], linewidth=1.4, linestyle=":"))
        self._dot_p = live.animated(ax_p.plot([], [], marker="o", markersize=9, markerfacecolor="white",
                                              markeredgewidth=2, color=PALETTE["blue"], linestyle="none")[0])
        handles, labels = ax_p.get_legend_handles_labels()
        order = sorted(range(len(labels)), key=lambda i: not labels[i].startswith("Sjøgaard"))
        order = [order[1], order[0], *order[2:]]  # the band first, then the resting point
        ax_p.legend(handles=[handles[i] for i in order], labels=[labels[i] for i in order],
                    loc="upper center", bbox_to_anchor=(0.5, -0.2), fontsize=9)

        # Flow panel: what the squeezed vessels can carry against what the muscle needs.
        demand = pf.oxygen_demand(self._x)
        ax_f.plot(self._x, demand, color=PALETTE["orange"], linestyle="--", label="Oxygen demand (conceptual)")
        stronger, weaker = _fact("handgrip_occlusion_stronger"), _fact("handgrip_occlusion_weaker")
        ax_f.plot([stronger["value"]], [0.4], marker="v", markersize=10, color=PALETTE["purple"],
                  linestyle="none", clip_on=False,
                  label=f"Handgrip, stronger men: {stronger['value']:g}% MVC")
        ax_f.plot([weaker["value"]], [0.4], marker="s", markersize=8, color=PALETTE["green"],
                  linestyle="none", clip_on=False,
                  label=f"Handgrip, weaker men: {weaker['value']:g}% MVC")
        ax_f.set_ylim(*FLOW_AXIS)
        ax_f.set_ylabel("Flow, demand (x resting)")
        ax_f.set_title("Supply against demand while holding", loc="left")
        self._ceiling = live.animated(ax_f.plot([], [], color=PALETTE["blue"], linestyle="-",
                                                label="Most flow the squeezed vessels carry")[0])
        self._gap_f = live.animated(ax_f.fill_between(self._x, demand, demand, **GAP_STYLE))
        self._occ_f = live.animated(ax_f.axvline(0, color=PALETTE["black"], linewidth=1.4, linestyle=":"))
        self._dot_f = live.animated(ax_f.plot([], [], marker="o", markersize=9, markerfacecolor="white",
                                              markeredgewidth=2, color=PALETTE["blue"], linestyle="none")[0])
        handles, labels = ax_f.get_legend_handles_labels()
        ax_f.legend(handles=[*handles, Patch(**GAP_STYLE)], labels=[*labels, "Demand not met"],
                    loc="upper center", bbox_to_anchor=(0.5, -0.2), fontsize=9)

        # Time panel: work-rest cycles over five minutes.
        ax_t.set_xlim(0, DURATION_S)
        ax_t.set_ylim(*FLOW_AXIS)
        ax_t.set_xlabel("Time (s)")
        ax_t.set_ylabel("Flow, demand (x resting)")
        ax_t.set_title("Five minutes of holds and rests", loc="left")
        self._demand_t = live.animated(ax_t.plot([], [], color=PALETTE["orange"], linestyle="--",
                                                 label="Oxygen demand")[0])
        self._flow_t = live.animated(ax_t.plot([], [], color=PALETTE["blue"], linestyle="-",
                                               label="Blood flow (oxygen delivered)")[0])
        t0 = np.array([0.0, DURATION_S])
        self._gap_t = live.animated(ax_t.fill_between(t0, t0 * 0, t0 * 0, **GAP_STYLE))
        ax_d = ax_t.twinx()
        ax_d.set_ylim(*DEFICIT_AXIS)
        ax_d.set_ylabel("Oxygen deficit\n(s of resting use)")
        ax_d.grid(False)
        ax_d.spines["right"].set_visible(True)
        self._deficit = live.animated(ax_d.plot([], [], color=PALETTE["black"], linestyle=":", linewidth=2.6,
                                                label="Oxygen deficit (right axis)")[0])
        self._offscale = live.animated(ax_d.text(DURATION_S * 0.99, DEFICIT_AXIS[1] * 0.97, "", ha="right",
                                                 va="top", fontsize=9,
                                                 bbox=dict(boxstyle="round", fc="white", ec="#999999")))
        ax_t.legend(handles=[self._demand_t, self._flow_t, Patch(**GAP_STYLE), self._deficit],
                    labels=["Oxygen demand", "Blood flow (oxygen delivered)", "Demand not met: deficit grows",
                            "Oxygen deficit (right axis)"], loc="upper left", ncols=2, fontsize=9)
        self._label_p = live.animated(ax_p.text(0, PRESSURE_AXIS[1] * 0.6, "", fontsize=9,
                                                bbox=dict(boxstyle="round", fc="white", ec="#999999")))

    # -- model ---------------------------------------------------------------------------------
    def compute(self, mvc_pct, hold_s, rest_s, arterial_mmhg, strength):
        run = pf.simulate(mvc_pct=mvc_pct, hold_s=hold_s, rest_s=rest_s, arterial_mmhg=arterial_mmhg,
                          strength=strength, duration_s=DURATION_S)
        return {
            "run": run,
            "pressure": pf.intramuscular_pressure(self._x, strength),
            "ceiling": pf.flow_ceiling(self._x, arterial_mmhg, strength),
            "demand": pf.oxygen_demand(self._x),
            # the markers at the chosen contraction level
            "pressure_here": float(pf.intramuscular_pressure(mvc_pct, strength)),
            "flow_here": float(pf.steady_flow(mvc_pct, arterial_mmhg, strength)),
        }

    def draw(self, state):
        run = state["run"]
        x = self._x
        occ = run.occlusion_pct
        self._imp.set_data(x, state["pressure"])
        self._art.set_data(list(MVC_AXIS), [run.arterial_mmhg] * 2)
        shown = min(occ, MVC_AXIS[1])
        for line in (self._occ_p, self._occ_f):
            line.set_xdata([shown, shown])
            line.set_visible(occ <= MVC_AXIS[1])
        self._label_p.set_text(f"flow stops at {occ:.0f}% MVC" if occ <= 100 else "flow never stops")
        self._label_p.set_x(min(shown + 1.5, 66) if occ <= 100 else 55)
        self._dot_p.set_data([run.mvc_pct], [state["pressure_here"]])
        self._ceiling.set_data(x, state["ceiling"])
        self._gap_f.set_data(x, state["demand"], state["ceiling"], where=state["demand"] > state["ceiling"])
        self._dot_f.set_data([run.mvc_pct], [state["flow_here"]])
        self._demand_t.set_data(run.t, run.demand)
        self._flow_t.set_data(run.t, run.flow)
        self._gap_t.set_data(run.t, run.demand, run.flow, where=run.demand > run.flow + 1e-9)
        self._deficit.set_data(run.t, run.deficit)
        self._offscale.set_text(f"deficit off the scale: peak {run.deficit_peak:.0f}"
                                if run.deficit_peak > DEFICIT_AXIS[1] else "")

    def limits(self, state):
        run = state["run"]
        low, high = measured_occlusion_range()
        notes = []
        if run.occlusion_pct < low:
            notes.append(f"Flow stopping at {run.occlusion_pct:.1f}% MVC is below every measured mean "
                         f"({low:g} to {high:g}% MVC): an extrapolation of the model.")
        elif run.occlusion_pct > high:
            where = (f"Flow stopping at {run.occlusion_pct:.1f}% MVC" if run.occlusion_pct <= 100
                     else "Flow that never stops")
            notes.append(f"{where} is above every measured mean ({low:g} to {high:g}% MVC): an extrapolation "
                         "of the model.")
        reference = pf.default_params().reference_arterial_mmhg
        if run.arterial_mmhg != reference:
            notes.append(f"Arterial pressure {run.arterial_mmhg:.0f} mmHg: the studies did not vary arterial "
                         f"pressure (the model is set at {reference:g} mmHg), so how far the occlusion level "
                         "moves with it is the model's physics, not a measurement.")
        return notes

    def describe(self, state):
        run = state["run"]
        head = (f"Flow stops at {run.occlusion_pct:.0f}% MVC" if run.occlusion_pct <= 100
                else "Flow never stops, even at 100% MVC")
        head += f" (strength {run.strength:.2f}x, arterial pressure {run.arterial_mmhg:.0f} mmHg)."
        pattern = (f"{run.hold_s:.0f} s holds and {run.rest_s:.0f} s rests" if run.rest_s > 0
                   else "one unbroken hold")
        if run.coverage >= 1:
            return (f"{head} Holding {run.mvc_pct:.0f}% MVC: flow meets all of the oxygen demand; "
                    f"after 5 min of {pattern} the deficit is {run.deficit_end:.0f}.")
        return (f"{head} Holding {run.mvc_pct:.0f}% MVC: flow meets {100 * run.coverage:.0f}% of the oxygen "
                f"demand; after 5 min of {pattern} the deficit is {run.deficit_end:.0f} s of resting use "
                f"(peak {run.deficit_peak:.0f}).")


def explore_perfusion(mvc_pct: int = 40, hold_s: int = 20, rest_s: int = 10, arterial_mmhg: int = 100,
                      strength: float = 1.0) -> PerfusionExplorer:
    """Show the perfusion explorer, starting from the given settings.

    Parameters
    ----------
    mvc_pct : int
        Contraction level during each hold, % of maximal voluntary contraction (0-80).
    hold_s : int
        Length of each hold, s (5-120).
    rest_s : int
        Rest between holds, s (0-60; 0 is one unbroken hold).
    arterial_mmhg : int
        Mean arterial pressure, mmHg (70-160).
    strength : float
        Strength relative to the reference muscle (0.6-1.6).

    >>> ex = explore_perfusion(mvc_pct=5)
    >>> ex.readout_text.startswith("Flow stops at 57% MVC")
    True
    >>> ex.limit_notes  # inside the measured occlusion levels
    []
    >>> explore_perfusion(strength=1.5).limit_notes
    ['Flow stopping at 38.0% MVC is below every measured mean (50 to 75.5% MVC): an extrapolation of the model.']
    """
    return PerfusionExplorer(mvc_pct=mvc_pct, hold_s=hold_s, rest_s=rest_s, arterial_mmhg=arterial_mmhg,
                             strength=strength)
