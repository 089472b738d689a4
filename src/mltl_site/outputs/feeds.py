"""Atom and JSON Feed 1.1 feeds of open listings.

Feeds are serialized with ElementTree and ``json`` rather than templates, so every
value is escaped by the serializer that knows the format.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass
from typing import Any
from xml.sax.saxutils import escape, quoteattr

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
    Facet feeds are Atom only (``json`` false): every feed reader reads Atom, and a
    second format for hundreds of facets was a twentieth of a big board's files.
    """

    folder: str
    title: str
    description: str
    listings: tuple[Listing, ...]
    full: bool = True
    json: bool = True

    @property
    def atom_url(self) -> str:
        return urls.feeds(self.folder)[0]

    @property
    def json_url(self) -> str | None:
        return urls.feeds(self.folder)[1] if self.json else None


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


# XML 1.0 forbids most control characters even when escaped.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
# One listing is in a dozen feeds; its entry is written once per process.
_ENTRIES: dict[tuple[str, ...], str] = {}


def _text(value: str) -> str:
    return escape(_NOT_XML.sub("", value))


def _attr(value: str) -> str:
    return quoteattr(_NOT_XML.sub("", value))


def _atom_entry(listing: Listing, site: FeedSite, full: bool) -> str:
    key = (listing.digest, str(full), site.base_url, site.base_path)
    entry = _ENTRIES.get(key)
    if entry is None:
        meta = listing.job.meta
        url = site.abs_url(listing.url)
        stamp = _timestamp(meta.date_posted)
        lines = [
            "  <entry>",
            f"    <id>{_text(url)}</id>",
            f"    <title>{_text(meta.title)}</title>",
            f'    <link rel="alternate" type="text/html" href={_attr(url)} />',
            f"    <published>{stamp}</published>",
            f"    <updated>{stamp}</updated>",
            "    <author>",
            f"      <name>{_text(meta.company.name)}</name>",
            "    </author>",
            f"    <summary>{_text(_summary(listing))}</summary>",
        ]
        if full:
            lines.append(f'    <content type="html">{_text(_html(listing, site))}</content>')
        lines += [f"    <category term={_attr(skill)} />" for skill in meta.skills]
        lines.append("  </entry>")
        entry = "\n".join(lines)
        if len(_ENTRIES) > 200_000:
            _ENTRIES.clear()
        _ENTRIES[key] = entry
    return entry


def atom_feed(feed: Feed, site: FeedSite) -> bytes:
    """The Atom document for ``feed``, written as text with every value escaped."""
    abs_url = site.abs_url
    head = [
        '<?xml version="1.0" encoding="utf-8"?>',
        f'<feed xmlns="{ATOM_NS}" xml:lang={_attr(site.language)}>',
        f"  <id>{_text(abs_url(feed.folder))}</id>",
        f"  <title>{_text(f'{feed.title} · {site.title}')}</title>",
        f"  <subtitle>{_text(feed.description)}</subtitle>",
        f'  <link rel="self" type="application/atom+xml" href={_attr(abs_url(feed.atom_url))} />',
        f'  <link rel="alternate" type="text/html" href={_attr(abs_url(feed.folder))} />',
        f"  <updated>{_timestamp(_updated(feed, site.build_date))}</updated>",
        "  <author>",
        f"    <name>{_text(site.author)}</name>",
        "  </author>",
        "  <generator>mltl-site</generator>",
    ]
    entries = [_atom_entry(listing, site, feed.full) for listing in feed.listings]
    return ("\n".join([*head, *entries, "</feed>"]) + "\n").encode()


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
        "feed_url": abs_url(urls.feeds(feed.folder)[1]),
        "description": feed.description,
        "language": site.language,
        "authors": [{"name": site.author}],
        "items": items,
    }
    # Compact: feeds are read by machines, and json's indenting encoder is pure Python.
    return (json.dumps(document, ensure_ascii=False, separators=(",", ":")) + "\n").encode()
