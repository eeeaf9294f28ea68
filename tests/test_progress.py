"""The progress store never loses data: concurrent writers, kills mid-write, corrupted files, newer
and older schema versions, read-only folders; lessons and the belief survey record into it."""

from __future__ import annotations

import json
import multiprocessing
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from course import progress, saving
from course.progress import (
    NewerProgressFile,
    ProgressStore,
    ProgressUnavailable,
    new_record,
    progress_path,
    response_text,
)
from course.banks import load_bank

FASCIA = "01_back_pain_basics/fascia-role"
MUSCLES = "01_back_pain_basics/tissue-kinds"


def _writer(path: str, label: str, n: int, barrier) -> None:
    """Run in a separate process: once both processes are ready, record ``n`` attempts tagged ``label``."""
    store = ProgressStore(path)
    barrier.wait(timeout=60)
    for i in range(n):
        store.add_attempt(f"zz_concurrency/{label}-{i}", i, correct=bool(i % 2), attempt=1)


# -- where the file is ----------------------------------------------------------------------------
def test_path_comes_from_the_environment_variable(progress_file):
    assert progress_path() == progress_file
    assert ProgressStore().path == progress_file


def test_default_path_is_the_user_data_folder_outside_the_repository(monkeypatch, tmp_path):
    monkeypatch.delenv("COURSE_PROGRESS_FILE")
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    path = progress_path()
    assert path == tmp_path / "xdg" / "back-muscle-therapy" / "progress.json"
    from course.paths import REPO_DIR

    assert REPO_DIR not in path.parents


# -- recording --------------------------------------------------------------------------------------
def test_attempts_lessons_survey_and_name_are_recorded(progress_file):
    store = ProgressStore()
    assert not progress_file.exists(), "nothing is written before something happens"
    store.record_lesson("01", "opened")
    store.add_attempt(FASCIA, 1, correct=False, attempt=1)
    store.add_attempt(FASCIA, 0, correct=True, attempt=2)
    store.add_attempt(MUSCLES, (0, 3), correct=False, attempt=1, source="final")
    store.record_survey("before", "c", {"stance": "agree", "confidence": "very sure"})
    store.record_lesson("01", "completed")
    store.set_display_name("  Sam   Lee ")
    record = json.loads(progress_file.read_text())
    assert record["schema_version"] == progress.SCHEMA_VERSION
    first, second, third = record["attempts"]
    assert first["question"] == FASCIA and first["lesson"] == "01"
    assert (first["response"], first["answer"], first["correct"], first["attempt"]) == (1, "Multifidus", False, 1)
    assert (second["answer"], second["correct"], second["attempt"]) == ("Thoracolumbar fascia", True, 2)
    assert third["response"] == [0, 3] and third["answer"] == "Psoas major + Multifidus"
    assert third["source"] == "final"
    assert "T" in first["time"]
    assert record["lessons"]["01"]["opened"] and record["lessons"]["01"]["completed"]
    assert record["survey"]["before"]["c"]["stance"] == "agree"
    assert record["display_name"] == "Sam Lee"


def test_bad_arguments_are_refused_in_words(progress_file):
    store = ProgressStore()
    with pytest.raises(ValueError, match="event must be one of opened, completed"):
        store.record_lesson("01", "finished")
    with pytest.raises(ValueError, match="phase must be 'before' or 'after'"):
        store.record_survey("during", "a", {"stance": "agree"})
    with pytest.raises(ValueError, match="source must be one of lesson, final"):
        store.add_attempt(FASCIA, 0, correct=True, source="exam")


def test_responses_are_kept_in_words():
    assert response_text(FASCIA, 3) == "Erector spinae aponeurosis"
    assert response_text("00_start_here/levels-order", ("Weak", "Strong", "Moderate")) == "Weak → Strong → Moderate"
    assert response_text("01_back_pain_basics/people-2020", "619 million") == "619 million"
    assert response_text("99_gone/old-question", [1, 2]) == "1, 2"


