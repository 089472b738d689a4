"""Slugs, site paths and output paths, and the one safe way to join them."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from pathlib import Path, PurePosixPath
from urllib.parse import quote, urlencode, urlsplit, urlunsplit

from .vocab import DIMENSIONS

# Folders the site itself uses, which content slugs may not take.
RESERVED_JOB_SLUGS = frozenset({*(d.name for d in DIMENSIONS), "page"})
RESERVED_PAGE_SLUGS = frozenset(
    {"jobs", "roles", "static", "post-a-job", "search", "salaries", "social", "admin", "pagefind"}
)

HOME = ""
JOBS = "jobs/"
ROLES = "roles/"
NOT_FOUND = "404.html"
POST_A_JOB = "post-a-job/"
FILTER_INDEX = "jobs/filter-index.json"
SEARCH = "search/"
SALARIES = "salaries/"


def job(slug: str) -> str:
    return f"jobs/{slug}/"


def role(slug: str) -> str:
    return f"roles/{slug}/"


def free_page(slug: str) -> str:
    return f"{slug}/"


def browse(dimension: str) -> str:
    return f"jobs/{dimension}/"


def facet(dimension: str, slug: str) -> str:
    return f"jobs/{dimension}/{slug}/"


def list_page(first_url: str, number: int) -> str:
    """Page ``number`` of a paginated list whose first page is ``first_url``."""
    return first_url if number == 1 else f"{first_url}page/{number}/"


def feeds(folder: str) -> tuple[str, str]:
    """The Atom and JSON Feed paths of a list."""
    return folder + "feed.xml", folder + "feed.json"


def filtered_jobs(dimension: str, slug: str, label: str) -> str:
    """The jobs index with its filters set to one value, for values without a page."""
    if dimension in ("workplace", "seniority", "skill"):
        query = urlencode({dimension: slug})
    elif dimension in ("country", "city"):
        query = urlencode({"location": f"{dimension}:{slug}"})
    else:  # companies and roles have no filter of their own; the keyword box finds them
        query = "q=" + quote(label)
    return f"{JOBS}?{query}"


_SEPARATORS = re.compile(r"[^a-z0-9]+")
_SAFE_SEGMENT = re.compile(r"[A-Za-z0-9._-]+\Z")
# Names whose symbols carry meaning a slug would otherwise drop ("C++" is not "C").
_SPECIAL = {"c++": "cpp", "c#": "csharp", "f#": "fsharp", ".net": "dotnet"}


@lru_cache(maxsize=65536)  # skills, places and companies repeat across thousands of listings
def slugify(text: str) -> str:
    """Lowercase ASCII words joined by hyphens: ``"Zürich, CH"`` → ``"zurich-ch"``."""
    lowered = text.strip().lower()
    if lowered in _SPECIAL:
        return _SPECIAL[lowered]
    ascii_text = unicodedata.normalize("NFKD", lowered).encode("ascii", "ignore").decode()
    ascii_text = ascii_text.replace("++", "pp").replace("#", "sharp").replace("&", " and ")
    return _SEPARATORS.sub("-", ascii_text).strip("-")


def normalize_base_url(url: str) -> str:
    """``https://example.org/careers`` → ``https://example.org/careers/``."""
    parts = urlsplit(url.strip())
    path = parts.path if parts.path.endswith("/") else parts.path + "/"
    return urlunsplit((parts.scheme.lower(), parts.netloc.lower(), path, "", ""))


def base_path(base_url: str) -> str:
    """The path part of the base URL, always starting and ending with ``/``."""
    return urlsplit(normalize_base_url(base_url)).path


def output_file(url: str) -> str:
    """The file a site path is written to: ``jobs/`` → ``jobs/index.html``."""
    if url == "" or url.endswith("/"):
        return url + "index.html"
    return url


def is_safe_relative(path: str) -> bool:
    """True when ``path`` is relative, made of plain segments, and cannot climb out."""
    if not path or path.startswith("/") or "\\" in path or "\x00" in path:
        return False
    parts = path.split("/")
    if parts[-1] == "":
        parts.pop()  # a trailing slash names a folder
    return all(part not in ("..", ".") and _SAFE_SEGMENT.match(part) for part in parts)


def safe_join(root: Path, relative: str) -> Path:
    """``root / relative``, refusing any path that would leave ``root``."""
    if not is_safe_relative(relative):
        raise ValueError(f"unsafe output path {relative!r}")
    joined = root.joinpath(*PurePosixPath(relative).parts)
    if root.resolve() not in joined.resolve().parents:
        raise ValueError(f"output path {relative!r} leaves the output folder")
    return joined
