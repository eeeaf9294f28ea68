"""Every command of ``python -m course``, in one table (:data:`COMMANDS`).

Each command is a name, a line of help, its arguments and the function that runs it; the
functions below are thin: they read the arguments, call the course's modules and print what
happened. A new command is one function here and one row of the table.

>>> sorted(c.name for c in COMMANDS)
['answer-key', 'check-quizzes', 'class-quiz', 'class-summary', 'classroom-link', 'datasets', 'hand-in-folder', 'item-analysis', 'progress', 'report', 'review', 'slides', 'update-checksums']
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from .banks import QuizBankError, bank_counts, quizzes_dir, validate_all
from .claim_class import claim_learners
from .claim_evaluation import claim_test_path, load_claim_test, describe_test_file, validate_claim_test
from .claim_gain import item_analysis, item_analysis_text
from .classroom import answer_key_html, class_summary_html, read_reports, summarise_reports
from .data import catalogue, update_checksums
from .hand_in import HAND_IN_ENV, HandInError, create_folder, folder_problems, hand_in_folder, hand_in_report
from .final_quiz import CLASS_FILE_ENV, ClassFileError, class_file_text, load_class_quiz
from .lessons import lesson
from .paths import display_path
from .progress import ENV_VAR, ProgressError, default_store
from .publishing import PublishingError, classroom_link
from .publishing import load as publishing
from .progress_transfer import ImportRefused, import_progress
from .class_learners import gradebook_csv, latest_per_learner
from .reports import ReportExists, export_report, summary_text
from .slides import SlidesError, build_decks
from .spaced_review import review_schedule, schedule_text


def _arg(*flags: str, **options: Any) -> tuple[tuple[str, ...], dict[str, Any]]:
    return flags, options


@dataclass(frozen=True)
class Command:
    """One sub-command: ``python -m course NAME ARGUMENTS``; ``run(args)`` returns the exit code."""

    name: str
    help: str
    run: Callable[[argparse.Namespace], int]
    arguments: tuple[tuple[tuple[str, ...], dict[str, Any]], ...] = field(default=())


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def _confirm(prompt: str) -> bool:
    try:
        return input(prompt).strip().lower() in ("y", "yes")
    except EOFError:
        return False


# --------------------------------------------------------------------------------------------
# Course data and quiz banks (for maintainers)
# --------------------------------------------------------------------------------------------


def datasets(args: argparse.Namespace) -> int:
    for name, ds in sorted(catalogue().items()):
        print(f"{name}: {ds.file}\n    {ds.description}\n    sources: {', '.join(ds.sources)}")
    return 0


def checksums(args: argparse.Namespace) -> int:
    changed = update_checksums()
    print("updated: " + ", ".join(changed) if changed else "all checksums already match")
    return 0


def check_quizzes(args: argparse.Namespace) -> int:
    given = [Path(p) for p in args.paths or ()]
    tests = [p for p in given if p.name == claim_test_path().name]
    banks = [p for p in given if p not in tests]
    results = validate_all(banks) if banks else ({} if given else validate_all())
    if not given:
        tests = [p for p in [claim_test_path()] if p.is_file()]
    for path in tests:
        results[path] = validate_claim_test(path)  # the claim-evaluation test's forms, checked like a bank
    if not results:
        print(f"no quiz banks found in {display_path(quizzes_dir())}")
        return 0
    failed = 0
    for path, problems in results.items():
        if problems:
            failed += 1
            for line in problems:
                print(line)
        elif path in tests:
            print(f"OK {display_path(path)} (claim-evaluation test: {describe_test_file(path)})")
        else:
            counts = bank_counts(path)
            n, p, t = counts.questions, counts.predictions, counts.tagged
            also = f", {p} prediction{'s' if p != 1 else ''}" if p else ""
            also += f", {t} tagged with IHC concepts" if t else ""
            print(f"OK {display_path(path)} ({n} question{'s' if n != 1 else ''}{also})")
    if failed:
        print(f"{failed} of {len(results)} bank(s) have errors")
    return 1 if failed else 0


# --------------------------------------------------------------------------------------------
# The learner's progress and report
# --------------------------------------------------------------------------------------------


def _import(args: argparse.Namespace, store) -> int:
    if args.reset or args.lesson:
        print("--import is used on its own", file=sys.stderr)
        return 2
    try:
        report = import_progress(args.import_file, store)
    except ImportRefused as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    print(report.text)
    if store.last_backup:
        print(f"Your progress before the import is kept as {store.last_backup}")
    return 0


def _reset(args: argparse.Namespace, store) -> int:
    number = None
    if args.lesson:
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


def progress(args: argparse.Namespace) -> int:
    store = default_store()
    try:
        if args.import_file:
            return _import(args, store)
        if args.reset:
            return _reset(args, store)
        if args.lesson:
            print("--lesson is used with --reset", file=sys.stderr)
            return 2
        print(f"Progress file: {store.path}" + ("" if store.path.exists() else " (not created yet)"))
        print(summary_text(store.load()))
    except (ProgressError, ValueError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    return 0


def review(args: argparse.Namespace) -> int:
    store = default_store()
    try:
        record = store.load()
    except ProgressError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    print(f"Progress file: {store.path}" + ("" if store.path.exists() else " (not created yet)"))
    print(schedule_text(review_schedule(record, datetime.now().astimezone())))
    return 0


def _hand_in(args: argparse.Namespace) -> int:
    if args.out or args.replace:
        print("error: --hand-in writes the report into the hand-in folder under your login and learner id; "
              "leave out --out and --replace", file=sys.stderr)
        return 2
    try:
        print(repr(hand_in_report(args.hand_in, display_name=args.name)))
    except (HandInError, ProgressError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    return 0


def report(args: argparse.Namespace) -> int:
    if args.hand_in is not None:
        return _hand_in(args)
    try:
        files = export_report(args.out, display_name=args.name, replace=args.replace)
    except ReportExists as exc:
        print(f"error: {exc}. Run again with --replace to replace it, or with --out {exc.free} "
              "to write a new name; nothing was written.", file=sys.stderr)
        return 1
    except ProgressError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    print(repr(files))
    return 0


# --------------------------------------------------------------------------------------------
# For teachers
# --------------------------------------------------------------------------------------------


def answer_key(args: argparse.Namespace) -> int:
    out = Path(args.out)
    _write(out, answer_key_html())
    print(f"Answer key written: {out}")
    return 0


def _reports(args: argparse.Namespace) -> list[str]:
    """The report files and folders given, else the hand-in folder ``$COURSE_HAND_IN`` names."""
    if args.reports:
        return args.reports
    try:
        return [str(hand_in_folder())]
    except HandInError:
        raise SystemExit(f"error: name the report files or a hand-in folder, or set {HAND_IN_ENV} to the "
                         "class's hand-in folder") from None


def class_summary(args: argparse.Namespace) -> int:
    good, skipped = read_reports(_reports(args))
    for name, reason in skipped:
        print(f"warning: {name} skipped: {reason}", file=sys.stderr)
    out = Path(args.out)
    summary = summarise_reports(good)
    _write(out, class_summary_html(summary, skipped))
    print(f"Class summary of {len(good)} report(s) written: {out}"
          + (f" ({len(summary.superseded)} report(s) superseded by a later one)" if summary.superseded else "")
          + (f" ({len(skipped)} file(s) skipped)" if skipped else ""))
    if args.csv:
        Path(args.csv).parent.mkdir(parents=True, exist_ok=True)
        Path(args.csv).write_text(gradebook_csv(summary.learners), encoding="utf-8", newline="")
        print(f"Gradebook of {len(summary.learners)} learner(s) written: {args.csv}")
    return 0 if good else 1


def item_analysis_command(args: argparse.Namespace) -> int:
    good, skipped = read_reports(_reports(args))
    for name, reason in skipped:
        print(f"warning: {name} skipped: {reason}", file=sys.stderr)
    good, superseded = latest_per_learner(good)  # a learner's later report replaces the earlier one
    for old, new in superseded:
        print(f"note: {old} is replaced by {new} (the same learner's later report)", file=sys.stderr)
    try:
        test = load_claim_test()
    except QuizBankError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    learners = claim_learners([(name, report) for name, report in good])
    print(item_analysis_text(item_analysis(test, learners), len(good)))
    return 0 if good else 1


def hand_in_folder_command(args: argparse.Namespace) -> int:
    path = Path(args.folder).expanduser()
    if args.action == "check":
        problems = folder_problems(path)
        for line in problems:
            print(f"{path}: {line}")
        if problems:
            print(f"Set it up with: python -m course hand-in-folder create {path}")
        else:
            print(f"{path} is ready as a hand-in folder.")
        return 1 if problems else 0
    try:
        said = create_folder(path, group=args.group)
    except HandInError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    print("\n".join(said))
    return 0


def classroom_link_command(args: argparse.Namespace) -> int:
    try:
        print(classroom_link(publishing(), hub=args.hub, repo=args.repo, branch=args.branch, lesson=args.lesson,
                             target=args.target))
    except PublishingError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    return 0


def slides(args: argparse.Namespace) -> int:
    try:
        paths = build_decks(args.out, args.lesson or None)
    except (SlidesError, ValueError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    print(f"{len(paths)} deck(s) written to {args.out} (open any .html file; reveal/ beside them makes them work offline)")
    return 0


def _check_class_file(path: Path) -> int:
    try:
        questions = load_class_quiz(path)
    except ClassFileError as exc:
        print("\n".join(exc.messages), file=sys.stderr)
        return 1
    print(f"{path}: the class's final quiz has {len(questions)} questions:")
    for i, q in enumerate(questions, start=1):
        print(f"  {i}. {q.full_id} (Lesson {q.full_id[:2]}, Quiz {q.quiz_id})")
    return 0


def class_quiz(args: argparse.Namespace) -> int:
    if args.check:
        return _check_class_file(Path(args.check))
    if not args.seed or not args.out:
        print("error: writing a class file needs --seed and --out (or give --check FILE to check one)",
              file=sys.stderr)
        return 2
    out = Path(args.out)
    if out.exists() and not args.force:
        print(f"error: {out} exists; choose another --out or add --force to replace it", file=sys.stderr)
        return 1
    try:
        text = class_file_text(args.seed, args.n)
    except ValueError as exc:
        print(f"error: --n: {exc}", file=sys.stderr)
        return 2
    _write(out, text)
    questions = load_class_quiz(out)  # read back as a learner's lesson 09 will read it
    print(f"Class quiz of {len(questions)} questions written: {out}\n"
          f"Set {CLASS_FILE_ENV}={out.resolve()} where learners run lesson 09 to give them this quiz.")
    return 0


_REPORTS = _arg("reports", nargs="*", metavar="REPORT.json|DIR",
               help=f"report files, or a hand-in folder (default: the folder ${HAND_IN_ENV} names)")

#: The commands, in the order ``--help`` lists them.
COMMANDS: tuple[Command, ...] = (
    Command("datasets", "list the datasets in data/catalogue.yml with their sources", datasets),
    Command("update-checksums", "rewrite catalogue checksums after a deliberate data change", checksums),
    Command("check-quizzes", "validate the quiz banks in data/quizzes (or the given files); exit 1 on any error",
            check_quizzes,
            (_arg("paths", nargs="*", metavar="PATH", help="bank files or folders (default: data/quizzes)"),)),
    Command("progress",
            f"show your progress (file: ${ENV_VAR} or your user data folder); --reset to start afresh; "
            "--import FILE to merge in a copy downloaded earlier", progress,
            (_arg("--reset", action="store_true", help="forget recorded progress (a backup is kept)"),
             _arg("--lesson", metavar="NN", help="with --reset: forget only this lesson's quiz answers"),
             _arg("--yes", action="store_true", help="with --reset: do not ask for confirmation"),
             _arg("--import", dest="import_file", metavar="FILE",
                  help="merge a progress file downloaded earlier (for example from Binder) into yours; "
                       "both sides are kept"))),
    Command("review", "say how many questions are due for review today and in the next 7 days, and list "
            "today's", review),
    Command("report", "write your progress report: FILE.html to read or print, FILE.json for your teacher; "
            "--hand-in DIR to hand it in to your class's hand-in folder",
            report,
            (_arg("--out", metavar="FILE", help="report file name (.html and .json are written; default: "
                  "course_report_NAME_ID, from the display name and the learner id)"),
             _arg("--name", metavar="NAME", help="display name to show on the report (saved for next time)"),
             _arg("--replace", action="store_true", help="replace report files of that name if they exist"),
             _arg("--hand-in", nargs="?", const="", metavar="DIR",
                  help=f"hand the report in to the class's hand-in folder DIR (default: ${HAND_IN_ENV}) instead, "
                       "as one file named by your login and learner id; handing in again replaces it"))),
    Command("answer-key", "write the answer key of every quiz (HTML), from the banks", answer_key,
            (_arg("--out", required=True, metavar="FILE.html"),)),
    Command("class-summary", "summarise learners' report files: results per question, misconceptions, beliefs",
            class_summary,
            (_REPORTS, _arg("--out", required=True, metavar="FILE.html"),
             _arg("--csv", metavar="FILE.csv", help="also write a gradebook: one row per learner, in the layout of "
                  "Moodle's gradebook CSV import"))),
    Command("classroom-link", "print the nbgitpuller link that copies the course into each learner's home on a "
            "JupyterHub and opens a lesson", classroom_link_command,
            (_arg("--hub", metavar="URL", help="the hub's address (default: hub in config/publishing.yml)"),
             _arg("--repo", metavar="URL|PATH", help="the course's repository: an https:// URL, a file:// URL or an "
                  "absolute path on the hub (default: repository in config/publishing.yml)"),
             _arg("--branch", metavar="B", help="the branch learners get (default: branch in config/publishing.yml)"),
             _arg("--lesson", metavar="FILE", help="the lesson to open, by file or number (default: Lesson 00)"),
             _arg("--target", metavar="FOLDER", help="the folder in each learner's home (default: the repository's "
                  "name without .git)"))),
    Command("hand-in-folder", "create (or check) a class's hand-in folder: learners hand in, cannot list it or "
            "read each other's reports; you read them all", hand_in_folder_command,
            (_arg("action", choices=("create", "check")), _arg("folder", metavar="DIR"),
             _arg("--group", metavar="GROUP", help="with create: a group of teachers only, who may read and list "
                  "the hand-ins too (default: your own group)"))),
    Command("slides", "write one reveal.js slide deck per lesson (no code; quiz answers as a revealed step), "
            "working offline", slides,
            (_arg("--out", required=True, metavar="FOLDER"),
             _arg("--lesson", action="append", metavar="NN", help="only this lesson (repeat for more)"))),
    Command("item-analysis", "the claim-evaluation test's items from learners' report files: difficulty, "
            "discrimination (point-biserial) and the items to look at", item_analysis_command,
            (_REPORTS,)),
    Command("class-quiz", "write a class file that sets one final quiz (lesson 09) for the whole class, "
            "its question ids listed for you to read and edit", class_quiz,
            (_arg("--seed", metavar="TEXT", help="names the class's draw, like week6"),
             _arg("--n", type=int, default=10, metavar="N", help="how many questions (default 10)"),
             _arg("--out", metavar="FILE.yml", help="the class file to write, like class.yml"),
             _arg("--force", action="store_true", help="replace FILE.yml if it exists"),
             _arg("--check", metavar="FILE.yml", help="check a class file (after editing it) and list its questions"))),
)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m course", description="Command line of the course.")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for command in COMMANDS:
        p = sub.add_parser(command.name, help=command.help)
        for flags, options in command.arguments:
            p.add_argument(*flags, **options)
        p.set_defaults(func=command.run)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return int(args.func(args) or 0)
