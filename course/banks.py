"""Quiz banks: finding, loading and validating them, and ``python -m course check-quizzes``.

Each lesson has one bank, ``data/quizzes/NN_topic.yml`` (the format is described in
``data/quizzes/README.md`` and ``data/schema/quiz.schema.json``). A bank is read with a strict YAML
loader (no key twice, no aliases), checked against the schema and against the course data
(reference keys, claim ids, one correct option), and built into the questions of ``course.quiz``.

>>> bank = load_bank("01")
>>> bank.lesson, find_question("01_back_pain_basics/fascia-role").quiz_id
('01_back_pain_basics', '1.1')
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from .evidence import LEVELS, EvidenceError, claims, references
from .ihc_concepts import ConceptsError, codes as concept_codes
from .lessons import lessons
from .paths import data_dir, data_file, display_path
from .schemas import jsonschema
from .explorer_questions import ExplorerQuestion  # noqa: F401  (loading it registers the kind 'explorer')
from .prediction_bank import Prediction, build_predictions, prediction_problems
from .quiz import (
    DEFAULT_MAX_TRIES,
    KIND_CLASSES,
    Question,
    _close,
    _finite_problem,
    _fmt,
    _quote_list,
    plain_response_text,
    ref_problems,
)

QUIZZES_FOLDER = "quizzes"
SCHEMA_FILE = Path("schema") / "quiz.schema.json"
#: The kinds of question, in the order they are defined: course.quiz's kinds, then the explorer's
#: (``ExplorerQuestion``, imported above, joins KIND_CLASSES when course.explorer_questions loads).
KINDS = tuple(KIND_CLASSES)
#: A bank file larger than this is refused unread (the largest bank of the course is under 20 kB).
MAX_BANK_BYTES = 1024 * 1024


class QuizBankError(ValueError):
    """A quiz bank is missing, unknown or invalid. ``messages`` holds one line per problem."""

    def __init__(self, messages: str | list[str]):
        self.messages = [messages] if isinstance(messages, str) else list(messages)
        super().__init__("\n".join(self.messages))



# --------------------------------------------------------------------------------------------
# Banks
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Bank:
    """The quizzes of one lesson, by quiz id ('1.1'), in the order of the file."""

    lesson: str
    title: str
    path: Path
    quizzes: dict[str, tuple[Question, ...]]
    #: The predictions shown before the lesson's Explores, by Explore id (``course.prediction_bank``).
    predictions: dict[str, Prediction] = field(default_factory=dict)

    @property
    def questions(self) -> list[Question]:
        """Every question of the bank, in order."""
        return [q for qs in self.quizzes.values() for q in qs]

    def quiz(self, quiz_id: str) -> tuple[Question, ...]:
        """The questions of one quiz; an unknown id raises an error listing the ids that exist."""
        quiz_id = str(quiz_id)
        if quiz_id not in self.quizzes:
            raise QuizBankError(
                f"{display_path(self.path)}: no quiz '{quiz_id}'. Quizzes in this bank: "
                f"{', '.join(self.quizzes)}"
            )
        return self.quizzes[quiz_id]

    def question(self, question_id: str) -> Question:
        """One question by its id (without the lesson prefix)."""
        for q in self.questions:
            if q.id == question_id:
                return q
        raise QuizBankError(f"{display_path(self.path)}: no question '{question_id}'")


def quizzes_dir() -> Path:
    """The folder holding the quiz banks: data/quizzes (follows COURSE_DATA_DIR)."""
    return data_dir() / QUIZZES_FOLDER


def bank_paths(folder: Path | None = None) -> list[Path]:
    """The bank files (``*.yml``) of a folder, sorted; data/quizzes by default."""
    folder = quizzes_dir() if folder is None else Path(folder)
    return sorted(folder.glob("*.yml")) if folder.is_dir() else []


def available_banks() -> list[str]:
    """The lesson names that have a bank in data/quizzes."""
    return [p.stem for p in bank_paths()]


def bank_path(lesson: str | Path) -> Path:
    """The file of a bank given as '01', '01_back_pain_basics' or a path."""
    if isinstance(lesson, Path) or "/" in str(lesson) or str(lesson).endswith((".yml", ".yaml")):
        path = Path(lesson)
        if not path.is_file():
            raise QuizBankError(f"quiz bank {lesson} not found")
        return path
    name = str(lesson).strip()
    available = available_banks()
    if re.fullmatch(r"\d{1,2}", name):
        prefix = name.zfill(2) + "_"
        matches = [n for n in available if n.startswith(prefix)]
        if len(matches) == 1:
            return quizzes_dir() / f"{matches[0]}.yml"
        if len(matches) > 1:
            raise QuizBankError(f"lesson number '{name}' matches several banks: {', '.join(matches)}")
    elif name in available:
        return quizzes_dir() / f"{name}.yml"
    listing = ", ".join(available) if available else "none yet"
    raise QuizBankError(
        f"no quiz bank for lesson '{name}' in {display_path(quizzes_dir())}. Available: {listing}"
    )


def load_bank(lesson: str | Path) -> Bank:
    """Load and validate a lesson's quiz bank.

    Parameters
    ----------
    lesson : str or Path
        '01', '01_back_pain_basics', or the path of a bank file.

    Raises
    ------
    QuizBankError
        If the bank is unknown (the message lists the banks that exist) or invalid (the message
        has one line per problem, as from ``validate_bank``).
    """
    path = bank_path(lesson)
    return _load_cached(str(path.resolve()), path.stat().st_mtime_ns, str(data_dir()))


@lru_cache(maxsize=32)
def _load_cached(path: str, mtime_ns: int, folder: str) -> Bank:
    problems = validate_bank(path)
    if problems:
        raise QuizBankError(problems)
    data = read_yaml(Path(path))
    return _build(data, Path(path))


def build_question(raw: dict, lesson: str, quiz_id: str) -> Question:
    """The question of one (valid) entry of a bank's quiz ``quiz_id``."""
    common = dict(
        lesson=lesson, quiz_id=quiz_id, id=raw["id"], prompt=raw["prompt"],
        hint=raw.get("hint"), max_tries=raw.get("max_tries", DEFAULT_MAX_TRIES),
        explanation=raw.get("explanation"), refs=tuple(raw.get("refs", ())),
        practice=bool(raw.get("practice", False)), concepts=tuple(raw.get("concepts", ())),
    )
    return KIND_CLASSES[raw["kind"]].from_bank(raw, common)


