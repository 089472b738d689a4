"""Site search in a real browser: results, filters, the address bar, keyboard, subpath, safety.

One small site is built per session, at the root and under ``/careers/``, with the
real Pagefind index, and served on loopback; Chromium comes from Debian.
"""

from __future__ import annotations

import itertools
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from string import ascii_lowercase

import pytest
from playwright.sync_api import Browser, Page, expect

import test_browser
from conftest import SiteTree, job_md, small_site
from mltl_site.pipeline import build
from mltl_site.views import EVERY_PAGE
from test_browser import DESKTOP, serve

SCRIPT_TITLE = "<script>window.pwned=1</script> Lead"
EVIL_COMPANY = 'Evil" onmouseover="window.pwned=2'
ON_SITE_LEADS = 4  # open on-site listings with "lead" in them, written below


def write_board(tree: SiteTree) -> None:
    """The small tree plus listings that must not be found, a hostile and a huge one."""
    tree.write("jobs/acme-lead.md", job_md(body="We need someone who has bred zebrafish.\n"))
    tree.write(
        "jobs/closed-lead.md", job_md(posted="2026-10-01", valid="2026-11-01", body="Xylophone.\n")
    )
    tree.write("jobs/draft-lead.md", job_md(extra="draft: true\n", body="Marzipan.\n"))
    tree.write("jobs/later-lead.md", job_md(posted="2026-12-01", body="Tangerine.\n"))
    tree.write(
        "jobs/evil-lead.md",
        job_md(
            json.dumps(SCRIPT_TITLE),
            skills=json.dumps(["<img src=x onerror=window.pwned=3>", "Python"]),
            body="Bobolink.\n",
        ).replace("name: Acme", f"name: {json.dumps(EVIL_COMPANY)}"),
    )
    # Thousands of distinct words, so the word index is in several chunks whatever
    # Pagefind's chunk size: a search by filters alone must fetch only one of them.
    words = " ".join(
        "".join(w) for w in itertools.islice(itertools.product(ascii_lowercase, repeat=4), 4000)
    )
    huge = "Wolverine. " + "lorem ipsum dolor sit amet " * 8000 + words + " " + "x" * 20000 + "\n"
    tree.write("jobs/huge-lead.md", job_md("Huge ML Lead", body=huge))
    role = tree.root / "content/roles/ml-tech-lead/role.yaml"
    role.write_text(
        role.read_text() + "best_practices:\n  items:\n    - Keep a quokka ledger of decisions.\n"
    )
    tree.write("pages/about.md", "---\ntitle: About\ndescription: x\n---\nWe keep a pangolin.\n")


@dataclass(frozen=True)
class Served:
    url: str  # ends in a slash

    def at(self, path: str) -> str:
        return self.url + path.lstrip("/")


@pytest.fixture(scope="session")
def board(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Served, Served]]:
    """The board served at the root and, built with a subpath base URL, under /careers/."""
    tree = small_site(tmp_path_factory.mktemp("search-board"))
    write_board(tree)
    root, sub = tree.root / "root", tree.root / "sub"
    build(tree.project, root, tree.options())
    build(tree.project, sub / "careers", tree.options(base_url="https://jobs.example.org/careers/"))
    with serve(root) as at_root, serve(sub) as at_sub:
        yield Served(at_root), Served(at_sub + "careers/")


@pytest.fixture
def site(board: tuple[Served, Served]) -> Served:
    return board[0]


browser = test_browser.browser  # the same module-wide Chromium


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(viewport=DESKTOP)
    context.set_default_timeout(5000)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    # Pagefind says what went wrong (a merged index of another version, a failed
    # fetch) on the console, not by throwing.
    page.on("console", lambda m: errors.append(m.text) if m.type in ("error", "warning") else None)
    yield page
    context.close()
    assert errors == []


def results(page: Page) -> list[str]:
    """The shown results' links, as paths."""
    links: list[str] = page.eval_on_selector_all(
        "#search-results .search-result__title a", "links => links.map(a => a.pathname)"
    )
    return links


def search(page: Page, site: Served, query: str) -> None:
    page.goto(site.at("search/?q=" + query))
    expect(page.locator("#search-status")).to_have_text(
        re.compile(rf"(\d+ results?|No results) for “{query}”")
    )


