"""The editor's messages: every error of a run at once, one message per mistake, and
the build's own link and anchor check."""

from __future__ import annotations

import json
import logging
import re
import shutil
from html.parser import HTMLParser
from pathlib import Path

import pytest

from conftest import REPO, SiteTree, job_md
from mltl_site.checks import check_project
from mltl_site.cli import main
from mltl_site.linkcheck import parse_html


def with_templates(tree: SiteTree) -> SiteTree:
    for folder in ("templates", "static"):
        if not (tree.root / folder).exists():
            shutil.copytree(REPO / folder, tree.root / folder)
    return tree


def cli(tree: SiteTree, *args: str) -> int:
    with_templates(tree)
    return main([*args, "--root", str(tree.root), "--date", "2026-11-22"])


def test_check_reports_field_jobposting_and_link_errors_in_one_run(tree: SiteTree) -> None:
    tree.write("jobs/acme-lead.md", job_md(posted="2026-02-30"))  # a field error
    tree.write("jobs/globex-lead.md", job_md("SENIOR ML LEAD"))  # a JobPosting rule
    tree.write("pages/about.md", "---\ntitle: About\ndescription: x.\n---\nSee [x](/nowhere/).\n")
    report = check_project(tree.project, tree.options())
    found = [str(e) for e in report.errors]
    assert found == [
        "content/jobs/acme-lead.md:11: date_posted: 2026-02-30 is not a date: "
        "February 2026 has 28 days",
        "content/jobs/globex-lead.md:2: title: JobPosting title must not be written in "
        "capitals only",
        "content/pages/about.md:5: link: link to /nowhere/ on /about/index.html: no such file",
    ]


def test_links_to_a_document_that_failed_are_not_reported_as_broken_too(tree: SiteTree) -> None:
    tree.write("jobs/acme-lead.md", job_md(posted="2026-02-30"))
    tree.write(
        "pages/about.md", "---\ntitle: About\ndescription: x.\n---\nSee [x](/jobs/acme-lead/).\n"
    )
    (error,) = check_project(tree.project, tree.options()).errors
    assert "date_posted" in str(error)


def test_the_listings_of_an_invalid_role_are_left_out_not_reported_twice(tree: SiteTree) -> None:
    tree.write("roles/data-scientist/role.yaml", "title: Data Scientist\n")  # no summary
    tree.write("jobs/ds.md", job_md().replace("role: ml-tech-lead", "role: data-scientist"))
    errors = [str(e) for e in check_project(tree.project, tree.options()).errors]
    assert errors == ["content/roles/data-scientist/role.yaml:1: summary: is required "
                      "(one or two sentences for cards and meta description)"]  # fmt: skip


def test_one_mistake_gets_one_message(tree: SiteTree) -> None:
    tree.write(
        "jobs/acme-lead.md",
        job_md(salary='salary: {currency: USD, min: "150,000", max: 250000, period: year}'),
    )
    assert tree.errors() == [
        "content/jobs/acme-lead.md:10: salary.min: must be a number (got '150,000'); "
        "write numbers without quotes, commas or leading zeros"
    ]


# --- the build's link check -------------------------------------------------------------


