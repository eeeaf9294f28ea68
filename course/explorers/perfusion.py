"""Perfusion explorer: how hard and how long a muscle contracts decides whether blood still gets in."""

from __future__ import annotations

import numpy as np
from matplotlib.patches import Patch

from .. import data
from ..models import perfusion as pf
from ..plotting import PALETTE
from .base import Explorer
from .declarations import Choice, Quantity, Slider

#: Fixed axis limits, so that a slider move redraws only what changes.
MVC_AXIS = (0.0, 100.0)
PRESSURE_AXIS = (0.0, 260.0)
FLOW_AXIS = (0.0, 20.0)
DEFICIT_AXIS = (0.0, 2000.0)
DURATION_S = 300.0
#: Unmet demand: hatched, so it does not rely on colour.
GAP_STYLE = dict(facecolor="none", edgecolor=PALETTE["vermillion"], hatch="xx", linewidth=0)
#: The smallest text the figure uses (pt), legible at the default zoom.
LABEL_PT = 9
#: White boxes behind direct labels, so that lines and hatching do not run through the words.
LABEL_BOX = dict(boxstyle="round,pad=0.15", fc="white", ec="none", alpha=0.85)
#: How faint the published points become when the setting leaves their protocol.
FADED = 0.25

#: Stops of the contraction-level slider (% MVC): coarse below 45% MVC, where a few presses reach
#: Sjøgaard's 5% MVC, and every 1% MVC from 45 to 80, where the flow stops (57% MVC for the reference
#: muscle, 52% MVC at strength 1.1), so the level at which it stops can be found to the point.
MVC_STOPS = (0, 5, 10, 20, 30, 40, *range(45, 81))

#: The panels the figure can show, in the order drawn: the squeeze against the arterial pressure,
#: supply against demand (both against the contraction level), and five minutes of holds and rests.
PANELS = ("squeeze", "supply", "time")
#: Figure height (inches, at the course's 100 dpi) for one or two rows of panels, 8.8 inches wide.
HEIGHTS = {1: 3.5, 2: 6.2}


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


def _deficit_end(v) -> float:
    """The oxygen deficit after five minutes of holds and rests, s of resting use (relative; one decimal)."""
    run = pf.simulate(mvc_pct=v["mvc_pct"], hold_s=v["hold_s"], rest_s=v["rest_s"], arterial_mmhg=v["arterial_mmhg"],
                      strength=v["strength"], duration_s=DURATION_S)
    return round(float(run.deficit_end), 1)


def _label(ax, x, y, text, **kw):
    """A direct label in the figure's smallest legible size, on a white box."""
    return ax.text(x, y, text, fontsize=LABEL_PT, bbox=LABEL_BOX, in_layout=False, **kw)


#: What the header says when the figure shows only the five minutes of holds and rests.
TIME_ONLY_NOTE = ("This view shows only the five minutes of holds and rests, which are conceptual: oxygen "
                  "demand, flow and deficit in relative units. Whether flow stops during a hold comes from "
                  "the physics of the squeeze against the arterial pressure (Explore 2.1).")


def _panel_grid(panels: tuple[str, ...]) -> tuple[int, int]:
    """Rows and columns of the figure: the panels against the contraction level side by side on top,
    the time panel across the whole width below them."""
    top = [p for p in panels if p != "time"]
    return (bool(top) + ("time" in panels), max(1, len(top)))


