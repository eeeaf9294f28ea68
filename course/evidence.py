"""References, evidence levels and the twelve claims of the source article.

One evidence scale is used everywhere in the course::

    Strong . Moderate . Weak . None/contrary . Contested

A claim card shows the level as words, a symbol and a colour together, so that colour never carries
the meaning alone.

>>> claim("c").verdict
'Not supported'
>>> claim("c").level
'Moderate'
>>> reference("costa2012").citation()
'da C. Menezes Costa L, Maher CG, Hancock MJ, McAuley JH, Herbert RD, Costa LOP (2012). The prognosis of acute and persistent low-back pain: a meta-analysis. CMAJ 184(11):E613-24.'
"""

from __future__ import annotations

import csv
import html
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from .data import read_yaml
from .paths import data_dir

#: The evidence scale, strongest first. Definitions follow the course's evidence brief.
LEVELS: dict[str, str] = {
    "Strong": "consistent systematic reviews or large trials with moderate-to-high certainty",
    "Moderate": "a systematic review with moderate certainty, or several concordant trials",
    "Weak": "low or very low certainty, small or unblinded trials, a single trial, or physiology only",
    "None/contrary": "no supporting data found, or the data point the other way",
    "Contested": "published experts disagree and there is no decisive evidence",
}

#: Colour (Okabe-Ito, readable on white and dark backgrounds) and a text symbol for each level.
LEVEL_STYLE: dict[str, tuple[str, str]] = {
    "Strong": ("#009E73", "●●●"),
    "Moderate": ("#0072B2", "●●○"),
    "Weak": ("#E69F00", "●○○"),
    "None/contrary": ("#D55E00", "○○○"),
    "Contested": ("#CC79A7", "◐?"),
}

CLAIMS_FILE = "claims.csv"
REFERENCES_FILE = "references.yml"


class EvidenceError(ValueError):
    """A reference or claim is unknown or malformed."""


@dataclass(frozen=True)
class Reference:
    key: str
    authors: str
    year: int
    title: str
    journal: str
    doi: str | None = None
    note: str | None = None

    def citation(self) -> str:
        """One-line citation: authors (year). title. journal. doi."""
        title = self.title.rstrip(".")
        text = f"{self.authors} ({self.year}). {title}. {self.journal}."
        if self.doi:
            text += f" doi:{self.doi}"
        return text


@dataclass(frozen=True)
class Claim:
    id: str
    claim: str
    verdict: str
    level: str
    refs: tuple[str, ...]
    reason: str


@lru_cache(maxsize=None)
def _references_cached(folder: str) -> dict[str, Reference]:
    path = Path(folder) / REFERENCES_FILE
    raw = read_yaml(path, EvidenceError)
    out = {}
    for key, entry in raw.items():
        missing = [f for f in ("authors", "year", "title", "journal") if not entry.get(f)]
        if missing:
            raise EvidenceError(f"{path}: reference '{key}' lacks {', '.join(missing)}")
        out[key] = Reference(key=key, **{k: entry.get(k) for k in
                                        ("authors", "year", "title", "journal", "doi", "note")})
    return out


def references() -> dict[str, Reference]:
    """Every reference in data/references.yml, by key."""
    return _references_cached(str(data_dir()))


def reference(key: str) -> Reference:
    """One reference by key; an unknown key raises an error naming the closest keys."""
    refs = references()
    if key not in refs:
        import difflib

        close = difflib.get_close_matches(key, refs, n=3)
        hint = f" Did you mean: {', '.join(close)}?" if close else ""
        raise EvidenceError(f"no reference '{key}' in data/{REFERENCES_FILE}.{hint}")
    return refs[key]


@lru_cache(maxsize=None)
def _claims_cached(folder: str) -> dict[str, Claim]:
    path = Path(folder) / CLAIMS_FILE
    with path.open(newline="", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    out = {}
    for row in rows:
        if row["evidence_level"] not in LEVELS:
            raise EvidenceError(
                f"{path}: claim '{row['id']}' has evidence level '{row['evidence_level']}'; "
                f"valid levels: {', '.join(LEVELS)}"
            )
        out[row["id"]] = Claim(
            id=row["id"], claim=row["claim"], verdict=row["verdict"], level=row["evidence_level"],
            refs=tuple(k for k in row["refs"].split(";") if k), reason=row["reason"],
        )
    return out


def claims() -> dict[str, Claim]:
    """The twelve claims (ids 'a' to 'l'), in the article's order."""
    return _claims_cached(str(data_dir()))


def claim(claim_id: str) -> Claim:
    """One claim by id ('a' to 'l')."""
    all_claims = claims()
    if claim_id not in all_claims:
        raise EvidenceError(f"no claim '{claim_id}'; claims are {', '.join(all_claims)}")
    return all_claims[claim_id]


def level_badge_html(level: str) -> str:
    """An inline badge: symbol and level name in words, on the level's colour."""
    if level not in LEVEL_STYLE:
        raise EvidenceError(f"unknown evidence level '{level}'; valid levels: {', '.join(LEVELS)}")
    colour, symbol = LEVEL_STYLE[level]
    return (
        f'<span class="course-level" style="border:2px solid {colour};border-radius:4px;'
        f'padding:1px 6px;font-weight:600" title="{html.escape(LEVELS[level])}">'
        f'<span aria-hidden="true" style="color:{colour}">{symbol}</span> '
        f"Evidence: {html.escape(level)}</span>"
    )


def claim_card_html(claim_id: str) -> str:
    """HTML for one claim card: the claim, verdict, level (words, symbol and colour) and references."""
    c = claim(claim_id)
    refs = "".join(f"<li>{html.escape(reference(k).citation())}</li>" for k in c.refs)
    colour = LEVEL_STYLE[c.level][0]
    return (
        f'<div class="course-claim-card" style="border-left:6px solid {colour};padding:6px 12px;'
        f'margin:6px 0;background:var(--jp-layout-color1, #fff);color:var(--jp-content-font-color1, #111)">'
        f"<p><b>Claim ({html.escape(c.id)}):</b> “{html.escape(c.claim)}”</p>"
        f"<p><b>Verdict:</b> {html.escape(c.verdict)} &nbsp; {level_badge_html(c.level)}</p>"
        f"<p>{html.escape(c.reason)}</p>"
        f"<details><summary>References ({len(c.refs)})</summary><ul>{refs}</ul></details></div>"
    )


def show_claim(claim_id: str):
    """Display a claim card in a notebook (returns an IPython HTML object)."""
    from IPython.display import HTML

    return HTML(claim_card_html(claim_id))
