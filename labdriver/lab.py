"""A small driver for the course in a real JupyterLab, in Debian's chromium: used by the browser
tests (``tests/browser/``) and by the browser benchmarks (``python -m bench browser``).

Two halves:

- :class:`LabServer` starts a JupyterLab server on a free local port with a random token and
  throw-away user settings, waits until it answers, shuts its kernels down and stops it.
- Page helpers work on a Playwright ``Page`` (:func:`new_page` opens one bound to a server): open
  a notebook, wait for a real kernel, run all cells (and make sure the run really started),
  collect errors shown in the notebook, and move the course's widgets the way a learner does
  (keyboard on sliders, clicks on quiz options).

The course's widgets carry CSS classes set with ``add_class`` (see ``course/explorers/base.py``):
an explorer is ``.course-explorer.course-explorer-<name>`` holding sliders, an image
``.course-figure`` and a text readout ``.course-readout``; a quiz is ``.course-quiz`` holding
``.course-question`` boxes, each with radio buttons, a ``.course-check`` button and a
``.course-feedback`` line that starts with "✔ Correct" or "✘ Not yet" once checked.

Playwright is never imported here (callers pass in its browser and pages), so that this module
can be imported where Playwright is not installed.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any, Callable

REPO = Path(__file__).resolve().parents[1]
CHROMIUM = "/usr/bin/chromium"
#: Flags that keep chromium quiet and self-contained in a container (no GPU, no sandbox, no
#: background network traffic). Playwright adds a fresh temporary profile itself.
CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]

#: Seconds; the machines that run these tests may be small and busy.
SERVER_START_TIMEOUT = 90
KERNEL_TIMEOUT = 90
RUN_ALL_TIMEOUT = 120
START_CHECK_TIMEOUT = 10

#: Durations measured during a run (server start, notebook open, run all), shown in the summary.
TIMINGS: dict[str, list[float]] = {}

STDERR_MIME = "application/vnd.jupyter.stderr"
ERROR_MIME = "application/vnd.jupyter.error"
WIDGET_MIME = "application/vnd.jupyter.widget-view+json"
WIDGET_ERROR_TEXTS = ("Error displaying widget", "Error rendering", "Failed to load model class")


# ------------------------------------------------------------------------------------------------
# The server
# ------------------------------------------------------------------------------------------------
def record_timing(name: str, seconds: float) -> None:
    TIMINGS.setdefault(name, []).append(round(seconds, 2))


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _user_settings(overrides: dict[str, dict]) -> dict[Path, str]:
    """Turn ``{"@scope/pkg:plugin": {...}}`` into user-settings files ``@scope/pkg/plugin.jupyterlab-settings``."""
    files = {}
    for plugin_id, values in overrides.items():
        package, _, plugin = plugin_id.partition(":")
        files[Path(package) / f"{plugin}.jupyterlab-settings"] = json.dumps(values, indent=2)
    return files


class LabServer:
    """A JupyterLab server for tests: local only, random port and token, isolated user state.

    User settings, workspaces, runtime files, checkpoints and the kernels' progress file
    (COURSE_PROGRESS_FILE) live in a temporary folder. The
    settings start from the course's overrides (``config/lab-overrides.json``: no news pop-up)
    with autosave off, so a test never writes a notebook. The repository is the server's root,
    so notebooks are opened by their path in the repository.
    """

    def __init__(self, root: Path = REPO, *, python: str = sys.executable, allow_root: bool | None = None):
        self.root = Path(root)
        self.python = python
        self.allow_root = (os.geteuid() == 0) if allow_root is None else allow_root
        self.token = secrets.token_hex(24)
        self.port: int | None = None
        self.proc: subprocess.Popen | None = None
        self.tmp = Path(tempfile.mkdtemp(prefix="course-lab-"))
        self.log_path = self.tmp / "server.log"
        #: The learners' progress file of this server's kernels: never the real one of whoever runs the tests.
        self.progress_file = self.tmp / "progress" / "progress.json"
        self.startup_seconds: float | None = None

    def saved_record(self) -> dict:
        """The progress record this server's kernels saved ({} before the first save)."""
        if not self.progress_file.exists():
            return {}
        return json.loads(self.progress_file.read_text(encoding="utf-8"))

    # -- addresses ----------------------------------------------------------------------------
    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def url(self, path: str = "lab", **query: str) -> str:
        """Address of ``path`` on the server, with the token (and any extra query flags)."""
        flags = "".join(f"{key}&" if value == "" else f"{key}={value}&" for key, value in query.items())
        return f"{self.base_url}/{path.lstrip('/')}?{flags}token={self.token}"

    def notebook_url(self, path: str | Path) -> str:
        """Address that opens the notebook at ``path`` (relative to the root) in a fresh layout."""
        rel = Path(path)
        if rel.is_absolute():
            rel = rel.relative_to(self.root)
        return self.url(f"lab/tree/{rel.as_posix()}", reset="")

    # -- lifecycle ----------------------------------------------------------------------------
    def command(self) -> list[str]:
        cmd = [
            self.python, "-m", "jupyterlab",
            "--no-browser",
            "--ServerApp.ip=127.0.0.1",
            f"--ServerApp.port={self.port}",
            "--ServerApp.port_retries=0",
            f"--IdentityProvider.token={self.token}",
            f"--ServerApp.root_dir={self.root}",
            "--LabApp.expose_app_in_browser=True",
            # Opening a notebook makes a checkpoint; keep those out of the repository.
            f"--FileCheckpoints.checkpoint_dir={self.tmp / 'checkpoints'}",
        ]
        if self.allow_root:
            cmd.append("--allow-root")
        return cmd

    def environment(self) -> dict[str, str]:
        env = dict(os.environ)
        settings = self.tmp / "user-settings"
        workspaces = self.tmp / "workspaces"
        runtime = self.tmp / "runtime"
        for folder in (settings, workspaces, runtime):
            folder.mkdir(exist_ok=True)
        overrides_file = self.root / "config" / "lab-overrides.json"
        overrides = json.loads(overrides_file.read_text()) if overrides_file.exists() else {}
        # Tests never write the notebooks they open: no autosave (outputs would land in git).
        overrides.setdefault("@jupyterlab/docmanager-extension:plugin", {})["autosave"] = False
        if overrides:
            for rel, text in _user_settings(overrides).items():
                (settings / rel).parent.mkdir(parents=True, exist_ok=True)
                (settings / rel).write_text(text)
        env.update(
            JUPYTERLAB_SETTINGS_DIR=str(settings),
            JUPYTERLAB_WORKSPACES_DIR=str(workspaces),
            JUPYTER_RUNTIME_DIR=str(runtime),
            COURSE_PROGRESS_FILE=str(self.progress_file),
            PYTHONUNBUFFERED="1",
        )
        # A headless kernel must not try to open windows.
        env.setdefault("MPLBACKEND", "agg")
        return env

    def start(self, attempts: int = 3) -> "LabServer":
        """Start the server and wait until ``/api/status`` answers (retrying on a port taken meanwhile)."""
        t0 = time.monotonic()
        last_error = ""
        for _ in range(attempts):
            self.port = free_port()
            with open(self.log_path, "ab") as log:
                self.proc = subprocess.Popen(
                    self.command(), cwd=self.root, env=self.environment(),
                    stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                    start_new_session=True,
                )
            try:
                self._wait_ready(SERVER_START_TIMEOUT)
            except RuntimeError as exc:
                last_error = str(exc)
                self.stop()
                if "address already in use" in last_error.lower():
                    continue
                raise
            self.startup_seconds = time.monotonic() - t0
            record_timing("server start", self.startup_seconds)
            return self
        raise RuntimeError(last_error)

    def _wait_ready(self, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"JupyterLab exited with code {self.proc.returncode}:\n{self.log_tail()}")
            try:
                self.api("GET", "api/status", timeout=2)
                return
            except (OSError, urllib.error.URLError):
                time.sleep(0.25)
        raise RuntimeError(f"JupyterLab did not answer within {timeout:.0f} s:\n{self.log_tail()}")

    def api(self, method: str, path: str, timeout: float = 10) -> Any:
        """Call the server's REST API; returns the decoded JSON body (None when empty)."""
        request = urllib.request.Request(
            f"{self.base_url}/{path.lstrip('/')}", method=method,
            headers={"Authorization": f"token {self.token}"},
        )
        with urllib.request.urlopen(request, timeout=timeout) as response:
            body = response.read()
        return json.loads(body) if body else None

    def shutdown_kernels(self) -> int:
        """End every session and kernel on the server; returns how many kernels were running."""
        if self.proc is None or self.proc.poll() is not None:
            return 0
        count = 0
        try:
            for session in self.api("GET", "api/sessions"):
                self.api("DELETE", f"api/sessions/{session['id']}", timeout=30)
            for kernel in self.api("GET", "api/kernels"):
                count += 1
                self.api("DELETE", f"api/kernels/{kernel['id']}", timeout=30)
        except (OSError, urllib.error.URLError):
            pass
        return count

    def stop(self) -> None:
        """Shut the kernels down, then terminate the server (and kill it if it hangs)."""
        proc, self.proc = self.proc, None
        if proc is None:
            return
        if proc.poll() is None:
            self.proc = proc
            self.shutdown_kernels()
            self.proc = None
            proc.terminate()
            try:
                proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait(timeout=10)
        # Anything the server left in its process group (it started none on purpose).
        try:
            os.killpg(proc.pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass

    def cleanup(self) -> None:
        self.stop()
        shutil.rmtree(self.tmp, ignore_errors=True)

    def log_tail(self, lines: int = 60) -> str:
        try:
            text = self.log_path.read_text(errors="replace")
        except OSError:
            return "(no server log)"
        return "\n".join(text.splitlines()[-lines:])

    def __enter__(self) -> "LabServer":
        return self.start()

    def __exit__(self, *exc) -> None:
        self.cleanup()


def chromium_path() -> str:
    """Where the browser is expected; COURSE_CHROMIUM overrides it (used by the harness self-test)."""
    return os.environ.get("COURSE_CHROMIUM", CHROMIUM)


def launch_chromium(playwright, executable: str = CHROMIUM):
    """Launch Debian's chromium through Playwright (never a downloaded browser)."""
    return playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS, headless=True)


