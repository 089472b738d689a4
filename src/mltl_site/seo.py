"""Structured data, sitemap and robots.txt: what search engines read.

JobPosting follows Google's job posting rules: the required properties (title,
description as HTML, datePosted, hiringOrganization with sameAs, and jobLocation or,
for remote jobs, jobLocationType TELECOMMUTE with applicantLocationRequirements) and
the recommended ones we can fill truthfully. ``check_job_posting`` enforces those
rules offline on every JobPosting the build emits.
"""

from __future__ import annotations

import datetime as dt
import re
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterable, Mapping
from typing import Any

from .content import Role
from .iso import COUNTRIES, CURRENCIES
from .listings import Listing
from .markdown import place as place_links
from .vocab import EMPLOYMENT_TYPES, PAY_PERIODS

GOOGLE_EMPLOYMENT_TYPES = frozenset(
    {
        "FULL_TIME",
        "PART_TIME",
        "CONTRACTOR",
        "TEMPORARY",
        "INTERN",
        "VOLUNTEER",
        "PER_DIEM",
        "OTHER",
    }
)
UNITS = frozenset(period.unit for period in PAY_PERIODS.values())

# Which content field a JobPosting property comes from, for error messages.
SOURCE_FIELDS = {
    "title": "title",
    "description": "body",
    "datePosted": "date_posted",
    "validThrough": "valid_through",
    "employmentType": "employment_type",
    "hiringOrganization": "company",
    "jobLocation": "locations",
    "jobLocationType": "workplace",
    "applicantLocationRequirements": "remote_from",
    "baseSalary": "salary",
    "identifier": "slug",
    "directApply": "apply",
}

JsonLd = dict[str, Any]
UrlMaker = Callable[[str], str]


def job_posting(listing: Listing, abs_url: UrlMaker, base_path: str = "/") -> JsonLd:
    """schema.org JobPosting for an open listing; every value is shown on its page."""
    meta = listing.job.meta
    assert listing.job.body is not None
    data: JsonLd = {
        "@context": "https://schema.org/",
        "@type": "JobPosting",
        "title": meta.title,
        "description": str(place_links(listing.job.body.html, base_path)),
        "datePosted": meta.date_posted.isoformat(),
        "validThrough": meta.valid_through.isoformat(),
        "employmentType": EMPLOYMENT_TYPES[meta.employment_type].schema_org,
        "hiringOrganization": {
            "@type": "Organization",
            "name": meta.company.name,
            "sameAs": meta.company.url,
        },
        "identifier": {"@type": "PropertyValue", "name": meta.company.name, "value": listing.slug},
        # Applying happens on the employer's site, not on this board.
        "directApply": False,
        "url": abs_url(listing.url),
        "skills": list(meta.skills),
    }
    if meta.locations:
        data["jobLocation"] = [
            {
                "@type": "Place",
                "address": {
                    "@type": "PostalAddress",
                    "addressLocality": loc.city,
                    **({"addressRegion": loc.region} if loc.region else {}),
                    "addressCountry": loc.country,
                },
            }
            for loc in meta.locations
        ]
    if meta.workplace == "remote":
        data["jobLocationType"] = "TELECOMMUTE"
        data["applicantLocationRequirements"] = [
            {"@type": "Country", "name": COUNTRIES[code]} for code in meta.remote_from
        ]
    if meta.salary is not None:
        data["baseSalary"] = {
            "@type": "MonetaryAmount",
            "currency": meta.salary.currency,
            "value": {
                "@type": "QuantitativeValue",
                "minValue": meta.salary.min,
                "maxValue": meta.salary.max,
                "unitText": PAY_PERIODS[meta.salary.period].unit,
            },
        }
    return data


_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}(T[\d:.]+(Z|[+-]\d{2}:\d{2})?)?\Z")
_MONEY_IN_TITLE = re.compile(r"[$€£¥₹]\s?\d|\b\d+\s?[kK]\b|\b\d{2,3}(,\d{3})+\b")
_DATE_IN_TITLE = re.compile(r"\b\d{4}-\d{2}-\d{2}\b|\b\d{1,2}/\d{1,2}/\d{2,4}\b")


