"""Where the course is published is one setting (config/publishing.yml): once it is set, no page made
from it (README badge, the guide's links, the static edition's note, the slides) shows OWNER/REPO."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

from course import publishing
from course.lessons import lesson
from course.slides import deck_html

ROOT = Path(__file__).resolve().parents[1]


def _tool(name: str):
    spec = importlib.util.spec_from_file_location(name, ROOT / "tools" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault(name, module)
    spec.loader.exec_module(module)
    return module


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
            "back-muscle-therapy&branch=spring&urlpath=lab%2Ftree%2Fback-muscle-therapy%2Fnotebooks%2F"
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
