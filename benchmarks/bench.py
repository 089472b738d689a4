"""Build and dev-server timings, printed as figures (never asserted: timings flake).

Usage: python benchmarks/bench.py [--listings 100 1000] [--repeat 5]

Measures, on a copy of the shipped site:
- a cold build in a fresh interpreter (imports included), as CI runs it;
- a warm rebuild in the same process, as the dev server runs it;
- the dev server's edit-to-reload time: save a file, wait for the reload message;
- builds of synthetic sites with many listings, to show how the build scales.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import functools
import json
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path

from tornado import ioloop, websocket
from tornado.httpclient import HTTPRequest

from mltl_site.config import BuildOptions, Project
from mltl_site.pipeline import build
from mltl_site.serve import DevServer

REPO = Path(__file__).resolve().parent.parent
DATE = dt.date(2026, 11, 22)
OPTIONS = BuildOptions(build_date=DATE)


def copy_project(into: Path) -> Project:
    for name in ("content", "templates", "static"):
        shutil.copytree(REPO / name, into / name)
    return Project.at(into)


def median(run: Callable[[], float], repeat: int) -> tuple[float, float]:
    samples = [run() for _ in range(repeat)]
    return statistics.median(samples), min(samples)


def cold_build(project: Project, out: Path) -> float:
    started = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "mltl_site", "build", "-q", "--root", str(project.root),
         "--out", str(out), "--date", DATE.isoformat()],
        check=True,
    )  # fmt: skip
    return time.perf_counter() - started


def warm_build(project: Project, out: Path) -> float:
    started = time.perf_counter()
    build(project, out, OPTIONS)
    return time.perf_counter() - started


def edit_to_reload(project: Project, repeat: int) -> list[float]:
    """Seconds from saving a listing to the browser's reload message, per save."""
    started = threading.Event()
    box: dict[str, object] = {}

    def serve() -> None:
        asyncio.set_event_loop(asyncio.new_event_loop())
        server = DevServer(project, OPTIONS, port=0, report=lambda _r: None)
        server.rebuild()
        server.start()
        box["server"], box["loop"] = server, ioloop.IOLoop.current()
        started.set()
        ioloop.IOLoop.current().start()
        server.stop()

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    started.wait(30)
    server = box["server"]
    assert isinstance(server, DevServer)
    listing = next((project.content / "jobs").glob("*.md"))
    original = listing.read_text(encoding="utf-8")

    async def measure() -> list[float]:
        url = f"ws://127.0.0.1:{server.port}/livereload"
        origin = {"Origin": f"http://localhost:{server.port}"}
        sock = await websocket.websocket_connect(HTTPRequest(url, headers=origin))
        await sock.write_message(json.dumps({"command": "hello", "protocols": []}))
        await sock.read_message()
        await sock.write_message(json.dumps({"command": "info", "url": "http://localhost/"}))
        await asyncio.sleep(0.3)
        times = []
        for index in range(repeat):
            began = time.perf_counter()
            listing.write_text(original + f"\nEdit {index}.\n", encoding="utf-8")
            await sock.read_message()
            times.append(time.perf_counter() - began)
            await asyncio.sleep(0.3)
        sock.close()
        return times

    try:
        return asyncio.run(measure())
    finally:
        listing.write_text(original, encoding="utf-8")
        loop = box["loop"]
        assert isinstance(loop, ioloop.IOLoop)
        loop.add_callback(loop.stop)
        thread.join(10)


def synthetic(project: Project, listings: int) -> None:
    """Replace the listings with ``listings`` copies of the shipped ones, all open."""
    jobs = project.content / "jobs"
    sources = [p.read_text(encoding="utf-8") for p in sorted(jobs.glob("*.md"))]
    for path in [*jobs.glob("*.md"), *jobs.glob("*.yaml")]:
        path.unlink()
    for index in range(listings):
        text = sources[index % len(sources)]
        posted = DATE - dt.timedelta(days=index % 40)
        lines = []
        for line in text.splitlines():
            if line.startswith("date_posted:"):
                line = f"date_posted: {posted.isoformat()}"
            elif line.startswith("valid_through:"):
                line = "valid_through: 2027-06-30"
            elif line.startswith("draft:"):
                line = "draft: false"
            elif line.startswith("title:"):
                line = f"title: Listing {index} ML Tech Lead"
            lines.append(line)
        (jobs / f"listing-{index:05d}.md").write_text("\n".join(lines) + "\n", encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--listings", type=int, nargs="*", default=[100, 1000])
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    rows: list[tuple[str, str]] = []
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        project = copy_project(root / "shipped")
        out = root / "out"
        mid, low = median(lambda: cold_build(project, out), 3)
        files = sum(1 for p in out.rglob("*") if p.is_file())
        rows.append(("cold build, shipped site (new interpreter)", f"{mid:.3f} s (min {low:.3f})"))
        build(project, out, OPTIONS)
        mid, low = median(lambda: warm_build(project, out), args.repeat)
        rows.append(("warm rebuild, shipped site (dev server)", f"{mid:.3f} s (min {low:.3f})"))
        reloads = edit_to_reload(project, args.repeat)
        rows.append(
            ("save a listing → browser reload message",
             f"{statistics.median(reloads):.3f} s (min {min(reloads):.3f})")
        )  # fmt: skip
        rows.append(("files written, shipped site", str(files)))
        for count in args.listings:
            big = copy_project(root / f"big{count}")
            synthetic(big, count)
            big_out = root / f"out{count}"
            mid, low = median(functools.partial(warm_build, big, big_out), 3)
            written = sum(1 for p in big_out.rglob("*") if p.is_file())
            rows.append((f"build with {count} listings ({written} files)", f"{mid:.3f} s"))
    width = max(len(name) for name, _ in rows)
    print(f"mltl-site benchmarks (Python {sys.version.split()[0]})")
    for name, value in rows:
        print(f"  {name:<{width}}  {value}")


if __name__ == "__main__":
    main()
