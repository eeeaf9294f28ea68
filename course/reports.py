"""What a progress record says, and the learner's report for a teacher.

Pure summaries of a progress record (see ``course.progress``): per-lesson mastery, questions still
missed, recent answers and the shift in beliefs about the twelve claims. The same summaries feed
lesson 09's dashboard, the text of ``python -m course progress`` and the report.

A report is two files: a self-contained HTML page (inline CSS, charts as inline PNG, readable
offline and printable) for the learner, and a JSON file for the teacher's class summary
(``python -m course class-summary``). The learner chooses the display name shown on it; nothing
else personal is stored. Everything taken from the record is escaped.

>>> from course.progress import new_record
>>> record = new_record()
>>> record["attempts"].append({"question": "01_back_pain_basics/fascia-role", "lesson": "01",
...                            "answer": "Multifidus", "correct": False, "attempt": 1})
>>> [m.tried for m in lesson_mastery(record) if m.number == "01"]
[1]
>>> [q.question.id for q in missed_questions(record)]
['fascia-role']
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

from .banks import course_banks, find_question
from .certainty import calibration_description, calibration_figure, certainty_details_html, certainty_score
from .certainty import score_summary, score_to_report
from .claims_revisited import VERDICTS, verdict_category
from .confidence import confident_wrong_answers, sure_wrong_report_html
from .evidence import claims
from .lessons import lessons
from .pages import escape as _e
from .pages import html_page, scrolling_table, wrap_label
from .plotting import PALETTE, new_figure, png_data_uri
from .progress import PHASES, ProgressUnavailable, default_store, lesson_number
from .text import count_share, plain_text, render_markdown
from .prediction_record import prediction_lines, report_predictions
from .claim_class import claim_test_report_html, claim_test_summary_line
from .claim_record import report_claim_test

#: Identifies a report file; a class summary reads only this format and version.
REPORT_FORMAT = "back-muscle-therapy/progress-report"
REPORT_VERSION = 1

STANCES = ("agree", "unsure", "disagree")
#: Position of a stance on the agree-disagree axis.
STANCE_VALUE = {"agree": 1, "unsure": 0, "disagree": -1}
#: The stance that matches each kind of verdict. Partly supported, contested and unstudied claims
#: sit in the middle: neither plain agreement nor plain disagreement fits them.
TARGET_STANCE = {
    "Supported": "agree",
    "Partly supported": "unsure",
    "Not supported": "disagree",
    "Contested": "unsure",
    "No evidence": "unsure",
}


# --------------------------------------------------------------------------------------------
# Quiz results
# --------------------------------------------------------------------------------------------


@dataclass
class QuestionResult:
    """All recorded responses of one learner to one question.

    ``correct`` is True once any response was right; ``wrong_answers`` lists the distinct wrong
    responses, in words, in the order they were first given.
    """

    question_id: str
    tries: int = 0
    correct: bool = False
    first_try_correct: bool | None = None
    wrong_answers: list[str] = field(default_factory=list)
    last_answer: str = ""
    last_correct: bool = False
    #: where the first answer was given (course.progress.SOURCES): only a first answer given in the
    #: lesson itself counts for the lesson's first-try accuracy
    first_source: str = "lesson"


def question_results(record: dict) -> dict[str, QuestionResult]:
    """Responses grouped by question id ('01_back_pain_basics/fascia-role'), in order of the record."""
    out: dict[str, QuestionResult] = {}
    for attempt in record.get("attempts", []):
        qid = attempt["question"]
        result = out.setdefault(qid, QuestionResult(qid))
        right = bool(attempt.get("correct"))
        answer = str(attempt.get("answer", attempt.get("response", "")))
        if result.tries == 0:
            result.first_try_correct = right
            result.first_source = attempt.get("source", "lesson")
        result.tries += 1
        result.correct = result.correct or right
        if not right and answer not in result.wrong_answers:
            result.wrong_answers.append(answer)
        result.last_answer, result.last_correct = answer, right
    return out


@dataclass(frozen=True)
class LessonMastery:
    """One lesson's quiz record: of its bank's ``questions``, how many were tried and got right."""

    number: str
    title: str
    file: str
    questions: int
    tried: int
    correct: int
    opened: bool
    completed: bool
    #: questions whose first answer was given in the lesson itself, and of them those right at once
    first_in_lesson: int = 0
    first_right: int = 0

    @property
    def first_try(self) -> float | None:
        """Share right at the first answer, of the questions first answered in the lesson (None if none)."""
        return self.first_right / self.first_in_lesson if self.first_in_lesson else None

    @property
    def mastery(self) -> float | None:
        """Share of the bank's questions answered right (None for a lesson without a quiz)."""
        return self.correct / self.questions if self.questions else None


