"""What every page shares: its head, the site navigation and a few phrasings."""

from __future__ import annotations

from typing import Any

from .. import seo, urls
from ..outputs.feeds import Feed
from ..site import Site
from ..social import page_card
from ..views import (
    Crumb,
    FeedLink,
    Head,
    NavItem,
    Page,
)

AnyPage = Page[Any]
HOME = Crumb("Home", urls.HOME)
JOBS = Crumb("Jobs", urls.JOBS)
ROLES = Crumb("Roles", urls.ROLES)


def head(site: Site, url: str, title: str, description: str, kind: str, **more: Any) -> Head:
    """A page's head, with its navigation and breadcrumb structured data filled in."""
    crumbs: tuple[Crumb, ...] = more.pop("breadcrumbs", ()) or (HOME,)
    if "social" not in more:
        more["social"] = page_card(site, title, site.content.config.title)
    data = (
        *more.pop("structured_data", ()),
        seo.breadcrumb_list(((c.title, c.url) for c in crumbs), site.abs_url),
    )
    return Head(
        url=url,
        title=title,
        description=description,
        kind=kind,
        breadcrumbs=crumbs,
        nav=nav(site, url),
        structured_data=data,
        post_a_job=urls.POST_A_JOB if site.content.config.repository else None,
        search_url=urls.SEARCH if site.content.config.search else None,
        **(more if site.content.config.search else {**more, "search": None}),
    )


def nav(site: Site, page_url: str) -> tuple[NavItem, ...]:
    items = []
    for link in site.content.config.navigation:
        internal = not link.url.startswith(("http://", "https://", "mailto:"))
        target = link.url.removeprefix("/") if internal else link.url
        bare = target.split("#", 1)[0]
        current = (
            internal
            and "#" not in target
            and (page_url == bare or (bare != "" and page_url.startswith(bare)))
        )
        items.append(NavItem(link.label, target, current))
    return tuple(items)


def feed_link(feed: Feed | None) -> FeedLink | None:
    if feed is None:
        return None
    return FeedLink(feed.title, feed.atom_url, feed.json_url)


def plural(count: int, word: str, words: str | None = None) -> str:
    return f"{count:,} {word if count == 1 else words or word + 's'}"


def jobs_label(count: int) -> str:
    return plural(count, "open job")
