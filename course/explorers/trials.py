"""Trial-results explorer: proportion improved per group with 95% Wilson intervals, trial by trial."""

from __future__ import annotations

from ..models import trials as tr
from ..plotting import PALETTE, SERIES
from .base import Explorer
from .declarations import Quantity, Slider, Toggle

X_MAX = 100.0
ROW_GAP = 0.7
#: The interval as published, behind a what-if one: pale, wide and grey, so it reads as "before".
GHOST = "#C8C8C8"
#: Short names for the rows; the lesson spells each one out.
SHORT = {"usual": "Usual care", "placebo": "Placebo injection"}


def _control_name(source: str) -> str:
    return f"show_{source}"


def _donnino_gap(v) -> float:
    """Lower end of the therapy group's interval minus the upper end of usual care's (Donnino 2021)."""
    therapy = tr.summarise(tr.find_arm("Donnino 2021", "PSRT"), int(v["scale"]))
    usual = tr.summarise(tr.find_arm("Donnino 2021", "usual"), int(v["scale"]))
    return round(therapy.low - usual.high, 1)


def _widest(results):
    """The result with the widest interval (the first trial by name among equals), or None."""
    return max(results, key=lambda r: (r.width, r.arm.trial)) if results else None


class TrialResultsExplorer(Explorer):
    """Tick trials to show them; the what-if slider enlarges every group with the same proportions."""

    name = "trial_results"
    title = "How many people improved, and how sure can we be? (four randomised trials)"
    model_kind = "fitted"
    model_note = ("Each point is a published result (people improved / people in the group); each bar is "
                  "its 95% Wilson interval, computed by the course from the counts. Nothing is simulated.")
    checked_against = ("The published counts of each group, at the group sizes the trials had (what-if "
                       "size 1); a larger what-if size assumes the same shares in larger groups.")
    figsize = (8.8, 5.0)
    bench_moves = [{"scale": 1}, {"scale": 4}, {"show_donnino2021": False}, {"scale": 10},
                   {"show_donnino2021": True}, {"show_ashar2022": False}, {"scale": 2},
                   {"show_ashar2022": True}]

    quantities = (Quantity(
        "donnino_gap",
        "the gap between the Donnino 2021 intervals of therapy and usual care (negative while they overlap)",
        "{:+.1f} percentage points", _donnino_gap),)

    @classmethod
    def declared_controls(cls):
        """A box to tick for each trial (named with its people, from the dataset), then the what-if size."""
        boxes = []
        for trial in tr.trial_names():
            first = next(a for a in tr.arms() if a.trial == trial)
            n_total = sum(a.n for a in tr.arms() if a.trial == trial)
            boxes.append(Toggle(_control_name(first.source), f"{trial} (n={n_total})", True, width="190px"))
        return (*boxes, Slider("scale", "What-if: every group this many times as large", 1, 1, 10, 1, unit="x",
                               width="460px"))

    def build(self, live):
        ax = live.axes[0]
        self._rows: list[tuple[tr.Arm, float]] = []
        self._headings: dict[str, tuple[float, str]] = {}
        y = 0.0
        ticks, ticklabels = [], []
        for trial in tr.trial_names():
            group = [a for a in tr.arms() if a.trial == trial]
            self._headings[trial] = (y, f"{trial} · {group[0].outcome}, {group[0].timepoint}")
            y += 1
            for arm in group:
                self._rows.append((arm, y))
                ticks.append(y)
                approx = "≈" if arm.approximate else ""
                ticklabels.append(f"{SHORT.get(arm.arm, arm.arm)}  {approx}{arm.improved}/{arm.n}")
                y += 1
            y += ROW_GAP
        ax.set_ylim(y - ROW_GAP + 0.2, -0.8)
        ax.set_yticks(ticks, ticklabels, fontsize=9)
        ax.tick_params(axis="y", length=0)
        ax.set_xlim(0, X_MAX)
        ax.set_xticks(range(0, 101, 20))
        ax.set_xlabel("People who improved (% of the group), with 95% interval")
        ax.grid(axis="y", visible=False)
        self._trial_style = {t: SERIES[i % len(SERIES)] for i, t in enumerate(tr.trial_names())}
        # Headings are static (text is slow to draw); a small animated label marks a hidden trial.
        self._hidden_text = {}
        for trial, (hy, text) in self._headings.items():
            ax.text(0.5, hy, text, fontsize=9.5, fontweight="bold", va="center")
            self._hidden_text[trial] = live.animated(ax.text(
                100, hy + 1, "hidden: tick the trial to show it", ha="right", va="center", fontsize=9,
                style="italic", bbox=dict(boxstyle="round", fc="white", ec="#999999")))
        ax.set_title("Each row: one group; people improved / people in it", loc="left", fontsize=10)
        # Inside the axes, bottom right (empty beside the last trial's rows), clear of the headings and
        # of the "outside the measured range" badge above the axes.
        self._scale_text = live.animated(ax.text(
            0.995, 0.015, "", transform=ax.transAxes, ha="right", va="bottom", fontsize=9, fontweight="bold",
            bbox=dict(boxstyle="round", fc="#FFF3CC", ec="#999999")))
        self._artists = []
        # At a what-if size, each row keeps the interval as published as a wide grey ghost behind
        # the new one (registered first, so drawn underneath), so the narrowing shows.
        self._published = {arm: tr.summarise(arm, 1) for arm, _ in self._rows}
        self._ghosts = {}
        for arm, ry in self._rows:
            style = self._trial_style[arm.trial]
            self._ghosts[arm] = live.animated(ax.plot([], [], color=GHOST, linewidth=8, solid_capstyle="butt")[0])
            bar = live.animated(ax.plot([], [], color=style["color"], linewidth=2.4, solid_capstyle="butt")[0])
            dot = live.animated(ax.plot([], [], marker=style["marker"], markersize=7, color=style["color"],
                                        markeredgecolor="black", linestyle="none")[0])
            # Drawn after the dot (animated artists are drawn in the order they are registered).
            reported = live.animated(ax.plot([arm.percent_reported], [ry], marker="|", markersize=17,
                                             markeredgewidth=1.6, color=PALETTE["black"], linestyle="none")[0])
            self._artists.append((arm, ry, bar, dot, reported))
        # The widest interval shown is labelled on its row: its limits left of the bar, and the paper's
        # own percentage just below the tick that marks it. The figure names what it draws, no legend.
        self._interval_label = live.animated(ax.text(0, 0, "", fontsize=9, ha="right", va="center"))
        self._paper_label = live.animated(ax.text(0, 0, "", fontsize=9, ha="center", va="top"))

    def compute(self, scale, **shown):
        visible = {t for t in tr.trial_names()
                   if shown[_control_name(next(a for a in tr.arms() if a.trial == t).source)]}
        results = {arm: tr.summarise(arm, scale) for arm, *_ in self._artists if arm.trial in visible}
        return {"scale": scale, "visible": visible, "results": results}

    def draw(self, state):
        for trial, text in self._hidden_text.items():
            text.set_visible(trial not in state["visible"])
        scale = state["scale"]
        self._scale_text.set_text("" if scale == 1 else f"What-if: every group {scale} times as large; "
                                                         "grey bars: as published")
        self._scale_text.set_visible(scale != 1)
        for arm, ry, bar, dot, reported in self._artists:
            res = state["results"].get(arm)
            for artist in (bar, dot, reported):
                artist.set_visible(res is not None)
            ghost, published = self._ghosts[arm], self._published[arm]
            ghost.set_visible(res is not None and scale != 1)
            ghost.set_data([published.low, published.high], [ry, ry])
            if res is None:
                continue
            bar.set_data([res.low, res.high], [ry, ry])
            dot.set_data([res.percent], [ry])
        widest = _widest(list(state["results"].values()))
        for label in (self._interval_label, self._paper_label):
            label.set_visible(widest is not None)
        if widest is not None:
            ry = next(y for arm, y, *_ in self._artists if arm is widest.arm)
            self._interval_label.set_text(f"95% interval {widest.low:.0f} to {widest.high:.0f}%")
            ghost_low = self._published[widest.arm].low if scale != 1 else widest.low
            self._interval_label.set_position((min(widest.low, ghost_low) - 1.5, ry))
            self._paper_label.set_text(f"the paper: {widest.arm.percent_reported:g}%")
            self._paper_label.set_position((widest.arm.percent_reported, ry + 0.4))

    def limits(self, state):
        if state["scale"] == 1:
            return []
        return [f"What-if: groups {state['scale']} times as large as in the trials, assuming the same shares "
                "improved; no trial of that size measured them."]

    def figure_text(self, state) -> str:
        """What the figure shows, in words (the state description's first part): the trials ticked, each
        with the outcome and time point its heading names, and the trials hidden."""
        shown = [t for t in tr.trial_names() if t in state["visible"]]
        hidden = [t for t in tr.trial_names() if t not in state["visible"]]
        if not shown:
            return ("No trial is ticked: the figure shows only the trials' headings, each marked hidden, above "
                    "an empty axis of people who improved (% of the group).")
        headings = "; ".join(self._headings[t][1].replace(" · ", " (", 1) + ")" for t in shown)
        text = ("Each row a group: the share who improved (% of the group) as a marker on its 95% Wilson "
                f"interval, a black tick at the paper's own percentage, the widest interval labelled; trials: {headings}")
        if hidden:
            text += f"; hidden: {', '.join(hidden)}"
        if state["scale"] != 1:
            text += f"; what-if: groups {state['scale']} times as large, pale grey bars as published"
        return text + "."

    def describe(self, state):
        results = list(state["results"].values())
        if not results:
            return "No trial is ticked: tick at least one trial to see its results."
        people = sum(r.n for r in results)
        head = (f"Showing {len(state['visible'])} trial(s), {len(results)} groups, {people} people"
                + (" as published." if state["scale"] == 1
                   else f" (what-if: every group {state['scale']} times as large)."))
        wide = _widest(results)
        narrow = min(results, key=lambda r: (r.width, r.arm.trial))

        def one(r):
            approx = "about " if r.arm.approximate else ""
            return (f"{r.arm.trial}, {r.arm.label.lower()}: {approx}{r.improved} of {r.n} = {r.percent:.0f}% "
                    f"(95% CI {r.low:.0f} to {r.high:.0f}%, {r.width:.0f} points wide)")

        return f"{head} Widest interval: {one(wide)}. Narrowest: {one(narrow)}."


def explore_trial_results(scale: int = 1) -> TrialResultsExplorer:
    """Show the trial-results explorer; ``scale`` (1-10) starts the what-if slider.

    >>> ex = explore_trial_results()
    >>> "Widest interval: Donnino 2021, psychophysiologic symptom relief therapy: 7 of 11" in ex.readout_text
    True
    """
    return TrialResultsExplorer(scale=scale)