# -- never loses data -----------------------------------------------------------------------------
def test_two_processes_writing_at_once_lose_nothing(progress_file):
    n = 60
    ctx = multiprocessing.get_context("spawn")
    barrier = ctx.Barrier(2)
    workers = [ctx.Process(target=_writer, args=(str(progress_file), label, n, barrier)) for label in ("a", "b")]
    for w in workers:
        w.start()
    for w in workers:
        w.join(timeout=120)
        assert w.exitcode == 0
    record = ProgressStore().load()
    questions = [a["question"] for a in record["attempts"]]
    assert len(questions) == 2 * n
    assert set(questions) == {f"zz_concurrency/{label}-{i}" for label in "ab" for i in range(n)}
    assert not list(progress_file.parent.glob("*.tmp")), "no temporary files are left behind"


KILL_LOOP = """
import sys
from course.progress import ProgressStore
store = ProgressStore(sys.argv[1])
store.update(lambda r: r["attempts"].extend({"question": f"zz/pad-{i}", "answer": "x" * 200} for i in range(20000)))
print("ready", flush=True)
i = 0
while True:
    store.add_attempt(f"zz/loop-{i}", i, correct=True)
    i += 1
"""


def test_a_process_killed_mid_write_leaves_a_readable_file(progress_file):
    progress_file.parent.mkdir(parents=True)
    for delay in (0.05, 0.11, 0.17, 0.23, 0.29, 0.37, 0.43, 0.51):
        proc = subprocess.Popen([sys.executable, "-c", KILL_LOOP, str(progress_file)],
                                stdout=subprocess.PIPE, text=True)
        assert proc.stdout.readline().strip() == "ready"
        time.sleep(delay)
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(timeout=30)
        proc.stdout.close()
        record = json.loads(progress_file.read_text(encoding="utf-8"))  # parses: whole, never half
        assert len(record["attempts"]) >= 20000
    assert not list(progress_file.parent.glob("progress.corrupt-*")), "nothing had to be moved aside"
    assert ProgressStore().load()["attempts"][0]["question"] == "zz/pad-0"


@pytest.mark.parametrize("content, reason", [
    (b"{\"schema_version\": 1, \"attempts\": [", "not valid JSON"),
    (b"\xff\xfe\x00garbage", "not UTF-8 text"),
    (b"[1, 2, 3]", "expected a JSON object"),
    (b'{"schema_version": 1, "attempts": {"a": 1}}', "'attempts' must be a JSON array"),
    (b'{"attempts": []}', "'schema_version' must be a whole number"),
], ids=["truncated", "binary", "list", "wrong-type", "no-version"])
def test_a_corrupted_file_is_moved_aside_and_reported_never_overwritten(progress_file, content, reason):
    progress_file.parent.mkdir(parents=True)
    progress_file.write_bytes(content)
    notices = []
    store = ProgressStore(notify=notices.append)
    record = store.load()
    assert record["attempts"] == [] and record["schema_version"] == progress.SCHEMA_VERSION
    kept = list(progress_file.parent.glob("progress.corrupt-*.json"))
    assert len(kept) == 1 and kept[0].read_bytes() == content, "the unreadable file is kept, byte for byte"
    assert len(notices) == 1 and str(kept[0]) in notices[0] and reason in notices[0]
    assert "nothing was overwritten" in notices[0]
    # a fresh record was started, and the next answer is saved normally
    store.add_attempt(FASCIA, 0, correct=True)
    assert len(ProgressStore().load()["attempts"]) == 1
    assert len(list(progress_file.parent.glob("progress.corrupt-*.json"))) == 1


def test_two_corrupted_files_in_the_same_second_get_different_names(progress_file):
    progress_file.parent.mkdir(parents=True)
    for text in ("{bad", "{worse"):
        progress_file.write_text(text)
        ProgressStore(notify=lambda m: None).load()
    kept = sorted(p.read_text() for p in progress_file.parent.glob("progress.corrupt-*.json"))
    assert kept == ["{bad", "{worse"]


def test_the_default_message_is_printed_for_the_learner(progress_file, capsys):
    progress_file.parent.mkdir(parents=True)
    progress_file.write_text("not json")
    ProgressStore().load()
    assert "⚠ Your progress file could not be read" in capsys.readouterr().err


def test_a_file_from_a_newer_course_is_left_untouched(progress_file):
    progress_file.parent.mkdir(parents=True)
    text = json.dumps({**new_record(), "schema_version": 99, "future_field": [1]})
    progress_file.write_text(text)
    store = ProgressStore()
    with pytest.raises(NewerProgressFile, match="schema version 99.*newer version of the course"):
        store.load()
    with pytest.raises(NewerProgressFile):
        store.add_attempt(FASCIA, 0, correct=True)
    assert progress_file.read_text() == text
    assert not list(progress_file.parent.glob("progress.corrupt-*"))


