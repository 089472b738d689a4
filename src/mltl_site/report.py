"""The listing status report: what is open, opening, closing, closed and still a draft.

CI prints it into a pull request's job summary; people read the text form. The JSON form
is for scripts and keeps this shape (``version`` changes if it ever has to change)::

    {
      "version": 1,
      "build_date": "YYYY-MM-DD",
      "closing_within_days": 7,
      "closed_since": "YYYY-MM-DD" | null,
      "counts": {"open": 0, "scheduled": 0, "closing": 0, "closed": 0, "drafts": 0, "added": 0},
      "open": [ENTRY], "scheduled": [ENTRY], "closing": [ENTRY],
      "closed": [ENTRY], "drafts": [ENTRY], "added": [ENTRY]
    }

    ENTRY = {"path": "content/jobs/x.md", "slug": "x", "title": "...", "company": "...",
             "status": "draft" | "scheduled" | "open" | "expired", "date_posted": "YYYY-MM-DD",
             "valid_through": "YYYY-MM-DD", "closes_on": "YYYY-MM-DD",
             "days_left": int | null, "url": "https://..." | null}

``closing`` is a subset of ``open``; ``days_left`` is 0 on a listing's last day and null
unless it is open; ``url`` is null for listings that have no page yet.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Sequence
from dataclasses import dataclass

from .commands.common import plural
from .config import Project
from .errors import SiteError
from .listings import EXPIRING_WITHIN_DAYS, Listing, Status
from .site import Site

REPORT_VERSION = 1
FORMATS = ("text", "markdown", "json")


@dataclass(frozen=True)
class StatusReport:
    """Listings grouped by where they are in their life on the build date."""

    build_date: dt.date
    closing_within: int
    closed_since: dt.date | None
    open: tuple[Listing, ...]
    scheduled: tuple[Listing, ...]
    closing: tuple[Listing, ...]
    closed: tuple[Listing, ...]
    drafts: tuple[Listing, ...]
    added: tuple[Listing, ...]
    base_url: str

    def groups(self) -> tuple[tuple[str, str, tuple[Listing, ...]], ...]:
        """``(key, heading, listings)`` in the order every format shows them."""
        within = plural(self.closing_within, "day")
        since = f" since {self.closed_since}" if self.closed_since else ""
        return (
            ("added", "Added by this change", self.added),
            ("closing", f"Closing within {within}", self.closing),
            ("scheduled", "Opening later", self.scheduled),
            ("closed", f"Closed{since}", self.closed),
            ("drafts", "Drafts", self.drafts),
            ("open", "Open", self.open),
        )


def status_report(
    site: Site,
    project: Project,
    *,
    closing_within: int = EXPIRING_WITHIN_DAYS,
    closed_since: dt.date | None = None,
    added: Sequence[str] = (),
) -> StatusReport:
    """Group ``site``'s listings; ``added`` are paths (relative to the project) of new files."""
    listings = site.listings
    by_path = {listing.job.source: listing for listing in listings}
    chosen: list[Listing] = []
    for name in added:
        display = project.display((project.root / name).resolve())
        if display not in by_path:
            raise SiteError(
                f"{name} is not a listing in {project.display(project.content)}/jobs/",
                field="--added",
            )
        if by_path[display] not in chosen:
            chosen.append(by_path[display])
    open_now = tuple(item for item in listings if item.is_open)
    return StatusReport(
        build_date=site.build_date,
        closing_within=closing_within,
        closed_since=closed_since,
        open=open_now,
        scheduled=tuple(
            sorted(
                (item for item in listings if item.status is Status.SCHEDULED),
                key=lambda item: (item.job.meta.date_posted, item.job.source),
            )
        ),
        closing=tuple(
            sorted(
                (item for item in open_now if item.days_left < closing_within),
                key=lambda item: (item.days_left, item.job.source),
            )
        ),
        closed=tuple(
            sorted(
                (
                    item
                    for item in listings
                    if item.status is Status.EXPIRED
                    and (closed_since is None or item.job.meta.closes_on >= closed_since)
                ),
                key=lambda item: (-item.job.meta.closes_on.toordinal(), item.job.source),
            )
        ),
        drafts=tuple(sorted((i for i in listings if i.is_draft), key=lambda i: i.job.source)),
        added=tuple(sorted(chosen, key=lambda item: item.job.source)),
        base_url=site.base_url,
    )