def lesson_mastery(record: dict) -> list[LessonMastery]:
    """Per lesson of the course map, in order. Answers to questions no longer in a bank are ignored,
    and so are lesson 00's practice questions (``practice: true``): they teach the notebook, not
    the subject, so they never count as mastery."""
    results = question_results(record)
    banks = course_banks()
    out = []
    for l in lessons():
        ids = [q.full_id for q in banks[l.number].questions if not q.practice] if l.number in banks else []
        mark = record.get("lessons", {}).get(l.number, {})
        first = [results[i] for i in ids if i in results and results[i].first_source == "lesson"]
        out.append(LessonMastery(
            number=l.number, title=l.title, file=l.file, questions=len(ids),
            tried=sum(i in results for i in ids),
            correct=sum(i in results and results[i].correct for i in ids),
            opened=bool(mark.get("opened")), completed=bool(mark.get("completed")),
            first_in_lesson=len(first), first_right=sum(bool(r.first_try_correct) for r in first),
        ))
    return out


@dataclass(frozen=True)
class MissedQuestion:
    """A question tried but never answered right, with where to find it again."""

    lesson: LessonMastery
    question: object
    result: QuestionResult

    @property
    def link(self) -> str:
        """Link to the quiz's heading in the lesson notebook, relative to notebooks/."""
        return f"{self.lesson.file}#Quiz-{self.question.quiz_id}"

    @property
    def where(self) -> str:
        return f"Lesson {self.lesson.number} ({self.lesson.title}), Quiz {self.question.quiz_id}"


def missed_questions(record: dict) -> list[MissedQuestion]:
    """Questions still missed, in course order."""
    results = question_results(record)
    by_number = {m.number: m for m in lesson_mastery(record)}
    out = []
    for number, bank in course_banks().items():
        for q in bank.questions:
            r = results.get(q.full_id)
            if r is not None and not r.correct:
                out.append(MissedQuestion(by_number[number], q, r))
    return out


def recent_answers(record: dict, n: int = 5) -> list[dict]:
    """The last ``n`` recorded answers, newest first, each with its question's prompt in words."""
    out = []
    for attempt in reversed(record.get("attempts", [])[-n:]):
        q = find_question(attempt["question"])
        out.append({
            "lesson": attempt.get("lesson", ""),
            "quiz": q.quiz_id if q else "",
            "prompt": plain_text(q.prompt) if q else attempt["question"],
            "answer": str(attempt.get("answer", attempt.get("response", ""))),
            "correct": bool(attempt.get("correct")),
            "source": attempt.get("source", "lesson"),
        })
    return out


# --------------------------------------------------------------------------------------------
# Beliefs
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class BeliefShift:
    """One claim: the learner's stance before and after, and the stance the evidence supports."""

    claim_id: str
    claim: str
    verdict: str
    level: str
    target: str
    before: str | None
    after: str | None
    before_confidence: str | None = None
    after_confidence: str | None = None

    @property
    def movement(self) -> str | None:
        """'closer', 'further', 'same' (no change) or 'sideways' (changed, equally far); None
        unless both surveys answered this claim."""
        return movement(self.before, self.after, self.target)

    @property
    def matches_after(self) -> bool | None:
        return None if self.after is None else self.after == self.target

    @property
    def matches_before(self) -> bool | None:
        return None if self.before is None else self.before == self.target


