"""What each template is given: one frozen dataclass per template, checked by mypy.

Templates present these values and compute nothing: words, counts, URLs and
geometry are worked out in Python (``site.py``, ``guide.py``, ``charts.py``) and
tested there. URLs here are site paths (``jobs/x/``); the template's ``url()``
puts them under the base path.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property
from typing import Any, Generic, TypeVar

from .charts import Chart, Spread
from .guide import GuideSection, SalaryView
from .markdown import Prose
from .marks import CompanyMark

V = TypeVar("V")
JsonLd = dict[str, Any]


@dataclass(frozen=True)
class Crumb:
    """One step of a breadcrumb trail."""

    title: str
    url: str


@dataclass(frozen=True)
class NavItem:
    """A navigation link and whether it points at the page being shown."""

    label: str
    href: str  # a site path or an absolute URL
    current: bool


@dataclass(frozen=True)
class FeedLink:
    """The feeds published beside a list page."""

    title: str
    atom_url: str
    json_url: str | None


# A word every indexed page holds, hidden, for searches by filters alone: for no words
# Pagefind fetches every chunk of the word index (5.4 MB at 10,000 listings), for one
# word only the chunk holding it in each shard (0.7 MB). Not a word of any language.
EVERY_PAGE = "mltleverypage"


@dataclass(frozen=True)
class SearchTags:
    """What the search index records of a page besides its text, as ``(key, value)`` pairs.

    ``meta`` is shown in results, ``filters`` narrow them (a key may repeat), and
    ``sorts`` order them; the page's template writes them as ``data-pagefind-*`` tags.
    """

    meta: tuple[tuple[str, str], ...]
    filters: tuple[tuple[str, str], ...]
    sorts: tuple[tuple[str, str], ...] = ()

    @property
    def every_page(self) -> str:
        """The hidden word the page's indexed text starts with (``EVERY_PAGE``)."""
        return EVERY_PAGE


@dataclass(frozen=True)
class SocialCard:
    """The words of a page's 1200 × 630 share image; its file is named by them."""

    title: str
    kicker: str  # a line above the title: the company, or what kind of page it is
    detail: str | None  # pay, a range, or a count
    site: str
    mark: CompanyMark | None

    @property
    def path(self) -> str:
        words = repr((self.title, self.kicker, self.detail, self.site, self.mark))
        return f"social/{hashlib.blake2b(words.encode(), digest_size=8).hexdigest()}.png"


@dataclass(frozen=True)
class Head:
    """What ``base.html`` shows around every page: metadata, navigation, structured data."""

    url: str
    title: str
    description: str
    kind: str
    indexable: bool = True
    breadcrumbs: tuple[Crumb, ...] = ()
    nav: tuple[NavItem, ...] = ()
    feed: FeedLink | None = None
    structured_data: tuple[JsonLd, ...] = ()
    og_type: str = "website"
    lastmod: dt.date | None = None
    source: str | None = None
    post_a_job: str | None = None  # the site's "Post a job" page, when site.yaml enables it
    search_url: str | None = None  # the search page, unless site.yaml turns search off
    search: SearchTags | None = None  # set on the pages the site search indexes, only
    social: SocialCard | None = None


@dataclass(frozen=True)
class Page(Generic[V]):
    """One HTML page: its head, the template that draws it, and that template's view.

    The view may be ``Later``: the head is what the rest of the build reads, and the
    view is worked out by ``ready()`` where the page is keyed and rendered.
    """

    head: Head
    template: str
    view: V | Later[V]

    @property
    def url(self) -> str:
        return self.head.url

    def ready(self) -> Page[V]:
        """This page with its view worked out."""
        view = self.view
        return Page(self.head, self.template, view.make()) if isinstance(view, Later) else self


@dataclass(frozen=True)
class Later(Generic[V]):
    """A view made when it is needed, by a module-level function (so it can be pickled).

    A listing page's view (similar jobs, skill links, its company's mark) is most of
    laying out a board; made in the worker processes that key the pages, it is made
    in parallel and never held by the main process.
    """

    make: Callable[[], V]


