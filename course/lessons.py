"""The course map: the ten lessons, their times and summaries (from ``data/lessons.yml``).

>>> [l.number for l in lessons()][:3]
['00', '01', '02']
>>> lesson("01").title
'Back pain basics'
>>> sum(l.minutes for l in lessons())
387
"""

from __future__ import annotations

import html
import json
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

from .pages import scrolling_table
from .paths import data_dir, notebooks_dir

LESSONS_FILE = "lessons.yml"


@dataclass(frozen=True)
class Lesson:
    number: str
    file: str
    title: str
    minutes: int
    summary: str

    @property
    def stem(self) -> str:
        """File name without .ipynb, e.g. '01_back_pain_basics' (also the quiz bank's name)."""
        return Path(self.file).stem

    @property
    def path(self) -> Path:
        return notebooks_dir() / self.file


def markdown_cells(path: Path) -> list[str]:
    """The text of every Markdown cell of a notebook file, in order (the lesson's headings and
    prose, read without running it)."""
    cells = json.loads(Path(path).read_text(encoding="utf-8")).get("cells", [])
    return ["".join(c.get("source", "")) for c in cells if c.get("cell_type") == "markdown"]


@dataclass(frozen=True)
class QuizPlace:
    """Where a quiz sits in its lesson: the numbered section and the Explores and Think prompts of
    that section before the quiz (what a learner who missed its questions should revisit)."""

    section: str
    before: tuple[str, ...]

    def text(self) -> str:
        also = f" ({', '.join(self.before)})" if self.before else ""
        return f"section {self.section}{also}"


_HEADING_ID = re.compile(r"^###\s+((?:Explore|Think)\s+\d+\.\d+)")


def quiz_place(number: str, quiz_id: str) -> QuizPlace | None:
    """The section of lesson ``number`` that holds its "### Quiz ``quiz_id``", with the Explores and
    Think prompts of that section before it; None when the notebook has no such quiz.

    >>> quiz_place("08", "2.1")
    QuizPlace(section='2. A trial you can run', before=('Explore 2.1', 'Explore 2.2', 'Think 2.1'))
    """
    section, before = None, []
    for text in markdown_cells(lesson(number).path):
        first = text.strip().splitlines()[0] if text.strip() else ""
        if first.startswith("## "):
            section, before = first[3:].strip(), []
        elif (found := _HEADING_ID.match(first)) is not None:
            before.append(found.group(1))
        elif re.match(rf"^###\s+Quiz\s+{re.escape(quiz_id)}\b", first):
            return QuizPlace(section, tuple(before)) if section else None
    return None


@lru_cache(maxsize=None)
def _lessons_cached(folder: str) -> tuple[Lesson, ...]:
    raw = yaml.safe_load((Path(folder) / LESSONS_FILE).read_text(encoding="utf-8"))
    return tuple(Lesson(**{**entry, "number": str(entry["number"])}) for entry in raw["lessons"])


def lessons() -> tuple[Lesson, ...]:
    """All lessons in course order."""
    return _lessons_cached(str(data_dir()))


def lesson(number: str | int) -> Lesson:
    """One lesson by number ('01', 1) or by file stem ('01_back_pain_basics')."""
    key = f"{number:02d}" if isinstance(number, int) else str(number)
    for item in lessons():
        if key in (item.number, item.stem, item.file):
            return item
    raise ValueError(f"no lesson '{number}'; lessons are {', '.join(l.number for l in lessons())}")


def course_map_html(current: str | None = None) -> str:
    """The course map as an HTML table with links to each lesson notebook."""
    rows = []
    total = 0
    for item in lessons():
        total += item.minutes
        here = item.number == current
        exists = item.path.is_file()
        title = html.escape(item.title)
        link = f'<a href="{html.escape(item.file)}">{title}</a>' if exists else f"{title} <i>(in preparation)</i>"
        marker = " <b>(you are here)</b>" if here else ""
        rows.append(f"<tr><td>{item.number}</td><td>{link}{marker}</td><td>{item.minutes} min</td>"
                    f"<td>{html.escape(item.summary)}</td></tr>")
    return scrolling_table('<table class="course-map"><thead><tr><th>#</th><th>Lesson</th><th>Time</th>'
                           f'<th>What you will learn</th></tr></thead><tbody>{"".join(rows)}</tbody>'
                           f'<tfoot><tr><td></td><td><b>Whole course</b></td><td>about {round(total / 60, 1):g} h</td>'
                           "<td></td></tr></tfoot></table>", "The course map")


def show_course_map(current: str | None = None):
    """Display the course map in a notebook."""
    from IPython.display import HTML

    return HTML(course_map_html(current))
