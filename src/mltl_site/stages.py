"""The stages of a build after the fingerprint, and producing one output in a worker.

``build_all`` reads as the list of steps; each step is one call into the module
that does that job.
"""

from __future__ import annotations

import logging
import os
import time
from collections import Counter
from contextlib import nullcontext
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .cache import Manifest, Store, content_digest
from .cms import published_admin
from .config import BuildOptions, Project
from .content import Entry, load_content
from .crossref import check_job_postings
from .errors import BuildFailed, ContentWarning, OutputError, SiteError
from .linkcheck import FolderCheck, read_folder
from .listings import Status
from .outputs.table import Output, produce, site_outputs
from .pages import build_pages, lay_out
from .parallel import default_jobs
from .pipeline import BuildResult, Progress, Steps, no_collections
from .produce import manifest_files, produce_all
from .render import RenderContext, renderer_for
from .search_index import start_index
from .site import Site, make_site
from .urls import base_path, normalize_base_url
from .views import Page
from .write import LiveFolder, Staging, check_paths

log = logging.getLogger("mltl_site.pipeline")


@dataclass(frozen=True)
class Plan:
    """How this build keeps and reuses things: what the fingerprint step found."""

    store: Store | None
    manifest: Manifest
    fingerprint: str
    live: bool = False
    documents: dict[str, Any] | None = None


def build_all(
    project: Project,
    out_dir: Path,
    options: BuildOptions,
    plan: Plan,
    steps: Steps,
    started: float,
    progress: Progress | None,
) -> BuildResult:
    """Load, lay out, check, render and write; the previous output stays until the end."""
    jobs = options.jobs or default_jobs()
    store, manifest = plan.store, plan.manifest
    with steps.step("load") as notes:
        documents = plan.documents
        if documents is None and store is not None:
            documents = store.load_documents()
        cached = set(documents or ())
        site = load_site(project, options, jobs=jobs, documents=documents, notes=notes)
        notes.append(listing_counts(site))
    with steps.step("layout") as notes, no_collections():
        pages = lay_out(site)
        outputs = site_outputs(site, pages, static_assets(project), published_admin(project))
        notes.append(f"{len(pages)} pages, {len(outputs)} files")
        facets = sum(len(values) for values in site.paged_facets.values())
        notes.append(f"{facets} facet values with pages of their own")
    with steps.step("check") as notes:
        check_outputs(project, site, pages, outputs)
        postings = sum(
            1 for p in pages for d in p.head.structured_data if d.get("@type") == "JobPosting"
        )
        notes.append(f"{len(outputs)} output paths and {postings} JobPostings valid")
    context = render_context(project, site)
    target = LiveFolder(out_dir) if plan.live else Staging(out_dir)
    try:  # until the swap, a failure leaves the previous output as it was
        with steps.step("render") as notes:
            results = produce_all(
                outputs, context, target, manifest, out_dir, store, jobs, progress
            )
            rendered = tuple(r.path for r in results if r.how == "rendered")
            notes.append(f"{len(rendered)} rendered, {len(results) - len(rendered)} reused")
            for path in rendered[:50]:
                log.debug("rendered /%s", path)
            if len(rendered) > 50:
                log.debug("rendered %d more", len(rendered) - 50)
        with steps.step("search") as notes:
            search = site.content.config.search
            with (
                start_index(target, results, pages, out_dir, manifest, store, notes, jobs)
                if search
                else nullcontext(None)
            ) as indexing:
                # Pagefind runs in processes of its own: read the pages' links meanwhile.
                made = ((r.path, r.key, r.how == "rendered") for r in results)
                links = read_folder(target.root, made, store.folder if store else None, jobs)
                found = links.check([r.path for r in results], site.base_url)
                indexed = indexing.finish() if indexing is not None else []
            if not search:
                notes.append("search is off in site.yaml")
            notes.append(f"links of {found.pages} pages checked meanwhile")
            found = found.written([r.path for r in indexed], site.base_url)
            results += indexed
            rendered += tuple(r.path for r in indexed if r.how == "rendered")
        with steps.step("links") as notes:
            warnings = built_link_warnings(project, site, pages, target, found, options)
            notes.append(f"{len(warnings)} warnings")
    except BaseException:
        target.abort()
        raise
    with steps.step("write") as notes:
        target.commit([r.path for r in results], manifest.files)
        notes.append(f"{len(results)} files {'updated in' if plan.live else 'swapped into'} "
                     f"{out_dir}")  # fmt: skip
        if store is not None:
            store.save_manifest(out_dir, Manifest(plan.fingerprint, manifest_files(results)))
            if documents is not None and plan.documents is None:
                save_documents(store, documents, cached, site)
            store.prune(r.key for r in results)
    return BuildResult(
        out_dir=out_dir,
        pages=len(pages),
        files=len(results),
        seconds=time.perf_counter() - started,
        warnings=warnings,
        expired=tuple(item for item in site.listings if item.status is Status.EXPIRED),
        expiring=tuple(item for item in site.listings if item.expiring_soon),
        rendered=rendered,
        reused=len(results) - len(rendered),
        steps=tuple(steps.done),
        site=site,
        context=context,
    )


def listing_counts(site: Site) -> str:
    """How many listings are in each state, for the log: ``12 open, 2 expired``."""
    counts = Counter(listing.status.value for listing in site.listings)
    return ", ".join(f"{counts[s.value]} {s.value}" for s in Status if counts[s.value]) or (
        "no listings"
    )


