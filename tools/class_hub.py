#!/usr/bin/env python3
"""A local JupyterHub for a class: try the classroom path on one machine, and test it.

    python tools/class_hub.py                    # a hub on 127.0.0.1 with 3 students; Ctrl-C stops it
    python tools/class_hub.py --students 8       # more students
    python tools/class_hub.py --isolate          # one Unix account per student (root, disposable machine)

What it sets up, as a teacher would on a real hub (docs/instructor_guide.md, "A class JupyterHub"):

1. **The course to hand out**: a bare git repository (``course.git``) cloned from this checkout, which
   nbgitpuller pulls from with a ``file://`` link (a real class pulls from GitHub instead).
2. **The hub**: ``jupyterhub`` (PyPI) behind ``configurable-http-proxy`` (npm, ``tools/hub``), both on
   127.0.0.1 only; every student logs in with their name and the class's shared password
   (``SharedPasswordAuthenticator``); each gets a server of their own, ``jupyterhub-singleuser``
   from the environment where the course is installed, with nbgitpuller in it.
3. **The hand-in folder** (``python -m course hand-in-folder create``), named to every server by
   ``COURSE_HAND_IN``.
4. **Accounts**: with ``--isolate`` each student is a Unix account of their own (``LocalProcessSpawner``)
   with a home only they can enter, and the teacher is one too, owning the hand-in folder. That
   creates and afterwards removes system accounts, so it is only for a disposable machine: it needs
   root, and the tests ask for it only when ``CI=true``. Without it every student's server runs as
   you (``SimpleLocalProcessSpawner``, a home folder each under the hub's folder): the path from the
   link to a running lesson is the same, but students are not kept apart.

Everything the hub starts is stopped on exit, and the accounts it made are removed.
"""

from __future__ import annotations

import argparse
import json
import os
import pwd
import secrets
import shutil
import signal
import stat
import subprocess
import sys
import tempfile
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import parse_qsl, urlencode, urlsplit

import requests

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from course.publishing import classroom_link  # noqa: E402
from course.publishing import load as publishing  # noqa: E402

PROXY = ROOT / "tools" / "hub" / "node_modules" / ".bin" / "configurable-http-proxy"
#: The scopes of the teacher's API token: make users, start and stop their servers, act for them.
TEACHER_SCOPES = ["admin:users", "admin:servers", "access:servers", "read:users", "tokens", "users:activity"]
#: Prefix of the Unix accounts ``--isolate`` creates, so that they are easy to tell and remove.
ACCOUNT_PREFIX = "bmtc"
FIRST_LESSON = "00_start_here.ipynb"


class HubError(RuntimeError):
    """The hub could not be set up or did not answer; the message says what and where to look."""


def _free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _run(*args: str, **kwargs) -> subprocess.CompletedProcess:
    run = subprocess.run(list(args), capture_output=True, text=True, **kwargs)
    if run.returncode != 0:
        raise HubError(f"{' '.join(args)} failed (exit {run.returncode}): {run.stderr.strip()[-500:]}")
    return run


def closed_folders(path: Path) -> list[Path]:
    """The folders above ``path`` that other accounts cannot pass through (no x bit for others)."""
    return [p for p in [path, *path.parents] if p.is_dir() and not p.stat().st_mode & stat.S_IXOTH]


def _kill_processes_of(uid: int) -> None:
    import psutil

    for proc in psutil.process_iter(["uids"]):
        try:
            if proc.info["uids"] and proc.info["uids"].real == uid:
                proc.kill()
        except psutil.Error:
            pass


def processes_under(folder: Path) -> list[str]:
    """The processes still running whose command line names ``folder`` (none once the hub stopped)."""
    import psutil

    found = []
    for proc in psutil.process_iter(["pid", "cmdline"]):
        line = " ".join(proc.info["cmdline"] or [])
        if str(folder) in line and proc.pid != os.getpid():
            found.append(f"{proc.pid} {line[:120]}")
    return found


@dataclass
class Student:
    name: str
    home: Path
    token: str = ""

    @property
    def course(self) -> Path:
        return self.home / "course"


