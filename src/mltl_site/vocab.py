"""One table per vocabulary: workplaces, employment types, seniority, pay periods, facets.

Each table is the only place its values, words and machine codes are written. The
``Literal`` types beside them are what the models accept; an import-time check keeps
each type and its table the same set.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal, get_args

Workplace = Literal["onsite", "hybrid", "remote"]
EmploymentType = Literal["full-time", "part-time", "contract", "temporary", "internship"]
Seniority = Literal["mid", "senior", "staff", "lead", "principal", "director"]
Period = Literal["hour", "day", "week", "month", "year"]


@dataclass(frozen=True)
class Term:
    """A value of a vocabulary with the words a page uses for it."""

    value: str
    label: str
    order: int


@dataclass(frozen=True)
class EmploymentTerm(Term):
    schema_org: str  # Google's JobPosting employmentType


@dataclass(frozen=True)
class PayPeriod(Term):
    annual_factor: int  # yearly figure = figure × factor; never across currencies
    unit: str  # schema.org unitText
    duration: str  # ISO 8601, for MonetaryAmountDistribution
    per: str  # "a year"


# Remote first: the workplace most visitors filter for.
WORKPLACES: dict[str, Term] = {
    t.value: t
    for t in (
        Term("remote", "Remote", 0),
        Term("hybrid", "Hybrid", 1),
        Term("onsite", "On-site", 2),
    )
}
EMPLOYMENT_TYPES: dict[str, EmploymentTerm] = {
    t.value: t
    for t in (
        EmploymentTerm("full-time", "Full-time", 0, "FULL_TIME"),
        EmploymentTerm("part-time", "Part-time", 1, "PART_TIME"),
        EmploymentTerm("contract", "Contract", 2, "CONTRACTOR"),
        EmploymentTerm("temporary", "Temporary", 3, "TEMPORARY"),
        EmploymentTerm("internship", "Internship", 4, "INTERN"),
    )
}
SENIORITIES: dict[str, Term] = {
    t.value: t
    for t in (
        Term("mid", "Mid-level", 0),
        Term("senior", "Senior", 1),
        Term("staff", "Staff", 2),
        Term("lead", "Lead", 3),
        Term("principal", "Principal", 4),
        Term("director", "Director", 5),
    )
}
# Hours in a working year: 40 × 52; working days: 5 × 52.
PAY_PERIODS: dict[str, PayPeriod] = {
    t.value: t
    for t in (
        PayPeriod("hour", "Hourly", 0, 2080, "HOUR", "PT1H", "an hour"),
        PayPeriod("day", "Daily", 1, 260, "DAY", "P1D", "a day"),
        PayPeriod("week", "Weekly", 2, 52, "WEEK", "P1W", "a week"),
        PayPeriod("month", "Monthly", 3, 12, "MONTH", "P1M", "a month"),
        PayPeriod("year", "Yearly", 4, 1, "YEAR", "P1Y", "a year"),
    )
}


@dataclass(frozen=True)
class Dimension:
    """A way to group listings: its URL folder, headings and the facet page's title."""

    name: str
    heading: str
    plural: str
    title: str  # with {label}
    browse_first: int  # how many values the shared "Browse jobs" box shows


DIMENSIONS: tuple[Dimension, ...] = (
    Dimension("workplace", "Workplace", "Workplaces", "{label} jobs", 3),
    Dimension("country", "Country", "Countries", "Jobs in {label}", 8),
    Dimension("city", "City", "Cities", "Jobs in {label}", 8),
    Dimension("seniority", "Seniority", "Seniority levels", "{label} jobs", 6),
    Dimension("skill", "Skill", "Skills", "Jobs asking for {label}", 12),
    Dimension("company", "Company", "Companies", "Jobs at {label}", 8),
    Dimension("role", "Role", "Roles", "{label} jobs", 6),
)
DIMENSION: dict[str, Dimension] = {d.name: d for d in DIMENSIONS}

# Every value a page may show for a content code, in one lookup.
LABELS: dict[str, str] = {
    term.value: term.label
    for table in (WORKPLACES, EMPLOYMENT_TYPES, SENIORITIES)
    for term in table.values()
}


def _same(kind: object, table: dict[str, object], name: str) -> None:
    if set(get_args(kind)) != set(table):
        raise AssertionError(f"vocab: the {name} type and table differ")


_same(Workplace, dict(WORKPLACES), "workplace")
_same(EmploymentType, dict(EMPLOYMENT_TYPES), "employment type")
_same(Seniority, dict(SENIORITIES), "seniority")
_same(Period, dict(PAY_PERIODS), "pay period")
