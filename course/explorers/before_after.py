"""Fooled by before/after: one group starts a treatment that does nothing at a flare of back pain,
and is measured again six weeks later; the pain falls all the same."""

from __future__ import annotations

from ..models import natural_history as nh
from ..models import trial_simulator as tm
from ..plotting import PALETTE, SERIES
from ..text import decimal
from .base import Explorer
from .declarations import Choice, Quantity, Slider
from .trial_parts import FONT, GroupLine, StackedBar, follow_up_marker, interval, share_axes

EXAMPLES = 3
SEED = 1
N_PATIENTS = 200
#: How each cohort is named in the readout.
COHORT_WORDS = {"acute": "acute", "persistent": "persistent-pain"}


def _improvement(v) -> float:
    """The group's mean fall in pain from the start of treatment to six weeks later (points)."""
    return round(_simulate(v["fluctuation_pct"], v["threshold"], v["cohort"]).improvement.mean, 1)


def _simulate(fluctuation_pct, threshold, cohort) -> tm.BeforeAfterResult:
    return tm.simulate_before_after(fluctuation_pct=fluctuation_pct, threshold=threshold, n_patients=N_PATIENTS,
                                    seed=SEED, cohort=cohort)


def published_note(cohort: str) -> str:
    """Which of Costa 2012's published points the figure shows, and which it leaves out."""
    others = ", ".join(f"the {COHORT_WORDS[c]} cohorts'" for c in nh.COHORTS if c != cohort)
    return (f"Published points: Costa 2012's {COHORT_WORDS[cohort]} cohorts, the course these people follow "
            f"({others} are left out).")


