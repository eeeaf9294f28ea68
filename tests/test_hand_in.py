"""A class's hand-in folder (course.hand_in): its modes, a learner's hand-in replaced atomically and
only by its owner, and the teacher's class summary reading the folder.

The tests that need several real users run only as root: they fork, and the child takes another
user id (a teacher, two learners) so that the kernel, not the course, decides who may do what.
"""

from __future__ import annotations

import errno
import json
import os
import pwd
import shutil
import stat
import tempfile
from pathlib import Path

import pytest

from course import hand_in
from course.classroom import example_report, read_reports
from course.cli import main
from course.progress import ProgressStore

ROOT = Path(__file__).resolve().parents[1]
ROOT_ONLY = pytest.mark.skipif(os.geteuid() != 0, reason="needs root, to act as several users")
TEACHER, ANA, BEN = 12340, 12341, 12342


@pytest.fixture
def base():
    """A folder every user may pass through (pytest's own temporary folders are closed to others)."""
    path = Path(tempfile.mkdtemp(prefix="hand-in-test-", dir="/tmp"))
    path.chmod(0o755)
    yield path
    shutil.rmtree(path, ignore_errors=True)


@pytest.fixture
def learner(tmp_path, monkeypatch):
    """A learner's own progress file, with a display name and a learner id."""
    path = tmp_path / "progress.json"
    monkeypatch.setenv("COURSE_PROGRESS_FILE", str(path))
    monkeypatch.delenv(hand_in.HAND_IN_ENV, raising=False)
    ProgressStore(path).set_display_name("Ana")
    return ProgressStore(path)


def _text(name: str) -> str:
    return json.dumps(example_report(name)) + "\n"


def as_user(uid: int, gid: int, action) -> str:
    """Run ``action()`` in a child process as user ``uid`` (group ``gid``, no other groups): 'ok: RESULT'
    or 'ExceptionName: message'."""
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child
        os.close(read)
        try:
            os.setgroups([])
            os.setgid(gid)
            os.setuid(uid)
            os.environ["LOGNAME"] = f"user{uid}"
            out = f"ok: {action()}"
        except BaseException as exc:  # noqa: BLE001 - everything goes back to the parent
            out = f"{type(exc).__name__}: {exc}"
        os.write(write, out.encode())
        os._exit(0)
    os.close(write)
    with os.fdopen(read, "rb") as fh:
        out = fh.read().decode()
    os.waitpid(pid, 0)
    return out


# --------------------------------------------------------------------------------------------
# The folder
# --------------------------------------------------------------------------------------------


def test_create_sets_the_folder_modes_and_says_what_it_did(base):
    folder = base / "class" / "hand-in"
    said = hand_in.create_folder(folder)
    st = folder.stat()
    assert stat.S_IMODE(st.st_mode) == 0o3733 and stat.filemode(st.st_mode) == "drwx-ws-wt"
    assert st.st_gid == os.getegid()
    assert said[0] == f"Made the folder {folder}."
    assert "drwx-ws-wt (mode 3733)" in said[1] and "cannot list the folder or read each other's" in said[1]
    assert f"python -m course report --hand-in {folder.resolve()}" in said[-1]
    assert hand_in.folder_problems(folder) == []
    folder.chmod(0o755)  # made again: the modes are put right, nothing else changes
    (folder / "kept.json").write_text("{}")
    said = hand_in.create_folder(folder, group=hand_in.group_name(os.getegid()))
    assert stat.S_IMODE(folder.stat().st_mode) == 0o3773 and (folder / "kept.json").is_file()
    assert not said[0].startswith("Made") and "and the group" in said[0]


def test_create_says_when_learners_cannot_reach_the_folder(base):
    closed = base / "closed"
    closed.mkdir(mode=0o700)
    said = hand_in.create_folder(closed / "hand-in")
    assert f"learners cannot reach the folder while {closed.resolve()} is closed to others" in " ".join(said)
    assert f"chmod o+x {closed.resolve()}" in " ".join(said)


def test_create_refuses_a_file_and_an_unknown_group(base):
    (base / "notes.txt").write_text("x")
    with pytest.raises(hand_in.HandInError, match="is a file, not a folder: choose another path"):
        hand_in.create_folder(base / "notes.txt")
    with pytest.raises(hand_in.HandInError, match="--group: there is no group named 'no-such-group-x'"):
        hand_in.create_folder(base / "h", group="no-such-group-x")


