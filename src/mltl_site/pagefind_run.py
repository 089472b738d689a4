"""Running Pagefind: the binary from the ``pagefind`` wheels over a chosen set of pages.

Pagefind reads a folder holding only the pages to index, linked from the output,
so what is indexed is what the page graph says, whatever else the site holds. A run
can be stopped (the dev server does so when another save comes in).
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import subprocess
import tempfile
import threading
from collections.abc import Sequence
from pathlib import Path

from .errors import SiteError
from .search_order import in_order
from .urls import is_safe_relative
from .write import environment_error

# Pagefind's own search UIs: the site draws its own (static/js/search.js), so they
# are not published.
_UNUSED = frozenset(
    {
        "pagefind-ui.js",
        "pagefind-ui.css",
        "pagefind-modular-ui.js",
        "pagefind-modular-ui.css",
        "pagefind-component-ui.js",
        "pagefind-component-ui.css",
        "pagefind-highlight.js",
    }
)
# The script, its worker and the WebAssembly every bundle carries; a merged shard is
# searched by the first bundle's, so only that one publishes them.
_RUNTIME = re.compile(r"(pagefind\.js|pagefind-worker\.js|wasm\.[A-Za-z0-9_-]+\.pagefind)")


def binary() -> Path:
    """The Pagefind binary from the ``pagefind`` package's wheels (or PAGEFIND_BINARY_PATH)."""
    try:
        from pagefind.service import get_executable
    except ImportError:
        found = None
    else:
        found = get_executable()
    if found is None or not found.is_file():
        raise SiteError(
            "search: the Pagefind binary is missing; install it with pip install 'pagefind[bin]'"
        )
    return found


def binary_identity() -> str:
    path = binary()
    info = path.stat()
    return f"{path}|{info.st_size}|{info.st_mtime_ns}"


class Stopped(Exception):
    """Indexing was stopped before Pagefind finished."""


def run_pagefind(
    root: Path,
    pages: Sequence[str],
    stop: threading.Event | None = None,
    folder: str = "pagefind/",
    runtime: bool = True,
) -> dict[str, bytes]:
    """Index ``pages`` (paths below ``root``) into a bundle in ``folder``; its files by site path.

    With ``runtime`` false the bundle leaves out the script and WebAssembly, for a
    shard merged into another bundle.
    """
    if not pages:
        return {}
    return Run(root, pages, folder, runtime).finish(stop)


class Run:
    """One Pagefind process, started at once; ``finish`` waits for its bundle.

    The build checks links while Pagefind indexes, so the process is started here
    and waited for later, with no thread in between (workers are forked from this
    process, and a fork must not copy another thread's locks).
    """

    def __init__(
        self, root: Path, pages: Sequence[str], folder: str = "pagefind/", runtime: bool = True
    ) -> None:
        self.root, self.folder, self.runtime = root, folder, runtime
        exe = binary()
        # No pagefind.yml of the project's or PAGEFIND_* variable changes the index.
        env = {k: v for k, v in os.environ.items() if not k.startswith("PAGEFIND_")}
        try:
            self.work = Path(tempfile.mkdtemp(prefix=".mltl-search-", dir=root.parent))
        except OSError as exc:
            raise environment_error(exc, root / folder) from None
        self.process: subprocess.Popen[bytes] | None = None
        try:
            site, self.out = self.work / "site", self.work / "out"
            for page in pages:
                _link_or_copy(root / page, site / page)
            # A file, not a pipe: nobody reads while the build checks links, and a full
            # pipe would stall Pagefind.
            with (self.work / "said.txt").open("wb") as said:
                self.process = subprocess.Popen(
                    [str(exe), "--site", str(site), "--output-path", str(self.out)],
                    cwd=self.work, env=env, stdout=said, stderr=subprocess.STDOUT,
                )  # fmt: skip
        except OSError as exc:
            self.cancel()
            raise environment_error(exc, root / folder) from None
        except BaseException:
            self.cancel()
            raise

    def finish(self, stop: threading.Event | None = None) -> dict[str, bytes]:
        """The bundle's files by site path, once Pagefind is done; ``stop`` set: ``Stopped``."""
        process = self.process
        assert process is not None, "finish() after cancel()"
        try:
            code = None
            while code is None:
                if stop is not None and stop.is_set():
                    raise Stopped
                with contextlib.suppress(subprocess.TimeoutExpired):
                    code = process.wait(timeout=None if stop is None else 0.05)
            said = (self.work / "said.txt").read_text(encoding="utf-8", errors="replace")
            if code != 0:
                lines = [line for line in said.splitlines() if line.strip()]
                reason = lines[-1] if lines else f"exit status {code}"
                raise SiteError(f"search: Pagefind could not index the site: {reason}")
            files = {
                p.relative_to(self.out).as_posix(): p.read_bytes()
                for p in sorted(self.out.rglob("*"))
                if p.is_file()
            }
        except OSError as exc:
            raise environment_error(exc, self.root / self.folder) from None
        finally:
            self.cancel()
        unsafe = sorted(path for path in files if not is_safe_relative(self.folder + path))
        if unsafe:
            raise SiteError(f"search: Pagefind wrote a file with an unsafe name: {unsafe[0]!r}")
        kept = {
            self.folder + path: data
            for path, data in files.items()
            if path not in _UNUSED and (self.runtime or not _RUNTIME.fullmatch(path))
        }
        return in_order(kept, self.folder)

    def cancel(self) -> None:
        """Stop Pagefind if it still runs and remove its working folder."""
        if self.process is not None:
            if self.process.poll() is None:
                self.process.kill()
                self.process.wait()
            self.process = None
        shutil.rmtree(self.work, ignore_errors=True)


def _link_or_copy(source: Path, target: Path) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        os.link(source, target)
    except OSError:
        shutil.copyfile(source, target)
