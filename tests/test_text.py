"""Markdown from data files renders to safe HTML (course.text)."""

from html.parser import HTMLParser

import pytest

from course.text import plain_text, render_inline, render_markdown

HOSTILE = (
    "Before <script>alert(1)</script> and <img src=x onerror=alert(1)> "
    "and [x](javascript:alert(1)) and [y](JaVaScRiPt:alert(2)) and <javascript:alert(3)> "
    "and [z](data:text/html;base64,PHNjcmlwdD4=) and <a href=\"javascript:alert(4)\">a</a>"
)


class _Elements(HTMLParser):
    """Collects the start tags and their attributes of an HTML fragment."""

    def __init__(self):
        super().__init__()
        self.tags: list[tuple[str, dict]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))


def elements(fragment: str) -> list[tuple[str, dict]]:
    parser = _Elements()
    parser.feed(fragment)
    parser.close()
    return parser.tags


@pytest.mark.parametrize("render", [render_markdown, render_inline])
def test_hostile_markup_is_shown_as_text_not_run(render):
    out = render(HOSTILE)
    tags = elements(out)
    assert "<script" not in out.lower()
    assert all(tag not in ("script", "img", "iframe", "a") for tag, _ in tags), tags
    assert not any(name.startswith("on") for _, attrs in tags for name in attrs)
    assert 'href="javascript:' not in out.lower()
    # The words stay visible as text, so an author sees the mistake.
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in out
    assert "onerror=alert(1)" in out


def test_safe_links_and_emphasis_are_rendered():
    out = render_markdown("See [the review](https://doi.org/10.1/x) for **details**.")
    assert elements(out) == [("p", {}), ("a", {"href": "https://doi.org/10.1/x"}), ("strong", {})]


def test_tables_are_rendered():
    out = render_markdown("| level | symbol |\n|---|---|\n| Strong | ●●● |\n")
    tags = [tag for tag, _ in elements(out)]
    assert tags[0] == "table" and "td" in tags
    assert "<td>●●●</td>" in out


def test_inline_has_no_paragraph_and_block_has_one():
    assert render_inline("*a*") == "<em>a</em>"
    assert render_markdown("*a*") == "<p><em>a</em></p>\n"


def test_plain_text_strips_markup_but_keeps_literal_tags_as_text():
    assert plain_text("**Stay** active `now`") == "Stay active now"
    assert plain_text("1 < 2 & <b>") == "1 < 2 & <b>"


def test_non_text_is_refused_with_a_clear_error():
    with pytest.raises(TypeError, match="expects text"):
        render_markdown(None)
    with pytest.raises(TypeError, match="expects text"):
        render_inline(3)
