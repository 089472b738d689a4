"""``mltl-site cms decap``: write a Decap CMS editor generated from the content models."""

from __future__ import annotations

import argparse
import re
from pathlib import Path

from ..errors import SiteError
from .common import EXIT_OK, Console, Parents, Subparsers, add_command

_REPO = re.compile(r"[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+\Z")


def register(commands: Subparsers, parents: Parents) -> None:
    parser = add_command(
        commands,
        "cms",
        parents=[],
        help="write a web editor for the content (Decap CMS)",
        description="Write a web editor for non-developers, generated from the content models.",
        epilog="Example: mltl-site cms decap --backend github --repo acme/jobs",
    )
    kinds = parser.add_subparsers(dest="cms", metavar="CMS", required=True)
    decap = add_command(
        kinds,
        "decap",
        parents=[parents.common],
        help="Decap CMS: admin/config.yml and admin/index.html",
        description="Write admin/config.yml and admin/index.html for Decap CMS. The build "
        "publishes them at /admin/. admin/index.html loads Decap's script from the web: the "
        "one exception to the site's no-script-from-the-web rule, and only if you run this.",
        epilog="Example: mltl-site cms decap --backend git-gateway --branch main",
    )
    decap.add_argument(
        "--backend",
        choices=("git-gateway", "github", "gitlab"),
        default="git-gateway",
        help="how editors sign in and save (default: git-gateway, i.e. Netlify Identity)",
    )
    decap.add_argument("--repo", metavar="OWNER/NAME", help="the repository (github, gitlab)")
    decap.add_argument("--branch", default="main", help="the branch edits go to (default: main)")
    decap.add_argument("--out", type=Path, help="folder to write (default: ROOT/admin)")
    decap.set_defaults(handler=run_decap)


def run_decap(args: argparse.Namespace, console: Console) -> int:
    from ..cms import DecapOptions, write_admin
    from ..config import Project

    if args.backend != "git-gateway" and not args.repo:
        raise SiteError(f"the {args.backend} backend needs --repo OWNER/NAME", field="--repo")
    if args.repo and not _REPO.match(args.repo):
        raise SiteError(f"--repo takes OWNER/NAME (got {args.repo!r})", field="--repo")
    project = Project.at(args.root)
    options = DecapOptions(backend=args.backend, repo=args.repo, branch=args.branch)
    changed = write_admin(project, options, args.out)
    shown = ", ".join(project.display(path) for path in changed)
    console.info(f"Wrote {shown}." if changed else "The Decap CMS files are up to date.")
    return EXIT_OK
