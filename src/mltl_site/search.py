"""Site search: what the index records of each page, and the Pagefind index stage.

The page graph decides what is searchable: a page whose head carries
``SearchTags`` (open listings, role guides, published free pages) and is
indexable. After the pages are rendered, Pagefind (the binary shipped in the
``pagefind_bin`` wheel, so nothing is downloaded) indexes exactly those pages and
writes ``pagefind/`` beside them. The index is keyed by the keys of the pages it
reads; when none changed, the previous ``pagefind/`` is carried over by hard link.
The dev server updates its served folder in place and re-indexes after the
reload, in the background (``index_pending``).
"""

from __future__ import annotations

import logging
import os
import resource
import shutil
import subprocess
import tempfile
import threading
import time
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from .cache import Manifest, Store, fingerprint
from .content import FreePage, Role
from .errors import SiteError
from .facets import facet_values
from .formatting import label, long_date
from .listings import Listing
from .produce import Produced
from .search_order import in_order
from .site import Site
from .urls import is_safe_relative, output_file
from .views import Page, SearchTags
from .write import LiveFolder, environment_error

log = logging.getLogger("mltl_site.pipeline")

FOLDER = "pagefind/"
# The filters the search page offers, in its order, with their headings.
FILTERS: tuple[tuple[str, str], ...] = (
    ("type", "Show"),
    ("workplace", "Workplace"),
    ("seniority", "Seniority"),
    ("employment", "Employment"),
    ("country", "Country"),
    ("city", "City"),
    ("skill", "Skill"),
    ("role", "Role"),
    ("company", "Company"),
    ("currency", "Pay currency"),
)
_FACETS = ("workplace", "seniority", "country", "city", "skill", "role", "company")
# Pagefind's own search UIs: the site draws its own (static/js/search.js), so they
# are not published.
_UNUSED = frozenset(
    f"{FOLDER}{name}"
    for name in (
        "pagefind-ui.js",
        "pagefind-ui.css",
        "pagefind-modular-ui.js",
        "pagefind-modular-ui.css",
        "pagefind-component-ui.js",
        "pagefind-component-ui.css",
        "pagefind-highlight.js",
    )
)
# Files that name the others: in a live update they are replaced last.
_ENTRY = frozenset({f"{FOLDER}pagefind-entry.json", f"{FOLDER}pagefind.js"})


# --- what the index records of a page ------------------------------------------------


def facet_labels(site: Site) -> dict[tuple[str, str], str]:
    """``(dimension, slug)`` → the facet's label, so one skill is one filter value."""
    return {(f.dimension, f.slug): f.label for facets in site.facets.values() for f in facets}


def listing_tags(
    listing: Listing, roles: Mapping[str, Role], labels: Mapping[tuple[str, str], str]
) -> SearchTags:
    """An open listing: shown with its company, place, pay and date; every facet filters."""
    meta = listing.job.meta
    posted = meta.date_posted.isoformat()
    shown = (
        ("title", meta.title),
        ("kind", "Job"),
        ("company", meta.company.name),
        ("location", listing.location_label),
        ("pay", listing.salary_label)
        if listing.salary_label
        else ("pay_note", "Salary not stated"),
        ("posted", long_date(meta.date_posted)),
        ("posted_iso", posted),
    )
    values = facet_values(listing, roles)
    filters = [("type", "Jobs")]
    for dimension in _FACETS:
        if dimension == "country":  # after the kind of job, before the places
            filters.append(("employment", label(meta.employment_type)))
        for slug, text in dict.fromkeys(values[dimension]):
            filters.append((dimension, labels.get((dimension, slug), text)))
    sorts = [("posted", posted)]
    annual = listing.annual_salary
    if meta.salary is not None and annual is not None:
        filters.append(("currency", meta.salary.currency))
        # One sort key per currency: pay is compared within a currency, never converted.
        sorts.append((pay_sort(meta.salary.currency), str(round(annual[1]))))
    return SearchTags(shown, tuple(filters), tuple(sorts))


def pay_sort(currency: str) -> str:
    """The sort key of yearly pay (the top of the range) in one currency."""
    return f"pay-{currency.lower()}"