def _build(data: dict, path: Path) -> Bank:
    lesson = data["lesson"]
    quizzes = {quiz_id: tuple(build_question(raw, lesson, quiz_id) for raw in raw_questions)
               for quiz_id, raw_questions in data["quizzes"].items()}
    return Bank(lesson=lesson, title=data["title"], path=path, quizzes=quizzes,
                predictions=build_predictions(lesson, data.get("predictions")))


# --------------------------------------------------------------------------------------------
# Validation
# --------------------------------------------------------------------------------------------


class _StrictLoader(yaml.SafeLoader):
    """Safe YAML loader that refuses a key written twice in one mapping (PyYAML keeps the last)."""


def _construct_mapping(loader: _StrictLoader, node: yaml.MappingNode) -> dict:
    loader.flatten_mapping(node)
    seen: dict[Any, int] = {}
    for key_node, _ in node.value:
        key = loader.construct_object(key_node, deep=True)
        try:
            first = seen.get(key)
        except TypeError:  # an unhashable key: construct_mapping reports it
            continue
        if first is not None:
            raise yaml.constructor.ConstructorError(
                None, None, f"the key '{key}' is written twice (first on line {first + 1})",
                key_node.start_mark,
            )
        seen[key] = key_node.start_mark.line
    return loader.construct_mapping(node, deep=True)


_StrictLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


class _AliasRefused(yaml.MarkedYAMLError):
    """A YAML anchor (&name) or alias (*name): refused before anything is built from it."""


def _compose_node(loader: _StrictLoader, parent, index):
    # Every node passes here before it is built: an alias is refused before it is expanded, so a
    # bank of nested aliases (nine levels of nine expand to 9**9 strings) is judged at once.
    event = loader.peek_event()
    if isinstance(event, yaml.AliasEvent):
        raise _AliasRefused(None, None, f"YAML aliases (*{event.anchor}) are not allowed in a quiz bank: write the "
                                        "text out in full where it is used", event.start_mark)
    if getattr(event, "anchor", None) is not None:
        raise _AliasRefused(None, None, f"YAML anchors (&{event.anchor}) are not allowed in a quiz bank: write the "
                                        "text out in full where it is used", event.start_mark)
    return yaml.SafeLoader.compose_node(loader, parent, index)


_StrictLoader.compose_node = _compose_node


class YamlProblem(Exception):
    pass


