"""Checks that need the whole site: references between files and slugs that collide."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from .errors import ContentError, SiteError
from .urls import RESERVED_JOB_SLUGS, RESERVED_PAGE_SLUGS

if TYPE_CHECKING:
    from .content import Entry, FreePage, Home, Job
    from .site import Site
    from .views import Page


def check_content(
    home: Home | None, role_slugs: set[str], jobs: Sequence[Job], pages: Sequence[FreePage]
) -> list[SiteError]:
    """Roles that do not exist, reserved slugs and slugs used twice."""
    errors: list[SiteError] = []
    referrers: list[Entry[Any]] = [*([home] if home else []), *jobs]
    for item in referrers:
        role = item.meta.role
        if role not in role_slugs:
            errors.append(
                ContentError(
                    _no_role(role, role_slugs),
                    path=item.source,
                    line=item.doc.line_of(("role",)),
                    field="role",
                )
            )
    groups: tuple[tuple[str, Sequence[Entry[Any]], frozenset[str], str], ...] = (
        ("listing", jobs, RESERVED_JOB_SLUGS, "/jobs/"),
        ("page", pages, RESERVED_PAGE_SLUGS, "/"),
    )
    for kind, items, reserved, where in groups:
        first: dict[str, Entry[Any]] = {}
        for item in items:
            if item.slug in reserved:
                message = (
                    f"the slug {item.slug!r} is taken by the site's own {where}{item.slug}/ "
                    "pages; rename the file or set a different `slug:`"
                )
            elif item.slug in first:
                message = (
                    f"two {kind}s have the slug {item.slug!r}: {first[item.slug].source} and "
                    f"{item.source}; rename one or set a different `slug:`"
                )
            else:
                first[item.slug] = item
                continue
            errors.append(
                ContentError(
                    message, path=item.source, line=item.doc.line_of(("slug",)), field="slug"
                )
            )
    return errors


def _no_role(slug: str, known: set[str]) -> str:
    options = ", ".join(sorted(known)) or "none yet"
    return f"no role {slug!r} in content/roles/ (known roles: {options})"


def check_job_postings(site: Site, pages: Sequence[Page[Any]]) -> list[SiteError]:
    """Every JobPosting the build emits must meet Google's rules, or the build fails."""
    from . import seo

    by_url = {listing.url: listing for listing in site.listings}
    errors: list[SiteError] = []
    for page in pages:
        for data in page.head.structured_data:
            if data.get("@type") != "JobPosting":
                continue
            job = by_url[page.url].job
            for prop, message in seo.check_job_posting(data):
                field = seo.SOURCE_FIELDS.get(prop.split(".")[0].split("[")[0], "front matter")
                line = job.doc.body_line if field == "body" else job.doc.line_of((field,))
                errors.append(
                    ContentError(
                        f"JobPosting {prop} {message}", path=job.source, line=line, field=field
                    )
                )
    return errors
