"""Progress that survives a temporary session: the merge of two records, the refusals (a damaged
file, a newer version, another program's file), the command line, the Lesson 00 widget and the
reminder every lesson shows on Binder."""

from __future__ import annotations

import base64
import json
import re

import pytest

from course.progress import ProgressStore, SCHEMA_VERSION, new_record
from course.progress_transfer import (
    ImportRefused,
    download_link_html,
    ephemeral_host,
    import_progress,
    merge_records,
    read_incoming,
)
from course.transfer_widget import ProgressTransfer

Q1 = "01_back_pain_basics/fascia-role"
Q2 = "03_ischemia/occlusion-default"
Q3 = "05_heat_and_cold/burn-threshold"


def _attempt(question, response, correct, time, **extra):
    return {"question": question, "lesson": question[:2], "response": response, "answer": str(response),
            "correct": correct, "confidence": None, "attempt": 1, "source": "lesson", "time": time, **extra}


def _record(created, attempts, lessons=None, survey=None, name=None, seed="aaaa"):
    record = new_record()
    record.update(created=created, attempts=attempts, lessons=lessons or {}, display_name=name, quiz_seed=seed,
                  survey=survey or {"before": {}, "after": {}})
    return record


@pytest.fixture
def laptop():
    """The learner's record at home: two answers, lesson 01 opened and completed, two survey answers."""
    return _record("2026-03-01T09:00:00+00:00", [
        _attempt(Q1, 1, False, "2026-03-01T09:10:00+00:00"),
        _attempt(Q1, 0, True, "2026-03-01T09:11:00+00:00"),
    ], lessons={"01": {"opened": "2026-03-01T09:05:00+00:00", "last_opened": "2026-03-01T09:05:00+00:00",
                       "completed": "2026-03-01T09:40:00+00:00"}},
        survey={"before": {"a": {"stance": "agree", "confidence": "sure", "time": "2026-03-01T09:01:00+00:00"},
                           "b": {"stance": "unsure", "confidence": "unsure", "time": "2026-03-01T09:02:00+00:00"}},
                "after": {}}, seed="laptop-seed")


@pytest.fixture
def binder(laptop):
    """The record of a Binder session that started from an import of ``laptop`` and went on."""
    return _record("2026-03-05T14:00:00+00:00", [
        *laptop["attempts"],  # the imported answers, identical
        _attempt(Q2, 57, True, "2026-03-05T14:20:00+00:00"),
        _attempt(Q3, 40, False, "2026-03-05T14:30:00+00:00", confidence="sure"),
    ], lessons={"01": {"opened": "2026-03-05T14:01:00+00:00", "last_opened": "2026-03-05T14:01:00+00:00",
                       "completed": None},
                "03": {"opened": "2026-03-05T14:10:00+00:00", "last_opened": "2026-03-05T14:10:00+00:00",
                       "completed": None}},
        survey={"before": {"a": {"stance": "disagree", "confidence": "sure", "time": "2026-03-05T14:02:00+00:00"},
                           "c": {"stance": "agree", "confidence": "unsure", "time": "2026-03-05T14:03:00+00:00"}},
                "after": {}}, name="Sam", seed="binder-seed")


# --------------------------------------------------------------------------------------------
# The merge (pure)
# --------------------------------------------------------------------------------------------


