#!/usr/bin/env python3
"""Build the book edition of the course with Jupyter Book: every lesson run from a fresh kernel.

    python tools/build_book.py                  # all lessons, into book/ (book/index.html)
    python tools/build_book.py --only 00 03     # some lessons (the others are listed, not built)
    python tools/build_book.py --out /tmp/book  # elsewhere

The book is for reading without Python: from a link, on a phone, projected in class, printed. Its
explorers move one control at a time (frames rendered at build time, ``course.frames``) and its
quizzes answer in the page (``course.static_quiz``); nothing is stored. The course map is the
landing page, the red-flag card has a page of its own linked from the header of every page, the
references of ``data/references.yml`` form the bibliography that lessons cite, and every lesson
says where to run it live (Binder, a class hub).

The build works offline: Jupyter Book 1 (Sphinx, MyST-NB and sphinx-book-theme, all installed
from PyPI) needs nothing from the network, where Jupyter Book 2 downloads its theme while it builds.
Lessons run against a throw-away progress file, never the progress of whoever builds. A lesson
that raises an error stops the build.
"""

from __future__ import annotations

import argparse
import concurrent.futures
import html
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import nbformat  # noqa: E402
import yaml  # noqa: E402
from nbclient import NotebookClient  # noqa: E402

from course.evidence import references  # noqa: E402
from course.frames import FRAMES_ENV  # noqa: E402
from course.lessons import course_map_html, lessons  # noqa: E402
from course.publishing import load as publishing  # noqa: E402
from course.safety import DISCLAIMER, red_flags_html  # noqa: E402

NOTEBOOKS = ROOT / "notebooks"
TITLE = "Back Muscle Therapy"
WIDGET_MIME = "application/vnd.jupyter.widget-view+json"
#: What stands in for a widget that has no version of its own for a page without a kernel.
WIDGET_NOTE = ('<p class="course-static-note"><i>An interactive part of the lesson is here: '
               "run the lesson live to use it.</i></p>")
LIVE_NOTE_MARK = "course-run-live"
RED_FLAGS_PAGE = "red-flags"
BIBLIOGRAPHY_PAGE = "bibliography"
#: Markers of the test suite (nbval) that mean nothing to a reader.
_TEST_MARKER = re.compile(r"^# NBVAL_\w+[ \t]*\n?", re.M)
_LESSON_HREF = re.compile(r'href="(?:\.\./notebooks/|notebooks/)?(\d\d_[\w-]+)\.ipynb(#[^"]*)?"')
_LESSON_LINK = re.compile(r"\]\((?:\.\./notebooks/|notebooks/)?(\d\d_[\w-]+)\.ipynb(#[^)]*)?\)")


# --- the pages of the book ---------------------------------------------------------------------

def live_note(notebook: str) -> str:
    """Where to run this lesson live: Binder, a class hub, or the learner's own computer."""
    pub = publishing()
    hub = (f' · on your class hub: <a href="{html.escape(pub.gitpuller_url(notebook=notebook))}">open it '
           "there</a>" if pub.hub else " · on a class hub, use the link your teacher gives")
    return (f'<div class="{LIVE_NOTE_MARK}" role="note"><p><b>Run this lesson live</b> to combine the '
            "explorers' settings, keep your answers and get the spaced review: "
            f'<a href="{html.escape(pub.binder_url(notebook))}">open it on Binder</a> (nothing to install)'
            f"{hub} · or on your computer run <code>make lab</code> in the course folder. "
            f'<a href="{RED_FLAGS_PAGE}.html">Red flags</a> are one click away on every page.</p></div>')


def index_md(built: set[str]) -> str:
    """The landing page: what the course is, where to run it live, and the course map."""
    table = course_map_html()
    table = _LESSON_HREF.sub(lambda m: f'href="{m.group(1)}.html"' if f"{m.group(1)}.ipynb" in built
                             else 'aria-disabled="true"', table)
    return f"""# {TITLE}: an interactive, evidence-graded course

Why back muscles hurt, and what heat, ice, massage, water and exercise really do. Every claim
carries a grade (Strong, Moderate, Weak, None/contrary or Contested) and its references.

```{{note}}
{DISCLAIMER} The [red-flag signs]({RED_FLAGS_PAGE}.md) are linked at the top of every page.
```

This is the **book edition**: each lesson as it reads after running from top to bottom. Its
explorers move one control at a time and its quizzes answer in the page, but nothing you do here
is stored. {live_note("00_start_here.ipynb")}

## The course map

{table}

The [bibliography]({BIBLIOGRAPHY_PAGE}.md) lists every study the lessons cite.
"""


def red_flags_md() -> str:
    return f"""# Red flags: when back pain needs medical care

{DISCLAIMER}

{red_flags_html()}
"""


