"""The Informed Health Choices (IHC) Key Concepts the course teaches (``data/ihc_concepts.yml``).

Each concept has its IHC code and published name, an explanation, the places in the lessons that
teach it (a section heading or an Explore/Quiz/Think id of a lesson notebook), a back-pain example
and references. Quiz questions name the concepts they exercise in an optional ``concepts:`` field;
``python -m course check-quizzes`` refuses a code that is not in this file.

>>> [c.code for c in concepts()][:3]
['1.1a', '1.1b', '1.1c']
>>> concept("1.2f").name
'Identifying effects of treatments depends on making comparisons.'
>>> concept("9.9z")
Traceback (most recent call last):
...
ValueError: concept code '9.9z' is not in data/ihc_concepts.yml; known codes: 1.1a, 1.1b, 1.1c, 1.2a, 1.2b, 1.2d, 1.2e, 1.2f, 1.2g, 1.2h, 1.2i, 1.2j
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

from .evidence import references
from .lessons import lesson, markdown_cells
from .paths import data_dir, data_file, display_path
from .schemas import jsonschema

CONCEPTS_FILE = "ihc_concepts.yml"
SCHEMA_FILE = "schema/ihc_concepts.schema.json"
#: a heading that names a place by its id: "### Explore 2.1: ...", "### Quiz 4.1", "### Think 1.1"
_ID_HEADING = re.compile(r"^###\s+((?:Explore|Quiz|Think)\s+\d+\.\d+)\b")


class ConceptsError(ValueError):
    """data/ihc_concepts.yml is missing, malformed or names something that does not exist."""


@dataclass(frozen=True)
class Place:
    lesson: str
    where: str


@dataclass(frozen=True)
class Concept:
    code: str
    name: str
    explanation: str
    taught_in: tuple[Place, ...]
    example: str
    refs: tuple[str, ...]


def concepts_path() -> Path:
    return data_dir() / CONCEPTS_FILE


def _schema() -> dict:
    return json.loads(data_file(SCHEMA_FILE).read_text(encoding="utf-8"))


def problems(data: object, name: str = CONCEPTS_FILE) -> list[str]:
    """Every problem of the parsed concepts file: schema errors, repeated codes, unknown reference
    keys; each message names the file, the concept code (or entry number) and the problem.

    >>> problems({"framework": {"name": "IHC", "version": "2019", "refs": ["oxman2020"]},
    ...           "concepts": [{"code": "1.2", "name": "x", "explanation": "x", "example": "x",
    ...                         "taught_in": [{"lesson": "08", "where": "Explore 2.1"}], "refs": ["oxman2020"]}]})
    ["ihc_concepts.yml: concept 1 (code '1.2'): field 'code': '1.2' is not an IHC code (group 1 to 3, a dot, a subgroup digit and a letter, like '1.2f')"]
    """
    out: list[str] = []
    validator = jsonschema().Draft202012Validator(_schema())
    for error in sorted(validator.iter_errors(data), key=lambda e: list(map(str, e.absolute_path))):
        path = list(error.absolute_path)
        where = name
        if len(path) >= 2 and path[0] == "concepts" and isinstance(path[1], int):
            entry = data["concepts"][path[1]]
            code = entry.get("code") if isinstance(entry, dict) else None
            where += f": concept {path[1] + 1}" + (f" (code '{code}')" if code is not None else "")
            path = path[2:]
        field = ".".join(map(str, path))
        text = error.message
        if error.validator == "pattern" and field == "code":
            text = (f"{error.instance!r} is not an IHC code (group 1 to 3, a dot, a subgroup digit "
                    "and a letter, like '1.2f')")
        out.append(f"{where}: " + (f"field '{field}': " if field else "") + text)
    if out:
        return out
    known = references()
    for ref in data["framework"]["refs"]:
        if ref not in known:
            out.append(f"{name}: framework: reference key '{ref}' is not in data/references.yml")
    seen: set[str] = set()
    for entry in data["concepts"]:
        code = entry["code"]
        if code in seen:
            out.append(f"{name}: concept {code}: the code is used by more than one concept")
        seen.add(code)
        for ref in entry["refs"]:
            if ref not in known:
                out.append(f"{name}: concept {code}: reference key '{ref}' is not in data/references.yml")
    return out


@lru_cache(maxsize=4)
def _load(path: str) -> tuple[Concept, ...]:
    file = Path(path)
    try:
        data = yaml.safe_load(file.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise ConceptsError(f"{display_path(file)}: cannot be read: {exc}") from exc
    found = problems(data, display_path(file))
    if found:
        raise ConceptsError("\n".join(found))
    return tuple(
        Concept(code=c["code"], name=c["name"], explanation=c["explanation"],
                taught_in=tuple(Place(p["lesson"], p["where"]) for p in c["taught_in"]),
                example=c["example"], refs=tuple(c["refs"]))
        for c in data["concepts"])


def concepts() -> tuple[Concept, ...]:
    """The concepts of data/ihc_concepts.yml, validated (a ConceptsError lists every problem)."""
    return _load(str(concepts_path()))


def codes() -> set[str]:
    """The codes of the chosen concepts."""
    return {c.code for c in concepts()}


def concept(code: str) -> Concept:
    """One concept by its IHC code."""
    for item in concepts():
        if item.code == code:
            return item
    raise ValueError(f"concept code '{code}' is not in data/{CONCEPTS_FILE}; known codes: "
                     + ", ".join(c.code for c in concepts()))


def notebook_places(number: str) -> set[str]:
    """The places a lesson notebook offers: its '## ' section headings (without the hashes) and
    the ids of its '### Explore/Quiz/Think N.M' headings.

    >>> sorted(p for p in notebook_places("08") if p.startswith("Explore"))
    ['Explore 2.1', 'Explore 2.2']
    """
    places: set[str] = set()
    for source in markdown_cells(lesson(number).path):
        for line in source.splitlines():
            if line.startswith("## "):
                places.add(line[3:].strip())
            elif match := _ID_HEADING.match(line):
                places.add(match.group(1))
    return places


def missing_places() -> list[str]:
    """Every ``taught_in`` place that is not a heading of its lesson's notebook, as messages."""
    out = []
    for item in concepts():
        for place in item.taught_in:
            if place.where not in notebook_places(place.lesson):
                out.append(f"{CONCEPTS_FILE}: concept {item.code}: lesson {place.lesson} has no "
                           f"heading '{place.where}' (a '## ' section or a '### Explore/Quiz/Think N.M' heading)")
    return out
