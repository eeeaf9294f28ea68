"""Binder readiness beyond the static checks of test_binder.py: the environment really builds, and
JupyterLab's news pop-up is off (with the course's keyboard settings on) where learners run it.

- ``test_pip_equivalent_of_binder_environment_installs_and_runs_the_course`` (slow, about a
  minute with a warm pip cache): a fresh virtual environment gets the packages of environment.yml
  from the package registry, then ``postBuild`` runs in it, exactly as Binder runs it; the course
  then imports, its quiz banks validate, JupyterLab has the widgets front end, and the settings
  file is in place.
- Under ``make lab`` the Makefile copies config/lab-overrides.json into the environment: the copy
  is there and current, and a JupyterLab started with no user settings serves those values.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import venv
from pathlib import Path

import pytest
from test_binder import _environment_requirements

ROOT = Path(__file__).resolve().parents[1]
OVERRIDES = ROOT / "config" / "lab-overrides.json"
SETTINGS = Path("share") / "jupyter" / "lab" / "settings" / "overrides.json"
NOTIFICATION = "@jupyterlab/apputils-extension:notification"
SHORTCUTS = "@jupyterlab/shortcuts-extension:shortcuts"
ARROW_COMMANDS = {
    "ArrowDown": "notebook:move-cursor-down",
    "ArrowUp": "notebook:move-cursor-up",
    "ArrowLeft": "notebook:move-cursor-heading-above-or-collapse",
    "ArrowRight": "notebook:move-cursor-heading-below-or-expand",
}


def _environment_packages() -> list[str]:
    return [d.replace(" ", "") for d in _environment_requirements() if re.split(r"[<>=!~]", d)[0] not in ("python", "pip")]


# -- the overrides file -----------------------------------------------------------------------------
def _default_shortcuts() -> list[dict]:
    """JupyterLab's own notebook shortcuts, from the installed schema."""
    schema = Path(sys.prefix) / "share" / "jupyter" / "lab" / "schemas" / "@jupyterlab" / "notebook-extension" / "tracker.json"
    if not schema.exists():
        pytest.skip(f"JupyterLab schemas not found at {schema}")
    return json.loads(schema.read_text())["jupyter.lab.shortcuts"]


def test_arrow_keys_in_widgets_operate_the_widget_not_the_notebook():
    """In command mode JupyterLab binds the arrow keys to moving between cells, also when a radio
    button or drop-down list in a widget has the focus, so a keyboard user could not change them.
    The overrides disable exactly those default bindings and add them back for focus outside
    output areas."""
    shortcuts = json.loads(OVERRIDES.read_text())[SHORTCUTS]["shortcuts"]
    defaults = {(s["command"], s["keys"][0]): s["selector"] for s in _default_shortcuts() if s.get("keys")}
    for key, command in ARROW_COMMANDS.items():
        ours = [s for s in shortcuts if s["command"] == command and s["keys"] == [key]]
        disabled = [s for s in ours if s.get("disabled")]
        enabled = [s for s in ours if not s.get("disabled")]
        assert len(disabled) == 1 and disabled[0]["selector"] == defaults[(command, key)], \
            f"{key}: the disabled binding must match JupyterLab's default {defaults.get((command, key))!r}"
        assert len(enabled) == 1 and enabled[0]["selector"] == defaults[(command, key)] + ":not(.jp-OutputArea-output *)"


def _is_course_venv() -> bool:
    return Path(sys.prefix).resolve() == (ROOT / ".venv").resolve()


@pytest.mark.skipif(not _is_course_venv(), reason="runs in the course's .venv (make test)")
def test_make_install_copied_the_current_lab_overrides():
    copy = Path(sys.prefix) / SETTINGS
    assert copy.exists(), f"{copy} is missing: run make install"
    assert json.loads(copy.read_text()) == json.loads(OVERRIDES.read_text()), \
        f"{copy} differs from config/lab-overrides.json: run make install"


def test_makefile_recopies_the_overrides_when_they_change():
    makefile = (ROOT / "Makefile").read_text()
    stamp_rule = re.search(r"^\$\(STAMP\):(.*)$", makefile, re.M)
    assert stamp_rule and "config/lab-overrides.json" in stamp_rule.group(1)
    assert "cp config/lab-overrides.json $(VENV)/share/jupyter/lab/settings/overrides.json" in makefile


@pytest.mark.skipif(not _is_course_venv(), reason="runs in the course's .venv (make test)")
def test_lab_without_user_settings_serves_the_course_settings(tmp_path):
    """JupyterLab as ``make lab`` starts it (no user settings): the settings it serves have the
    news pop-up and update checks off and the arrow-key bindings of the overrides."""
    from labdriver.lab import LabServer

    class PlainLab(LabServer):
        def environment(self):
            env = super().environment()
            env["JUPYTERLAB_SETTINGS_DIR"] = str(tmp_path / "no-user-settings")
            return env

    with PlainLab() as server:
        notification = server.api("GET", f"lab/api/settings/{NOTIFICATION}")["schema"]["properties"]
        shortcuts = server.api("GET", f"lab/api/settings/{SHORTCUTS}")["schema"]["properties"]
    assert notification["fetchNews"]["default"] == "false"
    assert notification["checkForUpdates"]["default"] is False
    served = shortcuts["shortcuts"]["default"]
    assert served == json.loads(OVERRIDES.read_text())[SHORTCUTS]["shortcuts"]


