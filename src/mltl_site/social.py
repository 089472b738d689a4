"""What each page's share image says, and which listings get an image of their own.

A card's file is named by its words (``SocialCard.path``), so it is drawn again
only when they change. Listings are the one page type that grows with the board:
a PNG each would break a static host's file budget at 10,000 listings, so large
boards give every listing of a company that company's card instead.
"""

from __future__ import annotations

from .listings import Listing
from .site import Site
from .views import SocialCard


def page_card(site: Site, title: str, kicker: str, detail: str | None = None) -> SocialCard:
    """A card for a page that is not a listing: its title, what it is, and one figure."""
    return SocialCard(title, kicker, detail, site.content.config.title, None)


def listing_card(site: Site, listing: Listing) -> SocialCard | None:
    """A listing's card: its own title, company and pay, or its company's shared card."""
    meta = listing.job.meta
    mark = site.mark_of(meta.company.name)
    name = site.content.config.title
    mode = site.listing_cards
    if mode == "off":
        return None
    if mode == "shared":
        return SocialCard(f"Jobs at {meta.company.name}", name, None, name, mark)
    if not listing.is_open:
        detail = "This position has closed"
    else:
        detail = listing.salary_label or listing.location_label
    return SocialCard(meta.title, meta.company.name, detail, name, mark)
