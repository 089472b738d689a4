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

from . import schemas
from .checks import CheckReport, check_project, github_annotation, plain
from .config import BuildOptions, Project, build_date_from
from .errors import BuildFailed, SiteError
from .pipeline import BuildResult, build
from .scaffold import NewJob, job_text, new_job_path, new_role_folder, role_files, write_new

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

    serve_cmd = commands.add_parser(
        "serve",
        parents=[common, site_options],
        help="preview the site with live reload",
        description="Build, serve on loopback, rebuild on every change to content/, "
        "templates/ or static/, and reload open browser tabs. A failed build keeps the "
        "last good site on screen with the errors over it.",
        epilog="Example: mltl-site serve --port 8080 --drafts",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    serve_cmd.add_argument("--host", default="127.0.0.1", help="address (default: 127.0.0.1)")
    serve_cmd.add_argument("--port", type=int, default=8000, help="port (default: 8000)")
    serve_cmd.set_defaults(handler=_serve)

    check_cmd = commands.add_parser(
        "check",
        parents=[common, site_options],
        help="validate everything without writing",
        description="Everything the build validates, plus every internal link and anchor "
        "and editorial warnings, without touching the output. Exit 1 on errors.",
        epilog="Example: mltl-site check --strict --format github",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    check_cmd.add_argument("--strict", action="store_true", help="treat warnings as errors")
    check_cmd.add_argument(
        "--format",
        choices=("text", "github"),
        default="text",
        help="github prints GitHub Actions annotations (default: text)",
    )
    check_cmd.set_defaults(handler=_check)

    new_cmd = commands.add_parser(
        "new",
        help="start a listing or a role guide",
        description="Write a complete, valid starting file; never overwrites.",
        epilog='Examples:\n  mltl-site new job "Senior ML Tech Lead" --company "Acme"\n'
        "  mltl-site new role data-scientist",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    kinds = new_cmd.add_subparsers(dest="kind", metavar="KIND", required=True)
    job_cmd = kinds.add_parser(
        "job",
        parents=[common],
        help="a listing in content/jobs/",
        description="Write content/jobs/<company>-<title>.md with every field explained. "
        "It starts as a draft: check it, then set draft: false.",
        epilog='Example: mltl-site new job "Senior ML Tech Lead" --company "Acme" '
        "--location Berlin,DE",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    job_cmd.add_argument("title", help="the job title")
    job_cmd.add_argument("--company", required=True, help="the hiring company's name")
    job_cmd.add_argument("--role", help="role folder (default: the only or first role)")
    job_cmd.add_argument("--location", metavar="CITY,CC", help="office, e.g. Berlin,DE")
    job_cmd.add_argument("--remote", metavar="CC,CC", help="remote from countries, e.g. US,CA")
    job_cmd.add_argument("--slug", help="file name without .md (default: company and title)")
    job_cmd.add_argument("--date", metavar="YYYY-MM-DD", help="date posted (default: today)")
    job_cmd.set_defaults(handler=_new_job)
    role_cmd = kinds.add_parser(
        "role",
        parents=[common],
        help="a role guide folder in content/roles/",
        description="Write content/roles/<slug>/ with role.yaml and overview.md that build.",
        epilog="Example: mltl-site new role data-scientist",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    role_cmd.add_argument("slug", help="the role's folder name, e.g. data-scientist")
    role_cmd.set_defaults(handler=_new_role)

    schema_cmd = commands.add_parser(
        "schema",
        parents=[common],
        help="write JSON Schema for every content file",
        description="Generate JSON Schema from the models into ROOT/schemas/, for editors' "
        "completion and validation. --check exits 1 if the files differ from the models.",
        epilog="Example: mltl-site schema --check",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    schema_cmd.add_argument("--check", action="store_true", help="only report stale files")
    schema_cmd.set_defaults(handler=_schema)
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


def _serve(args: argparse.Namespace, console: Console) -> int:
    from .serve import DevServer, Rebuild, run

    project = Project.at(args.root)

    def report(outcome: Rebuild) -> None:
        after = f" after {', '.join(outcome.changed[:3])}" if outcome.changed else ""
        if outcome.errors:
            for error in outcome.errors:
                console.problem(error)
            count = len(outcome.errors)
            console.fatal(
                f"{count} error{'s' if count != 1 else ''}{after}; still serving the last good "
                "site, with the errors shown on every page"
            )
        elif outcome.result is not None:
            console.info(f"Built {outcome.result.pages} pages in {outcome.seconds:.2f} s{after}")

    try:
        server = DevServer(project, _options(args), host=args.host, port=args.port, report=report)
    except OSError as exc:
        raise SiteError(f"cannot listen on {args.host}:{args.port}: {exc.strerror}") from None
    console.info(f"Serving {server.url} (Ctrl-C to stop)")
    run(server)
    return EXIT_OK


def _check(args: argparse.Namespace, console: Console) -> int:
    project = Project.at(args.root)
    report = check_project(project, _options(args))
    problems = sorted((*report.errors, *report.warnings), key=SiteError.sort_key)
    for problem in problems:
        if args.format == "github":
            print(github_annotation(problem), file=console.out)
        elif problem.severity == "warning":
            print(plain(problem), file=console.err)
        else:
            console.problem(problem)
    failed = bool(report.errors) or (args.strict and bool(report.warnings))
    console.info(_check_summary(report, args.strict))
    return EXIT_ERRORS if failed else EXIT_OK


def _check_summary(report: CheckReport, strict: bool) -> str:
    errors, warnings = len(report.errors), len(report.warnings)
    if not errors and not warnings:
        return f"No problems: {report.pages} pages checked."
    parts = []
    if errors:
        parts.append(f"{errors} error{'s' if errors != 1 else ''}")
    if warnings:
        what = "treated as errors" if strict else "not fatal; --strict makes them errors"
        parts.append(f"{warnings} warning{'s' if warnings != 1 else ''} ({what})")
    return ", ".join(parts) + "."


def _new_job(args: argparse.Namespace, console: Console) -> int:
    project = Project.at(args.root)
    roles_dir = project.content / "roles"
    roles = sorted(p.name for p in roles_dir.iterdir() if p.is_dir()) if roles_dir.is_dir() else []
    role = args.role or (roles[0] if roles else None)
    if role is None or role not in roles:
        known = ", ".join(roles) or "none yet; start one with `mltl-site new role <slug>`"
        raise SiteError(
            f"no role {role!r} in content/roles/ (known roles: {known})", field="--role"
        )
    city = country = None
    if args.location:
        city, _, country = (part.strip() for part in args.location.rpartition(","))
        if not city or len(country) != 2:
            raise SiteError("--location takes CITY,CC such as Berlin,DE", field="--location")
    remote = tuple(c.strip().upper() for c in args.remote.split(",")) if args.remote else ()
    job = NewJob(
        title=args.title,
        company=args.company,
        role=role,
        today=build_date_from(args.date),
        city=city,
        country=country.upper() if country else None,
        remote_from=remote,
        slug=args.slug,
    )
    path = new_job_path(project, job)
    write_new(path, job_text(job), project)
    console.info(
        f"Wrote {project.display(path)} as a draft. Fill in the TODOs, preview with "
        "`mltl-site serve --drafts`, then set draft: false."
    )
    return EXIT_OK


def _new_role(args: argparse.Namespace, console: Console) -> int:
    from .models import _slug

    project = Project.at(args.root)
    try:
        slug = _slug(args.slug)
    except ValueError as exc:
        raise SiteError(str(exc), field="slug") from None
    folder = new_role_folder(project, slug)
    for name, text in role_files(slug).items():
        write_new(folder / name, text, project)
    console.info(f"Wrote {project.display(folder)}/ (role.yaml, overview.md).")
    return EXIT_OK


def _schema(args: argparse.Namespace, console: Console) -> int:
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
    if not args.verbose:
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
        if args.verbose:
            traceback.print_exc()
        console.fatal(
            f"internal error: {type(exc).__name__}: {exc}. This is a bug in mltl-site; "
            "run again with -v for details and please report it."
        )
        return EXIT_INTERNAL
