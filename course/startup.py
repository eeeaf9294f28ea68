"""Start-up check: say in plain words what is wrong with the set-up and how to fix it.

Lesson 00 runs the full check in its first cell; every lesson's Setup runs the short one through
``start_lesson``. Each problem is a :class:`Problem` with what is wrong and how to fix it.

>>> [p.what for p in check_environment(minimum_python=(3, 0))]
[]
"""

from __future__ import annotations

import html
import sys
import tempfile
from dataclasses import dataclass
from importlib import metadata

from .paths import data_dir, progress_path

#: Packages the lessons need, with the oldest version known to work (as in pyproject.toml).
REQUIRED: dict[str, str] = {
    "ipywidgets": "8.1",
    "ipyevents": "2.0.4",
    "matplotlib": "3.9",
    "fpng": "0.1",
    "numpy": "1.26",
    "scipy": "1.12",
    "pyyaml": "6.0",
    "jsonschema": "4.20",
    "markdown-it-py": "3.0",
    "platformdirs": "4.0",
    "filelock": "3.13",
    "fsrs": "6",
}
FIX_INSTALL = "run `make lab` from the course folder, or `pip install -e .` in the Python this notebook uses"


@dataclass(frozen=True)
class Problem:
    what: str
    fix: str


def _version_tuple(text: str) -> tuple[int, ...]:
    parts = []
    for piece in text.split(".")[:3]:
        digits = ""
        for ch in piece:
            if not ch.isdigit():
                break
            digits += ch
        if not digits:
            break
        parts.append(int(digits))
    return tuple(parts)


def check_environment(minimum_python: tuple[int, int] = (3, 11), progress: bool = True) -> list[Problem]:
    """Everything that can be checked from the kernel: Python, packages, data, progress file
    (leave the last out with ``progress=False``)."""
    problems: list[Problem] = []
    if sys.version_info[:2] < minimum_python:
        problems.append(Problem(
            f"This notebook runs Python {sys.version.split()[0]}; the course needs {minimum_python[0]}.{minimum_python[1]} or newer.",
            "Choose a newer Python kernel (Kernel → Change Kernel), or " + FIX_INSTALL + "."))
    for package, minimum in REQUIRED.items():
        try:
            found = metadata.version(package)
        except metadata.PackageNotFoundError:
            problems.append(Problem(f"The package {package} is not installed.", FIX_INSTALL + "."))
            continue
        if _version_tuple(found) < _version_tuple(minimum):
            problems.append(Problem(f"{package} {found} is older than the {minimum} the course needs.", FIX_INSTALL + "."))
    try:
        folder = data_dir()
        for needed in ("catalogue.yml", "references.yml", "claims.csv", "quizzes"):
            if not (folder / needed).exists():
                problems.append(Problem(f"Course data not found: {folder / needed} is missing.",
                                        "Open the notebooks from a complete copy of the course (git clone, or the Binder link)."))
                break
    except FileNotFoundError as exc:
        problems.append(Problem(f"Course data not found: {exc}", "Open the notebooks from a complete copy of the course."))
    if progress:
        problems.extend(_progress_problems())
    return problems


def _progress_problems() -> list[Problem]:
    """Is the learner's progress file writable? (Its location comes from the progress store.)"""
    try:
        path = progress_path()
    except ImportError:  # platformdirs missing: reported with the other packages
        return []
    folder = path.parent
    try:
        folder.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=folder, prefix=".write-test-", delete=True):
            pass
    except OSError as exc:
        blocker = next((p for p in reversed(path.parents) if p.exists() and not p.is_dir()), None)
        what = (f"{blocker} is a file, not a folder" if blocker is not None
                else f"{folder} is not writable ({exc.strerror})")
        return [Problem(f"Your progress cannot be saved: {what}.",
                        "Set the environment variable COURSE_PROGRESS_FILE to a file in a folder you can write, "
                        "then restart the kernel. Quizzes still work; answers are just not kept.")]
    return []


def report_html(problems: list[Problem]) -> str:
    """Plain-words report: a tick when all is well, else each problem with its fix."""
    if not problems:
        return ('<div class="course-startup" role="status"><b>✔ All set:</b> Python, the course package, '
                "its data and your progress file are ready, and widgets are displaying.</div>")
    items = "".join(f"<li><b>{html.escape(p.what)}</b><br>Fix: {html.escape(p.fix)}</li>" for p in problems)
    return (f'<div class="course-startup" role="alert"><b>⚠ {len(problems)} problem(s) found:</b>'
            f"<ul>{items}</ul></div>")


WIDGETS_MISSING = ("⚠ Widgets are not displaying in this window, so sliders and quizzes will not appear. "
                   "Fix: open the course in JupyterLab 4 (make lab, or the Binder link) and reload the page; "
                   "if that does not help, install ipywidgets in the same environment as JupyterLab.")


class StartupReport:
    """Displays as a widget when widgets work, and as a plain warning when they do not.

    A notebook front end that cannot show widgets falls back to the ``text/plain`` part of the
    display, so that part says what is wrong with the widgets; the widget part says all is well.
    """

    def __init__(self, problems: list[Problem]):
        self.problems = problems

    def _repr_mimebundle_(self, **kwargs):
        try:
            import ipywidgets as widgets
        except ImportError:  # the report must show even when the widgets package is missing
            return {"text/html": report_html(self.problems), "text/plain": repr(self)}
        view = widgets.HTML(report_html(self.problems))
        bundle = view._repr_mimebundle_(**kwargs)
        data = bundle[0] if isinstance(bundle, tuple) else bundle
        text = WIDGETS_MISSING
        if self.problems:
            text += "\n" + "\n".join(f"⚠ {p.what} Fix: {p.fix}" for p in self.problems)
        data["text/plain"] = text
        return bundle

    def __repr__(self) -> str:
        return "\n".join(f"⚠ {p.what} Fix: {p.fix}" for p in self.problems) or "✔ All set."


def check_setup() -> StartupReport:
    """Run the start-up check (the first cell of lesson 00)."""
    return StartupReport(check_environment())


def quick_problems(progress: bool = True) -> str | None:
    """One line for a lesson's Setup: None when all is well, else the first problem and its fix.

    ``progress=False`` leaves out the progress-file check (``start_lesson`` makes its own)."""
    problems = check_environment(progress=progress)
    if not problems:
        return None
    first = problems[0]
    more = f" ({len(problems) - 1} more: run the check in Lesson 00)" if len(problems) > 1 else ""
    return f"⚠ {first.what} Fix: {first.fix}{more}"
