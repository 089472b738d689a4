"""Atom and JSON Feed 1.1 feeds of open listings.

Feeds are serialized with ElementTree and ``json`` rather than templates, so every
value is escaped by the serializer that knows the format.
"""

from __future__ import annotations

import datetime as dt
import json
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from typing import Any

from .. import urls
from ..listings import Listing
from ..markdown import place

ATOM_NS = "http://www.w3.org/2005/Atom"
JSON_FEED_VERSION = "https://jsonfeed.org/version/1.1"


@dataclass(frozen=True)
class FeedSite:
    """What every feed says about the site that publishes it."""

    title: str
    author: str
    language: str
    base_url: str
    base_path: str
    build_date: dt.date

    def abs_url(self, path: str) -> str:
        return self.base_url + path.removeprefix("/")


@dataclass(frozen=True)
class Feed:
    """A list of open listings published as a feed beside its HTML page.

    ``full`` feeds carry each job's description; facet feeds, of which a large board
    has hundreds, carry the summary line and a link, which keeps the output small.
    """

    folder: str
    title: str
    description: str
    listings: tuple[Listing, ...]
    full: bool = True

    @property
    def atom_url(self) -> str:
        return urls.feeds(self.folder)[0]

    @property
    def json_url(self) -> str:
        return urls.feeds(self.folder)[1]


def _timestamp(day: dt.date) -> str:
    return f"{day.isoformat()}T00:00:00Z"


def _updated(feed: Feed, build_date: dt.date) -> dt.date:
    """The newest posting date; an empty feed was last updated on the build date."""
    return max((item.job.meta.date_posted for item in feed.listings), default=build_date)


def _summary(listing: Listing) -> str:
    parts = [listing.job.meta.company.name, listing.location_label]
    if listing.salary_label:
        parts.append(listing.salary_label)
    return " · ".join(p for p in parts if p)


def _html(listing: Listing, site: FeedSite) -> str:
    assert listing.job.body is not None
    return str(place(listing.job.body.html, site.base_path))


def atom_feed(feed: Feed, site: FeedSite) -> bytes:
    """The Atom document for ``feed``."""
    abs_url = site.abs_url
    ET.register_namespace("", ATOM_NS)

    def add(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
        element = ET.SubElement(parent, f"{{{ATOM_NS}}}{tag}", attrs)
        if text is not None:
            element.text = text
        return element

    root = ET.Element(
        f"{{{ATOM_NS}}}feed", {"{http://www.w3.org/XML/1998/namespace}lang": site.language}
    )
    add(root, "id", abs_url(feed.folder))
    add(root, "title", f"{feed.title} · {site.title}")
    add(root, "subtitle", feed.description)
    add(root, "link", rel="self", type="application/atom+xml", href=abs_url(feed.atom_url))
    add(root, "link", rel="alternate", type="text/html", href=abs_url(feed.folder))
    add(root, "updated", _timestamp(_updated(feed, site.build_date)))
    add(add(root, "author"), "name", site.author)
    add(root, "generator", "mltl-site")
    for listing in feed.listings:
        meta = listing.job.meta
        entry = add(root, "entry")
        add(entry, "id", abs_url(listing.url))
        add(entry, "title", meta.title)
        add(entry, "link", rel="alternate", type="text/html", href=abs_url(listing.url))
        add(entry, "published", _timestamp(meta.date_posted))
        add(entry, "updated", _timestamp(meta.date_posted))
        add(add(entry, "author"), "name", meta.company.name)
        add(entry, "summary", _summary(listing))
        if feed.full:
            add(entry, "content", _html(listing, site), type="html")
        for skill in meta.skills:
            add(entry, "category", term=skill)
    ET.indent(root)
    return (
        b'<?xml version="1.0" encoding="utf-8"?>\n'
        + bytes(ET.tostring(root, encoding="utf-8"))
        + b"\n"
    )


def json_feed(feed: Feed, site: FeedSite) -> bytes:
    """The JSON Feed 1.1 document for ``feed``; job details sit in the ``_job`` extension."""
    abs_url = site.abs_url
    items: list[dict[str, Any]] = []
    for listing in feed.listings:
        meta = listing.job.meta
        content = (
            {"content_html": _html(listing, site)}
            if feed.full
            else {"content_text": _summary(listing)}
        )
        items.append(
            {
                "id": abs_url(listing.url),
                "url": abs_url(listing.url),
                "title": meta.title,
                **content,
                "summary": _summary(listing),
                "date_published": _timestamp(meta.date_posted),
                "authors": [{"name": meta.company.name, "url": meta.company.url}],
                "tags": list(meta.skills),
                "_job": {
                    "company": meta.company.name,
                    "workplace": meta.workplace,
                    "location": listing.location_label,
                    "salary": listing.salary_label,
                    "valid_through": meta.valid_through.isoformat(),
                },
            }
        )
    document = {
        "version": JSON_FEED_VERSION,
        "title": f"{feed.title} · {site.title}",
        "home_page_url": abs_url(feed.folder),
        "feed_url": abs_url(feed.json_url),
        "description": feed.description,
        "language": site.language,
        "authors": [{"name": site.author}],
        "items": items,
    }
    return (json.dumps(document, ensure_ascii=False, indent=2) + "\n").encode()
