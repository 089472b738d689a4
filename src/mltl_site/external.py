"""``check --external``: does each listing's apply link and company site still answer?

Opt-in only, because it touches the network: the build never calls it. Each distinct URL
is requested once, a few at a time, with a timeout, following a bounded number of
redirects, under a user agent that says who is asking. What fails becomes a warning at
the listing's line; nothing from the network can make it raise.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from http import HTTPStatus

import httpx

from .config import BuildOptions, Project
from .errors import BuildFailed, ContentWarning
from .listings import Listing, Status


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("mltl-site")
    except PackageNotFoundError:
        return "0+unknown"


@dataclass(frozen=True)
class ExternalOptions:
    """How hard to knock: parallel requests, seconds per request, redirects followed."""

    concurrency: int = 8
    timeout: float = 10.0
    max_redirects: int = 5
    user_agent: str = ""

    def agent(self) -> str:
        # Polite: names the tool and what it is doing, so a site owner knows who asks.
        return self.user_agent or f"mltl-site/{_version()} (job board link check)"


@dataclass(frozen=True)
class Target:
    """A URL written in a listing, and where."""

    url: str
    path: str
    line: int
    field: str


def targets(listings: Iterable[Listing]) -> list[Target]:
    """The apply and company URLs of listings that are or will be on the site."""
    found = []
    for listing in listings:
        if listing.status not in (Status.OPEN, Status.SCHEDULED):
            continue
        job = listing.job
        urls = [("apply", job.meta.apply.url), ("company", job.meta.company.url)]
        found += [
            Target(url, job.source, job.doc.line_of((part, "url")), f"{part}.url")
            for part, url in urls
            if url
        ]
    return found


def _probe(client: httpx.Client, url: str) -> str | None:
    """What is wrong with ``url``, in words, or ``None`` when it answers below 400."""
    try:
        # GET, not HEAD: many sites answer HEAD with 405 or 404. Streaming and closing at
        # once reads only the status line and headers, never the body.
        with client.stream("GET", url) as response:
            status = response.status_code
            final = str(response.url)
    except httpx.TooManyRedirects:
        return f"redirects more than {client.max_redirects} times"
    except httpx.TimeoutException:
        return f"did not answer within {client.timeout.read:g} s"
    except httpx.ConnectError as exc:
        return f"could not be reached ({_reason(exc)})"
    except (httpx.HTTPError, httpx.InvalidURL) as exc:
        return f"failed ({_reason(exc)})"
    if status < 400:
        return None
    try:
        phrase = f" {HTTPStatus(status).phrase}"
    except ValueError:
        phrase = ""
    moved = f" after redirecting to {final}" if final != url else ""
    return f"answered {status}{phrase}{moved}"


def _reason(exc: BaseException) -> str:
    """The operating system's words for the failure (``Connection refused``), if it gave any."""
    cause: BaseException | None = exc
    while cause is not None:
        if isinstance(cause, OSError) and cause.errno is not None:
            return os.strerror(cause.errno)
        cause = cause.__cause__ or cause.__context__
    return str(exc).strip() or type(exc).__name__


def _probe_all(urls: Sequence[str], options: ExternalOptions) -> dict[str, str | None]:
    """Each URL's problem, ``options.concurrency`` requests at a time."""
    # Threads and the blocking client rather than asyncio: each socket is closed the
    # moment its request ends, with no event loop left to finish the job.
    with (
        httpx.Client(
            follow_redirects=True,
            max_redirects=options.max_redirects,
            timeout=options.timeout,
            headers={"User-Agent": options.agent()},
            limits=httpx.Limits(max_connections=options.concurrency),
        ) as client,
        ThreadPoolExecutor(max_workers=options.concurrency) as pool,
    ):
        results = list(pool.map(lambda url: _probe(client, url), urls))
    return dict(zip(urls, results, strict=True))


def external_warnings(
    listings: Iterable[Listing], options: ExternalOptions | None = None
) -> list[ContentWarning]:
    """A warning for each listing URL that fails, at the line it is written on."""
    options = options or ExternalOptions()
    wanted = targets(listings)
    urls = sorted({target.url for target in wanted})
    problems = _probe_all(urls, options) if urls else {}
    warnings = [
        ContentWarning(
            f"{target.url} {problems[target.url]}",
            path=target.path,
            line=target.line,
            field=target.field,
        )
        for target in wanted
        if problems[target.url] is not None
    ]
    return sorted(warnings, key=ContentWarning.sort_key)


def check_external(
    project: Project, options: BuildOptions, external: ExternalOptions | None = None
) -> list[ContentWarning]:
    """``external_warnings`` for a project; nothing when its content does not load."""
    from .pipeline import load_site

    try:
        site = load_site(project, options)
    except BuildFailed:
        return []  # check has reported why already
    return external_warnings(site.listings, external)