def read_yaml(path: Path) -> Any:
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise YamlProblem(f"{display_path(path)}: cannot be read ({exc.strerror or exc})") from None
    if size > MAX_BANK_BYTES:
        raise YamlProblem(f"{display_path(path)}: the file is {size / 1024 / 1024:.1f} MB, larger than the "
                           f"{MAX_BANK_BYTES // (1024 * 1024)} MB a quiz bank may be; split it or shorten it")
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise YamlProblem(f"{display_path(path)}: not UTF-8 text ({exc.reason} at byte {exc.start})") from None
    try:
        return yaml.load(text, Loader=_StrictLoader)
    except _AliasRefused as exc:
        mark = exc.problem_mark
        raise YamlProblem(f"{display_path(path)}: line {mark.line + 1}, column {mark.column + 1}: {exc.problem}") from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = f"line {mark.line + 1}, column {mark.column + 1}: " if mark else ""
        problem = exc.problem or "not valid YAML"
        context = f" ({exc.context})" if exc.context else ""
        tip = ""
        if "mapping values are not allowed" in problem or "expected <block end>" in problem:
            tip = ". Text that contains ': ' or starts with a quote, '[', '{', '*' or '&' must be put in quotes"
        raise YamlProblem(f"{display_path(path)}: {where}YAML syntax error: {problem}{context}{tip}") from None
    except yaml.YAMLError as exc:
        raise YamlProblem(f"{display_path(path)}: YAML syntax error: {exc}") from None
    except (ValueError, RecursionError) as exc:  # a number too long for Python to read; nesting too deep
        reason = "it is nested too deeply" if isinstance(exc, RecursionError) else str(exc)
        raise YamlProblem(f"{display_path(path)}: cannot be read ({reason})") from None


def schema_path() -> Path:
    """data/schema/quiz.schema.json (of COURSE_DATA_DIR if it has one, else the repository's)."""
    return data_file(SCHEMA_FILE)


@lru_cache(maxsize=4)
def _schema(path: str) -> dict:
    return json.loads(Path(path).read_text(encoding="utf-8"))


def _kind_class(kind: Any) -> type[Question] | None:
    """The class of a kind named in a bank (None for an unknown kind, or one that is not text)."""
    return KIND_CLASSES.get(kind) if isinstance(kind, str) else None


def _known_fields(schema: dict, kind: str) -> set[str]:
    defs = schema["$defs"]
    own = KIND_CLASSES[kind].schema_name or kind
    return set(defs["question"]["properties"]) | set(defs[own]["properties"])


_PATTERN_HELP = {
    "lesson": "two digits, an underscore and lower-case words joined by underscores, "
              "like '01_back_pain_basics'",
    "id": "lower-case letters, digits and hyphens, like 'week6-pain'",
    "claim": "the id of a claim in data/claims.csv, one lower-case letter like 'c'",
    "concepts": "an IHC Key Concept code of data/ihc_concepts.yml, like '1.2f'",
}


def _show(value: Any) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return f"'{value if len(value) <= 60 else value[:57] + '...'}'"
    if isinstance(value, (int, float)):
        return _fmt(value)
    if isinstance(value, list):
        return f"a list of {len(value)} item{'s' if len(value) != 1 else ''}"
    if isinstance(value, dict):
        return "a mapping"
    return type(value).__name__


def _expected(schema: dict, name: str | None) -> str:
    """What a value must be, in words, from its (sub)schema."""
    if "enum" in schema:
        return "one of " + ", ".join(str(v) for v in schema["enum"])
    kind = schema.get("type")
    if kind in ("number", "integer"):
        words = "a number" if kind == "number" else "a whole number"
        return words + (f" >= {schema['minimum']}" if "minimum" in schema else "")
    if kind == "string":
        if "pattern" in schema:
            return _PATTERN_HELP.get(name or "", f"text matching {schema['pattern']}")
        return "non-empty text" if schema.get("minLength") else "text"
    if kind == "boolean":
        return "true or false"
    if kind == "array":
        words = "a list"
        if schema.get("minItems"):
            words += f" of at least {schema['minItems']}"
            words += " different entries" if schema.get("uniqueItems") else " entries"
        elif schema.get("uniqueItems"):
            words += " without repeats"
        return words
    if kind == "object":
        return "a mapping of 'name: value' lines"
    return "valid"


