"""A class's hand-in folder: each learner's report lands in one shared folder, with no server of the
course's own.

The teacher makes the folder once, on a disk every learner's session can reach (``python -m course
hand-in-folder create DIR``). A learner hands in with ``python -m course report --hand-in DIR``, or
from a notebook with ``hand_in_report()``; the folder is the one given, else the one the environment
variable ``COURSE_HAND_IN`` names. The teacher's ``python -m course class-summary DIR`` reads it,
setting aside a file named for another login than its owner's.

Each learner's hand-in is one file, ``LOGIN_LEARNERID.json`` (the report's JSON), named by the
Unix login (``getpass.getuser()``) and the record's learner id. Handing in again replaces the
learner's own file and nothing else: the new report is written to a temporary file in the folder
and renamed over the old one, so the file is always a whole report, the old one or the new.

Permissions, after nbgrader's exchange (its inbound folder is 2733: writable and searchable by
everyone but not readable, and set-group-id so that submissions get the instructor's group), made
stricter by the sticky bit and by files that others cannot read:

- the folder is ``drwx-ws-wt`` (mode 3733), owned by the teacher. Others may create a file in it
  and open a file whose name they know, but not list it (no read bit). The sticky bit lets only a
  file's owner, or the teacher, rename or delete it. The set-group-id bit gives every new file the
  folder's group: a group only teachers are in (by default the teacher's own group).
- each hand-in is ``-rw-r-----`` (mode 640): its learner reads and writes it, the folder's group
  (the teacher) reads it, other learners cannot open it even knowing its name.

nbgrader makes each submission readable by everyone and keeps it private by a random part in its
name that nobody can guess. A hand-in's name here can be guessed (a login and an 8-digit id), so its
group keeps it private instead. None of this separates learners on a hub where every learner's
server runs as the same Unix user (``jovyan`` in most container images): there, anyone who can
reach the folder can read and replace every file in it.

>>> hand_in_name("Ana.B", "3f9c01ab"), hand_in_name("jovyan", None)
('ana_b_3f9c01ab.json', 'jovyan.json')
>>> stat.filemode(stat.S_IFDIR | FOLDER_MODE), stat.filemode(stat.S_IFREG | FILE_MODE)
('drwx-ws-wt', '-rw-r-----')
"""

from __future__ import annotations

import errno
import getpass
import grp
import os
import pwd
import stat
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from .pages import escape as _e
from .reports import report_json, report_record, safe_file_part

#: Names the class's hand-in folder when ``--hand-in`` gives none.
HAND_IN_ENV = "COURSE_HAND_IN"
#: The folder: the teacher rwx; the group -wx and set-group-id; others -wx and sticky.
FOLDER_MODE = stat.S_ISVTX | stat.S_ISGID | 0o733
#: With ``--group``: the group (co-teachers) may list the folder too.
SHARED_FOLDER_MODE = FOLDER_MODE | stat.S_IRGRP
#: A hand-in: its learner reads and writes it, the folder's group reads it.
FILE_MODE = 0o640


class HandInError(ValueError):
    """A hand-in or a hand-in folder cannot be used; the message names the folder or file, what is
    wrong and how to put it right."""


def user_name(uid: int) -> str:
    try:
        return pwd.getpwuid(uid).pw_name
    except KeyError:
        return f"user id {uid}"


def group_name(gid: int) -> str:
    try:
        return grp.getgrgid(gid).gr_name
    except KeyError:
        return f"group id {gid}"


def login() -> str:
    """The learner's Unix login (``getpass.getuser()``), or ``uidNNNN`` when the system has no name for it."""
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return f"uid{os.getuid()}"


def hand_in_name(user: str, learner_id: str | None) -> str:
    """The hand-in's file name: the login and the learner id, as letters, digits and underscores."""
    parts = [safe_file_part(user) or "learner", safe_file_part(learner_id, 32)]
    return "_".join(p for p in parts if p) + ".json"


