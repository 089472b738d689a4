"""The dev server over real HTTP on loopback: serve, rebuild, reload, keep the last good site."""

from __future__ import annotations

import asyncio
import contextlib
import http.client
import json
import re
import shutil
import socket
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path

import pytest
from tornado import ioloop, websocket
from tornado.httpclient import HTTPRequest

from conftest import REPO, SiteTree
from mltl_site.serve import DevServer, Rebuild, is_editor_litter

TIMEOUT = 10.0


@dataclass
class Running:
    """A dev server running on its own thread and IOLoop."""

    server: DevServer
    loop: ioloop.IOLoop
    tree: SiteTree
    rebuilds: list[Rebuild] = field(default_factory=list)

    def get(self, path: str, host: str | None = None) -> tuple[int, str, dict[str, str]]:
        connection = http.client.HTTPConnection("127.0.0.1", self.server.port, timeout=5)
        # putrequest sends the path exactly as given: no normalisation by the client.
        connection.putrequest("GET", path, skip_host=True)
        connection.putheader("Host", host or f"localhost:{self.server.port}")
        connection.endheaders()
        response = connection.getresponse()
        body = response.read().decode("utf-8", "replace")
        connection.close()
        return response.status, body, dict(response.getheaders())

    def wait_for(self, condition: Callable[[], bool], what: str) -> None:
        deadline = time.monotonic() + TIMEOUT
        while time.monotonic() < deadline:
            if condition():
                return
            time.sleep(0.05)
        raise AssertionError(f"timed out waiting for {what}")

    def wait_for_rebuilds(self, count: int) -> None:
        self.wait_for(lambda: len(self.rebuilds) >= count, f"{count} rebuilds")


@contextlib.contextmanager
def serving(tree: SiteTree) -> Iterator[Running]:
    """Run a dev server for ``tree`` on a thread of its own until the block ends."""
    started = threading.Event()
    box: dict[str, Running] = {}

    def serve() -> None:
        asyncio.set_event_loop(asyncio.new_event_loop())
        rebuilds: list[Rebuild] = []
        server = DevServer(tree.project, tree.options(), port=0, report=rebuilds.append)
        server.rebuild()
        server.start()
        loop = ioloop.IOLoop.current()
        box["running"] = Running(server, loop, tree, rebuilds)
        started.set()
        loop.start()
        server.stop()
        # Close what is left (connections the server accepted), so no socket is left for
        # the garbage collector to find later in an unrelated test.
        loop.close(all_fds=True)

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    assert started.wait(TIMEOUT)
    run = box["running"]
    try:
        yield run
    finally:
        run.loop.add_callback(run.loop.stop)
        thread.join(TIMEOUT)


@pytest.fixture
def running(tree: SiteTree, tmp_path: Path) -> Iterator[Running]:
    # Own copies, so nothing else touching the repository's files can trigger a rebuild.
    templates, static = tmp_path / "templates", tmp_path / "static"
    shutil.copytree(REPO / "templates", templates)
    shutil.copytree(REPO / "static", static)
    tree.project = replace(tree.project, templates=templates, static=static)
    with serving(tree) as run:
        yield run


def test_it_serves_the_built_site(running: Running) -> None:
    status, body, headers = running.get("/")
    assert status == 200
    assert '<h1 class="hero__title">Tech lead jobs</h1>' in body
    assert headers["Content-Type"] == "text/html; charset=utf-8"
    assert f"livereload.js?port={running.server.port}" in body
    assert running.get("/jobs/acme-lead/")[0] == 200
    css = re.search(r'href="(/static/css/site\.\w+\.css)"', body)
    assert css is not None
    assert running.get(css.group(1))[2]["Content-Type"].startswith("text/css")


def test_links_in_the_served_site_point_at_the_server(running: Running) -> None:
    body = running.get("/")[1]
    assert f'<link rel="canonical" href="http://localhost:{running.server.port}/">' in body


