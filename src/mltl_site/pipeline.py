"""The build, stage by stage: load, validate, lay out pages, render, write."""

from __future__ import annotations

import logging
import os
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import jinja2

from . import seo
from .config import BuildOptions, Project
from .content import load_content
from .errors import BuildFailed, ContentError, ContentWarning, OutputError, SiteError, TemplateError
from .export import JobsExport, filter_index, jobs_export
from .feeds import FeedSite, atom_feed, json_feed
from .listings import Listing, Status
from .render import asset_versions, create_environment, render_page
from .schemas import schema_text
from .site import Page, Site, build_pages, make_site
from .urls import base_path, normalize_base_url, output_file
from .write import check_paths, write_output

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class BuildResult:
    """What a build did, for the one-line summary."""

    out_dir: Path | None
    pages: int
    files: int
    seconds: float
    warnings: tuple[ContentWarning, ...]
    expired: tuple[Listing, ...]
    expiring: tuple[Listing, ...]


def load_site(project: Project, options: BuildOptions) -> Site:
    """Read and validate all content and make the site for the build date."""
    url = normalize_base_url(options.base_url) if options.base_url else None
    if url is not None:
        SiteConfigUrlCheck.check(url)
    content = load_content(project, base_path(url) if url else _config_base_path(project))
    return make_site(content, options.build_date, url, options.drafts)


class SiteConfigUrlCheck:
    """``--base-url`` gets the same check as ``base_url`` in site.yaml."""

    @staticmethod
    def check(url: str) -> None:
        from .models import check_url

        try:
            check_url(url, schemes=("http", "https"))
        except ValueError as exc:
            raise SiteError(str(exc), field="--base-url") from None


def _config_base_path(project: Project) -> str:
    """The base path from site.yaml, read before the rest so Markdown links get it."""
    from .loader import load_yaml_file

    path = project.content / "site.yaml"
    try:
        value = load_yaml_file(path, project.display(path)).data.get("base_url")
    except (BuildFailed, SiteError, OSError):
        return "/"  # the full load reports the problem
    return base_path(value) if isinstance(value, str) else "/"


def static_files(project: Project) -> dict[str, bytes]:
    """Every file below ``static/``, keyed by its output path."""
    files: dict[str, bytes] = {}
    if not project.static.is_dir():
        return files
    errors: list[SiteError] = []
    for folder, dirs, names in os.walk(project.static, followlinks=False):
        dirs.sort()
        for name in sorted(dirs + names):
            path = Path(folder) / name
            if path.is_symlink():
                errors.append(
                    OutputError(
                        "symbolic links are not allowed in static/", path=project.display(path)
                    )
                )
            elif path.is_file() and not name.startswith("."):
                files["static/" + path.relative_to(project.static).as_posix()] = path.read_bytes()
    if errors:
        raise BuildFailed(errors)
    return files


def data_files(site: Site, render_card: Callable[[Listing], str]) -> dict[str, bytes]:
    """Feeds, sitemap, robots.txt and exports: everything that is not an HTML page."""
    config = site.content.config
    author = config.publisher.name if config.publisher else config.title
    files: dict[str, bytes] = {}
    about = FeedSite(config.title, author, config.language, site.abs_url, site.build_date)
    for feed in site.feeds:
        files[feed.atom_url] = atom_feed(feed, about)
        files[feed.json_url] = json_feed(feed, about)
    files["jobs.json"] = jobs_export(site.open, base_url=site.base_url, build_date=site.build_date)
    files["jobs.schema.json"] = schema_text(JobsExport, "the published jobs.json export").encode()
    files["jobs/filter-index.json"] = filter_index(site.open, site.content.roles, render_card)
    return files


def sitemap_files(site: Site, pages: tuple[Page, ...]) -> dict[str, bytes]:
    """sitemap.xml of the indexable pages and robots.txt pointing at it."""
    entries = [(site.abs_url(page.url), page.lastmod) for page in pages if page.indexable]
    return {
        "sitemap.xml": seo.sitemap(entries),
        "robots.txt": seo.robots_txt(site.abs_url("sitemap.xml")),
    }


def check_structured_data(site: Site, pages: tuple[Page, ...]) -> None:
    """Every JobPosting the build emits must meet Google's rules, or the build fails."""
    by_url = {listing.url: listing for listing in site.listings}
    errors: list[SiteError] = []
    for page in pages:
        for data in page.structured_data:
            if data.get("@type") != "JobPosting":
                continue
            job = by_url[page.url].job
            for prop, message in seo.check_job_posting(data):
                field = seo.SOURCE_FIELDS.get(prop.split(".")[0].split("[")[0], "front matter")
                line = job.doc.body_line if field == "body" else job.doc.line_of((field,))
                errors.append(
                    ContentError(
                        f"JobPosting {prop} {message}", path=job.source, line=line, field=field
                    )
                )
    if errors:
        raise BuildFailed(errors)


def render_site(project: Project, site: Site) -> tuple[tuple[Page, ...], dict[str, bytes]]:
    """All output files of ``site``, checked for collisions and rules before rendering."""
    statics = static_files(project)
    pages = build_pages(site)
    paths = [(output_file(page.url), page.source or f"the {page.kind} page") for page in pages]
    paths += [(name, project.display(project.static)) for name in statics]
    check_paths(paths)
    check_structured_data(site, pages)
    env = create_environment(project, site, asset_versions(statics))
    data = data_files(site, _card_renderer(env, project)) | sitemap_files(site, pages)
    check_paths(paths + [(name, "generated data") for name in data])
    files = dict(statics) | data
    errors: list[SiteError] = []
    for page in pages:
        try:
            files[output_file(page.url)] = render_page(env, page, project).encode("utf-8")
        except SiteError as exc:
            errors.append(exc)
    if errors:
        raise BuildFailed(errors)
    return pages, files


def _card_renderer(env: jinja2.Environment, project: Project) -> Callable[[Listing], str]:
    """A listing's card as the jobs page draws it, for the filter index."""
    card = env.globals["card"]

    def render(listing: Listing) -> str:
        try:
            return " ".join(str(card(listing, "h2")).split())  # type: ignore[operator]
        except jinja2.TemplateError as exc:
            raise TemplateError(str(exc), path=project.display(project.templates)) from None

    return render


def build(project: Project, out_dir: Path, options: BuildOptions) -> BuildResult:
    """Build ``project`` into ``out_dir``; on any error raise ``BuildFailed`` and write nothing."""
    started = time.perf_counter()
    _refuse_out_dir(project, out_dir)
    site = load_site(project, options)
    pages, files = render_site(project, site)
    write_output(out_dir, files)
    seconds = time.perf_counter() - started
    log.debug("wrote %d files to %s in %.3f s", len(files), out_dir, seconds)
    return BuildResult(
        out_dir=out_dir,
        pages=len(pages),
        files=len(files),
        seconds=seconds,
        warnings=site.content.warnings,
        expired=tuple(item for item in site.listings if item.status is Status.EXPIRED),
        expiring=tuple(item for item in site.listings if item.expiring_soon),
    )


def _refuse_out_dir(project: Project, out_dir: Path) -> None:
    """The output folder is replaced whole, so it must not hold the project's own files."""
    out = out_dir.resolve()
    for kept in (project.root, project.content, project.templates, project.static):
        if out == kept or out in kept.parents or (kept in out.parents and kept != project.root):
            raise BuildFailed(
                [
                    OutputError(
                        f"--out {out_dir} would replace {project.display(kept) or '.'}; "
                        "choose a folder of its own such as _site"
                    )
                ]
            )
