"""The claim-evaluation test in the learner's report and in the teacher's class summary.

:func:`claim_test_report_html` is the report's section (the learner's sittings and change);
:func:`class_claim_test_html` is the class summary's (the class's gain, by order of the forms and
by concept, with what a class without a control group cannot tell). :func:`claim_learners` reads
the sittings out of a class's reports, for those and for ``python -m course item-analysis``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from .banks import QuizBankError
from .claim_evaluation import ORDERS, PHASES, load_claim_test, score
from .claim_gain import ClassGain, LearnerTest, class_gain, learner_gain
from .claim_record import learner_test, learner_test_from_report, stored
from .ihc_concepts import concept
from .pages import escape as _e

#: What a class's before-and-after comparison cannot tell, for the teacher.
CLASS_NOTE = (
    "Read the gain with care. A class measured before and after the course, with no comparison group, cannot "
    "tell learning from the practice effect (a test can go better the second time, because the format is known "
    "and the first sitting may have set people thinking). Separately, learners who scored lowest the first time "
    "tend to score higher the next time by chance alone, so their gains look larger than they are. The two "
    "forms have different items, so no one scores by remembering answers. About half of the class takes form A "
    "first and half form B, so a form that is harder than the other lowers one half's gain and raises the "
    "other's by the same amount: with halves of equal size it cancels out of the class's mean, and, if both "
    "halves learned alike, half the difference between the two orders' gains estimates it (the table below). "
    "Neither removes the practice effect of sitting a test twice, nor what the class learned elsewhere in the "
    "meantime; only a comparison group that takes both sittings without the course measures those, as the "
    "control schools of the IHC trials did."
)


def _pct(value: float | None) -> str:
    return "-" if value is None else f"{value:.0f}%"


def _share(value: float | None) -> str:
    return "-" if value is None else f"{100 * value:.0f}%"


def claim_learners(named_reports: Sequence[tuple[str, Mapping[str, Any]]]) -> list[LearnerTest]:
    """Each (checked) report's sittings, by the learner's name; [] when the test file cannot be read."""
    try:
        test = load_claim_test()
    except QuizBankError:
        return []
    return [learner_test_from_report(test, report, name) for name, report in named_reports]


def form_effect(gain: ClassGain) -> float | None:
    """Half the difference between the raw gains of the orders AB and BA, in percentage points: how
    much harder form A is than form B (positive: A is harder), if both halves learned alike."""
    rows = [gain.by_order.get(o) for o in ORDERS]
    if any(r is None or r[0] == 0 for r in rows):
        return None
    (_, ab_before, ab_after), (_, ba_before, ba_after) = rows
    return ((ab_after - ab_before) - (ba_after - ba_before)) / 2


def class_claim_test_html(learners: Sequence[LearnerTest]) -> list[str]:
    """The class summary's section on the claim-evaluation test."""
    parts = ["<h2>Judging claims: the test before and after</h2>"]
    try:
        test = load_claim_test()
    except QuizBankError as exc:
        return parts + [f"<p>The test file cannot be read: {_e(str(exc))}</p>"]
    took = [l for l in learners if l.before is not None or l.after is not None]
    if not took:
        return parts + ["<p>No report holds a scored sitting of the test yet.</p>"]
    g = class_gain(test, learners)
    m = test.marks
    parts.append(f'<p class="note">{test.size} items per form, one per idea; pass: {m.passing} or more right, mastery: '
                 f"{m.mastery} or more (stated in advance). {_e(m.why)}</p>")
    parts.append(f"<p><b>Learners with both sittings scored:</b> {g.pairs} (only before: {g.before_only}, only after: "
                 f"{g.after_only}; they do not count towards the gain).</p>")
    if g.pairs:
        parts.append(
            "<table class=\"course-claim-class\"><thead><tr><th></th><th>Before</th><th>After</th></tr></thead><tbody>"
            f"<tr><td>Mean score</td><td class=\"num\">{_pct(g.mean_before)}</td><td class=\"num\">{_pct(g.mean_after)}</td></tr>"
            f"<tr><td>Passing</td><td class=\"num\">{_share(g.pass_before)}</td><td class=\"num\">{_share(g.pass_after)}</td></tr>"
            f"<tr><td>At mastery</td><td class=\"num\">{_share(g.mastery_before)}</td>"
            f"<td class=\"num\">{_share(g.mastery_after)}</td></tr></tbody></table>")
        norm = "undefined (a mean of 100% before)" if g.normalised is None else f"{g.normalised:.2f}"
        parts.append(f"<p><b>Raw change:</b> {g.raw:+.1f} percentage points. <b>Normalised gain</b> of the class "
                     f"(mean after - mean before) / (100 - mean before): {norm}.</p>")
        rows = "".join(f"<tr><td>{o[0]} before, {o[1]} after</td><td class=\"num\">{n}</td><td class=\"num\">{_pct(b)}</td>"
                       f"<td class=\"num\">{_pct(a)}</td></tr>" for o, (n, b, a) in g.by_order.items())
        effect = form_effect(g)
        effect_text = ("needs learners in both orders" if effect is None else
                       f"{effect:+.1f} percentage points (positive: form A is the harder)")
        parts.append("<table><thead><tr><th>Order of the forms</th><th>Learners</th><th>Mean before</th>"
                     f"<th>Mean after</th></tr></thead><tbody>{rows}</tbody></table>"
                     f"<p>Form effect, half the difference between the two orders' gains: {_e(effect_text)}.</p>")
        rows = "".join(f"<tr><td><b>{_e(c.code)}</b> {_e(concept(c.code).name)}</td><td class=\"num\">"
                       f"{_share(c.right_before)}</td><td class=\"num\">{_share(c.right_after)}</td></tr>"
                       for c in g.concepts)
        parts.append("<table><thead><tr><th>Idea (IHC Key Concept)</th><th>Right before</th><th>Right after</th></tr>"
                     f"</thead><tbody>{rows}</tbody></table>")
    parts.append(f'<p class="note">{_e(CLASS_NOTE)}</p>')
    parts.append('<p class="note">Item quality: <code>python -m course item-analysis reports/*.json</code> gives each '
                 "item's difficulty and discrimination and flags the weak ones.</p>")
    return parts


