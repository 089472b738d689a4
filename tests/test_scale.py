"""Work that grows with the board grows linearly: counted, never timed."""

from __future__ import annotations

import datetime as dt
import gc
import io
import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from conftest import SITE_YAML, SiteTree, job_md
from mltl_site.commands.build import Progress
from mltl_site.content import Entry
from mltl_site.linkcheck import check_links
from mltl_site.listings import Listing, SimilarIndex, Status, published
from mltl_site.loader import Document
from mltl_site.markdown import Prose
from mltl_site.models import JobMeta
from mltl_site.pages import job, lay_out
from mltl_site.parallel import forks
from mltl_site.pipeline import build, load_site, render_site
from mltl_site.produce import produce_all
from mltl_site.render import RENDERS

SKILLS = [f"Skill {n}" for n in range(40)]
CITIES = [(f"City {n}", "DE" if n % 2 else "FR") for n in range(200)]


def board(count: int) -> list[Listing]:
    """``count`` open listings with the spread of a real board, built in memory."""
    listings = []
    for n in range(count):
        city, country = CITIES[(n * 7) % len(CITIES)]
        meta = JobMeta.model_validate(
            {
                "title": f"ML Lead {n}",
                "role": "ml-tech-lead",
                "company": {"name": f"Company {n % 150}", "url": "https://example.test/"},
                "workplace": ("onsite", "hybrid", "remote")[n % 3],
                "locations": [{"city": city, "country": country}],
                "remote_from": ["DE"],
                "employment_type": "full-time",
                "seniority": "senior",
                "date_posted": (dt.date(2026, 1, 1) + dt.timedelta(days=n % 300)).isoformat(),
                "valid_through": "2027-06-30",
                "apply": {"url": "https://example.test/apply"},
                "skills": list(dict.fromkeys(SKILLS[(n * k + k) % len(SKILLS)] for k in (1, 3, 7)))[
                    : 1 + n % 3
                ],
            }
        )
        job = Entry(f"lead-{n}", meta, Prose("x", "<p>x</p>"), f"jobs/lead-{n}.md",
                    Document("x", {}, {}), f"{n:032x}")  # fmt: skip
        listings.append(Listing(job, Status.OPEN, 1, 100))
    return listings


def examined_per_listing(count: int) -> float:
    listings = board(count)
    index = SimilarIndex(listings)
    for listing in listings:
        found = index.similar(listing)
        assert listing not in found and len(found) == 3
    return index.examined / count


def test_finding_similar_jobs_examines_a_bounded_number_of_candidates_per_listing() -> None:
    # Each listing has at most 7 features (role, workplace, 3 skills, city, country),
    # each pooled to its 30 newest other listings: a constant, however big the board.
    # A scan of every pair would examine 4,500 candidates per listing here.
    for count in (300, 4500):
        assert examined_per_listing(count) <= 7 * 30


def test_similar_jobs_rank_shared_skills_and_place_and_never_the_listing_itself() -> None:
    listings = board(60)
    index = SimilarIndex(listings)
    me = listings[10]
    found = index.similar(me)
    assert me not in found
    mine = set(me.job.meta.skills)
    best = found[0].job.meta
    assert mine & set(best.skills)  # the best match shares a skill


@pytest.fixture
def counted() -> Iterator[None]:
    RENDERS.clear()
    yield
    RENDERS.clear()


def big_tree(tree: SiteTree, count: int, companies: int = 5) -> SiteTree:
    for n in range(count):
        text = job_md(f"ML Lead {n}", posted=f"2026-11-{1 + n % 20:02d}", skills="[Python, Go]")
        tree.write(f"jobs/lead-{n}.md", text.replace("name: Acme", f"name: Firm {n % companies}"))
    return tree


def test_each_card_and_the_browse_box_are_drawn_once_however_many_lists_show_them(
    tree: SiteTree, counted: None
) -> None:
    big_tree(tree, 30)
    pages, files = render_site(tree.project, load_site(tree.project, tree.options()))
    list_pages = [p for p in pages if p.template == "jobs.html"]
    assert len(list_pages) > 20  # 2 per page: many pages, each with the box and cards
    # Once in full, for the first page of each list, and once compact, for deeper pages.
    assert RENDERS["browse"] == 2
    assert "All companies" in files["jobs/index.html"].decode()
    deeper = files["jobs/page/2/index.html"].decode()
    assert "All companies" not in deeper and 'href="/jobs/company/"' in deeper
    published = 33
    assert RENDERS["card"] <= 2 * published  # one per heading level it is drawn at
    assert RENDERS["page:jobs.html"] == len(list_pages)


