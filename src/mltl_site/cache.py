"""The build cache: what an output's inputs were, and its bytes, kept between builds.

- A page's identity is its inputs: ``fingerprint`` hashes the value a template is
  given, so two pages with equal keys render to equal bytes.
- ``Store`` keeps, under one folder per version of this code, parsed documents,
  rendered outputs (each verified by a checksum when read) and, per output folder,
  a manifest of what was written there and the fingerprint of the inputs.
- ``inputs_fingerprint`` is cheap and imports nothing heavy, so a build whose
  inputs did not change can stop before loading pydantic, Jinja or Markdown.

Everything here is best effort: an unreadable, corrupt, foreign or vanished cache
is a miss, never an error, so the output is always that of a clean build.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import enum
import hashlib
import json
import logging
import operator
import os
import pickle
import shutil
import sys
import tempfile
from collections.abc import Callable, Iterable, Iterator, Mapping
from functools import lru_cache
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)

FORMAT = 2
_PACKAGE = Path(__file__).resolve().parent


@lru_cache(maxsize=1)
def code_digest() -> str:
    """A hash of this package's code and of what else shapes its output (``shaping``), so
    a cache never outlives the code, libraries or fonts that wrote it."""
    hasher = hashlib.blake2b(f"{FORMAT}|{sys.version_info[:2]}".encode(), digest_size=16)
    for path in sorted(_PACKAGE.rglob("*.py")):
        hasher.update(path.relative_to(_PACKAGE).as_posix().encode() + b"\0")
        hasher.update(path.read_bytes())
    for part in shaping():
        hasher.update(part.encode() + b"\0")
    return hasher.hexdigest()


# The libraries whose versions change the bytes of a build, by module and distribution
# name: Markdown and nh3 make the HTML of documents, Jinja and MarkupSafe the pages,
# PyYAML and pydantic the parsed documents, Pillow the share images, Pagefind the index.
_SHAPING = {
    "markdown": "markdown", "nh3": "nh3", "jinja2": "jinja2", "markupsafe": "markupsafe",
    "yaml": "pyyaml", "pydantic": "pydantic", "pydantic_core": "pydantic_core",
    "PIL": "pillow", "pagefind_bin": "pagefind_bin",
}  # fmt: skip


def shaping() -> list[str]:
    """The installed versions of the libraries and fonts that shape the output.

    Found without importing anything (a no-op build must stay quick): each library's
    version from the name of its ``dist-info`` folder, the fonts by size and time. A
    cache restored in CI next to freshly installed, newer libraries is then a miss.
    """
    import importlib.util

    from .fonts import FONT_DIR, FONTS

    parts: list[str] = []
    folders: set[Path] = set()
    for module in _SHAPING:
        try:
            spec = importlib.util.find_spec(module)
        except (ImportError, ValueError):  # a broken install: the build will say so itself
            spec = None
        origin = spec.origin if spec is not None else None
        parts.append(f"{module}: {origin}")
        if origin:
            folders.add(Path(origin).parent.parent)
    wanted = set(_SHAPING.values())
    for folder in sorted(folders):
        try:
            names = sorted(entry.name for entry in folder.iterdir())
        except OSError:
            continue
        for name in names:
            project, _, version = name.removesuffix(".dist-info").rpartition("-")
            if name.endswith(".dist-info") and project.lower().replace("-", "_") in wanted:
                parts.append(f"{project.lower()} {version}")
    for font in sorted(FONTS.values()):
        try:
            info = (FONT_DIR / font).stat()
        except OSError:
            parts.append(f"{font}: missing")
        else:
            parts.append(f"{font}: {info.st_size} {info.st_mtime_ns}")
    return parts


def inputs_fingerprint(folders: Iterable[Path], facts: Iterable[str]) -> str:
    """Every file's path, size and modification time below ``folders``, plus ``facts``."""
    hasher = hashlib.blake2b(code_digest().encode(), digest_size=16)
    for fact in facts:
        hasher.update(fact.encode() + b"\0")
    for folder in folders:
        hasher.update(str(folder).encode() + b"\1")
        for path, info in _walk(folder):
            hasher.update(f"{path}|{info.st_size}|{info.st_mtime_ns}|{info.st_ino}\0".encode())
    return hasher.hexdigest()


