"""Every file a build writes, as ``Output`` values, and the one table of producers.

An output is a path, what makes its bytes (an HTML page, a producer from
``PRODUCERS`` with its payload, or a static file) and a key: the hash of all of
its inputs. Outputs with the key of an earlier build are reused, not made again.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from .. import seo, urls
from ..cache import Pieces, content_digest, fingerprint
from ..content import Role
from ..hosts import HOSTS, headers_file
from ..listings import Listing
from ..render import MACROS, Renderer
from ..site import Site
from ..urls import output_file
from ..views import Card, Page
from .cards import CardPayload, draw_card, font_digest
from .exports import JobsExport, filter_index, jobs_export
from .feeds import Feed, FeedSite, atom_feed, json_feed

# Outputs whose bytes depend on their payload alone, not on the build date or site
# settings: share images are drawn again only when their words change.
CONTEXT_FREE = frozenset({"social-card"})
# Producers that draw templates, which their keys therefore hold: the filter index
# carries every open listing's card as the jobs page script inserts it.
TEMPLATES_OF = {"filter-index": (MACROS,)}


@dataclass(frozen=True)
class Output:
    """One file of the site and what makes it."""

    path: str
    kind: str  # "page", "static", or a name in PRODUCERS
    payload: Any
    source: str | None = None  # the content file it comes from, for messages

    def ready(self) -> Output:
        """This output with its page's view worked out, if it was left for later."""
        if self.kind != "page":
            return self
        page = self.payload.ready()
        return self if page is self.payload else replace(self, payload=page)

    def key(self, renderer: Renderer, context_digest: str) -> str:
        """The hash of everything this output's bytes depend on."""
        if self.kind == "page":
            page = self.payload.ready()  # the view is part of what the page shows
            template = renderer.template_digest(page.template)
            return fingerprint("page", context_digest, template, self.path, page)
        if self.kind == "static":
            return fingerprint("static", self.path, self.payload[1])
        if self.kind == "bytes":
            return fingerprint("bytes", self.path, content_digest(self.payload))
        if self.kind in CONTEXT_FREE:
            return fingerprint(self.kind, self.path, self.payload)
        templates = [renderer.template_digest(name) for name in TEMPLATES_OF.get(self.kind, ())]
        return fingerprint(self.kind, context_digest, self.path, self.payload, templates)


@dataclass(frozen=True)
class FeedPayload:
    feed: Feed
    site: FeedSite


@dataclass(frozen=True)
class JobsPayload:
    listings: tuple[Listing, ...]
    base_url: str
    base_path: str
    build_date: Any


@dataclass(frozen=True)
class FilterPayload:
    listings: tuple[Listing, ...]
    roles: Mapping[str, Role]
    cards: tuple[Card, ...]


@dataclass(frozen=True)
class SitemapPayload:
    entries: tuple[tuple[str, Any], ...]
    sitemap_url: str


def _filter_index(renderer: Renderer, payload: FilterPayload, pieces: Pieces) -> bytes:
    cards = {card.url: card for card in payload.cards}
    # A listing's piece shows the listing, its card, the roles' names and the card macro.
    scope = pieces.scope("filter-index", renderer.template_digest(MACROS), payload.roles)
    return filter_index(
        payload.listings,
        payload.roles,
        lambda item: renderer.card_html(cards[item.url]),
        lambda item, make: scope.get((item, cards[item.url]), make),
    )


def _jobs_json(_renderer: Renderer, payload: JobsPayload, pieces: Pieces) -> bytes:
    scope = pieces.scope("jobs-json", payload.base_url, payload.base_path)
    return jobs_export(
        payload.listings,
        base_url=payload.base_url,
        base_path=payload.base_path,
        build_date=payload.build_date,
        piece=lambda item, make: scope.get((item,), make),
    )


def _jobs_schema() -> bytes:
    from ..schemas import schema_text  # schemas lists the export model, so import it late

    return schema_text(JobsExport, "the published jobs.json export").encode()


