"""Search figures: what the Pagefind index adds to builds, its size, what one query fetches.

Usage:
    python benchmarks/search_bench.py                       # 1,000 and 10,000 listings
    python benchmarks/search_bench.py --listings 1000 --query kubernetes
    python benchmarks/search_bench.py --site _site          # a built site: size and bytes only

Boards come from ``benchmarks/synth.py`` when it is there (the benchmark's seeded
generator); otherwise from a small seeded generator below, which varies the shipped
listings. Builds run as fresh processes through the command line with ``-v``, and
the time indexing takes is read from the build's own note ("search index of N
pages made in S s"). Bytes per query: the search page is loaded in headless
Chromium from a loopback server, one query runs, and the sizes of the files it
fetched are added up. Figures are printed, never asserted.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlsplit

REPO = Path(__file__).resolve().parent.parent
SYNTH = Path(__file__).resolve().parent / "synth.py"
DATE = dt.date(2026, 11, 22)
CHROMIUM = "/usr/bin/chromium"
NOTE = re.compile(
    r"search index of (\d+) pages(?: in \d+ shards, \d+ remade \(\d+ pages\),)?"
    r" (made in ([0-9.]+) s, ([0-9.]+) s CPU|unchanged)"
)


@dataclass(frozen=True)
class Build:
    seconds: float
    index_seconds: float | None  # None: the index was carried over
    index_cpu: float | None
    indexed: int


def make_board(listings: int, into: Path) -> Path:
    """A project with ``listings`` synthetic listings; its root."""
    if SYNTH.is_file():
        cmd = [sys.executable, str(SYNTH), "--listings", str(listings), "--out", str(into)]
        subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL)
        return into
    return _minimal_board(listings, into)


def _minimal_board(listings: int, into: Path, seed: int = 1) -> Path:
    """The shipped project with its listings varied into ``listings`` open ones."""
    for name in ("content", "templates", "static"):
        shutil.copytree(REPO / name, into / name)
    jobs = into / "content/jobs"
    shipped = [p.read_text("utf-8") for p in sorted(jobs.glob("*.md"))]
    for path in jobs.glob("*.md"):
        path.unlink()
    rng = random.Random(seed)
    words = [
        f"{a}{b}" for a in ("ka", "lo", "mi", "ru", "te", "zo", "ve", "an") for b in range(250)
    ]
    skills = ["Python", "PyTorch", "Kubernetes", "Spark", "SQL", "Go", "Rust", "LLMs", "AWS", "GCP"]
    for number in range(listings):
        head = shipped[number % len(shipped)].partition("\n---\n")[0] + "\n"
        posted = DATE - dt.timedelta(days=rng.randrange(28))
        for field, value in (
            ("title", f"ML Tech Lead {number}"),
            ("date_posted", posted.isoformat()),
            ("valid_through", (DATE + dt.timedelta(days=30)).isoformat()),
            ("skills", "[" + ", ".join(rng.sample(skills, 4)) + "]"),
            ("draft", "false"),
        ):
            head = _set(head, field, value)
        body = " ".join(rng.choice(words) for _ in range(350))
        (jobs / f"synthetic-{number:05d}.md").write_text(f"{head}---\n{body}\n", "utf-8")
    return into


def _set(front: str, field: str, value: str) -> str:
    """Front matter with a top-level field (and any indented lines under it) set to ``value``."""
    pattern = re.compile(rf"^{field}:.*\n(?:[ -].*\n)*", re.M)
    line = f"{field}: {value}\n"
    return pattern.sub(line, front, count=1) if pattern.search(front) else front + line


def run_build(root: Path, out: Path, cache: Path) -> Build:
    cmd = [sys.executable, "-m", "mltl_site", "build", "-v", "--root", str(root),
           "--out", str(out), "--cache-dir", str(cache), "--date", DATE.isoformat()]  # fmt: skip
    started = time.perf_counter()
    done = subprocess.run(cmd, check=True, capture_output=True, text=True)
    seconds = time.perf_counter() - started
    found = NOTE.search(done.stderr)
    if found is None:
        raise SystemExit("the build printed no search note; is this version indexing?")
    index = float(found.group(3)) if found.group(3) else None
    cpu = float(found.group(4)) if found.group(4) else None
    return Build(seconds, index, cpu, int(found.group(1)))


def edit_one_listing(root: Path, out: Path) -> str:
    """Change the description of one listing the index holds; its file."""
    for page in sorted((out / "jobs").glob("*/index.html")):
        if b"data-pagefind-body" in page.read_bytes():
            slug = page.parent.name
            source = root / "content/jobs" / f"{slug}.md"
            if not source.is_file():
                source = next(
                    p
                    for p in (root / "content/jobs").glob("*.md")
                    if f"slug: {slug}\n" in p.read_text("utf-8")
                )
            source.write_text(source.read_text("utf-8") + "\nOne more sentence, edited.\n", "utf-8")
            return source.relative_to(root).as_posix()
    raise SystemExit("no indexed listing to edit")


def index_size(out: Path) -> tuple[int, int]:
    files = [p for p in (out / "pagefind").rglob("*") if p.is_file()]
    return sum(p.stat().st_size for p in files), len(files)


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@contextmanager
def serving(folder: Path) -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(_Quiet, directory=str(folder)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}/"
    finally:
        server.shutdown()
        server.server_close()


def bytes_for_query(out: Path, query: str) -> tuple[int, int, int]:
    """Bytes the search page and one query fetch: all, the index's part, result count."""
    from playwright.sync_api import sync_playwright

    fetched: list[str] = []
    with serving(out) as url, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        page = browser.new_page()
        page.on("request", lambda request: fetched.append(request.url))
        page.goto(url + "search/?q=" + query)
        page.wait_for_function("document.getElementById('search-status').textContent !== ''")
        page.wait_for_load_state("networkidle")
        status = page.locator("#search-status").inner_text()
        browser.close()
    sizes = {}
    for address in fetched:
        path = unquote(urlsplit(address).path).lstrip("/")
        file = out / path
        if file.is_dir() or path == "" or path.endswith("/"):
            file = file / "index.html"
        if file.is_file():
            sizes[path] = file.stat().st_size
    found = re.match(r"([\d,]+) results?", status)
    index = sum(size for path, size in sizes.items() if path.startswith("pagefind/"))
    return sum(sizes.values()), index, int(found.group(1).replace(",", "")) if found else 0