@dataclass
class ClassHub:
    """A hub for ``students`` (names), in ``workdir``; see the module's docstring."""

    workdir: Path
    students: list[str]
    isolate: bool = False
    python: Path = Path(sys.executable)
    password: str = field(default_factory=lambda: secrets.token_urlsafe(12))
    teacher: str = ""
    port: int = 0
    #: More options for every student's server (the browser test exposes JupyterLab's app object).
    server_args: list[str] = field(default_factory=list)
    _proc: subprocess.Popen | None = None
    _token: str = field(default_factory=lambda: secrets.token_hex(24))
    _made_accounts: list[str] = field(default_factory=list)
    _opened: list[tuple[Path, int]] = field(default_factory=list)
    people: dict[str, Student] = field(default_factory=dict)
    timings: dict[str, float] = field(default_factory=dict)

    # --- set-up -------------------------------------------------------------------------------
    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def repo(self) -> Path:
        return self.workdir / "course.git"

    @property
    def hand_in(self) -> Path:
        return self.workdir / "hand-in"

    def _accounts(self) -> None:
        """One Unix account per student and one for the teacher, each home only its owner enters."""
        if os.geteuid() != 0:
            raise HubError("--isolate creates Unix accounts and needs root (on a disposable machine only)")
        self.teacher = f"{ACCOUNT_PREFIX}teacher"
        for name in [self.teacher, *self.students]:
            home = self.workdir / "home" / name
            try:
                pwd.getpwnam(name)
                raise HubError(f"an account '{name}' exists already; remove it or choose other names")
            except KeyError:
                pass
            _run("useradd", "--create-home", "--home-dir", str(home), "--shell", "/usr/sbin/nologin",
                 "--user-group", name)
            self._made_accounts.append(name)
            home.chmod(0o700)  # Debian's useradd leaves homes readable by all (HOME_MODE unset)
            # git refuses a repository that another account owns (here the class's course.git, a
            # local folder) unless it is named safe; a class pulling from GitHub needs none of this.
            gitconfig = home / ".gitconfig"
            gitconfig.write_text(f"[safe]\n\tdirectory = {self.repo}\n", encoding="utf-8")
            account = pwd.getpwnam(name)
            os.chown(gitconfig, account.pw_uid, account.pw_gid)
        # The servers run the course's Python as the students, in homes under the hub's folder: open
        # the folders above these to them.
        for folder in dict.fromkeys([*closed_folders(self.python.parent), *closed_folders(self.python.resolve().parent),
                                     *closed_folders(ROOT), *closed_folders(self.workdir)]):
            mode = folder.stat().st_mode
            self._opened.append((folder, mode))
            folder.chmod(stat.S_IMODE(mode) | stat.S_IXOTH)

    def _make_repo(self) -> None:
        _run("git", "clone", "--quiet", "--bare", "--no-hardlinks", str(ROOT), str(self.repo))
        _run("git", "-C", str(self.repo), "config", "uploadpack.allowFilter", "true")
        # Every account reads it (a real class pulls from GitHub).
        for path in [self.repo, *self.repo.rglob("*")]:
            path.chmod(path.stat().st_mode | stat.S_IROTH | (stat.S_IXOTH if path.is_dir() else 0))

    def _make_hand_in(self) -> None:
        if self.isolate:  # the teacher's own folder, set up by the teacher
            self.hand_in.mkdir()
            teacher = pwd.getpwnam(self.teacher)
            os.chown(self.hand_in, teacher.pw_uid, teacher.pw_gid)
            _run("runuser", "-u", self.teacher, "--", str(self.python), "-m", "course", "hand-in-folder", "create",
                 str(self.hand_in), cwd="/")
        else:
            _run(str(self.python), "-m", "course", "hand-in-folder", "create", str(self.hand_in), cwd=ROOT)

    def config(self) -> str:
        """jupyterhub_config.py for this class."""
        bin_dir = self.python.parent
        singleuser = bin_dir / "jupyterhub-singleuser"
        environment = {"COURSE_HAND_IN": str(self.hand_in), "PATH": f"{bin_dir}:/usr/bin:/bin"}
        lines = [
            "c.JupyterHub.ip = '127.0.0.1'",
            f"c.JupyterHub.port = {self.port}",
            "c.JupyterHub.hub_ip = '127.0.0.1'",
            f"c.JupyterHub.hub_port = {_free_port()}",
            f"c.ConfigurableHTTPProxy.api_url = 'http://127.0.0.1:{_free_port()}'",
            f"c.ConfigurableHTTPProxy.command = [{str(PROXY)!r}]",
            f"c.JupyterHub.db_url = 'sqlite:///{self.workdir / 'jupyterhub.sqlite'}'",
            f"c.JupyterHub.cookie_secret_file = {str(self.workdir / 'cookie_secret')!r}",
            f"c.JupyterHub.pid_file = {str(self.workdir / 'jupyterhub.pid')!r}",
            "c.JupyterHub.authenticator_class = 'shared-password'",
            f"c.SharedPasswordAuthenticator.user_password = {self.password!r}",
            # Only the class's students may log in (not the teacher's account or any other on the machine).
            f"c.Authenticator.allowed_users = {set(self.students)!r}",
            f"c.Spawner.cmd = [{str(singleuser)!r}]",
            "c.Spawner.default_url = '/lab'",
            f"c.Spawner.environment = {environment!r}",
            "c.Spawner.start_timeout = 120",
            "c.Spawner.http_timeout = 120",
            "c.JupyterHub.services = [{'name': 'teacher', 'api_token': " + repr(self._token) + "}]",
            "c.JupyterHub.load_roles = [{'name': 'teacher', 'scopes': " + repr(TEACHER_SCOPES)
            + ", 'services': ['teacher']}]",
        ]
        if self.isolate:
            lines.append("c.JupyterHub.spawner_class = 'localprocess'")
        else:
            lines += ["c.JupyterHub.spawner_class = 'simple'",
                      f"c.SimpleLocalProcessSpawner.home_dir_template = {str(self.workdir / 'home' / '{username}')!r}"]
        args = [*self.server_args, *(["--allow-root"] if os.geteuid() == 0 and not self.isolate else [])]
        if args:
            lines.append(f"c.Spawner.args = {args!r}")
        return "\n".join(lines) + "\n"

    def start(self, timeout: float = 60) -> ClassHub:
        if not PROXY.exists():
            raise HubError(f"{PROXY} is missing: run `npm ci --prefix tools/hub` (Debian's nodejs and npm)")
        if not (self.python.parent / "jupyterhub").exists():
            raise HubError(f"jupyterhub is not installed beside {self.python}: `pip install -e '.[hub]'`")
        self.workdir.mkdir(parents=True, exist_ok=True)
        self.workdir.chmod(0o755)
        (self.workdir / "home").mkdir(exist_ok=True)
        self.port = self.port or _free_port()
        if self.isolate:
            self._accounts()
        for name in self.students:
            home = self.workdir / "home" / name
            if not self.isolate:
                home.mkdir(exist_ok=True)
            self.people[name] = Student(name, home)
        self._make_repo()
        self._make_hand_in()
        (self.workdir / "jupyterhub_config.py").write_text(self.config(), encoding="utf-8")
        log = open(self.workdir / "jupyterhub.log", "w")
        env = dict(os.environ, CONFIGPROXY_AUTH_TOKEN=secrets.token_hex(16))
        t0 = time.perf_counter()
        self._proc = subprocess.Popen([str(self.python.parent / "jupyterhub"), "-f", "jupyterhub_config.py"],
                                      cwd=self.workdir, stdout=log, stderr=subprocess.STDOUT, env=env,
                                      start_new_session=True)
        while time.perf_counter() - t0 < timeout:
            if self._proc.poll() is not None:
                raise HubError(f"the hub stopped (exit {self._proc.returncode}):\n{self.log_tail()}")
            try:
                if requests.get(f"{self.url}/hub/api/", timeout=2).ok:
                    self.timings["hub_start_s"] = time.perf_counter() - t0
                    return self
            except requests.ConnectionError:
                pass
            time.sleep(0.2)
        raise HubError(f"the hub did not answer within {timeout:.0f} s:\n{self.log_tail()}")

    def log_tail(self, lines: int = 40) -> str:
        path = self.workdir / "jupyterhub.log"
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:]) if path.exists() else ""

    def stop(self) -> None:
        """Stop every server and the hub, remove the accounts made, close what was opened."""
        if self._proc is not None and self._proc.poll() is None:
            for name in self.people:
                try:
                    self.api("DELETE", f"/users/{name}/server", ok=(202, 204, 400, 404))
                except (HubError, requests.RequestException):
                    pass
            os.killpg(self._proc.pid, signal.SIGTERM)
            try:
                self._proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(self._proc.pid, signal.SIGKILL)
                self._proc.wait()
        for name in self._made_accounts:
            _kill_processes_of(pwd.getpwnam(name).pw_uid)
            subprocess.run(["userdel", "--remove", name], capture_output=True)
        self._made_accounts.clear()
        for folder, mode in reversed(self._opened):
            folder.chmod(stat.S_IMODE(mode))
        self._opened.clear()

    def __enter__(self) -> ClassHub:
        try:
            return self.start()
        except BaseException:
            self.stop()
            raise

    def __exit__(self, *exc) -> None:
        self.stop()

    # --- the hub's REST API -----------------------------------------------------------------
    def api(self, method: str, path: str, ok=(200, 201, 202, 204), **kwargs):
        response = requests.request(method, f"{self.url}/hub/api{path}", timeout=30,
                                    headers={"Authorization": f"token {self._token}"}, **kwargs)
        if response.status_code not in ok:
            raise HubError(f"{method} /hub/api{path}: {response.status_code} {response.text[:300]}")
        return response.json() if response.content and response.headers.get("content-type", "").startswith(
            "application/json") else None

    def spawn(self, name: str, timeout: float = 120) -> float:
        """Start ``name``'s server (making the hub user first) and wait until it is ready; seconds."""
        self.api("POST", "/users", json={"usernames": [name]}, ok=(201, 409))
        t0 = time.perf_counter()
        self.api("POST", f"/users/{name}/server", ok=(201, 202, 400))  # 400: running already (a browser started it)
        while time.perf_counter() - t0 < timeout:
            server = (self.api("GET", f"/users/{name}") or {}).get("servers", {}).get("", {})
            if server.get("ready"):
                token = self.api("POST", f"/users/{name}/tokens", json={"note": "class hub", "expires_in": 7200})
                self.people[name].token = token["token"]
                return time.perf_counter() - t0
            time.sleep(0.3)
        raise HubError(f"{name}'s server was not ready within {timeout:.0f} s:\n{self.log_tail()}")

    def user_api(self, name: str, method: str, path: str, **kwargs):
        response = requests.request(method, f"{self.url}/user/{name}/{path.lstrip('/')}", timeout=60,
                                    headers={"Authorization": f"token {self.people[name].token}"}, **kwargs)
        response.raise_for_status()
        return response.json() if response.content else None

    # --- what a student does ----------------------------------------------------------------
    def link(self, lesson: str = FIRST_LESSON) -> str:
        """The class's nbgitpuller link (``python -m course classroom-link``)."""
        return classroom_link(publishing(), hub=self.url, repo=f"file://{self.repo}", branch="main", lesson=lesson)

    def pull(self, name: str, link: str | None = None, timeout: float = 120) -> float:
        """What the link's page does in the browser: nbgitpuller's event stream (for the repository,
        branch and folder the class's link names), followed to its end. Returns seconds."""
        given = dict(parse_qsl(urlsplit(link or self.link()).query))
        query = urlencode({"repo": given["repo"], "branch": given["branch"], "targetpath": given["targetpath"],
                           "depth": 1})
        t0 = time.perf_counter()
        with requests.get(f"{self.url}/user/{name}/git-pull/api?{query}", stream=True, timeout=timeout,
                          headers={"Authorization": f"token {self.people[name].token}"}) as response:
            response.raise_for_status()
            for line in response.iter_lines(decode_unicode=True):
                if not line or not line.startswith("data:"):
                    continue
                event = json.loads(line[5:])
                if event.get("phase") == "finished":
                    return time.perf_counter() - t0
                if event.get("phase") == "error":
                    raise HubError(f"{name}'s pull failed: {event.get('message')}\n{event.get('output', '')}")
        raise HubError(f"{name}'s pull ended without finishing")

    def kernel(self, name: str, notebook: str) -> Kernel:
        """A kernel in ``name``'s server, started beside ``notebook`` (a path in their home)."""
        started = self.user_api(name, "POST", "api/kernels", json={"name": "python3", "path": notebook})
        return Kernel(self, name, started["id"])

    def memory_mb(self, name: str) -> float:
        """What ``name``'s server and its kernels hold in memory (resident set), in MB."""
        import psutil

        total = 0
        for proc in psutil.process_iter(["cmdline", "environ"]):
            try:
                environ = proc.info["environ"] or {}
                if environ.get("JUPYTERHUB_USER") == name and "jupyterhub-singleuser" in " ".join(
                        proc.info["cmdline"] or []):
                    total += sum(p.memory_info().rss for p in [proc, *proc.children(recursive=True)])
            except (psutil.Error, TypeError):
                continue
        return total / 2**20