def movement(before: str | None, after: str | None, target: str) -> str | None:
    """How a stance moved relative to the ``target`` stance: 'closer', 'further', 'same' (no
    change) or 'sideways' (changed, equally far); None unless both stances are given.

    >>> movement("agree", "unsure", "disagree"), movement("agree", "disagree", "unsure")
    ('closer', 'sideways')
    """
    if before is None or after is None:
        return None
    t = STANCE_VALUE[target]
    d0, d1 = abs(STANCE_VALUE[before] - t), abs(STANCE_VALUE[after] - t)
    if d1 < d0:
        return "closer"
    if d1 > d0:
        return "further"
    return "same" if before == after else "sideways"


MOVEMENT_WORDS = {
    "closer": "closer to the evidence",
    "further": "further from the evidence",
    "same": "no change",
    "sideways": "changed, equally far from the evidence",
    None: "not answered in both surveys",
}


def target_stance(verdict: str) -> str:
    """The stance that matches a verdict of data/claims.csv.

    >>> target_stance("Partly supported (heat); not supported (ice)")
    'unsure'
    >>> target_stance("Not supported")
    'disagree'
    """
    return TARGET_STANCE[verdict_category(verdict)]


def verdict_tally() -> dict[str, list[str]]:
    """The twelve claims grouped by the kind of verdict the course gave them.

    >>> verdict_tally()["Supported"]
    ['k']
    """
    out: dict[str, list[str]] = {v: [] for v in VERDICTS}
    for c in claims().values():
        out[verdict_category(c.verdict)].append(c.id)
    return out


def _stance(survey: dict, claim_id: str) -> tuple[str | None, str | None]:
    answer = survey.get(claim_id) or {}
    stance = answer.get("stance") if isinstance(answer, dict) else None
    conf = answer.get("confidence") if isinstance(answer, dict) else None
    return (stance if stance in STANCE_VALUE else None), (conf if isinstance(conf, str) else None)


def belief_shift(survey: dict) -> list[BeliefShift]:
    """Per claim, in the article's order: ``survey`` is ``{"before": {...}, "after": {...}}``."""
    out = []
    for c in claims().values():
        before, before_conf = _stance(survey.get("before") or {}, c.id)
        after, after_conf = _stance(survey.get("after") or {}, c.id)
        out.append(BeliefShift(c.id, c.claim, c.verdict, c.level, target_stance(c.verdict),
                               before, after, before_conf, after_conf))
    return out


def belief_summary(shifts: list[BeliefShift]) -> str:
    """One line: how many answers match the evidence before and after, and how many moved closer."""
    both = [s for s in shifts if s.movement is not None]
    before = sum(bool(s.matches_before) for s in shifts)
    after = sum(bool(s.matches_after) for s in shifts)
    n_before = sum(s.before is not None for s in shifts)
    n_after = sum(s.after is not None for s in shifts)
    if not n_before and not n_after:
        return "No belief-survey answers yet: answer the survey in lesson 00 (before) and in lesson 09 (after)."
    closer = sum(s.movement == "closer" for s in both)
    further = sum(s.movement == "further" for s in both)
    return (f"Stances matching the evidence: {before} of {n_before} answered before, {after} of "
            f"{n_after} answered after; {closer} moved closer to the evidence and {further} further "
            f"away, of {len(both)} claims answered both times.")


# --------------------------------------------------------------------------------------------
# Charts
# --------------------------------------------------------------------------------------------


def mastery_figure(masteries: list[LessonMastery]):
    """Horizontal bars per lesson: share of questions right (solid) over share tried (hatched)."""
    rows = list(reversed(masteries))
    fig, (ax,) = new_figure(figsize=(8.0, 0.38 * len(rows) + 1.6))
    y = range(len(rows))
    tried = [100 * m.tried / m.questions if m.questions else 0 for m in rows]
    right = [100 * (m.mastery or 0) for m in rows]
    ax.barh(y, tried, height=0.7, color="white", edgecolor=PALETTE["grey"], hatch="///",
            label="questions tried")
    ax.barh(y, right, height=0.7, color=PALETTE["blue"], edgecolor=PALETTE["blue"],
            label="questions answered right")
    for i, m in enumerate(rows):
        text = f"{m.correct} of {m.questions} right" if m.questions else "no quiz"
        ax.text(102, i, text, va="center", fontsize=9)
    ax.set_yticks(list(y), [f"{m.number} {m.title}" for m in rows])
    ax.set_xlim(0, 128)
    ax.set_xticks([0, 25, 50, 75, 100])
    ax.set_xlabel("% of the lesson's quiz questions")
    ax.set_title("Your quiz record per lesson")
    ax.grid(axis="y", visible=False)
    fig.legend(loc="outside lower center", ncols=2, fontsize=9, frameon=False)
    return fig