#: The window every page is opened in: a laptop screen, with JupyterLab's file browser open as it
#: opens by default (the explorers' layout is measured at this size).
VIEWPORT = {"width": 1300, "height": 950}


@contextlib.contextmanager
def new_page(browser, server: LabServer, timeout_ms: float = 30_000) -> Iterator[Any]:
    """A fresh page in its own browser context (own storage), bound to ``server``.

    The page's console messages and uncaught errors are kept in ``page.course_console`` (the
    failure reports of the browser tests show them). On exit the context is closed and the
    server's kernels are shut down.
    """
    context = browser.new_context(viewport=VIEWPORT)
    try:
        page = context.new_page()
        page.set_default_timeout(timeout_ms)
        console: list[str] = []
        page.on("console", lambda msg: console.append(f"[{msg.type}] {msg.text}"))
        page.on("pageerror", lambda exc: console.append(f"[pageerror] {exc}"))
        page.course_console = console
        bind(page, server)
        yield page
    finally:
        try:
            context.close()
        finally:
            server.shutdown_kernels()


# ------------------------------------------------------------------------------------------------
# Pages
# ------------------------------------------------------------------------------------------------
def bind(page, server: LabServer) -> None:
    """Tell the helpers which server a page talks to (the ``page`` fixture does this)."""
    page.course_lab = server


