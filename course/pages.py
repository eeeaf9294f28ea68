"""Small helpers for the course's self-contained HTML: the learner's report, the class summary,
the answer key, and what a widget shows where widgets cannot run.

Every page is one file with inline CSS and figures as inline PNG, readable offline and printable.

>>> escape('<b title="x">')
'&lt;b title=&quot;x&quot;&gt;'
>>> wrap_label("Sustained low-level contraction of the back muscles", 20).splitlines()
['Sustained low-level', 'contraction of the…']
"""

from __future__ import annotations

import html
import textwrap


def wrap_label(text: str, width: int) -> str:
    """At most two lines of ``width`` characters, cut with an ellipsis if longer."""
    lines = textwrap.wrap(text, width)
    if len(lines) > 2:
        lines = [lines[0], textwrap.shorten(" ".join(lines[1:]), width, placeholder="…")]
    return "\n".join(lines)


PAGE_CSS = """
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,Arial,sans-serif;color:#111;background:#fff;
max-width:60rem;margin:1.5rem auto;padding:0 1rem;line-height:1.45}
h1{font-size:1.6rem;margin-bottom:.2rem}h2{font-size:1.25rem;margin-top:1.8rem;border-bottom:1px solid #ccc}
h3{font-size:1.05rem}table{border-collapse:collapse;margin:.6rem 0;width:100%}
th,td{border:1px solid #bbb;padding:.25rem .5rem;text-align:left;vertical-align:top}
th{background:#f0f0f0}.num{text-align:right;white-space:nowrap}.muted{color:#555}
.ok{font-weight:600}.no{font-weight:600}img{max-width:100%;height:auto}
.note{border-left:4px solid #0072B2;padding:.3rem .8rem;background:#f5f9fc}
.warn{border-left:4px solid #D55E00;padding:.3rem .8rem;background:#fdf3ee}
.q{margin:.8rem 0 1.2rem;page-break-inside:avoid}
@media print{body{margin:0;max-width:none}h2{page-break-after:avoid}tr,img,.q{page-break-inside:avoid}
a{color:inherit;text-decoration:none}}
"""


def html_page(title: str, body: str) -> str:
    """A complete, self-contained HTML document (no external files) with print styles."""
    return (f'<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            f"<title>{html.escape(title)}</title>\n<style>{PAGE_CSS}</style>\n</head>\n<body>\n{body}\n"
            "<p class=\"muted\"><small>Back Muscle Therapy course. Education, not medical advice. "
            "Text CC-BY-4.0.</small></p>\n</body>\n</html>\n")


#: What every widget of the course needs to fit a narrow output (a phone, 200% zoom): text in an
#: HTML widget may shrink below its longest word and wraps a long one (a DOI), a drop-down list
#: shrinks with the output. A style element in one output applies to the whole page, so each
#: top-level widget carries it (:func:`widget_style`).
WIDGET_CSS = """
.jp-OutputArea-output .widget-html > .widget-html-content { min-width: 0; overflow-wrap: anywhere; }
.jp-OutputArea-output .widget-dropdown { max-width: 100%; }
.jp-OutputArea-output .widget-dropdown > select { min-width: 0; }
"""


def widget_style() -> str:
    """The style element of :data:`WIDGET_CSS`."""
    return f"<style>{WIDGET_CSS}</style>"


def scrolling_table(table: str, label: str) -> str:
    """A wide table in a box of its own that scrolls sideways when the page is narrow (a phone,
    200% zoom), so that the text around it never has to; the box can be scrolled from the keyboard
    (it takes focus) and is named for screen readers.

    >>> scrolling_table("<table></table>", "Lessons")
    '<div class="course-scroll" role="region" tabindex="0" aria-label="Lessons" style="overflow-x:auto;max-width:100%"><table></table></div>'
    """
    return (f'<div class="course-scroll" role="region" tabindex="0" aria-label="{escape(label)}" '
            f'style="overflow-x:auto;max-width:100%">{table}</div>')


def escape(value) -> str:
    """Any value as text safe inside HTML (tags shown as text, quotes escaped for attributes)."""
    return html.escape(str(value), quote=True)


def widget_bundle(widget, plain: str, html_text: str | None = None, **kwargs) -> dict | tuple:
    """What a notebook cell shows for ``widget``: JupyterLab shows the widget itself, a page without
    widget state (nbconvert's HTML, the book edition, a viewer) shows ``html_text``, and a text
    console shows ``plain``. ``kwargs`` are those of ``_repr_mimebundle_``."""
    bundle = widget._repr_mimebundle_(**kwargs)
    data = bundle[0] if isinstance(bundle, tuple) else bundle
    if html_text is not None:
        data["text/html"] = html_text
    data["text/plain"] = plain
    return bundle
