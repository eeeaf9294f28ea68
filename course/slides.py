"""Slides for projecting a lesson: one reveal.js deck per lesson, made from its notebook.

``python -m course slides --out slides`` (or ``make slides``) writes ``NN_topic.html`` for every
lesson and a ``reveal/`` folder beside them with reveal.js itself, so the decks work offline. The
deck is the lesson's text without its code: each ``## `` section starts a new slide and its other
Markdown cells follow as slides below it (Down arrow, or Space to go through everything in order);
each quiz shows its questions, one a slide, with the answer and why as a step revealed by the next
key press; an explorer is named where it belongs, to be shown live from the notebook. The Setup
section is left out. Text is rendered as in the lessons (``course.text``: raw HTML shows as text).

reveal.js comes from npm, pinned in ``tools/slides/package.json`` and its lock file, installed with
``npm ci --prefix tools/slides`` (``make slides`` does it); :func:`reveal_dist` finds it.
"""

from __future__ import annotations

import html
import re
import shutil
from pathlib import Path

import nbformat

from .banks import QuizBankError, load_bank
from .lessons import Lesson, lessons
from .paths import REPO_DIR
from .publishing import load as publishing
from .text import render_markdown

#: Where npm installs reveal.js (``npm ci --prefix tools/slides``).
REVEAL_PACKAGE = REPO_DIR / "tools" / "slides" / "node_modules" / "reveal.js"
#: The files of reveal.js a deck needs, copied into ``reveal/`` beside the decks.
REVEAL_FILES = ("dist/reset.css", "dist/reveal.css", "dist/reveal.js", "dist/theme/white.css",
                "dist/theme/fonts", "LICENSE")
_QUIZ_CELL = re.compile(r"""lesson\.quiz\(\s*["'](\d+\.\d+)["']""")
_EXPLORER_CELL = re.compile(r"\bexplore_(\w+)\(")

DECK_CSS = """
.reveal .slides section { text-align: left; font-size: 0.75em; overflow-y: auto; max-height: 100%; }
.reveal .slides section h1, .reveal .slides section h2 { text-align: left; }
.reveal table { font-size: 0.8em; }
.course-slide-answer { border-left: 0.3em solid #1f5f8b; padding-left: 0.6em; margin-top: 0.8em; }
.course-slide-note { font-style: italic; }
.course-slide-footer { position: fixed; bottom: 0.4em; left: 1em; font-size: 14px; color: #444; }
"""


class SlidesError(RuntimeError):
    """reveal.js is not installed where the slides need it; the message says how to install it."""


def reveal_dist(package: Path = REVEAL_PACKAGE) -> Path:
    """The installed reveal.js package, checked to have what a deck needs."""
    missing = [f for f in REVEAL_FILES if not (package / f).exists()]
    if missing:
        raise SlidesError(f"reveal.js is not installed in {package} (missing: {', '.join(missing)}): run "
                          "`npm ci --prefix tools/slides` (or `make slides`), which installs the version pinned in "
                          "tools/slides/package-lock.json from the npm registry")
    return package


def _markdown_slide(source: str) -> str:
    return f"<section>{render_markdown(source)}</section>"


def _quiz_slides(lesson: Lesson, quiz_id: str) -> list[str]:
    try:
        questions = load_bank(lesson.stem).quiz(quiz_id)
    except (QuizBankError, KeyError, ValueError) as exc:
        return [f"<section><p class=\"course-slide-note\">Quiz {html.escape(quiz_id)}: {html.escape(str(exc))}</p>"
                "</section>"]
    out = []
    for k, q in enumerate(questions, start=1):
        answer = render_markdown(q.answer_text())
        why = render_markdown(q.explanation) if q.explanation else ""
        out.append(f"<section><h3>Quiz {html.escape(quiz_id)}, question {k} of {len(questions)}</h3>"
                   f"{render_markdown(q.prompt)}{q.static_html()}"
                   f'<div class="fragment course-slide-answer"><p><b>Answer:</b></p>{answer}{why}</div></section>')
    return out


def deck_html(lesson: Lesson, reveal_prefix: str = "reveal") -> str:
    """The deck of one lesson, as a complete HTML page that loads reveal.js from ``reveal_prefix``."""
    book = nbformat.read(lesson.path, as_version=4)
    groups: list[list[str]] = []
    skipping = False
    for cell in book.cells:
        source = cell.source.strip()
        if cell.cell_type == "markdown":
            if source.startswith("## "):
                skipping = source.startswith("## Setup")
                if not skipping:
                    groups.append([])
            if skipping:
                continue
            if not groups:
                groups.append([])
            groups[-1].append(_markdown_slide(source))
        elif cell.cell_type == "code" and not skipping and groups:
            quiz = _QUIZ_CELL.search(source)
            explorer = _EXPLORER_CELL.search(source)
            if quiz:
                groups[-1].extend(_quiz_slides(lesson, quiz.group(1)))
            elif explorer:
                groups[-1].append(f'<section><p class="course-slide-note">Explorer: show '
                                  f"<code>explore_{html.escape(explorer.group(1))}()</code> live from the lesson "
                                  "notebook.</p></section>")
    body = "\n".join(s[0] if len(s) == 1 else "<section>" + "".join(s) + "</section>" for s in groups if s)
    title = f"Lesson {lesson.number}: {lesson.title}"
    prefix = html.escape(reveal_prefix, quote=True)
    setting = publishing()
    live = (f' · <a href="{html.escape(setting.binder_url(lesson.file), quote=True)}">run it live on Binder</a>'
            if setting.is_set else "")
    return (f'<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            f"<title>{html.escape(title)}: slides</title>\n"
            f'<link rel="stylesheet" href="{prefix}/dist/reset.css">\n'
            f'<link rel="stylesheet" href="{prefix}/dist/reveal.css">\n'
            f'<link rel="stylesheet" href="{prefix}/dist/theme/white.css">\n'
            f"<style>{DECK_CSS}</style>\n</head>\n<body>\n"
            f'<div class="reveal"><div class="slides">\n{body}\n</div></div>\n'
            f'<p class="course-slide-footer">{html.escape(title)} · Education, not medical advice · CC-BY-4.0{live}</p>\n'
            f'<script src="{prefix}/dist/reveal.js"></script>\n'
            "<script>Reveal.initialize({hash: true, slideNumber: 'c/t', width: 1280, height: 800});</script>\n"
            "</body>\n</html>\n")


def build_decks(out: str | Path, numbers: list[str] | None = None, package: Path = REVEAL_PACKAGE) -> list[Path]:
    """Write the deck of each lesson (all, or the lessons ``numbers``) into ``out``, with reveal.js
    copied into ``out/reveal``; returns the decks' paths."""
    dist = reveal_dist(package)
    out = Path(out)
    chosen = [l for l in lessons() if numbers is None or l.number in numbers]
    unknown = sorted(set(numbers or ()) - {l.number for l in chosen})
    if unknown:
        raise ValueError(f"no lesson {', '.join(unknown)}; lessons are {', '.join(l.number for l in lessons())}")
    target = out / "reveal"
    for name in REVEAL_FILES:
        source, dest = dist / name, target / name
        dest.parent.mkdir(parents=True, exist_ok=True)
        if source.is_dir():
            shutil.copytree(source, dest, dirs_exist_ok=True)
        else:
            shutil.copy2(source, dest)
    paths = []
    for lesson in chosen:
        path = out / f"{lesson.stem}.html"
        path.write_text(deck_html(lesson), encoding="utf-8")
        paths.append(path)
    return paths
