"""A role guide as the page shows it: sections in order, anchors, salary tables.

The order and default headings of a guide's sections live here, so the table of
contents, the page and the structured data agree without the template deciding.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from .content import Role
from .formatting import money, money_range, years_label
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
class SalaryRow:
    """One row of a salary table with the geometry of its range bar, in percent."""

    label: str
    years: str | None
    note: str | None
    group: str | None
    low: str
    high: str
    range_text: str
    bar_left: float
    bar_width: float
    open_ended: bool


@dataclass(frozen=True)
class SalaryTable:
    """A captioned table of salary bands."""

    anchor: str
    caption: str
    heading: str
    rows: tuple[SalaryRow, ...]

    @property
    def row_groups(self) -> tuple[tuple[str | None, tuple[SalaryRow, ...]], ...]:
        """Runs of adjacent rows that share a ``group`` heading."""
        runs: list[tuple[str | None, list[SalaryRow]]] = []
        for row in self.rows:
            if runs and runs[-1][0] == row.group:
                runs[-1][1].append(row)
            else:
                runs.append((row.group, [row]))
        return tuple((group, tuple(rows)) for group, rows in runs)


@dataclass(frozen=True)
class SalaryView:
    """Everything the salary section shows."""

    data: SalaryData
    national: str
    tables: tuple[SalaryTable, ...]
    axis: tuple[tuple[str, float], ...]
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
    """Salary tables with range bars drawn on one shared axis."""
    bands: list[Band] = [*data.by_location, *data.by_experience, *data.by_industry]
    lows = [data.national.min, *(b.min for b in bands)]
    highs = [data.national.max, *(b.max for b in bands)]
    step = _axis_step(max(highs) - min(lows))
    start = min(lows) // step * step
    end = -(-max(highs) // step) * step
    if end == start:
        end = start + step

    def row(band: Band) -> SalaryRow:
        years = None
        if isinstance(band, ExperienceBand):
            years = years_label(band.years_min, band.years_max)
        return SalaryRow(
            label=band.label,
            years=years,
            note=band.note,
            group=band.group,
            low=money(band.min, data.currency),
            high=money(band.max, data.currency) + ("+" if band.open_ended else ""),
            range_text=money_range(band.min, band.max, data.currency, band.open_ended),
            bar_left=round((band.min - start) / (end - start) * 100, 2),
            bar_width=round((band.max - band.min) / (end - start) * 100, 2),
            open_ended=band.open_ended,
        )

    tables = tuple(
        SalaryTable(anchor, caption, heading, tuple(row(b) for b in rows))
        for anchor, caption, heading, rows in (
            ("salaries-by-location", "By location", "Location", data.by_location),
            ("salaries-by-experience", "By experience", "Experience", data.by_experience),
            ("salaries-by-industry", "By industry", "Industry", data.by_industry),
        )
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
    axis = tuple(
        (money(v, data.currency), round((v - start) / (end - start) * 100, 2))
        for v in range(start, end + 1, step)
    )
    return SalaryView(
        data=data,
        national=money_range(data.national.min, data.national.max, data.currency),
        tables=tables,
        axis=axis,
        extras=extras,
    )


def _axis_step(span: int) -> int:
    """The smallest round step (1, 2 or 5 × 10ⁿ) that spans ``span`` in at most five ticks."""
    power = 1
    while True:
        for multiple in (1, 2, 5):
            if span <= 5 * multiple * power:
                return multiple * power
        power *= 10
