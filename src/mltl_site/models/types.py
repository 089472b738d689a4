"""The scalar types every content file uses, and the strict base model.

Each type carries its own check and the JSON Schema editors' tools see, so a
field declared ``Line`` or ``WebUrl`` is checked the same way in every file.
"""

from __future__ import annotations

import calendar
import datetime as dt
import html
import re
import unicodedata
from typing import Annotated
from urllib.parse import urlsplit

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PlainValidator,
    WithJsonSchema,
)
from pydantic_core import PydanticCustomError

from ..iso import COUNTRIES, CURRENCIES
from ..markdown import DISGUISING, MarkdownProblems, Prose, convert, disguising_message, nfc


class Model(BaseModel):
    """Base for content models: strict, frozen, unknown keys refused."""

    model_config = ConfigDict(
        extra="forbid", strict=True, frozen=True, arbitrary_types_allowed=True
    )


def relation_error(field: str, message: str) -> PydanticCustomError:
    """An error from a cross-field check, attributed to ``field`` of the model."""
    return PydanticCustomError("relation", message, {"field": field})


# --- scalar types -----------------------------------------------------------------

_SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*\Z")
_EMAIL = re.compile(r"[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+\Z")
_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})\Z")
_LANG = re.compile(r"[a-z]{2,3}(?:-[A-Z]{2})?\Z")
_CONTROL = re.compile(r"[\x00-\x20\x7f]")
# Single-line fields refuse every format character (category Cf), since a name or
# title never needs one; multi-line text refuses those that reorder or hide text.
# Names Windows reserves for devices, whatever the extension: a file or folder so
# named cannot be checked out there.
WINDOWS_RESERVED = frozenset(
    {"con", "prn", "aux", "nul", *(f"com{n}" for n in range(1, 10)),
     *(f"lpt{n}" for n in range(1, 10))}
)  # fmt: skip
# Single-line fields, by what they hold; each limit is what still fits a search
# result, a card or a menu without being cut (and far above any real value).
TITLE_MAX = 120  # page and job titles: search results show about 60, cards two lines
NAME_MAX = 100  # company, organisation, city and group names
LABEL_MAX = 80  # skills, menu labels, short titles: chips, buttons and facet slugs (80)
LINE_MAX = 200  # any other line: notes, ids, taglines
DESCRIPTION_MAX = 300  # meta descriptions and summaries: search shows about 160
URL_MAX = 2048  # what sitemaps and most browsers accept
EMAIL_MAX = 254  # RFC 5321's limit on an address


def refuse_invisible(value: str, *, single_line: bool) -> None:
    """Refuse characters that could disguise text, naming the first one found."""
    for index, char in enumerate(value):
        if (single_line and unicodedata.category(char) == "Cf") or DISGUISING.match(char):
            raise ValueError(disguising_message(char, f" (character {index + 1})"))


def _check_length(value: str, limit: int) -> str:
    if len(value) > limit:
        raise ValueError(f"must be at most {limit} characters (this one has {len(value):,})")
    return value


def _line(value: str, limit: int = LINE_MAX) -> str:
    value = nfc(value.strip())
    if not value:
        raise ValueError("must not be empty")
    if "\n" in value:
        raise ValueError("must be a single line")
    refuse_invisible(value, single_line=True)
    return _check_length(value, limit)


def _text(value: str) -> str:
    value = nfc(value.strip())
    if not value:
        raise ValueError("must not be empty")
    refuse_invisible(value, single_line=False)
    return value


def _slug(value: str) -> str:
    if len(value) > 80 or not _SLUG.match(value):
        raise ValueError(
            "must be lowercase letters, digits and single hyphens, like `senior-ml-tech-lead`"
        )
    if value in WINDOWS_RESERVED:
        raise ValueError(
            f"{value!r} is a device name on Windows, where no file or folder may be called "
            "that; choose another name"
        )
    return value


