"""The board as it is on disk, and where a new listing goes.

``Board.scan`` reads every listing once: the slugs taken, the skills in use (which
imports look for in descriptions) and the imported files by source id. A file that
does not parse still takes its name; the build reports its problem.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..config import Project
from ..errors import BuildFailed, SiteError
from ..loader import load_yaml_file, parse_front_matter, parse_yaml_listing, read_text
from ..models import SiteConfig, _slug
from ..urls import RESERVED_JOB_SLUGS, base_path, normalize_base_url, slugify
from ..validate import validate
from .listing import check_listing, listing_text


@dataclass(frozen=True)
class Site:
    """What an import needs of the site: its URL for checks, its roles."""

    url: str
    base_path: str
    roles: frozenset[str]


@dataclass(frozen=True)
class Existing:
    """A listing file already on the board."""

    path: Path
    text: str
    data: Mapping[str, Any]
    body: str


@dataclass
class Board:
    """The listings on disk: slugs taken, skills in use, imported files by source id."""

    taken: set[str]
    vocabulary: list[str]
    imported: dict[tuple[str, str], Existing]

    @classmethod
    def scan(cls, project: Project) -> Board:
        taken, vocabulary, imported = set(RESERVED_JOB_SLUGS), [], {}
        seen_skills: set[str] = set()
        folder = project.content / "jobs"
        listings = [*folder.glob("*.md"), *folder.glob("*.yaml")] if folder.is_dir() else []
        for path in sorted(listings):
            taken.add(path.stem)
            try:
                text = read_text(path, project.display(path))
                parse = parse_yaml_listing if path.suffix == ".yaml" else parse_front_matter
                doc = parse(text, project.display(path))
            except (SiteError, BuildFailed, OSError):
                continue  # the build reports it; its name stays taken
            if isinstance(doc.data.get("slug"), str):
                taken.add(str(doc.data["slug"]))
            for skill in _strings(doc.data.get("skills")):
                if slugify(skill) and slugify(skill) not in seen_skills:
                    seen_skills.add(slugify(skill))
                    vocabulary.append(skill)
            source = doc.data.get("source")
            if isinstance(source, Mapping):
                system, ident = source.get("system"), source.get("id")
                if isinstance(system, str) and isinstance(ident, str):
                    imported[(system, ident)] = Existing(path, text, doc.data, doc.body)
        return cls(taken, vocabulary, imported)

    def new_slug(self, company: str, title: str) -> str:
        base = slugify(f"{company} {title}")[:74].strip("-") or "listing"
        slug, number = base, 1
        while slug in self.taken:
            number += 1
            slug = f"{base}-{number}"
        self.taken.add(slug)
        return slug


def _strings(value: object) -> list[str]:
    return [item for item in value if isinstance(item, str)] if isinstance(value, list) else []


def load_settings(project: Project) -> tuple[SiteConfig, Site]:
    """site.yaml, validated, and what imports need of the site."""
    path = project.content / "site.yaml"
    config = validate(SiteConfig, load_yaml_file(path, project.display(path)))
    folder = project.content / "roles"
    roles = (
        frozenset(p.name for p in folder.iterdir() if p.is_dir())
        if folder.is_dir()
        else frozenset()
    )
    url = normalize_base_url(config.base_url)
    return config, Site(url, base_path(url), roles)


def write_new_listing(
    project: Project, fields: Mapping[str, Any], body: str, *, slug: str | None = None
) -> Path:
    """Check and write a new listing under a free slug; never overwrites a file."""
    _, site = load_settings(project)
    board = Board.scan(project)
    if slug is not None:
        try:
            slug = _slug(slug)
        except ValueError as exc:
            raise SiteError(str(exc), field="--slug") from None
        if slug in board.taken:
            raise SiteError(f"the slug {slug!r} is taken; choose another", field="--slug")
    else:
        slug = board.new_slug(str(fields["company"]["name"]), str(fields["title"]))
    path = project.content / "jobs" / f"{slug}.md"
    text = listing_text(fields, body)
    check_listing(text, project.display(path), site_url=site.url, base_path=site.base_path)
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        with path.open("x", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
    except FileExistsError:
        raise SiteError("already exists; nothing was written", path=project.display(path)) from None
    return path
