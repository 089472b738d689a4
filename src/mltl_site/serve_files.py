"""What the dev server sends: files of its output folder, with the reload client and errors.

Only files inside the output folder are served, and only to requests addressed to
the server itself (a foreign ``Host`` is refused, which stops DNS rebinding).
"""

from __future__ import annotations

import html
import mimetypes
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote

from tornado import web

from .errors import SiteError

if TYPE_CHECKING:
    from .serve import DevServer


def host_checked(handler: type[web.RequestHandler], server: DevServer) -> type[web.RequestHandler]:
    """``handler``, refusing requests addressed to any host but the dev server."""

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
