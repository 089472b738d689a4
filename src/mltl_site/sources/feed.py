"""What every source reads a feed into: postings in one shape, or why one was refused.

Feeds are network input, so nothing here trusts their types: each helper takes
whatever JSON holds and returns a value of the expected type or ``None``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from ..models import SourceSystem


@dataclass(frozen=True)
class Place:
    """A location as the feed gives it: free text, and its parts when the feed has them."""

    text: str
    city: str | None = None
    region: str | None = None
    country: str | None = None


@dataclass(frozen=True)
class Pay:
    """A pay range as the feed states it; ``period`` is one of the models' periods."""

    currency: str
    min: float
    max: float
    period: str


@dataclass(frozen=True)
class Posting:
    """One posting, read from any source; ``None`` means the feed does not say."""

    native_id: str
    title: str
    url: str
    description_html: str
    apply_url: str | None = None
    apply_email: str | None = None
    places: tuple[Place, ...] = ()
    workplace: str | None = None
    remote_from: tuple[str, ...] = ()
    employment_type: str | None = None
    seniority: str | None = None
    salary: Pay | None = None
    posted: dt.date | None = None
    valid_through: dt.date | None = None
    country_hint: str | None = None
    company: tuple[str, str] | None = None
    skills: tuple[str, ...] = ()


@dataclass(frozen=True)
class Rejected:
    """A posting that cannot become a listing, and the one-line reason."""

    native_id: str
    title: str
    reason: str


Parsed = Posting | Rejected


@dataclass(frozen=True)
class Reader:
    """A source system: where its feed lives and how to read it."""

    system: SourceSystem
    env_var: str
    default_api: str
    path: Callable[[str], str]
    parse: Callable[[object], list[Parsed]]

    def url(self, board: str, api_base: str | None) -> str:
        """The feed's URL for ``board`` on ``api_base`` (or the system's public API).

        A source without a ``default_api`` (jobs-json) is named by its full URL.
        """
        if not self.default_api:
            return board
        return (api_base or self.default_api).rstrip("/") + self.path(board)


def text(data: Mapping[str, object], key: str) -> str | None:
    value = data.get(key)
    return value.strip() or None if isinstance(value, str) else None


def mapping(data: Mapping[str, object], key: str) -> Mapping[str, object]:
    value = data.get(key)
    return value if isinstance(value, Mapping) else {}


def items(data: Mapping[str, object], key: str) -> list[Mapping[str, object]]:
    value = data.get(key)
    if not isinstance(value, list):
        return []
    return [item for item in value if isinstance(item, Mapping)]


def strings(data: Mapping[str, object], key: str) -> list[str]:
    value = data.get(key)
    if not isinstance(value, list):
        return []
    return [item.strip() for item in value if isinstance(item, str) and item.strip()]


def number(data: Mapping[str, object], key: str) -> float | None:
    value = data.get(key)
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return float(value)


def iso_date(value: object) -> dt.date | None:
    """The UTC day of an ISO 8601 timestamp such as ``2026-11-20T10:55:28-05:00``."""
    if not isinstance(value, str) or not value.strip():
        return None
    try:
        stamp = dt.datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError:
        return None
    if stamp.tzinfo is None:
        return stamp.date()
    return stamp.astimezone(dt.UTC).date()


def posting_list(document: object, key: str | None) -> Sequence[object] | None:
    """The list of postings in a feed document, or ``None`` when the shape is wrong."""
    if key is None:
        return document if isinstance(document, list) else None
    if not isinstance(document, Mapping):
        return None
    value = document.get(key)
    return value if isinstance(value, list) else None


def native_id(data: Mapping[str, object]) -> str | None:
    value = data.get("id")
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return str(value)
    return value.strip() or None if isinstance(value, str) else None


class ShapeError(ValueError):
    """The feed document as a whole is not in the source's shape."""


def each_posting(
    document: object, key: str | None, read: Callable[[Mapping[str, object], str], Parsed]
) -> list[Parsed]:
    """Read every posting of a feed; a malformed posting is rejected, not fatal."""
    postings = posting_list(document, key)
    if postings is None:
        where = f"it has no `{key}` list" if key else "it is not a list of postings"
        raise ShapeError(f"the feed is not in the expected shape: {where}")
    out: list[Parsed] = []
    for index, raw in enumerate(postings):
        if not isinstance(raw, Mapping):
            out.append(Rejected(f"#{index + 1}", "", "the posting is not a JSON object"))
            continue
        ident = native_id(raw)
        title = text(raw, "title") or text(raw, "text") or ""
        if ident is None:
            out.append(Rejected(f"#{index + 1}", title, "id: the posting has no id"))
            continue
        out.append(read(raw, ident))
    return out