def _date(value: object) -> object:
    if not isinstance(value, str):
        return value  # the date schema reports the wrong type
    match = _DATE.match(value.strip())
    if not match:
        raise ValueError(f"must be a date written YYYY-MM-DD, like 2026-03-01 (got {value!r})")
    year, month, day = (int(part) for part in match.groups())
    if not 1 <= month <= 12:
        raise ValueError(f"{value} is not a date: there is no month {month}")
    last = calendar.monthrange(year, month)[1]
    if not 1 <= day <= last:
        name = calendar.month_name[month]
        raise ValueError(f"{value} is not a date: {name} {year} has {last} days")
    return dt.date(year, month, day)


def _web_url(value: str) -> str:
    return check_url(value, schemes=("http", "https"))


def check_url(value: str, *, schemes: tuple[str, ...]) -> str:
    """Refuse URLs whose scheme, after entity decoding, is not one of ``schemes``."""
    value = value.strip()
    decoded = html.unescape(value)
    if _CONTROL.search(decoded):
        raise ValueError("must not contain spaces or control characters; encode them as %20")
    refuse_invisible(decoded, single_line=True)
    _check_length(decoded, URL_MAX)
    parts = urlsplit(decoded)
    scheme = parts.scheme.lower()
    if scheme not in schemes:
        allowed = " or ".join(f"{s}:" for s in schemes)
        raise ValueError(f"must be an absolute {allowed} URL (got {value!r})")
    if scheme in ("http", "https") and not parts.hostname:
        raise ValueError(f"must name a host, like https://example.com/ (got {value!r})")
    return decoded


def _email(value: str) -> str:
    value = value.strip()
    if value.lower().startswith("mailto:"):
        value = value[len("mailto:") :]
    if not _EMAIL.match(value) or len(value) > EMAIL_MAX:
        raise ValueError(f"must be an email address like jobs@example.com (got {value!r})")
    return value


def _link(value: str) -> str:
    """Navigation links: a path inside the site (``/jobs/``) or an absolute URL."""
    value = value.strip()
    if value.startswith("/"):
        if value.startswith("//") or "\\" in value or ".." in value.split("/"):
            raise ValueError("must be a path inside the site like /jobs/, or a full https:// URL")
        if _CONTROL.search(value):
            raise ValueError("must not contain spaces or control characters")
        refuse_invisible(value, single_line=True)
        return _check_length(value, URL_MAX)
    return check_url(value, schemes=("http", "https", "mailto"))


def _country(value: str) -> str:
    code = value.strip().upper()
    if code in COUNTRIES:
        return code
    hint = {"UK": "GB", "EN": "GB", "USA": "US"}.get(code)
    if hint is None:
        lowered = value.strip().lower()
        hint = next((c for c, name in COUNTRIES.items() if name.lower() == lowered), None)
    suffix = f"; did you mean {hint} ({COUNTRIES[hint]})?" if hint else ""
    raise ValueError(f"{value!r} is not an ISO 3166-1 country code like US, DE or GB{suffix}")


def _currency(value: str) -> str:
    code = value.strip().upper()
    if code not in CURRENCIES:
        raise ValueError(f"{value!r} is not an ISO 4217 currency code like USD, EUR or GBP")
    return code


def _language(value: str) -> str:
    if not _LANG.match(value):
        raise ValueError(f"must be a language tag like en or en-US (got {value!r})")
    return value


def _prose(value: object) -> Prose:
    """Markdown fields are parsed while validating, so a bad link is an error at its line."""
    if not isinstance(value, str):
        raise ValueError(f"must be text (got {value!r})")
    try:
        return convert(_text(value))
    except MarkdownProblems as exc:
        raise ValueError(str(exc)) from None


