"""Every one of the article's twelve claims is refuted (or confirmed) in so many words where the
course grades it: the lesson states the popular idea, says plainly what the evidence shows, and
explains what happens instead, right before the claim's card. Texts of this shape correct
misconceptions better than plain exposition."""

from __future__ import annotations

import re

import nbformat
import pytest

from course.evidence import claims
from course.paths import notebooks_dir

#: The lesson that grades each claim (where its refutation stands).
OWNER = {"a": "01", "b": "01", "c": "02", "d": "02", "e": "03", "f": "04", "g": "05", "h": "06",
         "i": "06", "j": "06", "k": "07", "l": "04"}

PARTS = ("*The idea:*", "*What the evidence says:*", "*What happens instead:*")


def test_every_claim_has_an_owner():
    assert sorted(OWNER) == sorted(claims())


@pytest.mark.parametrize("claim_id", sorted(OWNER))
def test_the_owning_lesson_refutes_the_popular_idea_before_the_card(claim_id):
    notebook = next(notebooks_dir().glob(f"{OWNER[claim_id]}_*.ipynb"))
    cells = nbformat.read(notebook, as_version=4).cells
    heading = f"**The popular idea, checked (claim {claim_id}).**"
    found = [i for i, c in enumerate(cells) if c.cell_type == "markdown" and c.source.startswith(heading)]
    assert len(found) == 1, f"{notebook.name}: one Markdown cell must start with {heading}"
    text = cells[found[0]].source
    for part in PARTS:
        lines = [ln for ln in text.splitlines() if ln.startswith(f"- {part}")]
        assert lines and len(lines[0]) > len(part) + 25, f"{notebook.name}, claim {claim_id}: say '{part}' in full"
    following = cells[found[0] + 1] if found[0] + 1 < len(cells) else None
    assert following is not None and following.cell_type == "code" and \
        re.search(rf"show_claim\(\s*['\"]{claim_id}['\"]\s*\)", following.source), (
            f"{notebook.name}: the refutation of claim {claim_id} stands right before show_claim('{claim_id}')")
