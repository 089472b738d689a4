"""The search stage: index the pages the page graph marks, a shard at a time.

Each shard is keyed by the keys of the pages it reads; an unchanged shard is carried
over by hard link (or from the cache), so an edit re-runs Pagefind over one shard.
Changed shards are indexed in parallel, one Pagefind process per core. The dev server
updates its served folder in place and re-indexes after the reload, in the
background (``index_pending``).
"""

from __future__ import annotations

import logging
import resource
import threading
import time
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from .cache import Manifest, Store, fingerprint
from .pagefind_run import Run, Stopped, binary_identity, run_pagefind
from .produce import Produced, Target
from .search import FOLDER, file_shard, searchable, shard_count, shard_folder, shard_of
from .views import Page
from .write import LiveFolder, environment_error

log = logging.getLogger("mltl_site.pipeline")

# Files that name the others: in a live update they are replaced last.
_ENTRY = frozenset({"pagefind-entry.json", "pagefind.js"})


class Folder(Target, Protocol):
    """Where a build writes, the staging folder or the served one, with its path."""

    @property
    def root(self) -> Path: ...


@dataclass(frozen=True)
class IndexJob:
    """One shard: the pages it indexes (output paths), where it goes, and its key."""

    key: str
    shard: int
    pages: tuple[str, ...]

    @property
    def folder(self) -> str:
        return shard_folder(self.shard)

    def run(self, root: Path, stop: threading.Event | None = None) -> dict[str, bytes]:
        return run_pagefind(root, self.pages, stop, self.folder, runtime=self.shard == 0)


def plan_index(produced: Sequence[Produced], pages: Iterable[Page[Any]]) -> list[IndexJob]:
    """The shards, each keyed by the keys of its pages, their count and the binary."""
    wanted = set(searchable(pages))
    keys = sorted((r.path, r.key) for r in produced if r.path in wanted)
    count = shard_count([path for path, _ in keys])
    members: list[list[tuple[str, str]]] = [[] for _ in range(count)]
    for path, key in keys:
        members[shard_of(path, count)].append((path, key))
    identity = binary_identity()
    return [
        IndexJob(
            fingerprint("pagefind", identity, count, shard, items),
            shard,
            tuple(path for path, _ in items),
        )
        for shard, items in enumerate(members)
        if items
    ]


def file_key(index_key: str, path: str) -> str:
    return fingerprint("pagefind-file", index_key, path)


@contextmanager
def start_index(
    target: Folder,
    produced: Sequence[Produced],
    pages: Iterable[Page[Any]],
    out_dir: Path,
    manifest: Manifest,
    store: Store | None,
    notes: list[str] | None = None,
    jobs: int = 1,
) -> Iterator[Indexing]:
    """Start indexing the searchable pages in ``target``; ``finish()`` gives the files.

    Unchanged shards are carried over from ``out_dir`` (or the cache) at once and
    Pagefind is started over the others, so the caller can do other work meanwhile;
    leaving the block stops any Pagefind still running. The dev server's folder keeps
    its index until ``index_pending`` replaces it.
    """
    indexing = Indexing(target, store, notes if notes is not None else [], max(1, jobs))
    plan = plan_index(produced, pages)
    indexing.total, indexing.shards = sum(len(job.pages) for job in plan), len(plan)
    if isinstance(target, LiveFolder):
        indexing.live = True
        indexing.made = _live_plan(target, plan, indexing.notes)
        yield indexing
        return
    previous: dict[int, list[str]] = {}
    for path in sorted(manifest.files):
        if path.startswith(FOLDER):
            previous.setdefault(file_shard(path), []).append(path)
    for job in plan:
        carried = _carry_over(target, job, previous.get(job.shard, []), manifest, out_dir, store)
        if carried is None:
            indexing.todo.append(job)
        else:
            indexing.made.extend(carried)
    try:
        indexing.start_more()
        yield indexing
    finally:
        for run in indexing.running:
            run.cancel()


@dataclass
class Indexing:
    """Shards being indexed, at most ``jobs`` Pagefind processes at a time."""

    target: Folder
    store: Store | None
    notes: list[str]
    jobs: int
    total: int = 0  # searchable pages
    shards: int = 0
    live: bool = False
    made: list[Produced] = field(default_factory=list)
    todo: list[IndexJob] = field(default_factory=list)
    running: list[Run] = field(default_factory=list)
    launched: int = 0  # how many of ``todo`` have been started
    bundles: list[dict[str, bytes]] = field(default_factory=list)
    started: float = field(default_factory=time.perf_counter)
    cpu: float = field(default_factory=lambda: _cpu_seconds())

    def start_more(self) -> None:
        """Start the next shards in order, up to ``jobs`` at once."""
        while len(self.running) < self.jobs and self.launched < len(self.todo):
            job = self.todo[self.launched]
            self.running.append(Run(self.target.root, job.pages, job.folder, job.shard == 0))
            self.launched += 1

    def finish(self) -> list[Produced]:
        """Every file of the index in the target, once the last Pagefind is done."""
        while self.running:
            self.bundles.append(self.running[0].finish())
            self.running.pop(0)
            self.start_more()
        for job, files in zip(self.todo, self.bundles, strict=True):
            for path, data in files.items():
                key = file_key(job.key, path)
                if self.store is not None:
                    self.store.put(key, data)
                written = self.target.write(path, data)
                self.made.append(Produced(path, key, "rendered", _stat(written)))
        if not self.live:
            self.notes.append(self._summary())
        return self.made

    def _summary(self) -> str:
        if not self.todo:
            return f"search index of {self.total} pages unchanged"
        seconds, cpu = time.perf_counter() - self.started, _cpu_seconds() - self.cpu
        remade = sum(len(job.pages) for job in self.todo)
        shards = (
            f" in {self.shards} shards, {len(self.todo)} remade ({remade} pages),"
            if self.shards > 1
            else ""
        )
        made = f"made in {seconds:.3f} s, {cpu:.3f} s CPU"
        return f"search index of {self.total} pages{shards} {made}"


