"""The content format: one pydantic model per kind of content file.

These models are the only description of the format; the JSON Schema that editors'
tools use is generated from them (``mltl-site schema``). They are strict: a value
of the wrong type is an error, never coerced, and unknown keys are refused.
"""

from __future__ import annotations

import calendar
import datetime as dt
import html
import re
from dataclasses import dataclass
from typing import Annotated, Literal
from urllib.parse import urlsplit

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PlainValidator,
    ValidationInfo,
    WithJsonSchema,
    model_validator,
)
from pydantic_core import PydanticCustomError

from .errors import BuildFailed
from .hosts import HostName
from .iso import COUNTRIES, CURRENCIES
from .markdown import render_markdown
from .urls import slugify


class Model(BaseModel):
    """Base for content models: strict, frozen, unknown keys refused."""

    model_config = ConfigDict(
        extra="forbid", strict=True, frozen=True, arbitrary_types_allowed=True
    )


@dataclass(frozen=True)
class Prose:
    """Markdown text and its sanitized HTML; Jinja prints the HTML."""

    source: str
    html: str

    def __html__(self) -> str:
        return self.html

    def __str__(self) -> str:
        return self.source


def relation_error(field: str, message: str) -> PydanticCustomError:
    """An error from a cross-field check, attributed to ``field`` of the model."""
    return PydanticCustomError("relation", message, {"field": field})


# --- scalar types -----------------------------------------------------------------

_SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*\Z")
_EMAIL = re.compile(r"[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+\Z")
_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})\Z")
_LANG = re.compile(r"[a-z]{2,3}(?:-[A-Z]{2})?\Z")
_CONTROL = re.compile(r"[\x00-\x20\x7f]")


def _line(value: str) -> str:
    value = value.strip()
    if not value:
        raise ValueError("must not be empty")
    if "\n" in value:
        raise ValueError("must be a single line")
    return value


def _text(value: str) -> str:
    value = value.strip()
    if not value:
        raise ValueError("must not be empty")
    return value


def _slug(value: str) -> str:
    if len(value) > 80 or not _SLUG.match(value):
        raise ValueError(
            "must be lowercase letters, digits and single hyphens, like `senior-ml-tech-lead`"
        )
    return value


def _date(value: object) -> object:
    if not isinstance(value, str):
        return value  # the date schema reports the wrong type
    match = _DATE.match(value.strip())
    if not match:
        raise ValueError(f"must be a date written YYYY-MM-DD, like 2026-03-01 (got {value!r})")
    year, month, day = (int(part) for part in match.groups())
    if not 1 <= month <= 12:
        raise ValueError(f"{value} is not a date: there is no month {month}")
    last = calendar.monthrange(year, month)[1]
    if not 1 <= day <= last:
        name = calendar.month_name[month]
        raise ValueError(f"{value} is not a date: {name} {year} has {last} days")
    return dt.date(year, month, day)


def _web_url(value: str) -> str:
    return check_url(value, schemes=("http", "https"))


def check_url(value: str, *, schemes: tuple[str, ...]) -> str:
    """Refuse URLs whose scheme, after entity decoding, is not one of ``schemes``."""
    value = value.strip()
    decoded = html.unescape(value)
    if _CONTROL.search(decoded):
        raise ValueError("must not contain spaces or control characters; encode them as %20")
    parts = urlsplit(decoded)
    scheme = parts.scheme.lower()
    if scheme not in schemes:
        allowed = " or ".join(f"{s}:" for s in schemes)
        raise ValueError(f"must be an absolute {allowed} URL (got {value!r})")
    if scheme in ("http", "https") and not parts.hostname:
        raise ValueError(f"must name a host, like https://example.com/ (got {value!r})")
    return decoded


def _email(value: str) -> str:
    value = value.strip()
    if value.lower().startswith("mailto:"):
        value = value[len("mailto:") :]
    if not _EMAIL.match(value):
        raise ValueError(f"must be an email address like jobs@example.com (got {value!r})")
    return value


def _link(value: str) -> str:
    """Navigation links: a path inside the site (``/jobs/``) or an absolute URL."""
    value = value.strip()
    if value.startswith("/"):
        if value.startswith("//") or "\\" in value or ".." in value.split("/"):
            raise ValueError("must be a path inside the site like /jobs/, or a full https:// URL")
        if _CONTROL.search(value):
            raise ValueError("must not contain spaces or control characters")
        return value
    return check_url(value, schemes=("http", "https", "mailto"))


