"""Safety content shown in every lesson: the disclaimer and the red-flag card.

>>> "education" in DISCLAIMER
True
>>> "Cauda equina" in red_flags_html()
True
"""

from __future__ import annotations

import html

from .data import _read
from .evidence import reference
from .paths import data_dir

DISCLAIMER = ("This course is education, not medical advice: it cannot diagnose or treat you. "
              "If you have any red-flag sign, get medical help now.")


def red_flags() -> dict:
    """The red-flag list from data/red_flags.yml."""
    return _read(data_dir() / "red_flags.yml")


def red_flags_html() -> str:
    """The red-flag card as HTML (symbols and words, not colour alone)."""
    rf = red_flags()
    esc = html.escape
    urgent = "".join(f"<li>{esc(s)}</li>" for s in rf["urgent"]["signs"])
    groups = "".join(
        f"<li><b>{esc(g['name'])}:</b> {esc('; '.join(g['signs']))}</li>" for g in rf["soon"]["groups"]
    )
    refs = "; ".join(esc(reference(k).citation()) for k in rf["refs"])
    return (
        '<div class="course-red-flags" role="note" style="border:3px solid #D55E00;padding:8px 14px;'
        'background:#fff;color:#111">'
        f"<p><b>⚠ RED FLAGS. {esc(rf['urgent']['heading'])}</b></p><ul>{urgent}</ul>"
        f"<p><b>{esc(rf['soon']['heading'])}</b></p><ul>{groups}</ul>"
        f"<p><small>{esc(rf['context'])}</small></p>"
        f"<details><summary>Sources</summary><small>{refs}</small></details></div>"
    )


def show_red_flags():
    """Display the red-flag card in a notebook."""
    from IPython.display import HTML

    return HTML(red_flags_html())
