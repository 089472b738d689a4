"""Site search: what the index records of each page, and how its pages are sharded.

The page graph decides what is searchable: a page whose head carries
``SearchTags`` (open listings, role guides, published free pages) and is
indexable. After the pages are rendered, Pagefind indexes exactly those pages
(``search_index.py``). A board of more than ``SHARD_PAGES`` searchable pages is
indexed in shards, each a bundle of its own that the search page merges, so that an
edit re-indexes one shard and no Pagefind process holds the whole board.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Collection, Iterable, Mapping
from typing import Any

from .content import FreePage, Role
from .facets import facet_values
from .formatting import label, long_date
from .listings import Listing
from .site import Site
from .urls import output_file
from .views import Page, SearchTags

FOLDER = "pagefind/"
# A shard holds at most this many pages: about 2 s of Pagefind and 200 MB of memory
# to remake. Each shard adds an index chunk (about 16 KB) to what a query downloads,
# so shards are not made smaller than they need to be.
SHARD_PAGES = 1000
# The filters the search page offers, in its order, with their headings.
FILTERS: tuple[tuple[str, str], ...] = (
    ("type", "Show"),
    ("workplace", "Workplace"),
    ("seniority", "Seniority"),
    ("employment", "Employment"),
    ("country", "Country"),
    ("city", "City"),
    ("skill", "Skill"),
    ("role", "Role"),
    ("company", "Company"),
    ("currency", "Pay currency"),
)
_FACETS = ("workplace", "seniority", "country", "city", "skill", "role", "company")


# --- what the index records of a page ------------------------------------------------


def facet_labels(site: Site) -> dict[tuple[str, str], str]:
    """``(dimension, slug)`` → the facet's label, so one skill is one filter value."""
    return {(f.dimension, f.slug): f.label for facets in site.facets.values() for f in facets}


def listing_tags(
    listing: Listing, roles: Mapping[str, Role], labels: Mapping[tuple[str, str], str]
) -> SearchTags:
    """An open listing: shown with its company, place, pay and date; every facet filters."""
    meta = listing.job.meta
    posted = meta.date_posted.isoformat()
    shown = (
        ("title", meta.title),
        ("kind", "Job"),
        ("company", meta.company.name),
        ("location", listing.location_label),
        ("pay", listing.salary_label)
        if listing.salary_label
        else ("pay_note", "Salary not stated"),
        ("posted", long_date(meta.date_posted)),
        ("posted_iso", posted),
    )
    values = facet_values(listing, roles)
    filters = [("type", "Jobs")]
    for dimension in _FACETS:
        if dimension == "country":  # after the kind of job, before the places
            filters.append(("employment", label(meta.employment_type)))
        for slug, text in dict.fromkeys(values[dimension]):
            filters.append((dimension, labels.get((dimension, slug), text)))
    sorts = [("posted", posted)]
    annual = listing.annual_salary
    if meta.salary is not None and annual is not None:
        filters.append(("currency", meta.salary.currency))
        # One sort key per currency: pay is compared within a currency, never converted.
        sorts.append((pay_sort(meta.salary.currency), str(round(annual[1]))))
    # Each shard sorts its own results; the search page merges them by these values.
    sort_meta = tuple((f"sort_{key}", value) for key, value in sorts)
    return SearchTags(shown + sort_meta, tuple(filters), tuple(sorts))


def pay_sort(currency: str) -> str:
    """The sort key of yearly pay (the top of the range) in one currency."""
    return f"pay-{currency.lower()}"


def role_tags(role: Role) -> SearchTags:
    return SearchTags(
        (("title", role.meta.title), ("kind", "Role guide")),
        (("type", "Role guides"), ("role", role.meta.title)),
    )


def page_tags(page: FreePage) -> SearchTags:
    return SearchTags((("title", page.meta.title), ("kind", "Page")), (("type", "Pages"),))


# --- shards ----------------------------------------------------------------------------


def searchable(pages: Iterable[Page[Any]]) -> list[str]:
    """Output paths of the pages the page graph marks for search; never a noindex one."""
    return [output_file(page.url) for page in pages if page.head.search and page.head.indexable]


def shard_count(paths: Collection[str]) -> int:
    """How many shards the pages at ``paths`` are indexed in: a power of two, none empty.

    A page's shard depends only on its path and the count, so an edit moves nothing.
    """
    count = 1
    while len(paths) > count * SHARD_PAGES:
        count *= 2
    while count > 1 and len({shard_of(path, count) for path in paths}) < count:
        count //= 2
    return count


def shard_of(path: str, count: int) -> int:
    """The shard of the page at output ``path`` among ``count``."""
    if count == 1:
        return 0
    digest = hashlib.blake2b(path.encode("utf-8"), digest_size=8).digest()
    return int.from_bytes(digest, "big") % count


def shard_folder(shard: int) -> str:
    """Where a shard's bundle is: the first in ``pagefind/`` with the script, others below it.

    static/js/search.js names the merged ones the same way.
    """
    return FOLDER if shard == 0 else f"{FOLDER}s{shard}/"


_SHARD_FOLDER = re.compile(rf"{re.escape(FOLDER)}s([0-9]+)/")


def file_shard(path: str) -> int:
    """The shard a file of the index belongs to: ``shard_folder`` read backwards."""
    found = _SHARD_FOLDER.match(path)
    return int(found.group(1)) if found else 0