def belief_figure(shifts: list[BeliefShift]):
    """Per claim: stance before (hollow circle) and after (filled square), over a hatched band at
    the stance the evidence supports. Shapes and hatching, not only colours, tell them apart."""
    from matplotlib.patches import Rectangle

    rows = list(reversed(shifts))
    fig, (ax,) = new_figure(figsize=(8.0, 0.55 * len(rows) + 1.6))
    for i, s in enumerate(rows):
        t = STANCE_VALUE[s.target]
        ax.add_patch(Rectangle((t - 0.3, i - 0.42), 0.6, 0.84, facecolor="#EDEDED", edgecolor=PALETTE["grey"],
                               hatch="...", linewidth=0.8, label="stance the evidence supports" if i == 0 else None))
        if s.before is not None and s.after is not None and s.before != s.after:
            ax.annotate("", xy=(STANCE_VALUE[s.after], i - 0.16), xytext=(STANCE_VALUE[s.before], i + 0.16),
                        arrowprops=dict(arrowstyle="->", color=PALETTE["black"], lw=1.2, shrinkA=6, shrinkB=6))
        if s.before is not None:
            ax.plot([STANCE_VALUE[s.before]], [i + 0.16], marker="o", ms=9, mfc="white",
                    mec=PALETTE["blue"], mew=2, ls="none")
        if s.after is not None:
            ax.plot([STANCE_VALUE[s.after]], [i - 0.16], marker="s", ms=8, color=PALETTE["vermillion"], ls="none")
    ax.plot([], [], marker="o", ms=9, mfc="white", mec=PALETTE["blue"], mew=2, ls="none", label="before (lesson 00)")
    ax.plot([], [], marker="s", ms=8, color=PALETTE["vermillion"], ls="none", label="after (lesson 09)")
    ax.set_yticks(range(len(rows)), [f"({s.claim_id}) {wrap_label(s.claim, 38)}" for s in rows], fontsize=8.5)
    ax.set_xticks([-1, 0, 1], ["disagree", "unsure", "agree"])
    ax.set_xlim(-1.5, 1.5)
    ax.set_ylim(-0.6, len(rows) - 0.4)
    ax.set_title("Your stance on the twelve claims, before and after")
    ax.grid(axis="y", visible=False)
    fig.legend(loc="outside lower center", ncols=3, fontsize=9, frameon=False)
    return fig




def mastery_table_html(masteries: list[LessonMastery]) -> str:
    rows = []
    for m in masteries:
        status = "completed" if m.completed else ("opened" if m.opened else "not opened")
        share = f"{100 * m.mastery:.0f}%" if m.mastery is not None else "–"
        quiz = f"{m.correct} of {m.questions}" if m.questions else "no quiz"
        first = count_share(m.first_right, m.first_in_lesson)
        rows.append(f"<tr><td>{_e(m.number)}</td><td>{_e(m.title)}</td><td>{status}</td>"
                    f'<td class="num">{m.tried}</td><td class="num">{first}</td><td class="num">{quiz}</td>'
                    f'<td class="num">{share}</td></tr>')
    return ("<table><thead><tr><th>#</th><th>Lesson</th><th>Status</th><th>Questions tried</th>"
            "<th>Right at the first try (in the lesson)</th><th>Answered right in the end</th><th>Mastery</th>"
            f"</tr></thead><tbody>{''.join(rows)}</tbody></table>")


