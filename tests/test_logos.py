"""Company logos: checked at load like every content file, published by content hash,
and a monogram for every company without one."""

from __future__ import annotations

import io
import re

import pytest
from PIL import Image

from conftest import SiteTree
from mltl_site.logos import MAX_BYTES, check_logo

GOOD_SVG = (
    '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" '
    'viewBox="0 0 64 64">\n'
    '  <defs><linearGradient id="g"><stop offset="0" stop-color="#123"/></linearGradient>\n'
    '  <path id="p" d="M0 0h64v64z"/></defs>\n'
    '  <rect width="64" height="64" fill="url(#g)"/>\n'
    '  <use xlink:href="#p"/><use href="#p" style="fill: url(#g)"/>\n'
    "</svg>\n"
)


def png(width: int = 128, height: int = 128, mode: str = "RGBA") -> bytes:
    buffer = io.BytesIO()
    Image.new(mode, (width, height), (20, 40, 200, 255)[: len(mode)]).save(buffer, "PNG")
    return buffer.getvalue()


def svg_error(body: str, before: str = "") -> str:
    """The one error a logo whose <svg> holds ``body`` gives, as the build prints it."""
    text = before + '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10">\n' + body
    text += "\n</svg>\n"
    with pytest.raises(Exception) as caught:
        check_logo("acme", text.encode(), "content/companies/acme.svg")
    return str(caught.value)


def test_a_plain_svg_with_local_references_is_a_logo() -> None:
    logo = check_logo("acme", GOOD_SVG.encode(), "content/companies/acme.svg")
    assert (logo.kind, logo.width, logo.height) == ("svg", 64, 64)
    assert re.fullmatch(r"static/logos/acme\.[0-9a-f]{10}\.svg", logo.path)


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("<script>alert(1)</script>", ":2: a <script> element is not allowed"),
        ('<rect onclick="alert(1)" width="1" height="1"/>', ":2: event handler attribute onclick="),
        ('<g><set attributeName="href" to="javascript:x"/></g>', ":2: element <set> is not"),
        ("<foreignObject><p>x</p></foreignObject>", ":2: a <foreignObject> element"),
        ('<image href="https://evil.example/x.png"/>', ":2: element <image> is not allowed"),
        ('<use href="https://evil.example/s.svg#a"/>', ":2: href='https://evil.example/s.svg#a'"),
        (
            '<use xmlns:x="http://www.w3.org/1999/xlink" x:href="data:image/svg+xml,x"/>',
            ":2: href='data:image/svg+xml,x' points outside the logo",
        ),
        ('<rect fill="url(https://evil.example/#g)"/>', ":2: url(https://evil.example/#g) in"),
        ("<rect style=\"fill:url( 'a.svg#g' )\"/>", ":2: url(a.svg#g) in attribute style="),
        ("<style>@import 'https://evil.example/x.css';</style>", ":2: @import in a <style>"),
        ("<style>rect { fill: url(x.svg#y) }</style>", ":2: url(x.svg#y) in a <style>"),
        ('<h:p xmlns:h="http://www.w3.org/1999/xhtml">x</h:p>', ":2: element <p> from http"),
        ("<text>&bogus;</text>", ":2: not well-formed SVG: undefined entity"),
        ("<rect>", "not well-formed SVG: mismatched tag"),
    ],
)
def test_an_svg_that_could_load_or_run_anything_is_an_error_at_its_line(
    body: str, message: str
) -> None:
    error = svg_error(body)
    assert error.startswith("content/companies/acme.svg:")
    assert message in error


def test_entities_and_doctypes_are_refused_before_any_is_expanded() -> None:
    laughs = '<!DOCTYPE svg [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;">]>\n'
    assert "a DOCTYPE is not allowed" in svg_error("<text>&b;</text>", before=laughs)
    assert "processing instruction <?xml-stylesheet" in svg_error(
        "", before='<?xml-stylesheet href="https://evil.example/x.css"?>\n'
    )


def test_metadata_may_hold_editor_notes_from_other_namespaces() -> None:
    body = (
        '<metadata><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
        "<rdf:Description/></rdf:RDF></metadata>"
    )
    text = f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10">{body}</svg>'
    assert check_logo("acme", text.encode(), "c/acme.svg").width == 10


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('<html xmlns="http://www.w3.org/1999/xhtml"/>', "a logo's root must be <svg>"),
        ('<svg xmlns="http://www.w3.org/2000/svg"/>', "needs a viewBox"),
        ('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 a b"/>', "four numbers"),
        ('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 400 40"/>', "400 × 40 viewBox"),
        ('<svg xmlns="http://www.w3.org/2000/svg" width="0" height="8"/>', "has no size"),
    ],
)
def test_an_svg_needs_an_svg_root_and_a_squarish_size(text: str, message: str) -> None:
    with pytest.raises(Exception, match=re.escape(message)):
        check_logo("acme", text.encode(), "c/acme.svg")


