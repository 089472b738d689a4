"""The jobs page in a real browser: the filter script, the no-script fallback, layout and a11y.

The shipped site is built once per module and served on loopback; Chromium comes from
Debian (never downloaded). Expected results are computed from the built
``jobs/filter-index.json`` so the tests follow content edits.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from playwright.sync_api import Browser, Locator, Page, ViewportSize, expect, sync_playwright
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from mltl_site.config import BuildOptions, Project
from mltl_site.pipeline import build

REPO = Path(__file__).resolve().parent.parent
BUILD_DATE = dt.date(2026, 11, 22)
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
DESKTOP: ViewportSize = {"width": 1280, "height": 900}
# Shipped listings used by name (content/jobs/*.md is fixed).
HOURLY_CONTRACT = "paperkite-media-contract-ml-tech-lead-generative-ai"
NO_SALARY = "krishi-signal-ml-tech-lead-crop-intelligence"

Job = dict[str, Any]

SHOWN_SLUGS_JS = """() => [...document.querySelectorAll('#job-results .job-card__title a')]
    .map(a => a.pathname.split('/').filter(Boolean).pop())"""


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@contextmanager
def serve(directory: Path) -> Iterator[str]:
    """Serve ``directory`` on loopback; yields the root URL (ending in a slash)."""
    handler = partial(_QuietHandler, directory=str(directory))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}/"
    finally:
        server.shutdown()
        server.server_close()


@dataclass(frozen=True)
class Site:
    """A built site being served: ``url`` is where its home page is."""

    url: str
    out: Path

    def at(self, path: str) -> str:
        return self.url + path.lstrip("/")

    @property
    def index(self) -> dict[str, Any]:
        data: dict[str, Any] = json.loads((self.out / "jobs/filter-index.json").read_text("utf-8"))
        return data

    @property
    def jobs(self) -> list[Job]:
        jobs: list[Job] = self.index["jobs"]
        return jobs


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    out = tmp_path_factory.mktemp("site")
    build(Project.at(REPO), out, BuildOptions(build_date=BUILD_DATE))
    with serve(out) as url:
        yield Site(url, out)


@pytest.fixture(scope="module")
def paged_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    """The shipped content with four jobs per page, so the list has pagination."""
    root = tmp_path_factory.mktemp("paged")
    shutil.copytree(REPO / "content", root / "content")
    settings = root / "content/site.yaml"
    text, count = re.subn(
        r"^jobs_per_page:.*$", "jobs_per_page: 4", settings.read_text("utf-8"), flags=re.M
    )
    settings.write_text(text if count else text + "jobs_per_page: 4\n", "utf-8")
    project = Project(root, root / "content", REPO / "templates", REPO / "static")
    out = root / "out"
    build(project, out, BuildOptions(build_date=BUILD_DATE))
    with serve(out) as url:
        yield Site(url, out)


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(viewport=DESKTOP)
    context.set_default_timeout(5000)
    page = context.new_page()
    yield page
    context.close()


# --- helpers --------------------------------------------------------------------------------


def shown(page: Page) -> list[str]:
    slugs: list[str] = page.evaluate(SHOWN_SLUGS_JS)
    return slugs


def expect_jobs(page: Page, slugs: list[str]) -> None:
    """Wait until the result list shows exactly ``slugs``, in this order."""
    with suppress(PlaywrightTimeout):
        page.wait_for_function(
            f"want => JSON.stringify(({SHOWN_SLUGS_JS})()) === JSON.stringify(want)",
            arg=slugs,
            timeout=5000,
        )
    assert shown(page) == slugs


def query(page: Page) -> dict[str, list[str]]:
    return parse_qs(urlsplit(page.url).query)


QUERY_IS_JS = """want => {
    const got = {};
    for (const [key, value] of new URLSearchParams(location.search)) (got[key] ||= []).push(value);
    const norm = o => JSON.stringify(Object.keys(o).sort().map(k => [k, o[k]]));
    return norm(got) === norm(want);
}"""


def expect_query(page: Page, wanted: dict[str, list[str]]) -> None:
    """Wait until the address bar's query holds ``wanted`` (the keyword box is debounced)."""
    with suppress(PlaywrightTimeout):
        page.wait_for_function(QUERY_IS_JS, arg=wanted, timeout=3000)
    assert query(page) == wanted


