"""Teachers' materials made from the course's own files, for docs/instructor_guide.md.

- the Think notes (``data/think_notes.yml``, format ``data/schema/think_notes.schema.json``): a
  model answer and facilitation notes for every Think prompt, for teachers only (never shown in
  a notebook), checked against the prompts the notebooks hold;
- the learning outcomes of every lesson, read from its "## Learning objectives" cell;
- the claims whose evidence the course grades Weak, None/contrary or Contested (from
  ``data/claims.csv``), which a professional programme should read in the primary sources;
- the lesson times with class discussion: each Think prompt adds a pair discussion of
  :data:`DISCUSSION_MINUTES` minutes to the time in ``data/lessons.yml``.

>>> low, high = DISCUSSION_MINUTES
>>> with_discussion(35, 2) == (35 + 2 * low, 35 + 2 * high)
True
"""

from __future__ import annotations

import json
import re
from functools import lru_cache
from pathlib import Path

import yaml

from .evidence import claims, references
from .lessons import lessons, markdown_cells
from .paths import data_dir
from .schemas import jsonschema

NOTES_FILE = "think_notes.yml"
SCHEMA_FILE = "schema/think_notes.schema.json"
#: minutes of pair discussion per Think prompt (the guide's "Running a session": two or three)
DISCUSSION_MINUTES = (2, 3)
_THINK = re.compile(r"### Think (\d+\.\d+)\b")
_OBJECTIVE = re.compile(r"^\d+\.\s+(.*)$")


class ThinkNotesError(ValueError):
    """data/think_notes.yml is malformed, or does not match the Think prompts of the notebooks."""


def think_ids(path: Path) -> list[str]:
    """The ids ("2.1") of the Think prompts of a notebook: Markdown cells starting "### Think N.M"."""
    return [m.group(1) for m in (_THINK.match(c) for c in markdown_cells(path)) if m]


def notebook_thinks() -> dict[str, list[str]]:
    """Lesson number -> its notebook's Think ids, for every lesson whose notebook exists."""
    return {l.number: think_ids(l.path) for l in lessons() if l.path.is_file()}


@lru_cache(maxsize=None)
def _load(folder: str) -> dict[str, dict[str, dict]]:
    path = Path(folder) / NOTES_FILE
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    schema = json.loads((Path(folder) / SCHEMA_FILE).read_text(encoding="utf-8"))
    errors = sorted(jsonschema().Draft202012Validator(schema).iter_errors(data), key=lambda e: list(e.path))
    if errors:
        e = errors[0]
        where = "/".join(str(p) for p in e.path) or "(top)"
        raise ThinkNotesError(f"{path.name}: {where}: {e.message}")
    return data["lessons"]


def think_notes() -> dict[str, dict[str, dict]]:
    """Lesson number -> Think id -> note (``model_answer``, ``facilitation``, optional ``refs``)."""
    return _load(str(data_dir()))


def check_think_notes(prompts: dict[str, list[str]] | None = None) -> list[str]:
    """What is wrong with the Think notes, one sentence each (empty when all is well): a prompt of
    a notebook without an entry, an entry for a prompt no notebook has, a reference key that
    data/references.yml lacks. ``prompts`` defaults to :func:`notebook_thinks`."""
    prompts = notebook_thinks() if prompts is None else prompts
    notes, keys = think_notes(), set(references())
    problems = []
    for number, ids in prompts.items():
        for tid in ids:
            if tid not in notes.get(number, {}):
                problems.append(f"Lesson {number}'s Think {tid} has no entry in data/{NOTES_FILE}")
    for number, entries in notes.items():
        for tid, note in entries.items():
            if tid not in prompts.get(number, []):
                problems.append(f"data/{NOTES_FILE} has a note for Lesson {number}'s Think {tid}, "
                                "which no notebook has")
            problems.extend(f"data/{NOTES_FILE}: Lesson {number} Think {tid}: reference '{k}' is not "
                            "in data/references.yml" for k in note.get("refs", []) if k not in keys)
    return problems


