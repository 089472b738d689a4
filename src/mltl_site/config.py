"""Where a project's files live and the options of one build."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from .errors import SiteError


@dataclass(frozen=True)
class Project:
    """The folders of a site project: content, templates and static files."""

    root: Path
    content: Path
    templates: Path
    static: Path

    @classmethod
    def at(cls, root: Path) -> Project:
        """The conventional layout below ``root``."""
        root = root.resolve()
        return cls(root, root / "content", root / "templates", root / "static")

    @property
    def admin(self) -> Path:
        """Where ``mltl-site cms`` writes the CMS files that builds publish at ``/admin/``."""
        return self.root / "admin"

    def display(self, path: Path) -> str:
        """A path as shown in messages: relative to the project root, with slashes."""
        try:
            return path.relative_to(self.root).as_posix()
        except ValueError:
            return path.as_posix()


@dataclass(frozen=True)
class BuildOptions:
    """What varies between builds of the same project.

    ``jobs`` is the number of worker processes (None: every core); ``cache_dir``
    holds the build cache between builds (None: no cache); ``strict`` makes warnings,
    broken internal links among them, errors that stop the build.
    """

    build_date: dt.date
    base_url: str | None = None
    drafts: bool = False
    jobs: int | None = None
    cache_dir: Path | None = None
    strict: bool = False

    def facts(self) -> tuple[str, ...]:
        """The options an output depends on (the number of workers is not one of them).

        ``strict`` counts too: a strict build must not stop at "nothing changed" after
        a lenient one whose warnings it would have refused.
        """
        facts = (self.build_date.isoformat(), self.base_url or "", str(self.drafts))
        return (*facts, "strict") if self.strict else facts


def build_date_from(value: str | None, environ: Mapping[str, str] | None = None) -> dt.date:
    """The build date: ``--date``, else ``SOURCE_DATE_EPOCH`` (UTC), else today (UTC)."""
    environ = os.environ if environ is None else environ
    if value is not None:
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            raise SiteError(
                f"--date must be a date written YYYY-MM-DD (got {value!r})", field="--date"
            ) from None
    epoch = environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch:
        try:
            return dt.datetime.fromtimestamp(int(epoch), tz=dt.UTC).date()
        except (ValueError, OverflowError, OSError):
            raise SiteError(
                f"SOURCE_DATE_EPOCH must be whole seconds since 1970 (got {epoch!r})",
                field="SOURCE_DATE_EPOCH",
            ) from None
    return dt.datetime.now(tz=dt.UTC).date()
