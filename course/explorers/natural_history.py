"""Natural-history explorer: mean pain over a year for acute and persistent back pain cohorts."""

from __future__ import annotations

import numpy as np

from ..models import natural_history as nh
from ..plotting import PALETTE, SERIES, band
from .base import Explorer
from .declarations import Quantity, Slider


def _acute_mean(v) -> float:
    return nh.pain_at(v["week"], "acute").mean


class NaturalHistoryExplorer(Explorer):
    """Move the week slider, or click on the plot at a week, to read mean pain, with its 95%
    interval, in both kinds of cohort."""

    name = "natural_history"
    title = "How an episode of back pain usually runs (Costa et al. 2012)"
    model_kind = "fitted"
    model_note = ("Points: pooled means with 95% confidence intervals from 33 cohorts (11,166 people). "
                  "Lines between them are interpolated.")
    checked_against = ("Costa 2012's pooled means at 0, 6, 26 and 52 weeks after onset; the slider cannot "
                       "leave that year, and between the published weeks the line is interpolated.")
    figsize = (8.0, 3.8)
    bench_moves = [{"week": w} for w in (0, 3, 6, 13, 26, 39, 52, 20)]
    control_specs = (Slider("week", "Weeks since onset", 0, 0, 52, 1, unit="weeks"),)
    quantities = (Quantity("acute_mean", "the average pain in the acute cohorts", "{:.0f}/100", _acute_mean),)

    def __init__(self, **initial):
        super().__init__(**initial)
        self.listen_for_clicks(self.on_click)

    def on_click(self, event: dict) -> int | None:
        """A click on the plot moves the week slider to the week clicked (the nearest whole week);
        a click outside the plot changes nothing. Returns the week set, or None."""
        point = self.axes_point(event, self.live.axes[0])
        if point is None:
            return None
        control = self.controls["week"]
        week = int(min(max(round(point[0]), control.min), control.max))
        control.value = week
        return week

    def build(self, live):
        ax = live.axes[0]
        weeks = np.linspace(0, 52, 209)
        self._published_weeks = {float(w) for w in nh.published_points(nh.COHORTS[0])["week"]}
        entries = []
        for cohort, style, hatch in zip(nh.COHORTS, SERIES, (None, "//")):
            mean, low, high = nh.pain_curve(weeks, cohort)
            band(ax, weeks, low, high, style["color"], hatch=hatch)
            line, = ax.plot(weeks, mean, color=style["color"], linestyle=style["linestyle"],
                            label=f"{cohort.capitalize()} cohorts")
            pts = nh.published_points(cohort)
            points = ax.errorbar(pts["week"], pts["mean"], yerr=[pts["mean"] - pts["low"], pts["high"] - pts["mean"]],
                                 fmt=style["marker"], color=style["color"], capsize=3, markersize=6)
            entries.append(((line, points), f"{cohort.capitalize()} cohorts (points: published)"))
        ax.set_xlim(0, 52)
        ax.set_ylim(0, 65)
        ax.set_xticks([0, 6, 13, 26, 39, 52])
        ax.set_xlabel("Weeks since the pain began")
        ax.set_ylabel("Mean pain (0-100)")
        # the numbers at the chosen week are labelled at their dots, so the legend only names the series
        ax.legend(*zip(*entries), loc="upper right", ncols=2)
        self._cursor = live.animated(ax.axvline(0, color=PALETTE["black"], linewidth=1.2, linestyle=":"))
        self._dots = [live.animated(ax.plot([], [], marker=s["marker"], markersize=11, markerfacecolor="white",
                                            markeredgewidth=2, color=s["color"], linestyle="none")[0])
                      for s in SERIES[:2]]
        self._label = live.animated(ax.text(0, 2, "", fontsize=10, va="bottom",
                                            bbox=dict(boxstyle="round", fc="white", ec="#999999")))
        # each cohort's mean and interval at the chosen week, next to its dot
        self._values = {cohort: live.animated(ax.text(0, 0, "", fontsize=9, linespacing=1.1,
                                                      bbox=dict(boxstyle="round,pad=0.2", fc="white",
                                                                ec=s["color"], alpha=0.9)))
                        for cohort, s in zip(nh.COHORTS, SERIES)}

    def compute(self, week):
        return {cohort: nh.pain_at(week, cohort) for cohort in nh.COHORTS} | {
            "fall": nh.percent_fall(week, "acute")}

    def draw(self, state):
        week = state["acute"].week
        self._cursor.set_xdata([week, week])
        for dot, cohort in zip(self._dots, nh.COHORTS):
            dot.set_data([week], [state[cohort].mean])
        self._label.set_text(f"week {week:g}")
        # labels above their dots; where the two means lie close, the lower one goes below its dot
        top = max(nh.COHORTS, key=lambda c: state[c].mean)
        close = abs(state["acute"].mean - state["persistent"].mean) < 12
        right = week <= 40
        # between the published weeks the values come from the interpolated curve, and say so
        between = "" if week in self._published_weeks else "\ninterpolated"
        for cohort, text in self._values.items():
            p = state[cohort]
            above = cohort == top or not close
            text.set_text(f"{cohort} {p.mean:.0f}/100\n(95% CI {p.low:.0f} to {p.high:.0f}){between}")
            text.set_position((week + (0.8 if right else -0.8), p.mean + (1.5 if above else -1.5)))
            text.set_horizontalalignment("left" if right else "right")
            text.set_verticalalignment("bottom" if above else "top")
        self._label.set_x(min(week + 0.8, 44))

    def figure_text(self, state) -> str:
        """What the figure shows, in words (the state description's first part)."""
        return ("Mean pain (0 to 100) against weeks since the pain began (0 to 52): the acute cohorts as a solid "
                "line with circles, the persistent cohorts as a dashed line with squares, each in a shaded 95% "
                "band (hatched for the persistent ones); the points with error bars are Costa 2012's pooled means "
                "with 95% intervals, the lines between them interpolated, and a dotted vertical line marks the "
                "chosen week.")

    def describe(self, state):
        a, p = state["acute"], state["persistent"]
        # between the published weeks the numbers are read off the interpolated line: said, as on the figure
        between = "" if float(a.week) in self._published_weeks else " (interpolated between Costa 2012's weeks)"
        return (f"Week {a.week:g}{between}: acute cohorts average {a.mean:.0f}/100 (95% CI {a.low:.0f} to "
                f"{a.high:.0f}), {state['fall']:.0f}% below the start; persistent cohorts {p.mean:.0f}/100 "
                f"(95% CI {p.low:.0f} to {p.high:.0f}).")


def explore_natural_history(week: int = 0) -> NaturalHistoryExplorer:
    """Show the natural-history explorer (Costa 2012), starting at ``week`` (0-52)."""
    return NaturalHistoryExplorer(week=week)
