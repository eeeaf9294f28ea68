"""The documentation generator (tools/generate_docs.py): its check mode passes on the repository,
names each stale file, and the text it would write there is the current one."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _copy_docs(generate_docs, root: Path) -> None:
    for rel in generate_docs.GENERATED:
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(ROOT / rel, root / rel)


def test_check_mode_finds_the_repository_current():
    run = subprocess.run([sys.executable, "tools/generate_docs.py", "--check"], cwd=ROOT,
                         capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stdout + run.stderr
    assert run.stdout == ""


def test_a_changed_lesson_row_and_a_changed_note_are_both_stale(generate_docs, tmp_path):
    _copy_docs(generate_docs, tmp_path)
    assert generate_docs.stale(tmp_path) == {}
    readme, guide = tmp_path / generate_docs.README, tmp_path / generate_docs.GUIDE
    first = generate_docs.lessons()[0]
    readme.write_text(readme.read_text().replace(f"| {first.minutes} min |", f"| {first.minutes + 1} min |", 1))
    guide.write_text(guide.read_text().replace(f"({first.minutes} min)", f"({first.minutes + 1} min)", 1))
    found = generate_docs.stale(tmp_path)
    assert set(found) == {generate_docs.README, generate_docs.GUIDE}
    assert found[generate_docs.README] == (ROOT / generate_docs.README).read_text()
    assert found[generate_docs.GUIDE] == (ROOT / generate_docs.GUIDE).read_text()
