"""The graph of pages: a ``Site`` in, a tuple of ``Page`` values out; pure, no I/O.

Each page carries its head (metadata, navigation, structured data) and the typed
view its template draws, so rendering a page is a function of the page alone.
Whatever a list needs is worked out once per list, not once per page of it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any
from urllib.parse import quote

from . import search, seo, urls
from .content import Role
from .facets import Facet
from .formatting import label, long_date, money_range, per_period
from .guide import guide_sections, salary_view
from .intake import post_a_job_url
from .listings import Listing, published
from .markdown import Prose
from .outputs.feeds import Feed
from .site import Site, digest_of, skill_links
from .social import listing_card, page_card
from .summaries import glance
from .urls import slugify
from .views import (
    BrowseView,
    Card,
    Crumb,
    FeedLink,
    FreePageView,
    Head,
    HomeView,
    JobView,
    ListView,
    NavItem,
    NotFoundView,
    Page,
    PageNumber,
    Pagination,
    PostJobView,
    RoleCard,
    RolesView,
    RoleView,
    SalariesView,
    SearchFilter,
    SearchSort,
    SearchView,
    SectionLink,
    SkillLink,
)
from .vocab import DIMENSION, DIMENSIONS

AnyPage = Page[Any]
HOME = Crumb("Home", urls.HOME)
JOBS = Crumb("Jobs", urls.JOBS)
ROLES = Crumb("Roles", urls.ROLES)


def build_pages(site: Site) -> tuple[AnyPage, ...]:
    """Every page of the site, in a fixed order."""
    labels = search.facet_labels(site)
    return (
        home_page(site),
        roles_index(site),
        *(role_page(site, role) for role in site.roles_sorted),
        salaries_page(site),
        *jobs_index(site),
        *browse_pages(site),
        *facet_pages(site),
        *(job_page(site, listing, labels) for listing in published(site.listings)),
        *free_pages(site),
        *post_job_pages(site),
        *((search_page(site),) if site.content.config.search else ()),
        not_found_page(site),
    )


def head(site: Site, url: str, title: str, description: str, kind: str, **more: Any) -> Head:
    """A page's head, with its navigation and breadcrumb structured data filled in."""
    crumbs: tuple[Crumb, ...] = more.pop("breadcrumbs", ()) or (HOME,)
    if "social" not in more:
        more["social"] = page_card(site, title, site.content.config.title)
    data = (
        *more.pop("structured_data", ()),
        seo.breadcrumb_list(((c.title, c.url) for c in crumbs), site.abs_url),
    )
    return Head(
        url=url,
        title=title,
        description=description,
        kind=kind,
        breadcrumbs=crumbs,
        nav=_nav(site, url),
        structured_data=data,
        post_a_job=urls.POST_A_JOB if site.content.config.repository else None,
        search_url=urls.SEARCH if site.content.config.search else None,
        **(more if site.content.config.search else {**more, "search": None}),
    )


def _nav(site: Site, page_url: str) -> tuple[NavItem, ...]:
    items = []
    for link in site.content.config.navigation:
        internal = not link.url.startswith(("http://", "https://", "mailto:"))
        target = link.url.removeprefix("/") if internal else link.url
        bare = target.split("#", 1)[0]
        current = (
            internal
            and "#" not in target
            and (page_url == bare or (bare != "" and page_url.startswith(bare)))
        )
        items.append(NavItem(link.label, target, current))
    return tuple(items)


def feed_link(feed: Feed | None) -> FeedLink | None:
    if feed is None:
        return None
    return FeedLink(feed.title, feed.atom_url, feed.json_url)


def plural(count: int, word: str, words: str | None = None) -> str:
    return f"{count} {word if count == 1 else words or word + 's'}"


