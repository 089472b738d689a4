"""Screenshots of built pages at phone and desktop widths, in the light and dark themes.

Usage: python scripts/screenshots.py [--site _site] [--out screenshots] [--full] [PATH...]
Serves the built site on loopback and captures each PATH (default: one page of every
type) as ``<page>-<phone|desktop>-<light|dark>.png``; ``--full`` captures whole pages in
tiles two screens high.
"""

from __future__ import annotations

import argparse
import functools
import http.server
import re
import threading
from pathlib import Path
from typing import Literal

from playwright.sync_api import FloatRect, sync_playwright

CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
WIDTHS = {"phone": (360, 740), "desktop": (1280, 900)}
Theme = Literal["light", "dark"]
THEMES: tuple[Theme, ...] = ("light", "dark")


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


def page_types(site: Path) -> list[str]:
    """One path of every page type in a built site: the ones a visitor meets."""
    paths = ["", "roles/", "jobs/", "salaries/", "404.html"]
    guides = sorted(p.parent.name for p in site.glob("roles/*/index.html"))
    paths += [f"roles/{guides[0]}/"] if guides else []
    jobs = sorted(p.parent for p in site.glob("jobs/*/index.html"))
    listings = [p for p in jobs if (p / "index.html").read_text("utf-8").count("job__title")]
    closed = [p for p in listings if "This position has closed" in (p / "index.html").read_text()]
    open_ = [p for p in listings if p not in closed]
    paths += [f"jobs/{open_[0].name}/"] if open_ else []
    paths += [f"jobs/{closed[0].name}/"] if closed else []
    facets = sorted(site.glob("jobs/skill/*/index.html"))
    paths += [f"jobs/skill/{facets[0].parent.name}/"] if facets else []
    paths += ["jobs/skill/"] if (site / "jobs/skill/index.html").is_file() else []
    paths += ["about/"] if (site / "about/index.html").is_file() else []
    return paths


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--site", type=Path, default=Path("_site"))
    parser.add_argument("--out", type=Path, default=Path("screenshots"))
    parser.add_argument(
        "--full", action="store_true", help="capture the whole page in tiles two screens high"
    )
    parser.add_argument("--theme", choices=THEMES, action="append", help="default: both")
    parser.add_argument("--width", choices=tuple(WIDTHS), action="append", help="default: both")
    parser.add_argument("paths", nargs="*")
    args = parser.parse_args()
    paths = args.paths or page_types(args.site)
    handler = functools.partial(_Quiet, directory=str(args.site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    args.out.mkdir(exist_ok=True)
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
            themes: tuple[Theme, ...] = tuple(args.theme or THEMES)
            for theme in themes:
                for name in args.width or tuple(WIDTHS):
                    width, height = WIDTHS[name]
                    context = browser.new_context(
                        viewport={"width": width, "height": height}, color_scheme=theme
                    )
                    page = context.new_page()
                    for path in paths:
                        page.goto(f"http://127.0.0.1:{server.server_port}/{path.lstrip('/')}")
                        page.wait_for_load_state("networkidle")  # search results, filters
                        if "?" in path and page.locator("#search-status").count():
                            # A sorted search over shards computes between its fetches.
                            page.wait_for_function(
                                "document.getElementById('search-status').textContent !== ''"
                            )
                        slug = re.sub(r"[^\w.-]+", "_", path.strip("/")) or "home"
                        stem = f"{slug}-{name}-{theme}"
                        if not args.full:
                            target = args.out / f"{stem}.png"
                            page.screenshot(path=str(target))
                            print(target)
                            continue
                        total = page.evaluate("document.documentElement.scrollHeight")
                        tile = height * 2
                        for index, top in enumerate(range(0, total, tile)):
                            target = args.out / f"{stem}-{index + 1}.png"
                            clip: FloatRect = {
                                "x": 0,
                                "y": top,
                                "width": width,
                                "height": min(tile, total - top),
                            }
                            page.screenshot(path=str(target), full_page=True, clip=clip)
                            print(target)
                    context.close()
            browser.close()
    finally:
        server.shutdown()
        server.server_close()


if __name__ == "__main__":
    main()
