"""What clinical guidelines recommend, and advise against, among non-drug treatments for back pain.

The content is the ``guidelines_nondrug`` dataset (NICE NG59, ACP 2017, the Lancet series 2018 and
WHO 2023). Medicines are left out on purpose: the course gives no drug advice.

>>> [g.key for g in guidelines()]
['nice2016', 'acp2017', 'foster2018', 'who2023']
>>> who_counts()["recommendations"]
24
"""

from __future__ import annotations

import html
from dataclasses import dataclass

from . import data
from .evidence import reference
from .pages import scrolling_table

DATASET = "guidelines_nondrug"


@dataclass(frozen=True)
class Guideline:
    key: str
    name: str
    scope: str
    recommends: tuple[str, ...]
    against: tuple[str, ...]
    refs: tuple[str, ...]
    #: why the list of what it advises against is empty, when it is (e.g. the list was not retrieved)
    against_note: str = ""


def guidelines() -> list[Guideline]:
    """The guidelines in the dataset, in its order."""
    return [Guideline(key=g["key"], name=g["name"], scope=g["scope"], recommends=tuple(g["recommends"]),
                      against=tuple(g.get("against") or ()), refs=tuple(g["refs"]),
                      against_note=g.get("against_note", ""))
            for g in data.load(DATASET)["guidelines"]]


def who_counts() -> dict[str, int]:
    """How many interventions WHO 2023 considered and how it judged them."""
    return dict(data.load(DATASET)["who2023_counts"])


def _items(items: tuple[str, ...], empty: str) -> str:
    if not items:
        return f"<i>{html.escape(empty)}</i>"
    return "<ul>" + "".join(f"<li>{html.escape(x)}</li>" for x in items) + "</ul>"


def guidelines_html() -> str:
    """An HTML table: one row per guideline, with what it recommends and advises against."""
    rows = []
    for g in guidelines():
        cite = "; ".join(f"{reference(k).authors} ({reference(k).year})" for k in g.refs)
        rows.append(
            f"<tr><td><b>{html.escape(g.name)}</b><br><small>{html.escape(g.scope)}<br>"
            f"{html.escape(cite)}</small></td>"
            f"<td>{_items(g.recommends, '')}</td>"
            f"<td>{_items(g.against, g.against_note or 'none listed in the summary used here')}</td></tr>")
    return scrolling_table('<table class="course-guidelines" style="text-align:left">'
                           "<thead><tr><th>Guideline</th><th>Recommends (non-drug)</th><th>Advises against, or warns about"
                           f"</th></tr></thead><tbody>{''.join(rows)}</tbody></table>", "Guideline recommendations")


def show_guidelines():
    """Display the guideline table in a notebook."""
    from IPython.display import HTML

    return HTML(guidelines_html())