def test_a_folder_without_slash_redirects_and_unknown_paths_get_the_404_page(
    running: Running,
) -> None:
    status, _, headers = running.get("/jobs")
    assert status == 302 and headers["Location"] == "/jobs/"
    status, body, _ = running.get("/no/such/page/")
    assert status == 404 and "Page not found" in body


def test_an_edit_rebuilds_once_and_reloads_the_browser(running: Running) -> None:
    async def scenario() -> str:
        url = f"ws://127.0.0.1:{running.server.port}/livereload"
        request = HTTPRequest(url, headers={"Origin": f"http://localhost:{running.server.port}"})
        socket = await websocket.websocket_connect(request)
        await socket.write_message(json.dumps({"command": "hello", "protocols": []}))
        hello = await socket.read_message()
        assert hello is not None and json.loads(hello)["command"] == "hello"
        await socket.write_message(json.dumps({"command": "info", "url": "http://localhost/"}))
        await asyncio.sleep(0.2)
        about = running.tree.root / "content/pages/about.md"
        about.write_text(about.read_text().replace("We are small.", "We are growing."))
        message = await asyncio.wait_for(socket.read_message(), TIMEOUT)
        socket.close()
        await socket.read_message()  # None once the closing handshake is done
        return str(message)

    reload = json.loads(asyncio.run(scenario()))
    assert reload["command"] == "reload"
    assert "We are growing." in running.get("/about/")[1]
    assert len(running.rebuilds) == 2  # the first build and one rebuild
    assert running.rebuilds[-1].changed == ("content/pages/about.md",)
    assert running.rebuilds[-1].seconds > 0


def test_a_burst_of_changes_rebuilds_once(running: Running) -> None:
    # A burst (a checkout, a formatter saving many files) comes while the server is idle;
    # the first build's search index is made in the background, so it is waited for, and
    # its work cannot stall the writes below past the watcher's step.
    running.wait_for(lambda: running.server.idle, "the first build's search index")
    for index in range(5):
        running.tree.write(
            f"pages/extra-{index}.md", f"---\ntitle: E{index}\ndescription: x\n---\nx"
        )
        time.sleep(0.005)
    running.wait_for_rebuilds(2)
    time.sleep(0.6)
    assert len(running.rebuilds) == 2
    assert running.get("/extra-4/")[0] == 200


def test_editor_swap_and_backup_files_do_not_trigger_a_rebuild(running: Running) -> None:
    for name in (".about.md.swp", "about.md~", "#about.md#", "4913", ".#about.md"):
        running.tree.write(f"pages/{name}", "scratch")
    time.sleep(0.8)
    assert len(running.rebuilds) == 1


@pytest.mark.parametrize(
    "name", [".about.md.swp", "about.md~", "#about.md#", "4913", ".#about.md", "x.tmp"]
)
def test_editor_litter_is_recognised(name: str) -> None:
    assert is_editor_litter(name)
    assert not is_editor_litter("about.md")


def test_a_bad_edit_keeps_the_last_good_site_and_shows_the_errors_on_every_page(
    running: Running,
) -> None:
    site_yaml = running.tree.root / "content/site.yaml"
    good = site_yaml.read_text()
    site_yaml.write_text(good + "<b>bold</b>: 1\n")
    running.wait_for_rebuilds(2)
    for path in ("/", "/jobs/", "/about/", "/no/such/"):
        status, body, _ = running.get(path)
        assert status == (404 if path == "/no/such/" else 200)
        assert 'id="mltl-build-errors"' in body, path
        assert "content/site.yaml:" in body
        assert "&lt;b&gt;bold&lt;/b&gt;: unknown field" in body and "<b>bold</b>" not in body
    assert "Tech lead jobs" in running.get("/")[1]  # the last good site
    site_yaml.write_text(good)
    running.wait_for_rebuilds(3)
    assert 'id="mltl-build-errors"' not in running.get("/")[1]


