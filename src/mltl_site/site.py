"""The graph of pages: content and a build date in, a tuple of ``Page`` values out.

Nothing here reads files or renders; each ``Page`` carries everything its template
needs, so rendering a page is a pure function of it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from types import MappingProxyType
from typing import Any, Generic, TypeVar

from .content import Content, Role
from .guide import guide_sections, salary_view
from .listings import Listing, classify, open_listings, published, similar
from .urls import base_path, normalize_base_url

T = TypeVar("T")


@dataclass(frozen=True)
class Crumb:
    """One step of a breadcrumb trail."""

    title: str
    url: str


@dataclass(frozen=True)
class Page:
    """One output page: where it goes, which template draws it, and with what."""

    url: str
    template: str
    title: str
    description: str
    context: Mapping[str, Any] = field(default_factory=dict)
    source: str | None = None
    indexable: bool = True
    breadcrumbs: tuple[Crumb, ...] = ()
    kind: str = "page"


@dataclass(frozen=True)
class Pagination(Generic[T]):
    """One page of a paginated list."""

    number: int
    total: int
    items: tuple[T, ...]
    url: str
    prev_url: str | None
    next_url: str | None
    page_urls: tuple[str, ...]


@dataclass(frozen=True)
class Site:
    """Content on a build date, with the values every page shares."""

    content: Content
    build_date: dt.date
    base_url: str
    drafts: bool = False

    @property
    def base_path(self) -> str:
        return base_path(self.base_url)

    @cached_property
    def listings(self) -> tuple[Listing, ...]:
        """Every listing with its status, newest first."""
        return classify(self.content.jobs, self.build_date, self.drafts)

    @cached_property
    def open(self) -> tuple[Listing, ...]:
        """Open listings, newest first: what lists, feeds and exports show."""
        return open_listings(self.listings)

    def open_for_role(self, slug: str) -> tuple[Listing, ...]:
        return tuple(item for item in self.open if item.job.meta.role == slug)


def make_site(
    content: Content, build_date: dt.date, base_url: str | None = None, drafts: bool = False
) -> Site:
    """The site for ``content`` on ``build_date``; ``base_url`` overrides site.yaml's."""
    return Site(
        content=content,
        build_date=build_date,
        base_url=normalize_base_url(base_url or content.config.base_url),
        drafts=drafts,
    )


