"""`mltl-site new job --from-issue`: issue-form bodies exactly as GitHub renders them."""

from __future__ import annotations

import re
import shutil
from typing import get_args

import pytest
import yaml

from conftest import REPO, SITE_YAML, SiteTree
from mltl_site.cli import main
from mltl_site.intake import BY_ID, FIELDS, form_yaml, issue_form_url, post_a_job_url
from mltl_site.iso import CURRENCIES
from mltl_site.loader import load_markdown_file
from mltl_site.models import EmploymentType, JobMeta, Period, Seniority, SiteConfig, Workplace

ANSWERS = {
    "Job title": "Senior ML Tech Lead, Search",
    "Company name": "Acme Analytics",
    "Company website": "https://acme.example.test/",
    "Workplace": "hybrid",
    "Office locations": "Berlin, DE\nAustin, TX, US",
    "Remote from": "_No response_",
    "Employment type": "full-time",
    "Seniority": "senior",
    "Salary currency": "EUR",
    "Salary minimum": "110,000",
    "Salary maximum": "140k",
    "Salary period": "year",
    "How to apply": "https://acme.example.test/careers/ml-lead",
    "Closing date": "_No response_",
    "Skills": "Python, PyTorch, Leadership",
    "Job description": "## About the team\n\nWe build **search**.\n\n### Skills\n\n- Python",
    "Confirmation": "- [X] I may post this job for this company, and the listing is accurate",
}


def body(**changes: str) -> str:
    """An issue body as GitHub renders the form; keyword arguments replace answers."""
    answers = dict(ANSWERS)
    for label, value in changes.items():
        answers[BY_ID[label].label] = value
    return "\n\n".join(f"### {label}\n\n{value}" for label, value in answers.items()) + "\n"


@pytest.fixture
def project(tree: SiteTree) -> SiteTree:
    for folder in ("templates", "static"):
        shutil.copytree(REPO / folder, tree.root / folder)
    return tree


def post(project: SiteTree, text: str, *args: str) -> int:
    issue = project.root / "issue.md"
    issue.write_text(text, encoding="utf-8")
    return main(["new", "job", "--from-issue", str(issue), "--root", str(project.root),
                 "--date", "2026-11-22", *args])  # fmt: skip


def test_a_valid_issue_becomes_a_published_listing(
    project: SiteTree, capsys: pytest.CaptureFixture[str]
) -> None:
    assert post(project, body()) == 0
    path = "content/jobs/acme-analytics-senior-ml-tech-lead-search.md"
    assert capsys.readouterr().out == f"Wrote {path}.\n"
    doc = load_markdown_file(project.root / path, path)
    meta = JobMeta.model_validate(doc.data)
    assert (meta.draft, meta.workplace, meta.seniority) == (False, "hybrid", "senior")
    assert [(loc.city, loc.region, loc.country) for loc in meta.locations] == [
        ("Berlin", None, "DE"), ("Austin", "TX", "US")]  # fmt: skip
    assert meta.salary is not None and (meta.salary.min, meta.salary.max) == (110000, 140000)
    assert meta.valid_through.isoformat() == "2027-01-21"
    assert meta.source is None
    # A "### Skills" heading inside the description stays part of the description.
    assert doc.body.startswith("## About the team") and "### Skills\n\n- Python" in doc.body
    page = project.html("jobs/acme-analytics-senior-ml-tech-lead-search/index.html")
    assert '"@type":"JobPosting"' in page.replace(" ", "")  # it builds, open, with JSON-LD


def test_windows_line_endings_and_a_remote_job(project: SiteTree) -> None:
    text = body(workplace="remote", locations="_No response_", remote_from="us, Canada",
                currency="_No response_", salary_min="_No response_",
                salary_max="_No response_", period="_No response_",
                apply="jobs@acme.example.test")  # fmt: skip
    assert post(project, text.replace("\n", "\r\n")) == 0
    path = "content/jobs/acme-analytics-senior-ml-tech-lead-search.md"
    meta = JobMeta.model_validate(load_markdown_file(project.root / path, path).data)
    assert (meta.remote_from, meta.salary, meta.apply.email) == (
        ["US", "CA"], None, "jobs@acme.example.test")  # fmt: skip


def test_an_invalid_issue_prints_field_messages_and_writes_the_comment(
    project: SiteTree, capsys: pytest.CaptureFixture[str]
) -> None:
    text = body(title="_No response_", salary_min="lots", workplace="Remote",
                locations="Atlantis", confirm="- [ ] I may post this job for this company, "
                "and the listing is accurate")  # fmt: skip
    comment = project.root / "errors.md"
    before = sorted((project.root / "content/jobs").iterdir())
    assert post(project, text, "--errors-markdown", str(comment)) == 1
    err = capsys.readouterr().err
    assert err.splitlines() == [
        "Confirmation: must be ticked",
        "Job title: is required",
        "Office locations: line 1: location 'Atlantis' names no country; set "
        "defaults.country for this import",
        "Salary minimum: must be a number like 150000, with the other pay fields (got 'lots')",
    ]
    assert "Traceback" not in err
    written = comment.read_text()
    assert written.startswith("Thank you for posting a job.")
    assert "```text\nConfirmation: must be ticked\n" in written
    assert sorted((project.root / "content/jobs").iterdir()) == before