def test_a_word_only_in_one_description_finds_that_listing(page: Page, site: Served) -> None:
    search(page, site, "zebrafish")
    assert results(page) == ["/jobs/acme-lead/"]
    result = page.locator(".search-result")
    expect(result.locator(".search-result__kind")).to_have_text("Job")
    expect(result.locator(".search-result__facts")).to_contain_text("Acme")
    expect(result.locator(".search-result__facts")).to_contain_text("Berlin, Germany")
    expect(result.locator(".search-result__pay")).to_have_text("$200,000 – $250,000 a year")
    expect(result.locator("time")).to_have_attribute("datetime", "2026-11-20")
    expect(result.locator(".search-result__excerpt mark")).to_have_text("zebrafish.")


@pytest.mark.parametrize("word", ["xylophone", "marzipan", "tangerine"])
def test_closed_draft_and_scheduled_listings_find_nothing(
    page: Page, site: Served, word: str
) -> None:
    search(page, site, word)
    expect(page.locator("#search-status")).to_contain_text(f"No results for “{word}”")
    assert results(page) == []
    expect(page.locator("#search-fallback .browse")).to_be_visible()  # never a dead end


def test_a_guide_term_finds_the_guide_section_by_its_anchor(page: Page, site: Served) -> None:
    search(page, site, "quokka")
    assert results(page) == ["/roles/ml-tech-lead/"]
    section = page.locator(".search-result__sections a")
    expect(section).to_have_text("Best practices")
    assert section.get_attribute("href") == "/roles/ml-tech-lead/#best-practices"
    section.click()
    page.wait_for_url("**/roles/ml-tech-lead/#best-practices")
    expect(page.locator("#best-practices")).to_be_in_viewport()


def test_a_filter_narrows_the_results_to_its_count_and_the_url_keeps_it(
    page: Page, site: Served
) -> None:
    search(page, site, "lead")
    everything = len(results(page))
    option = page.locator('fieldset[data-filter="workplace"] li', has_text="On-site")
    count = int(option.locator(".search-filter__count").inner_text().split()[0])
    assert count == ON_SITE_LEADS < everything
    option.locator("input").check()
    expect(page.locator("#search-status")).to_contain_text(
        f"{count} results for “lead”, Workplace: On-site"
    )
    assert len(results(page)) == count
    assert page.url.endswith("/search/?q=lead&workplace=On-site")
    page.go_back()
    expect(page.locator("#search-status")).to_have_text(f"{everything} results for “lead”.")
    expect(option.locator("input")).not_to_be_checked()
    page.go_forward()
    expect(option.locator("input")).to_be_checked()
    # A shared link opens with the same results.
    page.goto(site.at("search/?q=lead&workplace=On-site"))
    expect(page.locator("#search-status")).to_contain_text(f"{count} results")


def test_a_search_by_filters_alone_fetches_one_chunk_of_the_word_index(
    page: Page, site: Served
) -> None:
    # Pagefind's search for no words fetches every chunk of the word index (5.4 MB at
    # 10,000 listings); the page searches for the hidden word every indexed page holds.
    chunks: set[str] = set()
    page.on("request", lambda r: chunks.add(r.url) if r.url.endswith(".pf_index") else None)
    page.goto(site.at("search/?workplace=On-site"))
    status = page.locator("#search-status")
    expect(status).to_have_text(re.compile(r"\d+ results?, Workplace: On-site\."))
    fetched = set(chunks)
    shown = int(status.inner_text().split()[0])
    excerpts = page.locator(".search-result__excerpt").all_inner_texts()
    # The same pages as Pagefind's own search for nothing, which fetches every chunk.
    found = page.evaluate(
        """async (bundle) => {
            const pagefind = await import(bundle + "pagefind.js");
            const search = await pagefind.search(null, {filters: {workplace: ["On-site"]}});
            return search.results.length;
        }""",
        site.at("pagefind/"),
    )
    assert len(fetched) == 1 and len(chunks) >= 3  # one chunk of the three or more
    assert shown == found == ON_SITE_LEADS
    assert excerpts and not any(EVERY_PAGE in text for text in excerpts)


def test_ordering_by_pay_keeps_to_jobs_in_that_currency(page: Page, site: Served) -> None:
    page.goto(site.at("search/?q=lead&sort=pay-usd"))
    status = page.locator("#search-status")
    expect(status).to_contain_text("Only jobs with pay in USD")
    kinds = page.eval_on_selector_all(
        "#search-results .search-result", "r => r.map(x => x.dataset.kind)"
    )
    assert kinds and set(kinds) == {"Job"}


