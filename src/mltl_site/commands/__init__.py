"""One module per command. Each has ``register(commands, parents)``, which adds its
subparser and sets ``handler``; ``cli.main`` parses and dispatches.

Handlers import the pipeline lazily, so ``--help`` and a no-op build stay light.
"""

from __future__ import annotations

from types import ModuleType

from . import build, check, cms, import_, new, report, schema, serve
from .common import Parents, Subparsers

# The order of ``mltl-site --help``.
COMMANDS: tuple[ModuleType, ...] = (build, serve, check, new, import_, schema, report, cms)


def register_all(commands: Subparsers) -> None:
    parents = Parents.make()
    for module in COMMANDS:
        module.register(commands, parents)