def test_build_warns_about_a_broken_link_and_still_builds(
    tree: SiteTree, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    tree.write("pages/about.md", "---\ntitle: About\ndescription: x.\n---\nSee [x](#nowhere).\n")
    assert cli(tree, "build", "--out", str(tmp_path / "out")) == 0
    err = capsys.readouterr().err
    assert err.splitlines() == [
        "content/pages/about.md:5: link: warning: link to #nowhere on /about/index.html: "
        "no id 'nowhere' on /about/index.html"
    ]
    assert (tmp_path / "out" / "about" / "index.html").is_file()


def test_build_strict_makes_a_broken_link_an_error_and_keeps_the_old_output(
    tree: SiteTree, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out"
    assert cli(tree, "build", "--strict", "--out", str(out)) == 0
    before = (out / "about" / "index.html").read_bytes()
    tree.write("pages/about.md", "---\ntitle: About\ndescription: x.\n---\nSee [x](/gone/).\n")
    capsys.readouterr()
    assert cli(tree, "build", "--strict", "--out", str(out)) == 1
    err = capsys.readouterr().err
    assert (
        "content/pages/about.md:5: link: link to /gone/ on /about/index.html: no such file" in err
    )
    assert "warning" not in err and "internal error" not in err
    assert (out / "about" / "index.html").read_bytes() == before
    assert not list(tmp_path.glob(".out.tmp-*"))


def test_a_rebuild_reads_only_the_pages_it_rendered_to_check_links(
    tree: SiteTree, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    out = str(tmp_path / "out")
    caplog.set_level(logging.DEBUG, logger="mltl_site")
    assert cli(tree, "build", "--out", out) == 0
    first = re.search(r"links: (\d+) pages checked, (\d+) read from disk", caplog.text)
    assert first is not None and first.group(1) == first.group(2)
    caplog.clear()
    tree.write("pages/about.md", "---\ntitle: About\ndescription: About us.\n---\nNew words.\n")
    assert cli(tree, "build", "--out", out) == 0
    again = re.search(r"links: (\d+) pages checked, (\d+) read from disk", caplog.text)
    assert again is not None and again.group(1) == first.group(1)
    assert again.group(2) == "1"  # only the page that changed


class _Reference(HTMLParser):
    """What an HTML parser sees: the ids and the checked links of a page."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.ids: list[str] = []
        self.links: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if values.get("id"):
            self.ids.append(values["id"] or "")
        for attribute in ("href", "src"):
            value = values.get(attribute)
            if value is not None and (tag != "link" or values.get("rel") in ("stylesheet", "icon")):
                self.links.append(value)


def test_the_fast_link_reader_sees_what_an_html_parser_sees_on_every_page(
    tree: SiteTree,
) -> None:
    tree.write("jobs/acme-lead.md", job_md(body="## A & B\n\n[x](/jobs/?a=1&b=2) [y](#md-a-b)\n"))
    files = tree.files()
    pages = [name for name in files if name.endswith(".html")]
    assert len(pages) > 20
    for name in pages:
        reference = _Reference()
        reference.feed(files[name].decode())
        reference.close()
        ids, links = parse_html(files[name].decode())
        assert ids == reference.ids, name
        assert sorted(links) == sorted(reference.links), name


# --- placeholders and defaults of `new job` ----------------------------------------------


def new_job(tree: SiteTree, *args: str) -> Path:
    assert cli(tree, "new", "job", "Senior ML Lead", "--company", "Nordwind", *args) == 0
    return tree.root / "content" / "jobs" / "nordwind-senior-ml-lead.md"


@pytest.mark.parametrize(
    ("where", "currency"),
    [("--location=Berlin,DE", "EUR"), ("--location=London,GB", "GBP"),
     ("--location=Tokyo,JP", "JPY"), ("--remote=CA,US", "CAD"), ("--location=Austin,US", "USD")],
)  # fmt: skip
def test_new_job_takes_the_currency_from_the_country(
    tree: SiteTree, where: str, currency: str
) -> None:
    text = new_job(tree, where).read_text()
    assert f"  currency: {currency}\n" in text


def test_every_country_but_antarctica_has_a_currency_the_models_accept() -> None:
    from mltl_site.iso import COUNTRIES, CURRENCIES, CURRENCY_OF

    assert set(COUNTRIES) - set(CURRENCY_OF) == {"AQ"}
    assert set(CURRENCY_OF.values()) <= set(CURRENCIES)


def test_a_published_starter_file_is_an_error_at_each_placeholder(
    tree: SiteTree, capsys: pytest.CaptureFixture[str]
) -> None:
    path = new_job(tree, "--location=Berlin,DE")
    assert cli(tree, "check") == 0  # a draft may hold placeholders
    path.write_text(path.read_text().replace("draft: true", "draft: false"))
    capsys.readouterr()
    assert cli(tree, "check") == 1
    errors = [line for line in capsys.readouterr().err.splitlines() if line.startswith("content/")]
    todo = [e for e in errors if "a TODO marker is left here" in e]
    lines = path.read_text().split("\n")
    assert [int(e.split(":")[1]) for e in todo] == [
        n for n, line in enumerate(lines, start=1) if "TODO" in line
    ]
    assert len(todo) >= 8  # company url, salary, apply url and the body's placeholders
    (company,) = [e for e in errors if ": company.url: " in e]
    assert "https://nordwind.example.com/ is a placeholder address" in company
    assert any(": apply.url: https://nordwind.example.com/careers/ is a placeholder" in e
               for e in errors)  # fmt: skip


def test_an_example_listing_may_keep_example_addresses(tree: SiteTree) -> None:
    tree.write("jobs/acme-lead.md", job_md().replace(".example.test", ".example.com"))
    assert "company.url" in " ".join(tree.errors())
    tree.write(
        "jobs/acme-lead.md",
        job_md(extra="example: true\n").replace(".example.test", ".example.com"),
    )
    tree.files()


def test_placeholder_mail_domains_count_too(tree: SiteTree) -> None:
    mail = "apply: {email: jobs@example.org}"
    tree.write(
        "jobs/acme-lead.md", job_md().replace("apply: {url: https://acme.example.test/apply}", mail)
    )
    (error,) = tree.errors()
    assert error.startswith("content/jobs/acme-lead.md:13: apply.email: jobs@example.org is a")


# --- listings completable in editors: the YAML form --------------------------------------

YAML_LISTING = """\
# yaml-language-server: $schema=../../schemas/job-yaml.schema.json
title: Staff ML Lead
role: ml-tech-lead
company: {name: Acme, url: "https://acme.example.test/"}
workplace: onsite
locations:
  - {city: Berlin, country: DE}
employment_type: full-time
seniority: staff
date_posted: 2026-11-20
valid_through: 2027-01-31
apply: {url: "https://acme.example.test/apply"}
skills: [Python]
description: |
  ## About the job

  A **good** job, with [a link](/jobs/).
"""


def test_a_yaml_listing_builds_like_its_markdown_twin(tree: SiteTree) -> None:
    tree.write("jobs/yaml-lead.yaml", YAML_LISTING)
    body = YAML_LISTING.split("description: |\n")[1].replace("\n  ", "\n").removeprefix("  ")
    front = YAML_LISTING.split("\n", 1)[1].split("description: |\n")[0]
    tree.write("jobs/md-lead.md", f"---\n{front}---\n{body}")
    files = tree.files()

    def page(name: str) -> str:  # each lists the other as similar: names aside, the same
        return (
            files[f"jobs/{name}/index.html"]
            .decode()
            .replace("yaml-lead", "X")
            .replace("md-lead", "X")
        )

    yaml_page, md_page = page("yaml-lead"), page("md-lead")
    assert yaml_page == md_page
    assert '<h2 id="md-about-the-job">About the job</h2>' in yaml_page


def test_a_yaml_listing_gets_the_same_errors_at_its_own_lines(tree: SiteTree) -> None:
    bad = YAML_LISTING.replace("seniority: staff", "seniority: stafff").replace(
        "A **good** job", "A <b>good</b> job"
    )
    tree.write("jobs/yaml-lead.yaml", bad)
    assert tree.errors() == [
        "content/jobs/yaml-lead.yaml:9: seniority: must be one of 'mid', 'senior', 'staff', "
        "'lead', 'principal' or 'director' (got 'stafff'); did you mean 'staff'?",
        "content/jobs/yaml-lead.yaml:17: body: raw HTML is not allowed in listings (`<b>`); "
        "use Markdown: **bold**, *italic*, [text](https://…), - lists",
    ]


def test_a_yaml_listing_needs_its_description(tree: SiteTree) -> None:
    tree.write("jobs/yaml-lead.yaml", YAML_LISTING.split("description:")[0])
    (error,) = tree.errors()
    assert error.startswith("content/jobs/yaml-lead.yaml:1: description: is required: the job")


def test_the_yaml_schema_completes_every_field_and_the_description() -> None:
    from mltl_site import schemas
    from mltl_site.models import JobMeta

    schema = json.loads(schemas.generate()["job-yaml.schema.json"])
    assert set(schema["properties"]) == set(JobMeta.model_fields) | {"description"}
    assert "description" in schema["required"]
    assert schema["additionalProperties"] is False
    shipped = sorted((REPO / "content" / "jobs").glob("*.yaml"))
    assert shipped, "the shipped site shows the form"
    for path in shipped:
        assert path.read_text().startswith(
            "# yaml-language-server: $schema=../../schemas/job-yaml.schema.json\n"
        )


# --- what -v shows ----------------------------------------------------------------------


def test_verbose_logs_each_step_with_what_it_did(
    tree: SiteTree, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)  # pytest's handler stands in for -v's stderr one
    assert cli(tree, "build", "-v", "--out", str(tmp_path / "out")) == 0
    err = caplog.text
    found = re.findall(r"step ([\w-]+): [0-9.]+ s \((.+)\)$", err, re.M)
    # Each line ends with the peak memory so far, which only grows.
    peaks = [int(m) for m in re.findall(r"[(;] ?peak RSS so far (\d+) MiB\)$", err, re.M)]
    assert len(peaks) == len(found) and peaks == sorted(peaks) and peaks[0] > 0
    steps = {
        name: notes.rsplit("peak RSS so far", 1)[0].removesuffix("; ") for name, notes in found
    }
    assert list(steps) == [
        "fingerprint", "load", "layout", "check", "render", "search", "links", "write"
    ]  # fmt: skip
    assert steps["load"] == "8 documents, 8 parsed; 3 open"
    assert re.fullmatch(r"\d+ pages, \d+ files; \d+ facet values with pages of their own",
                        steps["layout"])  # fmt: skip
    assert steps["check"].endswith("and 3 JobPostings valid")
    assert re.fullmatch(r"\d+ rendered, 0 reused", steps["render"])
    assert re.fullmatch(r"search index of \d+ pages made in .+", steps["search"])
    assert steps["links"] == "0 warnings"
    assert re.fullmatch(r"\d+ files swapped into \S+/out", steps["write"])
    assert "links: " in err and " pages checked, " in err


def test_a_normal_build_logs_nothing_at_info_or_above(
    tree: SiteTree, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    assert cli(tree, "build", "--out", str(tmp_path / "out")) == 0
    assert caplog.records, "the steps log at debug"
    assert [r.getMessage() for r in caplog.records if r.levelno >= logging.INFO] == []


def test_the_link_check_resolves_each_link_once_per_folder(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from mltl_site import linkcheck

    calls: list[str] = []
    real = linkcheck._resolve

    def counted(link: str, *args: str) -> tuple[str | None, str, str | None]:
        calls.append(link)
        return real(link, *args)

    monkeypatch.setattr(linkcheck, "_resolve", counted)

    def resolved(count: int) -> list[str]:
        calls.clear()
        pages = {
            f"jobs/a{n}/index.html": (("main",), ("/jobs/", "/about/", "#main", "../", "/jobs/"))
            for n in range(count)
        }
        names = [*pages, "jobs/index.html", "about/index.html"]
        assert linkcheck.check_pages(pages, names, "https://x.org/") == []
        return list(calls)

    small, large = resolved(100), resolved(200)
    assert small.count("/jobs/") == large.count("/jobs/") == 1  # from the root: once in all
    assert "#main" not in large  # an anchor on the page needs no resolving
    assert large.count("../") == 200  # relative: once per folder, and each page has its own
