"""``mltl-site import``: listings from public job boards (Greenhouse, Lever, Ashby, jobs.json)."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from ..errors import BuildFailed, SiteError
from .common import EXIT_ERRORS, EXIT_OK, Console, Parents, Subparsers, add_command

if TYPE_CHECKING:
    from ..models import ImportSource, SiteConfig
    from ..sources.run import Report

SYSTEMS = ("greenhouse", "lever", "ashby", "jobs-json")
# Which option set each ImportSource field, for messages about the command line.
OPTION_OF = {"id": "ID", "role": "--role", "filter": "--filter", "company": "--company",
             "company.name": "--company", "company.url": "--company-url"}  # fmt: skip


def register(commands: Subparsers, parents: Parents) -> None:
    parser = add_command(
        commands,
        "import",
        parents=[parents.common],
        help="import listings from employers' job boards",
        description="Fetch public job-board feeds and add, update or close listings in "
        "content/jobs/. With no source, runs every entry of `imports:` in site.yaml. "
        "Files edited by hand are kept unless --force; a rerun with no change writes nothing.",
        epilog="Examples:\n  mltl-site import\n  mltl-site import --dry-run\n"
        "  mltl-site import greenhouse acme --company Acme --company-url https://acme.example.com/"
        " --filter 'tech lead|ML'\n"
        "  mltl-site import jobs-json https://other.example.org/jobs.json",
    )
    parser.add_argument("source", nargs="?", choices=SYSTEMS, help="the system to read")
    parser.add_argument("id", nargs="?", help="its board name, or the URL of a jobs.json")
    parser.add_argument("--role", help="role folder for the listings (default: the first)")
    parser.add_argument("--filter", metavar="REGEX", help="import only titles matching this")
    parser.add_argument("--company", help="the hiring company's name")
    parser.add_argument("--company-url", metavar="URL", help="the hiring company's website")
    parser.add_argument(
        "--api-base",
        metavar="URL",
        help="read the feed from this host instead (default: the system's public API, "
        "or MLTL_GREENHOUSE_API, MLTL_LEVER_API, MLTL_ASHBY_API)",
    )
    parser.add_argument(
        "--date",
        metavar="YYYY-MM-DD",
        help="import date (default: SOURCE_DATE_EPOCH if set, else today)",
    )
    parser.add_argument("--dry-run", action="store_true", help="show the changes, write nothing")
    parser.add_argument("--force", action="store_true", help="replace files edited by hand")
    parser.add_argument("--timeout", type=float, default=20.0, help="seconds per request")
    parser.add_argument("--retries", type=int, default=3, help="retries on 429, 5xx, timeouts")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace, console: Console) -> int:
    from ..cli import package_version
    from ..config import Project, build_date_from
    from ..models import check_url
    from ..sources.board import load_settings
    from ..sources.http import HttpClient
    from ..sources.run import ImportOptions, run_import

    project = Project.at(args.root)
    config, site = load_settings(project)
    roles = sorted(site.roles)
    entries = _entries(args, config, roles)
    if not entries:
        console.info(
            "No imports configured: add an `imports:` list to content/site.yaml (see the "
            "editor's guide) or name one, e.g. `mltl-site import greenhouse BOARD --company …`."
        )
        return EXIT_OK
    if args.api_base:
        try:
            check_url(args.api_base, schemes=("http", "https"))
        except ValueError as exc:
            raise SiteError(str(exc), field="--api-base") from None
    if args.retries < 0 or args.timeout <= 0:
        raise SiteError("--retries must be 0 or more and --timeout above 0", field="--retries")
    client = HttpClient(
        user_agent=f"mltl-site/{package_version()} ({config.title}; +{site.url})",
        timeout=args.timeout,
        retries=args.retries,
    )
    options = ImportOptions(
        today=build_date_from(args.date),
        force=args.force,
        dry_run=args.dry_run,
        api_base=args.api_base,
    )
    reports = run_import(project, entries, client, options, site)
    for report in reports:
        _print(report, console)
    if args.dry_run:
        console.info("Dry run: nothing was written.")
    return EXIT_ERRORS if any(report.failure for report in reports) else EXIT_OK


def _entries(args: argparse.Namespace, config: SiteConfig, roles: list[str]) -> list[ImportSource]:
    """The configured imports, or the one the command line names (configured or not)."""
    from ..loader import Document
    from ..models import ImportSource
    from ..validate import validate

    if args.source is None:
        if any((args.role, args.filter, args.company, args.company_url)):
            raise SiteError("name a source and its id to use these options", field="--role")
        return list(config.imports)
    if not args.id:
        raise SiteError(f"give the board's id after {args.source}", field="ID")
    data: dict[str, object] = {"source": args.source, "id": args.id}
    for entry in config.imports:
        if (entry.source, entry.id) == (args.source, args.id):
            data = entry.model_dump(exclude_none=True)
    if args.role or "role" not in data:
        data["role"] = args.role or (roles[0] if roles else "")
    if args.filter:
        data["filter"] = args.filter
    if args.company or args.company_url:
        company = dict(data.get("company") or {})  # type: ignore[call-overload]
        company |= {k: v for k, v in (("name", args.company), ("url", args.company_url)) if v}
        data["company"] = company
    try:
        return [validate(ImportSource, Document("(command line)", data, {}))]
    except BuildFailed as exc:
        raise BuildFailed(
            SiteError(error.message, field=OPTION_OF.get(error.field or "", error.field))
            for error in exc.errors
        ) from None


def _print(report: Report, console: Console) -> None:
    if report.failure:
        console.fatal(f"{report.label}: {report.failure}")
        return
    from ..sources.run import KINDS

    counts = ", ".join(f"{report.count(kind)} {kind}" for kind in KINDS if report.count(kind))
    console.info(f"{report.label}: {counts or 'no postings'}")
    for outcome in report.outcomes:
        if outcome.kind == "unchanged":
            continue
        why = f": {outcome.reason}" if outcome.reason else ""
        console.info(f"  {outcome.kind:<8} {outcome.what}{why}")
