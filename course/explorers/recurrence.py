"""Recurrence-risk explorer (lesson 07): relative and absolute risk, number needed to treat and an
icon array of 100 people, from a baseline risk and a published ratio."""

from __future__ import annotations

import numpy as np

from ..models import exercise as ex
from ..models import risk
from ..plotting import PALETTE, SERIES
from ..text import decimal
from .base import Explorer
from .declarations import Choice, Quantity, Slider

#: Styles of the three kinds of person in the icon array: marker, face, edge, and the words used.
ICON_STYLE = {
    "affected_anyway": dict(marker="o", color=PALETTE["vermillion"], edge=PALETTE["black"],
                            words="another episode even with exercise"),
    "spared": dict(marker="D", color=PALETTE["green"], edge=PALETTE["black"],
                   words="spared an episode by exercise"),
    "unaffected": dict(marker="o", color="white", edge=PALETTE["grey"],
                       words="no episode either way"),
}


#: The words of the ratio list, by reference: who, and what was tested.
_SOURCE_WORDS = {"choi2010": "Choi 2010, after treatment", "steffens2016": "Steffens 2016, with education"}


def _who(p) -> str:
    return _SOURCE_WORDS[p.ref].split(",")[0]


def _fmt_nnt(n) -> str:
    return "no upper limit" if n == float("inf") else f"{n}"


def _nnt_whole(v) -> float:
    p = ex.prevention(v["source"])
    return float(risk.absolute_effect(v["baseline"], p.ratio, p.low, p.high).nnt_whole)


