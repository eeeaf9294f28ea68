"""Where the course is published is one setting (config/publishing.yml): once it is set, no page made
from it (README badge, the guide's links, the book edition's note, the slides) shows OWNER/REPO."""

from __future__ import annotations

import importlib
from pathlib import Path

import pytest

from course import publishing
from course.lessons import lesson
from course.slides import deck_html

ROOT = Path(__file__).resolve().parents[1]


def _tool(name: str):
    return importlib.import_module(f"tools.{name}")


@pytest.fixture
def published(tmp_path, monkeypatch):
    path = tmp_path / "publishing.yml"
    path.write_text("repository: example-org/back-muscle-therapy\nbranch: spring\nhub: https://hub.example.edu/\n")
    monkeypatch.setenv(publishing.ENV_VAR, str(path))
    return path


def test_the_repository_setting_is_still_the_placeholder_and_the_pages_say_so():
    setting = publishing.load()
    assert not setting.is_set and "OWNER/REPO" in setting.binder_url()


def test_once_set_no_generated_page_shows_the_placeholder(published):
    docs = _tool("generate_docs")
    for rel, regenerate in docs.GENERATED.items():
        text = regenerate((ROOT / rel).read_text(encoding="utf-8"))
        assert "https://mybinder.org/v2/gh/example-org/back-muscle-therapy/spring?urlpath=lab/tree/notebooks/" \
               "00_start_here.ipynb" in text, rel
        generated = "".join(text.split(f"<!-- {name}:start -->")[1].split(f"<!-- {name}:end -->")[0]
                            for name in docs.LINKS if f"<!-- {name}:start -->" in text)
        assert generated and "OWNER/REPO" not in generated and "HUB" not in generated, rel
    guide = docs.GENERATED[docs.GUIDE]((ROOT / docs.GUIDE).read_text(encoding="utf-8"))
    assert ("https://hub.example.edu/hub/user-redirect/git-pull?repo=https%3A%2F%2Fgithub.com%2Fexample-org%2F"
            "back-muscle-therapy&branch=spring&targetpath=back-muscle-therapy&urlpath=lab%2Ftree%2F"
            "back-muscle-therapy%2Fnotebooks%2F"
            "00_start_here.ipynb") in guide
    book = _tool("build_book")
    note = book.live_note("08_evaluating_claims.ipynb")
    assert "example-org/back-muscle-therapy/spring?urlpath=lab/tree/notebooks/08_evaluating_claims.ipynb" in note
    assert "https://hub.example.edu/hub/user-redirect/git-pull?" in note and "08_evaluating_claims.ipynb" in note
    assert "OWNER/REPO" not in note and "HUB" not in note
    deck = deck_html(lesson("08"))
    assert "example-org/back-muscle-therapy/spring?urlpath=lab/tree/notebooks/08_evaluating_claims.ipynb" in deck


@pytest.mark.parametrize("text, message", [
    ("repository: just-a-name\n", "field 'repository' must be a GitHub repository as owner/name"),
    ("repository: a/b\nbranch: 'two words'\n", "field 'branch' must be a branch name"),
    ("hub: hub.example.edu\n", "field 'hub' must be a hub's address such as https://hub.example.edu"),
    ("repo: a/b\n", "unknown field(s) repo"),
    ("[1, 2]\n", "must hold the fields repository, branch and hub"),
])
def test_a_bad_setting_names_the_file_and_the_field(tmp_path, text, message):
    path = tmp_path / "publishing.yml"
    path.write_text(text)
    with pytest.raises(publishing.PublishingError) as caught:
        publishing.load(path)
    assert str(path) in str(caught.value) and message in str(caught.value)


# --------------------------------------------------------------------------------------------
# python -m course classroom-link
# --------------------------------------------------------------------------------------------


def _decoded(link: str) -> tuple[str, dict[str, str]]:
    """The link's address and its query, each parameter decoded once, as nbgitpuller reads them."""
    from urllib.parse import parse_qs, urlsplit

    parts = urlsplit(link)
    query = parse_qs(parts.query, strict_parsing=True)
    assert all(len(v) == 1 for v in query.values()), query
    return f"{parts.scheme}://{parts.netloc}{parts.path}", {k: v[0] for k, v in query.items()}