def test_model_errors_are_named_by_the_question_that_set_them(
    project: SiteTree, capsys: pytest.CaptureFixture[str]
) -> None:
    text = body(workplace="Remote", seniority="junior", company_url="ftp://acme.example.test/",
                valid_through="2027-02-30", title="ML LEAD $200K")  # fmt: skip
    assert post(project, text) == 1
    err = capsys.readouterr().err
    assert "Workplace: must be one of 'onsite', 'hybrid' or 'remote' (got 'Remote'); " in err
    assert "Seniority: must be one of" in err
    assert "Company website: must be an absolute http: or https: URL" in err
    assert "Closing date: 2027-02-30 is not a date: February 2027 has 28 days" in err


def test_untrusted_description_rules_apply(
    project: SiteTree, capsys: pytest.CaptureFixture[str]
) -> None:
    assert post(project, body(description="Hi <script>alert(1)</script>")) == 1
    assert "Job description: raw HTML is not allowed in listings" in capsys.readouterr().err
    assert post(project, body(description="[apply](javascript:alert(1))")) == 1
    assert "Job description: link `javascript:alert(1)` is not allowed" in capsys.readouterr().err
    assert post(project, body(title="SENIOR ML TECH LEAD")) == 1
    assert "Job title: JobPosting title must not be written in capitals only" in (
        capsys.readouterr().err
    )


def test_a_body_that_is_not_the_form_says_which_questions_are_missing(
    project: SiteTree, capsys: pytest.CaptureFixture[str]
) -> None:
    assert post(project, "I would like to post a job, please call me.\n") == 1
    err = capsys.readouterr().err.splitlines()
    assert "Job title: is missing from the issue; use the Post a job form" in err
    assert len(err) == len(FIELDS)


def test_the_same_title_twice_gets_a_new_address(project: SiteTree) -> None:
    assert post(project, body()) == 0
    assert post(project, body()) == 0
    assert (project.root / "content/jobs/acme-analytics-senior-ml-tech-lead-search-2.md").is_file()


def test_new_job_without_a_title_or_company_still_explains_itself(
    project: SiteTree, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["new", "job", "Lead", "--root", str(project.root)]) == 1
    assert "give the job title and --company" in capsys.readouterr().err


# --- the form and its workflow -----------------------------------------------------------


def test_the_committed_form_is_the_generated_one() -> None:
    committed = (REPO / ".github/ISSUE_TEMPLATE/post-a-job.yml").read_text(encoding="utf-8")
    assert committed == form_yaml(), "regenerate: python -m mltl_site.intake > <that file>"


def test_the_form_offers_exactly_the_models_choices() -> None:
    form = yaml.safe_load((REPO / ".github/ISSUE_TEMPLATE/post-a-job.yml").read_text())
    options = {item["id"]: item["attributes"].get("options") for item in form["body"][1:]}
    assert options["workplace"] == list(get_args(Workplace))
    assert options["employment_type"] == list(get_args(EmploymentType))
    assert options["seniority"] == list(get_args(Seniority))
    assert options["period"] == list(get_args(Period))
    assert sorted(options["currency"]) == sorted(CURRENCIES)
    labels = [item["attributes"]["label"] for item in form["body"][1:]]
    assert labels == [field.label for field in FIELDS]


def test_the_form_url_comes_from_the_repository_setting() -> None:
    assert issue_form_url("acme/jobs") == (
        "https://github.com/acme/jobs/issues/new?template=post-a-job.yml"
    )
    base = {"title": "T", "description": "D", "base_url": "https://x.org/"}
    assert post_a_job_url(SiteConfig.model_validate(base)) is None
    config = SiteConfig.model_validate({**base, "repository": "acme/jobs"})
    assert post_a_job_url(config) == issue_form_url("acme/jobs")
    with pytest.raises(ValueError, match="repository"):
        SiteConfig.model_validate({**base, "repository": "acme/jobs/../x"})


def test_the_workflow_never_puts_issue_text_in_a_shell_and_pins_its_actions() -> None:
    text = (REPO / ".github/workflows/post-a-job.yml").read_text(encoding="utf-8")
    workflow = yaml.safe_load(text)
    assert workflow["permissions"] == {}
    job = workflow["jobs"]["listing"]
    assert job["permissions"] == {"contents": "write", "pull-requests": "write", "issues": "write"}
    for step in job["steps"]:
        if "uses" in step:
            assert re.fullmatch(r"[\w-]+/[\w-]+@[0-9a-f]{40}", step["uses"]), step["uses"]
        assert "${{" not in step.get("run", ""), step.get("name")
    assert job["steps"][3]["env"]["ISSUE_BODY"] == "${{ github.event.issue.body }}"
    assert "--from-issue" in job["steps"][3]["run"]


def test_a_repository_in_site_yaml_adds_a_post_a_job_page_linking_to_its_form(
    tree: SiteTree,
) -> None:
    assert "post-a-job/index.html" not in tree.files()
    assert "Post a job" not in tree.html("index.html")
    tree.write("site.yaml", SITE_YAML + "repository: acme/jobs\n")
    files = tree.files()
    page = files["post-a-job/index.html"].decode()
    assert 'href="https://github.com/acme/jobs/issues/new?template=post-a-job.yml"' in page
    assert "reviews the listing as a pull request" in page
    assert '<a href="/post-a-job/">Post a job</a>' in files["index.html"].decode()
    assert "https://jobs.example.org/post-a-job/" in files["sitemap.xml"].decode()


def test_post_a_job_is_a_reserved_page_slug(tree: SiteTree) -> None:
    tree.write("pages/post-a-job.md", "---\ntitle: Mine\ndescription: x\n---\nx\n")
    (message,) = tree.errors()
    assert "the slug 'post-a-job' is taken by the site's own" in message