class BeforeAfterExplorer(Explorer):
    """Move the sliders: ups and downs, threshold for starting; pick the course of pain."""

    name = "before_after"
    title = "Fooled by before/after: one group, a treatment that does nothing"
    model_kind = "conceptual"
    model_note = ("200 simulated people follow the mean course published by Costa et al. 2012 (error bars), "
                  "each at their own level, with pain that goes up and down from week to week; the spread "
                  "between people and the week-to-week correlation are illustrative, not fitted.")
    checked_against = ("the average course of pain published by Costa et al. 2012 (pooled means and 95% "
                       "intervals at 0, 6, 26 and 52 weeks since onset: acute cohorts 52 to 6, persistent "
                       "cohorts 51 to 23 out of 100), which the simulated average follows; everything else "
                       "(flares, who starts) is illustrative.")
    figsize = (9.0, 3.4)
    grid = (1, 3)
    bench_moves = [{"threshold": 50}, {"threshold": 70}, {"threshold": 60}, {"fluctuation_pct": 10},
                   {"fluctuation_pct": 40}, {"fluctuation_pct": 30}, {"cohort": "persistent"}, {"cohort": "acute"}]

    control_specs = (
        Slider("fluctuation_pct", "Ups and downs from week to week (%)", 30, 0, 60, 5, unit="%"),
        Slider("threshold", "Starts treatment when pain is above", 60, 30, 90, 5),
        Choice("cohort", "Course of pain", "acute", (("acute", "Acute (new pain)"), ("persistent", "Persistent pain")),
               widget="dropdown"),
    )
    quantities = (Quantity("improvement", "the group's fall in pain in six weeks", "{:.1f} points", _improvement),)

    def build(self, live):
        live.axes[0].get_subplotspec().get_gridspec().set_width_ratios([1.2, 1.0, 0.55])
        course, group, parts = live.axes
        # -- panel 1: everyone simulated, weeks since onset; only the run's cohort's published points
        self._published = {}
        style = dict(fmt="D", color=PALETTE["black"], markerfacecolor=PALETTE["yellow"], capsize=3, markersize=6,
                     linestyle="none")
        for cohort in nh.COHORTS:
            pts = nh.published_points(cohort)
            bars = course.errorbar(pts["week"], pts["mean"], yerr=[pts["mean"] - pts["low"], pts["high"] - pts["mean"]],
                                   **style)
            self._published[cohort] = [live.animated(a) for a in (bars[0], *bars[1], *bars[2])]
        course.errorbar([], [], yerr=[], label="Costa 2012 (published)", **style)
        self._pop = live.animated(course.plot([], [], color=PALETTE["black"], linewidth=2.0,
                                              label="simulated average")[0])
        self._examples = []
        for i, ls in zip(range(EXAMPLES), ("-", "--", ":")):
            line = live.animated(course.plot([], [], color=PALETTE["grey"], linewidth=1.0, linestyle=ls,
                                             label="three of the people" if i == 0 else None)[0])
            start = live.animated(course.plot([], [], marker="^", markersize=8, color=PALETTE["black"],
                                              linestyle="none", label="start of treatment" if i == 0 else None)[0])
            follow = live.animated(course.plot([], [], marker="o", markersize=6, markerfacecolor="white",
                                               color=PALETTE["black"], linestyle="none",
                                               label="six weeks later" if i == 0 else None)[0])
            self._examples.append((line, start, follow))
        course.set_xlim(0, 52)
        course.set_ylim(0, 100)
        course.set_xticks([0, 6, 13, 26, 39, 52])
        course.set_xlabel("Weeks since the pain began")
        course.set_ylabel("Pain (0-100)")
        course.set_title("Everyone simulated", fontsize=10)
        course.legend(loc="upper right", fontsize=FONT)
        # -- panel 2: the group, weeks since the start of treatment, every line named where it runs
        self._group = GroupLine(live, group, SERIES[0])
        self._usual = live.animated(group.plot([], [], color=PALETTE["black"], linestyle=":", linewidth=1.8)[0])
        self._thr = live.animated(group.axhline(60, color=PALETTE["purple"], linewidth=1.4, linestyle=(0, (6, 3))))
        self._names = {key: live.animated(group.text(tm.ALIGN[-1] - 0.2, 0, words, ha="right", va=va, fontsize=FONT))
                       for key, words, va in (("group", "the group's pain", "bottom"),
                                              ("usual", "their usual level\n(no flare)", "top"),
                                              ("threshold", "threshold for starting", "bottom"))}
        self._fall = live.animated(group.annotate("", xy=(tm.FOLLOW_UP, 0), xytext=(tm.FOLLOW_UP, 0),
                                                  arrowprops=dict(arrowstyle="->", color=PALETTE["black"], lw=1.6)))
        self._fall_text = live.animated(group.text(tm.FOLLOW_UP - 0.3, 0, "", ha="right", va="top", fontsize=FONT,
                                                   bbox=dict(boxstyle="round", fc="white", ec="#999999")))
        follow_up_marker(group)
        group.set_title("The group, from the start of treatment", fontsize=10)
        # -- panel 3: where the fall came from (the treatment does nothing: no share of its own)
        self._bar = StackedBar(live, parts, ("natural recovery", "regression to the mean"))
        share_axes(parts, {0: "treatment that\ndoes nothing"})
        parts.set_title("Where the fall\ncame from", fontsize=10)

    def compute(self, fluctuation_pct, threshold, cohort):
        return _simulate(fluctuation_pct, threshold, cohort)

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
        x = r.align_weeks
        self._group.update(x, r.aligned, r.aligned_half)
        self._usual.set_data(x, r.aligned_usual)
        self._thr.set_ydata([r.threshold, r.threshold])
        end = len(x) - 1
        self._names["group"].set_y(r.aligned[end] + r.aligned_half[end] + 3)
        self._names["usual"].set_y(min(r.aligned_usual[end], r.aligned[end] - r.aligned_half[end]) - 2)
        self._names["threshold"].set_y(r.threshold + 1)
        before, after = r.aligned[0], r.aligned[tm.FOLLOW_UP]
        self._fall.xy, self._fall.xyann = (tm.FOLLOW_UP, after), (tm.FOLLOW_UP, before)
        self._fall_text.set_text(f"fell {decimal(r.improvement.mean)}\npoints")
        self._fall_text.set_y(after - 6)   # below the curve, left of the follow-up
        self._bar.update(r.shares_pct)

    def figure_text(self, r) -> str:
        """What the figure shows, in words (the state description's first part): the cohort whose
        published points are drawn."""
        return ("Left, pain (0-100) by weeks since the pain began: the simulated average, thick, three people "
                "(grey lines; triangles at the start of treatment, open circles six weeks later), Costa 2012's "
                f"{COHORT_WORDS[r.cohort]} cohorts' means with 95% intervals (diamonds); middle, the group's pain "
                "from the start of treatment in a shaded band, their usual level dotted, the threshold for "
                "starting dashed, an arrow for the fall; right, the share of the fall (%) from natural recovery "
                "and regression to the mean.")

    def describe(self, r):
        i = r.improvement
        return (f"One group, a treatment that does nothing: pain fell {interval(i)} in {tm.FOLLOW_UP} weeks, "
                f"from {decimal(r.aligned[0])} to {decimal(r.aligned[tm.FOLLOW_UP])} out of 100. Of that fall, natural "
                f"recovery {decimal(r.natural_recovery)} points and regression to the mean "
                f"{decimal(r.regression_to_mean)}; the treatment 0. {published_note(r.cohort)}")


def explore_before_after(threshold: int = 60, cohort: str = "acute") -> BeforeAfterExplorer:
    """Show a before/after study of a treatment that does nothing, starting with a threshold for
    starting treatment (pain out of 100, 30-90) and a course of pain (acute or persistent)."""
    return BeforeAfterExplorer(threshold=threshold, cohort=cohort)
