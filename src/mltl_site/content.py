"""Loading and validating a whole ``content/`` folder into one ``Content`` value.

Every file is read and checked before anything is built, and every problem in
every file is collected, so an editor sees all of them in one run.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import ParamSpec, TypeVar

from .config import Project
from .errors import BuildFailed, ContentError, ContentWarning, SiteError
from .loader import Document, load_markdown_file, load_plain_markdown, load_yaml_file
from .markdown import render_markdown
from .models import HomePage, JobMeta, PageMeta, RoleMeta, SalaryData, SiteConfig, _slug
from .urls import RESERVED_JOB_SLUGS, RESERVED_PAGE_SLUGS
from .validate import validate

T = TypeVar("T")
P = ParamSpec("P")

ROLE_FILES = ("role.yaml", "overview.md", "salary.yaml")


@dataclass(frozen=True)
class Role:
    """A role guide: its structured sections, overview prose and salary data."""

    slug: str
    meta: RoleMeta
    overview_html: str
    salary: SalaryData | None
    source: str
    doc: Document = field(repr=False, compare=False)


@dataclass(frozen=True)
class Job:
    """A job listing as written; whether it shows depends on the build date."""

    slug: str
    meta: JobMeta
    description_html: str
    source: str
    doc: Document = field(repr=False, compare=False)


@dataclass(frozen=True)
class FreePage:
    """A free page such as About."""

    slug: str
    meta: PageMeta
    html: str
    source: str
    doc: Document = field(repr=False, compare=False)


@dataclass(frozen=True)
class Home:
    """The home page's settings and introduction."""

    meta: HomePage
    intro_html: str
    source: str
    doc: Document = field(repr=False, compare=False)


@dataclass(frozen=True)
class Content:
    """Everything in ``content/``, validated."""

    config: SiteConfig
    home: Home
    roles: Mapping[str, Role]
    jobs: tuple[Job, ...]
    pages: tuple[FreePage, ...]
    warnings: tuple[ContentWarning, ...] = ()


class _Collector:
    """Runs loading steps, keeping their errors instead of stopping at the first."""

    def __init__(self) -> None:
        self.errors: list[SiteError] = []
        self.warnings: list[ContentWarning] = []

    def attempt(self, step: Callable[P, T], *args: P.args, **kwargs: P.kwargs) -> T | None:
        try:
            return step(*args, **kwargs)
        except BuildFailed as exc:
            self.errors.extend(exc.errors)
        except SiteError as exc:
            self.errors.append(exc)
        return None

    def error(self, message: str, path: str, line: int = 1, field: str | None = None) -> None:
        self.errors.append(ContentError(message, path=path, line=line, field=field))


def load_content(project: Project, base_path: str = "/") -> Content:
    """Read, validate and cross-check ``project.content``, or raise ``BuildFailed``."""
    root = project.content
    if not root.is_dir():
        raise BuildFailed(
            [
                ContentError(
                    "no content folder here; run from the project root or pass --root",
                    path=project.display(root),
                )
            ]
        )
    out = _Collector()
    _refuse_symlinks(project, out)

    def yaml_doc(path: Path) -> Document:
        return load_yaml_file(path, project.display(path))

    config_path = root / "site.yaml"
    config = None
    if config_path.is_file():
        config = out.attempt(lambda: validate(SiteConfig, yaml_doc(config_path), base_path))
    else:
        out.error(
            "missing site.yaml: the site's title, base_url and navigation go here",
            project.display(config_path),
        )

    home = _load_home(project, base_path, out)
    roles, role_folders = _load_roles(project, base_path, out)
    jobs = _load_jobs(project, base_path, out)
    pages = _load_pages(project, base_path, out)
    _cross_check(home, role_folders, jobs, pages, out)

    if out.errors or config is None or home is None:
        raise BuildFailed(out.errors)
    return Content(
        config=config,
        home=home,
        roles={role.slug: role for role in roles},
        jobs=tuple(jobs),
        pages=tuple(pages),
        warnings=tuple(sorted(set(out.warnings), key=SiteError.sort_key)),
    )