def hand_in_folder(folder: str | Path | None = None) -> Path:
    """``folder``, else the folder ``$COURSE_HAND_IN`` names.

    >>> hand_in_folder("/srv/class/hand-in").name
    'hand-in'
    """
    value = str(folder) if folder not in (None, "") else os.environ.get(HAND_IN_ENV, "").strip()
    if not value:
        raise HandInError(f"no hand-in folder given: name it (--hand-in DIR), or set the environment variable "
                          f"{HAND_IN_ENV} to the folder your teacher made")
    return Path(value).expanduser()


def folder_problems(path: Path) -> list[str]:
    """What keeps ``path`` from working as a hand-in folder for the one who runs this ([] if nothing)."""
    try:
        st = path.stat()
    except FileNotFoundError:
        return [f"{path} does not exist"]
    except OSError as exc:
        return [f"{path} cannot be reached ({exc.strerror})"]
    if not stat.S_ISDIR(st.st_mode):
        return [f"{path} is a file, not a folder"]
    mode = stat.S_IMODE(st.st_mode)
    problems = []
    if not mode & stat.S_ISVTX:
        problems.append("it has no sticky bit, so a learner could delete or replace another's hand-in")
    if not mode & stat.S_ISGID:
        problems.append("it has no set-group-id bit, so a hand-in would not get the folder's group "
                        "and the teacher could not read it")
    if mode & stat.S_IROTH:
        problems.append("everyone may list it, so learners would see each other's hand-ins")
    if mode & (stat.S_IWOTH | stat.S_IXOTH) != stat.S_IWOTH | stat.S_IXOTH:
        problems.append("learners may not create files in it (others need w and x)")
    elif not os.access(path, os.W_OK | os.X_OK):
        problems.append(f"you ({login()}) may not create files in it")
    if problems:
        problems.insert(0, f"its permissions are {stat.filemode(st.st_mode)} (mode {mode:04o}), where a hand-in "
                           f"folder's are {stat.filemode(stat.S_IFDIR | FOLDER_MODE)} ({FOLDER_MODE:04o})")
    return problems


def _unusable(path: Path, problems: list[str]) -> HandInError:
    try:
        teacher = f"the folder's owner ({user_name(path.stat().st_uid)})"
    except OSError:
        teacher = "your teacher"
    return HandInError(f"the hand-in folder {path} cannot be used: {'; '.join(problems)}. Nothing was handed in. "
                       f"Check the folder's name with your teacher; {teacher} sets it up with: "
                       f"python -m course hand-in-folder create {path}")


def _group_members(gid: int) -> set[str]:
    try:
        members = set(grp.getgrgid(gid).gr_mem)
    except KeyError:
        members = set()
    return members | {p.pw_name for p in pwd.getpwall() if p.pw_gid == gid}


