"""Binder (repo2docker) readiness, checked statically: the files it reads agree with pyproject."""

from __future__ import annotations

import json
import os
import re
import tomllib
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]


def _name(requirement: str) -> str:
    return re.split(r"[<>=!~ \[;]", requirement.strip(), maxsplit=1)[0].lower().replace("_", "-")


def _pyproject_deps() -> dict[str, str]:
    deps = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["dependencies"]
    return {_name(d): d.replace(" ", "") for d in deps}


def _environment():
    return yaml.safe_load((ROOT / "environment.yml").read_text())


def _environment_requirements() -> list[str]:
    """environment.yml's packages: the conda ones and those of its pip section."""
    deps = _environment()["dependencies"]
    return ([d for d in deps if isinstance(d, str)]
            + [p for d in deps if isinstance(d, dict) for p in d.get("pip", [])])


def test_environment_names_the_same_packages_as_pyproject():
    env_deps = _environment_requirements()
    conda = {_name(d): d.replace(" ", "") for d in env_deps if _name(d) not in ("python", "pip")}
    assert conda.keys() == _pyproject_deps().keys(), (
        f"only in environment.yml: {sorted(conda.keys() - _pyproject_deps().keys())}; "
        f"only in pyproject.toml: {sorted(_pyproject_deps().keys() - conda.keys())}")
    assert conda == _pyproject_deps(), "version bounds differ between environment.yml and pyproject.toml"


def test_environment_pins_python_exactly_from_conda_forge():
    env = _environment()
    assert env["channels"] == ["conda-forge"]
    pythons = [d for d in env["dependencies"] if isinstance(d, str) and _name(d) == "python"]
    assert pythons and re.fullmatch(r"python=3\.\d+", pythons[0]), "pin Python exactly, e.g. python=3.11"
    requires = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["requires-python"]
    minimum = requires.removeprefix(">=")
    assert tuple(map(int, pythons[0].split("=")[1].split("."))) >= tuple(map(int, minimum.split(".")))


def test_no_binder_folder_hides_the_root_files():
    assert not (ROOT / "binder").exists() and not (ROOT / ".binder").exists()


def test_postbuild_installs_the_course_and_silences_the_news_popup():
    post = ROOT / "postBuild"
    assert os.access(post, os.X_OK), "postBuild must be executable"
    text = post.read_text()
    assert "pip install --no-deps -e ." in text
    assert "config/lab-overrides.json" in text and "share/jupyter/lab/settings" in text


def test_lab_overrides_turn_off_news_and_update_checks():
    overrides = json.loads((ROOT / "config" / "lab-overrides.json").read_text())
    notification = overrides["@jupyterlab/apputils-extension:notification"]
    assert notification["fetchNews"] == "false" and notification["checkForUpdates"] is False


def test_readme_binder_link_opens_lesson_00_in_jupyterlab():
    readme = (ROOT / "README.md").read_text()
    links = re.findall(r"https://mybinder\.org/v2/gh/[^)\s`]+", readme)
    assert links, "README needs a Binder link"
    for link in links:
        assert link.endswith("?urlpath=lab/tree/notebooks/00_start_here.ipynb"), link


def test_readme_lesson_table_is_current(generate_docs):
    assert generate_docs.readme_table() in (ROOT / "README.md").read_text(), \
        "README lesson table is stale: run `python tools/generate_docs.py`"
