"""Where the course is published (``config/publishing.yml``), and the links made from it.

One setting serves every page that links to the live course: the README's Binder badge and the
instructor guide's links (``tools/generate_docs.py``), the static edition (``tools/build_site.py``)
and the slides (``course.slides``). Until ``repository`` is set, the links show ``OWNER/REPO`` to
be filled in; once it is set, no page made from it shows the placeholder.

>>> p = Publishing(repository="example-org/course", branch="main", hub="https://hub.example.edu")
>>> p.binder_url("08_evaluating_claims.ipynb")
'https://mybinder.org/v2/gh/example-org/course/main?urlpath=lab/tree/notebooks/08_evaluating_claims.ipynb'
>>> p.gitpuller_url()
'https://hub.example.edu/hub/user-redirect/git-pull?repo=https%3A%2F%2Fgithub.com%2Fexample-org%2Fcourse&branch=main&urlpath=lab%2Ftree%2Fcourse%2Fnotebooks%2F00_start_here.ipynb'
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote, urlencode

import yaml

from .paths import REPO_DIR

SETTINGS_FILE = REPO_DIR / "config" / "publishing.yml"
#: Set to another settings file (tests, or a fork that keeps its own).
ENV_VAR = "COURSE_PUBLISHING_FILE"
PLACEHOLDER = "OWNER/REPO"
_REPOSITORY = re.compile(r"^[A-Za-z0-9][A-Za-z0-9-]*/[A-Za-z0-9._-]+$")
_BRANCH = re.compile(r"^[A-Za-z0-9._/-]+$")
_HUB = re.compile(r"^https?://[A-Za-z0-9.-]+(:\d+)?(/[A-Za-z0-9._~/-]*)?$")
FIRST_LESSON = "00_start_here.ipynb"


class PublishingError(ValueError):
    """config/publishing.yml cannot be used; the message names the file, the field and what is valid."""


@dataclass(frozen=True)
class Publishing:
    repository: str | None = None
    branch: str = "main"
    hub: str | None = None

    @property
    def is_set(self) -> bool:
        return self.repository is not None

    @property
    def repo(self) -> str:
        """owner/name, or the placeholder OWNER/REPO while the course is not published."""
        return self.repository or PLACEHOLDER

    @property
    def git_url(self) -> str:
        return f"https://github.com/{self.repo}"

    def binder_url(self, notebook: str = FIRST_LESSON) -> str:
        """The Binder link that opens ``notebook`` (a file of notebooks/) in JupyterLab."""
        return f"https://mybinder.org/v2/gh/{self.repo}/{self.branch}?urlpath=lab/tree/notebooks/{notebook}"

    def gitpuller_url(self, hub: str | None = None, notebook: str = FIRST_LESSON) -> str:
        """The nbgitpuller link that copies the course into a learner's home on ``hub`` (by default
        the setting's; HUB while there is none) and opens ``notebook``."""
        hub = (hub or self.hub or "https://HUB").rstrip("/")
        folder = self.repo.rsplit("/", 1)[-1]
        query = urlencode({"repo": self.git_url, "branch": self.branch,
                           "urlpath": f"lab/tree/{folder}/notebooks/{notebook}"}, quote_via=quote, safe="")
        return f"{hub}/hub/user-redirect/git-pull?{query}"


def _problem(path: Path, field: str, value, valid: str) -> PublishingError:
    return PublishingError(f"{path}: field '{field}' must be {valid}, got {value!r}")


def load(path: str | Path | None = None) -> Publishing:
    """The setting of ``path`` (by default ``$COURSE_PUBLISHING_FILE`` or config/publishing.yml)."""
    path = Path(path or os.environ.get(ENV_VAR) or SETTINGS_FILE)
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except OSError as exc:
        raise PublishingError(f"{path}: cannot be read ({exc.strerror or exc})") from None
    except yaml.YAMLError as exc:
        raise PublishingError(f"{path}: not valid YAML ({exc})") from None
    if not isinstance(data, dict):
        raise PublishingError(f"{path}: must hold the fields repository, branch and hub")
    unknown = sorted(set(data) - {"repository", "branch", "hub"})
    if unknown:
        raise PublishingError(f"{path}: unknown field(s) {', '.join(unknown)}; the fields are repository, branch, hub")
    repository, branch, hub = data.get("repository"), data.get("branch", "main"), data.get("hub")
    if repository is not None and not (isinstance(repository, str) and _REPOSITORY.match(repository)):
        raise _problem(path, "repository", repository, "a GitHub repository as owner/name, or null")
    if not (isinstance(branch, str) and _BRANCH.match(branch)):
        raise _problem(path, "branch", branch, "a branch name such as main")
    if hub is not None and not (isinstance(hub, str) and _HUB.match(hub)):
        raise _problem(path, "hub", hub, "a hub's address such as https://hub.example.edu, or null")
    return Publishing(repository, branch, hub.rstrip("/") if hub else None)