def bibliography_md() -> str:
    return """# Bibliography

Every reference of the course, from `data/references.yml`. A title in square brackets describes a
study whose exact title the course does not give.

```{bibliography}
:all:
```
"""


def _people(authors: str) -> list[str]:
    """A references.yml author list ('Maher CG, Hancock MJ, et al.') as BibTeX names, each kept as
    written (braces stop BibTeX from splitting and reordering it), 'et al.' as BibTeX's 'others'."""
    names = [a.strip() for a in authors.split(",") if a.strip()]
    return ["others" if name.rstrip(".") in ("et al", "others") else f"{{{name}}}" for name in names]


def bibtex() -> str:
    """data/references.yml as BibTeX, for sphinxcontrib-bibtex (through pybtex, which writes it)."""
    from pybtex.database import BibliographyData, Entry, Person

    entries = {}
    for key, ref in references().items():
        # Braces keep the title's capitals as written (BibTeX styles lower-case titles).
        fields = {"title": "{" + (ref.title or key) + "}", "year": str(ref.year or "n.d.")}
        if ref.journal:
            fields["journal"] = ref.journal
        if ref.doi:
            fields["doi"] = ref.doi
        if ref.note:
            fields["note"] = ref.note
        persons = {"author": [Person(p) for p in _people(ref.authors or key)]}
        entries[key] = Entry("article" if ref.journal else "misc", fields=fields, persons=persons)
    return BibliographyData(entries).to_string("bibtex")


def cited_keys(line: str, keys) -> list[str]:
    """The references.yml keys a lesson's reference line names: a key is the first author's surname
    and the year ('costa2012'), so both must appear in the line.

    >>> cited_keys("Costa LdaCM, Maher CG (2012). The prognosis ... CMAJ.", ["costa2012", "maher2012"])
    ['costa2012', 'maher2012']
    """
    low = line.lower()
    joined = re.sub(r"(?<=\w)[ '-](?=\w)", "", low)  # 'da Silva', "O'Sullivan" as keys write them
    found = []
    for key in keys:
        match = re.fullmatch(r"([a-z]+?)(\d{4})[a-z]?", key)
        if match and match.group(2) in low and re.search(rf"\b{match.group(1)}", f"{low} {joined}"):
            found.append(key)
    return found


def cite_references(source: str, keys) -> str:
    """A lesson's References cell with each line that names a study linked to its bibliography entry."""
    lines = []
    for line in source.splitlines():
        found = cited_keys(line, keys) if line.startswith("- ") else []
        lines.append(line + ("" if not found else " " + " ".join(f"{{cite:p}}`{k}`" for k in found)))
    return "\n".join(lines)


# --- lessons ---------------------------------------------------------------------------------

def execute(nb, timeout: int) -> float:
    """Run the notebook from a fresh kernel in notebooks/ (as JupyterLab does); returns seconds."""
    t0 = time.perf_counter()
    # No widget state is saved: the pages show the kernel-free versions instead of controls.
    client = NotebookClient(nb, timeout=timeout, kernel_name="python3", store_widget_state=False,
                            resources={"metadata": {"path": str(NOTEBOOKS)}})
    client.execute()
    return time.perf_counter() - t0


def _relink(text: str, built: set[str], markdown: bool) -> str:
    """Links to lessons lead to their pages; links to lesson 00's red flags lead to the red-flag page."""
    def swap(match: re.Match) -> str:
        stem, anchor = match.group(1), match.group(2) or ""
        if stem == "00_start_here" and anchor.lower() == "#red-flags":
            target = f"{RED_FLAGS_PAGE}.md" if markdown else f"{RED_FLAGS_PAGE}.html"
        elif f"{stem}.ipynb" not in built:
            return match.group(0)
        else:
            target = f"{stem}.ipynb{anchor.lower()}" if markdown else f"{stem}.html{anchor.lower()}"
        return f"]({target})" if markdown else f'href="{target}"'

    return (_LESSON_LINK if markdown else _LESSON_HREF).sub(swap, text)


