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
- every record read (the file, or a file to import) is checked against one JSON schema,
  ``data/schema/progress.schema.json``; a file nested too deeply, holding a number that is not
  finite (``NaN``), or with a field of the wrong kind counts as unreadable, and the message names
  the first bad field;
- an answer that cannot be saved at once (another lesson is saving, the disk is full) waits in
  memory and is saved at the next chance (:class:`Saver`); the quiz says so under its feedback;
- the record carries ``schema_version``; an older record is migrated step by step with
  :data:`MIGRATIONS` (the original is kept as a backup first); a record from a newer version of
  the course is left untouched and reported;
- the review cards (``cards``, one per question, :mod:`course.review_cards`) are a cache of the
  answers: brought up to date from them whenever a record is read or changed, so a card that is
  out of date, damaged or made up is rebuilt and never stops a lesson;
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

import copy
import json
import math
import os
import secrets
import shutil
import stat
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from .banks import response_text
from .paths import PROGRESS_ENV_VAR as ENV_VAR
from .paths import REPO_DIR, progress_path
from .review_cards import build_cards, refreshed_cards
from .schemas import jsonschema

SCHEMA_VERSION = 2
LOCK_TIMEOUT = 10.0  # seconds a lesson waits for another one to finish writing
#: The longest display name kept (longer ones are cut).
NAME_MAX = 80
#: How deeply lists and objects may be nested in a record (a real record needs 5 levels).
MAX_DEPTH = 32
#: A temporary file left beside the progress file for this many seconds was left by a writer that
#: was stopped mid-write; it is removed at the next save.
STALE_TEMP_SECONDS = 60.0
SCHEMA_FILE = Path("schema") / "progress.schema.json"

#: ``MIGRATIONS[v]`` turns a record of schema version ``v`` into version ``v + 1``. When the record
#: changes shape, raise SCHEMA_VERSION and add the step here; old files are then upgraded on the
#: next write (after a backup copy is made).
MIGRATIONS: dict[int, Callable[[dict], dict]] = {}


def _v1_to_v2(record: dict) -> dict:
    """Version 2 adds the review cards (``cards``), rebuilt from the answers; nothing else changes
    (every answer and every field, known or not, stays as it was)."""
    record["cards"] = build_cards(record.get("attempts", []))
    return record


MIGRATIONS[1] = _v1_to_v2

PHASES = ("before", "after")
LESSON_EVENTS = ("opened", "completed")
#: Where an answer was given: in a lesson's own quiz, in lesson 09's final mixed quiz, or in the
#: short review that opens every lesson from 02 on.
SOURCES = ("lesson", "final", "review")


class ProgressError(RuntimeError):
    """Progress cannot be read or saved; the message says why and what to do."""


class ProgressUnavailable(ProgressError):
    """The progress file's folder cannot be written (read-only home), or stays locked."""


class ProgressBusy(ProgressUnavailable):
    """Another lesson holds the progress file's lock: try again in a moment."""


class ChangeRefused(ProgressError):
    """A change would have left the record unreadable (it did not fit the schema); nothing was written."""


class NewerProgressFile(ProgressError):
    """The progress file was written by a newer version of the course; it is left untouched."""


class _Unreadable(ValueError):
    """The file exists but is not a progress record this course can read (moved aside)."""


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def _stamp() -> str:
    return datetime.now().strftime("%Y%m%d-%H%M%S")


def new_learner_id() -> str:
    """A random, anonymous learner id: 8 lower-case hexadecimal digits, made once per record (a
    record written before ids existed gets one on its next save and keeps it).

    >>> len(new_learner_id()), new_learner_id() == new_learner_id()
    (8, False)
    """
    return secrets.token_hex(4)