def slugs(jobs: list[Job], keep: Callable[[Job], bool]) -> list[str]:
    return [job["slug"] for job in jobs if keep(job)]


def filters(page: Page) -> Locator:
    return page.locator("#job-filters")


def box(page: Page, name: str, value: str) -> Locator:
    return filters(page).locator(f'input[name="{name}"][value="{value}"]')


def status(page: Page) -> Locator:
    return page.locator("#filter-status")


def open_jobs(page: Page, site: Site, path: str = "jobs/") -> None:
    page.goto(site.at(path))
    expect(filters(page)).to_be_visible()


def pay_order(jobs: list[Job], currency: str) -> list[str]:
    """The documented "highest pay first" order, computed independently of the script."""
    paid = [j for j in jobs if j["currency"] == currency and j["annual_max"] is not None]
    paid.sort(key=lambda j: (-j["annual_max"], -(j["annual_min"] or 0), jobs.index(j)))
    return [j["slug"] for j in paid] + [j["slug"] for j in jobs if j not in paid]


# --- filtering ------------------------------------------------------------------------------


def test_checking_remote_shows_only_remote_jobs_and_puts_it_in_the_url(
    page: Page, site: Site
) -> None:
    open_jobs(page, site)
    remote = slugs(site.jobs, lambda j: j["workplace"] == "remote")
    assert 0 < len(remote) < len(site.jobs)

    filters(page).get_by_role("checkbox", name=re.compile(r"^Remote\b")).check()

    expect_jobs(page, remote)
    expect_query(page, {"workplace": ["remote"]})
    expect(status(page)).to_have_text(f"Showing {len(remote)} of {len(site.jobs)} open jobs.")
    assert page.eval_on_selector("#job-pagination", "e => e.hidden")


def test_checking_two_workplaces_shows_jobs_at_either(page: Page, site: Site) -> None:
    open_jobs(page, site)
    box(page, "workplace", "remote").check()
    box(page, "workplace", "onsite").check()

    either = slugs(site.jobs, lambda j: j["workplace"] in {"remote", "onsite"})
    assert len(either) > len(slugs(site.jobs, lambda j: j["workplace"] == "remote"))
    expect_jobs(page, either)
    expect_query(page, {"workplace": ["remote", "onsite"]})


def test_choosing_a_country_then_a_city_shows_only_jobs_there(page: Page, site: Site) -> None:
    open_jobs(page, site)
    location = filters(page).get_by_label("Location")

    location.select_option("country:de")
    in_germany = slugs(site.jobs, lambda j: "de" in j["countries"])
    assert 1 < len(in_germany) < len(site.jobs)
    expect_jobs(page, in_germany)
    expect_query(page, {"location": ["country:de"]})

    location.select_option("city:berlin-de")
    in_berlin = slugs(site.jobs, lambda j: "berlin-de" in j["cities"])
    assert 0 < len(in_berlin) < len(in_germany)
    expect_jobs(page, in_berlin)
    expect_query(page, {"location": ["city:berlin-de"]})


def test_seniority_boxes_show_jobs_at_any_checked_level(page: Page, site: Site) -> None:
    open_jobs(page, site)
    filters(page).get_by_role("checkbox", name=re.compile(r"^Senior\b")).check()
    filters(page).get_by_role("checkbox", name=re.compile(r"^Staff\b")).check()

    levels = slugs(site.jobs, lambda j: j["seniority"] in {"senior", "staff"})
    assert len(levels) > len(slugs(site.jobs, lambda j: j["seniority"] == "senior"))
    expect_jobs(page, levels)
    expect_query(page, {"seniority": ["senior", "staff"]})