def check_job_posting(data: Mapping[str, Any]) -> list[tuple[str, str]]:
    """Every rule the JobPosting breaks, as ``(property, message)``; empty when valid."""
    problems: list[tuple[str, str]] = []

    def need(condition: object, prop: str, message: str) -> None:
        if not condition:
            problems.append((prop, message))

    title = data.get("title")
    need(isinstance(title, str) and title.strip(), "title", "is required")
    if isinstance(title, str) and title.strip():
        letters = [c for c in title if c.isalpha()]
        need(
            len(letters) < 4 or not all(c.isupper() for c in letters),
            "title",
            "must not be written in capitals only",
        )
        need(
            not _MONEY_IN_TITLE.search(title),
            "title",
            "must not contain a salary; give the pay in `salary:`",
        )
        need(not _DATE_IN_TITLE.search(title), "title", "must not contain a date")
    description = data.get("description")
    text = re.sub(r"<[^>]+>", " ", description) if isinstance(description, str) else ""
    need(text.strip(), "description", "is required and must be the full job description in HTML")
    posted = data.get("datePosted")
    posted_ok = isinstance(posted, str) and _ISO_DATE.match(posted)
    need(posted_ok, "datePosted", "must be an ISO 8601 date")
    through = data.get("validThrough")
    if through is not None:
        through_ok = isinstance(through, str) and _ISO_DATE.match(through)
        need(through_ok, "validThrough", "must be an ISO 8601 date")
        if through_ok and posted_ok:
            need(str(through)[:10] >= str(posted)[:10], "validThrough",
                 "must not be before datePosted")  # fmt: skip
    organization = data.get("hiringOrganization")
    if not isinstance(organization, Mapping):
        problems.append(("hiringOrganization", "is required"))
    else:
        need(organization.get("name"), "hiringOrganization.name", "is required")
        same_as = organization.get("sameAs")
        need(
            isinstance(same_as, str) and same_as.startswith(("https://", "http://")),
            "hiringOrganization.sameAs",
            "must be the company's http(s) URL",
        )
    problems += _check_location(data)
    employment = data.get("employmentType")
    if employment is not None:
        values = employment if isinstance(employment, list) else [employment]
        need(
            values and all(v in GOOGLE_EMPLOYMENT_TYPES for v in values),
            "employmentType",
            "must be one of " + ", ".join(sorted(GOOGLE_EMPLOYMENT_TYPES)),
        )
    if "baseSalary" in data:
        problems += _check_salary(data["baseSalary"])
    identifier = data.get("identifier")
    if identifier is not None:
        need(
            isinstance(identifier, Mapping) and identifier.get("name") and identifier.get("value"),
            "identifier",
            "must be a PropertyValue with a name and a value",
        )
    if "directApply" in data:
        need(isinstance(data["directApply"], bool), "directApply", "must be true or false")
    return problems


def _check_location(data: Mapping[str, Any]) -> list[tuple[str, str]]:
    problems = []
    places = data.get("jobLocation")
    remote = data.get("jobLocationType") == "TELECOMMUTE"
    if "jobLocationType" in data and not remote:
        problems.append(("jobLocationType", "must be TELECOMMUTE when given"))
    if remote:
        requirements = data.get("applicantLocationRequirements")
        if not (isinstance(requirements, list) and requirements and all(
            isinstance(r, Mapping) and r.get("@type") in ("Country", "State") and r.get("name")
            for r in requirements
        )):  # fmt: skip
            problems.append(
                (
                    "applicantLocationRequirements",
                    "a TELECOMMUTE job needs at least one Country or State applicants may live in",
                )
            )
    elif not places:
        problems.append(("jobLocation", "is required unless jobLocationType is TELECOMMUTE"))
    for index, place in enumerate(places or []):
        address = place.get("address") if isinstance(place, Mapping) else None
        if not isinstance(address, Mapping) or address.get("addressCountry") not in COUNTRIES:
            problems.append(
                (f"jobLocation[{index}].address.addressCountry", "must be an ISO 3166-1 code")
            )
        elif not address.get("addressLocality"):
            problems.append((f"jobLocation[{index}].address.addressLocality", "is required"))
    return problems