def test_two_records_with_overlapping_answers_lose_nothing(laptop, binder):
    before = json.dumps([laptop, binder], sort_keys=True)
    merged, report = merge_records(laptop, binder)
    assert json.dumps([laptop, binder], sort_keys=True) == before, "the merge must not change its inputs"

    assert [a["question"] for a in merged["attempts"]] == [Q1, Q1, Q2, Q3]
    assert report.attempts_added == 2 and report.attempts_known == 2
    times = [a["time"] for a in merged["attempts"]]
    assert times == sorted(times)
    # Lessons: earliest opening and completion, latest visit, lesson 03 taken over.
    assert merged["lessons"]["01"] == {"opened": "2026-03-01T09:05:00+00:00",
                                       "last_opened": "2026-03-05T14:01:00+00:00",
                                       "completed": "2026-03-01T09:40:00+00:00"}
    assert merged["lessons"]["03"]["opened"] == "2026-03-05T14:10:00+00:00"
    # Survey: the newer answer to claim a, both b and c.
    assert merged["survey"]["before"]["a"]["stance"] == "disagree"
    assert set(merged["survey"]["before"]) == {"a", "b", "c"}
    assert (report.survey_added, report.survey_newer, report.survey_kept) == (1, 1, 0)
    # The name from the file (none here); the seed of the record started first.
    assert merged["display_name"] == "Sam" and report.name_taken
    assert merged["quiz_seed"] == "laptop-seed" and merged["created"] == laptop["created"]
    assert "2 quiz answers added" in report.text and "2 already here" in report.text


def test_merging_is_symmetric_in_what_is_kept(laptop, binder):
    one, _ = merge_records(laptop, binder)
    other, _ = merge_records(binder, laptop)
    key = lambda r: sorted(json.dumps(a, sort_keys=True) for a in r["attempts"])
    assert key(one) == key(other)
    assert one["lessons"] == other["lessons"]
    assert one["survey"] == other["survey"]
    assert one["quiz_seed"] == other["quiz_seed"] == "laptop-seed"


def test_importing_the_same_file_twice_adds_nothing_the_second_time(tmp_path, laptop, binder):
    store = ProgressStore(tmp_path / "progress.json")
    store.update(lambda r: (r.clear(), r.update(laptop)))
    incoming = tmp_path / "binder.json"
    incoming.write_text(json.dumps(binder), encoding="utf-8")
    first = import_progress(incoming, store)
    second = import_progress(incoming, store)
    assert first.attempts_added == 2 and second.attempts_added == 0 and second.attempts_known == 4
    assert len(store.load()["attempts"]) == 4
    assert store.last_backup is not None and store.last_backup.name.startswith("progress.before-import-")


# --------------------------------------------------------------------------------------------
# Refusals: nothing changes
# --------------------------------------------------------------------------------------------


@pytest.fixture
def saved(tmp_path, laptop):
    store = ProgressStore(tmp_path / "progress.json")
    store.update(lambda r: (r.clear(), r.update(laptop)))
    return store


@pytest.mark.parametrize("content,reason", [
    (lambda r: json.dumps(r)[:200], "damaged or cut short"),
    (lambda r: "", "is empty"),
    (lambda r: b"\x89PNG\r\n\x1a\n", "not text"),
    (lambda r: json.dumps({**r, "schema_version": SCHEMA_VERSION + 1}), "newer version of the course"),
    (lambda r: json.dumps({"cells": [], "metadata": {}, "nbformat": 4}), "not a progress file of this course"),
    (lambda r: json.dumps({"format": "back-muscle-therapy-report", "questions": []}), "learner report"),
    (lambda r: json.dumps({**r, "attempts": [{"question": "algebra/q1", "correct": True}]}),
     "not a progress file of this course"),
    (lambda r: json.dumps({**r, "lessons": []}), "not a readable progress file"),
])
def test_a_file_that_cannot_be_imported_is_refused_and_nothing_changes(tmp_path, saved, laptop, content, reason):
    data = content(laptop)
    path = tmp_path / "incoming.json"
    (path.write_bytes if isinstance(data, bytes) else path.write_text)(data)
    before = saved.path.read_bytes()
    with pytest.raises(ImportRefused, match=reason) as info:
        import_progress(path, saved)
    assert "Nothing was changed" in str(info.value)
    assert saved.path.read_bytes() == before
    assert not list(tmp_path.glob("progress.before-import-*")), "no backup for an import that did not happen"


def test_a_missing_file_is_named():
    with pytest.raises(ImportRefused, match="no such file"):
        read_incoming("/no/such/progress.json")


def test_an_older_record_is_accepted(laptop):
    assert read_incoming(json.dumps(laptop).encode())["attempts"] == laptop["attempts"]


# --------------------------------------------------------------------------------------------
# Command line and widget
# --------------------------------------------------------------------------------------------