def new_record() -> dict:
    """An empty progress record of the current schema version.

    ``quiz_seed`` is a random token that keeps lesson 09's final quiz the same for this learner
    between runs; ``learner_id`` is another (:func:`new_learner_id`), carried by the learner's
    reports so that a class summary counts each learner once. Neither identifies anyone.

    >>> sorted(new_record())
    ['attempts', 'cards', 'created', 'display_name', 'learner_id', 'lessons', 'predictions', 'quiz_seed', 'schema_version', 'survey', 'updated']
    """
    now = _now()
    return {
        "schema_version": SCHEMA_VERSION,
        "created": now,
        "updated": now,
        "display_name": None,
        "learner_id": new_learner_id(),
        "quiz_seed": secrets.token_hex(8),
        "lessons": {},
        "attempts": [],
        "survey": {phase: {} for phase in PHASES},
        "cards": {},
        "predictions": {},  # optional: a record without it has no predictions (course.prediction_record)
    }


# --------------------------------------------------------------------------------------------
# Reading, checking and migrating a record
# --------------------------------------------------------------------------------------------


def migrate(record: dict) -> dict:
    """Bring a record to :data:`SCHEMA_VERSION`, one step of :data:`MIGRATIONS` at a time.

    Raises ``NewerProgressFile`` for a record from a newer course, and a ``ValueError`` when the
    version is missing, invalid, or has no migration.

    >>> migrate({"schema_version": 1})["schema_version"]
    2
    >>> migrate({"schema_version": 99})
    Traceback (most recent call last):
    ...
    course.progress.NewerProgressFile: this progress file has schema version 99, but this copy of the course reads versions up to 2: it was written by a newer version of the course. Update the course (git pull, then make lab) to keep using it; the file was left untouched.
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


def _refuse_constant(name: str):
    raise _Unreadable(f"not valid JSON: {name} is not allowed (only finite numbers are)")


def parse_json(raw: bytes) -> Any:
    """Parse the bytes of a record, strictly: UTF-8 JSON, finite numbers, nested at most
    :data:`MAX_DEPTH` deep. Raises ``_Unreadable`` (a ``ValueError``) saying what is wrong.

    >>> parse_json(b'{"a": [1, 2]}')
    {'a': [1, 2]}
    >>> parse_json(b'{"a": NaN}')
    Traceback (most recent call last):
    ...
    course.progress._Unreadable: not valid JSON: NaN is not allowed (only finite numbers are)
    >>> parse_json(b"[" * 40 + b"]" * 40)
    Traceback (most recent call last):
    ...
    course.progress._Unreadable: nested too deeply (more than 32 levels of lists and objects)
    """
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise _Unreadable(f"not UTF-8 text ({exc.reason})") from None
    try:
        data = json.loads(text, parse_constant=_refuse_constant)
    except RecursionError:
        raise _Unreadable(f"nested too deeply (more than {MAX_DEPTH} levels of lists and objects)") from None
    except json.JSONDecodeError as exc:
        raise _Unreadable(f"not valid JSON: {exc.msg} at line {exc.lineno}, column {exc.colno}") from None
    if _depth(data) > MAX_DEPTH:
        raise _Unreadable(f"nested too deeply (more than {MAX_DEPTH} levels of lists and objects)")
    return data


def _depth(data: Any) -> int:
    """How deeply lists and objects are nested (0 for a plain value), without recursion."""
    deepest, stack = 0, [(data, 1)]
    while stack:
        value, level = stack.pop()
        if isinstance(value, dict):
            children = value.values()
        elif isinstance(value, list):
            children = value
        else:
            continue
        deepest = max(deepest, level)
        if deepest > MAX_DEPTH:
            return deepest
        stack.extend((child, level + 1) for child in children)
    return deepest


def schema_path() -> Path:
    """data/schema/progress.schema.json, the shape of every record the course reads."""
    return REPO_DIR / "data" / SCHEMA_FILE


_VALIDATOR = None
_ATTEMPT = None  # (validator of one answer, fast check of one answer or None)


def _validator():
    global _VALIDATOR, _ATTEMPT
    if _VALIDATOR is None:
        schema = json.loads(schema_path().read_text(encoding="utf-8"))
        item = schema["properties"]["attempts"]["items"]
        _ATTEMPT = (jsonschema().Draft202012Validator(item), _fast_check(item))
        _VALIDATOR = jsonschema().Draft202012Validator(schema)
    return _VALIDATOR


_PY_TYPES = {"string": lambda v: isinstance(v, str), "boolean": lambda v: isinstance(v, bool),
             "null": lambda v: v is None, "object": lambda v: isinstance(v, dict),
             "array": lambda v: isinstance(v, list),
             "number": lambda v: isinstance(v, (int, float)) and not isinstance(v, bool),
             "integer": lambda v: (isinstance(v, int) and not isinstance(v, bool))
             or (isinstance(v, float) and v.is_integer())}


def _fast_check(schema: dict) -> Callable[[Any], bool] | None:
    """A quick test of one answer against its part of the schema, for records of thousands of
    answers; None when that part uses a keyword this test does not know (jsonschema then checks
    every answer). It is only a shortcut: whatever it refuses, jsonschema judges and words."""
    if set(schema) - {"type", "required", "properties", "description"} or schema.get("type") != "object":
        return None
    checks = []
    for name, sub in schema.get("properties", {}).items():
        if set(sub) - {"type", "enum", "maxLength", "minLength", "minimum", "description"}:
            return None
        if "enum" in sub and not all(isinstance(e, str) for e in sub["enum"]):
            return None
        kinds = sub.get("type")
        kinds = [kinds] if isinstance(kinds, str) else kinds
        checks.append((name, [_PY_TYPES[k] for k in kinds] if kinds else None, frozenset(sub.get("enum", ())) or None,
                       sub.get("maxLength"), sub.get("minLength"), sub.get("minimum")))
    required = tuple(schema.get("required", ()))

    def ok(item: Any) -> bool:
        if not isinstance(item, dict) or any(r not in item for r in required):
            return False
        for name, kinds, enum, longest, shortest, least in checks:
            if name not in item:
                continue
            v = item[name]
            if kinds is not None and not any(k(v) for k in kinds):
                return False
            if enum is not None and not (isinstance(v, str) and v in enum):
                return False
            if isinstance(v, str) and ((longest is not None and len(v) > longest)
                                       or (shortest is not None and len(v) < shortest)):
                return False
            if least is not None and isinstance(v, (int, float)) and not isinstance(v, bool) and v < least:
                return False
        return True

    return ok


_KIND_WORDS = {"string": "text", "boolean": "true or false", "integer": "a whole number", "number": "a number",
               "object": "a JSON object", "array": "a JSON array", "null": "null"}


def _field_name(path) -> str:
    """'attempts[0].time', 'lessons.01.opened' or 'display_name' for a path into a record."""
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text or "the record"


def _position(record: Any, path) -> tuple:
    """Where a path is in the file, for sorting: the place of each key or item in its parent."""
    places, value = [], record
    for part in path:
        if isinstance(value, dict):
            keys = list(value)
            places.append(keys.index(part) if part in keys else len(keys))
        else:
            places.append(part if isinstance(part, int) else 0)
        try:
            value = value[part]
        except (KeyError, IndexError, TypeError):
            break
    return tuple(places)


def _schema_problem(error, prefix: tuple = ()) -> str:
    """One schema error in words: "'attempts[0].time' must be text, got 5"."""
    path = [*prefix, *error.absolute_path]
    name = _field_name(path)
    v, value = error.validator, error.validator_value
    if v == "type":
        kinds = value if isinstance(value, list) else [value]
        shown = json.dumps(error.instance)
        shown = shown if len(shown) <= 40 else shown[:37] + "..."
        return f"'{name}' must be {' or '.join(_KIND_WORDS.get(k, k) for k in kinds)}, got {shown}"
    if v == "required":
        missing = [f for f in value if f not in error.instance][:1] or value[:1]
        return f"'{_field_name(path + missing)}' is missing"
    if v == "enum":
        return f"'{name}' must be one of {', '.join(map(str, value))}, got {json.dumps(error.instance)[:40]}"
    if v == "maxLength":
        return f"'{name}' must be at most {value} characters, got {len(error.instance)}"
    if v == "minLength":
        return f"'{name}' must not be empty"
    if v == "minimum":
        return f"'{name}' must be at least {value}, got {error.instance}"
    return f"'{name}': {error.message[:200]}"


def schema_problem(record: Any) -> str | None:
    """The first field (in file order) of ``record`` that does not fit the progress schema, in
    words, or None when the record fits.

    >>> schema_problem({**new_record(), "attempts": [{"question": "01_x/y", "time": 5}]})
    "'attempts[0].time' must be text, got 5"
    >>> schema_problem(new_record()) is None
    True
    """
    validator = _validator()
    attempt_validator, fast = _ATTEMPT
    attempts = record.get("attempts") if isinstance(record, dict) else None
    if fast is None or not isinstance(attempts, list):
        errors = [((), e) for e in validator.iter_errors(record)]
    else:  # thousands of answers: each is checked quickly, jsonschema words what is wrong
        errors = [((), e) for e in validator.iter_errors({**record, "attempts": []})]
        bad = next((i for i, a in enumerate(attempts) if not fast(a)), None)
        if bad is not None:
            errors += [(("attempts", bad), e) for e in attempt_validator.iter_errors(attempts[bad])]
    if not errors:
        return None

    def place(item):
        prefix, error = item
        path = [*prefix, *error.absolute_path]
        return _position(record, path), len(path)

    prefix, first = min(errors, key=place)
    return _schema_problem(first, prefix)


def _check(record: Any) -> dict:
    """The record, checked against the schema (missing optional fields are filled in)."""
    if not isinstance(record, dict):
        raise _Unreadable(f"expected a JSON object, found {type(record).__name__}")
    record = migrate(record)
    fresh = new_record()
    for key in ("created", "updated", "quiz_seed", "display_name", "lessons", "attempts", "survey"):
        record.setdefault(key, fresh[key])
    if isinstance(record["survey"], dict):
        for phase in PHASES:
            record["survey"].setdefault(phase, {})
    record["cards"] = refreshed_cards(record.get("cards"), record["attempts"])
    problem = schema_problem(record)
    if problem:
        raise _Unreadable(problem)
    return record


def lesson_number(question_full_id: str) -> str:
    """The lesson number of a question id such as '01_back_pain_basics/fascia-role'.

    >>> lesson_number("01_back_pain_basics/fascia-role")
    '01'
    """
    stem = question_full_id.split("/", 1)[0]
    return stem[:2] if stem[:2].isdigit() else stem


def _json_safe(value: Any) -> Any:
    """A value as JSON can hold it: a number that is not finite becomes text ('nan', 'inf')."""
    if isinstance(value, float) and not math.isfinite(value):
        return str(value)
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    if isinstance(value, (list, tuple)):
        return [_json_safe(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _json_safe(v) for k, v in value.items()}
    return str(value)


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
        advice = (f"Set the environment variable {ENV_VAR} to a file in a folder you can write, then "
                  "restart the kernel. Quizzes still work; answers are just not kept.")
        blocker = next((p for p in reversed(self.path.parents) if p.exists() and not p.is_dir()), None)
        if blocker is not None:
            return ProgressUnavailable(f"your progress cannot be saved: {blocker} is a file, not a folder, so "
                                       f"{self.path} cannot be created. {advice}")
        lock = str(self.path) + ".lock"
        if exc.filename is not None and os.fspath(exc.filename) == lock:
            return ProgressUnavailable(
                f"your progress cannot be saved: the lock file {lock} cannot be opened ({reason}). If no "
                "other lesson is running, delete that file (or make it writable) and check again.")
        return ProgressUnavailable(f"your progress cannot be saved: {self.path.parent} is not writable "
                                   f"({reason}). {advice}")

    def _lock(self, timeout: float | None = None):
        from filelock import FileLock

        return FileLock(str(self.path) + ".lock", timeout=LOCK_TIMEOUT if timeout is None else timeout)

    def _target(self) -> Path:
        """The file written: the progress file, or the file it links to (a link is kept as a link)."""
        return Path(os.path.realpath(self.path)) if self.path.is_symlink() else self.path

    def _sibling(self, label: str, beside: Path | None = None) -> Path:
        """A new file beside the progress file: progress.<label>-YYYYmmdd-HHMMSS.json (never reused)."""
        beside = beside or self.path
        base = f"{beside.stem}.{label}-{_stamp()}"
        candidate = beside.with_name(base + beside.suffix)
        n = 2
        while candidate.exists():
            candidate = beside.with_name(f"{base}-{n}{beside.suffix}")
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
        data = parse_json(raw)
        version = data.get("schema_version") if isinstance(data, dict) else None
        return _check(data), version

    def _move_aside(self, reason: str) -> Path:
        real = self._target()  # through a link: the damaged file itself moves, the link stays
        target = self._sibling("corrupt", beside=real)
        os.replace(real, target)
        self.notify(
            f"⚠ Your progress file could not be read ({reason}). It was kept as {target} and a "
            "fresh record was started; nothing was overwritten."
        )
        return target

    def _remove_stale_temps(self, target: Path) -> None:
        """Remove temporary files that writers stopped mid-write left beside the file (under the lock)."""
        now = time.time()
        for tmp in target.parent.glob(f".{target.name}.*.tmp"):
            try:
                if now - tmp.stat().st_mtime > STALE_TEMP_SECONDS:
                    tmp.unlink()
            except OSError:
                pass

    def _write(self, record: dict) -> None:
        target = self._target()
        self._remove_stale_temps(target)
        text = json.dumps(record, ensure_ascii=False, indent=1, allow_nan=False) + "\n"
        try:
            mode = stat.S_IMODE(target.stat().st_mode)
        except FileNotFoundError:
            mode = None  # a new file: readable by its owner only
        fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                if mode is not None:
                    os.fchmod(fh.fileno(), mode)
                fh.write(text)
                fh.flush()
                os.fsync(fh.fileno())
            os.replace(tmp, target)
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
               timeout: float | None = None, _return_record: bool = False) -> Any:
        """Apply ``change(record)`` under the lock and save the result atomically.

        Parameters
        ----------
        change : callable
            Changes the record in place; its return value is returned.
        backup : str, optional
            When given, the file is first copied to ``progress.<backup>-YYYYmmdd-HHMMSS.json``.
        timeout : float, optional
            Seconds to wait for another lesson to finish writing (:data:`LOCK_TIMEOUT` by default;
            0 tries once).

        Raises
        ------
        ProgressBusy
            Another lesson held the lock for longer than ``timeout`` (nothing was changed).
        ProgressUnavailable
            The folder or the lock file is not writable.
        NewerProgressFile
            The file comes from a newer version of the course (it is not changed).
        """
        from filelock import Timeout

        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            with self._lock(timeout):
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
                record.setdefault("learner_id", new_learner_id())  # records made before ids existed
                result = change(record)
                record["cards"] = refreshed_cards(record.get("cards"), record.get("attempts"))
                record["updated"] = _now()
                problem = schema_problem(record)
                if problem:
                    raise ChangeRefused(f"this change would leave your progress file unreadable ({problem}); "
                                        "nothing was written.")
                self._write(record)
        except Timeout:
            waited = LOCK_TIMEOUT if timeout is None else timeout
            if waited > 0:
                raise ProgressBusy(
                    f"your progress file {self.path} stayed locked by another lesson for {waited:g} s; "
                    "your answer was not saved. If no other lesson is running, delete "
                    f"{self.path.name}.lock and try again."
                ) from None
            raise ProgressBusy(f"your progress file {self.path} is busy: another lesson is saving to it") from None
        except OSError as exc:
            raise self._unwritable(exc) from None
        return record if _return_record else result

    # -- what lessons record --------------------------------------------------------------------
    def add_attempt(self, question_full_id: str, response: Any, *, correct: bool, attempt: int = 1,
                    source: str = "lesson", confidence: str | None = None) -> dict:
        """Record one checked response to a quiz question; returns the entry saved.

        ``confidence`` is what the learner said about the answer (sure, unsure, guessing), if anything.
        """
        entry = make_attempt(question_full_id, response, correct=correct, attempt=attempt, source=source,
                             confidence=confidence)
        self.update(lambda record: record["attempts"].append(entry))
        return entry

    def record_attempt(self, question_full_id: str, response: Any, feedback, *, source: str = "lesson") -> dict:
        """The quiz widget's recorder: ``(question_full_id, response, feedback)``."""
        return self.add_attempt(question_full_id, response, correct=feedback.correct,
                                attempt=feedback.attempt or 1, source=source,
                                confidence=getattr(feedback, "confidence", None))

    def record_lesson(self, number: str, event: str) -> None:
        """Note that lesson ``number`` was opened or completed."""
        self.update(lesson_change(number, event))

    def record_survey(self, phase: str, claim_id: str, answer: dict) -> None:
        """Save one belief-survey answer ``{"stance": ..., "confidence": ...}`` for a claim."""
        self.update(survey_change(phase, claim_id, answer))

    def set_display_name(self, name: str | None) -> str | None:
        """Set the name shown on reports (the only personal detail the course keeps); None clears it.

        Spaces are tidied and the name is cut to :data:`NAME_MAX` characters."""
        if name is not None:
            name = " ".join(str(name).split())[:NAME_MAX] or None
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


