"""Tools for teachers: the answer key, and a class summary of learners' reports.

- ``python -m course answer-key --out key.html``: every question of every quiz bank with its
  correct answer and the feedback for each option, generated from ``data/quizzes`` (never written
  by hand, so it cannot drift from the quizzes).
- ``python -m course class-summary reports/*.json --out class.html``: reads the JSON reports that
  learners export in lesson 09 (or a hand-in folder of them, ``course.hand_in``) and shows, per
  question, how many got it right, the wrong answers chosen most (the class's misconceptions), and
  how the class's beliefs about the twelve claims moved. A file that is not a valid report is named in a warning and skipped.

>>> summary = summarise_reports([("a.json", example_report("Ana", wrong="Multifidus")),
...                              ("b.json", example_report("Ben", wrong=None))])
>>> stats = summary.question("01_back_pain_basics/fascia-role")
>>> stats.tried, stats.correct, stats.wrong.most_common(1)
(2, 2, [('Multifidus', 1)])
"""

from __future__ import annotations

import json
import re
import statistics
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from .banks import available_banks, course_banks, find_question, load_bank
from .certainty import COUNTED_WORDS, CertaintyScore, calibration_table_html, level_words, marks_in_words, pooled
from .certainty import best_mark, score_from_report, signed
from .evidence import claims
from .hand_in import report_paths, unreadable_reason
from .lessons import lesson, lessons, markdown_cells, quiz_place
from .publishing import PublishingError
from .publishing import load as publishing
from .prediction_record import PredictionRate, class_prediction_rates, explore_names
from .answer_key import answer_key_html  # noqa: F401  (the answer key, part of the teachers' tools)
from .claim_class import claim_learners, class_claim_test_html
from .claim_record import check_report_part
from .class_learners import (LearnerRow, is_practice, latest_per_learner, learner_name, learner_rows,
                             learner_table_html, superseded_html)
from .progress import lesson_number
from .teaching_notes import think_note_markdown
from .reports import (
    REPORT_FORMAT,
    REPORT_VERSION,
    STANCES,
    movement,
    target_stance,
)
from .pages import escape as _e
from .pages import html_page, wrap_label
from .plotting import PALETTE, new_figure, png_data_uri
from .text import count_share, plain_text, render_markdown


class ReportError(ValueError):
    """A file is not a report the class summary can read; the message says why."""


# --------------------------------------------------------------------------------------------
# Reading reports
# --------------------------------------------------------------------------------------------


def _need(data: dict, key: str, kind: type | tuple, what: str) -> object:
    if key not in data:
        raise ReportError(f"incomplete report: field '{key}' is missing")
    value = data[key]
    if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
        raise ReportError(f"field '{key}' must be {what}, got {json.dumps(value)[:40]}")
    return value


def check_report(data: object) -> dict:
    """Check a parsed report field by field; raise ``ReportError`` naming the first problem."""
    if not isinstance(data, dict) or data.get("format") != REPORT_FORMAT:
        raise ReportError("not a Back Muscle Therapy progress report (no 'format' field saying so)")
    version = data.get("report_version")
    if version != REPORT_VERSION:
        raise ReportError(f"report version {version!r}, but this course reads version {REPORT_VERSION}: "
                          "ask the learner to export the report again from this version of the course")
    name = data.get("display_name")
    if name is not None and not isinstance(name, str):
        raise ReportError("field 'display_name' must be text or null")
    lid = data.get("learner_id")  # optional: reports made before learner ids lack it
    if lid is not None and not (isinstance(lid, str) and re.fullmatch(r"[0-9a-z]{4,32}", lid)):
        raise ReportError("field 'learner_id' must be 4 to 32 lower-case letters or digits, or null")
    for i, entry in enumerate(_need(data, "lessons", list, "a list")):
        if not isinstance(entry, dict):
            raise ReportError(f"lesson entry {i + 1} must be an object")
        for key in ("opened", "completed"):
            value = entry.get(key)
            if value is not None and not isinstance(value, (bool, str)):
                raise ReportError(f"lesson entry {i + 1}: field '{key}' must be true, false, a date or null")
        for key in ("questions", "tried", "correct", "first_in_lesson", "first_right"):
            value = entry.get(key)
            if value is not None and (isinstance(value, bool) or not isinstance(value, int)):
                raise ReportError(f"lesson entry {i + 1}: field '{key}' must be a whole number")
    for i, q in enumerate(_need(data, "questions", list, "a list")):
        if not isinstance(q, dict):
            raise ReportError(f"question {i + 1} must be an object")
        _need(q, "id", str, "text")
        tries = _need(q, "tries", int, "a whole number")
        if tries < 1:
            raise ReportError(f"question '{q['id']}': field 'tries' must be at least 1")
        _need(q, "correct", bool, "true or false")
        wrong = _need(q, "wrong_answers", list, "a list")
        if not all(isinstance(w, str) for w in wrong):
            raise ReportError(f"question '{q['id']}': every wrong answer must be text")
        sure = q.get("sure_wrong_answers", [])  # optional: reports before confidence was asked lack it
        if not isinstance(sure, list) or not all(isinstance(w, str) for w in sure):
            raise ReportError(f"question '{q['id']}': field 'sure_wrong_answers' must be a list of texts")
    if "certainty" in data:  # optional: reports before certainty-based marks lack it
        if not isinstance(data["certainty"], dict):
            raise ReportError("field 'certainty' must be an object")
        try:
            score_from_report(data["certainty"])
        except ValueError as exc:
            raise ReportError(str(exc)) from None
    if "claim_test" in data:  # optional: reports made before the claim-evaluation test lack it
        try:
            check_report_part(data["claim_test"])
        except ValueError as exc:
            raise ReportError(str(exc)) from None
    predictions = data.get("predictions", {})  # optional: reports made before predictions existed lack it
    if not isinstance(predictions, dict) or not all(
            isinstance(p, dict) and isinstance(p.get("correct"), bool) for p in predictions.values()):
        raise ReportError("field 'predictions' must map each Explore to an object with 'correct' true or false")
    survey = _need(data, "survey", dict, "an object")
    for phase in ("before", "after"):
        answers = survey.get(phase, {})
        if not isinstance(answers, dict):
            raise ReportError(f"field 'survey.{phase}' must be an object")
        for cid, answer in answers.items():
            if not isinstance(answer, dict) or answer.get("stance") not in STANCES:
                raise ReportError(f"survey '{phase}', claim '{cid}': stance must be one of {', '.join(STANCES)}")
    return data


