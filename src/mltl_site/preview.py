"""The dev server's quick preview: a saved listing's own page, drawn before the rebuild.

At 10,000 listings a full rebuild takes seconds, and most of that is lists and feeds
the editor is not looking at. So when only listings were saved, each one's page is
drawn at once in the context of the last good build (its similar jobs, facets and
settings), the browser reloads, and the rebuild that follows brings every other
page, and this one again, up to date.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from .config import Project
from .content import parse_task
from .discover import Task
from .errors import SiteError
from .listings import Status, classify
from .pages import job_page
from .render import RenderContext, renderer_for
from .site import Site
from .urls import output_file
from .write import LiveFolder


def preview_listings(
    project: Project, paths: Iterable[Path], site: Site, context: RenderContext, out_dir: Path
) -> list[str]:
    """Draw the page of each saved listing into ``out_dir``; returns the pages written.

    A listing that does not parse, or would not have a page, is left to the rebuild,
    which reports it with everything else.
    """
    folder = LiveFolder(out_dir)
    written = []
    for path in paths:
        display = project.display(path)
        try:
            raw = path.read_bytes()
        except OSError:
            continue
        entry = parse_task(Task("job", path.stem, ((display, raw),)))
        if not hasattr(entry, "meta"):
            continue
        (listing,) = classify([entry], site.build_date, site.drafts)  # type: ignore[list-item]
        if listing.status not in (Status.OPEN, Status.EXPIRED):
            continue
        try:
            data = renderer_for(context).page(job_page(site, listing))
        except (SiteError, KeyError):
            continue  # a role that does not exist, a template error: the rebuild says so
        relative = output_file(listing.url)
        folder.write(relative, data)
        written.append(relative)
    return written


def listings_only(project: Project, paths: Iterable[Path]) -> list[Path] | None:
    """The changed files if every one is an existing listing, else None."""
    jobs = project.content / "jobs"
    found = []
    for path in paths:
        if path.parent != jobs or path.suffix != ".md" or not path.is_file():
            return None
        found.append(path)
    return found or None