def make_attempt(question_full_id: str, response: Any, *, correct: bool, attempt: int = 1,
                 source: str = "lesson", confidence: str | None = None) -> dict:
    """The entry that records one checked response (see :meth:`ProgressStore.add_attempt`)."""
    if source not in SOURCES:
        raise ValueError(f"source must be one of {', '.join(SOURCES)}, got {source!r}")
    return {
        "question": question_full_id,
        "lesson": lesson_number(question_full_id),
        "response": _json_safe(response),
        "answer": response_text(question_full_id, response),
        "correct": bool(correct),
        "confidence": confidence if isinstance(confidence, str) else None,
        "attempt": max(1, int(attempt)),
        "source": source,
        "time": _now(),
    }


def lesson_change(number: str, event: str) -> Callable[[dict], None]:
    """The change that notes lesson ``number`` was opened or completed (for :meth:`ProgressStore.update`)."""
    if event not in LESSON_EVENTS:
        raise ValueError(f"event must be one of {', '.join(LESSON_EVENTS)}, got {event!r}")
    when = _now()

    def change(record):
        entry = record["lessons"].setdefault(str(number), {"opened": None, "last_opened": None,
                                                            "completed": None})
        if event == "opened":
            entry["opened"] = entry.get("opened") or when
            entry["last_opened"] = when
        else:
            entry["completed"] = when

    return change


def survey_change(phase: str, claim_id: str, answer: dict) -> Callable[[dict], None]:
    """The change that saves one belief-survey answer (for :meth:`ProgressStore.update`)."""
    if phase not in PHASES:
        raise ValueError(f"phase must be 'before' or 'after', got {phase!r}")
    entry = {"stance": answer.get("stance"), "confidence": answer.get("confidence"), "time": _now()}

    def change(record):
        record["survey"][phase][str(claim_id)] = entry

    return change


def default_store(notify: Callable[[str], None] | None = None) -> ProgressStore:
    """The store of the learner's own progress file (:func:`progress_path`, read at each call)."""
    return ProgressStore(progress_path(), notify=notify)


def record_attempt(question_full_id: str, response: Any, feedback) -> dict:
    """Record a checked quiz response in the learner's progress file (a quiz recorder)."""
    return default_store().record_attempt(question_full_id, response, feedback)
