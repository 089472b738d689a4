"""Markdown to safe HTML: ``check`` at load, ``place`` at render.

``check`` parses a document once into sanitized HTML whose site links are still
root-relative (``/jobs/``), so loaded content does not depend on where the site is
published; parsing is also what finds problems, so it is done once. ``place`` puts
that HTML under the build's base path when a page is rendered.

Two walls keep script out. First, the Markdown itself is checked: raw HTML in
contributed text and links with a scheme other than http, https or mailto are
content errors with their line. Second, whatever HTML comes out is sanitized by
nh3 with a short allow-list, whatever the source.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from functools import lru_cache
from urllib.parse import urlsplit
from xml.etree.ElementTree import Element

import markdown as md_lib
import nh3
from markdown.extensions import Extension
from markdown.extensions.toc import slugify_unicode
from markdown.treeprocessors import Treeprocessor
from markupsafe import Markup

from .errors import BuildFailed, ContentError

ALLOWED_SCHEMES = frozenset({"http", "https", "mailto"})

_TAGS = frozenset(
    {
        "p", "br", "hr", "h2", "h3", "h4", "h5", "h6", "strong", "em", "b", "i", "code",
        "pre", "blockquote", "ul", "ol", "li", "a", "table", "thead", "tbody", "tr", "th",
        "td", "abbr", "sup", "sub", "del", "dl", "dt", "dd",
    }
)  # fmt: skip
_ATTRIBUTES = {
    "a": {"href", "title"},
    "abbr": {"title"},
    "ol": {"start"},
    **{f"h{n}": {"id"} for n in range(2, 7)},
}
_HEADING = re.compile(r"h([1-6])\Z")
# Only inside a tag: in text, nh3 escapes every "<", so this never matches prose or code.
_SITE_LINK = re.compile(r'(<a\s[^>]*?\bhref=")/(?!/)')


@dataclass(frozen=True)
class Prose:
    """Markdown source and its sanitized HTML, site links still root-relative."""

    source: str
    html: str

    def __str__(self) -> str:
        return self.source


@dataclass(frozen=True)
class Problem:
    """Something wrong in a Markdown text, ``offset`` lines below its first line."""

    offset: int
    message: str


class MarkdownProblems(ValueError):
    """Raised by ``convert`` with every problem of one text."""

    def __init__(self, problems: tuple[Problem, ...]) -> None:
        super().__init__("; ".join(p.message for p in problems))
        self.problems = problems


def convert(source: str, *, untrusted: bool = False) -> Prose:
    """Parse Markdown into sanitized HTML, or raise ``MarkdownProblems``."""
    html_out, problems = _convert(source, untrusted)
    if problems:
        raise MarkdownProblems(problems)
    return Prose(source, html_out)


def check(source: str, *, path: str, line: int = 1, untrusted: bool = False) -> Prose:
    """``convert``, with each problem as a ``ContentError`` at its line of ``path``.

    A document's body is only shown as HTML once checked, so its source is not kept:
    at 10,000 listings that is 40 MB less to hold, pickle and fork.
    """
    try:
        return Prose("", convert(source, untrusted=untrusted).html)
    except MarkdownProblems as exc:
        raise BuildFailed(
            ContentError(p.message, path=path, line=line + p.offset, field="body")
            for p in exc.problems
        ) from None


def place(fragment: str, base_path: str) -> Markup:
    """HTML from ``convert`` with its site links under ``base_path`` (``/`` or ``/sub/``)."""
    if base_path == "/":
        return Markup(fragment)
    return Markup(_SITE_LINK.sub(lambda m: m.group(1) + base_path, fragment))


def render_markdown(source: str, *, path: str, line: int = 1, untrusted: bool = False) -> Markup:
    """Check and place at the site root in one call, for text shown outside a page build."""
    return place(check(source, path=path, line=line, untrusted=untrusted).html, "/")


# Small: texts repeat within a build (YAML fields, retries), not across thousands of bodies.
@lru_cache(maxsize=64)
def _convert(source: str, untrusted: bool) -> tuple[str, tuple[Problem, ...]]:
    converter = _converter()
    converter.reset()
    checker: _LinkChecker = converter.treeprocessors["mltl_links"]  # type: ignore[assignment]
    checker.problems = []
    raw = converter.convert(source)
    problems = [Problem(_line_of(source, needle), message) for needle, message in checker.problems]
    if untrusted:
        for chunk in converter.htmlStash.rawHtmlBlocks:
            text = str(chunk)
            if text.lstrip().startswith("<"):
                first = text.strip().split("\n", 1)[0]
                problems.append(
                    Problem(
                        _line_of(source, first),
                        f"raw HTML is not allowed in listings ({_clip(first)}); "
                        "use Markdown: **bold**, *italic*, [text](https://…), - lists",
                    )
                )
    clean = nh3.clean(
        raw,
        tags=set(_TAGS),
        attributes={k: set(v) for k, v in _ATTRIBUTES.items()},
        url_schemes=set(ALLOWED_SCHEMES),
        link_rel="nofollow ugc noopener noreferrer" if untrusted else None,
        attribute_filter=_attribute_filter,
    )
    return clean, tuple(problems)


def _attribute_filter(tag: str, attribute: str, value: str) -> str | None:
    if attribute in ("href", "src") and not is_safe_url(value):
        return None
    return value


def is_safe_url(url: str) -> bool:
    """True for http(s)/mailto URLs and same-site paths; false for everything else."""
    decoded = html.unescape(url).strip()
    if decoded.startswith("//") or decoded.startswith("\\") or "\\" in decoded[:8]:
        return False
    if any(ord(ch) < 0x20 or ord(ch) == 0x7F for ch in decoded):
        return False
    scheme = urlsplit(decoded).scheme.lower()
    return scheme in ALLOWED_SCHEMES if scheme else ":" not in decoded.split("/", 1)[0]


@lru_cache(maxsize=1)
def _converter() -> md_lib.Markdown:
    # No attr_list or md_in_html: authors must not be able to set attributes.
    return md_lib.Markdown(
        extensions=["tables", "sane_lists", "toc", _SiteExtension()],
        extension_configs={"toc": {"slugify": slugify_unicode, "toc_depth": "2-6"}},
        output_format="html",
    )


class _SiteExtension(Extension):
    def extendMarkdown(self, md: md_lib.Markdown) -> None:  # noqa: N802 - Markdown's API
        # Run before toc (priority 5) so heading ids see the final levels.
        md.treeprocessors.register(_LinkChecker(md), "mltl_links", 6)


class _LinkChecker(Treeprocessor):
    """Checks link schemes and demotes headings below the page title."""

    def __init__(self, md: md_lib.Markdown) -> None:
        super().__init__(md)
        self.problems: list[tuple[str, str]] = []

    def run(self, root: Element) -> None:
        shift = 1 if any(el.tag == "h1" for el in root.iter()) else 0
        for el in root.iter():
            heading = _HEADING.match(el.tag)
            if heading and shift:
                el.tag = f"h{min(6, int(heading.group(1)) + shift)}"
            for attribute in ("href", "src"):
                value = el.get(attribute)
                if value is not None:
                    el.set(attribute, self._check(value))

    def _check(self, url: str) -> str:
        # automail hides addresses behind entities written with a placeholder ampersand.
        url = url.replace(md_lib.util.AMP_SUBSTITUTE, "&")
        if not is_safe_url(url):
            self.problems.append(
                (
                    url,
                    f"link {_clip(url)} is not allowed; links must start with https://, "
                    "http://, mailto: or / for a page of this site",
                )
            )
            return "#"
        return url


def _line_of(source: str, needle: str) -> int:
    """Zero-based line of the first occurrence of ``needle`` (or of its first line)."""
    for candidate in (needle, needle.split("\n", 1)[0], html.unescape(needle)):
        index = source.find(candidate) if candidate else -1
        if index >= 0:
            return source.count("\n", 0, index)
    return 0


def _clip(text: str, limit: int = 40) -> str:
    text = " ".join(text.split())
    return f"`{text}`" if len(text) <= limit else f"`{text[: limit - 1]}…`"
