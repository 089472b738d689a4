"""The ``mltl-site`` command line: parses options, dispatches to a command, maps failures.

This is the only place that prints. Every failure a user can cause becomes a
``path:line: field: message`` line and a non-zero exit, never a traceback.
Commands live in ``commands/``, one module each.
"""

from __future__ import annotations

import argparse
import logging
import sys
import traceback
from collections.abc import Callable, Sequence

from .commands import register_all
from .commands.common import EXIT_ERRORS, EXIT_INTERNAL, EXIT_INTERRUPTED, Console
from .errors import BuildFailed, SiteError


def package_version() -> str:
    from importlib.metadata import PackageNotFoundError, version  # slow to import: on demand

    try:
        return version("mltl-site")
    except PackageNotFoundError:  # running from a checkout without install
        return "0+unknown"


class _Version(argparse.Action):
    """``--version``, looked up only when asked for."""

    def __call__(self, parser: argparse.ArgumentParser, *_args: object, **_kw: object) -> None:
        sys.stdout.write(f"{parser.prog} {package_version()}\n")
        parser.exit()


def make_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="mltl-site",
        description="Build and preview a job board and career guide from YAML and Markdown.",
        epilog="Example: mltl-site build --base-url https://example.org/careers/",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action=_Version, nargs=0, help="print the version and exit")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    register_all(commands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code."""
    parser = make_parser()
    args = parser.parse_args(argv)
    console = Console(sys.stdout, sys.stderr, quiet=getattr(args, "quiet", False))
    verbose = getattr(args, "verbose", False)
    logging.basicConfig(
        level=logging.DEBUG if verbose else logging.WARNING,
        format="%(levelname)s %(name)s: %(message)s",
    )
    if not verbose:
        # The dev server's request log and livereload's chatter are noise to an editor.
        for name in ("tornado.access", "livereload"):
            logging.getLogger(name).setLevel(logging.ERROR)
    handler: Callable[[argparse.Namespace, Console], int] = args.handler
    try:
        return handler(args, console)
    except BuildFailed as exc:
        for error in exc.errors:
            console.problem(error)
        count = len(exc.errors)
        console.fatal(f"{count} error{'s' if count != 1 else ''}; the output was not changed.")
        return EXIT_ERRORS
    except SiteError as exc:
        console.problem(exc)
        return EXIT_ERRORS
    except KeyboardInterrupt:
        console.fatal("interrupted")
        return EXIT_INTERRUPTED
    except Exception as exc:
        if verbose:
            traceback.print_exc()
        console.fatal(
            f"internal error: {type(exc).__name__}: {exc}. This is a bug in mltl-site; "
            "run again with -v for details and please report it."
        )
        return EXIT_INTERNAL