def belief_table_html(shifts: list[BeliefShift]) -> str:
    def cell(stance, conf):
        if stance is None:
            return '<td class="muted">not answered</td>'
        return f"<td>{_e(stance)}{f' ({_e(conf)})' if conf else ''}</td>"

    rows = []
    for s in shifts:
        rows.append(f"<tr><td>({_e(s.claim_id)}) {_e(s.claim)}</td>{cell(s.before, s.before_confidence)}"
                    f"{cell(s.after, s.after_confidence)}<td>{_e(s.verdict)} ({_e(s.level)}): "
                    f"<i>{_e(s.target)}</i> fits best</td><td>{_e(MOVEMENT_WORDS[s.movement])}</td></tr>")
    return scrolling_table("<table><thead><tr><th>Claim</th><th>Before</th><th>After</th><th>Course verdict</th>"
                           f"<th>Change</th></tr></thead><tbody>{''.join(rows)}</tbody></table>", "Your beliefs")


# --------------------------------------------------------------------------------------------
# The report
# --------------------------------------------------------------------------------------------


def _course_version() -> str:
    from importlib import metadata

    try:
        return metadata.version("back-muscle-therapy-course")
    except metadata.PackageNotFoundError:
        return "unknown"


def build_report(record: dict) -> dict:
    """The JSON report of a progress record: what a teacher's class summary reads.

    It holds the display name (if the learner set one), per-lesson counts, per-question results
    with the wrong answers in words, and the belief-survey stances; no times or other details.
    """
    results = question_results(record)
    banks = course_banks()
    sure_wrong = confident_wrong_answers(record)
    questions = []
    for bank in banks.values():
        for q in bank.questions:
            r = results.get(q.full_id)
            if r is None:
                continue
            questions.append({"id": q.full_id, "lesson": lesson_number(q.full_id), "quiz": q.quiz_id, "tries": r.tries,
                              "correct": r.correct, "first_try_correct": bool(r.first_try_correct),
                              "first_source": r.first_source, "practice": q.practice,
                              "wrong_answers": list(r.wrong_answers),
                              # wrong answers the learner said they were sure of (course.confidence)
                              "sure_wrong_answers": sure_wrong.get(q.full_id, [])})
    survey = {}
    for phase in ("before", "after"):
        survey[phase] = {}
        for cid in claims():
            stance, conf = _stance((record.get("survey") or {}).get(phase) or {}, cid)
            if stance is not None:
                survey[phase][cid] = {"stance": stance, "confidence": conf}
    return {
        "format": REPORT_FORMAT,
        "report_version": REPORT_VERSION,
        "course_version": _course_version(),
        "created": datetime.now(timezone.utc).strftime("%Y-%m-%d"),
        # to the second, so that the later of two reports written on one day wins in a class summary
        "exported": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "display_name": record.get("display_name"),
        # the record's anonymous id (course.progress.new_learner_id): one learner's reports count once
        "learner_id": record.get("learner_id"),
        "lessons": [{"number": m.number, "title": m.title, "questions": m.questions, "tried": m.tried,
                     "correct": m.correct, "opened": m.opened, "completed": m.completed,
                     "first_in_lesson": m.first_in_lesson, "first_right": m.first_right}
                    for m in lesson_mastery(record)],
        "questions": questions,
        "survey": survey,
        # certainty-based marks and the calibration table (course.certainty); older reports lack it
        "certainty": score_to_report(certainty_score(record)),
        # optional for readers: reports made before predictions existed have none
        "predictions": report_predictions(record),
        # the claim-evaluation test's sittings (course.claim_record); optional, as above
        "claim_test": report_claim_test(record),
    }


