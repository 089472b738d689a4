"""The one Jinja environment, the render context, and rendering a page to bytes.

Autoescaping is on for every template. The context is a plain value, so it can be
handed to worker processes; each process builds its environment from it once.
Template problems become ``TemplateError`` with the template's file and line,
never a traceback.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import traceback
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import jinja2
import jinja2.meta
import jinja2.nodes
from markupsafe import Markup

from . import formatting
from .errors import TemplateError
from .markdown import Prose, place
from .models import SiteConfig
from .views import BrowseNav, Card, Page

# Work done in this process, by kind: what the tests count instead of timing.
RENDERS: Counter[str] = Counter()


@dataclass(frozen=True)
class RenderContext:
    """Everything rendering needs besides the page: explicit, so it crosses processes."""

    templates: Path
    root: Path
    base_url: str
    base_path: str
    config: SiteConfig
    build_date: dt.date
    assets: Mapping[str, str] = field(default_factory=dict)  # name → published path

    def display(self, path: Path) -> str:
        try:
            return path.relative_to(self.root).as_posix()
        except ValueError:
            return path.as_posix()


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


# The macros cards and the browse box are drawn with.
MACROS = "partials/macros.html"
# Globals that draw a template the calling template does not name in a tag: what it
# shows depends on that template too. ``fragment`` names its template in its first argument.
_DRAWN_BY = {"card": MACROS, "browse_box": MACROS}


class Renderer:
    """A Jinja environment for one context, with the fragments it has drawn kept."""

    def __init__(self, context: RenderContext) -> None:
        self.context = context
        self.env = _environment(context, self)
        self._cards: dict[tuple[str, str], Markup] = {}
        self._fragments: dict[tuple[str, str], Markup] = {}
        self._template_digests: dict[str, str] = {}
        # Templates each template names, parsed once: the pages' templates share partials.
        self._references: dict[str, tuple[str | None, ...]] = {}

    def card(self, card: Card, heading: str = "h3") -> Markup:
        """A listing's card, drawn once per process however many lists show it."""
        key = (card.digest, heading)
        if key not in self._cards:
            RENDERS["card"] += 1
            macro = self.env.get_template(MACROS).module.job_card  # type: ignore[attr-defined]
            self._cards[key] = Markup(macro(card, heading))
        return self._cards[key]

    def browse_box(self, nav: BrowseNav) -> Markup:
        """The "Browse jobs" box: the same on every list page, so drawn once."""
        key = ("browse", nav.digest)
        if key not in self._fragments:
            RENDERS["browse"] += 1
            macro = self.env.get_template(MACROS).module.browse_box  # type: ignore[attr-defined]
            self._fragments[key] = Markup(macro(nav))
        return self._fragments[key]

    def fragment(self, name: str, value: Any) -> Markup:
        """A partial template drawn for ``value`` (which carries a ``digest``) once per process.

        For parts that many pages share whole, such as the jobs index's filter panel,
        whose size grows with the board: drawn once, not once per page.
        """
        key = (name, value.digest)
        if key not in self._fragments:
            RENDERS[f"fragment:{name}"] += 1
            self._fragments[key] = Markup(self.env.get_template(name).render(value=value))
        return self._fragments[key]

    def card_html(self, card: Card) -> str:
        """A card on one line, as the jobs page script inserts it."""
        return " ".join(str(self.card(card, "h2")).split())

    def page(self, page: Page[Any]) -> bytes:
        """Render ``page`` with its template, or raise ``TemplateError`` at the template's line."""
        RENDERS[f"page:{page.template}"] += 1
        context = self.context
        view = page.ready().view
        try:
            template = self.env.get_template(page.template)
            return template.render(page=page.head, view=view).encode("utf-8")
        except jinja2.TemplateSyntaxError as exc:
            where = Path(exc.filename) if exc.filename else context.templates / page.template
            raise TemplateError(
                exc.message or "syntax error", path=context.display(where), line=exc.lineno
            ) from None
        except jinja2.TemplateNotFound as exc:
            raise TemplateError(
                f"template {exc.name!r} not found in {context.display(context.templates)}/",
                path=page.head.source or context.display(context.templates),
            ) from None
        except Exception as exc:
            path, line = _template_frame(exc, context)
            raise TemplateError(
                f"{type(exc).__name__}: {exc} (while rendering /{page.url})", path=path, line=line
            ) from None

    def template_digest(self, name: str) -> str:
        """A hash of a template and every template it extends, includes or imports."""
        if name not in self._template_digests:
            hasher = hashlib.blake2b(digest_size=16)
            for used in sorted(self._closure(name)):
                hasher.update(used.encode() + b"\0" + self._source(used).encode() + b"\0")
            self._template_digests[name] = hasher.hexdigest()
        return self._template_digests[name]

    def _source(self, name: str) -> str:
        assert self.env.loader is not None
        return self.env.loader.get_source(self.env, name)[0]

    def _closure(self, name: str) -> set[str]:
        seen: set[str] = set()
        todo = [name]
        while todo:
            current = todo.pop()
            if current in seen:
                continue
            seen.add(current)
            for used in self._referenced(current):
                if used is None:  # a computed name: depend on every template
                    return set(self.env.list_templates())
                todo.append(used)
        return seen

    def _referenced(self, name: str) -> tuple[str | None, ...]:
        """The templates ``name`` uses; None for one whose name is computed."""
        if name not in self._references:
            try:
                parsed = self.env.parse(self._source(name))
            except jinja2.TemplateError:
                self._references[name] = ()  # rendering reports it with its line
                return ()
            used: list[str | None] = list(jinja2.meta.find_referenced_templates(parsed))
            for call in parsed.find_all(jinja2.nodes.Call):
                callee = call.node.name if isinstance(call.node, jinja2.nodes.Name) else ""
                if callee in _DRAWN_BY:
                    used.append(_DRAWN_BY[callee])
                elif callee == "fragment":
                    first = call.args[0] if call.args else None
                    named = isinstance(first, jinja2.nodes.Const) and isinstance(first.value, str)
                    used.append(first.value if named else None)  # type: ignore[union-attr]
            self._references[name] = tuple(used)
        return self._references[name]


