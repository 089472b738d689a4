"""Reading the places a feed names into offices and remote countries.

Feeds write places as free text: ``New York, NY, United States``, ``Berlin,
Germany``, ``San Francisco, CA``, ``Remote - US``, ``Hybrid (London)``. Two parts
ending in a US state or Canadian province code are read as that state, as
applicant-tracking systems write US places that way; a two-letter code that is
both (``DE`` is Delaware and Germany) is read as the state unless the posting or
the import's defaults say which country it is in.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..iso import COUNTRIES
from .feed import Place

US_STATES = {
    "AL": "Alabama", "AK": "Alaska", "AZ": "Arizona", "AR": "Arkansas", "CA": "California",
    "CO": "Colorado", "CT": "Connecticut", "DE": "Delaware", "DC": "District of Columbia",
    "FL": "Florida", "GA": "Georgia", "HI": "Hawaii", "ID": "Idaho", "IL": "Illinois",
    "IN": "Indiana", "IA": "Iowa", "KS": "Kansas", "KY": "Kentucky", "LA": "Louisiana",
    "ME": "Maine", "MD": "Maryland", "MA": "Massachusetts", "MI": "Michigan", "MN": "Minnesota",
    "MS": "Mississippi", "MO": "Missouri", "MT": "Montana", "NE": "Nebraska", "NV": "Nevada",
    "NH": "New Hampshire", "NJ": "New Jersey", "NM": "New Mexico", "NY": "New York",
    "NC": "North Carolina", "ND": "North Dakota", "OH": "Ohio", "OK": "Oklahoma",
    "OR": "Oregon", "PA": "Pennsylvania", "RI": "Rhode Island", "SC": "South Carolina",
    "SD": "South Dakota", "TN": "Tennessee", "TX": "Texas", "UT": "Utah", "VT": "Vermont",
    "VA": "Virginia", "WA": "Washington", "WV": "West Virginia", "WI": "Wisconsin",
    "WY": "Wyoming",
}  # fmt: skip
CA_PROVINCES = {
    "AB": "Alberta", "BC": "British Columbia", "MB": "Manitoba", "NB": "New Brunswick",
    "NL": "Newfoundland and Labrador", "NS": "Nova Scotia", "ON": "Ontario",
    "PE": "Prince Edward Island", "QC": "Quebec", "SK": "Saskatchewan",
}  # fmt: skip
ALIASES = {
    "usa": "US", "u.s.": "US", "u.s.a.": "US", "united states of america": "US",
    "america": "US", "uk": "GB", "u.k.": "GB", "great britain": "GB", "britain": "GB",
    "england": "GB", "scotland": "GB", "wales": "GB", "northern ireland": "GB",
    "the netherlands": "NL", "holland": "NL", "korea": "KR", "republic of korea": "KR",
    "russia": "RU", "czech republic": "CZ", "uae": "AE", "deutschland": "DE",
}  # fmt: skip
_BY_NAME = {name.casefold(): code for code, name in COUNTRIES.items()}
_SUBDIVISIONS = {
    **{key.casefold(): ("US", key) for key in US_STATES},
    **{name.casefold(): ("US", name) for name in US_STATES.values()},
    **{key.casefold(): ("CA", key) for key in CA_PROVINCES},
    **{name.casefold(): ("CA", name) for name in CA_PROVINCES.values()},
}
_REMOTE = re.compile(r"\b(?:remote|anywhere|worldwide|work from home|wfh)\b", re.IGNORECASE)
_HYBRID = re.compile(r"\bhybrid\b", re.IGNORECASE)
_SEPARATORS = re.compile(r"\s*(?:[,/|;()\[\]:–—]|\s-\s|\bor\b|\band\b|&)\s*", re.IGNORECASE)


@dataclass(frozen=True)
class Office:
    city: str
    region: str | None
    country: str


@dataclass(frozen=True)
class Reading:
    """What one place says: an office, remote work from some countries, or neither."""

    office: Office | None = None
    remote: bool = False
    hybrid: bool = False
    countries: tuple[str, ...] = ()
    problem: str | None = None


def country_code(value: str | None) -> str | None:
    """The ISO code for a country written as a code, a name or a common alias."""
    if not value:
        return None
    cleaned = value.strip().strip(".").strip()
    if cleaned.upper() in COUNTRIES and len(cleaned) == 2:
        return cleaned.upper()
    folded = cleaned.casefold()
    return _BY_NAME.get(folded) or ALIASES.get(folded)


def read_place(place: Place, hint: str | None, *, codes_are_countries: bool = False) -> Reading:
    """Read one place; ``hint`` is the country the posting or the defaults name.

    ``codes_are_countries`` reads ``Berlin, DE`` as Germany, as the post-a-job form asks.
    """
    words = place.text
    remote = bool(_REMOTE.search(words))
    hybrid = bool(_HYBRID.search(words))
    if remote:
        rest = _HYBRID.sub(" ", _REMOTE.sub(" ", words))
        countries = _countries(rest)
        structured = country_code(place.country)
        if structured and structured not in countries:
            countries = (*countries, structured)
        return Reading(remote=True, countries=countries)
    office = _structured(place, hint) or _office(_HYBRID.sub(" ", words), hint, codes_are_countries)
    if isinstance(office, str):
        return Reading(hybrid=hybrid, problem=office)
    return Reading(office=office, hybrid=hybrid)


def _structured(place: Place, hint: str | None) -> Office | None:
    if not place.city:
        return None
    country = country_code(place.country) or hint
    if country is None:
        return None
    region = place.region if place.region and place.region != place.city else None
    return Office(place.city, region, country)


def _office(text: str, hint: str | None, codes_are_countries: bool) -> Office | str:
    parts = [part.strip() for part in text.strip(" -–—()").split(",") if part.strip()]
    shown = text.strip()
    if not parts:
        return "a location is empty"
    city = parts[0]
    if not any(ch.isalpha() for ch in city):
        return f"location {shown!r} names no city"
    if len(parts) >= 3:
        country = country_code(parts[-1])
        if country is None:
            return f"location {shown!r}: {parts[-1]!r} is not a country"
        return Office(city, ", ".join(parts[1:-1]), country)
    if len(parts) == 2:
        second = parts[1]
        subdivision = _SUBDIVISIONS.get(second.casefold())
        country = country_code(second)
        prefer_state = not codes_are_countries and hint in (None, subdivision and subdivision[0])
        if subdivision and (country is None or prefer_state):
            return Office(city, subdivision[1], subdivision[0])
        if country:
            return Office(city, None, country)
        if hint:
            return Office(city, second, hint)
        return f"location {shown!r}: {second!r} is not a country or a US state"
    if country_code(city):
        return f"location {shown!r} names a country but no city"
    if hint:
        return Office(city, None, hint)
    return f"location {shown!r} names no country; set defaults.country for this import"


def _countries(text: str) -> tuple[str, ...]:
    whole = country_code(text.strip(" -–—()"))
    if whole:
        return (whole,)
    found: list[str] = []
    for token in _SEPARATORS.split(text):
        code = country_code(token)
        if code and code not in found:
            found.append(code)
    return tuple(found)
