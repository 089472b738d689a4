"""``python -m mltl_site`` runs the command line."""

from mltl_site.cli import main

raise SystemExit(main())
