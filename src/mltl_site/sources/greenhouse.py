"""Greenhouse Job Board API: ``GET /v1/boards/{board}/jobs?content=true``.

Each job has ``title``, ``location.name``, ``absolute_url``, ``content`` (the
description, HTML-escaped once more), ``departments``, ``offices`` (with a
``location`` such as ``New York, NY, United States``), ``first_published`` and
``updated_at``. The feed gives no pay, employment type or workplace.
"""

from __future__ import annotations

import html
from collections.abc import Mapping
from urllib.parse import quote

from .feed import Parsed, Place, Posting, Reader, Rejected, each_posting, iso_date, items, text


def parse(document: object) -> list[Parsed]:
    return each_posting(document, "jobs", _posting)


def _posting(job: Mapping[str, object], ident: str) -> Parsed:
    title = text(job, "title")
    url = text(job, "absolute_url")
    if title is None or url is None:
        return Rejected(ident, title or "", "the posting has no title or no absolute_url")
    places = [
        Place(where) for office in items(job, "offices") if (where := text(office, "location"))
    ]
    location = text(_location(job), "name")
    if not places and location:
        places = [Place(part.strip()) for part in location.split(";") if part.strip()]
    return Posting(
        native_id=ident,
        title=title,
        url=url,
        # `content` is HTML written as entities: unescape once to get the HTML itself.
        description_html=html.unescape(text(job, "content") or ""),
        apply_url=url,
        places=tuple(places),
        posted=iso_date(job.get("first_published")) or iso_date(job.get("updated_at")),
    )


def _location(job: Mapping[str, object]) -> Mapping[str, object]:
    value = job.get("location")
    return value if isinstance(value, Mapping) else {}


READER = Reader(
    system="greenhouse",
    env_var="MLTL_GREENHOUSE_API",
    default_api="https://boards-api.greenhouse.io",
    path=lambda board: f"/v1/boards/{quote(board, safe='')}/jobs?content=true",
    parse=parse,
)
