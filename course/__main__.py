"""``python -m course COMMAND``: the commands are listed in :mod:`course.cli`."""

import sys

from .cli import main

if __name__ == "__main__":
    sys.exit(main())
