"""The claim-evaluation test: two parallel forms, one scenario item per IHC Key Concept each.

The course's lessons teach how to judge a claim about a treatment; this test measures whether a
learner can judge claims the course never mentions. ``data/claim_test.yml`` holds two forms, A
and B, each with one single-choice item for every concept of ``data/ihc_concepts.yml``, and the
pass and mastery marks, stated before anyone takes the test. A learner takes one form in lesson
00 (before) and the other in lesson 09 (after). Which form comes first is :func:`form_order`'s
choice: half of a class starts with A and half with B, so that a difference between the forms
does not pass for learning.

The items are questions in the format of a quiz bank (``data/quizzes/README.md``), checked by
:func:`validate_claim_test` like every bank (``python -m course check-quizzes`` includes it), plus
what a test needs: each form has one item per concept, both forms the same concepts, the items
are single-choice questions, and the marks fit the number of items.

>>> test = load_claim_test()
>>> sorted(test.forms), test.size == len(concept_codes())
(['A', 'B'], True)
>>> form_order("0") in (("A", "B"), ("B", "A"))
True
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

from .banks import BankReport, QuizBankError, build_question, number_messages, question_messages
from .banks import read_or_problems, read_yaml, schema_messages
from .banks import schema_path as quiz_schema_path
from .ihc_concepts import ConceptsError, concept, concepts
from .ihc_concepts import codes as concept_codes  # noqa: F401  (the module doctest uses it)
from .paths import data_dir, data_file, display_path
from .quiz import Question, ref_problems

TEST_FILE = "claim_test.yml"
SCHEMA_FILE = Path("schema") / "claim_test.schema.json"
FORMS = ("A", "B")
#: The two sittings: lesson 00 (before the course) and lesson 09 (after it).
PHASES = ("before", "after")
#: The orders a learner can take the forms in: the first letter is the form taken before.
ORDERS = ("AB", "BA")
#: Set to AB or BA to choose the order for every learner of this server (a teacher who assigns the
#: halves of a class by hand); otherwise each learner's order follows from their record's seed.
ORDER_ENV_VAR = "COURSE_CLAIM_TEST_ORDER"
#: What the items are called in messages and in the progress record.
LESSON_NAME = "claim_test"


@dataclass(frozen=True)
class Marks:
    """The marks stated in advance, as counts of right answers of one form."""

    passing: int
    mastery: int
    why: str


@dataclass(frozen=True)
class ClaimTest:
    title: str
    marks: Marks
    refs: tuple[str, ...]
    forms: Mapping[str, tuple[Question, ...]]

    @property
    def size(self) -> int:
        """Items per form (the same for both)."""
        return len(self.forms[FORMS[0]])

    def items(self, form: str) -> tuple[Question, ...]:
        if form not in self.forms:
            raise ValueError(f"form must be one of {', '.join(FORMS)}, got {form!r}")
        return self.forms[form]

    def item(self, item_id: str) -> Question:
        """The item with this id, in either form."""
        for questions in self.forms.values():
            for q in questions:
                if q.id == item_id:
                    return q
        raise ValueError(f"no item '{item_id}' in {TEST_FILE}; items start with 'a-' (form A) or 'b-' (form B)")

    def form_of(self, item_id: str) -> str:
        return next(f for f, qs in self.forms.items() if any(q.id == item_id for q in qs))

    def concept_of(self, item_id: str) -> str:
        return self.item(item_id).concepts[0]


def claim_test_path() -> Path:
    return data_dir() / TEST_FILE


def _schema() -> dict:
    """The test's schema with the quiz bank's definitions merged in (its items are bank questions)."""
    schema = json.loads(data_file(SCHEMA_FILE).read_text(encoding="utf-8"))
    quiz = json.loads(quiz_schema_path().read_text(encoding="utf-8"))
    schema["$defs"] = {**quiz["$defs"], **schema.get("$defs", {})}
    return schema


def _test_messages(report: BankReport, data: dict) -> None:
    """The checks a test needs beyond those of a bank."""
    forms = data.get("forms")
    if not isinstance(forms, dict):
        return
    try:
        known = [c.code for c in concepts()]
    except ConceptsError as exc:
        report.add([], f"cannot check the items' concepts: {exc}")
        return
    sizes = {}
    for form, items in forms.items():
        if not isinstance(items, list):
            continue
        sizes[form] = len(items)
        seen: dict[str, str] = {}
        for index, item in enumerate(items):
            if not isinstance(item, dict):
                continue
            where = ["forms", form, index]
            if item.get("kind") != "single":
                report.add(where, f"field 'kind' must be single in the claim test (one right option), got "
                                  f"{item.get('kind')!r}")
            tags = item.get("concepts")
            if not isinstance(tags, list) or len(tags) != 1:
                report.add(where, "field 'concepts' must name exactly one IHC concept, the one the item tests")
                continue
            code = tags[0]
            if code in seen:
                report.add(where, f"concept {code} is tested twice in form {form} (also by {seen[code]}); each "
                                  "form has one item per concept")
            seen[code] = str(item.get("id"))
            prefix = f"{str(form).lower()}-"
            if isinstance(item.get("id"), str) and not item["id"].startswith(prefix):
                report.add(where, f"field 'id' must start with '{prefix}' in form {form}, got '{item['id']}'")
        missing = [c for c in known if c not in seen]
        if missing:
            report.add(["forms", form], f"has no item for concept{'s' if len(missing) > 1 else ''} "
                                        f"{', '.join(missing)} of data/ihc_concepts.yml; each form has one item "
                                        "per concept")
    marks = data.get("marks")
    size = min(sizes.values(), default=0)
    if len(set(sizes.values())) > 1:
        report.add([], f"the forms must have the same number of items, got {sizes}")
    if isinstance(marks, dict) and all(isinstance(marks.get(k), int) for k in ("pass", "mastery")) and size:
        if not 1 <= marks["pass"] <= marks["mastery"] <= size:
            report.add([], f"field 'marks': need 1 <= pass <= mastery <= {size} (the items of a form), got "
                           f"pass {marks['pass']} and mastery {marks['mastery']}")


def validate_claim_test(path: str | Path | None = None) -> list[str]:
    """Check the test file; one message per problem, each naming the file, the item and the field
    (empty when the file is valid)."""
    path = Path(path) if path is not None else claim_test_path()
    label = display_path(path)
    data, problems = read_or_problems(path, "title, marks, refs and forms")
    if problems:
        return problems
    if not isinstance(data, dict):
        return [f"{label}: must be a mapping with the fields title, marks, refs and forms"]
    report = BankReport(label, data, section="forms", group="form", scope="test")
    number_messages(report, data)
    schema_messages(report, data, _schema())
    known_refs = question_messages(report, data.get("forms") if isinstance(data.get("forms"), dict) else {})
    for problem in ref_problems("field 'refs'", data.get("refs"), known_refs):
        report.add([], problem)
    _test_messages(report, data)
    return report.messages()


def describe_test_file(path: str | Path) -> str:
    """What a (valid) test file holds, in words, read once: 'forms A, B, 12 items each, pass 7,
    mastery 10' (for ``python -m course check-quizzes``)."""
    data = read_yaml(Path(path))
    forms = data["forms"]
    return (f"forms {', '.join(forms)}, {len(next(iter(forms.values())))} items each, pass {data['marks']['pass']}, "
            f"mastery {data['marks']['mastery']}")