def test_skill_boxes_show_jobs_asking_for_any_of_the_checked_skills(page: Page, site: Site) -> None:
    open_jobs(page, site)
    filters(page).get_by_role("checkbox", name=re.compile(r"^NLP\b")).check()
    filters(page).get_by_role("checkbox", name=re.compile(r"^Computer Vision\b")).check()

    nlp = slugs(site.jobs, lambda j: "nlp" in j["skills"])
    vision = slugs(site.jobs, lambda j: "computer-vision" in j["skills"])
    either = slugs(site.jobs, lambda j: bool({"nlp", "computer-vision"} & set(j["skills"])))
    assert len(either) > max(len(nlp), len(vision))
    expect_jobs(page, either)
    # Like a GET form: values in the form's order (skills are alphabetical), not click order.
    expect_query(page, {"skill": ["computer-vision", "nlp"]})


def test_every_keyword_must_appear_in_the_listing_whatever_its_case(page: Page, site: Site) -> None:
    open_jobs(page, site)
    filters(page).get_by_label("Keywords").fill("PyTorch  Remote")

    both = slugs(site.jobs, lambda j: "pytorch" in j["text"] and "remote" in j["text"])
    assert 0 < len(both) < len(slugs(site.jobs, lambda j: "pytorch" in j["text"]))
    expect_jobs(page, both)
    expect_query(page, {"q": ["PyTorch  Remote"]})


def test_a_filter_matching_nothing_offers_to_clear_the_filters(page: Page, site: Site) -> None:
    open_jobs(page, site)
    filters(page).get_by_label("Keywords").fill("no-such-job-anywhere")

    expect(page.locator("#job-results")).to_contain_text("No jobs match these filters")
    expect(status(page)).to_have_text(f"Showing 0 of {len(site.jobs)} open jobs.")
    page.locator("#job-results").get_by_role("button", name="Clear all filters").click()

    expect_jobs(page, [j["slug"] for j in site.jobs])
    expect(filters(page).get_by_label("Keywords")).to_have_value("")
    expect(filters(page).get_by_label("Keywords")).to_be_focused()
    assert urlsplit(page.url).query == ""


# --- salary and sorting ---------------------------------------------------------------------


def test_minimum_usd_salary_leaves_out_other_currencies_and_jobs_without_salary(
    page: Page, site: Site
) -> None:
    jobs = site.jobs
    floor = 250_000
    others = [j for j in jobs if j["currency"] not in (None, "USD")]
    # Were pay compared as bare numbers, some other-currency job would pass the floor.
    assert any(j["annual_max"] >= floor for j in others)
    assert any(j["currency"] is None for j in jobs)

    open_jobs(page, site)
    filters(page).get_by_label("Currency").select_option("USD")
    minimum = filters(page).get_by_label("Minimum yearly salary")
    minimum.fill(str(floor))
    minimum.press("Enter")

    usd = slugs(jobs, lambda j: j["currency"] == "USD" and j["annual_max"] >= floor)
    assert 0 < len(usd) < len([j for j in jobs if j["currency"] == "USD"])
    expect_jobs(page, usd)
    expect_query(page, {"min": [str(floor)], "currency": ["USD"]})
    expect(status(page)).to_contain_text(
        f"{len(others)} jobs paid in other currencies are left out"
    )

    filters(page).get_by_label("Include jobs that state no salary").check()
    with_unpaid = slugs(
        jobs,
        lambda j: j["currency"] is None or (j["currency"] == "USD" and j["annual_max"] >= floor),
    )
    assert NO_SALARY in with_unpaid
    expect_jobs(page, with_unpaid)
    expect_query(page, {"min": [str(floor)], "currency": ["USD"], "nosalary": ["1"]})


