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


def notebooks_dir() -> Path:
    """The folder holding the lesson notebooks."""
    return REPO_DIR / "notebooks"
