"""The red-flag card: one urgency per sign, every emergency sign in the emergency tier, and the card
shows every sign of data/red_flags.yml.

The card's data lists its tiers from the most urgent down: every top-level entry with ``signs`` or
``groups`` is a tier, and the first one is the emergency tier.
"""

from __future__ import annotations

import html
import re

import pytest
import yaml

from course.paths import data_dir
from course.safety import red_flags_html


def _data() -> dict:
    return yaml.safe_load((data_dir() / "red_flags.yml").read_text(encoding="utf-8"))


def tiers() -> list[tuple[str, dict, list[str]]]:
    """(name, entry, signs) for every tier of the card, most urgent first."""
    out = []
    for name, entry in _data().items():
        if not isinstance(entry, dict) or not ("signs" in entry or "groups" in entry):
            continue
        signs = list(entry.get("signs", []))
        for group in entry.get("groups", []):
            signs.extend(group["signs"])
        out.append((name, entry, signs))
    return out


# The signs evidence.md section 10 puts under emergency care: the cauda equina syndrome list
# ("emergency, same day, go to hospital"; BMJ Best Practice: refer immediately, MRI ideally within
# 4 h), progressive motor or sensory loss, and sudden pain after major trauma. Each is written as
# the sign in the evidence brief and a pattern that finds the course's wording of it.
EMERGENCY_SIGNS = [
    ("loss of bladder control, or new difficulty passing urine or altered sensation of urine flow",
     r"bladder|passing urine"),
    ("loss of bowel control", r"bowel"),
    ("saddle anaesthesia or paraesthesia (numbness around the anus, perineum or genitals)",
     r"saddle|anus|genitals"),
    ("sciatica in both legs", r"both legs"),
    ("severe or progressive neurological deficit in the legs",
     r"(weak|numb|feeling).*\blegs?\b.*(severe|worse|spreading)|\blegs?\b.*(weak|numb).*(severe|worse|spreading)"),
    ("gait disturbance", r"walking|\bgait\b"),
    ("sexual dysfunction", r"sexual"),
    ("progressive motor or sensory loss",
     r"(weak|numb|loss of feeling).*(getting worse|keeps? (getting worse|spreading)|spreading|progressive)"),
    ("sudden pain after major trauma", r"major (accident|fall|injury|trauma)"),
]

# Flags evidence.md section 10 lists for the slower tiers, which the card must not leave out.
SLOWER_SIGNS = [
    ("fever, chills, rigors", r"fever"),
    ("pain after minor trauma with osteoporosis or corticosteroid use", r"minor.*(osteoporosis|steroid)"),
    ("structural or spinal deformity", r"shape of the spine|deformity"),
    ("severe central pain relieved by lying down",
     r"(centre|center|midline) (line )?of the spine.*(lying down|lie down)"),
    ("past history of cancer", r"cancer"),
    ("unexplained weight loss", r"weight loss"),
    ("pain at multiple sites", r"several places|multiple sites|more than one place"),
]


def _normal(sign: str) -> str:
    return re.sub(r"\W+", " ", sign.lower()).strip()


def test_the_card_has_an_emergency_tier_and_slower_tiers():
    found = tiers()
    assert len(found) >= 2, "the card needs an emergency tier and at least one slower tier"
    assert "emergency" in found[0][1]["heading"].lower(), "the first tier must be the emergency tier"


def test_no_sign_appears_in_two_tiers():
    seen: dict[str, str] = {}
    clashes = []
    for name, _, signs in tiers():
        for sign in signs:
            key = _normal(sign)
            if key in seen and seen[key] != name:
                clashes.append(f"{sign!r} in {seen[key]} and {name}")
            seen.setdefault(key, name)
    assert not clashes, "one sign, two urgencies:\n" + "\n".join(clashes)


@pytest.mark.parametrize("evidence, pattern", EMERGENCY_SIGNS, ids=[e for e, _ in EMERGENCY_SIGNS])
def test_emergency_signs_sit_in_the_emergency_tier_only(evidence, pattern):
    (first, _, emergency), *slower = tiers()
    assert any(re.search(pattern, s, re.I) for s in emergency), \
        f"the emergency tier ({first}) lacks {evidence!r}"
    misplaced = [f"{name}: {s!r}" for name, _, signs in slower for s in signs if re.search(pattern, s, re.I)]
    assert not misplaced, f"{evidence!r} is an emergency sign, but a slower tier lists it:\n" + "\n".join(misplaced)


@pytest.mark.parametrize("evidence, pattern", SLOWER_SIGNS, ids=[e for e, _ in SLOWER_SIGNS])
def test_the_slower_flags_of_the_evidence_brief_are_on_the_card(evidence, pattern):
    _, *slower = tiers()
    assert any(re.search(pattern, s, re.I) for _, _, signs in slower for s in signs), \
        f"no slower tier lists {evidence!r}"


def test_the_card_shows_every_sign_and_tier_heading_of_the_data():
    card = red_flags_html()
    missing = [s for _, _, signs in tiers() for s in signs if html.escape(s) not in card]
    missing += [e["heading"] for _, e, _ in tiers() if html.escape(e["heading"]) not in card]
    assert not missing, "signs or headings of data/red_flags.yml missing from the card:\n" + "\n".join(missing)


def test_the_card_keeps_the_henschke_context():
    card = red_flags_html()
    assert "1,172" in card and "0.9%" in card and "Henschke" in card
