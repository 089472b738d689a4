"""Errors that point at a place in the project.

Every problem a user can fix is a ``SiteError`` carrying ``path``, ``line`` and
``field``; ``str()`` gives the ``path:line: field: message`` form the CLI prints.

- ``ContentError``: a content file is unreadable or invalid.
- ``TemplateError``: a template failed to compile or render.
- ``OutputError``: two pages want the same output path, or a path is unsafe.
- ``ContentWarning``: worth fixing but not fatal (``check --strict`` makes it fatal).
- ``ContentNotice``: news such as a listing about to close; never fatal.

``BuildFailed`` carries every error of one run, sorted, so all are reported at once.
"""

from __future__ import annotations

from collections.abc import Iterable


class SiteError(Exception):
    """A problem at a place in the project: a file, a line, a field."""

    severity = "error"

    def __init__(
        self,
        message: str,
        *,
        path: str | None = None,
        line: int | None = None,
        field: str | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.path = path
        self.line = line
        self.field = field

    def __str__(self) -> str:
        parts = []
        if self.path is not None:
            parts.append(f"{self.path}:{self.line}" if self.line is not None else self.path)
        if self.field:
            parts.append(self.field)
        parts.append(self.message)
        return ": ".join(parts)

    def __repr__(self) -> str:
        return f"{type(self).__name__}({str(self)!r})"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, SiteError) and self.sort_key() == other.sort_key()

    def __hash__(self) -> int:
        return hash(self.sort_key())

    def sort_key(self) -> tuple[str, int, str, str]:
        return (self.path or "", self.line or 0, self.field or "", self.message)


class ContentError(SiteError):
    """A content file cannot be read or does not match the content format."""


class TemplateError(SiteError):
    """A template cannot be compiled or fails while rendering a page."""


class OutputError(SiteError):
    """Output paths collide or would leave the output folder."""


class ContentWarning(SiteError):
    """Something an editor should look at; the site still builds."""

    severity = "warning"


class ContentNotice(ContentWarning):
    """News about the board, such as a listing about to close; never fatal, even strict.

    A deploy that failed because a listing closes in five days would fail most weeks.
    """

    severity = "notice"


class BuildFailed(Exception):
    """One or more errors stopped the build; all of them, sorted and without repeats."""

    def __init__(self, errors: Iterable[SiteError]) -> None:
        self.errors: tuple[SiteError, ...] = tuple(sorted(set(errors), key=SiteError.sort_key))
        super().__init__(f"{len(self.errors)} error(s)")

    def __str__(self) -> str:
        return "\n".join(str(e) for e in self.errors)


def plain(problem: SiteError) -> str:
    """``path:line: field: message``, with ``warning:`` or ``notice:`` before the message."""
    if problem.severity == "error":
        return str(problem)
    marked = SiteError(
        f"{problem.severity}: {problem.message}",
        path=problem.path,
        line=problem.line,
        field=problem.field,
    )
    return str(marked)
