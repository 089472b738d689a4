"""One import: fetch each source, plan every file change, then write (unless a dry run).

Planning is pure: it reads the board as it is and the feed, and says for each
posting whether its listing is added, updated, closed, kept (edited by hand),
unchanged or skipped, with the exact text to write. A source whose feed cannot
be fetched or read changes nothing.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from ..config import Project
from ..errors import BuildFailed, SiteError
from ..models import ImportSource
from . import READERS
from .board import Board, Existing, Site
from .feed import Posting, Rejected, ShapeError
from .http import HttpClient
from .listing import PLACEHOLDER, check_listing, edited_by_hand, listing_text, write_atomic
from .mapping import Mapped, map_posting

# Imported listings stay open this long after the import last saw them, and are
# renewed when fewer days than RENEW_WITHIN_DAYS are left, so a daily import
# rewrites a file only when its posting changed or about every six weeks.
VALID_FOR_DAYS = 60
RENEW_WITHIN_DAYS = 14

Kind = Literal["added", "updated", "closed", "kept", "skipped", "unchanged"]
KINDS: tuple[Kind, ...] = ("added", "updated", "closed", "kept", "skipped", "unchanged")


@dataclass(frozen=True)
class Outcome:
    """What happened to one posting: its kind, the file or posting, and why."""

    kind: Kind
    what: str
    reason: str = ""


@dataclass
class Report:
    """One source's part of an import."""

    label: str
    outcomes: list[Outcome] = field(default_factory=list)
    writes: dict[Path, str] = field(default_factory=dict)
    failure: str | None = None

    def count(self, kind: Kind) -> int:
        return sum(1 for outcome in self.outcomes if outcome.kind == kind)


@dataclass(frozen=True)
class ImportOptions:
    """What varies between runs: the import date, --force, --dry-run and --api-base."""

    today: dt.date
    force: bool = False
    dry_run: bool = False
    api_base: str | None = None


def label_of(entry: ImportSource) -> str:
    return f"{entry.source} {entry.id}"


def run_import(
    project: Project,
    entries: Iterable[ImportSource],
    client: HttpClient,
    options: ImportOptions,
    site: Site,
    environ: Mapping[str, str] | None = None,
) -> list[Report]:
    """Import every entry in turn; each report says what changed and what was written."""
    environ = os.environ if environ is None else environ
    board = Board.scan(project)
    reports = []
    for entry in entries:
        report = Report(label_of(entry))
        reports.append(report)
        reader = READERS[entry.source]
        if entry.role not in site.roles:
            report.failure = f"role {entry.role!r} is not a folder in content/roles/"
            continue
        api = options.api_base or (environ.get(reader.env_var) if reader.env_var else None)
        url = reader.url(entry.id, api)
        try:
            parsed = reader.parse(client.get_json(url))
        except (SiteError, ShapeError) as exc:
            report.failure = f"could not import {url}: {exc}"
            continue
        plan(project, entry, parsed, board, options, site, report)
        if not options.dry_run:
            for path, text in report.writes.items():
                write_atomic(path, text)
    return reports


def plan(
    project: Project,
    entry: ImportSource,
    parsed: Iterable[Posting | Rejected],
    board: Board,
    options: ImportOptions,
    site: Site,
    report: Report,
) -> None:
    """Decide every change for one source, recording outcomes and texts in ``report``."""
    wanted = re.compile(entry.filter, re.IGNORECASE) if entry.filter else None
    present: set[str] = set()
    for item in sorted(parsed, key=lambda p: p.native_id):
        if wanted is not None and item.title and not wanted.search(item.title):
            continue  # not for this board; a listing it had is closed below
        present.add(f"{entry.id}/{item.native_id}")
        if isinstance(item, Rejected):
            report.outcomes.append(Outcome("skipped", _posting_name(item), item.reason))
            continue
        _plan_posting(project, entry, item, board, options, site, report)
    prefix = f"{entry.id}/"
    for (system, ident), existing in sorted(board.imported.items()):
        if system == entry.source and ident.startswith(prefix) and ident not in present:
            _plan_close(project, entry, existing, options, report)