def load_claim_test() -> ClaimTest:
    """The test of ``data/claim_test.yml``; raises :class:`QuizBankError` listing every problem."""
    path = claim_test_path()
    if not path.is_file():
        raise QuizBankError(f"{display_path(path)}: file not found")
    return _load(str(path.resolve()), path.stat().st_mtime_ns)


@lru_cache(maxsize=4)
def _load(path: str, mtime_ns: int) -> ClaimTest:
    problems = validate_claim_test(path)
    if problems:
        raise QuizBankError(problems)
    data = read_yaml(Path(path))
    forms = {form: tuple(build_question(raw, LESSON_NAME, form) for raw in data["forms"][form]) for form in FORMS}
    marks = data["marks"]
    return ClaimTest(data["title"], Marks(marks["pass"], marks["mastery"], marks["why"]), tuple(data["refs"]),
                     forms)


def form_order(seed: str, override: str | None = None) -> tuple[str, str]:
    """(form before, form after) for a learner whose record has this ``quiz_seed``.

    ``override`` (by default the environment variable :data:`ORDER_ENV_VAR`), AB or BA, decides for
    everyone; otherwise the seed's hash does, so that about half of a class gets each order. The
    order is stored in the record at the first answer, and never changes after that.

    >>> form_order("anything", override="BA")
    ('B', 'A')
    >>> form_order("x", override="AC")
    Traceback (most recent call last):
    ...
    ValueError: COURSE_CLAIM_TEST_ORDER must be AB or BA, got 'AC'
    """
    chosen = os.environ.get(ORDER_ENV_VAR) if override is None else override
    if chosen:
        chosen = chosen.strip().upper()
        if chosen not in ORDERS:
            raise ValueError(f"{ORDER_ENV_VAR} must be AB or BA, got {chosen!r}")
        return chosen[0], chosen[1]
    digest = hashlib.sha256(str(seed).encode("utf-8")).digest()
    return ("A", "B") if digest[0] % 2 == 0 else ("B", "A")