def think_note_markdown(number: str, think: str) -> str:
    """The note under one Think prompt in the guide's lesson notes (indented list items), or ""."""
    note = think_notes().get(number, {}).get(think)
    if not note:
        return ""
    lines = [f"  - *Model answer:* {' '.join(note['model_answer'].split())}",
             f"  - *Running it:* {' '.join(note['facilitation'].split())}"]
    if note.get("refs"):
        lines.append("  - *References:* " + ", ".join(f"`{k}`" for k in note["refs"]))
    return "\n" + "\n".join(lines)


def objectives(path: Path) -> list[str]:
    """The numbered learning objectives of a notebook's "## Learning objectives" cell."""
    for cell in markdown_cells(path):
        if cell.startswith("## Learning objectives"):
            return [m.group(1).strip() for m in (_OBJECTIVE.match(l.strip()) for l in cell.splitlines()) if m]
    return []


def outcomes_markdown() -> str:
    """The learning outcomes of every lesson, numbered as in its notebook."""
    parts = []
    for l in lessons():
        found = objectives(l.path) if l.path.is_file() else []
        parts.append(f"**Lesson {l.number}: {l.title}**\n")
        parts.extend(f"{i}. {text}" for i, text in enumerate(found, 1))
        parts.append("")
    return "\n".join(parts).rstrip() + "\n"


def with_discussion(minutes: int, thinks: int) -> tuple[int, int]:
    """A lesson's time with a pair discussion of :data:`DISCUSSION_MINUTES` per Think prompt."""
    low, high = DISCUSSION_MINUTES
    return minutes + thinks * low, minutes + thinks * high


def discussion_times_markdown() -> str:
    """The table of lesson times without and with discussion, and the course's totals."""
    low, high = DISCUSSION_MINUTES
    rows = ["| Lesson | Time (lessons.yml) | Think prompts | With discussion |", "|---|---|---|---|"]
    total = [0, 0, 0, 0]
    thinks = notebook_thinks()
    for l in lessons():
        n = len(thinks.get(l.number, []))
        a, b = with_discussion(l.minutes, n)
        rows.append(f"| {l.number} {l.title} | {l.minutes} min | {n} | {a}-{b} min |")
        for i, v in enumerate((l.minutes, n, a, b)):
            total[i] += v
    rows.append(f"| All lessons | {total[0]} min | {total[1]} | {total[2]}-{total[3]} min |")
    return "\n".join(rows) + f"\n\nWith discussion: {low} to {high} minutes of pair discussion per Think prompt.\n"


#: The grades that leave a verdict open to a professional programme's own reading of the trials.
WEAK_LEVELS = ("Weak", "None/contrary", "Contested")


def weak_evidence_markdown() -> str:
    """One line per claim (or side of a split claim) graded :data:`WEAK_LEVELS`: its verdict and grade."""
    lines = []
    for c in claims().values():
        for part in c.parts:
            if part.level in WEAK_LEVELS:
                side = f" ({part.aspect})" if part.aspect else ""
                lines.append(f"- Claim ({c.id}){side}: {c.claim}. Verdict: {part.verdict}; evidence: {part.level}. "
                             "Sources: " + ", ".join(f"`{k}`" for k in c.refs) + ".")
    return "\n".join(lines) + "\n"


#: The generated parts of the guide outside its lesson notes: (start marker, end marker, maker).
GUIDE_PARTS = (
    ("<!-- outcomes:start -->", "<!-- outcomes:end -->", outcomes_markdown),
    ("<!-- weak-evidence:start -->", "<!-- weak-evidence:end -->", weak_evidence_markdown),
    ("<!-- discussion-times:start -->", "<!-- discussion-times:end -->", discussion_times_markdown),
)


def guide_with_materials(text: str) -> str:
    """``text`` (the guide) with the parts of :data:`GUIDE_PARTS` regenerated."""
    for start_mark, end_mark, make in GUIDE_PARTS:
        start, end = text.index(start_mark) + len(start_mark), text.index(end_mark)
        text = text[:start] + "\n" + make() + text[end:]
    return text
