"""Safe Markdown for lesson text written in data files (quiz prompts, hints, feedback).

Quiz banks are plain text files that anyone may edit, so their Markdown is rendered with raw HTML
switched off: a ``<script>`` tag, an ``<img onerror=...>`` or a ``javascript:`` link in a bank shows
up as text and never runs. Links are limited to the schemes markdown-it-py trusts (``http:``,
``https:``, ``mailto:`` and relative links). Pipe tables are enabled.

>>> render_markdown("Pain *usually* eases within **six weeks**.")
'<p>Pain <em>usually</em> eases within <strong>six weeks</strong>.</p>\\n'
>>> render_markdown("<script>alert(1)</script>")
'<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>\\n'
>>> render_inline("[x](javascript:alert(1))")
'[x](javascript:alert(1))'
"""

from __future__ import annotations

import html
import re
from functools import lru_cache

from markdown_it import MarkdownIt

_TAG = re.compile(r"<[^>]*>")


@lru_cache(maxsize=1)
def _parser() -> MarkdownIt:
    # CommonMark with raw HTML disabled; only the table rule is added.
    return MarkdownIt("commonmark", {"html": False}).enable("table")


def render_markdown(text: str) -> str:
    """Render Markdown to HTML blocks (paragraphs, lists, tables), with raw HTML shown as text.

    Parameters
    ----------
    text : str
        Markdown source, for example a quiz prompt.

    Returns
    -------
    str
        HTML, safe to put in an ``ipywidgets.HTML`` value: every ``<`` of the source that is not
        Markdown syntax is escaped, and unsafe link schemes are left unlinked.

    >>> render_markdown("| level | symbol |\\n|---|---|\\n| Strong | ●●● |").startswith("<table>")
    True
    >>> render_markdown('<img src=x onerror=alert(1)>')  # shown as text, not an image
    '<p>&lt;img src=x onerror=alert(1)&gt;</p>\\n'
    """
    if not isinstance(text, str):
        raise TypeError(f"render_markdown expects text (str), got {type(text).__name__}")
    return _parser().render(text)


def render_inline(text: str) -> str:
    """Render one line of Markdown (emphasis, code, links) without the wrapping ``<p>``.

    Parameters
    ----------
    text : str
        Markdown source of a short phrase, such as an option label or a unit.

    Returns
    -------
    str
        Inline HTML, escaped as in :func:`render_markdown`.

    >>> render_inline("**Strong** evidence")
    '<strong>Strong</strong> evidence'
    >>> render_inline("5 < 6 & 7 > 3")
    '5 &lt; 6 &amp; 7 &gt; 3'
    """
    if not isinstance(text, str):
        raise TypeError(f"render_inline expects text (str), got {type(text).__name__}")
    return _parser().renderInline(text)


def plain_text(text: str) -> str:
    """The words of one line of Markdown without its markup, for places that show plain text only
    (radio-button and drop-down labels).

    >>> plain_text("Bed rest for **two weeks** (`rest`)")
    'Bed rest for two weeks (rest)'
    >>> plain_text("<b>not bold</b>")
    '<b>not bold</b>'
    """
    return html.unescape(_TAG.sub("", render_inline(text)))


def strip_html(markup: str) -> str:
    """The words of a piece of HTML the course made itself (a readout, a status line), tags removed
    and entities decoded: what a screen reader or a test reads.

    >>> strip_html('<span role="status">&#10004; Saved: <b>3</b> answers</span>')
    '✔ Saved: 3 answers'
    """
    return html.unescape(_TAG.sub("", markup))


#: The true minus sign, which figures and readouts use instead of the hyphen.
MINUS = "\u2212"


def true_minus(text: str) -> str:
    """Every hyphen of a number's text as a true minus sign.

    >>> true_minus("-0.4 (-0.7 to -0.1)")
    '−0.4 (−0.7 to −0.1)'
    """
    return text.replace("-", MINUS)


def decimal(x: float, places: int = 1, *, sign: bool = False) -> str:
    """A number to ``places`` decimal places with a true minus sign, '+' in front with ``sign``;
    a value that rounds to zero reads 0 (never '−0.0').

    >>> decimal(16.54), decimal(-4.2), decimal(-0.04), decimal(1.5, sign=True), decimal(0, sign=True)
    ('16.5', '−4.2', '0.0', '+1.5', '+0.0')
    """
    return true_minus(f"{round(x, places) + 0.0:{'+' if sign else ''}.{places}f}")


def count_share(part: int, whole: int) -> str:
    """'75% (3 of 4)': a count as a share of its whole, in tables of results; '–' when the whole is 0.

    >>> count_share(3, 4), count_share(0, 0)
    ('75% (3 of 4)', '–')
    """
    return f"{100 * part / whole:.0f}% ({part} of {whole})" if whole else "–"
