"""Tables of published studies for Lessons 03 and 04, shown as HTML with their sources.

Each ``*_html`` function returns the table as a string (tests read it); each ``show_*`` function
displays it in a notebook.

>>> "Langenfeld 2022" in oxygenation_studies_html()
True
>>> "Wilson" in trial_table_html()
True
"""

from __future__ import annotations

import html

from . import data
from .evidence import reference
from .models import perfusion as pf
from .models import trials as tr
from .pages import scrolling_table

_KIND_WORDS = {
    "literature": "published measurement",
    "calibrated": "set inside a published range",
    "choice": "round typical value (you can change it)",
    "conceptual": "conceptual (not fitted to data)",
}


def _table(headers: list[str], rows: list[list[str]], caption: str, sources: list[str]) -> str:
    head = "".join(f"<th>{html.escape(h)}</th>" for h in headers)
    body = "".join("<tr>" + "".join(f"<td>{cell}</td>" for cell in row) + "</tr>" for row in rows)
    cites = "".join(f"<li>{html.escape(reference(k).citation())}</li>" for k in dict.fromkeys(sources))
    table = (f'<table class="course-table"><caption style="text-align:left">{html.escape(caption)}</caption>'
             f"<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>")
    return (scrolling_table(table, caption) + f"<details><summary>Sources</summary><ul>{cites}</ul></details>")


def _short(key: str) -> str:
    ref = reference(key)
    return html.escape(f"{ref.authors.split(',')[0].split(' ')[0]} {ref.year}")


def perfusion_parameters_html() -> str:
    """The perfusion model's anchors and parameters, with the kind of each."""
    rows, sources = [], []
    for p in pf.parameter_table():
        src = _short(p["source"]) if p["source"] else (
            "modelling choice" if p["kind"] == "choice" else "none: conceptual")
        if p["source"]:
            sources.append(p["source"])
        rows.append([html.escape(p["meaning"]), html.escape(f"{p['value']:g} {p['unit']}"),
                     html.escape(_KIND_WORDS[p["kind"]]), src])
    return _table(["What it sets", "Value", "Kind", "Source"], rows,
                  "What the perfusion model is built from", sources)


def oxygenation_studies_html() -> str:
    """Studies of back-muscle oxygenation (NIRS) in people with and without chronic low back pain."""
    table = data.load("paraspinal_oxygenation")
    rows = []
    for i, study in enumerate(table["study"]):
        groups = f"{table['patients'][i]:.0f} with back pain, {table['controls'][i]:.0f} without"
        found = "yes" if table["difference_found"][i] == "yes" else "no"
        rows.append([html.escape(study), html.escape(groups), html.escape(table["task"][i]),
                     f"<b>{found}</b>", html.escape(table["finding"][i])])
    return _table(["Study", "People", "Task", "Oxygenation lower with back pain?", "What was found"], rows,
                  "Back-muscle oxygenation measured with near-infrared light (NIRS)",
                  list(table["source"]))


def trial_table_html() -> str:
    """Every group of the four trials: counts, proportion improved and its 95% Wilson interval."""
    rows, sources = [], []
    for arm in tr.arms():
        r = tr.summarise(arm)
        approx = "≈" if arm.approximate else ""
        rows.append([html.escape(arm.trial), html.escape(arm.label), f"{approx}{r.improved} of {r.n}",
                     f"{r.percent:.1f}%", f"{r.low:.1f} to {r.high:.1f}%", f"{arm.percent_reported:g}%",
                     html.escape(f"{arm.outcome}, {arm.timepoint}")])
        sources.append(arm.source)
    return _table(["Trial", "Group", "Improved", "Computed", "95% Wilson interval", "Paper reported",
                   "Outcome"], rows,
                  "Four randomised trials: people improved in each group (≈: approximate count)", sources)


def show_perfusion_parameters():
    """Display :func:`perfusion_parameters_html` in a notebook."""
    from IPython.display import HTML

    return HTML(perfusion_parameters_html())


def show_oxygenation_studies():
    """Display :func:`oxygenation_studies_html` in a notebook."""
    from IPython.display import HTML

    return HTML(oxygenation_studies_html())


def show_trial_table():
    """Display :func:`trial_table_html` in a notebook."""
    from IPython.display import HTML

    return HTML(trial_table_html())
