"""``check --external`` against a real HTTP server on loopback: never the internet."""

from __future__ import annotations

import shutil
import socket
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from conftest import REPO, SiteTree, job_md
from mltl_site.cli import main
from mltl_site.external import ExternalOptions, external_warnings
from mltl_site.pipeline import load_site


class Server(ThreadingHTTPServer):
    """Answers by path; remembers what it was asked and how many requests ran at once."""

    daemon_threads = False  # server_close() joins every handler thread

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), Handler)
        self.release = threading.Event()
        self.lock = threading.Lock()
        self.in_flight = self.most_in_flight = 0
        self.seen: list[tuple[str, str, str]] = []

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"

    def handle_error(self, request: object, client_address: object) -> None:
        pass  # a client that timed out and left is expected here


class Handler(BaseHTTPRequestHandler):
    server: Server

    def do_GET(self) -> None:
        server = self.server
        # A /hang request outlives its client, which gives up after its timeout and frees
        # its slot, so it is left out of the count of requests running at once.
        counted = self.path != "/hang"
        with server.lock:
            server.seen.append((self.command, self.path, self.headers.get("User-Agent", "")))
            server.in_flight += counted
            server.most_in_flight = max(server.most_in_flight, server.in_flight)
        try:
            self.answer()
        finally:
            with server.lock:
                server.in_flight -= counted

    def answer(self) -> None:
        if self.path == "/hang":
            self.server.release.wait()  # until the test is over: the client times out
            return
        status, location = {
            "/ok": (200, None),
            "/moved": (301, "/gone"),
            "/gone": (404, None),
            "/broken": (500, None),
            "/loop": (302, "/loop"),
        }.get(self.path, (404, None))
        self.send_response(status)
        if location:
            self.send_header("Location", location)
        self.send_header("Content-Length", "2")
        self.end_headers()
        self.wfile.write(b"ok")

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture
def server() -> Iterator[Server]:
    httpd = Server()
    thread = threading.Thread(target=httpd.serve_forever)
    thread.start()
    try:
        yield httpd
    finally:
        httpd.release.set()
        httpd.shutdown()
        thread.join()
        httpd.server_close()


@pytest.fixture
def refused_url() -> str:
    """A loopback port nothing listens on."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"http://127.0.0.1:{port}/apply"


def listing(slug: str, apply: str, company: str, **changes: str) -> tuple[str, str]:
    text = job_md(slug.title(), **changes)
    text = text.replace(
        "apply: {url: https://acme.example.test/apply}", f"apply: {{url: '{apply}'}}"
    )
    text = text.replace("url: https://acme.example.test/}", f"url: '{company}'}}")
    return f"jobs/{slug}.md", text


@pytest.fixture
def board(tree: SiteTree, server: Server, refused_url: str) -> SiteTree:
    base = server.base
    for name in ("acme-lead", "globex-lead", "initech-lead"):
        tree.remove(f"jobs/{name}.md")
    for path, text in (
        listing("fine", f"{base}/ok", f"{base}/ok"),
        listing("moved", f"{base}/moved", f"{base}/ok"),
        listing("broken", f"{base}/broken", f"{base}/loop"),
        listing("slow", f"{base}/hang", f"{base}/ok"),
        listing("refused", refused_url, f"{base}/ok"),
        # Closed listings are not checked: their page no longer offers the link.
        listing(
            "closed", f"{base}/broken", f"{base}/broken", posted="2026-01-01", valid="2026-02-01"
        ),
    ):
        tree.write(path, text)
    return tree


OPTIONS = ExternalOptions(concurrency=2, timeout=1.5, max_redirects=3)


def test_each_failure_is_a_warning_at_the_line_of_its_url(
    board: SiteTree, server: Server, refused_url: str
) -> None:
    site = load_site(board.project, board.options())
    warnings = external_warnings(site.listings, OPTIONS)
    assert {w.severity for w in warnings} == {"warning"}
    found = [str(w) for w in warnings]
    base = server.base
    assert found == [
        f"content/jobs/broken.md:4: company.url: {base}/loop redirects more than 3 times",
        f"content/jobs/broken.md:13: apply.url: {base}/broken answered 500 Internal Server Error",
        f"content/jobs/moved.md:13: apply.url: {base}/moved answered 404 Not Found after "
        f"redirecting to {base}/gone",
        f"content/jobs/refused.md:13: apply.url: {refused_url} could not be reached "
        "(Connection refused)",
        f"content/jobs/slow.md:13: apply.url: {base}/hang did not answer within 1.5 s",
    ]


def test_each_url_is_asked_once_politely_and_a_few_at_a_time(
    board: SiteTree, server: Server
) -> None:
    site = load_site(board.project, board.options())
    external_warnings(site.listings, OPTIONS)
    paths = [path for _, path, _ in server.seen]
    assert paths.count("/ok") == 1  # four listings name it
    assert "/broken" in paths and paths.count("/broken") == 1  # the closed one was skipped
    assert {method for method, _, _ in server.seen} == {"GET"}
    agents = {agent for _, _, agent in server.seen}
    assert len(agents) == 1 and agents.pop().startswith("mltl-site/")
    assert server.most_in_flight <= 2


def test_check_external_adds_the_warnings_and_strict_fails_on_them(
    board: SiteTree, server: Server, capsys: pytest.CaptureFixture[str]
) -> None:
    for folder in ("templates", "static"):
        shutil.copytree(REPO / folder, board.root / folder)
    board.remove("jobs/slow.md")  # the default timeout is 10 s; the test above covers it
    args = ["check", "--root", str(board.root), "--date", "2026-11-22"]
    assert main(args) == 0
    assert f"{server.base}/broken" not in capsys.readouterr().err  # opt-in only
    assert main([*args, "--external", "--strict"]) == 1
    err = capsys.readouterr().err
    assert (
        f"content/jobs/broken.md:13: apply.url: warning: {server.base}/broken answered 500 "
        "Internal Server Error" in err.splitlines()
    )


def test_the_build_never_touches_the_network(board: SiteTree, server: Server) -> None:
    board.files()
    assert server.seen == []
