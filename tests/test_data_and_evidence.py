"""The data catalogue, references and claims: every file accounted for, every key resolvable."""

from __future__ import annotations

import shutil

import pytest

from course import data, evidence
from course.evidence import LEVELS


def test_every_catalogue_entry_loads_and_matches_its_checksum():
    for name in data.names():
        assert data.load(name) is not None, name


def test_every_data_file_has_a_catalogue_entry():
    folder = data.data_dir() / "datasets"
    listed = {ds.file for ds in data.catalogue().values()}
    on_disk = {f"datasets/{p.name}" for p in folder.iterdir() if p.is_file()}
    assert on_disk - listed == set(), "data files without a catalogue entry"


def test_every_catalogue_source_is_a_reference():
    refs = evidence.references()
    for name, ds in data.catalogue().items():
        for key in ds.sources:
            assert key in refs, f"catalogue entry '{name}' cites unknown reference '{key}'"


def test_unknown_dataset_lists_the_available_names():
    with pytest.raises(data.DataError) as err:
        data.load("costa2013")
    assert "costa2012_natural_history" in str(err.value)


def test_changed_file_is_caught_by_its_checksum(tmp_path, monkeypatch):
    copy = tmp_path / "data"
    shutil.copytree(data.data_dir(), copy)
    target = copy / "datasets" / "costa2012_natural_history.csv"
    target.write_text(target.read_text().replace("23,21,25", "13,11,15"))
    monkeypatch.setenv("COURSE_DATA_DIR", str(copy))
    with pytest.raises(data.DataError, match="does not match the checksum"):
        data.load("costa2012_natural_history")


def test_record_names_missing_rows():
    with pytest.raises(data.DataError, match="people_with_lbp_2020"):
        data.record("back_pain_burden", "people_2020")


def test_cite_gives_the_reference():
    assert "CMAJ 184(11):E613-24" in evidence.cite("costa2012_natural_history")


def test_twelve_claims_with_valid_levels_and_known_references():
    claims = evidence.claims()
    assert list(claims) == list("abcdefghijkl")
    refs = evidence.references()
    for c in claims.values():
        assert c.level in LEVELS
        assert c.refs, f"claim {c.id} has no references"
        for key in c.refs:
            assert key in refs, f"claim {c.id} cites unknown reference '{key}'"


#: Section 14 of the evidence brief: each claim's verdict and the strength of the evidence behind
#: it, part by part where the brief splits them ("[Moderate against mechanism; Weak for benefit]";
#: for l, "[Weak-moderate for psychological treatment; None for causation claim]", taken as Moderate
#: since two Cochrane reviews of many trials agree on small effects).
EXPECTED_SCALE = {
    "a": [("", "Partly supported", "Strong")],
    "b": [("", "Not supported", "Moderate")],
    "c": [("", "Not supported", "Moderate")],
    "d": [("", "Partly supported", "Weak")],
    "e": [("oxygen deprivation as a cause of lasting pain", "Not supported", "Weak"),
          ("spasm cycles and trigger points", "Contested", "Contested")],
    "f": [("", "Not supported", "None/contrary")],
    "g": [("heat", "Partly supported", "Moderate"), ("ice", "Not supported", "None/contrary")],
    "h": [("mechanism", "Not supported", "Moderate"), ("short-term pain relief", "Partly supported", "Weak")],
    "i": [("", "No evidence (no comparative trial found)", "None/contrary")],
    "j": [("", "Partly supported", "Weak")],
    "k": [("", "Supported (for recurrence of pain episodes)", "Moderate")],
    "l": [("repressed emotions as a frequent cause", "Contested", "None/contrary"),
          ("psychological influences and treatments", "Partly supported", "Moderate")],
}


def test_claim_verdicts_and_levels_follow_the_evidence_brief_part_by_part():
    got = {cid: [(p.aspect, p.verdict, p.level) for p in c.parts] for cid, c in evidence.claims().items()}
    assert got == EXPECTED_SCALE


def test_cramp_reason_calls_cramps_multifactorial_with_dehydration_contested():
    reason = evidence.claim("c").reason.lower()
    assert "multifactorial" in reason and "dehydration" in reason and "contested" in reason


def test_a_split_claim_card_shows_every_part_with_its_level():
    html = evidence.claim_card_html("h")
    assert "Verdict, in 2 parts" in html
    assert "Mechanism:</b> Not supported" in html and "Evidence: Moderate" in html
    assert "Short-term pain relief:</b> Partly supported" in html and "Evidence: Weak" in html
    assert "how strong the evidence behind the verdict is" in html
    assert evidence.claim("h").level_text == "Moderate (mechanism); Weak (short-term pain relief)"


@pytest.fixture
def edited_claims(tmp_path, monkeypatch):
    """A copy of the course data, used for the rest of the test, with one edit made to claims.csv."""
    def edit(old: str, new: str) -> None:
        copy = tmp_path / "data"
        shutil.copytree(data.data_dir(), copy)
        claims_csv = copy / "claims.csv"
        text = claims_csv.read_text()
        assert old in text
        claims_csv.write_text(text.replace(old, new))
        monkeypatch.setenv("COURSE_DATA_DIR", str(copy))
    return edit


def test_a_split_verdict_whose_parts_do_not_match_is_refused(edited_claims):
    edited_claims("Moderate (heat); None/contrary (ice)", "Moderate (heat)")
    with pytest.raises(evidence.EvidenceError, match="claim 'g': a split verdict names each side"):
        evidence.claims()


def test_unknown_reference_suggests_close_keys():
    with pytest.raises(evidence.EvidenceError, match="costa2012"):
        evidence.reference("costa2021")


def test_claim_card_shows_level_as_words_and_symbol():
    html = evidence.claim_card_html("c")
    assert "Evidence: Moderate" in html
    assert evidence.LEVEL_STYLE["Moderate"][1] in html


def test_claim_card_escapes_text(edited_claims):
    edited_claims("Hydrotherapy is relaxing", "<script>x()</script> Hydrotherapy")
    assert "<script>" not in evidence.claim_card_html("j")


def test_bad_level_in_claims_is_named(edited_claims):
    edited_claims(",Weak,jarvinen2000", ",Feeble,jarvinen2000")
    with pytest.raises(evidence.EvidenceError, match="claim 'd' has evidence level 'Feeble'"):
        evidence.claims()