class Shared:
    """A view many pages show whole (a card, a box, a panel): one hash names it in their keys.

    The hash is of every field, so it cannot leave out one a template shows; a page's key
    then costs one string for it, and a part drawn once per build is found by it.
    """

    @cached_property
    def digest(self) -> str:
        return hashlib.blake2b(repr(self).encode(), digest_size=16).hexdigest()


@dataclass(frozen=True)
class Card(Shared):
    """A listing as a card in a list."""

    url: str
    title: str
    company: str
    mark: CompanyMark
    location: str
    tags: tuple[str, ...]  # workplace first, then seniority and any non-full-time type
    salary: str | None
    posted: str
    posted_iso: str
    is_new: bool
    is_draft: bool


@dataclass(frozen=True)
class PageNumber:
    """One entry of a windowed pagination nav: a page, or a gap (``number`` 0)."""

    number: int
    url: str | None
    current: bool


@dataclass(frozen=True)
class Pagination:
    """Where one page sits in its list, with a nav that stays short however long the list."""

    number: int
    total: int
    url: str
    prev_url: str | None
    next_url: str | None
    window: tuple[PageNumber, ...]


@dataclass(frozen=True)
class FacetLink:
    """A facet value: its page if it has one, else the jobs index filtered to it."""

    label: str
    count: int
    url: str
    has_page: bool
    current: bool = False


@dataclass(frozen=True)
class BrowseGroup:
    """One dimension in the "Browse jobs" box: its biggest values and a link to all."""

    name: str
    heading: str
    links: tuple[FacetLink, ...]
    all_url: str
    all_label: str
    more: int


@dataclass(frozen=True)
class BrowseNav(Shared):
    """The "Browse jobs" box shared by list pages; rendered once per build.

    ``compact`` is the light form deeper pages carry: one link per dimension.
    """

    groups: tuple[BrowseGroup, ...]
    compact: bool = False


@dataclass(frozen=True)
class FilterOption:
    value: str
    label: str
    count: int


@dataclass(frozen=True)
class FilterOptions(Shared):
    """The choices the jobs page filters offer, taken from the open listings."""

    index_url: str
    workplaces: tuple[FilterOption, ...]
    countries: tuple[FilterOption, ...]
    cities: tuple[FilterOption, ...]
    seniorities: tuple[FilterOption, ...]
    employment_types: tuple[FilterOption, ...]
    posted: tuple[FilterOption, ...]  # value: days; counts on the build date
    skills: tuple[FilterOption, ...]
    currencies: tuple[str, ...]


@dataclass(frozen=True)
class PaySummary(Shared):
    """The jobs index's short account of what open listings pay, per currency."""

    spreads: tuple[Spread, ...]
    unpaid: int  # open listings that state no salary
    note: str
    url: str  # the salaries page


@dataclass(frozen=True)
class ListView:
    """A page of a list of listings: the jobs index or a facet."""

    heading: str
    lead: str
    count_label: str  # "9 open positions"; the filter script rewrites it to "3 of 9 …"
    all_jobs_url: str | None
    cards: tuple[Card, ...]
    empty: str
    pagination: Pagination
    browse: BrowseNav
    filters: FilterOptions | None
    pay: PaySummary | None
    more: str | None = None  # on a facet's last page when it lists only the newest
    more_url: str | None = None


@dataclass(frozen=True)
class BrowseView:
    """A dimension's page listing every value with open jobs."""

    heading: str
    lead: str
    values: tuple[FacetLink, ...]
    others: tuple[tuple[str, str], ...]  # (heading, url) of the other dimensions


@dataclass(frozen=True)
class SkillLink:
    label: str
    url: str | None


