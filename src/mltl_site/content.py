"""Loading a whole ``content/`` folder into one ``Content`` value.

Every file is read and checked before anything is built, and every problem in
every file is collected, so an editor sees all of them in one run. A document is
parsed from the exact bytes that were hashed; its ``Entry`` is a pure function of
them, which is what lets a cache keyed by that hash stand in for parsing, and lets
documents be parsed in worker processes.
"""

from __future__ import annotations

import hashlib
import logging
import os
from collections.abc import Callable, Iterable, Mapping, MutableMapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Generic, TypeVar

from pydantic import BaseModel

from . import crossref, markdown
from .config import Project
from .errors import BuildFailed, ContentError, ContentWarning, SiteError
from .loader import (
    Document,
    decode,
    parse_front_matter,
    parse_yaml_document,
    parse_yaml_listing,
    read_bytes,
)
from .logos import FOLDER as LOGO_FOLDER
from .logos import Logo, check_logo, logo_name_problem, orphan_logos
from .markdown import Prose
from .models import HomePage, JobMeta, PageMeta, RoleMeta, SalaryData, SiteConfig, _slug
from .models.types import WINDOWS_RESERVED
from .parallel import map_chunks
from .placeholders import placeholders
from .urls import slugify
from .validate import validate

log = logging.getLogger(__name__)
M = TypeVar("M", bound=BaseModel)
ROLE_FILES = ("role.yaml", "overview.md", "salary.yaml")
# Below this many documents to parse, starting worker processes costs more than it saves.
PARALLEL_FROM = 200


@dataclass(frozen=True)
class Entry(Generic[M]):
    """One validated document: its model, its Markdown body, and where it came from."""

    slug: str
    meta: M
    body: Prose | None
    source: str
    doc: Document = field(repr=False, compare=False)
    digest: str = field(default="", compare=False)


@dataclass(frozen=True)
class Role(Entry[RoleMeta]):
    """A role guide: ``role.yaml``, its ``overview.md`` body and optional ``salary.yaml``."""

    salary: SalaryData | None = None


Job = Entry[JobMeta]
FreePage = Entry[PageMeta]
Home = Entry[HomePage]


@dataclass(frozen=True)
class Content:
    """Everything in ``content/``, validated."""

    config: SiteConfig
    home: Home
    roles: Mapping[str, Role]
    jobs: tuple[Job, ...]
    pages: tuple[FreePage, ...]
    warnings: tuple[ContentWarning, ...] = ()
    config_digest: str = ""
    logos: Mapping[str, Logo] = field(default_factory=dict)  # by company slug


@dataclass(frozen=True)
class Task:
    """One document to load: its kind, slug and files (display path and bytes)."""

    kind: str
    slug: str
    files: tuple[tuple[str, bytes], ...]

    @property
    def key(self) -> str:
        digest = hashlib.blake2b(self.kind.encode(), digest_size=16)
        for display, raw in self.files:
            digest.update(b"\0" + display.encode() + b"\0" + raw)
        return digest.hexdigest()


class _Collector:
    """Keeps errors instead of stopping at the first."""

    def __init__(self) -> None:
        self.errors: list[SiteError] = []

    def error(self, message: str, path: str, line: int = 1, field: str | None = None) -> None:
        self.errors.append(ContentError(message, path=path, line=line, field=field))

    def read(self, path: Path, display: str) -> bytes | None:
        try:
            return read_bytes(path, display)
        except SiteError as exc:
            self.errors.append(exc)
        return None


LoadCache = MutableMapping[str, Entry[Any]]


def load_content(project: Project, *, jobs: int = 1, cache: LoadCache | None = None) -> Content:
    """Read, validate and cross-check ``project.content``, or raise ``BuildFailed``."""
    content, errors = load_content_partly(project, jobs=jobs, cache=cache)
    if errors or content is None:
        raise BuildFailed(errors)
    return content


