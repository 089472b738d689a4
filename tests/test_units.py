"""Pure helpers: formatting, slugs, paths, lifecycle, salary geometry."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from mltl_site.charts import axis_step
from mltl_site.config import build_date_from
from mltl_site.errors import SiteError
from mltl_site.formatting import days_ago, long_date, money, money_range, years_label
from mltl_site.guide import salary_view
from mltl_site.models import SalaryData
from mltl_site.pages import page_window, paginate
from mltl_site.urls import base_path, is_safe_relative, output_file, safe_join, slugify


@pytest.mark.parametrize(
    ("amount", "currency", "shown"),
    [
        (160000, "USD", "$160,000"),
        (6500, "EUR", "€6,500"),
        (110.5, "USD", "$110.50"),
        (220000, "CHF", "CHF\u00a0220,000"),
        (175000, "CAD", "CA$175,000"),
    ],
)
def test_money_uses_a_clear_symbol_or_the_code(amount: float, currency: str, shown: str) -> None:
    assert money(amount, currency) == shown


def test_an_open_ended_range_marks_its_top_with_a_plus() -> None:
    assert money_range(200000, 300000, "USD", open_ended=True) == "$200,000 – $300,000+"
    assert money_range(100, 100, "USD") == "$100"


def test_years_are_labelled_as_the_source_writes_them() -> None:
    assert years_label(10, None) == "10+ years"
    assert years_label(5, 10) == "5-10 years"
    assert years_label(None, 5) == "<5 years"


def test_dates_read_the_same_in_every_locale() -> None:
    assert long_date(dt.date(2026, 11, 2)) == "2 November 2026"
    assert [days_ago(n) for n in (0, 1, 9)] == ["today", "yesterday", "9 days ago"]


@pytest.mark.parametrize(
    ("text", "slug"),
    [("Zürich, CH", "zurich-ch"), ("C++", "cpp"), ("Search & Ranking", "search-and-ranking"),
     ("  Machine   Learning ", "machine-learning"), ("C#", "csharp")],
)  # fmt: skip
def test_slugify_gives_lowercase_ascii(text: str, slug: str) -> None:
    assert slugify(text) == slug


def test_site_paths_map_to_output_files() -> None:
    assert output_file("") == "index.html"
    assert output_file("jobs/page/2/") == "jobs/page/2/index.html"
    assert output_file("404.html") == "404.html"
    assert base_path("https://example.org/careers") == "/careers/"


@pytest.mark.parametrize("path", ["../x", "a/../../x", "/etc/passwd", "a\\b", "a/./b", "", "a\x00"])
def test_unsafe_output_paths_are_refused(path: str, tmp_path: Path) -> None:
    assert not is_safe_relative(path)
    with pytest.raises(ValueError):
        safe_join(tmp_path, path)


def test_safe_join_stays_inside_the_root(tmp_path: Path) -> None:
    assert safe_join(tmp_path, "jobs/x/index.html") == tmp_path / "jobs/x/index.html"


def test_the_build_date_comes_from_the_option_then_source_date_epoch() -> None:
    env = {"SOURCE_DATE_EPOCH": "1795305600"}
    assert build_date_from("2026-01-02", env) == dt.date(2026, 1, 2)
    assert build_date_from(None, env) == dt.date(2026, 11, 22)
    with pytest.raises(SiteError, match="SOURCE_DATE_EPOCH must be whole seconds"):
        build_date_from(None, {"SOURCE_DATE_EPOCH": "soon"})
    with pytest.raises(SiteError, match="--date must be a date"):
        build_date_from("2026-02-30", env)


@pytest.mark.parametrize(
    ("span", "step"), [(0, 1), (5, 1), (6, 2), (200000, 50000), (120000, 50000), (80, 20)]
)
def test_the_salary_axis_uses_round_steps(span: int, step: int) -> None:
    assert axis_step(span) == step


def test_salary_bars_sit_on_one_shared_axis() -> None:
    data = SalaryData.model_validate(
        {
            "market": "US",
            "year": 2024,
            "currency": "USD",
            "national": {"min": 160000, "max": 250000},
            "by_industry": [
                {"label": "Tech", "min": 180000, "max": 300000},
                {"label": "Academia", "min": 100000, "max": 180000},
            ],
        }
    )
    view = salary_view(data)
    chart = view.charts[0].chart
    tech, academia = chart.rows
    assert (academia.x, academia.width) == (0.0, 40.0)
    assert (tech.x, tech.width) == (40.0, 60.0)
    assert [t.label for t in chart.axis.ticks] == ["$100k", "$150k", "$200k", "$250k", "$300k"]
    assert view.national_chart.axis == chart.axis  # the headline range is on the same scale


def test_pagination_links_each_page_to_its_neighbours() -> None:
    pages = paginate(5, 2, "jobs/")
    assert [p.url for p in pages] == ["jobs/", "jobs/page/2/", "jobs/page/3/"]
    assert pages[1].prev_url == "jobs/" and pages[1].next_url == "jobs/page/3/"
    assert len(paginate(0, 2, "jobs/")) == 1


def test_the_pagination_nav_shows_a_window_not_every_page() -> None:
    window = page_window(50, 1000, "jobs/")
    assert [entry.number for entry in window] == [1, 0, 48, 49, 50, 51, 52, 0, 1000]
    assert [entry.current for entry in window].count(True) == 1
    assert window[0].url == "jobs/" and window[-1].url == "jobs/page/1000/"
    assert window[1].url is None  # a gap
    assert [e.number for e in page_window(2, 4, "jobs/")] == [1, 2, 3, 4]
    assert [e.number for e in page_window(1, 1, "jobs/")] == [1]
    # However long the list, each page's nav has at most 9 entries.
    assert max(len(page_window(n, 10_000, "x/")) for n in (1, 2, 3, 5000, 9999, 10_000)) <= 9