@dataclass(frozen=True)
class JobView:
    """Everything a listing's page shows."""

    title: str
    company: str
    mark: CompanyMark
    company_site: str
    company_site_label: str
    company_jobs_url: str | None
    facts: tuple[str, ...]
    is_new: bool
    places: tuple[str, ...]
    remote: str | None
    salary: str | None
    posted_date: str
    posted_iso: str
    posted_ago: str
    deadline_label: str
    deadline_date: str
    deadline_iso: str
    reference: str
    apply_url: str | None
    apply_email: str | None
    apply_mailto: str | None
    apply_label: str
    description: Prose
    skills: tuple[SkillLink, ...]
    closed: bool
    closed_notice: str | None
    example: bool
    draft: bool
    role_title: str
    role_summary: str
    role_url: str
    role_jobs_url: str
    guide_salary: str | None
    similar_heading: str
    similar: tuple[Card, ...]


@dataclass(frozen=True)
class SectionLink:
    anchor: str
    title: str


@dataclass(frozen=True)
class HomeView:
    """The home page: newest listings, the introduction and the featured guide."""

    eyebrow: str
    lead: str | None
    intro: Prose
    intro_title: str
    latest: tuple[Card, ...]
    open_count: int
    stats: tuple[tuple[str, str], ...]  # (figure, what it counts)
    jobs_button: str
    jobs_url: str
    all_jobs_label: str
    guide_title: str
    guide_button: str
    guide_url: str
    guide_summary: str
    sections: tuple[SectionLink, ...]
    salary_label: str | None
    salary_range: str | None
    salary_chart: Chart | None
    salaries_url: str


@dataclass(frozen=True)
class Glance:
    """The guide's visual summary: pay, path, demand and length in one strip."""

    salary: Chart | None
    salary_label: str | None
    salary_range: str | None
    salary_url: str | None
    stages: tuple[str, ...]
    current_stage: int  # index into stages, -1 when the role is not on its own path
    open_jobs: str
    jobs_url: str
    skills: tuple[SkillLink, ...]
    reading: str  # "25 min read · 14 sections"


@dataclass(frozen=True)
class RoleView:
    """A role guide page. No ``digest``: its key is all of it, counts and links included."""

    title: str
    summary: str
    jobs_button: str
    jobs_url: str
    jobs_heading: str
    all_jobs_label: str
    salary_anchor: str | None
    sections: tuple[GuideSection, ...]
    listings: tuple[Card, ...]
    glance: Glance


@dataclass(frozen=True)
class SalariesView:
    """``/salaries/``: what open listings pay, per currency, beside the guide's ranges."""

    heading: str
    lead: str
    spreads: tuple[Spread, ...]
    unpaid: str | None
    guide: SalaryView | None
    guide_title: str | None
    guide_url: str | None
    jobs_url: str


@dataclass(frozen=True)
class RoleCard:
    title: str
    url: str
    summary: str
    jobs_label: str
    jobs_url: str
    salary: str | None


@dataclass(frozen=True)
class RolesView:
    roles: tuple[RoleCard, ...]


@dataclass(frozen=True)
class FreePageView:
    body: Prose
    draft: bool
    updated_iso: str | None
    updated: str | None


@dataclass(frozen=True)
class NotFoundView:
    latest: tuple[Card, ...]


@dataclass(frozen=True)
class PostJobView:
    """How an employer posts a listing: the form on GitHub, then a reviewed pull request."""

    form_url: str
    repository: str
    site_title: str


@dataclass(frozen=True)
class SearchFilter:
    """A filter the search page offers: the index's key and its heading."""

    key: str
    heading: str


@dataclass(frozen=True)
class SearchSort:
    value: str  # "" for relevance, else a sort key of the index
    label: str
    note: str  # what the result count adds while this order is chosen


@dataclass(frozen=True)
class SearchView:
    """The search page; results and filter counts come from the index in the browser."""

    heading: str
    lead: str
    jobs_url: str
    bundle_url: str
    shards: int  # bundles: the first at bundle_url, the others merged from below it
    every_page: str  # what a search by filters alone searches for (EVERY_PAGE)
    filters: tuple[SearchFilter, ...]
    sorts: tuple[SearchSort, ...]
    browse: BrowseNav