def _walk(folder: Path) -> Iterator[tuple[str, os.stat_result]]:
    if not folder.is_dir():
        return
    stack = [folder]
    while stack:
        current = stack.pop()
        try:
            entries = sorted(os.scandir(current), key=lambda e: e.name)
        except OSError:
            continue
        for entry in entries:
            info = entry.stat(follow_symlinks=False)
            yield entry.path, info
            if entry.is_dir(follow_symlinks=False):
                stack.append(Path(entry.path))


# --- fingerprints of values ------------------------------------------------------


def fingerprint(*values: object) -> str:
    """A hash of plain values, dataclasses and models, as deep as they go.

    An object with a string ``digest`` stands for itself by it: listings, cards and
    documents carry one computed from everything they show. The values are written
    out by the C JSON encoder, which calls back only for records, so keying every
    page of a large board stays cheap.
    """
    text = json.dumps(values, default=_record, sort_keys=True, ensure_ascii=False,
                      check_circular=False, separators=(",", ":"))  # fmt: skip
    return hashlib.blake2b(text.encode(), digest_size=16).hexdigest()


def _record(value: object) -> object:
    """What the JSON encoder writes for a value it does not know."""
    digest = getattr(value, "digest", None)
    if isinstance(digest, str) and digest:
        return "#" + digest
    kind = type(value)
    getter = _GETTERS.get(kind)
    if getter is None:
        getter = _GETTERS[kind] = _getter_for(kind)
    if getter is not None:
        return [kind.__name__, *getter(value)]
    if isinstance(value, dt.date):
        return "d:" + value.isoformat()
    if isinstance(value, enum.Enum):
        return ["e", value.value]
    if isinstance(value, Mapping):
        return {str(k): v for k, v in value.items()}
    raise TypeError(f"cannot fingerprint a {kind.__name__}")


_GETTERS: dict[type, Any] = {}


def _getter_for(kind: type) -> Any:
    """How to read a record's fields in order, or None when it is not a record."""
    if dataclasses.is_dataclass(kind):
        names = tuple(f.name for f in dataclasses.fields(kind))
    else:
        fields = getattr(kind, "model_fields", None)
        if fields is None:
            return None
        names = tuple(fields)
    if not names:
        return lambda _value: ()
    getter = operator.attrgetter(*names)
    return getter if len(names) > 1 else (lambda value: (getter(value),))


def content_digest(data: bytes) -> str:
    return hashlib.blake2b(data, digest_size=16).hexdigest()


# --- the store ---------------------------------------------------------------------


def _bucket(key: str) -> str:
    """Which of 256 document files holds the document with digest ``key``."""
    return hashlib.blake2b(key.encode(), digest_size=1).hexdigest()


