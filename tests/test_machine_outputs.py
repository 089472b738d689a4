"""Feeds, sitemap, structured data and exports, checked the way their consumers read them."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from collections.abc import Callable
from html.parser import HTMLParser
from typing import Any

import feedparser
import pytest

from conftest import SiteTree, job_md
from mltl_site import seo
from mltl_site.errors import BuildFailed
from mltl_site.formatting import money
from mltl_site.outputs.exports import JobsExport
from test_shipped_site import text_of

SUBPATH = "https://example.org/careers/"


class _Head(HTMLParser):
    """Collects JSON-LD blocks, meta tags, link tags and script elements of a page."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.jsonld: list[str] = []
        self.meta: dict[str, str] = {}
        self.links: list[dict[str, str | None]] = []
        self.scripts = 0
        self._in_jsonld = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "script":
            self.scripts += 1
            self._in_jsonld = values.get("type") == "application/ld+json"
            if self._in_jsonld:
                self.jsonld.append("")
        elif tag == "meta":
            key = values.get("property") or values.get("name")
            if key:
                self.meta[key] = values.get("content") or ""
        elif tag == "link":
            self.links.append(values)

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self._in_jsonld = False

    def handle_data(self, data: str) -> None:
        if self._in_jsonld:
            self.jsonld[-1] += data


def head(html: str) -> _Head:
    parser = _Head()
    parser.feed(html)
    return parser


def structured(html: str) -> dict[str, dict[str, Any]]:
    return {item["@type"]: item for item in (json.loads(b) for b in head(html).jsonld)}


def html_pages(files: dict[str, bytes]) -> dict[str, str]:
    return {name: data.decode() for name, data in files.items() if name.endswith(".html")}


# --- feeds -----------------------------------------------------------------------


def test_the_atom_feed_parses_and_lists_open_listings_newest_first(tree: SiteTree) -> None:
    feed = feedparser.parse(tree.files()["jobs/feed.xml"])
    assert not feed.bozo, feed.get("bozo_exception")
    assert feed.version == "atom10"
    assert [e.title for e in feed.entries] == ["Senior ML Tech Lead", "Staff ML Lead",
                                               "Remote ML Lead"]  # fmt: skip
    entry = feed.entries[0]
    assert entry.link == "https://jobs.example.org/jobs/acme-lead/"
    assert entry.published == "2026-11-20T00:00:00Z"
    assert "<p>A good job.</p>" in entry.content[0].value
    assert [t.term for t in entry.tags] == ["Python", "PyTorch"]
    assert feed.feed.links[0].href == "https://jobs.example.org/jobs/feed.xml"


def test_a_facet_feed_holds_only_that_facets_listings(tree: SiteTree) -> None:
    feed = feedparser.parse(tree.files()["jobs/workplace/remote/feed.xml"])
    assert not feed.bozo
    assert [e.title for e in feed.entries] == ["Remote ML Lead"]


def test_the_json_feed_has_the_spec_required_fields(tree: SiteTree) -> None:
    document = json.loads(tree.files()["jobs/feed.json"])
    assert document["version"] == "https://jsonfeed.org/version/1.1"
    assert isinstance(document["title"], str) and document["title"]
    assert document["feed_url"] == "https://jobs.example.org/jobs/feed.json"
    assert document["home_page_url"] == "https://jobs.example.org/jobs/"
    rfc3339 = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(Z|[+-]\d{2}:\d{2})\Z")
    assert len(document["items"]) == 3
    for item in document["items"]:
        assert isinstance(item["id"], str) and item["id"]
        assert item.get("content_html") or item.get("content_text")
        assert rfc3339.match(item["date_published"])
        assert all(key.startswith("_") or key in {
            "id", "url", "external_url", "title", "content_html", "content_text", "summary",
            "image", "banner_image", "date_published", "date_modified", "authors", "tags",
            "language", "attachments",
        } for key in item)  # fmt: skip


def test_feeds_under_a_subpath_use_absolute_urls_there(tree: SiteTree) -> None:
    files = tree.files(base_url=SUBPATH)
    feed = feedparser.parse(files["jobs/feed.xml"])
    assert feed.entries[0].link == "https://example.org/careers/jobs/acme-lead/"
    assert json.loads(files["jobs/feed.json"])["feed_url"] == SUBPATH + "jobs/feed.json"


