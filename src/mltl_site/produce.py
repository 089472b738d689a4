"""Producing the outputs of a build into its target folder, in two passes.

First every output's key is worked out and matched against the previous output
folder and the cache: a match is carried over (hard link or verified copy).
Then only the outputs that are left are rendered, spread over worker processes
when there are enough of them to be worth it. Workers write straight into the
target, so the site is never held in memory whole.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any, Protocol

from .cache import Manifest, Store, fingerprint
from .errors import BuildFailed, OutputError, SiteError
from .outputs.table import PIECEWISE, Output, produce
from .parallel import forks, map_chunks
from .render import RenderContext, renderer_for
from .write import environment_error

log = logging.getLogger("mltl_site.pipeline")
# Below this many outputs in a pass, worker processes cost more than they save.
PARALLEL_FROM = 200


class Target(Protocol):
    """Where outputs go: a staging folder (builds) or the served folder (dev server)."""

    def write(self, relative: str, data: bytes) -> Path: ...

    def link(self, relative: str, existing: Path) -> Path | None: ...


@dataclass(frozen=True)
class Produced:
    """How one output got into the target, and the state of its file there."""

    path: str
    key: str
    how: str  # "linked", "cached", "rendered", or "" while it still has to be rendered
    stat: tuple[int, int, int] = (0, 0, 0)  # size, mtime_ns, inode
    error: SiteError | None = None


@dataclass(frozen=True)
class Job:
    """What every pass needs, as one value that reaches worker processes."""

    context: RenderContext
    context_digest: str
    target: Target
    manifest: Manifest
    out_dir: Path
    store: Store | None


def context_fields(context: RenderContext) -> tuple[object, ...]:
    """What every output depends on: the site's settings, address, date and assets."""
    return (context.base_url, context.config, context.build_date, dict(context.assets))


def produce_all(
    outputs: list[Output],
    context: RenderContext,
    target: Target,
    manifest: Manifest,
    out_dir: Path,
    store: Store | None,
    jobs: int,
    progress: Callable[[str, int, int], None] | None = None,
) -> list[Produced]:
    """Every output carried over or rendered into ``target``; errors raise ``BuildFailed``."""
    job = Job(context, fingerprint(*context_fields(context)), target, manifest, out_dir, store)

    def report(stage: str, total: int) -> Callable[[int], None] | None:
        return (lambda done: progress(stage, done, total)) if progress else None

    # Working out keys is cheap next to pickling every page for a worker that is not
    # a fork (the dev server has threads): 12 s against 2 s at 10,000 listings.
    workers = jobs if len(outputs) >= PARALLEL_FROM and forks() else 1
    # Forked workers render what they cannot carry over at once: a listing page's view
    # is made to key it, and would otherwise be made again to render it. Serially the
    # views are made here once and kept for the render pass, whose workers, if they are
    # not forks, are sent pages with their views.
    eager = workers > 1
    ready = outputs if eager else [output.ready() for output in outputs]
    planned = map_chunks(partial(carry_over, job, eager), ready, workers,
                         progress=report("render" if eager else "check", len(ready)))  # fmt: skip
    todo = [(o.ready(), p.key) for o, p in zip(ready, planned, strict=True)
            if not p.how and not p.error]  # fmt: skip
    workers = jobs if len(todo) >= PARALLEL_FROM else 1
    made = iter(map_chunks(partial(render_one, job), todo, workers,
                           progress=report("render", len(todo))))  # fmt: skip
    results = [next(made) if not p.how and not p.error else p for p in planned]
    _raise_errors(results)
    return results


def _raise_errors(results: list[Produced]) -> None:
    errors = [r.error for r in results if r.error is not None]
    # A full disk fails every file after the first; one line says it.
    faults = [e for e in errors if isinstance(e, OutputError)]
    if faults:
        raise BuildFailed(faults[:1])
    if errors:
        raise BuildFailed(errors)


def carry_over(job: Job, eager: bool, output: Output) -> Produced:
    """``output``'s key, and the output itself when the last build or the cache has it;
    ``eager`` renders it here when neither has."""
    try:
        output = output.ready()
        key = output.key(renderer_for(job.context), job.context_digest)
        previous = job.manifest.reusable(job.out_dir, output.path, key)
        target = job.target.link(output.path, previous) if previous is not None else None
        how = "linked"
        if target is None:
            data = job.store.get(key) if job.store is not None else None
            if data is None:
                return render_one(job, (output, key)) if eager else Produced(output.path, key, "")
            target = job.target.write(output.path, data)
            how = "cached"
        return Produced(output.path, key, how, _stat(target))
    except SiteError as exc:
        return Produced(output.path, "", "failed", error=exc)
    except OSError as exc:
        return Produced(
            output.path, "", "failed", error=environment_error(exc, job.out_dir / output.path)
        )


def render_one(job: Job, item: tuple[Output, str]) -> Produced:
    """Render one output into the target and keep it in the cache."""
    output, key = item
    try:
        data = _produce(job, output, key)
        if job.store is not None:
            job.store.put(key, data)
        target = job.target.write(output.path, data)
        return Produced(output.path, key, "rendered", _stat(target))
    except SiteError as exc:
        return Produced(output.path, key, "failed", error=exc)
    except OSError as exc:
        return Produced(
            output.path, key, "failed", error=environment_error(exc, job.out_dir / output.path)
        )


def _produce(job: Job, output: Output, key: str) -> bytes:
    """``output``'s bytes; an export of every listing reuses the cached pieces it can."""
    renderer = renderer_for(job.context)
    if output.kind not in PIECEWISE or job.store is None:
        return produce(output, renderer)
    pieces = job.store.pieces(output.kind, job.context_digest)
    data = produce(output, renderer, pieces)
    log.debug("%s: %d of %d pieces made", output.path, pieces.made, len(pieces.used))
    job.store.save_pieces(output.kind, key, data, pieces)
    return data


def _stat(path: Path) -> tuple[int, int, int]:
    info = path.stat()
    return (info.st_size, info.st_mtime_ns, info.st_ino)


def manifest_files(results: list[Produced]) -> dict[str, list[Any]]:
    return {r.path: [r.key, *r.stat] for r in results}
