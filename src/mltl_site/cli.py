"""The ``mltl-site`` command line: parses options, calls the pipeline, prints the outcome.

This is the only place that prints. Every failure a user can cause becomes a
``path:line: field: message`` line and a non-zero exit, never a traceback.
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
import traceback
from collections.abc import Callable, Sequence
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import TextIO

from .config import BuildOptions, Project, build_date_from
from .errors import BuildFailed, SiteError
from .pipeline import BuildResult, build

EXIT_OK, EXIT_ERRORS, EXIT_INTERNAL, EXIT_INTERRUPTED = 0, 1, 2, 130


class Console:
    """Writes messages, in colour only on a terminal and never with ``NO_COLOR``."""

    def __init__(self, out: TextIO, err: TextIO, quiet: bool = False) -> None:
        self.out, self.err, self.quiet = out, err, quiet
        self.colour = (
            err.isatty() and not os.environ.get("NO_COLOR") and os.environ.get("TERM") != "dumb"
        )

    def paint(self, text: str, code: str) -> str:
        return f"\033[{code}m{text}\033[0m" if self.colour else text

    def info(self, text: str) -> None:
        if not self.quiet:
            print(text, file=self.out)

    def problem(self, error: SiteError) -> None:
        word = "warning" if error.severity == "warning" else "error"
        label = self.paint(word, "33" if word == "warning" else "31;1")
        print(f"{error} [{label}]" if self.colour else str(error), file=self.err)

    def fatal(self, text: str) -> None:
        print(self.paint(text, "31;1"), file=self.err)


def _package_version() -> str:
    try:
        return version("mltl-site")
    except PackageNotFoundError:  # running from a checkout without install
        return "0+unknown"


def make_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="mltl-site",
        description="Build and preview a job board and career guide from YAML and Markdown.",
        epilog="Example: mltl-site build --base-url https://example.org/careers/",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {_package_version()}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--root", type=Path, default=Path.cwd(), help="project folder (default: current folder)"
    )
    common.add_argument("-q", "--quiet", action="store_true", help="print only errors")
    common.add_argument("-v", "--verbose", action="store_true", help="print more detail")

    site_options = argparse.ArgumentParser(add_help=False)
    site_options.add_argument("--base-url", help="where the site is published (default: site.yaml)")
    site_options.add_argument(
        "--date",
        metavar="YYYY-MM-DD",
        help="build date (default: SOURCE_DATE_EPOCH if set, else today)",
    )
    site_options.add_argument("--drafts", action="store_true", help="include draft listings")

    build_cmd = commands.add_parser(
        "build",
        parents=[common, site_options],
        help="build content/ into a static site",
        description="Validate all content, then build the site into the output folder.",
        epilog="Example: mltl-site build --out public --date 2026-11-22",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    build_cmd.add_argument("--out", type=Path, help="output folder (default: ROOT/_site)")
    build_cmd.set_defaults(handler=_build)
    return parser


def _options(args: argparse.Namespace) -> BuildOptions:
    return BuildOptions(
        build_date=build_date_from(args.date),
        base_url=args.base_url,
        drafts=args.drafts,
    )


def _build(args: argparse.Namespace, console: Console) -> int:
    project = Project.at(args.root)
    out_dir = args.out if args.out is not None else project.root / "_site"
    result = build(project, out_dir, _options(args))
    report_build(result, project, console)
    return EXIT_OK


def report_build(result: BuildResult, project: Project, console: Console) -> None:
    """The one-line summary, then listings that closed or are about to."""
    for warning in result.warnings:
        console.problem(warning)
    where = f" into {_shown(result.out_dir)}" if result.out_dir else ""
    console.info(
        f"Built {result.pages} pages ({result.files} files){where} in {result.seconds:.2f} s"
    )
    for listing in result.expired:
        console.info(
            f"  closed: {listing.job.source} (valid through {listing.job.meta.valid_through})"
        )
    for listing in result.expiring:
        days = listing.days_left
        when = "today" if days == 0 else f"in {days} day{'s' if days != 1 else ''}"
        console.info(f"  closes {when}: {listing.job.source}")


def _shown(path: Path | None) -> str:
    if path is None:
        return ""
    try:
        return path.resolve().relative_to(Path.cwd()).as_posix() + "/"
    except ValueError:
        return str(path)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code."""
    parser = make_parser()
    args = parser.parse_args(argv)
    console = Console(sys.stdout, sys.stderr, quiet=args.quiet)
    logging.basicConfig(
        level=logging.DEBUG if args.verbose else logging.WARNING,
        format="%(levelname)s %(name)s: %(message)s",
    )
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
        if args.verbose:
            traceback.print_exc()
        console.fatal(
            f"internal error: {type(exc).__name__}: {exc}. This is a bug in mltl-site; "
            "run again with -v for details and please report it."
        )
        return EXIT_INTERNAL
