"""Machine-readable exports of open listings: ``jobs.json`` for partners, and the
filter index the jobs page script reads.

``jobs.json`` is described by the pydantic models below; its JSON Schema is
generated from them and published beside it as ``jobs.schema.json``.
"""

from __future__ import annotations

import datetime as dt
import json
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from functools import partial
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from ..content import Role
from ..facets import facet_values
from ..listings import Listing
from ..markdown import place
from ..vocab import PAY_PERIODS, EmploymentType, Period, Workplace

ANNUAL_FACTORS = {name: period.annual_factor for name, period in PAY_PERIODS.items()}

EXPORT_VERSION = 1


class _Export(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class ExportCompany(_Export):
    name: str
    url: str = Field(description="The company's website")


class ExportLocation(_Export):
    city: str
    region: str | None = None
    country: str = Field(description="ISO 3166-1 alpha-2 country code")


class ExportSalary(_Export):
    currency: str = Field(description="ISO 4217 currency code; figures are never converted")
    min: float
    max: float
    period: Period
    annual_min: float = Field(
        description="min × the period's factor: hour 2080, day 260, week 52, month 12, year 1"
    )
    annual_max: float = Field(description="max × the same factor")


class ExportJob(_Export):
    id: str = Field(description="Stable identifier: the listing's slug")
    url: str = Field(description="The listing's page")
    title: str
    role: str = Field(description="Slug of the role guide this listing belongs to")
    role_url: str
    company: ExportCompany
    workplace: Workplace
    locations: list[ExportLocation]
    remote_from: list[str] = Field(description="Countries remote applicants may live in")
    employment_type: EmploymentType
    seniority: str
    salary: ExportSalary | None
    date_posted: dt.date
    valid_through: dt.date
    apply_url: str | None
    apply_email: str | None
    skills: list[str]
    description_html: str = Field(description="Sanitized HTML")
    example: bool = Field(description="True for fictional demonstration listings")


class JobsExport(_Export):
    """``jobs.json``: every open listing on the build date, newest first."""

    version: Literal[1]
    generated: dt.date = Field(description="The build date")
    site: str = Field(description="The site's base URL")
    count: int
    jobs: list[ExportJob]


# How an export gets one listing's piece: (listing, make its JSON) → its UTF-8 bytes.
# The build reuses the last build's pieces (cache.Pieces); by default each is made.
Piece = Callable[[Listing, Callable[[], str]], bytes]


def _make(_listing: Listing, make: Callable[[], str]) -> bytes:
    return make().encode()


def jobs_export(
    listings: Iterable[Listing],
    *,
    base_url: str,
    base_path: str,
    build_date: dt.date,
    piece: Piece = _make,
) -> bytes:
    """``jobs.json`` for the given open listings, one job serialized at a time."""
    listings = tuple(listings)
    head = JobsExport(
        version=EXPORT_VERSION, generated=build_date, site=base_url, count=len(listings), jobs=[]
    )
    return _json_list(head.model_dump_json(), "jobs", (
        piece(item, partial(_job_json, item, base_url, base_path)) for item in listings
    ))  # fmt: skip


def _json_list(head: str, key: str, items: Iterable[bytes]) -> bytes:
    """``head`` (a compact JSON object whose last member is ``key: []``) with ``items``
    (each a JSON value in UTF-8) in it.

    The same bytes as serializing the whole document at once, without holding the
    whole document as objects: at 10,000 listings that took 200 MB.
    """
    empty = f'"{key}":[]}}'
    assert head.endswith(empty), head[-40:]
    out = bytearray(head[:-2].encode())  # through '"key":['
    for number, item in enumerate(items):
        if number:
            out += b","
        out += item
    out += b"]}\n"
    return bytes(out)


def _job_json(listing: Listing, base_url: str, base_path: str) -> str:
    return _export_job(listing, base_url, base_path).model_dump_json()


def _export_job(listing: Listing, base_url: str, base_path: str) -> ExportJob:
    assert listing.job.body is not None
    meta = listing.job.meta
    salary = None
    if meta.salary is not None:
        factor = ANNUAL_FACTORS[meta.salary.period]
        salary = ExportSalary(
            currency=meta.salary.currency,
            min=meta.salary.min,
            max=meta.salary.max,
            period=meta.salary.period,
            annual_min=meta.salary.min * factor,
            annual_max=meta.salary.max * factor,
        )
    return ExportJob(
        id=listing.slug,
        url=base_url + listing.url,
        title=meta.title,
        role=meta.role,
        role_url=f"{base_url}roles/{meta.role}/",
        company=ExportCompany(name=meta.company.name, url=meta.company.url),
        workplace=meta.workplace,
        locations=[
            ExportLocation(city=loc.city, region=loc.region, country=loc.country)
            for loc in meta.locations
        ],
        remote_from=list(meta.remote_from),
        employment_type=meta.employment_type,
        seniority=meta.seniority,
        salary=salary,
        date_posted=meta.date_posted,
        valid_through=meta.valid_through,
        apply_url=meta.apply.url,
        apply_email=meta.apply.email,
        skills=list(meta.skills),
        description_html=str(place(listing.job.body.html, base_path)),
        example=meta.example,
    )


def filter_index(
    listings: Iterable[Listing],
    roles: Mapping[str, Role],
    render_card: Callable[[Listing], str],
    piece: Piece = _make,
) -> bytes:
    """What the jobs page script filters and sorts: facet slugs, yearly pay, card HTML.

    Cards are rendered by the site's own templates, so the script inserts markup
    that was escaped and sanitized like every page.
    """
    listings = tuple(listings)
    currencies = Counter(item.job.meta.salary.currency for item in listings if item.job.meta.salary)
    head = {
        "version": 1,
        "annual_factors": ANNUAL_FACTORS,
        "currencies": [
            code for code, _ in sorted(currencies.items(), key=lambda kv: (-kv[1], kv[0]))
        ],
        "jobs": [],
    }
    items = (piece(item, partial(_filter_json, item, roles, render_card)) for item in listings)
    return _json_list(_compact(head), "jobs", items)


def _filter_json(
    listing: Listing, roles: Mapping[str, Role], render_card: Callable[[Listing], str]
) -> str:
    return _compact(_filter_item(listing, roles, render_card))


def _compact(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def _filter_item(
    listing: Listing, roles: Mapping[str, Role], render_card: Callable[[Listing], str]
) -> dict[str, Any]:
    meta = listing.job.meta
    values = facet_values(listing, roles)
    annual = listing.annual_salary
    text = " ".join(
        [
            meta.title,
            meta.company.name,
            *meta.skills,
            listing.location_label,
            *listing.places,
            meta.workplace,
            meta.seniority,
        ]
    )
    return {
        "slug": listing.slug,
        "title": meta.title,
        "company": meta.company.name,
        "workplace": meta.workplace,
        "countries": [slug for slug, _ in values["country"]],
        "cities": [slug for slug, _ in values["city"]],
        "seniority": meta.seniority,
        "type": meta.employment_type,
        "skills": [slug for slug, _ in values["skill"]],
        "currency": meta.salary.currency if meta.salary else None,
        "annual_min": annual[0] if annual else None,
        "annual_max": annual[1] if annual else None,
        "posted": meta.date_posted.isoformat(),
        "age": listing.age_days,  # days since posting on the build date
        # lower(), not casefold(): the script lowercases queries with toLowerCase().
        "text": " ".join(text.lower().split()),
        "card": render_card(listing),
    }
