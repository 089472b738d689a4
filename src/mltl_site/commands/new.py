"""``mltl-site new job|role``: complete, valid starting files that never overwrite."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

from ..config import build_date_from
from ..errors import SiteError
from .common import EXIT_ERRORS, EXIT_OK, Console, Parents, Subparsers, add_command

if TYPE_CHECKING:
    from ..config import Project


def register(commands: Subparsers, parents: Parents) -> None:
    parser = add_command(
        commands,
        "new",
        parents=[],
        help="start a listing or a role guide",
        description="Write a complete, valid starting file; never overwrites.",
        epilog='Examples:\n  mltl-site new job "Senior ML Tech Lead" --company "Acme"\n'
        "  mltl-site new role data-scientist",
    )
    kinds = parser.add_subparsers(dest="kind", metavar="KIND", required=True)
    job = add_command(
        kinds,
        "job",
        parents=[parents.common],
        help="a listing in content/jobs/",
        description="Write content/jobs/<company>-<title>.md with every field explained. "
        "It starts as a draft: check it, then set draft: false.",
        epilog='Example: mltl-site new job "Senior ML Tech Lead" --company "Acme" '
        "--location Berlin,DE",
    )
    job.add_argument("title", nargs="?", help="the job title")
    job.add_argument("--company", help="the hiring company's name (required with a title)")
    job.add_argument("--role", help="role folder (default: the only or first role)")
    job.add_argument("--location", metavar="CITY,CC", help="office, e.g. Berlin,DE")
    job.add_argument("--remote", metavar="CC,CC", help="remote from countries, e.g. US,CA")
    job.add_argument("--slug", help="file name without .md (default: company and title)")
    job.add_argument("--date", metavar="YYYY-MM-DD", help="date posted (default: today)")
    job.add_argument(
        "--from-issue",
        metavar="FILE",
        type=Path,
        help="write a published listing from a post-a-job issue body (as GitHub renders it)",
    )
    job.add_argument(
        "--errors-markdown",
        metavar="FILE",
        type=Path,
        help="with --from-issue: on failure, also write the problems as an issue comment",
    )
    job.set_defaults(handler=run_job)
    role = add_command(
        kinds,
        "role",
        parents=[parents.common],
        help="a role guide folder in content/roles/",
        description="Write content/roles/<slug>/ with role.yaml and overview.md that build.",
        epilog="Example: mltl-site new role data-scientist",
    )
    role.add_argument("slug", help="the role's folder name, e.g. data-scientist")
    role.set_defaults(handler=run_role)


def _role(project: Project, wanted: str | None) -> str:
    roles_dir = project.content / "roles"
    roles = sorted(p.name for p in roles_dir.iterdir() if p.is_dir()) if roles_dir.is_dir() else []
    role = wanted or (roles[0] if roles else None)
    if role is None or role not in roles:
        known = ", ".join(roles) or "none yet; start one with `mltl-site new role <slug>`"
        raise SiteError(
            f"no role {role!r} in content/roles/ (known roles: {known})", field="--role"
        )
    return role


def run_job(args: argparse.Namespace, console: Console) -> int:
    from ..config import Project
    from ..scaffold import NewJob, job_text, new_job_path, write_new

    project = Project.at(args.root)
    if args.from_issue is not None:
        return run_from_issue(args, project, console)
    if not args.title or not args.company:
        raise SiteError("give the job title and --company (or --from-issue FILE)", field="title")
    role = _role(project, args.role)
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


def run_role(args: argparse.Namespace, console: Console) -> int:
    from ..config import Project
    from ..models import _slug
    from ..scaffold import new_role_folder, role_files, write_new

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


def run_from_issue(args: argparse.Namespace, project: Project, console: Console) -> int:
    """A published listing from an issue body; on bad input, ``field: message`` lines."""
    from ..errors import BuildFailed
    from ..intake import as_questions, errors_markdown, listing_fields, parse_issue_body
    from ..loader import read_text
    from ..sources.board import write_new_listing

    try:
        body = read_text(args.from_issue, project.display(args.from_issue.resolve()))
        answers = parse_issue_body(body)
        fields, description = listing_fields(
            answers, role=_role(project, args.role), today=build_date_from(args.date)
        )
        path = write_new_listing(project, fields, description, slug=args.slug)
    except (BuildFailed, SiteError) as exc:
        errors = as_questions(exc.errors if isinstance(exc, BuildFailed) else [exc])
        for error in errors:
            console.problem(error)
        if args.errors_markdown is not None:
            args.errors_markdown.write_text(errors_markdown(errors), encoding="utf-8")
        return EXIT_ERRORS
    console.info(f"Wrote {project.display(path)}.")
    return EXIT_OK
