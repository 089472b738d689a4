"""Pagefind's index in a fixed order, so the same pages give the same bytes.

Pagefind 1.5 lists each filter's values, the filters and the sort orders in the
order of randomly seeded hash maps (a TODO in its ``index/mod.rs``), so two runs over
the same pages differ in ``pagefind/filter/*.pf_filter``, in the ``pf_meta`` file
that lists filters and sorts, and in ``pagefind-entry.json``, which names the
``pf_meta``. Here all three lists are put in sorted order and those files named as
Pagefind names them (a SHA-1 of the encoded bytes). Every other file is Pagefind's
own. If a file does not decode and encode back to the same bytes (a future format),
nothing is changed.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import logging
import struct
from typing import Any

log = logging.getLogger("mltl_site.pipeline")

_SIGNATURE = b"pagefind_dcd"


def in_order(files: dict[str, bytes], folder: str = "pagefind/") -> dict[str, bytes]:
    """``files`` (the bundle in ``folder``, by site path) with filters sorted, renamed to match."""
    try:
        return _reorder(files, folder)
    except (KeyError, ValueError, TypeError, IndexError, OSError, EOFError) as exc:
        log.debug("search index left in Pagefind's order: %s", exc)
        return files


def _reorder(files: dict[str, bytes], folder: str) -> dict[str, bytes]:
    out = dict(files)
    entry_path = f"{folder}pagefind-entry.json"
    entry_text = files[entry_path].decode("utf-8")
    entry = json.loads(entry_text)
    for language, info in sorted(entry["languages"].items()):
        meta_path = f"{folder}pagefind.{info['hash']}.pf_meta"
        meta = unpack(files[meta_path])
        taken: set[str] = set()
        listed = []
        for name, old in sorted(meta[3], key=lambda item: item[0]):
            index = unpack(out.pop(f"{folder}filter/{old}.pf_filter"))
            index[1].sort(key=lambda value: value[0])
            body = encode(index)
            new = _short(language, body, 7, taken)
            taken.add(new)
            out[f"{folder}filter/{new}.pf_filter"] = pack(body)
            listed.append([name, new])
        meta[3] = listed
        meta[4].sort(key=lambda item: item[0])  # the sort orders, by name
        body = encode(meta)
        meta_hash = _short(language, body, len(language) + 8, set())
        del out[meta_path]
        out[f"{folder}pagefind.{meta_hash}.pf_meta"] = pack(body)
        entry_text = entry_text.replace(f'"hash":"{info["hash"]}"', f'"hash":"{meta_hash}"')
    out[entry_path] = entry_text.encode("utf-8")
    return dict(sorted(out.items()))


def full_hash(data: bytes) -> str:
    """Pagefind's ``utils::full_hash``: SHA-1 bytes as hex, each without a leading zero."""
    return "".join(format(byte, "x") for byte in hashlib.sha1(data).digest())


def _short(language: str, body: bytes, length: int, taken: set[str]) -> str:
    """``en_`` and ``length`` characters of the hash; on a clash, longer as Pagefind does."""
    whole = f"{language}_{full_hash(body)}"
    cut = len(language) + 1 + length
    while whole[:cut] in taken and cut < len(whole):
        cut += 2
    return whole[:cut]


def unpack(data: bytes) -> Any:
    """The value in one of Pagefind's gzipped CBOR files; ValueError if it is not one."""
    raw = gzip.decompress(data)
    if not raw.startswith(_SIGNATURE):
        raise ValueError("not a Pagefind index file")
    body = raw[len(_SIGNATURE) :]
    value, end = decode(body)
    if end != len(body) or encode(value) != body:
        raise ValueError("index file does not round-trip")
    return value


def pack(body: bytes) -> bytes:
    """Encoded CBOR as Pagefind stores it: signed and gzipped."""
    return gzip.compress(_SIGNATURE + body, compresslevel=9, mtime=0)


# --- the CBOR Pagefind writes: unsigned and negative integers, strings, arrays ---------


def decode(data: bytes, at: int = 0) -> tuple[Any, int]:
    """One CBOR item of the kinds minicbor writes for Pagefind's index, and where it ends."""
    major, info = data[at] >> 5, data[at] & 0x1F
    at += 1
    if info < 24:
        argument = info
    elif info <= 27:
        size = 1 << (info - 24)
        argument = int.from_bytes(data[at : at + size], "big")
        at += size
    else:
        raise ValueError(f"unsupported CBOR item {data[at - 1]:#x}")
    if major == 0:
        return argument, at
    if major == 1:
        return -1 - argument, at
    if major in (2, 3):
        chunk = data[at : at + argument]
        if len(chunk) != argument:
            raise ValueError("truncated CBOR string")
        return (chunk if major == 2 else chunk.decode("utf-8")), at + argument
    if major == 4:
        items = []
        for _ in range(argument):
            item, at = decode(data, at)
            items.append(item)
        return items, at
    raise ValueError(f"unsupported CBOR major type {major}")


def encode(value: Any) -> bytes:
    """``value`` as CBOR with the shortest heads, as minicbor writes it."""
    if isinstance(value, bool):
        raise TypeError("booleans are not in Pagefind's index")
    if isinstance(value, int):
        return _head(0, value) if value >= 0 else _head(1, -1 - value)
    if isinstance(value, str):
        raw = value.encode("utf-8")
        return _head(3, len(raw)) + raw
    if isinstance(value, bytes):
        return _head(2, len(value)) + value
    if isinstance(value, list):
        return _head(4, len(value)) + b"".join(encode(item) for item in value)
    raise TypeError(f"cannot encode {type(value).__name__}")


def _head(major: int, argument: int) -> bytes:
    if argument < 24:
        return bytes([major << 5 | argument])
    for info, fmt in ((24, ">B"), (25, ">H"), (26, ">I"), (27, ">Q")):
        if argument < 1 << (8 * struct.calcsize(fmt)):
            return bytes([major << 5 | info]) + struct.pack(fmt, argument)
    raise ValueError("integer too large for CBOR")
