"""The stages of a build after the fingerprint, and producing one output in a worker.

``build_all`` reads as the list of steps; each step is one call into the module
that does that job.
"""

from __future__ import annotations

import logging
import os
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .cache import Manifest, Store, content_digest
from .cms import published_admin
from .config import BuildOptions, Project
from .content import Entry, load_content
from .crossref import check_job_postings
from .errors import BuildFailed, OutputError, SiteError
from .listings import Status
from .outputs.table import Output, produce, site_outputs
from .pages import build_pages
from .parallel import default_jobs
from .pipeline import BuildResult, Progress, Steps
from .produce import manifest_files, produce_all
from .render import RenderContext, renderer_for
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
    with steps.step("layout") as notes:
        pages = build_pages(site)
        outputs = site_outputs(site, pages, static_assets(project), published_admin(project))
        notes.append(f"{len(pages)} pages, {len(outputs)} files")
    with steps.step("check"):
        check_outputs(project, site, pages, outputs)
    context = render_context(project, site)
    with steps.step("render") as notes:
        target = LiveFolder(out_dir) if plan.live else Staging(out_dir)
        try:
            results = produce_all(
                outputs, context, target, manifest, out_dir, store, jobs, progress
            )
        except BaseException:
            target.abort()
            raise
        rendered = tuple(r.path for r in results if r.how == "rendered")
        notes.append(f"{len(rendered)} rendered, {len(results) - len(rendered)} reused")
        for path in rendered[:50]:
            log.debug("rendered /%s", path)
        if len(rendered) > 50:
            log.debug("rendered %d more", len(rendered) - 50)
    with steps.step("write"):
        target.commit([r.path for r in results], manifest.files)
        if store is not None:
            store.save_manifest(out_dir, Manifest(plan.fingerprint, manifest_files(results)))
            if documents is not None and plan.documents is None:
                save_documents(store, documents, cached, site)
            store.prune(r.key for r in results)
    return BuildResult(
        out_dir=out_dir,
        pages=len(pages),
        files=len(outputs),
        seconds=time.perf_counter() - started,
        warnings=site.content.warnings,
        expired=tuple(item for item in site.listings if item.status is Status.EXPIRED),
        expiring=tuple(item for item in site.listings if item.expiring_soon),
        rendered=rendered,
        reused=len(results) - len(rendered),
        steps=tuple(steps.done),
        site=site,
        context=context,
    )


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
    project: Project, site: Site
) -> tuple[tuple[Page[Any], ...], dict[str, bytes]]:
    """Every output of ``site`` as bytes, checked and rendered as a build would."""
    pages = build_pages(site)
    outputs = site_outputs(site, pages, static_assets(project), published_admin(project))
    check_outputs(project, site, pages, outputs)
    renderer = renderer_for(render_context(project, site))
    files: dict[str, bytes] = {}
    errors: list[SiteError] = []
    for output in outputs:
        try:
            files[output.path] = produce(output, renderer)
        except SiteError as exc:
            errors.append(exc)
    if errors:
        raise BuildFailed(errors)
    return pages, files
