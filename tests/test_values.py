"""Every value of every machine output, pinned: feeds, sitemap, jobs.json, JSON-LD and
the similar jobs. A board of listings that differ in every field, so that a value
taken from the wrong field, or the wrong day, shows."""

from __future__ import annotations

import datetime as dt
import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest

from conftest import HOME_MD, ROLE_YAML, SALARY_YAML, SITE_YAML, SiteTree, job_md
from mltl_site.checks import check_project
from mltl_site.pipeline import build
from test_machine_outputs import structured

SITE = "https://jobs.example.org/"
ATOM = "{http://www.w3.org/2005/Atom}"
LISTINGS = {
    "north-lead": """\
---
title: Lead ML Engineer
role: ml-tech-lead
company: {name: Northwind, url: "https://northwind.example.test/"}
workplace: hybrid
locations:
  - {city: Munich, region: Bavaria, country: DE}
employment_type: full-time
seniority: lead
salary: {currency: EUR, min: 90000, max: 120000, period: year}
date_posted: 2026-11-21
valid_through: 2026-12-15
apply: {url: "https://northwind.example.test/jobs/1"}
skills: [Python, Spark]
---
Northwind **builds** maps.
""",
    "south-lead": """\
---
title: Staff ML Lead
role: ml-tech-lead
company: {name: Southwind, url: "https://southwind.example.test/"}
workplace: remote
remote_from: [US, CA]
employment_type: contract
seniority: staff
salary: {currency: USD, min: 95, max: 120, period: hour}
date_posted: 2026-11-10
valid_through: 2027-02-28
apply: {email: jobs@southwind.example.test}
skills: [Go]
---
Remote work.
""",
    "east-lead": """\
---
title: Principal ML Lead
role: ml-tech-lead
company: {name: Eastwind, url: "https://eastwind.example.test/"}
workplace: onsite
locations:
  - {city: London, country: GB}
employment_type: full-time
seniority: principal
date_posted: 2026-09-30
valid_through: 2027-01-10
apply: {url: "https://eastwind.example.test/apply"}
skills: [Python, Leadership]
---
An office job.
""",
    "closed-lead": """\
---
title: Closed ML Lead
role: ml-tech-lead
company: {name: Westwind, url: "https://westwind.example.test/"}
workplace: onsite
locations:
  - {city: Paris, country: FR}
employment_type: full-time
seniority: senior
date_posted: 2026-08-01
valid_through: 2026-11-01
apply: {url: "https://westwind.example.test/apply"}
skills: [Python]
---
Gone.
""",
    "later-lead": """\
---
title: Later ML Lead
role: ml-tech-lead
company: {name: Westwind, url: "https://westwind.example.test/"}
workplace: onsite
locations:
  - {city: Paris, country: FR}
employment_type: full-time
seniority: senior
date_posted: 2026-12-01
valid_through: 2027-03-01
apply: {url: "https://westwind.example.test/apply"}
skills: [Python]
---
Not yet.
""",
}


@pytest.fixture
def files(tmp_path: Path) -> dict[str, bytes]:
    """The board built on 2026-11-22: three open listings, one closed, one scheduled."""
    tree = board(tmp_path)
    return tree.files()


def board(root: Path) -> SiteTree:
    tree = SiteTree(root)
    tree.write("site.yaml", SITE_YAML.replace("jobs_per_page: 2", "jobs_per_page: 20"))
    tree.write("home.md", HOME_MD)
    tree.write("roles/ml-tech-lead/role.yaml", ROLE_YAML)
    tree.write("roles/ml-tech-lead/overview.md", "The role.\n")
    tree.write("roles/ml-tech-lead/salary.yaml", SALARY_YAML)
    tree.write(
        "pages/about.md", "---\ntitle: About\ndescription: x.\nupdated: 2026-10-05\n---\nSmall.\n"
    )
    for slug, text in LISTINGS.items():
        tree.write(f"jobs/{slug}.md", text)
    return tree


