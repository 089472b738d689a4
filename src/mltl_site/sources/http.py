"""Fetching a JSON document from a job board, politely and within limits.

Timeouts on every request, a few retries with growing pauses on 429 and 5xx
answers and on broken connections, and a cap on the size of a response, read
as a stream so an endless answer stops at the cap.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from dataclasses import dataclass, field

import httpx

from ..errors import SiteError

MAX_BYTES = 16 << 20
RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
# A server's Retry-After is honoured up to this many seconds, so a run stays bounded.
MAX_RETRY_AFTER = 60.0


class FetchError(SiteError):
    """A feed could not be fetched or is not JSON."""


@dataclass(frozen=True)
class HttpClient:
    """How feeds are fetched; tests pass ``sleep`` and zero ``backoff`` to stay instant."""

    user_agent: str
    timeout: float = 20.0
    retries: int = 3
    backoff: float = 1.0
    max_bytes: int = MAX_BYTES
    sleep: Callable[[float], None] = field(default=time.sleep, repr=False)

    def get_json(self, url: str) -> object:
        """The parsed JSON at ``url``, or a ``FetchError`` saying what went wrong."""
        return _parse(self.get_bytes(url))

    def get_bytes(self, url: str) -> bytes:
        headers = {"User-Agent": self.user_agent, "Accept": "application/json"}
        with httpx.Client(
            timeout=self.timeout, headers=headers, follow_redirects=True, max_redirects=5
        ) as client:
            attempt = 0
            while True:
                attempt += 1
                try:
                    status, body, wait = self._once(client, url)
                except httpx.TransportError as exc:
                    if attempt > self.retries:
                        raise FetchError(f"{_describe(exc)} (after {_tries(attempt)})") from None
                    self.sleep(self._pause(attempt, None))
                    continue
                if status in RETRY_STATUSES and attempt <= self.retries:
                    self.sleep(self._pause(attempt, wait))
                    continue
                if status != 200:
                    after = f" (after {_tries(attempt)})" if attempt > 1 else ""
                    raise FetchError(f"the server answered HTTP {status}{after}")
                return body

    def _once(self, client: httpx.Client, url: str) -> tuple[int, bytes, float | None]:
        with client.stream("GET", url) as response:
            if response.status_code != 200:
                return response.status_code, b"", _retry_after(response)
            declared = response.headers.get("Content-Length", "")
            if declared.isdigit() and int(declared) > self.max_bytes:
                raise FetchError(self._too_big())
            chunks: list[bytes] = []
            size = 0
            for chunk in response.iter_bytes():
                size += len(chunk)
                if size > self.max_bytes:
                    raise FetchError(self._too_big())
                chunks.append(chunk)
            return 200, b"".join(chunks), None

    def _pause(self, attempt: int, retry_after: float | None) -> float:
        if retry_after is not None:
            return min(retry_after, MAX_RETRY_AFTER)
        return float(self.backoff * 2 ** (attempt - 1))

    def _too_big(self) -> str:
        return f"the response is larger than {self.max_bytes:,} bytes; stopped reading"


def _retry_after(response: httpx.Response) -> float | None:
    value = response.headers.get("Retry-After", "").strip()
    return float(value) if value.isdigit() else None


def _tries(attempts: int) -> str:
    return f"{attempts} tries" if attempts != 1 else "1 try"


def _describe(exc: httpx.TransportError) -> str:
    if isinstance(exc, httpx.TimeoutException):
        return "no answer in time (timed out)"
    if isinstance(exc, httpx.ConnectError):
        return "could not connect (offline, or the host is wrong)"
    return f"the connection failed ({type(exc).__name__})"


def _parse(body: bytes) -> object:
    try:
        return json.loads(body)
    except UnicodeDecodeError:
        raise FetchError("the response is not UTF-8 text") from None
    except json.JSONDecodeError as exc:
        raise FetchError(
            f"the response is not valid JSON (line {exc.lineno}, column {exc.colno})"
        ) from None