def paginate(items: Sequence[T], per_page: int, first_url: str) -> tuple[Pagination[T], ...]:
    """Split ``items`` into pages at ``first_url``, ``first_url/page/2/``, …; one page if empty."""
    total = max(1, -(-len(items) // per_page))
    urls = tuple(first_url if n == 1 else f"{first_url}page/{n}/" for n in range(1, total + 1))
    return tuple(
        Pagination(
            number=n,
            total=total,
            items=tuple(items[(n - 1) * per_page : n * per_page]),
            url=urls[n - 1],
            prev_url=urls[n - 2] if n > 1 else None,
            next_url=urls[n] if n < total else None,
            page_urls=urls,
        )
        for n in range(1, total + 1)
    )


HOME = Crumb("Home", "")
JOBS = Crumb("Jobs", "jobs/")
ROLES = Crumb("Roles", "roles/")


def build_pages(site: Site) -> tuple[Page, ...]:
    """Every page of the site, in a fixed order."""
    return (
        home_page(site),
        roles_index(site),
        *(role_page(site, role) for role in _roles(site)),
        *jobs_index(site),
        *(job_page(site, listing) for listing in published(site.listings)),
        *(free_page for free_page in free_pages(site)),
        not_found_page(site),
    )


def _roles(site: Site) -> list[Role]:
    return sorted(site.content.roles.values(), key=lambda r: r.meta.title.casefold())


def home_page(site: Site) -> Page:
    home = site.content.home
    role = site.content.roles[home.meta.role]
    return Page(
        url="",
        template="home.html",
        title=home.meta.title,
        description=home.meta.description,
        source=home.source,
        kind="home",
        context=_frozen(
            home=home,
            intro=home.intro_html,
            latest=site.open[: home.meta.listings],
            open_count=len(site.open),
            role=role,
            role_open_count=len(site.open_for_role(role.slug)),
            sections=guide_sections(role, site.content.roles),
            salary=salary_view(role.salary) if role.salary else None,
        ),
    )


def roles_index(site: Site) -> Page:
    roles = _roles(site)
    return Page(
        url="roles/",
        template="roles.html",
        title="Role guides",
        description=f"Career guides for {len(roles)} role{'s' if len(roles) != 1 else ''}: "
        "responsibilities, skills, career path, salaries and trends.",
        breadcrumbs=(HOME, ROLES),
        kind="roles",
        context=_frozen(
            roles=tuple((role, len(site.open_for_role(role.slug))) for role in roles),
        ),
    )


def role_page(site: Site, role: Role) -> Page:
    title = f"{role.meta.title}: role guide"
    listings = site.open_for_role(role.slug)
    return Page(
        url=f"roles/{role.slug}/",
        template="role.html",
        title=title,
        description=role.meta.summary,
        source=role.source,
        breadcrumbs=(
            HOME,
            ROLES,
            Crumb(role.meta.short_title or role.meta.title, f"roles/{role.slug}/"),
        ),
        kind="role",
        context=_frozen(
            role=role,
            sections=guide_sections(role, site.content.roles),
            listings=listings[:5],
            open_count=len(listings),
        ),
    )


def jobs_index(site: Site) -> tuple[Page, ...]:
    per_page = site.content.config.jobs_per_page
    pages = []
    for pagination in paginate(site.open, per_page, "jobs/"):
        suffix = (
            f" (page {pagination.number} of {pagination.total})" if pagination.number > 1 else ""
        )
        pages.append(
            Page(
                url=pagination.url,
                template="jobs.html",
                title=f"Open jobs{suffix}",
                description=f"{len(site.open)} open Machine Learning Tech Lead jobs, newest first."
                if site.open
                else "No open jobs right now; new listings appear here first.",
                breadcrumbs=(HOME, JOBS),
                kind="jobs",
                context=_frozen(pagination=pagination, open_count=len(site.open)),
            )
        )
    return tuple(pages)


def job_page(site: Site, listing: Listing) -> Page:
    meta = listing.job.meta
    role = site.content.roles[meta.role]
    closed = not listing.is_open
    description = f"{meta.title} at {meta.company.name}"
    description += f", {listing.location_label}." if listing.location_label else "."
    if closed:
        description = f"Closed: {description} This position is no longer open."
    return Page(
        url=listing.url,
        template="job.html",
        title=meta.title + (" (closed)" if closed else ""),
        description=description,
        source=listing.job.source,
        indexable=listing.is_open and not listing.is_draft,
        breadcrumbs=(HOME, JOBS, Crumb(meta.title, listing.url)),
        kind="job",
        context=_frozen(
            listing=listing,
            job=meta,
            role=role,
            similar=similar(listing, site.open),
            closed=closed,
        ),
    )


def free_pages(site: Site) -> tuple[Page, ...]:
    return tuple(
        Page(
            url=f"{page.slug}/",
            template="page.html",
            title=page.meta.title,
            description=page.meta.description,
            source=page.source,
            breadcrumbs=(HOME, Crumb(page.meta.title, f"{page.slug}/")),
            kind="page",
            indexable=not page.meta.draft,
            context=_frozen(page_meta=page.meta, body=page.html),
        )
        for page in sorted(site.content.pages, key=lambda p: p.slug)
        if site.drafts or not page.meta.draft
    )


def not_found_page(site: Site) -> Page:
    return Page(
        url="404.html",
        template="404.html",
        title="Page not found",
        description="This page does not exist or has moved.",
        indexable=False,
        kind="404",
        context=_frozen(latest=site.open[:3]),
    )


def _frozen(**values: Any) -> Mapping[str, Any]:
    return MappingProxyType(values)
