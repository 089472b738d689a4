"""Fetching feeds: retries with backoff, timeouts, size limits, bad JSON, and being offline.

No test sleeps: the client's pauses are recorded instead of slept, and a hanging
server is released when the test ends.
"""

from __future__ import annotations

import hashlib
import socket

import pytest

from conftest import SITE_YAML, SiteTree
from fixtures.feeds import (  # noqa: F401
    GREENHOUSE,
    IMPORTS_YAML,
    JOBS_JSON,
    Answer,
    FeedServer,
    api_fixture,
    board_fixture,
    feeds_fixture,
    fixture,
    run_import,
)
from mltl_site.sources.http import FetchError, HttpClient


def client(pauses: list[float], **options: object) -> HttpClient:
    return HttpClient("test-agent", sleep=pauses.append, backoff=0.5, **options)  # type: ignore[arg-type]


def jobs_folder(board: SiteTree) -> dict[str, str]:
    folder = board.root / "content/jobs"
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir())}


run = run_import


def test_a_500_then_a_200_is_retried_after_a_pause(feeds: FeedServer, api: str) -> None:
    feeds.answer("/feed", Answer(b"oops", status=500), Answer(b'{"jobs": []}'))
    pauses: list[float] = []
    assert client(pauses).get_json(api + "/feed") == {"jobs": []}
    assert pauses == [0.5]


def test_429_waits_as_long_as_the_server_asks(feeds: FeedServer, api: str) -> None:
    slow_down = Answer(b"", status=429, headers=(("Retry-After", "7"),))
    feeds.answer("/feed", slow_down, Answer(b"[]"))
    pauses: list[float] = []
    assert client(pauses).get_json(api + "/feed") == []
    assert pauses == [7.0]


def test_retries_are_bounded_and_back_off(feeds: FeedServer, api: str) -> None:
    feeds.answer("/feed", Answer(b"", status=503))
    pauses: list[float] = []
    with pytest.raises(FetchError, match=r"HTTP 503 \(after 4 tries\)"):
        client(pauses, retries=3).get_json(api + "/feed")
    assert pauses == [0.5, 1.0, 2.0]
    assert len(feeds.requests) == 4


def test_a_client_error_is_not_retried(feeds: FeedServer, api: str) -> None:
    pauses: list[float] = []
    with pytest.raises(FetchError, match=r"HTTP 404$"):
        client(pauses).get_json(api + "/no-such-board")
    assert pauses == []


def test_an_oversized_response_stops_at_the_limit(feeds: FeedServer, api: str) -> None:
    big = b"[" + b"0," * 5000 + b"0]"
    feeds.answer("/declared", Answer(big))
    feeds.answer("/streamed", Answer(big, length=False))
    for path in ("/declared", "/streamed"):
        with pytest.raises(FetchError, match="larger than 1,000 bytes"):
            client([], max_bytes=1000).get_json(api + path)


def test_a_timeout_is_one_clear_line_and_changes_nothing(
    board: SiteTree, api: str, feeds: FeedServer, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(board, api) == 0
    before = jobs_folder(board)
    feeds.answer(GREENHOUSE, Answer(hang=True))
    capsys.readouterr()
    assert run(board, api, "--timeout", "0.2", "--retries", "0") == 1
    err = capsys.readouterr().err.splitlines()
    assert err == [
        f"greenhouse northwind: could not import {api}{GREENHOUSE}: "
        "no answer in time (timed out) (after 1 try)"
    ]
    assert jobs_folder(board) == before  # its listings are neither closed nor rewritten


def test_malformed_json_is_one_clear_line_and_other_sources_go_on(
    board: SiteTree, api: str, feeds: FeedServer, capsys: pytest.CaptureFixture[str]
) -> None:
    feeds.answer(GREENHOUSE, Answer(fixture("greenhouse/northwind.json")[:-40]))  # cut short
    assert run(board, api) == 1
    captured = capsys.readouterr()
    assert captured.err.splitlines() == [
        f"greenhouse northwind: could not import {api}{GREENHOUSE}: the response is not "
        "valid JSON (line 134, column 4)"
    ]
    assert "lever ferrous: 3 added" in captured.out
    assert not any(name.startswith("northwind") for name in jobs_folder(board))


def test_a_feed_of_the_wrong_shape_is_refused(
    board: SiteTree, api: str, feeds: FeedServer, capsys: pytest.CaptureFixture[str]
) -> None:
    feeds.answer(GREENHOUSE, Answer(b'{"postings": []}'))
    assert run(board, api) == 1
    assert capsys.readouterr().err == (
        f"greenhouse northwind: could not import {api}{GREENHOUSE}: the feed is not in the "
        "expected shape: it has no `jobs` list\n"
    )


def test_offline_every_source_fails_with_one_line_and_nothing_changes(
    board: SiteTree, capsys: pytest.CaptureFixture[str]
) -> None:
    with socket.socket() as sock:  # a port that nothing listens on
        sock.bind(("127.0.0.1", 0))
        dead = f"http://127.0.0.1:{sock.getsockname()[1]}"
    board.write("site.yaml", SITE_YAML + IMPORTS_YAML.format(base=dead, jobs_json=JOBS_JSON))
    before = jobs_folder(board)
    assert run(board, dead, "--retries", "0") == 1
    err = capsys.readouterr().err.splitlines()
    assert len(err) == 4
    assert all("could not connect (offline, or the host is wrong)" in line for line in err)
    feed = f"jobs-json {dead}/partner/jobs.json"
    assert [line.split(": could not")[0] for line in err] == [
        "greenhouse northwind", "lever ferrous", "ashby lumen", feed]  # fmt: skip
    assert jobs_folder(board) == before


def test_a_bad_api_base_is_refused(board: SiteTree, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(board, "file:///etc/passwd") == 1
    assert "--api-base: must be an absolute http: or https: URL" in capsys.readouterr().err