def _country(value: str) -> str:
    code = value.strip().upper()
    if code in COUNTRIES:
        return code
    hint = {"UK": "GB", "EN": "GB", "USA": "US"}.get(code)
    if hint is None:
        lowered = value.strip().lower()
        hint = next((c for c, name in COUNTRIES.items() if name.lower() == lowered), None)
    suffix = f"; did you mean {hint} ({COUNTRIES[hint]})?" if hint else ""
    raise ValueError(f"{value!r} is not an ISO 3166-1 country code like US, DE or GB{suffix}")


def _currency(value: str) -> str:
    code = value.strip().upper()
    if code not in CURRENCIES:
        raise ValueError(f"{value!r} is not an ISO 4217 currency code like USD, EUR or GBP")
    return code


def _language(value: str) -> str:
    if not _LANG.match(value):
        raise ValueError(f"must be a language tag like en or en-US (got {value!r})")
    return value


def _prose(value: object, info: ValidationInfo) -> Prose:
    """Render Markdown during validation so that a bad link is a content error."""
    if not isinstance(value, str):
        raise ValueError(f"must be text (got {value!r})")
    source = _text(value)
    context = info.context if isinstance(info.context, dict) else {}
    try:
        rendered = render_markdown(
            source, path=context.get("path", ""), base_path=context.get("base_path", "/")
        )
    except BuildFailed as exc:
        raise ValueError("; ".join(e.message for e in exc.errors)) from None
    return Prose(source, rendered)


def _item(value: object) -> object:
    """``- text`` stays text; ``- Name: text`` (a one-key mapping) becomes a ``NamedItem``.

    Checked by hand so that a bad item gets one plain message rather than one per
    branch of the union.
    """
    if isinstance(value, dict):
        if len(value) != 1:
            raise ValueError(
                "a list item is either plain text or one `Name: text` pair; "
                "quote the whole item if its text contains `: `"
            )
        ((name, text),) = value.items()
        if not isinstance(text, str):
            raise ValueError(f"the text after `{name}:` must be plain text")
        return NamedItem.model_construct(name=_line(str(name)), text=_text(text))
    if not isinstance(value, str):
        raise ValueError(f"a list item must be text or a `Name: text` pair (got {value!r})")
    return _text(value)


Line = Annotated[
    str,
    AfterValidator(_line),
    WithJsonSchema({"type": "string", "minLength": 1, "pattern": "^[^\\n]*$"}),
]
Text = Annotated[str, AfterValidator(_text), WithJsonSchema({"type": "string", "minLength": 1})]
Markdown = Annotated[
    Prose,
    PlainValidator(_prose),
    WithJsonSchema({"type": "string", "minLength": 1, "description": "Markdown text"}),
]
Slug = Annotated[
    str,
    AfterValidator(_slug),
    WithJsonSchema({"type": "string", "pattern": "^[a-z0-9]+(-[a-z0-9]+)*$", "maxLength": 80}),
]
IsoDate = Annotated[
    dt.date,
    BeforeValidator(_date),
    WithJsonSchema({"type": "string", "format": "date", "pattern": r"^\d{4}-\d{2}-\d{2}$"}),
]
WebUrl = Annotated[
    str,
    AfterValidator(_web_url),
    WithJsonSchema({"type": "string", "format": "uri", "pattern": "^https?://"}),
]
Email = Annotated[
    str, AfterValidator(_email), WithJsonSchema({"type": "string", "format": "email"})
]
Link = Annotated[
    str,
    AfterValidator(_link),
    WithJsonSchema({"type": "string", "pattern": "^(/|https?://|mailto:)"}),
]
CountryCode = Annotated[
    str,
    AfterValidator(_country),
    WithJsonSchema({"type": "string", "enum": sorted(COUNTRIES)}),
]
CurrencyCode = Annotated[
    str,
    AfterValidator(_currency),
    WithJsonSchema({"type": "string", "enum": sorted(CURRENCIES)}),
]
LanguageTag = Annotated[str, AfterValidator(_language), WithJsonSchema({"type": "string"})]
PositiveInt = Annotated[int, Field(gt=0)]
Money = Annotated[int | float, Field(gt=0)]


class NamedItem(Model):
    """A list item with a bold lead-in, written in YAML as ``- Name: text``."""

    name: Line
    text: Text