def _environment(context: RenderContext, renderer: Renderer) -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(context.templates),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        auto_reload=False,
    )
    base_url, base_path, assets = context.base_url, context.base_path, context.assets

    def url(target: str) -> str:
        if target.startswith(("http://", "https://", "mailto:")):
            return target
        return base_path + target.removeprefix("/")

    def abs_url(target: str) -> str:
        return base_url + target.removeprefix("/")

    def asset(name: str) -> str:
        if name not in assets:
            raise jinja2.TemplateRuntimeError(f"no static file {name!r}")
        return base_path + assets[name]

    def prose(value: Prose) -> Markup:
        return place(value.html, base_path)

    env.globals.update(
        card=renderer.card,
        browse_box=renderer.browse_box,
        fragment=renderer.fragment,
        config=context.config,
        url=url,
        abs_url=abs_url,
        asset=asset,
        build_date=context.build_date,
    )
    env.filters.update(
        money=formatting.money,
        money_range=formatting.money_range,
        per_period=formatting.per_period,
        long_date=formatting.long_date,
        label=formatting.label,
        jsonld=json_for_script,
        prose=prose,
    )
    return env


def _template_frame(exc: BaseException, context: RenderContext) -> tuple[str, int | None]:
    """The innermost template file and line in the traceback of ``exc``."""
    templates = str(context.templates)
    found: tuple[str, int | None] = (context.display(context.templates), None)
    for frame in traceback.extract_tb(exc.__traceback__):
        if frame.filename.startswith(templates):
            found = (context.display(Path(frame.filename)), frame.lineno)
    return found


_RENDERERS: dict[int, Renderer] = {}


def renderer_for(context: RenderContext) -> Renderer:
    """This process's renderer for ``context``, made on first use."""
    key = id(context)
    renderer = _RENDERERS.get(key)
    if renderer is None or renderer.context is not context:
        _RENDERERS.clear()  # one build at a time per process
        renderer = _RENDERERS[key] = Renderer(context)
    return renderer