def test_a_template_error_is_shown_with_its_file_and_line(running: Running) -> None:
    template = running.tree.project.templates / "page.html"
    good = template.read_text()
    template.write_text(good.replace("{% block main %}", "{% block main %}\n{{ nope.missing }}"))
    running.wait_for_rebuilds(2)
    body = running.get("/about/")[1]
    assert 'id="mltl-build-errors"' in body
    line = good.splitlines().index("{% block main %}") + 2  # the line written below it
    assert f"templates/page.html:{line}: UndefinedError" in body and "nope" in body
    template.write_text(good)
    running.wait_for_rebuilds(3)
    assert 'id="mltl-build-errors"' not in running.get("/about/")[1]


def test_a_first_build_that_fails_serves_the_errors_until_fixed(tree: SiteTree) -> None:
    listing = tree.root / "content/jobs/acme-lead.md"
    good = listing.read_text()
    listing.write_text("---\ntitle: [\n---\n")
    with serving(tree) as run:
        status, body, _ = run.get("/")
        assert status == 503
        assert "content/jobs/acme-lead.md:3: yaml: invalid YAML" in body
        assert "livereload.js" in body
        listing.write_text(good)
        run.wait_for_rebuilds(2)
        assert run.get("/")[0] == 200


TRAVERSALS = [
    "/../../../../etc/passwd",
    "/..%2f..%2f..%2f..%2fetc%2fpasswd",
    "/%2e%2e/%2e%2e/%2e%2e/etc/passwd",
    "/%252e%252e/%252e%252e/etc/passwd",
    "/static/..%2f..%2f..%2f..%2fetc/passwd",
    "/..\\..\\..\\etc\\passwd",
    "/%2e%2e%5c%2e%2e%5cetc%5cpasswd",
    "/jobs/%00/index.html",
]


@pytest.mark.parametrize("path", TRAVERSALS)
def test_traversal_forms_are_refused(running: Running, path: str) -> None:
    status, body, _ = running.get(path)
    assert 400 <= status < 500
    assert "root:" not in body and "Traceback" not in body


