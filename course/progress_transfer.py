"""Progress that survives a temporary session: download the record, import it again later.

A Binder session is deleted after some minutes without activity, and the learner's progress file
with it. This module

- tells whether the course runs on such a temporary host (:func:`ephemeral_host`), so that every
  lesson can show a reminder with a one-click download of the record (:func:`download_link_html`);
- merges a downloaded record into the current one without losing either side
  (:func:`merge_records`): every quiz answer of both is kept (an answer present in both counts
  once), lesson marks keep the earliest opening and completion and the latest visit, and each
  belief-survey answer keeps the newer of the two; the review cards are rebuilt from the merged
  answers (they are a cache of them, :mod:`course.review_cards`), so merging the same file twice
  changes nothing;
- refuses, with a message that says why and changes nothing, a file that is not a progress record
  of this course, a damaged one, or one written by a newer version of the course
  (:func:`read_incoming`).

``python -m course progress --import FILE`` and the widget of Lesson 00
(:func:`course.transfer_widget.show_progress_transfer`) both call :func:`import_progress`.

>>> a = {"schema_version": 1, "created": "2026-01-02T10:00:00+00:00", "attempts": [
...      {"question": "01_back_pain_basics/fascia-role", "response": 1, "correct": False, "time": "t1"}],
...      "lessons": {}, "survey": {"before": {}, "after": {}}}
>>> b = {**a, "attempts": a["attempts"] + [
...      {"question": "01_back_pain_basics/fascia-role", "response": 0, "correct": True, "time": "t2"}]}
>>> merged, report = merge_records(a, b)
>>> len(merged["attempts"]), report.attempts_added, report.attempts_known
(2, 1, 1)
"""

from __future__ import annotations

import base64
import copy
import json
import os
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from . import progress
from .progress import NewerProgressFile, _check, _Unreadable, default_store, parse_json
from .claim_record import FIELD as CLAIM_FIELD
from .claim_record import merged_claim_test
from .review_cards import build_cards

#: Environment variables that only a Binder session sets.
BINDER_VARIABLES = ("BINDER_SERVICE_HOST", "BINDER_REQUEST", "BINDER_REPO_URL", "BINDER_LAUNCH_HOST",
                    "BINDER_REF_URL", "BINDER_PERSISTENT_REQUEST")
#: Set to 1 to show the reminder on any other temporary host (0 to hide it on Binder).
FORCE_VARIABLE = "COURSE_EPHEMERAL"
_QUESTION_ID = re.compile(r"^\d\d_[a-z0-9_]+/[a-z0-9][a-z0-9-]*$")
#: The largest file accepted for import (a real record, even after the whole course, is well under
#: 1 MB; a much larger file would slow every later save).
MAX_IMPORT_BYTES = 5 * 1024 * 1024


class ImportRefused(ValueError):
    """A file that cannot be merged; the message says why. Nothing was changed."""


# --------------------------------------------------------------------------------------------
# Where the course runs
# --------------------------------------------------------------------------------------------


def ephemeral_host(environ: Mapping[str, str] | None = None) -> str | None:
    """The kind of temporary host the course runs on ('Binder'), or None.

    >>> ephemeral_host({"BINDER_REQUEST": "v2/gh/owner/repo/HEAD"})
    'Binder'
    >>> ephemeral_host({"JUPYTERHUB_SERVICE_PREFIX": "/user/owner-repo-abc123/", "HOME": "/home/jovyan"}) is None
    True
    >>> ephemeral_host({"JUPYTERHUB_BASE_URL": "https://hub.mybinder.org/"})
    'Binder'
    >>> ephemeral_host({"COURSE_EPHEMERAL": "1"})
    'a temporary session'
    """
    env = os.environ if environ is None else environ
    forced = env.get(FORCE_VARIABLE, "").strip().lower()
    if forced in ("0", "false", "no"):
        return None
    if any(env.get(name) for name in BINDER_VARIABLES):
        return "Binder"
    for name in ("JUPYTERHUB_SERVICE_PREFIX", "JUPYTERHUB_BASE_URL", "JUPYTERHUB_API_URL"):
        if "binder" in env.get(name, "").lower():
            return "Binder"
    if forced in ("1", "true", "yes"):
        return "a temporary session"
    return None