def test_an_older_file_is_migrated_after_a_backup(progress_file, monkeypatch):
    progress_file.parent.mkdir(parents=True)
    old = {**new_record(), "schema_version": 1, "attempts": [{"question": FASCIA, "correct": True}]}
    progress_file.write_text(json.dumps(old))

    def to_v2(record):
        record["attempts"] = [{**a, "migrated": True} for a in record["attempts"]]
        return record

    monkeypatch.setattr(progress, "SCHEMA_VERSION", 2)
    monkeypatch.setattr(progress, "MIGRATIONS", {1: to_v2})
    notices = []
    store = ProgressStore(notify=notices.append)
    assert store.load()["attempts"][0]["migrated"] is True  # migrated in memory when read
    store.add_attempt(FASCIA, 1, correct=False)
    record = json.loads(progress_file.read_text())
    assert record["schema_version"] == 2
    assert [a.get("migrated") for a in record["attempts"]] == [True, None]
    backups = list(progress_file.parent.glob("progress.v1-backup-*.json"))
    assert len(backups) == 1 and json.loads(backups[0].read_text()) == old
    assert notices and str(backups[0]) in notices[0]


def test_a_version_without_migration_is_unreadable_and_kept(progress_file, monkeypatch):
    progress_file.parent.mkdir(parents=True)
    progress_file.write_text(json.dumps({**new_record(), "schema_version": 1}))
    monkeypatch.setattr(progress, "SCHEMA_VERSION", 3)
    monkeypatch.setattr(progress, "MIGRATIONS", {})
    notices = []
    ProgressStore(notify=notices.append).load()
    assert "no migration from schema version 1 to 2" in notices[0]
    assert len(list(progress_file.parent.glob("progress.corrupt-*.json"))) == 1


def test_an_unwritable_folder_gives_a_clear_error(tmp_path, monkeypatch):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where a folder should be")
    monkeypatch.setenv("COURSE_PROGRESS_FILE", str(blocker / "progress.json"))
    with pytest.raises(ProgressUnavailable, match="is a file, not a folder.*COURSE_PROGRESS_FILE.*Quizzes still work"):
        ProgressStore().record_lesson("01", "opened")
    assert ProgressStore().load()["attempts"] == [], "reading still works: there is simply nothing yet"


def test_a_lock_held_too_long_is_reported_not_waited_for_forever(progress_file, monkeypatch):
    monkeypatch.setattr(progress, "LOCK_TIMEOUT", 0.2)
    store = ProgressStore()
    store.record_lesson("01", "opened")
    with store._lock():
        with pytest.raises(ProgressUnavailable, match="stayed locked by another lesson"):
            ProgressStore().add_attempt(FASCIA, 0, correct=True)
    assert ProgressStore().load()["attempts"] == []


# -- resets -----------------------------------------------------------------------------------------
def test_reset_one_lesson_keeps_the_others_and_a_backup(progress_file):
    store = ProgressStore()
    store.record_lesson("01", "opened")
    store.record_lesson("02", "opened")
    store.add_attempt(FASCIA, 0, correct=True)
    store.add_attempt(MUSCLES, 0, correct=False)
    store.add_attempt("02_muscle_injury/x", 0, correct=True)
    store.record_survey("before", "a", {"stance": "agree"})
    removed, backup = store.reset_lesson("01")
    assert removed == 2
    record = store.load()
    assert [a["lesson"] for a in record["attempts"]] == ["02"]
    assert "01" not in record["lessons"] and "02" in record["lessons"]
    assert record["survey"]["before"]["a"]["stance"] == "agree", "the survey is kept"
    assert backup.name.startswith("progress.backup-") and len(json.loads(backup.read_text())["attempts"]) == 3


