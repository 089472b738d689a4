"""The editor's commands: check, new, schema, and the conventions every command keeps."""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from conftest import REPO, SiteTree, job_md
from mltl_site import schemas
from mltl_site.cli import main
from mltl_site.loader import load_markdown_file
from mltl_site.models import JobMeta
from mltl_site.pipeline import load_site


@pytest.fixture
def project(tree: SiteTree) -> SiteTree:
    """The small site with its own copy of the templates and static files."""
    for folder in ("templates", "static"):
        shutil.copytree(REPO / folder, tree.root / folder)
    return tree


def cli(project: SiteTree, *args: str) -> int:
    return main([*args, "--root", str(project.root)])


# --- check -----------------------------------------------------------------------------


def test_check_passes_a_good_site_and_writes_nothing(
    project: SiteTree, capsys: pytest.CaptureFixture[str]
) -> None:
    assert cli(project, "check", "--date", "2026-11-22") == 0
    out = capsys.readouterr().out
    assert re.fullmatch(r"No problems: \d+ pages checked\.\n", out)
    assert not (project.root / "_site").exists()


def test_check_reports_everything_the_build_would_and_leaves_the_output_alone(
    project: SiteTree, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "_site"
    assert main(["build", "--root", str(project.root), "--out", str(out), "-q"]) == 0
    before = sorted(p.relative_to(out) for p in out.rglob("*"))
    project.write("jobs/acme-lead.md", job_md(posted="2026-02-30", extra="titel: x\n"))
    assert cli(project, "check", "--date", "2026-11-22") == 1
    err = capsys.readouterr().err.splitlines()
    assert err == [
        "content/jobs/acme-lead.md:11: date_posted: 2026-02-30 is not a date: "
        "February 2026 has 28 days",
        "content/jobs/acme-lead.md:15: titel: unknown field; did you mean `title`?",
    ]
    assert sorted(p.relative_to(out) for p in out.rglob("*")) == before


def test_check_finds_a_broken_link_and_anchor_at_their_line(
    project: SiteTree, capsys: pytest.CaptureFixture[str]
) -> None:
    project.write(
        "pages/about.md",
        "---\ntitle: About\ndescription: x\n---\nIntro.\n\nSee [jobs](/jobz/).\n\n"
        "And [the salaries](/roles/ml-tech-lead/#salarys).\n",
    )
    assert cli(project, "check", "--date", "2026-11-22") == 1
    assert capsys.readouterr().err.splitlines() == [
        "content/pages/about.md:7: link: link to /jobz/ on /about/index.html: no such file",
        "content/pages/about.md:9: link: link to /roles/ml-tech-lead/#salarys on "
        "/about/index.html: no id 'salarys' on /roles/ml-tech-lead/index.html",
    ]


def test_check_finds_paths_that_differ_only_in_letter_case(
    project: SiteTree, capsys: pytest.CaptureFixture[str]
) -> None:
    (project.root / "static/Favicon.svg").write_text("<svg/>")
    assert cli(project, "check") == 1
    assert "paths that differ only in letter case: /static/Favicon.svg" in capsys.readouterr().err


def test_check_warns_and_strict_makes_warnings_fatal(
    project: SiteTree, capsys: pytest.CaptureFixture[str]
) -> None:
    project.write("jobs/acme-lead.md", job_md(salary="", valid="2026-11-25").replace(
        "https://acme.example.test/apply", "http://acme.example.test/apply"))  # fmt: skip
    assert cli(project, "check", "--date", "2026-11-22") == 0
    captured = capsys.readouterr()
    assert captured.err.splitlines() == [
        "content/jobs/acme-lead.md:2: salary: warning: no salary given; listings with a pay "
        "range get more applicants and rank better in job search",
        "content/jobs/acme-lead.md:12: valid_through: notice: closes in 3 days (2026-11-25); "
        "move valid_through on if the job is still open",
        "content/jobs/acme-lead.md:13: apply.url: warning: the apply link uses plain http://, "
        "so applicants' details travel unencrypted; use https://",
    ]
    assert (
        "2 warnings (not fatal; --strict makes them errors), 1 notice (news, never fatal)."
        in captured.out
    )
    assert cli(project, "check", "--date", "2026-11-22", "--strict") == 1


def test_a_listing_about_to_close_is_news_that_never_fails_a_strict_check(
    project: SiteTree, capsys: pytest.CaptureFixture[str]
) -> None:
    project.write("jobs/acme-lead.md", job_md(valid="2026-11-25"))
    assert cli(project, "check", "--date", "2026-11-22", "--strict") == 0
    assert "valid_through: notice: closes in 3 days" in capsys.readouterr().err
    assert cli(project, "check", "--date", "2026-11-22", "--strict", "--format", "github") == 0
    assert "::notice file=content/jobs/acme-lead.md,line=12,title=valid_through::closes" in (
        capsys.readouterr().out
    )


def test_example_listings_get_no_advice_about_pay(
    project: SiteTree, capsys: pytest.CaptureFixture[str]
) -> None:
    project.write("jobs/acme-lead.md", job_md(salary="", extra="example: true\n"))
    assert cli(project, "check", "--date", "2026-11-22", "--strict") == 0
    assert "no salary given" not in capsys.readouterr().err


def test_check_can_print_github_annotations(
    project: SiteTree, capsys: pytest.CaptureFixture[str]
) -> None:
    project.write("pages/about.md", "---\ntitle: About\ndescription: x\n---\n[x](/nope/)\n")
    project.write("jobs/globex-lead.md", job_md(salary=""))
    assert cli(project, "check", "--date", "2026-11-22", "--format", "github") == 1
    lines = capsys.readouterr().out.splitlines()
    assert lines[:2] == [
        "::warning file=content/jobs/globex-lead.md,line=2,title=salary::no salary given; "
        "listings with a pay range get more applicants and rank better in job search",
        "::error file=content/pages/about.md,line=5,title=link::link to /nope/ on "
        "/about/index.html: no such file",
    ]


def test_github_annotations_escape_their_separators() -> None:
    from mltl_site.checks import github_annotation
    from mltl_site.errors import ContentError

    error = ContentError("bad: 100%\nnext", path="content/a,b.md", line=3, field="x:y")
    assert github_annotation(error) == (
        "::error file=content/a%2Cb.md,line=3,title=x%3Ay::bad: 100%25%0Anext"
    )


# --- new -------------------------------------------------------------------------------


def test_new_job_writes_a_complete_valid_draft_with_every_field_explained(
    project: SiteTree, capsys: pytest.CaptureFixture[str]
) -> None:
    assert cli(project, "new", "job", "Senior ML Tech Lead", "--company", "Acme Analytics",
               "--role", "ml-tech-lead", "--date", "2026-11-22") == 0  # fmt: skip
    path = project.root / "content/jobs/acme-analytics-senior-ml-tech-lead.md"
    assert "Wrote content/jobs/acme-analytics-senior-ml-tech-lead.md" in capsys.readouterr().out
    doc = load_markdown_file(path, "new.md")
    # source: is written by `mltl-site import`, never by hand.
    assert set(doc.data) == set(JobMeta.model_fields) - {"source"}
    meta = JobMeta.model_validate(doc.data)
    assert meta.date_posted == dt.date(2026, 11, 22)
    assert meta.valid_through == dt.date(2027, 1, 21)
    assert meta.draft is True
    text = path.read_text()
    for name, info in JobMeta.model_fields.items():
        if name != "source":
            assert f"# {info.description}\n{name}:" in text, name
    site = load_site(project.project, project.options(drafts=True))
    assert "acme-analytics-senior-ml-tech-lead" in {item.slug for item in site.listings}


def test_new_job_can_be_remote_or_in_a_given_city(project: SiteTree) -> None:
    assert cli(project, "new", "job", "Lead", "--company", "A", "--remote", "us,ca") == 0
    assert cli(project, "new", "job", "Lead", "--company", "B", "--location", "Zürich,CH") == 0
    remote = yaml.safe_load((project.root / "content/jobs/a-lead.md").read_text().split("---")[1])
    assert remote["workplace"] == "remote" and remote["remote_from"] == ["US", "CA"]
    office = yaml.safe_load((project.root / "content/jobs/b-lead.md").read_text().split("---")[1])
    assert office["locations"][0]["city"] == "Zürich" and office["locations"][0]["country"] == "CH"
    load_site(project.project, project.options(drafts=True))


def test_new_never_overwrites(project: SiteTree, capsys: pytest.CaptureFixture[str]) -> None:
    path = project.root / "content/jobs/acme-lead.md"
    before = path.read_text()
    assert cli(project, "new", "job", "Lead", "--company", "Acme") == 1
    assert cli(project, "new", "role", "ml-tech-lead") == 1
    err = capsys.readouterr().err
    assert "content/jobs/acme-lead.md: already exists; nothing was written" in err
    assert "content/roles/ml-tech-lead: already exists" in err
    assert path.read_text() == before


def test_new_role_writes_a_folder_that_builds(project: SiteTree) -> None:
    assert cli(project, "new", "role", "data-engineer") == 0
    site = load_site(project.project, project.options())
    assert site.content.roles["data-engineer"].meta.title == "Data Engineer"
    assert "roles/data-engineer/index.html" in project.files()


def test_new_role_refuses_a_bad_slug(project: SiteTree, capsys: pytest.CaptureFixture[str]) -> None:
    assert cli(project, "new", "role", "Data Engineer") == 1
    assert "slug: must be lowercase letters" in capsys.readouterr().err


# --- schema ----------------------------------------------------------------------------


def test_the_committed_schemas_match_the_models() -> None:
    assert schemas.stale(REPO / "schemas") == []


def test_schema_check_fails_when_a_schema_drifts(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["schema", "--root", str(tmp_path)]) == 0
    assert "Updated 8 schema files in schemas/" in capsys.readouterr().out
    assert main(["schema", "--check", "--root", str(tmp_path)]) == 0
    job = tmp_path / "schemas/job.schema.json"
    job.write_text(job.read_text().replace('"title"', '"titel"'))
    assert main(["schema", "--check", "--root", str(tmp_path)]) == 1
    assert "schemas/job.schema.json: differs from the models" in capsys.readouterr().err


def test_schemas_describe_what_editors_write(tmp_path: Path) -> None:
    job = json.loads(schemas.generate()["job.schema.json"])
    assert job["additionalProperties"] is False
    assert job["properties"]["workplace"]["enum"] == ["onsite", "hybrid", "remote"]
    assert job["properties"]["date_posted"]["format"] == "date"
    assert "description" in job["properties"]["valid_through"]


def test_yaml_content_files_point_at_their_schema() -> None:
    for path in (REPO / "content").rglob("*.yaml"):
        first = path.read_text(encoding="utf-8").splitlines()[0]
        match = re.fullmatch(r"# yaml-language-server: \$schema=(\S+)", first)
        assert match, path
        assert (path.parent / match.group(1)).resolve().is_file(), path


def test_the_editor_settings_map_every_yaml_schema() -> None:
    settings = json.loads((REPO / ".vscode/settings.json").read_text())
    for schema, glob in settings["yaml.schemas"].items():
        assert (REPO / schema).is_file(), schema
        assert list(REPO.glob(glob)), glob


# --- conventions -----------------------------------------------------------------------


@pytest.mark.parametrize(
    "command", [["build"], ["serve"], ["check"], ["new", "job"], ["new", "role"], ["schema"]]
)
def test_every_command_has_help_with_an_example(
    command: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main([*command, "--help"])
    assert exit_info.value.code == 0
    assert "Example" in capsys.readouterr().out


def test_no_colour_when_not_a_terminal_or_with_no_color(project: SiteTree) -> None:
    project.write("jobs/acme-lead.md", job_md(posted="2026-02-30"))
    for env in ({}, {"NO_COLOR": "1"}):
        result = subprocess.run(
            [sys.executable, "-m", "mltl_site", "check", "--root", str(project.root)],
            capture_output=True,
            text=True,
            env={"PATH": "/usr/bin:/bin", **env},
            check=False,
        )
        assert result.returncode == 1
        assert "\x1b[" not in result.stderr + result.stdout


def test_quiet_check_prints_only_problems(
    project: SiteTree, capsys: pytest.CaptureFixture[str]
) -> None:
    assert cli(project, "check", "-q") == 0
    assert capsys.readouterr() == ("", "")


def test_the_editors_guide_mentions_every_field_of_every_file() -> None:
    from mltl_site.models import (
        ExperienceBand,
        HomePage,
        JobMeta,
        PageMeta,
        RoleMeta,
        SalaryData,
        Section,
        SiteConfig,
    )

    guide = (REPO / "content/pages/editors.md").read_text(encoding="utf-8")
    for model in (JobMeta, SiteConfig, HomePage, PageMeta, RoleMeta, SalaryData,
                  ExperienceBand, Section):  # fmt: skip
        for name in model.model_fields:
            assert f"`{name}`" in guide, f"{model.__name__}.{name}"
