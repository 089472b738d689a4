"""A role guide: ``role.yaml`` (the structured sections) and ``salary.yaml`` (the figures)."""

from __future__ import annotations

from typing import Annotated

from pydantic import Field, model_validator

from ..vocab import Period
from .types import (
    CountryCode,
    CurrencyCode,
    Description,
    IsoDate,
    Item,
    Items,
    Label,
    Line,
    Markdown,
    Model,
    Name,
    PositiveInt,
    Slug,
    Text,
    Title,
    relation_error,
)


class Group(Model):
    """A named group of list items."""

    name: Title
    intro: Markdown | None = None
    items: Items


class Area(Model):
    """A named part of a section: list items, groups of items, or both."""

    name: Title
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

    title: Title | None = Field(None, description="Heading; each section has a sensible default")
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

    title: Title
    role: Slug | None = Field(
        None, description="The role folder of this stage; linked when that guide exists"
    )
    summary: Text | None = None


class CareerPath(Section):
    """The ordered stages that lead to and from the role."""

    stages: Annotated[list[Stage], Field(min_length=2)]


class RoleMeta(Model):
    """``role.yaml``: a role's name and its structured guide sections."""

    title: Title = Field(description="The role's full name, e.g. Machine Learning Tech Lead")
    short_title: Label | None = Field(None, description="A short form, e.g. ML Tech Lead")
    summary: Description = Field(description="One or two sentences for cards and meta description")
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

    label: Name
    open_ended: bool = False
    group: Name | None = Field(None, description="A heading shared by several bands")
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

    title: Title | None = None
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