class Store:
    """The cache folder of one version of the code."""

    def __init__(self, folder: Path) -> None:
        self.root = folder
        self.folder = folder / f"v{FORMAT}-{code_digest()[:16]}"
        # The documents in each bucket file as last read or written, so a save rewrites
        # only the buckets that changed.
        self._buckets: dict[str, frozenset[str]] = {}

    @classmethod
    def open(cls, folder: Path) -> Store:
        store = cls(folder)
        store._drop_other_versions()
        return store

    def _drop_other_versions(self) -> None:
        try:
            for other in self.root.iterdir():
                if other.is_dir() and other.name.startswith("v") and other != self.folder:
                    shutil.rmtree(other, ignore_errors=True)
        except OSError:
            pass

    # outputs ---------------------------------------------------------------

    def entry_path(self, key: str) -> Path:
        return self.folder / "outputs" / key[:2] / key

    def get(self, key: str) -> bytes | None:
        """An output's bytes, if a whole and uncorrupted entry is there."""
        try:
            raw = self.entry_path(key).read_bytes()
        except OSError:
            return None
        digest, _, data = raw.partition(b"\n")
        if content_digest(data).encode() != digest:
            log.debug("cache entry %s is corrupt; rendering again", key)
            return None
        return data

    def put(self, key: str, data: bytes) -> None:
        self._write(self.entry_path(key), content_digest(data).encode() + b"\n" + data)

    def _write(self, path: Path, data: bytes) -> None:
        """Write whole or not at all, so a concurrent reader never sees half an entry."""
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            handle, temp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
            with os.fdopen(handle, "wb") as file:
                file.write(data)
            Path(temp).replace(path)
        except OSError as exc:
            log.debug("cache write to %s failed: %s", path, exc)

    # documents -------------------------------------------------------------

    def load_documents(self) -> dict[str, Any]:
        """The parsed documents, by digest; a bucket that does not read is a miss."""
        found: dict[str, Any] = {}
        self._buckets = {}
        try:
            paths = sorted((self.folder / "documents").glob("*.pickle"))
        except OSError:
            return found
        for path in paths:
            try:
                with path.open("rb") as file:
                    value = pickle.load(file)
            except Exception as exc:  # a corrupt or foreign file is a miss, whatever broke
                log.debug("document cache %s unreadable (%s); parsing its files", path.name, exc)
                continue
            if isinstance(value, dict) and all(_bucket(key) == path.stem for key in value):
                found.update(value)
                self._buckets[path.stem] = frozenset(value)
        return found

    def save_documents(self, documents: Mapping[str, Any]) -> None:
        """Write the buckets whose documents changed since the load; an edit writes one or two."""
        wanted: dict[str, dict[str, Any]] = {}
        for key in sorted(documents):
            wanted.setdefault(_bucket(key), {})[key] = documents[key]
        folder = self.folder / "documents"
        try:
            folder.mkdir(parents=True, exist_ok=True)
            for name in sorted(set(wanted) | set(self._buckets)):
                held = wanted.get(name, {})
                if frozenset(held) == self._buckets.get(name):
                    continue
                if not held:
                    (folder / f"{name}.pickle").unlink(missing_ok=True)
                    continue
                handle, temp = tempfile.mkstemp(dir=folder, prefix=".tmp-")
                with os.fdopen(handle, "wb") as file:
                    pickle.dump(held, file, protocol=pickle.HIGHEST_PROTOCOL)
                Path(temp).replace(folder / f"{name}.pickle")
        except OSError as exc:
            log.debug("cache write to %s failed: %s", folder, exc)
            return
        self._buckets = {name: frozenset(held) for name, held in wanted.items()}

    # pieces of exports ---------------------------------------------------------

    def pieces(self, name: str, context: str) -> Pieces:
        """The pieces export ``name`` was last assembled from: where each lies in that
        export, which the cache holds whole. Anything unreadable is no pieces."""
        try:
            raw = (self.folder / "pieces" / f"{name}.json").read_bytes()
            digest, _, data = raw.partition(b"\n")
            if content_digest(data).encode() != digest:
                return Pieces(context=context)
            index = json.loads(data)
            spans = {str(k): (int(a), int(b)) for k, (a, b) in index["spans"].items()}
            previous = self.get(str(index["output"]))
        except (OSError, ValueError, TypeError, KeyError):
            return Pieces(context=context)
        return Pieces(previous or b"", spans if previous else {}, context)

    def save_pieces(self, name: str, output_key: str, data: bytes, pieces: Pieces) -> None:
        """Note where this build's pieces lie in ``data``, the export cached as ``output_key``."""
        spans = pieces.spans_in(data)
        if spans is None:
            log.debug("%s is not laid out as its pieces; not keeping them", name)
            return
        text = json.dumps({"output": output_key, "spans": spans}, separators=(",", ":"))
        path = self.folder / "pieces" / f"{name}.json"
        self._write(path, content_digest(text.encode()).encode() + b"\n" + text.encode())

    # manifests of output folders --------------------------------------------

    def _manifest_path(self, out_dir: Path) -> Path:
        name = hashlib.blake2b(str(out_dir.absolute()).encode(), digest_size=12).hexdigest()
        return self.folder / "folders" / f"{name}.json"

    def manifest(self, out_dir: Path) -> Manifest:
        try:
            data = json.loads(self._manifest_path(out_dir).read_text(encoding="utf-8"))
            return Manifest(str(data["fingerprint"]), dict(data["files"]))
        except Exception:  # missing, corrupt or foreign: nothing can be reused
            return Manifest("", {})

    def save_manifest(self, out_dir: Path, manifest: Manifest) -> None:
        text = json.dumps(
            {"fingerprint": manifest.fingerprint, "files": manifest.files},
            sort_keys=True,
            separators=(",", ":"),
        )
        self._write(self._manifest_path(out_dir), text.encode())

    def prune(self, keep: Iterable[str]) -> None:
        """Drop output entries this build did not use, once they outnumber those it did."""
        wanted = set(keep)
        folder = self.folder / "outputs"
        try:
            present = [p for d in folder.iterdir() for p in d.iterdir()]
        except OSError:
            return
        if len(present) <= 2 * len(wanted):
            return
        for path in present:
            if path.name not in wanted:
                path.unlink(missing_ok=True)


