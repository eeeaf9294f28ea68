#!/usr/bin/env python3
"""Build the static edition of the course: every lesson run from a fresh kernel, as HTML pages.

    python tools/build_site.py                  # all lessons, into site/
    python tools/build_site.py --only 00 01     # some lessons
    python tools/build_site.py --out /tmp/site  # elsewhere

The static edition is for projecting in class, printing and reading without a kernel. Each page
opens with a note saying how to run the lesson live (Binder, or ``make lab``) and links back to
the contents page (``index.html``). Explorers appear as a still picture of their default setting
with its readout and alt text, quizzes as their questions and options (see ``Explorer.static_html``
and ``QuizWidget.static_html``). Other widgets are replaced by a short note. Pages load nothing
from the network, so they also work offline. A lesson that raises an error stops the build.
"""

from __future__ import annotations

import argparse
import datetime
import html
import re
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import nbformat  # noqa: E402
from nbclient import NotebookClient  # noqa: E402
from nbconvert import HTMLExporter  # noqa: E402

from course.frames import FRAMES_ENV  # noqa: E402
from course.lessons import lessons  # noqa: E402
from course.publishing import load as publishing  # noqa: E402
from course.safety import DISCLAIMER  # noqa: E402

NOTEBOOKS = ROOT / "notebooks"
WIDGET_MIME = "application/vnd.jupyter.widget-view+json"
#: What stands in for a widget that has no still version of its own.
WIDGET_NOTE = ('<p class="course-static-note"><i>An interactive part of the lesson is here: '
               "run the lesson live to use it.</i></p>")
LIVE_NOTE_MARK = "course-run-live"


def binder_link(notebook: str) -> str:
    """The Binder link that opens ``notebook`` (a file name in notebooks/), from config/publishing.yml."""
    return publishing().binder_url(notebook)


def live_note(number: str, title: str, notebook: str) -> str:
    """The note at the top of every page: what this page is and where to run the lesson live."""
    return (
        f'<div class="{LIVE_NOTE_MARK}" role="note" style="border:2px solid #0072B2;padding:6px 12px;'
        f'margin:0 0 12px 0;background:#fff;color:#111">'
        f"<p><b>Static edition of Lesson {html.escape(number)}: {html.escape(title)}.</b> Explorers show "
        "their starting setting as a still picture and quizzes list their questions; nothing here moves "
        "or checks answers.</p>"
        f'<p><b>Run it live:</b> <a href="{html.escape(binder_link(notebook))}">open this lesson on Binder</a> '
        "(in the browser, nothing to install), or on your computer run <code>make lab</code> in the course "
        f"folder and open <code>notebooks/{html.escape(notebook)}</code>. "
        '· <a href="index.html">All lessons</a></p></div>'
    )


def execute(nb, timeout: int) -> float:
    """Run the notebook from a fresh kernel in notebooks/ (as JupyterLab does); returns seconds."""
    t0 = time.perf_counter()
    # No widget state is saved: pages show the still fallbacks instead of controls that cannot move.
    client = NotebookClient(nb, timeout=timeout, kernel_name="python3", store_widget_state=False,
                            resources={"metadata": {"path": str(NOTEBOOKS)}})
    client.execute()
    return time.perf_counter() - t0


def make_static(nb) -> int:
    """Replace widget outputs that have no still version by a note; returns how many were replaced."""
    replaced = 0
    for cell in nb.cells:
        for output in cell.get("outputs", []):
            data = output.get("data", {})
            if WIDGET_MIME in data and not any(k in data for k in ("text/html", "image/png", "image/svg+xml")):
                output["data"] = {"text/html": WIDGET_NOTE, "text/plain": "(interactive: run the lesson live)"}
                replaced += 1
    return replaced


_EXTERNAL_SCRIPT = re.compile(r'<script[^>]*\bsrc="https?://[^"]*"[^>]*>\s*</script>\s*', re.I)
_EXTERNAL_IMPORT = re.compile(r'<script type="module">\s*import [^<]*?from "https?://[^<]*?</script>\s*', re.S)


#: What the lab template lacks for every reader: links told from text by more than colour, and code
#: in colours that reach a contrast of 4.5:1 on its grey (JupyterLab's syntax colours for numbers,
#: comments and some keywords do not).
READABLE_CSS = """
a, .jp-RenderedHTMLCommon a, .jp-RenderedHTMLCommon a:link { text-decoration: underline !important; }
.highlight, .highlight span { color: #1f1f1f; }
.highlight .k, .highlight .kn, .highlight .ow, .highlight .kc { color: #6a1b7a; font-weight: bold; }
.highlight .s, .highlight .s1, .highlight .s2, .highlight .sa, .highlight .sd, .highlight .si { color: #8b1a1a; }
.highlight .c, .highlight .c1, .highlight .cm, .highlight .ch { color: #3b5a5a; font-style: italic; }
.highlight .mi, .highlight .mf { color: #1b5e20; }
"""