def test_a_png_is_checked_for_type_size_and_dimensions() -> None:
    logo = check_logo("acme", png(128, 96), "c/acme.png")
    assert (logo.kind, logo.width, logo.height) == ("png", 128, 96)
    jpeg = io.BytesIO()
    Image.new("RGB", (64, 64)).save(jpeg, "JPEG")
    for raw, message in [
        (jpeg.getvalue(), "not a PNG file"),
        (png()[:60], "not a readable PNG"),
        (png(16, 16), "16 × 16 pixels; each side must be 32 to 2048"),
        (png(3000, 3000, "L"), "3000 × 3000 pixels"),
        (png(400, 64), "400 × 64 pixels; it is shown in a square"),
        (png() + b"\0" * MAX_BYTES, "a logo may be at most 100,000 bytes"),
    ]:
        with pytest.raises(Exception, match=re.escape(message)):
            check_logo("acme", raw, "c/acme.png")


def test_logo_errors_are_reported_with_every_other_content_error(tree: SiteTree) -> None:
    tree.write("companies/acme.svg", "<svg xmlns='http://www.w3.org/2000/svg'><script/></svg>")
    tree.write("companies/Globex.png", png())
    tree.write("companies/initech.gif", b"GIF89a")
    tree.write("jobs/acme-lead.md", "---\ntitle: x\n---\nBroken.\n")
    errors = tree.errors()
    assert any(e.startswith("content/jobs/acme-lead.md:") for e in errors)
    assert "content/companies/acme.svg:1: a <script> element is not allowed in a logo" in errors
    assert any(
        e.startswith("content/companies/Globex.png:1: file name 'Globex.png' is not a company slug")
        for e in errors
    )
    assert any(e.startswith("content/companies/initech.gif:1: unexpected file") for e in errors)


def test_a_logo_is_published_by_hash_and_shown_on_cards_and_its_job_page(tree: SiteTree) -> None:
    tree.write("companies/acme.svg", GOOD_SVG)
    files = tree.files()
    published = [p for p in files if p.startswith("static/logos/")]
    assert len(published) == 1
    assert re.fullmatch(r"static/logos/acme\.[0-9a-f]{10}\.svg", published[0])
    assert files[published[0]] == GOOD_SVG.encode()
    tag = f'<img class="mark__logo" src="/{published[0]}" alt="" width="64" height="64"'
    assert tag in files["jobs/index.html"].decode()
    assert tag in files["jobs/acme-lead/index.html"].decode()


def test_a_company_without_a_logo_gets_a_monogram_of_a_colour_its_name_decides(
    tree: SiteTree,
) -> None:
    html = tree.html("jobs/acme-lead/index.html")
    mark = re.search(
        r'<span class="mark mark--(\d+)[^"]*" aria-hidden="true" data-pagefind-ignore>A</span>',
        html,
    )
    assert mark, html
    again = SiteTree(tree.root).html("jobs/acme-lead/index.html")
    assert mark.group(0) in again


def test_a_logo_named_after_no_company_is_a_warning(tree: SiteTree) -> None:
    from mltl_site.pipeline import load_site

    tree.write("companies/acme-corp.svg", GOOD_SVG)
    warnings = [str(w) for w in load_site(tree.project, tree.options()).content.warnings]
    assert warnings == [
        "content/companies/acme-corp.svg:1: no listing's company is called 'acme-corp'; "
        'name the file after the company ("Acme Robotics" → acme-robotics.svg)'
    ]


def test_the_stylesheet_draws_monograms_in_the_colours_share_images_use() -> None:
    from conftest import REPO
    from mltl_site.marks import MARK_HEX

    css = (REPO / "static/css/site.css").read_text("utf-8")
    found = dict(re.findall(r"\.mark--(\d+) \{ background: (#[0-9a-f]{6}); \}", css))
    assert found == {str(n): colour for n, colour in enumerate(MARK_HEX)}


def test_initials_skip_legal_forms_and_keep_at_most_two_letters() -> None:
    from mltl_site.marks import colour_of, initials

    assert initials("Kinetica Robotics") == "KR"
    assert initials("Acme GmbH") == "A"
    assert initials("The Data Company of Zürich") == "DC"
    assert initials("ünicorn") == "Ü"
    assert colour_of("Acme") == colour_of("ACME")  # the name decides, not its case
