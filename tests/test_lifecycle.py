"""A listing's dates decide, everywhere at once, whether it shows."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import pytest

from conftest import SiteTree, job_md
from mltl_site.listings import Status, status_of
from mltl_site.pipeline import load_site
from mltl_site.vocab import PAY_PERIODS

# Build date in conftest: 2026-11-22.
STATES = {
    "fresh-open": dict(posted="2026-11-20", valid="2027-01-31"),
    "old-open": dict(posted="2026-10-01", valid="2026-11-25"),
    "gone": dict(posted="2026-08-01", valid="2026-11-21"),
    "later": dict(posted="2026-12-01", valid="2027-02-01"),
}


@pytest.fixture
def lifecycle(tree: SiteTree) -> SiteTree:
    for name in ("acme-lead", "globex-lead", "initech-lead"):
        tree.remove(f"jobs/{name}.md")
    for slug, dates in STATES.items():
        tree.write(f"jobs/{slug}.md", job_md(f"Lead {slug}", **dates))
    tree.write("jobs/hidden.md", job_md("Lead hidden", extra="draft: true\n"))
    return tree


def where(files: dict[str, bytes], slug: str) -> set[str]:
    """Every output file that mentions the listing's page."""
    return {name for name, data in files.items() if f"jobs/{slug}/".encode() in data}


def test_status_comes_from_the_draft_flag_then_the_dates(lifecycle: SiteTree) -> None:
    site = load_site(lifecycle.project, lifecycle.options())
    statuses = {item.slug: item.status for item in site.listings}
    assert statuses == {
        "fresh-open": Status.OPEN,
        "old-open": Status.OPEN,
        "gone": Status.EXPIRED,
        "later": Status.SCHEDULED,
        "hidden": Status.DRAFT,
    }


def test_a_listing_is_open_through_the_whole_of_its_last_day(lifecycle: SiteTree) -> None:
    site = load_site(lifecycle.project, lifecycle.options())
    job = next(item.job for item in site.listings if item.slug == "gone")
    assert status_of(job, dt.date(2026, 11, 21)) is Status.OPEN
    assert status_of(job, dt.date(2026, 11, 22)) is Status.EXPIRED


def test_an_open_listing_shows_in_every_list_feed_sitemap_and_export(lifecycle: SiteTree) -> None:
    found = where(lifecycle.files(), "fresh-open")
    for expected in (
        "index.html",
        "jobs/index.html",
        "jobs/feed.xml",
        "jobs/feed.json",
        "jobs/skill/python/index.html",
        "jobs/skill/python/feed.xml",
        "jobs/workplace/onsite/index.html",
        "jobs/country/de/index.html",
        "jobs/city/berlin-de/index.html",
        "jobs/role/ml-tech-lead/feed.xml",
        "jobs/feed.json",
        "jobs/company/acme/index.html",
        "jobs/seniority/senior/index.html",
        "sitemap.xml",
        "jobs.json",
        "jobs/filter-index.json",
        "jobs/fresh-open/index.html",
    ):
        assert expected in found, expected


def test_an_expired_listing_leaves_every_list_feed_sitemap_and_export(lifecycle: SiteTree) -> None:
    files = lifecycle.files()
    assert where(files, "gone") == {"jobs/gone/index.html"}


def test_a_closed_listing_page_is_noindex_without_jobposting_or_apply_button(
    lifecycle: SiteTree,
) -> None:
    html = lifecycle.html("jobs/gone/index.html")
    assert "This position has closed" in html
    assert '<meta name="robots" content="noindex">' in html
    assert '<link rel="canonical"' not in html
    assert "JobPosting" not in html
    assert "acme.example.test/apply" not in html
    assert 'href="/jobs/fresh-open/"' in html and 'href="/jobs/old-open/"' in html


def test_scheduled_and_draft_listings_appear_nowhere(lifecycle: SiteTree) -> None:
    files = lifecycle.files()
    assert where(files, "later") == set()
    assert where(files, "hidden") == set()


def test_drafts_are_previewed_with_drafts_but_kept_out_of_machine_outputs(
    lifecycle: SiteTree,
) -> None:
    files = lifecycle.files(drafts=True)
    assert "jobs/hidden/index.html" in files
    html = files["jobs/hidden/index.html"].decode()
    assert '<meta name="robots" content="noindex">' in html and "JobPosting" not in html
    assert b"jobs/hidden/" not in files["sitemap.xml"]


