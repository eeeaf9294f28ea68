"""Confidence with every answer: telling misconceptions from guesses.

Every quiz question asks how sure the learner is (sure, unsure or guessing); the progress record
keeps it with each answer (``attempt["confidence"]``). A wrong answer given as *sure* usually
means a belief that needs changing (a misconception); a wrong *guess* only means the learner did
not know yet. Lesson 09's dashboard shows the two apart, and the class summary lists the answers
a class chose confidently and wrongly.

>>> record = {"attempts": [
...     {"question": "01_back_pain_basics/fascia-role", "answer": "Multifidus", "correct": False, "confidence": "sure"},
...     {"question": "01_back_pain_basics/fascia-role", "answer": "Thoracolumbar fascia", "correct": True, "confidence": "unsure"},
...     {"question": "03_ischemia/kappa-meaning", "answer": "x", "correct": False, "confidence": "guessing"}]}
>>> p = confidence_profile(record)
>>> [(a.question_id, a.answer) for a in p.sure_wrong], p.guessed_wrong
([('01_back_pain_basics/fascia-role', 'Multifidus')], ['03_ischemia/kappa-meaning'])
>>> confidence_summary(p)
'1 answer given as sure was wrong (possible misconception); 1 guess, 0 of them right.'
"""

from __future__ import annotations

import html
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from .banks import find_question
from .text import plain_text

LEVELS = ("sure", "unsure", "guessing")


@dataclass(frozen=True)
class ConfidentAnswer:
    """A wrong answer the learner gave as sure: the question id and the answer in words."""

    question_id: str
    answer: str
    corrected: bool  # answered right later


@dataclass
class ConfidenceProfile:
    """One learner's answers by confidence.

    Attributes
    ----------
    sure_wrong : list of ConfidentAnswer
        Distinct wrong answers given as sure (possible misconceptions), in the order given.
    guessed_right, guessed_wrong : list of str
        Questions answered while guessing, by whether that guess was right (a question may be in both).
    counts : Counter
        Answers by (confidence, correct); confidence None when the learner did not say.
    """

    sure_wrong: list[ConfidentAnswer] = field(default_factory=list)
    guessed_right: list[str] = field(default_factory=list)
    guessed_wrong: list[str] = field(default_factory=list)
    counts: Counter = field(default_factory=Counter)

    @property
    def said(self) -> int:
        """Answers with a confidence given."""
        return sum(n for (level, _), n in self.counts.items() if level in LEVELS)


def _answer(attempt: Mapping[str, Any]) -> str:
    return str(attempt.get("answer", attempt.get("response", "")))


def confidence_profile(record: Mapping[str, Any]) -> ConfidenceProfile:
    """Sort a record's answers by how sure the learner was (see :class:`ConfidenceProfile`)."""
    profile = ConfidenceProfile()
    right_at: dict[str, int] = {}
    attempts = [a for a in record.get("attempts", []) or [] if isinstance(a, Mapping) and "question" in a]
    for i, a in enumerate(attempts):
        if a.get("correct"):
            right_at.setdefault(a["question"], i)
    seen = set()
    for i, a in enumerate(attempts):
        level = a.get("confidence") if a.get("confidence") in LEVELS else None
        correct = bool(a.get("correct"))
        profile.counts[(level, correct)] += 1
        qid = a["question"]
        if level == "sure" and not correct and (qid, _answer(a)) not in seen:
            seen.add((qid, _answer(a)))
            profile.sure_wrong.append(ConfidentAnswer(qid, _answer(a), right_at.get(qid, -1) > i))
        elif level == "guessing":
            bucket = profile.guessed_right if correct else profile.guessed_wrong
            if qid not in bucket:
                bucket.append(qid)
    return profile


def confident_wrong_answers(record: Mapping[str, Any]) -> dict[str, list[str]]:
    """Question id -> the distinct wrong answers given as sure (for the learner's report)."""
    out: dict[str, list[str]] = {}
    for a in confidence_profile(record).sure_wrong:
        out.setdefault(a.question_id, []).append(a.answer)
    return out


