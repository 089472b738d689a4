"""The development server: build, serve, watch, rebuild only what changed, reload.

It serves only files inside its own output folder, only to requests addressed to
it (a foreign ``Host`` is refused on every route, the websocket included, which
stops DNS-rebinding pages from reading the preview), and never a broken site: a
failed build keeps the last good site on screen with the errors laid over it.

File events come from the operating system through watchfiles, so an idle server
does no work. A rebuild goes through the same pipeline as ``build``, keeping the
parsed documents in memory and updating the served folder file by file, so a save
re-renders only the pages that show what changed. The browser side is the
``livereload`` package's client and websocket handler. The search index is redone
after the reload, in the background, and then only open search pages reload again.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import shutil
import socket
import tempfile
import threading
import time
import weakref
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import watchfiles
from livereload.handlers import LiveReloadHandler, LiveReloadJSHandler
from livereload.watcher import Watcher
from tornado import httpserver, ioloop, iostream, netutil, web
from watchfiles._rust_notify import RustNotify

from .config import BuildOptions, Project
from .errors import BuildFailed, SiteError
from .pipeline import BuildResult, build
from .preview import listings_only, preview_listings
from .search_index import forget_live, index_pending
from .serve_files import SiteHandler, host_checked
from .urls import SEARCH

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


_CONTENT_SUFFIXES = (".md", ".yaml")


def _is_real(path: Path, project: Project) -> bool:
    """A file of the kind its folder holds: Markdown and YAML in content/, no litter."""
    if any(is_editor_litter(part) for part in path.parts[-2:]):
        return False
    return project.content not in path.parents or path.suffix in _CONTENT_SUFFIXES


def _watch_filter(change: watchfiles.Change, path: str) -> bool:
    return not any(is_editor_litter(part) for part in Path(path).parts[-2:])


@dataclass(frozen=True)
class Rebuild:
    """The outcome of one (re)build, for the console."""

    seconds: float
    result: BuildResult | None
    errors: tuple[SiteError, ...]
    changed: tuple[str, ...]


class _Server(httpserver.HTTPServer):
    """Tornado's HTTP server, remembering every connection it accepted so all can be closed.

    ``HTTPServer.stop`` only stops accepting, and its own list of connections loses a
    connection as it becomes a websocket, and a handshake under way is in neither that
    list nor livereload's. A socket left open is one the garbage collector finds later,
    and warns about, once the loop is gone.
    """

    def initialize(self, *args: Any, **kwargs: Any) -> None:
        super().initialize(*args, **kwargs)
        self.streams: weakref.WeakSet[iostream.IOStream] = weakref.WeakSet()

    def handle_stream(self, stream: iostream.IOStream, address: tuple[str, int]) -> None:
        self.streams.add(stream)
        super().handle_stream(stream, address)

    def close_streams(self) -> None:
        for stream in list(self.streams):
            with contextlib.suppress(Exception):
                stream.close()


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
        self._known: set[str] = self._files()
        self._building = False
        self._task: asyncio.Future[None] | None = None
        self._executor = ThreadPoolExecutor(max_workers=1)
        self._stop_index = threading.Event()  # a save came in: indexing gives way
        self._stop = threading.Event()
        self._watcher: threading.Thread | None = None
        self._http: _Server | None = None
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
        log.debug(
            "rebuild for %s: %s in %.2f s",
            ", ".join(changed) or "the first build",
            f"{len(outcome.errors)} errors" if outcome.errors else "built",
            outcome.seconds,
        )
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

            def on_message(self, message: str | bytes) -> None:
                super().on_message(message)
                # The client says which page it shows; search pages reload after indexing.
                with contextlib.suppress(ValueError, TypeError, AttributeError):
                    data = json.loads(message)
                    if data.get("command") == "info":
                        self.page = urlsplit(str(data.get("url", ""))).path

        LiveReloadHandler.watcher = Watcher()  # its reload log line reads watcher.filepath
        return web.Application(
            [
                (r"/livereload", Socket),
                (r"/livereload\.js", host_checked(LiveReloadJSHandler, server)),
                (r"/.*", SiteHandler, {"server": server}),
            ],
            debug=False,
        )

    def changed(self, paths: Iterable[str]) -> None:
        """Files changed (on the loop's thread): rebuild now, or after the build under way."""
        self._pending.update(paths)
        self._stop_index.set()
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
                previewed = await loop.run_in_executor(self._executor, self.preview, paths)
                # Only a browser showing a previewed page reloads now; all reload after the build.
                _reload_showing({"/" + page.removesuffix("index.html") for page in previewed})
                await loop.run_in_executor(self._executor, self.rebuild, changed)
                LiveReloadHandler.reload_waiters("*")
                if not self._pending:
                    await self._index()
        finally:
            self._building = False

    async def _index(self) -> None:
        """Bring the search index up to date after a reload, then reload search pages."""
        loop = asyncio.get_running_loop()
        self._stop_index.clear()
        if await loop.run_in_executor(self._executor, self.reindex):
            _reload_showing({"/" + SEARCH})

    def reindex(self) -> bool:
        """Index what the last build changed; True if the index was replaced."""
        try:
            return index_pending(self.out_dir, self._stop_index)
        except SiteError as exc:
            self.errors = (exc,)
            self.report(Rebuild(0.0, None, (exc,), ()))
            return False

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
        """The changed files an editor knows: real files that exist, or known ones deleted.

        Editors save through temporary files (``sed -i`` writes ``sedXXXXXX`` and
        renames it over the file), so a name is shown only when it is a file of the
        kind its folder holds, or was one at the last build.
        """
        known = self._known
        changed = {self.project.display(path): path for path in map(Path, sorted(paths))}
        if any(self._folder_changed(display, path, known) for display, path in changed.items()):
            self._known = self._files()
        else:  # a save touches a file or two: look at those, not at 10,000
            self._known = set(known)
            for display, path in changed.items():
                if path.is_file() and _is_real(path, self.project):
                    self._known.add(display)
                else:
                    self._known.discard(display)
        return tuple(d for d in changed if d in self._known or d in known)

    @staticmethod
    def _folder_changed(display: str, path: Path, known: set[str]) -> bool:
        """A folder made, moved or removed: its files may have come or gone unreported."""
        if path.is_dir():
            return True
        if path.exists() or display in known:
            return False
        prefix = display + "/"
        return any(name.startswith(prefix) for name in known)

    def _files(self) -> set[str]:
        """Every file of the project an edit can change: content, templates, static."""
        found = set()
        for folder in self.watched:
            for path in folder.rglob("*"):
                if path.is_file() and _is_real(path, self.project):
                    found.add(self.project.display(path))
        return found

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
        self._http = _Server(self.application())
        self._http.add_sockets(self.sockets)
        # watchfiles' own generator starts watching only when first iterated, on the
        # thread; made here, the watches are in place before start() returns, so no
        # save made right after is missed.
        notify = RustNotify([str(p) for p in self.watched], False, False, 300, True, False)
        self._watcher = threading.Thread(
            target=self._watch, args=(notify,), name="mltl-watch", daemon=True
        )
        self._watcher.start()
        self.loop.add_callback(self._index_first_build)

    def _index_first_build(self) -> None:
        """The first build's search index, made while the site is already being served."""
        if not self._building:
            self._building = True
            self._task = asyncio.ensure_future(self._first_index())

    async def _first_index(self) -> None:
        try:
            await self._index()
        finally:
            self._building = False
            if self._pending:  # files changed while it was indexing
                self.changed(())

    @property
    def idle(self) -> bool:
        """No rebuild or search indexing is under way or waiting."""
        return not self._building and not self._pending

    def stop(self) -> None:
        """Stop listening and watching, and remove the served folder."""
        self._stop.set()
        if self._watcher is not None:
            self._watcher.join()
        if self._http is not None:
            self._http.stop()
            # The loop has stopped by now, so close_all_connections() cannot run.
            self._http.close_streams()
        else:
            for sock in self.sockets:
                sock.close()
        self._executor.shutdown(wait=True)
        self._end_task()
        forget_live(self.out_dir)
        shutil.rmtree(self._workdir, ignore_errors=True)

    def _end_task(self) -> None:
        """End a rebuild or index task the stopped loop left waiting, so none is left pending."""
        task = self._task
        if task is None or task.done():
            return
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError, RuntimeError):
            task.get_loop().run_until_complete(task)


def _reload_showing(pages: set[str]) -> None:
    """Reload the browsers showing one of ``pages``; the message names the page."""
    for waiter in LiveReloadHandler.waiters.copy():
        page = getattr(waiter, "page", "")
        if any(page.endswith(shown) for shown in pages):
            with contextlib.suppress(Exception):  # a socket closing as we write
                waiter.write_message({"command": "reload", "path": page, "liveCSS": True})


def run(server: DevServer) -> None:
    """Build once, then serve until interrupted."""
    server.rebuild()
    loop = ioloop.IOLoop.current()
    server.start()
    try:
        loop.start()
    finally:
        server.stop()
