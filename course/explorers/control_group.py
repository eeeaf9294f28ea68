"""Add a control group: the people who start treatment at a flare are randomised, half to the
treatment and half to a control group; treatment minus control at the follow-up, with its 95%
interval, and a running tally of the trials run so far whose interval includes 0."""

from __future__ import annotations

from matplotlib.patches import Rectangle

from ..models import trial_simulator as tm
from ..plotting import PALETTE, SERIES
from ..text import decimal, true_minus
from .base import Explorer
from .declarations import Choice, Quantity, Slider
from .trial_parts import FONT, LABELS, SEGMENTS, GroupLine, StackedBar, follow_up_marker, interval, share_axes

FLUCTUATION_PCT = 30
THRESHOLD = 60
#: How many of the trials run so far the middle panel shows (the latest ones).
SHOWN = 10
#: The settings whose change starts a new tally (every control but the trial number).
TALLY_KEYS = ("effect", "n_patients", "cohort")
#: How the middle panel draws an interval that includes 0 and one that does not.
INCLUDES = dict(color=PALETTE["grey"], marker="o", markerfacecolor="white", linestyle="-")
EXCLUDES = dict(color=PALETTE["vermillion"], marker="s", markerfacecolor=PALETTE["vermillion"], linestyle="--")


def _simulate(effect, n_patients, cohort, run) -> tm.TrialResult:
    return tm.simulate_trial(effect=effect, fluctuation_pct=FLUCTUATION_PCT, threshold=THRESHOLD,
                             n_patients=n_patients, seed=tm.run_seed(run), cohort=cohort)


def _difference_high(v) -> float:
    """Upper end of the 95% interval for treatment minus control (points, one decimal)."""
    return round(_simulate(v["effect"], v["n_patients"], v["cohort"], v["run"]).difference.high, 1)


class Tally:
    """The trials run so far at one setting (true effect, size, course of pain): each run's
    interval for treatment minus control, and how many of them include 0. A new setting starts
    a new tally; running a trial seen before changes nothing."""

    def __init__(self):
        self.setting: tuple | None = None
        self.runs: dict[int, tm.Estimate] = {}

    def add(self, setting: tuple, run: int, difference: tm.Estimate) -> None:
        if setting != self.setting:
            self.setting, self.runs = setting, {}
        self.runs[run] = difference

    @property
    def total(self) -> int:
        return len(self.runs)

    @property
    def including_zero(self) -> int:
        return sum(tm.includes_zero(d) for d in self.runs.values())

    def text(self) -> str:
        return f"{self.including_zero} of {self.total} intervals so far include 0"


