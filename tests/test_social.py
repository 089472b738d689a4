"""Share images: every page type has one, drawn from its own words, small, deterministic,
and drawn again only when those words change."""

from __future__ import annotations

import datetime as dt
import io
import re
from dataclasses import replace
from pathlib import Path

import pytest
from PIL import Image

from conftest import SiteTree
from mltl_site import site as site_module
from mltl_site.pipeline import build

PAGES = [
    "index.html", "roles/index.html", "roles/ml-tech-lead/index.html", "jobs/index.html",
    "jobs/acme-lead/index.html", "jobs/skill/python/index.html", "salaries/index.html",
    "jobs/skill/index.html", "about/index.html", "404.html",
]  # fmt: skip


def meta(html: str, key: str) -> str | None:
    found = re.search(rf'<meta (?:property|name)="{re.escape(key)}" content="([^"]*)"', html)
    return found.group(1) if found else None


def image_of(files: dict[str, bytes], page: str) -> str | None:
    url = meta(files[page].decode(), "og:image")
    return url.removeprefix("https://jobs.example.org/") if url else None


def test_every_page_type_has_a_large_share_image_that_the_build_publishes(
    tree: SiteTree,
) -> None:
    files = tree.files()
    for page in PAGES:
        html = files[page].decode()
        path = image_of(files, page)
        assert path and re.fullmatch(r"social/[0-9a-f]{16}\.png", path), page
        assert meta(html, "twitter:card") == "summary_large_image", page
        assert (meta(html, "og:image:width"), meta(html, "og:image:height")) == ("1200", "630")
        with Image.open(io.BytesIO(files[path])) as image:
            assert image.size == (1200, 630) and image.mode == "P"
        assert len(files[path]) < 40_000, (page, len(files[path]))


def test_a_listing_card_carries_its_own_title_company_and_pay(tree: SiteTree) -> None:
    html = tree.html("jobs/acme-lead/index.html")
    assert meta(html, "og:image:alt") == "Senior ML Tech Lead: $200,000 – $250,000 a year"
    files = tree.files()
    cards = {image_of(files, f"jobs/{slug}/index.html") for slug in ("acme-lead", "globex-lead")}
    assert len(cards) == 2  # each listing its own, under "auto" on a small board


def test_the_same_words_give_the_same_bytes(tree: SiteTree) -> None:
    first, second = tree.files(), SiteTree(tree.root).files()
    pngs = [p for p in first if p.startswith("social/")]
    assert pngs and all(first[p] == second[p] for p in pngs)


@pytest.mark.parametrize("setting", ["shared", "off"])
def test_social_cards_setting_shares_or_drops_the_listing_images(
    tree: SiteTree, setting: str
) -> None:
    tree.write(
        "site.yaml", (tree.root / "content/site.yaml").read_text() + f"social_cards: {setting}\n"
    )
    files = tree.files()
    acme, globex = (image_of(files, f"jobs/{s}/index.html") for s in ("acme-lead", "globex-lead"))
    if setting == "off":
        assert acme is None and globex is None
        assert meta(files["jobs/acme-lead/index.html"].decode(), "twitter:card") == "summary"
    else:
        assert acme is not None and acme == globex  # one card for all of Acme's listings
        alt = meta(files["jobs/acme-lead/index.html"].decode(), "og:image:alt")
        assert alt == "Jobs at Acme"
    assert image_of(files, "jobs/index.html") is not None  # other pages keep their own


def test_auto_shares_listing_images_once_a_board_outgrows_the_file_budget(
    tree: SiteTree, monkeypatch: pytest.MonkeyPatch
) -> None:
    small = tree.files()
    assert image_of(small, "jobs/acme-lead/index.html") != image_of(
        small, "jobs/globex-lead/index.html"
    )
    monkeypatch.setattr(site_module, "OWN_CARDS_UP_TO", 2)  # the tree has three listings
    big = tree.files()
    assert image_of(big, "jobs/acme-lead/index.html") == image_of(
        big, "jobs/globex-lead/index.html"
    )


def test_share_images_are_drawn_again_only_when_their_words_change(
    tree: SiteTree, tmp_path: Path
) -> None:
    out, cache = tmp_path / "out", tmp_path / "cache"

    def run(**changes: object) -> set[str]:
        options = replace(tree.options(), jobs=1, cache_dir=cache, **changes)  # type: ignore[arg-type]
        return {p for p in build(tree.project, out, options).rendered if p.startswith("social/")}

    assert len(run()) >= 10
    # The next day every page says "posted N days ago" anew, but no card says that.
    assert run(build_date=dt.date(2026, 11, 23)) == set()
    path = tree.root / "content/jobs/globex-lead.md"
    path.write_text(path.read_text().replace("A good job.", "A very good job."))
    assert run(build_date=dt.date(2026, 11, 23)) == set()
    path.write_text(path.read_text().replace("title: Staff ML Lead", "title: Staff ML Leader"))
    redrawn = run(build_date=dt.date(2026, 11, 23))
    assert len(redrawn) == 1
    page = (out / "jobs/globex-lead/index.html").read_text()
    assert meta(page, "og:image") == f"https://jobs.example.org/{redrawn.pop()}"