def home_page(site: Site) -> AnyPage:
    home = site.content.home
    role = site.content.roles[home.meta.role]
    short = role.meta.short_title or role.meta.title
    count = len(site.open)
    website = {
        "@context": "https://schema.org/",
        "@type": "WebSite",
        "name": site.content.config.title,
        "url": site.abs_url(""),
        "description": site.content.config.description,
    }
    salary = role.salary
    assert home.body is not None
    sections = _section_links(site, role)
    salary_range = (
        money_range(salary.national.min, salary.national.max, salary.currency) if salary else None
    )
    companies = len({item.job.meta.company.name for item in site.open})
    stats = (
        (str(count), "open " + ("job" if count == 1 else "jobs")),
        (str(companies), "hiring " + ("company" if companies == 1 else "companies")),
        (str(len(sections)), "guide sections"),
    )
    view = HomeView(
        eyebrow=site.content.config.tagline or site.content.config.title,
        lead=home.meta.lead,
        intro=home.body,
        intro_title=f"The {short} role at a glance",
        latest=site.cards_of(site.open[: home.meta.listings]),
        open_count=count,
        stats=stats,
        jobs_button=f"Browse {plural(count, 'open job')}",
        jobs_url=urls.JOBS,
        all_jobs_label=f"All {plural(count, 'job')} →",
        guide_title=f"Inside the {short} guide",
        guide_button=f"Read the {short} guide",
        guide_url=urls.role(role.slug),
        guide_summary=role.meta.summary,
        sections=sections,
        salary_label=f"Typical {salary.market} salary ({salary.year})" if salary else None,
        salary_range=salary_range,
        salary_chart=salary_view(salary).national_chart if salary else None,
        salaries_url=urls.SALARIES,
    )
    detail = f"Typical {salary.market} pay {salary_range}" if salary else None
    return Page(
        head(
            site,
            urls.HOME,
            home.meta.title,
            home.meta.description,
            "home",
            social=page_card(site, home.meta.title, site.content.config.title, detail),
            source=home.source,
            feed=feed_link(site.all_jobs_feed),
            structured_data=(website,),
            lastmod=site.newest_posting,
        ),
        "home.html",
        view,
    )


def _section_links(site: Site, role: Role) -> tuple[SectionLink, ...]:
    return tuple(SectionLink(s.anchor, s.title) for s in guide_sections(role, site.content.roles))


def roles_index(site: Site) -> AnyPage:
    roles = site.roles_sorted
    cards = []
    for role in roles:
        count = len(site.open_by_role.get(role.slug, ()))
        salary = role.salary
        cards.append(
            RoleCard(
                title=role.meta.title,
                url=urls.role(role.slug),
                summary=role.meta.summary,
                jobs_label=plural(count, "open job"),
                jobs_url=site.role_jobs_url(role),
                salary=f"typical {salary.market} range "
                + money_range(salary.national.min, salary.national.max, salary.currency)
                if salary
                else None,
            )
        )
    description = (
        f"Career guides for {plural(len(roles), 'role')}: "
        "responsibilities, skills, career path, salaries and trends."
    )
    return Page(
        head(
            site,
            urls.ROLES,
            "Role guides",
            description,
            "roles",
            breadcrumbs=(HOME, ROLES),
            lastmod=max((d for r in roles if (d := r.meta.updated)), default=None),
        ),
        "roles.html",
        RolesView(tuple(cards)),
    )


