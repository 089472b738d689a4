"""``mltl-site build``: content in, a complete site swapped into the output folder."""

from __future__ import annotations

import argparse
import time
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from .common import EXIT_OK, Console, Parents, Subparsers, add_command, build_options

if TYPE_CHECKING:
    from ..config import Project
    from ..pipeline import BuildResult


def register(commands: Subparsers, parents: Parents) -> None:
    parser = add_command(
        commands,
        "build",
        parents=[parents.common, parents.site],
        help="build content/ into a static site",
        description="Validate all content, then build the site into the output folder. "
        "Every internal link and anchor is checked; a broken one is a warning, or an "
        "error with --strict.",
        epilog="Example: mltl-site build --out public --date 2026-11-22",
    )
    parser.add_argument("--out", type=Path, help="output folder (default: ROOT/_site)")
    parser.add_argument(
        "--strict",
        action="store_true",
        help="treat warnings, broken internal links and anchors among them, as errors",
    )
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace, console: Console) -> int:
    from ..config import Project
    from ..pipeline import build

    project = Project.at(args.root)
    out_dir = args.out if args.out is not None else project.root / "_site"
    progress = Progress(console.err) if console.err.isatty() and not args.quiet else None
    try:
        result = build(project, out_dir, build_options(args), progress=progress)
    finally:
        if progress is not None:
            progress.clear()
    report_build(result, project, console)
    return EXIT_OK


class Progress:
    """A one-line ``render 1200/20000`` display on a terminal, for builds that take a while."""

    AFTER_SECONDS = 1.0

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream
        self.started = time.monotonic()
        self.shown = False

    def __call__(self, stage: str, done: int, total: int) -> None:
        if time.monotonic() - self.started < self.AFTER_SECONDS:
            return
        self.stream.write(f"\r\033[K{stage} {done}/{total} ({done * 100 // max(total, 1)} %)")
        self.stream.flush()
        self.shown = True

    def clear(self) -> None:
        if self.shown:
            self.stream.write("\r\033[K")
            self.stream.flush()


def report_build(result: BuildResult, project: Project, console: Console) -> None:
    """The one-line summary, then listings that closed or are about to."""
    for warning in result.warnings:
        console.problem(warning)
    where = f" into {_shown(result.out_dir)}" if result.out_dir else ""
    if result.unchanged:
        console.info(
            f"Nothing changed: {result.pages} pages ({result.files} files){where} are up to "
            f"date ({result.seconds:.2f} s)"
        )
        return
    rendered = f", {len(result.rendered)} rendered" if result.reused else ""
    console.info(
        f"Built {result.pages} pages ({result.files} files{rendered}){where} in "
        f"{result.seconds:.2f} s"
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
