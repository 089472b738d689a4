"""Placeholders a published listing must not keep: the starter file's TODO markers and
addresses at the domains reserved for examples.

``mltl-site new job`` writes both so that a draft is complete and valid; once the
listing is published (``draft: false``) they would mislead applicants, unless the
listing says it is only an illustration (``example: true``).
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from .errors import ContentError, SiteError
from .loader import Document
from .models import JobMeta

# A word the starter file marks unfinished parts with, and the domains reserved for
# examples (RFC 2606): neither belongs in a published listing.
_TODO = re.compile(r"\bTODO\b")
_PLACEHOLDER_DOMAINS = ("example.com", "example.net", "example.org")


def placeholders(meta: JobMeta, text: str, doc: Document, source: str) -> list[SiteError]:
    """TODO markers and example addresses left in a listing that is to be published."""
    errors: list[SiteError] = []
    for number, line in enumerate(text.split("\n"), start=1):
        if _TODO.search(line):
            errors.append(
                ContentError(
                    "a TODO marker is left here; fill in the value and delete the marker, "
                    "or keep `draft: true` until it is done",
                    path=source,
                    line=number,
                )
            )
    addresses = {
        ("company", "url"): meta.company.url,
        ("apply", "url"): meta.apply.url,
        ("apply", "email"): meta.apply.email,
    }
    for loc, address in addresses.items():
        if not address:
            continue
        host = urlsplit(address).hostname if "://" in address else address.rpartition("@")[2]
        host = (host or "").lower()
        if any(host == d or host.endswith("." + d) for d in _PLACEHOLDER_DOMAINS):
            errors.append(
                ContentError(
                    f"{address} is a placeholder address; give the real one, or mark a "
                    "listing that is only an illustration `example: true`",
                    path=source,
                    line=doc.line_of(loc),
                    field=".".join(loc),
                )
            )
    return errors
