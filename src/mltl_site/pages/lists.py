"""Paginated lists of listings (the jobs index and facets) and the browse pages."""

from __future__ import annotations

from collections.abc import Sequence

from .. import urls
from ..facets import Facet
from ..listings import Listing
from ..outputs.feeds import Feed
from ..site import Site
from ..social import page_card
from ..views import (
    BrowseView,
    Crumb,
    ListView,
    Page,
    PageNumber,
    Pagination,
)
from ..vocab import DIMENSION, DIMENSIONS
from .common import HOME, JOBS, AnyPage, feed_link, head, jobs_label, plural


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
        more = f"These are the newest {shown} of {jobs_label(len(listings))}."
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
            # The full box leads a list; deeper pages carry one link per dimension, which
            # keeps them small (most of a big board's pages are deep pages of facets).
            browse=site.browse_nav if number == 1 else site.browse_links,
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
        description=f"{jobs_label(count)} on {title}, newest first."
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
            lead=f"{plural(count, heading + ' value')} with open jobs.",
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
                lead=f"{jobs_label(facet.count)}, newest first.",
                description=f"{jobs_label(facet.count)}: {facet.title.lower()}, newest first.",
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
