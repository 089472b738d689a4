"""Writing a built site: every path checked, written beside the output, then swapped in.

A failed build never touches the previous output; a good build replaces it whole,
so files no page produces any more are gone. Unchanged files are carried into the
new folder by hard link rather than written again. Faults of the machine (a full
disk, a read-only folder) are ``OutputError`` naming the path and the cause.
"""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import errno
import os
import shutil
import socket
import tempfile
from collections.abc import Iterable
from functools import cached_property
from pathlib import Path

from .errors import BuildFailed, OutputError
from .urls import is_safe_relative

MARKER = ".mltl-site"
_MARKER_TEXT = "Built by mltl-site. This folder is replaced whole by every build.\n"
_OWNER = ".mltl-staging"


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


def environment_error(exc: OSError, path: Path | str) -> OutputError:
    """An OS fault as the user sees it: the path, and what the system said."""
    reason = exc.strerror or str(exc)
    hint = {
        errno.ENOSPC: "; free some space and build again",
        errno.EACCES: "; check the folder's permissions or choose another --out",
        errno.EROFS: "; the file system is read-only, choose another --out",
        errno.EDQUOT: "; the disk quota is used up",
    }.get(exc.errno or 0, "")
    return OutputError(f"cannot write {path}: {reason}{hint}")


class _Folder:
    """Joins output paths under ``root``, checking each folder once, not each file.

    ``guard_links`` is for a folder that existed before the build: a symbolic link
    planted inside it must not lead a write outside it. A staging folder is made
    fresh by the build, which creates only folders and files in it, so it skips the
    ``resolve`` per folder (a tenth of a one-edit build's carrying over at 10,000
    listings).
    """

    root: Path
    guard_links: bool = True
    _checked: set[str]

    def path(self, relative: str) -> Path:
        if not is_safe_relative(relative):
            raise ValueError(f"unsafe output path {relative!r}")
        # Strings, not pathlib: this runs once per file, pathlib's joins cost more than the rest.
        target = f"{self._root_text}/{relative}"
        parent = target.rpartition("/")[0]
        if parent not in self._checked:
            if self.guard_links:  # before making folders, so none is made through a link
                real = Path(parent).resolve()
                if real != self._real_root and self._real_root not in real.parents:
                    raise ValueError(f"output path {relative!r} leaves the output folder")
            Path(parent).mkdir(parents=True, exist_ok=True)
            self._checked.add(parent)
        return Path(target)

    @cached_property
    def _root_text(self) -> str:
        return os.fspath(self.root)

    @cached_property
    def _real_root(self) -> Path:
        return self.root.resolve()


class Staging(_Folder):
    """A new output folder being filled beside the one it will replace."""

    guard_links = False

    def __init__(self, out_dir: Path) -> None:
        self.out_dir = out_dir.absolute()
        refuse_foreign_folder(self.out_dir)
        try:
            self.out_dir.parent.mkdir(parents=True, exist_ok=True)
            clean_stale_staging(self.out_dir)
            self.root = Path(
                tempfile.mkdtemp(prefix=f".{self.out_dir.name}.tmp-", dir=self.out_dir.parent)
            )
            self.root.chmod(0o755)  # mkdtemp makes it private; a web server must read it
            (self.root / _OWNER).write_text(_owner_text(), encoding="utf-8")
        except OSError as exc:
            raise BuildFailed([environment_error(exc, self.out_dir.parent)]) from None
        self._checked = set()

    def write(self, relative: str, data: bytes) -> Path:
        target = self.path(relative)
        target.write_bytes(data)
        return target

    def link(self, relative: str, existing: Path) -> Path | None:
        """Carry an unchanged file over by hard link; None where links do not work."""
        target = self.path(relative)
        try:
            os.link(existing, target)
        except OSError:
            return None
        return target

    def commit(self, keep: Iterable[str] = (), previous: Iterable[str] = ()) -> None:
        """Swap the new folder into place; the old one is removed."""
        try:
            (self.root / MARKER).write_text(_MARKER_TEXT, encoding="utf-8")
            _swap(self.root, self.out_dir)
        except OSError as exc:
            self.abort()
            raise BuildFailed([environment_error(exc, self.out_dir)]) from None
        # The owner file stays until the swap, so no one takes a build in progress for stale.
        (self.out_dir / _OWNER).unlink(missing_ok=True)
        self.abort()

    def abort(self) -> None:
        shutil.rmtree(self.root, ignore_errors=True)
        shutil.rmtree(self.root.with_name(self.root.name + "-old"), ignore_errors=True)


class LiveFolder(_Folder):
    """The dev server's served folder, updated in place one file at a time.

    Each file is replaced whole (written beside it, then renamed over it), so a
    browser reading during a rebuild gets the old page or the new one.
    """

    def __init__(self, out_dir: Path) -> None:
        self.root = out_dir.absolute()
        try:
            self.root.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise BuildFailed([environment_error(exc, self.root)]) from None
        self._checked = set()

    def write(self, relative: str, data: bytes) -> Path:
        target = self.path(relative)
        temp = target.with_name(f".{target.name}.new")
        temp.write_bytes(data)
        temp.replace(target)
        return target

    def link(self, relative: str, existing: Path) -> Path | None:
        target = self.path(relative)
        return target if existing == target else None

    def commit(self, keep: Iterable[str], previous: Iterable[str] = ()) -> None:
        """Remove the files of ``previous`` (the last build's) that this build did not write."""
        wanted = set(keep)
        for relative in sorted(set(previous) - wanted, reverse=True):
            if not is_safe_relative(relative):
                continue
            path = self.root.joinpath(*relative.split("/"))
            if path.is_file() and not path.is_symlink():
                path.unlink(missing_ok=True)
                # Drop the folders that emptied, up to the root.
                for folder in path.parents:
                    if folder == self.root or not folder.is_dir() or any(folder.iterdir()):
                        break
                    folder.rmdir()
        (self.root / MARKER).write_text(_MARKER_TEXT, encoding="utf-8")

    def abort(self) -> None:
        """Nothing to undo: every file was replaced whole."""


def _owner_text() -> str:
    return f"{socket.gethostname()}\n{os.getpid()}\n"


def clean_stale_staging(out_dir: Path) -> None:
    """Remove staging folders of this output left by builds that were killed.

    A folder is ours to remove when its owner file names a process of this host
    that is gone, or when it is a replaced output (our marker, no owner file): a
    build in progress keeps its owner file until its folder has been swapped in.
    """
    prefix = f".{out_dir.name}.tmp-"
    with contextlib.suppress(OSError):
        for folder in out_dir.parent.iterdir():
            if not folder.name.startswith(prefix) or not folder.is_dir() or folder.is_symlink():
                continue
            owner = folder / _OWNER
            if not owner.exists():
                if (folder / MARKER).is_file():
                    shutil.rmtree(folder, ignore_errors=True)
                continue
            try:
                host, pid = owner.read_text(encoding="utf-8").split("\n")[:2]
            except (OSError, ValueError):
                continue
            if host == socket.gethostname() and not _alive(int(pid) if pid.isdigit() else -1):
                shutil.rmtree(folder, ignore_errors=True)


def _alive(pid: int) -> bool:
    if pid <= 0:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def refuse_foreign_folder(out_dir: Path) -> None:
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
