"""A listing's lifecycle and the figures derived from it, decided by the build date.

One function decides whether a listing shows, so every list, feed, sitemap and
export agrees within a build.
"""

from __future__ import annotations

import datetime as dt
import enum
import hashlib
import heapq
from bisect import bisect_left
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cached_property

from .content import Job
from .formatting import days_ago, money_range, per_period
from .iso import COUNTRIES
from .vocab import PAY_PERIODS

NEW_FOR_DAYS = 7
EXPIRING_WITHIN_DAYS = 7


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
    def digest(self) -> str:
        """Changes when anything a page shows of this listing changes, dates included."""
        facts = f"{self.job.digest}|{self.status}|{self.age_days}|{self.days_left}"
        return hashlib.blake2b(facts.encode(), digest_size=16).hexdigest()

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

    @cached_property
    def posted_label(self) -> str:
        return "Posted " + days_ago(self.age_days)

    @property
    def expiring_soon(self) -> bool:
        """Open, and closing within ``EXPIRING_WITHIN_DAYS``: the one rule for that warning."""
        return self.is_open and self.days_left < EXPIRING_WITHIN_DAYS

    @cached_property
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
        factor = PAY_PERIODS[salary.period].annual_factor
        return salary.min * factor, salary.max * factor

    @cached_property
    def places(self) -> tuple[str, ...]:
        """Each office as ``City, Region, Country``."""
        return tuple(
            ", ".join(p for p in (loc.city, loc.region, COUNTRIES[loc.country]) if p)
            for loc in self.job.meta.locations
        )

    @cached_property
    def remote_label(self) -> str | None:
        countries = self.job.meta.remote_from
        if not countries:
            return None
        names = [COUNTRIES[c] for c in countries]
        return "Remote from " + (
            ", ".join(names[:-1]) + " or " + names[-1] if len(names) > 1 else names[0]
        )

    @cached_property
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


# How many of the newest listings sharing one feature compete to be "similar".
SIMILAR_POOL = 30


class SimilarIndex:
    """Finds the open listings most like a given one, in bounded work per listing.

    Points: 3 for the same role, 2 per shared skill, 2 for a shared city, 1 for a
    shared country, 1 for the same workplace. Only the newest ``SIMILAR_POOL``
    listings of each feature are scored, so one lookup costs at most
    ``SIMILAR_POOL`` per feature of the listing, however large the board.
    """

    def __init__(self, listings: Iterable[Listing], pool: int = SIMILAR_POOL) -> None:
        self.pool = pool
        self.examined = 0
        # Listings by position, newest first: positions order ties and index the postings.
        self._listings = sorted((x for x in listings if x.is_open), key=newest_first)
        self._position = {listing.slug: n for n, listing in enumerate(self._listings)}
        self._features = [_features(listing) for listing in self._listings]
        self._postings: dict[tuple[str, object], list[int]] = {}
        for n, features in enumerate(self._features):
            for feature in features:
                postings = self._postings.setdefault(feature, [])
                if len(postings) <= pool:  # the newest pool + 1 (one may be the listing itself)
                    postings.append(n)

    def similar(self, listing: Listing, limit: int = 3) -> tuple[Listing, ...]:
        """Up to ``limit`` other open listings, best match first, newest first on ties."""
        me = self._position.get(listing.slug, -1)
        features = self._features[me] if me >= 0 else _features(listing)
        points: dict[int, int] = {}
        get = points.get
        places: set[int] = set()
        countries: set[int] = set()
        pool = self.pool
        for kind, value in features:
            postings: Sequence[int] = self._postings.get((kind, value), ())
            # Postings hold the pool and one more, in case one of them is this listing;
            # they are in ascending order, so that is a binary search, and the listing
            # itself is dropped from the points once at the end.
            at = bisect_left(postings, me)
            if at < len(postings) and postings[at] == me:
                self.examined += len(postings) - 1
            else:
                postings = postings[:pool]
                self.examined += len(postings)
            if kind == "city":  # a shared city or country counts once, however many
                places.update(postings)
            elif kind == "country":
                countries.update(postings)
            else:
                weight = _WEIGHTS[kind]
                for n in postings:
                    points[n] = get(n, 0) + weight
        for found, weight in ((places, _WEIGHTS["city"]), (countries, _WEIGHTS["country"])):
            for n in found:
                points[n] = get(n, 0) + weight
        points.pop(me, None)
        best = heapq.nsmallest(limit, [(-score, n) for n, score in points.items()])
        return tuple(self._listings[n] for _, n in best)


_WEIGHTS = {"role": 3, "skill": 2, "city": 2, "country": 1, "workplace": 1}


def _features(listing: Listing) -> list[tuple[str, object]]:
    """What ``SimilarIndex`` matches on, in a fixed order."""
    mine = listing.features
    found: list[tuple[str, object]] = [("role", mine.role), ("workplace", mine.workplace)]
    found += [("skill", skill) for skill in sorted(mine.skills)]
    found += [("city", city) for city in sorted(mine.cities)]
    found += [("country", country) for country in sorted(mine.countries)]
    return found