def test_search_works_under_a_subpath(page: Page, board: tuple[Served, Served]) -> None:
    careers = board[1]
    assert careers.url.endswith("/careers/")
    search(page, careers, "zebrafish")
    assert results(page) == ["/careers/jobs/acme-lead/"]
    page.locator(".search-result__title a").click()
    expect(page.locator("h1")).to_have_text("Senior ML Tech Lead")


def test_the_box_on_a_free_page_leads_to_results(page: Page, site: Served) -> None:
    page.goto(site.at("about/"))
    page.locator("#site-search").fill("zebrafish")
    page.locator("#site-search").press("Enter")
    page.wait_for_url("**/search/?q=zebrafish")
    expect(page.locator("#search-q")).to_have_value("zebrafish")
    expect(page.locator("#search-status")).to_have_text("1 result for “zebrafish”.")


def test_without_javascript_the_box_leads_to_the_jobs_list(browser: Browser, site: Served) -> None:
    context = browser.new_context(viewport=DESKTOP, java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(site.at("about/"))
        page.locator("#site-search").fill("zebrafish")
        page.locator("#site-search").press("Enter")
        page.wait_for_url("**/jobs/?q=zebrafish")
        expect(page.locator(".job-card").first).to_be_visible()
        page.goto(site.at("search/"))
        expect(page.locator("#search-fallback .browse")).to_be_visible()
        expect(page.locator("#search-filters")).to_be_hidden()
    finally:
        context.close()


def test_the_whole_search_works_from_the_keyboard(page: Page, site: Served) -> None:
    page.goto(site.at("about/"))
    page.keyboard.press("/")
    expect(page.locator("#site-search")).to_be_focused()
    page.keyboard.type("lead")
    page.keyboard.press("Enter")
    page.wait_for_url("**/search/?q=lead")
    status = page.locator("#search-status")
    expect(status).to_have_attribute("role", "status")
    expect(status).to_have_attribute("aria-live", "polite")
    expect(status).to_contain_text("results for “lead”")

    def tab_to(selector: str) -> None:
        for _ in range(60):
            page.keyboard.press("Tab")
            if page.evaluate("s => document.activeElement.matches(s)", selector):
                return
        raise AssertionError(f"Tab never reached {selector}")

    page.locator("#search-q").focus()
    tab_to('fieldset[data-filter="type"] input[value="Jobs"]')
    page.keyboard.press("Space")
    expect(status).to_contain_text("Show: Jobs")
    assert "type=Jobs" in page.url
    tab_to(".search-result__title a")
    first = page.evaluate("document.activeElement.pathname")
    page.keyboard.press("Enter")
    page.wait_for_url("**" + first)


def test_a_script_payload_in_a_listing_shows_as_text(page: Page, site: Served) -> None:
    search(page, site, "bobolink")
    assert results(page) == ["/jobs/evil-lead/"]
    result = page.locator(".search-result")
    expect(result.locator(".search-result__title")).to_have_text(SCRIPT_TITLE)
    expect(result.locator(".search-result__company")).to_have_text(EVIL_COMPANY)
    expect(page.locator('fieldset[data-filter="skill"]')).to_contain_text("<img src=x")
    assert (
        page.locator("#search-app script, #search-app img, #search-app [onmouseover]").count() == 0
    )
    assert page.evaluate("window.pwned") is None


def test_a_huge_listing_is_found_with_a_short_excerpt(page: Page, site: Served) -> None:
    search(page, site, "wolverine")
    assert results(page) == ["/jobs/huge-lead/"]
    excerpt = page.locator(".search-result__excerpt").inner_text()
    assert "Wolverine" in excerpt and len(excerpt) < 400


def test_the_search_box_is_in_the_header_of_every_kind_of_page(page: Page, site: Served) -> None:
    for path in ("", "jobs/", "jobs/acme-lead/", "roles/ml-tech-lead/", "about/", "404.html"):
        page.goto(site.at(path))
        expect(page.locator("header.site-header form.search-box[role=search]")).to_be_visible()
        assert page.locator("form.search-box").get_attribute("action") == "/search/"


def test_no_request_leaves_the_site(page: Page, site: Served) -> None:
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    search(page, site, "zebrafish")
    assert requests and all(url.startswith(site.url) for url in requests)
    assert any("/pagefind/" in url for url in requests)
