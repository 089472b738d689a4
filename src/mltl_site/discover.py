"""Finding the documents of a ``content/`` folder: which files, in what order, as tasks.

Names that cannot travel (symbolic links, Windows device names) are refused here, once.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from .config import Project
from .errors import ContentError, SiteError
from .loader import read_bytes
from .logos import FOLDER as LOGO_FOLDER
from .logos import Logo, check_logo, logo_name_problem
from .models import _slug
from .models.types import WINDOWS_RESERVED

ROLE_FILES = ("role.yaml", "overview.md", "salary.yaml")


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


class Collector:
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


# --- finding the files ---------------------------------------------------------------


def refuse_unportable(project: Project, out: Collector) -> None:
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


def find_tasks(project: Project, out: Collector) -> tuple[list[Task], set[str]]:
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
                continue  # reported once, by refuse_unportable
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


def _role_tasks(project: Project, out: Collector) -> tuple[list[Task], set[str]]:
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
            continue  # reported once, by refuse_unportable
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


def find_logos(project: Project, out: Collector) -> dict[str, Logo]:
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