def test_the_json_feed_pins_every_value(files: dict[str, bytes]) -> None:
    document = json.loads(files["jobs/feed.json"])
    assert {k: v for k, v in document.items() if k != "items"} == {
        "version": "https://jsonfeed.org/version/1.1",
        "title": "Open jobs · Test Jobs",
        "home_page_url": SITE + "jobs/",
        "feed_url": SITE + "jobs/feed.json",
        "description": "Open jobs on Test Jobs, newest first.",
        "language": "en",
        "authors": [{"name": "Test Jobs"}],
    }
    assert document["items"] == [
        {
            "id": SITE + "jobs/north-lead/",
            "url": SITE + "jobs/north-lead/",
            "title": "Lead ML Engineer",
            "content_html": "<p>Northwind <strong>builds</strong> maps.</p>",
            "summary": "Northwind · Munich, Bavaria, Germany · €90,000 – €120,000 a year",
            "date_published": "2026-11-21T00:00:00Z",
            "authors": [{"name": "Northwind", "url": "https://northwind.example.test/"}],
            "tags": ["Python", "Spark"],
            "_job": {"company": "Northwind", "workplace": "hybrid",
                     "location": "Munich, Bavaria, Germany",
                     "salary": "€90,000 – €120,000 a year", "valid_through": "2026-12-15"},
        },
        {
            "id": SITE + "jobs/south-lead/",
            "url": SITE + "jobs/south-lead/",
            "title": "Staff ML Lead",
            "content_html": "<p>Remote work.</p>",
            "summary": "Southwind · United States or Canada · $95 – $120 an hour",
            "date_published": "2026-11-10T00:00:00Z",
            "authors": [{"name": "Southwind", "url": "https://southwind.example.test/"}],
            "tags": ["Go"],
            "_job": {"company": "Southwind", "workplace": "remote",
                     "location": "United States or Canada", "salary": "$95 – $120 an hour",
                     "valid_through": "2027-02-28"},
        },
        {
            "id": SITE + "jobs/east-lead/",
            "url": SITE + "jobs/east-lead/",
            "title": "Principal ML Lead",
            "content_html": "<p>An office job.</p>",
            "summary": "Eastwind · London, United Kingdom",
            "date_published": "2026-09-30T00:00:00Z",
            "authors": [{"name": "Eastwind", "url": "https://eastwind.example.test/"}],
            "tags": ["Python", "Leadership"],
            "_job": {"company": "Eastwind", "workplace": "onsite",
                     "location": "London, United Kingdom", "salary": None,
                     "valid_through": "2027-01-10"},
        },
    ]  # fmt: skip


def atom(data: bytes) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    root = ET.fromstring(data)

    def text(element: ET.Element, tag: str) -> str | None:
        found = element.find(ATOM + tag)
        return None if found is None else found.text

    feed = {
        "id": text(root, "id"), "title": text(root, "title"),
        "subtitle": text(root, "subtitle"), "updated": text(root, "updated"),
        "author": root.findtext(f"{ATOM}author/{ATOM}name"),
        "links": [(link.get("rel"), link.get("href")) for link in root.findall(ATOM + "link")],
    }  # fmt: skip
    entries = [
        {
            "id": text(entry, "id"),
            "title": text(entry, "title"),
            "link": entry.find(ATOM + "link").get("href"),  # type: ignore[union-attr]
            "published": text(entry, "published"),
            "updated": text(entry, "updated"),
            "author": entry.findtext(f"{ATOM}author/{ATOM}name"),
            "summary": text(entry, "summary"),
            "content": text(entry, "content"),
            "categories": [c.get("term") for c in entry.findall(ATOM + "category")],
        }
        for entry in root.findall(ATOM + "entry")
    ]
    return feed, entries


