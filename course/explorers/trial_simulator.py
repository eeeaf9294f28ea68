"""Trial simulator: a zero-effect treatment started at a flare looks good before/after; a randomised
control group shows the truth."""

from __future__ import annotations

import numpy as np
from matplotlib.patches import Polygon, Rectangle

from ..models import natural_history as nh
from ..models import trial_simulator as tm
from ..plotting import PALETTE, SERIES
from .base import Explorer
from .declarations import Choice, Quantity, Slider

#: Segments of the "where the improvement came from" bars: colour, hatch and words.
SEGMENTS = {
    "natural recovery": (PALETTE["sky"], "//"),
    "regression to the mean": (PALETTE["orange"], ".."),
    "treatment": (PALETTE["blue"], ""),
    "no treatment": (PALETTE["grey"], "//.."),
    "placebo": (PALETTE["purple"], "xx"),
    "specific treatment": (PALETTE["blue"], ""),
}
LABELS = {"natural recovery": "natural\nrecovery", "regression to the mean": "regression\nto the mean",
          "treatment": "treatment", "no treatment": "no treatment\n(recovery +\nregression)",
          "placebo": "placebo", "specific treatment": "specific\ntreatment"}
EXAMPLES = 3


def _band_xy(x, low, high) -> np.ndarray:
    return np.column_stack([np.concatenate([x, x[::-1]]), np.concatenate([low, high[::-1]])])


def _signed(x: float) -> str:
    return f"{x:+.1f}".replace("-", "\u2212")


def _num(x: float) -> str:
    return f"{x:.1f}".replace("-", "\u2212")


def _difference_high(v) -> float:
    """Upper end of the 95% interval for treatment minus control (points, one decimal)."""
    r = tm.simulate_trial(effect=v["effect"], fluctuation_pct=v["fluctuation_pct"], threshold=v["threshold"],
                          n_patients=v["n_patients"], seed=v["seed"], cohort=v["cohort"])
    return round(r.difference.high, 1)


