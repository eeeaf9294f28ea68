"""jsonschema for the course's own files (progress records, quiz banks), imported quickly.

When ``rfc3987_syntax`` is installed (JupyterLab's own dependencies bring it), importing
jsonschema imports it too, for the "iri" format checks, and that import compiles 39 grammars:
about 2 s on the course's reference machine, paid by the first lesson cell that reads the
learner's record. The course's schemas check no formats, so :func:`jsonschema` imports jsonschema
as if that package were absent. Nothing else changes: a later ``import rfc3987_syntax`` works as
usual, and only this process's jsonschema lacks the "iri" checks.
"""

from __future__ import annotations

import sys
from types import ModuleType

#: the optional package whose import makes jsonschema's slow
SLOW_OPTIONAL = "rfc3987_syntax"


def jsonschema() -> ModuleType:
    """The jsonschema module, imported without :data:`SLOW_OPTIONAL` if not imported yet."""
    if "jsonschema" not in sys.modules and SLOW_OPTIONAL not in sys.modules:
        sys.modules[SLOW_OPTIONAL] = None  # its import now fails as if it were not installed
        try:
            import jsonschema  # noqa: F401  (imported here, without it)
        finally:
            if sys.modules.get(SLOW_OPTIONAL, "") is None:
                del sys.modules[SLOW_OPTIONAL]
    import jsonschema as module

    return module