def for_the_book(nb, notebook: str, built: set[str], keys) -> dict[str, int]:
    """Make an executed lesson a book page: code behind a toggle and without test markers, widget
    outputs replaced by their kernel-free versions, links to the book's pages, references cited,
    and a note on running it live under the title. Returns counts of what changed."""
    counts = {"widget_notes": 0, "cited": 0}
    for cell in nb.cells:
        if cell.cell_type == "code":
            cell.source = _TEST_MARKER.sub("", cell.source)
            tags = cell.metadata.setdefault("tags", [])
            if "hide-input" not in tags:
                tags.append("hide-input")
            kept = []
            for output in cell.get("outputs", []):
                if output.get("output_type") == "stream" and output.get("name") == "stderr":
                    continue  # warnings of the build's kernel are not the reader's
                data = output.get("data", {})
                if WIDGET_MIME in data:
                    data.pop(WIDGET_MIME)
                    if not any(k in data for k in ("text/html", "image/png", "image/svg+xml")):
                        data.clear()
                        data.update({"text/html": WIDGET_NOTE, "text/plain": "(interactive: run the lesson live)"})
                        counts["widget_notes"] += 1
                if "text/html" in data:
                    data["text/html"] = _relink("".join(data["text/html"]), built, markdown=False)
                kept.append(output)
            cell.outputs = kept
        elif cell.cell_type == "markdown":
            cell.source = _relink(cell.source, built, markdown=True).replace("](#Red-flags)", f"]({RED_FLAGS_PAGE}.md)")
            if cell.source.startswith("## References"):
                before = cell.source.count("{cite:p}")
                cell.source = cite_references(cell.source, keys)
                counts["cited"] += cell.source.count("{cite:p}") - before
    title = next((i for i, c in enumerate(nb.cells) if c.cell_type == "markdown" and c.source.startswith("# ")), -1)
    nb.cells.insert(title + 1, nbformat.v4.new_markdown_cell(live_note(notebook)))
    # Jupyter Book would otherwise run the lesson again; it has run here already.
    nb.metadata.pop("widgets", None)
    return counts


# --- the book ---------------------------------------------------------------------------------

BOOK_CSS = """
/* Links told from text by more than colour. */
.bd-article a { text-decoration: underline; }
/* The red-flag link at the top of every page, white on near-black (the theme's grey is too light). */
.bd-header-announcement { background-color: #1f1f1f !important; color: #fff !important; }
.bd-header-announcement::after { background-color: #1f1f1f !important; opacity: 1 !important; }
.bd-header-announcement a, .bd-header-announcement a:visited { color: #fff !important; text-decoration: underline; }
.course-run-live { border: 2px solid #0072B2; padding: 0.2rem 0.8rem; margin: 0 0 1rem 0; }
"""


#: A wide table scrolls in its own box; when it does (a phone, a zoomed page), the box takes keyboard
#: focus and is named, so that it can be scrolled without a mouse (the theme checks only on load).
BOOK_JS = """
(() => {
  const mark = () => {
    for (const box of document.querySelectorAll('.pst-scrollable-table-container')) {
      if (box.scrollWidth > box.clientWidth + 1) {
        box.tabIndex = 0;
        box.setAttribute('role', 'region');
        box.setAttribute('aria-label', 'Table, scrolls sideways');
      } else if (box.getAttribute('role') === 'region') {
        box.removeAttribute('tabindex');
        box.removeAttribute('role');
        box.removeAttribute('aria-label');
      }
    }
  };
  window.addEventListener('DOMContentLoaded', mark);
  window.addEventListener('resize', mark);
})();
"""


def config(out_of_date: str) -> dict:
    pub = publishing()
    header = (f'<a href="{RED_FLAGS_PAGE}.html"><b>Red flags</b>: when back pain needs medical care</a> · '
              "education, not diagnosis")
    return {
        "title": TITLE,
        "author": "Back Muscle Therapy course maintainers",
        "copyright": out_of_date[:4],
        "only_build_toc_files": True,
        "execute": {"execute_notebooks": "off"},
        "bibtex_bibfiles": ["references.bib"],
        "parse": {"myst_heading_anchors": 3},
        "repository": {"url": pub.git_url, "branch": pub.branch},
        "html": {"use_repository_button": pub.is_set, "use_issues_button": False, "extra_footer":
                 f"<p>Built {out_of_date}. {html.escape(DISCLAIMER)}</p>"},
        "launch_buttons": {"notebook_interface": "jupyterlab"},
        "sphinx": {"local_extensions": {"book_extension": str(ROOT / "tools")}, "config": {
            "html_context": {"default_mode": "light"},
            # No copy of each executed notebook beside its page: it would double the book's size
            # (the frames are in its outputs); Binder and the repository hold the lessons to run.
            "html_copy_source": False,
            "html_static_path": ["_static"],
            "html_css_files": ["course-book.css"],
            "html_js_files": ["course-book.js"],
            "bibtex_default_style": "plain",
            "bibtex_reference_style": "author_year",
            "html_theme_options": {"announcement": header},
            "suppress_warnings": ["myst.header"],
        }},
    }


def toc(stems: list[str]) -> dict:
    return {"format": "jb-book", "root": "index",
            "parts": [{"caption": "Lessons", "chapters": [{"file": s} for s in stems]},
                      {"caption": "Always at hand", "chapters": [{"file": RED_FLAGS_PAGE}, {"file": BIBLIOGRAPHY_PAGE}]}]}


