"""reveal.js for the slide tests: installed from the npm registry when missing (``npm ci``)."""

from __future__ import annotations

import os
import shutil
import subprocess

import pytest

from course.paths import REPO_DIR
from course.slides import SlidesError, reveal_dist


def need_reveal() -> None:
    """Make sure reveal.js is installed for the slides; without npm, fail in CI and skip elsewhere."""
    try:
        reveal_dist()
        return
    except SlidesError:
        pass
    npm = shutil.which("npm")
    if npm is None:
        message = "npm is needed to install reveal.js for the slides (Debian: apt-get install nodejs npm)"
        if os.environ.get("CI", "").strip().lower() in ("true", "1"):
            pytest.fail(message)
        pytest.skip(message)
    subprocess.run([npm, "ci", "--no-audit", "--no-fund", "--prefix", str(REPO_DIR / "tools" / "slides")],
                   check=True, capture_output=True, timeout=300)
    reveal_dist()
