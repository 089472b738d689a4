"""Reading content files strictly, keeping the line of every key and list item.

YAML is built from PyYAML's event stream (the C parser where present) rather than
its constructors, so that nothing is reinterpreted behind the editor's back:
``NO`` stays text, ``01234`` stays text, dates stay text for the models to check,
and anchors, aliases and tags are refused outright.
"""

from __future__ import annotations

import errno
import os
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from .errors import BuildFailed, ContentError

MAX_FILE_BYTES = 1 << 20
MAX_DEPTH = 24

Loc = tuple[str | int, ...]
LineMap = Mapping[Loc, int]

# The C parser is several times faster; the pure one is a fallback for odd platforms.
_Loader: type = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

_NULLS = frozenset({"", "~", "null", "Null", "NULL"})
_TRUE = frozenset({"true", "True", "TRUE"})
_FALSE = frozenset({"false", "False", "FALSE"})
# Leading zeros stay text (postcodes, IDs); no octal, hex, sexagesimal or underscores.
_INT = re.compile(r"[-+]?(?:0|[1-9][0-9]*)\Z")
_FLOAT = re.compile(r"[-+]?(?:0|[1-9][0-9]*)(?:\.[0-9]+(?:[eE][-+]?[0-9]+)?|[eE][-+]?[0-9]+)\Z")


@dataclass(frozen=True)
class Document:
    """One content file: its data with line numbers and, for Markdown, its body."""

    path: str
    data: Mapping[str, object]
    lines: LineMap = field(repr=False)
    start_line: int = 1
    body: str = ""
    body_line: int = 1

    def located(self) -> Document:
        """The same document with only its line numbers: what errors need after validation."""
        return Document(self.path, {}, self.lines, self.start_line, "", self.body_line)

    def line_of(self, loc: Loc) -> int:
        """The line of the deepest part of ``loc`` that exists in the file."""
        for end in range(len(loc), 0, -1):
            line = self.lines.get(loc[:end])
            if line is not None:
                return line
        return self.start_line


def read_bytes(path: Path, display: str) -> bytes:
    """A content file's bytes, refusing symbolic links and files over the size cap."""
    try:
        # O_NOFOLLOW: a link is refused by the open itself, with no window to swap one in.
        handle = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
    except OSError as exc:
        if exc.errno == errno.ELOOP or path.is_symlink():
            raise ContentError(
                "symbolic links are not allowed in content; copy the file instead",
                path=display,
                line=1,
            ) from None
        raise ContentError(f"cannot read the file: {exc.strerror}", path=display, line=1) from None
    with os.fdopen(handle, "rb") as file:
        size = os.fstat(file.fileno()).st_size
        if size > MAX_FILE_BYTES:
            raise ContentError(
                f"file is {size:,} bytes; content files may be at most {MAX_FILE_BYTES:,} bytes",
                path=display,
                line=1,
            )
        return file.read()


def decode(raw: bytes, display: str) -> str:
    """UTF-8 text (BOM and CRLF accepted) or a ``ContentError`` at the first bad line."""
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise ContentError(
            f"not valid UTF-8 (byte 0x{raw[exc.start]:02x}); save the file with UTF-8 encoding",
            path=display,
            line=line,
        ) from None
    if "\x00" in text:
        line = text[: text.index("\x00")].count("\n") + 1
        raise ContentError(
            "contains a NUL character; is this a text file?", path=display, line=line
        )
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        raise ContentError("file is empty", path=display, line=1)
    return text


def read_text(path: Path, display: str) -> str:
    """Read a UTF-8 text file (BOM and CRLF accepted) or raise a ``ContentError``."""
    return decode(read_bytes(path, display), display)


def parse_yaml_document(text: str, display: str) -> Document:
    """A YAML file's text whose top level is a mapping."""
    data, lines = parse_yaml(text, display, first_line=1)
    if not isinstance(data, dict):
        raise BuildFailed(
            [ContentError("the file must be a set of `key: value` fields", path=display, line=1)]
        )
    return Document(display, data, lines, start_line=1)


def load_yaml_file(path: Path, display: str) -> Document:
    """Read a YAML file whose top level is a mapping."""
    return parse_yaml_document(read_text(path, display), display)


def load_markdown_file(path: Path, display: str) -> Document:
    """Read a Markdown file that starts with a ``---`` fenced YAML front matter."""
    text = read_text(path, display)
    return parse_front_matter(text, display)


def load_plain_markdown(path: Path, display: str) -> Document:
    """Read a Markdown file without front matter."""
    text = read_text(path, display)
    return Document(display, {}, {}, start_line=1, body=text, body_line=1)


def parse_front_matter(text: str, display: str) -> Document:
    """Split ``---`` fenced front matter from the Markdown body and parse it."""
    lines = text.split("\n")
    if lines[0].rstrip() != "---":
        raise BuildFailed(
            [
                ContentError(
                    "missing front matter: the file must start with a line `---`, "
                    "then the fields, then `---` again",
                    path=display,
                    line=1,
                    field="front matter",
                )
            ]
        )
    close = next((i for i in range(1, len(lines)) if lines[i].rstrip() == "---"), None)
    if close is None:
        raise BuildFailed(
            [
                ContentError(
                    "front matter is not closed: add a line `---` after the last field",
                    path=display,
                    line=1,
                    field="front matter",
                )
            ]
        )
    front = "\n".join(lines[1:close])
    if not front.strip():
        raise BuildFailed(
            [ContentError("front matter is empty", path=display, line=1, field="front matter")]
        )
    data, line_map = parse_yaml(front, display, first_line=2)
    if not isinstance(data, dict):
        raise BuildFailed(
            [
                ContentError(
                    "front matter must be a set of `key: value` fields",
                    path=display,
                    line=2,
                    field="front matter",
                )
            ]
        )
    body = "\n".join(lines[close + 1 :])
    return Document(display, data, line_map, start_line=2, body=body, body_line=close + 2)


