#!/usr/bin/env python3
"""Regenerate the parts of the documentation that are made from the course's own files.

- ``README.md``: the lesson table (between the lesson-table markers), from ``data/lessons.yml``;
- both files: the Binder badge and the Binder and nbgitpuller links (between their markers), from
  ``config/publishing.yml`` (``course.publishing``);
- ``docs/instructor_guide.md``: the notes for each lesson (between the lesson-notes markers), from
  ``data/lessons.yml``, the lesson notebooks, the quiz banks and ``data/think_notes.yml``
  (``course.classroom``); the learning outcomes and the lesson times with discussion (between their
  markers), from the notebooks (``course.teaching_notes``).

    python tools/generate_docs.py           # rewrite whichever part is stale
    python tools/generate_docs.py --check   # change nothing; exit 1 naming what is stale

Run it after a lesson's title, time, summary, sections, Think prompts or quiz options change; the
tests check that both parts are current.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from course.classroom import guide_with_notes  # noqa: E402
from course.lessons import lessons  # noqa: E402
from course.publishing import load as publishing  # noqa: E402
from course.teaching_notes import guide_with_materials  # noqa: E402

README = Path("README.md")
GUIDE = Path("docs") / "instructor_guide.md"
TABLE_START, TABLE_END = "<!-- lesson-table:start -->", "<!-- lesson-table:end -->"
#: The parts made from config/publishing.yml: (start marker, end marker, what goes between).
LINKS = {
    "binder-badge": lambda p: f"[![Launch on Binder](https://mybinder.org/badge_logo.svg)]({p.binder_url()})",
    "binder-link": lambda p: f"```\n{p.binder_url()}\n```",
    "gitpuller-link": lambda p: f"```\n{p.gitpuller_url()}\n```",
}


def readme_table() -> str:
    """The lesson table of README.md, generated from data/lessons.yml."""
    lines = ["| # | Lesson | Time | What you will learn |", "|---|---|---|---|"]
    for item in lessons():
        lines.append(f"| {item.number} | [{item.title}](notebooks/{item.file}) | {item.minutes} min | {item.summary} |")
    return "\n".join(lines)


def readme_with_table(text: str) -> str:
    """``text`` (the README) with the part between the lesson-table markers regenerated."""
    pattern = re.escape(TABLE_START) + r".*?" + re.escape(TABLE_END)
    return re.sub(pattern, lambda _: f"{TABLE_START}\n{readme_table()}\n{TABLE_END}", text, flags=re.S)


def with_links(text: str) -> str:
    """``text`` with every part between publishing-link markers made from config/publishing.yml."""
    setting = publishing()
    for name, make in LINKS.items():
        start, end = f"<!-- {name}:start -->", f"<!-- {name}:end -->"
        pattern = re.escape(start) + r".*?" + re.escape(end)
        text = re.sub(pattern, lambda _: f"{start}\n{make(setting)}\n{end}", text, flags=re.S)
    return text


#: Each generated file (relative to the repository) and what turns its text into the current one.
GENERATED: dict[Path, Callable[[str], str]] = {
    README: lambda text: with_links(readme_with_table(text)),
    GUIDE: lambda text: with_links(guide_with_materials(guide_with_notes(text))),
}


def stale(root: Path = ROOT) -> dict[Path, str]:
    """The generated files under ``root`` whose generated part is not current, with their new text."""
    found = {}
    for rel, regenerate in GENERATED.items():
        text = (root / rel).read_text(encoding="utf-8")
        new = regenerate(text)
        if new != text:
            found[rel] = new
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true",
                        help="change nothing; exit 1 if a generated part is stale")
    args = parser.parse_args(argv)
    found = stale()
    for rel, new in found.items():
        if args.check:
            print(f"{rel.as_posix()} is stale: run `python tools/generate_docs.py`")
        else:
            (ROOT / rel).write_text(new, encoding="utf-8")
            print(f"{rel.as_posix()} updated")
    return 1 if args.check and found else 0


if __name__ == "__main__":
    sys.exit(main())