def test_the_atom_feed_pins_every_value(files: dict[str, bytes]) -> None:
    feed, entries = atom(files["jobs/feed.xml"])
    assert feed == {
        "id": SITE + "jobs/", "title": "Open jobs · Test Jobs",
        "subtitle": "Open jobs on Test Jobs, newest first.",
        # The newest listing's posting day, not the build date (2026-11-22).
        "updated": "2026-11-21T00:00:00Z",
        "author": "Test Jobs",
        "links": [("self", SITE + "jobs/feed.xml"), ("alternate", SITE + "jobs/")],
    }  # fmt: skip
    assert entries == [
        {"id": SITE + "jobs/north-lead/", "title": "Lead ML Engineer",
         "link": SITE + "jobs/north-lead/", "published": "2026-11-21T00:00:00Z",
         "updated": "2026-11-21T00:00:00Z", "author": "Northwind",
         "summary": "Northwind · Munich, Bavaria, Germany · €90,000 – €120,000 a year",
         "content": "<p>Northwind <strong>builds</strong> maps.</p>",
         "categories": ["Python", "Spark"]},
        {"id": SITE + "jobs/south-lead/", "title": "Staff ML Lead",
         "link": SITE + "jobs/south-lead/", "published": "2026-11-10T00:00:00Z",
         "updated": "2026-11-10T00:00:00Z", "author": "Southwind",
         "summary": "Southwind · United States or Canada · $95 – $120 an hour",
         "content": "<p>Remote work.</p>", "categories": ["Go"]},
        {"id": SITE + "jobs/east-lead/", "title": "Principal ML Lead",
         "link": SITE + "jobs/east-lead/", "published": "2026-09-30T00:00:00Z",
         "updated": "2026-09-30T00:00:00Z", "author": "Eastwind",
         "summary": "Eastwind · London, United Kingdom",
         "content": "<p>An office job.</p>", "categories": ["Python", "Leadership"]},
    ]  # fmt: skip


def test_a_facet_feed_is_updated_by_its_own_newest_listing(files: dict[str, bytes]) -> None:
    feed, entries = atom(files["jobs/workplace/remote/feed.xml"])
    assert feed["updated"] == "2026-11-10T00:00:00Z"
    assert [e["id"] for e in entries] == [SITE + "jobs/south-lead/"]
    feed, entries = atom(files["jobs/skill/python/feed.xml"])
    assert feed["updated"] == "2026-11-21T00:00:00Z"
    assert [e["id"] for e in entries] == [SITE + "jobs/north-lead/", SITE + "jobs/east-lead/"]


def test_the_sitemap_pins_every_address_and_date(files: dict[str, bytes]) -> None:
    ns = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
    root = ET.fromstring(files["sitemap.xml"])
    entries = [(u.findtext(ns + "loc"), u.findtext(ns + "lastmod")) for u in root]
    newest, south, east = "2026-11-21", "2026-11-10", "2026-09-30"
    facets = {
        "city/": newest, "city/london-gb/": east, "city/munich-de/": newest,
        "company/": newest, "company/eastwind/": east, "company/northwind/": newest,
        "company/southwind/": south, "country/": newest, "country/ca/": south,
        "country/de/": newest, "country/gb/": east, "country/us/": south,
        "east-lead/": east, "north-lead/": newest, "role/": newest,
        "role/ml-tech-lead/": newest, "seniority/": newest, "seniority/lead/": newest,
        "seniority/principal/": east, "seniority/staff/": south, "skill/": newest,
        "skill/go/": south, "skill/leadership/": east, "skill/python/": newest,
        "skill/spark/": newest, "south-lead/": south, "workplace/": newest,
        "workplace/hybrid/": newest, "workplace/onsite/": east, "workplace/remote/": south,
    }  # fmt: skip
    assert entries == [
        (SITE, newest), (SITE + "about/", "2026-10-05"), (SITE + "jobs/", newest),
        *((SITE + "jobs/" + path, day) for path, day in facets.items()),
        (SITE + "roles/", None), (SITE + "roles/ml-tech-lead/", None),
        (SITE + "salaries/", newest),
    ]  # fmt: skip