class PerfusionExplorer(Explorer):
    """Hold a contraction, rest, repeat: see the squeeze, the flow and the oxygen deficit.

    ``panels`` chooses which of :data:`PANELS` the figure shows (all three by default) and
    ``shown`` which controls the widget shows (all by default); a hidden control keeps its value.
    """

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
    figsize = (8.8, HEIGHTS[2])
    grid = _panel_grid(PANELS)
    bench_moves = [{"mvc_pct": 20}, {"mvc_pct": 45}, {"hold_s": 40}, {"rest_s": 0}, {"rest_s": 20},
                   {"arterial_mmhg": 130}, {"strength": 1.4}, {"mvc_pct": 60}, {"strength": 0.8},
                   {"arterial_mmhg": 100}, {"hold_s": 15}]

    control_specs = (
        Choice("mvc_pct", "Contraction level (% MVC)", 40, tuple((v, str(v)) for v in MVC_STOPS),
               widget="slider", width="360px", unit="% MVC", nearest=True),
        Slider("hold_s", "Hold time (s)", 20, 5, 120, 5, unit="s"),
        Slider("rest_s", "Rest between holds (s)", 10, 0, 60, 5, unit="s"),
        Slider("arterial_mmhg", "Arterial pressure (mmHg)", 100, 70, 160, 10, unit="mmHg"),
        Slider("strength", "Strength (x reference muscle)", 1.0, 0.6, 1.6, 0.1, unit="x", readout_format=".1f"),
    )
    quantities = (Quantity("held_flow", "the blood flow during the hold", "{:.0f}% of resting flow", _held_flow),
                  Quantity("deficit_end", "the oxygen deficit after five minutes", "{:.0f} s of resting use",
                           _deficit_end))

    def __init__(self, panels: tuple[str, ...] = PANELS, shown: tuple[str, ...] | None = None, **initial):
        unknown = [p for p in panels if p not in PANELS]
        if unknown or not panels:
            raise ValueError(f"panels must name one or more of {', '.join(PANELS)}; got "
                             f"{', '.join(map(repr, unknown)) or 'none'}")
        self.panels = tuple(p for p in PANELS if p in panels)
        if self.panels == ("time",):  # only the conceptual part on show: the header says so
            self.model_kind = "conceptual"
            self.model_note = TIME_ONLY_NOTE
        self.grid = _panel_grid(self.panels)
        self.figsize = (8.8, HEIGHTS[self.grid[0]])
        super().__init__(shown=shown, **initial)

    # -- static drawing -----------------------------------------------------------------------
    def build(self, live):
        rows, cols = self.grid
        axes = list(live.axes)
        if "time" in self.panels and cols > 1:  # the time panel spans the bottom row
            gridspec = axes[-1].get_subplotspec().get_gridspec()
            for ax in axes[-cols:]:
                ax.remove()
            axes = [*axes[:-cols], live.fig.add_subplot(gridspec[rows - 1, :])]
        self.axes = dict(zip(self.panels, axes))
        live.fig.suptitle(" ", fontsize=11)  # a blank row on top, where the "outside the measured range" badge goes
        self._x = np.linspace(*MVC_AXIS, 201)
        self._published: list = []  # what was measured: faded when the setting leaves the studies' protocol
        self._statics: list = []  # (artist, how to place it at an arterial pressure): in the background
        builders = {"squeeze": self._build_squeeze, "supply": self._build_supply, "time": self._build_time}
        for name, ax in self.axes.items():
            builders[name](live, ax)
        self._place_statics(self.controls["arterial_mmhg"].value)

    def _place_statics(self, arterial_mmhg: float) -> None:
        """Draw what changes only with the arterial pressure (its line and labels) and fade the published
        points when it is not the studies' (the volunteers' own, the model's reference)."""
        self._arterial = arterial_mmhg
        faded = arterial_mmhg != pf.default_params().reference_arterial_mmhg
        for artist in self._published:
            artist.set_alpha(artist._course_alpha * (FADED if faded else 1.0))
        for _, place in self._statics:
            place(arterial_mmhg)

    def _published_artist(self, live, artist, animated: bool = False):
        """A published point or band, which draw fades when the setting leaves the studies' protocol
        (static ones are part of the cached background, cached again when they fade or return)."""
        artist._course_alpha = artist.get_alpha() or 1.0
        self._published.append(live.animated(artist) if animated else artist)
        return artist

    def _band_label(self, live, ax, top: float):
        """Sadamoto's band named once, in the first panel that shows it, above the line where flow stops."""
        band = _fact("occlusion_band")
        self._published_artist(live, _label(ax, (band["low"] + band["high"]) / 2, 0.85 * top,
                                            "Sadamoto 1983:\nflow stopped", ha="center", va="top"))

    def _mvc_axis(self, live, ax):
        band = _fact("occlusion_band")
        self._published_artist(live, ax.axvspan(band["low"], band["high"], facecolor="#BBBBBB", alpha=0.35,
                                                hatch="///", edgecolor="#777777", linewidth=0))
        ax.set_xticks(range(0, 101, 20))
        ax.set_xlim(*MVC_AXIS)
        ax.set_xlabel("Contraction level (% MVC)")

    def _build_squeeze(self, live, ax):
        """The squeeze against the pressure that pushes blood in, with the measured pressures."""
        self._mvc_axis(live, ax)
        rest = _fact("lowlevel_pressure_rest")
        marker = ax.errorbar([0], [rest["value"]], yerr=[[rest["value"] - rest["low"]], [rest["high"] - rest["value"]]],
                             fmt="D", color=PALETTE["black"], capsize=3, markersize=6, clip_on=False, zorder=5)
        for artist in (*marker.lines[:1], *marker.lines[1], *marker.lines[2]):
            self._published_artist(live, artist)
        level, swing = _fact("lowlevel_contraction")["value"], _fact("lowlevel_pressure_peak")["value"]
        self._published_artist(live, ax.plot([level, level], [0, swing], color=PALETTE["black"], linewidth=4,
                                             alpha=0.45, solid_capstyle="butt", marker="_", markersize=12,
                                             markeredgewidth=2.5)[0])
        self._published_artist(live, _label(
            ax, 1.5, 0.98 * PRESSURE_AXIS[1],
            f"Sjøgaard 1986:\n◆ {rest['value']:g} mmHg at rest\n▮ up to {swing:g} mmHg\n   in 1 h at {level:g}% MVC,\n   flow kept",
            ha="left", va="top"))
        band, peak = _fact("occlusion_band"), _fact("occlusion_pressure_max")["value"]
        self._published_artist(live, ax.plot([band["low"], band["high"]], [peak, peak], color=PALETTE["black"],
                                             linewidth=2.5, linestyle=":")[0])
        self._published_artist(live, _label(ax, band["high"] + 1.5, peak, f"up to {peak:g} mmHg\nas flow stopped",
                                            ha="left", va="center"))
        ax.set_ylim(*PRESSURE_AXIS)
        ax.set_ylabel("Pressure (mmHg)")
        ax.set_title("The squeeze rises with force", loc="left")
        self._imp = live.animated(ax.plot([], [], color=PALETTE["blue"], linestyle="-")[0])
        self._imp_label = live.animated(ax.text(0, 0, "squeeze in the muscle (model)", ha="right", va="bottom",
                                                color=PALETTE["blue"], fontsize=LABEL_PT, in_layout=False))
        art = ax.plot([], [], color=PALETTE["vermillion"], linestyle="--")[0]
        self._statics.append((art, lambda a: art.set_data(list(MVC_AXIS), [a, a])))
        # the label in a darker vermillion, with enough contrast for text, above the line on the left, where
        # the squeeze is below arterial pressure and only Sjøgaard's bar (5% MVC) stands
        art_label = ax.text(9, 0, "arterial pressure", color="#A23C00", fontsize=LABEL_PT, va="bottom",
                            in_layout=False)
        self._statics.append((art_label, lambda a: art_label.set_y(a + 4)))
        # the line where flow stops ends below the band's label
        self._occ_p = live.animated(ax.axvline(0, ymax=0.68, color=PALETTE["black"], linewidth=1.4, linestyle=":"))
        self._dot_p = live.animated(ax.plot([], [], marker="o", markersize=9, markerfacecolor="white",
                                            markeredgewidth=2, color=PALETTE["blue"], linestyle="none")[0])
        self._label_p = live.animated(_label(ax, 0, 6, "", ha="left", va="bottom"))
        self._band_label(live, ax, PRESSURE_AXIS[1])

    def _build_supply(self, live, ax):
        """What the squeezed vessels can carry against what the muscle needs."""
        self._mvc_axis(live, ax)
        demand = pf.oxygen_demand(self._x)
        ax.plot(self._x, demand, color=PALETTE["orange"], linestyle="--")
        _label(ax, 98, float(pf.oxygen_demand(98)) + 0.4, "oxygen demand\n(conceptual)", ha="right", va="bottom",
               color="#8A5A00")
        stronger, weaker = _fact("handgrip_occlusion_stronger"), _fact("handgrip_occlusion_weaker")
        for fact, marker, size, colour, words in ((stronger, "v", 10, PALETTE["purple"], "stronger"),
                                                  (weaker, "s", 8, PALETTE["green"], "weaker")):
            self._published_artist(live, ax.plot([fact["value"]], [0.4], marker=marker, markersize=size,
                                                 color=colour, linestyle="none", clip_on=False)[0])
            # right of the point, clear of the ceiling line falling to zero on its left
            self._published_artist(live, _label(ax, fact["value"] - 1.5, 1.4,
                                                f"handgrip,\n{words}:\n{fact['value']:g}%", ha="left", va="bottom"))
        ax.set_ylim(*FLOW_AXIS)
        ax.set_ylabel("Flow, demand (x resting)")
        ax.set_title("Supply against demand", loc="left")
        self._ceiling = live.animated(ax.plot([], [], color=PALETTE["blue"], linestyle="-")[0])
        ceiling_label = ax.text(2, 0, "most flow the squeezed\nvessels can carry", ha="left", va="bottom",
                                color=PALETTE["blue"], fontsize=LABEL_PT, in_layout=False)
        self._statics.append((ceiling_label, lambda a: ceiling_label.set_y(
            min(float(pf.flow_ceiling(0, a)), 0.8 * FLOW_AXIS[1]) + 0.4)))
        self._gap_f = live.animated(ax.fill_between(self._x, demand, demand, **GAP_STYLE))
        self._occ_f = live.animated(ax.axvline(0, color=PALETTE["black"], linewidth=1.4, linestyle=":"))
        self._dot_f = live.animated(ax.plot([], [], marker="o", markersize=9, markerfacecolor="white",
                                            markeredgewidth=2, color=PALETTE["blue"], linestyle="none")[0])
        if "squeeze" not in self.panels:
            self._band_label(live, ax, FLOW_AXIS[1])

    def _build_time(self, live, ax):
        """Work-rest cycles over five minutes."""
        ax.set_xlim(0, DURATION_S)
        ax.set_ylim(*FLOW_AXIS)
        ax.set_xlabel("Time (s)")
        ax.set_ylabel("Flow, demand (x resting)")
        self._demand_t = live.animated(ax.plot([], [], color=PALETTE["orange"], linestyle="--")[0])
        self._flow_t = live.animated(ax.plot([], [], color=PALETTE["blue"], linestyle="-")[0])
        t0 = np.array([0.0, DURATION_S])
        self._gap_t = live.animated(ax.fill_between(t0, t0 * 0, t0 * 0, **GAP_STYLE))
        ax_d = ax.twinx()
        ax_d.set_ylim(*DEFICIT_AXIS)
        ax_d.set_ylabel("Oxygen deficit\n(s of resting use)")
        ax_d.grid(False)
        ax_d.spines["right"].set_visible(True)
        self._deficit = live.animated(ax_d.plot([], [], color=PALETTE["black"], linestyle=":", linewidth=2.6)[0])
        self._offscale = live.animated(ax_d.text(DURATION_S * 0.99, DEFICIT_AXIS[1] * 0.97, "", ha="right",
                                                 va="top", fontsize=LABEL_PT, in_layout=False,
                                                 bbox=dict(boxstyle="round", fc="white", ec="#999999")))
        # Square waves leave no steady place for a label on each line: one legend, one row, one entry each.
        ax.legend(handles=[self._demand_t, self._flow_t, Patch(**GAP_STYLE), self._deficit],
                  labels=["oxygen demand", "blood flow", "demand not met", "oxygen deficit (right axis)"],
                  loc="lower left", bbox_to_anchor=(0.0, 1.0), ncols=4, fontsize=LABEL_PT, frameon=False,
                  borderaxespad=0.2, handlelength=2.2, columnspacing=1.2)
        ax.set_title("Five minutes of holds and rests", loc="left", pad=22)  # room for the legend below it

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
        if run.arterial_mmhg != self._arterial:  # what moves only with it is background: cache it again
            self._place_statics(run.arterial_mmhg)
            self.live.freeze()
        if "squeeze" in self.axes:
            self._draw_squeeze(state)
        if "supply" in self.axes:
            self._draw_supply(state)
        if "time" in self.axes:
            self._draw_time(run)

    def _draw_squeeze(self, state):
        run, x = state["run"], self._x
        occ, pressure = run.occlusion_pct, state["pressure"]
        self._imp.set_data(x, pressure)
        # the model's label rides above the line, left of where it leaves the top of the panel
        end = min(96.0, float(np.interp(0.55 * PRESSURE_AXIS[1], pressure, x, right=96.0)))
        self._imp_label.set_position((end, float(np.interp(end, x, pressure)) + 4))
        self._occ_p.set_xdata([min(occ, MVC_AXIS[1])] * 2)
        self._occ_p.set_visible(occ <= MVC_AXIS[1])
        self._label_p.set_text(f"flow stops\nat {occ:.0f}% MVC" if occ <= 100 else "flow never stops")
        self._label_p.set_x(min(occ + 1.5, 80) if occ <= 100 else 70)
        self._dot_p.set_data([run.mvc_pct], [state["pressure_here"]])

    def _draw_supply(self, state):
        run, x = state["run"], self._x
        occ, ceiling = run.occlusion_pct, state["ceiling"]
        self._ceiling.set_data(x, ceiling)
        self._gap_f.set_data(x, state["demand"], ceiling, where=state["demand"] > ceiling)
        self._occ_f.set_xdata([min(occ, MVC_AXIS[1])] * 2)
        self._occ_f.set_visible(occ <= MVC_AXIS[1])
        self._dot_f.set_data([run.mvc_pct], [state["flow_here"]])

    def _draw_time(self, run):
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

    def figure_text(self, state) -> str:
        """What the figure shows, in words (the state description's first part): the panels shown, each
        placed as drawn, with the published points and band they carry."""
        level, peak = _fact("lowlevel_contraction")["value"], _fact("occlusion_pressure_max")["value"]
        swing = _fact("lowlevel_pressure_peak")["value"]
        shortfall = "demand dashed, shortfall hatched"
        words = {
            "squeeze": ("pressure (mmHg): squeeze solid, arterial pressure dashed, Sjøgaard 1986 resting (diamond), "
                        f"up to {swing:g} mmHg in 1 h at {level:g}% MVC with flow kept (bar), up to {peak:g} mmHg as flow "
                        "stopped (dotted)"),
            "supply": (f"flow (x resting): squeezed vessels' limit solid, {shortfall}, handgrip stronger "
                       "(triangle) and weaker men (square) where flow stopped"),
            # beside the supply panel, the lines it shares with it are not named twice
            "time": ("five minutes of holds and rests (s), "
                     + ("lines as above, deficit dotted" if "supply" in self.panels
                        else f"flow solid, {shortfall}, oxygen deficit dotted")),
        }
        top = [p for p in self.panels if p != "time"]
        places = {"squeeze": "left", "supply": "right"} if len(top) == 2 else {top[0]: "top"} if top else {}
        places["time"] = "below"
        parts = [f"{places[p].capitalize()}, {words[p]}" if len(self.panels) > 1 else words[p][0].upper() + words[p][1:]
                 for p in self.panels]
        if top:
            parts.insert(0, "Against contraction level (% MVC): grey hatching where flow stopped in Sadamoto 1983's "
                            "contracting muscles, dotted where the model's flow stops")
        if state["run"].arterial_mmhg != pf.default_params().reference_arterial_mmhg:
            parts.append("The published points are faded: the studies were at the volunteers' own arterial "
                         "pressure, not this one")
        return ". ".join(parts) + "."

    def describe(self, state):
        run = state["run"]
        head = (f"Flow stops at {run.occlusion_pct:.0f}% MVC" if run.occlusion_pct <= 100
                else "Flow never stops, even at 100% MVC")
        head += f" (strength {run.strength:.1f}x, arterial pressure {run.arterial_mmhg:.0f} mmHg)."
        share = "all" if run.coverage >= 1 else f"{100 * run.coverage:.0f}%"
        if "time" not in self.panels:  # no deficit drawn: none said
            return f"{head} Holding {run.mvc_pct:.0f}% MVC: flow meets {share} of the oxygen demand."
        pattern = (f"{run.hold_s:.0f} s holds and {run.rest_s:.0f} s rests" if run.rest_s > 0
                   else "one unbroken hold")
        if run.coverage >= 1:
            return (f"{head} Holding {run.mvc_pct:.0f}% MVC: flow meets all of the oxygen demand; "
                    f"after 5 min of {pattern} the deficit is {run.deficit_end:.0f}.")
        return (f"{head} Holding {run.mvc_pct:.0f}% MVC: flow meets {100 * run.coverage:.0f}% of the oxygen "
                f"demand; after 5 min of {pattern} the deficit is {run.deficit_end:.0f} s of resting use "
                f"(peak {run.deficit_peak:.0f}).")


