"""Checking that every internal link and ``#anchor`` in a built site resolves.

Pages are read with regular expressions over their attributes rather than an HTML
parser: the pages are the build's own output (attribute values double-quoted, ``"``
and ``<`` escaped in values, text and JSON-LD), and the parser took a minute for
2,000 listings. A build keeps each page's ids and links by the page's output key, so a
rebuild reads only the pages it rendered.
"""

from __future__ import annotations

import html
import pickle
import re
import sys
from collections import Counter
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from urllib.parse import unquote, urlsplit

from .parallel import map_chunks
from .urls import output_file

# The build writes every attribute after a space and double-quoted, and escapes `"`
# and `<` inside values and text, so these find exactly the attributes an HTML parser
# would (a spec compares them on every page); a literal start keeps the scan in C.
_ID = re.compile(r' id="([^"]*)"')
_HREF = re.compile(r' href="([^"]*)"')
_SRC = re.compile(r' src="([^"]*)"')
_LINK_TAG = re.compile(r"<link [^>]*>")
_REL = re.compile(r' rel="([^"]*)"')
LINKS_CACHE = "links.pickle"


@dataclass(frozen=True)
class BrokenLink:
    """A link on ``page`` to ``target`` that leads nowhere."""

    page: str
    target: str
    reason: str

    def __str__(self) -> str:
        return f"/{self.page}: link to {self.target}: {self.reason}"


PageLinks = tuple[tuple[str, ...], tuple[str, ...]]


def parse_html(text: str) -> tuple[list[str], list[str]]:
    """The ids and the link targets of a page the build wrote.

    ``<link>`` elements count only as stylesheets and icons (the others name feeds,
    canonical and alternate addresses, which are checked as files elsewhere).
    """
    ids = [_unescape(value) for value in _ID.findall(text) if value]
    links: list[str] = []
    if "<link" in text:
        for tag in _LINK_TAG.findall(text):
            rel = _REL.search(tag)
            if rel is not None and rel.group(1) in ("stylesheet", "icon"):
                links += (_unescape(value) for value in _HREF.findall(tag))
        text = _LINK_TAG.sub("", text)
    links += (_unescape(value) for value in _HREF.findall(text))
    links += (_unescape(value) for value in _SRC.findall(text))
    return ids, links


def _unescape(value: str) -> str:
    return html.unescape(value) if "&" in value else value


def check_links(files: Mapping[str, bytes], base_url: str) -> list[BrokenLink]:
    """Every internal link and anchor of the HTML pages in ``files`` that does not resolve."""
    pages = {
        name: _as_links(parse_html(data.decode("utf-8")))
        for name, data in files.items()
        if name.endswith(".html")
    }
    return check_pages(pages, files.keys(), base_url)


def check_pages(
    pages: Mapping[str, PageLinks], names: Collection[str], base_url: str
) -> list[BrokenLink]:
    """Broken links and anchors of ``pages`` (ids and links by output path) among ``names``.

    Whether a link resolves is worked out once per page folder (once in all for a
    link from the site root), so most links cost one dictionary look-up.
    """
    split_base = urlsplit(base_url)
    id_sets = {page: frozenset(ids) for page, (ids, _) in pages.items()}
    absolute: dict[str, str] = {}
    relative: dict[str, dict[str, str]] = {}

    def verdict(link: str, directory: str, page: str) -> str:
        """Why ``link`` is broken, or "" when it resolves (or is not ours to check)."""
        found = _resolve(link, directory, split_base.netloc, split_base.path)
        target, fragment, problem = found
        if problem is not None:
            return problem
        if target is None:
            return ""
        target = target or page
        if target not in names:
            return "no such file"
        if fragment and target.endswith(".html") and fragment not in id_sets.get(target, ()):
            return f"no id {fragment!r} on /{target}"
        return ""

    broken: list[BrokenLink] = []
    for page in sorted(pages):
        ids, links = pages[page]
        counts = Counter(ids)
        for duplicate in sorted(i for i, n in counts.items() if n > 1):
            broken.append(BrokenLink(page, f"#{duplicate}", "the id is used more than once"))
        directory = _folder_of(page)
        memo = relative.setdefault(directory, {})
        for link in dict.fromkeys(links):
            reason: str | None
            first = link[:1]
            if first == "#":  # an anchor on this page: the commonest link of all
                fragment = unquote(link[1:])
                reason = (
                    f"no id {fragment!r} on /{page}"
                    if fragment and fragment not in (id_sets[page])
                    else ""
                )
            elif first == "?":
                reason = verdict(link, directory, page)  # this page, other parameters
            else:
                known = absolute if first == "/" else memo
                reason = known.get(link)
                if reason is None:
                    reason = known[link] = verdict(link, directory, page)
            if reason:
                broken.append(BrokenLink(page, link, reason))
    return broken


