#!/usr/bin/env python3
"""Regenerate the lesson table in README.md from data/lessons.yml (between the marker comments)."""

from __future__ import annotations

import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from course.lessons import readme_table  # noqa: E402

START, END = "<!-- lesson-table:start -->", "<!-- lesson-table:end -->"


def main() -> int:
    readme = ROOT / "README.md"
    text = readme.read_text(encoding="utf-8")
    new = re.sub(re.escape(START) + r".*?" + re.escape(END), f"{START}\n{readme_table()}\n{END}", text, flags=re.S)
    if new != text:
        readme.write_text(new, encoding="utf-8")
        print("README.md lesson table updated")
    return 0


if __name__ == "__main__":
    sys.exit(main())