@dataclass
class BankReport:
    """Messages of one bank, sorted by where they are in the file."""

    label: str
    data: Any
    items: list[tuple[tuple, str]] = field(default_factory=list)
    #: The field that holds the questions, grouped: "quizzes" in a bank ("forms" in the claim test).
    section: str = "quizzes"
    #: What one group of questions, and the whole file, are called in messages.
    group: str = "quiz"
    scope: str = "bank"

    def _locate(self, path: list) -> tuple[tuple, str]:
        """Sort key and prefix ('quiz ...', 'question ...') for a path into the bank."""
        quizzes = self.data.get(self.section) if isinstance(self.data, dict) else None
        if len(path) >= 2 and path[0] == "predictions":
            return (10_000, -1), f"prediction '{path[1]}': "
        if len(path) < 2 or path[0] != self.section or not isinstance(quizzes, dict):
            return (-1, -1), ""
        qid = path[1]
        pos = list(quizzes).index(qid) if qid in quizzes else -1
        if len(path) < 3:
            return (pos, -1), f"{self.group} '{qid}': "
        index = path[2]
        raw = quizzes[qid][index] if isinstance(quizzes[qid], list) else None
        if isinstance(raw, dict) and isinstance(raw.get("id"), str):
            return (pos, index), f"question '{raw['id']}': "
        return (pos, index), f"question {index + 1} of {self.group} '{qid}' (no id): "

    def add(self, path: list, text: str) -> None:
        key, prefix = self._locate(path)
        self.items.append((key, f"{self.label}: {prefix}{text}"))

    def messages(self) -> list[str]:
        out = [text for _, text in sorted(self.items, key=lambda item: item[0])]
        return list(dict.fromkeys(out))


def _field_words(rest: list) -> str:
    """'field 'tolerance'', 'option 2: field 'feedback'' or 'field 'items': entry 1' for a path
    inside a question."""
    words = []
    i = 0
    while i < len(rest):
        part = rest[i]
        nxt = rest[i + 1] if i + 1 < len(rest) else None
        if part == "options" and isinstance(nxt, int):
            words.append(f"option {nxt + 1}")
            i += 2
            continue
        if isinstance(part, str):
            words.append(f"field '{part}'")
        else:
            words.append(f"entry {part + 1}")
        i += 1
    return ": ".join(words)


def schema_messages(report: BankReport, data: Any, schema: dict) -> None:
    validator = jsonschema().Draft202012Validator(schema)
    bad_kind = set()
    errors = sorted(validator.iter_errors(data), key=lambda e: [str(p) for p in e.absolute_path])
    for error in errors:
        path = list(error.absolute_path)
        if error.validator == "enum" and path[-1:] == ["kind"] and len(path) == 4:
            bad_kind.add(tuple(path[:3]))
    for error in errors:
        path = list(error.absolute_path)
        where, rest = _split_path(path, report.section)
        name = next((p for p in reversed(path) if isinstance(p, str)), None)
        target = _field_words(rest)
        subject = f"{target} " if target else ("the file " if not where else "")
        instance = error.instance
        v = error.validator

        if "propertyNames" in error.relative_schema_path:
            if path[-1:] == ["quizzes"] == [report.section]:
                text = (f"quiz id {_show(instance)} must be a section number, a dot and an index in "
                        "quotes, like \"1.1\"")
            elif path[-1:] == ["predictions"]:
                text = (f"prediction id {_show(instance)} must be the id of an Explore, in quotes, like \"2.1\"")
            else:
                text = (f"{subject}has the key {_show(instance)}, which is not an evidence level; "
                        f"levels: {', '.join(LEVELS)}{_close(instance, LEVELS)}")
        elif v == "required":
            missing = [f for f in error.validator_value if f not in instance]
            for f in missing:
                why = ""
                if f == "feedback" and rest[:1] == ["options"]:
                    why = ": every option needs feedback saying why it is right or wrong"
                elif f == "feedback":
                    why = ": it says why the answer is right or wrong"
                elif f == "why" and where[:1] == ["predictions"]:
                    why = ": one sentence on why the model does what it does"
                report.add(where, f"{(target + ': ') if target else ''}field '{f}' is missing{why}")
            continue
        elif v in ("additionalProperties", "unevaluatedProperties"):
            if v == "unevaluatedProperties":
                if tuple(path) in bad_kind or _kind_class(instance.get("kind")) is None:
                    continue
                kind = instance["kind"]
                allowed = _known_fields(schema, kind)
            else:
                allowed = set(error.schema.get("properties", {}))
                kind = None
            for extra in [k for k in instance if k not in allowed]:
                belongs = [k for k in KIND_CLASSES if kind and extra in _known_fields(schema, k)]
                if belongs:
                    why = f" (it belongs to kind {', '.join(belongs)}, and this question is {kind})"
                else:
                    why = _close(extra, allowed)
                report.add(where, f"{(target + ': ') if target else ''}unknown field '{extra}'{why}")
            continue
        elif v == "uniqueItems":
            repeated = sorted({str(x) for x in instance if instance.count(x) > 1})
            text = f"{subject}must list each entry once; repeated: {_quote_list(repeated)}"
        elif v == "minProperties":
            text = f"{subject}must have at least one quiz"
        else:
            expected = _expected(error.schema, name)
            text = f"{subject}must be {expected}, got {_show(instance)}"
            if v == "enum":
                text += _close(instance, [str(x) for x in error.validator_value])
            if error.schema.get("type") == "string" and isinstance(instance, (bool, int, float)):
                text += " (YAML read it as a number or true/false; put the text in quotes)"
        report.add(where, text)


