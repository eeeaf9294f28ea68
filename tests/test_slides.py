"""The lesson slides (``python -m course slides``): one offline reveal.js deck per lesson, without code."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest

from course.banks import load_bank
from course.lessons import lesson, lessons
from course.slides import REVEAL_FILES, SlidesError, build_decks, deck_html, reveal_dist
from course.text import plain_text

from slides_support import need_reveal


class _Resources(HTMLParser):
    def __init__(self):
        super().__init__()
        self.loaded: list[str] = []
        self.sections = 0

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "script" and attrs.get("src"):
            self.loaded.append(attrs["src"])
        if tag == "link" and attrs.get("rel") == "stylesheet":
            self.loaded.append(attrs["href"])
        self.sections += tag == "section"


@pytest.mark.parametrize("number", [l.number for l in lessons()])
def test_every_deck_loads_only_its_own_copy_of_reveal_and_holds_no_code(number):
    page = deck_html(lesson(number))
    found = _Resources()
    found.feed(page)
    assert found.loaded and all(src.startswith("reveal/") for src in found.loaded), found.loaded
    assert found.sections > 5
    assert "start_lesson(" not in page and "from course import" not in page
    assert "## Setup" not in page and ">Setup<" not in page


def test_a_quiz_shows_each_question_with_its_answer_as_a_later_step():
    page = deck_html(lesson("08"))
    questions = load_bank("08").quiz("1.1")
    first = questions[0]
    assert f"Quiz 1.1, question 1 of {len(questions)}" in page
    start = page.index(f"Quiz 1.1, question 1 of {len(questions)}")
    slide = page[start:page.index("</section>", start)]
    answer = slide.index('class="fragment course-slide-answer"')
    assert plain_text(first.options[0].text)[:30] in re.sub(r"<[^>]+>", "", slide[:answer])
    right = plain_text(first.answer_text())
    assert right[:30] in re.sub(r"<[^>]+>", "", slide[answer:]), "the answer comes in the revealed step"


def test_explorers_are_named_for_showing_live():
    assert "<code>explore_control_group()</code> live from the lesson" in deck_html(lesson("08"))


def test_missing_reveal_says_how_to_install_it(tmp_path):
    with pytest.raises(SlidesError, match=r"npm ci --prefix tools/slides"):
        reveal_dist(tmp_path / "nothing")
    with pytest.raises(SlidesError):
        build_decks(tmp_path / "out", package=tmp_path / "nothing")


def test_build_writes_decks_and_reveal_beside_them(tmp_path):
    need_reveal()
    paths = build_decks(tmp_path, ["00", "08"])
    assert [p.name for p in paths] == ["00_start_here.html", "08_evaluating_claims.html"]
    for name in REVEAL_FILES:
        assert (tmp_path / "reveal" / name).exists(), name
    with pytest.raises(ValueError, match="no lesson 42"):
        build_decks(tmp_path, ["42"])
