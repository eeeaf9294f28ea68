"""The class summary's learners: one report per learner, a row per learner, and the gradebook.

- :func:`latest_per_learner`: of several reports with the same ``learner_id`` (a learner who
  exported twice, or a copied file), the class summary keeps one: the latest ``created``, or the
  file named later when the dates are equal. Reports without an id (made before ids existed)
  count one each.
- :func:`learner_rows`: per learner, the lessons opened and completed, first-try accuracy, the
  answers given wrongly while sure, the report's date, the certainty-based mean mark and the
  claim-evaluation test's scores. Lesson 00's practice questions (``practice: true``) never count.
- :func:`learner_table_html`: those rows as a table a lecturer can sort by clicking a column header
  (buttons, so the keyboard reaches them; without the script it reads as a plain table).
- :func:`gradebook_csv`: the rows in the layout of Moodle's gradebook CSV import (a header row, an
  identifier column, one column per grade item; UTF-8, comma-separated).

>>> a = {"learner_id": "aa11", "created": "2025-01-01", "display_name": "Ana"}
>>> b = {"learner_id": "aa11", "created": "2025-02-01", "display_name": "Ana"}
>>> kept, superseded = latest_per_learner([("old.json", a), ("new.json", b), ("x.json", {})])
>>> [f for f, _ in kept], superseded
(['new.json', 'x.json'], [('old.json', 'new.json')])
"""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .banks import course_banks, find_question
from .certainty import score_from_report
from .claim_class import claim_learners
from .claim_evaluation import load_claim_test, score
from .pages import escape as _e
from .text import count_share

#: The gradebook's columns: the identifier first, then the display name, then one per grade item.
GRADEBOOK_COLUMNS = ("learner_id", "display_name", "first_try_score_percent", "certainty_mean_mark",
                     "lessons_completed", "claim_test_before_percent", "claim_test_after_percent")


def _when(name: str, report: Mapping[str, Any]) -> tuple[str, str, str]:
    """How late a report is: its export time to the second (reports since it existed), its date,
    then its file name."""
    return (str(report.get("exported") or ""), str(report.get("created") or ""), Path(name).name)


def latest_per_learner(reports: Sequence[tuple[str, Mapping[str, Any]]]
                       ) -> tuple[list[tuple[str, Mapping[str, Any]]], list[tuple[str, str]]]:
    """(reports kept, in the order given, and (file superseded, file that replaced it))."""
    winner: dict[str, int] = {}
    for i, (name, report) in enumerate(reports):
        lid = report.get("learner_id")
        if not lid:
            continue
        j = winner.get(lid)
        if j is None or _when(name, report) >= _when(*reports[j]):
            winner[lid] = i
    kept = [r for i, r in enumerate(reports) if not r[1].get("learner_id") or winner[r[1]["learner_id"]] == i]
    superseded = [(name, reports[winner[r["learner_id"]]][0]) for i, (name, r) in enumerate(reports)
                  if r.get("learner_id") and winner[r["learner_id"]] != i]
    return kept, superseded


def learner_name(file_name: str, report: Mapping[str, Any]) -> str:
    """The display name, else the learner id, else the file's name."""
    return report.get("display_name") or report.get("learner_id") or f"(no name: {Path(file_name).name})"


def is_practice(entry: Mapping[str, Any]) -> bool:
    """Whether a report's question is one of lesson 00's practice questions (the bank decides; a
    question no longer in the banks keeps the report's flag)."""
    q = find_question(entry["id"])
    return q.practice if q is not None else bool(entry.get("practice"))


def course_question_count() -> int:
    """The course's questions that count (every bank's, without the practice questions)."""
    return sum(not q.practice for b in course_banks().values() for q in b.questions)


@dataclass(frozen=True)
class LearnerRow:
    """One learner of the class summary (from the report kept for them)."""

    name: str
    learner_id: str | None
    file: str
    opened: int
    completed: int
    tried: int
    first_try_right: int
    sure_wrong: int
    last_activity: str
    certainty_mean: float | None = None
    claim_before: float | None = None
    claim_after: float | None = None

    @property
    def first_try_accuracy(self) -> float | None:
        """Share of the questions tried that were right at the first answer (None if none tried)."""
        return self.first_try_right / self.tried if self.tried else None


def _percent(test, sitting) -> float | None:
    return None if sitting is None or test is None else score(test, sitting.form, sitting.correct).percent


def learner_rows(reports: Sequence[tuple[str, Mapping[str, Any]]],
                 claim_tests: Sequence | None = None) -> list[LearnerRow]:
    """A row per (already de-duplicated) report, in the order given; ``claim_tests`` are the
    reports' claim-test sittings when the caller has read them already (as the class summary has)."""
    try:
        test = load_claim_test()
    except ValueError:
        test = None
    names = [learner_name(f, r) for f, r in reports]
    tests = claim_learners(list(zip(names, [r for _, r in reports]))) if claim_tests is None else claim_tests
    rows = []
    for i, (file_name, report) in enumerate(reports):
        # questions still in the course's banks (a percentage of the course's questions cannot then
        # pass 100), without lesson 00's practice questions
        counted = [q for q in report["questions"] if find_question(q["id"]) is not None and not is_practice(q)]
        certainty = score_from_report(report["certainty"]) if "certainty" in report else None
        claim = tests[i] if i < len(tests) else None
        rows.append(LearnerRow(
            name=names[i], learner_id=report.get("learner_id"), file=Path(file_name).name,
            opened=sum(bool(l.get("opened")) for l in report["lessons"]),
            completed=sum(bool(l.get("completed")) for l in report["lessons"]),
            tried=len(counted), first_try_right=sum(bool(q.get("first_try_correct")) for q in counted),
            sure_wrong=sum(len(q.get("sure_wrong_answers", [])) for q in counted),
            last_activity=str(report.get("created") or ""),
            certainty_mean=certainty.mean if certainty is not None else None,
            claim_before=_percent(test, claim.before) if claim else None,
            claim_after=_percent(test, claim.after) if claim else None))
    return rows


