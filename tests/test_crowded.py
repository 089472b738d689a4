"""One facet value on most of the board: a warning in ``check``, and work that stays
linear when every listing shares one skill (counted, never timed)."""

from __future__ import annotations

import dataclasses

from conftest import BUILD_DATE, SITE_YAML, SiteTree, job_md
from mltl_site.checks import check_project
from mltl_site.content import load_content
from mltl_site.pages import build_pages
from mltl_site.site import make_site
from mltl_site.views import ListView
from test_scale import board


def crowd(tree: SiteTree, count: int, *, share: str = "") -> None:
    """``count`` listings that all have Python, and a few that do not."""
    site = SITE_YAML + (f"facet_warn_share: {share}\n" if share else "")
    tree.write("site.yaml", site)
    for n in range(count):
        skills = "[Python, Go]" if n % 10 else "[Rust]"
        tree.write(f"jobs/lead-{n}.md", job_md(f"ML Lead {n}", skills=skills))


def crowded(tree: SiteTree) -> list[str]:
    report = check_project(tree.project, tree.options())
    assert report.errors == ()
    return [str(w) for w in report.warnings if w.field == "facet_warn_share"]


def test_one_skill_on_most_of_the_board_is_a_warning(tree: SiteTree) -> None:
    crowd(tree, 30)  # 27 Python, plus 3 from the fixture: 30 of 33
    (skill,) = [w for w in crowded(tree) if "skill 'Python'" in w]
    assert skill == (
        "content/site.yaml: facet_warn_share: skill 'Python' is on 30 of 33 open listings "
        "(90 %, more than facet_warn_share: 0.5); a value on most of the board helps no one "
        "find a job: check the listings' skills"
    )
    assert any("company 'Acme'" in w for w in crowded(tree))  # every listing is Acme's


def test_the_share_is_a_setting(tree: SiteTree) -> None:
    crowd(tree, 30, share="0.97")
    assert crowded(tree) == [
        "content/site.yaml: facet_warn_share: company 'Acme' is on 33 of 33 open listings "
        "(100 %, more than facet_warn_share: 0.97); a value on most of the board helps no "
        "one find a job: check the listings' company names"
    ]


def test_a_small_board_never_warns(tree: SiteTree) -> None:
    crowd(tree, 16)  # 19 open listings in all
    assert crowded(tree) == []


def test_one_skill_on_5000_listings_costs_work_linear_in_the_board(tree: SiteTree) -> None:
    """Pages, and cards placed on them, grow in step with the board: no value's page
    carries the whole board, however many listings share it."""
    tree.write("site.yaml", SITE_YAML.replace("jobs_per_page: 2", "jobs_per_page: 20"))
    content = load_content(tree.project)

    def work(count: int) -> tuple[int, int, int]:
        jobs = [
            dataclasses.replace(
                item.job, meta=item.job.meta.model_copy(update={"skills": ["Python"]})
            )
            for item in board(count)
        ]
        site = make_site(dataclasses.replace(content, jobs=tuple(jobs)), BUILD_DATE, None, False)
        pages = build_pages(site)
        cards = sum(len(p.view.cards) for p in pages if isinstance(p.view, ListView))
        biggest = max(len(p.view.cards) for p in pages if isinstance(p.view, ListView))
        return len(pages), cards, biggest

    small_pages, small_cards, small_biggest = work(1000)
    pages, cards, biggest = work(5000)
    assert pages <= 5 * small_pages + 10
    assert cards <= 5 * small_cards + 100
    assert biggest == small_biggest == 20  # a page holds one page of cards, never the board