def test_pages_advertise_their_feeds(tree: SiteTree) -> None:
    files = tree.files()
    for page, feed in (("index.html", "jobs/"), ("jobs/index.html", "jobs/"),
                       ("jobs/skill/python/index.html", "jobs/skill/python/"),
                       ("roles/ml-tech-lead/index.html", "jobs/role/ml-tech-lead/")):  # fmt: skip
        links = {(link["type"], link["href"]) for link in head(files[page].decode()).links
                 if link.get("rel") == "alternate"}  # fmt: skip
        atom = ("application/atom+xml", f"/{feed}feed.xml")
        json_feed = ("application/feed+json", f"/{feed}feed.json")
        # The feed of all jobs comes in both formats; a facet's feed is Atom only.
        assert links == ({atom, json_feed} if feed == "jobs/" else {atom}), page
        assert f"{feed}feed.xml" in files


# --- sitemap, robots, canonical --------------------------------------------------


@pytest.mark.parametrize("base", [None, SUBPATH])
def test_the_sitemap_lists_exactly_the_indexable_pages(tree: SiteTree, base: str | None) -> None:
    tree.write("jobs/gone.md", job_md("Gone", posted="2026-08-01", valid="2026-09-01"))
    tree.write("jobs/hidden.md", job_md("Hidden", extra="draft: true\n"))
    files = tree.files(base_url=base, drafts=True)
    root = ET.fromstring(files["sitemap.xml"])
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    locs = {u.findtext("s:loc", default="", namespaces=ns) for u in root.findall("s:url", ns)}
    expected = set()
    for name, html in html_pages(files).items():
        parsed = head(html)
        if parsed.meta.get("robots") != "noindex":
            canonical = [link["href"] for link in parsed.links if link.get("rel") == "canonical"]
            expected.add(str(canonical[0]))
        else:
            assert not any(link.get("rel") == "canonical" for link in parsed.links), name
    assert locs == expected
    prefix = base or "https://jobs.example.org/"
    assert all(loc.startswith(prefix) for loc in locs)
    assert not any("gone" in loc or "hidden" in loc or "404" in loc for loc in locs)


def test_sitemap_lastmod_is_the_date_a_listing_was_posted(tree: SiteTree) -> None:
    root = ET.fromstring(tree.files()["sitemap.xml"])
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    lastmod = {u.findtext("s:loc", namespaces=ns): u.findtext("s:lastmod", namespaces=ns)
               for u in root.findall("s:url", ns)}  # fmt: skip
    assert lastmod["https://jobs.example.org/jobs/globex-lead/"] == "2026-11-01"
    assert lastmod["https://jobs.example.org/jobs/"] == "2026-11-20"


def test_robots_txt_points_at_the_sitemap(tree: SiteTree) -> None:
    robots = tree.files(base_url=SUBPATH)["robots.txt"].decode()
    assert "Sitemap: https://example.org/careers/sitemap.xml" in robots.splitlines()


def test_every_page_has_canonical_open_graph_and_twitter_meta(tree: SiteTree) -> None:
    for name, html in html_pages(tree.files(base_url=SUBPATH)).items():
        parsed = head(html)
        for key in ("og:title", "og:description", "og:url", "og:type", "og:site_name",
                    "twitter:card", "description"):  # fmt: skip
            assert parsed.meta.get(key), (name, key)
        assert parsed.meta["og:url"].startswith(SUBPATH), name


# --- structured data -------------------------------------------------------------


def test_every_page_has_a_breadcrumb_list_that_parses(tree: SiteTree) -> None:
    for name, html in html_pages(tree.files()).items():
        trail = structured(html)["BreadcrumbList"]
        items = trail["itemListElement"]
        assert [i["position"] for i in items] == list(range(1, len(items) + 1)), name
        assert all(i["item"].startswith("https://jobs.example.org/") for i in items), name


def test_jobposting_appears_on_open_listing_pages_only(tree: SiteTree) -> None:
    tree.write("jobs/gone.md", job_md("Gone", posted="2026-08-01", valid="2026-09-01"))
    for name, html in html_pages(tree.files()).items():
        has_posting = "JobPosting" in structured(html)
        open_page = name in {"jobs/acme-lead/index.html", "jobs/globex-lead/index.html",
                             "jobs/initech-lead/index.html"}  # fmt: skip
        assert has_posting == open_page, name