class Pieces:
    """Assembles an export from per-listing pieces, reusing the last build's by key.

    ``jobs.json`` and the filter index hold every open listing: an edit changes one
    piece of thousands, so the rest are cut from the last export instead of being made
    again. An export is its pieces in order, one comma apart, closed by ``]}`` and a
    newline; ``spans_in`` checks that before the spans are kept.
    """

    def __init__(
        self,
        previous: bytes = b"",
        spans: Mapping[str, tuple[int, int]] | None = None,
        context: str = "",
    ) -> None:
        self.previous = previous
        self.spans = spans or {}
        self.context = context  # the digest of the site's settings, address, date and assets
        self.used: list[tuple[str, int]] = []  # each piece's key and length in bytes, in order
        self.made = 0

    def scope(self, *shared: object) -> Scope:
        """Pieces keyed by the context, ``shared`` (what every piece of one export depends
        on) and each piece's own parts."""
        return Scope(self, fingerprint(self.context, *shared))

    def spans_in(self, data: bytes) -> dict[str, tuple[int, int]] | None:
        """Where each piece used lies in ``data``; None unless it is laid out as above."""
        if not self.used or not data.endswith(b"]}\n"):
            return None
        spans: dict[str, tuple[int, int]] = {}
        end = len(data) - 3
        for key, length in reversed(self.used):
            start = end - length
            if start < 1 or data[start - 1 : start] not in (b",", b"["):
                return None
            spans[key] = (start, end)
            end = start - 1
        return spans if data[end : end + 1] == b"[" else None


@dataclasses.dataclass(frozen=True)
class Scope:
    pieces: Pieces
    base: str

    def get(self, parts: tuple[object, ...], make: Callable[[], str]) -> bytes:
        """The piece keyed by ``parts``: cut from the last export, or made and encoded."""
        key = fingerprint(self.base, *parts)
        span = self.pieces.spans.get(key)
        if span is not None:
            piece = self.pieces.previous[span[0] : span[1]]
        else:
            piece = make().encode()
            self.pieces.made += 1
        self.pieces.used.append((key, len(piece)))
        return piece


@dataclasses.dataclass
class Manifest:
    """What a build wrote into an output folder: path → [key, size, mtime_ns, inode]."""

    fingerprint: str
    files: dict[str, list[Any]]

    def reusable(self, out_dir: Path, path: str, key: str) -> Path | None:
        """The previous output's file for ``path`` if it has ``key`` and is untouched."""
        entry = self.files.get(path)
        if entry is None or entry[0] != key:
            return None
        file = out_dir / path
        try:
            info = file.stat()
        except OSError:
            return None
        if [info.st_size, info.st_mtime_ns, info.st_ino] != entry[1:4]:
            return None
        return file

    def intact(self, out_dir: Path) -> bool:
        """Every file the manifest names is in ``out_dir``, unchanged since it was written."""
        return bool(self.files) and all(
            self.reusable(out_dir, path, entry[0]) is not None for path, entry in self.files.items()
        )
