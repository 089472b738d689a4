"""Build the site: ``python build.py [OPTIONS]`` is ``mltl-site build [OPTIONS]``.

Kept as a thin wrapper so a fresh checkout builds with one familiar command.
"""

from __future__ import annotations

import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
if str(HERE / "src") not in sys.path:
    sys.path.insert(0, str(HERE / "src"))  # works from a checkout before `pip install -e .`

from mltl_site.cli import main  # noqa: E402

if __name__ == "__main__":
    raise SystemExit(main(["build", "--root", str(HERE), *sys.argv[1:]]))
