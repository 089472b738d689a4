"""The one Jinja environment, its filters, and rendering a page to text.

Autoescaping is on for every template. Template problems become ``TemplateError``
with the template's file and line, never a traceback.
"""

from __future__ import annotations

import hashlib
import json
import traceback
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import jinja2
from markupsafe import Markup

from . import formatting
from .config import Project
from .errors import TemplateError
from .listings import Listing
from .site import DIMENSION_PLURALS, Page, Site


@dataclass(frozen=True)
class NavItem:
    """A navigation link and whether it points at the page being shown."""

    label: str
    href: str
    current: bool


def json_for_script(value: object) -> Markup:
    """JSON safe inside ``<script>``: ``<``, ``>``, ``&`` and line separators are escaped."""
    text = json.dumps(value, ensure_ascii=False, sort_keys=False, separators=(",", ":"))
    for char, escape in (
        ("<", "\\u003c"),
        (">", "\\u003e"),
        ("&", "\\u0026"),
        ("\u2028", "\\u2028"),
        ("\u2029", "\\u2029"),
    ):
        text = text.replace(char, escape)
    return Markup(text)


def asset_versions(files: Mapping[str, bytes]) -> dict[str, str]:
    """A short content hash per static file, for cache-busting query strings."""
    return {name: hashlib.sha256(data).hexdigest()[:10] for name, data in files.items()}


class _MemoryBytecodeCache(jinja2.BytecodeCache):
    """Compiled templates kept in memory between builds; Jinja checks each source's checksum."""

    def __init__(self) -> None:
        self._store: dict[str, bytes] = {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        data = self._store.get(bucket.key)
        if data is not None:
            bucket.bytecode_from_string(data)

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self._store[bucket.key] = bucket.bytecode_to_string()


# One per process: a dev server rebuilding after an edit recompiles only changed templates.
_BYTECODE = _MemoryBytecodeCache()


def create_environment(
    project: Project, site: Site, assets: Mapping[str, str]
) -> jinja2.Environment:
    """The Jinja environment for one build of ``site``."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(project.templates),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        auto_reload=False,
        bytecode_cache=_BYTECODE,
    )
    path = site.base_path

    def url(target: str) -> str:
        if target.startswith(("http://", "https://", "mailto:")):
            return target
        return path + target.removeprefix("/")

    def abs_url(target: str) -> str:
        return site.base_url + target.removeprefix("/")

    def asset(name: str) -> str:
        key = f"static/{name}"
        if key not in assets:
            raise jinja2.TemplateRuntimeError(f"no static file {key!r}")
        return f"{path}{key}?v={assets[key]}"

    def nav(page: Page) -> list[NavItem]:
        items = []
        for link in site.content.config.navigation:
            target = link.url.removeprefix("/")
            internal = not link.url.startswith(("http://", "https://", "mailto:"))
            bare = target.split("#", 1)[0]
            current = (
                internal
                and "#" not in target
                and (page.url == bare or (bare != "" and page.url.startswith(bare)))
            )
            items.append(NavItem(link.label, url(link.url), current))
        return items

    cards: dict[tuple[str, str], Markup] = {}

    def card(listing: Listing, heading: str = "h3") -> Markup:
        """A listing's card, rendered once per build however many lists show it."""
        key = (listing.slug, heading)
        if key not in cards:
            macro = env.get_template("partials/macros.html").module.job_card  # type: ignore[attr-defined]
            cards[key] = Markup(macro(listing, heading))
        return cards[key]

    env.globals.update(
        plurals=DIMENSION_PLURALS,
        card=card,
        site=site,
        config=site.content.config,
        url=url,
        abs_url=abs_url,
        asset=asset,
        nav=nav,
        build_date=site.build_date,
    )
    env.filters.update(
        money=formatting.money,
        money_range=formatting.money_range,
        per_period=formatting.per_period,
        long_date=formatting.long_date,
        label=formatting.label,
        jsonld=json_for_script,
    )
    return env


def render_page(env: jinja2.Environment, page: Page, project: Project) -> str:
    """Render ``page`` with its template, or raise ``TemplateError`` at the template's line."""
    try:
        template = env.get_template(page.template)
        return template.render(page=page, **page.context)
    except jinja2.TemplateSyntaxError as exc:
        where = Path(exc.filename) if exc.filename else project.templates / page.template
        raise TemplateError(
            exc.message or "syntax error", path=project.display(where), line=exc.lineno
        ) from None
    except jinja2.TemplateNotFound as exc:
        raise TemplateError(
            f"template {exc.name!r} not found in {project.display(project.templates)}/",
            path=page.source or project.display(project.templates),
        ) from None
    except Exception as exc:
        path, line = _template_frame(exc, project)
        raise TemplateError(
            f"{type(exc).__name__}: {exc} (while rendering /{page.url})", path=path, line=line
        ) from None


def _template_frame(exc: BaseException, project: Project) -> tuple[str, int | None]:
    """The innermost template file and line in the traceback of ``exc``."""
    templates = str(project.templates)
    found: tuple[str, int | None] = (project.display(project.templates), None)
    for frame in traceback.extract_tb(exc.__traceback__):
        if frame.filename.startswith(templates):
            found = (project.display(Path(frame.filename)), frame.lineno)
    return found


def template_names(env: jinja2.Environment) -> list[str]:
    return sorted(env.list_templates(extensions=["html", "xml"]))
