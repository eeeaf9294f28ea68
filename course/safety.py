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


def red_flag_tiers() -> list[dict]:
    """The card's urgency tiers, most urgent first: every top-level entry of the data with groups.

    >>> [t["label"] for t in red_flag_tiers()]
    ['EMERGENCY', 'SOON', 'WITHIN DAYS']
    """
    return [dict(entry, key=key) for key, entry in red_flags().items()
            if isinstance(entry, dict) and "groups" in entry]


def _tier_html(tier: dict, first: bool) -> str:
    esc = html.escape
    groups = "".join(
        f"<li><b>{esc(g['name'])}:</b><ul>{''.join(f'<li>{esc(s)}</li>' for s in g['signs'])}</ul></li>"
        for g in tier["groups"]
    )
    basis = f"<p><small>{esc(tier['basis'])}</small></p>" if tier.get("basis") else ""
    border = "border-top:3px solid #D55E00;" if first else "border-top:1px solid #555;"
    return (
        f'<section class="course-red-flags-tier course-red-flags-{esc(tier["key"])}" style="{border}'
        'margin-top:6px;padding-top:4px">'
        f'<p><b><span aria-hidden="true">{esc(tier["symbol"])} </span>{esc(tier["label"])}: '
        f"{esc(tier['heading'])}</b></p><ul>{groups}</ul>{basis}</section>"
    )


def red_flags_html() -> str:
    """The red-flag card as HTML: one section per urgency tier, each named in words (EMERGENCY,
    SOON, WITHIN DAYS) beside its symbol, so that neither colour nor symbol carries the meaning alone."""
    rf = red_flags()
    esc = html.escape
    tiers = "".join(_tier_html(t, i == 0) for i, t in enumerate(red_flag_tiers()))
    refs = "; ".join(esc(reference(k).citation()) for k in rf["refs"])
    return (
        '<div class="course-red-flags" role="note" aria-label="Red flags" style="border:3px solid #D55E00;'
        'padding:8px 14px;background:#fff;color:#111">'
        "<p><b>RED FLAGS: signs that back pain needs medical care, the most urgent first.</b></p>"
        f"{tiers}"
        f"<p><small>{esc(rf['context'])}</small></p>"
        f"<details><summary>Sources</summary><small>{refs}</small></details></div>"
    )


def show_red_flags():
    """Display the red-flag card in a notebook."""
    from IPython.display import HTML

    return HTML(red_flags_html())