def role_page(site: Site, role: Role) -> AnyPage:
    listings = site.open_by_role.get(role.slug, ())
    facet = next((f for f in site.paged_facets["role"] if f.slug == role.slug), None)
    short = role.meta.short_title or role.meta.title
    sections = guide_sections(role, site.content.roles)
    cards = site.cards_of(listings[:5])
    count = len(listings)
    view = RoleView(
        digest=digest_of(role.digest, *sorted(site.content.roles), *(c.digest for c in cards)),
        title=role.meta.title,
        summary=role.meta.summary,
        jobs_button=f"{count} open {short} job{'' if count == 1 else 's'}",
        jobs_url=site.role_jobs_url(role),
        jobs_heading=f"Open {short} jobs",
        all_jobs_label=f"See all {count} open {short} jobs →",
        salary_anchor=next((s.anchor for s in sections if s.kind == "salary"), None),
        sections=sections,
        listings=cards,
        glance=glance(site, role, sections),
    )
    salary = role.salary
    detail = None
    if salary is not None:
        figures = money_range(salary.national.min, salary.national.max, salary.currency)
        detail = f"Typical {salary.market} pay {figures} {per_period(salary.period)}"
    return Page(
        head(
            site,
            urls.role(role.slug),
            f"{role.meta.title}: role guide",
            role.meta.summary,
            "role",
            social=page_card(site, role.meta.title, "Role guide", detail),
            source=role.source,
            og_type="article",
            breadcrumbs=(HOME, ROLES, Crumb(short, urls.role(role.slug))),
            feed=feed_link(site.feed_for(facet)) if facet else None,
            structured_data=(seo.occupation(role, site.abs_url),),
            lastmod=role.meta.updated,
            search=search.role_tags(role),
        ),
        "role.html",
        view,
    )


