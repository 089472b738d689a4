"""The content format: one pydantic model per kind of content file.

These models are the only description of the format; the JSON Schema that editors'
tools use is generated from them (``mltl-site schema``). They are strict: a value
of the wrong type is an error, never coerced, and unknown keys are refused.

- ``types``: the scalar types (``Line``, ``Slug``, ``WebUrl``…) and the base ``Model``.
- ``site``: ``site.yaml``, ``home.md`` and free pages.
- ``role``: a role guide's ``role.yaml`` and ``salary.yaml``.
- ``job``: a listing's front matter.
"""

from __future__ import annotations

from ..markdown import Prose
from ..vocab import EmploymentType, Period, Seniority, Workplace
from .job import Apply, Company, JobMeta, JobSalary, Location, Source, SourceSystem
from .role import (
    Area,
    AreaSection,
    Band,
    CareerPath,
    ExperienceBand,
    Group,
    GroupSection,
    ItemSection,
    NationalRange,
    Requirements,
    RoleMeta,
    SalaryData,
    Section,
    Stage,
)
from .site import (
    HomePage,
    ImportDefaults,
    ImportSource,
    NavLink,
    Organization,
    PageMeta,
    SiteConfig,
)
from .types import Model, NamedItem, _slug, check_url, relation_error

__all__ = [
    "Apply",
    "Area",
    "AreaSection",
    "Band",
    "CareerPath",
    "Company",
    "EmploymentType",
    "ExperienceBand",
    "Group",
    "GroupSection",
    "HomePage",
    "ImportDefaults",
    "ImportSource",
    "ItemSection",
    "JobMeta",
    "JobSalary",
    "Location",
    "Model",
    "NamedItem",
    "NationalRange",
    "NavLink",
    "Organization",
    "PageMeta",
    "Period",
    "Prose",
    "Requirements",
    "RoleMeta",
    "SalaryData",
    "Section",
    "Seniority",
    "SiteConfig",
    "Source",
    "SourceSystem",
    "Stage",
    "Workplace",
    "_slug",
    "check_url",
    "relation_error",
]