def download_name(now: datetime | None = None) -> str:
    """File name of a downloaded record: back-muscle-therapy-progress-YYYY-mm-dd.json."""
    return f"back-muscle-therapy-progress-{(now or datetime.now()).strftime('%Y-%m-%d')}.json"


def record_bytes(record: Mapping[str, Any]) -> bytes:
    """The record as the progress file stores it (UTF-8 JSON)."""
    return (json.dumps(record, ensure_ascii=False, indent=1) + "\n").encode("utf-8")


def download_link_html(record: Mapping[str, Any], label: str = "⬇ Download your progress") -> str:
    """A link that saves the record as a file in one click (the file travels inside the link).

    >>> "download=" in download_link_html({"attempts": []})
    True
    """
    data = base64.b64encode(record_bytes(record)).decode("ascii")
    return (f'<a class="course-download" download="{download_name()}" '
            f'href="data:application/json;base64,{data}" '
            'style="display:inline-block;padding:3px 10px;border:2px solid #0072B2;border-radius:4px;'
            'background:#ffffff;color:#003E66;font-weight:600;text-decoration:none">'
            f"{label}</a>")


def reminder_html(record: Mapping[str, Any], host: str) -> str:
    """The reminder shown on a temporary host: why, and the download link."""
    answers = len(record.get("attempts", []))
    return ('<div class="course-binder-reminder" role="note" style="border:3px solid #E69F00;padding:6px 12px;'
            'margin:4px 0;background:#ffffff;color:#111111">'
            f"<p><b>⚠ This is {host}: a temporary session.</b> It is deleted after a few minutes without "
            f"activity, and your progress with it ({answers} answer{'s' if answers != 1 else ''} so far). "
            "Download your progress now and then; next time, import the file in Lesson 00 "
            "(section 1) to carry on where you left off.</p>"
            f"<p>{download_link_html(record)}</p></div>")


# --------------------------------------------------------------------------------------------
# Reading a file to import
# --------------------------------------------------------------------------------------------


def read_incoming(source: str | Path | bytes) -> dict:
    """A record to import, from a path or from the bytes of an uploaded file, checked.

    Raises
    ------
    ImportRefused
        The file cannot be read, is larger than :data:`MAX_IMPORT_BYTES`, is not JSON (a damaged
        or cut-short file), is not a progress record of this course (another program's file, or
        a learner report), has a field that does not fit the record's schema (the message names
        the first one), or was written by a newer version of the course.
    """
    too_big = (f"is larger than {MAX_IMPORT_BYTES // (1024 * 1024)} MB, far more than a progress record of this "
               "course holds. Nothing was changed.")
    if isinstance(source, (bytes, bytearray, memoryview)):
        raw, name = bytes(source), "the uploaded file"
        if len(raw) > MAX_IMPORT_BYTES:
            raise ImportRefused(f"{name} {too_big}")
    else:
        path = Path(source)
        name = str(path)
        try:
            with path.open("rb") as fh:
                raw = fh.read(MAX_IMPORT_BYTES + 1)
        except FileNotFoundError:
            raise ImportRefused(f"{name}: no such file. Nothing was changed.") from None
        except OSError as exc:
            raise ImportRefused(f"{name} cannot be read ({exc.strerror or exc}). Nothing was changed.") from None
        if len(raw) > MAX_IMPORT_BYTES:
            raise ImportRefused(f"{name} {too_big}")
    try:
        data = parse_json(raw)
    except _Unreadable as exc:
        reason = str(exc)
        if reason.startswith("not UTF-8"):
            raise ImportRefused(f"{name} is not a progress file: it is not text. Nothing was changed.") from None
        if not raw.strip():
            what = "empty"
        elif reason.startswith("not valid JSON") and "is not allowed" not in reason:
            what = f"damaged or cut short ({reason})"
        else:
            what = f"not a readable progress file ({reason})"
        raise ImportRefused(f"{name} is {what}. Download your progress again and import the new file. "
                            "Nothing was changed.") from None
    if isinstance(data, dict) and str(data.get("format", "")).endswith("report"):
        raise ImportRefused(f"{name} is a learner report (for a teacher), not a progress file. Import the file "
                            "saved with 'Download your progress'. Nothing was changed.")
    missing = [k for k in ("schema_version", "attempts", "lessons", "survey") if not isinstance(data, dict) or k not in data]
    if missing:
        raise ImportRefused(f"{name} is not a progress file of this course: it has no {', '.join(repr(k) for k in missing)}. "
                            "Nothing was changed.")
    version = data.get("schema_version")
    if isinstance(version, int) and not isinstance(version, bool) and version > progress.SCHEMA_VERSION:
        raise ImportRefused(f"{name} was written by a newer version of the course (progress format {version}; this "
                            f"copy reads up to {progress.SCHEMA_VERSION}). Update the course (git pull, then make lab) and "
                            "import it again. Nothing was changed.")
    attempts = data.get("attempts")
    if isinstance(attempts, list):
        foreign = [a.get("question") for a in attempts if isinstance(a, dict)
                   and not _QUESTION_ID.match(str(a.get("question", "")))]
        if foreign:
            raise ImportRefused(f"{name} is not a progress file of this course: its answers name questions such as "
                                f"{foreign[0]!r}. Nothing was changed.")
    try:
        return _check(copy.deepcopy(data))
    except NewerProgressFile as exc:  # pragma: no cover - caught above; kept for a changed check
        raise ImportRefused(f"{name}: {exc}") from None
    except _Unreadable as exc:
        raise ImportRefused(f"{name} is not a readable progress file ({exc}). Nothing was changed.") from None


