"""Teachers' materials of the instructor guide (course.teaching_notes): a note for every Think
prompt and no note without a prompt, the notes in the guide and never in a notebook, the learning
outcomes and the lesson times with discussion."""

from __future__ import annotations

import nbformat
import pytest

from course.lessons import lessons
from course.teaching_notes import (
    check_think_notes,
    discussion_times_markdown,
    notebook_thinks,
    outcomes_markdown,
    think_notes,
)


def test_every_think_prompt_of_every_notebook_has_a_note_and_every_note_a_prompt():
    assert check_think_notes() == []


def test_all_ten_lessons_have_think_prompts():
    thinks = notebook_thinks()
    assert len(thinks) == 10 and all(thinks.values()), thinks


def test_a_prompt_without_a_note_and_a_note_without_a_prompt_are_both_named():
    prompts = {k: list(v) for k, v in notebook_thinks().items()}
    prompts["01"].append("7.7")       # a prompt the notes lack
    prompts["02"].remove("3.1")       # a note whose prompt is gone
    problems = check_think_notes(prompts)
    assert any("Lesson 01's Think 7.7 has no entry" in p for p in problems), problems
    assert any("Lesson 02's Think 3.1, which no notebook has" in p for p in problems), problems
    assert len(problems) == 2


def test_notes_stand_under_their_prompt_in_the_guide_and_never_in_a_notebook():
    from course.classroom import instructor_notes_markdown

    notes = instructor_notes_markdown()
    lesson_01 = notes.split("### Lesson 01:", 1)[1].split("### Lesson 02:", 1)[0]
    after_prompt = lesson_01.split("- **Think 2.1**:", 1)[1].split("- **Think 4.1**:", 1)[0]
    answer = " ".join(think_notes()["01"]["2.1"]["model_answer"].split())
    assert f"*Model answer:* {answer}" in after_prompt
    assert "*Running it:*" in after_prompt
    for l in lessons():
        text = " ".join(" ".join(c.source.split()) for c in nbformat.read(l.path, as_version=4).cells)
        for note in think_notes()[l.number].values():
            assert " ".join(note["model_answer"].split())[:60] not in text, f"{l.file} shows a model answer"


def test_outcomes_hold_every_lessons_objectives_from_its_notebook():
    outcomes = outcomes_markdown()
    for l in lessons():
        cell = next(c.source for c in nbformat.read(l.path, as_version=4).cells
                    if c.cell_type == "markdown" and c.source.startswith("## Learning objectives"))
        numbered = [line for line in cell.splitlines() if line[:1].isdigit()]
        assert 3 <= len(numbered) <= 5
        part = outcomes.split(f"**Lesson {l.number}: {l.title}**", 1)[1].split("**Lesson ", 1)[0]
        for line in numbered:
            assert line.strip() in part, (l.number, line)
    assert "1. Name the main structures of the lower back" in outcomes


def test_discussion_times_add_two_to_three_minutes_per_think_prompt():
    table = discussion_times_markdown()
    # Lesson 01: 35 min in data/lessons.yml, two Think prompts (2.1 and 4.1)
    assert "| 01 Back pain basics | 35 min | 2 | 39-41 min |" in table
    # Lesson 04: 42 min, four Think prompts
    assert "| 04 Mind and pain | 42 min | 4 | 50-54 min |" in table


def test_a_malformed_note_is_refused_naming_where(tmp_path, monkeypatch):
    import shutil

    from course import teaching_notes
    from course.paths import data_dir

    shutil.copytree(data_dir(), tmp_path / "data")
    path = tmp_path / "data" / "think_notes.yml"
    path.write_text(path.read_text(encoding="utf-8").replace("facilitation:", "facilitate:", 1), encoding="utf-8")
    monkeypatch.setenv("COURSE_DATA_DIR", str(tmp_path / "data"))
    with pytest.raises(teaching_notes.ThinkNotesError, match="00/5.1"):
        teaching_notes.think_notes()


def test_a_changed_outcome_or_time_in_the_guide_is_stale(generate_docs):
    from course.paths import REPO_DIR

    text = (REPO_DIR / "docs" / "instructor_guide.md").read_text(encoding="utf-8")
    regenerate = generate_docs.GENERATED[generate_docs.GUIDE]
    assert regenerate(text) == text
    for old, new in (("1. Name the main structures of the lower back", "1. Name the bones"),
                     ("| 01 Back pain basics | 35 min | 2 | 39-41 min |", "| 01 Back pain basics | 35 min | 2 | 35 min |")):
        assert old in text
        assert regenerate(text.replace(old, new, 1)) == text


def test_the_weakly_graded_list_names_every_weak_none_or_contested_side_and_no_other():
    import csv

    from course.paths import data_dir
    from course.teaching_notes import weak_evidence_markdown

    listed = weak_evidence_markdown()
    with open(data_dir() / "claims.csv", encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    for row in rows:
        grades = [g.strip() for g in row["evidence_level"].split(";")]
        weak = [g for g in grades if g.split(" (")[0] in ("Weak", "None/contrary", "Contested")]
        line_start = f"- Claim ({row['id']})"
        assert (line_start in listed) == bool(weak), (row["id"], grades)
        assert listed.count(line_start) == len(weak), (row["id"], grades)
