"""Contributed content cannot run script on the site, through any field or template."""

from __future__ import annotations

import base64
import hashlib
import json
import re
from html.parser import HTMLParser

import pytest

from conftest import SiteTree, job_md
from mltl_site.markdown import is_safe_url, render_markdown
from mltl_site.render import json_for_script

PAYLOAD = "</script><script>alert(1)</script><img src=x onerror=alert(2)>"
# The one inline script allowed, by the hash of its exact text (as a CSP would name it):
# base.html's snippet that applies the remembered theme before the first paint. Any other
# inline script, or any change to this one, is found.
INLINE_ALLOWED = frozenset({"sha256-Q+zrZhR39pI+NdmIU1ORd0F8Y857RQDpJ62vEhVYDz8="})


def script_hash(text: str) -> str:
    return "sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode()


class _ScriptFinder(HTMLParser):
    """Collects what a browser would execute: script elements, handlers, script URLs."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []
        self.inline: list[str] | None = None  # the text of an inline script being read

    def handle_data(self, data: str) -> None:
        if self.inline is not None:
            self.inline.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "script" and self.inline is not None:
            text, self.inline = "".join(self.inline), None
            if script_hash(text) not in INLINE_ALLOWED:
                self.found.append(f"<script> element {{}} running {text[:60]!r}")

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        own_script = re.fullmatch(
            r"(/[\w-]+)*/static/js/[\w-]+\.[0-9a-f]{10}\.js", values.get("src") or ""
        )
        if tag == "script" and not values and self.inline is None:
            self.inline = []  # judged by its text at </script>
        elif tag == "script" and values.get("type") != "application/ld+json" and not own_script:
            self.found.append(f"<script> element {values}")
        for name, value in attrs:
            if name.startswith("on"):
                self.found.append(f"{name} handler on <{tag}>")
            url = value if name in ("href", "src", "action", "formaction") else None
            if url is not None and not is_safe_url(url) and not url.startswith("#"):
                self.found.append(f"{name}={value!r} on <{tag}>")


def executable_parts(html: str) -> list[str]:
    finder = _ScriptFinder()
    finder.feed(html)
    return finder.found


def assert_inert(files: dict[str, bytes]) -> None:
    for name, data in files.items():
        if name.endswith(".html"):
            assert executable_parts(data.decode()) == [], name


def test_the_finder_sees_a_script_when_there_is_one() -> None:
    assert executable_parts('<p>x</p><script>alert(1)</script><a href="javascript:x">y</a>') == [
        "<script> element {} running 'alert(1)'",
        "href='javascript:x' on <a>",
    ]
    assert executable_parts('<script src="https://evil.example/x.js"></script>') != []
    assert (
        executable_parts('<script src="/careers/static/js/filters.0123456789.js"></script>') == []
    )


def test_the_only_inline_script_is_the_theme_snippet_byte_for_byte(tree: SiteTree) -> None:
    html = tree.html("index.html")
    snippets = re.findall(r"<script>(.*?)</script>", html, re.S)
    assert len(snippets) == 1 and script_hash(snippets[0]) in INLINE_ALLOWED
    assert "localStorage" in snippets[0] and "data-theme" in snippets[0]
    # Its hash allows exactly that text: one more character and it is a script again.
    assert executable_parts(f"<script>{snippets[0]};</script>") != []
    assert executable_parts(f"<script>{snippets[0]}</script>") == []


def test_payloads_in_every_listing_field_are_inert(tree: SiteTree) -> None:
    tree.write(
        "jobs/acme-lead.md",
        job_md(
            title=json.dumps(PAYLOAD),
            skills=json.dumps([PAYLOAD, "Python"]),
        ).replace("name: Acme", f"name: {json.dumps(PAYLOAD)}"),
    )
    files = tree.files()
    html = files["jobs/acme-lead/index.html"].decode()
    assert "&lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert_inert(files)


def test_raw_html_in_trusted_pages_is_sanitized(tree: SiteTree) -> None:
    tree.write(
        "pages/about.md",
        "---\ntitle: About\ndescription: x\n---\n"
        "<script>alert(1)</script>\n\n<img src=x onerror=alert(1)>\n\n"
        '<a href="javascript:alert(1)">x</a> <a href="jav&#x09;ascript:alert(1)">y</a>\n\n'
        '<iframe src="https://evil.example"></iframe><style>body{}</style>\n\n'
        '<b onclick="x">ok</b>\n',
    )
    files = tree.files()
    html = files["about/index.html"].decode()
    assert "<b>ok</b>" in html
    assert "iframe" not in html and "<style" not in html
    assert_inert(files)


def test_markdown_in_yaml_fields_is_sanitized_too(tree: SiteTree) -> None:
    tree.write(
        "site.yaml",
        (tree.root / "content/site.yaml").read_text()
        + 'footer: \'<script>alert(1)</script> <a href="x" onmouseover="y">z</a>\'\n',
    )
    role = (tree.root / "content/roles/ml-tech-lead/role.yaml").read_text()
    tree.write(
        "roles/ml-tech-lead/role.yaml",
        role.replace("intro: The usual path.", "intro: '<img src=x onerror=alert(1)>'")
        + "best_practices:\n  items:\n    - '<script>alert(1)</script>'\n",
    )
    files = tree.files()
    assert (
        "&lt;script&gt;alert(1)&lt;/script&gt;" in files["roles/ml-tech-lead/index.html"].decode()
    )
    assert_inert(files)


@pytest.mark.parametrize(
    "url",
    [
        "javascript:alert(1)",
        "JaVaScRiPt:alert(1)",
        "jav&#x61;script:alert(1)",
        "&#106;avascript:alert(1)",
        "java\tscript:alert(1)",
        "data:text/html,<script>alert(1)</script>",
        "vbscript:msgbox(1)",
        "//evil.example/x",
        "\\\\evil.example\\x",
    ],
)
def test_only_http_https_mailto_and_site_paths_are_safe_urls(url: str) -> None:
    assert not is_safe_url(url)


@pytest.mark.parametrize(
    "url",
    ["https://a.example/x", "http://a.example", "mailto:a@b.example", "/jobs/", "#top", "page/2/"],
)
def test_ordinary_urls_are_safe(url: str) -> None:
    assert is_safe_url(url)


def test_listing_markdown_cannot_set_attributes() -> None:
    html = render_markdown(
        "## Title {: onclick=alert(1) }\n\n[x](https://a.example){: .c}\n",
        path="x.md",
        untrusted=True,
    )
    assert executable_parts(html) == []
    assert "<h2" in html and 'class="c"' not in html


def test_listing_links_get_nofollow_ugc() -> None:
    html = render_markdown("[x](https://a.example)", path="x.md", untrusted=True)
    assert 'rel="nofollow ugc noopener noreferrer"' in html


def test_json_for_script_cannot_close_its_element_and_still_parses() -> None:
    value = {"title": "</script><script>alert(1)</script>", "amp": "a & b", "sep": "\u2028"}
    text = str(json_for_script(value))
    assert "</" not in text and "<" not in text and "&" not in text and "\u2028" not in text
    assert json.loads(text) == value