Item = Annotated[
    str | NamedItem,
    BeforeValidator(_item),
    WithJsonSchema(
        {
            "anyOf": [
                {"type": "string", "minLength": 1},
                {
                    "type": "object",
                    "minProperties": 1,
                    "maxProperties": 1,
                    "additionalProperties": {"type": "string"},
                },
            ],
            "description": "Plain text, or `Name: text` for an item with a lead-in",
        }
    ),
]
Items = Annotated[list[Item], Field(min_length=1)]


# --- site.yaml -------------------------------------------------------------------


class NavLink(Model):
    """One entry of the main navigation."""

    label: Line
    url: Link = Field(description="A path inside the site such as /jobs/, or a full URL")


class Organization(Model):
    """Who publishes the site; used in structured data and the footer."""

    name: Line
    url: WebUrl


class SiteConfig(Model):
    """``content/site.yaml``: settings for the whole site."""

    title: Line = Field(description="The site's name, shown in the header and page titles")
    tagline: Line | None = Field(None, description="A few words under the site name")
    description: Line = Field(description="Default meta description, under 300 characters")
    base_url: WebUrl = Field(
        description="Where the site is published, e.g. https://example.org/careers/; "
        "--base-url overrides it"
    )
    language: LanguageTag = Field("en", description="The content's language, e.g. en or en-GB")
    navigation: list[NavLink] = Field(default_factory=list, description="The main menu")
    footer_navigation: list[NavLink] = Field(
        default_factory=list, description="Links in the footer, after the main menu's"
    )
    jobs_per_page: int = Field(20, ge=1, le=200, description="Listings per page of the jobs index")
    feed_entries: int = Field(
        50, ge=1, le=1000, description="How many of the newest listings each feed carries"
    )
    publisher: Organization | None = None
    twitter: Annotated[str, Field(pattern=r"^@\w{1,15}$")] | None = Field(
        None, description="The site's X/Twitter handle for card metadata, e.g. @mltljobs"
    )
    footer: Markdown | None = Field(None, description="Markdown shown at the foot of every page")
    host: HostName | None = Field(
        None,
        description="Where the site is deployed (github-pages, netlify, cloudflare-pages, "
        "gitlab-pages, s3, vercel); check then reports output over that host's limits",
    )

    @model_validator(mode="after")
    def _checks(self) -> SiteConfig:
        if len(self.description) > 300:
            raise relation_error("description", "must be at most 300 characters")
        return self


# --- content/home.md ---------------------------------------------------------------


class HomePage(Model):
    """Front matter of ``content/home.md``; its body is the introduction."""

    title: Line = Field(description="The home page's heading and title")
    description: Line = Field(description="Meta description of the home page")
    lead: Line | None = Field(None, description="A one-sentence standfirst under the heading")
    role: Slug = Field(description="The role whose guide the home page features")
    listings: int = Field(6, ge=0, le=50, description="How many of the newest listings to show")


# --- content/pages/*.md ----------------------------------------------------------------


class PageMeta(Model):
    """Front matter of a free page in ``content/pages/``."""

    title: Line
    description: Line = Field(description="Meta description, one or two sentences")
    slug: Slug | None = Field(None, description="URL name; defaults to the file name")
    draft: bool = False
    updated: IsoDate | None = Field(None, description="Date of the last real change")


# --- content/roles/<slug>/role.yaml ------------------------------------------------------


class Group(Model):
    """A named group of list items."""

    name: Line
    intro: Markdown | None = None
    items: Items


class Area(Model):
    """A named part of a section: list items, groups of items, or both."""

    name: Line
    intro: Markdown | None = None
    items: list[Item] = Field(default_factory=list)
    groups: list[Group] = Field(default_factory=list)

    @model_validator(mode="after")
    def _not_empty(self) -> Area:
        if not self.items and not self.groups:
            raise relation_error("items", "an area needs `items`, `groups` or both")
        return self


class Section(Model):
    """What every guide section may carry around its body."""

    title: Line | None = Field(None, description="Heading; each section has a sensible default")
    year: int | None = Field(None, ge=1900, le=2200, description="The year the section speaks of")
    intro: Markdown | None = None
    outro: Markdown | None = None


class ItemSection(Section):
    """A section that is one list."""

    items: Items


class GroupSection(Section):
    """A section of named groups of items."""

    groups: Annotated[list[Group], Field(min_length=1)]


class AreaSection(Section):
    """A section of named areas, each with items or groups."""

    areas: Annotated[list[Area], Field(min_length=1)]


