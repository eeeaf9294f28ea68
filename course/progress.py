"""The learner's progress: quiz answers, belief-survey answers, lessons opened and completed.

One JSON file per learner, kept outside the repository so that ``git pull`` never touches it:
``progress.json`` in ``platformdirs.user_data_dir("back-muscle-therapy")`` (on Linux
``~/.local/share/back-muscle-therapy``), or the file named by the environment variable
``COURSE_PROGRESS_FILE``.

The store never loses data:

- every change is a read-modify-write under a file lock (``progress.json.lock``), so two lessons
  open at once (two kernels) cannot overwrite each other's answers;
- the new content is written to a temporary file in the same folder, which then replaces the old
  file (``os.replace`` is atomic), so a kernel killed mid-write leaves the old file or the new one,
  never half of one;
- a file that cannot be read is moved aside as ``progress.corrupt-YYYYmmdd-HHMMSS.json``, with a
  message saying where it went, and a fresh record is started; it is never overwritten;
- the record carries ``schema_version``; an older record is migrated step by step with
  :data:`MIGRATIONS` (the original is kept as a backup first); a record from a newer version of
  the course is left untouched and reported;
- resetting (one lesson or everything) keeps a backup copy of the whole record first.

>>> import tempfile
>>> with tempfile.TemporaryDirectory() as folder:
...     store = ProgressStore(Path(folder) / "progress.json")
...     store.record_lesson("01", "opened")
...     entry = store.add_attempt("01_back_pain_basics/fascia-role", 1, correct=False, attempt=1)
...     record = store.load()
>>> record["lessons"]["01"]["completed"], record["attempts"][0]["answer"]
(None, 'Multifidus')
"""

from __future__ import annotations

import argparse
import copy
import json
import os
import secrets
import shutil
import sys
import tempfile
from collections.abc import Callable
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

APP_NAME = "back-muscle-therapy"
ENV_VAR = "COURSE_PROGRESS_FILE"
FILE_NAME = "progress.json"
SCHEMA_VERSION = 1
LOCK_TIMEOUT = 10.0  # seconds a lesson waits for another one to finish writing

#: ``MIGRATIONS[v]`` turns a record of schema version ``v`` into version ``v + 1``. When the record
#: changes shape, raise SCHEMA_VERSION and add the step here; old files are then upgraded on the
#: next write (after a backup copy is made).
MIGRATIONS: dict[int, Callable[[dict], dict]] = {}

PHASES = ("before", "after")
LESSON_EVENTS = ("opened", "completed")
#: Where an answer was given: in a lesson's own quiz, in lesson 09's final mixed quiz, or in the
#: short review that opens every lesson from 02 on.
SOURCES = ("lesson", "final", "review")


class ProgressError(RuntimeError):
    """Progress cannot be read or saved; the message says why and what to do."""


class ProgressUnavailable(ProgressError):
    """The progress file's folder cannot be written (read-only home), or stays locked."""


class NewerProgressFile(ProgressError):
    """The progress file was written by a newer version of the course; it is left untouched."""


class _Unreadable(ValueError):
    """The file exists but is not a progress record this course can read (moved aside)."""


# --------------------------------------------------------------------------------------------
# Where the file lives
# --------------------------------------------------------------------------------------------


def progress_path() -> Path:
    """The learner's progress file: ``$COURSE_PROGRESS_FILE``, else the per-user data folder.

    >>> progress_path().name  # the test suite points the variable at a temporary progress.json
    'progress.json'
    """
    override = os.environ.get(ENV_VAR, "").strip()
    if override:
        return Path(override).expanduser()
    from platformdirs import user_data_dir

    return Path(user_data_dir(APP_NAME, appauthor=False)) / FILE_NAME


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def _stamp() -> str:
    return datetime.now().strftime("%Y%m%d-%H%M%S")


def new_record() -> dict:
    """An empty progress record of the current schema version.

    ``quiz_seed`` is a random token that keeps lesson 09's final quiz the same for this learner
    between runs; it identifies no one.

    >>> sorted(new_record())
    ['attempts', 'created', 'display_name', 'lessons', 'quiz_seed', 'schema_version', 'survey', 'updated']
    """
    now = _now()
    return {
        "schema_version": SCHEMA_VERSION,
        "created": now,
        "updated": now,
        "display_name": None,
        "quiz_seed": secrets.token_hex(8),
        "lessons": {},
        "attempts": [],
        "survey": {phase: {} for phase in PHASES},
    }


# --------------------------------------------------------------------------------------------
# Reading, checking and migrating a record
# --------------------------------------------------------------------------------------------


