"""Lesson 06's static figure: blood flow and lactate after exercise with massage, rest or light exercise."""

from __future__ import annotations

import base64
import html

from .. import data
from ..plotting import PALETTE, course_style, new_figure, png_bytes

_CONDITION_STYLE = {
    "passive rest": dict(color=PALETTE["grey"], hatch=""),
    "rest": dict(color=PALETTE["grey"], hatch=""),
    "light exercise (10% MVC)": dict(color=PALETTE["sky"], hatch="//"),
    "massage": dict(color=PALETTE["vermillion"], hatch="xx"),
}


def _rows(study: str, measure: str) -> list[dict]:
    t = data.load("massage_blood_flow")
    return [{k: t[k][i] for k in t} for i in range(len(t["study"]))
            if t["study"][i] == study and t["measure"][i] == measure]


def massage_blood_flow_figure():
    """Three panels: forearm blood flow and lactate efflux (Wiltshire 2010), femoral flow (Hinds 2004)."""
    panels = [("wiltshire2010", "forearm blood flow 30 s after exercise", "Forearm blood flow\n30 s after exercise (mL/min)"),
              ("wiltshire2010", "lactate efflux over 10 min", "Lactate carried away\nin 10 min (mmol)"),
              ("hinds2004", "femoral artery blood flow after quadriceps exercise", "Thigh (femoral) blood flow\nafter exercise (mL/min)")]
    fig, axes = new_figure((9.0, 3.6), 100, 1, 3)
    with course_style():
        for ax, (study, measure, ylabel) in zip(axes, panels):
            rows = _rows(study, measure)
            for i, r in enumerate(rows):
                st = _CONDITION_STYLE[r["condition"]]
                ax.bar(i, r["value"], yerr=r["spread"], color=st["color"], hatch=st["hatch"], edgecolor="black",
                       capsize=4, width=0.7, alpha=0.85)
                ax.text(i, r["value"] + r["spread"] * 1.15, f"{r['value']:g}", ha="center", va="bottom", fontsize=9)
            ax.set_xticks(range(len(rows)), [r["condition"].replace(" (10% MVC)", "\nexercise").replace("light exercise", "light")
                                              .replace("passive rest", "passive\nrest") for r in rows], fontsize=9)
            ax.set_ylabel(ylabel, fontsize=9.5)
            ax.set_ylim(0, max(r["value"] + r["spread"] for r in rows) * 1.3)
            kind = rows[0]["spread_kind"]
            ax.set_title(f"{'Wiltshire 2010' if study == 'wiltshire2010' else 'Hinds 2004'} (bars: ±1 {kind})",
                         fontsize=10)
    return fig


def massage_blood_flow_text() -> str:
    """The figure in words, built from the same data."""
    w = {r["condition"]: r for r in _rows("wiltshire2010", "forearm blood flow 30 s after exercise")}
    lac = {r["condition"]: r for r in _rows("wiltshire2010", "lactate efflux over 10 min")}
    h = {r["condition"]: r for r in _rows("hinds2004", "femoral artery blood flow after quadriceps exercise")}
    return (f"After hard handgrip exercise, forearm blood flow 30 s into recovery was {w['passive rest']['value']:g} mL/min "
            f"with passive rest, {w['light exercise (10% MVC)']['value']:g} with light exercise and "
            f"{w['massage']['value']:g} with massage; lactate carried away in 10 min was {lac['passive rest']['value']:g}, "
            f"{lac['light exercise (10% MVC)']['value']:g} and {lac['massage']['value']:g} mmol (Wiltshire 2010, means ± SE). "
            f"After quadriceps exercise, thigh blood flow was {h['rest']['value']:g} mL/min at rest and "
            f"{h['massage']['value']:g} with massage, no real difference given the spread (Hinds 2004, means ± SD).")


def show_massage_blood_flow():
    """Display the massage blood-flow figure with its text description (read by screen readers)."""
    from IPython.display import HTML

    png = base64.b64encode(png_bytes(massage_blood_flow_figure())).decode("ascii")
    alt = html.escape(massage_blood_flow_text())
    return HTML(f'<figure class="course-figure"><img src="data:image/png;base64,{png}" alt="{alt}" '
                f'style="max-width:100%"><figcaption><small>{alt}</small></figcaption></figure>')
