"""``mltl-site new``: starting files that are complete and valid, never overwriting.

The comment above each field is the field's description in the models, so the
starting files and the format cannot drift apart.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from pathlib import Path

from pydantic import BaseModel

from .config import Project
from .errors import SiteError
from .iso import CURRENCY_OF
from .models import Apply as ApplyModel
from .models import Company, JobMeta, JobSalary, Location, RoleMeta
from .urls import slugify

# Listings on most boards run 30 to 60 days; Google drops postings whose date has passed.
VALID_FOR_DAYS = 60


def _comment(model: type[BaseModel], field: str, indent: str = "") -> str:
    description = model.model_fields[field].description
    return f"{indent}# {description}\n" if description else ""


def _q(text: str) -> str:
    """A YAML double-quoted scalar (JSON strings are valid YAML)."""
    return json.dumps(text, ensure_ascii=False)


@dataclass(frozen=True)
class NewJob:
    """What ``new job`` needs to know."""

    title: str
    company: str
    role: str
    today: dt.date
    city: str | None = None
    country: str | None = None
    remote_from: tuple[str, ...] = ()
    slug: str | None = None


def job_text(job: NewJob) -> str:
    """A listing with every field present and explained, kept as a draft until edited."""
    company_slug = slugify(job.company) or "company"
    site = f"https://{company_slug}.example.com/"
    remote = bool(job.remote_from)
    country = job.country or (job.remote_from[0] if remote else None)
    currency = CURRENCY_OF.get(country or "", "USD")
    c = _comment
    lines = [
        "---\n",
        c(JobMeta, "title"), f"title: {_q(job.title)}\n",
        c(JobMeta, "role"), f"role: {job.role}\n",
        c(JobMeta, "company"), "company:\n",
        c(Company, "name", "  "), f"  name: {_q(job.company)}\n",
        c(Company, "url", "  "), f"  url: {site}  # TODO: the company's real website\n",
        c(JobMeta, "workplace"), f"workplace: {'remote' if remote else 'hybrid'}\n",
        c(JobMeta, "locations"),
    ]  # fmt: skip
    if remote:
        lines.append("locations: []\n")
    else:
        lines += [
            "locations:\n",
            c(Location, "city", "  "),
            f"  - city: {_q(job.city or 'City')}{'' if job.city else '  # TODO'}\n",
            c(Location, "region", "    "),
            "    region: null\n",
            c(Location, "country", "    "),
            f"    country: {job.country or 'US'}\n",
        ]
    lines += [
        c(JobMeta, "remote_from"),
        f"remote_from: [{', '.join(job.remote_from)}]\n",
        c(JobMeta, "employment_type"), "employment_type: full-time\n",
        c(JobMeta, "seniority"), "seniority: senior\n",
        c(JobMeta, "salary"), "salary:\n",
        c(JobSalary, "currency", "  "), f"  currency: {currency}\n",
        c(JobSalary, "min", "  "), "  min: 150000  # TODO\n",
        c(JobSalary, "max", "  "), "  max: 200000  # TODO\n",
        c(JobSalary, "period", "  "), "  period: year\n",
        c(JobMeta, "date_posted"), f"date_posted: {job.today.isoformat()}\n",
        c(JobMeta, "valid_through"),
        f"valid_through: {(job.today + dt.timedelta(days=VALID_FOR_DAYS)).isoformat()}\n",
        c(JobMeta, "apply"), "apply:\n",
        c(ApplyModel, "url", "  "), f"  url: {site}careers/  # TODO\n",
        c(ApplyModel, "email", "  "), "  email: null\n",
        c(JobMeta, "skills"), "skills: [Python, Machine Learning, Leadership]\n",
        c(JobMeta, "draft"), "draft: true  # set to false to publish\n",
        c(JobMeta, "example"), "example: false\n",
        c(JobMeta, "slug"), f"slug: {job.slug or 'null'}\n",
        "---\n",
        "## About the team\n\nTODO: who the team is and what it works on.\n\n",
        "## What you will do\n\n- TODO: the first thing this person will own\n"
        "- TODO: the next one\n\n",
        "## What we are looking for\n\n- TODO: experience that matters\n"
        "- TODO: skills that matter\n\n",
        "## Benefits\n\n- TODO: what comes with the job\n",
    ]  # fmt: skip
    return "".join(lines)


def role_files(slug: str) -> dict[str, str]:
    """A role folder that builds: role.yaml with starter sections and overview.md."""
    title = " ".join(word.capitalize() for word in slug.split("-"))
    c = _comment
    role_yaml = "".join(
        [
            "# yaml-language-server: $schema=../../../schemas/role.schema.json\n",
            "# A role guide. Add sections as you write them; the editor's guide lists them all.\n",
            "# Salary figures go in salary.yaml beside this file (schemas/salary.schema.json).\n",
            c(RoleMeta, "title"), f"title: {_q(title)}\n",
            c(RoleMeta, "short_title"), "short_title: null\n",
            c(RoleMeta, "summary"),
            f"summary: {_q(f'What a {title} does, in one or two sentences.')}\n",
            c(RoleMeta, "updated"), "updated: null\n",
            "key_responsibilities:\n",
            "  intro: What the job involves day to day.\n",
            "  items:\n",
            "    - \"First responsibility: what it means in practice.\"\n",
            "    - A responsibility without a lead-in\n",
            "skills:\n",
            "  items:\n",
            "    - A skill or qualification employers ask for\n",
            "career_path:\n",
            "  intro: Where people come from and where they go next.\n",
            "  stages:\n",
            "    - title: The role before\n",
            f"    - title: {_q(title)}\n",
            f"      role: {slug}\n",
        ]
    )  # fmt: skip
    overview = f"Write the overview of the {title} role here, in Markdown.\n"
    return {"role.yaml": role_yaml, "overview.md": overview}


def write_new(path: Path, text: str, project: Project) -> None:
    """Create ``path`` with ``text``; refuse to touch an existing file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        with path.open("x", encoding="utf-8") as handle:
            handle.write(text)
    except FileExistsError:
        raise SiteError(
            "already exists; nothing was written (choose another title or pass --slug)",
            path=project.display(path),
        ) from None


def new_job_path(project: Project, job: NewJob) -> Path:
    slug = job.slug or slugify(f"{job.company} {job.title}")[:80].strip("-")
    if not slug:
        raise SiteError("the title and company need letters or digits to make a file name")
    return project.content / "jobs" / f"{slug}.md"


def new_role_folder(project: Project, slug: str) -> Path:
    folder = project.content / "roles" / slug
    if folder.exists():
        raise SiteError("already exists; nothing was written", path=project.display(folder))
    return folder
