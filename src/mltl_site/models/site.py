"""``site.yaml``, ``home.md`` and free pages: the settings and pages around the board."""

from __future__ import annotations

from typing import Annotated

from pydantic import Field, model_validator

from .types import IsoDate, LanguageTag, Line, Link, Markdown, Model, Slug, WebUrl, relation_error


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
    facet_min_listings: int = Field(
        3,
        ge=1,
        le=1000,
        description="Open listings a skill, place, company or other value needs for a page "
        "and feed of its own; smaller values stay in the filters and browse lists",
    )
    publisher: Organization | None = None
    twitter: Annotated[str, Field(pattern=r"^@\w{1,15}$")] | None = Field(
        None, description="The site's X/Twitter handle for card metadata, e.g. @mltljobs"
    )
    footer: Markdown | None = Field(None, description="Markdown shown at the foot of every page")

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