def _item(value: object) -> object:
    """``- text`` stays text; ``- Name: text`` (a one-key mapping) becomes a ``NamedItem``.

    Checked by hand so that a bad item gets one plain message rather than one per
    branch of the union.
    """
    if isinstance(value, dict):
        if len(value) != 1:
            raise ValueError(
                "a list item is either plain text or one `Name: text` pair; "
                "quote the whole item if its text contains `: `"
            )
        ((name, text),) = value.items()
        if not isinstance(text, str):
            raise ValueError(f"the text after `{name}:` must be plain text")
        return NamedItem.model_construct(name=_line(str(name), TITLE_MAX), text=_text(text))
    if not isinstance(value, str):
        raise ValueError(f"a list item must be text or a `Name: text` pair (got {value!r})")
    return _text(value)


def _limited(limit: int) -> AfterValidator:
    return AfterValidator(lambda value: _line(value, limit))


def _line_schema(limit: int) -> WithJsonSchema:
    return WithJsonSchema(
        {"type": "string", "minLength": 1, "maxLength": limit, "pattern": "^[^\\n]*$"}
    )


Line = Annotated[str, _limited(LINE_MAX), _line_schema(LINE_MAX)]
Title = Annotated[str, _limited(TITLE_MAX), _line_schema(TITLE_MAX)]
Name = Annotated[str, _limited(NAME_MAX), _line_schema(NAME_MAX)]
Label = Annotated[str, _limited(LABEL_MAX), _line_schema(LABEL_MAX)]
Description = Annotated[str, _limited(DESCRIPTION_MAX), _line_schema(DESCRIPTION_MAX)]
UrlLine = Annotated[str, _limited(URL_MAX), _line_schema(URL_MAX)]
Text = Annotated[str, AfterValidator(_text), WithJsonSchema({"type": "string", "minLength": 1})]
Markdown = Annotated[
    Prose,
    PlainValidator(_prose),
    WithJsonSchema({"type": "string", "minLength": 1, "description": "Markdown text"}),
]
Slug = Annotated[
    str,
    AfterValidator(_slug),
    WithJsonSchema({"type": "string", "pattern": "^[a-z0-9]+(-[a-z0-9]+)*$", "maxLength": 80}),
]
IsoDate = Annotated[
    dt.date,
    BeforeValidator(_date),
    WithJsonSchema({"type": "string", "format": "date", "pattern": r"^\d{4}-\d{2}-\d{2}$"}),
]
WebUrl = Annotated[
    str,
    AfterValidator(_web_url),
    WithJsonSchema(
        {"type": "string", "format": "uri", "pattern": "^https?://", "maxLength": URL_MAX}
    ),
]
Email = Annotated[
    str,
    AfterValidator(_email),
    WithJsonSchema({"type": "string", "format": "email", "maxLength": EMAIL_MAX}),
]
Link = Annotated[
    str,
    AfterValidator(_link),
    WithJsonSchema({"type": "string", "pattern": "^(/|https?://|mailto:)", "maxLength": URL_MAX}),
]
CountryCode = Annotated[
    str,
    AfterValidator(_country),
    WithJsonSchema({"type": "string", "enum": sorted(COUNTRIES)}),
]
CurrencyCode = Annotated[
    str,
    AfterValidator(_currency),
    WithJsonSchema({"type": "string", "enum": sorted(CURRENCIES)}),
]
LanguageTag = Annotated[str, AfterValidator(_language), WithJsonSchema({"type": "string"})]
PositiveInt = Annotated[int, Field(gt=0)]
Money = Annotated[int | float, Field(gt=0)]


class NamedItem(Model):
    """A list item with a bold lead-in, written in YAML as ``- Name: text``."""

    name: Title
    text: Text


Item = Annotated[
    str | NamedItem,
    BeforeValidator(_item),
    WithJsonSchema(
        {
            "anyOf": [
                {"type": "string", "minLength": 1},
                {
                    "type": "object",
                    "minProperties": 1,
                    "maxProperties": 1,
                    "additionalProperties": {"type": "string"},
                },
            ],
            "description": "Plain text, or `Name: text` for an item with a lead-in",
        }
    ),
]
Items = Annotated[list[Item], Field(min_length=1)]
