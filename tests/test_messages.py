"""The editor's messages: every error of a run at once, one message per mistake, and
the build's own link and anchor check."""

from __future__ import annotations

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
