"""Checking that every internal link and ``#anchor`` in a built site resolves."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from html.parser import HTMLParser
from urllib.parse import unquote, urlsplit

from .urls import output_file


@dataclass(frozen=True)
class BrokenLink:
    """A link on ``page`` to ``target`` that leads nowhere."""

    page: str
    target: str
    reason: str

    def __str__(self) -> str:
        return f"/{self.page}: link to {self.target}: {self.reason}"


class _Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.ids: list[str] = []
        self.links: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if values.get("id"):
            self.ids.append(values["id"] or "")
        if tag == "a" and values.get("name"):
            self.ids.append(values["name"] or "")
        for attribute in ("href", "src"):
            value = values.get(attribute)
            if value is not None and (tag != "link" or values.get("rel") in ("stylesheet", "icon")):
                self.links.append(value)


def parse_html(html: str) -> tuple[list[str], list[str]]:
    """The ids and the link targets of an HTML document."""
    collector = _Collector()
    collector.feed(html)
    collector.close()
    return collector.ids, collector.links


def check_links(files: Mapping[str, bytes], base_url: str) -> list[BrokenLink]:
    """Every internal link and anchor of the HTML pages in ``files`` that does not resolve."""
    split_base = urlsplit(base_url)
    base_path = split_base.path
    parsed = {
        name: parse_html(data.decode("utf-8"))
        for name, data in files.items()
        if name.endswith(".html")
    }
    broken: list[BrokenLink] = []
    for page, (ids, links) in sorted(parsed.items()):
        for duplicate in sorted({i for i in ids if ids.count(i) > 1}):
            broken.append(BrokenLink(page, f"#{duplicate}", "the id is used more than once"))
        for link in links:
            parts = urlsplit(link)
            if parts.scheme in ("mailto", "tel") or (
                parts.scheme in ("http", "https") and parts.netloc != split_base.netloc
            ):
                continue
            if (parts.scheme or parts.netloc) and not (parts.path or "/").startswith(base_path):
                continue  # same host, outside the site: not ours to check
            path = unquote(parts.path)
            if not path:
                target = page
            elif path.startswith("/"):
                if not path.startswith(base_path):
                    broken.append(BrokenLink(page, link, f"outside the base path {base_path}"))
                    continue
                target = output_file(path[len(base_path) :])
            else:
                directory = page.rsplit("/", 1)[0] + "/" if "/" in page else ""
                target = output_file(_normalize(directory + path))
            if target not in files:
                broken.append(BrokenLink(page, link, "no such file"))
                continue
            if parts.fragment and target.endswith(".html"):
                target_ids = parsed[target][0]
                if unquote(parts.fragment) not in target_ids:
                    broken.append(BrokenLink(page, link, f"no id {parts.fragment!r} on /{target}"))
    return broken


def _normalize(path: str) -> str:
    out: list[str] = []
    for part in path.split("/"):
        if part == "..":
            if out:
                out.pop()
        elif part != ".":
            out.append(part)
    return "/".join(out)