def create_folder(path: str | Path, group: str | None = None) -> list[str]:
    """Make ``path`` a hand-in folder (made if missing), owned by the one who runs this; its group
    is ``group`` (co-teachers, who may then list it too) or the teacher's own. Returns what was done
    and what to check, in sentences."""
    path = Path(path).expanduser()
    said = []
    try:
        path.exists()
    except PermissionError:
        closed = next((p for p in path.absolute().parents if not os.access(p, os.X_OK)), path.parent)
        raise HandInError(f"the hand-in folder {path} cannot be reached: you may not enter {closed}; choose a "
                          "folder you and the learners can reach, or open it (chmod o+x)") from None
    if path.exists() and not path.is_dir():
        raise HandInError(f"{path} is a file, not a folder: choose another path for the hand-in folder")
    if not path.exists():
        try:
            path.mkdir(parents=True)
        except OSError as exc:
            raise HandInError(f"the hand-in folder {path} cannot be made ({exc.strerror})") from None
        said.append(f"Made the folder {path}.")
    st = path.stat()
    if st.st_uid != os.geteuid() and os.geteuid() != 0:
        raise HandInError(f"{path} belongs to {user_name(st.st_uid)}, not to you ({login()}): only its owner can "
                          "set it up as a hand-in folder; choose a folder of your own")
    if group is None:
        gid = os.getegid()
    else:
        try:
            gid = grp.getgrnam(group).gr_gid
        except KeyError:
            raise HandInError(f"--group: there is no group named {group!r} here (the command `groups` lists yours)") \
                from None
    try:
        os.chown(path, -1, gid)
        os.chmod(path, SHARED_FOLDER_MODE if group else FOLDER_MODE)
    except OSError as exc:
        raise HandInError(f"the permissions of {path} cannot be set ({exc.strerror}); with --group, you must "
                          "be a member of that group") from None
    problems = folder_problems(path)
    if problems:  # a file system that keeps no sticky or set-group-id bits, for example
        raise HandInError(f"{path} was set up but still cannot be used: {'; '.join(problems)}. Choose a folder "
                          "on another disk (a local or NFS disk keeps these bits)")
    final = path.stat()
    gname = group_name(final.st_gid)
    said.append(f"Set {path} to {stat.filemode(final.st_mode)} (mode {stat.S_IMODE(final.st_mode):04o}), group "
                f"{gname}: learners can hand in their report, but cannot list the folder or read each other's "
                f"hand-ins; you{' and the group ' + gname if group else ''} can read them all.")
    others = sorted(_group_members(final.st_gid) - {user_name(final.st_uid)})
    if others:
        said.append(f"Check: the group {gname} has other members ({', '.join(others[:5])}"
                    f"{', ...' if len(others) > 5 else ''}), and each of them can read every hand-in. If any is a "
                    "learner, choose a group of teachers only with --group.")
    closed = [p for p in path.resolve().parents if not stat.S_IMODE(p.stat().st_mode) & stat.S_IXOTH]
    if closed:
        said.append(f"Check: learners cannot reach the folder while {closed[0]} is closed to others; open it "
                    f"with: chmod o+x {closed[0]}")
    said.append(f"Learners hand in with: python -m course report --hand-in {path.resolve()} (or set "
                f"{HAND_IN_ENV}={path.resolve()} for every learner and leave out the folder).")
    return said


@dataclass(frozen=True)
class HandIn:
    """A report handed in: where it is, and whether it replaced the learner's earlier one."""

    path: Path
    replaced: bool

    def __repr__(self) -> str:
        again = "it replaces your earlier hand-in" if self.replaced else "your first hand-in there"
        return f"Report handed in: {self.path} ({again}). Your teacher can read it; other learners cannot."

    def _repr_html_(self) -> str:
        again = "it replaces your earlier hand-in" if self.replaced else "your first hand-in there"
        return (f'<div class="course-hand-in" role="status">✔ Report handed in: <code>{_e(self.path)}</code> '
                f"({again}). Your teacher can read it; other learners cannot.</div>")


def hand_in_file(text: str, folder: str | Path, name: str) -> HandIn:
    """Write ``text`` as ``folder/name``, replacing only a file of that name that is the writer's own."""
    folder = Path(folder)
    problems = folder_problems(folder)
    if problems:
        raise _unusable(folder, problems)
    target = folder / name
    try:
        old = os.lstat(target)
    except FileNotFoundError:
        old = None
    except OSError as exc:
        raise HandInError(f"{target} cannot be checked ({exc.strerror}); nothing was handed in") from None
    if old is not None and old.st_uid != os.geteuid():
        raise HandInError(f"{target} already exists and belongs to {user_name(old.st_uid)}, not to you ({login()}): "
                          "it was left as it is and nothing was handed in. Tell your teacher, who can remove it.")
    if old is not None and not stat.S_ISREG(old.st_mode):
        raise HandInError(f"{target} is not a plain file (a link or a folder): it was left as it is and nothing "
                          "was handed in. Remove it, or ask your teacher to, then hand in again.")
    try:
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=f".{name}.", suffix=".tmp")
    except OSError as exc:
        raise HandInError(f"nothing could be written in the hand-in folder {folder} ({exc.strerror}); "
                          "nothing was handed in") from None
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            os.fchmod(fh.fileno(), FILE_MODE)
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, target)
    except BaseException as exc:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        if not isinstance(exc, OSError):
            raise
        why = "it is in use; try again in a moment" if exc.errno in (errno.EBUSY, errno.ETXTBSY) else exc.strerror
        kept = "your earlier hand-in is unchanged" if old is not None else "nothing was handed in"
        raise HandInError(f"the report could not be handed in as {target} ({why}); {kept}") from None
    return HandIn(target, replaced=old is not None)