def test_cli_shows_a_summary(progress_file, capsys):
    from course.__main__ import main

    store = ProgressStore()
    store.record_lesson("01", "opened")
    store.add_attempt(FASCIA, 0, correct=True)
    assert main(["progress"]) == 0
    out = capsys.readouterr().out
    assert f"Progress file: {progress_file}" in out
    n01 = len(load_bank("01_back_pain_basics").questions)
    assert f"Lesson 01 Back pain basics: opened; 1 of {n01} questions right, 1 tried" in out
    assert "Belief survey (before): 0 of 12 claims answered" in out


def test_cli_reset_asks_first_and_keeps_a_backup(progress_file, capsys, monkeypatch):
    from course.__main__ import main

    ProgressStore().add_attempt(FASCIA, 0, correct=True)
    monkeypatch.setattr("builtins.input", lambda prompt: "n")
    assert main(["progress", "--reset"]) == 1
    assert "Nothing was changed." in capsys.readouterr().out
    assert len(ProgressStore().load()["attempts"]) == 1

    monkeypatch.setattr("builtins.input", lambda prompt: pytest.fail("--yes must not ask"))
    assert main(["progress", "--reset", "--yes"]) == 0
    assert "Backup:" in capsys.readouterr().out
    assert ProgressStore().load()["attempts"] == []
    backups = list(progress_file.parent.glob("progress.backup-*.json"))
    assert len(backups) == 1 and len(json.loads(backups[0].read_text())["attempts"]) == 1


def test_cli_reset_of_one_lesson(progress_file, capsys):
    from course.__main__ import main

    store = ProgressStore()
    store.add_attempt(FASCIA, 0, correct=True)
    store.add_attempt("02_muscle_injury/x", 0, correct=True)
    assert main(["progress", "--reset", "--lesson", "1", "--yes"]) == 0
    assert "Lesson 01: 1 answer(s) forgotten" in capsys.readouterr().out
    assert [a["lesson"] for a in store.load()["attempts"]] == ["02"]


# -- lessons and the survey record automatically ---------------------------------------------------
def test_a_lesson_records_opening_quiz_answers_completion_and_reset(progress_file):
    from course import start_lesson

    lesson = start_lesson("01")
    assert repr(lesson) == "Lesson 01: Back pain basics (about 35 min)"
    quiz = lesson.quiz("1.1")
    view = quiz.questions[0]
    view.input.value = 1
    view.check()
    view.input.value = None
    view.check()  # not a valid response: not recorded
    view.input.value = 0
    view.check()
    record = ProgressStore().load()
    assert [(a["answer"], a["correct"], a["attempt"]) for a in record["attempts"]] == [
        ("Multifidus", False, 1), ("Thoracolumbar fascia", True, 2)]
    if hasattr(view, "confidence"):  # the learner's confidence travels with each answer
        view.confidence.value = "guessing"
        view.check()
        assert ProgressStore().load()["attempts"][-1]["confidence"] == "guessing"
        lesson.progress.update(lambda r: r["attempts"].pop())
    assert record["lessons"]["01"]["opened"] and record["lessons"]["01"]["completed"] is None
    assert str(lesson.complete()) == "✔ Lesson 01 (Back pain basics) is marked as completed."
    assert ProgressStore().load()["lessons"]["01"]["completed"]
    message = lesson.reset()
    assert message.startswith("Lesson 01: 2 recorded answer(s) forgotten.") and "progress.backup-" in message
    assert ProgressStore().load()["attempts"] == []


def test_a_lesson_runs_without_a_writable_progress_file(tmp_path, monkeypatch):
    from course import start_lesson

    blocker = tmp_path / "read-only-home"
    blocker.write_text("")
    monkeypatch.setenv("COURSE_PROGRESS_FILE", str(blocker / "progress.json"))
    lesson = start_lesson("01")
    lines = repr(lesson).splitlines()
    assert len(lines) == 2 and lines[1].startswith("⚠ Progress is not being saved. Your progress cannot be saved")
    view = lesson.quiz("1.1").questions[0]
    view.input.value = 0
    assert view.check().correct  # the quiz still works
    assert "not being saved" in lesson.complete()


def test_a_corrupted_file_is_reported_under_the_setup_cell(progress_file):
    from course import start_lesson

    progress_file.parent.mkdir(parents=True)
    progress_file.write_text("{ broken")
    lesson = start_lesson("02")
    assert "⚠ Your progress file could not be read" in repr(lesson)
    assert list(progress_file.parent.glob("progress.corrupt-*.json"))