def role_tags(role: Role) -> SearchTags:
    return SearchTags(
        (("title", role.meta.title), ("kind", "Role guide")),
        (("type", "Role guides"), ("role", role.meta.title)),
    )


def page_tags(page: FreePage) -> SearchTags:
    return SearchTags((("title", page.meta.title), ("kind", "Page")), (("type", "Pages"),))


# --- the index stage -------------------------------------------------------------------


class Folder(Protocol):
    """Where a build writes: the staging folder or the dev server's served folder."""

    @property
    def root(self) -> Path: ...

    def write(self, relative: str, data: bytes) -> Path: ...

    def link(self, relative: str, existing: Path) -> Path | None: ...


@dataclass(frozen=True)
class IndexJob:
    """The pages to index (output paths) and the key of the index they make."""

    key: str
    pages: tuple[str, ...]


def searchable(pages: Iterable[Page[Any]]) -> set[str]:
    """Output paths of the pages the page graph marks for search; never a noindex one."""
    return {output_file(page.url) for page in pages if page.head.search and page.head.indexable}


def plan_index(produced: Sequence[Produced], pages: Iterable[Page[Any]]) -> IndexJob:
    """The index's key: the keys of the pages it reads, and the binary that reads them."""
    wanted = searchable(pages)
    keys = sorted((r.path, r.key) for r in produced if r.path in wanted)
    return IndexJob(fingerprint("pagefind", binary_identity(), keys), tuple(p for p, _ in keys))


def file_key(index_key: str, path: str) -> str:
    return fingerprint("pagefind-file", index_key, path)


def index_site(
    target: Folder,
    produced: Sequence[Produced],
    pages: Iterable[Page[Any]],
    out_dir: Path,
    manifest: Manifest,
    store: Store | None,
    notes: list[str] | None = None,
) -> list[Produced]:
    """Index the searchable pages in ``target`` into ``pagefind/``; the files it holds.

    An unchanged index is carried over from ``out_dir`` (or the cache); the dev
    server's folder keeps its index until ``index_pending`` replaces it.
    """
    started, cpu = time.perf_counter(), _cpu_seconds()
    job = plan_index(produced, pages)
    notes = notes if notes is not None else []
    if isinstance(target, LiveFolder):
        return _live_plan(target, job, notes)
    carried = _carry_over(target, job, manifest, out_dir, store)
    if carried is not None:
        notes.append(f"search index of {len(job.pages)} pages unchanged")
        return carried
    made = []
    for path, data in run_pagefind(target.root, job.pages).items():
        key = file_key(job.key, path)
        if store is not None:
            store.put(key, data)
        made.append(Produced(path, key, "rendered", _stat(target.write(path, data))))
    seconds, cpu = time.perf_counter() - started, _cpu_seconds() - cpu
    notes.append(f"search index of {len(job.pages)} pages made in {seconds:.3f} s, {cpu:.3f} s CPU")
    return made


def _carry_over(
    target: Folder, job: IndexJob, manifest: Manifest, out_dir: Path, store: Store | None
) -> list[Produced] | None:
    """The previous build's index files, if it indexed the same pages; else None."""
    previous = sorted(p for p in manifest.files if p.startswith(FOLDER))
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
    key: str = ""  # the key of the index in the folder now
    pending: IndexJob | None = None
    lock: threading.Lock = field(default_factory=threading.Lock)


_LIVE: dict[Path, _Live] = {}


def _live_plan(target: Folder, job: IndexJob, notes: list[str]) -> list[Produced]:
    """Keep the served index as it is; if its pages changed, leave a job for later."""
    state = _LIVE.setdefault(target.root, _Live())
    with state.lock:
        fresh = state.key == job.key
        state.pending = None if fresh else job
    present = _present(target.root)
    notes.append("search index unchanged" if fresh else "search index after the reload")
    # A stale file gets no key, so nothing takes it for part of an index it is not.
    return [
        Produced(
            path, file_key(job.key, path) if fresh else "", "linked", _stat(target.root / path)
        )
        for path in present
    ]