def built_link_warnings(
    project: Project,
    site: Site,
    pages: tuple[Page[Any], ...],
    target: LiveFolder | Staging,
    found: FolderCheck,
    options: BuildOptions,
) -> tuple[ContentWarning, ...]:
    """The internal link and anchor check's findings over the folder just written, and
    the content's warnings; with ``strict`` they are errors, and the new folder is dropped."""
    from .checks import link_problems

    log.debug("links: %d pages checked, %d read from disk", found.pages, found.read)
    for link in found.broken[:20]:
        log.debug("broken: %s", link)
    kind = SiteError if options.strict else ContentWarning
    broken = link_problems(project, pages, found.broken, site.base_url, kind)
    if options.strict and (broken or site.content.warnings):
        target.abort()
        raise BuildFailed([*broken, *(as_error(w) for w in site.content.warnings)])
    return (*site.content.warnings, *(w for w in broken if isinstance(w, ContentWarning)))


def as_error(warning: SiteError) -> SiteError:
    """A warning that ``--strict`` makes fatal."""
    return SiteError(warning.message, path=warning.path, line=warning.line, field=warning.field)


def load_site(
    project: Project,
    options: BuildOptions,
    *,
    jobs: int = 1,
    documents: dict[str, Any] | None = None,
    notes: list[str] | None = None,
) -> Site:
    """Read and validate all content and make the site for the build date."""
    url = normalize_base_url(options.base_url) if options.base_url else None
    if url is not None:
        check_base_url(url)
    before = len(documents) if documents is not None else 0
    content = load_content(project, jobs=jobs, cache=documents)
    if notes is not None:
        count = len(content.jobs) + len(content.pages) + len(content.roles) + 2
        parsed = (len(documents) - before) if documents is not None else count
        notes.append(f"{count} documents, {parsed} parsed")
    return make_site(content, options.build_date, url, options.drafts)


def check_base_url(url: str) -> None:
    """``--base-url`` gets the same check as ``base_url`` in site.yaml."""
    from .models import check_url

    try:
        check_url(url, schemes=("http", "https"))
    except ValueError as exc:
        raise SiteError(str(exc), field="--base-url") from None


def static_assets(project: Project) -> dict[str, tuple[Path, str]]:
    """Every file below ``static/`` by its published, content-hashed path."""
    files: dict[str, tuple[Path, str]] = {}
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
                relative = path.relative_to(project.static).as_posix()
                digest = content_digest(path.read_bytes())
                files[published_asset(relative, digest)] = (path, digest)
    if errors:
        raise BuildFailed(errors)
    return files


def published_asset(relative: str, digest: str) -> str:
    """``css/site.css`` → ``static/css/site.1a2b3c4d5e.css``: a new name for new bytes."""
    folder, _, name = relative.rpartition("/")
    stem, dot, suffix = name.partition(".")
    hashed = f"{stem}.{digest[:10]}{dot}{suffix}" if dot else f"{name}.{digest[:10]}"
    return "static/" + (f"{folder}/" if folder else "") + hashed


def check_outputs(
    project: Project, site: Site, pages: tuple[Page[Any], ...], outputs: list[Output]
) -> None:
    """Refuse colliding or unsafe paths and JobPostings that break Google's rules."""
    # Static files are checked by the names they were given, before the hash is added.
    check_paths(
        ("static/" + Path(o.payload[0]).relative_to(project.static).as_posix(),
         project.display(project.static))
        if o.kind == "static"
        else (o.path, o.source)
        for o in outputs
    )  # fmt: skip
    errors = check_job_postings(site, pages)
    if errors:
        raise BuildFailed(errors)


def render_context(project: Project, site: Site) -> RenderContext:
    assets = {}
    for published, (path, _digest) in static_assets(project).items():
        assets[path.relative_to(project.static).as_posix()] = published
    return RenderContext(
        templates=project.templates,
        root=project.root,
        base_url=site.base_url,
        base_path=base_path(site.base_url),
        config=site.content.config,
        build_date=site.build_date,
        assets=assets,
    )


def save_documents(store: Store, documents: dict[str, Any], cached: set[str], site: Site) -> None:
    """Keep the parsed documents this build used, dropping ones no file has any more."""
    used = {e.digest for e in _entries(site)} | {site.content.config_digest}
    if cached != used:
        store.save_documents({key: documents[key] for key in used if key in documents})


def _entries(site: Site) -> list[Entry[Any]]:
    content = site.content
    return [content.home, *content.roles.values(), *content.jobs, *content.pages]


def render_in_memory(
    project: Project, site: Site, problems: list[SiteError] | None = None
) -> tuple[tuple[Page[Any], ...], dict[str, bytes]]:
    """Every output of ``site`` as bytes, checked and rendered as a build would.

    With ``problems`` (for ``check``) errors are added to it and rendering goes on,
    so that links can still be checked; without, they raise ``BuildFailed``.
    """
    pages = build_pages(site)
    outputs = site_outputs(site, pages, static_assets(project), published_admin(project))
    errors: list[SiteError] = []
    try:
        check_outputs(project, site, pages, outputs)
    except BuildFailed as exc:
        if problems is None:
            raise
        errors.extend(exc.errors)
    renderer = renderer_for(render_context(project, site))
    files: dict[str, bytes] = {}
    for output in outputs:
        try:
            files[output.path] = produce(output, renderer)
        except SiteError as exc:
            errors.append(exc)
    if errors and problems is None:
        raise BuildFailed(errors)
    if problems is not None:
        problems.extend(errors)
    return pages, files
