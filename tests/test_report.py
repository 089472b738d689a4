"""``mltl-site report``: which listings are open, opening, closing, closed and drafts."""

from __future__ import annotations

import json

import pytest

from conftest import SiteTree, job_md
from mltl_site.cli import main
from mltl_site.report import md


@pytest.fixture
def board(tree: SiteTree) -> SiteTree:
    """The small site on 2026-11-22, with a listing in every state."""
    tree.write(
        "jobs/closing-soon.md", job_md("Closing Lead", posted="2026-10-01", valid="2026-11-24")
    )
    tree.write("jobs/next-month.md", job_md("Future Lead", posted="2026-12-05"))
    tree.write("jobs/just-closed.md", job_md("Past Lead", posted="2026-09-01", valid="2026-11-10"))
    tree.write("jobs/long-closed.md", job_md("Old Lead", posted="2026-06-01", valid="2026-07-31"))
    tree.write("jobs/unfinished.md", job_md("Draft Lead", extra="draft: true\n"))
    return tree


def report(tree: SiteTree, capsys: pytest.CaptureFixture[str], *args: str) -> str:
    code = main(["report", "--root", str(tree.root), "--date", "2026-11-22", *args])
    out, err = capsys.readouterr()
    assert (code, err) == (0, "")
    return out


def test_the_text_report_lists_every_state_but_open(
    board: SiteTree, capsys: pytest.CaptureFixture[str]
) -> None:
    assert report(board, capsys) == (
        "Listings on 2026-11-22: 4 open, 1 opening later, 1 closing within 7 days, "
        "2 closed, 1 draft\n"
        "\n"
        "Closing within 7 days (1):\n"
        "  content/jobs/closing-soon.md: Closing Lead (Acme); open, closes in 2 days, "
        "last day 2026-11-24\n"
        "\n"
        "Opening later (1):\n"
        "  content/jobs/next-month.md: Future Lead (Acme); opens 2026-12-05\n"
        "\n"
        "Closed (2):\n"
        "  content/jobs/just-closed.md: Past Lead (Acme); closed 2026-11-11\n"
        "  content/jobs/long-closed.md: Old Lead (Acme); closed 2026-08-01\n"
        "\n"
        "Drafts (1):\n"
        "  content/jobs/unfinished.md: Draft Lead (Acme); draft\n"
    )


def test_closing_within_and_closed_since_narrow_the_report(
    board: SiteTree, capsys: pytest.CaptureFixture[str]
) -> None:
    out = report(board, capsys, "--within", "1", "--closed-since", "2026-11-01")
    assert "0 closing within 1 day," in out
    assert "Closed since 2026-11-01 (1):\n  content/jobs/just-closed.md" in out
    assert "long-closed" not in out
    wide = report(board, capsys, "--within", "100")
    assert "4 closing within 100 days" in wide  # the other three close on 2027-01-31


def test_added_files_are_reported_with_their_state(
    board: SiteTree, capsys: pytest.CaptureFixture[str]
) -> None:
    out = report(
        board, capsys, "--added", "content/jobs/next-month.md", "content/jobs/acme-lead.md"
    )
    assert out.split("\n\n")[1] == (
        "Added by this change (2):\n"
        "  content/jobs/acme-lead.md: Senior ML Tech Lead (Acme); open, closes in 70 days, "
        "last day 2027-01-31\n"
        "  content/jobs/next-month.md: Future Lead (Acme); opens 2026-12-05"
    )


def test_an_added_file_that_is_not_a_listing_is_an_error(
    board: SiteTree, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(["report", "--root", str(board.root), "--added", "content/jobs/missing.md"])
    assert code == 1
    assert capsys.readouterr().err == (
        "--added: content/jobs/missing.md is not a listing in content/jobs/\n"
    )


def test_the_markdown_report_is_a_job_summary_with_one_table_per_state(
    board: SiteTree, capsys: pytest.CaptureFixture[str]
) -> None:
    out = report(board, capsys, "--format", "markdown", "--added", "content/jobs/next-month.md")
    assert out.splitlines()[:12] == [
        "### Listings on 2026-11-22: 4 open, 1 opening later, 1 closing within 7 days, "
        "2 closed, 1 draft",
        "",
        "#### Added by this change (1)",
        "",
        "| Listing | Company | File | Status |",
        "| --- | --- | --- | --- |",
        "| Future Lead | Acme | content/jobs/next-month.md | opens 2026-12-05 |",
        "",
        "#### Closing within 7 days (1)",
        "",
        "| Listing | Company | File | Status |",
        "| --- | --- | --- | --- |",
    ]
    assert out.count("#### ") == 5


def test_markdown_from_titles_stays_text() -> None:
    assert md("A | B <script> [x](javascript:y) *bold* `code`") == (
        r"A \| B \<script\> \[x\](javascript:y) \*bold\* \`code\`"
    )


def test_a_quiet_board_says_so_in_markdown(
    tree: SiteTree, capsys: pytest.CaptureFixture[str]
) -> None:
    out = report(tree, capsys, "--format", "markdown")
    assert out.endswith("\n\nNothing is closing, opening, closed or in draft.\n")


def test_the_json_report_keeps_its_documented_shape(
    board: SiteTree, capsys: pytest.CaptureFixture[str]
) -> None:
    data = json.loads(
        report(board, capsys, "--format", "json", "--added", "content/jobs/next-month.md")
    )
    assert list(data) == [
        "version", "build_date", "closing_within_days", "closed_since", "counts",
        "added", "closing", "scheduled", "closed", "drafts", "open",
    ]  # fmt: skip
    assert data["version"] == 1
    assert data["counts"] == {
        "added": 1, "closing": 1, "scheduled": 1, "closed": 2, "drafts": 1, "open": 4,
    }  # fmt: skip
    assert data["closing"] == [
        {
            "path": "content/jobs/closing-soon.md",
            "slug": "closing-soon",
            "title": "Closing Lead",
            "company": "Acme",
            "status": "open",
            "date_posted": "2026-10-01",
            "valid_through": "2026-11-24",
            "closes_on": "2026-11-25",
            "days_left": 2,
            "url": "https://jobs.example.org/jobs/closing-soon/",
        }
    ]
    assert data["scheduled"][0]["url"] is None
    assert data["scheduled"][0]["days_left"] is None
    assert data["closed"][0]["url"] == "https://jobs.example.org/jobs/just-closed/"
    assert [e["slug"] for e in data["open"]] == [
        "acme-lead", "globex-lead", "closing-soon", "initech-lead",
    ]  # fmt: skip


def test_the_report_is_the_same_bytes_for_the_same_content_and_date(
    board: SiteTree, capsys: pytest.CaptureFixture[str]
) -> None:
    for fmt in ("text", "markdown", "json"):
        assert report(board, capsys, "--format", fmt) == report(board, capsys, "--format", fmt)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--within", "-1"], "--within: --within takes a number of days, 0 or more\n"),
        (
            ["--closed-since", "last week"],
            "--closed-since: --closed-since must be a date written YYYY-MM-DD (got 'last week')\n",
        ),
    ],
)
def test_bad_options_are_clear_errors(
    board: SiteTree, capsys: pytest.CaptureFixture[str], args: list[str], message: str
) -> None:
    assert main(["report", "--root", str(board.root), *args]) == 1
    assert capsys.readouterr().err == message