def load_content_partly(
    project: Project, *, jobs: int = 1, cache: LoadCache | None = None
) -> tuple[Content | None, list[SiteError]]:
    """Every document that is valid, and the errors of all that are not.

    The content is what ``check`` goes on to lay out and link-check, so that one
    run reports everything; it is None when the site cannot be laid out at all (no
    valid site.yaml or home.md, or errors between files such as a slug used twice).
    Listings of a role whose guide is invalid are left out with it.
    """
    root = project.content
    if not root.is_dir():
        error = ContentError(
            "no content folder here; run from the project root or pass --root",
            path=project.display(root),
        )
        return None, [error]
    out = _Collector()
    _refuse_unportable(project, out)
    tasks, role_slugs = _tasks(project, out)
    entries = _parse_all(tasks, out, jobs, cache)
    by_kind: dict[str, list[Entry[Any]]] = {}
    for task in tasks:
        entry = entries.get(task.key)
        if entry is not None:
            by_kind.setdefault(task.kind, []).append(entry)
    config = next(iter(by_kind.get("site", [])), None)
    home = next(iter(by_kind.get("home", [])), None)
    roles: list[Role] = by_kind.get("role", [])  # type: ignore[assignment]
    jobs_: list[Job] = by_kind.get("job", [])
    pages: list[FreePage] = by_kind.get("page", [])
    crossed = crossref.check_content(home, role_slugs, jobs_, pages)
    out.errors += crossed
    logos = _logos(project, out)
    valid_roles = {role.slug for role in roles}
    if crossed or config is None or home is None or home.meta.role not in valid_roles:
        return None, out.errors
    content = Content(
        config=config.meta,
        home=home,
        roles={role.slug: role for role in sorted(roles, key=lambda r: r.slug)},
        jobs=tuple(job for job in jobs_ if job.meta.role in valid_roles),
        pages=tuple(pages),
        config_digest=config.digest,
        warnings=orphan_logos(logos, {slugify(job.meta.company.name) for job in jobs_}),
        logos=logos,
    )
    return content, out.errors


def _parse_all(
    tasks: list[Task], out: _Collector, jobs: int, cache: LoadCache | None
) -> dict[str, Entry[Any]]:
    """Every task's entry by key, from the cache or parsed (in parallel when many)."""
    entries: dict[str, Entry[Any]] = {}
    todo: list[Task] = []
    for task in tasks:
        hit = cache.get(task.key) if cache is not None else None
        if hit is not None:
            entries[task.key] = hit
        else:
            todo.append(task)
    workers = jobs if len(todo) >= PARALLEL_FROM else 1
    for task, result in zip(todo, map_chunks(parse_task, todo, workers), strict=True):
        if isinstance(result, Entry):
            entries[task.key] = result
            if cache is not None:
                cache[task.key] = result
        else:
            out.errors.extend(result)
    log.debug("documents: %d (%d from the cache)", len(tasks), len(tasks) - len(todo))
    return entries


def parse_task(task: Task) -> Entry[Any] | tuple[SiteError, ...]:
    """Parse one document; its errors are returned, not raised, so a batch keeps going."""
    try:
        return _PARSERS[task.kind](task)
    except BuildFailed as exc:
        return exc.errors
    except SiteError as exc:
        return (exc,)


def _text(task: Task, index: int = 0) -> tuple[str, str]:
    display, raw = task.files[index]
    return display, decode(raw, display)


def _digest(task: Task) -> str:
    return task.key


def _parse_site(task: Task) -> Entry[SiteConfig]:
    display, text = _text(task)
    doc = parse_yaml_document(text, display)
    meta = validate(SiteConfig, doc)
    return Entry("site", meta, None, display, doc.located(), _digest(task))


def _parse_home(task: Task) -> Home:
    display, text = _text(task)
    doc = parse_front_matter(text, display)
    errors: list[SiteError] = []
    meta = _attempt(errors, lambda: validate(HomePage, doc))
    body = None
    if not doc.body.strip():
        errors.append(
            ContentError(
                "the introduction below the front matter is empty",
                path=display,
                line=doc.body_line,
                field="body",
            )
        )
    else:
        body = _attempt(errors, lambda: markdown.check(doc.body, path=display, line=doc.body_line))
    if errors or meta is None or body is None:
        raise BuildFailed(errors)
    return Entry("home", meta, body, display, doc.located(), _digest(task))


def _parse_listing(task: Task, model: type[M], untrusted: bool, what: str) -> Entry[M]:
    display, text = _text(task)
    as_yaml = display.endswith(".yaml")
    doc = parse_yaml_listing(text, display) if as_yaml else parse_front_matter(text, display)
    errors: list[SiteError] = []
    meta = _attempt(errors, lambda: validate(model, doc))
    body = None
    if untrusted and not doc.body.strip():
        errors.append(
            ContentError(
                f"the {what} below the front matter is empty",
                path=display,
                line=doc.body_line,
                field="body",
            )
        )
    else:
        body = _attempt(
            errors,
            lambda: markdown.check(doc.body, path=display, line=doc.body_line, untrusted=untrusted),
        )
    if errors or meta is None or body is None:
        raise BuildFailed(errors)
    declared = getattr(meta, "slug", None)
    slug = declared if isinstance(declared, str) else _slug_from_name(task.slug, display)
    return Entry(slug, meta, body, display, doc.located(), _digest(task))


