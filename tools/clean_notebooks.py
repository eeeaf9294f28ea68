#!/usr/bin/env python3
"""Strip outputs, execution counts and widget state from lesson notebooks.

Cells tagged ``nbval-check-output`` (or starting with the comment ``# NBVAL_CHECK_OUTPUT``) keep
their outputs and execution count: they are nbval's reference for the lesson's headline numbers.

Usage: python tools/clean_notebooks.py notebooks/*.ipynb [--check]
With --check nothing is written; the exit status is 1 if any notebook is not clean.
"""

from __future__ import annotations

import sys
from pathlib import Path

import nbformat

KEEP_TAG = "nbval-check-output"
KEEP_COMMENT = "# NBVAL_CHECK_OUTPUT"
NOTEBOOK_METADATA_KEEP = ("kernelspec", "language_info")


def keeps_output(cell) -> bool:
    return KEEP_TAG in cell.get("metadata", {}).get("tags", []) or cell.source.lstrip().startswith(KEEP_COMMENT)


def clean(nb) -> bool:
    """Clean a notebook in place; return True if anything changed."""
    changed = False
    meta = {k: v for k, v in nb.metadata.items() if k in NOTEBOOK_METADATA_KEEP}
    if meta != dict(nb.metadata):
        nb.metadata = nbformat.NotebookNode(meta)
        changed = True
    for cell in nb.cells:
        for key in ("execution", "collapsed", "scrolled", "jupyter"):
            if key in cell.metadata:
                del cell.metadata[key]
                changed = True
        if cell.cell_type != "code":
            continue
        if keeps_output(cell):
            continue
        if cell.outputs or cell.execution_count is not None:
            cell.outputs = []
            cell.execution_count = None
            changed = True
    return changed


def main(argv: list[str]) -> int:
    check = "--check" in argv
    paths = [Path(a) for a in argv if a != "--check"]
    dirty = []
    for path in paths:
        nb = nbformat.read(path, as_version=4)
        if clean(nb):
            dirty.append(path)
            if not check:
                nbformat.write(nb, path)
    for path in dirty:
        print(("not clean: " if check else "cleaned: ") + str(path))
    return 1 if (check and dirty) else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