def parse_yaml(text: str, display: str, first_line: int = 1) -> tuple[object, dict[Loc, int]]:
    """Parse one YAML document into plain values and a map of each key's line."""
    builder = _Builder(display, first_line)
    try:
        value = builder.build(yaml.parse(text, Loader=_Loader))
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = first_line + (mark.line if mark is not None else 0)
        problem = exc.problem or exc.context or "invalid YAML"
        builder.errors.append(
            ContentError(f"invalid YAML: {problem}", path=display, line=line, field="yaml")
        )
        raise BuildFailed(builder.errors) from None
    except yaml.YAMLError as exc:
        builder.errors.append(
            ContentError(f"invalid YAML: {exc}", path=display, line=first_line, field="yaml")
        )
        raise BuildFailed(builder.errors) from None
    if builder.errors:
        raise BuildFailed(builder.errors)
    return value, builder.lines


class _Builder:
    """Turns a YAML event stream into dicts, lists and scalars, recording lines."""

    def __init__(self, display: str, first_line: int) -> None:
        self.display = display
        self.first_line = first_line
        self.lines: dict[Loc, int] = {}
        self.errors: list[ContentError] = []

    def build(self, events: Iterator[yaml.Event]) -> object:
        self.events = events
        self.pending: yaml.Event | None = None
        self.next()  # StreamStartEvent
        if isinstance(self.peek(), yaml.StreamEndEvent):
            return None
        self.next()  # DocumentStartEvent
        value = self.node((), 0)
        self.next()  # DocumentEndEvent
        event = self.next()
        if not isinstance(event, yaml.StreamEndEvent):
            self.error("a file holds one YAML document; remove the second `---`", event, "yaml")
            # Draining reports syntax errors further down rather than hiding them.
            for _ in events:
                pass
        return value

    def next(self) -> yaml.Event:
        if self.pending is not None:
            event, self.pending = self.pending, None
            return event
        return next(self.events)

    def peek(self) -> yaml.Event:
        if self.pending is None:
            self.pending = next(self.events)
        return self.pending

    def line(self, event: yaml.Event) -> int:
        mark = event.start_mark
        return self.first_line + (mark.line if mark is not None else 0)

    def error(self, message: str, event: yaml.Event, field: str) -> None:
        self.errors.append(
            ContentError(message, path=self.display, line=self.line(event), field=field)
        )

    def node(self, loc: Loc, depth: int) -> object:
        event = self.next()
        name = _dotted(loc) or "yaml"
        if depth > MAX_DEPTH:
            self.error(f"nested more than {MAX_DEPTH} levels deep", event, name)
            raise BuildFailed(self.errors)
        if isinstance(event, yaml.AliasEvent):
            self.error(
                f"aliases (*{event.anchor}) are not allowed; write the value out", event, name
            )
            return None
        anchor = getattr(event, "anchor", None)
        if anchor is not None:
            self.error(f"anchors (&{anchor}) are not allowed; write values out", event, name)
        tag = getattr(event, "tag", None)
        if tag is not None and tag != "!":
            shown = tag.replace("tag:yaml.org,2002:", "!!")
            self.error(f"tags ({shown}) are not allowed; quote the value instead", event, name)
        if isinstance(event, yaml.ScalarEvent):
            return _resolve(event)
        if isinstance(event, yaml.SequenceStartEvent):
            return self.sequence(loc, depth)
        if isinstance(event, yaml.MappingStartEvent):
            return self.mapping(loc, depth)
        raise AssertionError(f"unexpected YAML event {event!r}")  # pragma: no cover

    def sequence(self, loc: Loc, depth: int) -> list[object]:
        items: list[object] = []
        while True:
            peeked = self.peek()
            if isinstance(peeked, yaml.SequenceEndEvent):
                self.next()
                return items
            self.lines[(*loc, len(items))] = self.line(peeked)
            items.append(self.node((*loc, len(items)), depth + 1))

    def mapping(self, loc: Loc, depth: int) -> dict[str, object]:
        result: dict[str, object] = {}
        while True:
            key_event = self.next()
            if isinstance(key_event, yaml.MappingEndEvent):
                return result
            if not isinstance(key_event, yaml.ScalarEvent):
                self.error("keys must be plain names", key_event, _dotted(loc) or "yaml")
                raise BuildFailed(self.errors)
            key = key_event.value
            key_loc = (*loc, key)
            line = self.line(key_event)
            if key in result:
                self.error(
                    f"key given twice, on lines {self.lines[key_loc]} and {line}; keep one",
                    key_event,
                    _dotted(key_loc),
                )
                self.node((*key_loc, "#duplicate"), depth + 1)
                continue
            self.lines[key_loc] = line
            result[key] = self.node(key_loc, depth + 1)


def _resolve(event: yaml.ScalarEvent) -> object:
    value: str = event.value
    if not event.implicit[0]:  # quoted or block scalars are always text
        return value
    if value in _NULLS:
        return None
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    if _INT.match(value):
        return int(value)
    if _FLOAT.match(value):
        return float(value)
    return value


def _dotted(loc: Loc) -> str:
    """``('salary', 'min')`` → ``salary.min``; ``('skills', 2)`` → ``skills[2]``."""
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out


dotted = _dotted
