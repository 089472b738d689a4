"""`mltl-site import` reads each job-board API in its real shape into valid listings."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import SITE_YAML, SiteTree
from fixtures.feeds import FeedServer, api_fixture, board_fixture, feeds_fixture, run_import  # noqa: F401
from mltl_site.cli import main
from mltl_site.loader import load_markdown_file
from mltl_site.markdown import render_markdown
from mltl_site.models import JobMeta

DATE = "2026-11-22"


run = run_import


def listing(board: SiteTree, slug: str) -> tuple[JobMeta, str]:
    doc = load_markdown_file(board.root / f"content/jobs/{slug}.md", f"{slug}.md")
    return JobMeta.model_validate(doc.data), doc.body


def test_greenhouse_offices_entities_nested_lists_and_a_title_filter(
    board: SiteTree, api: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(board, api) == 0
    out = capsys.readouterr().out
    assert "greenhouse northwind: 3 added, 1 skipped" in out
    assert "Accountant" not in out  # filtered out by `tech lead|ML`, not reported
    meta, body = listing(board, "northwind-labs-senior-ml-tech-lead-ranking")
    assert [(loc.city, loc.region, loc.country) for loc in meta.locations] == [
        ("New York", "NY", "US"),
        ("San Francisco", "CA", "US"),
    ]
    assert meta.salary is None  # Greenhouse states no pay, and none is invented
    assert meta.seniority == "senior" and meta.workplace == "onsite"
    assert meta.source is not None and meta.source.id == "northwind/4012345"
    assert meta.skills == ["Machine Learning", "Python", "PyTorch"]
    # HTML-escaped content: entities decoded once, nested list kept nested.
    assert "retailers & marketplaces. You will lead" in body
    assert "- Lead a team of **six** engineers\n    - hire and grow them\n" in body
    # A relative link is resolved against the posting's page, not the board's site.
    assert "[our benefits](https://boards.greenhouse.io/careers/benefits)" in body
    remote, _ = listing(board, "northwind-labs-staff-machine-learning-engineer-tech-lead")
    assert (remote.workplace, remote.remote_from, remote.locations) == ("remote", ["US"], [])
    assert remote.seniority == "staff"


def test_lever_hybrid_salary_commitments_and_lists(board: SiteTree, api: str) -> None:
    assert run(board, api) == 0
    meta, body = listing(board, "ferrous-ml-tech-lead-forecasting")
    assert meta.workplace == "hybrid"
    assert [loc.city for loc in meta.locations] == ["Berlin", "Munich"]
    assert meta.salary is not None
    assert (meta.salary.currency, meta.salary.min, meta.salary.max, meta.salary.period) == (
        "EUR", 110000, 140000, "year")  # fmt: skip
    assert meta.date_posted.isoformat() == "2026-11-16"  # createdAt is in milliseconds
    assert "### What you will do\n\n- Lead four engineers\n" in body
    assert "    - pipelines & monitoring" in body
    contract, _ = listing(board, "ferrous-senior-ml-tech-lead-contract")
    assert (contract.employment_type, contract.seniority) == ("contract", "senior")
    assert contract.remote_from == ["DE", "NL"] and contract.salary is None
    hourly, _ = listing(board, "ferrous-principal-ml-tech-lead-research-tools")
    assert hourly.salary is not None and hourly.salary.period == "hour"
    assert (hourly.locations[0].region, hourly.locations[0].country) == ("ON", "CA")
    assert hourly.employment_type == "part-time"


def test_ashby_addresses_compensation_tiers_and_unlisted_postings(
    board: SiteTree, api: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(board, api) == 0
    assert "the posting is unlisted on its board" in capsys.readouterr().out
    meta, _ = listing(board, "lumen-grid-lead-ml-engineer-energy-forecasts")
    assert [(loc.city, loc.region) for loc in meta.locations] == [
        ("Houston", "Texas"), ("San Francisco", "California")]  # fmt: skip
    # Two zones of one currency: the listing states the whole span; equity is not pay.
    assert meta.salary is not None and (meta.salary.min, meta.salary.max) == (180000, 235000)
    remote, _ = listing(board, "lumen-grid-ml-tech-lead-grid-reliability")
    assert (remote.workplace, remote.remote_from, remote.salary) == ("remote", ["US"], None)
    hybrid, body = listing(board, "lumen-grid-staff-ml-tech-lead-safety")
    assert (hybrid.workplace, hybrid.employment_type) == ("hybrid", "contract")
    assert "| Week | Focus |" in body


def test_jobs_json_syndicates_a_board_but_not_its_examples(
    board: SiteTree, api: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(board, api) == 0
    assert "a fictional example listing on its board" in capsys.readouterr().out
    meta, _ = listing(board, "harbor-ai-ml-tech-lead-vision")
    assert meta.company.name == "Harbor AI" and meta.valid_through.isoformat() == "2027-01-14"
    assert meta.skills == ["Computer Vision", "PyTorch", "Leadership"]
    assert not (board.root / "content/jobs/example-co-ml-lead.md").exists()


def test_a_posting_that_does_not_map_is_skipped_with_one_line_saying_why(
    board: SiteTree, api: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(board, api) == 0
    captured = capsys.readouterr()
    lines = captured.out.splitlines()
    assert (
        "  skipped  4012348 'ML Tech Lead, Undersea Platform': locations: location "
        "'Atlantis' names no country; set defaults.country for this import"
    ) in lines
    assert any(line.startswith("  skipped  9e3f1a2b") and "seniority:" in line for line in lines)
    assert "Traceback" not in captured.out + captured.err


def test_script_javascript_links_and_event_attributes_end_up_inert(
    board: SiteTree, api: str
) -> None:
    assert run(board, api) == 0
    path = "content/jobs/northwind-labs-lead-ml-engineer-platform.md"
    _, body = listing(board, "northwind-labs-lead-ml-engineer-platform")
    hostile = ("<script", "alert(1)", "alert(2)", "alert(3)", "onclick", "onerror",
               "onmouseover", "style=", "<iframe", "data:text")  # fmt: skip
    for needle in hostile:
        assert needle not in body, needle
    # What was text stays text: escaped so that it can neither run nor link.
    assert "&lt;script>alert(4)&lt;/script>" in body
    assert "\\[a link\\](javascript:alert(5))" in body
    html = render_markdown(body, path=path, untrusted=True)
    assert "<script" not in html and 'href="javascript' not in html.lower()
    page = board.html("jobs/northwind-labs-lead-ml-engineer-platform/index.html").lower()
    for needle in ("onclick", "onerror", "<iframe", 'href="javascript', "alert(1)", "alert(3)"):
        assert needle not in page, needle
    assert "&lt;script&gt;alert(4)&lt;/script&gt;" in page


def test_requests_name_the_board_in_their_user_agent(
    board: SiteTree, api: str, feeds: FeedServer
) -> None:
    assert run(board, api) == 0
    agents = {agent for _, agent in feeds.requests}
    assert len(agents) == 1
    assert agents.pop().endswith("(Test Jobs; +https://jobs.example.org/)")


def test_a_source_can_be_named_on_the_command_line_without_configuration(
    board: SiteTree, api: str
) -> None:
    board.write("site.yaml", SITE_YAML)
    args = ["lever", "ferrous", "--company", "Ferrous", "--company-url", "https://f.example/",
            "--filter", "forecasting"]  # fmt: skip
    assert run(board, api, *args) == 0
    jobs = sorted(p.name for p in (board.root / "content/jobs").iterdir())
    assert "ferrous-ml-tech-lead-forecasting.md" in jobs
    assert "ferrous-senior-ml-tech-lead-contract.md" not in jobs


def test_bad_command_line_settings_are_field_errors(
    board: SiteTree, api: str, capsys: pytest.CaptureFixture[str]
) -> None:
    board.write("site.yaml", SITE_YAML)
    assert run(board, api, "ashby", "lumen") == 1
    assert "--company: ashby feeds do not carry the company's website" in capsys.readouterr().err
    assert run(board, api, "lever", "../etc", "--company", "F", "--company-url", "https://f/") == 1
    assert "ID: must be the board's name" in capsys.readouterr().err
    assert not (board.root / "content/jobs/ferrous-ml-tech-lead-forecasting.md").exists()


def test_with_no_imports_configured_it_says_so_and_succeeds(
    tree: SiteTree, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["import", "--root", str(tree.root)]) == 0
    assert "No imports configured" in capsys.readouterr().out


def test_env_vars_point_each_source_at_another_host(
    board: SiteTree, api: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    for name in ("MLTL_GREENHOUSE_API", "MLTL_LEVER_API", "MLTL_ASHBY_API"):
        monkeypatch.setenv(name, api)
    assert main(["import", "--root", str(board.root), "--date", DATE]) == 0
    assert (board.root / "content/jobs/lumen-grid-staff-ml-tech-lead-safety.md").is_file()


def test_import_has_help_with_examples(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["import", "--help"])
    assert exit_info.value.code == 0
    assert "Examples:\n  mltl-site import\n" in capsys.readouterr().out
