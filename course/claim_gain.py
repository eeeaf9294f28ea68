"""What the claim-evaluation test says: one learner's gain, a class's gain, and the quality of its items.

Pure arithmetic over scored sittings (:class:`Sitting`), wherever they come from: a learner's
record (lesson 09) or a class's reports (``python -m course class-summary`` and
``python -m course item-analysis``).

**The gain.** For a learner who took the test before and after the course: the raw change in
percentage points, and the normalised gain (after - before) / (100 - before), the share of the
room for improvement that was used (undefined for a learner who scored 100% before). For a class:
the same from the class's mean scores (Hake's class-average gain), the shares passing and at
mastery before and after, the share right per concept, and the means by order of the forms (AB or
BA). Only learners with both sittings scored count towards a gain.

**The items.** For each item: its difficulty (the share of sittings that got it right) before the
course and over all sittings, and its discrimination, the corrected point-biserial correlation of
the item (right = 1, wrong = 0) with the rest of the form (the learner's right answers among the
other items of the same sitting). An item is flagged when most learners get it right before the
course (it cannot show learning), or when strong learners miss it as often as weak ones or more.

>>> s = Sitting("A", {"a-1": True, "a-2": False})
>>> s.right
1
"""

from __future__ import annotations

import statistics
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from .claim_evaluation import ORDERS, PHASES, ClaimTest, Score, load_claim_test, score  # noqa: F401

# The three thresholds below are the course's own rules of thumb for a teacher's first look at the items,
# not fixed standards of test construction.
#: Flag an item when at least this share of learners got it right before the course.
EASY_BEFORE = 0.8
#: Flag an item whose discrimination is below this.
LOW_DISCRIMINATION = 0.2
#: The fewest sittings (of the item's form, or before the course) needed to judge an item; with
#: fewer, the item's numbers are shown but not flagged.
MIN_SITTINGS = 10


@dataclass(frozen=True)
class Sitting:
    """One scored sitting: the form taken and, per item id, whether it was answered right."""

    form: str
    correct: Mapping[str, bool]

    @property
    def right(self) -> int:
        return sum(1 for v in self.correct.values() if v is True)


@dataclass(frozen=True)
class LearnerTest:
    """A learner's sittings (None when not taken or not scored yet) and their order (AB or BA)."""

    name: str
    order: str | None
    before: Sitting | None = None
    after: Sitting | None = None

    def sitting(self, phase: str) -> Sitting | None:
        if phase not in PHASES:
            raise ValueError(f"phase must be one of {', '.join(PHASES)}, got {phase!r}")
        return self.before if phase == "before" else self.after


def normalised_gain(before: float, after: float) -> float | None:
    """(after - before) / (100 - before) for percentages; None when before is 100.

    >>> normalised_gain(40.0, 70.0)
    0.5
    >>> normalised_gain(100.0, 90.0) is None
    True
    """
    for name, value in (("before", before), ("after", after)):
        if not 0.0 <= value <= 100.0:
            raise ValueError(f"{name} must be a percentage from 0 to 100, got {value!r}")
    return None if before >= 100.0 else (after - before) / (100.0 - before)


@dataclass(frozen=True)
class Gain:
    """One learner's scores before and after, and the change."""

    before: Score
    after: Score

    @property
    def raw(self) -> float:
        """The change in percentage points."""
        return self.after.percent - self.before.percent

    @property
    def normalised(self) -> float | None:
        return normalised_gain(self.before.percent, self.after.percent)

    @property
    def concepts_learned(self) -> tuple[str, ...]:
        """Concepts missed before and right after."""
        return tuple(c for c in self.before.missed if c not in self.after.missed)

    @property
    def concepts_still_missed(self) -> tuple[str, ...]:
        return self.after.missed


def learner_gain(test: ClaimTest, learner: LearnerTest) -> Gain | None:
    """The learner's gain, or None unless both sittings are scored."""
    if learner.before is None or learner.after is None:
        return None
    return Gain(score(test, learner.before.form, learner.before.correct),
                score(test, learner.after.form, learner.after.correct))


def _share(flags: Sequence[bool]) -> float | None:
    return sum(flags) / len(flags) if flags else None


def _mean(values: Sequence[float]) -> float | None:
    return statistics.fmean(values) if values else None


@dataclass(frozen=True)
class ConceptChange:
    code: str
    right_before: float
    right_after: float


@dataclass(frozen=True)
class ClassGain:
    """A class's gain, from the learners with both sittings scored (``pairs`` of them)."""

    pairs: int
    before_only: int
    after_only: int
    mean_before: float | None
    mean_after: float | None
    pass_before: float | None
    pass_after: float | None
    mastery_before: float | None
    mastery_after: float | None
    concepts: tuple[ConceptChange, ...]
    #: order (AB or BA) -> (learners, mean before, mean after)
    by_order: Mapping[str, tuple[int, float | None, float | None]] = field(default_factory=dict)

    @property
    def raw(self) -> float | None:
        """The change of the class's mean score, in percentage points."""
        return None if self.pairs == 0 else self.mean_after - self.mean_before

    @property
    def normalised(self) -> float | None:
        """Hake's class-average normalised gain, from the mean scores."""
        return None if self.pairs == 0 else normalised_gain(self.mean_before, self.mean_after)