def stage(src: Path, files: list[Path], timeout: int, jobs: int) -> list[str]:
    """Write the book's source into ``src``: lessons run and prepared, the pages, the settings."""
    built = {f.name for f in files}
    keys = list(references())

    def one(path: Path) -> str:
        nb = nbformat.read(path, as_version=4)
        seconds = execute(nb, timeout)
        counts = for_the_book(nb, path.name, built, keys)
        nbformat.write(nb, src / path.name)
        return (f"book-lesson {path.stem} run_s={seconds:.1f} widget_notes={counts['widget_notes']} "
                f"citations={counts['cited']}")

    with concurrent.futures.ThreadPoolExecutor(max_workers=max(1, jobs)) as pool:
        for line in pool.map(one, files):
            print(line, flush=True)
    (src / "_static").mkdir(exist_ok=True)
    (src / "_static" / "course-book.css").write_text(BOOK_CSS, encoding="utf-8")
    (src / "_static" / "course-book.js").write_text(BOOK_JS, encoding="utf-8")
    (src / "index.md").write_text(index_md(built), encoding="utf-8")
    (src / f"{RED_FLAGS_PAGE}.md").write_text(red_flags_md(), encoding="utf-8")
    (src / f"{BIBLIOGRAPHY_PAGE}.md").write_text(bibliography_md(), encoding="utf-8")
    (src / "references.bib").write_text(bibtex(), encoding="utf-8")
    today = time.strftime("%Y-%m-%d")
    (src / "_config.yml").write_text(yaml.safe_dump(config(today), sort_keys=False), encoding="utf-8")
    stems = [f.stem for f in files]
    (src / "_toc.yml").write_text(yaml.safe_dump(toc(stems), sort_keys=False), encoding="utf-8")
    return stems


def lesson_files(only: list[str] | None) -> list[Path]:
    files = sorted(NOTEBOOKS.glob("[0-9][0-9]_*.ipynb"))
    if only:
        wanted = {o.zfill(2) if o.isdigit() else o for o in only}
        files = [f for f in files if f.name[:2] in wanted or f.stem in wanted or f.name in wanted]
        missing = wanted - {f.name[:2] for f in files} - {f.stem for f in files} - {f.name for f in files}
        if missing:
            raise SystemExit(f"no lesson notebook for: {', '.join(sorted(missing))}; lessons are "
                             + ", ".join(item.number for item in lessons()))
    return files


def folder_size_kb(folder: Path) -> float:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file()) / 1024


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default=str(ROOT / "book"), help="the book folder to publish (default: book/)")
    parser.add_argument("--only", nargs="+", metavar="NN", help="lesson numbers or file names to build")
    parser.add_argument("--timeout", type=int, default=300, help="seconds allowed per cell")
    parser.add_argument("--jobs", type=int, default=2, help="lessons run at once (default 2)")
    args = parser.parse_args(argv)

    out = Path(args.out).resolve()
    files = lesson_files(args.only)
    t_all = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="course-book-") as tmp:
        # The kernels of the build inherit this environment: a throw-away progress file, and
        # explorers that write their frames into their kernel-free version.
        os.environ["COURSE_PROGRESS_FILE"] = str(Path(tmp) / "progress.json")
        os.environ[FRAMES_ENV] = "1"
        src = Path(tmp) / "src"
        src.mkdir()
        stage(src, files, args.timeout, args.jobs)
        t_sphinx = time.perf_counter()
        run = subprocess.run([str(Path(sys.executable).with_name("jupyter-book")), "build", str(src),
                              "--builder", "html", "--keep-going"], capture_output=True, text=True)
        warnings = [line for line in run.stderr.splitlines() + run.stdout.splitlines()
                    if "WARNING" in line or "ERROR" in line]
        if run.returncode != 0:
            print(run.stdout[-4000:], run.stderr[-4000:], file=sys.stderr)
            raise SystemExit(f"jupyter-book build failed (exit {run.returncode})")
        for line in warnings:
            print(line, file=sys.stderr)
        if out.exists():
            shutil.rmtree(out)
        shutil.copytree(src / "_build" / "html", out)
        sphinx_s = time.perf_counter() - t_sphinx
    for path in files:
        page = out / f"{path.stem}.html"
        print(f"book-page {path.stem} size_kB={page.stat().st_size / 1024:.0f}", flush=True)
    print(f"book lessons={len(files)} total_s={time.perf_counter() - t_all:.1f} sphinx_s={sphinx_s:.1f} "
          f"size_kB={folder_size_kb(out):.0f} warnings={len(warnings)} out={out}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