def _ends_early(text: str) -> bool:
    """Whether JSON text stops inside a string or with brackets still open (a truncated file).

    >>> _ends_early('{"a": [1, "x'), _ends_early('{"a": 1}'), _ends_early('name: x')
    (True, False, False)
    """
    depth, in_string, escaped = 0, False, False
    for ch in text:
        if in_string:
            if escaped:
                escaped = False
            elif ch == "\\":
                escaped = True
            elif ch == '"':
                in_string = False
        elif ch == '"':
            in_string = True
        elif ch in "[{":
            depth += 1
        elif ch in "]}":
            depth -= 1
    return in_string or depth > 0


def read_report(path: str | Path) -> dict:
    """Read and check one report file (``ReportError`` with the reason if it is not valid)."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ReportError("file not found") from None
    except UnicodeDecodeError:
        raise ReportError("not a text file") from None
    except OSError as exc:
        raise ReportError(unreadable_reason(path, exc)) from None
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        if not text.strip():
            raise ReportError("the file is empty") from None
        if _ends_early(text):
            raise ReportError("cut short: the file ends before the report does (truncated download?)") from None
        raise ReportError(f"not valid JSON ({exc.msg} at line {exc.lineno}, column {exc.colno})") from None
    return check_report(data)


def read_reports(paths: Iterable[str | Path]) -> tuple[list[tuple[str, dict]], list[tuple[str, str]]]:
    """(good reports as (file name, report), skipped files as (file name, reason)); a folder (a
    hand-in folder) stands for its report files."""
    files, skipped = report_paths(paths)
    good, seen = [], set()
    for p in files:
        key = Path(p).resolve()
        if key in seen:  # the same file named twice (a shell pattern and its name) counts once
            continue
        seen.add(key)
        try:
            good.append((str(p), read_report(p)))
        except ReportError as exc:
            skipped.append((str(p), str(exc)))
    return good, skipped


# --------------------------------------------------------------------------------------------
# Summarising
# --------------------------------------------------------------------------------------------


@dataclass
class QuestionStats:
    """One question across the class. ``wrong`` counts learners per wrong answer (once each)."""

    id: str
    tried: int = 0
    correct: int = 0
    first_try: int = 0
    wrong: Counter = field(default_factory=Counter)
    #: learners per wrong answer they said they were sure of (course.confidence)
    sure_wrong: Counter = field(default_factory=Counter)
    #: learners who gave at least one wrong answer to it as sure
    sure_wrong_learners: int = 0
    #: learners whose first answer to it was given in its lesson, and of them how many were right
    lesson_first: int = 0
    lesson_first_right: int = 0
    #: one of lesson 00's practice questions (never counted as mastery)
    practice: bool = False

    @property
    def question(self):
        return find_question(self.id)

    @property
    def rate(self) -> float:
        return self.correct / self.tried if self.tried else 0.0


@dataclass
class ClaimStats:
    """One claim across the class: stance counts before and after, and movement toward the evidence."""

    id: str
    target: str
    before: Counter = field(default_factory=Counter)
    after: Counter = field(default_factory=Counter)
    both: int = 0
    closer: int = 0
    further: int = 0
    #: of the ``both`` learners who answered before and after, how many matched the evidence each time
    both_matching: dict = field(default_factory=lambda: {"before": 0, "after": 0})

    def share_matching(self, phase: str) -> float | None:
        counts = self.before if phase == "before" else self.after
        n = sum(counts.values())
        return counts[self.target] / n if n else None

    def paired_share_matching(self, phase: str) -> float | None:
        """The share matching the evidence among the learners who answered both times only."""
        return self.both_matching[phase] / self.both if self.both else None


@dataclass
class ClassSummary:
    names: list[str]
    questions: dict[str, QuestionStats]
    claims: dict[str, ClaimStats]
    #: (learner's name, certainty-based score) of each report that carries one (course.certainty)
    certainty: list[tuple[str, CertaintyScore]] = field(default_factory=list)
    #: Per Explore, how many predicted and how many were right, lowest share right first.
    predictions: list[PredictionRate] = field(default_factory=list)
    #: Each learner's sittings of the claim-evaluation test (course.claim_gain.LearnerTest).
    claim_tests: list = field(default_factory=list)
    #: One row per learner (course.class_learners), and the files superseded as (file, replaced by).
    learners: list[LearnerRow] = field(default_factory=list)
    superseded: list[tuple[str, str]] = field(default_factory=list)
    #: Per lesson number, the learners who answered at least one of its (counted) questions.
    lesson_learners: Counter = field(default_factory=Counter)
    #: Learners who answered the belief survey before, after, and both times (any claim).
    surveyed: Counter = field(default_factory=Counter)
    #: Learners whose report holds at least one prediction.
    predicting: int = 0

    def question(self, full_id: str) -> QuestionStats:
        return self.questions[full_id]

    def misconceptions(self, n: int = 10) -> list[tuple[QuestionStats, str, int]]:
        """The wrong answers chosen by most learners: (question, answer, learners), most first."""
        rows = [(s, answer, count) for s in self.questions.values() for answer, count in s.wrong.items()]
        rows.sort(key=lambda r: (-r[2], r[0].rate, r[0].id, r[1]))
        return rows[:n]

    def confident_misconceptions(self, n: int | None = 10) -> list[tuple[QuestionStats, str, int]]:
        """The wrong answers learners chose while sure: (question, answer, learners), most first
        (the first ``n``, or all with None)."""
        rows = [(s, answer, count) for s in self.questions.values() for answer, count in s.sure_wrong.items()]
        rows.sort(key=lambda r: (-r[2], r[0].id, r[1]))
        return rows[:n]

    def confidently_wrong_questions(self, n: int = 10) -> list[tuple[QuestionStats, list[tuple[str, int]]]]:
        """The questions most learners answered wrongly while sure, most first: (question, its wrong
        answers chosen as sure with their learners, from :meth:`confident_misconceptions`)."""
        answers: dict[str, list[tuple[str, int]]] = {}
        for s, answer, count in self.confident_misconceptions(n=None):
            answers.setdefault(s.id, []).append((answer, count))
        rows = [(self.questions[qid], pairs) for qid, pairs in answers.items()]
        rows.sort(key=lambda r: (-r[0].sure_wrong_learners, r[0].id))
        return rows[:n]

    def calibration(self) -> CertaintyScore:
        """The class's answers pooled per certainty level."""
        return pooled([score for _, score in self.certainty])


