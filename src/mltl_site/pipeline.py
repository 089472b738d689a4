"""The build, one timed step per line: fingerprint, load, lay out, check, render, write.

A build whose inputs did not change stops at the fingerprint, before the heavy
modules (pydantic, Jinja, Markdown) are imported. Otherwise every output is
keyed by its inputs; an output whose key the previous build also had is carried
over, by hard link or from the cache, and only the rest are rendered, in worker
processes that write straight into the staging folder.
"""

from __future__ import annotations

import gc
import logging
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .cache import Manifest, Store, inputs_fingerprint
from .config import BuildOptions, Project
from .errors import BuildFailed, ContentWarning, OutputError, SiteError
from .write import MARKER

if TYPE_CHECKING:
    from .listings import Listing
    from .render import RenderContext
    from .site import Site
    from .views import Page

log = logging.getLogger(__name__)
Progress = Callable[[str, int, int], None]


@dataclass(frozen=True)
class BuildResult:
    """What a build did, for the one-line summary."""

    out_dir: Path | None
    pages: int
    files: int
    seconds: float
    warnings: tuple[ContentWarning, ...] = ()
    expired: tuple[Listing, ...] = ()
    expiring: tuple[Listing, ...] = ()
    rendered: tuple[str, ...] = ()
    reused: int = 0
    unchanged: bool = False
    steps: tuple[tuple[str, float], ...] = ()
    # The site and render context of the build, for the dev server's quick previews.
    site: Site | None = field(default=None, repr=False, compare=False)
    context: RenderContext | None = field(default=None, repr=False, compare=False)


@dataclass
class Steps:
    """Times each step and logs it as ``step NAME: SECONDS s (what it did)``."""

    done: list[tuple[str, float]] = field(default_factory=list)

    @contextmanager
    def step(self, name: str) -> Iterator[list[str]]:
        started = time.perf_counter()
        notes: list[str] = []
        yield notes
        seconds = time.perf_counter() - started
        self.done.append((name, seconds))
        if log.isEnabledFor(logging.DEBUG) and (peak := _peak_rss_mib()) is not None:
            notes.append(f"peak RSS so far {peak:.0f} MiB")
        detail = f" ({'; '.join(notes)})" if notes else ""
        log.debug("step %s: %.3f s%s", name, seconds, detail)


def _peak_rss_mib() -> float | None:
    """This process's peak resident memory (workers and Pagefind are other processes)."""
    try:
        import resource
    except ImportError:  # Windows
        return None
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (1024 * 1024 if sys.platform == "darwin" else 1024)  # bytes there, KiB here


def build(
    project: Project,
    out_dir: Path,
    options: BuildOptions,
    *,
    progress: Progress | None = None,
    live: bool = False,
    documents: dict[str, Any] | None = None,
) -> BuildResult:
    """Build ``project`` into ``out_dir``; on any error raise ``BuildFailed`` and write nothing.

    ``live`` updates ``out_dir`` in place instead of swapping in a new folder (the
    dev server); ``documents`` keeps parsed documents in memory between builds.
    """
    started = time.perf_counter()
    steps = Steps()
    _refuse_out_dir(project, out_dir)
    store = Store.open(options.cache_dir) if options.cache_dir is not None else None
    with steps.step("fingerprint") as notes:
        fingerprint = inputs_fingerprint(
            (project.content, project.templates, project.static, project.admin), options.facts()
        )
        manifest = store.manifest(out_dir) if store is not None else Manifest("", {})
        if (
            manifest.fingerprint == fingerprint
            and (out_dir / MARKER).is_file()
            and manifest.intact(out_dir)
        ):
            notes.append("no input changed; nothing to do")
            pages = sum(1 for path in manifest.files if path.endswith(".html"))
            return BuildResult(
                out_dir, pages, len(manifest.files), time.perf_counter() - started,
                unchanged=True, reused=len(manifest.files), steps=tuple(steps.done),
            )  # fmt: skip
        notes.append(
            "inputs changed since the last build" if manifest.fingerprint else "no earlier build"
        )
    from . import stages  # the heavy part: pydantic, Jinja and Markdown load here

    with fewer_collections():
        return stages.build_all(
            project, out_dir, options, stages.Plan(store, manifest, fingerprint, live, documents),
            steps, started, progress,
        )  # fmt: skip


@contextmanager
def fewer_collections() -> Iterator[None]:
    """Run the cyclic garbage collector rarely while building.

    A build makes millions of objects that live to its end and little cyclic garbage,
    and the default thresholds scan the survivors again and again: at 10,000 listings
    that was half of the page graph's 6 s, and the peak memory is the same without it.
    """
    before = gc.get_threshold()
    gc.set_threshold(100_000, 50, 100)
    try:
        yield
    finally:
        gc.set_threshold(*before)


@contextmanager
def no_collections() -> Iterator[None]:
    """Pause the cyclic garbage collector, for a step that makes only long-lived objects.

    Laying out the page graph leaves almost no cyclic garbage (a dozen objects at
    30,000 listings) and young-generation collections still cost it a fifth of its
    time: 17.3 s against 13.2 s at 100,000 listings. Rendering is not paused: its
    workers make a page's worth of garbage at a time.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def load_site(project: Project, options: BuildOptions) -> Site:
    """Read and validate all content and make the site for the build date."""
    from . import stages

    return stages.load_site(project, options)


def render_site(
    project: Project, site: Site, problems: list[SiteError] | None = None
) -> tuple[tuple[Page[Any], ...], dict[str, bytes]]:
    """Every output file of ``site`` in memory, checked like a build: for ``check`` and tests.

    With ``problems`` errors are collected there instead of raised.
    """
    from . import stages

    return stages.render_in_memory(project, site, problems)


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


__all__ = ["BuildResult", "SiteError", "Steps", "build", "load_site", "render_site"]