def test_jobposting_has_googles_required_and_recommended_properties(tree: SiteTree) -> None:
    posting = structured(tree.html("jobs/acme-lead/index.html"))["JobPosting"]
    assert seo.check_job_posting(posting) == []
    assert posting["title"] == "Senior ML Tech Lead"
    assert posting["description"] == "<p>A good job.</p>"
    assert posting["datePosted"] == "2026-11-20" and posting["validThrough"] == "2027-01-31"
    assert posting["hiringOrganization"] == {
        "@type": "Organization", "name": "Acme",
        "sameAs": "https://acme.example.test/"}  # fmt: skip
    assert posting["jobLocation"][0]["address"] == {
        "@type": "PostalAddress", "addressLocality": "Berlin", "addressCountry": "DE"}  # fmt: skip
    assert posting["baseSalary"] == {
        "@type": "MonetaryAmount", "currency": "USD",
        "value": {"@type": "QuantitativeValue", "minValue": 200000, "maxValue": 250000,
                  "unitText": "YEAR"}}  # fmt: skip
    assert posting["employmentType"] == "FULL_TIME"
    assert posting["identifier"] == {"@type": "PropertyValue", "name": "Acme", "value": "acme-lead"}
    assert posting["directApply"] is False


def test_a_remote_jobposting_uses_telecommute_and_applicant_countries(tree: SiteTree) -> None:
    posting = structured(tree.html("jobs/initech-lead/index.html"))["JobPosting"]
    assert posting["jobLocationType"] == "TELECOMMUTE"
    assert posting["applicantLocationRequirements"] == [
        {"@type": "Country", "name": "United States"},
        {"@type": "Country", "name": "Canada"},
    ]
    assert "jobLocation" not in posting


def test_everything_in_the_jobposting_is_visible_on_the_page(tree: SiteTree) -> None:
    html = tree.html("jobs/acme-lead/index.html")
    posting = structured(html)["JobPosting"]
    text = text_of(html)
    salary = posting["baseSalary"]["value"]
    for shown in (
        posting["title"],
        posting["hiringOrganization"]["name"],
        "A good job.",
        "20 November 2026",
        "31 January 2027",
        "Full-time",
        "Berlin, Germany",
        posting["identifier"]["value"],
        *posting["skills"],
        money(salary["minValue"], "USD"),
        money(salary["maxValue"], "USD"),
        "a year",
    ):
        assert shown in text, shown  # fmt: skip
    assert posting["hiringOrganization"]["sameAs"] in html


def test_a_script_closing_title_gives_valid_inert_json_ld(tree: SiteTree) -> None:
    payload = "</script><script>alert(1)</script>"
    tree.write("jobs/acme-lead.md", job_md(title=json.dumps(payload)))
    html = tree.html("jobs/acme-lead/index.html")
    assert structured(html)["JobPosting"]["title"] == payload
    found = head(html)
    assert len(found.jsonld) == 2  # the JobPosting and the breadcrumb trail
    # Those, the theme snippet, theme.js and the site's search script: nothing more.
    assert found.scripts == 5
    assert "<script>alert(1)" not in html


def test_the_occupation_carries_the_salary_the_guide_shows(tree: SiteTree) -> None:
    html = tree.html("roles/ml-tech-lead/index.html")
    occupation = structured(html)["Occupation"]
    salary = occupation["estimatedSalary"][0]
    assert salary["@type"] == "MonetaryAmountDistribution" and salary["duration"] == "P1Y"
    shown = f"{money(salary['minValue'], salary['currency'])} – {money(salary['maxValue'], 'USD')}"
    assert shown == "$160,000 – $250,000" and shown in text_of(html)
    assert occupation["occupationLocation"] == [{"@type": "Country", "name": "United States"}]