@dataclass
class Kernel:
    """A kernel of a student's server, driven through the hub's proxy over its websocket."""

    hub: ClassHub
    name: str
    id: str

    _ws: object = None
    _session: str = field(default_factory=lambda: uuid.uuid4().hex)

    def _socket(self, timeout: float):
        import websocket

        if self._ws is None:
            self._ws = websocket.create_connection(
                f"ws://127.0.0.1:{self.hub.port}/user/{self.name}/api/kernels/{self.id}/channels",
                header=[f"Authorization: token {self.hub.people[self.name].token}"], timeout=timeout)
        return self._ws

    def close(self) -> None:
        if self._ws is not None:
            self._ws.close()
            self._ws = None

    def shutdown(self) -> None:
        """Close the connection and stop the kernel."""
        self.close()
        self.hub.user_api(self.name, "DELETE", f"api/kernels/{self.id}")

    def __enter__(self) -> Kernel:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def execute(self, code: str, timeout: float = 120) -> dict:
        """Run ``code``; returns {"status", "stdout", "error"} (error: 'Name: value' or '')."""
        ws = self._socket(timeout)
        msg_id = uuid.uuid4().hex
        ws.send(json.dumps({
            "header": {"msg_id": msg_id, "username": self.name, "session": self._session,
                       "msg_type": "execute_request", "version": "5.3"},
            "parent_header": {}, "metadata": {}, "channel": "shell", "buffers": [],
            "content": {"code": code, "silent": False, "store_history": False, "user_expressions": {},
                        "allow_stdin": False, "stop_on_error": True}}))
        stdout, error, status, idle = [], "", None, False
        deadline = time.monotonic() + timeout
        while not (idle and status) and time.monotonic() < deadline:
            raw = ws.recv()
            if isinstance(raw, bytes):  # a message with binary buffers (a widget's picture): not read here
                continue
            msg = json.loads(raw)
            if msg.get("parent_header", {}).get("msg_id") != msg_id:
                continue
            kind = msg["header"]["msg_type"]
            if kind == "stream" and msg["content"]["name"] == "stdout":
                stdout.append(msg["content"]["text"])
            elif kind == "error":
                error = f"{msg['content']['ename']}: {msg['content']['evalue']}"
            elif kind == "execute_reply":
                status = msg["content"]["status"]
            elif kind == "status" and msg["content"]["execution_state"] == "idle":
                idle = True
        if not status:
            raise HubError(f"{self.name}'s kernel gave no reply within {timeout:.0f} s")
        return {"status": status, "stdout": "".join(stdout), "error": error}

    def run_notebook(self, path: str) -> float:
        """Run every code cell of the notebook at ``path`` (in the student's home), read through
        the server's contents API; stops at the first error. Returns seconds."""
        notebook = self.hub.user_api(self.name, "GET", f"api/contents/{path}")["content"]
        t0 = time.perf_counter()
        for number, cell in enumerate(notebook["cells"], 1):
            if cell["cell_type"] != "code" or not cell["source"].strip():
                continue
            result = self.execute(cell["source"])
            if result["status"] != "ok":
                raise HubError(f"{self.name}: cell {number} of {path} failed: {result['error']}")
        return time.perf_counter() - t0


