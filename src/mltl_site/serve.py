"""The development server: build, serve, watch, rebuild only what changed, reload.

It serves only files inside its own output folder, only to requests addressed to
it (a foreign ``Host`` is refused on every route, the websocket included, which
stops DNS-rebinding pages from reading the preview), and never a broken site: a
failed build keeps the last good site on screen with the errors laid over it.

File events come from the operating system through watchfiles, so an idle server
does no work. A rebuild goes through the same pipeline as ``build``, keeping the
parsed documents in memory and updating the served folder file by file, so a save
re-renders only the pages that show what changed. The browser side is the
``livereload`` package's client and websocket handler.
"""

from __future__ import annotations

import asyncio
import html
import logging
import mimetypes
import shutil
import socket
import tempfile
import threading
import time
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

import watchfiles
from livereload.handlers import LiveReloadHandler, LiveReloadJSHandler
from livereload.watcher import Watcher
from tornado import httpserver, ioloop, netutil, web
from watchfiles._rust_notify import RustNotify

from .config import BuildOptions, Project
from .errors import BuildFailed, SiteError
from .pipeline import BuildResult, build
from .preview import listings_only, preview_listings

log = logging.getLogger(__name__)

# A burst of saves (an editor writing a temp file, then renaming it) is one change:
# events are gathered until none has come for STEP_MS, for at most DEBOUNCE_MS.
STEP_MS = 40
DEBOUNCE_MS = 400
_EDITOR_LITTER = (".swp", ".swo", ".swx", ".tmp", ".bak", ".part", "~", ".crdownload")


def is_editor_litter(name: str) -> bool:
    """Temporary, swap and backup files editors write beside the real one."""
    return (
        name.startswith((".", "#"))
        or name.endswith(_EDITOR_LITTER)
        or name == "4913"  # vim's probe file
    )


def _watch_filter(change: watchfiles.Change, path: str) -> bool:
    return not any(is_editor_litter(part) for part in Path(path).parts[-2:])


@dataclass(frozen=True)
class Rebuild:
    """The outcome of one (re)build, for the console."""

    seconds: float
    result: BuildResult | None
    errors: tuple[SiteError, ...]
    changed: tuple[str, ...]