class Requirements(Section):
    """What the role asks for, in named parts."""

    education: Area | None = None
    technical: Area | None = None
    leadership: Area | None = None
    communication: Area | None = None
    problem_solving: Area | None = None
    business_acumen: Area | None = None
    additional: Area | None = None


class Stage(Model):
    """One step of a career path."""

    title: Line
    role: Slug | None = Field(
        None, description="The role folder of this stage; linked when that guide exists"
    )
    summary: Text | None = None


class CareerPath(Section):
    """The ordered stages that lead to and from the role."""

    stages: Annotated[list[Stage], Field(min_length=2)]


class RoleMeta(Model):
    """``role.yaml``: a role's name and its structured guide sections."""

    title: Line = Field(description="The role's full name, e.g. Machine Learning Tech Lead")
    short_title: Line | None = Field(None, description="A short form, e.g. ML Tech Lead")
    summary: Line = Field(description="One or two sentences for cards and meta description")
    updated: IsoDate | None = Field(None, description="Date of the last real change to the guide")
    key_responsibilities: ItemSection | None = None
    skills: ItemSection | None = None
    career_path: CareerPath | None = None
    challenges: ItemSection | None = None
    core_responsibilities: GroupSection | None = None
    requirements: Requirements | None = None
    career_development: AreaSection | None = None
    market_demand: AreaSection | None = None
    industry_trends: ItemSection | None = None
    soft_skills: GroupSection | None = None
    best_practices: ItemSection | None = None
    common_challenges: ItemSection | None = None


# --- content/roles/<slug>/salary.yaml ------------------------------------------------------

Period = Literal["hour", "day", "week", "month", "year"]


class NationalRange(Model):
    """The headline range for the whole market."""

    min: PositiveInt
    max: PositiveInt

    @model_validator(mode="after")
    def _order(self) -> NationalRange:
        if self.min > self.max:
            raise relation_error("min", f"must not exceed max ({self.max:,})")
        return self


class Band(NationalRange):
    """A salary range. ``open_ended`` means the top is a floor, shown as "$300,000+"."""

    label: Line
    open_ended: bool = False
    group: Line | None = Field(None, description="A heading shared by several bands")
    note: Line | None = None


class ExperienceBand(Band):
    """A salary range for a span of years of experience."""

    years_min: int | None = Field(None, ge=0, description="Fewest years; alone it means N+")
    years_max: int | None = Field(None, ge=1, description="Most years; alone it means under N")

    @model_validator(mode="after")
    def _years(self) -> ExperienceBand:
        if self.years_min is None and self.years_max is None:
            raise relation_error("years_min", "give years_min, years_max or both")
        if (
            self.years_min is not None
            and self.years_max is not None
            and self.years_min >= self.years_max
        ):
            raise relation_error("years_min", f"must be below years_max ({self.years_max})")
        return self


class SalaryData(Model):
    """``salary.yaml``: a role's pay as numbers, for tables, charts and structured data."""

    title: Line | None = None
    market: CountryCode = Field(description="The country the figures describe")
    year: int = Field(ge=1900, le=2200, description="The year the figures describe")
    currency: CurrencyCode
    period: Period = "year"
    intro: Markdown | None = None
    national: NationalRange
    by_location: list[Band] = Field(default_factory=list)
    by_experience: list[ExperienceBand] = Field(default_factory=list)
    by_industry: list[Band] = Field(default_factory=list)
    total_compensation: ItemSection | None = None
    factors: ItemSection | None = None
    negotiation_tips: ItemSection | None = None
    note: Markdown | None = Field(None, description="Caveats about the figures")


# --- content/jobs/<slug>.md --------------------------------------------------------------

Workplace = Literal["onsite", "hybrid", "remote"]
EmploymentType = Literal["full-time", "part-time", "contract", "temporary", "internship"]
Seniority = Literal["mid", "senior", "staff", "lead", "principal", "director"]


class Company(Model):
    """The hiring organization."""

    name: Line = Field(description="The company's name as applicants know it")
    url: WebUrl = Field(description="The company's own website, https://…")


class Location(Model):
    """A place where the work happens."""

    city: Line = Field(description="The city of the office")
    region: Line | None = Field(None, description="State, province or region (optional)")
    country: CountryCode = Field(description="Two-letter country code: US, DE, GB…")