def summarise_reports(reports: list[tuple[str, dict]]) -> ClassSummary:
    """Combine checked reports (as from :func:`read_reports`) into a class summary. A learner id
    met twice counts once (:func:`course.class_learners.latest_per_learner`)."""
    reports, superseded = latest_per_learner(reports)
    order = {q.full_id: i for i, q in enumerate(q for b in course_banks().values() for q in b.questions)}
    questions: dict[str, QuestionStats] = {}
    stats = {cid: ClaimStats(cid, target_stance(c.verdict)) for cid, c in claims().items()}
    names = []
    summary_scores: list[tuple[str, CertaintyScore]] = []
    lesson_learners: Counter = Counter()
    surveyed: Counter = Counter()
    for file_name, report in reports:
        names.append(learner_name(file_name, report))
        lesson_learners.update({lesson_number(q["id"]) for q in report["questions"] if not is_practice(q)})
        for q in report["questions"]:
            s = questions.setdefault(q["id"], QuestionStats(q["id"], practice=is_practice(q)))
            s.tried += 1
            s.correct += bool(q["correct"])
            s.first_try += bool(q.get("first_try_correct"))
            if q.get("first_source", "lesson") == "lesson":  # reports before sources: all in the lesson
                s.lesson_first += 1
                s.lesson_first_right += bool(q.get("first_try_correct"))
            s.wrong.update(set(q["wrong_answers"]))
            s.sure_wrong.update(set(q.get("sure_wrong_answers", [])))
            s.sure_wrong_learners += bool(q.get("sure_wrong_answers"))
        if "certainty" in report:
            summary_scores.append((names[-1], score_from_report(report["certainty"])))
        survey = report["survey"]
        answered = [phase for phase in ("before", "after") if survey.get(phase)]
        surveyed.update(answered + (["both"] if len(answered) == 2 else []))
        for cid, c in stats.items():
            before = (survey.get("before") or {}).get(cid, {}).get("stance")
            after = (survey.get("after") or {}).get(cid, {}).get("stance")
            if before:
                c.before[before] += 1
            if after:
                c.after[after] += 1
            moved = movement(before, after, c.target)
            if moved is not None:
                c.both += 1
                c.closer += moved == "closer"
                c.further += moved == "further"
                c.both_matching["before"] += before == c.target
                c.both_matching["after"] += after == c.target
    ordered = dict(sorted(questions.items(), key=lambda kv: (order.get(kv[0], len(order)), kv[0])))
    claim_tests = claim_learners(list(zip(names, [r for _, r in reports])))
    return ClassSummary(names, ordered, stats, summary_scores, class_prediction_rates([r for _, r in reports]),
                        claim_tests, learner_rows(reports, claim_tests),
                        superseded, lesson_learners, surveyed, sum(bool(r.get("predictions")) for _, r in reports))


