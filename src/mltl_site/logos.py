"""Company logos from ``content/companies/<company-slug>.svg|png``, checked before use.

A logo is published as it was given, under a content-hashed name, and shown with
``<img>`` (where a browser never runs an SVG's script anyway). It is still checked
strictly, so a bad file is an error with its line: PNGs by Pillow (type, size,
pixel dimensions), SVGs by a strict XML parse that refuses any DTD or entity,
script, event handler, ``foreignObject``, and every reference that is not to a
``#id`` in the same file.
"""

from __future__ import annotations

import hashlib
import io
import re
import warnings
import xml.parsers.expat
from dataclasses import dataclass, field

from .errors import ContentError, ContentWarning

FOLDER = "companies"
MAX_BYTES = 100_000
MIN_SIDE = 32  # pixels: smaller is a blur at the size marks are shown
MAX_SIDE = 2048
MAX_ASPECT = 4.0  # marks sit in a square: a banner this wide would be a sliver
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"

SVG_NS = "http://www.w3.org/2000/svg"
XLINK_NS = "http://www.w3.org/1999/xlink"
# What a logo may draw with; anything else (script, foreignObject, animation that can
# rewrite links, embedded documents) is refused.
SVG_ELEMENTS = frozenset(
    ("svg", "g", "defs", "symbol", "use", "title", "desc", "metadata", "path", "rect",
     "circle", "ellipse", "line", "polyline", "polygon", "text", "tspan", "textPath",
     "linearGradient", "radialGradient", "stop", "clipPath", "mask", "pattern", "marker",
     "filter", "style", "switch")
)  # fmt: skip
FILTER_PREFIX = "fe"  # feGaussianBlur, feOffset…: filter primitives draw, they do not load
_SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*\Z")
_LOCAL_REF = re.compile(r"#[A-Za-z_][\w.:-]*\Z")
_URL = re.compile(r"url\(\s*(['\"]?)(.*?)\1\s*\)", re.I | re.S)
_NUMBER = r"[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?"
_LENGTH = re.compile(rf"\s*({_NUMBER})\s*(px)?\s*\Z")


@dataclass(frozen=True)
class Logo:
    """A checked logo: its company slug, type, size in pixels and bytes."""

    slug: str
    kind: str  # "svg" or "png"
    width: float
    height: float
    source: str
    data: bytes = field(repr=False)

    @property
    def digest(self) -> str:
        return hashlib.blake2b(self.data, digest_size=16).hexdigest()

    @property
    def path(self) -> str:
        """Where the build publishes it: a new name whenever its bytes change."""
        return f"static/logos/{self.slug}.{self.digest[:10]}.{self.kind}"


def logo_name_problem(name: str, is_dir: bool, taken: set[str]) -> str | None:
    """Why ``companies/<name>`` cannot be a logo, or None."""
    stem, _, suffix = name.rpartition(".")
    if is_dir or suffix not in ("svg", "png") or not stem:
        return (
            f"unexpected {'folder' if is_dir else 'file'}: {FOLDER}/ holds one logo per "
            "company, named after it: acme-robotics.svg or acme-robotics.png"
        )
    if not _SLUG.match(stem):
        return (
            f"file name {name!r} is not a company slug: the company's name in lowercase "
            "letters, digits and hyphens, e.g. acme-robotics.svg"
        )
    if stem in taken:
        return f"a second logo for {stem}: keep {stem}.svg or {stem}.png, not both"
    return None


def orphan_logos(logos: dict[str, Logo], companies: set[str]) -> tuple[ContentWarning, ...]:
    """Logos named after no listing's company: usually a misspelt file name."""
    return tuple(
        ContentWarning(
            f"no listing's company is called {slug!r}; name the file after the company "
            '("Acme Robotics" → acme-robotics.svg)',
            path=logo.source,
            line=1,
        )
        for slug, logo in sorted(logos.items())
        if slug not in companies
    )


def check_logo(slug: str, raw: bytes, display: str) -> Logo:
    """``raw`` as a ``Logo``, or a ``ContentError`` saying what is wrong and where."""
    kind = display.rsplit(".", 1)[-1].lower()
    if len(raw) > MAX_BYTES:
        raise ContentError(
            f"logo is {len(raw):,} bytes; a logo may be at most {MAX_BYTES:,} bytes "
            "(optimise it, or save a smaller PNG)",
            path=display,
            line=1,
        )
    width, height = _png_size(raw, display) if kind == "png" else _svg_size(raw, display)
    _check_dimensions(width, height, display, "pixels" if kind == "png" else "viewBox units")
    return Logo(slug, kind, width, height, display, raw)


def _check_dimensions(width: float, height: float, display: str, unit: str) -> None:
    if width <= 0 or height <= 0:
        raise ContentError(f"logo has no size ({width:g} × {height:g})", path=display, line=1)
    if max(width, height) / min(width, height) > MAX_ASPECT:
        raise ContentError(
            f"logo is {width:g} × {height:g} {unit}; it is shown in a square, so its sides "
            f"may differ at most {MAX_ASPECT:g} times (use the company's square mark)",
            path=display,
            line=1,
        )
    if unit == "pixels" and (min(width, height) < MIN_SIDE or max(width, height) > MAX_SIDE):
        raise ContentError(
            f"logo is {width:g} × {height:g} pixels; each side must be {MIN_SIDE} to "
            f"{MAX_SIDE} pixels",
            path=display,
            line=1,
        )