class JobSalary(Model):
    """The pay a listing offers."""

    currency: CurrencyCode = Field(description="Three-letter currency code: USD, EUR, GBP…")
    min: Money = Field(description="The lowest pay offered, a number without commas")
    max: Money = Field(description="The highest pay offered")
    period: Period = Field(description="What the figures are per: hour, day, week, month, year")

    @model_validator(mode="after")
    def _order(self) -> JobSalary:
        if self.min > self.max:
            raise relation_error("min", "must not exceed salary.max")
        return self


class Apply(Model):
    """How to apply: a web address or an email address, not both."""

    url: WebUrl | None = Field(None, description="Where to apply, https://…")
    email: Email | None = Field(None, description="Or an address to apply to by email")

    @model_validator(mode="after")
    def _one(self) -> Apply:
        if (self.url is None) == (self.email is None):
            raise relation_error("url", "give either apply.url or apply.email, not both or neither")
        return self


SourceSystem = Literal["greenhouse", "lever", "ashby", "jobs-json"]


class Source(Model):
    """Where an imported listing came from, so that a re-import can update or close it."""

    system: SourceSystem = Field(description="The system it was imported from")
    id: Line = Field(description="The posting's id in that system")
    url: WebUrl = Field(description="The posting's public page in that system")
    last_seen: IsoDate = Field(description="The last day an import saw the posting")
    removed: IsoDate | None = Field(
        None, description="The day the posting was gone from its source; it closes that day"
    )
    digest: Annotated[str, Field(pattern=r"^[0-9a-f]{16,64}$")] = Field(
        description="Hash of the file as imported; a different file means a hand edit"
    )


class JobMeta(Model):
    """Front matter of a listing in ``content/jobs/``; the Markdown body is its description."""

    title: Line = Field(description="The job title, without company, salary or dates")
    role: Slug = Field(description="The folder name of the role in content/roles/")
    company: Company = Field(description="Who is hiring")
    workplace: Workplace = Field(description="onsite, hybrid or remote")
    locations: list[Location] = Field(
        default_factory=list, description="Offices; required unless the job is remote"
    )
    remote_from: list[CountryCode] = Field(
        default_factory=list,
        description="Countries remote applicants may live in; required for remote jobs",
    )
    employment_type: EmploymentType = Field(
        description="full-time, part-time, contract, temporary or internship"
    )
    seniority: Seniority = Field(description="mid, senior, staff, lead, principal or director")
    salary: JobSalary | None = Field(None, description="The pay range; leave out if not stated")
    date_posted: IsoDate = Field(
        description="The day it goes live, YYYY-MM-DD; a later date keeps it hidden until then"
    )
    valid_through: IsoDate = Field(
        description="The last day applications are taken; after it the listing closes"
    )
    apply: Apply = Field(description="How to apply: url or email")
    skills: Annotated[list[Line], Field(min_length=1, max_length=20)] = Field(
        description="One to twenty skills, spelt the same way across listings"
    )
    draft: bool = Field(False, description="true keeps it off the site; --drafts previews it")
    example: bool = Field(False, description="Mark a fictional listing so no one applies to it")
    slug: Slug | None = Field(None, description="URL name; defaults to the file name")
    source: Source | None = Field(
        None, description="Set by `mltl-site import`; leave it out of hand-written listings"
    )

    @property
    def closes_on(self) -> dt.date:
        """The first day it is closed: after valid_through, or when its source dropped it."""
        after = self.valid_through + dt.timedelta(days=1)
        removed = self.source.removed if self.source else None
        return min(after, removed) if removed else after

    @model_validator(mode="after")
    def _checks(self) -> JobMeta:
        if self.valid_through < self.date_posted:
            raise relation_error(
                "valid_through", f"must not be before date_posted ({self.date_posted})"
            )
        if self.workplace == "remote" and not self.remote_from:
            raise relation_error(
                "remote_from", "a remote job must say which countries applicants may live in"
            )
        if self.workplace != "remote" and not self.locations:
            article = "an" if self.workplace == "onsite" else "a"
            raise relation_error(
                "locations", f"{article} {self.workplace} job needs at least one location"
            )
        seen: set[str] = set()
        for skill in self.skills:
            if not slugify(skill):
                raise relation_error("skills", f"{skill!r} needs a letter or digit")
            if slugify(skill) in seen:
                raise relation_error("skills", f"{skill!r} is listed twice")
            seen.add(slugify(skill))
        if not slugify(self.company.name):
            raise relation_error("company", "the company name needs a letter or digit")
        for loc in self.locations:
            if not slugify(loc.city):
                raise relation_error("locations", f"city {loc.city!r} needs a letter or digit")
        return self
