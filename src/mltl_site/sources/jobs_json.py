"""The ``jobs.json`` another board built with this project publishes (``export.py``).

Its jobs are already listings: every field maps one to one. Fictional example
listings (``example: true``) are never imported.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from .feed import (
    Parsed,
    Pay,
    Place,
    Posting,
    Reader,
    Rejected,
    ShapeError,
    each_posting,
    items,
    mapping,
    number,
    strings,
    text,
)


def parse(document: object) -> list[Parsed]:
    if isinstance(document, Mapping) and document.get("version") != 1:
        version = document.get("version")
        raise ShapeError(f"the feed is jobs.json version {version!r}; this importer reads 1")
    return each_posting(document, "jobs", _posting)


def _posting(job: Mapping[str, object], ident: str) -> Parsed:
    title = text(job, "title")
    url = text(job, "url")
    if title is None or url is None:
        return Rejected(ident, title or "", "the posting has no title or no url")
    if job.get("example") is True:
        return Rejected(ident, title, "a fictional example listing on its board, not a real job")
    company = mapping(job, "company")
    name, site = text(company, "name"), text(company, "url")
    salary = mapping(job, "salary")
    low, high = number(salary, "min"), number(salary, "max")
    currency, period = text(salary, "currency"), text(salary, "period")
    pay = Pay(currency, low, high, period) if currency and period and low and high else None
    return Posting(
        native_id=ident,
        title=title,
        url=url,
        description_html=text(job, "description_html") or "",
        apply_url=text(job, "apply_url"),
        apply_email=text(job, "apply_email"),
        places=tuple(
            Place(
                text(loc, "city") or "",
                text(loc, "city"),
                text(loc, "region"),
                text(loc, "country"),
            )
            for loc in items(job, "locations")
        ),
        workplace=text(job, "workplace"),
        remote_from=tuple(strings(job, "remote_from")),
        employment_type=text(job, "employment_type"),
        seniority=text(job, "seniority"),
        salary=pay,
        posted=_day(job.get("date_posted")),
        valid_through=_day(job.get("valid_through")),
        company=(name, site) if name and site else None,
        skills=tuple(strings(job, "skills")),
    )


def _day(value: object) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        return None


READER = Reader(
    system="jobs-json",
    env_var="",  # named by its full URL: no API base to point elsewhere
    default_api="",
    path=lambda url: url,
    parse=parse,
)
