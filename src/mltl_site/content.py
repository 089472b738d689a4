"""Loading a whole ``content/`` folder into one ``Content`` value.

Every file is read and checked before anything is built, and every problem in
every file is collected, so an editor sees all of them in one run. A document is
parsed from the exact bytes that were hashed; its ``Entry`` is a pure function of
them, which is what lets a cache keyed by that hash stand in for parsing, and lets
documents be parsed in worker processes.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping, MutableMapping
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

from pydantic import BaseModel

from . import crossref, markdown
from .config import Project
from .discover import ROLE_FILES, Collector, Task, find_logos, find_tasks, refuse_unportable
from .errors import BuildFailed, ContentError, ContentWarning, SiteError
from .loader import (
    Document,
    decode,
    parse_front_matter,
    parse_yaml_document,
    parse_yaml_listing,
)
from .logos import Logo, orphan_logos
from .markdown import Prose
from .models import HomePage, JobMeta, PageMeta, RoleMeta, SalaryData, SiteConfig, _slug
from .parallel import map_chunks
from .placeholders import placeholders
from .urls import slugify
from .validate import validate

log = logging.getLogger(__name__)
M = TypeVar("M", bound=BaseModel)
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
    out = Collector()
    refuse_unportable(project, out)
    tasks, role_slugs = find_tasks(project, out)
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
    logos = find_logos(project, out)
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
    tasks: list[Task], out: Collector, jobs: int, cache: LoadCache | None
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
