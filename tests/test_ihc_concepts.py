"""data/ihc_concepts.yml: the IHC Key Concepts the course teaches, where, and the quiz questions
tagged with them (``concepts:`` in the banks)."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
import yaml

from course import ihc_concepts
from course.banks import course_banks, validate_bank
from course.ihc_concepts import ConceptsError, concepts, missing_places, notebook_places, problems
from course.paths import REPO_DIR


def _raw() -> dict:
    return yaml.safe_load((REPO_DIR / "data" / "ihc_concepts.yml").read_text(encoding="utf-8"))


def test_file_validates():
    assert problems(_raw()) == []
    assert len(concepts()) >= 12


def test_codes_unique_and_well_formed():
    found = [c["code"] for c in _raw()["concepts"]]
    assert len(found) == len(set(found))
    for code in found:
        assert re.fullmatch(r"[1-3]\.[1-9][a-z]", code), code


def test_every_concept_is_taught_in_an_existing_place():
    assert missing_places() == []
    for c in concepts():
        assert c.taught_in, c.code


def test_missing_place_is_reported(monkeypatch):
    # a place the notebook lacks must be named with the concept's code
    real = notebook_places
    monkeypatch.setattr(ihc_concepts, "notebook_places", lambda n: real(n) - {"Explore 2.2"})
    assert any("1.2f" in m and "Explore 2.2" in m for m in missing_places())


def test_every_concept_has_a_tagged_question():
    tagged = {code for bank in course_banks().values() for q in bank.questions for code in q.concepts}
    untagged = sorted({c.code for c in concepts()} - tagged)
    assert untagged == [], f"concepts with no tagged question: {untagged}"


def _copy_bank(tmp_path: Path, tags: list[str]) -> Path:
    src = REPO_DIR / "data" / "quizzes" / "08_evaluating_claims.yml"
    data = yaml.safe_load(src.read_text(encoding="utf-8"))
    data["quizzes"]["1.1"][0]["concepts"] = tags
    path = tmp_path / src.name
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return path


def test_unknown_tag_is_refused(tmp_path):
    path = _copy_bank(tmp_path, ["1.2f", "1.9z"])
    messages = validate_bank(path)
    assert len(messages) == 1, messages
    assert "08_evaluating_claims.yml" in messages[0]
    assert "week-one-remedy" in messages[0]
    assert "'1.9z'" in messages[0] and "concepts" in messages[0]


def test_malformed_tag_is_refused(tmp_path):
    messages = validate_bank(_copy_bank(tmp_path, ["natural recovery"]))
    assert messages and "week-one-remedy" in messages[0] and "concepts" in messages[0]


@pytest.mark.parametrize("change, expected", [
    (lambda d: d["concepts"][0].update(code="1.1"), ["concept 1 (code '1.1')", "is not an IHC code"]),
    (lambda d: d["concepts"][1].pop("name"), ["concept 2 (code '1.1b')", "'name' is a required property"]),
    (lambda d: d["concepts"][2].update(refs=["nosuchref1999"]), ["concept 1.1c", "nosuchref1999"]),
    (lambda d: d["concepts"].append(dict(d["concepts"][0])), ["concept 1.1a", "more than one concept"]),
])
def test_malformed_file_is_refused(tmp_path, monkeypatch, change, expected):
    data = _raw()
    change(data)
    shutil.copytree(REPO_DIR / "data", tmp_path / "data")
    (tmp_path / "data" / "ihc_concepts.yml").write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    monkeypatch.setenv("COURSE_DATA_DIR", str(tmp_path / "data"))
    with pytest.raises(ConceptsError) as info:
        concepts()
    message = str(info.value)
    assert "ihc_concepts.yml" in message
    for part in expected:
        assert part in message, message
