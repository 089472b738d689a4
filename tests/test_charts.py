"""Salary charts: geometry computed in Python, drawn as inline SVG with the same numbers
as the tables beside them; pay from listings compared only within a currency, per year."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest

from conftest import SiteTree, job_md
from mltl_site.charts import WRAP, Chart, Range, axis_step, compact_money, range_chart
from mltl_site.pipeline import load_site

LOCATIONS = [
    Range("San Francisco Bay Area and New York City", 200_000, 300_000, True, "Top Tech Hubs"),
    Range("Seattle, Boston, Austin", 180_000, 280_000, group="Top Tech Hubs"),
    Range("Other US Cities", 150_000, 220_000),
]


def chart() -> Chart:
    return range_chart(
        "c", "By location", LOCATIONS, "USD", "a year", band=("US", 160_000, 250_000)
    )


def test_the_axis_runs_in_round_steps_over_every_figure_with_room_for_open_tops() -> None:
    axis = chart().axis
    assert axis.step == axis_step(300_000 - 150_000) == 50_000
    assert axis.start == 150_000
    # 300,000 is an open top: its fading tail needs half a step past it, so one more step.
    assert axis.end == 350_000
    assert [t.value for t in axis.ticks] == list(range(150_000, 350_001, 50_000))
    assert [t.label for t in axis.ticks] == ["$150k", "$200k", "$250k", "$300k", "$350k"]
    assert [t.x for t in axis.ticks] == [0.0, 25.0, 50.0, 75.0, 100.0]
    # The end labels stay inside the plot; every other label drops out on phones.
    assert [t.anchor for t in axis.ticks] == ["start", "middle", "middle", "middle", "end"]
    assert [t.minor for t in axis.ticks] == [False, True, False, True, False]


def test_bars_sit_on_the_axis_scale() -> None:
    rows = chart().rows
    assert [(r.x, r.width) for r in rows] == [(25.0, 50.0), (15.0, 50.0), (0.0, 35.0)]
    band = chart().band
    assert band is not None and (band.x, band.width) == (5.0, 45.0)


def test_an_open_ended_top_is_drawn_open_and_said_in_words() -> None:
    top, closed, _ = chart().rows
    assert top.open_ended and top.high_text == "$300,000+"
    assert top.open_x == top.x + top.width == 75.0
    assert top.open_width == 12.5  # half a step of a 200,000-wide axis
    assert top.open_x + top.open_width <= 100
    assert not closed.open_ended and closed.open_width == 0
    assert "San Francisco Bay Area and New York City: $200,000 to $300,000 or more" in (
        chart().summary
    )


def test_rows_stack_without_overlapping_and_labels_wrap_to_fit_a_phone() -> None:
    layout = chart()
    previous_bottom = 0.0
    for row in layout.rows:
        assert all(len(line.text) <= WRAP for line in row.lines)
        assert row.lines[0].y > previous_bottom
        assert [line.kind for line in row.lines][-1] == "value"
        assert row.bar_y > row.lines[-1].y
        previous_bottom = row.bar_y + layout.bar_height
    assert [line.text for line in layout.rows[0].lines] == [
        "San Francisco Bay Area and New",
        "York City",
        "$200,000 – $300,000+",
    ]
    assert [g.text for g in layout.groups] == ["Top Tech Hubs"]
    assert layout.groups[0].y < layout.rows[0].lines[0].y
    assert layout.axis_y > previous_bottom and layout.height > layout.axis_y


def test_a_chart_without_labels_is_only_bars_and_axis() -> None:
    bare = range_chart("b", "US", LOCATIONS[2:], "USD", "a year", labels=False)
    assert bare.rows[0].lines == ()
    assert bare.height < chart().height / 3


@pytest.mark.parametrize(
    ("amount", "currency", "shown"),
    [(150_000, "USD", "$150k"), (2_000_000, "JPY", "¥2M"), (1_500_000, "INR", "₹1.5M"),
     (90_000, "CHF", "CHF\u00a090k"), (1234, "EUR", "€1,234")],
)  # fmt: skip
def test_tick_labels_are_short(amount: int, currency: str, shown: str) -> None:
    assert compact_money(amount, currency) == shown


def test_listing_pay_is_charted_per_currency_and_per_year_by_seniority(tree: SiteTree) -> None:
    tree.write("jobs/acme-lead.md", job_md(
        salary="salary: {currency: USD, min: 100, max: 120, period: hour}"))  # fmt: skip
    tree.write("jobs/globex-lead.md", job_md(
        "Staff ML Lead", salary="salary: {currency: EUR, min: 150000, max: 190000, period: year}",
        extra="", posted="2026-11-01"))  # fmt: skip
    site = load_site(tree.project, tree.options())
    usd, eur = sorted(site.spreads, key=lambda s: s.currency, reverse=True)
    assert (usd.currency, eur.currency) == ("USD", "EUR")
    # The hourly contract is counted as a year (× 2,080), in its own currency only.
    senior = next(r for r in usd.chart.rows if r.label == "Senior")
    assert (senior.low_text, senior.high_text) == ("$200,000", "$250,000")
    assert usd.count == 2
    assert usd.chart.axis.x((100 + 120) / 2 * 2080) in senior.points
    assert eur.chart.rows[0].low_text == "€150,000"
    # The guide's US range (USD) stands behind the USD chart only: nothing is converted.
    assert usd.chart.band is not None and "$160,000 – $250,000" in usd.chart.band.label
    assert eur.chart.band is None


class _Charts(HTMLParser):
    """Each chart block's SVG figures and table figures, as a page shows them."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[dict[str, list[str]]] = []
        self._in: str | None = None
        self._open = False  # inside a chart block (they do not nest)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        classes = (dict(attrs).get("class") or "").split()
        if tag == "figure" and "chart-block" in classes:
            self.blocks.append({"svg": [], "table": [], "role": [], "desc": []})
            self._open = True
        elif not self._open:
            return
        elif tag == "svg":
            self.blocks[-1]["role"].append(dict(attrs).get("role") or "")
        elif tag == "text" and "chart__value" in classes:
            self._in = "svg"
        elif tag == "td" and "num" in classes:
            self._in = "table"
        elif tag == "desc":
            self._in = "desc"

    def handle_endtag(self, tag: str) -> None:
        if tag in ("text", "td", "desc"):
            self._in = None
        elif tag == "figure":
            self._open = False

    def handle_data(self, data: str) -> None:
        if self._in:
            self.blocks[-1][self._in].append(data)