def _plan_posting(
    project: Project,
    entry: ImportSource,
    posting: Posting,
    board: Board,
    options: ImportOptions,
    site: Site,
    report: Report,
) -> None:
    today = options.today
    mapped = map_posting(posting, entry, today=today, vocabulary=board.vocabulary)
    if isinstance(mapped, Rejected):
        report.outcomes.append(Outcome("skipped", _posting_name(mapped), mapped.reason))
        return
    ident = f"{entry.id}/{posting.native_id}"
    existing = board.imported.get((entry.source, ident))
    if existing is not None and edited_by_hand(existing.text) and not options.force:
        shown = project.display(existing.path)
        report.outcomes.append(Outcome("kept", shown, "edited by hand; --force replaces it"))
        return
    kind: Kind = "added"
    if existing is None:
        slug = board.new_slug(mapped.fields["company"]["name"], mapped.fields["title"])
        path = project.content / "jobs" / f"{slug}.md"
        text = _render(entry, mapped, ident, today, None)
        reason = ""
    else:
        path = existing.path
        kind, reason = "updated", _why_updated(existing, options.force)
        kept = _render(entry, mapped, ident, today, existing)
        renew = _days_left(existing, today) < RENEW_WITHIN_DAYS
        if kept == existing.text and not renew:
            report.outcomes.append(Outcome("unchanged", project.display(path)))
            return
        text = _render(entry, mapped, ident, today, None)  # seen today, open 60 more days
        if kept == existing.text:
            reason = "renewed: valid_through moves on while the posting is open"
    display = project.display(path)
    try:
        check_listing(text, display, site_url=site.url, base_path=site.base_path)
    except BuildFailed as exc:
        first = exc.errors[0]
        why = f"{first.field}: {first.message}" if first.field else first.message
        if existing is None:
            board.taken.discard(path.stem)  # the name is free for the next posting
        report.outcomes.append(Outcome("skipped", _posting_name(posting), why))
        return
    report.writes[path] = text
    report.outcomes.append(Outcome(kind, display, reason))


def _why_updated(existing: Existing, force: bool) -> str:
    source = existing.data.get("source")
    if isinstance(source, Mapping) and source.get("removed") is not None:
        return "reopened: the posting is back on its source"
    if force and edited_by_hand(existing.text):
        return "--force replaced a hand edit"
    return "the posting changed"


def _render(
    entry: ImportSource, mapped: Mapped, ident: str, today: dt.date, previous: Existing | None
) -> str:
    """The file for ``mapped``; with ``previous``, keeping its last_seen and valid_through."""
    posting = mapped.posting
    last_seen, valid_through = today.isoformat(), (today + dt.timedelta(VALID_FOR_DAYS))
    if previous is not None:
        source = previous.data.get("source")
        seen = source.get("last_seen") if isinstance(source, Mapping) else None
        through = previous.data.get("valid_through")
        if isinstance(seen, str) and isinstance(through, str):
            last_seen, valid_through = seen, dt.date.fromisoformat(through)
    if posting.valid_through is not None:
        valid_through = posting.valid_through
    fields = {
        **mapped.fields,
        "valid_through": valid_through.isoformat(),
        "source": {
            "system": entry.source,
            "id": ident,
            "url": posting.url,
            "last_seen": last_seen,
            "digest": PLACEHOLDER,
        },
    }
    return listing_text(fields, mapped.body, header_for(entry))


def header_for(entry: ImportSource) -> str:
    return (
        f"Imported by `mltl-site import` from {label_of(entry)}.\n"
        "An import keeps a file edited by hand unless run with --force."
    )


def _days_left(existing: Existing, today: dt.date) -> int:
    through = existing.data.get("valid_through")
    try:
        return (dt.date.fromisoformat(str(through)) - today).days
    except ValueError:
        return -1


def _plan_close(
    project: Project, entry: ImportSource, existing: Existing, options: ImportOptions,
    report: Report,
) -> None:  # fmt: skip
    source = existing.data.get("source")
    if not isinstance(source, Mapping) or source.get("removed") is not None:
        return  # closed by an earlier import
    shown = project.display(existing.path)
    if edited_by_hand(existing.text) and not options.force:
        report.outcomes.append(
            Outcome(
                "kept",
                shown,
                "gone from its source but edited by hand; close it by hand or rerun with --force",
            )
        )
        return
    closed = {k: v for k, v in source.items() if k not in ("removed", "digest")}
    closed |= {"removed": options.today.isoformat(), "digest": PLACEHOLDER}
    fields = {**existing.data, "source": closed}
    report.writes[existing.path] = listing_text(fields, existing.body, header_for(entry))
    report.outcomes.append(Outcome("closed", shown, "gone from its source"))


def _posting_name(item: Posting | Rejected) -> str:
    return f"{item.native_id} {item.title!r}" if item.title else item.native_id