def explore_perfusion(mvc_pct: int = 40, hold_s: int = 20, rest_s: int = 10, arterial_mmhg: int = 100,
                      strength: float = 1.0, *, controls: tuple[str, ...] | None = None,
                      panels: tuple[str, ...] = PANELS) -> PerfusionExplorer:
    """Show the perfusion explorer, starting from the given settings.

    Parameters
    ----------
    mvc_pct : int
        Contraction level during each hold, % of maximal voluntary contraction (0-80, in the
        slider's stops :data:`MVC_STOPS`; a level between two stops moves to the nearer one).
    hold_s : int
        Length of each hold, s (5-120).
    rest_s : int
        Rest between holds, s (0-60; 0 is one unbroken hold).
    arterial_mmhg : int
        Mean arterial pressure, mmHg (70-160).
    strength : float
        Strength relative to the reference muscle (0.6-1.6).
    controls : tuple of str, optional
        The controls shown (all by default); a hidden control keeps the value given here.
    panels : tuple of str
        The panels the figure shows, of :data:`PANELS`.

    >>> ex = explore_perfusion(mvc_pct=5)
    >>> ex.readout_text.startswith("Flow stops at 57% MVC")
    True
    >>> ex.limit_notes  # inside the measured occlusion levels
    []
    >>> explore_perfusion(strength=1.5).limit_notes
    ['Flow stopping at 38.0% MVC is below every measured mean (50 to 75.5% MVC): an extrapolation of the model.']
    >>> work = explore_perfusion(controls=("mvc_pct", "hold_s", "rest_s"), panels=("time",), mvc_pct=50)
    >>> work.shown, work.controls["strength"].value
    (('mvc_pct', 'hold_s', 'rest_s'), 1.0)
    """
    return PerfusionExplorer(panels=panels, shown=controls, mvc_pct=mvc_pct, hold_s=hold_s, rest_s=rest_s,
                             arterial_mmhg=arterial_mmhg, strength=strength)