def test_command_line_import(tmp_path, progress_file, laptop, binder, capsys):
    from course.__main__ import main

    ProgressStore(progress_file).update(lambda r: (r.clear(), r.update(laptop)))
    good = tmp_path / "binder.json"
    good.write_text(json.dumps(binder), encoding="utf-8")
    assert main(["progress", "--import", str(good)]) == 0
    out = capsys.readouterr().out
    assert "Imported: 2 quiz answers added" in out and "before the import is kept as" in out

    newer = tmp_path / "newer.json"
    newer.write_text(json.dumps({**binder, "schema_version": SCHEMA_VERSION + 5}), encoding="utf-8")
    assert main(["progress", "--import", str(newer)]) == 1
    assert "newer version of the course" in capsys.readouterr().err
    assert len(ProgressStore(progress_file).load()["attempts"]) == 4


def _decoded(link_html: str) -> dict:
    data = re.search(r'href="data:application/json;base64,([^"]+)"', link_html).group(1)
    return json.loads(base64.b64decode(data))


def test_the_download_link_holds_the_record(laptop):
    link = download_link_html(laptop)
    assert _decoded(link) == laptop and 'download="back-muscle-therapy-progress-' in link


def test_the_widget_imports_an_upload_and_refuses_a_bad_one(progress_file, laptop, binder):
    store = ProgressStore(progress_file)
    store.update(lambda r: (r.clear(), r.update(laptop)))
    widget = ProgressTransfer(store)
    assert len(_decoded(widget.download.value)["attempts"]) == 2

    assert widget.import_bytes(b'{"schema_version": 1, "attempts": [') is None
    assert widget.status_text.startswith("⚠ Not imported") and len(store.load()["attempts"]) == 2

    report = widget.import_bytes(json.dumps(binder).encode())
    assert report.attempts_added == 2 and widget.status_text.startswith("✔ Imported")
    assert len(_decoded(widget.download.value)["attempts"]) == 4, "the link follows the import"

    assert widget.import_uploaded() is None and "Choose a file first" in widget.status_text


# --------------------------------------------------------------------------------------------
# Temporary hosts and the reminder in every lesson
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("environ,expected", [
    ({}, None),
    ({"BINDER_SERVICE_HOST": "10.0.0.1"}, "Binder"),
    ({"BINDER_REQUEST": "v2/gh/o/r/HEAD"}, "Binder"),
    ({"JUPYTERHUB_SERVICE_PREFIX": "/binder/jupyter/user/o-r-1/"}, "Binder"),
    ({"JUPYTERHUB_SERVICE_PREFIX": "/user/sam/"}, None),
    ({"COURSE_EPHEMERAL": "1"}, "a temporary session"),
    ({"BINDER_REQUEST": "v2/gh/o/r/HEAD", "COURSE_EPHEMERAL": "0"}, None),
])
def test_ephemeral_host(environ, expected):
    assert ephemeral_host(environ) == expected


def test_every_lesson_reminds_and_the_link_follows_the_answers(monkeypatch, progress_file):
    from course import start_lesson

    monkeypatch.setenv("BINDER_REQUEST", "v2/gh/owner/repo/HEAD")
    lesson = start_lesson("03")
    bundle = lesson._repr_mimebundle_()
    assert "application/vnd.jupyter.widget-view+json" in bundle
    assert "temporary session" in bundle["text/plain"]
    assert "download=" in lesson._reminder.value
    view = lesson.quiz("1.1").questions[0]
    view.input.value = 0
    view.check()
    assert len(_decoded(lesson._reminder.value)["attempts"]) == 1, "the reminder's link holds the new answer"


def test_no_reminder_elsewhere(monkeypatch):
    from course import start_lesson

    for name in ("BINDER_REQUEST", "BINDER_SERVICE_HOST", "BINDER_LAUNCH_HOST", "BINDER_REPO_URL",
                 "BINDER_REF_URL", "BINDER_PERSISTENT_REQUEST", "JUPYTERHUB_SERVICE_PREFIX", "COURSE_EPHEMERAL"):
        monkeypatch.delenv(name, raising=False)
    bundle = start_lesson("03")._repr_mimebundle_()
    assert list(bundle) == ["text/plain"] and bundle["text/plain"].startswith("Lesson 03: Ischemia")


