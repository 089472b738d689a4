"""From a posting to the fields of a listing, or the one reason it cannot be one.

Pay is taken only as the feed states it, never guessed. What a feed does not
say comes from the import's ``defaults``; a few things are read from the
posting's own words: remote and hybrid work from its places, the level from
its title, and skills the board already uses from its description.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any, get_args

from ..iso import CURRENCIES
from ..models import EmploymentType, ImportSource, Period, Seniority, Workplace
from ..urls import slugify
from .convert import html_to_markdown
from .feed import Posting, Rejected
from .places import Office, country_code, read_place

MAX_SKILLS = 20
EMPLOYMENT = {
    "fulltime": "full-time", "permanent": "full-time", "regular": "full-time",
    "parttime": "part-time", "contract": "contract", "contractor": "contract",
    "freelance": "contract", "temporary": "temporary", "temp": "temporary",
    "fixedterm": "temporary", "intern": "internship", "internship": "internship",
}  # fmt: skip
# The first level a title names wins, from the most senior down: "Senior Staff" is staff.
# "Lead" comes after "senior": on a tech-lead board "Senior ML Tech Lead" is senior.
LEVELS = (
    ("director", re.compile(r"\bdirector\b", re.IGNORECASE)),
    ("principal", re.compile(r"\bprincipal\b", re.IGNORECASE)),
    ("staff", re.compile(r"\bstaff\b", re.IGNORECASE)),
    ("senior", re.compile(r"\b(?:senior|sr)\b\.?", re.IGNORECASE)),
    ("lead", re.compile(r"\blead\b", re.IGNORECASE)),
    ("mid", re.compile(r"\b(?:mid|intermediate)\b", re.IGNORECASE)),
)


@dataclass(frozen=True)
class Mapped:
    """A posting's listing fields (all but ``valid_through`` and ``source``) and body."""

    posting: Posting
    fields: dict[str, Any]
    body: str


def map_posting(
    posting: Posting, entry: ImportSource, *, today: dt.date, vocabulary: Sequence[str]
) -> Mapped | Rejected:
    """The listing fields for ``posting`` under the import ``entry``."""

    def reject(reason: str) -> Rejected:
        return Rejected(posting.native_id, posting.title, reason)

    title = " ".join(posting.title.split())
    company = _company(posting, entry)
    if company is None:
        return reject("company: the posting names no company")
    where = _where(posting, entry)
    if isinstance(where, str):
        return reject(where)
    workplace, locations, remote_from = where
    seniority = _seniority(posting, title, entry)
    if seniority is None:
        return reject(
            f"seniority: the title {title!r} names no level (senior, staff, lead…) "
            "and the import has no defaults.seniority"
        )
    body = html_to_markdown(posting.description_html, base_url=posting.url)
    if not body.strip():
        return reject("body: the posting has no description")
    skills = _skills(posting, entry, vocabulary, f"{title}\n{body}")
    if not skills:
        return reject(
            "skills: the description names none of the board's skills and the import "
            "has no defaults.skills"
        )
    apply: dict[str, str]
    if posting.apply_url:
        apply = {"url": posting.apply_url}
    elif posting.apply_email:
        apply = {"email": posting.apply_email}
    else:
        return reject("apply: the posting gives no way to apply")
    fields: dict[str, Any] = {
        "title": title,
        "role": entry.role,
        "company": company,
        "workplace": workplace,
        "locations": locations,
        "remote_from": remote_from,
        "employment_type": _employment(posting.employment_type) or entry.defaults.employment_type,
        "seniority": seniority,
        "salary": _salary(posting),
        "date_posted": min(posting.posted or today, today).isoformat(),
        "apply": apply,
        "skills": skills,
    }
    return Mapped(posting, {k: v for k, v in fields.items() if v not in (None, [])}, body)