def server_of(page) -> LabServer:
    try:
        return page.course_lab
    except AttributeError:
        raise RuntimeError("this page is not bound to a LabServer: use new_page() or lab.bind()") from None


def open_notebook(page, path: str | Path, timeout: float = KERNEL_TIMEOUT) -> None:
    """Open the notebook at ``path`` (relative to the repository) and wait for a ready kernel."""
    t0 = time.monotonic()
    page.goto(server_of(page).notebook_url(path), wait_until="domcontentloaded", timeout=timeout * 1000)
    wait_for_kernel(page, timeout=timeout)
    dismiss_toasts(page)
    record_timing(f"open {Path(path).name} (to kernel ready)", time.monotonic() - t0)


# The notebook panel shown: the current widget, else the first notebook in the main area.
_PANEL_JS = """
() => {
  const app = window.jupyterapp;
  if (!app || !app.shell) return null;
  const isNotebook = w => !!(w && w.sessionContext && w.content && w.content.model);
  if (isNotebook(app.shell.currentWidget)) return app.shell.currentWidget;
  for (const w of app.shell.widgets('main')) if (isNotebook(w)) return w;
  return null;
}
"""

_KERNEL_READY_JS = f"""
() => {{
  const w = ({_PANEL_JS})();
  if (!w || !w.context.isReady) return false;
  const sc = w.sessionContext;
  const kernel = sc.session && sc.session.kernel;
  return !!(sc.isReady && kernel && kernel.status === 'idle' && kernel.connectionStatus === 'connected');
}}
"""


