"""A Sphinx extension of the book edition (``tools/build_book.py`` loads it).

Two mends of what the tools write, each checked by the book's browser tests:

- The bibliography's entries carry ``role="doc-biblioentry"`` inside a ``role="list"``: the role
  is deprecated and a list must hold list items (axe-core: aria-required-children, critical). They
  become ``role="listitem"``.
- Jupyter Book 1 always loads sphinx-thebe, whose set-up script declares ``const THEBE_JS_URL``;
  with Sphinx 7.4 the script lands twice in every page and the second copy raises a script error.
  The book does not run code in the page (Thebe would need a kernel on the network), so its
  scripts are left out of every page.
"""

from __future__ import annotations


def _without_thebe(app, pagename, templatename, context, doctree):
    scripts = context.get("script_files")
    if scripts:
        context["script_files"] = [
            s for s in scripts
            if "sphinx-thebe" not in str(getattr(s, "filename", s) or "")
            and "THEBE_JS_URL" not in str(getattr(s, "attributes", {}).get("body", ""))
        ]


def _bibliography_as_list(app, pagename, templatename, context, doctree):
    body = context.get("body")
    if body and 'role="doc-biblioentry"' in body:
        context["body"] = body.replace('role="doc-biblioentry"', 'role="listitem"')


def setup(app):
    app.connect("html-page-context", _without_thebe, priority=900)
    app.connect("html-page-context", _bibliography_as_list, priority=900)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