def sure_wrong_report_html(record: Mapping[str, Any]) -> list[str]:
    """The learner's report's section on the answers given as sure and wrong (as the class summary
    ranks them): each question with its lesson and quiz, the answer and whether it was put right."""
    profile = confidence_profile(record)
    parts = ["<h2>Answers you were sure of, but wrong</h2>"]
    if not profile.sure_wrong:
        return parts + ["<p>None: no answer you marked as sure was wrong.</p>"]
    items = []
    for a in profile.sure_wrong:
        q = find_question(a.question_id)
        where = (f"Lesson {a.question_id[:2]}, Quiz {q.quiz_id}: {plain_text(q.prompt)}" if q is not None
                 else a.question_id)
        items.append(f"<li><b>{html.escape(where)}</b> <i>(you were sure of: {html.escape(a.answer)}"
                     f"{'; put right since' if a.corrected else ''})</i></li>")
    return parts + ['<p class="note">Confident mistakes are the ones that last: these beliefs are worth a '
                    f'second look.</p><ul class="sure-wrong">{"".join(items)}</ul>']


def confidence_summary(profile: ConfidenceProfile) -> str:
    """One line: confident wrong answers against guesses."""
    n = len(profile.sure_wrong)
    guesses = sum(n for (level, _), n in profile.counts.items() if level == "guessing")
    right = profile.counts[("guessing", True)]
    return (f"{n} answer{'s' if n != 1 else ''} given as sure {'was' if n == 1 else 'were'} wrong "
            f"(possible misconception{'s' if n != 1 else ''}); {guesses} guess{'es' if guesses != 1 else ''}, "
            f"{right} of them right.")


def confidence_html(record: Mapping[str, Any]) -> str:
    """The dashboard's section: confidently wrong answers (misconceptions) apart from guesses."""
    profile = confidence_profile(record)

    def where(qid: str) -> str:
        q = find_question(qid)
        if q is None:
            return html.escape(qid)
        link = f"{html.escape(qid.split('/')[0])}.ipynb#Quiz-{html.escape(q.quiz_id)}"
        return (f'<a href="{link}">Lesson {html.escape(qid[:2])}, Quiz {html.escape(q.quiz_id)}</a>: '
                f"{html.escape(plain_text(q.prompt))}")

    parts = [f'<p class="course-confidence-summary"><b>How sure you were:</b> {html.escape(confidence_summary(profile))}</p>']
    if profile.sure_wrong:
        items = "".join(
            f"<li>{where(a.question_id)} <i>(you were sure of: {html.escape(a.answer)}"
            f"{'; put right since' if a.corrected else ''})</i></li>" for a in profile.sure_wrong)
        parts.append("<p><b>✘ Sure, but wrong</b>: beliefs worth a second look, because confident mistakes "
                     f"are the ones that last.</p><ul class=\"course-sure-wrong\">{items}</ul>")
    else:
        parts.append("<p><b>✘ Sure, but wrong:</b> none.</p>")
    guesses = [(qid, True) for qid in profile.guessed_right] + [(qid, False) for qid in profile.guessed_wrong]
    if guesses:
        items = "".join(f"<li>{where(qid)} <i>({'a right guess' if ok else 'a wrong guess'})</i></li>"
                        for qid, ok in guesses)
        parts.append("<p><b>? Guesses</b>: gaps to fill rather than beliefs to change; the review at the start "
                     f"of each lesson brings them back.</p><ul class=\"course-guesses\">{items}</ul>")
    else:
        parts.append("<p><b>? Guesses:</b> none.</p>")
    if not profile.said:
        parts.append("<p><i>Tick Sure, Unsure or Guessing under a question before you check it, and this "
                     "section will tell your misconceptions from your guesses.</i></p>")
    return '<div class="course-confidence">' + "".join(parts) + "</div>"
