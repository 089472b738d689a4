"""``mltl-site schema``: JSON Schema of every content file, generated from the models."""

from __future__ import annotations

import argparse

from ..errors import SiteError
from .common import EXIT_ERRORS, EXIT_OK, Console, Parents, Subparsers, add_command


def register(commands: Subparsers, parents: Parents) -> None:
    parser = add_command(
        commands,
        "schema",
        parents=[parents.common],
        help="write JSON Schema for every content file",
        description="Generate JSON Schema from the models into ROOT/schemas/, for editors' "
        "completion and validation. --check exits 1 if the files differ from the models.",
        epilog="Example: mltl-site schema --check",
    )
    parser.add_argument("--check", action="store_true", help="only report stale files")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace, console: Console) -> int:
    from .. import schemas
    from ..config import Project

    folder = Project.at(args.root).root / "schemas"
    if args.check:
        stale = schemas.stale(folder)
        for name in stale:
            console.problem(
                SiteError("differs from the models; run `mltl-site schema`", path=f"schemas/{name}")
            )
        return EXIT_ERRORS if stale else EXIT_OK
    changed = schemas.write(folder)
    console.info(
        f"Updated {len(changed)} schema file{'s' if len(changed) != 1 else ''} in schemas/"
        if changed
        else "Schemas are up to date."
    )
    return EXIT_OK
