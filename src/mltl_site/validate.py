"""Turning pydantic's validation errors into ``path:line: field: message`` errors.

The messages are written for editors: they say what the value must be, what was
found, and where a likely fix exists (a misspelt key, a value in the wrong case).
"""

from __future__ import annotations

import difflib
import types
import typing
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from .errors import BuildFailed, ContentError
from .loader import Document, Loc, dotted

M = TypeVar("M", bound=BaseModel)


def validate(model: type[M], doc: Document) -> M:
    """Validate a document's data against ``model`` or raise every problem at once."""
    try:
        return model.model_validate(doc.data)
    except ValidationError as exc:
        raise BuildFailed(translate(exc, doc, model)) from None


def translate(exc: ValidationError, doc: Document, model: type[BaseModel]) -> list[ContentError]:
    """One ``ContentError`` per location, at the line of the offending key.

    A value that fits no branch of a union (``int | float``) fails once per branch;
    the editor made one mistake, so it gets one message: the widest branch's.
    """
    chosen: dict[Loc, ErrorDetails] = {}
    for detail in exc.errors():
        ctx = detail.get("ctx") or {}
        loc: Loc = tuple(detail["loc"])
        if detail["type"] == "relation":
            loc = (*loc, ctx["field"])
        loc = _clean(loc, doc.data)
        kept = chosen.get(loc)
        if kept is None or _WIDER.get(kept["type"]) == detail["type"]:
            chosen[loc] = detail
    return [
        ContentError(
            _message(detail, loc, model),
            path=doc.path,
            line=doc.line_of(loc),
            field=dotted(loc) or None,
        )
        for loc, detail in chosen.items()
    ]


# Of two union branches' errors for one value, the one that says more plainly what fits.
_WIDER = {"int_type": "float_type", "int_from_float": "float_type"}


def _clean(loc: Loc, data: object) -> Loc:
    """Drop the parts pydantic adds for union branches and validators, keep data paths."""
    out: list[str | int] = []
    node: object = data
    for index, part in enumerate(loc):
        last = index == len(loc) - 1
        if isinstance(node, dict) and isinstance(part, str):
            if part in node:
                node = node[part]
                out.append(part)
            elif last:
                out.append(part)  # a missing or unknown key
            continue
        if isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node):
            node = node[part]
            out.append(part)
            continue
    return tuple(out)


_TYPE_WORDS = {
    "string_type": "text",
    "int_type": "a whole number",
    "int_from_float": "a whole number",
    "float_type": "a number",
    "bool_type": "true or false",
    "list_type": "a list (lines starting with `- `)",
    "dict_type": "a set of `key: value` fields",
    "model_type": "a set of `key: value` fields",
    "model_attributes_type": "a set of `key: value` fields",
    "date_type": "a date written YYYY-MM-DD",
}


def _message(detail: ErrorDetails, loc: Loc, model: type[BaseModel]) -> str:
    kind = detail["type"]
    ctx = detail.get("ctx") or {}
    value = detail.get("input")
    if kind == "missing":
        description = _description(model, loc)
        return "is required" + (f" ({description})" if description else "")
    if kind == "extra_forbidden":
        allowed = _fields_at(model, loc[:-1]) or []
        close = difflib.get_close_matches(str(loc[-1]), allowed, n=1, cutoff=0.6)
        if close:
            return f"unknown field; did you mean `{close[0]}`?"
        return "unknown field; allowed here: " + ", ".join(allowed)
    if kind in _TYPE_WORDS:
        return f"must be {_TYPE_WORDS[kind]} (got {_shown(value)}){_type_hint(kind, value)}"
    if kind == "literal_error":
        expected = str(ctx.get("expected", ""))
        options = [o.strip("'") for o in expected.replace(" or ", ", ").split(", ")]
        close = difflib.get_close_matches(str(value).lower(), options, n=1, cutoff=0.6)
        hint = f"; did you mean '{close[0]}'?" if close else ""
        return f"must be one of {expected} (got {_shown(value)}){hint}"
    if kind in ("too_short", "too_long"):
        limit = ctx.get("min_length" if kind == "too_short" else "max_length")
        word = "at least" if kind == "too_short" else "at most"
        return f"needs {word} {limit} item{'s' if limit != 1 else ''}"
    if kind in ("greater_than", "greater_than_equal", "less_than", "less_than_equal"):
        words = {
            "greater_than": "greater than",
            "greater_than_equal": "at least",
            "less_than": "less than",
            "less_than_equal": "at most",
        }[kind]
        bound = next(iter(ctx.values()), "")
        return f"must be {words} {bound} (got {_shown(value)})"
    if kind == "string_pattern_mismatch":
        return f"does not have the expected form {ctx.get('pattern')} (got {_shown(value)})"
    message = detail["msg"]
    return message.removeprefix("Value error, ").removeprefix("Assertion failed, ")


def _shown(value: object) -> str:
    if isinstance(value, dict):
        return "a set of fields"
    if isinstance(value, list):
        return "a list"
    if value is None:
        return "nothing"
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _type_hint(kind: str, value: object) -> str:
    if kind == "string_type" and isinstance(value, int | float | bool):
        return f'; put it in quotes: "{value}"' if not isinstance(value, bool) else ""
    if kind in ("int_type", "float_type") and isinstance(value, str):
        return "; write numbers without quotes, commas or leading zeros"
    if kind == "bool_type" and isinstance(value, str):
        return "; write true or false without quotes"
    return ""


def _model_of(annotation: Any) -> type[BaseModel] | None:
    """The model class inside an annotation such as ``list[X] | None``."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        return _model_of(typing.get_args(annotation)[0])
    if origin in (typing.Union, types.UnionType, list):
        for arg in typing.get_args(annotation):
            found = _model_of(arg)
            if found is not None:
                return found
    return None


def _fields_at(model: type[BaseModel], loc: Loc) -> list[str] | None:
    current: type[BaseModel] | None = model
    for part in loc:
        if isinstance(part, int):
            continue
        if current is None or part not in current.model_fields:
            return None
        current = _model_of(current.model_fields[part].annotation)
    return list(current.model_fields) if current is not None else None


def _description(model: type[BaseModel], loc: Loc) -> str | None:
    keys = [part for part in loc if isinstance(part, str)]
    if not keys:
        return None
    parent = _fields_at(model, tuple(keys[:-1]))
    if parent is None:
        return None
    current: type[BaseModel] | None = model
    for key in keys[:-1]:
        assert current is not None
        current = _model_of(current.model_fields[key].annotation)
    if current is None or keys[-1] not in current.model_fields:
        return None
    description = current.model_fields[keys[-1]].description
    return description[0].lower() + description[1:] if description else None
