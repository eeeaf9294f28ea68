"""Where the course finds its files.

The course data live in the repository's ``data/`` folder, next to the ``course`` package.
Set the environment variable ``COURSE_DATA_DIR`` to use another copy (tests do this to
check the loaders against broken files without touching the real ones).
"""

from __future__ import annotations

import os
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
REPO_DIR = PACKAGE_DIR.parent
#: The folder name of the learner's data, and the variable that names another progress file.
APP_NAME = "back-muscle-therapy"
PROGRESS_ENV_VAR = "COURSE_PROGRESS_FILE"
PROGRESS_FILE_NAME = "progress.json"


def data_dir() -> Path:
    """The folder holding catalogue.yml, references.yml, claims.csv and quizzes/.

    >>> (data_dir() / "catalogue.yml").is_file()
    True
    """
    override = os.environ.get("COURSE_DATA_DIR")
    path = Path(override) if override else REPO_DIR / "data"
    if not path.is_dir():
        raise FileNotFoundError(
            f"course data folder not found: {path}. The course expects the repository's data/ "
            "folder beside the course package; set COURSE_DATA_DIR to point elsewhere."
        )
    return path


def progress_path() -> Path:
    """The learner's progress file: ``$COURSE_PROGRESS_FILE``, else the per-user data folder
    (``platformdirs.user_data_dir("back-muscle-therapy")``, on Linux ``~/.local/share/back-muscle-therapy``).
    The file itself is read and written by :mod:`course.progress`.

    >>> progress_path().name  # the test suite points the variable at a temporary progress.json
    'progress.json'
    """
    override = os.environ.get(PROGRESS_ENV_VAR, "").strip()
    if override:
        return Path(override).expanduser()
    from platformdirs import user_data_dir  # imported when needed: the start-up check runs without it

    return Path(user_data_dir(APP_NAME, appauthor=False)) / PROGRESS_FILE_NAME


def notebooks_dir() -> Path:
    """The folder holding the lesson notebooks."""
    return REPO_DIR / "notebooks"


def data_file(relative: str | Path) -> Path:
    """A file of the course's data by its path inside data/: the one in COURSE_DATA_DIR when that
    copy has it, else the repository's (a test's copy of data/ may hold only the files it changes).

    >>> data_file("schema/quiz.schema.json").name
    'quiz.schema.json'
    """
    path = data_dir() / relative
    return path if path.is_file() else REPO_DIR / "data" / relative


def display_path(path: Path | str) -> str:
    """A path as shown in messages: relative to the repository when inside it."""
    path = Path(path)
    try:
        return path.resolve().relative_to(REPO_DIR).as_posix()
    except ValueError:
        return str(path)