def index_pending(out_dir: Path, stop: threading.Event | None = None) -> bool:
    """Re-index the dev server's folder if its last build left a job; True if it did.

    Setting ``stop`` (another save came in) ends Pagefind at once and keeps the job
    for after the next build, so indexing never holds up a rebuild.
    """
    root = out_dir.absolute()
    state = _LIVE.get(root)
    if state is None:
        return False
    with state.lock:
        job, state.pending = state.pending, None
    if job is None:
        return False
    try:
        files = run_pagefind(root, job.pages, stop)
    except Stopped:
        with state.lock:
            state.pending = state.pending or job
        return False
    folder = LiveFolder(root)
    try:
        # New fragments first, the files naming them last, then what nothing names any more.
        for path in sorted(files, key=lambda p: (p in _ENTRY, p)):
            folder.write(path, files[path])
        for path in _present(root):
            if path not in files:
                (root / path).unlink(missing_ok=True)
    except OSError as exc:
        raise environment_error(exc, root / FOLDER) from None
    with state.lock:
        state.key = job.key
    return True


def forget_live(out_dir: Path) -> None:
    """The dev server stopped: drop what was kept about its folder."""
    _LIVE.pop(out_dir.absolute(), None)


def _present(root: Path) -> list[str]:
    folder = root / FOLDER
    if not folder.is_dir():
        return []
    return sorted(p.relative_to(root).as_posix() for p in folder.rglob("*") if p.is_file())


# --- running Pagefind ------------------------------------------------------------------


def binary() -> Path:
    """The Pagefind binary from the ``pagefind`` package's wheels (or PAGEFIND_BINARY_PATH)."""
    try:
        from pagefind.service import get_executable
    except ImportError:
        found = None
    else:
        found = get_executable()
    if found is None or not found.is_file():
        raise SiteError(
            "search: the Pagefind binary is missing; install it with pip install 'pagefind[bin]'"
        )
    return found


def binary_identity() -> str:
    path = binary()
    info = path.stat()
    return f"{path}|{info.st_size}|{info.st_mtime_ns}"


class Stopped(Exception):
    """Indexing was stopped before Pagefind finished."""


def run_pagefind(
    root: Path, pages: Sequence[str], stop: threading.Event | None = None
) -> dict[str, bytes]:
    """Index ``pages`` (paths below ``root``) with Pagefind; the bundle's files by site path.

    Pagefind reads a folder holding only those pages, linked from ``root``, so what
    is indexed is what the page graph says, whatever else the site holds.
    """
    if not pages:
        return {}
    exe = binary()
    # No pagefind.yml of the project's or PAGEFIND_* variable changes the index.
    env = {k: v for k, v in os.environ.items() if not k.startswith("PAGEFIND_")}
    try:
        with tempfile.TemporaryDirectory(prefix=".mltl-search-", dir=root.parent) as work:
            site, out = Path(work) / "site", Path(work) / "out"
            for page in pages:
                _link_or_copy(root / page, site / page)
            code, said = _run(
                [str(exe), "--site", str(site), "--output-path", str(out)], work, env, stop
            )
            if code != 0:
                lines = [line for line in said.splitlines() if line.strip()]
                reason = lines[-1] if lines else f"exit status {code}"
                raise SiteError(f"search: Pagefind could not index the site: {reason}")
            files = {
                FOLDER + p.relative_to(out).as_posix(): p.read_bytes()
                for p in sorted(out.rglob("*"))
                if p.is_file()
            }
    except OSError as exc:
        raise environment_error(exc, root / FOLDER) from None
    unsafe = sorted(path for path in files if not is_safe_relative(path))
    if unsafe:
        raise SiteError(f"search: Pagefind wrote a file with an unsafe name: {unsafe[0]!r}")
    return in_order({path: data for path, data in files.items() if path not in _UNUSED})


def _run(
    command: list[str], cwd: str, env: dict[str, str], stop: threading.Event | None
) -> tuple[int, str]:
    """Run ``command``; its exit status and what it printed. ``stop`` set: kill it, ``Stopped``."""
    with subprocess.Popen(
        command, cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    ) as process:
        while True:
            if stop is not None and stop.is_set():
                process.kill()
                process.communicate()
                raise Stopped
            try:
                said, _ = process.communicate(timeout=None if stop is None else 0.05)
            except subprocess.TimeoutExpired:
                continue
            return process.returncode, said


def _link_or_copy(source: Path, target: Path) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        os.link(source, target)
    except OSError:
        shutil.copyfile(source, target)
