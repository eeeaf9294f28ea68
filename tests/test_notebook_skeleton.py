"""Every lesson notebook follows the course skeleton (docs/authoring.md).

Checked for each notebook in notebooks/: title and time match data/lessons.yml; disclaimer, licence
and red-flag link in the header; objectives; Before you start; Setup with the imports; numbered
sections with running clocks; activities named Explore/Think/Quiz N.M in their section; quizzes
that exist in the lesson's bank; Summary, What's next, References; short code cells; clean outputs.
"""

from __future__ import annotations

import re
from pathlib import Path

import nbformat
import pytest

from course.lessons import lessons
from course.paths import notebooks_dir

NOTEBOOKS = sorted(notebooks_dir().glob("[0-9][0-9]_*.ipynb"))
#: A quiz cell: lesson.quiz("2.1"), or lesson.quiz("2.1", explorer=name) when the quiz asks about
#: the state of an explorer shown above it.
_QUIZ_CALL = re.compile(r'lesson\.quiz\("([\d.]+)"(?:\)|, explorer=[A-Za-z_]\w*\))')
LESSON_BY_FILE = {l.file: l for l in lessons()}


def _ids(paths):
    return [p.name for p in paths]


@pytest.fixture(params=NOTEBOOKS, ids=_ids(NOTEBOOKS))
def nb(request):
    path: Path = request.param
    return path, nbformat.read(path, as_version=4)


def _headings(nb, level: int) -> list[tuple[int, str]]:
    out = []
    prefix = "#" * level + " "
    for i, cell in enumerate(nb.cells):
        if cell.cell_type != "markdown":
            continue
        for line in cell.source.splitlines():
            if line.startswith(prefix):
                out.append((i, line[len(prefix):].strip()))
    return out


def test_there_are_lessons():
    assert len(NOTEBOOKS) >= 2, "notebooks/ should hold at least lessons 00 and 01"


def test_every_notebook_is_in_the_course_map(nb):
    path, _ = nb
    assert path.name in LESSON_BY_FILE, f"{path.name} is not listed in data/lessons.yml"


def test_header(nb):
    path, book = nb
    info = LESSON_BY_FILE[path.name]
    first = book.cells[0]
    assert first.cell_type == "markdown"
    lines = first.source.splitlines()
    assert lines[0] == f"# Lesson {info.number}: {info.title}", f"{path.name}: first line must be the title"
    text = first.source
    assert "not medical advice" in text, f"{path.name}: header needs the disclaimer"
    assert "CC-BY-4.0" in text, f"{path.name}: header needs the licence"
    assert "00_start_here.ipynb#Red-flags" in text or info.number == "00", f"{path.name}: header must link the red flags"
    assert len(_headings(book, 1)) == 1, f"{path.name}: exactly one '#' title"


def test_objectives_time_and_setup(nb):
    path, book = nb
    info = LESSON_BY_FILE[path.name]
    h2 = [h for _, h in _headings(book, 2)]
    for required in ("Learning objectives", "Before you start", "Setup", "Summary", "What's next", "References"):
        assert required in h2, f"{path.name}: missing section '## {required}'"
    order = [h2.index(x) for x in ("Learning objectives", "Before you start", "Setup")]
    assert order == sorted(order), f"{path.name}: objectives, before-you-start and setup come first, in that order"
    assert h2[-3:] == ["Summary", "What's next", "References"], f"{path.name}: must end with Summary, What's next, References"
    src = "\n".join(c.source for c in book.cells if c.cell_type == "markdown")
    assert f"**Estimated time:** {info.minutes} min" in src, f"{path.name}: estimated time must be {info.minutes} min"
    objectives_cell = next(c for c in book.cells if c.cell_type == "markdown" and "## Learning objectives" in c.source)
    n_obj = len(re.findall(r"^\d+\. ", objectives_cell.source, flags=re.M))
    assert 3 <= n_obj <= 5, f"{path.name}: 3 to 5 numbered learning objectives, found {n_obj}"
    setup_idx = next(i for i, c in enumerate(book.cells) if c.cell_type == "markdown" and "## Setup" in c.source)
    setup_code = book.cells[setup_idx + 1]
    assert setup_code.cell_type == "code" and "from course import" in setup_code.source, \
        f"{path.name}: the Setup section's code cell imports from course"
    assert "start_lesson(" in setup_code.source, f"{path.name}: Setup calls start_lesson"