class RecurrenceExplorer(Explorer):
    """Baseline risk and a published ratio give the absolute benefit of exercise for 100 people."""

    name = "recurrence_risk"
    title = "Exercise after treatment: what halving the risk means for 100 people"
    model_kind = "conceptual"
    model_note = ("Arithmetic on published ratios (Choi 2010; Steffens 2016) applied to a baseline risk "
                  "you choose; the rate ratio is used as a risk ratio, which overstates the benefit a "
                  "little at high baseline risks. Triangles: published one-year recurrence risks, "
                  "Machado 2017 and da Silva 2019 after recovery; the grey one is Pengel 2003, counted "
                  "from the onset of an acute episode, not after recovery.")
    checked_against = ("One-year recurrence risks measured after recovery: 33% (Machado 2017, people who had "
                       "recovered within 6 weeks) to 69% (da Silva 2019, recovered within the previous "
                       "month), so 33 to 69%. Pengel 2003's 73% is counted from the onset of an acute "
                       "episode, not from recovery, and is not part of that range. The ratios are Choi "
                       "2010's rate ratio (it compares rates of recurrences and is applied here to the risk "
                       "of at least one) and Steffens 2016's risk ratio.")
    figsize = (9.6, 4.2)
    grid = (1, 2)
    bench_moves = ([{"baseline": b} for b in (33, 45, 60, 69, 73, 50, 20)]
                   + [{"source": "steffens2016_exercise_and_education"}, {"baseline": 40},
                      {"source": "choi2010_exercise_after_treatment"}])

    quantities = (Quantity("nnt_whole", "the number needed to treat", "{:.0f} people", _nnt_whole),)

    @classmethod
    def declared_controls(cls):
        """The baseline risk, then the published ratios of the dataset to choose from."""
        # short words, so that the list shows them whole; the ratio and its interval are labelled on
        # the line in the figure and given in the readout
        options = tuple((key, _SOURCE_WORDS[p.ref]) for key, p in ex.preventions().items())
        return (Slider("baseline", "Risk of another episode within a year without exercise (%)", 33, 5, 95, 1,
                       unit="%", width="520px"),
                Choice("source", "Ratio from", options[0][0], options, widget="dropdown", width="300px"))

    def build(self, live):
        self._prev = ex.preventions()
        icons, ax = live.axes
        # -- left: 100 people ----------------------------------------------------------------
        gx, gy = np.meshgrid(np.arange(10), np.arange(10)[::-1])
        self._grid = np.column_stack([gx.ravel(), gy.ravel()]).astype(float)
        self._icons = {}
        for kind, st in ICON_STYLE.items():
            self._icons[kind] = live.animated(icons.scatter(
                [], [], s=120, marker=st["marker"], facecolors=st["color"], edgecolors=st["edge"],
                linewidths=1.0, label=st["words"]))
        icons.set_xlim(-0.7, 9.7)
        icons.set_ylim(-3.6, 9.7)
        icons.set_aspect("equal")
        icons.axis("off")
        icons.set_title("100 people who have just recovered", fontsize=11)
        self._counts = {}
        for row, (kind, st) in enumerate(ICON_STYLE.items()):
            y = -1.3 - 0.85 * row
            icons.scatter([-0.2], [y], s=80, marker=st["marker"], facecolors=st["color"], edgecolors=st["edge"],
                          linewidths=1.0)
            self._counts[kind] = live.animated(icons.text(0.35, y, "", va="center", ha="left", fontsize=9.5))
        # -- right: risk with exercise against risk without --------------------------------------
        x = np.linspace(0, 100, 201)
        ax.plot(x, x, color=PALETTE["black"], linestyle=":", linewidth=1.6)
        lo_pub, hi_pub = ex.baseline_range()
        ax.axvspan(lo_pub, hi_pub, color=PALETTE["grey"], alpha=0.10, hatch="..", linewidth=0)
        published = ex.baseline_risks()
        after = ex.after_recovery_studies()
        onset = [s for s in published if s not in after]  # Pengel 2003: counted from an acute episode
        ax.plot([published[s] for s in after], [published[s] for s in after], marker="^",
                color=PALETTE["black"], markersize=7, linestyle="none")
        ax.plot([published[s] for s in onset], [published[s] for s in onset], marker="^",
                markerfacecolor="white", color=PALETTE["grey"], markersize=7, linestyle="none")
        low_study = min(after, key=published.get)
        ax.annotate(f"{low_study}: {published[low_study]:.0f}%", (published[low_study],) * 2, xytext=(-6, 4),
                    textcoords="offset points", ha="right", va="bottom", fontsize=8.5)
        others = [s for s in published if s != low_study]  # close together: one label for all
        words = {s: "\n(from acute onset,\nnot after recovery)" for s in onset}
        ax.annotate("\n".join(f"{s}: {published[s]:.0f}%{words.get(s, '')}" for s in others),
                    (published[others[-1]],) * 2,
                    xytext=(8, -4), textcoords="offset points", ha="left", va="top", fontsize=8.5)
        self._lines, self._bands = {}, {}
        for (key, p), style in zip(self._prev.items(), SERIES):
            # no hatch on these animated bands (hatching is slow to redraw); the lines differ in style
            self._bands[key] = live.animated(ax.fill_between(
                x, risk.treated_risk_curve(x, p.low), risk.treated_risk_curve(x, p.high),
                color=style["color"], alpha=0.18, linewidth=0))
            self._lines[key] = live.animated(ax.plot(
                x, risk.treated_risk_curve(x, p.ratio), color=style["color"], linestyle=style["linestyle"])[0])
        # the lines named where they are drawn (no legend to decode): along the diagonal, along the
        # chosen line's interval, below it (one label, its words set in draw), and the measured span at its top
        ax.text(4, 7, "without exercise", rotation=45, transform_rotates_text=True, rotation_mode="anchor",
                fontsize=9, ha="left", va="bottom")
        self._line_label = live.animated(ax.text(
            98, 0, "", rotation=0, transform_rotates_text=True, rotation_mode="anchor", fontsize=9,
            ha="right", va="top"))
        ax.text((lo_pub + hi_pub) / 2, 98, f"measured after\nrecovery ({lo_pub:.0f} to {hi_pub:.0f}%)", fontsize=9,
                ha="center", va="top", color="#333333")
        self._arr = live.animated(ax.plot([], [], color=PALETTE["black"], linewidth=3.0,
                                          solid_capstyle="butt")[0])
        self._dots = live.animated(ax.plot([], [], marker="o", markersize=8, markerfacecolor="white",
                                           markeredgewidth=2, color=PALETTE["black"], linestyle="none")[0])
        self._arr_label = live.animated(ax.text(0, 0, "", fontsize=9.5, va="center", ha="left",
                                                bbox=dict(boxstyle="round", fc="white", ec="#999999")))
        ax.set_xlim(0, 100)
        ax.set_ylim(0, 100)
        ax.set_xlabel("Risk without exercise (% with another episode in a year)")
        ax.set_ylabel("Risk (% in a year)")

    def compute(self, baseline, source):
        p = self._prev.get(source) or ex.prevention(source)
        effect = risk.absolute_effect(baseline, p.ratio, p.low, p.high)
        counts = risk.icon_counts(baseline, p.ratio)
        return {"effect": effect, "counts": counts, "source": p}

    def limits(self, state):
        """A baseline risk outside the one-year recurrence risks measured after recovery (33 to 69%) is
        not what any cohort of recovered people measured: the arithmetic still runs, but it is an
        extrapolation."""
        b = state["effect"].baseline_pct
        lo, hi = ex.baseline_range()
        if lo <= b <= hi:
            return []
        side = "below the lowest" if b < lo else "above the highest"
        return [f"A baseline risk of {b:g}% is {side} one-year recurrence risk measured after recovery "
                f"({lo:g} to {hi:g}%): an extrapolation, not what any cohort of recovered people measured."]

    def draw(self, state):
        e, c, p = state["effect"], state["counts"], state["source"]
        start = 0
        for kind in ICON_STYLE:
            n = getattr(c, kind)
            self._icons[kind].set_offsets(self._grid[start:start + n] if n else np.empty((0, 2)))
            start += n
        for kind, text in self._counts.items():
            text.set_text(f"{getattr(c, kind)} {ICON_STYLE[kind]['words']}")
        for key in self._lines:
            visible = key == p.key
            self._lines[key].set_visible(visible)
            self._bands[key].set_visible(visible)
        # along the lower edge of the shaded interval, below the arrow and its label
        what = "exercise with education" if p.ref == "steffens2016" else "with exercise"
        self._line_label.set_text(f"{what} ({_who(p)}): {p.ratio:.2f} ({p.low:.2f} to {p.high:.2f}), "
                                  "95% CI shaded")
        self._line_label.set_y(p.low * 98 - 1.0)
        self._line_label.set_rotation(np.degrees(np.arctan(p.low)))
        b = e.baseline_pct
        self._arr.set_data([b, b], [e.treated_pct, b])
        self._dots.set_data([b, b], [e.treated_pct, b])
        # the key numbers next to the arrow they describe: fewer per 100, and the number needed to treat
        self._arr_label.set_text(f"{decimal(e.arr_pct)} fewer\nper 100\nNNT {e.nnt_whole}")
        self._arr_label.set_position((b + 2 if b < 70 else b - 22, (b + e.treated_pct) / 2))

    def figure_text(self, state) -> str:
        """What the figure shows, in words (the state description's first part): the published ratio the
        line and its band are drawn from."""
        p = state["source"]
        line = "solid" if SERIES[list(self._prev).index(p.key)]["linestyle"] == "-" else "dashed"
        return ("Left, 100 just-recovered people as icons: another episode even with exercise (filled circles), "
                "spared by exercise (diamonds), no episode either way (open circles); right, risk in a year (%) "
                "against risk without exercise (%): without exercise the dotted diagonal, with exercise the "
                f"{line} line ({_SOURCE_WORDS[p.ref]}) in its shaded 95% interval, an arrow at the chosen risk, "
                "triangles for risks measured after recovery (Machado 2017, da Silva 2019; span hatched) and, "
                "hollow, Pengel 2003, from acute onset.")

    def describe(self, state):
        e, p = state["effect"], state["source"]
        lo, hi = e.nnt_interval_whole
        who = _who(p)
        return (f"Without exercise {e.baseline_pct:g} in 100 have another episode within a year; with "
                f"exercise about {decimal(e.treated_pct)} (95% CI {decimal(e.treated_low_pct)} to "
                f"{decimal(e.treated_high_pct)}). That is {decimal(e.arr_pct)} fewer per 100 (95% CI "
                f"{decimal(e.arr_low_pct)} to {decimal(e.arr_high_pct)}): {e.nnt_whole} people need to exercise "
                f"for one fewer to have an episode (NNT {e.nnt_whole}, 95% CI {lo} to {_fmt_nnt(hi)}). "
                f"Ratio {p.ratio:.2f} ({p.low:.2f} to {p.high:.2f}), {who}.")


def explore_recurrence(baseline: int = 33, source: str = "choi2010_exercise_after_treatment") -> RecurrenceExplorer:
    """Show the recurrence-risk explorer, starting at a baseline risk (percent, 5 to 95)."""
    return RecurrenceExplorer(baseline=baseline, source=source)
