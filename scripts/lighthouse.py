"""Lighthouse's four scores for every page type of the shipped site (a script, not a test).

Usage:
    npm install --prefix /tmp/lighthouse lighthouse      # once, from the npm registry
    python scripts/lighthouse.py [--lighthouse /tmp/lighthouse] [--site DIR] [--desktop]

Builds the shipped site (or takes --site), serves it on loopback and runs Lighthouse
in Debian's Chromium (CHROME_PATH=/usr/bin/chromium) on one page of each type. Prints
performance, accessibility, best practices and SEO; SEO is left out on pages that are
deliberately noindex (a closed listing, search results, the 404 page). Exits 1 if a score
is below 95.
"""

from __future__ import annotations

import argparse
import datetime as dt
import functools
import http.server
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
from pathlib import Path
from typing import Any

from mltl_site.config import BuildOptions, Project
from mltl_site.listings import Status
from mltl_site.pipeline import build, load_site

REPO = Path(__file__).resolve().parent.parent
DATE = dt.date(2026, 11, 22)
CHROME = "/usr/bin/chromium"
FLAGS = (
    "--headless --no-sandbox --disable-gpu --disable-background-networking "
    "--disable-component-update --disable-sync --no-first-run"
)
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
MINIMUM = 95


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


def page_types() -> dict[str, tuple[str, bool]]:
    """Page type → (path, indexable) for the shipped content on the fixed date."""
    site = load_site(Project.at(REPO), BuildOptions(build_date=DATE))
    open_ = next(item for item in site.listings if item.status is Status.OPEN)
    closed = next(item for item in site.listings if item.status is Status.EXPIRED)
    role = site.featured_role.slug
    return {
        "home": ("", True),
        "guide": (f"roles/{role}/", True),
        "roles": ("roles/", True),
        "jobs index": ("jobs/", True),
        "job": (f"jobs/{open_.slug}/", True),
        "closed job": (f"jobs/{closed.slug}/", False),
        "facet": ("jobs/skill/python/", True),
        "salaries": ("salaries/", True),
        "search": ("search/?q=mentoring", False),
        "404": ("404.html", False),
    }


def lighthouse_command(folder: Path) -> list[str]:
    script = folder / "node_modules/lighthouse/cli/index.js"
    if not script.is_file():
        sys.exit(f"no Lighthouse in {folder}: npm install --prefix {folder} lighthouse")
    node = shutil.which("node")
    if node is None:
        sys.exit("node is not installed (Debian: apt install nodejs)")
    return [node, str(script)]


def scores(command: list[str], url: str, desktop: bool) -> dict[str, float]:
    args = [*command, url, "--output=json", "--output-path=stdout", "--quiet",
            f"--only-categories={','.join(CATEGORIES)}", f"--chrome-flags={FLAGS}"]  # fmt: skip
    if desktop:
        args.append("--preset=desktop")
    env = {**os.environ, "CHROME_PATH": CHROME}
    done = subprocess.run(args, capture_output=True, text=True, env=env, check=False)
    if done.returncode != 0:
        sys.exit(f"lighthouse failed on {url}:\n{done.stderr[-2000:]}")
    report: dict[str, Any] = json.loads(done.stdout)
    return {name: report["categories"][name]["score"] * 100 for name in CATEGORIES}


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument("--lighthouse", type=Path, default=Path("/tmp/lighthouse"),
                        help="the folder npm installed lighthouse into")  # fmt: skip
    parser.add_argument("--site", type=Path, help="a built site (default: build the shipped one)")
    parser.add_argument("--desktop", action="store_true", help="desktop preset (default: mobile)")
    args = parser.parse_args()
    command = lighthouse_command(args.lighthouse)
    with tempfile.TemporaryDirectory() as scratch:
        site = args.site
        if site is None:
            site = Path(scratch) / "site"
            build(Project.at(REPO), site, BuildOptions(build_date=DATE))
        handler = functools.partial(_Quiet, directory=str(site))
        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        thread = threading.Thread(target=server.serve_forever, daemon=True)
        thread.start()
        failed = False
        try:
            print(f"{'page':<12} {'perf':>5} {'a11y':>5} {'best':>5} {'seo':>5}  path")
            for kind, (path, indexable) in page_types().items():
                got = scores(command, f"http://127.0.0.1:{server.server_port}/{path}", args.desktop)
                if not indexable:
                    got.pop("seo")  # noindex on purpose: nothing for SEO to score
                failed |= any(score < MINIMUM for score in got.values())
                cells = [f"{got[c]:>5.0f}" if c in got else f"{'—':>5}" for c in CATEGORIES]
                print(f"{kind:<12} {' '.join(cells)}  /{path}")
        finally:
            server.shutdown()
            server.server_close()
    print(f"every score at least {MINIMUM}" if not failed else f"a score is below {MINIMUM}")
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