def revisit_html(question) -> str:
    """Where to take up a question's misconception in class: its lesson's section and the Explores
    and Think prompts before its quiz, linked to the lesson on Binder once the course's publishing
    place is set (config/publishing.yml)."""
    if question is None:
        return ""
    number = lesson_number(question.full_id)
    place = quiz_place(number, question.quiz_id)
    if place is None:
        return ""
    text = _e(f"Lesson {number}, {place.text()}")
    try:
        setting = publishing()
    except PublishingError:  # named once at the top of the page (class_summary_html)
        return text
    if setting.is_set:
        return f'<a href="{_e(setting.binder_url(lesson(number).file))}">{text}</a>'
    return text


def _feedback_for(question, answer: str) -> str | None:
    """The feedback the quiz gives for a wrong answer written in words (None if it cannot tell)."""
    if question is None:
        return None
    try:
        feedback = question.check(question.response_from_text(answer))
    except (ValueError, TypeError, KeyError):  # an answer in words that cannot be checked again
        return None
    return feedback.message_md if feedback.valid else None


# --------------------------------------------------------------------------------------------
# The class summary page
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class LessonRate:
    """One lesson across the class (practice questions left out): the (learner, question) pairs
    tried and right in the end; those first answered in the lesson itself and right that first time."""

    number: str
    title: str
    learners: int
    answers: int
    right: int
    first: int
    first_right: int

    @property
    def share_right(self) -> float:
        return self.right / self.answers if self.answers else 0.0

    @property
    def share_first_right(self) -> float | None:
        return self.first_right / self.first if self.first else None


def lesson_rates(summary: ClassSummary) -> list[LessonRate]:
    """Per lesson with answers, in course order."""
    titles = {b.lesson[:2]: b.title for b in course_banks().values()}
    per: dict[str, list[int]] = {}
    for s in summary.questions.values():
        if s.practice:
            continue
        counts = per.setdefault(lesson_number(s.id), [0, 0, 0, 0])
        for i, value in enumerate((s.tried, s.correct, s.lesson_first, s.lesson_first_right)):
            counts[i] += value
    return [LessonRate(n, titles.get(n, ""), summary.lesson_learners[n], *per[n]) for n in sorted(per)]


def lesson_rates_figure(summary: ClassSummary):
    """Per lesson: the share of (learner, question) pairs right at the first answer given in the
    lesson (hatched) and right in the end (solid), of those tried."""
    rows = list(reversed(lesson_rates(summary)))
    fig, (ax,) = new_figure(figsize=(8.0, 0.6 * max(len(rows), 1) + 1.5))
    for i, r in enumerate(rows):
        first = r.share_first_right
        ax.barh(i + 0.18, 0 if first is None else 100 * first, height=0.34, color="white", edgecolor=PALETTE["blue"],
                hatch="///", linewidth=1.2, label="right at the first try, in the lesson" if i == 0 else None)
        ax.barh(i - 0.18, 100 * r.share_right, height=0.34, color=PALETTE["blue"], edgecolor=PALETTE["blue"],
                label="right in the end" if i == 0 else None)
        ax.text((0 if first is None else 100 * first) + 1, i + 0.18,
                "first try: " + ("–" if first is None else f"{100 * first:.0f}% of {r.first}"), va="center", fontsize=8)
        ax.text(100 * r.share_right + 1, i - 0.18, f"in the end: {100 * r.share_right:.0f}% of {r.answers}",
                va="center", fontsize=8)
    ax.set_yticks(range(len(rows)), [f"{r.number} {r.title} ({r.learners} learners)" for r in rows], fontsize=8.5)
    ax.set_xlim(0, 140)
    ax.set_xticks([0, 25, 50, 75, 100])
    ax.set_xlabel("% of questions tried (learner and question pairs)")
    ax.set_title("Quiz results per lesson, whole class")
    ax.grid(axis="y", visible=False)
    fig.legend(loc="outside lower center", ncols=2, fontsize=9, frameon=False)
    return fig