def to_html(nb, number: str, title: str, notebook: str, built: set[str]) -> str:
    nb.cells.insert(0, nbformat.v4.new_markdown_cell(live_note(number, title, notebook)))
    # No In [n] / Out[n] prompts: they mean nothing without a kernel (and JupyterLab draws them in grey
    # below a readable contrast).
    exporter = HTMLExporter(template_name="lab", embed_images=True, exclude_input_prompt=True,
                            exclude_output_prompt=True)
    body, _ = exporter.from_notebook_node(nb, resources={"metadata": {"name": f"Lesson {number}: {title}"}})
    body = body.replace("</head>", f"<style>{READABLE_CSS}</style>\n</head>", 1)
    # Nothing from the network: the lessons use no maths, and widgets are shown as still pictures.
    body = _EXTERNAL_SCRIPT.sub("", body)
    body = _EXTERNAL_IMPORT.sub("", body)

    def relink(match: re.Match) -> str:
        stem, anchor = match.group(1), match.group(2) or ""
        return f'href="{stem}.html{anchor}"' if f"{stem}.ipynb" in built else match.group(0)

    # Links between lessons lead to their pages in this edition.
    return re.sub(r'href="(?:\.\./notebooks/|notebooks/)?(\d\d_[\w-]+)\.ipynb(#[^"]*)?"', relink, body)


def index_html(pages: dict[str, str]) -> str:
    """The contents page: every lesson of the course map, linked when its page was built."""
    rows = []
    for item in lessons():
        title = html.escape(item.title)
        if item.file in pages:
            link = f'<a href="{html.escape(pages[item.file])}">{title}</a>'
        else:
            link = f"{title} <i>(not in this edition)</i>"
        rows.append(f"<tr><td>{item.number}</td><td>{link}</td><td>{item.minutes} min</td>"
                    f"<td>{html.escape(item.summary)}</td></tr>")
    today = datetime.date.today().isoformat()
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<title>Back Muscle Therapy: static edition</title>
<style>
body {{ font-family: system-ui, sans-serif; max-width: 60rem; margin: 2rem auto; padding: 0 1rem;
       color: #111; background: #fff; line-height: 1.45; }}
table {{ border-collapse: collapse; width: 100%; }}
th, td {{ border-bottom: 1px solid #ccc; padding: 0.4rem; text-align: left; vertical-align: top; }}
.{LIVE_NOTE_MARK} {{ border: 2px solid #0072B2; padding: 0.4rem 0.8rem; }}
a {{ color: #005A8C; text-decoration: underline; }}
</style>
</head>
<body>
<h1>Back Muscle Therapy: an interactive, evidence-graded course</h1>
<p><b>Static edition</b>, built {today}: each lesson as it looks after running from top to bottom, for
projecting, printing and reading without Python. Explorers show their starting setting as a still picture
with its key number in words; quizzes list their questions.</p>
<div class="{LIVE_NOTE_MARK}" role="note"><p><b>Run it live</b> to move the explorers and check quiz answers:
<a href="{html.escape(binder_link("00_start_here.ipynb"))}">open the course on Binder</a> (in the browser,
nothing to install), or on your computer run <code>make lab</code> in the course folder.</p></div>
<p><i>{html.escape(DISCLAIMER)}</i></p>
<h2>Contents</h2>
<table>
<thead><tr><th>#</th><th>Lesson</th><th>Time</th><th>What you will learn</th></tr></thead>
<tbody>
{chr(10).join(rows)}
</tbody>
</table>
</body>
</html>
"""


def lesson_files(only: list[str] | None) -> list[Path]:
    files = sorted(NOTEBOOKS.glob("[0-9][0-9]_*.ipynb"))
    if only:
        wanted = {o.zfill(2) if o.isdigit() else o for o in only}
        files = [f for f in files if f.name[:2] in wanted or f.stem in wanted or f.name in wanted]
        missing = wanted - {f.name[:2] for f in files} - {f.stem for f in files} - {f.name for f in files}
        if missing:
            raise SystemExit(f"no lesson notebook for: {', '.join(sorted(missing))}")
    return files


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default=str(ROOT / "site"), help="output folder (default: site/)")
    parser.add_argument("--only", nargs="+", metavar="NN", help="lesson numbers or file names to build")
    parser.add_argument("--timeout", type=int, default=300, help="seconds allowed per cell")
    args = parser.parse_args(argv)

    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    # Lessons record progress as they run; the kernels of the build (which inherit this
    # environment) write to a throw-away file, never to the progress of whoever runs the build.
    import os
    import tempfile

    os.environ["COURSE_PROGRESS_FILE"] = str(Path(tempfile.mkdtemp(prefix="course-site-")) / "progress.json")
    # Explorers write their frames into their still version, so that they move in the page.
    os.environ[FRAMES_ENV] = "1"
    files = lesson_files(args.only)
    titles = {item.file: item for item in lessons()}
    built = {f.name for f in files}
    pages: dict[str, str] = {}
    t_all = time.perf_counter()
    for path in files:
        info = titles.get(path.name)
        number = path.name[:2]
        title = info.title if info else path.stem[3:].replace("_", " ").capitalize()
        nb = nbformat.read(path, as_version=4)
        seconds = execute(nb, args.timeout)
        replaced = make_static(nb)
        page = f"{path.stem}.html"
        (out / page).write_text(to_html(nb, number, title, path.name, built), encoding="utf-8")
        pages[path.name] = page
        size_kb = (out / page).stat().st_size / 1024
        print(f"site {path.stem} run_s={seconds:.1f} page={page} size_kB={size_kb:.0f} widget_notes={replaced}",
              flush=True)
    (out / "index.html").write_text(index_html(pages), encoding="utf-8")
    print(f"site index pages={len(pages)} total_s={time.perf_counter() - t_all:.1f} out={out}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
