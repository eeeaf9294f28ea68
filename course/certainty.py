"""Certainty-based marks: a score that rewards knowing what you know, and the calibration table.

Gardner-Medwin's certainty-based marking (``gardnermedwin1995`` in data/references.yml; UCL's LAPT,
Moodle's CBM) asks for a certainty with every
answer and marks it by the table :data:`MARKS`: certainty 1, 2 or 3 scores +1, +2 or +3 when the
answer is right and 0, -2 or -6 when it is wrong. The course's three words map onto the three
levels (:data:`CERTAINTY`): *guessing* is 1, *unsure* 2 and *sure* 3.

Which answers count. The first answer to each question in a lesson, and the first answer to each
question of lesson 09's final quiz (a question asked in both counts once in each): a second try
follows the feedback of the first, and a review brings back a question the learner has seen
answered, so neither says how sure the learner could be beforehand. An answer given without a
certainty is counted but not marked: the table and the summary show how many there are
(:attr:`CertaintyScore.unmarked`), and they are never left out silently.

The break-even lines follow from the marks alone (:func:`break_even`): with a chance ``p`` of being
right, the expected mark of a level is ``p * right + (1 - p) * wrong``, and the next level up pays
more once ``p`` passes the point where the two are equal; 2/3 for unsure over guessing and 4/5 for
sure over unsure.

>>> [mark(level, True) for level in ("guessing", "unsure", "sure")], [mark(level, False) for level in ("guessing", "unsure", "sure")]
([1, 2, 3], [0, -2, -6])
>>> break_even(2), break_even(3)
(Fraction(2, 3), Fraction(4, 5))
>>> record = {"attempts": [
...     {"question": "01_back_pain_basics/fascia-role", "correct": False, "confidence": "sure"},
...     {"question": "01_back_pain_basics/fascia-role", "correct": True, "confidence": "sure"},
...     {"question": "03_ischemia/kappa-meaning", "correct": True, "confidence": "unsure"}]}
>>> score = certainty_score(record)
>>> score.total, score.marked, score.maximum
(-4, 2, 6)
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from .confidence import LEVELS
from .models.trials import wilson_interval
from .pages import escape, scrolling_table
from .plotting import PALETTE, new_figure

#: Each word of the confidence buttons as a certainty level.
CERTAINTY = {"guessing": 1, "unsure": 2, "sure": 3}
#: Certainty level -> (mark when right, mark when wrong), Gardner-Medwin's scheme.
MARKS = {1: (1, 0), 2: (2, -2), 3: (3, -6)}
#: The sources of answers that are marked (course.progress.SOURCES without "review").
COUNTED_SOURCES = ("lesson", "final")
#: Below this many answers at a level, its share right says too little to judge.
MIN_ANSWERS = 5
#: What counts, in words (for the lesson, the report and the class summary).
COUNTED_WORDS = "the first answer to each question in the lessons and in the final quiz"

assert set(CERTAINTY) == set(LEVELS)


def mark(level: str, correct: bool) -> int:
    """The mark of one answer given with the confidence ``level`` (sure, unsure or guessing)."""
    if level not in CERTAINTY:
        raise ValueError(f"level must be one of {', '.join(LEVELS)}, got {level!r}")
    right, wrong = MARKS[CERTAINTY[level]]
    return right if correct else wrong


def mark_words(level: str, correct: bool) -> str:
    """The mark of one answer with what earned it, as the quiz feedback shows it.

    >>> mark_words("sure", True), mark_words("guessing", False)
    ('+3 (sure, right)', '0 (guessing, wrong)')
    """
    return f"{signed(mark(level, correct), 0)} ({level}, {'right' if correct else 'wrong'})"


def break_even(certainty: int, marks: Mapping[int, tuple[int, int]] | None = None) -> Fraction:
    """The chance of being right above which ``certainty`` pays more than the level below it.

    Solves ``p * r_hi + (1 - p) * w_hi = p * r_lo + (1 - p) * w_lo`` for ``p``, from the mark table
    (``marks``, default :data:`MARKS`).
    """
    marks = MARKS if marks is None else marks
    if certainty not in marks or certainty - 1 not in marks:
        raise ValueError(f"certainty must be one of {', '.join(map(str, sorted(marks)[1:]))}, got {certainty!r}")
    (r_hi, w_hi), (r_lo, w_lo) = marks[certainty], marks[certainty - 1]
    return Fraction(w_lo - w_hi, (r_hi - r_lo) + (w_lo - w_hi))


def best_range(certainty: int, marks: Mapping[int, tuple[int, int]] | None = None) -> tuple[Fraction, Fraction]:
    """The chances of being right for which ``certainty`` gives the best expected mark."""
    marks = MARKS if marks is None else marks
    low = break_even(certainty, marks) if certainty - 1 in marks else Fraction(0)
    high = break_even(certainty + 1, marks) if certainty + 1 in marks else Fraction(1)
    return low, high


def percent(x: float | Fraction) -> str:
    """A share as a whole percentage: 2/3 -> '67%'."""
    return f"{round(100 * float(x))}%"


# --------------------------------------------------------------------------------------------
# The answers that count, and the score
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class MarkedAnswer:
    """One counted answer: its question, where it was given, the confidence said (or None) and
    whether it was right."""

    question: str
    source: str
    level: str | None
    correct: bool

    @property
    def mark(self) -> int | None:
        """Its mark, or None when no certainty was given."""
        return None if self.level is None else mark(self.level, self.correct)


def counted_answers(record: Mapping[str, Any]) -> list[MarkedAnswer]:
    """The first answer to each question in lessons and in the final quiz, in the order given.

    An attempt without a ``source`` (older records) was given in a lesson; a confidence that is
    not one of the three words counts as none given.
    """
    out, seen = [], set()
    for a in record.get("attempts", []) or []:
        if not isinstance(a, Mapping) or "question" not in a:
            continue
        source = a.get("source") or "lesson"
        key = (a["question"], source)
        if source not in COUNTED_SOURCES or key in seen:
            continue
        seen.add(key)
        level = a.get("confidence") if a.get("confidence") in CERTAINTY else None
        out.append(MarkedAnswer(a["question"], source, level, bool(a.get("correct"))))
    return out


@dataclass(frozen=True)
class CalibrationRow:
    """One certainty level: how many counted answers were given at it, and how many were right."""

    level: str
    answers: int = 0
    right: int = 0

    @property
    def certainty(self) -> int:
        return CERTAINTY[self.level]

    @property
    def share(self) -> float | None:
        """Share of its answers that were right (None without answers)."""
        return self.right / self.answers if self.answers else None

    @property
    def interval(self) -> tuple[float, float] | None:
        """95% Wilson interval of the share right (None without answers)."""
        return wilson_interval(self.right, self.answers) if self.answers else None

    @property
    def marks(self) -> int:
        """The marks its answers earned."""
        r, w = MARKS[self.certainty]
        return self.right * r + (self.answers - self.right) * w

    @property
    def best_range(self) -> tuple[Fraction, Fraction]:
        return best_range(self.certainty)

    @property
    def fits(self) -> str | None:
        """'below' or 'above' the range of chances where this level pays most, 'within' it, or
        None with fewer than :data:`MIN_ANSWERS` answers."""
        if self.answers < MIN_ANSWERS:
            return None
        low, high = self.best_range
        return "below" if self.share < low else "above" if self.share > high else "within"


@dataclass(frozen=True)
class CertaintyScore:
    """A learner's certainty-based score: one row per level (guessing, unsure, sure) and the number
    of counted answers given without a certainty."""

    rows: tuple[CalibrationRow, ...]
    unmarked: int = 0

    @property
    def marked(self) -> int:
        """Counted answers with a certainty (the ones marked)."""
        return sum(r.answers for r in self.rows)

    @property
    def total(self) -> int:
        return sum(r.marks for r in self.rows)

    @property
    def maximum(self) -> int:
        """The best total possible: every marked answer right and given at the top level."""
        return self.marked * best_mark()

    @property
    def mean(self) -> float | None:
        """Mean mark per marked answer (None without any)."""
        return self.total / self.marked if self.marked else None

    def row(self, level: str) -> CalibrationRow:
        return next(r for r in self.rows if r.level == level)


def _levels_by_certainty() -> list[str]:
    return sorted(CERTAINTY, key=CERTAINTY.get)


def score_answers(answers: list[MarkedAnswer]) -> CertaintyScore:
    """The score and calibration table of counted answers."""
    rows = tuple(CalibrationRow(level, sum(a.level == level for a in answers),
                                sum(a.level == level and a.correct for a in answers))
                 for level in _levels_by_certainty())
    return CertaintyScore(rows, sum(a.level is None for a in answers))


def certainty_score(record: Mapping[str, Any]) -> CertaintyScore:
    """The certainty-based score of a progress record (see the module's docstring for what counts)."""
    return score_answers(counted_answers(record))


def pooled(scores: list[CertaintyScore]) -> CertaintyScore:
    """Several learners' answers in one table (a class's calibration)."""
    rows = tuple(CalibrationRow(level, sum(s.row(level).answers for s in scores),
                                sum(s.row(level).right for s in scores)) for level in _levels_by_certainty())
    return CertaintyScore(rows, sum(s.unmarked for s in scores))


# --------------------------------------------------------------------------------------------
# In words
# --------------------------------------------------------------------------------------------


def best_mark() -> int:
    """The most one answer can score (the top level's mark when right)."""
    return max(right for right, _ in MARKS.values())


def signed(x: float, digits: int = 1) -> str:
    """+1.5, -0.3, 0 (no sign for nothing)."""
    return f"{x:+.{digits}f}" if round(x, digits) else "0"


def score_summary(score: CertaintyScore) -> str:
    """One line: the total, the mean mark per answer against the best possible, and unmarked answers."""
    unmarked = (f" {score.unmarked} answer{'s' if score.unmarked != 1 else ''} given without a certainty "
                f"{'are' if score.unmarked != 1 else 'is'} not marked.") if score.unmarked else ""
    if not score.marked:
        return "Certainty-based score: no marked answers yet." + unmarked
    best = best_mark()
    return (f"Certainty-based score: {signed(score.total, 0)} from {score.marked} answer{'s' if score.marked != 1 else ''} "
            f"(of a possible {score.maximum:+d}), a mean of {signed(score.mean)} per answer (best {best:+d})."
            + unmarked)


def _line(certainty: int) -> str:
    return percent(break_even(certainty))


def calibration_reading(score: CertaintyScore) -> str:
    """One sentence for the learner on what the calibration table says, honest about few answers."""
    if not score.marked:
        if score.unmarked:
            return (f"None of your {score.unmarked} counted answers has a certainty yet: tick Sure, Unsure or "
                    "Guessing before you press Check, and this will tell you how well you know what you know.")
        return "No answers yet: answer some quiz questions, saying how sure you are, and come back."
    judged = [r for r in score.rows if r.fits is not None]
    if not judged:
        return (f"Too early to tell: {score.marked} answer{'s' if score.marked != 1 else ''} with a certainty so "
                f"far, and a share right means little until there are at least {MIN_ANSWERS} at one level.")
    # the costliest mistakes first: sure too often, then guessing although right, then unsure
    order = [("sure", "below"), ("guessing", "above"), ("unsure", "below"), ("unsure", "above")]
    off = [(r, fit) for level, fit in order for r in judged if r.level == level and r.fits == fit]
    if not off:
        parts = ", ".join(f"{r.level} {percent(r.share)} of the time ({r.right} of {r.answers})" for r in judged)
        return f"Your certainty fits your results: you were right when you said {parts}, each where that level pays most."
    r, fit = off[0]
    line = r.best_range[0] if fit == "below" else r.best_range[1]
    chance = ""
    low, high = r.interval
    if low <= line <= high:
        chance = f", though with {r.answers} answers that may still be chance"
    start = f"When you said {r.level} you were right {percent(r.share)} of the time ({r.right} of {r.answers})"
    if r.level == "sure":
        return f"{start}, below the {percent(line)} at which sure pays{chance}: keep 'sure' for answers you would bet on."
    if r.level == "guessing":
        return (f"{start}, above the {percent(line)} at which unsure pays more{chance}: you know more than you "
                "think, so say unsure when you have a reason for your answer.")
    if fit == "below":
        return (f"{start}, below the {percent(line)} at which unsure pays more than guessing{chance}: when you "
                "are that unsure, say guessing, which costs nothing when wrong.")
    return (f"{start}, above the {percent(line)} at which sure pays more{chance}: say sure when you would bet "
            "on the answer.")


def certainty_rule() -> str:
    """The marking rule and the break-evens it implies, computed from :data:`MARKS` (lesson 09).

    >>> print(certainty_rule())
    sure (certainty 3): +3 if right, -6 if wrong
    unsure (certainty 2): +2 if right, -2 if wrong
    guessing (certainty 1): +1 if right, 0 if wrong
    unsure pays more than guessing above a 2/3 chance (67%) of being right
    sure pays more than unsure above a 4/5 chance (80%) of being right
    """
    lines = []
    for level in reversed(_levels_by_certainty()):
        right, wrong = MARKS[CERTAINTY[level]]
        lines.append(f"{level} (certainty {CERTAINTY[level]}): {right:+d} if right, {signed(wrong, 0)} if wrong")
    levels = _levels_by_certainty()
    for lower, upper in zip(levels, levels[1:]):
        p = break_even(CERTAINTY[upper])
        lines.append(f"{upper} pays more than {lower} above a {p} chance ({percent(p)}) of being right")
    return "\n".join(lines)


def level_words(row: CalibrationRow) -> str:
    """One level's result against the range where it pays most, in a few words (for a teacher)."""
    if not row.answers:
        return f"{row.level}: no answers"
    low, high = row.best_range
    where = {"below": f"below the {percent(low)} above which it pays most",
             "above": f"above the {percent(high)} at which the next level pays more",
             "within": "where it pays most",
             None: f"too few answers to judge (under {MIN_ANSWERS})"}[row.fits]
    return f"{row.level}: right {percent(row.share)} of the time ({row.right} of {row.answers}), {where}"


def calibration_description(score: CertaintyScore) -> str:
    """The calibration chart in words (its alt text)."""
    parts = []
    for r in score.rows:
        if r.answers:
            low, high = r.interval
            parts.append(f"{r.level}: {r.right} of {r.answers} right ({percent(r.share)}, 95% interval "
                         f"{percent(low)} to {percent(high)})")
        else:
            parts.append(f"{r.level}: no answers")
    return (f"Bar chart of the share of answers right at each certainty level, with lines at {_line(2)} (above it "
            f"unsure pays more than guessing) and {_line(3)} (above it sure pays more than unsure). "
            + "; ".join(parts) + ".")


def calibration_table_html(score: CertaintyScore) -> str:
    """The calibration table: per level its mark table, answers, right, share right, the chances of
    being right where it pays most, and the marks its answers earned."""
    rows = []
    for r in reversed(score.rows):
        r_mark, w_mark = MARKS[r.certainty]
        low, high = r.best_range
        share = "–" if r.share is None else percent(r.share)
        ci = "" if r.interval is None else f" ({percent(r.interval[0])} to {percent(r.interval[1])})"
        rows.append(f"<tr><td>{escape(r.level)} (certainty {r.certainty})</td><td>{signed(r_mark, 0)} / {signed(w_mark, 0)}</td>"
                    f'<td class="num">{r.answers}</td><td class="num">{r.right}</td><td class="num">{share}{ci}</td>'
                    f'<td>{percent(low)} to {percent(high)}</td><td class="num">{signed(r.marks, 0)}</td></tr>')
    if score.unmarked:
        rows.append(f'<tr><td>no certainty given</td><td>not marked</td><td class="num">{score.unmarked}</td>'
                    "<td></td><td></td><td></td><td></td></tr>")
    return scrolling_table('<table class="course-calibration"><thead><tr><th>Certainty</th><th>Mark if right / wrong</th>'
                           "<th>Answers</th><th>Right</th><th>Share right (95% interval)</th><th>Pays most when right</th>"
                           f"<th>Marks</th></tr></thead><tbody>{''.join(rows)}</tbody></table>", "Calibration table")


def marks_in_words() -> str:
    """The mark table in one line, and the policy it rewards.

    >>> marks_in_words()
    'sure scores +3 when right and -6 when wrong, unsure +2 or -2, guessing +1 or 0: say sure only when the chance of being right is above 80%, and guessing when it is below 67%'
    """
    (s_right, s_wrong), (u_right, u_wrong), (g_right, g_wrong) = (MARKS[CERTAINTY[l]] for l in ("sure", "unsure", "guessing"))
    return (f"sure scores {s_right:+d} when right and {signed(s_wrong, 0)} when wrong, unsure {u_right:+d} or "
            f"{signed(u_wrong, 0)}, guessing {g_right:+d} or {signed(g_wrong, 0)}: say sure only when the chance "
            f"of being right is above {_line(3)}, and guessing when it is below {_line(2)}")


def certainty_details_html(score: CertaintyScore) -> str:
    """What goes under the chart (lesson 09 and the report): the reading, the chart in words, the
    table and what counts."""
    return (f'<p class="course-calibration-reading">{escape(calibration_reading(score))}</p>'
            f'<p class="course-figure-description"><i>The chart in words:</i> {escape(calibration_description(score))}</p>'
            f"{calibration_table_html(score)}<p><small>Counted: {escape(COUNTED_WORDS)}; "
            f"{escape(marks_in_words())}.</small></p>")


# --------------------------------------------------------------------------------------------
# The chart, and the report's copy of the table
# --------------------------------------------------------------------------------------------


def calibration_figure(score: CertaintyScore, title: str = "How often you were right, by how sure you said you were"):
    """Bars per level (share right, with its 95% interval) against the 67% and 80% lines, each
    level's best range hatched behind its bar; every line and bar is named in text."""
    from matplotlib.patches import Rectangle

    fig, (ax,) = new_figure(figsize=(8.0, 4.2))
    for i, r in enumerate(score.rows):
        low, high = r.best_range
        ax.add_patch(Rectangle((i - 0.42, 100 * float(low)), 0.84, 100 * float(high - low), facecolor="#F2F2F2",
                               edgecolor=PALETTE["grey"], hatch="...", linewidth=0.6, zorder=0,
                               label="where that level pays most" if i == 0 else None))
        if r.answers:
            lo, hi = r.interval
            ax.bar(i, 100 * r.share, width=0.5, color=PALETTE["blue"], edgecolor=PALETTE["black"], zorder=2)
            ax.errorbar(i, 100 * r.share, yerr=[[100 * (r.share - lo)], [100 * (hi - r.share)]],
                        color=PALETTE["black"], capsize=5, lw=1.2, zorder=3)
            few = ", few" if r.answers < MIN_ANSWERS else ""
            ax.text(i, 100 * hi + 2, f"{r.right} of {r.answers} ({percent(r.share)}{few})", ha="center",
                    va="bottom", fontsize=9, zorder=4, bbox=dict(facecolor="white", edgecolor="none", pad=1))
        else:
            ax.text(i, 4, "no answers", ha="center", fontsize=9, bbox=dict(facecolor="white", edgecolor="none"))
    for certainty, style, words in ((2, "--", "above it, unsure\npays more than guessing"),
                                    (3, ":", "above it, sure\npays more than unsure")):
        y = 100 * float(break_even(certainty))
        ax.axhline(y, xmax=(2.5 + 0.6) / (3.9 + 0.6), color=PALETTE["vermillion"], ls=style, lw=1.6, zorder=1)
        ax.text(2.6, y, f"{_line(certainty)}: {words}", va="center", fontsize=9, color=PALETTE["black"])
    ax.set_xticks(range(len(score.rows)), [f"{r.level}\n(certainty {r.certainty})" for r in score.rows])
    ax.set_xlim(-0.6, 3.9)  # the lines stop at x = 2.5, where their labels start
    ax.set_ylim(0, 112)
    ax.set_yticks([0, 25, 50, 75, 100])
    ax.set_ylabel("% of answers right")
    ax.set_title(title)
    ax.grid(axis="x", visible=False)
    fig.legend(loc="outside lower center", fontsize=9, frameon=False)
    return fig


def score_to_report(score: CertaintyScore) -> dict:
    """The report's copy of the score: the counts behind it, and the totals for a reader of the file."""
    return {"counted": COUNTED_WORDS, "marks": {level: list(MARKS[c]) for level, c in CERTAINTY.items()},
            "levels": {r.level: {"answers": r.answers, "right": r.right} for r in score.rows},
            "unmarked": score.unmarked, "total": score.total, "maximum": score.maximum}


def score_from_report(data: Mapping[str, Any]) -> CertaintyScore:
    """The score again from a report's copy (as :func:`score_to_report` writes it); raises
    ValueError naming the field when a count is missing or not a whole number from 0."""
    levels = data.get("levels")
    if not isinstance(levels, Mapping):
        raise ValueError("field 'certainty.levels' must be an object with sure, unsure and guessing")

    def count(value, name):
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            raise ValueError(f"field 'certainty.{name}' must be a whole number from 0, got {value!r}")
        return value

    rows = []
    for level in _levels_by_certainty():
        entry = levels.get(level, {"answers": 0, "right": 0})
        if not isinstance(entry, Mapping):
            raise ValueError(f"field 'certainty.levels.{level}' must be an object")
        answers = count(entry.get("answers"), f"levels.{level}.answers")
        right = count(entry.get("right"), f"levels.{level}.right")
        if right > answers:
            raise ValueError(f"field 'certainty.levels.{level}.right' ({right}) exceeds its answers ({answers})")
        rows.append(CalibrationRow(level, answers, right))
    return CertaintyScore(tuple(rows), count(data.get("unmarked", 0), "unmarked"))