def lesson_rates_html(summary: ClassSummary) -> list[str]:
    """The per-lesson section: the chart and its table, with the learners each row rests on."""
    rates = lesson_rates(summary)
    rows = "".join(
        f"<tr><td>{_e(r.number)} {_e(r.title)}</td><td class=\"num\">{r.learners}</td>"
        f'<td class="num">{count_share(r.first_right, r.first)}</td>'
        f'<td class="num">{count_share(r.right, r.answers)}</td></tr>' for r in rates)
    return ["<h2>Results per lesson</h2>",
            '<p class="note">First try: the first answer a learner gave to a question, counted only when it was '
            "given in the lesson itself (not in the final quiz or a review). Right in the end: after any number "
            "of tries, so it is near 100% wherever learners keep trying. Lesson 00's practice questions are "
            "left out. Each row says how many learners answered the lesson's questions.</p>",
            f'<img src="{png_data_uri(lesson_rates_figure(summary))}" alt="Bar chart of the share of answers right '
            'at the first try and right in the end, per lesson; the table below gives the numbers.">',
            '<table class="course-lesson-rates"><thead><tr><th>Lesson</th><th>Learners</th><th>Right first try '
            "(in the lesson)</th><th>Right in the end</th></tr></thead>"
            f"<tbody>{rows or '<tr><td colspan=4>No answers recorded.</td></tr>'}</tbody></table>"]


def class_belief_figure(summary: ClassSummary):
    """Per claim: % of learners whose stance matches the evidence, before (hatched) and after (solid),
    among the learners who answered the claim both times only (n in each label), so that before and
    after compare the same people."""
    rows = list(reversed(list(summary.claims.values())))
    fig, (ax,) = new_figure(figsize=(8.0, 0.55 * len(rows) + 1.5))
    for i, c in enumerate(rows):
        for offset, phase, style in ((0.18, "before", dict(color="white", edgecolor=PALETTE["blue"], hatch="///")),
                                     (-0.18, "after", dict(color=PALETTE["vermillion"], edgecolor=PALETTE["vermillion"]))):
            share = c.paired_share_matching(phase)
            value = 0 if share is None else 100 * share
            ax.barh(i + offset, value, height=0.34, linewidth=1.2, **style,
                    label=(f"{phase} (lesson {'00' if phase == 'before' else '09'})" if i == 0 else None))
            ax.text(value + 1, i + offset, f"{phase}: " + ("no learner answered both times" if share is None
                                                          else f"{value:.0f}%"), va="center", fontsize=8)
    labels = [f"({c.id}) {wrap_label(claims()[c.id].claim, 38)} (n={c.both})" for c in rows]
    ax.set_yticks(range(len(rows)), labels, fontsize=8.5)
    ax.set_xlim(0, 128)
    ax.set_xticks([0, 25, 50, 75, 100])
    ax.set_xlabel("% whose stance matches the evidence, of learners who answered both times")
    ax.set_title("The class's beliefs about the twelve claims")
    ax.grid(axis="y", visible=False)
    fig.legend(loc="outside lower center", ncols=2, fontsize=9, frameon=False)
    return fig


def class_certainty_html(summary: ClassSummary) -> list[str]:
    """The class's certainty-based marks: the spread of learners' mean marks, and the calibration
    table of all their answers pooled per level."""
    parts = ["<h2>Knowing what they know: certainty-based marks</h2>",
             f'<p class="note">Counted: {_e(COUNTED_WORDS)}; {_e(marks_in_words())}.</p>']
    scored = [(name, s) for name, s in summary.certainty if s.marked]
    without = len(summary.names) - len(summary.certainty)
    note = f" {without} report(s) from an earlier version of the course carry no certainty score." if without else ""
    if not scored:
        return parts + [f"<p>No marked answers in the reports.{_e(note)}</p>"]
    means = sorted(s.mean for _, s in scored)
    middle = statistics.median(means)
    rows = "".join(f'<tr><td>{_e(name)}</td><td class="num">{signed(s.total, 0)} of {s.maximum:+d}</td>'
                   f'<td class="num">{signed(s.mean)}</td><td class="num">{s.marked}</td><td class="num">{s.unmarked}</td></tr>'
                   for name, s in sorted(scored, key=lambda ns: -ns[1].mean))
    class_score = summary.calibration()
    return parts + [
        f"<p><b>Mean mark per answer</b>, {len(scored)} learner(s) with marked answers: lowest {signed(means[0])}, "
        f"median {signed(middle)}, highest {signed(means[-1])} (the best possible is {signed(best_mark(), 0)})."
        f"{_e(note)}</p>",
        '<table class="course-certainty-spread"><thead><tr><th>Learner</th><th>Score</th><th>Mean per answer</th>'
        f"<th>Marked answers</th><th>Without a certainty</th></tr></thead><tbody>{rows}</tbody></table>",
        "<p><b>The class's calibration</b> (all learners' answers pooled per level): "
        f"{_e('; '.join(level_words(r) for r in reversed(class_score.rows)))}.</p>",
        calibration_table_html(class_score),
    ]


