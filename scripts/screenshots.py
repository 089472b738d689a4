"""Screenshots of built pages at phone and desktop widths, for looking at what we made.

Usage: python scripts/screenshots.py [--site _site] [--out screenshots] PATH...
Serves the built site on loopback and captures each PATH (e.g. / jobs/) full-page.
"""

from __future__ import annotations

import argparse
import functools
import http.server
import threading
from pathlib import Path

from playwright.sync_api import FloatRect, sync_playwright

CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
WIDTHS = {"phone": (360, 780), "desktop": (1280, 900)}


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--site", type=Path, default=Path("_site"))
    parser.add_argument("--out", type=Path, default=Path("screenshots"))
    parser.add_argument(
        "--full", action="store_true", help="capture the whole page in tiles two screens high"
    )
    parser.add_argument("paths", nargs="+")
    args = parser.parse_args()
    handler = functools.partial(_Quiet, directory=str(args.site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    args.out.mkdir(exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        for name, (width, height) in WIDTHS.items():
            page = browser.new_page(viewport={"width": width, "height": height})
            for path in args.paths:
                page.goto(f"http://127.0.0.1:{server.server_port}/{path.lstrip('/')}")
                slug = path.strip("/").replace("/", "_").replace("#", "_") or "home"
                if not args.full:
                    target = args.out / f"{slug}-{name}.png"
                    page.screenshot(path=str(target))
                    print(target)
                    continue
                total = page.evaluate("document.documentElement.scrollHeight")
                tile = height * 2
                for index, top in enumerate(range(0, total, tile)):
                    target = args.out / f"{slug}-{name}-{index + 1}.png"
                    clip: FloatRect = {
                        "x": 0,
                        "y": top,
                        "width": width,
                        "height": min(tile, total - top),
                    }
                    page.screenshot(path=str(target), full_page=True, clip=clip)
                    print(target)
        browser.close()
    server.shutdown()


if __name__ == "__main__":
    main()
