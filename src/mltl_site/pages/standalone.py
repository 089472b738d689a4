"""Pages that stand alone: free pages, search, 404 and Post a job."""

from __future__ import annotations

from .. import search, urls
from ..formatting import long_date
from ..intake import post_a_job_url
from ..markdown import Prose
from ..site import Site
from ..views import (
    EVERY_PAGE,
    Card,
    Crumb,
    FreePageView,
    NotFoundView,
    Page,
    PostJobView,
    SearchFilter,
    SearchSort,
    SearchView,
)
from .common import HOME, AnyPage, head


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


def search_page(site: Site, shards: int) -> AnyPage:
    """``search/``: the form, and results from the Pagefind index (in ``shards``) by search.js."""
    currencies = site.filter_options.currencies
    view = SearchView(
        heading="Search",
        lead="Search the open jobs, the role guides and every page of the site.",
        jobs_url=urls.JOBS,
        bundle_url=search.FOLDER,
        shards=shards,
        every_page=EVERY_PAGE,
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