Mutation = Callable[[dict[str, Any]], None]
RULES: list[tuple[str, Mutation, str, str]] = [
    ("title", lambda d: d.pop("title"), "title", "JobPosting title is required"),
    ("description", lambda d: d.update(description="<p> </p>"), "body", "JobPosting description"),
    ("datePosted", lambda d: d.update(datePosted="soon"), "date_posted", "ISO 8601"),
    ("validThrough", lambda d: d.update(validThrough="2020-01-01"), "valid_through", "before"),
    ("organization", lambda d: d.pop("hiringOrganization"), "company", "is required"),
    ("sameAs", lambda d: d["hiringOrganization"].pop("sameAs"), "company", "sameAs"),
    ("jobLocation", lambda d: d.pop("jobLocation"), "locations", "jobLocation is required"),
    ("country", lambda d: d["jobLocation"][0]["address"].update(addressCountry="Germany"),
     "locations", "addressCountry"),
    ("telecommute", lambda d: d.update(jobLocationType="TELECOMMUTE"), "remote_from",
     "applicantLocationRequirements"),
    ("employmentType", lambda d: d.update(employmentType="FULLTIME"), "employment_type",
     "employmentType must be one of"),
    ("unitText", lambda d: d["baseSalary"]["value"].update(unitText="ANNUAL"), "salary",
     "unitText"),
    ("currency", lambda d: d["baseSalary"].update(currency="DOLLARS"), "salary", "currency"),
    ("minValue", lambda d: d["baseSalary"]["value"].update(minValue=300000), "salary",
     "must not exceed maxValue"),
    ("identifier", lambda d: d["identifier"].pop("value"), "slug", "identifier"),
    ("directApply", lambda d: d.update(directApply="yes"), "apply", "directApply"),
]  # fmt: skip


@pytest.mark.parametrize(("rule", "mutate", "field", "message"), RULES, ids=[r[0] for r in RULES])
def test_each_jobposting_rule_fails_the_build_when_broken(
    tree: SiteTree,
    monkeypatch: pytest.MonkeyPatch,
    rule: str,
    mutate: Mutation,
    field: str,
    message: str,
) -> None:
    real = seo.job_posting

    def broken(listing: Any, abs_url: Any, base_path: str = "/") -> dict[str, Any]:
        data = real(listing, abs_url, base_path)
        if listing.slug == "acme-lead":
            mutate(data)
        return data

    monkeypatch.setattr(seo, "job_posting", broken)
    with pytest.raises(BuildFailed) as caught:
        tree.files()
    errors = [str(e) for e in caught.value.errors]
    assert len(errors) == 1, errors
    assert errors[0].startswith("content/jobs/acme-lead.md:"), errors
    assert f": {field}: " in errors[0] and message in errors[0], errors


@pytest.mark.parametrize(
    ("title", "message"),
    [("SENIOR ML TECH LEAD", "must not be written in capitals only"),
     ("ML Lead ($250k)", "must not contain a salary; give the pay in `salary:`"),
     ("ML Lead, start 2027-01-05", "must not contain a date")],
)  # fmt: skip
def test_titles_google_would_reject_fail_the_build_at_their_line(
    tree: SiteTree, title: str, message: str
) -> None:
    tree.write("jobs/acme-lead.md", job_md(title=json.dumps(title)))
    assert tree.errors() == [f"content/jobs/acme-lead.md:2: title: JobPosting title {message}"]


# --- exports ---------------------------------------------------------------------


def test_jobs_json_lists_open_listings_and_matches_its_published_schema(tree: SiteTree) -> None:
    tree.write("jobs/gone.md", job_md("Gone", posted="2026-08-01", valid="2026-09-01"))
    files = tree.files()
    export = JobsExport.model_validate_json(files["jobs.json"])
    assert [job.id for job in export.jobs] == ["acme-lead", "globex-lead", "initech-lead"]
    assert export.count == 3 and export.generated.isoformat() == "2026-11-22"
    first = export.jobs[0]
    assert first.url == "https://jobs.example.org/jobs/acme-lead/"
    assert first.salary is not None and first.salary.annual_max == 250000
    schema = json.loads(files["jobs.schema.json"])
    assert schema["title"] == "JobsExport"
    assert set(schema["required"]) == {"version", "generated", "site", "count", "jobs"}


def test_the_exports_written_a_job_at_a_time_are_the_whole_documents_bytes(
    tree: SiteTree,
) -> None:
    # jobs.json and the filter index are streamed one listing at a time, so that a big
    # board does not hold them as objects; the bytes are what one whole dump would give.
    files = tree.files()
    export = files["jobs.json"]
    assert export == (JobsExport.model_validate_json(export).model_dump_json() + "\n").encode()
    index = files["jobs/filter-index.json"]
    compact = json.dumps(json.loads(index), ensure_ascii=False, separators=(",", ":"))
    assert index == (compact + "\n").encode()
    assert len(json.loads(export)["jobs"]) == json.loads(export)["count"] > 1
