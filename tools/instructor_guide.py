#!/usr/bin/env python3
"""Regenerate the per-lesson notes of docs/instructor_guide.md (between the marker comments) from
data/lessons.yml, the lesson notebooks and the quiz banks."""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from course.classroom import guide_with_notes  # noqa: E402


def main() -> int:
    guide = ROOT / "docs" / "instructor_guide.md"
    text = guide.read_text(encoding="utf-8")
    new = guide_with_notes(text)
    if new != text:
        guide.write_text(new, encoding="utf-8")
        print("docs/instructor_guide.md lesson notes updated")
    return 0


if __name__ == "__main__":
    sys.exit(main())