def _png_size(raw: bytes, display: str) -> tuple[float, float]:
    from PIL import Image  # Pillow loads only for boards with PNG logos

    if not raw.startswith(PNG_MAGIC):
        raise ContentError(
            "not a PNG file (its first bytes are not a PNG signature); "
            "logos are .png or .svg files",
            path=display,
            line=1,
        )
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(raw), formats=["PNG"]) as image:
                width, height = image.size
                image.verify()  # checks every chunk's checksum without decoding the pixels
    except (OSError, SyntaxError, ValueError, Image.DecompressionBombWarning) as exc:
        raise ContentError(f"not a readable PNG: {exc}", path=display, line=1) from None
    return float(width), float(height)


class _Refused(Exception):
    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def _svg_size(raw: bytes, display: str) -> tuple[float, float]:
    checker = _SvgChecker()
    try:
        checker.parser.Parse(raw, True)
    except _Refused as exc:
        raise ContentError(exc.message, path=display, line=checker.line) from None
    except xml.parsers.expat.ExpatError as exc:
        message = f"not well-formed SVG: {xml.parsers.expat.ErrorString(exc.code)}"
        raise ContentError(message, path=display, line=exc.lineno) from None
    try:
        checker.size = None if checker.root is None else _root_size(checker.root)
    except _Refused as exc:
        raise ContentError(exc.message, path=display, line=1) from None
    if checker.size is None:
        raise ContentError("not an SVG file: no <svg> element", path=display, line=1)
    return checker.size


class _SvgChecker:
    """Expat handlers that refuse anything in an SVG that could load or run something."""

    def __init__(self) -> None:
        parser = xml.parsers.expat.ParserCreate(namespace_separator=" ")
        parser.SetParamEntityParsing(xml.parsers.expat.XML_PARAM_ENTITY_PARSING_NEVER)
        parser.StartDoctypeDeclHandler = self._doctype
        parser.EntityDeclHandler = self._entity
        parser.ExternalEntityRefHandler = self._external_entity
        parser.SkippedEntityHandler = self._skipped_entity
        parser.ProcessingInstructionHandler = self._instruction
        parser.StartElementHandler = self._start
        parser.EndElementHandler = self._end
        parser.CharacterDataHandler = self._text
        self.parser = parser
        self.stack: list[str] = []
        self.root: dict[str, str] | None = None  # the <svg> element's attributes
        self.size: tuple[float, float] | None = None

    @property
    def line(self) -> int:
        return int(self.parser.CurrentLineNumber)

    def _doctype(self, *_: object) -> None:
        raise _Refused("a DOCTYPE is not allowed in a logo (it can declare entities)")

    def _entity(self, name: str, *_: object) -> None:
        raise _Refused(f"entity {name!r} is not allowed in a logo")

    def _external_entity(self, *_: object) -> int:
        raise _Refused("external entities are not allowed in a logo")

    def _skipped_entity(self, name: str, *_: object) -> None:
        raise _Refused(f"entity &{name}; is not allowed in a logo")

    def _instruction(self, target: str, _data: str) -> None:
        raise _Refused(f"processing instruction <?{target} …?> is not allowed in a logo")

    def _start(self, qualified: str, attrs: dict[str, str]) -> None:
        namespace, _, name = qualified.rpartition(" ")
        if not self.stack:
            if (namespace, name) != (SVG_NS, "svg"):
                raise _Refused(f"the root element is <{name}>; a logo's root must be <svg>")
            self.root = attrs
        inside_metadata = "metadata" in self.stack
        self.stack.append(name)
        if namespace != SVG_NS:
            if inside_metadata:
                return  # editors' RDF notes; never drawn
            raise _Refused(
                f"element <{name}> from {namespace or 'no namespace'} is not allowed in a logo "
                "(save it as plain SVG)"
            )
        if name == "script":
            raise _Refused("a <script> element is not allowed in a logo")
        if name == "foreignObject":
            raise _Refused("a <foreignObject> element is not allowed in a logo")
        if name not in SVG_ELEMENTS and not name.startswith(FILTER_PREFIX):
            raise _Refused(f"element <{name}> is not allowed in a logo")
        for key, value in attrs.items():
            _check_attribute(key.rpartition(" ")[2], value)

    def _end(self, _name: str) -> None:
        self.stack.pop()

    def _text(self, data: str) -> None:
        if self.stack and self.stack[-1] == "style":
            _check_css(data, "a <style> element")


def _check_attribute(name: str, value: str) -> None:
    if name.lower().startswith("on"):
        raise _Refused(f"event handler attribute {name}= is not allowed in a logo")
    if name in ("href", "src") and not _LOCAL_REF.match(value.strip()):
        raise _Refused(
            f"{name}={value.strip()[:60]!r} points outside the logo; only same-file "
            'references such as href="#shape" are allowed'
        )
    _check_css(value, f"attribute {name}=")


def _check_css(text: str, where: str) -> None:
    if "@import" in text.lower():
        raise _Refused(f"@import in {where} is not allowed in a logo")
    for match in _URL.finditer(text):
        target = match.group(2).strip()
        if not _LOCAL_REF.match(target):
            raise _Refused(
                f"url({target[:60]}) in {where} points outside the logo; only url(#id) "
                "references are allowed"
            )


def _root_size(attrs: dict[str, str]) -> tuple[float, float]:
    box = attrs.get("viewBox")
    if box is not None:
        parts = box.replace(",", " ").split()
        try:
            numbers = [float(p) for p in parts]
        except ValueError:
            numbers = []
        if len(numbers) != 4:
            raise _Refused(f"viewBox={box!r} must be four numbers: min-x min-y width height")
        return numbers[2], numbers[3]
    sizes = [_LENGTH.match(attrs.get(side, "")) for side in ("width", "height")]
    if sizes[0] is None or sizes[1] is None:
        raise _Refused("the <svg> element needs a viewBox (or width and height in pixels)")
    return float(sizes[0].group(1)), float(sizes[1].group(1))