def hand_in_report(folder: str | Path | None = None, display_name: str | None = None) -> HandIn:
    """Hand in the learner's report to the class's hand-in folder.

    Parameters
    ----------
    folder : str or Path, optional
        The hand-in folder; by default the one ``$COURSE_HAND_IN`` names.
    display_name : str, optional
        The name to show on the report (saved for next time, as by ``python -m course report``).

    Returns
    -------
    HandIn
        Where the report went; shown in a notebook as a line saying so. A folder that cannot be
        used, or a file of that name that is someone else's, raises ``HandInError`` and nothing
        is written.
    """
    where = hand_in_folder(folder)
    problems = folder_problems(where)
    if problems:  # before the record is touched
        raise _unusable(where, problems)
    record = report_record(display_name)
    return hand_in_file(report_json(record), where, hand_in_name(login(), record.get("learner_id")))


def report_paths(paths: Iterable[str | Path]) -> tuple[list[Path], list[tuple[str, str]]]:
    """The report files ``paths`` name: a folder (a hand-in folder) stands for the ``*.json`` files in
    it, leaving out hidden ones (a hand-in being written); a folder that cannot be listed is skipped
    with the reason, as (name, reason)."""
    files, skipped = [], []
    for p in map(Path, paths):
        if not p.is_dir():
            files.append(p)
            continue
        try:
            found = sorted(q for q in p.iterdir() if q.suffix.lower() == ".json" and not q.name.startswith("."))
        except OSError as exc:
            skipped.append((str(p), f"the folder cannot be listed ({exc.strerror}); a hand-in folder is listed by "
                                    f"its owner, {user_name(p.stat().st_uid)}, or by root"))
            continue
        if not found:
            skipped.append((str(p), "the folder holds no report files (*.json)"))
        if _is_hand_in_folder(p):
            reasons = {q: misnamed(q) for q in found}
            skipped += [(str(q), reason) for q, reason in reasons.items() if reason]
            found = [q for q, reason in reasons.items() if not reason]
        files += found
    return files, skipped


def _is_hand_in_folder(path: Path) -> bool:
    mode = path.stat().st_mode
    return bool(mode & stat.S_ISVTX and mode & stat.S_ISGID)


def misnamed(path: Path) -> str | None:
    """Why a file of a hand-in folder is set aside: it is named for another login than its owner's
    (a report handed in under someone else's name); None when it is named for its owner, is the
    reader's own (a copy the teacher put there) or belongs to a user this system has no name for."""
    try:
        st = path.lstat()
        owner = pwd.getpwuid(st.st_uid).pw_name
    except (OSError, KeyError):
        return None
    if st.st_uid == os.geteuid():
        return None
    mine = safe_file_part(owner) or "learner"
    stem = path.name[:-len(path.suffix)]
    rest = stem[len(mine) + 1:] if stem.startswith(mine + "_") else None
    if stem == mine or (rest and rest == safe_file_part(rest, 32) and "_" not in rest):
        return None
    return (f"set aside: it belongs to {owner}, whose hand-in would be named {mine}_ID.json, so it may have "
            f"been handed in under someone else's name; ask {owner} about it")


def unreadable_reason(path: Path, exc: OSError) -> str:
    """Why a report file cannot be read, saying whose it is and who can put it right."""
    try:
        st = path.stat()
    except OSError:
        return f"cannot be read ({exc.strerror})"
    owner = user_name(st.st_uid)
    return (f"cannot be read ({exc.strerror}): it belongs to {owner}, group {group_name(st.st_gid)}, "
            f"{stat.filemode(st.st_mode)}; ask {owner} to hand it in again (a hand-in is made readable by the "
            "hand-in folder's group)")
