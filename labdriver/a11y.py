"""axe-core on a page, its findings split into the course's and the rest.

:func:`audit` runs axe-core (bundled by ``axe-playwright-python``) on the page as it stands and
sorts every node of every violation: inside a cell's output (``.jp-OutputArea-output``) or a
lesson's text (``.jp-MarkdownOutput``) it is the course's; elsewhere in JupyterLab it belongs to JupyterLab's own interface (its editors, toolbars,
the cell feed). On a page of the book edition everything is the course's (``everything_ours``).

The browser tests fail on the course's serious and critical findings and report JupyterLab's as
counts (:data:`REPORTED`, printed at the end of the run by ``tests/browser/conftest.py``).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

#: The impacts a test fails on.
FAILING = ("serious", "critical")
#: What JupyterLab's own interface showed, by (where, rule, impact): the count of nodes, added up
#: over the run.
REPORTED: Counter = Counter()

#: Where each node of a result lies: in a cell's output, elsewhere, or not found (an element that
#: left the page between axe's run and this look counts as the course's, so nothing hides).
_PLACES = """
(targets) => targets.map(target => {
  if (target.length !== 1) return 'ours';  // inside a frame or a shadow root: not JupyterLab's own
  const node = document.querySelector(target[0]);
  return !node || node.closest('.jp-OutputArea-output, .jp-MarkdownOutput') ? 'ours' : 'theirs';
})
"""


@dataclass
class Finding:
    rule: str
    impact: str
    help: str
    html: str

    def __str__(self) -> str:
        return f"{self.rule} ({self.impact}): {self.help}\n    {self.html[:240]}"


@dataclass
class Audit:
    ours: list[Finding] = field(default_factory=list)
    theirs: Counter = field(default_factory=Counter)

    @property
    def failing(self) -> list[Finding]:
        """The course's findings of serious or critical impact."""
        return [f for f in self.ours if f.impact in FAILING]


def audit(page, *, everything_ours: bool = False, where: str = "") -> Audit:
    """Run axe-core on ``page`` and sort its violations (see the module docstring). JupyterLab's
    own findings are added to :data:`REPORTED` under ``where``."""
    from axe_playwright_python.sync_playwright import Axe

    violations = Axe().run(page).response["violations"]
    result = Audit()
    for violation in violations:
        nodes = violation["nodes"]
        places = ["ours"] * len(nodes) if everything_ours else page.evaluate(_PLACES, [n["target"] for n in nodes])
        for node, place in zip(nodes, places):
            impact = node.get("impact") or violation.get("impact") or "minor"
            if place == "ours":
                result.ours.append(Finding(violation["id"], impact, violation["help"], node["html"]))
            else:
                result.theirs[(violation["id"], impact)] += 1
    for (rule, impact), count in result.theirs.items():
        REPORTED[(where, rule, impact)] += count
    return result
