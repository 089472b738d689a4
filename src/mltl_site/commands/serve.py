"""``mltl-site serve``: build, serve on loopback, rebuild and reload on every change."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from ..errors import SiteError
from .common import EXIT_OK, Console, Parents, Subparsers, add_command, build_options

if TYPE_CHECKING:
    from ..serve import Rebuild


def register(commands: Subparsers, parents: Parents) -> None:
    parser = add_command(
        commands,
        "serve",
        parents=[parents.common, parents.site],
        help="preview the site with live reload",
        description="Build, serve on loopback, rebuild on every change to content/, "
        "templates/ or static/, and reload open browser tabs. A failed build keeps the "
        "last good site on screen with the errors over it.",
        epilog="Example: mltl-site serve --port 8080 --drafts",
    )
    parser.add_argument("--host", default="127.0.0.1", help="address (default: 127.0.0.1)")
    parser.add_argument("--port", type=int, default=8000, help="port (default: 8000)")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace, console: Console) -> int:
    from ..config import Project
    from ..serve import DevServer, run

    project = Project.at(args.root)

    def report(outcome: Rebuild) -> None:
        after = f" after {', '.join(outcome.changed[:3])}" if outcome.changed else ""
        if outcome.errors:
            for error in outcome.errors:
                console.problem(error)
            count = len(outcome.errors)
            console.fatal(
                f"{count} error{'s' if count != 1 else ''}{after}; still serving the last good "
                "site, with the errors shown on every page"
            )
        elif outcome.result is not None:
            console.info(f"Built {outcome.result.pages} pages in {outcome.seconds:.2f} s{after}")

    try:
        server = DevServer(
            project, build_options(args), host=args.host, port=args.port, report=report
        )
    except OSError as exc:
        raise SiteError(f"cannot listen on {args.host}:{args.port}: {exc.strerror}") from None
    console.info(f"Serving {server.url} (Ctrl-C to stop)")
    run(server)
    return EXIT_OK
