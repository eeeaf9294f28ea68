"""Where the course is published (``config/publishing.yml``), and the links made from it.

One setting serves every page that links to the live course: the README's Binder badge and the
instructor guide's links (``tools/generate_docs.py``), the book edition (``tools/build_book.py``)
and the slides (``course.slides``). Until ``repository`` is set, the links show ``OWNER/REPO`` to
be filled in; once it is set, no page made from it shows the placeholder.

>>> p = Publishing(repository="example-org/course", branch="main", hub="https://hub.example.edu")
>>> p.binder_url("08_evaluating_claims.ipynb")
'https://mybinder.org/v2/gh/example-org/course/main?urlpath=lab/tree/notebooks/08_evaluating_claims.ipynb'
>>> p.gitpuller_url()
'https://hub.example.edu/hub/user-redirect/git-pull?repo=https%3A%2F%2Fgithub.com%2Fexample-org%2Fcourse&branch=main&targetpath=course&urlpath=lab%2Ftree%2Fcourse%2Fnotebooks%2F00_start_here.ipynb'

A class link (``python -m course classroom-link``) may name another repository, such as a bare
copy on the hub's own disk; the folder it lands in is the repository's name without ``.git``:

>>> link = classroom_link(p, repo="/srv/git/course.git", lesson="08")
>>> from urllib.parse import urlsplit, parse_qs
>>> query = parse_qs(urlsplit(link).query)
>>> query["repo"], query["targetpath"], query["urlpath"]
(['/srv/git/course.git'], ['course'], ['lab/tree/course/notebooks/08_evaluating_claims.ipynb'])
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote, urlencode, urlsplit

import yaml

from .lessons import lesson as lesson_entry
from .lessons import lessons
from .paths import REPO_DIR, display_path

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

    def gitpuller_url(self, hub: str | None = None, notebook: str = FIRST_LESSON, *, repo: str | None = None,
                      branch: str | None = None, target: str | None = None) -> str:
        """The nbgitpuller link that copies the course into a learner's home on ``hub`` (by default
        the setting's; HUB while there is none) and opens ``notebook``. ``repo`` and ``branch`` default
        to the setting's; ``target``, the folder the copy lands in, to the repository's name without
        ``.git`` (:func:`repository_folder`). Every value is percent-encoded here and nowhere else."""
        hub = (hub or self.hub or "https://HUB").rstrip("/")
        repo = repo or self.git_url
        target = target or repository_folder(repo)
        opens = f"lab/tree/{quote(target)}/notebooks/{quote(notebook)}"
        query = urlencode({"repo": repo, "branch": branch or self.branch, "targetpath": target, "urlpath": opens},
                          quote_via=quote, safe="")
        return f"{hub}/hub/user-redirect/git-pull?{query}"


def repository_folder(repo: str) -> str:
    """The folder a copy of ``repo`` (a URL or a path) is named after: its last part without ``.git``.

    >>> repository_folder("https://github.com/example-org/course"), repository_folder("/srv/git/course.git/")
    ('course', 'course')
    """
    path = urlsplit(repo).path if "://" in repo else repo
    name = path.rstrip("/").rsplit("/", 1)[-1]
    return name[:-4] if name.endswith(".git") else name


_TARGET = re.compile(r"^[A-Za-z0-9_-][A-Za-z0-9._-]*(/[A-Za-z0-9_-][A-Za-z0-9._-]*)*$")


def _check_repo(repo: str) -> str:
    if re.match(r"^https?://[^/\s]+/\S+$", repo) or re.match(r"^file:///\S+$", repo) or (
            repo.startswith("/") and not re.search(r"\s", repo) and repo.rstrip("/") != ""):
        if not repository_folder(repo):
            raise PublishingError(f"--repo must end in the repository's name (like .../course or .../course.git), "
                                  f"got {repo!r}")
        return repo
    raise PublishingError(f"--repo must be an https:// URL (https://github.com/owner/name), a file:// URL or "
                          f"an absolute path to a repository on the hub (/srv/git/course.git), got {repo!r}")


def classroom_link(setting: Publishing, hub: str | None = None, repo: str | None = None,
                   branch: str | None = None, lesson: str | None = None, target: str | None = None) -> str:
    """The nbgitpuller link of ``python -m course classroom-link``: the hub, repository and branch
    given, else the setting's (config/publishing.yml); ``lesson`` is a lesson's number or file
    (default Lesson 00); ``target`` the folder in the learner's home (default: the repository's
    name). Bad or missing values raise ``PublishingError`` naming the option and what is valid."""
    source = display_path(SETTINGS_FILE)
    hub = hub or setting.hub
    if hub is None:
        raise PublishingError(f"--hub is needed: give the hub's address (--hub https://hub.example.edu), or set "
                              f"'hub' in {source}")
    if not _HUB.match(hub):
        raise PublishingError(f"--hub must be a hub's http:// or https:// address such as https://hub.example.edu, "
                              f"got {hub!r}")
    if repo is None and not setting.is_set:
        raise PublishingError(f"--repo is needed: give the course's repository (an https:// URL, a file:// URL or "
                              f"an absolute path), or set 'repository' in {source}")
    repo = _check_repo(repo) if repo is not None else setting.git_url
    branch = branch or setting.branch
    if not _BRANCH.match(branch):
        raise PublishingError(f"--branch must be a branch name such as main (letters, digits, . _ / -), got {branch!r}")
    if target is not None and (not _TARGET.match(target) or ".." in target.split("/")):
        raise PublishingError(f"--target must be a folder inside the learner's home, such as course or "
                              f"courses/back (letters, digits, . _ -; no leading / and no ..), got {target!r}")
    notebook = FIRST_LESSON
    if lesson is not None:
        try:
            notebook = lesson_entry(lesson.zfill(2) if lesson.isdigit() else lesson).file
        except ValueError:
            raise PublishingError(f"--lesson must be one of the course's lessons, by number or file: "
                                  f"{', '.join(l.file for l in lessons())}; got {lesson!r}") from None
    return setting.gitpuller_url(hub, notebook, repo=repo, branch=branch, target=target)


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