def prediction_rates_html(rates: list[PredictionRate], learners: int | None = None, of: int | None = None) -> list[str]:
    """The class summary's section on predictions: per Explore, the share right, lowest first
    (with how many ``learners`` of ``of`` made any prediction, when given)."""
    names = explore_names()
    counted = ("" if learners is None else
               f" {learners} of {of} learners made at least one prediction; each row says how many predicted there.")
    rows = "".join(f"<tr><td>{_e(names.get(r.key, r.key))}</td><td class=\"num\">{r.right} of {r.predicted}</td>"
                   f'<td class="num">{100 * r.share:.0f}%</td></tr>' for r in rates if r.predicted)
    return ["<h2>Predictions before the Explores: where the class's intuition fails</h2>",
            '<p class="note">The share of learners whose one-click prediction was what the model shows, lowest '
            f"first: where the class's intuition fails is where its misconceptions are.{_e(counted)}</p>",
            '<table class="course-prediction-rates"><thead><tr><th>Explore</th><th>Right</th><th>Share right</th>'
            f"</tr></thead><tbody>{rows or '<tr><td colspan=3>No predictions recorded.</td></tr>'}</tbody></table>"]


def belief_counts_sentence(summary: ClassSummary) -> str:
    """How many learners answered the survey before, after and both times, and what the chart compares.

    >>> belief_counts_sentence(summarise_reports([("a.json", example_report("Ana"))]))[:62]
    'Belief survey: 1 learner(s) answered before, 1 after, 1 both t'
    """
    phases = summary.surveyed
    return (f"Belief survey: {phases['before']} learner(s) answered before, {phases['after']} after, {phases['both']} both "
            "times. The chart pairs them: per claim it compares only the learners who answered that claim both "
            "times (n beside each claim), so before and after are the same people. The table counts every "
            "answer given before and every answer given after.")


