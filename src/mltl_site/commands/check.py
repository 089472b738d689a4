"""``mltl-site check``: everything the build validates, links and warnings; writes nothing."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from ..errors import SiteError
from .common import EXIT_ERRORS, EXIT_OK, Console, Parents, Subparsers, add_command, build_options

if TYPE_CHECKING:
    from ..checks import CheckReport


def register(commands: Subparsers, parents: Parents) -> None:
    parser = add_command(
        commands,
        "check",
        parents=[parents.common, parents.site],
        help="validate everything without writing",
        description="Everything the build validates, plus every internal link and anchor "
        "and editorial warnings, without touching the output. Exit 1 on errors.",
        epilog="Example: mltl-site check --strict --format github",
    )
    parser.add_argument("--strict", action="store_true", help="treat warnings as errors")
    parser.add_argument(
        "--format",
        choices=("text", "github"),
        default="text",
        help="github prints GitHub Actions annotations (default: text)",
    )
    parser.add_argument(
        "--external",
        action="store_true",
        help="also request every apply and company URL; failures are warnings (needs network)",
    )
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace, console: Console) -> int:
    from ..checks import check_project, github_annotation, plain
    from ..config import Project

    project = Project.at(args.root)
    report = check_project(project, build_options(args))
    if args.external:
        from dataclasses import replace

        from ..external import check_external

        found = (*report.warnings, *check_external(project, build_options(args)))
        report = replace(report, warnings=tuple(sorted(found, key=SiteError.sort_key)))
    problems = sorted((*report.errors, *report.warnings), key=SiteError.sort_key)
    for problem in problems:
        if args.format == "github":
            print(github_annotation(problem), file=console.out)
        elif problem.severity != "error":
            print(plain(problem), file=console.err)
        else:
            console.problem(problem)
    failed = bool(report.errors) or (args.strict and bool(fatal_warnings(report)))
    console.info(summary(report, args.strict))
    return EXIT_ERRORS if failed else EXIT_OK


def fatal_warnings(report: CheckReport) -> list[SiteError]:
    """The warnings ``--strict`` turns into errors: all but notices."""
    return [w for w in report.warnings if w.severity == "warning"]


def summary(report: CheckReport, strict: bool) -> str:
    errors, warnings = len(report.errors), len(fatal_warnings(report))
    notices = len(report.warnings) - warnings
    if not errors and not warnings and not notices:
        return f"No problems: {report.pages} pages checked."
    parts = []
    if errors:
        parts.append(f"{errors} error{'s' if errors != 1 else ''}")
    if warnings:
        what = "treated as errors" if strict else "not fatal; --strict makes them errors"
        parts.append(f"{warnings} warning{'s' if warnings != 1 else ''} ({what})")
    if notices:
        parts.append(f"{notices} notice{'s' if notices != 1 else ''} (news, never fatal)")
    return ", ".join(parts) + "."