def _company(posting: Posting, entry: ImportSource) -> dict[str, str] | None:
    if entry.company is not None:
        return {"name": entry.company.name, "url": entry.company.url}
    if posting.company is not None:
        return {"name": posting.company[0], "url": posting.company[1]}
    return None


Where = tuple[str, list[dict[str, str]], list[str]]


def _where(posting: Posting, entry: ImportSource) -> Where | str:
    """Workplace, offices and remote countries, or why they cannot be told."""
    hint = country_code(posting.country_hint) or entry.defaults.country
    offices: list[Office] = []
    remote_countries: list[str] = [c for c in posting.remote_from if country_code(c)]
    remote = hybrid = False
    problems: list[str] = []
    for place in posting.places:
        reading = read_place(place, hint)
        remote |= reading.remote
        hybrid |= reading.hybrid
        remote_countries += [c for c in reading.countries if c not in remote_countries]
        if reading.office and all(_key(reading.office) != _key(o) for o in offices):
            offices.append(reading.office)
        if reading.problem:
            problems.append(reading.problem)
    workplace = posting.workplace if posting.workplace in get_args(Workplace) else None
    if workplace is None:
        workplace = "hybrid" if hybrid else "remote" if remote else None
    workplace = workplace or entry.defaults.workplace or "onsite"
    locations = [
        {"city": o.city, **({"region": o.region} if o.region else {}), "country": o.country}
        for o in offices
    ]
    if workplace == "remote":
        countries = remote_countries or list(entry.defaults.remote_from)
        countries = countries or list(dict.fromkeys(o.country for o in offices))
        if not countries:
            return (
                "remote_from: the posting is remote but names no country applicants may "
                "live in, and the import has no defaults.remote_from"
            )
        return workplace, locations, [country_code(c) or c for c in countries]
    if not locations:
        reason = problems[0] if problems else "the posting names no office"
        return f"locations: {reason}"
    return workplace, locations, []


def _key(office: Office) -> tuple[str, str]:
    return (office.city.casefold(), office.country)


def _employment(value: str | None) -> EmploymentType | None:
    if not value:
        return None
    found = EMPLOYMENT.get(re.sub(r"[^a-z]", "", value.lower()))
    return found if found in get_args(EmploymentType) else None  # type: ignore[return-value]


def _seniority(posting: Posting, title: str, entry: ImportSource) -> Seniority | None:
    if posting.seniority in get_args(Seniority):
        return posting.seniority  # type: ignore[return-value]
    for level, pattern in LEVELS:
        if pattern.search(title):
            return level  # type: ignore[return-value]
    return entry.defaults.seniority


def _salary(posting: Posting) -> dict[str, object] | None:
    pay = posting.salary
    if pay is None or pay.period not in get_args(Period):
        return None
    currency = pay.currency.strip().upper()
    if currency not in CURRENCIES or not 0 < pay.min <= pay.max:
        return None  # a range the models would refuse is left out rather than repaired
    return {"currency": currency, "min": _whole(pay.min), "max": _whole(pay.max),
            "period": pay.period}  # fmt: skip


def _whole(value: float) -> int | float:
    return int(value) if float(value).is_integer() else value


def _skills(
    posting: Posting, entry: ImportSource, vocabulary: Sequence[str], text: str
) -> list[str]:
    """The posting's own skills, the import's defaults, then board skills its text names."""
    found: list[tuple[int, str]] = []
    for skill in vocabulary:
        pattern = re.compile(rf"(?<![\w+#]){re.escape(skill)}(?![\w+#])", re.IGNORECASE)
        match = pattern.search(text)
        if match:
            found.append((match.start(), skill))
    ordered = [*posting.skills, *entry.defaults.skills, *(s for _, s in sorted(found))]
    return _unique(ordered)[:MAX_SKILLS]


def _unique(skills: Iterable[str]) -> list[str]:
    seen: set[str] = set()
    out = []
    for skill in skills:
        key = slugify(skill)
        if key and key not in seen:
            seen.add(key)
            out.append(skill)
    return out