def test_sorting_by_highest_pay_ranks_usd_jobs_by_yearly_maximum(page: Page, site: Site) -> None:
    jobs = site.jobs
    contract = next(j for j in jobs if j["slug"] == HOURLY_CONTRACT)
    assert contract["annual_max"] == 140 * 2080  # $140 an hour, as a year

    open_jobs(page, site)
    filters(page).get_by_label("Sort by").select_option("pay")

    expected = pay_order(jobs, "USD")
    expect_jobs(page, expected)
    assert expected != [j["slug"] for j in jobs]
    # The hourly contract outranks every yearly USD salary with a lower maximum.
    below = [j["slug"] for j in jobs if j["currency"] == "USD" and j["annual_max"] < 291_200]
    assert below and all(expected.index(HOURLY_CONTRACT) < expected.index(s) for s in below)
    # USD salaries first, then everything else newest first.
    usd_count = len([j for j in jobs if j["currency"] == "USD" and j["annual_max"] is not None])
    rest = expected[usd_count:]
    assert rest == [j["slug"] for j in jobs if j["slug"] in rest]
    expect_query(page, {"currency": ["USD"], "sort": ["pay"]})

    filters(page).get_by_role("checkbox", name=re.compile(r"^Remote\b")).check()
    remote = [s for s in expected if s in slugs(jobs, lambda j: j["workplace"] == "remote")]
    assert remote[0] == HOURLY_CONTRACT
    expect_jobs(page, remote)


# --- URL state and history ------------------------------------------------------------------


def test_the_url_query_mirrors_the_form_and_omits_defaults(page: Page, site: Site) -> None:
    open_jobs(page, site)
    box(page, "workplace", "remote").check()
    box(page, "workplace", "hybrid").check()
    box(page, "skill", "python").check()
    minimum = filters(page).get_by_label("Minimum yearly salary")
    minimum.fill("150000")
    minimum.blur()
    filters(page).get_by_label("Sort by").select_option("pay")

    expect_query(
        page,
        {
            "workplace": ["remote", "hybrid"],
            "skill": ["python"],
            "min": ["150000"],
            "currency": ["USD"],
            "sort": ["pay"],
        },
    )

    filters(page).get_by_label("Sort by").select_option("newest")
    minimum.fill("")
    minimum.blur()
    # sort=newest is the default, and the currency only matters with a minimum or pay sort.
    expect_query(page, {"workplace": ["remote", "hybrid"], "skill": ["python"]})


def test_opening_a_url_with_a_query_applies_it_to_the_form_and_the_results(
    page: Page, site: Site
) -> None:
    page.goto(site.at("jobs/?workplace=hybrid&skill=spark&sort=pay&currency=EUR"))

    expect(box(page, "workplace", "hybrid")).to_be_checked()
    expect(box(page, "workplace", "remote")).not_to_be_checked()
    expect(box(page, "skill", "spark")).to_be_checked()
    expect(filters(page).get_by_label("Sort by")).to_have_value("pay")
    expect(filters(page).get_by_label("Currency")).to_have_value("EUR")
    matching = [j for j in site.jobs if j["workplace"] == "hybrid" and "spark" in j["skills"]]
    assert len(matching) > 1
    expect_jobs(page, pay_order(matching, "EUR"))


def test_the_back_button_restores_the_previous_results_and_controls(page: Page, site: Site) -> None:
    open_jobs(page, site)
    everything = shown(page)
    remote_box, pytorch_box = box(page, "workplace", "remote"), box(page, "skill", "pytorch")
    remote = slugs(site.jobs, lambda j: j["workplace"] == "remote")
    remote_pytorch = slugs(
        site.jobs, lambda j: j["workplace"] == "remote" and "pytorch" in j["skills"]
    )
    assert 0 < len(remote_pytorch) < len(remote)

    remote_box.check()
    expect_jobs(page, remote)
    pytorch_box.check()
    expect_jobs(page, remote_pytorch)

    page.go_back()
    expect_jobs(page, remote)
    expect(remote_box).to_be_checked()
    expect(pytorch_box).not_to_be_checked()
    assert query(page) == {"workplace": ["remote"]}

    page.go_back()
    expect_jobs(page, everything)
    expect(remote_box).not_to_be_checked()
    expect(status(page)).to_have_text("")
    assert urlsplit(page.url).query == ""

    page.go_forward()
    expect_jobs(page, remote)
    expect(remote_box).to_be_checked()