def test_new_listings_are_marked_for_seven_days(lifecycle: SiteTree) -> None:
    html = lifecycle.html("jobs/index.html")
    fresh = html[
        html.index("Lead fresh-open") : html.index("</article>", html.index("Lead fresh-open"))
    ]
    old = html[html.index("Lead old-open") : html.index("</article>", html.index("Lead old-open"))]
    assert "badge--new" in html[html.rindex("<article", 0, html.index("Lead fresh-open")) :][:400]
    assert "Posted 2 days ago" in fresh
    assert "Posted 52 days ago" in old
    assert "badge--new" not in html[html.rindex("<article", 0, html.index("Lead old-open")) :][:400]


def test_the_build_summary_names_closed_and_closing_listings(
    lifecycle: SiteTree, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from test_cli import run

    assert run(lifecycle, "--out", str(tmp_path / "out")) == 0
    lines = capsys.readouterr().out.splitlines()
    assert "  closed: content/jobs/gone.md (valid through 2026-11-21)" in lines
    assert "  closes in 3 days: content/jobs/old-open.md" in lines
    assert not any("fresh-open" in line for line in lines)


def test_the_same_content_on_a_later_date_closes_the_listing(lifecycle: SiteTree) -> None:
    later = lifecycle.files(build_date=dt.date(2026, 11, 26))
    assert where(later, "old-open") == {"jobs/old-open/index.html"}
    assert "jobs/later/index.html" not in later
    after_posting = lifecycle.files(build_date=dt.date(2026, 12, 1))
    assert "jobs/later/index.html" in after_posting


@pytest.mark.parametrize(
    ("period", "amount", "yearly"),
    [("hour", 100, 208000), ("day", 800, 208000), ("week", 4000, 208000),
     ("month", 10000, 120000), ("year", 150000, 150000)],
)  # fmt: skip
def test_salaries_compare_per_year_with_stated_factors(
    tree: SiteTree, period: str, amount: int, yearly: int
) -> None:
    salary = f"salary: {{currency: EUR, min: {amount}, max: {amount}, period: {period}}}"
    tree.write("jobs/acme-lead.md", job_md(salary=salary))
    index = json.loads(tree.files()["jobs/filter-index.json"])
    item = next(j for j in index["jobs"] if j["slug"] == "acme-lead")
    assert item["annual_max"] == yearly == amount * PAY_PERIODS[period].annual_factor
    assert item["currency"] == "EUR"  # never converted


def test_facets_group_spellings_of_a_skill_under_the_most_used_one(tree: SiteTree) -> None:
    tree.write("jobs/acme-lead.md", job_md(skills="[Pytorch, Python]"))
    html = tree.html("jobs/skill/pytorch/index.html")
    assert "<h1>Jobs asking for PyTorch</h1>" in html
    assert "3 open jobs, newest first." in html
    assert len(re.findall(r'<article class="job-card', html)) == 2  # two per page


def test_a_remote_listing_counts_toward_the_countries_it_hires_from(tree: SiteTree) -> None:
    files = tree.files()
    assert b"Remote ML Lead" in files["jobs/country/ca/index.html"]
    assert "jobs/city/berlin-de/index.html" in files
    assert b"Remote ML Lead" not in files["jobs/city/berlin-de/index.html"]


def test_facet_pages_are_paginated_and_each_has_an_atom_feed(tree: SiteTree) -> None:
    files = tree.files()
    assert "jobs/skill/python/page/2/index.html" in files  # 3 listings, 2 per page
    # One format per facet: a board has hundreds, and every feed reader reads Atom.
    assert "jobs/skill/python/feed.xml" in files and "jobs/skill/python/feed.json" not in files
    html = files["jobs/skill/python/index.html"].decode()
    assert 'type="application/atom+xml"' in html and 'href="/jobs/skill/python/feed.xml"' in html


def test_the_role_guide_links_to_its_open_listings(tree: SiteTree) -> None:
    html = tree.html("roles/ml-tech-lead/index.html")
    assert 'href="/jobs/role/ml-tech-lead/"' in html
    assert 'href="/jobs/role/ml-tech-lead/feed.xml"' in html
