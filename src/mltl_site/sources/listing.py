"""Listing files as imports write them: stable text, a digest, and the full checks.

The front matter is written by a small emitter rather than a YAML library so the
text is the same on every machine and every value reads back exactly as written
(the project's loader keeps plain ``2026-11-22`` as text for the models). The
digest is a SHA-256 of the file without its digest line: a file whose text no
longer matches was edited by hand.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import re
import tempfile
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from ..content import Job
from ..errors import BuildFailed, ContentError
from ..listings import Listing, Status
from ..loader import _FALSE, _FLOAT, _INT, _NULLS, _TRUE, parse_front_matter
from ..models import JobMeta
from ..seo import SOURCE_FIELDS, check_job_posting, job_posting
from ..validate import validate
from .convert import render_untrusted

FIELD_ORDER = tuple(JobMeta.model_fields)
_PLAIN = re.compile(r"[A-Za-z0-9][A-Za-z0-9 ._/+#-]*\Z")
_AWKWARD = re.compile(r"[\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff\ud800-\udfff]")
_DIGEST_LINE = re.compile(r'^  digest: "?([0-9a-f]{16,64})"?\n', re.MULTILINE)
# YAML 1.1 tools (PyYAML's safe_load) read these as booleans, so they are quoted.
_YAML11_WORDS = frozenset({"yes", "no", "on", "off", "y", "n"})
PLACEHOLDER = "0" * 64


def listing_text(fields: Mapping[str, Any], body: str, header: str | None = None) -> str:
    """The whole file for ``fields`` (in the models' order) and ``body``, digest filled in."""
    ordered = {key: fields[key] for key in FIELD_ORDER if key in fields}
    lines = ["---\n"]
    if header:
        lines += [f"# {line}\n" for line in header.splitlines()]
    lines += _emit(ordered, 0)
    lines.append("---\n")
    text = "".join(lines) + body.strip("\n") + "\n"
    if f"  digest: {PLACEHOLDER}\n" in text:
        text = text.replace(PLACEHOLDER, scalar(digest_of(text)), 1)
    return text


def digest_of(text: str) -> str:
    """SHA-256 of ``text`` without its digest line."""
    return hashlib.sha256(_DIGEST_LINE.sub("", text, count=1).encode("utf-8")).hexdigest()


def edited_by_hand(text: str) -> bool:
    """True unless the file still carries the digest of its own text."""
    match = _DIGEST_LINE.search(text)
    return match is None or match.group(1) != digest_of(text)


def _emit(data: Mapping[str, Any], depth: int) -> list[str]:
    pad = "  " * depth
    out: list[str] = []
    for key, value in data.items():
        if isinstance(value, Mapping):
            out.append(f"{pad}{key}:\n")
            out += _emit(value, depth + 1)
        elif isinstance(value, list) and value:
            out.append(f"{pad}{key}:\n")
            for item in value:
                if isinstance(item, Mapping):
                    inner = _emit(item, depth + 2)
                    out.append(f"{pad}  - {inner[0].lstrip()}")
                    out += inner[1:]
                else:
                    out.append(f"{pad}  - {scalar(item)}\n")
        elif isinstance(value, list):
            out.append(f"{pad}{key}: []\n")
        else:
            out.append(f"{pad}{key}: {scalar(value)}\n")
    return out


def scalar(value: object) -> str:
    """A YAML scalar that the project's loader reads back as exactly ``value``."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    text = str(value)
    reads_as_text = not (text in _NULLS or text in _TRUE or text in _FALSE
                         or _INT.match(text) or _FLOAT.match(text))  # fmt: skip
    plain = _PLAIN.match(text) and text.lower() not in _YAML11_WORDS and " #" not in text
    if reads_as_text and plain and text == text.strip():
        return text
    quoted = json.dumps(text, ensure_ascii=False)
    return _AWKWARD.sub(lambda m: f"\\u{ord(m.group()):04x}", quoted)


def check_listing(text: str, display: str, *, site_url: str, base_path: str) -> Job:
    """Everything the build checks of one listing file, or ``BuildFailed`` with each problem.

    The models, the untrusted-Markdown rules, and Google's JobPosting rules, so an
    imported or posted listing can never be the one that stops the build.
    """
    doc = parse_front_matter(text, display)
    meta = validate(JobMeta, doc)
    if not doc.body.strip():
        raise BuildFailed(
            [
                ContentError(
                    "the job description is empty", path=display, line=doc.body_line, field="body"
                )
            ]
        )
    body = render_untrusted(doc.body, path=display, line=doc.body_line)
    slug = Path(display).stem
    job = Job(slug, meta, body, display, doc)
    listing = Listing(job, Status.OPEN, 0, 0)
    data = job_posting(listing, lambda path: site_url + path, base_path)
    problems = [
        ContentError(
            f"JobPosting {prop} {message}",
            path=display,
            line=doc.line_of((SOURCE_FIELDS.get(prop.split(".")[0].split("[")[0], "title"),)),
            field=SOURCE_FIELDS.get(prop.split(".")[0].split("[")[0], "front matter"),
        )
        for prop, message in check_job_posting(data)
    ]
    if problems:
        raise BuildFailed(problems)
    return job


def write_atomic(path: Path, text: str) -> None:
    """Replace ``path`` with ``text`` so a reader sees the old file or the new, never half."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as out:
            out.write(text)
        Path(temporary).replace(path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