# --------------------------------------------------------------------------------------------
# Hostile files: refused fast, naming the first bad field
# --------------------------------------------------------------------------------------------


MIXED_TIMES = (b'{"schema_version":1,"lessons":{},"survey":{},"attempts":[{"question":'
               b'"01_back_pain_basics/fascia-role","time":5},{"question":"01_back_pain_basics/fascia-role"}]}')


def test_an_answer_with_a_numeric_time_is_refused_naming_the_field(tmp_path, saved, capsys, progress_file):
    from course.__main__ import main

    with pytest.raises(ImportRefused, match=r"'attempts\[0\]\.time' must be text") as info:
        import_progress(MIXED_TIMES, saved)
    assert "Nothing was changed" in str(info.value)
    path = tmp_path / "mixed.json"
    path.write_bytes(MIXED_TIMES)
    assert main(["progress", "--import", str(path)]) == 1
    assert "'attempts[0].time'" in capsys.readouterr().err
    widget = ProgressTransfer(saved)
    assert widget.import_bytes(MIXED_TIMES) is None
    assert "Not imported" in widget.status_text and "'attempts[0].time' must be text" in widget.status_text


@pytest.mark.parametrize("change, field", [
    (lambda r: r["attempts"][1].update(correct="yes"), "'attempts[1].correct' must be true or false"),
    (lambda r: r["attempts"][0].update(source="exam"), "'attempts[0].source' must be one of lesson, final, review"),
    (lambda r: r["lessons"]["01"].update(opened=7), "'lessons.01.opened' must be text or null"),
    (lambda r: r["survey"]["before"].update(a=[1]), "'survey.before.a' must be a JSON object"),
    (lambda r: r.update(display_name="x" * 5000), "'display_name' must be at most 80 characters"),
    (lambda r: r.update(quiz_seed=3), "'quiz_seed' must be text"),
])
def test_every_field_of_an_import_is_checked(laptop, change, field):
    change(laptop)
    with pytest.raises(ImportRefused, match=re.escape(field)):
        read_incoming(json.dumps(laptop).encode())


def test_an_import_nested_too_deeply_is_refused(laptop):
    deep = json.dumps({**laptop, "extra": "@"}).replace('"@"', "[" * 100_000 + "]" * 100_000)
    with pytest.raises(ImportRefused, match="nested too deeply"):
        read_incoming(deep.encode())
    shallow_but_deep = json.dumps({**laptop, "extra": "@"}).replace('"@"', "[" * 500 + "]" * 500)
    with pytest.raises(ImportRefused, match="nested too deeply"):
        read_incoming(shallow_but_deep.encode())


def test_an_import_too_large_is_refused_before_it_is_read(tmp_path, laptop, saved):
    from course.progress_transfer import MAX_IMPORT_BYTES

    laptop["attempts"] = laptop["attempts"] * (MAX_IMPORT_BYTES // 300)
    path = tmp_path / "big.json"
    path.write_text(json.dumps(laptop))
    assert path.stat().st_size > MAX_IMPORT_BYTES
    before = saved.path.read_bytes()
    with pytest.raises(ImportRefused, match="larger than 5 MB"):
        import_progress(path, saved)
    with pytest.raises(ImportRefused, match="larger than 5 MB"):
        import_progress(path.read_bytes(), saved)
    assert saved.path.read_bytes() == before


@pytest.mark.parametrize("constant", ["NaN", "Infinity", "-Infinity"])
def test_an_import_with_a_non_finite_number_is_refused(laptop, saved, constant):
    text = json.dumps({**laptop, "extra": "@"}).replace('"@"', constant)
    with pytest.raises(ImportRefused, match=f"{constant}.*not allowed"):
        import_progress(text.encode(), saved)
    assert "NaN" not in saved.path.read_text() and "Infinity" not in saved.path.read_text()