def _parse_job(task: Task) -> Job:
    job = _parse_listing(task, JobMeta, True, "job description")
    if not job.meta.draft and not job.meta.example:
        problems = placeholders(job.meta, _text(task)[1], job.doc, job.source)
        if problems:
            raise BuildFailed(problems)
    return job


def _parse_page(task: Task) -> FreePage:
    return _parse_listing(task, PageMeta, False, "page")


def _parse_role(task: Task) -> Role:
    files = dict(task.files)
    meta_display, overview_display = (
        next(d for d in files if d.endswith("/" + name)) for name in ROLE_FILES[:2]
    )
    errors: list[SiteError] = []
    meta_doc = _attempt(
        errors,
        lambda: parse_yaml_document(decode(files[meta_display], meta_display), meta_display),
    )
    meta = None if meta_doc is None else _attempt(errors, lambda: validate(RoleMeta, meta_doc))
    overview = _attempt(
        errors,
        lambda: markdown.check(
            decode(files[overview_display], overview_display), path=overview_display
        ),
    )
    salary = None
    salary_display = next((d for d in files if d.endswith("/salary.yaml")), None)
    if salary_display is not None:
        salary = _attempt(
            errors,
            lambda: validate(
                SalaryData,
                parse_yaml_document(decode(files[salary_display], salary_display), salary_display),
            ),
        )
    if errors or meta is None or meta_doc is None or overview is None:
        raise BuildFailed(errors)
    return Role(
        task.slug, meta, overview, meta_display, meta_doc.located(), _digest(task), salary=salary
    )


_PARSERS: dict[str, Callable[[Task], Entry[Any]]] = {
    "site": _parse_site,
    "home": _parse_home,
    "role": _parse_role,
    "job": _parse_job,
    "page": _parse_page,
}

T = TypeVar("T")


def _attempt(errors: list[SiteError], step: Callable[[], T]) -> T | None:
    try:
        return step()
    except BuildFailed as exc:
        errors.extend(exc.errors)
    except SiteError as exc:
        errors.append(exc)
    return None


def _slug_from_name(stem: str, display: str) -> str:
    try:
        return _slug(stem)
    except ValueError:
        raise ContentError(
            f"file name {display.rsplit('/', 1)[-1]!r} is not a valid slug: use lowercase "
            "letters, digits and hyphens (e.g. senior-ml-lead.md), or set `slug:`",
            path=display,
            line=1,
        ) from None


# --- finding the files ---------------------------------------------------------------


def _refuse_unportable(project: Project, out: _Collector) -> None:
    """Symbolic links, and names that no Windows checkout could create."""
    # scandir's entries know whether they are links without another system call each.
    stack = [project.content]
    while stack:
        with os.scandir(stack.pop()) as entries:
            for entry in sorted(entries, key=lambda e: e.name):
                if entry.is_symlink():
                    out.error(
                        "symbolic links are not allowed in content; copy the file instead",
                        project.display(Path(entry.path)),
                    )
                    continue
                if _reserved(entry.name):
                    out.error(
                        f"{entry.name!r} is a device name on Windows, whatever its extension, "
                        "so the repository could not be checked out there; rename it",
                        project.display(Path(entry.path)),
                    )
                if entry.is_dir():
                    stack.append(Path(entry.path))


def _reserved(name: str) -> bool:
    return name.split(".", 1)[0].casefold() in WINDOWS_RESERVED


def _made_by_editor(name: str) -> bool:
    """Not hidden, not an editor's backup or swap file."""
    return not name.startswith((".", "#", "~")) and not name.endswith(("~", ".swp", ".tmp"))


def visible(paths: Iterable[Path]) -> list[Path]:
    """Files an editor made: not hidden, not editor backups or swap files."""
    return sorted(p for p in paths if _made_by_editor(p.name))


