"""The benchmark's synthetic board: the same bytes for a seed, the variety of a real board,
valid content that mltl-site builds, and the same listings for Hugo."""

from __future__ import annotations

import functools
import shutil
import subprocess
import sys
import tomllib
import typing
from collections import Counter
from pathlib import Path

import pytest
import yaml

from mltl_site import models
from mltl_site.config import BuildOptions, Project
from mltl_site.iso import COUNTRIES, CURRENCIES
from mltl_site.pipeline import build, load_site

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "benchmarks"))

import synth  # noqa: E402
import synth_data  # noqa: E402
import synth_text  # noqa: E402

OPTIONS = BuildOptions(build_date=synth.BUILD_DATE)


@functools.cache
def large_board() -> tuple[synth.SynthListing, ...]:
    """2,000 listings, generated without writing or building them."""
    return synth.generate(2000)


def tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*.md")}


def body(text: str) -> str:
    return text.split("\n---\n", 1)[1]


def test_a_seed_gives_the_same_bytes_every_time(tmp_path: Path) -> None:
    first = synth.write_board(tmp_path / "a", 60, seed=7)
    again = synth.write_board(tmp_path / "b", 60, seed=7)
    other = synth.write_board(tmp_path / "c", 60, seed=8)
    for part in ("content/jobs", "hugo/content/jobs"):
        assert tree(first.root / part) == tree(again.root / part)
        assert tree(first.root / part) != tree(other.root / part)
    assert len(tree(first.root / "content/jobs")) == 60


def test_a_board_is_the_start_of_every_larger_one() -> None:
    assert synth.generate(30, seed=3) == synth.generate(60, seed=3)[:30]


def test_a_large_board_has_the_variety_of_a_real_one() -> None:
    listings = large_board()
    places = [place for item in listings for place in item.locations]
    skills = Counter(skill for item in listings for skill in item.skills)
    paid = [item.salary for item in listings if item.salary]

    assert len({place.country for place in places}) >= 30
    assert len({(place.city, place.country) for place in places}) >= 200
    assert len({item.company.name for item in listings}) >= 200
    assert len(skills) >= 40
    counts = sorted(skills.values(), reverse=True)
    assert counts[0] > 5 * counts[len(counts) // 2]  # a popular head and a long tail
    assert {i.workplace for i in listings} == set(typing.get_args(models.Workplace))
    assert {i.employment_type for i in listings} == set(typing.get_args(models.EmploymentType))
    assert {i.seniority for i in listings} == set(typing.get_args(models.Seniority))
    assert {pay.period for pay in paid} == set(typing.get_args(models.Period))
    assert len({pay.currency for pay in paid}) >= 5
    assert 0.05 < 1 - len(paid) / len(listings) < 0.3
    assert set(Counter(item.status for item in listings)) == {
        "open",
        "expired",
        "scheduled",
        "draft",
    }
    assert len({item.slug for item in listings}) == len(listings)


def test_places_and_pay_are_real_codes_and_plausible_figures() -> None:
    for country in synth_data.COUNTRIES:
        assert country.code in COUNTRIES and country.currency in CURRENCIES
    assert set(synth_data.PER_USD) <= set(CURRENCIES)
    for item in large_board():
        assert {p.country for p in item.locations} | set(item.remote_from) <= set(COUNTRIES)
        assert (item.workplace == "remote") == bool(item.remote_from)
        if item.salary:
            pay = item.salary
            yearly = pay.min * synth_data.PER_YEAR[pay.period]
            yearly_usd = yearly / synth_data.PER_USD[pay.currency]
            assert 10_000 < yearly_usd < 1_000_000, (item.slug, pay)
            assert pay.min < pay.max


def test_bodies_are_300_to_400_words_of_safe_markdown() -> None:
    for item in large_board():
        text = item.body
        assert 300 <= synth_text.words(text) <= 400, item.slug
        assert text.count("\n## ") >= 4 and "\n- " in text and "\n1. " in text
        assert "](https://" in text and "http://" not in text and "<" not in text


def test_the_board_validates_and_builds_with_the_shipped_site(tmp_path: Path) -> None:
    board = synth.write_board(tmp_path / "board", 60)
    project = Project.at(board.root)
    site = load_site(project, OPTIONS)
    assert {item.slug: item.status.value for item in site.listings} == {
        item.slug: item.status for item in board.listings
    }
    for listing in site.listings:
        assert listing.job.meta.role == "ml-tech-lead" and listing.job.meta.example
    build(project, tmp_path / "out", OPTIONS)
    for item in board.listings:
        page = tmp_path / "out" / "jobs" / item.slug / "index.html"
        assert page.is_file() == (item.status in ("open", "expired")), item.slug


def test_an_edit_changes_the_title_and_body_and_stays_valid(tmp_path: Path) -> None:
    board = synth.write_board(tmp_path / "board", 12)
    path = board.root / "content" / "jobs" / f"{board.edit_target}.md"
    original = path.read_text(encoding="utf-8")
    path.write_text(synth.revise(original, 2), encoding="utf-8")
    site = load_site(Project.at(board.root), OPTIONS)
    edited = next(item for item in site.listings if item.slug == board.edit_target)
    assert edited.job.meta.title.endswith("(revision 2)")
    assert "Revision 2:" in body(path.read_text(encoding="utf-8"))
    assert synth.revise(original, 2) != synth.revise(original, 3)


def test_hugo_gets_the_same_listings_and_page_size(tmp_path: Path) -> None:
    board = synth.write_board(tmp_path / "board", 60)
    for item in board.listings:
        mltl = (board.root / "content/jobs" / f"{item.slug}.md").read_text(encoding="utf-8")
        hugo = (board.hugo / "content/jobs" / f"{item.slug}.md").read_text(encoding="utf-8")
        assert body(mltl) == body(hugo)
    config = tomllib.loads((board.hugo / "config.toml").read_text(encoding="utf-8"))
    site_yaml = yaml.safe_load((board.root / "content/site.yaml").read_text(encoding="utf-8"))
    assert config["paginate"] == site_yaml["jobs_per_page"]


@pytest.mark.skipif(shutil.which("hugo") is None, reason="needs Debian's hugo")
def test_hugo_builds_the_listings_pages_index_skills_and_feed(tmp_path: Path) -> None:
    board = synth.write_board(tmp_path / "board", 60)
    out = tmp_path / "hugo-out"
    subprocess.run(
        ["hugo", "--quiet", "--source", str(board.hugo), "--destination", str(out),
         "--cacheDir", str(tmp_path / "cache")],
        check=True,
    )  # fmt: skip
    for item in board.listings:
        page = out / "jobs" / item.slug / "index.html"
        assert page.is_file() == (item.status in ("open", "expired")), item.slug
    open_count = sum(item.status == "open" for item in board.listings)
    assert f"{open_count} open listings" in (out / "jobs/index.html").read_text(encoding="utf-8")
    assert (out / "jobs/page/2/index.html").is_file()
    assert (out / "skills/python/index.html").is_file()
    feed = (out / "jobs/feed.xml").read_text(encoding="utf-8")
    assert feed.count("<entry>") == min(50, open_count)