def _split_path(path: list, section: str = "quizzes") -> tuple[list, list]:
    """(where, rest): the question or quiz a path is in, and the path inside it; ``section`` is the
    field that holds the quizzes."""
    if len(path) >= 3 and path[0] == section and isinstance(path[2], int):
        return path[:3], path[3:]  # inside a question
    if len(path) >= 2 and path[0] in (section, "predictions"):
        return path[:2], path[2:]  # a quiz as a whole, or one prediction
    return [], path  # the file's own fields


def number_messages(report: BankReport, data: Any) -> None:
    """Every number of the bank must be finite and fit a float (no .nan, .inf or 401 digits)."""
    stack = [([], data)]
    while stack:
        path, value = stack.pop()
        if isinstance(value, dict):
            stack.extend((path + [k], v) for k, v in reversed(list(value.items())))
        elif isinstance(value, list):
            stack.extend((path + [i], v) for i, v in reversed(list(enumerate(value))))
        else:
            problem = _finite_problem(value)
            if problem:
                where, rest = _split_path(path, report.section)
                target = _field_words(rest)
                report.add(where, f"{target + ' ' if target else ''}{problem}")


def _concept_problems(tags: Any) -> list[str]:
    """A message for each tag of a question's ``concepts`` that is not a code of data/ihc_concepts.yml."""
    if not isinstance(tags, list) or not tags:
        return []
    try:
        known = concept_codes()
    except ConceptsError as exc:
        return [f"cannot check field 'concepts': {exc}"]
    return [f"field 'concepts': no concept '{tag}' in data/ihc_concepts.yml (known codes: "
            f"{', '.join(sorted(known))})" for tag in tags if isinstance(tag, str) and tag not in known]


def question_messages(report: BankReport, groups: dict) -> Mapping | None:
    """Add the checks of every question that need the course data (unique ids, reference keys,
    concept codes, each kind's own rules) to ``report``; ``groups`` maps each quiz id (or, in the
    claim test, each form) to its list of questions. Returns the reference keys (None when
    data/references.yml cannot be read, which is reported)."""
    try:
        known_refs = references()
    except EvidenceError as exc:
        report.add([], f"cannot check reference keys: {exc}")
        known_refs = None
    try:
        known_claims = claims()
    except EvidenceError as exc:
        report.add([], f"cannot check claim ids: {exc}")
        known_claims = None
    seen_ids: dict[str, str] = {}
    for quiz_id, questions in groups.items():
        if not isinstance(quiz_id, str):
            report.add([], f"{report.group} id {quiz_id} must be written in quotes, like \"{quiz_id}\", so that "
                           "YAML reads it as text (1.10 would otherwise become 1.1)")
            continue
        if not isinstance(questions, list):
            continue
        for index, q in enumerate(questions):
            if not isinstance(q, dict):
                continue
            where = [report.section, quiz_id, index]
            qid = q.get("id")
            place = f"{report.group} {quiz_id} question {index + 1}"
            if isinstance(qid, str):
                if qid in seen_ids:
                    report.add(where, f"field 'id' is used by more than one question ({seen_ids[qid]} "
                                      f"and {place}); ids must be unique within the {report.scope}")
                else:
                    seen_ids[qid] = place
            problems = ref_problems("field 'refs'", q.get("refs"), known_refs)
            problems += _concept_problems(q.get("concepts"))
            kind = _kind_class(q.get("kind"))
            if kind is not None:
                problems += kind.bank_problems(q, known_refs, known_claims)
            for problem in problems:
                report.add(where, problem)
    return known_refs


