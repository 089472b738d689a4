"""The graph of pages: a ``Site`` in, a tuple of ``Page`` values out; pure, no I/O.

Each page carries its head (metadata, navigation, structured data) and the typed
view its template draws, so rendering a page is a function of the page alone.
Whatever a list needs is worked out once per list, not once per page of it.
A build lays out listing pages with their views ``Later``: the heads are all the
rest of the build reads, and the views are made where pages are keyed.
"""

from __future__ import annotations

from .. import search
from ..listings import published
from ..site import Site
from .common import AnyPage
from .guide import home_page, role_page, roles_index, salaries_page
from .job import job_page
from .lists import browse_pages, facet_pages, jobs_index, page_window, paginate
from .standalone import free_pages, not_found_page, post_job_pages, search_page

__all__ = ["AnyPage", "build_pages", "job_page", "lay_out", "page_window", "paginate"]


def build_pages(site: Site) -> tuple[AnyPage, ...]:
    """Every page of the site, in a fixed order, each with its view."""
    return tuple(page.ready() for page in lay_out(site))


def lay_out(site: Site) -> tuple[AnyPage, ...]:
    """Every page of the site, in a fixed order; listing pages' views are ``Later``."""
    labels = search.facet_labels(site)
    # What the views share, made here once: worker processes inherit it, not remake it.
    site.similar_index  # noqa: B018 - a cached property, read for its effect
    pages = (
        home_page(site),
        roles_index(site),
        *(role_page(site, role) for role in site.roles_sorted),
        salaries_page(site),
        *jobs_index(site),
        *browse_pages(site),
        *facet_pages(site),
        *(job_page(site, listing, labels, later=True) for listing in published(site.listings)),
        *free_pages(site),
        *post_job_pages(site),
    )
    if not site.content.config.search:
        return (*pages, not_found_page(site))
    # The search page names the index's shards, so it comes after every page indexed.
    shards = search.shard_count(search.searchable(pages))
    return (*pages, search_page(site, shards), not_found_page(site))
