"""Writing a built site: every path checked, then written beside the output and swapped in.

A failed build never touches the previous output; a good build replaces it whole,
so files no page produces any more are gone.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import shutil
import tempfile
from collections.abc import Iterable, Mapping
from pathlib import Path

from .errors import BuildFailed, OutputError
from .urls import is_safe_relative, safe_join

MARKER = ".mltl-site"
_MARKER_TEXT = "Built by mltl-site. This folder is replaced whole by every build.\n"


def check_paths(entries: Iterable[tuple[str, str | None]]) -> None:
    """Refuse unsafe output paths and paths that collide, also by letter case."""
    errors: list[OutputError] = []
    seen: dict[str, tuple[str, str | None]] = {}
    for path, source in entries:
        if not is_safe_relative(path):
            errors.append(OutputError(f"unsafe output path {path!r}", path=source))
            continue
        key = path.casefold()
        if key in seen:
            other, other_source = seen[key]
            same = "the same path" if other == path else "paths that differ only in letter case"
            errors.append(
                OutputError(
                    f"two pages write {same}: /{other} (from {other_source or 'the site'}) "
                    f"and /{path}; rename one",
                    path=source or other_source,
                )
            )
            continue
        seen[key] = (path, source)
    if errors:
        raise BuildFailed(errors)


def write_output(out_dir: Path, files: Mapping[str, bytes]) -> None:
    """Write ``files`` into a new folder beside ``out_dir``, then swap it into place."""
    out_dir = out_dir.absolute()
    _refuse_foreign_folder(out_dir)
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}.tmp-", dir=out_dir.parent))
    try:
        staging.chmod(0o755)  # mkdtemp makes it private; a web server must read it
        for name in sorted(files):
            target = safe_join(staging, name)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(files[name])
        (staging / MARKER).write_text(_MARKER_TEXT, encoding="utf-8")
        _swap(staging, out_dir)
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def _refuse_foreign_folder(out_dir: Path) -> None:
    if not out_dir.exists():
        return
    if not out_dir.is_dir() or out_dir.is_symlink():
        raise BuildFailed(
            [OutputError(f"{out_dir} exists and is not a folder; choose another --out")]
        )
    if any(out_dir.iterdir()) and not (out_dir / MARKER).is_file():
        raise BuildFailed(
            [
                OutputError(
                    f"{out_dir} is not empty and was not made by mltl-site; "
                    "refusing to replace it (empty it or choose another --out)"
                )
            ]
        )


def _swap(staging: Path, out_dir: Path) -> None:
    """Put ``staging`` at ``out_dir``; afterwards ``staging`` holds the old output, if any."""
    if not out_dir.exists():
        staging.rename(out_dir)
        return
    if _exchange(staging, out_dir):
        return
    # Without an atomic exchange there is a moment with no output folder, never a mixed one.
    old = staging.with_name(staging.name + "-old")
    out_dir.rename(old)
    staging.rename(out_dir)
    old.rename(staging)


_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


def _exchange(a: Path, b: Path) -> bool:
    """Swap two folders atomically with Linux ``renameat2``; False where unsupported."""
    libc_name = ctypes.util.find_library("c")
    if os.name != "posix" or libc_name is None:
        return False
    libc = ctypes.CDLL(libc_name, use_errno=True)
    renameat2 = getattr(libc, "renameat2", None)
    if renameat2 is None:
        return False
    result = renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE)
    return bool(result == 0)
