"""Set-up for every pytest run in this repository: no run ever touches a learner's real progress.

Lessons record progress as they run (``course.progress``), and so do the notebook runs (nbval),
doctests and browser tests. For the whole run, ``COURSE_PROGRESS_FILE`` points at a file in a
temporary folder, which kernels and JupyterLab servers started by the tests inherit; the folder is
removed at the end. ``tests/conftest.py`` then gives each test in ``tests/`` a file of its own.
"""

from __future__ import annotations

import os
import shutil
import tempfile

_ENV = "COURSE_PROGRESS_FILE"
_saved: dict[str, str | None] = {}


def pytest_configure(config):
    folder = tempfile.mkdtemp(prefix="course-progress-")
    _saved["folder"] = folder
    _saved["previous"] = os.environ.get(_ENV)
    os.environ[_ENV] = os.path.join(folder, "progress.json")


def pytest_unconfigure(config):
    previous = _saved.pop("previous", None)
    if previous is None:
        os.environ.pop(_ENV, None)
    else:
        os.environ[_ENV] = previous
    folder = _saved.pop("folder", None)
    if folder:
        shutil.rmtree(folder, ignore_errors=True)