def test_numbered_sections_with_clocks(nb):
    path, book = nb
    sections = [(i, h) for i, h in _headings(book, 2) if re.match(r"\d+\. ", h)]
    assert sections, f"{path.name}: no numbered sections '## 1. ...'"
    numbers = [int(h.split(".")[0]) for _, h in sections]
    assert numbers == list(range(1, len(numbers) + 1)), f"{path.name}: sections must be numbered 1, 2, 3..., got {numbers}"
    for i, h in sections:
        assert re.search(r"\*Time to here: ~\d+ min\*", book.cells[i].source), \
            f"{path.name}: section '{h}' must open with '*Time to here: ~N min*'"


def test_activities_are_named_by_section(nb):
    path, book = nb
    section = 0
    counters: dict[tuple[int, str], int] = {}
    quiz_ids = []
    for i, cell in enumerate(book.cells):
        if cell.cell_type != "markdown":
            continue
        for line in cell.source.splitlines():
            m = re.match(r"## (\d+)\. ", line)
            if m:
                section = int(m.group(1))
            m = re.match(r"### (Explore|Think|Quiz) (\d+)\.(\d+)\b", line)
            if m:
                kind, sec, idx = m.group(1), int(m.group(2)), int(m.group(3))
                assert sec == section, f"{path.name}: '{line}' sits in section {section}"
                counters[(sec, kind)] = counters.get((sec, kind), 0) + 1
                assert idx == counters[(sec, kind)], f"{path.name}: '{line}' should be {kind} {sec}.{counters[(sec, kind)]}"
                if kind == "Quiz":
                    quiz_ids.append((i, f"{sec}.{idx}"))
                if kind == "Explore":
                    questions = re.findall(r"^\s*(?:\d+\.|-) ", cell.source, flags=re.M)
                    assert len(questions) >= 2, f"{path.name}: '{line}' needs 2 to 3 specific questions"
    for i, qid in quiz_ids:
        code = book.cells[i + 1]
        assert code.cell_type == "code" and _QUIZ_CALL.search(code.source) \
            and _QUIZ_CALL.search(code.source).group(1) == qid, \
            f"{path.name}: Quiz {qid} heading must be followed by a cell calling lesson.quiz(\"{qid}\") " \
            f"(or lesson.quiz(\"{qid}\", explorer=...) for a quiz about an explorer shown above)"


def test_quizzes_exist_in_bank(nb):
    path, book = nb
    from course.banks import load_bank

    wanted = set(_QUIZ_CALL.findall("\n".join(c.source for c in book.cells if c.cell_type == "code")))
    if not wanted:
        pytest.skip(f"{path.name} has no quizzes")
    bank = load_bank(path.stem)
    missing = wanted - set(bank.quizzes)
    assert not missing, f"{path.name}: quizzes {sorted(missing)} are not in data/quizzes/{path.stem}.yml"


def test_code_cells_are_short(nb):
    path, book = nb
    for i, cell in enumerate(book.cells):
        if cell.cell_type == "code":
            n = len([l for l in cell.source.splitlines() if l.strip()])
            assert 1 <= n <= 10, f"{path.name}: code cell {i} has {n} lines (1 to 10 allowed)"


def test_committed_clean(nb):
    path, book = nb
    import sys

    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tools"))
    from clean_notebooks import clean

    assert not clean(book), f"{path.name} has outputs or metadata to strip: run `make clean-notebooks`"
    kept = [c for c in book.cells if c.cell_type == "code" and c.outputs]
    for cell in kept:
        assert cell.execution_count is not None, f"{path.name}: a kept reference cell needs its execution count"
