"""Command line of the course: ``python -m course COMMAND``.

Run ``python -m course --help`` for the list of commands.
"""

from __future__ import annotations

import argparse
import sys

#: Modules that add sub-commands (see build_parser).
CLI_MODULES: list[str] = ["course.banks", "course.progress", "course.reports", "course.classroom"]


def _cmd_update_checksums(args: argparse.Namespace) -> int:
    from .data import update_checksums

    changed = update_checksums()
    print("updated: " + ", ".join(changed) if changed else "all checksums already match")
    return 0


def _cmd_datasets(args: argparse.Namespace) -> int:
    from .data import catalogue

    for name, ds in sorted(catalogue().items()):
        print(f"{name}: {ds.file}\n    {ds.description}\n    sources: {', '.join(ds.sources)}")
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m course", description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    p = sub.add_parser("datasets", help="list the datasets in data/catalogue.yml with their sources")
    p.set_defaults(func=_cmd_datasets)

    p = sub.add_parser("update-checksums", help="rewrite catalogue checksums after a deliberate data change")
    p.set_defaults(func=_cmd_update_checksums)

    # Commands defined beside the code they drive: each module listed in CLI_MODULES has a
    # function ``register_cli(subparsers)`` that adds its sub-commands.
    import importlib

    for module in CLI_MODULES:
        importlib.import_module(module).register_cli(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    return int(args.func(args) or 0)


if __name__ == "__main__":
    sys.exit(main())