def test_readme_badge_opens_lesson_00_in_jupyterlab():
    readme = (ROOT / "README.md").read_text()
    badge = re.search(r"\[!\[([^\]]+)\]\(https://mybinder\.org/badge_logo\.svg\)\]\((https://mybinder\.org/v2/gh/[^)]+)\)", readme)
    assert badge, "README needs the Binder badge: [![Launch on Binder](https://mybinder.org/badge_logo.svg)](link)"
    assert badge.group(1).strip(), "the badge image needs alt text"
    link = badge.group(2)
    assert re.fullmatch(r"https://mybinder\.org/v2/gh/[^/]+/[^/]+/[^?]+\?urlpath=lab/tree/notebooks/00_start_here\.ipynb", link), link
    assert (ROOT / "notebooks" / "00_start_here.ipynb").exists()


# -- a fresh environment, as Binder builds it ---------------------------------------------------------
@pytest.mark.slow
def test_pip_equivalent_of_binder_environment_installs_and_runs_the_course(tmp_path):
    env_dir = tmp_path / "binder-env"
    venv.EnvBuilder(with_pip=True).create(env_dir)
    python = env_dir / "bin" / "python"
    environ = {k: v for k, v in os.environ.items() if k not in ("VIRTUAL_ENV", "PYTHONPATH", "PYTHONHOME")}
    environ.update(PATH=f"{env_dir / 'bin'}{os.pathsep}{environ.get('PATH', '')}", PIP_DISABLE_PIP_VERSION_CHECK="1")

    def run(*cmd, timeout=900, cwd=tmp_path):
        # From outside the repository, so that only an installed course can be imported.
        done = subprocess.run(cmd, cwd=cwd, env=environ, capture_output=True, text=True, timeout=timeout)
        assert done.returncode == 0, f"{' '.join(map(str, cmd))} failed:\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}"
        return done.stdout

    # environment.yml's packages (conda-forge on Binder; the same names and bounds on PyPI here) ...
    run(str(python), "-m", "pip", "install", "--quiet", *_environment_packages())
    # ... then postBuild, exactly as Binder runs it: `python` and `pip` are the environment's.
    run("bash", str(ROOT / "postBuild"), cwd=ROOT)

    assert run(str(python), "-c", "import sys; print(sys.prefix)").strip() == str(env_dir)
    location = run(str(python), "-c", "import course, pathlib; print(pathlib.Path(course.__file__).parent)").strip()
    assert Path(location) == ROOT / "course", "postBuild installs the repository's course package"
    assert "OK data/quizzes/00_start_here.yml" in run(str(python), "-m", "course", "check-quizzes")
    run(str(python), "-c", "from course import explore_natural_history, start_lesson; "
                           "e = explore_natural_history(); assert e.readout_text; start_lesson('01').quiz('1.1')")
    extensions = subprocess.run([str(env_dir / "bin" / "jupyter"), "labextension", "list"], cwd=tmp_path, env=environ,
                                capture_output=True, text=True, timeout=120)
    assert "@jupyter-widgets/jupyterlab-manager" in extensions.stdout + extensions.stderr, "the widgets front end is missing"
    copied = env_dir / SETTINGS
    assert copied.exists() and json.loads(copied.read_text()) == json.loads(OVERRIDES.read_text())


@pytest.mark.slow
def test_repo2docker_plans_python_311_from_environment_yml_then_postbuild(tmp_path):
    """Binder's own builder, without docker: ``jupyter-repo2docker --no-build --debug`` prints the
    Dockerfile it would build. It must use environment.yml with Python 3.11, then run postBuild."""
    env_dir = tmp_path / "r2d"
    venv.EnvBuilder(with_pip=True).create(env_dir)
    environ = {k: v for k, v in os.environ.items() if k not in ("VIRTUAL_ENV", "PYTHONPATH", "PYTHONHOME")}
    environ["PIP_DISABLE_PIP_VERSION_CHECK"] = "1"
    install = subprocess.run([str(env_dir / "bin" / "python"), "-m", "pip", "install", "--quiet", "jupyter-repo2docker"],
                             env=environ, capture_output=True, text=True, timeout=600)
    assert install.returncode == 0, install.stdout + install.stderr
    plan = subprocess.run([str(env_dir / "bin" / "jupyter-repo2docker"), "--no-build", "--debug", str(ROOT)],
                          cwd=tmp_path, env=environ, capture_output=True, text=True, timeout=300)
    out = plan.stdout + plan.stderr
    assert plan.returncode == 0, out[-3000:]
    assert "Building conda environment for python=3.11" in out
    assert re.search(r"env update .*--file \"environment\.yml\"", out), "the environment comes from environment.yml"
    assert out.index("environment.yml") < out.index("RUN ./postBuild"), "postBuild runs after the environment is built"