def class_summary_html(summary: ClassSummary, skipped: list[tuple[str, str]]) -> str:
    """The class summary as a self-contained HTML page."""
    n = len(summary.names)
    parts = ["<h1>Back Muscle Therapy: class summary</h1>"]
    try:
        publishing()
    except PublishingError as exc:
        parts.append(f'<div class="warn"><p>The lessons are named without links: {_e(str(exc))}</p></div>')
    parts += [
             f"<p><b>Reports read:</b> {n + len(summary.superseded)}. Learners ({n}): "
             f"{_e(', '.join(summary.names)) or '(none)'}</p>"]
    parts += superseded_html(summary.superseded)
    if skipped:
        items = "".join(f"<li><code>{_e(name)}</code>: {_e(reason)}</li>" for name, reason in skipped)
        parts.append(f'<div class="warn"><p><b>Skipped {len(skipped)} file(s) that are not valid reports:</b></p>'
                     f"<ul>{items}</ul></div>")
    if not n:
        parts.append("<p>No valid reports to summarise.</p>")
        return html_page("Class summary", "\n".join(parts))

    parts += learner_table_html(summary.learners)
    parts.append("<h2>The class's misconceptions: wrong answers chosen most</h2>")
    parts.append(f'<p class="note">From the {n} learners\' reports; each row says of how many learners who '
                 "tried the question chose that answer.</p>")
    rows = []
    for s, answer, count in summary.misconceptions():
        q = s.question
        where = f"Lesson {lesson_number(s.id)}, Quiz {q.quiz_id}" if q else s.id
        prompt = _e(plain_text(q.prompt)) if q else ""
        why = _feedback_for(q, answer)
        rows.append(f"<tr><td>{_e(where)}<br><small>{prompt}</small></td><td>{_e(answer)}</td>"
                    f'<td class="num">{count} of {s.tried}</td><td>{render_markdown(why) if why else ""}</td>'
                    f"<td>{revisit_html(q)}</td></tr>")
    parts.append("<table><thead><tr><th>Question</th><th>Wrong answer</th><th>Learners</th>"
                 "<th>What the quiz tells them</th><th>Revisit</th></tr></thead>"
                 f"<tbody>{''.join(rows) or '<tr><td colspan=5>No wrong answers recorded.</td></tr>'}</tbody></table>")

    parts.append("<h2>Chosen confidently and wrongly</h2>")
    parts.append('<p class="note">Wrong answers that learners marked <i>sure</i>: beliefs to take up in class. '
                 "A wrong guess only shows a gap; a confident wrong answer shows a belief that may last.</p>")
    rows = []
    for s, answers in summary.confidently_wrong_questions():
        q = s.question
        where = f"Lesson {lesson_number(s.id)}, Quiz {q.quiz_id}" if q else s.id
        prompt = _e(plain_text(q.prompt)) if q else ""
        chosen = "; ".join(f"{_e(answer)} ({count})" for answer, count in answers)
        rows.append(f"<tr><td>{_e(where)}<br><small>{prompt}</small></td>"
                    f'<td class="num">{s.sure_wrong_learners} of {s.tried}</td><td>{chosen}</td>'
                    f"<td>{revisit_html(q)}</td></tr>")
    parts.append('<table class="course-confident-wrong"><thead><tr><th>Question</th><th>Learners sure and wrong</th>'
                 "<th>Wrong answers chosen as sure (learners)</th><th>Revisit</th></tr></thead><tbody>"
                 f"{''.join(rows) or '<tr><td colspan=4>None recorded.</td></tr>'}</tbody></table>")
    parts += class_certainty_html(summary)
    parts += class_claim_test_html(summary.claim_tests)

    parts += prediction_rates_html(summary.predictions, summary.predicting, n)
    parts += lesson_rates_html(summary)
    parts += ["<h2>Results per question</h2>",
              '<p class="note">Each row says how many learners tried the question; first try counts the first '
              "answer wherever it was given.</p>"]
    rows = []
    for s in summary.questions.values():
        q = s.question
        where = f"{lesson_number(s.id)} · {q.quiz_id}" if q else s.id
        prompt = _e(plain_text(q.prompt)) if q else "(question no longer in the banks)"
        top = "; ".join(f"{_e(a)} ({c})" for a, c in s.wrong.most_common(3)) or "–"
        rows.append(f"<tr><td>{_e(where)}</td><td>{prompt}</td><td class=\"num\">{s.tried}</td>"
                    f'<td class="num">{100 * s.rate:.0f}%</td><td class="num">{100 * s.first_try / s.tried:.0f}%</td>'
                    f"<td>{top}</td></tr>")
    parts.append("<table><thead><tr><th>Lesson · quiz</th><th>Question</th><th>Learners who tried</th>"
                 "<th>Right in the end</th><th>Right first try</th><th>Wrong answers chosen most (learners)</th>"
                 f"</tr></thead><tbody>{''.join(rows)}</tbody></table>")

    parts += ["<h2>Beliefs about the twelve claims, before and after</h2>",
              '<p class="note">A stance "matches the evidence" when it is <i>agree</i> for a supported claim, '
              "<i>disagree</i> for a claim not supported, and <i>unsure</i> for a claim that is partly "
              "supported, contested or unstudied.</p>",
              f'<p class="note">{_e(belief_counts_sentence(summary))}</p>',
              f'<img src="{png_data_uri(class_belief_figure(summary))}" alt="Bar chart of the share of '
              f'learners whose stance matches the evidence, per claim, before and after, among those who answered '
              f'both times; the table below has the counts.">']
    rows = []
    for cid, c in summary.claims.items():
        def counts(counter):
            return ", ".join(f"{counter[s]} {s}" for s in STANCES)

        rows.append(f"<tr><td>({_e(cid)}) {_e(claims()[cid].claim)}</td><td>{_e(claims()[cid].verdict)}: "
                    f"<i>{_e(c.target)}</i> fits</td><td>{counts(c.before)}</td><td>{counts(c.after)}</td>"
                    f'<td class="num">{c.closer} closer, {c.further} further, of {c.both}</td></tr>')
    parts.append("<table><thead><tr><th>Claim</th><th>Verdict</th><th>Before (all who answered)</th>"
                 "<th>After (all who answered)</th>"
                 f"<th>Learners who moved (of those who answered both times)</th></tr></thead><tbody>{''.join(rows)}</tbody></table>")
    return html_page("Class summary", "\n".join(parts))


# --------------------------------------------------------------------------------------------
# Lesson notes for the instructor guide
# --------------------------------------------------------------------------------------------

GUIDE_START = "<!-- lesson-notes:start -->"
GUIDE_END = "<!-- lesson-notes:end -->"