def wait_for_kernel(page, timeout: float = KERNEL_TIMEOUT) -> None:
    """Wait until the current notebook has a real, connected, idle kernel.

    The toolbar's kernel indicator can say "idle" before the notebook's session has a kernel;
    commands issued then are dropped. This asks JupyterLab itself (``window.jupyterapp``).
    """
    page.wait_for_function(_KERNEL_READY_JS, timeout=timeout * 1000, polling=200)


def dismiss_toasts(page) -> None:
    """Close any notification toast (the news pop-up is off by settings; this is a safety net)."""
    page.evaluate("""
      () => {
        const app = window.jupyterapp;
        if (!app) return;
        for (const button of document.querySelectorAll('.Toastify__toast .jp-toast-button')) {
          if (/^\\s*No\\s*$/.test(button.textContent)) button.click();
        }
        app.commands.execute('apputils:dismiss-notification').catch(() => {});
      }
    """)


_CELLS_JS = f"""
() => {{
  const w = ({_PANEL_JS})();
  if (!w) return null;
  const kernel = w.sessionContext.session && w.sessionContext.session.kernel;
  const cells = [];
  for (const cell of w.content.widgets) {{
    if (cell.model.type !== 'code') continue;
    const prompt = cell.promptNode ? cell.promptNode.textContent.trim() : '';
    cells.push({{
      count: cell.model.executionCount,
      running: prompt.startsWith('[*]') || cell.model.executionState === 'running',
      empty: cell.model.sharedModel.getSource().trim() === '',
    }});
  }}
  return {{cells, kernel: kernel ? kernel.status : 'none'}};
}}
"""


def cell_states(page) -> dict:
    """Execution state of the current notebook: ``{"cells": [{count, running, empty}], "kernel": status}``."""
    return page.evaluate(_CELLS_JS)


def run_all(page, timeout: float = RUN_ALL_TIMEOUT, widgets: bool = True) -> dict:
    """Run all cells, make sure the run really started (retry once), and wait until it finished.

    Finished means: no cell is queued or running, the kernel is idle and (with ``widgets``)
    every widget output has been drawn, or replaced by an error box. If a cell raised, the
    cells after it are left unrun (JupyterLab stops there); :func:`cell_errors` says why.
    Returns ``{"cells": n, "executed": m, "seconds": t, "attempts": a}``.
    """
    wait_for_kernel(page)
    t0 = time.monotonic()
    before = [c["count"] for c in cell_states(page)["cells"]]
    attempts = 0
    for attempts in (1, 2):
        page.evaluate("() => window.jupyterapp.commands.execute('notebook:run-all-cells')")
        if _wait(lambda: _started(cell_states(page), before), START_CHECK_TIMEOUT):
            break
    else:
        raise AssertionError("Run All did not start any cell (tried twice)")

    def finished():
        state = cell_states(page)
        return state["kernel"] == "idle" and not any(c["running"] for c in state["cells"])

    if not _wait(finished, timeout - (time.monotonic() - t0), settle=0.5):
        state = cell_states(page)
        running = sum(c["running"] for c in state["cells"])
        raise AssertionError(f"Run All did not finish within {timeout:.0f} s: {running} cell(s) still "
                             f"queued or running, kernel {state['kernel']}")
    if widgets:
        wait_for_widgets(page, timeout=max(timeout - (time.monotonic() - t0), 15))
    cells = [c for c in cell_states(page)["cells"] if not c["empty"]]
    seconds = time.monotonic() - t0
    retried = " (started on the 2nd try)" if attempts > 1 else ""
    record_timing(f"run all {notebook_name(page)}{retried}", seconds)
    return {"cells": len(cells), "executed": sum(c["count"] is not None for c in cells),
            "seconds": round(seconds, 2), "attempts": attempts}