def test_typing_keywords_updates_the_url_as_one_history_entry(page: Page, site: Site) -> None:
    open_jobs(page, site)
    before = page.evaluate("history.length")
    keywords = filters(page).get_by_label("Keywords")

    pytorch = slugs(site.jobs, lambda j: "pytorch" in j["text"])
    remote = slugs(site.jobs, lambda j: "pytorch" in j["text"] and "remote" in j["text"])
    assert 0 < len(remote) < len(pytorch) < len(site.jobs)

    keywords.press_sequentially("pytorch")
    expect_query(page, {"q": ["pytorch"]})
    expect_jobs(page, pytorch)
    keywords.press_sequentially(" remote")
    expect_query(page, {"q": ["pytorch remote"]})
    expect_jobs(page, remote)
    keywords.press("Tab")  # the change event commits; the URL is already right

    assert page.evaluate("history.length") == before + 1
    page.go_back()
    expect(keywords).to_have_value("")
    expect_jobs(page, [j["slug"] for j in site.jobs])
    assert urlsplit(page.url).query == ""


def test_clear_filters_restores_the_server_rendered_first_page_and_pagination(
    page: Page, paged_site: Site
) -> None:
    open_jobs(page, paged_site)
    original = page.inner_html("#job-results")
    pagination = page.locator("#job-pagination nav.pagination")
    expect(pagination).to_be_visible()
    first_page = shown(page)
    assert 0 < len(first_page) < len(paged_site.jobs)

    box(page, "skill", "python").check()
    filters(page).get_by_label("Sort by").select_option("pay")
    expect_jobs(page, pay_order(paged_site.jobs, "USD"))  # every job, not only this page
    expect(pagination).to_be_hidden()

    filters(page).get_by_role("button", name="Clear filters").click()

    expect_jobs(page, first_page)
    assert page.inner_html("#job-results") == original
    expect(pagination).to_be_visible()
    expect(status(page)).to_have_text("")
    expect(box(page, "skill", "python")).not_to_be_checked()
    expect(filters(page).get_by_label("Sort by")).to_have_value("newest")
    assert urlsplit(page.url).path == "/jobs/"
    assert urlsplit(page.url).query == ""


def test_filtering_from_a_later_page_searches_all_open_jobs(page: Page, paged_site: Site) -> None:
    open_jobs(page, paged_site, "jobs/page/2/")
    box(page, "workplace", "onsite").check()
    expect_jobs(page, slugs(paged_site.jobs, lambda j: j["workplace"] == "onsite"))
    assert urlsplit(page.url).path == "/jobs/page/2/"


def test_when_the_index_cannot_load_the_status_says_so_and_the_list_stays(
    page: Page, site: Site
) -> None:
    page.route("**/filter-index.json", lambda route: route.abort())
    open_jobs(page, site)
    before = shown(page)

    box(page, "workplace", "remote").check()

    expect(status(page)).to_contain_text("could not be loaded")
    assert shown(page) == before
    expect(page.locator("#job-results .job-card")).to_have_count(len(site.jobs))


# --- without script, base path, errors ------------------------------------------------------


def test_without_javascript_the_form_stays_hidden_and_browse_links_lead_to_facet_pages(
    browser: Browser, site: Site
) -> None:
    context = browser.new_context(java_script_enabled=False, viewport=DESKTOP)
    try:
        page = context.new_page()
        page.goto(site.at("jobs/"))
        expect(page.locator("#job-filters")).to_be_hidden()
        browse = page.get_by_role("navigation", name="Browse jobs")

        browse.get_by_role("link", name="Remote", exact=True).click()
        page.wait_for_url("**/jobs/workplace/remote/")
        assert shown(page) == slugs(site.jobs, lambda j: j["workplace"] == "remote")

        browse = page.get_by_role("navigation", name="Browse jobs")
        browse.locator("summary", has_text="Skill").click()
        browse.get_by_role("link", name="PyTorch", exact=True).click()
        page.wait_for_url("**/jobs/skill/pytorch/")
        assert shown(page) == slugs(site.jobs, lambda j: "pytorch" in j["skills"])
    finally:
        context.close()