#: What a student does in their kernel after running the lesson, through the course's own API: answer
#: the lesson's first three single-choice questions (the first RIGHT of them rightly), then hand in.
ANSWER_AND_HAND_IN = """
import json
from course.banks import load_bank
from course.quiz import QuestionState
from course.progress import record_attempt
from course.paths import progress_path
from course import hand_in_report
questions = [q for q in load_bank({lesson!r}).questions if q.kind == "single"][:3]
for j, q in enumerate(questions):
    response = q.correct_indices[0] if j < {right} else next(i for i, o in enumerate(q.options) if not o.correct)
    record_attempt(q.full_id, response, QuestionState(q).submit(response))
handed = hand_in_report(display_name={name!r})
print(json.dumps({{"progress": str(progress_path()), "hand_in": str(handed.path)}}))
"""


def student_session(hub: ClassHub, name: str, right: int, lesson: str = "01_back_pain_basics",
                    bare_memory: bool = False) -> dict:
    """One student's path through the class: their server started, the course pulled with the class's
    link, the lesson run from top to bottom in a kernel of their server, questions answered and the
    report handed in. Returns the timings (s), memory (MB: their server with the lesson's kernel;
    with ``bare_memory`` also with a kernel that ran nothing, measured first) and the paths of their
    progress file and hand-in."""
    found = {"spawn_s": hub.spawn(name), "pull_s": hub.pull(name)}
    notebook = f"course/notebooks/{lesson}.ipynb"
    if bare_memory:
        bare = hub.kernel(name, notebook)
        bare.execute("pass")
        found["bare_memory_mb"] = hub.memory_mb(name)
        bare.shutdown()
    with hub.kernel(name, notebook) as kernel:
        found["run_s"] = kernel.run_notebook(notebook)
        done = kernel.execute(ANSWER_AND_HAND_IN.format(lesson=lesson, right=right, name=name))
        if done["status"] != "ok":
            raise HubError(f"{name} could not answer or hand in: {done['error']}")
        found.update(json.loads(done["stdout"].strip().splitlines()[-1]))
        found["memory_mb"] = hub.memory_mb(name)
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--students", type=int, default=3, help="how many students (default 3)")
    parser.add_argument("--isolate", action="store_true",
                        help="one Unix account per student (needs root; a disposable machine only)")
    parser.add_argument("--port", type=int, default=8765, help="the hub's port on 127.0.0.1 (default 8765)")
    parser.add_argument("--dir", help="the hub's folder (default: a new temporary folder)")
    args = parser.parse_args(argv)
    if not 1 <= args.students <= 60:
        parser.error(f"--students must be from 1 to 60, got {args.students}")
    workdir = Path(args.dir or tempfile.mkdtemp(prefix="class-hub-"))
    names = [f"{ACCOUNT_PREFIX}{i:02d}" if args.isolate else f"student{i:02d}" for i in range(1, args.students + 1)]
    with ClassHub(workdir, names, isolate=args.isolate, port=args.port) as hub:
        print(f"The class hub is at {hub.url}/hub/login (started in {hub.timings['hub_start_s']:.1f} s).")
        print(f"Students: {', '.join(names)}; the shared password: {hub.password}")
        print(f"The link to hand out (python -m course classroom-link):\n  {hub.link()}")
        print(f"Hand-ins land in {hub.hand_in}; the class summary: "
              f"python -m course class-summary {hub.hand_in} --out class.html")
        print("Ctrl-C stops the hub and every server" + (" and removes the accounts." if args.isolate else "."))
        try:
            while hub._proc.poll() is None:
                time.sleep(1)
        except KeyboardInterrupt:
            print("\nStopping.")
    shutil.rmtree(workdir, ignore_errors=True) if not args.dir else None
    return 0


if __name__ == "__main__":
    sys.exit(main())