def test_a_symlink_out_of_the_output_folder_is_refused(running: Running, tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("top secret")
    (running.server.out_dir / "leak.txt").symlink_to(secret)
    (running.server.out_dir / "leakdir").symlink_to(tmp_path, target_is_directory=True)
    for path in ("/leak.txt", "/leakdir/secret.txt"):
        status, body, _ = running.get(path)
        assert status == 403 and "top secret" not in body


def test_a_foreign_host_header_is_refused(running: Running) -> None:
    status, body, _ = running.get("/", host="evil.example")
    assert status == 421 and "Tech lead jobs" not in body
    assert running.get("/", host=f"127.0.0.1:{running.server.port}")[0] == 200


def upgrade(port: int, host: str, origin: str) -> str:
    """The status line a /livereload websocket upgrade gets, over a plain socket."""
    request = (
        "GET /livereload HTTP/1.1\r\n"
        f"Host: {host}\r\nOrigin: {origin}\r\n"
        "Upgrade: websocket\r\nConnection: Upgrade\r\n"
        "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n"
    )
    with socket.create_connection(("127.0.0.1", port), timeout=5) as conn:
        conn.sendall(request.encode())
        return conn.recv(4096).decode("latin-1").split("\r\n", 1)[0]


def test_a_websocket_from_a_foreign_origin_is_refused(running: Running) -> None:
    port = running.server.port
    assert upgrade(port, f"localhost:{port}", "http://evil.example").startswith("HTTP/1.1 403")
    assert upgrade(port, f"localhost:{port}", f"http://localhost:{port}").startswith("HTTP/1.1 101")


def test_a_websocket_upgrade_for_a_foreign_host_is_refused_even_from_its_own_origin(
    running: Running,
) -> None:
    # DNS rebinding: the page and the request both name the attacker's host.
    status = upgrade(running.server.port, "evil.example:80", "http://evil.example:80")
    assert status.startswith("HTTP/1.1 421"), status


def test_stopping_closes_every_connection_the_server_accepted(tree: SiteTree) -> None:
    # An idle connection (a browser's preconnect), a request cut off halfway and an open
    # reload websocket: after stop() each client reads the end of its stream, so no
    # server-side socket is left for the garbage collector to warn about later.
    ready, stopped = threading.Event(), threading.Event()
    box: dict[str, tuple[DevServer, ioloop.IOLoop]] = {}

    def serve() -> None:
        asyncio.set_event_loop(asyncio.new_event_loop())
        server = DevServer(tree.project, tree.options(), port=0)
        server.rebuild()
        server.start()
        box["server"] = (server, ioloop.IOLoop.current())
        ready.set()
        box["server"][1].start()
        server.stop()
        stopped.set()
        box["server"][1].close()  # not all_fds: stop() alone must have closed them

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    assert ready.wait(TIMEOUT)
    server, loop = box["server"]
    port = server.port
    clients = [socket.create_connection(("127.0.0.1", port), timeout=5) for _ in range(3)]
    try:
        clients[1].sendall(f"GET / HTTP/1.1\r\nHost: localhost:{port}\r\n".encode())
        clients[2].sendall(
            (
                f"GET /livereload HTTP/1.1\r\nHost: localhost:{port}\r\n"
                f"Origin: http://localhost:{port}\r\n"
                "Upgrade: websocket\r\nConnection: Upgrade\r\n"
                "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n"
            ).encode()
        )
        assert clients[2].recv(4096).startswith(b"HTTP/1.1 101")
        loop.add_callback(loop.stop)
        assert stopped.wait(TIMEOUT)
        for client in clients:
            assert _read_to_end(client) == b""
    finally:
        for client in clients:
            client.close()
        thread.join(TIMEOUT)


def _read_to_end(client: socket.socket) -> bytes:
    """What is left on ``client`` until the server closes it (b"" once it has)."""
    while chunk := client.recv(4096):
        if not chunk.startswith(b"\x88"):  # anything but a websocket close frame
            return chunk
    return b""


def test_a_deleted_page_is_gone_from_the_served_site_after_the_rebuild(running: Running) -> None:
    assert running.get("/about/")[0] == 200
    (running.tree.root / "content/pages/about.md").unlink()
    running.wait_for_rebuilds(2)
    assert running.get("/about/")[0] == 404
    assert not (running.server.out_dir / "about").exists()


def test_a_save_rerenders_only_the_pages_that_show_what_changed(running: Running) -> None:
    about = running.tree.root / "content/pages/about.md"
    about.write_text(about.read_text().replace("We are small.", "We are tiny."))
    running.wait_for_rebuilds(2)
    result = running.rebuilds[-1].result
    assert result is not None
    assert result.rendered == ("about/index.html",)


def reload_messages(
    running: Running,
    edit: Callable[[], None],
    count: int,
    showing: str = "/jobs/acme-lead/",
    then_quiet: bool = False,
) -> list[tuple[str, str]]:
    """The path of each of ``count`` reloads a browser showing ``showing`` is sent, and the
    body of /jobs/acme-lead/ as it would see it then. With ``then_quiet``, also any reload
    that comes once the rebuild is done (so a test can say there is none)."""

    async def scenario() -> list[tuple[str, str]]:
        url = f"ws://127.0.0.1:{running.server.port}/livereload"
        request = HTTPRequest(url, headers={"Origin": f"http://localhost:{running.server.port}"})
        sock = await websocket.websocket_connect(request)
        await sock.write_message(json.dumps({"command": "hello", "protocols": []}))
        await sock.read_message()
        info = {"command": "info", "url": f"http://localhost{showing}"}
        await sock.write_message(json.dumps(info))
        await asyncio.sleep(0.2)
        edit()
        seen = []
        for _ in range(count):
            message = await asyncio.wait_for(sock.read_message(), TIMEOUT)
            assert message is not None and json.loads(message)["command"] == "reload"
            seen.append((json.loads(message)["path"], running.get("/jobs/acme-lead/")[1]))
        if then_quiet:
            running.wait_for_rebuilds(2)
            with contextlib.suppress(TimeoutError):
                extra = await asyncio.wait_for(sock.read_message(), 0.5)
                seen.append((json.loads(extra or "{}").get("path", ""), ""))
        sock.close()
        await sock.read_message()
        return seen

    return asyncio.run(scenario())


def edit_acme(running: Running) -> Callable[[], None]:
    listing = running.tree.root / "content/jobs/acme-lead.md"

    def edit() -> None:
        listing.write_text(listing.read_text().replace("A good job.", "A great job."))

    return edit


def test_a_saved_listing_shows_its_own_page_before_the_rebuild_finishes(running: Running) -> None:
    (first, first_body), (second, second_body) = reload_messages(running, edit_acme(running), 2)
    # The first reload comes from the quick preview, for its page; the second from the rebuild.
    assert running.server.previews == [("jobs/acme-lead/index.html",)]
    assert (first, second) == ("/jobs/acme-lead/", "*")
    assert "A great job." in first_body and "A great job." in second_body
    running.wait_for_rebuilds(2)
    assert len(running.rebuilds) == 2  # the preview is not a rebuild


def test_a_browser_on_another_page_reloads_once_when_the_rebuild_is_done(
    running: Running,
) -> None:
    seen = reload_messages(running, edit_acme(running), 1, showing="/about/", then_quiet=True)
    assert running.server.previews == [("jobs/acme-lead/index.html",)]
    # One reload, for the rebuild; the preview's is for the listing's page alone.
    assert [path for path, _ in seen] == ["*"]
    assert running.rebuilds[-1].errors == ()
    assert "A great job." in seen[0][1]


def test_only_a_save_of_listings_alone_is_previewed(running: Running) -> None:
    about = running.tree.root / "content/pages/about.md"
    about.write_text(about.read_text().replace("We are small.", "We are tiny."))
    running.wait_for_rebuilds(2)
    listing = running.tree.root / "content/jobs/acme-lead.md"
    listing.write_text(listing.read_text().replace("seniority: senior", "seniority: galactic"))
    running.wait_for_rebuilds(3)
    assert running.server.previews == []  # a page, then a listing that does not validate


# --- which files a rebuild names -------------------------------------------------------


def test_a_save_through_a_temporary_file_names_the_real_file_only(running: Running) -> None:
    about = running.tree.root / "content/pages/about.md"
    temporary = about.with_name("sedX1b2c3")  # as `sed -i` saves: a new file renamed over
    temporary.write_text(about.read_text().replace("We are small.", "We are growing."))
    temporary.replace(about)
    running.wait_for_rebuilds(2)
    assert running.rebuilds[-1].changed == ("content/pages/about.md",)


def test_a_removed_folder_names_the_files_it_held(running: Running) -> None:
    shutil.rmtree(running.tree.root / "content/pages")
    running.wait_for_rebuilds(2)
    assert running.rebuilds[-1].changed == ("content/pages/about.md",)
    assert running.get("/about/")[0] == 404


def test_naming_a_saved_file_does_not_walk_the_project(
    running: Running, monkeypatch: pytest.MonkeyPatch
) -> None:
    # At 10,000 listings a walk of content/ costs 0.35 s, before the quick preview.
    walks: list[str] = []
    files = DevServer._files

    def walk(self: DevServer) -> set[str]:
        walks.append("walk")
        return files(self)

    monkeypatch.setattr(DevServer, "_files", walk)
    job = running.tree.root / "content/jobs/acme-lead.md"
    job.write_text(job.read_text().replace("A good job.", "A fine job."))
    running.wait_for_rebuilds(2)
    assert running.rebuilds[-1].changed == ("content/jobs/acme-lead.md",)
    assert walks == []