def report_html(record: dict) -> str:
    """The learner's report as a self-contained HTML page."""
    masteries = lesson_mastery(record)
    shifts = belief_shift(record.get("survey") or {})
    name = record.get("display_name")
    who = _e(name) if name else '<span class="muted">(no display name given)</span>'
    total_q = sum(m.questions for m in masteries)
    total_right = sum(m.correct for m in masteries)
    parts = [
        f"<h1>Back Muscle Therapy: progress report</h1>",
        f"<p><b>Learner:</b> {who}<br><b>Date:</b> {datetime.now().strftime('%Y-%m-%d')}<br>"
        f"<b>Questions answered right:</b> {total_right} of {total_q} in the course's quizzes</p>",
        "<h2>Quizzes by lesson</h2>",
        f'<img src="{png_data_uri(mastery_figure(masteries))}" alt="Bar chart of the share of each '
        f'lesson\'s quiz questions tried and answered right; the same numbers are in the table below.">',
        mastery_table_html(masteries),
        "<h2>Questions still missed</h2>",
    ]
    missed = missed_questions(record)
    if missed:
        items = []
        for m in missed:
            answers = "; ".join(m.result.wrong_answers)
            items.append(f'<div class="q"><p><b>{_e(m.where)}</b></p>{render_markdown(m.question.prompt)}'
                         f"<p class=\"muted\">Your answers so far: {_e(answers)}</p></div>")
        parts.append("".join(items))
    else:
        parts.append("<p>None: every question tried has been answered right at least once.</p>")
    parts += sure_wrong_report_html(record)
    parts += certainty_html(record)
    parts += claim_test_report_html(record)
    parts += ["<h2>Predictions before the Explores</h2>",
              "<ul>" + "".join(f"<li>{_e(line)}</li>" for line in prediction_lines(record)) + "</ul>"]
    parts += [
        "<h2>Beliefs about the twelve claims, before and after</h2>",
        f'<p class="note">{_e(belief_summary(shifts))}</p>',
        f'<img src="{png_data_uri(belief_figure(shifts))}" alt="Chart of the stance on each claim before '
        f'and after the course, next to the stance the evidence supports; the same is in the table below.">',
        belief_table_html(shifts),
    ]
    return html_page("Progress report" + (f": {name}" if name else ""), "\n".join(parts))


def certainty_html(record: dict) -> list[str]:
    """The report's section on certainty-based marks: score, reading, calibration chart and table."""
    score = certainty_score(record)
    return [
        "<h2>Knowing what you know: certainty-based marks</h2>",
        f"<p><b>{_e(score_summary(score))}</b></p>",
        f'<img src="{png_data_uri(calibration_figure(score))}" alt="{_e(calibration_description(score))}">',
        certainty_details_html(score),
    ]


@dataclass(frozen=True)
class ReportFiles:
    """Where a report was written."""

    html: Path
    json: Path

    def __repr__(self) -> str:
        return f"Report written: {self.html} (open or print it) and {self.json} (for your teacher)."

    def _repr_html_(self) -> str:
        return (f'<div class="course-report-files" role="status">✔ Report written: '
                f'<a href="{_e(self.html.name)}" target="_blank">{_e(self.html.name)}</a> (open or print it) and '
                f"<code>{_e(self.json.name)}</code> (send this one to your teacher), in {_e(self.html.parent)}.</div>")


class ReportExists(FileExistsError):
    """A report file of that name is there already; ``files`` are the ones that exist, ``free`` a
    name that is still free (write there, or pass ``replace=True`` to replace the old ones)."""

    def __init__(self, files: list[Path], free: Path):
        self.files, self.free = files, free
        names = " and ".join(f.name for f in files)
        super().__init__(f"{names} already exist(s) in {files[0].parent}: replace it, or write the report "
                         f"under a new name such as {free.name} (.html and .json)")


def safe_file_part(text: str | None, limit: int = 24) -> str:
    """``text`` as lower-case letters, digits and underscores only ('' for none), for a file name.

    >>> safe_file_part("Ana María O'Neil"), safe_file_part("../x y"), safe_file_part(None)
    ('ana_maria_o_neil', 'x_y', '')
    """
    ascii_text = unicodedata.normalize("NFKD", text or "").encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "_", ascii_text.lower()).strip("_")[:limit].strip("_")