def _refuse_symlinks(project: Project, out: _Collector) -> None:
    for folder, dirs, files in os.walk(project.content, followlinks=False):
        for name in sorted(dirs + files):
            path = Path(folder) / name
            if path.is_symlink():
                out.error(
                    "symbolic links are not allowed in content; copy the file instead",
                    project.display(path),
                )


def _visible(paths: Iterable[Path]) -> list[Path]:
    """Files an editor made: not hidden, not editor backups or swap files."""
    return sorted(
        p
        for p in paths
        if not p.name.startswith((".", "#", "~")) and not p.name.endswith(("~", ".swp", ".tmp"))
    )


def _slug_for(path: Path, declared: str | None, display: str, out: _Collector) -> str | None:
    if declared is not None:
        return declared
    try:
        return _slug(path.stem)
    except ValueError:
        out.error(
            f"file name {path.name!r} is not a valid slug: use lowercase letters, digits "
            "and hyphens (e.g. senior-ml-lead.md), or set `slug:`",
            display,
        )
        return None


def _load_home(project: Project, base_path: str, out: _Collector) -> Home | None:
    path = project.content / "home.md"
    display = project.display(path)
    if not path.is_file():
        out.error("missing home.md: the home page's title and introduction go here", display)
        return None

    def load() -> Home:
        doc = load_markdown_file(path, display)
        meta = validate(HomePage, doc, base_path)
        if not doc.body.strip():
            raise ContentError(
                "the introduction below the front matter is empty",
                path=display,
                line=doc.body_line,
                field="body",
            )
        html = render_markdown(doc.body, path=display, line=doc.body_line, base_path=base_path)
        return Home(meta, html, display, doc)

    return out.attempt(load)


def _load_roles(project: Project, base_path: str, out: _Collector) -> tuple[list[Role], set[str]]:
    """Valid roles, and the slugs of all role folders (so one bad file does not cascade)."""
    folder = project.content / "roles"
    if not folder.is_dir():
        out.error(
            "missing roles/ folder: each role guide is a folder in it", project.display(folder)
        )
        return [], set()
    roles = []
    folders = set()
    for path in _visible(folder.iterdir()):
        display = project.display(path)
        if not path.is_dir():
            out.error("unexpected file: roles/ holds one folder per role", display)
            continue
        try:
            slug = _slug(path.name)
        except ValueError:
            out.error(
                f"folder name {path.name!r} is not a valid slug: use lowercase letters, "
                "digits and hyphens, like ml-tech-lead",
                display,
            )
            continue
        folders.add(slug)
        role = out.attempt(_load_role, project, path, slug, base_path, out)
        if role is not None:
            roles.append(role)
    return roles, folders


def _load_role(
    project: Project, folder: Path, slug: str, base_path: str, out: _Collector
) -> Role | None:
    for extra in _visible(folder.iterdir()):
        if extra.name not in ROLE_FILES:
            out.error(
                f"unexpected file in a role folder; it may hold {', '.join(ROLE_FILES)}",
                project.display(extra),
            )
    meta_path, overview_path, salary_path = (folder / name for name in ROLE_FILES)
    for required in (meta_path, overview_path):
        if not required.is_file():
            out.error(
                f"missing {required.name}: every role folder needs it", project.display(required)
            )
    if not (meta_path.is_file() and overview_path.is_file()):
        return None
    meta_doc = out.attempt(lambda: load_yaml_file(meta_path, project.display(meta_path)))
    meta = (
        None if meta_doc is None else out.attempt(lambda: validate(RoleMeta, meta_doc, base_path))
    )
    overview_display = project.display(overview_path)

    def overview() -> str:
        doc = load_plain_markdown(overview_path, overview_display)
        return render_markdown(doc.body, path=overview_display, base_path=base_path)

    overview_html = out.attempt(overview)
    salary = None
    if salary_path.is_file():
        salary = out.attempt(
            lambda: validate(
                SalaryData, load_yaml_file(salary_path, project.display(salary_path)), base_path
            )
        )
        if salary is None:
            return None
    if meta is None or meta_doc is None or overview_html is None:
        return None
    return Role(slug, meta, overview_html, salary, project.display(meta_path), meta_doc)