PRODUCERS: dict[str, Callable[[Renderer, Any], bytes]] = {
    "atom": lambda _r, p: atom_feed(p.feed, p.site),
    "json-feed": lambda _r, p: json_feed(p.feed, p.site),
    "jobs-schema": lambda _r, _p: _jobs_schema(),
    "sitemap": lambda _r, p: seo.sitemap(p.entries),
    "robots": lambda _r, p: seo.robots_txt(p.sitemap_url),
    "headers": lambda _r, p: headers_file(p[0], p[1]).encode(),
    "bytes": lambda _r, p: bytes(p),
    "social-card": lambda _r, p: draw_card(p),
}


# Exports of every open listing, assembled from a piece per listing.
PIECEWISE: dict[str, Callable[[Renderer, Any, Pieces], bytes]] = {
    "jobs-json": _jobs_json,
    "filter-index": _filter_index,
}


def produce(output: Output, renderer: Renderer, pieces: Pieces | None = None) -> bytes:
    """The bytes of ``output``; a piecewise export reuses ``pieces`` where their keys match."""
    if output.kind == "page":
        return renderer.page(output.payload)
    if output.kind == "static":
        return Path(output.payload[0]).read_bytes()
    if output.kind in PIECEWISE:
        return PIECEWISE[output.kind](renderer, output.payload, pieces or Pieces())
    return PRODUCERS[output.kind](renderer, output.payload)


def site_outputs(
    site: Site,
    pages: tuple[Page[Any], ...],
    statics: Mapping[str, tuple[Path, str]],
    extra: Mapping[str, bytes] | None = None,
) -> list[Output]:
    """Every output of the site: pages, static files, feeds, sitemap, exports, and
    ``extra`` files published as they are (the CMS's ``admin/``)."""
    outputs = [Output(output_file(page.url), "page", page, page.head.source) for page in pages]
    outputs += [
        Output(path, "static", (str(file), digest)) for path, (file, digest) in statics.items()
    ]
    outputs += [
        Output(logo.path, "bytes", logo.data, logo.source) for logo in site.content.logos.values()
    ]
    cards = {page.head.social.path: page.head.social for page in pages if page.head.social}
    if cards:
        fonts = font_digest()
        outputs += [
            Output(path, "social-card", CardPayload(card, fonts)) for path, card in cards.items()
        ]
    config = site.content.config
    about = FeedSite(
        config.title,
        config.publisher.name if config.publisher else config.title,
        config.language,
        site.base_url,
        site.base_path,
        site.build_date,
    )
    for feed in site.feeds:
        payload = FeedPayload(feed, about)
        outputs.append(Output(feed.atom_url, "atom", payload))
        if feed.json_url is not None:
            outputs.append(Output(feed.json_url, "json-feed", payload))
    outputs += [
        Output(
            "jobs.json",
            "jobs-json",
            JobsPayload(site.open, site.base_url, site.base_path, site.build_date),
        ),
        Output("jobs.schema.json", "jobs-schema", None),
        Output(
            urls.FILTER_INDEX,
            "filter-index",
            FilterPayload(site.open, site.content.roles, site.cards_of(site.open)),
        ),
        Output(
            "sitemap.xml",
            "sitemap",
            SitemapPayload(
                tuple(
                    (site.abs_url(page.url), page.head.lastmod)
                    for page in pages
                    if page.head.indexable
                ),
                site.abs_url("sitemap.xml"),
            ),
        ),
        Output("robots.txt", "robots", SitemapPayload((), site.abs_url("sitemap.xml"))),
    ]
    host = config.host
    if host is not None and HOSTS[host].reads_headers_file:
        outputs.append(Output("_headers", "headers", (host, site.base_path)))
    outputs += [Output(path, "bytes", data) for path, data in sorted((extra or {}).items())]
    return outputs
