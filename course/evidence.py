"""References, evidence levels and the twelve claims of the source article.

One evidence scale is used everywhere in the course::

    Strong . Moderate . Weak . None/contrary . Contested

A claim card shows the level as words, a symbol and a colour together, so that colour never carries
the meaning alone. The level always means one thing: how strong the evidence behind the verdict is.
A claim with two sides (massage's mechanism against its short-term relief; heat against ice) has a
split verdict: ``verdict`` and ``evidence_level`` in data/claims.csv then name each side in brackets,
in the same order ("Not supported (mechanism); partly supported (short-term pain relief)" with
"Moderate (mechanism); Weak (short-term pain relief)"), and the card shows both parts.

>>> claim("c").verdict
'Not supported'
>>> claim("c").level
'Moderate'
>>> [(p.aspect, p.verdict, p.level) for p in claim("h").parts]
[('mechanism', 'Not supported', 'Moderate'), ('short-term pain relief', 'Partly supported', 'Weak')]
>>> reference("costa2012").citation()
'da C. Menezes Costa L, Maher CG, Hancock MJ, McAuley JH, Herbert RD, Costa LOP (2012). The prognosis of acute and persistent low-back pain: a meta-analysis. CMAJ 184(11):E613-24.'
"""

from __future__ import annotations

import csv
import html
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from . import data
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

#: The same hues, darkened to reach a contrast of 4.5:1 on white, for the symbols when they are text
#: (the badge's border keeps the level's own colour; the level is always written in words too).
LEVEL_TEXT_COLOUR: dict[str, str] = {
    "Strong": "#00785A",
    "Moderate": "#0072B2",
    "Weak": "#8A5A00",
    "None/contrary": "#A23C00",
    "Contested": "#A8467F",
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
class ClaimPart:
    """One side of a claim's verdict: what it is about, the verdict and the level of the evidence
    behind it. A claim with one verdict has one part, whose aspect is empty."""

    aspect: str
    verdict: str
    level: str


@dataclass(frozen=True)
class Claim:
    id: str
    claim: str
    verdict: str
    level: str
    refs: tuple[str, ...]
    reason: str
    parts: tuple[ClaimPart, ...] = ()

    @property
    def split(self) -> bool:
        """True when the verdict has more than one side."""
        return len(self.parts) > 1

    @property
    def level_text(self) -> str:
        """The level in words, each side named: 'Moderate (mechanism); Weak (short-term pain relief)'."""
        if not self.split:
            return self.level
        return "; ".join(f"{p.level} ({p.aspect})" for p in self.parts)

    def part(self, aspect: str) -> ClaimPart:
        """The side of the verdict about ``aspect``; an unknown aspect names the ones there are."""
        for p in self.parts:
            if p.aspect == aspect:
                return p
        raise EvidenceError(f"claim '{self.id}' has no part '{aspect}'; its parts: "
                            f"{', '.join(p.aspect for p in self.parts if p.aspect) or 'none (one verdict)'}")


_PART = re.compile(r"^(?P<value>[^()]+?)\s*\((?P<aspect>[^()]+)\)$")


def _parts(text: str) -> list[tuple[str, str]]:
    """'Not supported (mechanism); partly supported (relief)' -> [('mechanism', 'Not supported'), ...];
    a text without ';' is one part with an empty aspect."""
    pieces = [p.strip() for p in text.split(";")]
    if len(pieces) == 1:
        return [("", text.strip())]
    out = []
    for piece in pieces:
        m = _PART.match(piece)
        if not m:
            return []
        value = m["value"].strip()
        out.append((m["aspect"].strip(), value[:1].upper() + value[1:]))
    return out


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


def cite(name: str) -> str:
    """The citation(s) behind a dataset of ``data/catalogue.yml``, one per line.

    >>> "Costa" in cite("costa2012_natural_history")
    True
    """
    return "\n".join(reference(key).citation() for key in data.entry(name).sources)


@lru_cache(maxsize=None)
def _claims_cached(folder: str) -> dict[str, Claim]:
    path = Path(folder) / CLAIMS_FILE
    with path.open(newline="", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    out = {}
    for row in rows:
        verdicts, levels = _parts(row["verdict"]), _parts(row["evidence_level"])
        where = f"{path}: claim '{row['id']}'"
        if not verdicts or not levels or [a for a, _ in verdicts] != [a for a, _ in levels]:
            raise EvidenceError(
                f"{where}: a split verdict names each side in brackets, in the same order in 'verdict' and "
                f"'evidence_level' (e.g. 'Not supported (mechanism); partly supported (relief)' with "
                f"'Moderate (mechanism); Weak (relief)'); got '{row['verdict']}' and '{row['evidence_level']}'")
        for _, level in levels:
            if level not in LEVELS:
                raise EvidenceError(f"{where} has evidence level '{level}'; valid levels: {', '.join(LEVELS)}")
        parts = tuple(ClaimPart(a, v, lv) for (a, v), (_, lv) in zip(verdicts, levels))
        out[row["id"]] = Claim(
            id=row["id"], claim=row["claim"], verdict=row["verdict"], level=parts[0].level,
            refs=tuple(k for k in row["refs"].split(";") if k), reason=row["reason"], parts=parts,
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
        f'<span aria-hidden="true" style="color:{LEVEL_TEXT_COLOUR[level]}">{symbol}</span> '
        f"Evidence: {html.escape(level)}</span>"
    )


def claim_card_html(claim_id: str) -> str:
    """HTML for one claim card: the claim, verdict, level (words, symbol and colour) and references."""
    c = claim(claim_id)
    refs = "".join(f"<li>{html.escape(reference(k).citation())}</li>" for k in c.refs)
    colour = LEVEL_STYLE[c.level][0]
    if c.split:
        rows = "".join(f"<li><b>{html.escape(p.aspect[:1].upper() + p.aspect[1:])}:</b> "
                       f"{html.escape(p.verdict)} &nbsp; {level_badge_html(p.level)}</li>" for p in c.parts)
        verdict = f"<p><b>Verdict, in {len(c.parts)} parts:</b></p><ul>{rows}</ul>"
    else:
        verdict = f"<p><b>Verdict:</b> {html.escape(c.verdict)} &nbsp; {level_badge_html(c.level)}</p>"
    return (
        f'<div class="course-claim-card" style="border-left:6px solid {colour};padding:6px 12px;'
        f'margin:6px 0;background:var(--jp-layout-color1, #fff);color:var(--jp-content-font-color1, #111)">'
        f"<p><b>Claim ({html.escape(c.id)}):</b> “{html.escape(c.claim)}”</p>"
        f"{verdict}"
        f"<p>{html.escape(c.reason)}</p>"
        "<p><small>The evidence level says how strong the evidence behind the verdict is, on the course's "
        "one scale (Strong, Moderate, Weak, None/contrary, Contested).</small></p>"
        f"<details><summary>References ({len(c.refs)})</summary><ul>{refs}</ul></details></div>"
    )


def show_claim(claim_id: str):
    """Display a claim card in a notebook (returns an IPython HTML object)."""
    from IPython.display import HTML

    return HTML(claim_card_html(claim_id))