def _semantic_messages(report: BankReport, data: dict, path: Path) -> None:
    lesson = data.get("lesson")
    if isinstance(lesson, str) and lesson != path.stem:
        report.add([], f"field 'lesson' is '{lesson}' but must equal the file name without .yml, "
                       f"'{path.stem}' (rename the file or change the field)")
    quizzes = data.get("quizzes")
    if not isinstance(quizzes, dict):
        return
    known_refs = question_messages(report, quizzes)
    for explore_id, problem in prediction_problems(data, known_refs):
        report.add(["predictions", explore_id], problem)


def read_or_problems(path: Path, fields: str) -> tuple[Any, list[str]]:
    """(the parsed YAML file, []), or (None, [the one message]) for a file that is missing, is not
    valid YAML or is empty; ``fields`` names the fields the file needs, for that message."""
    label = display_path(path)
    if not path.is_file():
        return None, [f"{label}: file not found"]
    try:
        data = read_yaml(path)
    except YamlProblem as exc:
        return None, [str(exc)]
    if data is None:
        return None, [f"{label}: the file is empty; it needs the fields {fields}"]
    return data, []


def validate_bank(path: str | Path) -> list[str]:
    """Check one bank file against the schema and the course data.

    Parameters
    ----------
    path : str or Path
        A bank file, such as data/quizzes/01_back_pain_basics.yml.

    Returns
    -------
    list of str
        One message per problem, each naming the file, the question id and the field (empty when
        the bank is valid). YAML syntax errors give the line and column.
    """
    path = Path(path)
    data, problems = read_or_problems(path, "lesson, title and quizzes")
    if problems:
        return problems
    report = BankReport(display_path(path), data)
    number_messages(report, data)
    schema_messages(report, data, _schema(str(schema_path())))
    if isinstance(data, dict):
        _semantic_messages(report, data, path)
    return report.messages()


def validate_all(paths: Iterable[str | Path] | None = None) -> dict[Path, list[str]]:
    """Validate several banks: every ``*.yml`` in data/quizzes by default.

    Parameters
    ----------
    paths : iterable of str or Path, optional
        Bank files, or folders whose ``*.yml`` files are all checked.

    Returns
    -------
    dict
        Each file's path mapped to its messages (an empty list for a valid bank).
    """
    if paths is None:
        return {f: validate_bank(f) for f in bank_paths()}
    files: list[Path] = []
    for p in paths:
        p = Path(p)
        files.extend(bank_paths(p) if p.is_dir() else [p])
    return {f: validate_bank(f) for f in files}


# --------------------------------------------------------------------------------------------
# The course's banks
# --------------------------------------------------------------------------------------------


def course_banks() -> dict[str, Bank]:
    """The quiz bank of every lesson that has one, by lesson number ('01': Bank)."""
    stems = set(available_banks())
    return {l.number: load_bank(l.stem) for l in lessons() if l.stem in stems}


def banks_before(number: str) -> dict[str, Bank]:
    """The banks of the lessons before lesson ``number`` ('03'), by lesson number."""
    stems = set(available_banks())
    return {l.number: load_bank(l.stem) for l in lessons() if l.number < number and l.stem in stems}


def find_question(full_id: str) -> Question | None:
    """The question with id 'lesson_stem/question_id', or None when no bank has it."""
    stem, _, qid = full_id.partition("/")
    try:
        return load_bank(stem).question(qid)
    except QuizBankError:
        return None


def response_text(question_full_id: str, response: Any) -> str:
    """A response in words, as its question's kind writes it (``Question.response_text``): option
    texts instead of option numbers, items joined by arrows.

    Falls back to the response itself when the question is not in the course's banks.

    >>> response_text("01_back_pain_basics/fascia-role", 1)
    'Multifidus'
    >>> response_text("no_such_lesson/x", 2.5)
    '2.5'
    >>> response_text("no_such_lesson/x", {"week": 6, "cohort": "acute"})
    'week = 6, cohort = acute'
    """
    question = find_question(question_full_id)
    return plain_response_text(response) if question is None else question.response_text(response)


@dataclass(frozen=True)
class BankCounts:
    """What a bank file holds: its questions (all its quizzes), its predictions (one per Explore)
    and the questions that name the IHC Key Concepts they exercise (``concepts``)."""

    questions: int
    predictions: int
    tagged: int


def bank_counts(path: Path) -> BankCounts:
    """The counts of one (valid) bank file, read once."""
    data = read_yaml(path)
    questions = [q for qs in data["quizzes"].values() for q in qs]
    return BankCounts(len(questions), len(data.get("predictions") or {}), sum(1 for q in questions if q.get("concepts")))
