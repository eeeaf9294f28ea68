"""Wherever a lesson names a neurological symptom, the same Markdown cell links the red-flag card.

Numbness, weakness, tingling or a loss of bladder or bowel control can be red flags whatever
explanation a lesson is discussing (a muscle model, the mindbody hypothesis, a trial of sciatica),
so the reminder sits right there, not only in the lesson header. The one exception is a heat or
cold safety line that itself warns against putting heat or ice on numb skin: there numb skin is
the reason for a warning, not a symptom being explained.
"""

from __future__ import annotations

import re

import nbformat

from course.paths import notebooks_dir

SYMPTOMS = re.compile(
    r"\bnumb(ness)?\b|\bweakness\b|\bweak (legs?|muscles?)\b|\btingl\w*|pins and needles"
    r"|\b(loss of|lose|losing) (bladder|bowel)|\bincontinen\w*|\bsaddle\b|\bparaesthesi\w*"
    r"|\bcauda equina\b|\bsciatica\b|trouble walking",
    re.I,
)
# A link to the card, from another lesson or (in lesson 00, which holds the card) within the page.
CARD_LINK = re.compile(r"\]\((00_start_here\.ipynb)?#Red-flags\)")
# "No heat on numb skin", "avoid it on numb skin": a safety instruction that carries its own warning.
HEAT_COLD_WARNING = re.compile(r"\b(no|avoid|never|not)\b[^.;]*\bnumb skin\b", re.I)


def lesson_cells():
    for path in sorted(notebooks_dir().glob("[0-9][0-9]_*.ipynb")):
        book = nbformat.read(path, as_version=4)
        for index, cell in enumerate(book.cells):
            if cell.cell_type == "markdown" and not cell.source.startswith("## References"):
                yield path.name, index, cell.source


def symptoms_needing_a_reminder(text: str) -> list[str]:
    """The symptom words of a cell that are not inside a heat or cold safety warning."""
    found = []
    for line in text.splitlines():
        if "not medical advice" in line:          # the header line, which links the card anyway
            continue
        line = HEAT_COLD_WARNING.sub(" ", line)
        found += [m.group() for m in SYMPTOMS.finditer(line)]
    return found


def test_the_checks_recognise_what_they_should():
    assert symptoms_needing_a_reminder("felt as pain, spasm, numbness or weakness;") == ["numbness", "weakness"]
    assert symptoms_needing_a_reminder("- No heat on numb skin, in diabetes or while asleep.") == []
    assert symptoms_needing_a_reminder("Evidence grades: Strong, Moderate, Weak.") == []
    assert CARD_LINK.search("see the [red-flag card](00_start_here.ipynb#Red-flags)")
    assert CARD_LINK.search("[Red flags: when to get help now](#Red-flags)")
    assert not CARD_LINK.search("[Lesson 00](00_start_here.ipynb)")


def test_every_cell_naming_a_neurological_symptom_links_the_red_flag_card():
    problems = []
    for name, index, text in lesson_cells():
        words = symptoms_needing_a_reminder(text)
        if words and not CARD_LINK.search(text):
            problems.append(f"{name}, cell {index}: names {', '.join(sorted(set(words)))} without a link to "
                            "the red-flag card (00_start_here.ipynb#Red-flags)")
    assert not problems, "\n".join(problems)


def test_lesson_04_says_numbness_and_weakness_need_assessment():
    """Next to the mindbody list of symptoms: assessment whatever psychological explanation is offered."""
    cells = [text for name, _, text in lesson_cells()
             if name == "04_mind_and_pain.ipynb" and re.search(r"numbness or weakness", text)]
    assert cells, "lesson 04 no longer names the numbness or weakness the hypothesis attributes to it"
    for text in cells:
        assert CARD_LINK.search(text) and re.search(r"assess", text, re.I), text