def claim_test_report_html(record: Mapping[str, Any]) -> list[str]:
    """The learner's report's section: each scored sitting, and the change once both are scored."""
    parts = ["<h2>Judging claims: the test before and after</h2>"]
    try:
        test = load_claim_test()
    except QuizBankError as exc:
        return parts + [f"<p>The test file cannot be read: {_e(str(exc))}</p>"]
    mine = learner_test(test, record)
    lines = []
    for phase in PHASES:
        sitting = mine.sitting(phase)
        if sitting is None:
            lines.append(f"{phase.capitalize()} the course: not scored yet.")
        else:
            s = score(test, sitting.form, sitting.correct)
            lines.append(f"{phase.capitalize()} the course: {s.right} of {s.total} right ({s.percent:.0f}%), form "
                         f"{s.form}: {s.verdict()}.")
    gain = learner_gain(test, mine)
    if gain is not None:
        norm = "undefined" if gain.normalised is None else f"{gain.normalised:.2f}"
        lines.append(f"Change: {gain.raw:+.0f} percentage points; normalised gain {norm}.")
        if gain.concepts_still_missed:
            lines.append("Ideas still missed: " + "; ".join(f"{c} {concept(c).name}" for c in gain.concepts_still_missed))
    return parts + ["<ul>" + "".join(f"<li>{_e(line)}</li>" for line in lines) + "</ul>"]


def claim_test_summary_line(record: Mapping[str, Any]) -> str:
    """One line for ``python -m course progress``."""
    field = stored(record)
    done = [p for p in PHASES if isinstance(field.get(p), Mapping) and field[p].get("scored")]
    return f"Claim-evaluation test: scored {', '.join(done) if done else 'not yet'}"
