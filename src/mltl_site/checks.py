"""``mltl-site check``: everything the build validates, links, and editorial warnings.

Nothing is written. Problems come back sorted by file and line, warnings apart
from errors so ``--strict`` can promote them.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from .config import BuildOptions, Project
from .errors import BuildFailed, ContentWarning, SiteError
from .hosts import check_limits
from .linkcheck import BrokenLink, check_links
from .listings import EXPIRING_WITHIN_DAYS, Listing
from .pipeline import load_site, render_site
from .site import Site
from .urls import output_file
from .views import Page


@dataclass(frozen=True)
class CheckReport:
    """What ``check`` found: errors, warnings, and how much it looked at."""

    errors: tuple[SiteError, ...]
    warnings: tuple[ContentWarning, ...]
    pages: int


def check_project(project: Project, options: BuildOptions) -> CheckReport:
    """Validate, render in memory, check links and gather warnings, without writing."""
    try:
        site = load_site(project, options)
    except BuildFailed as exc:
        return CheckReport(exc.errors, (), 0)
    warnings = tuple(sorted(listing_warnings(site), key=SiteError.sort_key))
    try:
        pages, files = render_site(project, site)
    except BuildFailed as exc:
        return CheckReport(exc.errors, warnings, 0)
    broken = link_errors(project, pages, files, site.base_url)
    host = site.content.config.host
    if host is not None:  # before deploying: would the host take this output?
        where = project.display(project.content / "site.yaml")
        broken += check_limits(
            host, ((path, len(data)) for path, data in files.items()), where=where
        )
    errors = tuple(sorted(set(broken), key=SiteError.sort_key))
    return CheckReport(errors, warnings, len(pages))


def listing_warnings(site: Site) -> list[ContentWarning]:
    """Open listings that will work but could be better."""
    warnings = []
    for listing in site.listings:
        if not listing.is_open:
            continue
        warnings += _warnings_for(listing)
    return warnings


def _warnings_for(listing: Listing) -> list[ContentWarning]:
    job = listing.job
    meta = job.meta
    found = []

    def warn(field: str, message: str, loc: tuple[str, ...]) -> None:
        found.append(
            ContentWarning(message, path=job.source, line=job.doc.line_of(loc), field=field)
        )

    if meta.salary is None:
        warn(
            "salary",
            "no salary given; listings with a pay range get more applicants and rank better "
            "in job search",
            ("title",),
        )
    if listing.days_left < EXPIRING_WITHIN_DAYS:
        when = "today" if listing.days_left == 0 else f"in {listing.days_left} days"
        warn(
            "valid_through",
            f"closes {when} ({meta.valid_through}); move valid_through on if the job is still open",
            ("valid_through",),
        )
    if meta.apply.url and urlsplit(meta.apply.url).scheme == "http":
        warn(
            "apply.url",
            "the apply link uses plain http://, so applicants' details travel unencrypted; "
            "use https://",
            ("apply", "url"),
        )
    return found


def link_errors(
    project: Project, pages: Iterable[Page[Any]], files: Mapping[str, bytes], base_url: str
) -> list[SiteError]:
    """Broken internal links and anchors, attributed to the file they were written in."""
    by_output = {output_file(page.url): page for page in pages}
    base_path = urlsplit(base_url).path
    errors = []
    for broken in check_links(files, base_url):
        page = by_output.get(broken.page)
        path, line = _where_written(project, page, broken, base_path)
        errors.append(
            SiteError(
                f"link to {broken.target} on /{broken.page}: {broken.reason}",
                path=path,
                line=line,
                field="link",
            )
        )
    return errors


def _where_written(
    project: Project, page: Page[Any] | None, broken: BrokenLink, base_path: str
) -> tuple[str, int | None]:
    """The content file and line holding the link, else the built page."""
    target = broken.target
    needles = [target]
    if target.startswith(base_path):
        needles.append("/" + target[len(base_path) :])
    candidates = [page.head.source] if page is not None and page.head.source else []
    candidates.append(project.display(project.content / "site.yaml"))
    for candidate in candidates:
        path = project.root / candidate
        try:
            text = path.read_text(encoding="utf-8")
        except OSError:
            continue
        for needle in needles:
            index = text.find(needle)
            if index >= 0:
                return candidate, text.count("\n", 0, index) + 1
    return f"(built page) {broken.page}", None


def github_annotation(problem: SiteError) -> str:
    """A GitHub Actions workflow command that marks the problem on its line."""

    def escape(value: str, prop: bool = False) -> str:
        value = value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
        return value.replace(":", "%3A").replace(",", "%2C") if prop else value

    level = "warning" if problem.severity == "warning" else "error"
    props = []
    if problem.path and not problem.path.startswith("("):
        props.append(f"file={escape(problem.path, True)}")
        if problem.line is not None:
            props.append(f"line={problem.line}")
    if problem.field:
        props.append(f"title={escape(problem.field, True)}")
    where = " " + ",".join(props) if props else ""
    return f"::{level}{where}::{escape(problem.message)}"


def plain(problem: SiteError) -> str:
    """``path:line: field: message``, with ``warning:`` before the message of a warning."""
    if problem.severity != "warning":
        return str(problem)
    marked = SiteError(
        f"warning: {problem.message}", path=problem.path, line=problem.line, field=problem.field
    )
    return str(marked)


def files_in(report: CheckReport) -> int:
    return len({p.path for p in (*report.errors, *report.warnings) if p.path})