def migrate(record: dict) -> dict:
    """Bring a record to :data:`SCHEMA_VERSION`, one step of :data:`MIGRATIONS` at a time.

    Raises ``NewerProgressFile`` for a record from a newer course, and a ``ValueError`` when the
    version is missing, invalid, or has no migration.

    >>> migrate({"schema_version": 1})["schema_version"]
    1
    >>> migrate({"schema_version": 99})
    Traceback (most recent call last):
    ...
    course.progress.NewerProgressFile: this progress file has schema version 99, but this copy of the course reads versions up to 1: it was written by a newer version of the course. Update the course (git pull, then make lab) to keep using it; the file was left untouched.
    """
    version = record.get("schema_version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise _Unreadable(f"'schema_version' must be a whole number of at least 1, got {version!r}")
    if version > SCHEMA_VERSION:
        raise NewerProgressFile(
            f"this progress file has schema version {version}, but this copy of the course reads "
            f"versions up to {SCHEMA_VERSION}: it was written by a newer version of the course. "
            "Update the course (git pull, then make lab) to keep using it; the file was left untouched."
        )
    while version < SCHEMA_VERSION:
        step = MIGRATIONS.get(version)
        if step is None:
            raise _Unreadable(f"no migration from schema version {version} to {version + 1}")
        record = step(copy.deepcopy(record))
        version += 1
        record["schema_version"] = version
    return record


def _check(record: Any) -> dict:
    """The record, checked field by field (missing optional fields are filled in)."""
    if not isinstance(record, dict):
        raise _Unreadable(f"expected a JSON object, found {type(record).__name__}")
    record = migrate(record)
    fresh = new_record()
    for key in ("created", "updated", "quiz_seed"):
        if not isinstance(record.get(key), str):
            record[key] = fresh[key]
    if record.get("display_name") is not None and not isinstance(record["display_name"], str):
        raise _Unreadable("'display_name' must be text or null")
    record.setdefault("display_name", None)
    for key, kind in (("lessons", dict), ("attempts", list), ("survey", dict)):
        value = record.setdefault(key, fresh[key])
        if not isinstance(value, kind):
            raise _Unreadable(f"'{key}' must be a JSON {'object' if kind is dict else 'array'}")
    if not all(isinstance(a, dict) and isinstance(a.get("question"), str) for a in record["attempts"]):
        raise _Unreadable("every entry of 'attempts' must be an object with a 'question'")
    for phase in PHASES:
        if not isinstance(record["survey"].setdefault(phase, {}), dict):
            raise _Unreadable(f"'survey.{phase}' must be a JSON object")
    if not all(isinstance(v, dict) for v in record["lessons"].values()):
        raise _Unreadable("every entry of 'lessons' must be an object")
    return record


def lesson_number(question_full_id: str) -> str:
    """The lesson number of a question id such as '01_back_pain_basics/fascia-role'.

    >>> lesson_number("01_back_pain_basics/fascia-role")
    '01'
    """
    stem = question_full_id.split("/", 1)[0]
    return stem[:2] if stem[:2].isdigit() else stem


def _json_safe(value: Any) -> Any:
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    if isinstance(value, (list, tuple)):
        return [_json_safe(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _json_safe(v) for k, v in value.items()}
    return str(value)


def response_text(question_full_id: str, response: Any) -> str:
    """A response in words: option texts instead of option numbers, items joined by arrows.

    Falls back to the response itself when the question is not in the course's banks.

    >>> response_text("01_back_pain_basics/fascia-role", 1)
    'Multifidus'
    >>> response_text("no_such_lesson/x", 2.5)
    '2.5'
    >>> response_text("no_such_lesson/x", {"week": 6, "cohort": "acute"})
    'week = 6, cohort = acute'
    """
    from .quiz import ChoiceQuestion, OrderQuestion, QuizBankError, load_bank

    stem, _, qid = question_full_id.partition("/")
    try:
        question = load_bank(stem).question(qid)
    except QuizBankError:
        question = None
    if isinstance(question, ChoiceQuestion):
        chosen = response if isinstance(response, (list, tuple)) else [response]
        texts = []
        for r in chosen:
            if isinstance(r, int) and not isinstance(r, bool) and 0 <= r < len(question.options):
                texts.append(question.options[r].text)
            else:
                texts.append(str(r))
        return " + ".join(texts)
    if isinstance(question, OrderQuestion) and isinstance(response, (list, tuple)):
        return " → ".join(str(r) for r in response)
    if isinstance(response, (list, tuple)):
        return ", ".join(str(r) for r in response)
    if isinstance(response, dict):  # an explorer's settings
        return ", ".join(f"{k} = {v}" for k, v in response.items())
    return str(response)


# --------------------------------------------------------------------------------------------
# The store
# --------------------------------------------------------------------------------------------


def _print_notice(message: str) -> None:
    print(message, file=sys.stderr)


class ProgressStore:
    """Read and change one progress file safely (see the module docstring).

    Parameters
    ----------
    path : str or Path, optional
        The progress file; :func:`progress_path` by default.
    notify : callable, optional
        Called with a message for the learner when something needed attention (a file that could
        not be read was moved aside, an old file was upgraded). Printed to stderr by default.

    Attributes
    ----------
    notices : list of str
        Every message given through ``notify`` by this store.
    """

    def __init__(self, path: str | Path | None = None, notify: Callable[[str], None] | None = None):
        self.path = Path(path) if path is not None else progress_path()
        self._notify = notify or _print_notice
        self.notices: list[str] = []
        #: The backup copy made by the last :meth:`update` called with ``backup``.
        self.last_backup: Path | None = None

    def __repr__(self) -> str:
        return f"ProgressStore({str(self.path)!r})"

    # -- plumbing -------------------------------------------------------------------------------
    def notify(self, message: str) -> None:
        self.notices.append(message)
        self._notify(message)

    def _unwritable(self, exc: OSError) -> ProgressUnavailable:
        reason = exc.strerror or str(exc)
        return ProgressUnavailable(
            f"your progress cannot be saved: {self.path.parent} is not writable ({reason}). Set "
            f"the environment variable {ENV_VAR} to a file in a folder you can write, then restart "
            "the kernel. Quizzes still work; answers are just not kept."
        )

    def _lock(self):
        from filelock import FileLock

        return FileLock(str(self.path) + ".lock", timeout=LOCK_TIMEOUT)

    def _sibling(self, label: str) -> Path:
        """A new file beside the progress file: progress.<label>-YYYYmmdd-HHMMSS.json (never reused)."""
        base = f"{self.path.stem}.{label}-{_stamp()}"
        candidate = self.path.with_name(base + self.path.suffix)
        n = 2
        while candidate.exists():
            candidate = self.path.with_name(f"{base}-{n}{self.path.suffix}")
            n += 1
        return candidate

    def _parse(self) -> tuple[dict | None, int | None]:
        """(record, version it was stored with), or (None, None) when there is no file yet."""
        try:
            raw = self.path.read_bytes()
        except (FileNotFoundError, NotADirectoryError):
            return None, None
        except OSError as exc:
            raise ProgressUnavailable(f"your progress file {self.path} cannot be read ({exc.strerror or exc}); "
                                      "it was left as it is.") from None
        try:
            data = json.loads(raw.decode("utf-8"))
        except UnicodeDecodeError as exc:
            raise _Unreadable(f"not UTF-8 text ({exc.reason})") from None
        except json.JSONDecodeError as exc:
            raise _Unreadable(f"not valid JSON: {exc.msg} at line {exc.lineno}, column {exc.colno}") from None
        version = data.get("schema_version") if isinstance(data, dict) else None
        return _check(data), version

    def _move_aside(self, reason: str) -> Path:
        target = self._sibling("corrupt")
        os.replace(self.path, target)
        self.notify(
            f"⚠ Your progress file could not be read ({reason}). It was kept as {target} and a "
            "fresh record was started; nothing was overwritten."
        )
        return target

    def _write(self, record: dict) -> None:
        folder = self.path.parent
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=f".{self.path.name}.", suffix=".tmp")
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                json.dump(record, fh, ensure_ascii=False, indent=1)
                fh.write("\n")
                fh.flush()
                os.fsync(fh.fileno())
            os.replace(tmp, self.path)
        except BaseException:
            try:
                os.unlink(tmp)
            except FileNotFoundError:
                pass
            raise

    # -- reading and changing -------------------------------------------------------------------
    def load(self) -> dict:
        """The current record (a fresh, unsaved one when there is no file yet).

        A file that cannot be read is moved aside (when the folder is writable) and reported.
        """
        try:
            record, _ = self._parse()
        except _Unreadable as exc:
            try:
                return self.update(lambda record: None, _return_record=True)
            except ProgressUnavailable:
                self.notify(f"⚠ Your progress file {self.path} could not be read ({exc}), and its folder "
                            "is not writable, so it was left as it is; this session starts from nothing.")
                return new_record()
        return record if record is not None else new_record()

    def update(self, change: Callable[[dict], Any], *, backup: str | None = None,
               _return_record: bool = False) -> Any:
        """Apply ``change(record)`` under the lock and save the result atomically.

        Parameters
        ----------
        change : callable
            Changes the record in place; its return value is returned.
        backup : str, optional
            When given, the file is first copied to ``progress.<backup>-YYYYmmdd-HHMMSS.json``.

        Raises
        ------
        ProgressUnavailable
            The folder is not writable, or another lesson held the lock for too long.
        NewerProgressFile
            The file comes from a newer version of the course (it is not changed).
        """
        from filelock import Timeout

        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            with self._lock():
                try:
                    record, stored_version = self._parse()
                except _Unreadable as exc:
                    self._move_aside(str(exc))
                    record, stored_version = None, None
                if record is None:
                    record = new_record()
                elif stored_version != SCHEMA_VERSION:
                    kept = self._sibling(f"v{stored_version}-backup")
                    shutil.copy2(self.path, kept)
                    self.notify(f"Your progress file was upgraded to the course's current format; "
                                f"the old one is kept as {kept}.")
                if backup and self.path.exists():
                    self.last_backup = self._sibling(backup)
                    shutil.copy2(self.path, self.last_backup)
                result = change(record)
                record["updated"] = _now()
                self._write(record)
        except Timeout:
            raise ProgressUnavailable(
                f"your progress file {self.path} stayed locked by another lesson for {LOCK_TIMEOUT:g} s; "
                "your answer was not saved. If no other lesson is running, delete "
                f"{self.path.name}.lock and try again."
            ) from None
        except OSError as exc:
            raise self._unwritable(exc) from None
        return record if _return_record else result

    # -- what lessons record --------------------------------------------------------------------
    def add_attempt(self, question_full_id: str, response: Any, *, correct: bool, attempt: int = 1,
                    source: str = "lesson", confidence: str | None = None) -> dict:
        """Record one checked response to a quiz question; returns the entry saved.

        ``confidence`` is what the learner said about the answer (sure, unsure, guessing), if anything.
        """
        if source not in SOURCES:
            raise ValueError(f"source must be one of {', '.join(SOURCES)}, got {source!r}")
        entry = {
            "question": question_full_id,
            "lesson": lesson_number(question_full_id),
            "response": _json_safe(response),
            "answer": response_text(question_full_id, response),
            "correct": bool(correct),
            "confidence": confidence if isinstance(confidence, str) else None,
            "attempt": int(attempt),
            "source": source,
            "time": _now(),
        }
        self.update(lambda record: record["attempts"].append(entry))
        return entry

    def record_attempt(self, question_full_id: str, response: Any, feedback, *, source: str = "lesson") -> dict:
        """The quiz widget's recorder: ``(question_full_id, response, feedback)``."""
        return self.add_attempt(question_full_id, response, correct=feedback.correct,
                                attempt=feedback.attempt or 1, source=source,
                                confidence=getattr(feedback, "confidence", None))

    def record_lesson(self, number: str, event: str) -> None:
        """Note that lesson ``number`` was opened or completed."""
        if event not in LESSON_EVENTS:
            raise ValueError(f"event must be one of {', '.join(LESSON_EVENTS)}, got {event!r}")

        def change(record):
            entry = record["lessons"].setdefault(str(number), {"opened": None, "last_opened": None,
                                                                "completed": None})
            now = _now()
            if event == "opened":
                entry["opened"] = entry.get("opened") or now
                entry["last_opened"] = now
            else:
                entry["completed"] = now

        self.update(change)

    def record_survey(self, phase: str, claim_id: str, answer: dict) -> None:
        """Save one belief-survey answer ``{"stance": ..., "confidence": ...}`` for a claim."""
        if phase not in PHASES:
            raise ValueError(f"phase must be 'before' or 'after', got {phase!r}")
        entry = {"stance": answer.get("stance"), "confidence": answer.get("confidence"), "time": _now()}

        def change(record):
            record["survey"][phase][str(claim_id)] = entry

        self.update(change)

    def set_display_name(self, name: str | None) -> str | None:
        """Set the name shown on reports (the only personal detail the course keeps); None clears it."""
        if name is not None:
            name = " ".join(str(name).split())[:80] or None
        def change(record):
            record["display_name"] = name

        self.update(change)
        return name

    def reset_lesson(self, number: str) -> tuple[int, Path]:
        """Forget one lesson's quiz answers and its opened/completed marks (a backup is kept first).

        Belief-survey answers are kept. Returns how many answers were removed and the backup.
        """
        number = str(number)

        def change(record):
            before = len(record["attempts"])
            record["attempts"] = [a for a in record["attempts"] if a.get("lesson") != number]
            record["lessons"].pop(number, None)
            return before - len(record["attempts"])

        self.last_backup = None
        removed = self.update(change, backup="backup")
        return removed, self.last_backup

    def reset_all(self) -> Path | None:
        """Start a fresh record; the old file is kept as ``progress.backup-YYYYmmdd-HHMMSS.json``."""
        if not self.path.exists():
            return None
        self.last_backup = None
        self.update(lambda record: record.update(new_record()), backup="backup")
        return self.last_backup


def default_store(notify: Callable[[str], None] | None = None) -> ProgressStore:
    """The store of the learner's own progress file (:func:`progress_path`, read at each call)."""
    return ProgressStore(progress_path(), notify=notify)


def record_attempt(question_full_id: str, response: Any, feedback) -> dict:
    """Record a checked quiz response in the learner's progress file (a quiz recorder)."""
    return default_store().record_attempt(question_full_id, response, feedback)


# --------------------------------------------------------------------------------------------
# Summary and command line
# --------------------------------------------------------------------------------------------


def summary_text(record: dict) -> str:
    """A plain-text summary of a record: one line per lesson, then the belief survey."""
    from .reports import lesson_mastery

    lines = []
    name = record.get("display_name")
    lines.append(f"Display name: {name}" if name else "Display name: (not set)")
    lines.append(f"Answers recorded: {len(record['attempts'])}")
    lines.append("")
    for m in lesson_mastery(record):
        status = "completed" if m.completed else ("opened" if m.opened else "not opened")
        quiz = f"{m.correct} of {m.questions} questions right, {m.tried} tried" if m.questions else "no quiz"
        lines.append(f"Lesson {m.number} {m.title}: {status}; {quiz}")
    lines.append("")
    for phase in PHASES:
        n = len(record["survey"].get(phase, {}))
        lines.append(f"Belief survey ({phase}): {n} of 12 claims answered")
    return "\n".join(lines)


def _confirm(prompt: str) -> bool:
    try:
        return input(prompt).strip().lower() in ("y", "yes")
    except EOFError:
        return False


def _cmd_progress(args: argparse.Namespace) -> int:
    store = default_store()
    try:
        if args.import_file:
            if args.reset or args.lesson:
                print("--import is used on its own", file=sys.stderr)
                return 2
            from .progress_transfer import ImportRefused, import_progress

            try:
                report = import_progress(args.import_file, store)
            except ImportRefused as exc:
                print(f"error: {exc}", file=sys.stderr)
                return 1
            print(report.text)
            if store.last_backup:
                print(f"Your progress before the import is kept as {store.last_backup}")
            return 0
        if args.reset:
            number = None
            if args.lesson:
                from .lessons import lesson

                key = args.lesson.strip()
                number = lesson(key.zfill(2) if key.isdigit() else key).number
            what = f"lesson {number}'s quiz answers" if number else "all your progress"
            if not args.yes and not _confirm(f"Forget {what} in {store.path}? A backup is kept. [y/N] "):
                print("Nothing was changed.")
                return 1
            if number:
                removed, kept = store.reset_lesson(number)
                print(f"Lesson {number}: {removed} answer(s) forgotten. Backup: {kept}")
            else:
                kept = store.reset_all()
                print(f"Progress reset. Backup: {kept}" if kept else f"No progress file yet at {store.path}.")
            return 0
        if args.lesson:
            print("--lesson is used with --reset", file=sys.stderr)
            return 2
        print(f"Progress file: {store.path}" + ("" if store.path.exists() else " (not created yet)"))
        print(summary_text(store.load()))
    except (ProgressError, ValueError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    return 0


def register_cli(subparsers: argparse._SubParsersAction) -> None:
    """Add ``progress`` to ``python -m course``."""
    p = subparsers.add_parser(
        "progress",
        help=f"show your progress (file: ${ENV_VAR} or your user data folder); --reset to start afresh; "
             "--import FILE to merge in a copy downloaded earlier",
    )
    p.add_argument("--reset", action="store_true", help="forget recorded progress (a backup is kept)")
    p.add_argument("--lesson", metavar="NN", help="with --reset: forget only this lesson's quiz answers")
    p.add_argument("--yes", action="store_true", help="with --reset: do not ask for confirmation")
    p.add_argument("--import", dest="import_file", metavar="FILE",
                   help="merge a progress file downloaded earlier (for example from Binder) into yours; "
                        "both sides are kept")
    p.set_defaults(func=_cmd_progress)
