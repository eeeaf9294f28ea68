"""The maintainers' scripts (the book, the class hub, the generated docs, notebook cleaning).

Each runs as a script (``python tools/build_book.py``); the tests and ``make bench`` import them
as modules of this package (``from tools import build_book``).
"""
