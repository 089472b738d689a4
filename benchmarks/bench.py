"""Build and dev-server benchmarks of mltl-site on synthetic boards, beside Hugo.

    python benchmarks/bench.py [--listings 1000 10000] [--hugo] [--repeat 3] [--jobs N]
                               [--seed 1] [--serve-edits 3 | --no-serve] [--shipped]

For each board size it generates a seeded board (benchmarks/synth.py), then measures
builds through the command line in fresh processes, as CI runs them: a cold build
(no cache, fresh output), a no-op rebuild (nothing changed, warm cache, output in place)
and a one-edit rebuild (one listing's title and body changed). With --hugo the same
listings are built by Hugo (benchmarks/hugo/), the builds interleaved, and the ratios
printed. Last it times the dev server from saving a listing to the reload of that page (the
preview) and of the whole site. Figures are medians; nothing is asserted, since timings
vary from run to run.
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import synth
from devserver import Reload, reload_times
from measure import BenchError, Output, Run, output_of, run_measured

from mltl_site import urls

SCENARIOS = ("cold", "no-op", "one edit")
STATUSES = ("open", "expired", "scheduled", "draft")
DATE = synth.BUILD_DATE.isoformat()
MLTL = [sys.executable, "-m", "mltl_site"]
MB = 1e6


@dataclass
class Tool:
    """One generator building one board: how to run it and where it writes."""

    name: str
    command: list[str]
    out: Path
    caches: tuple[Path, ...]  # removed before a cold build
    listing: Path  # the file the one-edit build changes
    original: str = ""
    runs: dict[str, list[Run]] = field(default_factory=dict)
    outputs: dict[str, Output] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.original = self.listing.read_text(encoding="utf-8")

    def measure(self, scenario: str, revision: int) -> None:
        if scenario == "cold":
            for folder in (self.out, *self.caches):
                shutil.rmtree(folder, ignore_errors=True)
        elif scenario == "one edit":
            self.listing.write_text(synth.revise(self.original, revision), encoding="utf-8")
        self.runs.setdefault(scenario, []).append(run_measured(self.command))
        self.outputs[scenario] = output_of(self.out)

    def restore(self) -> None:
        self.listing.write_text(self.original, encoding="utf-8")

    def median(self, scenario: str, figure: str) -> float:
        return statistics.median(float(getattr(run, figure)) for run in self.runs[scenario])


def build_flags() -> set[str]:
    """Which of the newer build options this mltl-site has (the bench runs before and after)."""
    help_text = subprocess.run(
        [*MLTL, "build", "--help"], capture_output=True, text=True, check=True
    ).stdout
    return {flag for flag in ("--jobs", "--cache-dir", "--no-cache") if flag in help_text}


def mltl_tool(root: Path, listing: Path, work: Path, flags: set[str], jobs: int | None) -> Tool:
    out, cache = work / "mltl-out", work / "mltl-cache"
    command = [*MLTL, "build", "--root", str(root), "--out", str(out), "--date", DATE, "-v"]
    if jobs is not None and "--jobs" in flags:
        command += ["--jobs", str(jobs)]
    if "--cache-dir" in flags:
        command += ["--cache-dir", str(cache)]
    return Tool("mltl", command, out, (cache, root / ".mltl-cache"), listing)


def hugo_tool(site: Path, listing: Path, work: Path) -> Tool:
    out, cache = work / "hugo-out", work / "hugo-cache"
    command = ["hugo", "--source", str(site), "--destination", str(out), "--cacheDir", str(cache)]
    return Tool("hugo", [*command, "--quiet"], out, (cache, site / "resources"), listing)


def run_rounds(tools: Sequence[Tool], repeat: int) -> None:
    """Every scenario of every tool, interleaved (mltl, hugo, mltl, hugo…), ``repeat`` times."""
    for round_number in range(1, repeat + 1):
        for scenario in SCENARIOS:
            for tool in tools:
                tool.measure(scenario, round_number)
                run = tool.runs[scenario][-1]
                print(
                    f"  round {round_number}: {tool.name} {scenario}: {run.wall:.2f} s wall, "
                    f"{run.cpu:.2f} s CPU, {run.tree_rss / MB:.0f} MB",
                    file=sys.stderr,
                    flush=True,
                )
    for tool in tools:
        tool.restore()


def machine(hugo: bool) -> list[str]:
    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        platform.processor() or "unknown CPU",
    )
    memory = next(
        int(line.split()[1]) * 1024 / 1e9
        for line in Path("/proc/meminfo").read_text().splitlines()
        if line.startswith("MemTotal:")
    )
    usable = len(os.sched_getaffinity(0))
    mltl = subprocess.run([*MLTL, "--version"], capture_output=True, text=True).stdout.strip()
    commit = subprocess.run(
        ["git", "-C", str(synth.REPO), "describe", "--always", "--dirty"],
        capture_output=True,
        text=True,
    ).stdout.strip()
    lines = [
        f"machine: {cpu}, {os.cpu_count()} cores ({usable} usable), {memory:.0f} GB, "
        f"Linux {platform.release()}",
        f"python:  {sys.version.split()[0]} ({sys.executable})",
        f"mltl:    {mltl} at {commit or 'unknown commit'}",
    ]
    if hugo:
        version = subprocess.run(["hugo", "version"], capture_output=True, text=True, check=True)
        lines.append(f"hugo:    {version.stdout.strip()}")
    return lines


def report(label: str, tools: Sequence[Tool], reloads: list[Reload]) -> None:
    print(f"\n{label}")
    header = (
        f"{'':16}{'wall s':>9}{'CPU s':>9}{'tree RSS MB':>13}{'ru_maxrss MB':>14}"
        f"{'output MB':>11}{'files':>8}{'pages':>8}{'pages/s':>9}"
    )
    print(header)
    for tool in tools:
        for scenario in SCENARIOS:
            wall, out = tool.median(scenario, "wall"), tool.outputs[scenario]
            print(
                f"{tool.name + ' ' + scenario:16}{wall:9.2f}{tool.median(scenario, 'cpu'):9.2f}"
                f"{tool.median(scenario, 'tree_rss') / MB:13.0f}"
                f"{tool.median(scenario, 'max_rss') / MB:14.0f}{out.bytes / MB:11.1f}"
                f"{out.files:8,}{out.pages:8,}{out.pages / wall:9.0f}"
            )
    if len(tools) == 2:
        ratios(*tools)
    stages(tools[0])
    for what, times in (
        ("the edited page", [r.page for r in reloads]),
        ("the whole site", [r.site for r in reloads]),
    ):
        if times:
            shown = ", ".join(f"{t:.2f}" for t in times)
            print(
                f"dev server, save → reload of {what}: median {statistics.median(times):.2f} s "
                f"of {len(times)} ({shown})"
            )
    sys.stdout.flush()  # one board's figures as soon as they are known


def ratios(mltl: Tool, hugo: Tool) -> None:
    print(
        f"mltl ÷ hugo     {'wall':>9}{'CPU':>9}{'tree RSS':>13}{'output MB':>11}{'files':>8}"
        f"   wall ÷ hugo cold"
    )
    cold = hugo.median("cold", "wall")
    for scenario in SCENARIOS:
        cells = [
            mltl.median(scenario, figure) / hugo.median(scenario, figure)
            for figure in ("wall", "cpu", "tree_rss")
        ]
        mine, theirs = mltl.outputs[scenario], hugo.outputs[scenario]
        print(
            f"  {scenario:14}{cells[0]:8.2f}×{cells[1]:8.2f}×{cells[2]:12.2f}×"
            f"{mine.bytes / theirs.bytes:10.2f}×{mine.files / theirs.files:7.2f}×"
            f"   {mltl.median(scenario, 'wall') / cold:.2f}×"
        )


def stages(mltl: Tool) -> None:
    """The median seconds of each pipeline step that ``-v`` reported."""
    print("mltl steps, median s (from -v):")
    for scenario in SCENARIOS:
        names = list(dict.fromkeys(name for run in mltl.runs[scenario] for name in run.steps))
        if not names:
            print(f"  {scenario:14}no `step NAME: S s` lines on stderr")
            continue
        runs = mltl.runs[scenario]
        cells = [f"{n} {statistics.median(r.steps.get(n, 0.0) for r in runs):.2f}" for n in names]
        print(f"  {scenario:14}" + " · ".join(cells))


def bench_board(count: int, args: argparse.Namespace, flags: set[str], tmp: Path) -> None:
    work = tmp / f"n{count}"
    if count == 0:  # the shipped site as it is
        root = work / "shipped"
        for name in ("content", "templates", "static"):
            shutil.copytree(synth.REPO / name, root / name)
        listing = min((root / "content" / "jobs").glob("*.md"))
        tools = [mltl_tool(root, listing, work, flags, args.jobs)]
        label = "the shipped site"
    else:
        board = synth.write_board(work / "board", count, args.seed)
        slug = board.edit_target
        tools = [mltl_tool(board.root, board.root / "content/jobs" / f"{slug}.md", work, flags,
                           args.jobs)]  # fmt: skip
        if args.hugo:
            tools.append(hugo_tool(board.hugo, board.hugo / "content/jobs" / f"{slug}.md", work))
        root = board.root
        statuses = Counter(item.status for item in board.listings)
        label = f"{count:,} listings: " + ", ".join(f"{statuses[s]:,} {s}" for s in STATUSES)
    print(f"benchmarking {label} in {work}", file=sys.stderr)
    load_before = os.getloadavg()[0]
    run_rounds(tools, args.repeat)
    reloads: list[Reload] = []
    if args.serve_edits:
        serve = [*MLTL, "serve", "--root", str(root), "--date", DATE]
        # The server builds into a temporary folder: inside ours, so nothing is left behind.
        (work / "tmp").mkdir()
        env = os.environ | {"TMPDIR": str(work / "tmp")}
        page = "/" + urls.job(tools[0].listing.stem)
        reloads = reload_times(serve, tools[0].listing, synth.revise, edits=args.serve_edits,
                               timeout=args.serve_timeout, env=env, page=page)  # fmt: skip
    # Other work on the machine shows as wall time well above CPU time; the load says why.
    label += f" (load average {load_before:.1f} before, {os.getloadavg()[0]:.1f} after)"
    report(label, tools, reloads)
    shutil.rmtree(work)  # tmpfs is memory


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--listings", type=int, nargs="+", default=[1000, 10000], metavar="N")
    parser.add_argument("--hugo", action="store_true", help="build the same listings with Hugo")
    parser.add_argument("--repeat", type=int, default=3, help="rounds; medians are reported")
    parser.add_argument("--jobs", type=int, help="passed to mltl-site build --jobs if it has it")
    parser.add_argument("--seed", type=int, default=synth.DEFAULT_SEED)
    parser.add_argument("--serve-edits", type=int, default=3, help="dev-server edits to time")
    parser.add_argument("--no-serve", dest="serve_edits", action="store_const", const=0)
    parser.add_argument("--serve-timeout", type=float, default=3600, metavar="SECONDS")
    parser.add_argument("--shipped", action="store_true", help="also the shipped site as is")
    args = parser.parse_args(argv)
    if args.hugo and shutil.which("hugo") is None:
        parser.error("--hugo needs the hugo command (Debian package hugo)")
    shm = Path("/dev/shm")
    base = shm if shm.is_dir() and os.access(shm, os.W_OK) else None
    flags = build_flags()
    print("\n".join(machine(args.hugo)))
    print(
        f"build:   {' '.join(MLTL[1:])} build --date {DATE} -v"
        f" {' '.join(sorted(flags)) or '(no --jobs/--cache-dir/--no-cache yet)'}; "
        f"output on {base or 'disk (no /dev/shm)'}; seed {args.seed}; "
        f"medians of {args.repeat} interleaved rounds"
    )
    try:
        with tempfile.TemporaryDirectory(prefix="mltl-bench-", dir=base) as tmp:
            for count in ([0] if args.shipped else []) + args.listings:
                bench_board(count, args, flags, Path(tmp))
    except BenchError as exc:
        print(f"bench.py: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
