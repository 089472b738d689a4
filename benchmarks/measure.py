"""One build as a measured subprocess: wall and CPU seconds, peak memory, output size.

Peak memory is taken two ways: the kernel's ``ru_maxrss`` of the build process (its
largest single process), and the largest sum of VmRSS over the whole process tree,
sampled from /proc every 20 ms, which is what a parallel build really occupies.
"""

from __future__ import annotations

import itertools
import os
import re
import subprocess
import tempfile
import threading
import time
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

SAMPLE_SECONDS = 0.02
RESCAN_EVERY = 10  # samples
STEP = re.compile(r"step ([\w-]+): ([0-9.]+) s")


class BenchError(Exception):
    """A benchmark could not run: a build failed, a server did not answer."""


@dataclass(frozen=True)
class Run:
    """What one build cost."""

    wall: float  # seconds
    cpu: float  # user + system seconds of the process and the children it waited for
    tree_rss: int  # bytes: peak of the summed VmRSS of the process and its descendants
    max_rss: int  # bytes: ru_maxrss
    steps: Mapping[str, float]  # seconds per pipeline step, from `-v` stderr


def run_measured(command: Sequence[str], *, env: Mapping[str, str] | None = None) -> Run:
    """Run ``command`` to completion and measure it; a non-zero exit is a ``BenchError``."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        started = time.perf_counter()
        process = subprocess.Popen(command, stdout=out, stderr=err, env=env)
        sampler = TreeSampler(process.pid)
        sampler.start()
        try:
            _, status, usage = os.wait4(process.pid, 0)
        finally:
            peak = sampler.finish()
        wall = time.perf_counter() - started
        process.returncode = os.waitstatus_to_exitcode(status)
        err.seek(0)
        stderr = err.read().decode("utf-8", "replace")
        if process.returncode != 0:
            out.seek(0)
            tail = (out.read().decode("utf-8", "replace") + stderr)[-3000:]
            raise BenchError(f"{' '.join(command)} exited with {process.returncode}:\n{tail}")
    return Run(
        wall=wall,
        cpu=usage.ru_utime + usage.ru_stime,
        tree_rss=peak,
        max_rss=usage.ru_maxrss * 1024,  # kilobytes on Linux
        steps=parse_steps(stderr),
    )


def parse_steps(stderr: str) -> dict[str, float]:
    """Seconds per step from lines like ``step render: 1.25 s``; a repeated step adds up."""
    steps: dict[str, float] = defaultdict(float)
    for name, seconds in STEP.findall(stderr):
        steps[name] += float(seconds)
    return dict(steps)


class TreeSampler(threading.Thread):
    """Samples the summed VmRSS of a process and all its descendants until finished.

    Finding descendants means reading every /proc/*/stat, which would cost the build a
    noticeable share of a core every 20 ms; so the tree is looked up every 200 ms and
    only its members' VmRSS is read in between.
    """

    def __init__(self, pid: int) -> None:
        super().__init__(daemon=True)
        self.pid = pid
        self.peak = 0
        self._done = threading.Event()

    def run(self) -> None:
        members = [self.pid]
        for sample in itertools.count():
            if self._done.is_set():
                return
            if sample % RESCAN_EVERY == 0:
                members = descendants(self.pid)
            self.peak = max(self.peak, sum(_vm_rss(pid) for pid in members))
            self._done.wait(SAMPLE_SECONDS)

    def finish(self) -> int:
        self._done.set()
        self.join()
        return self.peak


def descendants(pid: int) -> list[int]:
    """``pid`` and every process below it."""
    children: dict[int, list[int]] = defaultdict(list)
    for entry in os.scandir("/proc"):
        if entry.name.isdigit():
            try:
                stat = Path(f"/proc/{entry.name}/stat").read_bytes()
            except OSError:
                continue  # gone since the listing
            # The command name may hold spaces and parentheses; the fields after it do not.
            children[int(stat[stat.rindex(b")") + 2 :].split()[1])].append(int(entry.name))
    found, todo = [], [pid]
    while todo:
        current = todo.pop()
        found.append(current)
        todo += children.get(current, [])
    return found


def _vm_rss(pid: int) -> int:
    try:
        status = Path(f"/proc/{pid}/status").read_bytes()
    except OSError:
        return 0  # exited
    start = status.find(b"\nVmRSS:")
    return int(status[start + 7 :].split()[0]) * 1024 if start >= 0 else 0  # 0: a zombie


@dataclass(frozen=True)
class Output:
    """The size of an output folder, as a static host would count it."""

    bytes: int
    files: int
    pages: int  # HTML files


def output_of(folder: Path) -> Output:
    size = files = pages = 0
    for root, _dirs, names in os.walk(folder):
        for name in names:
            files += 1
            pages += name.endswith(".html")
            size += os.lstat(os.path.join(root, name)).st_size  # noqa: PTH118 - hot loop
    return Output(size, files, pages)