@dataclass(frozen=True)
class Score:
    """One sitting, scored: right answers of the form's items (an unanswered item counts as wrong,
    as in the IHC trials) and the concepts of the items not answered right."""

    form: str
    right: int
    total: int
    answered: int
    passing: int
    mastery_mark: int
    missed: tuple[str, ...]

    @property
    def percent(self) -> float:
        return 100.0 * self.right / self.total

    @property
    def passed(self) -> bool:
        return self.right >= self.passing

    @property
    def mastery(self) -> bool:
        return self.right >= self.mastery_mark

    def verdict(self) -> str:
        """'mastery', 'pass' or 'below the pass mark'."""
        return "mastery" if self.mastery else "pass" if self.passed else "below the pass mark"


def score(test: ClaimTest, form: str, correct: Mapping[str, bool]) -> Score:
    """Score a sitting of ``form`` from {item id: answered right?} (items not in it are unanswered).

    >>> t = load_claim_test()
    >>> s = score(t, "A", {q.id: True for q in t.items("A")[:8]})
    >>> (s.right, s.total, s.passed, s.mastery, len(s.missed))
    (8, 12, True, False, 4)
    """
    items = test.items(form)
    unknown = [k for k in correct if k not in {q.id for q in items}]
    if unknown:
        raise ValueError(f"answers for items that are not in form {form}: {', '.join(map(str, unknown))}")
    right = sum(1 for q in items if correct.get(q.id) is True)
    missed = tuple(q.concepts[0] for q in items if correct.get(q.id) is not True)
    return Score(form, right, len(items), sum(1 for q in items if q.id in correct), test.marks.passing,
                 test.marks.mastery, missed)


def guess_chance(test: ClaimTest, form: str, mark: int) -> float:
    """The chance of ``mark`` or more right by guessing every item of ``form`` (one option at random).

    >>> t = load_claim_test()
    >>> round(guess_chance(t, "A", t.marks.passing), 3)   # 3 options per item: P(X >= 7), X ~ Bin(12, 1/3)
    0.066
    """
    counts = np.ones(1)  # counts[k]: the chance of k right so far
    for q in test.items(form):
        p = 1.0 / len(q.options)
        counts = np.convolve(counts, [1.0 - p, p])
    return float(counts[mark:].sum())


def marks_text(test: ClaimTest, form: str = FORMS[0]) -> str:
    """The marks, in words, for the learner before the test."""
    m = test.marks
    chance = [100 * guess_chance(test, form, mark) for mark in (m.passing, m.mastery)]
    return (f"{test.size} items, one for each idea. Passing is {m.passing} or more right; mastery is {m.mastery} "
            f"or more. {m.why} Guessing every item would pass {chance[0]:.2g}% of the time and reach mastery "
            f"{chance[1]:.2g}% of the time.")


def concept_names(codes) -> list[str]:
    """'1.2f: Identifying effects ...' for each code."""
    return [f"{c}: {concept(c).name}" for c in codes]
