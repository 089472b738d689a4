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
from pathlib import Path

from measure import BenchError
from tornado import websocket
from tornado.httpclient import HTTPRequest

HELLO = {"command": "hello", "protocols": ["http://livereload.com/protocols/official-7"]}
SETTLE_SECONDS = 0.5  # between edits, so that each save is its own burst for the watcher


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
) -> list[float]:
    """Start the server (``command`` + ``--port``), then time ``edits`` saves of ``listing``.

    ``edit(original, n)`` gives the n-th edited text; the file is restored afterwards.
    """
    port = free_port()
    original = listing.read_text(encoding="utf-8")
    with tempfile.TemporaryFile() as log:
        server = subprocess.Popen(
            [*command, "--port", str(port)], stdout=log, stderr=subprocess.STDOUT, env=env
        )
        try:
            _wait_for_http(port, server, timeout)
            return asyncio.run(_time_edits(port, listing, original, edit, edits, timeout))
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
) -> list[float]:
    origin = {"Origin": f"http://127.0.0.1:{port}"}
    request = HTTPRequest(f"ws://127.0.0.1:{port}/livereload", headers=origin)
    sock = await websocket.websocket_connect(request)
    try:
        await sock.write_message(json.dumps(HELLO))
        await _until(sock, "hello", timeout)
        info = {"command": "info", "url": f"http://127.0.0.1:{port}/", "plugins": {}}
        await sock.write_message(json.dumps(info))
        await asyncio.sleep(SETTLE_SECONDS)
        times = []
        for number in range(1, edits + 1):
            began = time.perf_counter()
            listing.write_text(edit(original, number), encoding="utf-8")
            await _until(sock, "reload", timeout)
            times.append(time.perf_counter() - began)
            await asyncio.sleep(SETTLE_SECONDS)
        return times
    finally:
        sock.close()


async def _until(sock: websocket.WebSocketClientConnection, command: str, timeout: float) -> None:
    """Read messages until one with ``command`` arrives."""
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
        if isinstance(message, str) and json.loads(message).get("command") == command:
            return
