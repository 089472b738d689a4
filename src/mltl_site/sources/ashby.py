"""Ashby Posting API: ``GET /posting-api/job-board/{board}?includeCompensation=true``.

``jobs`` holds postings with ``title``, ``location``, ``secondaryLocations``
(``{location, address}``), ``address.postalAddress`` (``addressLocality``,
``addressRegion``, ``addressCountry``), ``isRemote``, ``workplaceType``
(``OnSite``, ``Hybrid``, ``Remote``), ``employmentType`` (``FullTime``,
``PartTime``, ``Intern``, ``Contract``, ``Temporary``), ``descriptionHtml``,
``publishedAt``, ``jobUrl``, ``applyUrl``, ``isListed`` and ``compensation``
whose tiers hold components with ``compensationType``, ``interval`` (``1 YEAR``),
``currencyCode``, ``minValue`` and ``maxValue``.
"""

from __future__ import annotations

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
    iso_date,
    items,
    mapping,
    number,
    text,
)

WORKPLACES = {"onsite": "onsite", "hybrid": "hybrid", "remote": "remote"}
EMPLOYMENT = {
    "FullTime": "full-time",
    "PartTime": "part-time",
    "Intern": "internship",
    "Contract": "contract",
    "Temporary": "temporary",
}
INTERVALS = {"1 YEAR": "year", "1 MONTH": "month", "1 WEEK": "week", "1 DAY": "day",
             "1 HOUR": "hour"}  # fmt: skip


def parse(document: object) -> list[Parsed]:
    return each_posting(document, "jobs", _posting)


def _posting(job: Mapping[str, object], ident: str) -> Parsed:
    title = text(job, "title")
    url = text(job, "jobUrl")
    if title is None or url is None:
        return Rejected(ident, title or "", "the posting has no title or no jobUrl")
    if job.get("isListed") is False:
        return Rejected(ident, title, "the posting is unlisted on its board")
    places = [
        _place(text(job, "location") or "", mapping(mapping(job, "address"), "postalAddress"))
    ]
    for other in items(job, "secondaryLocations"):
        places.append(_place(text(other, "location") or "", mapping(other, "address")))
    workplace = WORKPLACES.get((text(job, "workplaceType") or "").lower())
    if workplace is None and job.get("isRemote") is True:
        workplace = "remote"
    return Posting(
        native_id=ident,
        title=title,
        url=url,
        description_html=text(job, "descriptionHtml") or "",
        apply_url=text(job, "applyUrl") or url,
        places=tuple(place for place in places if place.text or place.country),
        workplace=workplace,
        employment_type=EMPLOYMENT.get(text(job, "employmentType") or ""),
        salary=_salary(mapping(job, "compensation")),
        posted=iso_date(job.get("publishedAt")),
    )


def _place(name: str, address: Mapping[str, object]) -> Place:
    return Place(
        name,
        city=text(address, "addressLocality"),
        region=text(address, "addressRegion"),
        country=text(address, "addressCountry"),
    )


def _salary(compensation: Mapping[str, object]) -> Pay | None:
    """The base salary, when every tier states one in the same currency and period."""
    components = items(compensation, "summaryComponents")
    if not components:
        components = [c for tier in items(compensation, "compensationTiers")
                      for c in items(tier, "components")]  # fmt: skip
    ranges = []
    for component in components:
        if text(component, "compensationType") != "Salary":
            continue
        low, high = number(component, "minValue"), number(component, "maxValue")
        period = INTERVALS.get(text(component, "interval") or "")
        currency = text(component, "currencyCode")
        if low is None or high is None or period is None or currency is None:
            continue
        ranges.append(Pay(currency, low, high, period))
    if not ranges or len({(pay.currency, pay.period) for pay in ranges}) != 1:
        return None
    # Several zones (tiers) of one currency: the listing states the whole span.
    first = ranges[0]
    return Pay(first.currency, min(p.min for p in ranges), max(p.max for p in ranges), first.period)


READER = Reader(
    system="ashby",
    env_var="MLTL_ASHBY_API",
    default_api="https://api.ashbyhq.com",
    path=lambda board: f"/posting-api/job-board/{quote(board, safe='')}?includeCompensation=true",
    parse=parse,
)