def class_gain(test: ClaimTest, learners: Sequence[LearnerTest]) -> ClassGain:
    """The class's gain (see the module's description).

    >>> t = load_claim_test()
    >>> a, b = [q.id for q in t.items("A")], [q.id for q in t.items("B")]
    >>> one = LearnerTest("x", "AB", Sitting("A", {i: k < 6 for k, i in enumerate(a)}),
    ...                   Sitting("B", {i: k < 9 for k, i in enumerate(b)}))
    >>> g = class_gain(t, [one])
    >>> (g.pairs, g.mean_before, g.mean_after, g.raw, g.normalised, g.pass_before, g.pass_after)
    (1, 50.0, 75.0, 25.0, 0.5, 0.0, 1.0)
    """
    paired = [(l, g) for l in learners if (g := learner_gain(test, l)) is not None]
    gains = [g for _, g in paired]
    before = [g.before for g in gains]
    after = [g.after for g in gains]
    codes = [q.concepts[0] for q in test.items("A")]
    concepts = tuple(ConceptChange(c, _share([c not in s.missed for s in before]),
                                   _share([c not in s.missed for s in after])) for c in codes) if gains else ()
    by_order = {}
    for order in ORDERS:
        own = [g for l, g in paired if l.order == order]
        by_order[order] = (len(own), _mean([g.before.percent for g in own]), _mean([g.after.percent for g in own]))
    return ClassGain(
        pairs=len(gains),
        before_only=sum(1 for l in learners if l.before is not None and l.after is None),
        after_only=sum(1 for l in learners if l.after is not None and l.before is None),
        mean_before=_mean([s.percent for s in before]), mean_after=_mean([s.percent for s in after]),
        pass_before=_share([s.passed for s in before]), pass_after=_share([s.passed for s in after]),
        mastery_before=_share([s.mastery for s in before]), mastery_after=_share([s.mastery for s in after]),
        concepts=concepts, by_order=by_order)


@dataclass(frozen=True)
class ItemStats:
    item_id: str
    form: str
    concept: str
    sittings: int
    difficulty: float | None
    sittings_before: int
    difficulty_before: float | None
    discrimination: float | None
    flags: tuple[str, ...]


def _flags(n: int, n_before: int, p_before: float | None, r: float | None) -> tuple[str, ...]:
    out = []
    if n_before >= MIN_SITTINGS and p_before is not None and p_before >= EASY_BEFORE:
        out.append(f"easy before the course: {p_before:.0%} right in the first sitting, so it cannot show "
                   "what the course taught")
    if n >= MIN_SITTINGS and r is not None:
        if r < 0:
            out.append(f"strong learners miss it more often than weak ones (r = {r:.2f}): check the right option "
                       "and the wording")
        elif r < LOW_DISCRIMINATION:
            out.append(f"strong learners miss it about as often as weak ones (r = {r:.2f}, below "
                       f"{LOW_DISCRIMINATION}): it measures little of the skill")
    return tuple(out)


def item_analysis(test: ClaimTest, learners: Sequence[LearnerTest]) -> list[ItemStats]:
    """Difficulty and discrimination of every item of both forms, from every scored sitting.

    A sitting counts for its own form whether it came before or after the course; the difficulty
    before the course uses the first sittings only. The discrimination is None when fewer than 3
    sittings have the form or when the item or the rest of the form does not vary.
    """
    out = []
    for form in test.forms:
        sittings = [(phase, s) for l in learners for phase in PHASES
                    if (s := l.sitting(phase)) is not None and s.form == form]
        for q in test.items(form):
            marks = [1.0 if s.correct.get(q.id) is True else 0.0 for _, s in sittings]
            rest = [float(s.right) - m for m, (_, s) in zip(marks, sittings)]
            first = [m for m, (phase, _) in zip(marks, sittings) if phase == "before"]
            try:
                r = statistics.correlation(marks, rest) if len(marks) >= 3 else None
            except statistics.StatisticsError:  # the item, or the rest of the form, does not vary
                r = None
            p_before = _mean(first)
            out.append(ItemStats(q.id, form, q.concepts[0], len(marks), _mean(marks), len(first), p_before, r,
                                 _flags(len(marks), len(first), p_before, r)))
    return out


def _fmt(value: float | None, spec: str) -> str:
    return "-" if value is None else format(value, spec)


def item_analysis_text(stats: Sequence[ItemStats], learners: int) -> str:
    """The item analysis as a table with the flags under it, for a teacher's terminal."""
    lines = [f"Item analysis of the claim-evaluation test, from {learners} report{'s' if learners != 1 else ''}.",
             "difficulty = share right (all sittings; before the course); discrimination = corrected "
             "point-biserial r with the rest of the form.",
             "",
             f"{'item':<28} {'concept':<8} {'n':>3} {'right':>6} {'n bef.':>6} {'right bef.':>10} {'r':>6}"]
    for s in stats:
        lines.append(f"{s.item_id:<28} {s.concept:<8} {s.sittings:>3} {_fmt(s.difficulty, '.0%'):>6} "
                     f"{s.sittings_before:>6} {_fmt(s.difficulty_before, '.0%'):>10} {_fmt(s.discrimination, '.2f'):>6}")
    flagged = [s for s in stats if s.flags]
    per_form = {s.form: s.sittings for s in stats}
    few = [f"form {f} ({n})" for f, n in per_form.items() if n < MIN_SITTINGS]
    lines += ["", f"An item is judged only with at least {MIN_SITTINGS} sittings of its form (and {MIN_SITTINGS} first "
                  "sittings for 'easy before the course')."
              + (f" Too few to judge yet: {', '.join(few)}." if few else "")]
    lines += ["Flags:" if flagged else "No item is flagged."]
    for s in flagged:
        for f in s.flags:
            lines.append(f"  {s.item_id}: {f}")
    return "\n".join(lines)
