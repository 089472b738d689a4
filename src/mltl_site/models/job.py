"""A listing: the front matter of ``content/jobs/<slug>.md``; its body is the description."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from pydantic import Field, model_validator

from ..urls import slugify
from ..vocab import EmploymentType, Period, Seniority, Workplace
from .types import (
    CountryCode,
    CurrencyCode,
    Email,
    IsoDate,
    Label,
    Line,
    Model,
    Money,
    Name,
    Slug,
    Title,
    WebUrl,
    relation_error,
)


class Company(Model):
    """The hiring organization."""

    name: Name = Field(description="The company's name as applicants know it")
    url: WebUrl = Field(description="The company's own website, https://…")


class Location(Model):
    """A place where the work happens."""

    city: Name = Field(description="The city of the office")
    region: Name | None = Field(None, description="State, province or region (optional)")
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

    title: Title = Field(description="The job title, without company, salary or dates")
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
    skills: Annotated[list[Label], Field(min_length=1, max_length=20)] = Field(
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


class JobFile(JobMeta):
    """``content/jobs/<slug>.yaml``: a listing as one YAML file, its description a field.

    Editors' YAML tools complete a .yaml file from its schema, which they cannot do for
    front matter inside Markdown. It loads exactly as a .md listing does: the
    description is taken out and checked as the listing's Markdown body.
    """

    description: str = Field(
        description="The job description in Markdown, written as a block: `description: |` "
        "and the text indented below it"
    )
