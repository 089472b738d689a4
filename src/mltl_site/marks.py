"""A company's mark: its logo from content, or a monogram on a colour its name decides.

The colour is one of ``MARK_COLOURS`` palette entries defined in the stylesheet for
both themes (each checked for contrast there), chosen by a hash of the name, so a
company keeps its colour from build to build and page to page.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Mapping
from dataclasses import dataclass

from .logos import Logo
from .urls import slugify

# The monogram backgrounds, white initials on each at 4.9:1 or more; site.css has the
# same values as .mark--0 … .mark--11 (a test keeps the two in step).
MARK_HEX = (
    "#b91c1c", "#c2410c", "#a16207", "#4d7c0f", "#15803d", "#0f766e",
    "#0e7490", "#1d4ed8", "#4338ca", "#6d28d9", "#a21caf", "#be185d",
)  # fmt: skip
MARK_COLOURS = len(MARK_HEX)
# Words that name a company's legal form, not the company: "Acme GmbH" is "A".
_LEGAL = frozenset({"inc", "ltd", "llc", "gmbh", "ag", "sa", "plc", "co", "corp", "the", "and"})
_WORD = re.compile(r"[^\W_]+")


@dataclass(frozen=True)
class CompanyMark:
    """What the ``company_mark`` macro draws: a published logo or initials on a colour."""

    name: str
    initials: str
    colour: int
    logo: str | None = None  # the logo's published site path
    width: int = 0
    height: int = 0


def initials(name: str) -> str:
    """``"Kinetica Robotics"`` → ``"KR"``; ``"Acme GmbH"`` → ``"A"``; at most two letters."""
    words = _WORD.findall(name)
    meaningful = [w for w in words if w.casefold() not in _LEGAL] or words
    return "".join(word[0] for word in meaningful[:2]).upper()


def colour_of(name: str) -> int:
    """A palette index from the name alone, the same on every build."""
    digest = hashlib.blake2b(name.casefold().encode(), digest_size=4).digest()
    return int.from_bytes(digest, "big") % MARK_COLOURS


def company_mark(name: str, logos: Mapping[str, Logo]) -> CompanyMark:
    """The mark of the company called ``name``: its logo if content has one."""
    logo = logos.get(slugify(name))
    if logo is None:
        return CompanyMark(name, initials(name), colour_of(name))
    return CompanyMark(
        name,
        initials(name),
        colour_of(name),
        logo.path,
        round(logo.width),
        round(logo.height),
    )