@pytest.mark.parametrize("mode, wrong", [
    (0o755, ["no sticky bit", "no set-group-id bit", "everyone may list it", "learners may not create files"]),
    (0o1733, ["no set-group-id bit"]),
    (0o3737, ["everyone may list it"]),
    (0o2733, ["no sticky bit"]),
    (0o3730, ["learners may not create files in it (others need w and x)"]),
])
def test_a_folder_with_wrong_permissions_is_described(base, mode, wrong):
    folder = base / "h"
    folder.mkdir()
    folder.chmod(mode)
    problems = hand_in.folder_problems(folder)
    assert problems[0] == (f"its permissions are {stat.filemode(stat.S_IFDIR | mode)} (mode {mode:04o}), where a "
                           "hand-in folder's are drwx-ws-wt (3733)")
    assert len(problems) == len(wrong) + 1
    assert all(w in p for w, p in zip(wrong, problems[1:]))


def test_the_folder_check_command(base, capsys):
    assert main(["hand-in-folder", "check", str(base / "missing")]) == 1
    assert f"{base / 'missing'} does not exist" in capsys.readouterr().out
    assert main(["hand-in-folder", "create", str(base / "h")]) == 0
    assert "drwx-ws-wt" in capsys.readouterr().out
    assert main(["hand-in-folder", "check", str(base / "h")]) == 0
    assert "is ready as a hand-in folder" in capsys.readouterr().out


# --------------------------------------------------------------------------------------------
# Handing in
# --------------------------------------------------------------------------------------------


def test_two_hand_ins_by_the_same_learner_replace_the_first(base, learner, monkeypatch):
    folder = base / "h"
    hand_in.create_folder(folder)
    first = hand_in.hand_in_report(folder)
    assert not first.replaced and "your first hand-in there" in repr(first)
    assert first.path.name == hand_in.hand_in_name(hand_in.login(), learner.load()["learner_id"])
    assert stat.S_IMODE(first.path.stat().st_mode) == 0o640
    monkeypatch.setenv(hand_in.HAND_IN_ENV, str(folder))  # the second time from the environment variable
    second = hand_in.hand_in_report(display_name="Ana B.")
    assert second.path == first.path and second.replaced and "replaces your earlier hand-in" in repr(second)
    assert [p.name for p in folder.iterdir()] == [first.path.name]  # one file, no temporary file left
    assert json.loads(first.path.read_text())["display_name"] == "Ana B."
    assert 'role="status"' in second._repr_html_()


def test_a_hand_in_that_fails_midway_leaves_the_earlier_one_whole(base, learner, monkeypatch):
    folder = base / "h"
    hand_in.create_folder(folder)
    target = hand_in.hand_in_report(folder).path
    before = target.read_bytes()

    def busy(*_args):
        raise OSError(errno.EBUSY, "Device or resource busy")

    learner.set_display_name("Someone else")  # the new report would differ from the one handed in
    monkeypatch.setattr(hand_in.os, "replace", busy)
    with pytest.raises(hand_in.HandInError) as caught:
        hand_in.hand_in_report(folder)
    assert f"could not be handed in as {target} (it is in use; try again in a moment)" in str(caught.value)
    assert "your earlier hand-in is unchanged" in str(caught.value)
    assert target.read_bytes() == before and [p.name for p in folder.iterdir()] == [target.name]


def test_a_missing_or_unready_folder_is_refused_before_anything_is_written(base, learner):
    with pytest.raises(hand_in.HandInError, match="no hand-in folder given: name it .--hand-in DIR., or set the "
                                                   "environment variable COURSE_HAND_IN"):
        hand_in.hand_in_report()
    with pytest.raises(hand_in.HandInError) as caught:
        hand_in.hand_in_report(base / "nowhere")
    assert f"the hand-in folder {base / 'nowhere'} cannot be used: {base / 'nowhere'} does not exist" in str(caught.value)
    plain = base / "plain"
    plain.mkdir()
    with pytest.raises(hand_in.HandInError) as caught:
        hand_in.hand_in_report(plain)
    assert "it has no sticky bit" in str(caught.value)
    assert f"sets it up with: python -m course hand-in-folder create {plain}" in str(caught.value)
    assert list(plain.iterdir()) == []


def test_a_link_in_the_learners_place_is_left_alone(base, learner):
    folder = base / "h"
    hand_in.create_folder(folder)
    name = hand_in.hand_in_name(hand_in.login(), hand_in.report_record()["learner_id"])
    (base / "elsewhere.json").write_text("mine")
    (folder / name).symlink_to(base / "elsewhere.json")
    with pytest.raises(hand_in.HandInError, match="is not a plain file .a link or a folder.: it was left as it is"):
        hand_in.hand_in_report(folder)
    assert (base / "elsewhere.json").read_text() == "mine" and (folder / name).is_symlink()