# --------------------------------------------------------------------------------------------
# Merging
# --------------------------------------------------------------------------------------------


@dataclass
class MergeReport:
    """What an import did, in numbers and in one sentence (``text``)."""

    attempts_added: int = 0
    attempts_known: int = 0
    lessons_changed: int = 0
    survey_added: int = 0
    survey_newer: int = 0
    survey_kept: int = 0
    claim_test_taken: int = 0
    name_taken: bool = False

    @property
    def text(self) -> str:
        parts = [f"{self.attempts_added} quiz answer{'s' if self.attempts_added != 1 else ''} added"]
        if self.attempts_known:
            parts.append(f"{self.attempts_known} already here")
        if self.lessons_changed:
            parts.append(f"{self.lessons_changed} lesson mark{'s' if self.lessons_changed != 1 else ''} updated")
        survey = self.survey_added + self.survey_newer
        if survey:
            parts.append(f"{survey} belief-survey answer{'s' if survey != 1 else ''} taken from the file")
        if self.claim_test_taken:
            parts.append(f"{self.claim_test_taken} claim-test sitting{'s' if self.claim_test_taken != 1 else ''} "
                         "or answers taken from the file")
        if self.survey_kept:
            parts.append(f"{self.survey_kept} newer survey answer{'s' if self.survey_kept != 1 else ''} kept from this copy")
        if self.name_taken:
            parts.append("display name taken from the file")
        return "Imported: " + "; ".join(parts) + "."


def _attempt_key(a: Mapping[str, Any]) -> str:
    """Identity of an answer: the same question, time, response and result."""
    return json.dumps([a.get("question"), a.get("time"), a.get("response"), a.get("correct"),
                       a.get("attempt"), a.get("source")], sort_keys=True, default=str)


def _earliest(*times):
    found = [t for t in times if isinstance(t, str) and t]
    return min(found) if found else None


def _latest(*times):
    found = [t for t in times if isinstance(t, str) and t]
    return max(found) if found else None