def test_jobs_json_pins_every_value(files: dict[str, bytes]) -> None:
    document = json.loads(files["jobs.json"])
    assert {k: v for k, v in document.items() if k != "jobs"} == {
        "version": 1, "generated": "2026-11-22", "site": SITE, "count": 3}  # fmt: skip
    common = {"role": "ml-tech-lead", "role_url": SITE + "roles/ml-tech-lead/", "example": False}
    assert document["jobs"] == [
        {"id": "north-lead", "url": SITE + "jobs/north-lead/", "title": "Lead ML Engineer",
         **common, "company": {"name": "Northwind", "url": "https://northwind.example.test/"},
         "workplace": "hybrid",
         "locations": [{"city": "Munich", "region": "Bavaria", "country": "DE"}],
         "remote_from": [], "employment_type": "full-time", "seniority": "lead",
         "salary": {"currency": "EUR", "min": 90000.0, "max": 120000.0, "period": "year",
                    "annual_min": 90000.0, "annual_max": 120000.0},
         "date_posted": "2026-11-21", "valid_through": "2026-12-15",
         "apply_url": "https://northwind.example.test/jobs/1", "apply_email": None,
         "skills": ["Python", "Spark"],
         "description_html": "<p>Northwind <strong>builds</strong> maps.</p>"},
        {"id": "south-lead", "url": SITE + "jobs/south-lead/", "title": "Staff ML Lead",
         **common, "company": {"name": "Southwind", "url": "https://southwind.example.test/"},
         "workplace": "remote", "locations": [], "remote_from": ["US", "CA"],
         "employment_type": "contract", "seniority": "staff",
         # 2,080 working hours a year.
         "salary": {"currency": "USD", "min": 95.0, "max": 120.0, "period": "hour",
                    "annual_min": 197600.0, "annual_max": 249600.0},
         "date_posted": "2026-11-10", "valid_through": "2027-02-28",
         "apply_url": None, "apply_email": "jobs@southwind.example.test", "skills": ["Go"],
         "description_html": "<p>Remote work.</p>"},
        {"id": "east-lead", "url": SITE + "jobs/east-lead/", "title": "Principal ML Lead",
         **common, "company": {"name": "Eastwind", "url": "https://eastwind.example.test/"},
         "workplace": "onsite",
         "locations": [{"city": "London", "region": None, "country": "GB"}],
         "remote_from": [], "employment_type": "full-time", "seniority": "principal",
         "salary": None, "date_posted": "2026-09-30", "valid_through": "2027-01-10",
         "apply_url": "https://eastwind.example.test/apply", "apply_email": None,
         "skills": ["Python", "Leadership"], "description_html": "<p>An office job.</p>"},
    ]  # fmt: skip


def test_the_jobposting_pins_every_value(files: dict[str, bytes]) -> None:
    def posting(slug: str) -> dict[str, Any]:
        return structured(files[f"jobs/{slug}/index.html"].decode())["JobPosting"]

    def common(slug: str, company: str) -> dict[str, Any]:
        return {
            "@context": "https://schema.org/", "@type": "JobPosting",
            "hiringOrganization": {"@type": "Organization", "name": company,
                                   "sameAs": f"https://{company.lower()}.example.test/"},
            "identifier": {"@type": "PropertyValue", "name": company, "value": slug},
            "directApply": False, "url": f"{SITE}jobs/{slug}/",
        }  # fmt: skip

    def salary(currency: str, low: int, high: int, unit: str) -> dict[str, Any]:
        return {
            "@type": "MonetaryAmount",
            "currency": currency,
            "value": {
                "@type": "QuantitativeValue",
                "minValue": low,
                "maxValue": high,
                "unitText": unit,
            },
        }

    assert posting("north-lead") == {
        **common("north-lead", "Northwind"), "title": "Lead ML Engineer",
        "description": "<p>Northwind <strong>builds</strong> maps.</p>",
        "datePosted": "2026-11-21", "validThrough": "2026-12-15",
        "employmentType": "FULL_TIME", "skills": ["Python", "Spark"],
        "jobLocation": [{"@type": "Place", "address": {
            "@type": "PostalAddress", "addressLocality": "Munich",
            "addressRegion": "Bavaria", "addressCountry": "DE"}}],
        "baseSalary": salary("EUR", 90000, 120000, "YEAR"),
    }  # fmt: skip
    assert posting("south-lead") == {
        **common("south-lead", "Southwind"), "title": "Staff ML Lead",
        "description": "<p>Remote work.</p>",
        "datePosted": "2026-11-10", "validThrough": "2027-02-28",
        "employmentType": "CONTRACTOR", "skills": ["Go"],
        "jobLocationType": "TELECOMMUTE",
        "applicantLocationRequirements": [
            {"@type": "Country", "name": "United States"},
            {"@type": "Country", "name": "Canada"}],
        "baseSalary": salary("USD", 95, 120, "HOUR"),
    }  # fmt: skip
    assert posting("east-lead") == {
        **common("east-lead", "Eastwind"), "title": "Principal ML Lead",
        "description": "<p>An office job.</p>",
        "datePosted": "2026-09-30", "validThrough": "2027-01-10",
        "employmentType": "FULL_TIME", "skills": ["Python", "Leadership"],
        "jobLocation": [{"@type": "Place", "address": {
            "@type": "PostalAddress", "addressLocality": "London", "addressCountry": "GB"}}],
    }  # fmt: skip


