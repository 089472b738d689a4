"""Building a site: pages, links under a subpath, atomic output, determinism."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest

from conftest import REPO, SiteTree, job_md
from mltl_site.errors import BuildFailed
from mltl_site.linkcheck import check_links
from mltl_site.pipeline import build
from mltl_site.write import MARKER


def test_every_page_type_is_built(tree: SiteTree) -> None:
    files = tree.files()
    for path in (
        "index.html",
        "roles/index.html",
        "roles/ml-tech-lead/index.html",
        "roles/data-scientist/index.html",
        "jobs/index.html",
        "jobs/acme-lead/index.html",
        "about/index.html",
        "404.html",
    ):
        assert path in files, path
    # Static files are published under names that change with their bytes.
    assert [p for p in files if re.fullmatch(r"static/css/site\.[0-9a-f]{10}\.css", p)]


def test_a_second_role_is_just_a_folder(tree: SiteTree) -> None:
    html = tree.html("roles/data-scientist/index.html")
    assert "<h1>Data Scientist</h1>" in html
    assert "Statistics" in html
    assert "Data Scientist" in tree.html("roles/index.html")


def test_a_career_stage_links_to_a_role_guide_only_when_it_exists(tree: SiteTree) -> None:
    html = tree.html("roles/ml-tech-lead/index.html")
    assert '<a href="/roles/data-scientist/">Data Scientist</a>' in html
    assert "Director" in html and "/roles/director-of-ml/" not in html


def test_the_guide_has_a_table_of_contents_with_working_anchors(tree: SiteTree) -> None:
    html = tree.html("roles/ml-tech-lead/index.html")
    for anchor in ("overview", "key-responsibilities", "career-path", "salaries", "soft-skills"):
        assert f'<a href="#{anchor}">' in html
        assert f'id="{anchor}"' in html


def test_salary_figures_are_shown_as_tables(tree: SiteTree) -> None:
    html = tree.html("roles/ml-tech-lead/index.html")
    # Three columns (band, from, to); the bars are drawn by the chart beside the table.
    assert '<th scope="rowgroup" colspan="3">Hubs</th>' in html
    assert "$300,000+" in html
    assert 'Senior Roles <span class="nowrap">(10+ years)</span>' in html
    assert "$160,000 – $250,000" in html


def test_the_jobs_index_lists_open_listings_newest_first_and_paginates(tree: SiteTree) -> None:
    files = tree.files()
    first = files["jobs/index.html"].decode()
    assert first.index("Senior ML Tech Lead") < first.index("Staff ML Lead")
    assert "Remote ML Lead" not in first
    assert "Remote ML Lead" in files["jobs/page/2/index.html"].decode()


def test_a_listing_page_has_its_facts_and_an_apply_button(tree: SiteTree) -> None:
    html = tree.html("jobs/acme-lead/index.html")
    assert '<h1 id="job-title" class="job__title">Senior ML Tech Lead</h1>' in html
    assert "Berlin, Germany" in html
    assert "$200,000 – $250,000 a year" in html
    assert 'href="https://acme.example.test/apply"' in html
    assert '<li class="chip"><a href="/jobs/skill/pytorch/">PyTorch</a></li>' in html


def test_an_example_listing_says_so_on_its_page(tree: SiteTree) -> None:
    tree.write("jobs/acme-lead.md", job_md(extra="example: true\n"))
    assert "Example listing" in tree.html("jobs/acme-lead/index.html")
    assert "Example listing" not in tree.html("jobs/globex-lead/index.html")


def test_a_draft_is_built_only_with_drafts(tree: SiteTree) -> None:
    tree.write("jobs/draft-lead.md", job_md("Draft Lead", extra="draft: true\n"))
    assert "jobs/draft-lead/index.html" not in tree.files()
    preview = tree.html("jobs/draft-lead/index.html", drafts=True)
    assert "Draft preview" in preview
    assert '<meta name="robots" content="noindex">' in preview


def test_all_links_and_anchors_resolve_under_a_subpath(tree: SiteTree) -> None:
    base = "https://example.org/careers/"
    files = tree.files(base_url=base)
    assert check_links(files, base) == []
    home = files["index.html"].decode()
    assert 'href="/careers/jobs/"' in home
    assert re.search(r'href="/careers/static/css/site\.[0-9a-f]{10}\.css"', home)
    assert '<link rel="canonical" href="https://example.org/careers/">' in home
    # A site path written in Markdown gets the base path too.
    assert '<a href="/careers/jobs/">link to jobs</a>' in home


def test_the_link_checker_finds_a_broken_link_and_a_missing_anchor(tree: SiteTree) -> None:
    files = tree.files()
    files["about/index.html"] = b'<a href="/nowhere/">x</a><a href="/jobs/#nope">y</a>'
    broken = {str(b) for b in check_links(files, "https://jobs.example.org/")}
    assert broken == {
        "/about/index.html: link to /nowhere/: no such file",
        "/about/index.html: link to /jobs/#nope: no id 'nope' on /jobs/index.html",
    }


def test_a_failed_build_leaves_the_previous_output_untouched(
    tree: SiteTree, tmp_path: Path
) -> None:
    out = tmp_path / "_site"
    build(tree.project, out, tree.options())
    before = {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}
    tree.write("jobs/acme-lead.md", job_md(posted="2026-02-30"))
    with pytest.raises(BuildFailed):
        build(tree.project, out, tree.options())
    assert {p: p.read_bytes() for p in out.rglob("*") if p.is_file()} == before
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


def test_files_no_page_produces_any_more_are_removed(tree: SiteTree, tmp_path: Path) -> None:
    out = tmp_path / "_site"
    build(tree.project, out, tree.options())
    assert (out / "jobs/globex-lead/index.html").exists()
    tree.remove("jobs/globex-lead.md")
    build(tree.project, out, tree.options())
    assert not (out / "jobs/globex-lead").exists()
    assert (out / MARKER).exists()


def test_a_folder_not_made_by_the_tool_is_never_replaced(tree: SiteTree, tmp_path: Path) -> None:
    out = tmp_path / "precious"
    out.mkdir()
    (out / "thesis.tex").write_text("years of work")
    with pytest.raises(BuildFailed, match="was not made by mltl-site"):
        build(tree.project, out, tree.options())
    assert (out / "thesis.tex").read_text() == "years of work"


def test_the_output_folder_cannot_be_the_project_or_content(tree: SiteTree) -> None:
    for out in (tree.root, tree.root / "content", tree.root / "content" / "jobs"):
        with pytest.raises(BuildFailed, match="would replace"):
            build(tree.project, out, tree.options())


def test_a_page_may_not_take_the_path_of_the_jobs_index(tree: SiteTree) -> None:
    tree.write("pages/jobs.md", "---\ntitle: Jobs\ndescription: x\n---\nx\n")
    assert tree.errors() == [
        "content/pages/jobs.md:2: slug: the slug 'jobs' is taken by the site's own /jobs/ pages; "
        "rename the file or set a different `slug:`"
    ]


def test_a_page_slug_may_not_take_the_roles_index(tree: SiteTree) -> None:
    tree.write("pages/roles-page.md", "---\ntitle: R\ndescription: x\nslug: roles\n---\nx\n")
    (message,) = tree.errors()
    assert message.startswith("content/pages/roles-page.md:4: slug: the slug 'roles' is taken")


def test_a_listing_may_not_take_a_facet_folder(tree: SiteTree) -> None:
    tree.write("jobs/skill.md", job_md())
    (message,) = tree.errors()
    assert message.startswith("content/jobs/skill.md:2: slug: the slug 'skill' is taken by the")


def test_output_paths_that_differ_only_in_letter_case_collide(
    tree: SiteTree, tmp_path: Path
) -> None:
    static = tmp_path / "static"
    (static / "css").mkdir(parents=True)
    (static / "css" / "site.css").write_text("body{}")
    (static / "favicon.svg").write_text("<svg/>")
    (static / "Logo.png").write_bytes(b"a")
    (static / "logo.png").write_bytes(b"b")
    tree.project = replace(tree.project, static=static)
    (message,) = tree.errors()
    assert "paths that differ only in letter case: /static/Logo.png" in message


def _build_in_subprocess(root: Path, out: Path, env: dict[str, str]) -> None:
    script = (
        "import sys; from pathlib import Path; sys.path.insert(0, 'tests');"
        "from conftest import SiteTree; from mltl_site.pipeline import build;"
        f"t = SiteTree(Path({str(root)!r})); build(t.project, Path({str(out)!r}), t.options())"
    )
    subprocess.run([sys.executable, "-c", script], check=True, cwd=REPO, env=env)


def test_two_builds_are_byte_identical_whatever_the_time_zone_or_hash_seed(
    tree: SiteTree, tmp_path: Path
) -> None:
    outputs = []
    for index, (zone, seed) in enumerate((("UTC", "1"), ("Pacific/Kiritimati", "4242"))):
        out = tmp_path / f"out{index}"
        env = {**os.environ, "TZ": zone, "PYTHONHASHSEED": seed}
        _build_in_subprocess(tree.root, out, env)
        outputs.append({p.relative_to(out): p.read_bytes() for p in out.rglob("*") if p.is_file()})
    assert outputs[0] == outputs[1]


def test_file_order_on_disk_does_not_change_the_output(tree: SiteTree) -> None:
    first = tree.files()
    # Recreate the listings in the opposite order so directory order differs.
    jobs = sorted((tree.root / "content/jobs").iterdir(), reverse=True)
    texts = {p: p.read_bytes() for p in jobs}
    for path in jobs:
        path.unlink()
    for path in jobs:
        path.write_bytes(texts[path])
    assert tree.files() == first


def test_a_failure_halfway_through_writing_leaves_the_old_output_whole(
    tree: SiteTree, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "public" / "_site"
    build(tree.project, out, tree.options())
    before = {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}
    written = 0
    real_write = Path.write_bytes

    def failing_write(self: Path, data: bytes) -> int:
        nonlocal written
        written += 1
        if written > 5:
            raise OSError(28, "No space left on device")
        return real_write(self, data)

    monkeypatch.setattr(Path, "write_bytes", failing_write)
    tree.remove("jobs/globex-lead.md")
    with pytest.raises(BuildFailed, match="No space left"):
        build(tree.project, out, tree.options())
    assert written > 5
    assert {p: p.read_bytes() for p in out.rglob("*") if p.is_file()} == before
    assert [p.name for p in out.parent.iterdir()] == ["_site"]  # no half-written folder left
