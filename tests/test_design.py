"""The design in a real browser: every page type at phone to desktop widths, in both themes.

Nothing scrolls sideways, axe finds no serious problem in light or dark, no page logs an
error, the first listing and the Apply button are on a phone's first screen, the dark
theme is dark and remembered without a flash, the jobs page does not shift as its
filters arrive, and the guide's section nav follows the reader.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, expect

from mltl_site.config import BuildOptions, Project
from mltl_site.listings import Status
from mltl_site.pipeline import build, load_site
from test_browser import BUILD_DATE, REPO, browser, serve

__all__ = ["browser"]  # the shared Chromium fixture

VENDOR = REPO / "tests/vendor"
AXE = VENDOR / "node_modules/axe-core/axe.min.js"
WIDTHS = (320, 360, 768, 1280)
PHONE = {"width": 360, "height": 740}


@pytest.fixture(scope="module")
def axe_source() -> str:
    """axe-core from the npm registry, pinned by tests/vendor/package-lock.json."""
    if not AXE.is_file():
        npm = shutil.which("npm")
        if npm is None:
            pytest.fail("axe-core is missing and npm is not installed: run npm ci in tests/vendor")
        subprocess.run([npm, "ci", "--no-audit", "--no-fund"], cwd=VENDOR, check=True,
                       capture_output=True)  # fmt: skip
    return AXE.read_text("utf-8")


class Built:
    """The shipped site built and served, with one path of every page type."""

    def __init__(self, url: str, out: Path) -> None:
        self.url = url
        self.out = out
        site = load_site(Project.at(REPO), BuildOptions(build_date=BUILD_DATE))
        self.open_jobs = [f"jobs/{i.slug}/" for i in site.listings if i.status is Status.OPEN]
        closed = [f"jobs/{i.slug}/" for i in site.listings if i.status is Status.EXPIRED]
        self.pages = {
            "home": "", "guide": "roles/ml-tech-lead/", "roles": "roles/", "jobs": "jobs/",
            "job": self.open_jobs[0], "closed job": closed[0], "facet": "jobs/skill/python/",
            "salaries": "salaries/", "browse": "jobs/skill/", "page": "about/", "404": "404.html",
            "search": "search/?q=mentoring",
        }  # fmt: skip

    def at(self, path: str) -> str:
        return self.url + path


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Built]:
    out = tmp_path_factory.mktemp("design")
    build(Project.at(REPO), out, BuildOptions(build_date=BUILD_DATE))
    with serve(out) as url:
        yield Built(url, out)


@contextmanager
def opened(browser: Browser, width: int = 1280, height: int = 900, **more: Any) -> Iterator[Page]:
    """A page in a fresh browser context of that size and those options, closed after."""
    made = browser.new_context(viewport={"width": width, "height": height}, **more)
    made.set_default_timeout(5000)
    try:
        yield made.new_page()
    finally:
        made.close()


# Every element that clips or scrolls its content sideways, and chart text outside its chart.
OVERFLOW_JS = """() => {
  const bad = [];
  const root = document.documentElement;
  if (root.scrollWidth > root.clientWidth) bad.push(`page: ${root.scrollWidth}px wide`);
  const name = el => el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') +
    (el.className && el.className.baseVal === undefined ? '.' + [...el.classList].join('.') : '');
  for (const el of document.body.querySelectorAll('*')) {
    // Skipped: what is not drawn, and what is hidden for all but screen readers (1px boxes).
    if (el.closest('.visually-hidden, svg') || !el.getClientRects().length) continue;
    if (el.clientWidth <= 1) continue;
    const x = getComputedStyle(el).overflowX;
    if (x !== 'visible' && el.scrollWidth > el.clientWidth + 1) {
      bad.push(`${name(el)} holds ${el.scrollWidth}px in ${el.clientWidth}px`);
    }
  }
  // Nothing reaches into the page's side margins: a box wider than its column overflows
  // the container's padding without scrolling anything. (The guide's section bar is
  // full-bleed on phones on purpose.)
  for (const box of document.querySelectorAll('main .container')) {
    const r = box.getBoundingClientRect(), cs = getComputedStyle(box);
    const left = r.left + parseFloat(cs.paddingLeft), right = r.right - parseFloat(cs.paddingRight);
    for (const el of box.querySelectorAll('*')) {
      if (el.closest('.visually-hidden, svg, .toc') || !el.getClientRects().length) continue;
      const e = el.getBoundingClientRect();
      if (e.width > 1 && (e.left < left - 1 || e.right > right + 1)) {
        bad.push(`${name(el)} reaches ${Math.round(e.left)}–${Math.round(e.right)}px, ` +
                 `outside ${Math.round(left)}–${Math.round(right)}px`);
        break;
      }
    }
  }
  for (const svg of document.querySelectorAll('svg.chart')) {
    const box = svg.getBoundingClientRect();
    for (const text of svg.querySelectorAll('text')) {
      const r = text.getBoundingClientRect();
      if (r.width && (r.left < box.left - 1 || r.right > box.right + 1)) {
        bad.push(`chart text "${text.textContent}" leaves its chart`);
      }
    }
  }
  return bad;
}"""


@pytest.mark.parametrize("width", WIDTHS)
def test_nothing_scrolls_sideways_at_any_width(browser: Browser, built: Built, width: int) -> None:
    with opened(browser, width, 800) as page:
        problems = {}
        for kind, path in built.pages.items():
            page.goto(built.at(path))
            if kind == "jobs" and width < 1024:
                page.locator(".filters__toggle").click()  # every filter unfolded
            if kind == "search":
                expect(page.locator("#search-results > li").first).to_be_visible()
            found = page.evaluate(OVERFLOW_JS)
            if found:
                problems[kind] = found
        assert problems == {}


def axe_violations(page: Page, source: str) -> list[str]:
    page.add_script_tag(content=source)
    results: dict[str, Any] = page.evaluate("axe.run(document, {resultTypes: ['violations']})")
    return [
        f"{v['id']} ({v['impact']}): {n['target']}"
        for v in results["violations"]
        if v["impact"] in ("serious", "critical")
        for n in v["nodes"]
    ]


@pytest.mark.parametrize("theme", ["light", "dark"])
@pytest.mark.parametrize("width", [360, 1280])
def test_axe_finds_no_serious_problem_on_any_page_in_either_theme(
    browser: Browser, built: Built, axe_source: str, theme: str, width: int
) -> None:
    with opened(browser, width, 800, color_scheme=theme) as page:
        found = {}
        for kind, path in built.pages.items():
            page.goto(built.at(path))
            page.wait_for_load_state("load")
            if kind == "jobs":
                expect(page.locator("#job-filters")).to_be_visible()
            violations = axe_violations(page, axe_source)
            if violations:
                found[kind] = violations
        assert found == {}


def test_no_page_logs_an_error_or_fails_a_request(browser: Browser, built: Built) -> None:
    with opened(browser) as page:
        problems: list[str] = []
        page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda error: problems.append(str(error)))
        page.on(
            "response",
            lambda r: problems.append(f"{r.status} {r.url}") if r.status >= 400 else None,
        )
        for path in built.pages.values():
            page.goto(built.at(path))
            page.wait_for_load_state("load")
        page.goto(built.at("roles/ml-tech-lead/#salaries"))
        page.locator(".theme-toggle").click()
        assert problems == []


def test_on_a_phone_the_first_listing_is_on_the_home_pages_first_screen(
    browser: Browser, built: Built
) -> None:
    with opened(browser, **PHONE) as page:
        page.goto(built.at(""))
        card = page.locator(".home-jobs .job-card").first
        box = card.bounding_box()
        assert box is not None and box["y"] + box["height"] <= PHONE["height"], box
        expect(card.locator(".job-card__title a")).to_be_in_viewport(ratio=1)


def test_on_a_phone_apply_is_on_the_first_screen_of_every_open_job(
    browser: Browser, built: Built
) -> None:
    with opened(browser, **PHONE) as page:
        for path in built.open_jobs:
            page.goto(built.at(path))
            apply = page.locator('.button--apply[data-where="top"]')
            box = apply.bounding_box()
            assert box is not None and box["y"] + box["height"] <= PHONE["height"], (path, box)
            # And again at the end, after the description.
            end = page.locator('.apply-box .button--apply[data-where="end"]')
            assert end.get_attribute("href") == apply.get_attribute("href")


def luminance(css: str) -> float:
    red, green, blue = (int(v) / 255 for v in re.findall(r"[\d.]+", css)[:3])
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


COLOURS_JS = """() => [getComputedStyle(document.body).backgroundColor,
                       getComputedStyle(document.body).color]"""


def test_with_dark_mode_emulated_every_page_is_dark(browser: Browser, built: Built) -> None:
    with opened(browser, color_scheme="dark") as page:
        for path in built.pages.values():
            page.goto(built.at(path))
            background, text = page.evaluate(COLOURS_JS)
            assert luminance(background) < 0.1 and luminance(text) > 0.8, (path, background)
            card = page.locator(".job-card, .chart-block, .toc").first
            if card.count():
                surface = card.evaluate("e => getComputedStyle(e).backgroundColor")
                assert luminance(surface) < 0.15, (path, surface)


def test_the_theme_switch_is_remembered_and_applied_before_any_script_file_runs(
    browser: Browser, built: Built
) -> None:
    with opened(browser, color_scheme="light") as page:
        page.goto(built.at("jobs/"))
        toggle = page.get_by_role("button", name="Dark theme")
        expect(toggle).to_have_attribute("aria-pressed", "false")
        assert luminance(page.evaluate(COLOURS_JS)[0]) > 0.9
        toggle.click()
        expect(toggle).to_have_attribute("aria-pressed", "true")
        assert luminance(page.evaluate(COLOURS_JS)[0]) < 0.1
        assert page.evaluate("localStorage.getItem('theme')") == "dark"
        # With every script file refused, the remembered theme still applies at once: the
        # inline snippet sets it before the stylesheet paints, so there is no light flash.
        page.route("**/*.js", lambda route: route.abort())
        page.goto(built.at("roles/ml-tech-lead/"))
        assert page.evaluate("document.documentElement.dataset.theme") == "dark"
        assert luminance(page.evaluate(COLOURS_JS)[0]) < 0.1


def test_without_script_there_is_no_theme_switch_and_the_system_theme_applies(
    browser: Browser, built: Built
) -> None:
    with opened(browser, java_script_enabled=False, color_scheme="dark") as page:
        page.goto(built.at(""))
        expect(page.locator(".theme-toggle")).to_be_hidden()
        assert luminance(page.evaluate(COLOURS_JS)[0]) < 0.1


CLS_JS = """() => new Promise(resolve => {
  let total = 0;
  new PerformanceObserver(list => {
    for (const entry of list.getEntries()) if (!entry.hadRecentInput) total += entry.value;
  }).observe({type: 'layout-shift', buffered: true});
  requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(() => resolve(total), 0)));
})"""


@pytest.mark.parametrize(("width", "height"), [(360, 740), (1280, 900)])
def test_the_jobs_page_does_not_shift_as_its_filters_arrive(
    browser: Browser, built: Built, width: int, height: int
) -> None:
    with opened(browser, width, height) as page:
        # The filter script arrives late, as on a slow connection: its space is kept anyway.
        gate: list[Any] = []
        page.route("**/filters.*.js", lambda route: gate.append(route))
        page.goto(built.at("jobs/"), wait_until="commit")
        # Parsed, styled and painted, with the filter script still held back.
        page.wait_for_function(
            "document.readyState !== 'loading'"
            " && [...document.styleSheets].some(s => s.cssRules.length)"
        )
        page.evaluate("new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")
        assert gate, "the filter script was requested"
        before = page.locator("#job-results").bounding_box()
        for route in gate:
            route.continue_()
        expect(page.locator("#job-filters")).to_be_visible()
        assert page.locator("#job-results").bounding_box() == before
        assert page.evaluate(CLS_JS) < 0.1


def test_with_script_the_browse_box_offers_only_what_the_filters_do_not(
    browser: Browser, built: Built
) -> None:
    with opened(browser) as page:
        page.goto(built.at("jobs/"))
        browse = page.get_by_role("navigation", name="Browse jobs")
        for name in ("Workplace", "Seniority", "Skill", "Country", "City"):
            expect(browse.locator("summary", has_text=re.compile(f"^{name}$"))).to_be_hidden()
        expect(browse.locator("summary", has_text="Company")).to_be_visible()
        page.goto(built.at("jobs/skill/python/"))  # no filters there: every dimension
        browse = page.get_by_role("navigation", name="Browse jobs")
        expect(browse.locator("summary", has_text="Workplace")).to_be_visible()


def test_the_guide_section_nav_follows_the_reader_and_folds_on_phones(
    browser: Browser, built: Built
) -> None:
    with opened(browser, **PHONE) as page:
        page.goto(built.at("roles/ml-tech-lead/"))
        toc = page.locator("#toc")
        toggle = toc.locator(".toc__toggle")
        expect(toc.locator("ol")).to_be_hidden()
        toggle.click()
        expect(toggle).to_have_attribute("aria-expanded", "true")
        toc.get_by_role("link", name="Salary ranges").click()
        expect(toc.locator("ol")).to_be_hidden()
        expect(toc.locator('a[aria-current="location"]')).to_have_text("Salary ranges")
        expect(toggle).to_contain_text("Salary ranges")
        expect(toc).to_be_in_viewport()  # it stays at the top while the page scrolls
        page.locator("#industry-trends").scroll_into_view_if_needed()
        page.mouse.wheel(0, 200)
        expect(toc.locator('a[aria-current="location"]')).to_have_text("Industry trends")


def test_without_script_the_guide_nav_is_a_plain_table_of_contents(
    browser: Browser, built: Built
) -> None:
    with opened(browser, java_script_enabled=False, **PHONE) as page:
        page.goto(built.at("roles/ml-tech-lead/"))
        toc = page.locator("#toc")
        expect(toc.locator(".toc__toggle")).to_be_hidden()
        links = toc.locator("ol a")
        expect(links).to_have_count(14)
        expect(links.last).to_be_visible()
        assert toc.evaluate("e => getComputedStyle(e).position") == "static"


def test_printing_a_job_keeps_the_job_and_drops_the_chrome(browser: Browser, built: Built) -> None:
    with opened(browser) as page:
        page.goto(built.at(built.open_jobs[0]))
        page.emulate_media(media="print")
        for hidden in (".site-header", ".site-footer", ".similar", ".breadcrumbs"):
            expect(page.locator(hidden)).to_be_hidden()
        expect(page.locator(".job__description")).to_be_visible()
        page.goto(built.at("roles/ml-tech-lead/"))
        page.emulate_media(media="print", color_scheme="dark")
        expect(page.locator("#toc")).to_be_hidden()
        assert luminance(page.evaluate(COLOURS_JS)[0]) > 0.9  # paper is white in any theme