def _load_markdown_folder(
    project: Project, name: str, out: _Collector, what: str
) -> list[tuple[Path, str, Document]]:
    folder = project.content / name
    if not folder.is_dir():
        return []
    docs = []
    for path in _visible(folder.iterdir()):
        display = project.display(path)
        if path.is_dir() or path.suffix != ".md":
            out.error(
                f"unexpected {'folder' if path.is_dir() else 'file'}: {name}/ holds "
                f"one .md file per {what}",
                display,
            )
            continue
        doc = out.attempt(load_markdown_file, path, display)
        if doc is not None:
            docs.append((path, display, doc))
    return docs


def _load_jobs(project: Project, base_path: str, out: _Collector) -> list[Job]:
    jobs = []
    for path, display, doc in _load_markdown_folder(project, "jobs", out, "listing"):
        meta = out.attempt(validate, JobMeta, doc, base_path)
        description = None
        if not doc.body.strip():
            out.error(
                "the job description below the front matter is empty",
                display,
                doc.body_line,
                "body",
            )
        else:
            description = out.attempt(
                render_markdown,
                doc.body,
                path=display,
                line=doc.body_line,
                base_path=base_path,
                untrusted=True,
            )
        if meta is None or description is None:
            continue
        slug = _slug_for(path, meta.slug, display, out)
        if slug is not None:
            jobs.append(Job(slug, meta, description, display, doc))
    return jobs


def _load_pages(project: Project, base_path: str, out: _Collector) -> list[FreePage]:
    pages = []
    for path, display, doc in _load_markdown_folder(project, "pages", out, "page"):
        meta = out.attempt(validate, PageMeta, doc, base_path)
        html = out.attempt(
            render_markdown, doc.body, path=display, line=doc.body_line, base_path=base_path
        )
        if meta is None or html is None:
            continue
        slug = _slug_for(path, meta.slug, display, out)
        if slug is not None:
            pages.append(FreePage(slug, meta, html, display, doc))
    return pages


def _cross_check(
    home: Home | None,
    role_slugs: set[str],
    jobs: list[Job],
    pages: list[FreePage],
    out: _Collector,
) -> None:
    if home is not None and home.meta.role not in role_slugs:
        out.error(
            _no_role(home.meta.role, role_slugs), home.source, home.doc.line_of(("role",)), "role"
        )
    for job in jobs:
        if job.meta.role not in role_slugs:
            out.error(
                _no_role(job.meta.role, role_slugs), job.source, job.doc.line_of(("role",)), "role"
            )
    groups: tuple[tuple[str, list[Job] | list[FreePage], frozenset[str], str], ...] = (
        ("listing", jobs, RESERVED_JOB_SLUGS, "/jobs/"),
        ("page", pages, RESERVED_PAGE_SLUGS, "/"),
    )
    for kind, items, reserved, where in groups:
        first: dict[str, Job | FreePage] = {}
        for item in items:
            if item.slug in reserved:
                message = (
                    f"the slug {item.slug!r} is taken by the site's own {where}{item.slug}/ "
                    "pages; rename the file or set a different `slug:`"
                )
            elif item.slug in first:
                message = (
                    f"two {kind}s have the slug {item.slug!r}: {first[item.slug].source} and "
                    f"{item.source}; rename one or set a different `slug:`"
                )
            else:
                first[item.slug] = item
                continue
            out.error(message, item.source, item.doc.line_of(("slug",)), "slug")


def _no_role(slug: str, known: set[str]) -> str:
    options = ", ".join(sorted(known)) or "none yet"
    return f"no role {slug!r} in content/roles/ (known roles: {options})"
