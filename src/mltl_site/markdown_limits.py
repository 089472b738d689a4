"""Limits that keep converting one Markdown document cheap, whatever it holds.

Python-Markdown scans forward from every ``[`` to find its closing bracket, and
its raw HTML pass scans forward from every ``<`` to find the end of the tag, so
long runs of either take time quadratic in the text; deep nesting of lists and
blockquotes ends in a RecursionError. ``scan`` refuses those shapes before
conversion, in one linear pass, with the line to change. ``Budget`` bounds the
rest: every inline match and every character the link patterns scan is counted,
and a document that uses more than its share is a content error.

Measured on this machine (Python-Markdown 3.11): 2,000 ``[`` in one paragraph
take 1.5 s, 8,000 take 54 s; 4,000 unclosed ``<a`` take 2.7 s, 16,000 take 37 s;
300 nested list levels raise RecursionError. The limits sit far above anything
the shipped content or the benchmark's bodies use (see ``tests/test_hostile.py``),
and at each limit a document converts in well under a second.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# Unescaped `[` in one paragraph, list item or table row: a link costs two.
MAX_BRACKETS = 200
# `*` and `_` in one paragraph: emphasis is linear, but a wall of markers is no prose.
MAX_EMPHASIS = 2000
# Backticks in one paragraph.
MAX_BACKTICKS = 1000
# Lists and blockquotes inside each other; ordinary writing uses three or four.
MAX_NESTING = 16
# Characters the raw HTML pass may scan from tag starts (`<a`, `</`, `<!`) to their `>`.
MAX_TAG_SCAN = 1_000_000
# Work units per document: one per inline match plus each character a link scans.
WORK_BUDGET = 2_000_000

_TAB = 4
_MARKER = re.compile(r"(?:[-*+]|\d{1,9}[.)])(?=[ \t]|\Z)")
_TAG_OR_END = re.compile(r"<[A-Za-z/!?]|>")
_ESCAPED = re.compile(r"\\[\[*_`]")
# A link reference definition is taken out before inline parsing: it starts afresh.
_REFERENCE = re.compile(r" {0,3}\[[^\]]+\]:[ \t]")


@dataclass(frozen=True)
class Problem:
    """Something wrong in a Markdown text, ``offset`` lines below its first line."""

    offset: int
    message: str


class BudgetExceeded(Exception):
    """Raised inside a conversion that has used its whole work budget."""

    def __init__(self, text: str) -> None:
        super().__init__("work budget exceeded")
        self.text = text


class Budget:
    """Counts the work of one conversion and stops it past ``limit`` units."""

    def __init__(self, limit: int = WORK_BUDGET) -> None:
        self.limit = limit
        self.used = 0

    def charge(self, units: int, text: str) -> None:
        self.used += max(units, 1)
        if self.used > self.limit:
            raise BudgetExceeded(text)


def scan(source: str) -> list[Problem]:
    """Every shape in ``source`` that would make conversion slow or crash, first per kind."""
    found: dict[str, Problem] = {}

    def note(kind: str, offset: int, message: str) -> None:
        found.setdefault(kind, Problem(offset, message))

    counts = {"[": 0, "*_": 0, "`": 0}
    for number, line in enumerate(source.split("\n")):
        depth = nesting(line)
        if depth > MAX_NESTING:
            note(
                "nesting",
                number,
                f"lists or blockquotes nested {depth} levels deep (at most {MAX_NESTING}); "
                "flatten the structure or use headings",
            )
        if not line.strip() or _starts_block(line):
            counts = dict.fromkeys(counts, 0)
        plain = _ESCAPED.sub("", line)
        counts["["] += plain.count("[")
        counts["*_"] += plain.count("*") + plain.count("_")
        counts["`"] += plain.count("`")
        if counts["["] > MAX_BRACKETS:
            note(
                "[",
                number,
                f"more than {MAX_BRACKETS} `[` in one paragraph; Markdown takes too long "
                "over so many brackets: split the paragraph, or write a literal bracket as \\[",
            )
        if counts["*_"] > MAX_EMPHASIS:
            note(
                "*_",
                number,
                f"more than {MAX_EMPHASIS} `*` and `_` in one paragraph; split the paragraph, "
                "or write literal ones as \\* and \\_",
            )
        if counts["`"] > MAX_BACKTICKS:
            note(
                "`",
                number,
                f"more than {MAX_BACKTICKS} backticks in one paragraph; split the paragraph "
                "or put the text in an indented code block",
            )
    tag = _tag_scan(source)
    if tag is not None:
        note(
            "<",
            source.count("\n", 0, tag),
            "too many `<` that start an HTML tag without closing it with `>`; "
            "write a literal `<` as &lt; or put it in `code`",
        )
    return sorted(found.values(), key=lambda limit: limit.offset)


def nesting(line: str) -> int:
    """How many lists and blockquotes a line sits in, by its markers and indentation."""
    depth = 0
    rest = line.expandtabs(_TAB)
    while rest:
        stripped = rest.lstrip(" ")
        indent = len(rest) - len(stripped)
        if indent >= _TAB:
            depth += indent // _TAB
            rest = rest[indent - indent % _TAB :]
            continue
        if stripped.startswith(">"):
            depth += 1
            rest = stripped[1:]
            continue
        marker = _MARKER.match(stripped)
        if marker is None:
            break
        depth += 1
        rest = stripped[marker.end() :]
        if rest[:1] in (" ", "\t"):
            rest = rest[1:]
    return depth


def _starts_block(line: str) -> bool:
    """A line that starts a new inline text: a list item, heading or table row."""
    stripped = line.lstrip(" >")
    return (
        bool(_MARKER.match(stripped))
        or stripped.startswith(("#", "|"))
        or bool(_REFERENCE.match(line))
    )


def _tag_scan(source: str) -> int | None:
    """The offset of a tag start past which the HTML pass would scan too far, if any.

    The cost of a tag start is the distance to the next ``>``; the total is worked
    out backwards in one pass, so even a hostile document is measured in linear time.
    """
    next_end = len(source)
    costs: list[tuple[int, int]] = []
    for match in reversed(list(_TAG_OR_END.finditer(source))):
        if match.group() == ">":
            next_end = match.start()
        else:
            costs.append((match.start(), next_end - match.start()))
    if sum(cost for _, cost in costs) <= MAX_TAG_SCAN:
        return None
    # Point at the first tag start that runs on furthest: the one to close or escape.
    longest = max(cost for _, cost in costs)
    return min(start for start, cost in costs if cost * 2 >= longest)
