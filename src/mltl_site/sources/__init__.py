"""Imports from public job boards: one module per source system behind one ``Reader``.

``feed`` holds the shape every source reads into, ``http`` fetches, ``convert``
turns description HTML into checked Markdown, ``places`` and ``mapping`` turn a
posting into listing fields, ``listing`` writes and checks listing files, ``board``
knows the listings on disk, and ``run`` plans and carries out one import.
"""

from __future__ import annotations

from . import ashby, greenhouse, jobs_json, lever
from .feed import Reader

READERS: dict[str, Reader] = {
    reader.system: reader
    for reader in (greenhouse.READER, lever.READER, ashby.READER, jobs_json.READER)
}
