"""Share images: a 1200 × 630 PNG per ``SocialCard``, drawn with Pillow at build time.

The words come from the page (title, company or kind of page, pay); the font is
DejaVu from Debian's ``fonts-dejavu-core``. Images are quantized to a small palette,
which keeps each one near 17 KB, and they are deterministic: the same words give
the same bytes.
"""

from __future__ import annotations

import hashlib
import io
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import TYPE_CHECKING

from ..errors import OutputError
from ..fonts import FONT_DIR, FONTS
from ..marks import MARK_HEX, CompanyMark
from ..views import SocialCard

if TYPE_CHECKING:
    from PIL import Image, ImageFont

WIDTH, HEIGHT = 1200, 630
COLOURS = 48  # palette size: enough for smooth text edges on a few flat colours
MARGIN = 80
BACKGROUND = "#15133a"
PANEL = "#1f1c52"
BRAND = "#6366f1"
INK = "#ffffff"
SOFT = "#c7d2fe"
MONEY = "#6ee7b7"
TITLE_SIZES = (68, 60, 52, 46)  # the largest that fits in three lines wins


@dataclass(frozen=True)
class CardPayload:
    """A card's words and the fonts' hash: everything its bytes depend on."""

    card: SocialCard
    fonts: str


@cache
def font_digest() -> str:
    """A hash of the font files, so cards are drawn again when the fonts change."""
    hasher = hashlib.blake2b(digest_size=8)
    for name in sorted(FONTS.values()):
        path = FONT_DIR / name
        hasher.update(name.encode() + (path.read_bytes() if path.is_file() else b"missing"))
    return hasher.hexdigest()


@cache
def _font(weight: str, size: int) -> ImageFont.FreeTypeFont:
    from PIL import ImageFont

    path = FONT_DIR / FONTS[weight]
    if not path.is_file():
        raise OutputError(
            f"share images need the DejaVu fonts ({path} is missing): install Debian's "
            "fonts-dejavu-core, or set social_cards: off in site.yaml",
            path="content/site.yaml",
        )
    return ImageFont.truetype(str(path), size)


def _wrap(text: str, font: ImageFont.FreeTypeFont, width: float) -> list[str]:
    lines: list[str] = []
    for word in text.split():
        trial = f"{lines[-1]} {word}" if lines else word
        if lines and font.getlength(trial) <= width:
            lines[-1] = trial
        else:
            lines.append(word)
    return lines


def _fit(text: str, width: float, max_lines: int) -> tuple[ImageFont.FreeTypeFont, list[str]]:
    """The largest title size whose lines fit; the last size's lines are cut with "…"."""
    for size in TITLE_SIZES:
        font = _font("bold", size)
        lines = _wrap(text, font, width)
        if len(lines) <= max_lines and all(font.getlength(line) <= width for line in lines):
            return font, lines
    lines = lines[:max_lines]
    while font.getlength(lines[-1] + "…") > width and " " in lines[-1]:
        lines[-1] = lines[-1].rsplit(" ", 1)[0]
    lines[-1] += "…"
    return font, lines


@cache
def _backdrop(site: str) -> Image.Image:
    """What every card of one site shares: colours, panel, rule, the site's mark and name."""
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (WIDTH, HEIGHT), BACKGROUND)
    draw = ImageDraw.Draw(image)
    draw.rounded_rectangle((820, -120, 1320, 380), radius=120, fill=PANEL)
    draw.rectangle((0, HEIGHT - 14, WIDTH, HEIGHT), fill=BRAND)
    draw.rounded_rectangle((MARGIN, 64, MARGIN + 44, 108), radius=10, fill=BRAND)
    draw.line([(MARGIN + 11, 98), (MARGIN + 11, 76), (MARGIN + 22, 88), (MARGIN + 33, 76),
               (MARGIN + 33, 98)], fill=INK, width=4, joint="curve")  # fmt: skip
    draw.text((MARGIN + 60, 86), site, font=_font("bold", 28), fill=SOFT, anchor="lm")
    return image


def _draw(card: SocialCard) -> Image.Image:
    """The card in full colour, before it is reduced to a palette."""
    from PIL import ImageDraw

    image = _backdrop(card.site).copy()
    draw = ImageDraw.Draw(image)
    text_width = WIDTH - 2 * MARGIN - (170 if card.mark else 0)
    if card.mark is not None:
        box = (WIDTH - MARGIN - 132, 150, WIDTH - MARGIN, 282)
        draw.rounded_rectangle(box, radius=28, fill=MARK_HEX[card.mark.colour])
        centre = ((box[0] + box[2]) / 2, (box[1] + box[3]) / 2)
        draw.text(centre, card.mark.initials, font=_font("bold", 56), fill=INK, anchor="mm")
    y = 190.0
    kicker = _font("regular", 34)
    for line in _wrap(card.kicker, kicker, text_width)[:1]:
        draw.text((MARGIN, y), line, font=kicker, fill=SOFT, anchor="ls")
    y += 30
    title, lines = _fit(card.title, text_width, 3)
    step = title.size * 1.18
    for line in lines:
        y += step
        draw.text((MARGIN, y), line, font=title, fill=INK, anchor="ls")
    if card.detail:
        detail = _font("bold", 38)
        for line in _wrap(card.detail, detail, WIDTH - 2 * MARGIN)[:1]:
            draw.text((MARGIN, min(y + 84, HEIGHT - 70)), line, font=detail, fill=MONEY,
                      anchor="ls")  # fmt: skip
    return image


@cache
def _palette(site: str, colour: int | None) -> Image.Image:
    """A palette made once from a sample card with every colour and text edge a card has.

    Mapping a card onto a known palette is several times faster than finding one for
    each card, and every card with that mark colour shares the result.
    """
    from PIL import Image

    mark = None if colour is None else CompanyMark("Sample", "SW", colour)
    # A first title line long enough to run onto the panel, so those edges are sampled too.
    title = "Sample MMMMMMMMMMMMMMMMMMMMMM title Wg"
    sample = SocialCard(title, "Sample kicker", "$120,000 – $150,000 a year", site, mark)
    return _draw(sample).quantize(
        COLOURS, method=Image.Quantize.FASTOCTREE, dither=Image.Dither.NONE
    )


@lru_cache(maxsize=512)  # a process keeps its last few MB of cards: the dev server redraws none
def draw_card(payload: CardPayload) -> bytes:
    """The PNG bytes of one share image, about 15 ms of work and 15–20 KB."""
    from PIL import Image

    card = payload.card
    palette = _palette(card.site, card.mark.colour if card.mark else None)
    small = _draw(card).quantize(palette=palette, dither=Image.Dither.NONE)
    # zlib's default level is eight times faster than its best and only 20 % larger here.
    out = io.BytesIO()
    small.save(out, "PNG")
    return out.getvalue()