def merge_records(current: Mapping[str, Any], incoming: Mapping[str, Any]) -> tuple[dict, MergeReport]:
    """Both records in one, losing neither (see the module docstring). Pure: returns a new record.

    Answers are kept in time order (answers without a time keep their place after those with
    one). The record created first keeps its ``quiz_seed`` and ``learner_id``, so the final quiz
    stays the one the learner started with and their reports keep one id.
    """
    merged = copy.deepcopy(dict(current))
    report = MergeReport()

    seen = {_attempt_key(a) for a in merged.get("attempts", [])}
    attempts = list(merged.get("attempts", []))
    for a in incoming.get("attempts", []):
        key = _attempt_key(a)
        if key in seen:
            report.attempts_known += 1
            continue
        seen.add(key)
        attempts.append(copy.deepcopy(a))
        report.attempts_added += 1
    merged["attempts"] = sorted(attempts, key=lambda a: (not isinstance(a.get("time"), str), a.get("time") or ""))

    lessons = merged.setdefault("lessons", {})
    for number, theirs in incoming.get("lessons", {}).items():
        mine = lessons.get(number)
        if mine is None:
            lessons[number] = copy.deepcopy(theirs)
            report.lessons_changed += 1
            continue
        combined = {**theirs, **mine,
                    "opened": _earliest(mine.get("opened"), theirs.get("opened")),
                    "last_opened": _latest(mine.get("last_opened"), theirs.get("last_opened")),
                    "completed": _earliest(mine.get("completed"), theirs.get("completed"))}
        if combined != mine:
            lessons[number] = combined
            report.lessons_changed += 1

    survey = merged.setdefault("survey", {})
    for phase, answers in incoming.get("survey", {}).items():
        if not isinstance(answers, Mapping):
            continue
        mine = survey.setdefault(phase, {})
        for claim_id, theirs in answers.items():
            if not isinstance(theirs, Mapping):
                continue  # not a survey answer: nothing to take
            if claim_id not in mine:
                mine[claim_id] = copy.deepcopy(theirs)
                report.survey_added += 1
            elif mine[claim_id] != theirs:
                if str(theirs.get("time") or "") > str(mine[claim_id].get("time") or ""):
                    mine[claim_id] = copy.deepcopy(theirs)
                    report.survey_newer += 1
                else:
                    report.survey_kept += 1

    # predictions (optional field): the first made of an Explore is the one kept
    theirs_p = incoming.get("predictions")
    if isinstance(theirs_p, Mapping) and isinstance(merged.setdefault("predictions", {}), dict):
        mine_p = merged["predictions"]
        for key, theirs in theirs_p.items():
            mine = mine_p.get(key)
            if isinstance(theirs, Mapping) and (not isinstance(mine, Mapping)
                                                or str(theirs.get("time") or "~") < str(mine.get("time") or "~")):
                mine_p[key] = copy.deepcopy(dict(theirs))

    # the claim-evaluation test (optional field): joined sitting by sitting (course.claim_record)
    joined, taken = merged_claim_test(merged.get(CLAIM_FIELD), incoming.get(CLAIM_FIELD))
    if joined is not None:
        merged[CLAIM_FIELD] = joined
        report.claim_test_taken = taken

    if not merged.get("display_name") and incoming.get("display_name"):
        merged["display_name"] = incoming["display_name"]
        report.name_taken = True
    first = _earliest(current.get("created"), incoming.get("created"))
    if first and first == incoming.get("created") and first != current.get("created"):
        merged["created"] = incoming["created"]
        for key in ("quiz_seed", "learner_id"):  # the learner stays the one who started first
            if incoming.get(key):
                merged[key] = incoming[key]
    for key, value in incoming.items():
        merged.setdefault(key, copy.deepcopy(value))
    merged["cards"] = build_cards(merged["attempts"])
    return merged, report


def import_progress(source: str | Path | bytes, store=None) -> MergeReport:
    """Merge a downloaded record into the learner's progress file (a backup copy is made first).

    Raises ``ImportRefused`` (nothing changed) for a file that cannot be imported, and
    ``course.progress.ProgressError`` when the progress file itself cannot be written.
    """
    incoming = read_incoming(source)
    store = store or default_store()
    result: list[MergeReport] = []

    def change(record):
        merged, report = merge_records(record, incoming)
        record.clear()
        record.update(merged)
        result.append(report)

    store.update(change, backup="before-import")
    return result[0]
