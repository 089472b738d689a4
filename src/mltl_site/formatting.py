"""Turning values into the words and figures a page shows; pure and locale-independent."""

from __future__ import annotations

import datetime as dt

from .vocab import LABELS, PAY_PERIODS

# Symbols only where they are unambiguous to an international reader.
_SYMBOLS = {
    "USD": "$", "EUR": "€", "GBP": "£", "JPY": "¥", "INR": "₹", "KRW": "₩",
    "CAD": "CA$", "AUD": "A$", "NZD": "NZ$", "SGD": "S$", "HKD": "HK$", "BRL": "R$",
}  # fmt: skip
_MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip


def money(amount: float, currency: str) -> str:
    """``160000, "USD"`` → ``$160,000``; codes without a clear symbol are written out."""
    figure = f"{int(amount):,}" if float(amount).is_integer() else f"{amount:,.2f}"
    symbol = _SYMBOLS.get(currency)
    return f"{symbol}{figure}" if symbol else f"{currency}\u00a0{figure}"


def money_range(low: float, high: float, currency: str, open_ended: bool = False) -> str:
    """``$160,000 – $250,000``, or a single figure when both ends are equal."""
    top = money(high, currency) + ("+" if open_ended else "")
    if low == high:
        return top
    return f"{money(low, currency)} – {top}"


def per_period(period: str) -> str:
    """``year`` → ``a year``."""
    return PAY_PERIODS[period].per


def years_label(years_min: int | None, years_max: int | None) -> str:
    """``10, None`` → ``10+ years``; ``5, 10`` → ``5-10 years``; ``None, 5`` → ``<5 years``."""
    if years_min is not None and years_max is not None:
        return f"{years_min}-{years_max} years"
    if years_min is not None:
        return f"{years_min}+ years"
    return f"<{years_max} years"


def long_date(day: dt.date) -> str:
    """``2026-11-22`` → ``22 November 2026`` whatever the machine's locale."""
    return f"{day.day} {_MONTHS[day.month - 1]} {day.year}"


def days_ago(days: int) -> str:
    """``0`` → ``today``; ``1`` → ``yesterday``; ``5`` → ``5 days ago``."""
    if days <= 0:
        return "today"
    if days == 1:
        return "yesterday"
    return f"{days} days ago"


def label(value: str) -> str:
    """The words a page uses for a content value such as ``onsite`` → ``On-site``."""
    return LABELS.get(value, value)