def _carry_over(
    target: Folder,
    job: IndexJob,
    previous: Sequence[str],
    manifest: Manifest,
    out_dir: Path,
    store: Store | None,
) -> list[Produced] | None:
    """The previous build's files of this shard, if it indexed the same pages; else None."""
    if not previous or any(manifest.files[p][0] != file_key(job.key, p) for p in previous):
        return None
    # Find every file before writing any, so a miss leaves nothing half carried over.
    sources: list[tuple[str, Path | bytes]] = []
    for path in previous:
        key = manifest.files[path][0]
        source: Path | bytes | None = manifest.reusable(out_dir, path, key)
        if source is None and store is not None:
            source = store.get(key)
        if source is None:
            return None
        sources.append((path, source))
    carried = []
    for path, source in sources:
        key = manifest.files[path][0]
        linked = target.link(path, source) if isinstance(source, Path) else None
        if linked is not None:
            carried.append(Produced(path, key, "linked", _stat(linked)))
            continue
        data = source if isinstance(source, bytes) else source.read_bytes()
        carried.append(Produced(path, key, "cached", _stat(target.write(path, data))))
    return carried


def _cpu_seconds() -> float:
    """CPU time of this process and of the children it waited for (Pagefind)."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def _stat(path: Path) -> tuple[int, int, int]:
    info = path.stat()
    return (info.st_size, info.st_mtime_ns, info.st_ino)


# --- the dev server: index after the reload --------------------------------------------


@dataclass
class _Live:
    keys: dict[int, str] = field(default_factory=dict)  # each shard's key in the folder now
    pending: list[IndexJob] | None = None  # the whole plan, while a shard is stale
    lock: threading.Lock = field(default_factory=threading.Lock)


_LIVE: dict[Path, _Live] = {}


def _live_plan(target: Folder, plan: list[IndexJob], notes: list[str]) -> list[Produced]:
    """Keep the served index as it is; if a shard's pages changed, leave the plan for later."""
    state = _LIVE.setdefault(target.root, _Live())
    wanted = {job.shard: job.key for job in plan}
    with state.lock:
        fresh = {shard for shard, key in wanted.items() if state.keys.get(shard) == key}
        stale = len(fresh) < len(wanted) or any(s not in wanted for s in state.keys)
        state.pending = plan if stale else None
    notes.append("search index after the reload" if stale else "search index unchanged")
    # A stale file gets no key, so nothing takes it for part of an index it is not.
    produced = []
    for path in _present(target.root):
        shard = file_shard(path)
        key = file_key(wanted[shard], path) if shard in fresh else ""
        produced.append(Produced(path, key, "linked", _stat(target.root / path)))
    return produced


def index_pending(out_dir: Path, stop: threading.Event | None = None) -> bool:
    """Re-index the stale shards of the dev server's folder, if any; True if it did.

    Setting ``stop`` (another save came in) ends Pagefind at once and keeps the plan
    for after the next build, so indexing never holds up a rebuild.
    """
    root = out_dir.absolute()
    state = _LIVE.get(root)
    if state is None:
        return False
    with state.lock:
        plan, state.pending = state.pending, None
    if plan is None:
        return False
    folder = LiveFolder(root)
    for job in plan:
        if state.keys.get(job.shard) == job.key:
            continue
        try:
            files = job.run(root, stop)
        except Stopped:
            with state.lock:
                state.pending = state.pending or plan
            return False
        _replace_shard(folder, job.shard, files)
        with state.lock:
            state.keys[job.shard] = job.key
    wanted = {job.shard for job in plan}
    _remove(root, [p for p in _present(root) if file_shard(p) not in wanted])
    with state.lock:
        state.keys = {shard: key for shard, key in state.keys.items() if shard in wanted}
    return True


def _replace_shard(folder: LiveFolder, shard: int, files: dict[str, bytes]) -> None:
    """New fragments first, the files naming them last, then what nothing names any more."""
    try:
        for path in sorted(files, key=lambda p: (p.rsplit("/", 1)[-1] in _ENTRY, p)):
            folder.write(path, files[path])
    except OSError as exc:
        raise environment_error(exc, folder.root / FOLDER) from None
    present = _present(folder.root)
    _remove(folder.root, [p for p in present if file_shard(p) == shard and p not in files])


def _remove(root: Path, paths: Iterable[str]) -> None:
    try:
        for path in paths:
            (root / path).unlink(missing_ok=True)
    except OSError as exc:
        raise environment_error(exc, root / FOLDER) from None


def forget_live(out_dir: Path) -> None:
    """The dev server stopped: drop what was kept about its folder."""
    _LIVE.pop(out_dir.absolute(), None)


def _present(root: Path) -> list[str]:
    folder = root / FOLDER
    if not folder.is_dir():
        return []
    return sorted(p.relative_to(root).as_posix() for p in folder.rglob("*") if p.is_file())
