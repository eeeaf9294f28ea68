"""The answer key for teachers (``python -m course answer-key --out key.html``): every question of
every quiz bank with its correct answer and the feedback for each option, generated from
``data/quizzes`` (never written by hand, so it cannot drift from the quizzes).
"""

from __future__ import annotations

from .banks import bank_paths, load_bank
from .pages import escape as _e
from .pages import html_page
from .quiz import refs_html
from .text import render_inline, render_markdown


def _question_key_html(q) -> str:
    parts = [f'<div class="q" id="{_e(q.lesson)}-{_e(q.id)}">',
             f"<p><b>{_e(q.quiz_id)} · {_e(q.id)}</b> <span class=\"muted\">({_e(q.kind)})</span></p>",
             render_markdown(q.prompt),
             f"<p><b>Answer:</b> {render_inline(q.answer_text())}</p>"]
    parts.append(q.key_html())
    explanation = q._explanation()
    if explanation:
        parts.append(f"<div><b>Explanation:</b> {render_markdown(explanation)}</div>")
    if q.hint:
        parts.append(f"<p><b>Hint:</b> {render_inline(q.hint)}</p>")
    parts.append(refs_html(q.refs))
    parts.append("</div>")
    return "".join(parts)


def answer_key_html() -> str:
    """Every question of every bank in data/quizzes, with its answer and per-option feedback."""
    banks = [load_bank(p) for p in bank_paths()]
    total = sum(len(b.questions) for b in banks)
    toc = "".join(f'<li><a href="#{_e(b.lesson)}">{_e(b.lesson[:2])} {_e(b.title)}</a> '
                  f"({len(b.questions)} questions)</li>" for b in banks)
    parts = ["<h1>Back Muscle Therapy: answer key</h1>",
             f'<p class="note">Generated from the quiz banks in <code>data/quizzes</code> ({total} questions). '
             "Each question shows the correct answer and what the quiz tells a learner for each "
             "option. For teachers: learners see the same feedback when they check an answer.</p>",
             f"<ul>{toc}</ul>"]
    for b in banks:
        parts.append(f'<h2 id="{_e(b.lesson)}">Lesson {_e(b.lesson[:2])}: {_e(b.title)}</h2>')
        for quiz_id, questions in b.quizzes.items():
            parts.append(f"<h3>Quiz {_e(quiz_id)}</h3>")
            parts.extend(_question_key_html(q) for q in questions)
    return html_page("Answer key", "\n".join(parts))