def report_site(out: Path, query: str) -> None:
    size, count = index_size(out)
    total, index, results = bytes_for_query(out, query)
    print(f"  index: {size / 1024:,.0f} KiB in {count} files")
    print(f"  one query ({query!r}, {results} results, first 10 shown): {total / 1024:,.0f} KiB")
    print(
        f"    of which Pagefind (script, wasm, index, filters, fragments): {index / 1024:,.0f} KiB"
    )


def bench(listings: int, query: str) -> None:
    with tempfile.TemporaryDirectory(prefix="search-bench-") as work:
        root = make_board(listings, Path(work) / "board")
        out, cache = Path(work) / "out", Path(work) / "cache"
        cold = run_build(root, out, cache)
        edited = edit_one_listing(root, out)
        edit = run_build(root, out, cache)
        print(f"{listings:,} listings ({cold.indexed:,} pages indexed):")
        print(f"  cold build {cold.seconds:.2f} s, of which indexing {cold.index_seconds:.2f} s "
              f"({cold.index_cpu:.2f} s CPU)")  # fmt: skip
        print(f"  one edit ({edited}): rebuild {edit.seconds:.2f} s, of which indexing "
              f"{edit.index_seconds or 0:.2f} s ({edit.index_cpu or 0:.2f} s CPU)")  # fmt: skip
        report_site(out, query)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--listings", type=int, nargs="*", default=[1000, 10000])
    parser.add_argument("--site", type=Path, help="a built site folder: size and bytes only")
    parser.add_argument("--query", default="python", help="the word searched (default python)")
    args = parser.parse_args()
    print("boards from " + ("benchmarks/synth.py" if SYNTH.is_file() else "the minimal generator"))
    if args.site is not None:
        print(f"{args.site}:")
        report_site(args.site, args.query)
        return 0
    for count in args.listings:
        bench(count, args.query)
    return 0


if __name__ == "__main__":
    sys.exit(main())