def entry(listing: Listing, base_url: str) -> dict[str, object]:
    """One listing as the JSON form gives it."""
    meta = listing.job.meta
    published = listing.status in (Status.OPEN, Status.EXPIRED)
    return {
        "path": listing.job.source,
        "slug": listing.slug,
        "title": meta.title,
        "company": meta.company.name,
        "status": listing.status.value,
        "date_posted": meta.date_posted.isoformat(),
        "valid_through": meta.valid_through.isoformat(),
        "closes_on": meta.closes_on.isoformat(),
        "days_left": listing.days_left if listing.is_open else None,
        "url": base_url + listing.url if published else None,
    }


def as_json(report: StatusReport) -> str:
    groups = {key: [entry(i, report.base_url) for i in items] for key, _, items in report.groups()}
    data: dict[str, object] = {
        "version": REPORT_VERSION,
        "build_date": report.build_date.isoformat(),
        "closing_within_days": report.closing_within,
        "closed_since": report.closed_since.isoformat() if report.closed_since else None,
        "counts": {key: len(items) for key, items in groups.items()},
    }
    data.update(groups)
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def state(listing: Listing) -> str:
    """Where a listing is, in words: ``open, closes in 3 days`` or ``closed 2026-11-01``."""
    meta = listing.job.meta
    if listing.status is Status.OPEN:
        days = listing.days_left
        when = "today" if days == 0 else f"in {plural(days, 'day')}"
        return f"open, closes {when}, last day {meta.closes_on - dt.timedelta(days=1)}"
    if listing.status is Status.SCHEDULED:
        return f"opens {meta.date_posted}"
    if listing.status is Status.EXPIRED:
        return f"closed {meta.closes_on}"
    return "draft"


def headline(report: StatusReport) -> str:
    counts = [
        f"{len(report.open)} open",
        f"{len(report.scheduled)} opening later",
        f"{len(report.closing)} closing within {plural(report.closing_within, 'day')}",
        f"{len(report.closed)} closed",
        plural(len(report.drafts), "draft"),
    ]
    return f"Listings on {report.build_date}: " + ", ".join(counts)


def as_text(report: StatusReport) -> str:
    lines = [headline(report)]
    for key, heading, items in report.groups():
        if not items or key == "open":
            continue  # the open listings are the site itself; the counts say how many
        lines += ["", f"{heading} ({len(items)}):"]
        lines += [
            f"  {i.job.source}: {i.job.meta.title} ({i.job.meta.company.name}); {state(i)}"
            for i in items
        ]
    return "\n".join(lines) + "\n"


# Enough to keep text literal inside a table cell; nothing here starts a line.
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]<>|~])")


def md(text: str) -> str:
    """Text that Markdown shows as written: no links, no HTML, no table breaks."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", " ".join(text.split()))


def as_markdown(report: StatusReport) -> str:
    lines = [f"### {md(headline(report))}"]
    for key, heading, items in report.groups():
        if not items or key == "open":
            continue
        lines += ["", f"#### {md(heading)} ({len(items)})", ""]
        lines += ["| Listing | Company | File | Status |", "| --- | --- | --- | --- |"]
        lines += [
            f"| {md(i.job.meta.title)} | {md(i.job.meta.company.name)} | "
            f"{md(i.job.source)} | {md(state(i))} |"
            for i in items
        ]
    if not any(items for key, _, items in report.groups() if key != "open"):
        lines += ["", "Nothing is closing, opening, closed or in draft."]
    return "\n".join(lines) + "\n"


def render(report: StatusReport, fmt: str) -> str:
    """The report in ``fmt``: one of ``FORMATS``."""
    return {"text": as_text, "markdown": as_markdown, "json": as_json}[fmt](report)