class TrialExplorer(Explorer):
    """Move the sliders: true effect, fluctuation, threshold, trial size, seed; pick the cohort."""

    name = "trial_simulator"
    title = "A treatment that does nothing: before/after, or against a control group"
    model_kind = "conceptual"
    model_note = ("Simulated people follow the mean course published by Costa et al. 2012 (error bars), "
                  "each at their own level, with pain that goes up and down from week to week; the spread "
                  "between people and the week-to-week correlation are illustrative, not fitted. The bar "
                  "on the right is not a like-for-like comparison: Pedersen et al. 2024 pooled three-arm "
                  "trials in chronic pain, with a placebo arm, and their 'no treatment' share holds natural "
                  "recovery and regression to the mean together; the simulation has no placebo and splits "
                  "those two.")
    checked_against = ("the average course of pain published by Costa et al. 2012 (pooled means and 95% "
                       "intervals at 0, 6, 26 and 52 weeks since onset: acute cohorts 52 to 6, persistent "
                       "cohorts 51 to 23 out of 100), which the simulated average follows; everything else "
                       "(flares, who starts, the true effect) is illustrative.")
    figsize = (11.4, 4.3)
    grid = (1, 3)
    bench_moves = [{"effect": e} for e in (0, 5, 10, 0)] + [
        {"threshold": 50}, {"threshold": 70}, {"threshold": 60}, {"fluctuation_pct": 10},
        {"fluctuation_pct": 40}, {"fluctuation_pct": 30}, {"seed": 2}, {"seed": 3}, {"seed": 1},
        {"cohort": "persistent"}, {"cohort": "acute"}]

    control_specs = (
        Slider("effect", "True effect of the treatment (points out of 100)", 0, 0, 20, 1, unit="points"),
        Slider("fluctuation_pct", "Ups and downs from week to week (%)", 30, 0, 60, 5, unit="%"),
        Slider("threshold", "Starts treatment when pain is above", 60, 30, 90, 5),
        Slider("n_patients", "People in the trial", 200, 20, 400, 20, unit="people"),
        Slider("seed", "Random seed", 1, 1, 100, 1),
        Choice("cohort", "Course of pain", "acute", (("acute", "Acute (new pain)"), ("persistent", "Persistent pain")),
               widget="dropdown"),
    )
    quantities = (Quantity("difference_high", "the upper end of the 95% interval for treatment minus control",
                           "{:+.1f} points", _difference_high),)

    def build(self, live):
        live.axes[0].get_subplotspec().get_gridspec().set_width_ratios([1.25, 1.0, 0.8])
        course, around, parts = live.axes
        # -- panel 1: everyone, weeks since onset, with the published means of the chosen cohort --
        # (only the cohort the simulated people follow is shown: the other cohort's points are hidden)
        self._published = {}
        published_style = dict(fmt="D", color=PALETTE["black"], markerfacecolor=PALETTE["yellow"], capsize=3,
                               markersize=6, linestyle="none")
        for cohort in nh.COHORTS:
            pts = nh.published_points(cohort)
            bars = course.errorbar(pts["week"], pts["mean"], yerr=[pts["mean"] - pts["low"], pts["high"] - pts["mean"]],
                                   **published_style)
            artists = [bars[0], *bars[1], *bars[2]]
            self._published[cohort] = [live.animated(a) for a in artists]
        course.errorbar([], [], yerr=[], label="Costa 2012, this cohort (published)", **published_style)
        self._pop = live.animated(course.plot([], [], color=PALETTE["black"], linewidth=2.0,
                                              label="simulated average")[0])
        self._examples = []
        for i, ls in zip(range(EXAMPLES), ("-", "--", ":")):
            line = live.animated(course.plot([], [], color=PALETTE["grey"], linewidth=1.0, linestyle=ls,
                                             label="three simulated people" if i == 0 else None)[0])
            start = live.animated(course.plot([], [], marker="^", markersize=8, color=PALETTE["black"],
                                              linestyle="none", label="start of treatment" if i == 0 else None)[0])
            follow = live.animated(course.plot([], [], marker="o", markersize=6, markerfacecolor="white",
                                               color=PALETTE["black"], linestyle="none",
                                               label="6 weeks later" if i == 0 else None)[0])
            self._examples.append((line, start, follow))
        self._thr = [live.animated(ax.axhline(60, color=PALETTE["purple"], linewidth=1.4, linestyle=(0, (6, 3))))
                     for ax in (course, around)]
        course.set_xlim(0, 52)
        course.set_ylim(0, 100)
        course.set_xticks([0, 6, 13, 26, 39, 52])
        course.set_xlabel("Weeks since the pain began")
        course.set_ylabel("Pain (0-100)")
        course.set_title("Everyone simulated", fontsize=11)
        course.legend(loc="upper right", fontsize=7.8)
        # -- panel 2: participants, weeks since the start of treatment ---------------------------
        x = tm.ALIGN.astype(float)
        self._arms = {}
        for arm, style, label in (("treated", SERIES[0], "treatment group"), ("control", SERIES[1], "control group")):
            band = live.animated(around.add_patch(Polygon(_band_xy(x, x * 0, x * 0), closed=True,
                                                          facecolor=style["color"], edgecolor=style["color"],
                                                          alpha=0.2, linewidth=0)))
            line = live.animated(around.plot([], [], color=style["color"], linestyle=style["linestyle"],
                                             marker=style["marker"], markersize=4, label=label)[0])
            self._arms[arm] = (line, band)
        self._usual = live.animated(around.plot([], [], color=PALETTE["black"], linestyle=":", linewidth=1.8,
                                                label="their usual level (no flare)")[0])
        # the key number where it is measured: treatment minus control at the follow-up, with its interval
        self._gap = live.animated(around.plot([], [], color=PALETTE["black"], linewidth=2.4, marker="_",
                                              markersize=9, markeredgewidth=2.4)[0])
        self._difference = live.animated(around.text(tm.FOLLOW_UP + 0.3, 0, "", ha="left", va="bottom", fontsize=9,
                                                     bbox=dict(boxstyle="round", fc="white", ec="#999999")))
        around.axvline(tm.FOLLOW_UP, color=PALETTE["grey"], linewidth=1.0)
        around.text(tm.FOLLOW_UP + 0.2, 97, "measured\nagain", fontsize=8, va="top")
        around.plot([], [], color=PALETTE["purple"], linewidth=1.4, linestyle=(0, (6, 3)), label="threshold for starting")
        around.set_xlim(0, tm.ALIGN[-1])
        around.set_ylim(0, 100)
        around.set_xlabel("Weeks since the start of treatment")
        around.set_title("People in the trial, by group", fontsize=11)
        around.legend(loc="lower left", fontsize=7.8)
        # -- panel 3: where the improvement came from ---------------------------------------------
        self._sim_parts = {}
        for key in ("natural recovery", "regression to the mean", "treatment"):
            colour, hatch = SEGMENTS[key]
            rect = live.animated(parts.add_patch(Rectangle((-0.35, 0), 0.7, 0, facecolor=colour, hatch=hatch,
                                                           edgecolor=PALETTE["black"], linewidth=0.8)))
            text = live.animated(parts.text(0, 0, "", ha="center", va="center", fontsize=8,
                                            bbox=dict(boxstyle="round,pad=0.15", fc="white", ec="none", alpha=0.85)))
            self._sim_parts[key] = (rect, text)
        bottom = 0.0
        for key, value in reversed(list(tm.improvement_shares("pain_intensity").items())):
            colour, hatch = SEGMENTS[key]
            # greyed (faded): Pedersen's categories are not the simulation's, so the bars are not like for like
            parts.add_patch(Rectangle((0.65, bottom), 0.7, value, facecolor=colour, hatch=hatch, alpha=0.45,
                                      edgecolor=PALETTE["black"], linewidth=0.8))
            parts.text(1.0, bottom + value / 2, f"{LABELS[key]}\n{value:.0f}%", ha="center", va="center", fontsize=8,
                       bbox=dict(boxstyle="round,pad=0.15", fc="white", ec="none", alpha=0.85))
            bottom += value
        parts.set_xlim(-0.5, 1.5)
        parts.set_ylim(0, 100)
        parts.set_xticks([0, 1], ["simulated\ntreatment group\n(no placebo)", "Pedersen 2024:\nchronic pain,\n3-arm trials;\nnot like for like"],
                         fontsize=8.5)
        parts.set_ylabel("Share of the improvement (%)")
        parts.set_title("Where the fall in pain\ncame from", fontsize=11)
        parts.grid(axis="x", visible=False)

    def compute(self, effect, fluctuation_pct, threshold, n_patients, seed, cohort):
        return tm.simulate_trial(effect=effect, fluctuation_pct=fluctuation_pct, threshold=threshold,
                                 n_patients=n_patients, seed=seed, cohort=cohort)

    def limits(self, r):
        return [f"With ups and downs of {r.fluctuation_pct:g}%, capping scores at 100 pulls the simulated "
                f"average at week {week} to about {sim:.1f} out of 100, outside the 95% interval Costa 2012 "
                f"published ({low:g} to {high:g}): there the simulated people no longer follow the measured course."
                for week, sim, low, high in tm.departures_from_costa(r.cohort, r.fluctuation_pct)]

    def draw(self, r):
        weeks = tm.WEEKS
        for cohort, artists in self._published.items():
            for artist in artists:
                artist.set_visible(cohort == r.cohort)
        self._pop.set_data(weeks, r.population_mean)
        for i, (line, start, follow) in enumerate(self._examples):
            t0 = r.start[i]
            line.set_data(weeks[: t0 + tm.FOLLOW_UP + 1], r.pain[i, : t0 + tm.FOLLOW_UP + 1])
            start.set_data([t0], [r.pain[i, t0]])
            follow.set_data([t0 + tm.FOLLOW_UP], [r.pain[i, t0 + tm.FOLLOW_UP]])
        for thr in self._thr:
            thr.set_ydata([r.threshold, r.threshold])
        x = r.align_weeks.astype(float)
        for arm, mean, half in (("treated", r.aligned_treated, r.aligned_treated_half),
                                ("control", r.aligned_control, r.aligned_control_half)):
            line, band = self._arms[arm]
            line.set_data(x, mean)
            band.set_xy(_band_xy(x, mean - half, mean + half))
        self._usual.set_data(x, r.aligned_usual)
        d, i = r.difference, int(np.searchsorted(r.align_weeks, tm.FOLLOW_UP))
        self._difference.set_text(f"treatment \u2212 control:\n{_signed(d.mean)} points\n"
                                  f"(95% CI {_signed(d.low)} to {_signed(d.high)})")
        arms = (r.aligned_treated[i], r.aligned_control[i])
        self._gap.set_data([tm.FOLLOW_UP, tm.FOLLOW_UP], arms)
        self._difference.set_y(min(max(arms) + 5, 70))
        shares = r.shares_pct
        bottom = 0.0
        for key, (rect, text) in self._sim_parts.items():
            value = shares[key]
            height = max(0.0, value) if np.isfinite(value) else 0.0
            rect.set_y(bottom)
            rect.set_height(height)
            text.set_text(f"{LABELS[key]}\n{value:.0f}%" if height >= 9 else "")
            text.set_position((0, bottom + height / 2))
            bottom += height

    def describe(self, r):
        t, c, d = r.improvement_treated, r.improvement_control, r.difference
        return (f"Before/after: the treatment group's pain fell {_num(t.mean)} points in {tm.FOLLOW_UP} weeks "
                f"(95% CI {_num(t.low)} to {_num(t.high)}); the control group's fell {_num(c.mean)} "
                f"(95% CI {_num(c.low)} to {_num(c.high)}). Treatment minus control at {tm.FOLLOW_UP} weeks: "
                f"{_signed(d.mean)} points (95% CI {_signed(d.low)} to {_signed(d.high)}); true effect "
                f"{r.effect:g}. The treatment group's fall: natural recovery {_num(r.natural_recovery)}, "
                f"regression to the mean {_num(r.regression_to_mean)}, treatment {_num(r.realised_effect)} points.")


def explore_trial(effect: int = 0, seed: int = 1, cohort: str = "acute") -> TrialExplorer:
    """Show the trial simulator, starting with a true effect (points, 0-20), a seed and a cohort."""
    return TrialExplorer(effect=effect, seed=seed, cohort=cohort)