def test_filters_work_when_the_site_lives_under_a_subpath(
    page: Page, tmp_path_factory: pytest.TempPathFactory
) -> None:
    root = tmp_path_factory.mktemp("root")
    out = root / "careers"
    options = BuildOptions(build_date=BUILD_DATE, base_url="https://example.org/careers/")
    build(Project.at(REPO), out, options)
    with serve(root) as url:
        careers = Site(url + "careers/", out)
        open_jobs(page, careers)
        assert filters(page).get_attribute("data-index") == "/careers/jobs/filter-index.json"

        box(page, "workplace", "hybrid").check()

        hybrid = slugs(careers.jobs, lambda j: j["workplace"] == "hybrid")
        expect_jobs(page, hybrid)
        assert urlsplit(page.url).path == "/careers/jobs/"
        assert query(page) == {"workplace": ["hybrid"]}
        links = page.locator("#job-results .job-card__title a")
        assert all(
            href.startswith("/careers/jobs/")
            for href in links.evaluate_all("links => links.map(a => a.getAttribute('href'))")
        )
        links.first.click()
        page.wait_for_url(f"**/careers/jobs/{hybrid[0]}/")
        expect(page.locator("h1")).to_be_visible()


def test_the_jobs_page_logs_no_console_errors_or_page_errors(page: Page, site: Site) -> None:
    problems: list[str] = []
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda error: problems.append(str(error)))
    page.on(
        "response",
        lambda r: problems.append(f"{r.status} {r.url}") if r.status >= 400 else None,
    )

    open_jobs(page, site)
    box(page, "skill", "python").check()
    filters(page).get_by_label("Keywords").fill("lead")
    filters(page).get_by_label("Sort by").select_option("pay")
    expect(status(page)).to_contain_text("Showing")
    page.go_back()
    filters(page).get_by_role("button", name="Clear filters").click()
    expect(status(page)).to_have_text("")
    page.goto(site.at("jobs/skill/python/"))
    page.wait_for_load_state("load")

    assert problems == []


# --- layout and accessibility ---------------------------------------------------------------


def test_no_page_type_scrolls_sideways_on_a_320px_phone(browser: Browser, site: Site) -> None:
    context = browser.new_context(viewport={"width": 320, "height": 640})
    try:
        page = context.new_page()
        listing = site.jobs[0]["slug"]
        paths = ["", "jobs/", f"jobs/{listing}/", "roles/ml-tech-lead/", "jobs/skill/python/"]
        for path in [*paths, "jobs/skill/", "about/", "editors/"]:
            page.goto(site.at(path))
            if path == "jobs/":  # with every filter unfolded and some chosen
                page.locator(".filters__toggle").click()
                box(page, "skill", "stakeholder-management").check()
                page.goto(site.at("jobs/?min=150000&currency=USD&sort=pay&workplace=remote"))
                page.locator(".filters__toggle").click()
                expect(status(page)).to_contain_text("Showing")
            width = page.evaluate("document.documentElement.scrollWidth")
            assert width <= 320, f"/{path} is {width}px wide"
    finally:
        context.close()


def test_every_visible_form_control_on_the_jobs_page_has_an_accessible_name(
    page: Page, site: Site
) -> None:
    open_jobs(page, site)
    controls = page.locator("main").locator("input, select, textarea, button")
    checked = 0
    for index in range(controls.count()):
        control = controls.nth(index)
        if not control.is_visible():
            continue
        snapshot = control.aria_snapshot()
        first = snapshot.splitlines()[0]
        assert re.match(r'- \w+ "[^"]*\w[^"]*"', first), f"no accessible name: {snapshot}"
        checked += 1
    assert checked >= 10  # keywords, checkboxes, selects, salary, sort, reset
    # The named lookups the other tests rely on resolve to exactly one control each.
    for label in ("Keywords", "Location", "Currency", "Minimum yearly salary", "Sort by"):
        expect(filters(page).get_by_label(label, exact=True)).to_have_count(1)


