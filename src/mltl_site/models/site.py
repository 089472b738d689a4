"""``site.yaml``, ``home.md`` and free pages: the settings and pages around the board."""

from __future__ import annotations

import re
from typing import Annotated, Literal

from pydantic import AfterValidator, Field, model_validator

from ..hosts import HostName
from ..vocab import EmploymentType, Seniority, Workplace
from .job import Company, SourceSystem
from .types import (
    CountryCode,
    Description,
    IsoDate,
    Label,
    LanguageTag,
    Line,
    Link,
    Markdown,
    Model,
    Name,
    Slug,
    Title,
    UrlLine,
    WebUrl,
    check_url,
    relation_error,
)


class NavLink(Model):
    """One entry of the main navigation."""

    label: Label
    url: Link = Field(description="A path inside the site such as /jobs/, or a full URL")


class Organization(Model):
    """Who publishes the site; used in structured data and the footer."""

    name: Name
    url: WebUrl


_BOARD_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,99}\Z")


def _title_filter(value: str) -> str:
    try:
        re.compile(value)
    except re.error as exc:
        raise ValueError(f"is not a valid regular expression: {exc}") from None
    return value


class ImportDefaults(Model):
    """What an import fills in when a posting does not say."""

    workplace: Workplace | None = Field(
        None, description="onsite, hybrid or remote, for postings that do not say"
    )
    country: CountryCode | None = Field(
        None, description="The country of offices whose location names none"
    )
    remote_from: list[CountryCode] = Field(
        default_factory=list,
        description="Countries remote applicants may live in, for remote postings naming none",
    )
    employment_type: EmploymentType = Field(
        "full-time", description="For postings that do not say; Greenhouse never does"
    )
    seniority: Seniority | None = Field(
        None, description="For postings whose title names no level such as senior or lead"
    )
    skills: list[Label] = Field(
        default_factory=list,
        description="Skills every imported listing gets, before those found in its description",
    )


class ImportSource(Model):
    """One entry of ``imports:``: a public job board that ``mltl-site import`` reads."""

    source: SourceSystem = Field(description="greenhouse, lever, ashby or jobs-json")
    id: UrlLine = Field(
        description="The board's name in that system (greenhouse board token, lever company, "
        "ashby board name), or the URL of a jobs.json"
    )
    filter: Annotated[str, AfterValidator(_title_filter)] | None = Field(
        None, description="Import only postings whose title matches this regular expression"
    )
    role: Slug = Field(description="The role folder imported listings belong to")
    company: Company | None = Field(
        None, description="The hiring company; required for greenhouse, lever and ashby"
    )
    defaults: ImportDefaults = Field(
        default_factory=ImportDefaults, description="Values for postings that do not give them"
    )

    @model_validator(mode="after")
    def _checks(self) -> ImportSource:
        if self.source == "jobs-json":
            try:
                check_url(self.id, schemes=("http", "https"))
            except ValueError as exc:
                raise relation_error("id", str(exc)) from None
            return self
        if not _BOARD_ID.match(self.id):
            raise relation_error(
                "id", "must be the board's name: letters, digits, '.', '_' and '-'"
            )
        if self.company is None:
            raise relation_error(
                "company",
                f"{self.source} feeds do not carry the company's website; "
                "give company: {name: …, url: https://…}",
            )
        return self


class SiteConfig(Model):
    """``content/site.yaml``: settings for the whole site."""

    title: Title = Field(description="The site's name, shown in the header and page titles")
    tagline: Line | None = Field(None, description="A few words under the site name")
    description: Description = Field(description="Default meta description, under 300 characters")
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
    facet_feed_entries: int = Field(
        20,
        ge=1,
        le=1000,
        description="How many of the newest listings a skill, place or company feed carries; "
        "a board has hundreds of them, so they are kept short",
    )
    facet_min_listings: int = Field(
        3,
        ge=1,
        le=1000,
        description="Open listings a skill, place, company or other value needs for a page "
        "and feed of its own; smaller values stay in the filters and browse lists",
    )
    facet_warn_share: float = Field(
        0.5,
        gt=0,
        le=1,
        description="`check` warns when one skill, company or city is on more than this "
        "share of the open listings (from 20 open listings on)",
    )
    search: bool = Field(
        True,
        description="Build the site search (/search/ and its index in pagefind/); false keeps "
        "the header box as a keyword filter of the jobs list. The index adds one file per "
        "indexed page, which matters on hosts that cap files",
    )
    facet_max_pages: int = Field(
        5,
        ge=1,
        le=10000,
        description="How many pages of its newest listings a facet lists; the jobs index, "
        "filtered to the value, shows the rest",
    )
    publisher: Organization | None = None
    twitter: Annotated[str, Field(pattern=r"^@\w{1,15}$")] | None = Field(
        None, description="The site's X/Twitter handle for card metadata, e.g. @mltljobs"
    )
    footer: Markdown | None = Field(None, description="Markdown shown at the foot of every page")
    repository: Annotated[str, Field(pattern=r"^[A-Za-z0-9-]+/[A-Za-z0-9._-]+$")] | None = Field(
        None,
        description="The site's GitHub repository as owner/name; enables the post-a-job form",
    )
    imports: list[ImportSource] = Field(
        default_factory=list, description="Job boards that `mltl-site import` reads"
    )
    host: HostName | None = Field(
        None,
        description="Where the site is deployed (github-pages, netlify, cloudflare-pages, "
        "gitlab-pages, s3, vercel); check then reports output over that host's limits",
    )
    social_cards: Literal["auto", "all", "shared", "off"] = Field(
        "auto",
        description="Share images of listings: all (one each), shared (one per company), "
        "off, or auto (one each up to 1,000 listings, then shared); other pages always "
        "have their own",
    )


# --- content/home.md ---------------------------------------------------------------


class HomePage(Model):
    """Front matter of ``content/home.md``; its body is the introduction."""

    title: Title = Field(description="The home page's heading and title")
    description: Description = Field(description="Meta description of the home page")
    lead: Description | None = Field(
        None, description="A one-sentence standfirst under the heading"
    )
    role: Slug = Field(description="The role whose guide the home page features")
    listings: int = Field(6, ge=0, le=50, description="How many of the newest listings to show")


# --- content/pages/*.md ----------------------------------------------------------------


class PageMeta(Model):
    """Front matter of a free page in ``content/pages/``."""

    title: Title
    description: Description = Field(description="Meta description, one or two sentences")
    slug: Slug | None = Field(None, description="URL name; defaults to the file name")
    draft: bool = False
    updated: IsoDate | None = Field(None, description="Date of the last real change")
