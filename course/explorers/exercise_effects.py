"""Lesson 07's static figure: the effects of exercise against the clinically important difference."""

from __future__ import annotations

import base64
import html

import numpy as np

from ..models import exercise as ex
from ..plotting import PALETTE, course_style, new_figure, png_bytes
from ..text import true_minus

#: Rows of exercise_effects drawn in the figure, top to bottom, with their labels.
EFFECT_ROWS: dict[str, str] = {
    "chronic_pain_vs_no_treatment": "Persistent pain: pain\nvs no treatment, usual care, placebo",
    "chronic_function_vs_no_treatment": "Persistent pain: function\nvs no treatment, usual care, placebo",
    "chronic_pain_vs_other_treatment": "Persistent pain: pain\nvs other conservative treatments",
    "chronic_function_vs_other_treatment": "Persistent pain: function\nvs other conservative treatments",
    "acute_pain_vs_sham": "Acute pain: pain\nvs sham exercise",
}


def exercise_effects_figure():
    """Forest plot of exercise effects (points out of 100) with the clinically important differences.

    Returns the matplotlib Figure (nothing is displayed).
    """
    rows = [ex.exercise_effect(k) for k in EFFECT_ROWS]
    fig, (ax,) = new_figure((9.4, 4.6))
    with course_style():
        y = np.arange(len(rows))[::-1].astype(float)
        first_t = True
        for yi, e in zip(y, rows):
            if e.important_difference is not None:
                ax.fill_betweenx([yi - 0.38, yi + 0.38], e.important_difference, 30, color=PALETTE["green"],
                                 alpha=0.13, hatch="//", linewidth=0,
                                 label="clinically important (Hayden 2021)" if first_t else None)
                ax.plot([e.important_difference] * 2, [yi - 0.38, yi + 0.38], color=PALETTE["green"],
                        linewidth=2.2, linestyle="--")
                first_t = False
            marker = "s" if e.population == "chronic" else "D"
            ax.errorbar([e.estimate], [yi], xerr=[[e.estimate - e.low], [e.high - e.estimate]], fmt=marker,
                        color=PALETTE["blue"] if e.population == "chronic" else PALETTE["vermillion"],
                        markersize=8, capsize=4, linewidth=2)
            numbers = true_minus(f"{e.estimate:g} ({e.low:g} to {e.high:g})")
            ax.text(30.8, yi, f"{numbers}\n{e.certainty} certainty\n{e.studies} {'trials' if e.studies > 1 else 'trial'}",
                    va="center", ha="left", fontsize=8.5, clip_on=False)
        ax.axvline(0, color=PALETTE["black"], linewidth=1.2)
        ax.text(0.3, y[0] + 0.62, "no difference", fontsize=8.5, va="center")
        ax.set_yticks(y, [EFFECT_ROWS[e.key] for e in rows], fontsize=9)
        ax.set_xlim(-7, 30)
        ax.set_ylim(-0.7, len(rows) - 0.2)
        ax.set_xlabel("Difference favouring exercise (points on a 0-100 scale), mean and 95% CI")
        ax.grid(axis="y", visible=False)
        ax.legend(loc="lower right", bbox_to_anchor=(1.0, 1.0), fontsize=8.5, frameon=False)
    return fig


def exercise_effects_text() -> str:
    """The figure's content in words (its alternative text)."""
    parts = []
    for key in EFFECT_ROWS:
        e = ex.exercise_effect(key)
        who = "Hayden 2021" if e.ref == "hayden2021" else "IJzelenberg 2023"
        label = EFFECT_ROWS[key].replace("\n", " ")
        parts.append(f"{label}: {e.estimate:g} points better with exercise (95% CI {e.low:g} to {e.high:g}; "
                     f"{who}), which {ex.verdict_against_threshold(e)}.")
    return " ".join(parts)


def show_exercise_effects():
    """Display the exercise-effects figure with its text description (for screen readers too)."""
    from IPython.display import HTML

    png = base64.b64encode(png_bytes(exercise_effects_figure())).decode("ascii")
    alt = html.escape(exercise_effects_text())
    return HTML(f'<figure class="course-figure"><img src="data:image/png;base64,{png}" alt="{alt}" '
                f'style="max-width:100%"><figcaption><small>{alt}</small></figcaption></figure>')
