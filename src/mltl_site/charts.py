"""Salary charts as geometry: computed here, drawn as inline SVG by ``partials/charts.html``.

Horizontal positions are percentages of the plot's width and vertical ones are
pixels, so a chart is as wide as its column on any screen while its text keeps
its size. Every chart carries the same numbers as words (its text alternative)
and as rows (the table printed beside it). Figures are compared only within one
currency and per year; nothing is ever converted between currencies.
"""

from __future__ import annotations

import textwrap
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from .formatting import money
from .listings import Listing
from .vocab import PAY_PERIODS, SENIORITIES

LINE = 18  # px from one text baseline to the next
BAR = 14  # px height of a range bar
ROW_GAP = 18  # px between one row's bar and the next row's first line
AXIS = 30  # px below the last bar for tick marks and their labels
WRAP = 34  # characters per label line: fits a 320 px phone at the chart's font size
OPEN_SHARE = 0.5  # an open top's fading tail is half an axis step long


@dataclass(frozen=True)
class Tick:
    """A labelled mark on the value axis."""

    value: int
    label: str
    x: float  # percent of the plot's width
    anchor: str  # the end ticks' labels stay inside the plot
    minor: bool  # every other label, left out on phones so that labels never collide


@dataclass(frozen=True)
class TextLine:
    """One line of a chart's text: a label line or the figures line."""

    text: str
    y: float  # baseline, px
    kind: str  # "label" or "value"


@dataclass(frozen=True)
class Axis:
    """A value axis from ``start`` to ``end`` in round steps, in one currency."""

    start: int
    end: int
    step: int
    currency: str
    ticks: tuple[Tick, ...]

    def x(self, value: float) -> float:
        """Where ``value`` sits, in percent of the plot's width."""
        return round((value - self.start) / (self.end - self.start) * 100, 2)


@dataclass(frozen=True)
class Range:
    """One range to chart: what it is called and its yearly (or per-period) figures."""

    label: str
    low: float
    high: float
    open_ended: bool = False
    group: str | None = None
    detail: str | None = None  # e.g. "10+ years" or "3 listings"
    note: str | None = None
    points: tuple[float, ...] = ()  # single figures inside the range, e.g. each listing's middle


@dataclass(frozen=True)
class Row:
    """A range laid out: its label and figures lines and bar, and the table's cells."""

    label: str
    lines: tuple[TextLine, ...]
    detail: str | None
    note: str | None
    group: str | None
    low_text: str
    high_text: str  # "$300,000+" when the top is open
    range_text: str
    open_ended: bool
    x: float  # bar start, percent
    width: float  # solid bar, percent
    open_x: float  # where the fading tail past an open top starts, percent
    open_width: float  # its length, percent (0 when the top is closed)
    bar_y: float  # top of the bar, px
    mid_y: float  # the bar's middle, where single figures sit, px
    points: tuple[float, ...] = ()  # x of each single figure, percent


@dataclass(frozen=True)
class GroupLabel:
    text: str
    y: float  # baseline, px


@dataclass(frozen=True)
class Band:
    """A reference range drawn behind every row, such as the guide's national range."""

    label: str
    x: float
    width: float


@dataclass(frozen=True)
class Chart:
    """A horizontal range chart with its text alternative."""

    id: str
    title: str
    unit: str  # "USD a year"
    axis: Axis
    rows: tuple[Row, ...]
    groups: tuple[GroupLabel, ...]
    band: Band | None
    height: float  # px
    axis_y: float  # px: the axis line
    tick_y: float  # px: baseline of the tick labels
    bar_height: float = BAR

    @property
    def summary(self) -> str:
        """Every figure of the chart in one sentence, for screen readers."""
        parts = []
        for row in self.rows:
            top = f"{row.high_text.rstrip('+')} or more" if row.open_ended else row.high_text
            detail = ", ".join(d for d in (row.detail, row.note) if d)
            detail = f" ({detail})" if detail else ""
            figures = row.low_text if row.low_text == row.high_text else f"{row.low_text} to {top}"
            parts.append(f"{row.label}{detail}: {figures}")
        band = f" Shaded: {self.band.label}." if self.band else ""
        return f"{self.title}, in {self.unit}. " + "; ".join(parts) + "." + band

    @property
    def row_groups(self) -> tuple[tuple[str | None, tuple[Row, ...]], ...]:
        """Runs of adjacent rows that share a group heading, for the table."""
        runs: list[tuple[str | None, list[Row]]] = []
        for row in self.rows:
            if runs and runs[-1][0] == row.group:
                runs[-1][1].append(row)
            else:
                runs.append((row.group, [row]))
        return tuple((group, tuple(rows)) for group, rows in runs)