def _lesson_outline(path: Path) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """(sections as (heading, clock), Think prompts as (label, text)) of a lesson notebook."""
    sections, thinks = [], []
    for source in markdown_cells(path):
        lines = source.splitlines()
        for i, line in enumerate(lines):
            m = re.match(r"## (\d+\. .+)", line)
            if m:
                clock = next((re.search(r"~(\d+) min", l).group(1) for l in lines[i + 1:i + 4]
                              if re.search(r"\*Time to here: ~\d+ min\*", l)), "?")
                sections.append((m.group(1).strip(), clock))
            m = re.match(r"### (Think \d+\.\d+)\b[:.]?\s*(.*)", line)
            if m:
                body = []
                for rest in lines[i + 1:]:
                    if rest.startswith("#"):
                        break
                    body.append(rest.strip())
                text = " ".join(b for b in body if b)
                title = m.group(2).strip()
                thinks.append((m.group(1), f"*{title}.* {text}" if title else text))
    return sections, thinks


#: Wrong options that hold no belief: a bare estimate ("About 1 in 5", "About 30 mm") or a bare label
#: of the verdict scale ("Fully supported"). A number that carries a claim ("About 90% within six
#: weeks") is kept.
_NEUTRAL = re.compile(r"(About )?[\d.,]+( in [\d,]+)?( ?(%|mm|cm|min|kg))?"
                      r"|(Fully|Partly|Not) supported|Supported|Contested", re.I)


def _misconceptions(bank) -> list[str]:
    """One Markdown line per question with wrong options that are misconceptions: its quiz, its
    whole prompt, and those options. Practice questions about using the notebook and neutral
    distractors (:data:`_NEUTRAL`) are left out."""
    out = []
    in_order = sorted(bank.questions, key=lambda q: tuple(int(x) for x in q.quiz_id.split(".")))
    for q in in_order:
        wrong = [w for w in (plain_text(t) for t in q.misconceptions()) if not _NEUTRAL.fullmatch(w)]
        if wrong and not q.practice:
            prompt = " ".join(plain_text(q.prompt).split())
            out.append(f"- Quiz {q.quiz_id}, *{prompt}* Wrong options: " + "; ".join(f"“{w}”" for w in wrong))
    return out


def instructor_notes_markdown() -> str:
    """The per-lesson part of docs/instructor_guide.md, generated from the course's own files.

    For each lesson of data/lessons.yml: its time and summary; from its notebook, the numbered
    sections with their running clock and every Think prompt (with its model answer and notes for
    running it, from data/think_notes.yml); from its quiz bank, the wrong
    options of each choice question, which are the misconceptions the quiz is built to catch.
    """
    banks = set(available_banks())
    parts = []
    for l in lessons():
        parts.append(f"### Lesson {l.number}: {l.title} ({l.minutes} min)\n\n{l.summary}\n")
        if not l.path.is_file():
            parts.append("*Notebook in preparation: only the time and summary above are known yet.*\n")
            continue
        sections, thinks = _lesson_outline(l.path)
        if sections:
            clock = " · ".join(f"{name} (from ~{t} min)" for name, t in sections)
            parts.append(f"**Sections and running clock:** {clock} · end at ~{l.minutes} min.\n")
        if thinks:
            parts.append("**Think prompts to discuss:**\n")
            parts.extend(f"- **{label}**: {text}{think_note_markdown(l.number, label.split()[1])}"
                         for label, text in thinks)
            parts.append("")
        if l.stem in banks:
            lines = _misconceptions(load_bank(l.stem))
            if lines:
                parts.append("**Misconceptions to probe** (the wrong options of the lesson's quizzes; the "
                             "answer key gives the feedback for each):\n")
                parts.extend(lines)
                parts.append("")
    return "\n".join(parts).rstrip() + "\n"


def guide_with_notes(text: str) -> str:
    """``text`` (the guide) with the part between the lesson-notes markers regenerated."""
    start, end = text.index(GUIDE_START) + len(GUIDE_START), text.index(GUIDE_END)
    return text[:start] + "\n" + instructor_notes_markdown() + text[end:]


# --------------------------------------------------------------------------------------------
# Examples (doctests and tests) and the command line
# --------------------------------------------------------------------------------------------


def example_report(name: str | None, wrong: str | None = "Multifidus") -> dict:
    """A small valid report: lesson 01's fascia question answered right, after ``wrong`` if given."""
    return {
        "format": REPORT_FORMAT, "report_version": REPORT_VERSION, "course_version": "test",
        "created": "2025-01-01", "display_name": name, "lessons": [],
        "questions": [{"id": "01_back_pain_basics/fascia-role", "lesson": "01", "quiz": "1.1",
                       "tries": 2 if wrong else 1, "correct": True, "first_try_correct": wrong is None,
                       "wrong_answers": [wrong] if wrong else []}],
        "survey": {"before": {"c": {"stance": "agree", "confidence": "very sure"}},
                   "after": {"c": {"stance": "disagree", "confidence": "fairly sure"}}},
    }