def test_the_belief_survey_saves_and_restores_answers(progress_file):
    from course.survey import show_belief_survey

    survey = show_belief_survey("before")
    assert "saved as you give them" in survey.status.value
    stance, conf = survey.rows["c"]
    stance.value = "Agree"
    conf.value = "Very sure"
    survey.rows["h"][0].value = "Unsure"
    saved = ProgressStore().load()["survey"]["before"]
    assert {k: (v["stance"], v["confidence"]) for k, v in saved.items()} == {
        "c": ("agree", "very sure"), "h": ("unsure", None)}

    mtime = progress_file.stat().st_mtime_ns
    again = show_belief_survey("before")
    assert again.answers() == {"c": {"stance": "agree", "confidence": "very sure"},
                               "h": {"stance": "unsure", "confidence": None}}
    assert again.status.value.startswith("2 of 12 claims answered.")
    assert progress_file.stat().st_mtime_ns == mtime, "showing saved answers does not write them again"
    assert show_belief_survey("after").answers() == {}, "the after survey starts empty"


def test_the_survey_works_without_a_writable_progress_file(tmp_path, monkeypatch):
    from course.survey import show_belief_survey

    blocker = tmp_path / "file"
    blocker.write_text("")
    monkeypatch.setenv("COURSE_PROGRESS_FILE", str(blocker / "progress.json"))
    survey = show_belief_survey("after")
    survey.rows["a"][0].value = "Agree"
    assert survey.answers() == {"a": {"stance": "agree", "confidence": None}}
    assert "Not saved" in survey.status.value and "is a file, not a folder" in survey.status.value


def test_startup_check_finds_the_progress_folder(progress_file):
    from course import startup

    assert startup._progress_problems() == []


def test_a_test_run_never_writes_the_real_progress_file(tmp_path):
    """The repository's conftest.py points notebook runs (nbval kernels) at a temporary file."""
    from course.paths import REPO_DIR

    env = {k: v for k, v in os.environ.items() if k != "COURSE_PROGRESS_FILE"}
    env["XDG_DATA_HOME"] = str(tmp_path / "user-data")
    run = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "notebooks/09_review_and_progress.ipynb"],
        cwd=REPO_DIR, env=env, capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stdout + run.stderr
    assert not (tmp_path / "user-data" / "back-muscle-therapy").exists()


# -- a busy progress file never loses an answer ------------------------------------------------------
HOLD_LOCK = """
import sys
from filelock import FileLock
lock = FileLock(sys.argv[1] + ".lock")
lock.acquire()
print("locked", flush=True)
sys.stdin.readline()
lock.release()
print("released", flush=True)
"""


def _wait_for(condition, seconds=10.0):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.05)
    return condition()