class DevServer:
    """Serves a project's site on loopback and rebuilds it when its files change."""

    def __init__(
        self,
        project: Project,
        options: BuildOptions,
        *,
        host: str = "127.0.0.1",
        port: int = 8000,
        report: Callable[[Rebuild], None] = lambda _: None,
    ) -> None:
        self.project = project
        self.host = host
        self.report = report
        self.sockets = netutil.bind_sockets(port, host, family=socket.AF_INET)
        self.port = int(self.sockets[0].getsockname()[1])
        self._workdir = Path(tempfile.mkdtemp(prefix="mltl-serve-"))
        self.options = replace(
            options,
            base_url=f"http://{self.url_host}:{self.port}/",
            cache_dir=options.cache_dir or self._workdir / "cache",
        )
        self.out_dir = self._workdir / "site"
        self.errors: tuple[SiteError, ...] = ()
        self.documents: dict[str, Any] = {}
        self.last: BuildResult | None = None
        self.previews: list[tuple[str, ...]] = []  # pages drawn ahead of a rebuild
        self._pending: set[str] = set()
        self._building = False
        self._task: asyncio.Future[None] | None = None
        self._executor = ThreadPoolExecutor(max_workers=1)
        self._stop = threading.Event()
        self._watcher: threading.Thread | None = None
        self._http: httpserver.HTTPServer | None = None
        self.loop: ioloop.IOLoop | None = None

    @property
    def url_host(self) -> str:
        return "localhost" if self.host in ("127.0.0.1", "::1", "localhost") else self.host

    @property
    def url(self) -> str:
        return f"http://{self.url_host}:{self.port}/"

    @property
    def watched(self) -> tuple[Path, ...]:
        return tuple(
            p for p in (self.project.content, self.project.templates, self.project.static)
            if p.is_dir()
        )  # fmt: skip

    @property
    def allowed_hosts(self) -> frozenset[str]:
        names = {self.host, "localhost", "127.0.0.1", "[::1]"}
        return frozenset(f"{name}:{self.port}" for name in names)

    def rebuild(self, changed: tuple[str, ...] = ()) -> Rebuild:
        """Build into the served folder; on failure keep the last good site and its errors."""
        started = time.perf_counter()
        try:
            result = build(
                self.project, self.out_dir, self.options, live=True, documents=self.documents
            )
        except BuildFailed as exc:
            self.errors = exc.errors
            outcome = Rebuild(time.perf_counter() - started, None, exc.errors, changed)
        except SiteError as exc:
            self.errors = (exc,)
            outcome = Rebuild(time.perf_counter() - started, None, (exc,), changed)
        else:
            self.errors = ()
            self.last = result
            outcome = Rebuild(time.perf_counter() - started, result, (), changed)
        self.report(outcome)
        return outcome

    def application(self) -> web.Application:
        server = self

        class Socket(LiveReloadHandler):  # type: ignore[misc]
            def prepare(self) -> None:
                # Tornado skips check_origin when Origin equals Host, so DNS rebinding
                # (both foreign) would pass: the Host is checked here, before the upgrade.
                if self.request.host not in server.allowed_hosts:
                    raise web.HTTPError(421)

            def check_origin(self, origin: str) -> bool:
                return urlsplit(origin).netloc in server.allowed_hosts

        LiveReloadHandler.watcher = Watcher()  # its reload log line reads watcher.filepath
        return web.Application(
            [
                (r"/livereload", Socket),
                (r"/livereload\.js", _HostChecked(LiveReloadJSHandler, server)),
                (r"/.*", SiteHandler, {"server": server}),
            ],
            debug=False,
        )

    def changed(self, paths: Iterable[str]) -> None:
        """Files changed (on the loop's thread): rebuild now, or after the build under way."""
        self._pending.update(paths)
        if not self._building:
            self._building = True
            self._task = asyncio.ensure_future(self._rebuild_and_reload())

    async def _rebuild_and_reload(self) -> None:
        loop = asyncio.get_running_loop()
        try:
            while self._pending:
                paths = sorted(self._pending)
                changed = self._shown(paths)
                self._pending = set()
                if await loop.run_in_executor(self._executor, self.preview, paths):
                    LiveReloadHandler.reload_waiters("*")
                await loop.run_in_executor(self._executor, self.rebuild, changed)
                LiveReloadHandler.reload_waiters("*")
        finally:
            self._building = False

    def preview(self, paths: Iterable[str]) -> list[str]:
        """When only listings changed, draw their pages at once from the last good build."""
        last = self.last
        if last is None or last.site is None or last.context is None or self.errors:
            return []
        listings = listings_only(self.project, (Path(p) for p in paths))
        if listings is None:
            return []
        written = preview_listings(self.project, listings, last.site, last.context, self.out_dir)
        if written:
            self.previews.append(tuple(written))
            log.debug("previewed %s before the rebuild", ", ".join(written))
        return written

    def _shown(self, paths: Iterable[str]) -> tuple[str, ...]:
        """The changed files an editor knows: those that exist, or were content files."""
        shown = []
        for raw in sorted(paths):
            path = Path(raw)
            if path.is_file() or path.suffix in (".md", ".yaml", ".html", ".css", ".js"):
                shown.append(self.project.display(path))
        return tuple(dict.fromkeys(shown))

    def _watch(self, notify: RustNotify) -> None:
        """The watcher thread: OS file events, gathered into bursts, handed to the loop."""
        loop = self.loop
        assert loop is not None
        with notify:
            while True:
                raw = notify.watch(DEBOUNCE_MS, STEP_MS, 0, self._stop)
                if isinstance(raw, str):  # "stop" (or a signal, which only the main thread gets)
                    return
                paths = [path for kind, path in raw if _watch_filter(watchfiles.Change(kind), path)]
                if paths:
                    loop.add_callback(self.changed, paths)

    def start(self) -> None:
        """Listen and watch on the current IOLoop (call from the loop's thread)."""
        self.loop = ioloop.IOLoop.current()
        self._http = httpserver.HTTPServer(self.application())
        self._http.add_sockets(self.sockets)
        # watchfiles' own generator starts watching only when first iterated, on the
        # thread; made here, the watches are in place before start() returns, so no
        # save made right after is missed.
        notify = RustNotify([str(p) for p in self.watched], False, False, 300, True, False)
        self._watcher = threading.Thread(
            target=self._watch, args=(notify,), name="mltl-watch", daemon=True
        )
        self._watcher.start()

    def stop(self) -> None:
        """Stop listening and watching, and remove the served folder."""
        self._stop.set()
        if self._watcher is not None:
            self._watcher.join()
        if self._http is not None:
            self._http.stop()
        else:
            for sock in self.sockets:
                sock.close()
        self._executor.shutdown(wait=True)
        shutil.rmtree(self._workdir, ignore_errors=True)


