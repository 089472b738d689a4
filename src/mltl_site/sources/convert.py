"""Description HTML from a feed to Markdown that passes the listing checks.

The HTML is first cut down by nh3 to a few harmless tags (script and style go
with their content, event attributes and ``javascript:`` links go), relative
links are made absolute against the posting's page, and markdownify writes the
rest as Markdown. Text that could read as HTML or as a link is escaped, so the
result passes ``render_untrusted`` like any hand-written listing.
"""

from __future__ import annotations

import re
from urllib.parse import urljoin, urlsplit

import nh3
from markdownify import MarkdownConverter

from ..markdown import ALLOWED_SCHEMES, Prose, check

_TAGS = frozenset(
    {
        "p", "br", "hr", "h1", "h2", "h3", "h4", "h5", "h6", "strong", "b", "em", "i",
        "u", "code", "pre", "blockquote", "ul", "ol", "li", "a", "table", "thead",
        "tbody", "tr", "th", "td", "div", "span", "section",
    }
)  # fmt: skip
_BLANK_LINES = re.compile(r"\n[ \t]*(?:\n[ \t]*)+\n")
_EMPTY_LINE = re.compile(r"^[ \t]+$", re.MULTILINE)
LIST_INDENT = "    "  # Python-Markdown nests list content four spaces deep


def render_untrusted(body: str, *, path: str, line: int = 1) -> Prose:
    """The one gate for contributed Markdown: raises ``BuildFailed`` on raw HTML or a bad link."""
    return check(body, path=path, line=line, untrusted=True)


def html_to_markdown(html: str, *, base_url: str) -> str:
    """Markdown for a posting's description HTML; links are resolved against ``base_url``."""

    def keep(tag: str, attribute: str, value: str) -> str | None:
        if attribute != "href":
            return value
        resolved = urljoin(base_url, value.strip())
        return resolved if urlsplit(resolved).scheme.lower() in ALLOWED_SCHEMES else None

    clean = nh3.clean(
        html,
        tags=set(_TAGS),
        attributes={"a": {"href"}},
        url_schemes=set(ALLOWED_SCHEMES),
        link_rel=None,
        attribute_filter=keep,
        strip_comments=True,
    )
    text = _Converter(heading_style="ATX", bullets="-").convert(clean)
    text = text.replace("\xa0", " ")
    text = _EMPTY_LINE.sub("", text)
    text = _BLANK_LINES.sub("\n\n", text)
    return text.strip("\n") + "\n" if text.strip() else ""


class _Converter(MarkdownConverter):
    """markdownify with escaping for untrusted text and list nesting Python-Markdown reads."""

    def escape(self, text: str, parent_tags: set[str]) -> str:
        text = super().escape(text, parent_tags)  # type: ignore[misc]  # not in the stub
        # `<` would start raw HTML and `[` a link; as entities and escapes they stay text.
        return text.replace("<", "&lt;").replace("[", "\\[").replace("]", "\\]")

    def convert_li(self, el: object, text: str, parent_tags: set[str]) -> str:
        text = (text or "").strip()
        if not text:
            return "\n"
        parent = getattr(el, "parent", None)
        if parent is not None and parent.name == "ol":
            start = str(parent.get("start") or "1")
            first = int(start) if start.isdigit() else 1
            bullet = f"{first + len(el.find_previous_siblings('li'))}. "  # type: ignore[attr-defined]
        else:
            bullet = "- "
        lines = text.split("\n")
        rest = [LIST_INDENT + line if line else "" for line in lines[1:]]
        return "\n".join([bullet + lines[0], *rest]) + "\n"