def _check_salary(salary: object) -> list[tuple[str, str]]:
    if not isinstance(salary, Mapping) or salary.get("@type") != "MonetaryAmount":
        return [("baseSalary", "must be a MonetaryAmount")]
    problems = []
    if salary.get("currency") not in CURRENCIES:
        problems.append(("baseSalary.currency", "must be an ISO 4217 currency code"))
    value = salary.get("value")
    if not isinstance(value, Mapping) or value.get("@type") != "QuantitativeValue":
        return [*problems, ("baseSalary.value", "must be a QuantitativeValue")]
    if value.get("unitText") not in UNITS:
        problems.append(("baseSalary.value.unitText", "must be one of " + ", ".join(sorted(UNITS))))
    numbers = [value.get(k) for k in ("minValue", "maxValue", "value") if k in value]
    if not numbers or not all(
        isinstance(n, int | float) and not isinstance(n, bool) and n > 0 for n in numbers
    ):
        problems.append(("baseSalary.value", "needs positive minValue and maxValue (or value)"))
    elif "minValue" in value and "maxValue" in value and value["minValue"] > value["maxValue"]:
        problems.append(("baseSalary.value.minValue", "must not exceed maxValue"))
    return problems


def occupation(role: Role, abs_url: UrlMaker) -> JsonLd:
    """schema.org Occupation for a role guide, with the salary figures its page shows."""
    meta = role.meta
    data: JsonLd = {
        "@context": "https://schema.org/",
        "@type": "Occupation",
        "name": meta.title,
        "description": meta.summary,
        "url": abs_url(f"roles/{role.slug}/"),
    }
    if meta.key_responsibilities:
        data["responsibilities"] = [_item_text(i) for i in meta.key_responsibilities.items]
    if meta.skills:
        data["skills"] = [_item_text(i) for i in meta.skills.items]
    salary = role.salary
    if salary is not None:
        data["occupationLocation"] = [{"@type": "Country", "name": COUNTRIES[salary.market]}]
        data["estimatedSalary"] = [
            {
                "@type": "MonetaryAmountDistribution",
                "name": "base",
                "currency": salary.currency,
                "duration": PAY_PERIODS[salary.period].duration,
                "minValue": salary.national.min,
                "maxValue": salary.national.max,
            }
        ]
    return data


def _item_text(item: object) -> str:
    name = getattr(item, "name", None)
    return f"{name}: {getattr(item, 'text', '')}" if name else str(item)


def breadcrumb_list(crumbs: Iterable[tuple[str, str]], abs_url: UrlMaker) -> JsonLd:
    """schema.org BreadcrumbList from ``(name, path)`` pairs."""
    return {
        "@context": "https://schema.org/",
        "@type": "BreadcrumbList",
        "itemListElement": [
            {"@type": "ListItem", "position": index, "name": name, "item": abs_url(path)}
            for index, (name, path) in enumerate(crumbs, start=1)
        ],
    }


SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"


def sitemap(entries: Iterable[tuple[str, dt.date | None]]) -> bytes:
    """sitemap.xml for ``(absolute URL, lastmod)`` pairs, sorted by URL."""
    ET.register_namespace("", SITEMAP_NS)
    root = ET.Element(f"{{{SITEMAP_NS}}}urlset")
    for loc, lastmod in sorted(entries, key=lambda entry: entry[0]):
        url = ET.SubElement(root, f"{{{SITEMAP_NS}}}url")
        ET.SubElement(url, f"{{{SITEMAP_NS}}}loc").text = loc
        if lastmod is not None:
            ET.SubElement(url, f"{{{SITEMAP_NS}}}lastmod").text = lastmod.isoformat()
    ET.indent(root)
    return (
        b'<?xml version="1.0" encoding="UTF-8"?>\n'
        + bytes(ET.tostring(root, encoding="utf-8"))
        + b"\n"
    )


def robots_txt(sitemap_url: str) -> bytes:
    """robots.txt allowing everything and pointing at the sitemap."""
    return f"User-agent: *\nAllow: /\n\nSitemap: {sitemap_url}\n".encode()