def notebook_name(page) -> str:
    """File name of the notebook shown in the page."""
    return page.evaluate(f"() => {{ const w = ({_PANEL_JS})(); return w ? w.context.path.split('/').pop() : ''; }}")


_PENDING_WIDGETS_JS = f"""
() => {{
  const w = ({_PANEL_JS})();
  if (!w) return -1;
  let pending = 0;
  for (const cell of w.content.widgets) {{
    if (cell.model.type !== 'code' || !cell.outputArea) continue;
    let expected = 0;
    for (let j = 0; j < cell.model.outputs.length; j++) {{
      const data = cell.model.outputs.get(j).data || {{}};
      if (data['{WIDGET_MIME}']) expected++;
    }}
    if (!expected) continue;
    const drawn = [...cell.outputArea.node.querySelectorAll(':scope > .jp-OutputArea-child > .jp-OutputArea-output')]
      .filter(el => el.querySelector('.jupyter-widgets')).length;
    pending += Math.max(expected - drawn, 0);
  }}
  return pending;
}}
"""


def wait_for_widgets(page, timeout: float = 30) -> None:
    """Wait until every widget output of the notebook is drawn (or shows its error box)."""
    if not _wait(lambda: page.evaluate(_PENDING_WIDGETS_JS) == 0, timeout):
        pending = page.evaluate(_PENDING_WIDGETS_JS)
        raise AssertionError(f"{pending} widget output(s) still not drawn after {timeout:.0f} s")


def _started(state: dict, before: list) -> bool:
    counts = [c["count"] for c in state["cells"]]
    return any(c["running"] for c in state["cells"]) or (counts != before and any(x is not None for x in counts))


def _wait(predicate: Callable[[], bool], timeout: float, interval: float = 0.2, settle: float = 0.0) -> bool:
    """Poll ``predicate`` until true (and still true after ``settle`` seconds); False on timeout."""
    deadline = time.monotonic() + max(timeout, 0)
    while True:
        if predicate():
            if settle <= 0:
                return True
            time.sleep(settle)
            if predicate():
                return True
        if time.monotonic() >= deadline:
            return False
        time.sleep(interval)


_OUTPUT_PROBLEMS_JS = f"""
() => {{
  const w = ({_PANEL_JS})();
  const out = {{errors: [], stderr: [], widgets: []}};
  if (!w) return out;
  const markers = {json.dumps(WIDGET_ERROR_TEXTS)};
  w.content.widgets.forEach((cell, i) => {{
    if (cell.model.type !== 'code') return;
    const where = `cell ${{i + 1}} [${{cell.model.executionCount ?? ' '}}]`;
    const outputs = cell.model.outputs;
    const shown = [];
    for (let j = 0; j < outputs.length; j++) {{
      const o = outputs.get(j).toJSON();
      if (o.output_type === 'error') {{
        out.errors.push(`${{where}}: ${{o.ename}}: ${{o.evalue}}\\n${{(o.traceback || []).join('\\n')}}`);
      }} else if (o.output_type === 'stream' && o.name === 'stderr') {{
        out.stderr.push(`${{where}}: ${{Array.isArray(o.text) ? o.text.join('') : o.text}}`);
      }} else if (o.data && o.data['text/plain']) {{
        shown.push(String(o.data['text/plain']).slice(0, 80));
      }}
    }}
    const area = cell.outputArea && cell.outputArea.node;
    if (!area) return;
    // Errors rendered by the front end without an error output in the model.
    for (const el of area.querySelectorAll('[data-mime-type="{ERROR_MIME}"]')) {{
      if (!outputs.length || ![...Array(outputs.length).keys()].some(j => outputs.get(j).type === 'error'))
        out.errors.push(`${{where}}: ${{el.innerText.trim()}}`);
    }}
    const broken = area.querySelectorAll('.jupyter-widgets-error-widget');
    const text = area.innerText;
    if (broken.length || markers.some(t => text.includes(t))) {{
      const what = shown.length ? shown.join(', ') : 'a widget';
      const said = markers.filter(t => text.includes(t));
      out.widgets.push(`${{where}}: ${{what}} could not be displayed` + (said.length ? ` (${{text.trim().slice(0, 300)}})` : ''));
    }}
  }});
  return out;
}}
"""