@ROOT_ONLY
def test_a_file_of_another_owner_is_not_overwritten(base, learner):
    folder = base / "h"
    hand_in.create_folder(folder)
    name = hand_in.hand_in_name(hand_in.login(), hand_in.report_record()["learner_id"])
    theirs = folder / name
    theirs.write_text("their report")
    os.chown(theirs, 12345, 12345)
    with pytest.raises(hand_in.HandInError) as caught:
        hand_in.hand_in_report(folder)
    assert f"{theirs} already exists and belongs to user id 12345, not to you" in str(caught.value)
    assert "nothing was handed in" in str(caught.value)
    assert theirs.read_text() == "their report" and theirs.stat().st_uid == 12345
    assert [p.name for p in folder.iterdir()] == [name]


def test_the_report_command_hands_in(base, learner, capsys, monkeypatch):
    folder = base / "h"
    hand_in.create_folder(folder)
    monkeypatch.setenv(hand_in.HAND_IN_ENV, str(folder))
    assert main(["report", "--hand-in", "--name", "Ana"]) == 0
    assert f"Report handed in: {folder}/" in capsys.readouterr().out
    assert main(["report", "--hand-in", str(folder)]) == 0
    assert "replaces your earlier hand-in" in capsys.readouterr().out
    assert main(["report", "--hand-in", str(base)]) == 1
    assert "cannot be used" in capsys.readouterr().err
    assert main(["report", "--hand-in", "--out", "x"]) == 2
    assert "leave out --out and --replace" in capsys.readouterr().err
    assert len(list(folder.iterdir())) == 1


def test_class_summary_reads_the_hand_in_folder_its_variable_names(base, monkeypatch, capsys):
    folder = base / "h"
    hand_in.create_folder(folder)
    for i, name in enumerate(["Ana", "Ben", "Cleo"]):
        text = json.dumps({**example_report(name), "learner_id": f"{i + 1:08d}"})
        hand_in.hand_in_file(text, folder, hand_in.hand_in_name(f"user{i}", f"{i + 1:08d}"))
    (folder / ".user0_00000001.json.x.tmp").write_text("{")  # a hand-in being written is left out
    monkeypatch.delenv(hand_in.HAND_IN_ENV, raising=False)
    with pytest.raises(SystemExit, match="name the report files or a hand-in folder, or set COURSE_HAND_IN"):
        main(["class-summary", "--out", str(base / "class.html")])
    monkeypatch.setenv(hand_in.HAND_IN_ENV, str(folder))
    assert main(["class-summary", "--out", str(base / "class.html")]) == 0
    assert f"Class summary of 3 report(s) written: {base / 'class.html'}" in capsys.readouterr().out
    good, skipped = read_reports([folder])
    assert [Path(name).name for name, _ in good] == ["user0_00000001.json", "user1_00000002.json",
                                                     "user2_00000003.json"] and skipped == []


def test_an_empty_folder_is_named_as_such(base):
    (base / "empty").mkdir()
    assert read_reports([base / "empty"]) == ([], [(str(base / "empty"), "the folder holds no report files (*.json)")])


# --------------------------------------------------------------------------------------------
# Several real users: the kernel's word on who may do what
# --------------------------------------------------------------------------------------------


@ROOT_ONLY
def test_learners_hand_in_but_cannot_list_read_or_replace_each_others(base):
    folder = base / "h"
    os.chown(base, TEACHER, TEACHER)
    assert as_user(TEACHER, TEACHER, lambda: hand_in.create_folder(folder)[0]) == f"ok: Made the folder {folder}."
    assert (folder.stat().st_uid, folder.stat().st_gid) == (TEACHER, TEACHER)
    ana = folder / "user12341_aaaa1111.json"
    assert as_user(ANA, ANA, lambda: hand_in.hand_in_file(_text("Ana"), folder, ana.name).replaced) == "ok: False"
    st = ana.stat()
    assert (st.st_uid, st.st_gid, stat.S_IMODE(st.st_mode)) == (ANA, TEACHER, 0o640)  # the folder's group
    assert as_user(ANA, ANA, lambda: hand_in.hand_in_file(_text("Ana 2"), folder, ana.name).replaced) == "ok: True"
    assert as_user(BEN, BEN, lambda: os.listdir(folder)).startswith("PermissionError")
    assert as_user(BEN, BEN, lambda: ana.read_text()).startswith("PermissionError")
    assert as_user(BEN, BEN, lambda: ana.unlink()).startswith("PermissionError")  # the sticky bit
    taken = as_user(BEN, BEN, lambda: hand_in.hand_in_file(_text("Ben"), folder, ana.name))
    assert taken.startswith(f"HandInError: {ana} already exists and belongs to user id {ANA}, not to you (user12342)")
    assert json.loads(ana.read_text())["display_name"] == "Ana 2"
    assert as_user(TEACHER, TEACHER, lambda: [name for name, _ in read_reports([folder])[0]]) == f"ok: {[str(ana)]}"


