"""Import, build, reimport: idempotent, closing what disappears, keeping hand edits."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import SiteTree
from fixtures.feeds import (  # noqa: F401
    GREENHOUSE,
    Answer,
    FeedServer,
    api_fixture,
    board_fixture,
    feeds_fixture,
    fixture,
    run_import,
)
from mltl_site.checks import check_project
from mltl_site.config import BuildOptions
from mltl_site.loader import load_markdown_file
from mltl_site.models import JobMeta
from mltl_site.pages import build_pages
from mltl_site.pipeline import build, load_site
from mltl_site.seo import check_job_posting
from mltl_site.sources.listing import edited_by_hand

RANKING = "content/jobs/northwind-labs-senior-ml-tech-lead-ranking.md"


run = run_import


def snapshot(board: SiteTree) -> dict[str, tuple[bytes, int]]:
    folder = board.root / "content/jobs"
    return {p.name: (p.read_bytes(), p.stat().st_mtime_ns) for p in sorted(folder.iterdir())}


def greenhouse_without(posting_id: int) -> bytes:
    data = json.loads(fixture("greenhouse/northwind.json"))
    data["jobs"] = [job for job in data["jobs"] if job["id"] != posting_id]
    return json.dumps(data).encode()


def meta_of(board: SiteTree, relative: str) -> JobMeta:
    return JobMeta.model_validate(load_markdown_file(board.root / relative, relative).data)


def test_import_build_and_reimport_with_no_change_writes_nothing(
    board: SiteTree, api: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(board, api) == 0
    options = BuildOptions(build_date=board.options().build_date)
    result = build(board.project, tmp_path / "_site", options)
    assert (tmp_path / "_site/jobs/northwind-labs-senior-ml-tech-lead-ranking/index.html").is_file()
    assert result.pages > 0
    before = snapshot(board)
    capsys.readouterr()
    assert run(board, api) == 0
    out = capsys.readouterr().out
    assert "greenhouse northwind: 1 skipped, 3 unchanged" in out
    assert "added" not in out and "updated" not in out
    assert snapshot(board) == before  # byte for byte, and not even touched
    assert run(board, api, date="2026-11-30") == 0  # a later day with no change: still nothing
    assert snapshot(board) == before


def test_a_posting_gone_from_its_source_is_closed_from_that_day(
    board: SiteTree, api: str, feeds: FeedServer, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(board, api) == 0
    feeds.answer(GREENHOUSE, Answer(greenhouse_without(4012345)))
    capsys.readouterr()
    assert run(board, api, date="2026-11-25") == 0
    out = capsys.readouterr().out
    assert f"  closed   {RANKING}: gone from its source" in out
    meta = meta_of(board, RANKING)
    assert meta.source is not None and meta.source.removed is not None
    assert meta.source.removed.isoformat() == "2026-11-25"
    assert not edited_by_hand((board.root / RANKING).read_text())
    page = board.html("jobs/northwind-labs-senior-ml-tech-lead-ranking/index.html",
                      build_date=meta.source.removed)  # fmt: skip
    assert "<title>Senior ML Tech Lead, Ranking (closed)" in page
    exported = json.loads(board.files(build_date=meta.source.removed)["jobs.json"])
    assert "northwind-labs-senior-ml-tech-lead-ranking" not in {j["id"] for j in exported["jobs"]}
    # The day before it closed it was still open.
    earlier = board.html("jobs/northwind-labs-senior-ml-tech-lead-ranking/index.html",
                         build_date=meta.source.removed.replace(day=24))  # fmt: skip
    assert "(closed)" not in earlier.split("</title>")[0]
    capsys.readouterr()
    assert run(board, api, date="2026-11-26") == 0  # closed once, not again
    assert "closed" not in capsys.readouterr().out.split("lever")[0].split(":", 1)[1]


def test_a_posting_back_on_its_source_reopens(
    board: SiteTree, api: str, feeds: FeedServer, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(board, api) == 0
    feeds.answer(GREENHOUSE, Answer(greenhouse_without(4012345)))
    assert run(board, api, date="2026-11-25") == 0
    feeds.answer(GREENHOUSE, Answer(fixture("greenhouse/northwind.json")))
    capsys.readouterr()
    assert run(board, api, date="2026-11-27") == 0
    assert f"updated  {RANKING}: reopened" in capsys.readouterr().out
    meta = meta_of(board, RANKING)
    assert meta.source is not None and meta.source.removed is None
    assert meta.source.last_seen.isoformat() == "2026-11-27"


def test_a_changed_posting_updates_its_file_in_place(
    board: SiteTree, api: str, feeds: FeedServer, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(board, api) == 0
    data = json.loads(fixture("greenhouse/northwind.json"))
    data["jobs"][0]["title"] = "Senior ML Tech Lead, Ranking and Search"
    feeds.answer(GREENHOUSE, Answer(json.dumps(data).encode()))
    capsys.readouterr()
    assert run(board, api, date="2026-11-23") == 0
    assert f"  updated  {RANKING}: the posting changed" in capsys.readouterr().out
    meta = meta_of(board, RANKING)  # the address stays; the title follows the posting
    assert meta.title == "Senior ML Tech Lead, Ranking and Search"
    assert meta.source is not None and meta.source.last_seen.isoformat() == "2026-11-23"


def test_an_open_posting_is_renewed_before_its_listing_would_close(
    board: SiteTree, api: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(board, api) == 0
    assert meta_of(board, RANKING).valid_through.isoformat() == "2027-01-21"
    capsys.readouterr()
    assert run(board, api, date="2027-01-10") == 0
    assert f"  updated  {RANKING}: renewed" in capsys.readouterr().out
    assert meta_of(board, RANKING).valid_through.isoformat() == "2027-03-11"


def test_a_hand_edit_is_kept_unless_forced(
    board: SiteTree, api: str, feeds: FeedServer, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(board, api) == 0
    path = board.root / RANKING
    edited = path.read_text().replace("You will lead ranking", "You will lead our ranking team")
    path.write_text(edited)
    data = json.loads(fixture("greenhouse/northwind.json"))
    data["jobs"][0]["title"] = "Senior ML Tech Lead, Search"
    feeds.answer(GREENHOUSE, Answer(json.dumps(data).encode()))
    capsys.readouterr()
    assert run(board, api) == 0
    assert f"  kept     {RANKING}: edited by hand; --force replaces it" in capsys.readouterr().out
    assert path.read_text() == edited
    assert run(board, api, "--force") == 0
    assert f"  updated  {RANKING}: --force replaced a hand edit" in capsys.readouterr().out
    assert "our ranking team" not in path.read_text()
    assert meta_of(board, RANKING).title == "Senior ML Tech Lead, Search"


def test_a_hand_edited_listing_gone_from_its_source_is_kept_and_said_so(
    board: SiteTree, api: str, feeds: FeedServer, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(board, api) == 0
    path = board.root / RANKING
    path.write_text(path.read_text() + "\nEdited.\n")
    feeds.answer(GREENHOUSE, Answer(greenhouse_without(4012345)))
    capsys.readouterr()
    assert run(board, api) == 0
    assert "gone from its source but edited by hand" in capsys.readouterr().out
    assert meta_of(board, RANKING).source.removed is None  # type: ignore[union-attr]
    assert run(board, api, "--force") == 0
    assert f"  closed   {RANKING}" in capsys.readouterr().out
    assert path.read_text().endswith("Edited.\n")  # --force closes it, keeping the edit


def test_slugs_never_collide_with_existing_listings(board: SiteTree, api: str) -> None:
    board.write("jobs/northwind-labs-senior-ml-tech-lead-ranking.md",
                (board.root / "content/jobs/acme-lead.md").read_text())  # fmt: skip
    assert run(board, api) == 0
    imported = meta_of(board, "content/jobs/northwind-labs-senior-ml-tech-lead-ranking-2.md")
    assert imported.source is not None and imported.source.id == "northwind/4012345"
    assert meta_of(board, RANKING).source is None  # the hand-written one is untouched
    load_site(board.project, board.options())  # and the board still loads


def test_dry_run_shows_the_summary_and_writes_nothing(
    board: SiteTree, api: str, capsys: pytest.CaptureFixture[str]
) -> None:
    before = snapshot(board)
    assert run(board, api, "--dry-run") == 0
    out = capsys.readouterr().out
    assert f"  added    {RANKING}" in out and out.endswith("Dry run: nothing was written.\n")
    assert snapshot(board) == before


def test_the_same_feeds_and_date_give_the_same_bytes(
    board: SiteTree, api: str, tmp_path: Path
) -> None:
    assert run(board, api) == 0
    first = {name: data for name, (data, _) in snapshot(board).items()}
    for path in (board.root / "content/jobs").iterdir():
        if "source:" in path.read_text():
            path.unlink()
    assert run(board, api) == 0
    assert {name: data for name, (data, _) in snapshot(board).items()} == first


def test_the_imported_board_passes_check_strict_but_for_missing_pay(
    board: SiteTree, api: str
) -> None:
    assert run(board, api) == 0
    report = check_project(board.project, board.options())
    assert report.errors == ()
    # Greenhouse never states pay and some Lever and Ashby postings do not: imports
    # never invent it, so those listings carry the editor's "no salary" warning.
    assert {(w.path, w.field) for w in report.warnings} == {
        ("content/jobs/northwind-labs-senior-ml-tech-lead-ranking.md", "salary"),
        ("content/jobs/northwind-labs-staff-machine-learning-engineer-tech-lead.md", "salary"),
        ("content/jobs/northwind-labs-lead-ml-engineer-platform.md", "salary"),
        ("content/jobs/ferrous-senior-ml-tech-lead-contract.md", "salary"),
        ("content/jobs/lumen-grid-ml-tech-lead-grid-reliability.md", "salary"),
    }


def test_every_imported_open_listing_carries_valid_job_posting_data(
    board: SiteTree, api: str
) -> None:
    assert run(board, api) == 0
    site = load_site(board.project, board.options())
    imported = {item.url for item in site.open if item.job.meta.source is not None}
    assert len(imported) == 10
    postings = {
        page.url: data
        for page in build_pages(site)
        for data in page.head.structured_data
        if data.get("@type") == "JobPosting"
    }
    assert imported <= set(postings)
    for url in imported:
        assert check_job_posting(postings[url]) == [], url
