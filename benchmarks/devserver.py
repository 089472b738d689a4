"""Edit-to-reload time of ``mltl-site serve``, measured as a browser sees it.

The server runs in its own process, as an editor runs it; a websocket client speaks
livereload's protocol to it, and each measurement runs from saving a listing to the
arrival of the ``reload`` message.
"""

from __future__ import annotations

import asyncio
import json
import signal
import socket
import subprocess
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from measure import BenchError
from tornado import websocket
from tornado.httpclient import HTTPRequest

HELLO = {"command": "hello", "protocols": ["http://livereload.com/protocols/official-7"]}
SETTLE_SECONDS = 0.5  # between edits, so that each save is its own burst for the watcher


@dataclass(frozen=True)
class Reload:
    """Seconds from a save to the reload of the edited page, and of the whole site."""

    page: float
    site: float


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def reload_times(
    command: Sequence[str],
    listing: Path,
    edit: Callable[[str, int], str],
    *,
    edits: int,
    timeout: float,
    env: Mapping[str, str] | None = None,
    page: str = "/",
) -> list[Reload]:
    """Start the server (``command`` + ``--port``), then time ``edits`` saves of ``listing``.

    ``edit(original, n)`` gives the n-th edited text; the file is restored afterwards.
    The socket says it shows ``page`` (the listing's own page), as a browser would.
    """
    port = free_port()
    original = listing.read_text(encoding="utf-8")
    with tempfile.TemporaryFile() as log:
        server = subprocess.Popen(
            [*command, "--port", str(port)], stdout=log, stderr=subprocess.STDOUT, env=env
        )
        try:
            _wait_for_http(port, server, timeout)
            return asyncio.run(_time_edits(port, listing, original, edit, edits, timeout, page))
        except BenchError as exc:
            log.seek(0)
            raise BenchError(f"{exc}\n{log.read().decode('utf-8', 'replace')[-3000:]}") from None
        finally:
            # Stop first: restoring the file while it runs would start one more rebuild.
            server.send_signal(signal.SIGINT)
            try:
                server.wait(60)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait()
            listing.write_text(original, encoding="utf-8")


def _wait_for_http(port: int, server: subprocess.Popen[bytes], timeout: float) -> None:
    """Until the first build is served (the server listens before it has built)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise BenchError(f"the dev server exited with {server.returncode}")
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=2) as response:
                if response.status == 200:
                    return
        except (OSError, urllib.error.URLError):
            pass
        time.sleep(0.1)
    raise BenchError(f"the dev server did not answer within {timeout:.0f} s")


async def _time_edits(
    port: int,
    listing: Path,
    original: str,
    edit: Callable[[str, int], str],
    edits: int,
    timeout: float,
    page: str,
) -> list[Reload]:
    origin = {"Origin": f"http://127.0.0.1:{port}"}
    request = HTTPRequest(f"ws://127.0.0.1:{port}/livereload", headers=origin)
    sock = await websocket.websocket_connect(request)
    try:
        await sock.write_message(json.dumps(HELLO))
        await _until(sock, "hello", timeout)
        info = {"command": "info", "url": f"http://127.0.0.1:{port}{page}", "plugins": {}}
        await sock.write_message(json.dumps(info))
        await asyncio.sleep(SETTLE_SECONDS)
        times = []
        for number in range(1, edits + 1):
            began = time.perf_counter()
            listing.write_text(edit(original, number), encoding="utf-8")
            # A reload for the page alone (the preview) may come first; "*" ends the rebuild.
            first = None
            while await _until(sock, "reload", timeout) != "*":
                first = first or time.perf_counter() - began
            whole = time.perf_counter() - began
            times.append(Reload(first or whole, whole))
            await asyncio.sleep(SETTLE_SECONDS)
        return times
    finally:
        sock.close()


async def _until(sock: websocket.WebSocketClientConnection, command: str, timeout: float) -> str:
    """Read messages until one with ``command`` arrives; its ``path``."""
    deadline = time.monotonic() + timeout
    while True:
        left = deadline - time.monotonic()
        if left <= 0:
            raise BenchError(f"no {command!r} message from the dev server within {timeout:.0f} s")
        try:
            message = await asyncio.wait_for(sock.read_message(), left)
        except TimeoutError:
            continue
        if message is None:
            raise BenchError("the dev server closed the livereload websocket")
        data = json.loads(message) if isinstance(message, str) else {}
        if data.get("command") == command:
            return str(data.get("path", "*"))