# Widget callbacks (slider observers, button handlers) print their errors to JupyterLab's log
# console, not to a cell. Its registry is reached through the plugin registry (best effort).
_LOG_JS = """
() => {
  const app = window.jupyterapp;
  const w = (__PANEL__)();
  try {
    const plugins = app.pluginRegistry && app.pluginRegistry._plugins;
    const entry = plugins && plugins.get('@jupyterlab/logconsole-extension:plugin');
    const registry = entry && entry.service;
    if (!registry || !w || !w.context) return null;
    const logger = registry.getLogger(w.context.path);
    const model = logger.outputAreaModel;
    const out = [];
    for (let i = 0; i < model.length; i++) {
      const item = model.get(i);
      const json = item.toJSON();
      out.push({level: item.level, type: json.output_type,
                text: json.output_type === 'error'
                  ? `${json.ename}: ${json.evalue}\\n${(json.traceback || []).join('\\n')}`
                  : (json.text || JSON.stringify(json.data || {}))});
    }
    return out;
  } catch (e) { return null; }
}
""".replace("__PANEL__", _PANEL_JS)

_ANSI = re.compile(r"\x1b\[[0-9;]*m")


def log_console(page) -> list[dict] | None:
    """Entries of the notebook's log console (``{level, type, text}``), or None if unreachable."""
    entries = page.evaluate(_LOG_JS)
    if entries is None:
        return None
    return [dict(e, text=_ANSI.sub("", e["text"] or "")) for e in entries]


#: stderr lines that are notes, not problems (first import of matplotlib in a fresh environment).
BENIGN_STDERR = ("Matplotlib is building the font cache",)


def _is_warning_only(text: str) -> bool:
    if "Traceback" in text:
        return False
    return "Warning" in text or any(note in text for note in BENIGN_STDERR)


def output_problems(page) -> dict[str, list[str]]:
    """Everything suspicious the notebook shows, by kind.

    ``errors``: exception outputs; ``widgets``: widgets that could not be displayed;
    ``stderr``: text written to stderr (``warnings`` is the part that is only warnings);
    ``callbacks``: errors raised in widget callbacks (from the log console).
    """
    found = {kind: [_ANSI.sub("", t) for t in texts] for kind, texts in page.evaluate(_OUTPUT_PROBLEMS_JS).items()}
    found["warnings"] = [t for t in found["stderr"] if _is_warning_only(t)]
    found["stderr"] = [t for t in found["stderr"] if not _is_warning_only(t)]
    found["callbacks"] = [e["text"] for e in (log_console(page) or []) if e["type"] == "error"]
    return found


def cell_errors(page) -> list[str]:
    """Problems that must fail a test, each as text: exceptions shown by cells, widgets that
    could not be displayed, errors raised in widget callbacks, and stderr output that is not
    just warnings (warnings are listed by :func:`output_problems`, not here)."""
    found = output_problems(page)
    labelled = [("error", found["errors"]), ("widget", found["widgets"]),
                ("callback", found["callbacks"]), ("stderr", found["stderr"])]
    return [f"[{kind}] {text}" for kind, texts in labelled for text in texts]


