"""Random edits to a board, each followed by a warm build compared byte for byte with a clean one.

Usage: python scripts/cache_soak.py BOARD [--rounds 10] [--seed 1]
BOARD is a project folder (``benchmarks/synth.py --out`` makes one); it is edited in
place, so use a copy. Each round makes one to three edits of kinds a board sees (a
title, skills, a city, dates, a closing, a listing added or deleted, pay, a body, the
card macro, the stylesheet, ``site.yaml``), builds with the cache and without it, and
stops at the first file that differs. Found the stale role-guide count of cc68710.
"""

from __future__ import annotations

import argparse
import filecmp
import random
import re
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

DATE = "2026-11-22"


def build(root: Path, out: Path, *extra: str) -> None:
    command = [sys.executable, "-m", "mltl_site", "build", "--root", str(root),
               "--date", DATE, "--out", str(out), "-q", *extra]  # fmt: skip
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    if done.returncode:
        raise SystemExit(f"the build failed:\n{done.stderr[-3000:]}")


def differing(left: Path, right: Path) -> list[str]:
    """Files only in one folder or with other bytes, by path."""

    def walk(compared: filecmp.dircmp[str], prefix: str) -> list[str]:
        found = [prefix + name for name in compared.left_only + compared.right_only]
        # dircmp compares by size and time; the times differ, so compare the bytes.
        found += [prefix + name for name in compared.common_files
                  if not filecmp.cmp(Path(compared.left) / name, Path(compared.right) / name,
                                     shallow=False)]  # fmt: skip
        for name, sub in sorted(compared.subdirs.items()):
            found += walk(sub, f"{prefix}{name}/")
        return found

    return walk(filecmp.dircmp(left, right), "")


def _title(_listing: Path, text: str) -> str:
    return re.sub(r'^title: "?(.*?)"?$', r'title: "Edited \1"', text, count=1, flags=re.M)


def _skills(_listing: Path, text: str) -> str:
    """Swap one skill for one the listing lacks (a skill listed twice is an error)."""
    for old, new in (("Python", "Rust"), ("Rust", "Go"), ("Go", "Python")):
        if f'  - "{old}"\n' in text and f'"{new}"' not in text:
            return text.replace(f'  - "{old}"\n', f'  - "{new}"\n', 1)
    return text


def _city(_listing: Path, text: str) -> str:
    return re.sub(r'city: "[^"]*"', 'city: "Springfield"', text, count=1)


def _dates(_listing: Path, text: str) -> str:
    text = re.sub(r"date_posted: \S+", "date_posted: 2026-06-01", text, count=1)
    return re.sub(r"valid_through: \S+", "valid_through: 2027-01-15", text, count=1)


def _closing(_listing: Path, text: str) -> str:
    posted = re.search(r"date_posted: (\S+)", text)
    if posted is None or posted[1] >= "2026-11-21":  # it would close before it opened
        return text
    return re.sub(r"valid_through: \S+", "valid_through: 2026-11-21", text, count=1)


def _pay(_listing: Path, text: str) -> str:
    return re.sub(r"min: (\d+)", lambda m: f"min: {int(m[1]) + 1000}", text, count=1)


def _body(_listing: Path, text: str) -> str:
    return text + "\nAn added paragraph with [a link](https://example.org/).\n"


def _workplace(_listing: Path, text: str) -> str:
    return text.replace("workplace: onsite", "workplace: hybrid", 1)


class Editor:
    """The kinds of edit, each changing the board in place and saying what it did."""

    def __init__(self, root: Path, rng: random.Random) -> None:
        self.root, self.rng = root, rng
        self.jobs = root / "content/jobs"

    def edit(self) -> str:
        listing_edits: dict[str, Callable[[Path, str], str | None]] = {
            "title": _title, "skills": _skills, "city": _city, "dates": _dates,
            "closing": _closing, "pay": _pay, "body": _body, "workplace": _workplace,
            "deleted": self._delete, "added": self._add,
        }  # fmt: skip
        others: dict[str, Callable[[], None]] = {
            "card macro": self._macro,
            "stylesheet": self._stylesheet,
            "site.yaml": self._config,
        }
        kind = self.rng.choice(sorted(listing_edits) + sorted(others))
        if kind in others:
            others[kind]()
            return kind
        listing = self.rng.choice(sorted(self.jobs.iterdir()))
        text = listing_edits[kind](listing, listing.read_text(encoding="utf-8"))
        if text is not None:
            listing.write_text(text, encoding="utf-8")
        return f"{kind}: {listing.name}"

    def _delete(self, listing: Path, _text: str) -> None:
        listing.unlink()

    def _add(self, listing: Path, text: str) -> None:
        stem = listing.stem[:40].rstrip("-")  # slugs are kept short
        name = f"copy-{self.rng.randrange(10**6)}-{stem}{listing.suffix}"
        listing.with_name(name).write_text(text, encoding="utf-8")

    def _macro(self) -> None:
        path = self.root / "templates/partials/macros.html"
        text = path.read_text(encoding="utf-8")
        mark = f'data-soak="{self.rng.randrange(10**6)}"'
        text = (
            re.sub(r'data-soak="\d+"', mark, text)
            if "data-soak=" in text
            else text.replace('<article class="job-card">', f'<article class="job-card" {mark}>', 1)
        )
        path.write_text(text, encoding="utf-8")

    def _stylesheet(self) -> None:
        path = self.root / "static/css/site.css"
        path.write_text(path.read_text() + f"\n/* {self.rng.randrange(10**6)} */\n")

    def _config(self) -> None:
        path = self.root / "content/site.yaml"
        text = path.read_text(encoding="utf-8")
        found = re.search(r"^jobs_per_page: (\d+)$", text, flags=re.M)
        size = 25 if found is None or found[1] != "25" else 20
        line = f"jobs_per_page: {size}"
        path.write_text(text.replace(found[0], line) if found else text + line + "\n")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("board", type=Path)
    parser.add_argument("--rounds", type=int, default=10)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    root: Path = args.board.resolve()
    editor = Editor(root, random.Random(args.seed))
    with tempfile.TemporaryDirectory(prefix="mltl-soak-") as work:
        warm, clean = Path(work) / "warm", Path(work) / "clean"
        build(root, warm)
        for number in range(1, args.rounds + 1):
            edits = [editor.edit() for _ in range(editor.rng.randint(1, 3))]
            build(root, warm)
            shutil.rmtree(clean, ignore_errors=True)
            build(root, clean, "--no-cache")
            bad = differing(warm, clean)
            print(f"round {number}: {'; '.join(edits)}: {'differs' if bad else 'same bytes'}",
                  flush=True)  # fmt: skip
            if bad:
                print("differing files:", *bad[:20], sep="\n  ")
                return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