@pytest.mark.parametrize("repo, target", [
    ("https://github.com/example-org/back-muscle-therapy", "back-muscle-therapy"),
    ("https://gitlab.example.edu/teach/course.git", "course"),
    ("file:///srv/git/course.git", "course"),
    ("/srv/git/course.git/", "course"),
    ("/home/teacher/back muscles", None),  # a space: refused below, not here
])
def test_the_link_carries_each_parameter_once_encoded(repo, target):
    setting = publishing.Publishing()
    if " " in repo:
        with pytest.raises(publishing.PublishingError, match="--repo must be"):
            publishing.classroom_link(setting, hub="https://hub.example.edu", repo=repo)
        return
    link = publishing.classroom_link(setting, hub="https://hub.example.edu/", repo=repo, branch="spring-2026",
                                     lesson="08")
    address, query = _decoded(link)
    assert address == "https://hub.example.edu/hub/user-redirect/git-pull"
    assert query == {"repo": repo, "branch": "spring-2026", "targetpath": target,
                     "urlpath": f"lab/tree/{target}/notebooks/08_evaluating_claims.ipynb"}
    assert "/" not in link.split("?", 1)[1] and ":" not in link.split("?", 1)[1]  # every value percent-encoded


def test_the_link_takes_its_defaults_from_the_setting_and_a_target_folder(published):
    setting = publishing.load()
    _, query = _decoded(publishing.classroom_link(setting))
    assert query == {"repo": "https://github.com/example-org/back-muscle-therapy", "branch": "spring",
                     "targetpath": "back-muscle-therapy",
                     "urlpath": "lab/tree/back-muscle-therapy/notebooks/00_start_here.ipynb"}
    address, query = _decoded(publishing.classroom_link(setting, lesson="03_ischemia.ipynb", target="courses/back"))
    assert address.startswith("https://hub.example.edu/hub/")
    assert query["targetpath"] == "courses/back"
    assert query["urlpath"] == "lab/tree/courses/back/notebooks/03_ischemia.ipynb"


@pytest.mark.parametrize("given, message", [
    ({}, "--hub is needed: give the hub's address"),
    ({"hub": "https://hub.example.edu"}, "--repo is needed: give the course's repository"),
    ({"hub": "hub.example.edu", "repo": "/srv/c.git"}, "--hub must be a hub's http:// or https:// address"),
    ({"hub": "ftp://hub.example.edu", "repo": "/srv/c.git"}, "--hub must be"),
    ({"hub": "https://h.example.edu", "repo": "git@github.com:a/b.git"}, "--repo must be an https:// URL"),
    ({"hub": "https://h.example.edu", "repo": "course.git"}, "an absolute path to a repository on the hub"),
    ({"hub": "https://h.example.edu", "repo": "https://github.com//"}, "--repo must end in the repository's name"),
    ({"hub": "https://h.example.edu", "repo": "/srv/c.git", "branch": "two words"}, "--branch must be a branch name"),
    ({"hub": "https://h.example.edu", "repo": "/srv/c.git", "lesson": "12"},
     "--lesson must be one of the course's lessons, by number or file: 00_start_here.ipynb, "),
    ({"hub": "https://h.example.edu", "repo": "/srv/c.git", "target": "../elsewhere"}, "--target must be a folder"),
    ({"hub": "https://h.example.edu", "repo": "/srv/c.git", "target": "/srv/x"}, "no leading / and no .."),
])
def test_bad_or_missing_link_options_are_named(given, message):
    with pytest.raises(publishing.PublishingError) as caught:
        publishing.classroom_link(publishing.Publishing(), **given)
    assert message in str(caught.value)


def test_the_classroom_link_command_prints_the_link_or_the_error(capsys):
    from course.cli import main

    assert main(["classroom-link", "--hub", "https://hub.example.edu", "--repo", "/srv/git/course.git",
                 "--lesson", "9"]) == 0
    _, query = _decoded(capsys.readouterr().out.strip())
    assert query["urlpath"] == "lab/tree/course/notebooks/09_review_and_progress.ipynb"
    assert main(["classroom-link", "--hub", "https://hub.example.edu"]) == 2
    assert "--repo is needed" in capsys.readouterr().err
