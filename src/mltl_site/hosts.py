"""Static hosts: one table of their limits, the ``_headers`` file, and their base URL.

``site.yaml`` may name its host (``host: cloudflare-pages``); ``check`` then compares the
built output with that host's limits before anything is deployed.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Literal, get_args

from .errors import SiteError

HostName = Literal["github-pages", "netlify", "cloudflare-pages", "gitlab-pages", "s3", "vercel"]

KIB, MIB, GIB, TIB = 2**10, 2**20, 2**30, 2**40


@dataclass(frozen=True)
class HostLimits:
    """What one host accepts for a static site; ``None`` where it documents no limit."""

    name: HostName
    label: str
    site_bytes: int | None = None
    files: int | None = None
    file_bytes: int | None = None
    reads_headers_file: bool = False  # serves the ``_headers`` file's rules
    note: str = ""


# Figures as documented when checked (2026-12), each with the source read. Where a host
# has plans, the free plan's figure is used and the note says what a paid plan allows.
HOSTS: Mapping[HostName, HostLimits] = {
    # GitHub Docs, "GitHub Pages limits": "Published GitHub Pages sites may be no larger
    # than 1 GB". actions/deploy-pages v5.0.0 (src/internal/deployment.js) warns above
    # ONE_GIGABYTE = 1073741824 bytes, so 1 GiB it is.
    "github-pages": HostLimits("github-pages", "GitHub Pages", site_bytes=1 * GIB),
    # Netlify's docs state no size or file-count limit for a static deploy.
    "netlify": HostLimits("netlify", "Netlify", reads_headers_file=True),
    # Cloudflare docs (workers/static-assets, "This matches the limits in Cloudflare
    # Pages"): 20,000 files and 25 MiB per file; Pages changelog 2026-01-23: paid plans
    # 100,000 files, with PAGES_WRANGLER_MAJOR_VERSION=4 set in the project.
    "cloudflare-pages": HostLimits(
        "cloudflare-pages",
        "Cloudflare Pages",
        files=20_000,
        file_bytes=25 * MIB,
        reads_headers_file=True,
        note="paid plans allow 100,000 files",
    ),
    # GitLab.com settings, as quoted in gitlab-org/gitlab#405048 and #500273: a site is
    # at most 1 GB (GitLab counts in binary units) and 200,000 file entries, directories
    # and symlinks included.
    "gitlab-pages": HostLimits("gitlab-pages", "GitLab Pages", site_bytes=1 * GIB, files=200_000),
    # AWS docs, "Amazon S3 multipart upload limits": an object is at most 10,000 parts of
    # 5 GiB (48.8 TiB); a bucket has no object-count or size limit.
    "s3": HostLimits("s3", "Amazon S3", file_bytes=10_000 * 5 * GIB),
    # Vercel's limits page was not found to state a limit on static output; none is entered.
    "vercel": HostLimits("vercel", "Vercel"),
}

HOST_NAMES: tuple[HostName, ...] = get_args(HostName)


class HostLimitError(SiteError):
    """The built site exceeds what its host accepts."""


def size_label(count: int) -> str:
    """Bytes in the unit a person would use: ``26,214,401 bytes (25.0 MiB)``."""
    for unit, factor in (("TiB", TIB), ("GiB", GIB), ("MiB", MIB), ("KiB", KIB)):
        if count >= factor:
            return f"{count:,} bytes ({count / factor:.1f} {unit})"
    return f"{count:,} bytes"


def check_limits(
    host: HostName, files: Iterable[tuple[str, int]], *, where: str | None = None
) -> list[SiteError]:
    """Errors for an output of ``(path, size)`` pairs that ``host`` would refuse.

    ``where`` is the file the errors point at (``content/site.yaml``, where ``host`` is set).
    Directories count towards GitLab's file limit, so they are counted for it too.
    """
    limits = HOSTS[host]
    outputs = sorted(files)
    errors: list[SiteError] = []

    def fail(message: str) -> None:
        errors.append(HostLimitError(message, path=where, field="host"))

    total = sum(size for _, size in outputs)
    if limits.site_bytes is not None and total > limits.site_bytes:
        fail(
            f"the site is {size_label(total)}; {limits.label} publishes at most "
            f"{size_label(limits.site_bytes)}"
        )
    if limits.files is not None:
        count = len(outputs)
        if host == "gitlab-pages":
            count += len(_folders(path for path, _ in outputs))
        if count > limits.files:
            what = "files and folders" if host == "gitlab-pages" else "files"
            extra = f" ({limits.note})" if limits.note else ""
            fail(
                f"the site has {count:,} {what}; {limits.label} accepts at most "
                f"{limits.files:,}{extra}"
            )
    if limits.file_bytes is not None:
        too_big = [(path, size) for path, size in outputs if size > limits.file_bytes]
        for path, size in sorted(too_big, key=lambda item: (-item[1], item[0]))[:10]:
            fail(
                f"{path} is {size_label(size)}; {limits.label} accepts files of at most "
                f"{size_label(limits.file_bytes)}"
            )
        if len(too_big) > 10:
            fail(f"and {len(too_big) - 10:,} more files over the per-file limit")
    return errors


def _folders(paths: Iterable[str]) -> set[str]:
    folders: set[str] = set()
    for path in paths:
        parts = path.split("/")[:-1]
        folders.update("/".join(parts[: end + 1]) for end in range(len(parts)))
    return folders


HTML_CACHE = "public, max-age=0, must-revalidate"
ASSET_CACHE = "public, max-age=31536000, immutable"


def headers_file(host: HostName, base_path: str = "/", asset_prefix: str = "static/") -> str:
    """The ``_headers`` file for ``host`` (Netlify or Cloudflare Pages).

    Pages revalidate on every visit so a rebuild shows at once; files under
    ``asset_prefix`` carry a content hash in their names, so they never change and are
    cached for a year. Paths are below ``base_path``, the site's path on its host.
    """
    if not HOSTS[host].reads_headers_file:
        raise ValueError(f"{HOSTS[host].label} does not read a _headers file")
    root = "/" + base_path.strip("/") + "/" if base_path.strip("/") else "/"
    assets = root + asset_prefix.strip("/") + "/*"
    # An asset matches both rules. Netlify gives each header the value of the last
    # matching rule, but Cloudflare joins the values of every matching rule with commas
    # unless the later rule first detaches the header with "! Name" (which Netlify
    # refuses as a syntax error), so the two hosts get different files.
    detach = "  ! Cache-Control\n" if host == "cloudflare-pages" else ""
    return (
        f"# Generated by mltl-site for {HOSTS[host].label}.\n"
        f"{root}*\n"
        f"  Cache-Control: {HTML_CACHE}\n"
        "  X-Content-Type-Options: nosniff\n"
        "  Referrer-Policy: strict-origin-when-cross-origin\n"
        f"{assets}\n"
        f"{detach}"
        f"  Cache-Control: {ASSET_CACHE}\n"
    )


@dataclass(frozen=True)
class HostUrl:
    """The base URL a host announces in its build environment."""

    host: HostName
    url: str


def base_url_from_env(environ: Mapping[str, str]) -> HostUrl | None:
    """The site's URL as the build's host gives it, or ``None`` where it gives none.

    GitHub Pages announces nothing in the environment: the workflow passes the
    ``base_url`` output of ``actions/configure-pages`` as ``--base-url``.
    """

    def value(name: str) -> str:
        return environ.get(name, "").strip()

    if value("NETLIFY") == "true":
        # URL is the production address (the custom domain once set); previews and branch
        # deploys have their own address in DEPLOY_PRIME_URL.
        wanted = "URL" if value("CONTEXT") in ("", "production") else "DEPLOY_PRIME_URL"
        url = value(wanted) or value("URL")
        return HostUrl("netlify", _slashed(url)) if url else None
    if value("CF_PAGES") == "1":
        # CF_PAGES_URL is the address of this one deployment (https://<hash>.<name>.pages.dev):
        # right for previews, wrong as a canonical address, so production keeps site.yaml's.
        production = value("MLTL_PRODUCTION_BRANCH") or "main"
        url = value("CF_PAGES_URL")
        if url and value("CF_PAGES_BRANCH") != production:
            return HostUrl("cloudflare-pages", _slashed(url))
        return None
    if value("GITLAB_CI") == "true" and value("CI_PAGES_URL"):
        return HostUrl("gitlab-pages", _slashed(value("CI_PAGES_URL")))
    if value("VERCEL") == "1":
        # Vercel gives host names without a scheme.
        wanted = (
            "VERCEL_PROJECT_PRODUCTION_URL" if value("VERCEL_ENV") == "production" else "VERCEL_URL"
        )
        name = value(wanted) or value("VERCEL_URL")
        return HostUrl("vercel", _slashed(f"https://{name}")) if name else None
    return None


def _slashed(url: str) -> str:
    return url if url.endswith("/") else url + "/"