def similar_on(files: dict[str, bytes], slug: str) -> list[str]:
    html = files[f"jobs/{slug}/index.html"].decode()
    section = html.split('id="similar-title"', 1)[1].split("</section>", 1)[0]
    return re.findall(r'href="/jobs/([a-z-]+)/"', section)


def test_each_listing_shows_exactly_its_most_similar_others(files: dict[str, bytes]) -> None:
    # Points: role 3, shared skill 2, shared city 2, shared country 1, same workplace 1.
    assert similar_on(files, "north-lead") == ["east-lead", "south-lead"]  # 5 (Python), 3
    assert similar_on(files, "south-lead") == ["north-lead", "east-lead"]  # tie: newest first
    assert similar_on(files, "east-lead") == ["north-lead", "south-lead"]
    # A closed listing points to open ones: east 6 (Python, onsite), north 5, south 3.
    assert similar_on(files, "closed-lead") == ["east-lead", "north-lead", "south-lead"]
    for slug in ("north-lead", "south-lead", "east-lead", "closed-lead"):
        assert slug not in similar_on(files, slug)


# --- the expiring-soon rule, in one place -------------------------------------------------


@pytest.mark.parametrize(("valid", "expiring"), [("2026-11-28", True), ("2026-11-29", False)])
def test_closing_within_seven_days_is_the_one_boundary_for_check_and_build(
    tree: SiteTree, tmp_path: Path, valid: str, expiring: bool
) -> None:
    # Built on 2026-11-22: valid through the 28th leaves 6 days, through the 29th 7.
    tree.write("jobs/acme-lead.md", job_md(valid=valid))
    warnings = [str(w) for w in check_project(tree.project, tree.options()).warnings]
    closing = [w for w in warnings if "valid_through" in w]
    result = build(tree.project, tmp_path / "out", tree.options())
    flagged = [listing.slug for listing in result.expiring]
    if expiring:
        assert closing == [
            f"content/jobs/acme-lead.md:12: valid_through: closes in 6 days ({valid}); "
            "move valid_through on if the job is still open"
        ]
        assert flagged == ["acme-lead"]
    else:
        assert closing == [] and flagged == []


def test_the_build_date_decides_and_nothing_else(tmp_path: Path) -> None:
    tree = board(tmp_path)
    # North-lead closed after the 15th; later-lead went live on the 1st.
    later = tree.files(build_date=dt.date(2026, 12, 16))
    items = json.loads(later["jobs/feed.json"])["items"]
    assert [i["id"] for i in items] == [
        SITE + "jobs/later-lead/", SITE + "jobs/south-lead/", SITE + "jobs/east-lead/"]  # fmt: skip
    assert json.loads(later["jobs.json"])["generated"] == "2026-12-16"
