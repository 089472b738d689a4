"""A listing's lifecycle and the figures derived from it, decided by the build date.

One function decides whether a listing shows, so every list, feed, sitemap and
export agrees within a build.
"""

from __future__ import annotations

import datetime as dt
import enum
import heapq
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cached_property

from .content import Job
from .formatting import days_ago, money_range, per_period
from .iso import COUNTRIES

NEW_FOR_DAYS = 7
EXPIRING_WITHIN_DAYS = 7

# Hours in a working year: 40 hours × 52 weeks; days: 5 × 52.
ANNUAL_FACTORS = {"hour": 2080, "day": 260, "week": 52, "month": 12, "year": 1}


class Status(enum.StrEnum):
    """Where a listing is in its life on the build date."""

    DRAFT = "draft"
    SCHEDULED = "scheduled"
    OPEN = "open"
    EXPIRED = "expired"


def status_of(job: Job, today: dt.date, drafts: bool = False) -> Status:
    """Draft flag first, then the dates: not yet posted, open, or closed (``closes_on``).

    With ``drafts`` a draft is previewed as it would be published, its dates deciding.
    """
    if job.meta.draft and not drafts:
        return Status.DRAFT
    if job.meta.date_posted > today:
        return Status.SCHEDULED
    if job.meta.closes_on <= today:
        return Status.EXPIRED
    return Status.OPEN


@dataclass(frozen=True)
class _Features:
    role: str
    workplace: str
    skills: frozenset[str]
    cities: frozenset[tuple[str, str]]
    countries: frozenset[str]


@dataclass(frozen=True)
class Listing:
    """A job as the site shows it on one build date."""

    job: Job
    status: Status
    age_days: int
    days_left: int

    @property
    def slug(self) -> str:
        return self.job.slug

    @cached_property
    def features(self) -> _Features:
        """What ``similar`` compares, worked out once per listing."""
        meta = self.job.meta
        return _Features(
            role=meta.role,
            workplace=meta.workplace,
            skills=frozenset(s.casefold() for s in meta.skills),
            cities=frozenset((loc.country, loc.city) for loc in meta.locations),
            countries=frozenset(loc.country for loc in meta.locations),
        )

    @property
    def url(self) -> str:
        return f"jobs/{self.job.slug}/"

    @property
    def title(self) -> str:
        return self.job.meta.title

    @property
    def is_draft(self) -> bool:
        return self.job.meta.draft

    @property
    def is_open(self) -> bool:
        return self.status is Status.OPEN

    @property
    def is_new(self) -> bool:
        return self.is_open and self.age_days < NEW_FOR_DAYS

    @property
    def posted_label(self) -> str:
        return "Posted " + days_ago(self.age_days)

    @property
    def expiring_soon(self) -> bool:
        return self.is_open and self.days_left < EXPIRING_WITHIN_DAYS

    @property
    def salary_label(self) -> str | None:
        salary = self.job.meta.salary
        if salary is None:
            return None
        figures = money_range(salary.min, salary.max, salary.currency)
        return f"{figures} {per_period(salary.period)}"

    @property
    def annual_salary(self) -> tuple[float, float] | None:
        """The salary range as yearly figures in its own currency (never converted)."""
        salary = self.job.meta.salary
        if salary is None:
            return None
        factor = ANNUAL_FACTORS[salary.period]
        return salary.min * factor, salary.max * factor

    @property
    def places(self) -> tuple[str, ...]:
        """Each office as ``City, Region, Country``."""
        return tuple(
            ", ".join(p for p in (loc.city, loc.region, COUNTRIES[loc.country]) if p)
            for loc in self.job.meta.locations
        )

    @property
    def remote_label(self) -> str | None:
        countries = self.job.meta.remote_from
        if not countries:
            return None
        names = [COUNTRIES[c] for c in countries]
        return "Remote from " + (
            ", ".join(names[:-1]) + " or " + names[-1] if len(names) > 1 else names[0]
        )

    @property
    def location_label(self) -> str:
        """A short where for cards: the first office (and how many more), or the remote area."""
        if self.places:
            more = len(self.places) - 1
            return self.places[0] + (f" and {more} more" if more else "")
        names = [COUNTRIES[c] for c in self.job.meta.remote_from]
        if len(names) > 3:
            return f"{names[0]}, {names[1]} and {len(names) - 2} more countries"
        return " or ".join([", ".join(names[:-1]), names[-1]]) if len(names) > 1 else names[0]


def classify(jobs: Iterable[Job], today: dt.date, drafts: bool = False) -> tuple[Listing, ...]:
    """Every job with its status on ``today``, newest first."""
    listings = [
        Listing(
            job=job,
            status=status_of(job, today, drafts),
            age_days=(today - job.meta.date_posted).days,
            days_left=(job.meta.closes_on - today).days - 1,
        )
        for job in jobs
    ]
    return tuple(sorted(listings, key=newest_first))


def newest_first(listing: Listing) -> tuple[int, str, str]:
    """Sort key: most recently posted first, then by title and slug for a stable order."""
    return (-listing.job.meta.date_posted.toordinal(), listing.title.casefold(), listing.slug)


def published(listings: Iterable[Listing]) -> tuple[Listing, ...]:
    """Listings that get a page: open ones and closed ones."""
    return tuple(item for item in listings if item.status in (Status.OPEN, Status.EXPIRED))


def open_listings(listings: Iterable[Listing]) -> tuple[Listing, ...]:
    """Listings that appear in lists, feeds, the sitemap and exports."""
    return tuple(item for item in listings if item.is_open)


def similar(listing: Listing, candidates: Iterable[Listing], limit: int = 3) -> tuple[Listing, ...]:
    """Open listings most like ``listing``: same role, shared skills, same place."""
    mine = listing.features

    def key(other: Listing) -> tuple[int, int, str, str]:
        theirs = other.features
        points = 3 * (theirs.role == mine.role)
        points += 2 * len(mine.skills & theirs.skills)
        points += 2 * bool(mine.cities & theirs.cities)
        points += bool(mine.countries & theirs.countries)
        points += theirs.workplace == mine.workplace
        return (-points, *newest_first(other))

    pool = (other for other in candidates if other.is_open and other.slug != listing.slug)
    # nsmallest keeps the top few without sorting every open listing for every page.
    return tuple(heapq.nsmallest(limit, pool, key=key))