def test_the_shared_list_chrome_stays_small_however_many_values_there_are(
    tree: SiteTree,
) -> None:
    few = len(
        render_site(tree.project, load_site(tree.project, tree.options()))[1]["jobs/index.html"]
    )
    big_tree(tree, 60, companies=60)
    files = render_site(tree.project, load_site(tree.project, tree.options()))[1]
    many = len(files["jobs/index.html"])
    # 60 more companies and listings add filter choices (skills, places) but the box
    # shows only the biggest values of each dimension.
    assert many - few < 2500, (few, many)
    assert "All companies (" in files["jobs/index.html"].decode()


def test_small_values_get_no_page_and_nothing_links_to_a_page_that_was_not_built(
    tree: SiteTree,
) -> None:
    tree.write("site.yaml", SITE_YAML.replace("facet_min_listings: 1", "facet_min_listings: 2"))
    tree.write("jobs/solo.md", job_md("Solo ML Lead", skills="[Python, Haskell]").replace(
        "name: Acme", "name: Lonely Corp"))  # fmt: skip
    files = render_site(tree.project, load_site(tree.project, tree.options()))[1]
    assert "jobs/company/acme/index.html" in files  # three listings
    assert "jobs/company/lonely-corp/index.html" not in files
    assert "jobs/company/lonely-corp/feed.xml" not in files
    assert "jobs/skill/haskell/index.html" not in files
    browse = files["jobs/company/index.html"].decode()
    assert 'href="/jobs/?q=Lonely%20Corp"' in browse  # reachable through the filters
    job = files["jobs/solo/index.html"].decode()
    assert 'href="/jobs/skill/python/"' in job and "/jobs/skill/haskell/" not in job
    assert check_links(files, "https://jobs.example.org/") == []


def test_progress_shows_on_a_terminal_only_after_a_second() -> None:
    stream = io.StringIO()
    progress = Progress(stream)
    progress("render", 10, 100)
    assert stream.getvalue() == ""  # quick builds show nothing
    progress.started -= 5
    progress("render", 50, 100)
    assert "render 50/100 (50 %)" in stream.getvalue()
    progress.clear()
    assert stream.getvalue().endswith("\r\x1b[K")


def test_the_page_graph_is_laid_out_with_the_garbage_collector_paused_and_only_then(
    tree: SiteTree, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Young-generation collections cost layout a fifth of its time at 100,000 listings
    # and find nothing to free; rendering makes garbage, so it runs with the collector on.
    seen: dict[str, bool] = {}

    def spy(name: str, real: Callable[..., Any]) -> Callable[..., Any]:
        def call(*args: Any, **kwargs: Any) -> Any:
            seen[name] = gc.isenabled()
            return real(*args, **kwargs)

        return call

    monkeypatch.setattr("mltl_site.stages.lay_out", spy("layout", lay_out))
    monkeypatch.setattr("mltl_site.stages.produce_all", spy("render", produce_all))
    assert gc.isenabled()
    build(tree.project, tmp_path / "out", tree.options())
    assert seen == {"layout": False, "render": True}
    assert gc.isenabled()
    gc.disable()  # a caller that turned it off keeps it off
    try:
        build(tree.project, tmp_path / "again", tree.options())
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_each_listing_page_view_is_made_once_and_by_the_workers_in_a_parallel_build(
    tree: SiteTree, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A listing page's view is most of laying out a board. The main process makes only
    # heads; the forked workers that key the pages make the views and render at once.
    big_tree(tree, 120)
    made = tmp_path / "views.log"
    real = job.job_view

    def counted(site: Any, listing: Listing) -> Any:
        with made.open("a", encoding="utf-8") as log:
            log.write(f"{os.getpid()} {listing.slug}\n")
        return real(site, listing)

    monkeypatch.setattr(job, "job_view", counted)
    parallel = forks()  # no other threads in this process: workers are forks
    build(tree.project, tmp_path / "out", tree.options(jobs=2))
    lines = [line.split() for line in made.read_text(encoding="utf-8").splitlines()]
    listings = published(load_site(tree.project, tree.options()).listings)
    assert len(listings) >= 120
    assert sorted(slug for _, slug in lines) == sorted(item.slug for item in listings)
    if parallel:
        assert str(os.getpid()) not in {pid for pid, _ in lines}
        assert len({pid for pid, _ in lines}) == 2
