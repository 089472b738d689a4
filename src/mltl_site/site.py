"""The graph of pages: content and a build date in, a tuple of ``Page`` values out.

Nothing here reads files or renders; each ``Page`` carries everything its template
needs, including its structured data, so rendering a page is a pure function of it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from types import MappingProxyType
from typing import Any, Generic, TypeVar

from . import seo
from .content import Content, Role
from .facets import DIMENSIONS, Facet, build_facets, facet_values
from .feeds import Feed
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
    feed: Feed | None = None
    structured_data: tuple[Mapping[str, Any], ...] = ()
    lastmod: dt.date | None = None


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

    def abs_url(self, path: str) -> str:
        return self.base_url + path.removeprefix("/")

    @cached_property
    def listings(self) -> tuple[Listing, ...]:
        """Every listing with its status, newest first."""
        return classify(self.content.jobs, self.build_date, self.drafts)

    @cached_property
    def open(self) -> tuple[Listing, ...]:
        """Open listings, newest first: what lists, feeds and exports show."""
        return open_listings(self.listings)

    @cached_property
    def facets(self) -> Mapping[str, tuple[Facet, ...]]:
        """Facets of the open listings, by dimension."""
        return MappingProxyType(build_facets(self.open, self.content.roles))

    @cached_property
    def facet_urls(self) -> Mapping[tuple[str, str], str]:
        """``(dimension, slug)`` → facet page, for linking only to facets that exist."""
        return MappingProxyType(
            {(f.dimension, f.slug): f.url for facets in self.facets.values() for f in facets}
        )

    @cached_property
    def all_jobs_feed(self) -> Feed:
        return Feed(
            "jobs/",
            "Open jobs",
            f"Open jobs on {self.content.config.title}, newest first.",
            self.open[: self.content.config.feed_entries],
        )

    def feed_for(self, facet: Facet) -> Feed:
        newest = facet.listings[: self.content.config.feed_entries]
        return Feed(facet.url, facet.title, f"{facet.title}, newest first.", newest)

    @cached_property
    def feeds(self) -> tuple[Feed, ...]:
        """Every feed: all open listings, then one per facet."""
        facet_feeds = (self.feed_for(f) for facets in self.facets.values() for f in facets)
        return (self.all_jobs_feed, *facet_feeds)

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
DIMENSION_PLURALS = {
    "workplace": "Workplaces",
    "country": "Countries",
    "city": "Cities",
    "seniority": "Seniority levels",
    "skill": "Skills",
    "company": "Companies",
    "role": "Roles",
}


def build_pages(site: Site) -> tuple[Page, ...]:
    """Every page of the site, in a fixed order, each with its structured data."""
    pages = (
        home_page(site),
        roles_index(site),
        *(role_page(site, role) for role in _roles(site)),
        *jobs_index(site),
        *browse_pages(site),
        *facet_pages(site),
        *(job_page(site, listing) for listing in published(site.listings)),
        *free_pages(site),
        not_found_page(site),
    )
    return tuple(_with_breadcrumb_data(site, page) for page in pages)


def _with_breadcrumb_data(site: Site, page: Page) -> Page:
    crumbs = page.breadcrumbs or (HOME,)
    trail = seo.breadcrumb_list(((c.title, c.url) for c in crumbs), site.abs_url)
    return _replace(page, structured_data=(*page.structured_data, trail))


def _replace(page: Page, **changes: Any) -> Page:
    values = {name: getattr(page, name) for name in page.__dataclass_fields__}
    values.update(changes)
    return Page(**values)


def _roles(site: Site) -> list[Role]:
    return sorted(site.content.roles.values(), key=lambda r: r.meta.title.casefold())


def _newest(listings: Iterable[Listing], *also: dt.date | None) -> dt.date | None:
    """When a list last changed: its newest posting, or a content ``updated`` date."""
    dates = [item.job.meta.date_posted for item in listings] + [d for d in also if d]
    return max(dates, default=None)


def home_page(site: Site) -> Page:
    home = site.content.home
    role = site.content.roles[home.meta.role]
    website = {
        "@context": "https://schema.org/",
        "@type": "WebSite",
        "name": site.content.config.title,
        "url": site.abs_url(""),
        "description": site.content.config.description,
    }
    return Page(
        url="",
        template="home.html",
        title=home.meta.title,
        description=home.meta.description,
        source=home.source,
        kind="home",
        feed=site.all_jobs_feed,
        structured_data=(website,),
        lastmod=_newest(site.open),
        context=_frozen(
            home=home,
            intro=home.intro_html,
            latest=site.open[: home.meta.listings],
            open_count=len(site.open),
            role=role,
            role_jobs_url=site.facet_urls.get(("role", role.slug), "jobs/"),
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
        lastmod=max((d for r in roles if (d := r.meta.updated)), default=None),
        context=_frozen(
            roles=tuple(
                (role, len(site.open_for_role(role.slug)), _role_jobs_url(site, role))
                for role in roles
            ),
        ),
    )


def _role_jobs_url(site: Site, role: Role) -> str:
    return site.facet_urls.get(("role", role.slug), "jobs/")


def role_page(site: Site, role: Role) -> Page:
    listings = site.open_for_role(role.slug)
    facet = next((f for f in site.facets["role"] if f.slug == role.slug), None)
    return Page(
        url=f"roles/{role.slug}/",
        template="role.html",
        title=f"{role.meta.title}: role guide",
        description=role.meta.summary,
        source=role.source,
        breadcrumbs=(
            HOME,
            ROLES,
            Crumb(role.meta.short_title or role.meta.title, f"roles/{role.slug}/"),
        ),
        kind="role",
        feed=site.feed_for(facet) if facet else None,
        structured_data=(seo.occupation(role, site.abs_url),),
        lastmod=role.meta.updated,
        context=_frozen(
            role=role,
            sections=guide_sections(role, site.content.roles),
            listings=listings[:5],
            open_count=len(listings),
            jobs_url=_role_jobs_url(site, role),
        ),
    )


def _browse(site: Site) -> tuple[tuple[str, str, tuple[Facet, ...]], ...]:
    """``(dimension, heading, facets)`` for every dimension that has facets."""
    return tuple(
        (name, heading, site.facets[name]) for name, heading in DIMENSIONS if site.facets[name]
    )


def _filter_options(site: Site) -> Mapping[str, Any]:
    """The choices the jobs page filters offer, taken from the open listings."""
    currencies: dict[str, int] = {}
    for listing in site.open:
        if listing.job.meta.salary is not None:
            code = listing.job.meta.salary.currency
            currencies[code] = currencies.get(code, 0) + 1
    return _frozen(
        workplaces=site.facets["workplace"],
        countries=site.facets["country"],
        cities=site.facets["city"],
        seniorities=site.facets["seniority"],
        skills=tuple(sorted(site.facets["skill"], key=lambda f: f.label.casefold())),
        currencies=tuple(sorted(currencies, key=lambda c: (-currencies[c], c))),
    )


def _list_pages(
    site: Site,
    listings: tuple[Listing, ...],
    *,
    first_url: str,
    title: str,
    description: str,
    crumbs: tuple[Crumb, ...],
    kind: str,
    feed: Feed,
    facet: Facet | None,
) -> tuple[Page, ...]:
    """A paginated list of listings drawn by jobs.html: the jobs index or a facet."""
    pages = []
    for pagination in paginate(listings, site.content.config.jobs_per_page, first_url):
        number = pagination.number
        suffix = f" (page {number} of {pagination.total})" if number > 1 else ""
        pages.append(
            Page(
                url=pagination.url,
                template="jobs.html",
                title=title + suffix,
                description=description,
                breadcrumbs=crumbs,
                kind=kind,
                feed=feed,
                lastmod=_newest(listings),
                context=_frozen(
                    pagination=pagination,
                    open_count=len(listings),
                    facet=facet,
                    browse=_browse(site),
                    # The script filters the whole board, so only the index offers it.
                    filters=_filter_options(site) if facet is None else None,
                ),
            )
        )
    return tuple(pages)


def _jobs(count: int) -> str:
    return f"{count} open job{'s' if count != 1 else ''}"


def jobs_index(site: Site) -> tuple[Page, ...]:
    count = len(site.open)
    return _list_pages(
        site,
        site.open,
        first_url="jobs/",
        title="Open jobs",
        description=f"{_jobs(count)} on {site.content.config.title}, newest first."
        if count
        else "No open jobs right now; new listings appear here first.",
        crumbs=(HOME, JOBS),
        kind="jobs",
        feed=site.all_jobs_feed,
        facet=None,
    )


def browse_pages(site: Site) -> tuple[Page, ...]:
    """One page per dimension listing its values, e.g. ``jobs/skill/``."""
    return tuple(
        Page(
            url=f"jobs/{name}/",
            template="browse.html",
            title=f"Jobs by {heading.lower()}",
            description=f"Open jobs grouped by {heading.lower()}, with how many there are.",
            breadcrumbs=(HOME, JOBS, Crumb(DIMENSION_PLURALS[name], f"jobs/{name}/")),
            kind="browse",
            lastmod=_newest(site.open),
            context=_frozen(dimension=name, heading=heading, facets=facets, browse=_browse(site)),
        )
        for name, heading, facets in _browse(site)
    )


def facet_pages(site: Site) -> tuple[Page, ...]:
    pages: list[Page] = []
    for name, _heading, facets in _browse(site):
        for facet in facets:
            pages += _list_pages(
                site,
                facet.listings,
                first_url=facet.url,
                title=facet.title,
                description=f"{_jobs(facet.count)}: {facet.title.lower()}, newest first.",
                crumbs=(
                    HOME,
                    JOBS,
                    Crumb(DIMENSION_PLURALS[name], f"jobs/{name}/"),
                    Crumb(facet.label, facet.url),
                ),
                kind="facet",
                feed=site.feed_for(facet),
                facet=facet,
            )
    return tuple(pages)


def job_page(site: Site, listing: Listing) -> Page:
    meta = listing.job.meta
    role = site.content.roles[meta.role]
    closed = not listing.is_open
    indexable = listing.is_open and not listing.is_draft
    description = f"{meta.title} at {meta.company.name}"
    description += f", {listing.location_label}." if listing.location_label else "."
    if closed:
        description = f"Closed: {description} This position is no longer open."
    links = site.facet_urls
    values = facet_values(listing, site.content.roles)
    return Page(
        url=listing.url,
        template="job.html",
        title=meta.title + (" (closed)" if closed else ""),
        description=description,
        source=listing.job.source,
        indexable=indexable,
        breadcrumbs=(HOME, JOBS, Crumb(meta.title, listing.url)),
        kind="job",
        structured_data=(seo.job_posting(listing, site.abs_url),) if indexable else (),
        lastmod=meta.date_posted,
        context=_frozen(
            listing=listing,
            job=meta,
            role=role,
            similar=similar(listing, site.open),
            closed=closed,
            skill_links=tuple(
                (skill, links.get(("skill", slug)))
                for skill, (slug, _) in zip(meta.skills, values["skill"], strict=True)
            ),
            company_url=links.get(("company", values["company"][0][0])),
            role_jobs_url=_role_jobs_url(site, role),
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
            lastmod=page.meta.updated,
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
        breadcrumbs=(HOME, Crumb("Page not found", "404.html")),
        kind="404",
        context=_frozen(latest=site.open[:3]),
    )


def _frozen(**values: Any) -> Mapping[str, Any]:
    return MappingProxyType(values)
