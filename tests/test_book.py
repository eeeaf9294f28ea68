"""The book edition (``make html``, ``tools/build_book.py``): Jupyter Book pages of the lessons.

The unit tests check the pieces the builder adds (the bibliography from data/references.yml, the
citations in a lesson's References, how an executed lesson becomes a page). The slow tests build
lessons 00 and 01 for real (about 15 s) and read the pages a reader gets: the course map as the
landing page, the red-flag page linked from the header of every page, the bibliography that lessons
cite, a note on running each lesson live, code behind a toggle with no test marker or prompt, no
widget left as a placeholder and nothing loaded from the network. The browser tests
(tests/browser/test_book.py) build the whole book.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

from tools import build_book as book

ROOT = Path(__file__).resolve().parents[1]
LESSONS = ("00_start_here", "01_back_pain_basics")


# --- the pieces --------------------------------------------------------------------------------

@pytest.mark.parametrize("authors, names", [
    ("Maher CG, Hancock MJ, et al.", ["{Maher CG}", "{Hancock MJ}", "others"]),
    ("da C. Menezes Costa L, Maher CG", ["{da C. Menezes Costa L}", "{Maher CG}"]),
    ("World Health Organization", ["{World Health Organization}"]),
    ("[Authors not retrieved]", ["{[Authors not retrieved]}"]),
])
def test_author_lists_become_bibtex_names(authors, names):
    assert book._people(authors) == names


def test_every_reference_is_in_the_bibliography_with_its_year_and_title():
    from pybtex.database import parse_string
    from pybtex.richtext import Text

    from course.evidence import references

    parsed = parse_string(book.bibtex(), "bibtex")
    refs = references()
    assert set(parsed.entries) == set(refs)
    for key, ref in refs.items():
        entry = parsed.entries[key]
        assert entry.fields["year"] == str(ref.year), key
        assert str(Text.from_latex(entry.fields["title"])) == ref.title, key
        assert entry.persons["author"], key


def test_a_references_line_cites_the_studies_it_names_by_author_and_year():
    keys = ["costa2012", "pengel2003", "maher2012", "costa2013", "dasilva2019", "silva2012"]
    line = "- Costa LdaCM, Maher CG, Hancock MJ, et al. (2012). The prognosis ... CMAJ. Pengel LHM (2003) BMJ."
    assert book.cited_keys(line, keys) == ["costa2012", "pengel2003", "maher2012"]
    assert book.cited_keys("- da Silva T, et al. (2019). J Physiother.", keys) == ["dasilva2019"]
    cell = "## References\n" + line + "\n- A line that names no study."
    cited = book.cite_references(cell, keys)
    assert "{cite:p}`costa2012` {cite:p}`pengel2003` {cite:p}`maher2012`" in cited
    assert cited.splitlines()[-1] == "- A line that names no study."


def _lesson():
    nb = nbformat.v4.new_notebook()
    nb.cells = [
        nbformat.v4.new_markdown_cell("# Lesson 01: Basics\n[Red flags](00_start_here.ipynb#Red-flags) · "
                                      "[next](02_muscle_injury.ipynb) · [lesson 05](05_heat_and_cold.ipynb)"),
        nbformat.v4.new_code_cell("# NBVAL_CHECK_OUTPUT\nprint(1)", outputs=[
            nbformat.v4.new_output("stream", name="stdout", text="1\n"),
            nbformat.v4.new_output("stream", name="stderr", text="a warning of the build\n")]),
        nbformat.v4.new_code_cell("explorer", outputs=[nbformat.v4.new_output("display_data", data={
            book.WIDGET_MIME: {"model_id": "x"}, "text/html": '<a href="02_muscle_injury.ipynb">next</a>',
            "text/plain": "Explorer"})]),
        nbformat.v4.new_code_cell("slider", outputs=[nbformat.v4.new_output("display_data", data={
            book.WIDGET_MIME: {"model_id": "y"}, "text/plain": "IntSlider()"})]),
        nbformat.v4.new_markdown_cell("## References\n- Costa LdaCM (2012). CMAJ."),
    ]
    return nb


def test_an_executed_lesson_becomes_a_page():
    nb = _lesson()
    counts = book.for_the_book(nb, "01_back_pain_basics.ipynb",
                               {"00_start_here.ipynb", "01_back_pain_basics.ipynb", "02_muscle_injury.ipynb"},
                               ["costa2012"])
    title, note, code, explorer, slider, refs = nb.cells
    assert book.LIVE_NOTE_MARK in note.source and "mybinder.org" in note.source, "the run-live note follows the title"
    assert "](red-flags.md)" in title.source and "](02_muscle_injury.ipynb)" in title.source
    assert "](05_heat_and_cold.ipynb)" in title.source, "a lesson outside this build keeps its link"
    assert "NBVAL" not in code.source and code.source == "print(1)"
    assert all("hide-input" in c.metadata["tags"] for c in (code, explorer, slider))
    assert [o.get("name") for o in code.outputs] == ["stdout"], "the build's warnings are dropped"
    assert book.WIDGET_MIME not in explorer.outputs[0].data
    assert explorer.outputs[0].data["text/html"] == '<a href="02_muscle_injury.html">next</a>'
    assert slider.outputs[0].data["text/html"] == book.WIDGET_NOTE
    assert refs.source.endswith("{cite:p}`costa2012`")
    assert counts == {"widget_notes": 1, "cited": 1}


def test_the_landing_page_is_the_course_map_linking_the_built_lessons():
    from course.lessons import lessons

    page = book.index_md({"00_start_here.ipynb"})
    for item in lessons():
        assert item.title in page
    assert 'href="00_start_here.html"' in page and "01_back_pain_basics.ipynb" not in page
    assert "red-flags.md" in page and "nothing you do here" in page and "is stored" in page


def test_an_unknown_lesson_is_named_with_the_valid_ones():
    with pytest.raises(SystemExit, match=r"no lesson notebook for: 42; lessons are 00, 01"):
        book.lesson_files(["42"])


# --- a real build ------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("book")
    run = subprocess.run([sys.executable, "tools/build_book.py", "--out", str(out), "--only", *LESSONS],
                         cwd=ROOT, capture_output=True, text=True, timeout=900)
    assert run.returncode == 0, run.stdout + run.stderr
    assert re.search(r"^book lessons=2 total_s=[\d.]+ sphinx_s=[\d.]+ size_kB=\d+", run.stdout, re.M), run.stdout
    return out


def _pages(built: Path) -> list[Path]:
    return [built / "index.html", built / "red-flags.html", built / "bibliography.html",
            *(built / f"{stem}.html" for stem in LESSONS)]


@pytest.mark.slow
def test_every_page_has_the_red_flag_link_in_its_header_and_loads_nothing_from_the_network(built):
    for page in _pages(built):
        text = page.read_text(encoding="utf-8")
        header = text.split('class="bd-header-announcement', 1)[1].split("</div>", 1)[0]
        assert 'href="red-flags.html"' in header, page.name
        assert not re.search(r'<script[^>]+src="https?://', text), f"{page.name} loads a script from the network"
        assert "THEBE_JS_URL" not in text, page.name


@pytest.mark.slow
def test_the_red_flag_page_holds_every_tier(built):
    from course.safety import red_flag_tiers

    text = (built / "red-flags.html").read_text(encoding="utf-8")
    for tier in red_flag_tiers():
        assert tier["label"] in text and tier["heading"] in text


@pytest.mark.slow
def test_lessons_cite_the_bibliography(built):
    biblio = (built / "bibliography.html").read_text(encoding="utf-8")
    assert "The prognosis of acute and persistent low-back pain" in biblio
    page = (built / "01_back_pain_basics.html").read_text(encoding="utf-8")
    links = re.findall(r'href="bibliography\.html#(id\d+)"', page)
    assert len(links) >= 5, "lesson 01's references link to their bibliography entries"
    for anchor in links:
        assert f'id="{anchor}"' in biblio, anchor


@pytest.mark.slow
@pytest.mark.parametrize("stem", LESSONS)
def test_lesson_pages_hide_code_and_show_no_test_marker_prompt_or_placeholder(built, stem):
    text = (built / f"{stem}.html").read_text(encoding="utf-8")
    assert "NBVAL" not in text and not re.search(r"In&nbsp;\[\d*\]|In \[\d+\]:", text)
    assert "Show code cell source" in text, "code is behind a toggle"
    assert book.WIDGET_MIME not in text and "Traceback" not in text and "Error displaying widget" not in text
    assert not re.search(r"\b(VBox|HBox|IntSlider)\(", text), "a widget shown as its Python repr"
    assert book.LIVE_NOTE_MARK in text and "mybinder.org/v2/gh/" in text and "make lab" in text
    assert 'href="red-flags.html"' in text.split('class="bd-article"', 1)[1], "the lesson's own red-flag links"


@pytest.mark.slow
def test_the_landing_page_is_the_course_map(built):
    text = (built / "index.html").read_text(encoding="utf-8")
    assert 'class="course-map"' in text
    assert 'href="00_start_here.html"' in text and 'href="01_back_pain_basics.html"' in text
    assert 'href="02_muscle_injury.html"' not in text, "a lesson not built is listed without a link"


@pytest.mark.slow
@pytest.mark.parametrize("stem", LESSONS)
def test_lesson_pages_show_explorers_that_move_and_quizzes_that_answer(built, stem):
    text = (built / f"{stem}.html").read_text(encoding="utf-8")
    images = re.findall(r"<img\b[^>]*>", text)
    figures = [img for img in images if "course-figure" in img]
    assert figures or stem == "00_start_here", "lesson 01 shows explorers"
    for img in images:
        alt = re.search(r'\balt="([^"]*)"', img)
        assert alt and alt.group(1).strip(), f"an image without alt text: {img[:120]}"
    if figures:
        assert "course-explorer-frames" in text and "one control at a time" in text
    assert 'class="course-quiz-book' in text and "Answers are checked in this page only" in text
