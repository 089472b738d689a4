"""Lever Postings API: ``GET /v0/postings/{company}?mode=json``.

A JSON list of postings with ``text`` (the title), ``categories`` (``location``,
``allLocations``, ``commitment``, ``team``), ``country``, ``workplaceType``
(``on-site``, ``hybrid``, ``remote`` or ``unspecified``), ``salaryRange``
(``currency``, ``interval``, ``min``, ``max``), ``description`` and ``lists``
(``{text, content}`` with ``<li>`` items) and ``additional`` as HTML,
``hostedUrl``, ``applyUrl`` and ``createdAt`` in milliseconds.
"""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Mapping
from urllib.parse import quote

from .feed import (
    Parsed,
    Pay,
    Place,
    Posting,
    Reader,
    Rejected,
    each_posting,
    items,
    mapping,
    number,
    strings,
    text,
)

WORKPLACES = {"on-site": "onsite", "onsite": "onsite", "hybrid": "hybrid", "remote": "remote"}
INTERVALS = {
    "per-year-salary": "year",
    "per-month-salary": "month",
    "per-week-salary": "week",
    "per-day-wage": "day",
    "per-hour-wage": "hour",
}


def parse(document: object) -> list[Parsed]:
    return each_posting(document, None, _posting)


def _posting(job: Mapping[str, object], ident: str) -> Parsed:
    title = text(job, "text")
    url = text(job, "hostedUrl")
    if title is None or url is None:
        return Rejected(ident, title or "", "the posting has no text (title) or no hostedUrl")
    categories = mapping(job, "categories")
    names = strings(categories, "allLocations") or [
        name for name in [text(categories, "location")] if name
    ]
    return Posting(
        native_id=ident,
        title=title,
        url=url,
        description_html=_description(job),
        apply_url=text(job, "applyUrl") or url,
        places=tuple(Place(name) for name in names),
        workplace=WORKPLACES.get((text(job, "workplaceType") or "").lower()),
        employment_type=text(categories, "commitment"),
        salary=_salary(mapping(job, "salaryRange")),
        posted=_millis(job.get("createdAt")),
        country_hint=text(job, "country"),
    )


def _description(job: Mapping[str, object]) -> str:
    parts = [text(job, "description") or ""]
    for block in items(job, "lists"):
        heading = text(block, "text")
        content = text(block, "content")
        if content:
            parts.append(f"<h3>{html.escape(heading)}</h3>" if heading else "")
            parts.append(f"<ul>{content}</ul>")
    parts.append(text(job, "additional") or "")
    return "".join(parts)


def _salary(salary: Mapping[str, object]) -> Pay | None:
    low, high = number(salary, "min"), number(salary, "max")
    period = INTERVALS.get(text(salary, "interval") or "")
    currency = text(salary, "currency")
    if low is None or high is None or period is None or currency is None:
        return None  # one-time payments and partial ranges are not a salary we can state
    return Pay(currency, low, high, period)


def _millis(value: object) -> dt.date | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    try:
        return dt.datetime.fromtimestamp(value / 1000, tz=dt.UTC).date()
    except (OverflowError, OSError, ValueError):
        return None


READER = Reader(
    system="lever",
    env_var="MLTL_LEVER_API",
    default_api="https://api.lever.co",
    path=lambda company: f"/v0/postings/{quote(company, safe='')}?mode=json",
    parse=parse,
)