# ------------------------------------------------------------------------------------------------
# The course's widgets
# ------------------------------------------------------------------------------------------------
def explorer(page, name: str, index: int = 0):
    """Locator of the explorer ``name`` (e.g. "natural_history"); ``index`` if a lesson shows it twice."""
    return page.locator(f".course-explorer.course-explorer-{name}").nth(index)


def _slider(locator):
    """The slider handle: ``locator`` itself if it is one, else the first one inside it."""
    if locator.evaluate("el => el.getAttribute('role') === 'slider'"):
        return locator
    return locator.locator(".widget-slider [role=slider]").first


def slider_state(locator) -> dict[str, float]:
    """``{"now", "min", "max"}`` of the (first) slider in ``locator``, from its ARIA attributes."""
    handle = _slider(locator)
    return handle.evaluate(
        "el => ({now: +el.getAttribute('aria-valuenow'), min: +el.getAttribute('aria-valuemin'),"
        " max: +el.getAttribute('aria-valuemax')})")


def move_slider(locator, key: str = "ArrowRight", times: int = 1) -> None:
    """Move the (first) slider in ``locator`` as a keyboard user does: focus it, press ``key``."""
    handle = _slider(locator)
    handle.scroll_into_view_if_needed()
    handle.focus()
    for _ in range(times):
        handle.press(key)


def image_src(locator) -> str:
    """``src`` of the explorer's figure (``locator`` may be the image itself)."""
    return locator.evaluate("""
      el => {
        const img = el.matches('img') ? el
          : (el.querySelector('img.course-figure') || el.querySelector('img.widget-image'));
        return img ? img.getAttribute('src') : null;
      }
    """)


def readout_text(locator) -> str:
    """Plain text of the explorer's readout (``locator`` may be the readout itself)."""
    return locator.evaluate("""
      el => {
        const node = el.classList.contains('course-readout') ? el : el.querySelector('.course-readout');
        return node ? node.innerText.trim() : null;
      }
    """)


def answer_first_quiz_question(page, option_text: str | None = None, timeout: float = 15) -> str:
    """Answer the first question of the first quiz and return its feedback ("✔ …" or "✘ …").

    Clicks the radio option whose label contains ``option_text`` (default: the first option;
    a multiple-choice question gets its checkbox clicked instead), then Check. When the question
    had feedback already, waits for it to change, or to be confirmed after a short pause (the
    same verdict twice reads the same).
    """
    quiz = page.locator(".course-quiz").first
    question = quiz.locator(".course-question").first
    question.scroll_into_view_if_needed()
    options = question.locator(".widget-radio-box label")
    if not options.count():
        options = question.locator(".widget-checkbox label")
    if not options.count():
        raise AssertionError("the first quiz question has no radio or checkbox options to click")
    (options.filter(has_text=option_text) if option_text else options).first.click()

    feedback = question.locator(".course-feedback")
    feedback = (feedback if feedback.count() else quiz.locator(".course-feedback")).first

    def text() -> str:
        return feedback.inner_text().strip()

    def verdict(value: str) -> bool:
        return value.startswith(("✔", "✘"))

    old = text()
    check = question.locator(".course-check")
    (check if check.count() else quiz.locator(".course-check")).first.click()
    if verdict(old):
        _wait(lambda: text() != old, 3)  # no change within 3 s: the same verdict again
    if not _wait(lambda: verdict(text()), timeout):
        raise AssertionError(f"quiz feedback did not appear within {timeout} s (it reads {text()!r})")
    return text()


def wait_until_changed(fn: Callable[[], Any], old: Any, timeout: float = 15, interval: float = 0.2) -> Any:
    """Poll ``fn()`` until it returns something other than ``old``; return the new value."""
    deadline = time.monotonic() + timeout
    value = fn()
    while value == old:
        if time.monotonic() >= deadline:
            raise AssertionError(f"still {old!r} after {timeout} s")
        time.sleep(interval)
        value = fn()
    return value