def axis_step(span: float) -> int:
    """The smallest round step (1, 2 or 5 × 10ⁿ) that covers ``span`` in at most five steps."""
    power = 1
    while True:
        for multiple in (1, 2, 5):
            if span <= 5 * multiple * power:
                return multiple * power
        power *= 10


def _figure(amount: float, currency: str) -> str:
    """A figure whose code may wrap onto its own line in a narrow table: "CHF 220,000"."""
    return money(amount, currency).replace("\u00a0", " ")


def compact_money(amount: int, currency: str) -> str:
    """``150000, "USD"`` → ``$150k``: short enough for five ticks on a phone."""
    if amount and amount % 1_000_000 == 0:
        figure = f"{amount // 1_000_000}M"
    elif amount >= 1_000_000:
        figure = f"{amount / 1_000_000:.1f}M"
    elif amount and amount % 1000 == 0:
        figure = f"{amount // 1000}k"
    else:
        figure = f"{amount:,}"
    symbol = money(0, currency).removesuffix("0")  # "$", "€", or "CHF\u00a0"
    return symbol + figure


def make_axis(values: Iterable[float], currency: str, open_tops: Iterable[float] = ()) -> Axis:
    """Round ticks covering ``values``, with room past every open top for its tail."""
    numbers = list(values)
    low, high = min(numbers), max(numbers)
    step = axis_step(high - low)
    start = int(low // step * step)
    end = int(-(-high // step) * step)
    if end == start:
        end = start + step
    for top in open_tops:
        while end - top < step * OPEN_SHARE:
            end += step
    values = range(start, end + 1, step)
    ticks = tuple(
        Tick(
            v,
            compact_money(v, currency),
            round((v - start) / (end - start) * 100, 2),
            "start" if v == start else "end" if v == values[-1] else "middle",
            index % 2 == 1,
        )
        for index, v in enumerate(values)
    )
    return Axis(start, end, step, currency, ticks)


def range_chart(
    chart_id: str,
    title: str,
    ranges: Sequence[Range],
    currency: str,
    per: str,
    *,
    axis: Axis | None = None,
    band: tuple[str, float, float] | None = None,
    labels: bool = True,
) -> Chart:
    """Lay out ``ranges`` one under another on ``axis`` (or one made to fit them).

    Without ``labels`` only bars and axis are drawn: for a figure already printed beside it.
    """
    if axis is None:
        values = [v for r in ranges for v in (r.low, r.high)]
        if band is not None:
            values += [band[1], band[2]]
        axis = make_axis(values, currency, (r.high for r in ranges if r.open_ended))
    rows: list[Row] = []
    groups: list[GroupLabel] = []
    y = 0.0
    previous_group: str | None = None
    for item in ranges:
        if item.group and item.group != previous_group:
            y += LINE
            groups.append(GroupLabel(item.group, y))
        previous_group = item.group
        low_text = _figure(item.low, currency)
        high_text = _figure(item.high, currency) + ("+" if item.open_ended else "")
        range_text = low_text if item.low == item.high else f"{low_text} – {high_text}"
        label = f"{item.label} ({item.detail})" if item.detail else item.label
        lines = []
        for kind, text in (("label", label), ("value", range_text)) if labels else ():
            for part in textwrap.wrap(text, WRAP, break_long_words=False) or [text]:
                y += LINE
                lines.append(TextLine(part, y, kind))
        bar_y = y + (8 if labels else ROW_GAP / 2)
        tail = min(axis.step * OPEN_SHARE, axis.end - item.high) if item.open_ended else 0
        x, right = axis.x(item.low), axis.x(item.high)
        rows.append(
            Row(
                label=item.label,
                lines=tuple(lines),
                detail=item.detail,
                note=item.note,
                group=item.group,
                low_text=low_text,
                high_text=high_text,
                range_text=range_text,
                open_ended=item.open_ended,
                x=x,
                width=round(right - x, 2),
                open_x=right,
                open_width=round(tail / (axis.end - axis.start) * 100, 2),
                bar_y=bar_y,
                mid_y=bar_y + BAR / 2,
                points=tuple(axis.x(p) for p in item.points),
            )
        )
        y = bar_y + BAR + ROW_GAP
    axis_y = y - ROW_GAP / 2
    reference = None
    if band is not None:
        label, low, high = band
        reference = Band(label, axis.x(low), round(axis.x(high) - axis.x(low), 2))
    return Chart(
        id=chart_id,
        title=title,
        unit=f"{currency} {per}",
        axis=axis,
        rows=tuple(rows),
        groups=tuple(groups),
        band=reference,
        height=axis_y + AXIS,
        axis_y=axis_y,
        tick_y=axis_y + 20,
    )


# --- pay from the listings -----------------------------------------------------------


@dataclass(frozen=True)
class Spread:
    """What open listings paid in one currency offer, by seniority, per year."""

    currency: str
    count: int
    count_label: str  # "4 listings"
    low: float
    high: float
    range_text: str
    chart: Chart

    @property
    def caption(self) -> str:
        return f"Paid in {self.currency} · {self.count_label}"

    @property
    def anchor(self) -> str:
        return f"pay-{self.currency.lower()}"


def listing_spreads(
    listings: Iterable[Listing], reference: tuple[str, str, float, float] | None = None
) -> tuple[Spread, ...]:
    """One chart per currency of the open listings' yearly pay by seniority, most used first.

    ``reference`` is ``(currency, label, low, high)``: a yearly range drawn behind the
    chart of that currency only.
    """
    by_currency: dict[str, dict[str, list[tuple[float, float]]]] = {}
    for listing in listings:
        salary, annual = listing.job.meta.salary, listing.annual_salary
        if salary is None or annual is None:
            continue
        levels = by_currency.setdefault(salary.currency, {})
        levels.setdefault(listing.job.meta.seniority, []).append(annual)
    spreads = []
    for currency, levels in by_currency.items():
        ranges = []
        for level in sorted(levels, key=lambda s: SENIORITIES[s].order):
            pay = levels[level]
            count = len(pay)
            ranges.append(
                Range(
                    label=SENIORITIES[level].label,
                    low=min(low for low, _ in pay),
                    high=max(high for _, high in pay),
                    detail=f"{count} listing{'' if count == 1 else 's'}",
                    points=tuple(sorted((low + high) / 2 for low, high in pay)),
                )
            )
        band = None
        if reference is not None and reference[0] == currency:
            band = reference[1:]
        chart = range_chart(
            f"chart-pay-{currency.lower()}",
            f"Pay in open listings paid in {currency}, by seniority",
            ranges,
            currency,
            PAY_PERIODS["year"].per,
            band=band,
        )
        low, high = min(r.low for r in ranges), max(r.high for r in ranges)
        every = [p for level in levels.values() for p in level]
        spreads.append(
            Spread(
                currency,
                len(every),
                f"{len(every)} listing{'' if len(every) == 1 else 's'}",
                low,
                high,
                f"{money(low, currency)} – {money(high, currency)}",
                chart,
            )
        )
    return tuple(sorted(spreads, key=lambda s: (-s.count, s.currency)))