class ControlGroupExplorer(Explorer):
    """Move the sliders: true effect, trial size; pick the course of pain; press Run a new trial."""

    name = "control_group"
    title = "Add a control group: treatment against control, trial after trial"
    model_kind = "conceptual"
    model_note = (f"The people of the before/after study, randomised: half get the treatment, half do not "
                  f"(ups and downs {FLUCTUATION_PCT}%, treatment started above {THRESHOLD} out of 100). Each "
                  "new trial draws new people. The bar on the right is not a like-for-like comparison: "
                  "Pedersen et al. 2024 pooled three-arm trials in chronic non-specific low back pain (mostly passive treatments), with a placebo arm, and "
                  "their 'no treatment' share holds natural recovery and regression to the mean together; "
                  "the simulation has no placebo and splits those two.")
    checked_against = ("the average course of pain published by Costa et al. 2012 (pooled means and 95% "
                       "intervals at 0, 6, 26 and 52 weeks since onset), which the simulated average follows; "
                       "everything else (flares, who starts, the true effect) is illustrative.")
    figsize = (9.0, 3.5)
    grid = (1, 3)
    bench_moves = [{"effect": e} for e in (0, 5, 10, 0)] + [
        {"run": 2}, {"run": 3}, {"run": 1}, {"n_patients": 100}, {"n_patients": 200},
        {"cohort": "persistent"}, {"cohort": "acute"}]

    control_specs = (
        Slider("effect", "True effect of the treatment (points out of 100)", 0, 0, 20, 1, unit="points"),
        Slider("n_patients", "People in the trial", 200, 20, 400, 20, unit="people"),
        Choice("cohort", "Course of pain", "acute", (("acute", "Acute (new pain)"), ("persistent", "Persistent pain")),
               widget="dropdown"),
        Slider("run", "Trial number", 1, 1, 999, 1),
    )
    quantities = (Quantity("difference_high", "the upper end of the 95% interval for treatment minus control",
                           "{:+.1f} points", _difference_high),)

    def __init__(self, **initial):
        import ipywidgets as widgets

        self.tally = Tally()
        self.new_trial_button = widgets.Button(description="Run a new trial", button_style="",
                                               tooltip="Draw new people for the same trial and add its interval "
                                                       "to the tally")
        self.new_trial_button.add_class("course-new-trial")
        self.new_trial_button.on_click(lambda _: self.run_new_trial())
        super().__init__(**initial)

    def run_new_trial(self) -> None:
        """The next trial: the trial number goes up by one (new people, the next seed)."""
        run = self.controls["run"]
        if run.value < run.max:
            run.value += 1

    @property
    def widget(self):
        """The explorer's box, with the Run a new trial button next to the trial number."""
        box = super().widget
        if not getattr(self, "_button_placed", False):
            if not _place_after(box, self.controls["run"], self.new_trial_button):
                box.children = (*box.children, self.new_trial_button)
            self._button_placed = True
        return box

    def build(self, live):
        live.axes[0].get_subplotspec().get_gridspec().set_width_ratios([1.1, 0.95, 0.75])
        around, runs, parts = live.axes
        # -- panel 1: the two groups from the start of treatment, and the difference at the follow-up
        self._arms = {"treated": GroupLine(live, around, SERIES[0], "treatment group"),
                      "control": GroupLine(live, around, SERIES[1], "control group")}
        self._gap = live.animated(around.plot([], [], color=PALETTE["black"], linewidth=2.4, marker="_",
                                              markersize=9, markeredgewidth=2.4)[0])
        self._difference = live.animated(around.text(tm.FOLLOW_UP + 0.3, 0, "", ha="left", va="bottom",
                                                     fontsize=FONT, bbox=dict(boxstyle="round", fc="white",
                                                                              ec="#999999")))
        follow_up_marker(around, words=False)   # the legend takes the top right
        around.set_ylabel("Pain (0-100)")
        around.set_title("This trial, by group", fontsize=10)
        around.legend(loc="upper right", fontsize=FONT)
        # -- panel 2: every trial run so far at this setting, the latest on top; earlier ones stay as ghosts
        self._runs = [live.animated(runs.plot([], [], linewidth=1.2, markersize=5, **INCLUDES)[0])
                      for _ in range(SHOWN)]
        self._truth = live.animated(runs.axvline(0, color=PALETTE["blue"], linewidth=1.4, linestyle="-."))
        self._truth_text = live.animated(runs.text(0, SHOWN + 2.0, "true effect", ha="right", va="top",
                                                   fontsize=FONT, color=PALETTE["blue"]))
        runs.axvline(0, color=PALETTE["black"], linewidth=1.0)
        runs.text(0.6, SHOWN + 2.0, "no\ndifference", fontsize=FONT, va="top", ha="left")
        runs.plot([], [], linewidth=1.2, markersize=5, label="includes 0", **INCLUDES)
        runs.plot([], [], linewidth=1.2, markersize=5, label="excludes 0", **EXCLUDES)
        # rows 0 to SHOWN - 1 hold the trials; the legend has the space below them, the lines' names above
        runs.set_xlim(-35, 15)
        runs.set_ylim(-3.8, SHOWN + 2.2)
        runs.set_yticks([])
        runs.set_xlabel("Treatment \u2212 control (points)")
        self._runs_title = live.animated(runs.set_title("", fontsize=10))
        runs.legend(loc="lower left", fontsize=FONT)
        # -- panel 3: where the treatment group's fall came from, next to Pedersen 2024 (faded)
        self._bar = StackedBar(live, parts, ("natural recovery", "regression to the mean", "treatment"))
        bottom = 0.0
        for key, value in reversed(list(tm.improvement_shares("pain_intensity").items())):
            colour, hatch = SEGMENTS[key]
            parts.add_patch(Rectangle((0.65, bottom), 0.7, value, facecolor=colour, hatch=hatch, alpha=0.45,
                                      edgecolor=PALETTE["black"], linewidth=0.8))
            parts.text(1.0, bottom + value / 2, f"{LABELS[key]}\n{value:.0f}%", ha="center", va="center",
                       fontsize=FONT, bbox=dict(boxstyle="round,pad=0.15", fc="white", ec="none", alpha=0.85))
            bottom += value
        share_axes(parts, {0: "treatment\ngroup\n(no placebo)", 1: "Pedersen 2024:\nchronic LBP;\nnot like\nfor like"})
        parts.set_title("Where the fall\ncame from", fontsize=10)

    def compute(self, effect, n_patients, cohort, run):
        r = _simulate(effect, n_patients, cohort, run)
        self.tally.add((effect, n_patients, cohort), run, r.difference)
        return r

    def draw(self, r):
        x = r.align_weeks
        self._arms["treated"].update(x, r.aligned_treated, r.aligned_treated_half)
        self._arms["control"].update(x, r.aligned_control, r.aligned_control_half)
        d, i = r.difference, tm.FOLLOW_UP
        self._difference.set_text(f"treatment \u2212 control:\n{decimal(d.mean, sign=True)} points\n"
                                  f"(95% CI {decimal(d.low, sign=True)} to {decimal(d.high, sign=True)})")
        arms = (r.aligned_treated[i], r.aligned_control[i])
        self._gap.set_data([tm.FOLLOW_UP, tm.FOLLOW_UP], arms)
        self._difference.set_y(min(max(arms) + 5, 60))
        shown = list(self.tally.runs.items())[-SHOWN:]
        current = self.controls["run"].value
        for row, line in enumerate(self._runs):
            if row >= len(shown):
                line.set_data([], [])
                continue
            run, e = shown[-1 - row]
            style = INCLUDES if tm.includes_zero(e) else EXCLUDES
            y = SHOWN - 1 - row
            line.set_data([e.low, e.mean, e.high], [y, y, y])
            line.set(color=style["color"], linestyle=style["linestyle"], markerfacecolor=style["markerfacecolor"],
                     marker=style["marker"], linewidth=2.6 if run == current else 1.0,
                     alpha=1.0 if run == current else 0.55, markevery=[1])
        self._truth.set_xdata([-r.effect, -r.effect])
        self._truth_text.set_x(-r.effect - 0.8)
        # a true effect of 10 points less pain sits at -10 on this treatment-minus-control axis
        self._truth_text.set_text(true_minus(f"true effect {0 - r.effect:g}"))
        self._runs_title.set_text(f"Trials so far: {self.tally.including_zero} of\n"
                                  f"{self.tally.total} intervals include 0")
        self._bar.update(r.shares_pct)

    def figure_text(self, r) -> str:
        """What the figure shows, in words (the state description's first part)."""
        return ("Left, pain (0-100) by week since the start of treatment, treatment group solid, control dashed, "
                f"in shaded 95% bands, a black bar for their difference at week {tm.FOLLOW_UP}; middle, treatment "
                f"minus control with 95% intervals for up to {SHOWN} trials so far (an interval that includes 0 "
                "solid with an open circle, one that excludes it dashed with a filled square) and the true effect as "
                "a dash-dotted line; right, shares of the treatment group's fall (%) beside Pedersen 2024's faded "
                "bar (three-arm trials in chronic non-specific low back pain; not like for like).")

    def describe(self, r):
        t, c, d = r.improvement_treated, r.improvement_control, r.difference
        return (f"Trial {self.controls['run'].value}: treatment minus control at {tm.FOLLOW_UP} weeks "
                f"{interval(d, sign=True)}; true effect {r.effect:g}. Before/after, the treatment group's pain "
                f"fell {decimal(t.mean)} points and the control group's {decimal(c.mean)}. {self.tally.text()} "
                f"(true effect {r.effect:g}, {r.n_treated + r.n_control} people). The treatment group's fall: "
                f"natural recovery {decimal(r.natural_recovery)}, regression to the mean {decimal(r.regression_to_mean)}, "
                f"treatment {decimal(r.realised_effect)} points.")


def _place_after(box, widget, new) -> bool:
    """Put ``new`` right after ``widget`` in whichever box of ``box`` holds it."""
    children = list(getattr(box, "children", ()))
    if widget in children:
        children.insert(children.index(widget) + 1, new)
        box.children = tuple(children)
        return True
    return any(_place_after(child, widget, new) for child in children)


def explore_control_group(effect: int = 0, cohort: str = "acute") -> ControlGroupExplorer:
    """Show a randomised trial with a control group, starting with a true effect (points, 0-20)
    and a course of pain; the Run a new trial button draws new people."""
    return ControlGroupExplorer(effect=effect, cohort=cohort)