def report_stem(record: dict) -> str:
    """The report's default file name (without suffix), from the display name and the learner id,
    so that the reports of a class can share one folder.

    >>> report_stem({"display_name": "Ana", "learner_id": "3f9c01ab"}), report_stem({})
    ('course_report_ana_3f9c01ab', 'course_report')
    """
    parts = [safe_file_part(record.get("display_name")), safe_file_part(record.get("learner_id"), 32)]
    return "_".join(["course_report"] + [p for p in parts if p])


def _report_files(base: Path) -> ReportFiles:
    return ReportFiles(base.with_name(base.name + ".html"), base.with_name(base.name + ".json"))


def free_report_name(base: str | Path) -> Path:
    """``base`` if neither ``base.html`` nor ``base.json`` exists, else ``base_2``, ``base_3``, ..."""
    base = Path(base)
    candidate, n = base, 1
    while any(p.exists() for p in (_report_files(candidate).html, _report_files(candidate).json)):
        n += 1
        candidate = base.with_name(f"{base.name}_{n}")
    return candidate


def report_record(display_name: str | None = None) -> dict:
    """The learner's record as a report is made from it: ``display_name`` (when given) saved first,
    and the learner id saved so that it stays the same from one report to the next."""
    store = default_store()
    if display_name is not None:
        store.set_display_name(display_name)
    record = store.load()
    if "learner_id" not in record or not store.path.is_file():
        try:  # save the learner id (a record from before ids existed, or no file yet) so it stays the same
            record = store.update(lambda _record: None, _return_record=True)
        except ProgressUnavailable:
            # a read-only folder: an id that is not kept would differ at every export and make one
            # learner count as several in a class summary, so the report carries none
            record = {**record, "learner_id": None}
    return record


def report_json(record: dict) -> str:
    """The text of a report's JSON file."""
    return json.dumps(build_report(record), ensure_ascii=False, indent=1) + "\n"


def export_report(path: str | Path | None = None, display_name: str | None = None, *,
                  replace: bool = False) -> ReportFiles:
    """Write the learner's report: ``<path>.html`` (to read or print) and ``<path>.json`` (for a teacher).

    Parameters
    ----------
    path : str or Path, optional
        File name with or without a suffix; ``.html`` and ``.json`` are used. Default: named from
        the display name and the learner id (:func:`report_stem`, e.g. ``course_report_ana_3f9c01ab``)
        in the current folder (the lesson's folder in a notebook).
    display_name : str, optional
        The name to show on the report. It is saved in the progress file and used again next
        time; leave it out to keep the name set before (if any).
    replace : bool
        Replace report files of that name; without it an existing file raises ``ReportExists``
        (which names a free name) and nothing is written.

    Returns
    -------
    ReportFiles
        The two paths.
    """
    record = report_record(display_name)
    base = Path(report_stem(record) if path is None else path).expanduser().resolve()
    if base.suffix.lower() in (".html", ".htm", ".json"):
        base = base.with_suffix("")
    out = _report_files(base)
    existing = [p for p in (out.html, out.json) if p.exists()]
    if existing and not replace:
        raise ReportExists(existing, free_report_name(base))
    out.html.parent.mkdir(parents=True, exist_ok=True)
    out.html.write_text(report_html(record), encoding="utf-8")
    out.json.write_text(report_json(record), encoding="utf-8")
    return out


def summary_text(record: dict) -> str:
    """A plain-text summary of a record: one line per lesson, then the belief survey."""
    lines = []
    name = record.get("display_name")
    lines.append(f"Display name: {name}" if name else "Display name: (not set)")
    lines.append(f"Answers recorded: {len(record['attempts'])}")
    lines.append("")
    for m in lesson_mastery(record):
        status = "completed" if m.completed else ("opened" if m.opened else "not opened")
        quiz = f"{m.correct} of {m.questions} questions right, {m.tried} tried" if m.questions else "no quiz"
        lines.append(f"Lesson {m.number} {m.title}: {status}; {quiz}")
    lines.append("")
    lines.append(score_summary(certainty_score(record)))
    lines.append(claim_test_summary_line(record))
    lines.append("")
    for phase in PHASES:
        n = len(record["survey"].get(phase, {}))
        lines.append(f"Belief survey ({phase}): {n} of 12 claims answered")
    return "\n".join(lines)
