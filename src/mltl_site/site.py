"""Content on a build date, and what many pages share, each worked out once.

Nothing here reads files or renders. A ``Site`` holds the listings with their
status, the facets, the cards, the "similar jobs" index, the feeds, and the list
chrome (browse box, filter choices); ``pages.py`` lays out the pages from them.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, replace
from functools import cached_property
from types import MappingProxyType

from . import urls
from .charts import Spread, listing_spreads
from .content import Content, Role
from .facets import Facet, build_facets, facet_values
from .formatting import label, money_range
from .listings import Listing, SimilarIndex, classify, open_listings, published
from .logos import Logo
from .marks import CompanyMark, company_mark
from .outputs.feeds import Feed
from .urls import base_path, normalize_base_url
from .views import (
    BrowseGroup,
    BrowseNav,
    Card,
    FacetLink,
    FilterOption,
    FilterOptions,
    PaySummary,
)
from .vocab import DIMENSIONS, EMPLOYMENT_TYPES, PAY_PERIODS

# Under ``social_cards: auto``, up to this many published listings get a share image each
# (1,000 × 17 KB, about 25 s of drawing once; the cache keeps them); bigger boards share one
# per company, so a board of 10,000 listings stays inside a static host's 20,000 files.
OWN_CARDS_UP_TO = 1000
# "Date posted" choices on the jobs page: (days, label).
POSTED_WITHIN = ((1, "Past 24 hours"), (7, "Past week"), (14, "Past 2 weeks"), (30, "Past month"))

# How many values of one dimension the filter panel offers at most.
FILTER_CHOICES = 30


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
    def newest_posting(self) -> dt.date | None:
        return max((item.job.meta.date_posted for item in self.open), default=None)

    @cached_property
    def facets(self) -> Mapping[str, tuple[Facet, ...]]:
        """Every facet of the open listings, by dimension, pages or not."""
        return MappingProxyType(build_facets(self.open, self.content.roles))

    def has_page(self, facet: Facet) -> bool:
        """Facets with enough open listings get a page and feeds; the rest only filters."""
        return facet.count >= self.content.config.facet_min_listings

    @cached_property
    def paged_facets(self) -> Mapping[str, tuple[Facet, ...]]:
        return MappingProxyType(
            {
                name: tuple(f for f in facets if self.has_page(f))
                for name, facets in self.facets.items()
            }
        )

    @cached_property
    def facet_urls(self) -> Mapping[tuple[str, str], str]:
        """``(dimension, slug)`` → facet page, for linking only to pages that exist."""
        return MappingProxyType(
            {(f.dimension, f.slug): f.url for facets in self.paged_facets.values() for f in facets}
        )

    def facet_link(self, facet: Facet, current: str | None = None) -> FacetLink:
        """A facet's page, or the jobs index filtered to it when it has no page."""
        has_page = self.has_page(facet)
        url = facet.url if has_page else self.filtered_url(facet)
        return FacetLink(facet.label, facet.count, url, has_page, current == facet.url)

    def link_for(self, dimension: str, slug: str) -> str | None:
        return self.facet_urls.get((dimension, slug))

    def filtered_url(self, facet: Facet) -> str:
        """The jobs index filtered to ``facet``: where values without a page, and the
        listings beyond a facet's last page, are found."""
        return urls.filtered_jobs(facet.dimension, facet.slug, facet.label)

    def role_jobs_url(self, role: Role) -> str:
        return self.facet_urls.get(("role", role.slug), urls.JOBS)

    @cached_property
    def roles_sorted(self) -> tuple[Role, ...]:
        return tuple(sorted(self.content.roles.values(), key=lambda r: r.meta.title.casefold()))

    @cached_property
    def open_by_role(self) -> Mapping[str, tuple[Listing, ...]]:
        groups: dict[str, list[Listing]] = {}
        for item in self.open:
            groups.setdefault(item.job.meta.role, []).append(item)
        return MappingProxyType({role: tuple(items) for role, items in groups.items()})

    # --- what many pages share ----------------------------------------------------

    @cached_property
    def cards(self) -> Mapping[str, Card]:
        """Every published listing's card, made once however many lists show it."""
        logos = self.content.logos
        return MappingProxyType({item.slug: make_card(item, logos) for item in self.listings})

    def mark_of(self, company: str) -> CompanyMark:
        return company_mark(company, self.content.logos)

    @cached_property
    def listing_cards(self) -> str:
        """``all``, ``shared`` or ``off``: how listings get their share image in this build."""
        setting = self.content.config.social_cards
        if setting != "auto":
            return setting
        return "all" if len(published(self.listings)) <= OWN_CARDS_UP_TO else "shared"

    def cards_of(self, listings: tuple[Listing, ...]) -> tuple[Card, ...]:
        return tuple(self.cards[item.slug] for item in listings)

    @cached_property
    def similar_index(self) -> SimilarIndex:
        return SimilarIndex(self.open)

    @cached_property
    def browse_nav(self) -> BrowseNav:
        """The small "Browse jobs" box every list page carries: the top values of each
        dimension and a link to all of them."""
        groups = []
        for dimension in DIMENSIONS:
            facets = self.facets[dimension.name]
            if not facets:
                continue
            shown = facets[: dimension.browse_first]
            groups.append(
                BrowseGroup(
                    name=dimension.name,
                    heading=dimension.heading,
                    links=tuple(self.facet_link(f) for f in shown),
                    all_url=urls.browse(dimension.name),
                    all_label=f"All {dimension.plural.lower()}",
                    more=len(facets) - len(shown),
                )
            )
        return BrowseNav(tuple(groups))

    @cached_property
    def browse_links(self) -> BrowseNav:
        """The compact box of the deeper pages of a list: a link to each dimension's page.

        Their visitors are mostly crawlers and readers paging on; the full box on
        every page of every list was a fifth of a 10,000-listing site's bytes.
        """
        groups = tuple(replace(g, links=(), more=0) for g in self.browse_nav.groups)
        return BrowseNav(groups, compact=True)

    @cached_property
    def filter_options(self) -> FilterOptions:
        """The choices the jobs page filters offer, taken from the open listings."""
        currencies: Counter[str] = Counter(
            item.job.meta.salary.currency for item in self.open if item.job.meta.salary
        )

        def options(name: str, by_label: bool = False) -> tuple[FilterOption, ...]:
            # Facets come biggest first: the panel, on every page of the index, offers
            # the most used values; the keyword box finds the rest.
            facets = self.facets[name][:FILTER_CHOICES]
            if by_label:
                facets = tuple(sorted(facets, key=lambda f: f.label.casefold()))
            return tuple(FilterOption(f.slug, f.label, f.count) for f in facets)

        types: Counter[str] = Counter(item.job.meta.employment_type for item in self.open)
        values = (
            options("workplace"),
            options("country"),
            options("city"),
            options("seniority"),
            tuple(
                FilterOption(t.value, t.label, types[t.value])
                for t in EMPLOYMENT_TYPES.values()
                if types[t.value]
            ),
            tuple(
                FilterOption(str(days), text, sum(1 for i in self.open if i.age_days < days))
                for days, text in POSTED_WITHIN
            ),
            options("skill", by_label=True),
            tuple(sorted(currencies, key=lambda c: (-currencies[c], c))),
        )
        return FilterOptions(urls.FILTER_INDEX, *values)

    # --- pay ---------------------------------------------------------------------

    @cached_property
    def featured_role(self) -> Role:
        """The role the home page features: its guide's figures stand beside the listings'."""
        return self.content.roles[self.content.home.meta.role]

    @cached_property
    def spreads(self) -> tuple[Spread, ...]:
        """Open listings' yearly pay by seniority, one chart per currency."""
        salary = self.featured_role.salary
        reference = None
        if salary is not None:
            factor = PAY_PERIODS[salary.period].annual_factor
            low, high = salary.national.min * factor, salary.national.max * factor
            words = f"the guide's typical {salary.market} range, {salary.year}"
            reference = (salary.currency, f"{words}: {money_range(low, high, salary.currency)}",
                         low, high)  # fmt: skip
        return listing_spreads(self.open, reference)

    @cached_property
    def pay_summary(self) -> PaySummary:
        unpaid = sum(1 for item in self.open if item.job.meta.salary is None)
        spreads = self.spreads
        note = "Per year, in each listing's own currency; never converted."
        if unpaid:
            note += f" {unpaid} without a stated salary {'is' if unpaid == 1 else 'are'} left out."
        return PaySummary(spreads, unpaid, note, urls.SALARIES)

    # --- feeds -------------------------------------------------------------------

    @cached_property
    def all_jobs_feed(self) -> Feed:
        return Feed(
            urls.JOBS,
            "Open jobs",
            f"Open jobs on {self.content.config.title}, newest first.",
            self.open[: self.content.config.feed_entries],
            full=True,
        )

    def feed_for(self, facet: Facet) -> Feed | None:
        """A facet's feed, where the facet has a page; entries carry summaries, not bodies."""
        if not self.has_page(facet):
            return None
        newest = facet.listings[: self.content.config.facet_feed_entries]
        title = facet.title
        return Feed(facet.url, title, f"{title}, newest first.", newest, full=False, json=False)

    @cached_property
    def feeds(self) -> tuple[Feed, ...]:
        """Every feed: all open listings, then one per facet page."""
        facet_feeds = tuple(
            feed
            for facets in self.paged_facets.values()
            for f in facets
            if (feed := self.feed_for(f)) is not None
        )
        return (self.all_jobs_feed, *facet_feeds)


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


def make_card(listing: Listing, logos: Mapping[str, Logo]) -> Card:
    """A listing as the lists show it."""
    meta = listing.job.meta
    tags = [label(meta.workplace), label(meta.seniority)]
    if meta.employment_type != "full-time":
        tags.append(label(meta.employment_type))
    shown = (
        listing.url,
        meta.title,
        meta.company.name,
        company_mark(meta.company.name, logos),
        listing.location_label,
        tuple(tags),
        listing.salary_label,
        listing.posted_label,
        meta.date_posted.isoformat(),
        listing.is_new,
        listing.is_draft,
    )
    # Its own fields name it, so an edit to a listing's description leaves its cards alone.
    return Card(*shown)


def skill_links(site: Site, listing: Listing) -> tuple[tuple[str, str | None], ...]:
    """A listing's skills, each linked to its facet page where there is one."""
    values = facet_values(listing, site.content.roles)["skill"]
    return tuple(
        (skill, site.link_for("skill", slug))
        for skill, (slug, _) in zip(listing.job.meta.skills, values, strict=True)
    )