def _tasks(project: Project, out: _Collector) -> tuple[list[Task], set[str]]:
    """Every document to load in a fixed order, and every role folder's slug."""
    root = project.content
    tasks: list[Task] = []

    def single(kind: str, slug: str, path: Path, missing: str) -> None:
        display = project.display(path)
        if not path.is_file():
            out.error(missing, display)
            return
        raw = out.read(path, display)
        if raw is not None and not path.is_symlink():
            tasks.append(Task(kind, slug, ((display, raw),)))

    single(
        "site", "site", root / "site.yaml",
        "missing site.yaml: the site's title, base_url and navigation go here",
    )  # fmt: skip
    single(
        "home", "home", root / "home.md",
        "missing home.md: the home page's title and introduction go here",
    )  # fmt: skip
    role_tasks, role_slugs = _role_tasks(project, out)
    tasks += role_tasks
    for name, kind, what in (("jobs", "job", "listing"), ("pages", "page", "page")):
        folder = root / name
        if not folder.is_dir():
            continue
        prefix = project.display(folder)
        with os.scandir(folder) as scan:
            entries = sorted((e for e in scan if _made_by_editor(e.name)), key=lambda e: e.name)
        suffixes = (".md", ".yaml") if kind == "job" else (".md",)
        for entry in entries:
            display = f"{prefix}/{entry.name}"
            if entry.is_symlink() or _reserved(entry.name):
                continue  # reported once, by _refuse_unportable
            stem, dot, suffix = entry.name.rpartition(".")
            if entry.is_dir() or "." + suffix not in suffixes or not dot:
                form = "one .md or .yaml file" if kind == "job" else "one .md file"
                out.error(
                    f"unexpected {'folder' if entry.is_dir() else 'file'}: {name}/ holds "
                    f"{form} per {what}",
                    display,
                )
                continue
            raw = out.read(Path(entry.path), display)
            if raw is not None:
                tasks.append(Task(kind, stem, ((display, raw),)))
    return tasks, role_slugs


def _role_tasks(project: Project, out: _Collector) -> tuple[list[Task], set[str]]:
    """A task per complete role folder, and the slugs of all of them (so that one bad file
    does not cascade into "no such role" errors on every listing)."""
    folder = project.content / "roles"
    if not folder.is_dir():
        out.error(
            "missing roles/ folder: each role guide is a folder in it", project.display(folder)
        )
        return [], set()
    tasks = []
    slugs = set()
    for path in visible(folder.iterdir()):
        display = project.display(path)
        if not path.is_dir():
            out.error("unexpected file: roles/ holds one folder per role", display)
            continue
        if _reserved(path.name):
            continue  # reported once, by _refuse_unportable
        try:
            slug = _slug(path.name)
        except ValueError:
            out.error(
                f"folder name {path.name!r} is not a valid slug: use lowercase letters, "
                "digits and hyphens, like ml-tech-lead",
                display,
            )
            continue
        slugs.add(slug)
        for extra in visible(path.iterdir()):
            if extra.name not in ROLE_FILES and not _reserved(extra.name):
                out.error(
                    f"unexpected file in a role folder; it may hold {', '.join(ROLE_FILES)}",
                    project.display(extra),
                )
        files = []
        for name in ROLE_FILES:
            file = path / name
            if not file.is_file():
                if name != "salary.yaml":
                    out.error(f"missing {name}: every role folder needs it", project.display(file))
                continue
            raw = out.read(file, project.display(file))
            if raw is not None:
                files.append((project.display(file), raw))
        names = {display.rsplit("/", 1)[-1] for display, _ in files}
        if {"role.yaml", "overview.md"} <= names:
            tasks.append(Task("role", slug, tuple(files)))
    return tasks, slugs


# --- company logos ------------------------------------------------------------------


def _logos(project: Project, out: _Collector) -> dict[str, Logo]:
    """``companies/<company-slug>.svg|png``, each checked; problems join the other errors."""
    folder = project.content / LOGO_FOLDER
    logos: dict[str, Logo] = {}
    for path in visible(folder.iterdir()) if folder.is_dir() else ():
        display = project.display(path)
        problem = logo_name_problem(path.name, path.is_dir(), set(logos))
        if problem:
            out.error(problem, display)
            continue
        raw = None if path.is_symlink() else out.read(path, display)
        if raw is None:
            continue
        try:
            logos[path.stem] = check_logo(path.stem, raw, display)
        except SiteError as exc:
            out.errors.append(exc)
    return logos
