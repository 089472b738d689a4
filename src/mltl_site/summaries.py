"""The role guide's visual summary: pay, career path, demand and length in one strip."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from dataclasses import replace

from pydantic import BaseModel

from .content import Role
from .facets import facet_values
from .formatting import money_range, per_period
from .guide import GuideSection, salary_view
from .markdown import Prose
from .site import Site
from .views import Glance, SkillLink

WORDS_PER_MINUTE = 230
TOP_SKILLS = 6


def glance(site: Site, role: Role, sections: tuple[GuideSection, ...]) -> Glance:
    """What the top of a guide shows before its sections."""
    listings = site.open_by_role.get(role.slug, ())
    salary = role.salary
    path = role.meta.career_path
    stages = tuple(stage.title for stage in path.stages) if path else ()
    current = next(
        (i for i, stage in enumerate(path.stages) if stage.role == role.slug), -1
    ) if path else -1  # fmt: skip
    skills: Counter[tuple[str, str]] = Counter()
    for listing in listings:
        skills.update(set(facet_values(listing, site.content.roles)["skill"]))
    top = sorted(skills.items(), key=lambda kv: (-kv[1], kv[0][1].casefold()))[:TOP_SKILLS]
    minutes = max(1, round(sum(len(text.split()) for text in _texts(role)) / WORDS_PER_MINUTE))
    count = len(listings)
    chart = salary_view(salary).national_chart if salary else None
    return Glance(
        salary=replace(chart, id="chart-glance-pay") if chart else None,
        salary_label=f"Typical {salary.market} pay, {salary.year}" if salary else None,
        salary_range=(
            money_range(salary.national.min, salary.national.max, salary.currency)
            + f" {per_period(salary.period)}"
        )
        if salary
        else None,
        salary_url=next((f"#{s.anchor}" for s in sections if s.kind == "salary"), None),
        stages=stages,
        current_stage=current,
        open_jobs=f"{count:,} open job{'' if count == 1 else 's'}",
        jobs_url=site.role_jobs_url(role),
        skills=tuple(SkillLink(text, site.link_for("skill", slug)) for (slug, text), _ in top),
        reading=f"{minutes} min read · {len(sections)} sections",
    )


def _texts(role: Role) -> Iterator[str]:
    """Every piece of text of a guide: its sections, overview and salary notes."""
    yield from _strings(role.meta)
    if role.body is not None:
        yield role.body.source
    yield from _strings(role.salary)


def _strings(value: object) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, Prose):
        yield value.source
    elif isinstance(value, BaseModel):
        for name in type(value).model_fields:
            yield from _strings(getattr(value, name))
    elif isinstance(value, list | tuple):
        for item in value:
            yield from _strings(item)