def paginate(total_items: int, per_page: int, first_url: str) -> tuple[Pagination, ...]:
    """The pages of a list of ``total_items``; one page if it is empty."""
    total = max(1, -(-total_items // per_page))
    return tuple(
        Pagination(
            number=n,
            total=total,
            url=urls.list_page(first_url, n),
            prev_url=urls.list_page(first_url, n - 1) if n > 1 else None,
            next_url=urls.list_page(first_url, n + 1) if n < total else None,
            window=page_window(n, total, first_url),
        )
        for n in range(1, total + 1)
    )


def page_window(number: int, total: int, first_url: str, span: int = 2) -> tuple[PageNumber, ...]:
    """First, last, and ``span`` either side of the current page, with gaps between."""
    keep = sorted({1, total, *range(max(1, number - span), min(total, number + span) + 1)})
    out: list[PageNumber] = []
    last = 0
    for n in keep:
        if last and n - last > 1:
            out.append(PageNumber(0, None, False))
        out.append(PageNumber(n, urls.list_page(first_url, n), n == number))
        last = n
    return tuple(out)


def _list_pages(
    site: Site,
    listings: Sequence[Listing],
    *,
    first_url: str,
    title: str,
    lead: str,
    description: str,
    crumbs: tuple[Crumb, ...],
    kind: str,
    feed: Feed | None,
    facet: Facet | None,
) -> tuple[AnyPage, ...]:
    """A paginated list of listings drawn by jobs.html: the jobs index or a facet."""
    config = site.content.config
    per_page = config.jobs_per_page
    newest = max((item.job.meta.date_posted for item in listings), default=None)
    shown = len(listings)
    more = more_url = None
    if facet is not None and shown > per_page * config.facet_max_pages:
        # Deep pages of a facet repeat the index; its newest pages link to the rest.
        shown = per_page * config.facet_max_pages
        more = f"These are the newest {shown} of {_jobs(len(listings))}."
        more_url = site.filtered_url(facet)
    count_label = plural(len(listings), "open position")
    card = page_card(site, title, config.title, count_label if facet is None else None)
    pages = []
    for pagination in paginate(shown, per_page, first_url):
        number = pagination.number
        chunk = tuple(listings[(number - 1) * per_page : number * per_page])
        suffix = f" (page {number} of {pagination.total})" if number > 1 else ""
        last = number == pagination.total
        view = ListView(
            heading=title + suffix,
            lead=lead,
            count_label=count_label,
            all_jobs_url=urls.JOBS if facet is not None else None,
            cards=site.cards_of(chunk),
            empty="Nothing here yet. New listings appear on this page first.",
            pagination=pagination,
            browse=site.browse_nav,
            # The script filters the whole board, so only the index offers it.
            filters=site.filter_options if facet is None else None,
            # The pay summary leads the index's first page only: it is the same on every page.
            pay=site.pay_summary
            if facet is None and number == 1 and site.pay_summary.spreads
            else None,
            more=more if last else None,
            more_url=more_url if last else None,
        )
        pages.append(
            Page(
                head(
                    site,
                    pagination.url,
                    title + suffix,
                    description,
                    kind,
                    breadcrumbs=crumbs,
                    feed=feed_link(feed),
                    lastmod=newest,
                    social=card,
                ),
                "jobs.html",
                view,
            )
        )
    return tuple(pages)


def _jobs(count: int) -> str:
    return plural(count, "open job")


def jobs_index(site: Site) -> tuple[AnyPage, ...]:
    count = len(site.open)
    title = site.content.config.title
    return _list_pages(
        site,
        site.open,
        first_url=urls.JOBS,
        title="Open jobs",
        lead="Every open listing on the board, newest first."
        if count
        else "No open positions right now.",
        description=f"{_jobs(count)} on {title}, newest first."
        if count
        else "No open jobs right now; new listings appear here first.",
        crumbs=(HOME, JOBS),
        kind="jobs",
        feed=site.all_jobs_feed,
        facet=None,
    )


def browse_pages(site: Site) -> tuple[AnyPage, ...]:
    """One page per dimension listing all its values, e.g. ``jobs/skill/``."""
    pages = []
    dimensions = [d for d in DIMENSIONS if site.facets[d.name]]
    for dimension in dimensions:
        facets = site.facets[dimension.name]
        heading = dimension.heading.lower()
        count = len(facets)
        view = BrowseView(
            heading=f"Jobs by {heading}",
            lead=f"{count} {heading} value{'' if count == 1 else 's'} with open jobs.",
            values=tuple(site.facet_link(f) for f in facets),
            others=tuple(
                (d.heading, urls.browse(d.name)) for d in dimensions if d.name != dimension.name
            ),
        )
        url = urls.browse(dimension.name)
        pages.append(
            Page(
                head(
                    site,
                    url,
                    f"Jobs by {heading}",
                    f"Open jobs grouped by {heading}, with how many there are.",
                    "browse",
                    breadcrumbs=(HOME, JOBS, Crumb(dimension.plural, url)),
                    lastmod=site.newest_posting,
                ),
                "browse.html",
                view,
            )
        )
    return tuple(pages)


def facet_pages(site: Site) -> tuple[AnyPage, ...]:
    """The list pages of every facet with enough open listings to deserve one."""
    pages: list[AnyPage] = []
    for name, facets in site.paged_facets.items():
        dimension = DIMENSION[name]
        for facet in facets:
            pages += _list_pages(
                site,
                facet.listings,
                first_url=facet.url,
                title=facet.title,
                lead=f"{_jobs(facet.count)}, newest first.",
                description=f"{_jobs(facet.count)}: {facet.title.lower()}, newest first.",
                crumbs=(
                    HOME,
                    JOBS,
                    Crumb(dimension.plural, urls.browse(name)),
                    Crumb(facet.label, facet.url),
                ),
                kind="facet",
                feed=site.feed_for(facet),
                facet=facet,
            )
    return tuple(pages)


def job_page(
    site: Site, listing: Listing, labels: Mapping[tuple[str, str], str] | None = None
) -> AnyPage:
    """A listing's page; ``labels`` (the facets' spellings) is worked out once per build."""
    meta = listing.job.meta
    role = site.content.roles[meta.role]
    closed = not listing.is_open
    indexable = listing.is_open and not listing.is_draft
    description = f"{meta.title} at {meta.company.name}"
    description += f", {listing.location_label}." if listing.location_label else "."
    if closed:
        description = f"Closed: {description} This position is no longer open."
    similar = site.cards_of(site.similar_index.similar(listing))
    short = role.meta.short_title or role.meta.title
    site_label = meta.company.url.removeprefix("https://").removeprefix("http://").strip("/")
    email = meta.apply.email
    body = listing.job.body
    assert body is not None
    view = JobView(
        title=meta.title,
        company=meta.company.name,
        mark=site.mark_of(meta.company.name),
        company_site=meta.company.url,
        company_site_label=site_label,
        company_jobs_url=site.link_for("company", slugify(meta.company.name)),
        facts=(label(meta.workplace), label(meta.employment_type), label(meta.seniority)),
        is_new=listing.is_new,
        places=listing.places,
        remote=listing.remote_label,
        salary=listing.salary_label,
        posted_date=long_date(meta.date_posted),
        posted_iso=meta.date_posted.isoformat(),
        posted_ago=listing.posted_label.removeprefix("Posted ").lower(),
        deadline_label="Closed" if closed else "Apply by",
        deadline_date=long_date(meta.valid_through),
        deadline_iso=meta.valid_through.isoformat(),
        reference=listing.slug,
        apply_url=meta.apply.url,
        apply_email=email,
        apply_mailto=f"mailto:{email}?subject={quote(meta.title)}" if email else None,
        apply_label=f"Apply at {meta.company.name}" if meta.apply.url else "Apply by email",
        description=body,
        skills=tuple(SkillLink(s, u) for s, u in skill_links(site, listing)),
        closed=closed,
        closed_notice=f"{meta.company.name} stopped taking applications on "
        f"{long_date(meta.valid_through)}."
        if closed
        else None,
        example=meta.example,
        draft=listing.is_draft,
        role_title=short,
        role_summary=role.meta.summary,
        role_url=urls.role(role.slug),
        role_jobs_url=site.role_jobs_url(role),
        guide_salary=_guide_salary(role, listing),
        similar_heading="Similar open roles" if closed else "More jobs like this",
        similar=similar,
    )
    return Page(
        head(
            site,
            listing.url,
            meta.title + (" (closed)" if closed else ""),
            description,
            "job",
            source=listing.job.source,
            indexable=indexable,
            og_type="article",
            social=listing_card(site, listing),
            breadcrumbs=(HOME, JOBS, Crumb(meta.title, listing.url)),
            structured_data=(seo.job_posting(listing, site.abs_url, site.base_path),)
            if indexable
            else (),
            lastmod=meta.date_posted,
            search=search.listing_tags(
                listing, site.content.roles, search.facet_labels(site) if labels is None else labels
            )
            if indexable
            else None,
        ),
        "job.html",
        view,
    )


def _guide_salary(role: Role, listing: Listing) -> str | None:
    """The guide's range, only where it describes the listing's market and currency."""
    salary = role.salary
    meta = listing.job.meta
    if salary is None or meta.salary is None or meta.salary.currency != salary.currency:
        return None
    countries = {loc.country for loc in meta.locations} | set(meta.remote_from)
    if salary.market not in countries:
        return None
    figures = money_range(salary.national.min, salary.national.max, salary.currency)
    return f"Typical {salary.market} range in {salary.year}: {figures} {per_period(salary.period)}."


def salaries_page(site: Site) -> AnyPage:
    """What open listings pay, per currency and per year, beside the featured guide's ranges."""
    role = site.featured_role
    short = role.meta.short_title or role.meta.title
    unpaid = site.pay_summary.unpaid
    salary = role.salary
    view = SalariesView(
        heading=f"{short} salaries",
        lead="What open listings on this board pay, per year and in their own currency, "
        "beside the guide's ranges. Pay is compared only within one currency, never converted.",
        spreads=site.spreads,
        unpaid=f"{plural(unpaid, 'open listing')} without a stated salary "
        f"{'is' if unpaid == 1 else 'are'} left out."
        if unpaid
        else None,
        guide=salary_view(salary) if salary else None,
        guide_title=f"The guide's {salary.market} ranges ({salary.year})" if salary else None,
        guide_url=urls.role(role.slug),
        jobs_url=urls.JOBS,
    )
    detail = None
    if salary is not None:
        figures = money_range(salary.national.min, salary.national.max, salary.currency)
        detail = f"Typical {salary.market} pay {figures} {per_period(salary.period)}"
    crumb = Crumb("Salaries", urls.SALARIES)
    return Page(
        head(
            site,
            urls.SALARIES,
            view.heading,
            f"{short} pay: open listings by seniority and currency, and the guide's ranges "
            "by location, experience and industry.",
            "salaries",
            breadcrumbs=(HOME, crumb),
            social=page_card(site, view.heading, site.content.config.title, detail),
            lastmod=site.newest_posting,
        ),
        "salaries.html",
        view,
    )


def free_pages(site: Site) -> tuple[AnyPage, ...]:
    pages = []
    for page in sorted(site.content.pages, key=lambda p: p.slug):
        if page.meta.draft and not site.drafts:
            continue
        url = urls.free_page(page.slug)
        body: Prose | None = page.body
        assert body is not None
        pages.append(
            Page(
                head(
                    site,
                    url,
                    page.meta.title,
                    page.meta.description,
                    "page",
                    source=page.source,
                    breadcrumbs=(HOME, Crumb(page.meta.title, url)),
                    indexable=not page.meta.draft,
                    lastmod=page.meta.updated,
                    search=None if page.meta.draft else search.page_tags(page),
                ),
                "page.html",
                FreePageView(
                    body,
                    page.meta.draft,
                    page.meta.updated.isoformat() if page.meta.updated else None,
                    long_date(page.meta.updated) if page.meta.updated else None,
                ),
            )
        )
    return tuple(pages)


def search_page(site: Site) -> AnyPage:
    """``search/``: the form, and results from the Pagefind index drawn by search.js."""
    currencies = site.filter_options.currencies
    view = SearchView(
        heading="Search",
        lead="Search the open jobs, the role guides and every page of the site.",
        jobs_url=urls.JOBS,
        bundle_url=search.FOLDER,
        filters=tuple(SearchFilter(key, heading) for key, heading in search.FILTERS),
        sorts=(
            SearchSort("", "Best match", ""),
            SearchSort("posted", "Newest jobs first", "Jobs only, newest first."),
            *(
                SearchSort(
                    search.pay_sort(c),
                    f"Highest pay in {c} first",
                    f"Only jobs with pay in {c}, highest yearly pay first; pay is never converted.",
                )
                for c in currencies
            ),
        ),
        browse=site.browse_nav,
    )
    return Page(
        head(
            site,
            urls.SEARCH,
            "Search",
            f"Search {site.content.config.title}: open jobs, role guides and pages.",
            "search",
            # Result pages are for visitors, not for search engines.
            indexable=False,
            breadcrumbs=(HOME, Crumb("Search", urls.SEARCH)),
        ),
        "search.html",
        view,
    )


def not_found_page(site: Site) -> AnyPage:
    cards: tuple[Card, ...] = site.cards_of(site.open[:3])
    return Page(
        head(
            site,
            urls.NOT_FOUND,
            "Page not found",
            "This page does not exist or has moved.",
            "404",
            indexable=False,
            breadcrumbs=(HOME, Crumb("Page not found", urls.NOT_FOUND)),
        ),
        "404.html",
        NotFoundView(cards),
    )


def post_job_pages(site: Site) -> tuple[AnyPage, ...]:
    """The "Post a job" page, when site.yaml names the repository whose form it links to."""
    config = site.content.config
    form = post_a_job_url(config)
    if form is None or config.repository is None:
        return ()
    view = PostJobView(form, config.repository, config.title)
    return (
        Page(
            head(
                site,
                urls.POST_A_JOB,
                "Post a job",
                f"How to post a job on {config.title}: a short form, a review, then it is live.",
                "page",
                breadcrumbs=(HOME, Crumb("Post a job", urls.POST_A_JOB)),
            ),
            "post-a-job.html",
            view,
        ),
    )