@ROOT_ONLY
def test_the_class_summary_reads_a_folder_of_three_hand_ins_as_the_teacher(base):
    folder = base / "h"
    os.chown(base, TEACHER, TEACHER)
    as_user(TEACHER, TEACHER, lambda: hand_in.create_folder(folder))
    for uid, name in [(ANA, "Ana"), (BEN, "Ben"), (12343, "Cleo")]:
        report = {**example_report(name), "learner_id": f"{uid:08d}"}
        text = json.dumps(report)
        assert as_user(uid, uid, lambda: hand_in.hand_in_file(text, folder, f"user{uid}_{uid:08d}.json")).startswith("ok")
    (folder / ".user12343_00012343.json.x1.tmp").write_text("{")  # a hand-in being written: not read
    out = base / "class.html"

    def summary():
        return main(["class-summary", str(folder), "--out", str(out)])

    # The teacher's account reads the course's data: open the folders above the checkout that other
    # accounts cannot pass through (a clone in a private temporary folder), as a real install is.
    closed = [p for p in [ROOT, *ROOT.parents] if not p.stat().st_mode & stat.S_IXOTH]
    modes = [(p, p.stat().st_mode) for p in closed]
    try:
        for p, mode in modes:
            p.chmod(stat.S_IMODE(mode) | stat.S_IXOTH)
        assert as_user(TEACHER, TEACHER, summary) == "ok: 0"
    finally:
        for p, mode in modes:
            p.chmod(stat.S_IMODE(mode))
    html = out.read_text()
    assert all(name in html for name in ("Ana", "Ben", "Cleo"))
    good, skipped = read_reports([folder])
    assert len(good) == 3 and skipped == []


@ROOT_ONLY
def test_a_hand_in_the_teacher_cannot_read_is_named_with_its_owner(base):
    folder = base / "h"
    os.chown(base, TEACHER, TEACHER)
    as_user(TEACHER, TEACHER, lambda: hand_in.create_folder(folder))
    private = folder / "user12341_aaaa1111.json"
    private.write_text(_text("Ana"))
    os.chown(private, ANA, ANA)
    private.chmod(0o600)
    got = as_user(TEACHER, TEACHER, lambda: read_reports([folder]))
    assert got.startswith("ok: ([], [(")
    assert "cannot be read (Permission denied): it belongs to user id 12341, group group id 12341, -rw-------" in got
    assert "ask user id 12341 to hand it in again" in got
    listed = as_user(ANA, ANA, lambda: read_reports([folder]))
    assert "the folder cannot be listed (Permission denied); a hand-in folder is listed by its owner" in listed


@ROOT_ONLY
def test_a_hand_in_named_for_someone_else_is_set_aside(base):
    nobody = pwd.getpwnam("nobody")
    folder = base / "h"
    hand_in.create_folder(folder)
    fake, own = folder / "ana_1234abcd.json", folder / "nobody_5678ef01.json"
    for path, name in [(fake, "Ana"), (own, "Nobody"), (folder / "teacher_copy.json", "Copy")]:
        path.write_text(_text(name))
    for path in (fake, own):
        os.chown(path, nobody.pw_uid, nobody.pw_gid)
    good, skipped = read_reports([folder])
    assert sorted(Path(name).name for name, _ in good) == ["nobody_5678ef01.json", "teacher_copy.json"]
    assert skipped == [(str(fake), "set aside: it belongs to nobody, whose hand-in would be named nobody_ID.json, "
                                   "so it may have been handed in under someone else's name; ask nobody about it")]
    folder.chmod(0o755)  # a plain folder of collected reports: every file is read
    assert len(read_reports([folder])[0]) == 3


@ROOT_ONLY
def test_create_names_the_closed_folder_when_the_place_cannot_be_reached(tmp_path):
    closed = tmp_path / "closed"
    closed.mkdir(mode=0o700)
    tmp_path.chmod(0o755)
    out = as_user(12340, 12340, lambda: hand_in.create_folder(closed / "hand-in"))
    assert out.startswith("HandInError: ") and f"you may not enter {closed}" in out, out
