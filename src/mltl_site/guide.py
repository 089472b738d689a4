"""A role guide as the page shows it: sections in order, anchors, salary tables.

The order and default headings of a guide's sections live here, so the table of
contents, the page and the structured data agree without the template deciding.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from .charts import Chart, Range, make_axis, range_chart
from .content import Role
from .formatting import money_range, per_period, years_label
from .models import Area, Band, ExperienceBand, ItemSection, SalaryData, Section

# (field, anchor, default heading, kind) in page order.
SECTIONS: tuple[tuple[str, str, str, str], ...] = (
    ("key_responsibilities", "key-responsibilities", "Key responsibilities", "items"),
    ("skills", "skills", "Skills and qualifications", "items"),
    ("career_path", "career-path", "Career path", "career_path"),
    ("challenges", "challenges", "Challenges", "items"),
    ("core_responsibilities", "core-responsibilities", "Core responsibilities", "groups"),
    ("requirements", "requirements", "Requirements", "requirements"),
    ("career_development", "career-development", "Career development", "areas"),
    ("market_demand", "market-demand", "Market demand", "areas"),
    ("salary", "salaries", "Salary ranges", "salary"),
    ("industry_trends", "industry-trends", "Industry trends", "items"),
    ("soft_skills", "soft-skills", "Soft skills", "groups"),
    ("best_practices", "best-practices", "Best practices", "items"),
    ("common_challenges", "common-challenges", "Common challenges", "items"),
)
REQUIREMENT_PARTS = (
    "education",
    "technical",
    "leadership",
    "communication",
    "problem_solving",
    "business_acumen",
    "additional",
)


@dataclass(frozen=True)
class StageView:
    """A career-path stage with its link resolved."""

    title: str
    url: str | None
    current: bool
    summary: str | None


@dataclass(frozen=True)
class SalaryChart:
    """One group of salary bands: a chart and, beside it, a table of the same rows."""

    anchor: str
    caption: str
    heading: str  # the table's first column
    chart: Chart


@dataclass(frozen=True)
class SalaryView:
    """Everything the salary section shows, every chart on one shared axis."""

    data: SalaryData
    national: str
    per: str
    national_chart: Chart
    charts: tuple[SalaryChart, ...]
    extras: tuple[tuple[str, ItemSection], ...]


@dataclass(frozen=True)
class GuideSection:
    """One section of a guide page."""

    anchor: str
    title: str
    kind: str
    section: Section | None
    body: object


def guide_sections(role: Role, roles: Mapping[str, Role]) -> tuple[GuideSection, ...]:
    """The sections a role's guide page shows, in order, overview first."""
    out = [GuideSection("overview", "Overview", "overview", None, role.body)]
    for field, anchor, default, kind in SECTIONS:
        if field == "salary":
            if role.salary is not None:
                title = role.salary.title or default
                out.append(GuideSection(anchor, title, kind, None, salary_view(role.salary)))
            continue
        section: Section | None = getattr(role.meta, field)
        if section is None:
            continue
        body: object = section
        if kind == "career_path":
            body = career_stages(role, roles)
        elif kind == "requirements":
            body = tuple(
                area
                for area in (getattr(section, part) for part in REQUIREMENT_PARTS)
                if isinstance(area, Area)
            )
        out.append(GuideSection(anchor, section.title or default, kind, section, body))
    return tuple(out)


def career_stages(role: Role, roles: Mapping[str, Role]) -> tuple[StageView, ...]:
    """The stages of a role's career path, linked where the stage's guide exists."""
    path = role.meta.career_path
    if path is None:
        return ()
    return tuple(
        StageView(
            title=stage.title,
            url=f"roles/{stage.role}/" if stage.role in roles and stage.role != role.slug else None,
            current=stage.role == role.slug,
            summary=stage.summary,
        )
        for stage in path.stages
    )


def salary_view(data: SalaryData) -> SalaryView:
    """The guide's salary charts, drawn on one axis so that their bars compare."""
    per = per_period(data.period)
    national = money_range(data.national.min, data.national.max, data.currency)
    groups: list[tuple[str, str, str, list[Band]]] = [
        ("salaries-by-location", "By location", "Location", data.by_location),
        ("salaries-by-experience", "By experience", "Experience", list(data.by_experience)),
        ("salaries-by-industry", "By industry", "Industry", data.by_industry),
    ]
    bands: list[Band] = [b for *_, rows in groups for b in rows]
    axis = make_axis(
        [data.national.min, data.national.max, *(v for b in bands for v in (b.min, b.max))],
        data.currency,
        [b.max for b in bands if b.open_ended],
    )
    reference = (f"typical {data.market} range {national}", data.national.min, data.national.max)

    def ranges(rows: list[Band]) -> list[Range]:
        out = []
        for band in rows:
            years = None
            if isinstance(band, ExperienceBand):
                years = years_label(band.years_min, band.years_max)
            out.append(
                Range(band.label, band.min, band.max, band.open_ended, band.group, years, band.note)
            )
        return out

    charts = tuple(
        SalaryChart(
            anchor,
            caption,
            heading,
            range_chart(
                f"chart-{anchor}",
                f"{data.market} salaries {caption.lower()} ({data.year})",
                ranges(rows),
                data.currency,
                per,
                axis=axis,
                band=reference,
            ),
        )
        for anchor, caption, heading, rows in groups
        if rows
    )
    extras = tuple(
        (title, section)
        for title, section in (
            ("Total compensation", data.total_compensation),
            ("Factors influencing salary", data.factors),
            ("Salary negotiation tips", data.negotiation_tips),
        )
        if section is not None
    )
    national_chart = range_chart(
        "chart-salaries-national",
        f"Typical {data.market} range ({data.year})",
        [Range(f"All of the {data.market}", data.national.min, data.national.max)],
        data.currency,
        per,
        axis=axis,
        labels=False,
    )
    return SalaryView(data, national, per, national_chart, charts, extras)
