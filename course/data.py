"""Course data: one loader, by name, for every dataset in ``data/catalogue.yml``.

Each catalogue entry says what the file is, where its numbers come from (reference keys from
``data/references.yml``), its licence, how it was derived, and its SHA-256 checksum. ``load`` checks
the checksum, so a data file edited without updating its catalogue entry is caught at once.

>>> table = load("costa2012_natural_history")
>>> table["weeks_since_onset"].tolist()
[0.0, 6.0, 26.0, 52.0]
"""

from __future__ import annotations

import csv
import hashlib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np
import yaml

from .paths import data_dir

CATALOGUE_FILE = "catalogue.yml"
REQUIRED_FIELDS = ("file", "description", "sources", "licence", "derived", "sha256")


class DataError(ValueError):
    """A dataset is missing, unknown, or does not match its catalogue entry."""


@dataclass(frozen=True)
class Dataset:
    """One catalogue entry."""

    name: str
    file: str
    description: str
    sources: tuple[str, ...]
    licence: str
    derived: str
    sha256: str
    columns: dict[str, str]

    @property
    def path(self) -> Path:
        return data_dir() / self.file


def sha256_of(path: Path) -> str:
    """SHA-256 of a file's bytes, as lowercase hex."""
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def read_yaml(path: Path, error: type[ValueError] = None) -> Any:
    """Parse a YAML file of the course; a syntax error names the file and the line.

    ``error`` is the exception class to raise (default :class:`DataError`).
    """
    try:
        return yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise (error or DataError)(f"{path}: not valid YAML: {exc}") from exc


@lru_cache(maxsize=None)
def _catalogue_cached(folder: str) -> dict[str, Dataset]:
    path = Path(folder) / CATALOGUE_FILE
    raw = read_yaml(path)
    if not isinstance(raw, dict):
        raise DataError(f"{path}: expected a mapping of dataset names to entries")
    out = {}
    for name, entry in raw.items():
        if not isinstance(entry, dict):
            raise DataError(f"{path}: dataset '{name}' must be a mapping")
        missing = [f for f in REQUIRED_FIELDS if not entry.get(f)]
        if missing:
            raise DataError(f"{path}: dataset '{name}' lacks the field(s) {', '.join(missing)}")
        out[name] = Dataset(
            name=name,
            file=entry["file"],
            description=entry["description"].strip(),
            sources=tuple(entry["sources"]),
            licence=entry["licence"],
            derived=entry["derived"].strip(),
            sha256=entry["sha256"],
            columns=dict(entry.get("columns") or {}),
        )
    return out


def catalogue() -> dict[str, Dataset]:
    """All catalogue entries, by name."""
    return _catalogue_cached(str(data_dir()))


def names() -> list[str]:
    """The names ``load`` accepts, sorted."""
    return sorted(catalogue())


def entry(name: str) -> Dataset:
    """The catalogue entry for ``name``, or a ``DataError`` listing the names that exist."""
    cat = catalogue()
    if name not in cat:
        raise DataError(
            f"no dataset named '{name}' in data/{CATALOGUE_FILE}. Available: {', '.join(sorted(cat))}"
        )
    return cat[name]


def _column(values: list[str]) -> np.ndarray | list[str]:
    try:
        return np.array([float(v) if v != "" else np.nan for v in values])
    except ValueError:
        return values


def load(name: str) -> Any:
    """Load a dataset by name, after checking its checksum.

    CSV files come back as a dict of column name to a float array (or a list of strings for a
    text column); YAML files as the parsed document.
    """
    ds = entry(name)
    path = ds.path
    if not path.is_file():
        raise DataError(f"dataset '{name}': file {path} is missing")
    actual = sha256_of(path)
    if actual != ds.sha256:
        raise DataError(
            f"dataset '{name}': {path} does not match the checksum in data/{CATALOGUE_FILE} "
            f"(expected {ds.sha256[:12]}..., found {actual[:12]}...). If the change is deliberate, "
            "update the entry's provenance and run `python -m course update-checksums`."
        )
    return _read(path)


@lru_cache(maxsize=64)
def _read_cached(path: str, mtime: float) -> Any:
    p = Path(path)
    if p.suffix == ".csv":
        with p.open(newline="", encoding="utf-8") as fh:
            rows = list(csv.DictReader(row for row in fh if not row.startswith("#")))
        if not rows:
            raise DataError(f"{p}: no rows")
        return {col: _column([r[col] for r in rows]) for col in rows[0]}
    if p.suffix in (".yml", ".yaml"):
        return yaml.safe_load(p.read_text(encoding="utf-8"))
    raise DataError(f"{p}: unsupported data file type '{p.suffix}'")


def _read(path: Path) -> Any:
    value = _read_cached(str(path), path.stat().st_mtime)
    # Hand out copies so a lesson that modifies a table cannot change what the next caller sees.
    if isinstance(value, dict):
        return {k: (v.copy() if isinstance(v, np.ndarray) else list(v) if isinstance(v, list) else v)
                for k, v in value.items()}
    return value


def record(name: str, key: str) -> dict[str, Any]:
    """One row of a CSV dataset, found by the value in its first column.

    >>> record("back_pain_burden", "people_with_lbp_2020")["value"]
    619.0
    """
    table = load(name)
    first = next(iter(table))
    keys = list(table[first])
    if key not in keys:
        raise DataError(f"dataset '{name}' has no row '{key}' in column '{first}'. Rows: {', '.join(map(str, keys))}")
    i = keys.index(key)
    return {col: (values[i].item() if isinstance(values, np.ndarray) else values[i]) for col, values in table.items()}


def update_checksums() -> list[str]:
    """Rewrite the sha256 field of every catalogue entry whose file changed; return their names."""
    path = data_dir() / CATALOGUE_FILE
    text = path.read_text(encoding="utf-8")
    changed = []
    for name, ds in catalogue().items():
        actual = sha256_of(ds.path)
        if actual != ds.sha256:
            text = text.replace(ds.sha256, actual)
            changed.append(name)
    path.write_text(text, encoding="utf-8")
    _catalogue_cached.cache_clear()
    return changed