def chart_blocks(html: str) -> list[dict[str, list[str]]]:
    parser = _Charts()
    parser.feed(html)
    return parser.blocks


@pytest.mark.parametrize("page", ["roles/ml-tech-lead/index.html", "salaries/index.html"])
def test_every_chart_shows_the_numbers_of_the_table_beside_it(tree: SiteTree, page: str) -> None:
    blocks = chart_blocks(tree.html(page))
    assert blocks
    for block in blocks:
        assert block["role"] == ["img"]
        figures = [f for value in block["svg"] for f in re.findall(r"[^\s–]+\d[^\s–]*", value)]
        assert figures == block["table"] and figures
        assert all(figure.rstrip("+") in "".join(block["desc"]) for figure in figures)


def test_the_salaries_page_and_the_jobs_index_show_pay_per_currency(tree: SiteTree) -> None:
    files = tree.files()
    salaries = files["salaries/index.html"].decode()
    assert "Pay in open listings paid in USD, by seniority" in salaries
    assert "US ranges (2024)" in salaries and 'id="salaries-by-location"' in salaries
    index = files["jobs/index.html"].decode()
    assert 'class="pay-summary"' in index and "$200,000 – $250,000" in index
    assert 'href="/salaries/"' in index
    assert 'class="pay-summary"' not in files["jobs/skill/python/index.html"].decode()