def test_the_skip_link_is_the_first_tab_stop_and_moves_focus_to_main(
    page: Page, site: Site
) -> None:
    open_jobs(page, site)
    page.keyboard.press("Tab")
    focused = page.locator(":focus")
    expect(focused).to_have_text("Skip to content")
    expect(focused).to_be_in_viewport()

    page.keyboard.press("Enter")

    expect(page.locator("#main")).to_be_focused()
    page.keyboard.press("Tab")
    # The next stop is inside the main content, not back in the header.
    assert page.evaluate("document.activeElement.closest('main') !== null")


# --- live counts, heading, employment type and date posted ---------------------------------


def count_beside(page: Page, name: str, value: str) -> Locator:
    return box(page, name, value).locator("xpath=..").locator("[data-count]")


def test_the_heading_tracks_the_result_and_counts_follow_the_other_filters(
    page: Page, site: Site
) -> None:
    jobs = site.jobs
    heading = page.locator("#results-count")
    open_jobs(page, site)
    expect(heading).to_have_text(f"{len(jobs)} open positions")

    box(page, "workplace", "remote").check()

    remote = [j for j in jobs if j["workplace"] == "remote"]
    expect(heading).to_have_text(f"{len(remote)} of {len(jobs)} open positions")
    # A workplace's count ignores the workplace filter itself (checking it would add jobs)...
    hybrid = len([j for j in jobs if j["workplace"] == "hybrid"])
    expect(count_beside(page, "workplace", "hybrid")).to_have_text(str(hybrid))
    # ...and every other count is of the remote jobs only.
    senior = len([j for j in remote if j["seniority"] == "senior"])
    expect(count_beside(page, "seniority", "senior")).to_have_text(str(senior))
    python = len([j for j in remote if "python" in j["skills"]])
    assert python < len([j for j in jobs if "python" in j["skills"]])
    expect(count_beside(page, "skill", "python")).to_have_text(str(python))
    germany = len([j for j in remote if "de" in j["countries"]])
    expect(filters(page).locator('option[value="country:de"]')).to_have_text(f"Germany ({germany})")

    filters(page).get_by_role("button", name="Clear filters").click()
    expect(heading).to_have_text(f"{len(jobs)} open positions")
    senior_all = len([j for j in jobs if j["seniority"] == "senior"])
    expect(count_beside(page, "seniority", "senior")).to_have_text(str(senior_all))


def test_employment_type_and_date_posted_filter_the_list_and_live_in_the_url(
    page: Page, site: Site
) -> None:
    jobs = site.jobs
    open_jobs(page, site)
    box(page, "type", "contract").check()
    contract = slugs(jobs, lambda j: j["type"] == "contract")
    assert 0 < len(contract) < len(jobs)
    expect_jobs(page, contract)
    expect_query(page, {"type": ["contract"]})

    filters(page).get_by_role("button", name="Clear filters").click()
    filters(page).get_by_label("Date posted").select_option("7")
    week = slugs(jobs, lambda j: j["age"] < 7)
    assert 0 < len(week) < len(jobs)
    expect_jobs(page, week)
    expect_query(page, {"posted": ["7"]})
    expect(page.locator("#results-count")).to_have_text(
        f"{len(week)} of {len(jobs)} open positions"
    )

    page.goto(site.at("jobs/?type=full-time&posted=30"))
    expect(filters(page).get_by_label("Date posted")).to_have_value("30")
    expect(box(page, "type", "full-time")).to_be_checked()
    expect_jobs(page, slugs(jobs, lambda j: j["type"] == "full-time" and j["age"] < 30))