@pytest.mark.slow
def test_an_answer_checked_while_another_process_holds_the_lock_is_saved_later(progress_file):
    from course import start_lesson

    lesson = start_lesson("01")
    view = lesson.quiz("1.1").questions[0]
    holder = subprocess.Popen([sys.executable, "-c", HOLD_LOCK, str(progress_file)],
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "locked"
        view.input.value = 1
        started = time.monotonic()
        view.check()
        assert time.monotonic() - started < 2, "the feedback does not wait for the lock"
        assert "✘ Not yet" in view.feedback.value
        assert "not saved yet (the progress file is busy)" in view.save_status.value
        assert "it will be saved at the next chance" in view.save_status.value
        assert ProgressStore().load()["attempts"] == []
        assert lesson.progress is not None, "saving goes on after a busy lock"
        holder.stdin.write("\n")
        holder.stdin.flush()
        assert holder.stdout.readline().strip() == "released"
        assert _wait_for(lambda: "Saved" in view.save_status.value), view.save_status.value
        assert "not saved yet" not in view.save_status.value
    finally:
        holder.kill()
        holder.wait(timeout=10)
    view.input.value = 2
    view.check()
    view.input.value = 0
    view.check()
    lesson.wait_for_saves()
    answers = [(a["answer"], a["attempt"]) for a in ProgressStore().load()["attempts"]]
    options = [o.text for o in view.question.options]
    assert answers == [(options[1], 1), (options[2], 2), (options[0], 3)]
    assert "Saved" in view.save_status.value


def test_an_answer_that_cannot_be_saved_stays_pending_and_is_saved_at_the_next_check(progress_file, monkeypatch):
    from course import start_lesson

    lesson = start_lesson("01")
    view = lesson.quiz("1.1").questions[0]
    real_update = ProgressStore.update
    failing = {"on": True}

    def update(self, change, **kwargs):
        if failing["on"]:
            raise ProgressUnavailable("the disk is full (No space left on device)")
        return real_update(self, change, **kwargs)

    monkeypatch.setattr(ProgressStore, "update", update)
    view.input.value = 1
    view.check()
    assert "not saved yet" in view.save_status.value and "disk is full" in view.save_status.value
    assert len(lesson.pending) == 1
    failing["on"] = False
    view.input.value = 0
    view.check()
    lesson.wait_for_saves()
    assert [a["answer"] for a in ProgressStore().load()["attempts"]] == ["Multifidus", "Thoracolumbar fascia"]
    assert lesson.pending == [] and "Saved" in view.save_status.value


def test_a_lesson_opened_while_the_file_is_busy_does_not_wait_and_saves_later(progress_file):
    from course import start_lesson

    ProgressStore().record_lesson("00", "opened")
    store = ProgressStore()
    with store._lock():
        started = time.monotonic()
        lesson = start_lesson("01")
        assert time.monotonic() - started < 2
        assert lesson.progress is not None
    assert lesson.wait_for_saves(timeout=10)
    assert "01" in ProgressStore().load()["lessons"]


# -- damaged and hostile files ------------------------------------------------------------------------
def test_a_file_nested_too_deeply_is_moved_aside_like_any_damaged_file(progress_file, capsys):
    from course.__main__ import main

    progress_file.parent.mkdir(parents=True)
    content = b'{"schema_version": 1, "attempts": ' + b"[" * 100_000 + b"]" * 100_000 + b"}"
    progress_file.write_bytes(content)
    notices = []
    assert ProgressStore(notify=notices.append).load()["attempts"] == []
    kept = list(progress_file.parent.glob("progress.corrupt-*.json"))
    assert len(kept) == 1 and kept[0].read_bytes() == content
    assert "nested too deeply" in notices[0]
    progress_file.write_bytes(content)
    assert main(["progress"]) == 0
    assert "Answers recorded: 0" in capsys.readouterr().out
    from course import start_lesson

    progress_file.write_bytes(content)
    assert "nested too deeply" in repr(start_lesson("01")), "the Setup cell runs and says what happened"
    assert len(list(progress_file.parent.glob("progress.corrupt-*.json"))) == 3


@pytest.mark.parametrize("attempts, field", [
    ([{"question": FASCIA, "time": 5}, {"question": FASCIA}], "attempts[0].time"),
    ([{"question": FASCIA, "correct": "yes"}], "attempts[0].correct"),
    ([{"question": FASCIA}, {"question": FASCIA, "attempt": 0}], "attempts[1].attempt"),
])
def test_a_stored_record_is_checked_against_the_schema(progress_file, attempts, field):
    progress_file.parent.mkdir(parents=True)
    progress_file.write_text(json.dumps({**new_record(), "attempts": attempts}))
    notices = []
    assert ProgressStore(notify=notices.append).load()["attempts"] == []
    assert f"'{field}'" in notices[0], notices[0]


def test_a_bare_nan_in_the_file_is_not_json(progress_file):
    progress_file.parent.mkdir(parents=True)
    progress_file.write_text(json.dumps({**new_record(), "attempts": [{"question": FASCIA, "response": float("nan")}]}))
    notices = []
    ProgressStore(notify=notices.append).load()
    assert "NaN" in notices[0] and list(progress_file.parent.glob("progress.corrupt-*.json"))


def test_a_non_finite_response_is_saved_as_valid_json(progress_file):
    store = ProgressStore()
    store.add_attempt("99_gone/x", float("inf"), correct=False)
    store.add_attempt("99_gone/y", {"a": float("nan")}, correct=False)
    text = progress_file.read_text()
    record = json.loads(text, parse_constant=lambda name: pytest.fail(f"bare {name} written"))
    assert [a["response"] for a in record["attempts"]] == ["inf", {"a": "nan"}]


def test_stale_temporary_files_of_killed_writers_are_removed(progress_file):
    store = ProgressStore()
    store.record_lesson("01", "opened")
    stale = progress_file.parent / ".progress.json.abcd1234.tmp"
    stale.write_text("x" * 1000)
    old = time.time() - 3600
    os.utime(stale, (old, old))
    fresh = progress_file.parent / ".progress.json.efgh5678.tmp"
    fresh.write_text("being written")
    other = progress_file.parent / "notes.tmp"
    other.write_text("not ours")
    store.record_lesson("01", "completed")
    assert not stale.exists(), "a temporary file left by a killed writer is removed"
    assert fresh.exists() and other.exists()


def test_a_symlinked_progress_file_is_written_through_to_its_target(tmp_path, monkeypatch):
    synced = tmp_path / "synced" / "my-progress.json"
    synced.parent.mkdir()
    link = tmp_path / "data" / "progress.json"
    link.parent.mkdir()
    ProgressStore(synced).record_lesson("01", "opened")
    link.symlink_to(synced)
    store = ProgressStore(link)
    store.add_attempt(FASCIA, 0, correct=True)
    assert link.is_symlink(), "the link is kept"
    assert len(json.loads(synced.read_text())["attempts"]) == 1
    assert not list(synced.parent.glob(".*.tmp")) and not list(link.parent.glob(".*.tmp"))


def test_the_file_mode_is_kept(progress_file):
    store = ProgressStore()
    store.record_lesson("01", "opened")
    os.chmod(progress_file, 0o644)
    store.add_attempt(FASCIA, 0, correct=True)
    assert progress_file.stat().st_mode & 0o777 == 0o644


def test_a_parent_path_that_is_a_file_is_named_as_such(tmp_path, monkeypatch):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file")
    store = ProgressStore(blocker / "sub" / "progress.json")
    with pytest.raises(ProgressUnavailable) as info:
        store.record_lesson("01", "opened")
    assert f"{blocker} is a file, not a folder" in str(info.value)
    assert "File exists" not in str(info.value)


def test_a_lock_file_that_cannot_be_opened_is_named_as_the_cause(progress_file, monkeypatch):
    store = ProgressStore()
    store.record_lesson("01", "opened")
    lock = str(progress_file) + ".lock"

    class Refused:
        def __enter__(self):
            raise PermissionError(13, "Permission denied", lock)

        def __exit__(self, *exc):
            return False

    monkeypatch.setattr(ProgressStore, "_lock", lambda self, timeout=None: Refused())
    with pytest.raises(ProgressUnavailable) as info:
        store.add_attempt(FASCIA, 0, correct=True)
    message = str(info.value)
    assert f"the lock file {lock} cannot be opened (Permission denied)" in message
    assert "is not writable" not in message


def test_a_display_name_is_limited_in_length(progress_file):
    assert len(ProgressStore().set_display_name("x" * 10_000)) == progress.NAME_MAX


@pytest.mark.parametrize("attempt", [
    {"question": FASCIA}, {"question": ""}, {"question": FASCIA, "attempt": 1.0}, {"question": FASCIA, "attempt": 1.5},
    {"question": FASCIA, "attempt": True}, {"question": FASCIA, "attempt": 0}, {"question": FASCIA, "correct": 1},
    {"question": FASCIA, "source": "final"}, {"question": FASCIA, "source": "exam"}, {"question": FASCIA, "source": 3},
    {"question": FASCIA, "confidence": None}, {"question": FASCIA, "confidence": "x" * 33}, {"answer": "no question"},
    {"question": FASCIA, "response": {"a": [1, None]}, "extra": 5}, [FASCIA], None, "text",
], ids=lambda a: json.dumps(a)[:40])
def test_the_quick_check_of_an_answer_agrees_with_the_schema(attempt):
    progress._validator()
    attempt_validator, fast = progress._ATTEMPT
    assert fast is not None, "the answers' part of the schema uses only keywords the quick check knows"
    assert fast(attempt) == attempt_validator.is_valid(attempt)


def test_survey_answers_given_while_the_file_is_busy_are_saved_later(progress_file, monkeypatch):
    from course.survey import show_belief_survey

    monkeypatch.setattr(progress, "LOCK_TIMEOUT", 0.2)  # the old code waited this long, then gave up
    survey = show_belief_survey("before")
    with ProgressStore()._lock():
        survey.rows["c"][0].value = "Agree"
        assert "not saved yet (the progress file is busy)" in survey.status.value
        survey.rows["h"][0].value = "Unsure"
    assert survey.saver.wait(timeout=10)
    assert "saved as you give them" in survey.status.value
    saved = ProgressStore().load()["survey"]["before"]
    assert {k: v["stance"] for k, v in saved.items()} == {"c": "agree", "h": "unsure"}


def test_final_quiz_answers_given_while_the_file_is_busy_are_saved_later(progress_file, monkeypatch):
    from course.dashboard import FinalQuiz

    monkeypatch.setattr(progress, "LOCK_TIMEOUT", 0.2)
    quiz = FinalQuiz(n=3)
    first, second = quiz.views[:2]
    with ProgressStore()._lock():
        for view in (first, second):
            view.input.value = view.input.value if view.question.kind == "explorer" else _a_response(view.question)
            view.check()
        assert "not saved yet (the progress file is busy)" in first.save_status.value
    assert quiz.saver.wait(timeout=10)
    assert "Saved" in first.save_status.value and "not being saved" not in quiz.score_text()
    saved = [(a["question"], a["source"]) for a in ProgressStore().load()["attempts"]]
    assert saved == [(first.question.full_id, "final"), (second.question.full_id, "final")]


def _a_response(question):
    """A response that can be checked (right or wrong) for a question of any kind but explorer."""
    from course.quiz import ChoiceQuestion, EvidenceQuestion, NumericQuestion, OrderQuestion

    if isinstance(question, ChoiceQuestion):
        return (0,) if question.multiple else 0
    if isinstance(question, NumericQuestion):
        return str(question.answer)
    if isinstance(question, EvidenceQuestion):
        return "Weak"
    if isinstance(question, OrderQuestion):
        return question.items
    raise AssertionError(question.kind)


def test_the_promises_in_the_docs_match_the_code():
    """docs/learner-record.md states the limits; they are the ones the code applies."""
    from course import banks, quiz
    from course.paths import REPO_DIR
    from course.progress_transfer import MAX_IMPORT_BYTES

    text = (REPO_DIR / "docs" / "learner-record.md").read_text(encoding="utf-8")
    for words in (f"removed at a later save, once it is {progress.STALE_TEMP_SECONDS:g} s old",
                  f"a background try every {saving.RETRY_INTERVAL:g} s",
                  f"nested more than {progress.MAX_DEPTH} levels deep",
                  f"larger than {MAX_IMPORT_BYTES // 2**20} MB",
                  f"At most {progress.NAME_MAX} characters",
                  f"more than {quiz.MAX_RESPONSE_LENGTH}\ncharacters",
                  f"a size over {banks.MAX_BANK_BYTES // 2**20} MB"):
        assert words in text, words
    assert "docs/learner-record.md" in (REPO_DIR / "README.md").read_text(encoding="utf-8")


def test_a_change_that_can_never_be_saved_does_not_hold_back_the_others(progress_file):
    store = ProgressStore()
    saver = saving.Saver(store)
    with store._lock():
        broken = saver.submit(lambda record: record["attempts"].append({"question": "x" * 500}))
        good = saver.submit(lambda record: record["attempts"].append(progress.make_attempt(FASCIA, 0, correct=True)))
        crashing = saver.submit(lambda record: record["no such field"].append(1))
    assert saver.wait(timeout=10)
    assert (broken.state, good.state, crashing.state) == ("failed", "saved", "failed")
    assert "'attempts[0].question' must be at most 200 characters" in broken.text
    assert [a["question"] for a in store.load()["attempts"]] == [FASCIA]
    assert saver.pending == []


def test_the_final_quiz_opened_while_the_file_is_busy_still_records(progress_file, monkeypatch):
    from course.dashboard import FinalQuiz

    monkeypatch.setattr(progress, "LOCK_TIMEOUT", 0.2)
    seed = ProgressStore().update(lambda record: record["quiz_seed"])
    with ProgressStore()._lock():
        quiz = FinalQuiz(n=3)
    assert quiz.recording and "not being saved" not in quiz.score_text()
    assert [q.full_id for q in quiz.questions] == [q.full_id for q in FinalQuiz(n=3, seed=seed).questions]