#: Sorts the learner table by the column whose header button is pressed (numbers by their value,
#: text alphabetically; pressing again reverses the order).
_SORT_SCRIPT = """<script>
document.querySelectorAll("table.course-learners").forEach(function (table) {
  table.querySelectorAll("thead th button").forEach(function (button, col) {
    button.addEventListener("click", function () {
      var th = button.parentNode, up = th.getAttribute("aria-sort") !== "ascending";
      table.querySelectorAll("thead th").forEach(function (h) { h.removeAttribute("aria-sort"); });
      th.setAttribute("aria-sort", up ? "ascending" : "descending");
      var body = table.tBodies[0], rows = Array.prototype.slice.call(body.rows);
      rows.sort(function (a, b) {
        var x = a.cells[col].getAttribute("data-sort"), y = b.cells[col].getAttribute("data-sort");
        var d = (x !== "" && y !== "" && !isNaN(x) && !isNaN(y)) ? x - y : x.localeCompare(y);
        return up ? d : -d;
      });
      rows.forEach(function (r) { body.appendChild(r); });
    });
  });
});
</script>"""


NUM = ' class="num"'


def learner_table_html(rows: Sequence[LearnerRow]) -> list[str]:
    """The class summary's per-learner section: a table sortable by each column (in the order of the
    files until a header is pressed)."""
    heads = ("Learner", "Lessons opened", "Lessons completed", "First-try accuracy",
             "Confidently wrong answers", "Last activity (report date)")
    cells = []
    for r in rows:
        acc = r.first_try_accuracy
        values = ((r.name, _e(r.name) + (f' <small class="muted">({_e(r.learner_id)})</small>'
                                         if r.learner_id and r.learner_id != r.name else "")),
                  (r.opened, str(r.opened)), (r.completed, str(r.completed)),
                  ("" if acc is None else f"{acc:.4f}",
                   count_share(r.first_try_right, r.tried)),
                  (r.sure_wrong, str(r.sure_wrong)), (r.last_activity, _e(r.last_activity) or "–"))
        cells.append("<tr>" + "".join(f'<td data-sort="{_e(str(key))}"{"" if i == 0 else NUM}>{text}</td>'
                                      for i, (key, text) in enumerate(values)) + "</tr>")
    header = "".join(f'<th scope="col"><button type="button">{_e(h)}</button></th>' for h in heads)
    return ["<h2>Learners: who is behind</h2>",
            f'<p class="note">One row per learner ({len(rows)}). First-try accuracy counts the questions tried '
            "that were right at the first answer, wherever it was given; lesson 00's practice questions do not "
            "count. Press a column header to sort by it (press again to reverse).</p>",
            f'<table class="course-learners"><thead><tr>{header}</tr></thead><tbody>{"".join(cells)}</tbody></table>',
            _SORT_SCRIPT]


def _number(value: float | None, digits: int) -> str:
    return "" if value is None else f"{value:.{digits}f}"


def _cell(text: str) -> str:
    """A text cell that a spreadsheet will not run as a formula (OWASP's advice for CSV files: a
    leading ', before = + - @ or a tab or carriage return)."""
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def gradebook_csv(rows: Sequence[LearnerRow], total: int | None = None) -> str:
    """The gradebook: a header row (:data:`GRADEBOOK_COLUMNS`), then one row per learner. The
    first-try score is the questions right at the first answer as a percentage of the course's
    ``total`` questions (practice questions left out); empty cells where a report has no value."""
    total = course_question_count() if total is None else total
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(GRADEBOOK_COLUMNS)
    for r in rows:
        name = "" if r.name in (r.learner_id, f"(no name: {r.file})") else r.name
        writer.writerow([r.learner_id or "", _cell(name),
                         _number(100 * r.first_try_right / total if total else None, 1),
                         _number(r.certainty_mean, 2), r.completed,
                         _number(r.claim_before, 1), _number(r.claim_after, 1)])
    return out.getvalue()


def superseded_html(superseded: Sequence[tuple[str, str]]) -> list[str]:
    """A note naming the reports replaced by a later one from the same learner."""
    if not superseded:
        return []
    items = "".join(f"<li><code>{_e(Path(old).name)}</code>: replaced by <code>{_e(Path(new).name)}</code></li>"
                    for old, new in superseded)
    return [f'<div class="note"><p><b>{len(superseded)} report(s) superseded</b> by a later report from the same '
            f"learner (same learner id; the one written last wins: by its export time, else its date, else its file name); "
            f"they are not counted:</p><ul>{items}</ul></div>"]


__all__ = ["GRADEBOOK_COLUMNS", "LearnerRow", "course_question_count", "gradebook_csv", "is_practice",
           "latest_per_learner", "learner_name", "learner_rows", "learner_table_html",
           "superseded_html"]