def _folder_of(page: str) -> str:
    """The folder a page's relative links start from: ``jobs/x/`` for ``jobs/x/index.html``."""
    return page.rsplit("/", 1)[0] + "/" if "/" in page else ""


def _resolve(
    link: str, directory: str, netloc: str, base_path: str
) -> tuple[str | None, str, str | None]:
    """(output file or "" for this page or None if external, fragment, problem)."""
    parts = urlsplit(link)
    fragment = unquote(parts.fragment)
    if parts.scheme in ("mailto", "tel") or (
        parts.scheme in ("http", "https") and parts.netloc != netloc
    ):
        return None, "", None
    if (parts.scheme or parts.netloc) and not (parts.path or "/").startswith(base_path):
        return None, "", None  # same host, outside the site: not ours to check
    path = unquote(parts.path)
    if not path:
        return "", fragment, None
    if path.startswith("/"):
        if not path.startswith(base_path):
            return None, "", f"outside the base path {base_path}"
        return output_file(path[len(base_path) :]), fragment, None
    return output_file(_normalize(directory + path)), fragment, None


def _as_links(parsed: tuple[list[str], list[str]]) -> PageLinks:
    """The form kept between builds: links once each, strings shared across pages."""
    ids, links = parsed
    return tuple(sys.intern(i) for i in ids), tuple(sys.intern(x) for x in dict.fromkeys(links))


@dataclass(frozen=True)
class FolderCheck:
    """What a folder's check found, and how many pages it had to read."""

    broken: tuple[BrokenLink, ...]
    pages: int
    read: int

    def written(self, names: Collection[str], base_url: str) -> FolderCheck:
        """The same check once the files ``names`` are in the folder too (the search index,
        written while the pages' links were checked)."""
        split_base = urlsplit(base_url)
        kept = []
        for link in self.broken:
            if link.reason == "no such file":
                target = _resolve(
                    link.target, _folder_of(link.page), split_base.netloc, split_base.path
                )[0]
                if (target or link.page) in names:
                    continue
            kept.append(link)
        return FolderCheck(tuple(kept), self.pages, self.read)


@dataclass(frozen=True)
class FolderLinks:
    """The ids and links of every page of a built folder, before they are checked."""

    pages: dict[str, PageLinks]
    read: int

    def check(self, names: Collection[str], base_url: str) -> FolderCheck:
        """The links that resolve to none of ``names`` (every file of the folder)."""
        broken = check_pages(self.pages, frozenset(names), base_url)
        return FolderCheck(tuple(broken), len(self.pages), self.read)


def read_folder(
    root: Path,
    outputs: Iterable[tuple[str, str, bool]],
    cache_dir: Path | None = None,
    jobs: int = 1,
) -> FolderLinks:
    """The links of the pages among ``outputs``, (path, key, rendered this build) each.

    Pages this build did not render are taken from the previous build's record by key,
    so a rebuild reads only what it rendered; the record is then rewritten.
    """
    known: dict[str, PageLinks] = _load(cache_dir)
    pages: dict[str, PageLinks] = {}
    keys: dict[str, str] = {}
    to_read: list[str] = []
    for path, key, rendered in outputs:
        if not path.endswith(".html"):
            continue
        keys[path] = key
        found = None if rendered or not key else known.get(key)
        if found is None:
            to_read.append(path)
        else:
            pages[path] = found
    workers = jobs if len(to_read) >= READ_IN_PARALLEL_FROM else 1
    read = map_chunks(partial(_read_links, root), to_read, workers)
    pages.update(zip(to_read, read, strict=True))
    kept = {keys[path]: links for path, links in pages.items() if keys[path]}
    if cache_dir is not None and kept.keys() != known.keys():
        _save(cache_dir, kept)
    return FolderLinks(pages, len(to_read))


# Below this many pages to read, starting worker processes costs more than it saves.
READ_IN_PARALLEL_FROM = 500


def _read_links(root: Path, path: str) -> PageLinks:
    return _as_links(parse_html((root / path).read_text(encoding="utf-8")))


def _load(cache_dir: Path | None) -> dict[str, PageLinks]:
    if cache_dir is None:
        return {}
    try:
        data = pickle.loads((cache_dir / LINKS_CACHE).read_bytes())  # our own file
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def _save(cache_dir: Path, links: dict[str, PageLinks]) -> None:
    try:
        cache_dir.mkdir(parents=True, exist_ok=True)
        temp = cache_dir / (LINKS_CACHE + ".new")
        temp.write_bytes(pickle.dumps(links, protocol=pickle.HIGHEST_PROTOCOL))
        temp.replace(cache_dir / LINKS_CACHE)
    except OSError:
        pass  # a cache that cannot be written only makes the next build read more


def _normalize(path: str) -> str:
    out: list[str] = []
    for part in path.split("/"):
        if part == "..":
            if out:
                out.pop()
        elif part != ".":
            out.append(part)
    return "/".join(out)
