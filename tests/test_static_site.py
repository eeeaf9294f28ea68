"""The static edition (``make html``): lessons executed and written as HTML pages with a contents page.

The build runs lessons 00 and 01 from fresh kernels (about 15 s) and checks what a reader without a
kernel gets: a note on every page saying where to run the lesson live, explorers as still pictures
with alt text and readout, quizzes that answer in the page, no widget left as a bare placeholder, nothing loaded
from the network.
"""

from __future__ import annotations

import html
import re
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
LESSONS = ("00_start_here", "01_back_pain_basics")

pytestmark = pytest.mark.slow


class _Images(HTMLParser):
    """Collects every <img> with its attributes and every element's class list."""

    def __init__(self):
        super().__init__()
        self.images: list[dict] = []
        self.classes: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "img":
            self.images.append(attrs)
        self.classes.extend((attrs.get("class") or "").split())


def parse(text: str) -> _Images:
    parser = _Images()
    parser.feed(text)
    return parser


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("site")
    run = subprocess.run([sys.executable, "tools/build_site.py", "--out", str(out), "--only", "00", "01"],
                         cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert run.returncode == 0, run.stdout + run.stderr
    return out


def test_contents_page_lists_every_lesson_and_links_the_built_ones(site):
    from course.lessons import lessons

    index = (site / "index.html").read_text()
    for item in lessons():
        assert html.escape(item.title) in index, item.title
    for stem in LESSONS:
        assert f'href="{stem}.html"' in index
    assert "(not in this edition)" in index  # the lessons that were not built are named, not linked
    assert "Run it live" in index and "make lab" in index and "mybinder.org/v2/gh/" in index


@pytest.mark.parametrize("stem", LESSONS)
def test_each_page_says_where_to_run_it_live(site, stem):
    page = (site / f"{stem}.html").read_text()
    first_note = page.index("course-run-live")
    assert first_note < page.index("<h1"), "the run-live note comes before the lesson's title"
    assert f"urlpath=lab/tree/notebooks/{stem}.ipynb" in page
    assert "make lab" in page and 'href="index.html"' in page


@pytest.mark.parametrize("stem", LESSONS)
def test_pages_show_explorers_as_pictures_with_alt_text_and_quizzes_that_answer(site, stem):
    page = (site / f"{stem}.html").read_text()
    found = parse(page)
    figures = [img for img in found.images if "course-figure" in (img.get("class") or "")]
    assert figures, "every built lesson shows at least one explorer"
    for img in figures:
        assert img["src"].startswith("data:image/png;base64,")
        assert len(img.get("alt", "").strip()) > 20, img.get("alt")
    assert all((img.get("alt") or "").strip() for img in found.images), "an image without alt text"
    assert "course-quiz-book" in found.classes and "Answers are checked in this page only" in page
    assert "course-readout" in found.classes


@pytest.mark.parametrize("stem", LESSONS)
def test_pages_hold_no_widget_placeholders_errors_or_network_scripts(site, stem):
    page = (site / f"{stem}.html").read_text()
    assert "application/vnd.jupyter.widget-view+json" not in page
    assert not re.search(r"\b(VBox|HBox|HTML|Image)\(", page), "a widget shown as its Python repr"
    assert "Error displaying widget" not in page and "Traceback" not in page
    assert not re.search(r'<script[^>]+src="https?://', page), "the page loads a script from the network"


def test_links_between_lessons_lead_to_pages_of_the_edition(site):
    page = (site / "01_back_pain_basics.html").read_text()
    assert 'href="00_start_here.html' in page
    assert not re.search(r'href="00_start_here\.ipynb', page)
