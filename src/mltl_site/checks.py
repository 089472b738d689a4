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
from .content import load_content_partly
from .errors import ContentNotice, ContentWarning, SiteError, plain
from .hosts import check_limits
from .linkcheck import BrokenLink, check_links
from .listings import Listing
from .pipeline import render_site
from .site import Site, make_site
from .stages import check_base_url
from .urls import normalize_base_url, output_file
from .views import Page


@dataclass(frozen=True)
class CheckReport:
    """What ``check`` found: errors, warnings, and how much it looked at."""

    errors: tuple[SiteError, ...]
    warnings: tuple[ContentWarning, ...]
    pages: int


def check_project(project: Project, options: BuildOptions) -> CheckReport:
    """Validate, render in memory, check links and gather warnings, without writing.

    Everything is reported in one run: field errors of the files that fail, and the
    JobPosting, link and anchor errors of the site made of the files that pass.
    """
    content, errors = load_content_partly(project)
    if content is None:
        return CheckReport(_sorted(errors), (), 0)
    try:
        site = make_site(content, options.build_date, _base_url(options), options.drafts)
    except SiteError as exc:
        return CheckReport(_sorted([*errors, exc]), (), 0)
    site_yaml = project.display(project.content / "site.yaml")
    found = [*listing_warnings(site), *facet_warnings(site, site_yaml)]
    warnings = tuple(sorted(found, key=SiteError.sort_key))
    pages, files = render_site(project, site, errors)
    failed = _failed_urls(errors)
    broken = [
        problem
        for problem in link_errors(project, pages, files, site.base_url)
        if not any(url in problem.message for url in failed)
    ]
    host = site.content.config.host
    if host is not None:  # before deploying: would the host take this output?
        sizes = [(path, len(data)) for path, data in files.items()]
        broken += check_limits(host, [*sizes, *search_estimate(site, pages)], where=site_yaml)
    return CheckReport(_sorted([*errors, *broken]), warnings, len(pages))


def _sorted(errors: Iterable[SiteError]) -> tuple[SiteError, ...]:
    return tuple(sorted(set(errors), key=SiteError.sort_key))


def _base_url(options: BuildOptions) -> str | None:
    url = normalize_base_url(options.base_url) if options.base_url else None
    if url is not None:
        check_base_url(url)
    return url


def _failed_urls(errors: Iterable[SiteError]) -> set[str]:
    """The page addresses of documents that failed, whose links are not broken but absent."""
    urls = set()
    for error in errors:
        parts = (error.path or "").split("/")
        if len(parts) == 3 and parts[0] == "content" and parts[1] in ("jobs", "pages"):
            stem = parts[2].rsplit(".", 1)[0]
            urls.add(f"/jobs/{stem}/" if parts[1] == "jobs" else f"/{stem}/")
        elif len(parts) == 4 and parts[:2] == ["content", "roles"]:
            urls.add(f"/roles/{parts[2]}/")
    return urls


# Pagefind writes a fragment per indexed page and a few dozen index files; check does
# not run it (it takes seconds per thousand pages), so it counts what it would write.
SEARCH_FILES, SEARCH_BYTES_PER_PAGE = 40, 2_500


def search_estimate(site: Site, pages: Iterable[Page[Any]]) -> list[tuple[str, int]]:
    """The search index's files as ``(path, size)``, estimated, when search is on."""
    if not site.content.config.search:
        return []
    indexed = sum(1 for page in pages if page.head.search is not None)
    return [
        *((f"pagefind/fragment/{n}.pf_fragment", SEARCH_BYTES_PER_PAGE) for n in range(indexed)),
        *((f"pagefind/index/{n}.pf_index", SEARCH_BYTES_PER_PAGE) for n in range(SEARCH_FILES)),
    ]


def listing_warnings(site: Site) -> list[ContentWarning]:
    """Open listings that will work but could be better."""
    warnings = []
    for listing in site.listings:
        if not listing.is_open:
            continue
        warnings += _warnings_for(listing)
    return warnings


# Dimensions where one value on most of the board means a mistake (every listing given
# the same skill, one employer flooding the board); a board may well be all one role,
# one country or all remote.
CROWDED_DIMENSIONS = ("skill", "company", "city")
# Below this many open listings, shares say nothing: three listings may all use Python.
CROWDED_FROM = 20
_FIELDS = {"skill": "skills", "company": "company names", "city": "locations"}


def facet_warnings(site: Site, site_yaml: str) -> list[ContentWarning]:
    """A skill, company or city that holds more than ``facet_warn_share`` of the board."""
    total = len(site.open)
    share = site.content.config.facet_warn_share
    if total < CROWDED_FROM:
        return []
    found = []
    for dimension in CROWDED_DIMENSIONS:
        for facet in site.facets[dimension]:
            if facet.count > share * total:
                found.append(
                    ContentWarning(
                        f"{dimension} {facet.label!r} is on {facet.count:,} of {total:,} open "
                        f"listings ({facet.count * 100 // total} %, more than "
                        f"facet_warn_share: {share:g}); a value on most of the board helps "
                        f"no one find a job: check the listings' {_FIELDS[dimension]}",
                        path=site_yaml,
                        field="facet_warn_share",
                    )
                )
    return found


def _warnings_for(listing: Listing) -> list[ContentWarning]:
    job = listing.job
    meta = job.meta
    found = []

    def warn(
        field: str, message: str, loc: tuple[str, ...], kind: type[ContentWarning] = ContentWarning
    ) -> None:
        found.append(kind(message, path=job.source, line=job.doc.line_of(loc), field=field))

    # Advice about pay is for real openings; an example listing is a demonstration.
    if meta.salary is None and not meta.example:
        warn(
            "salary",
            "no salary given; listings with a pay range get more applicants and rank better "
            "in job search",
            ("title",),
        )
    if listing.expiring_soon:
        when = "today" if listing.days_left == 0 else f"in {listing.days_left} days"
        warn(
            "valid_through",
            f"closes {when} ({meta.valid_through}); move valid_through on if the job is still open",
            ("valid_through",),
            ContentNotice,
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
    return link_problems(project, pages, check_links(files, base_url), base_url)


def link_problems(
    project: Project,
    pages: Iterable[Page[Any]],
    broken: Iterable[BrokenLink],
    base_url: str,
    kind: type[SiteError] = SiteError,
) -> list[SiteError]:
    """Each broken link as a ``kind`` (error or warning) at the file and line that wrote it."""
    by_output = {output_file(page.url): page for page in pages}
    base_path = urlsplit(base_url).path
    problems = []
    for link in broken:
        page = by_output.get(link.page)
        path, line = _where_written(project, page, link, base_path)
        problems.append(
            kind(
                f"link to {link.target} on /{link.page}: {link.reason}",
                path=path,
                line=line,
                field="link",
            )
        )
    return sorted(set(problems), key=SiteError.sort_key)


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

    level = problem.severity  # error, warning or notice: GitHub's three levels
    props = []
    if problem.path and not problem.path.startswith("("):
        props.append(f"file={escape(problem.path, True)}")
        if problem.line is not None:
            props.append(f"line={problem.line}")
    if problem.field:
        props.append(f"title={escape(problem.field, True)}")
    where = " " + ",".join(props) if props else ""
    return f"::{level}{where}::{escape(problem.message)}"


__all__ = ["CheckReport", "check_project", "github_annotation", "plain"]


def files_in(report: CheckReport) -> int:
    return len({p.path for p in (*report.errors, *report.warnings) if p.path})
