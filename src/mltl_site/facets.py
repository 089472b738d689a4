"""Facets: the open listings grouped by workplace, place, seniority, skill, company and role.

Facets are computed from open listings only, so a listing that closes leaves every
facet page, count and feed in the same build. A remote listing counts towards the
countries its applicants may live in: a job seeker in Canada looking at "Jobs in
Canada" wants the remote jobs open to Canadians too.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from . import urls
from .content import Role
from .formatting import label
from .iso import COUNTRIES
from .listings import Listing
from .urls import slugify
from .vocab import DIMENSION, DIMENSIONS, SENIORITIES, WORKPLACES


@dataclass(frozen=True)
class Facet:
    """One value of one dimension, with the open listings that have it."""

    dimension: str
    slug: str
    label: str
    listings: tuple[Listing, ...]

    @property
    def url(self) -> str:
        return urls.facet(self.dimension, self.slug)

    @property
    def title(self) -> str:
        """The facet page's heading."""
        return DIMENSION[self.dimension].title.format(label=self.label)

    @property
    def count(self) -> int:
        return len(self.listings)


def facet_values(listing: Listing, roles: Mapping[str, Role]) -> dict[str, list[tuple[str, str]]]:
    """Each dimension's ``(slug, label)`` values for one listing."""
    meta = listing.job.meta
    countries = [loc.country for loc in meta.locations] + list(meta.remote_from)
    role = roles.get(meta.role)
    return {
        "workplace": [(meta.workplace, label(meta.workplace))],
        "country": [(code.lower(), COUNTRIES[code]) for code in dict.fromkeys(countries)],
        "city": [
            (slugify(f"{loc.city} {loc.country}"), f"{loc.city}, {COUNTRIES[loc.country]}")
            for loc in meta.locations
        ],
        "seniority": [(meta.seniority, label(meta.seniority))],
        "skill": [(slugify(skill), skill) for skill in meta.skills],
        "company": [(slugify(meta.company.name), meta.company.name)],
        "role": [(meta.role, role.meta.title if role else meta.role)],
    }


def build_facets(
    listings: Iterable[Listing], roles: Mapping[str, Role]
) -> dict[str, tuple[Facet, ...]]:
    """Every facet of the given (open) listings, by dimension, in a stable order."""
    members: dict[tuple[str, str], dict[str, Listing]] = {}
    spellings: dict[tuple[str, str], Counter[str]] = {}
    for listing in listings:
        for dimension, values in facet_values(listing, roles).items():
            for slug, text in dict.fromkeys(values):
                key = (dimension, slug)
                members.setdefault(key, {}).setdefault(listing.slug, listing)
                spellings.setdefault(key, Counter())[text] += 1
    facets: dict[str, list[Facet]] = {d.name: [] for d in DIMENSIONS}
    for (dimension, slug), group in members.items():
        # The most used spelling names the facet ("PyTorch" over "Pytorch").
        text = min(spellings[(dimension, slug)].items(), key=lambda kv: (-kv[1], kv[0]))[0]
        facets[dimension].append(Facet(dimension, slug, text, tuple(group.values())))
    return {dimension: tuple(sorted(items, key=_sort_key)) for dimension, items in facets.items()}


def _sort_key(facet: Facet) -> tuple[int, int, str]:
    """Workplaces and seniority in their own order; other values by size, then name."""
    table = {"workplace": WORKPLACES, "seniority": SENIORITIES}.get(facet.dimension)
    if table is not None:
        return (table[facet.slug].order, 0, "")
    return (0, -facet.count, facet.label.casefold())