def _HostChecked(handler: type[web.RequestHandler], server: DevServer) -> type[web.RequestHandler]:  # noqa: N802
    class Checked(handler):  # type: ignore[valid-type,misc]
        def prepare(self) -> None:
            if self.request.host not in server.allowed_hosts:
                raise web.HTTPError(421)

    return Checked


class SiteHandler(web.RequestHandler):
    """Serves files of the output folder, refusing every path that could lead elsewhere."""

    server: DevServer

    def initialize(self, server: DevServer) -> None:
        self.server = server

    def prepare(self) -> None:
        if self.request.host not in self.server.allowed_hosts:
            raise web.HTTPError(421, reason="Misdirected Request")

    def head(self) -> None:
        self.get()

    def get(self) -> None:
        raw = self.request.path
        parts = self._parts(raw)
        root = self.server.out_dir.resolve()
        if not root.is_dir():
            self._no_site_yet()
            return
        candidate = root.joinpath(*parts)
        if candidate.is_dir() and not candidate.is_symlink():
            if not raw.endswith("/"):
                self.redirect(raw + "/")
                return
            candidate = candidate / "index.html"
        try:
            real = candidate.resolve(strict=True)
        except (OSError, RuntimeError):
            self._send(root / "404.html", 404)
            return
        if root not in real.parents or not real.is_file():
            raise web.HTTPError(403)
        self._send(real, 200)

    @staticmethod
    def _parts(raw_path: str) -> list[str]:
        """The path's segments after one decoding; anything that could climb out is refused."""
        path = unquote(raw_path)
        # Still-encoded text means double encoding: refused, like backslashes and dot segments.
        if "%" in path or "\\" in path or "\x00" in path or not path.startswith("/"):
            raise web.HTTPError(400)
        parts = [p for p in path.split("/") if p]
        if any(p in (".", "..") for p in parts):
            raise web.HTTPError(400)
        return parts

    def _no_site_yet(self) -> None:
        """Before the first good build there is nothing to serve but the errors."""
        body = "<!doctype html><title>Build failed</title><body></body>"
        self.set_status(503)
        self.set_header("Content-Type", "text/html; charset=utf-8")
        self.set_header("Cache-Control", "no-store")
        self.write(self._decorate(body.encode()))

    def _send(self, path: Path, status: int) -> None:
        if not path.is_file():
            raise web.HTTPError(status)
        data = path.read_bytes()
        kind = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        if path.suffix == ".html":
            data = self._decorate(data)
            kind = "text/html"
        if kind.startswith("text/") or kind in ("application/json", "application/javascript"):
            kind += "; charset=utf-8"
        self.set_status(status)
        self.set_header("Content-Type", kind)
        self.set_header("Cache-Control", "no-store")
        self.set_header("X-Content-Type-Options", "nosniff")
        if self.request.method != "HEAD":
            self.write(data)

    def _decorate(self, data: bytes) -> bytes:
        """Add the live-reload client and, after a failed build, the error overlay."""
        extra = _reload_script(self.server.port)
        if self.server.errors:
            extra += overlay(self.server.errors)
        marker = b"</body>"
        if marker in data:
            return data.replace(marker, extra.encode() + marker, 1)
        return data + extra.encode()

    def write_error(self, status_code: int, **kwargs: Any) -> None:
        self.set_header("Content-Type", "text/plain; charset=utf-8")
        self.finish(f"{status_code} {self._reason}\n")


def _reload_script(port: int) -> str:
    return (
        "<script>(function(){var s=document.createElement('script');"
        f"s.src='//'+location.hostname+':{port}/livereload.js?port={port}';"
        "document.head.appendChild(s);})();</script>"
    )


def overlay(errors: Iterable[SiteError]) -> str:
    """An escaped panel listing build errors, shown over the last good page."""
    items = "".join(f"<li>{html.escape(str(e))}</li>" for e in errors)
    return (
        '<div id="mltl-build-errors" role="alert" style="position:fixed;inset:auto 0 0 0;'
        "max-height:60vh;overflow:auto;z-index:2147483647;background:#1b1f2e;color:#fff;"
        "font:14px/1.5 ui-monospace,Menlo,Consolas,monospace;padding:16px 20px;"
        'box-shadow:0 -4px 24px rgba(0,0,0,.35)">'
        '<p style="margin:0 0 8px;font-weight:700;color:#ff9b9b">'
        "The last edit did not build; you are looking at the last good site.</p>"
        f'<ul style="margin:0;padding-left:20px">{items}</ul></div>'
    )


def run(server: DevServer) -> None:
    """Build once, then serve until interrupted."""
    server.rebuild()
    loop = ioloop.IOLoop.current()
    server.start()
    try:
        loop.start()
    finally:
        server.stop()
