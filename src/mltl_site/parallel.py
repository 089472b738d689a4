"""Mapping a function over many items in worker processes, in order.

Workers are forked where that is safe (Linux, no other threads), so the items and
the function's context reach them without being pickled; elsewhere they are sent
once per worker. Results come back in the order of the items, whatever the order
the workers finish in, so output never depends on scheduling.
"""

from __future__ import annotations

import multiprocessing
import os
import threading
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor, as_completed
from multiprocessing.context import BaseContext
from typing import Any, TypeVar

T = TypeVar("T")
R = TypeVar("R")

_FN: Callable[[Any], Any] | None = None
_ITEMS: Sequence[Any] = ()


def default_jobs() -> int:
    """All the cores this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


def map_chunks(
    fn: Callable[[T], R],
    items: Sequence[T],
    workers: int,
    *,
    progress: Callable[[int], None] | None = None,
) -> list[R]:
    """``[fn(item) for item in items]``, spread over ``workers`` processes.

    ``fn`` must be a module-level function (or a ``functools.partial`` of one) so it
    can reach a worker that was not forked. ``progress`` is called with the number
    of items finished so far.
    """
    if workers <= 1 or len(items) < 2:
        results = []
        for done, item in enumerate(items, start=1):
            results.append(fn(item))
            if progress is not None and done % 64 == 0:
                progress(done)
        if progress is not None:
            progress(len(items))
        return results
    # A few chunks per worker balance uneven pages without much messaging.
    count = min(len(items), workers * 6)
    bounds = [(i * len(items) // count, (i + 1) * len(items) // count) for i in range(count)]
    parts: dict[int, list[R]] = {}
    done = 0
    with ProcessPoolExecutor(
        max_workers=workers, mp_context=_context(), initializer=_install, initargs=(fn, items)
    ) as pool:
        futures = {pool.submit(_run, bound): index for index, bound in enumerate(bounds)}
        for future in as_completed(futures):
            part = future.result()
            parts[futures[future]] = part
            done += len(part)
            if progress is not None:
                progress(done)
    return [result for index in range(count) for result in parts[index]]


def forks() -> bool:
    """True if workers start as forks, so the items reach them without being pickled."""
    # Forking a process with other threads (the dev server's) can copy a held lock.
    return "fork" in multiprocessing.get_all_start_methods() and threading.active_count() == 1


def _context() -> BaseContext:
    if forks():
        return multiprocessing.get_context("fork")
    methods = multiprocessing.get_all_start_methods()
    return multiprocessing.get_context("forkserver" if "forkserver" in methods else "spawn")


def _install(fn: Callable[[Any], Any], items: Sequence[Any]) -> None:
    global _FN, _ITEMS
    _FN, _ITEMS = fn, items


def _run(bound: tuple[int, int]) -> list[Any]:
    assert _FN is not None
    start, stop = bound
    return [_FN(item) for item in _ITEMS[start:stop]]
