"""What every command shares: the console, the common options, the build options."""

from __future__ import annotations

import argparse
import os
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from ..config import BuildOptions, build_date_from
from ..errors import SiteError, plain

EXIT_OK, EXIT_ERRORS, EXIT_INTERNAL, EXIT_INTERRUPTED = 0, 1, 2, 130

if TYPE_CHECKING:
    Subparsers = argparse._SubParsersAction[argparse.ArgumentParser]
else:
    Subparsers = argparse._SubParsersAction


class Console:
    """Writes messages, in colour only on a terminal and never with ``NO_COLOR``."""

    def __init__(self, out: TextIO, err: TextIO, quiet: bool = False) -> None:
        self.out, self.err, self.quiet = out, err, quiet
        self.colour = (
            err.isatty() and not os.environ.get("NO_COLOR") and os.environ.get("TERM") != "dumb"
        )

    def paint(self, text: str, code: str) -> str:
        return f"\033[{code}m{text}\033[0m" if self.colour else text

    def info(self, text: str) -> None:
        if not self.quiet:
            print(text, file=self.out)

    def problem(self, error: SiteError) -> None:
        word = error.severity
        label = self.paint(word, {"error": "31;1", "warning": "33"}.get(word, "36"))
        print(f"{error} [{label}]" if self.colour else plain(error), file=self.err)

    def fatal(self, text: str) -> None:
        print(self.paint(text, "31;1"), file=self.err)


@dataclass(frozen=True)
class Parents:
    """Parent parsers holding the options several commands take."""

    common: argparse.ArgumentParser
    site: argparse.ArgumentParser

    @classmethod
    def make(cls) -> Parents:
        common = argparse.ArgumentParser(add_help=False)
        common.add_argument(
            "--root", type=Path, default=Path.cwd(), help="project folder (default: current folder)"
        )
        common.add_argument("-q", "--quiet", action="store_true", help="print only errors")
        common.add_argument(
            "-v", "--verbose", action="store_true", help="print each step and its timing"
        )
        site = argparse.ArgumentParser(add_help=False)
        site.add_argument("--base-url", help="where the site is published (default: site.yaml)")
        site.add_argument(
            "--date",
            metavar="YYYY-MM-DD",
            help="build date (default: SOURCE_DATE_EPOCH if set, else today)",
        )
        site.add_argument("--drafts", action="store_true", help="include draft listings")
        site.add_argument(
            "--jobs",
            type=_jobs,
            metavar="N",
            help="worker processes (default: every core; 1 builds in this process)",
        )
        site.add_argument(
            "--cache-dir",
            type=Path,
            metavar="DIR",
            help="where the build cache lives (default: ROOT/.mltl-cache)",
        )
        site.add_argument(
            "--no-cache", action="store_true", help="ignore the build cache and render everything"
        )
        return cls(common, site)


def _jobs(value: str) -> int:
    try:
        number = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"must be a whole number (got {value!r})") from None
    if number < 1:
        raise argparse.ArgumentTypeError("must be 1 or more")
    return number


def add_command(
    commands: Subparsers,
    name: str,
    *,
    parents: list[argparse.ArgumentParser],
    help: str,
    description: str,
    epilog: str,
) -> argparse.ArgumentParser:
    """A subparser laid out like every other command's."""
    return commands.add_parser(
        name,
        parents=parents,
        help=help,
        description=description,
        epilog=epilog,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )


def build_options(args: argparse.Namespace) -> BuildOptions:
    """The options of the site parser as ``BuildOptions``; the cache sits in the project."""
    root = Path(args.root)
    cache = None if args.no_cache else (args.cache_dir or root / ".mltl-cache")
    return BuildOptions(
        build_date=build_date_from(args.date),
        base_url=args.base_url,
        drafts=args.drafts,
        jobs=args.jobs,
        cache_dir=cache.absolute() if cache is not None else None,
        strict=getattr(args, "strict", False),
    )


def plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"
