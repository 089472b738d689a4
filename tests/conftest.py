"""Fixtures: small content trees in ``tmp_path`` built with the project's own templates."""

from __future__ import annotations

import datetime as dt
import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest

from mltl_site.config import BuildOptions, Project
from mltl_site.errors import BuildFailed
from mltl_site.pipeline import load_site, render_site

REPO = Path(__file__).resolve().parent.parent
BUILD_DATE = dt.date(2026, 11, 22)

SITE_YAML = """\
title: Test Jobs
description: A small board for tests.
base_url: https://jobs.example.org/
language: en
jobs_per_page: 2
facet_min_listings: 1
navigation:
  - label: Jobs
    url: /jobs/
  - label: Guide
    url: /roles/ml-tech-lead/
"""

HOME_MD = """\
---
title: Tech lead jobs
description: Jobs for tech leads.
role: ml-tech-lead
listings: 3
---
An introduction with a [link to jobs](/jobs/).
"""

ROLE_YAML = """\
title: Machine Learning Tech Lead
short_title: ML Tech Lead
summary: Leads a machine learning team.
key_responsibilities:
  items:
    - Technical Leadership: Lead and mentor a team.
    - Plain item
career_path:
  intro: The usual path.
  stages:
    - title: Data Scientist
      role: data-scientist
    - title: Machine Learning Tech Lead
      role: ml-tech-lead
    - title: Director
      role: director-of-ml
soft_skills:
  groups:
    - name: Communication
      items: [Active listening]
"""

SALARY_YAML = """\
market: US
year: 2024
currency: USD
national: {min: 160000, max: 250000}
by_location:
  - label: Big City
    group: Hubs
    min: 200000
    max: 300000
    open_ended: true
by_experience:
  - label: Senior Roles
    years_min: 10
    min: 200000
    max: 300000
"""

SECOND_ROLE_YAML = """\
title: Data Scientist
summary: Turns data into decisions.
skills:
  items: [Statistics, SQL]
"""


def job_md(
    title: str = "Senior ML Tech Lead",
    *,
    posted: str = "2026-11-20",
    valid: str = "2027-01-31",
    extra: str = "",
    body: str = "A good job.\n",
    workplace: str = "onsite",
    salary: str = "salary: {currency: USD, min: 200000, max: 250000, period: year}",
    skills: str = "[Python, PyTorch]",
) -> str:
    """A valid listing; keyword arguments change one part of it."""
    where = (
        "remote_from: [US, CA]"
        if workplace == "remote"
        else "locations:\n  - {city: Berlin, country: DE}"
    )
    return (
        f"---\ntitle: {title}\nrole: ml-tech-lead\n"
        "company: {name: Acme, url: https://acme.example.test/}\n"
        f"workplace: {workplace}\n{where}\nemployment_type: full-time\nseniority: senior\n"
        f"{salary}\ndate_posted: {posted}\nvalid_through: {valid}\n"
        "apply: {url: https://acme.example.test/apply}\n"
        f"skills: {skills}\n{extra}---\n{body}"
    )


class SiteTree:
    """A content tree under construction in ``tmp_path``."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.project = Project(
            root=root,
            content=root / "content",
            templates=REPO / "templates",
            static=REPO / "static",
        )

    def write(self, relative: str, text: str | bytes) -> Path:
        path = self.root / "content" / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(textwrap.dedent(text) if text.startswith("\n") else text, "utf-8")
        return path

    def remove(self, relative: str) -> None:
        (self.root / "content" / relative).unlink()

    def options(self, **changes: object) -> BuildOptions:
        values: dict[str, object] = {"build_date": BUILD_DATE}
        values.update(changes)
        return BuildOptions(**values)  # type: ignore[arg-type]

    def files(self, **changes: object) -> dict[str, bytes]:
        """Build in memory and return every output file."""
        site = load_site(self.project, self.options(**changes))
        return render_site(self.project, site)[1]

    def html(self, path: str, **changes: object) -> str:
        return self.files(**changes)[path].decode("utf-8")

    def errors(self, **changes: object) -> list[str]:
        """The build's error messages; fails the test if the build succeeds."""
        with pytest.raises(BuildFailed) as caught:
            self.files(**changes)
        return [str(e) for e in caught.value.errors]


@pytest.fixture
def tree(tmp_path: Path) -> SiteTree:
    """A small valid site: two roles, three listings, one page."""
    return small_site(tmp_path)


def small_site(root: Path) -> SiteTree:
    """The content of the ``tree`` fixture, written below ``root``."""
    site = SiteTree(root)
    site.write("site.yaml", SITE_YAML)
    site.write("home.md", HOME_MD)
    site.write("roles/ml-tech-lead/role.yaml", ROLE_YAML)
    site.write("roles/ml-tech-lead/overview.md", "The role in **brief**.\n\n## More\n\nDetail.\n")
    site.write("roles/ml-tech-lead/salary.yaml", SALARY_YAML)
    site.write("roles/data-scientist/role.yaml", SECOND_ROLE_YAML)
    site.write("roles/data-scientist/overview.md", "Data scientists analyse data.\n")
    site.write("jobs/acme-lead.md", job_md())
    site.write("jobs/globex-lead.md", job_md("Staff ML Lead", posted="2026-11-01"))
    site.write(
        "jobs/initech-lead.md", job_md("Remote ML Lead", posted="2026-10-01", workplace="remote")
    )
    site.write("pages/about.md", "---\ntitle: About\ndescription: About us.\n---\nWe are small.\n")
    return site


BuildTree = Callable[..., SiteTree]
