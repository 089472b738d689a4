"""A sharded search index in a real browser gives what one index gives.

The same board is built twice, once in one bundle and once in shards of three
pages, and served on loopback. Sorted results must come in exactly the same order,
and best-match results and filter counts must be the same, whatever shard a page is in.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from playwright.sync_api import Page, expect

import test_browser
import test_search_browser
from conftest import job_md, small_site
from mltl_site import search
from mltl_site.pipeline import build
from test_browser import serve

LISTINGS = 14  # with the small site's, more than ten: "Show more" is needed


def top_pay(n: int) -> int:
    return 160000 + 7919 * n % 90000


# Each listing's sort values, as text that sorts as they do: the small site's three,
# then the board's.
VALUES = {
    "/jobs/acme-lead/": {"posted": "2026-11-20", "pay-usd": "250000"},
    "/jobs/globex-lead/": {"posted": "2026-11-01", "pay-usd": "250000"},
    "/jobs/initech-lead/": {"posted": "2026-10-01", "pay-usd": "250000"},
} | {
    f"/jobs/lead-{n}/": {"posted": f"2026-10-{5 + 2 * n:02d}", "pay-usd": str(top_pay(n))}
    for n in range(LISTINGS)
}


@pytest.fixture(scope="module")
def sites(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, str, int, str]]:
    """The board from one bundle, from shards, the number of shards, and shards under a subpath."""
    tree = small_site(tmp_path_factory.mktemp("shard-board"))
    for n in range(LISTINGS):
        tree.write(
            f"jobs/lead-{n}.md",
            job_md(
                f"Platform Lead {n}",
                posted=f"2026-10-{5 + 2 * n:02d}",
                workplace="remote" if n % 3 else "onsite",
                salary=f"salary: {{currency: USD, min: 150000, max: {top_pay(n)}, period: year}}",
                body=f"Lead number {n} of the platform team.\n",
            ),
        )
    whole, parts, sub = tree.root / "whole", tree.root / "parts", tree.root / "sub"
    build(tree.project, whole, tree.options())
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(search, "SHARD_PAGES", 3)
        build(tree.project, parts, tree.options())
        careers = tree.options(base_url="https://jobs.example.org/careers/")
        build(tree.project, sub / "careers", careers)
    shards = len(list((parts / "pagefind").glob("s*/pagefind-entry.json"))) + 1
    with serve(whole) as one, serve(parts) as many, serve(sub) as below:
        yield one, many, shards, below + "careers/"


browser = test_browser.browser  # the same module-wide Chromium
page = test_search_browser.page  # a desktop page that fails on script errors and warnings


def every_result(page: Page, url: str) -> tuple[str, list[str]]:
    """The status line and every result's path, pressing "Show more" until none is left."""
    page.goto(url)
    status = page.locator("#search-status")
    expect(status).to_have_text(re.compile(r"\d+ results?"))
    total = int(status.inner_text().split()[0].replace(",", ""))
    more = page.locator("#search-more")
    rows = page.locator("#search-results .search-result__title a")
    while more.is_visible():
        shown = rows.count()
        more.click()
        expect(rows).not_to_have_count(shown)
    links: list[str] = page.eval_on_selector_all(
        "#search-results .search-result__title a", "links => links.map(a => a.pathname)"
    )
    assert len(links) == total
    return status.inner_text(), links


def test_the_board_is_in_shards(sites: tuple[str, str, int, str]) -> None:
    assert sites[2] >= 4


@pytest.mark.parametrize("order", ["posted", "pay-usd"])
def test_sorted_results_come_in_one_order_across_shards(
    page: Page, sites: tuple[str, str, int, str], order: str
) -> None:
    one, many, _, _ = sites

    def values(links: list[str]) -> list[str]:
        return [VALUES[link][order] for link in links]

    for query in (f"q=lead&sort={order}", f"workplace=Remote&sort={order}"):  # words or none
        said, expected = every_result(page, f"{one}search/?{query}")
        assert len(expected) > 5 and values(expected) == sorted(values(expected), reverse=True)
        said_sharded, found = every_result(page, f"{many}search/?{query}")
        # The same results in the same order; equal values may come in either order.
        assert said_sharded == said and sorted(found) == sorted(expected)
        assert values(found) == values(expected)


def test_best_match_finds_the_same_pages_with_the_same_counts(
    page: Page, sites: tuple[str, str, int, str]
) -> None:
    one, many, _, _ = sites
    said, found = every_result(page, f"{one}search/?q=platform")
    counts = page.locator("fieldset[data-filter] li").all_inner_texts()
    said_sharded, found_sharded = every_result(page, f"{many}search/?q=platform")
    assert said_sharded == said and sorted(found_sharded) == sorted(found)
    assert page.locator("fieldset[data-filter] li").all_inner_texts() == counts
    assert not any("mltl-shard" in text for text in counts)  # the shard filter is not offered


def test_shards_are_found_under_a_subpath(page: Page, sites: tuple[str, str, int, str]) -> None:
    one, _, _, careers = sites
    said, expected = every_result(page, f"{one}search/?q=lead&sort=posted")
    said_below, found = every_result(page, f"{careers}search/?q=lead&sort=posted")
    assert said_below == said
    assert [link.removeprefix("/careers") for link in found] == expected
