"""Running Pagefind: the binary from the ``pagefind`` wheels over a chosen set of pages.

Pagefind reads a folder holding only the pages to index, linked from the output,
so what is indexed is what the page graph says, whatever else the site holds. A run
can be stopped (the dev server does so when another save comes in).
"""

from __future__ import annotations

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
    exe = binary()
    # No pagefind.yml of the project's or PAGEFIND_* variable changes the index.
    env = {k: v for k, v in os.environ.items() if not k.startswith("PAGEFIND_")}
    try:
        with tempfile.TemporaryDirectory(prefix=".mltl-search-", dir=root.parent) as work:
            site, out = Path(work) / "site", Path(work) / "out"
            for page in pages:
                _link_or_copy(root / page, site / page)
            code, said = _run(
                [str(exe), "--site", str(site), "--output-path", str(out)], work, env, stop
            )
            if code != 0:
                lines = [line for line in said.splitlines() if line.strip()]
                reason = lines[-1] if lines else f"exit status {code}"
                raise SiteError(f"search: Pagefind could not index the site: {reason}")
            files = {
                p.relative_to(out).as_posix(): p.read_bytes()
                for p in sorted(out.rglob("*"))
                if p.is_file()
            }
    except OSError as exc:
        raise environment_error(exc, root / folder) from None
    unsafe = sorted(path for path in files if not is_safe_relative(folder + path))
    if unsafe:
        raise SiteError(f"search: Pagefind wrote a file with an unsafe name: {unsafe[0]!r}")
    kept = {
        folder + path: data
        for path, data in files.items()
        if path not in _UNUSED and (runtime or not _RUNTIME.fullmatch(path))
    }
    return in_order(kept, folder)


def _run(
    command: list[str], cwd: str, env: dict[str, str], stop: threading.Event | None
) -> tuple[int, str]:
    """Run ``command``; its exit status and what it printed. ``stop`` set: kill it, ``Stopped``."""
    with subprocess.Popen(
        command, cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    ) as process:
        while True:
            if stop is not None and stop.is_set():
                process.kill()
                process.communicate()
                raise Stopped
            try:
                said, _ = process.communicate(timeout=None if stop is None else 0.05)
            except subprocess.TimeoutExpired:
                continue
            return process.returncode, said


def _link_or_copy(source: Path, target: Path) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        os.link(source, target)
    except OSError:
        shutil.copyfile(source, target)
