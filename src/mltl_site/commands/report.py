"""``mltl-site report``: the listings that are open, opening, closing, closed or drafts."""

from __future__ import annotations

import argparse
import datetime as dt

from ..errors import SiteError
from .common import EXIT_OK, Console, Parents, Subparsers, add_command, build_options


def register(commands: Subparsers, parents: Parents) -> None:
    parser = add_command(
        commands,
        "report",
        parents=[parents.common, parents.site],
        help="report which listings are open, opening, closing and closed",
        description="The listing status report on the build date: listings closing soon, "
        "opening later, closed and in draft, and the files a change adds. Writes nothing.",
        epilog="Example: mltl-site report --format markdown --added content/jobs/new.md",
    )
    parser.add_argument(
        "--format",
        choices=("text", "markdown", "json"),
        default="text",
        help="text for people, markdown for a CI job summary, json for scripts",
    )
    parser.add_argument(
        "--within",
        type=int,
        default=7,
        metavar="DAYS",
        help="report open listings closing within DAYS days (default: 7)",
    )
    parser.add_argument(
        "--closed-since",
        metavar="YYYY-MM-DD",
        help="report only listings closed on or after this date (default: all closed)",
    )
    parser.add_argument(
        "--added",
        nargs="*",
        default=[],
        metavar="FILE",
        help="listing files this change adds, relative to the project (as git diff names them)",
    )
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace, console: Console) -> int:
    from ..config import Project
    from ..pipeline import load_site
    from ..report import render, status_report

    if args.within < 0:
        raise SiteError("--within takes a number of days, 0 or more", field="--within")
    since = None
    if args.closed_since is not None:
        try:
            since = dt.date.fromisoformat(args.closed_since)
        except ValueError:
            raise SiteError(
                f"--closed-since must be a date written YYYY-MM-DD (got {args.closed_since!r})",
                field="--closed-since",
            ) from None
    project = Project.at(args.root)
    site = load_site(project, build_options(args))
    report = status_report(
        site, project, closing_within=args.within, closed_since=since, added=args.added
    )
    console.out.write(render(report, args.format))
    return EXIT_OK
