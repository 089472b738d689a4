"""The command line: one summary line, every error, exit codes, never a traceback."""

from __future__ import annotations

import os
import random
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import REPO, SiteTree, job_md
from mltl_site.cli import main
from mltl_site.write import MARKER


def run(tree: SiteTree, *args: str) -> int:
    for folder in ("templates", "static"):
        if not (tree.root / folder).exists():
            shutil.copytree(REPO / folder, tree.root / folder)
    return main(["build", "--root", str(tree.root), "--date", "2026-11-22", *args])


def test_a_good_build_prints_one_summary_line_and_exits_0(
    tree: SiteTree, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = run(tree, "--out", str(tmp_path / "out"))
    out, err = capsys.readouterr()
    assert code == 0
    assert err == ""
    (line,) = out.splitlines()
    assert re.fullmatch(r"Built \d+ pages \(\d+ files\) into \S+/out in \d+\.\d\d s", line)
    # The count is of every file the site holds, the search index's too (not the marker),
    # and a build with nothing to do says the same.
    held = sum(1 for p in (tmp_path / "out").rglob("*") if p.is_file() and p.name != MARKER)
    assert f"({held} files)" in line
    assert run(tree, "--out", str(tmp_path / "out")) == 0
    assert f"({held} files)" in capsys.readouterr().out


def test_errors_are_printed_one_per_line_and_exit_1(
    tree: SiteTree, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    tree.write("jobs/acme-lead.md", job_md(posted="2026-02-30", extra="titel: x\n"))
    code = run(tree, "--out", str(tmp_path / "out"))
    out, err = capsys.readouterr()
    assert code == 1
    assert out == ""
    assert err.splitlines() == [
        "content/jobs/acme-lead.md:11: date_posted: 2026-02-30 is not a date: "
        "February 2026 has 28 days",
        "content/jobs/acme-lead.md:15: titel: unknown field; did you mean `title`?",
        "2 errors; the output was not changed.",
    ]
    assert not (tmp_path / "out").exists()


def test_quiet_prints_nothing_on_success(
    tree: SiteTree, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(tree, "-q", "--out", str(tmp_path / "out")) == 0
    assert capsys.readouterr() == ("", "")


def test_a_bad_date_option_is_an_error_not_a_traceback(
    tree: SiteTree, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["build", "--root", str(tree.root), "--date", "2026-02-30"]) == 1
    assert "--date: --date must be a date written YYYY-MM-DD" in capsys.readouterr().err


def test_a_bad_base_url_option_is_an_error(
    tree: SiteTree, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(tree, "--base-url", "javascript:alert(1)") == 1
    assert "--base-url: must be an absolute http: or https: URL" in capsys.readouterr().err


def test_a_missing_content_folder_is_explained(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["build", "--root", str(tmp_path)]) == 1
    assert "no content folder here" in capsys.readouterr().err


GARBAGE = [
    b"",
    b"\xff\xfe\x00\x00",
    b"---\n",
    b"---\n---\n",
    b"---\n: :\n---\n",
    b"---\n? [a, b]\n: c\n---\n",
    b"---\ntitle: [1, {a: b}]\nrole: {}\n---\nx",
    b"---\n1: 2\n---\nx",
    b"---\ntitle: \x1b[31m\n---\nx",
    b"---\n" + b"a: [" * 200 + b"\n---\n",
    b"---\ntitle: !!binary aGk=\n---\n",
    b"---\n\ttitle: x\n---\n",
    b"---\nsalary: {min: .inf, max: .nan, currency: USD, period: year}\n---\n",
    b"---\ndate_posted: 99999-01-01\nvalid_through: 0000-00-00\n---\n",
    "---\ntitle: \u202eevil\u2028x\n---\n".encode(),
]


@pytest.mark.parametrize("data", GARBAGE, ids=range(len(GARBAGE)))
def test_garbage_input_gives_errors_never_a_traceback(
    tree: SiteTree, tmp_path: Path, capsys: pytest.CaptureFixture[str], data: bytes
) -> None:
    tree.write("jobs/acme-lead.md", data)
    assert run(tree, "--out", str(tmp_path / "out")) == 1
    err = capsys.readouterr().err
    assert "Traceback" not in err and "internal error" not in err
    assert err.splitlines()[0].startswith("content/jobs/acme-lead.md:")


def test_random_bytes_in_every_kind_of_file_never_crash(
    tree: SiteTree, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rng = random.Random(20261122)
    template = job_md().encode()
    targets = ["jobs/acme-lead.md", "site.yaml", "home.md", "roles/ml-tech-lead/role.yaml",
               "roles/ml-tech-lead/salary.yaml", "pages/about.md"]  # fmt: skip
    for attempt in range(60):
        target = targets[attempt % len(targets)]
        original = (tree.root / "content" / target).read_bytes()
        mutated = bytearray(original or template)
        for _ in range(rng.randint(1, 6)):
            position = rng.randrange(len(mutated))
            mutated[position] = rng.choice(b":-[]{}&*!|>'\"#\n\t \x00\xff%@`")
        tree.write(target, bytes(mutated))
        code = run(tree, "-q", "--out", str(tmp_path / "out"))
        err = capsys.readouterr().err
        assert code in (0, 1), err
        assert "Traceback" not in err and "internal error" not in err, (target, bytes(mutated))
        tree.write(target, original)


def test_build_py_builds_the_shipped_site(tmp_path: Path) -> None:
    env = {**os.environ, "SOURCE_DATE_EPOCH": "1795305600"}
    result = subprocess.run(
        # Its own cache folder, so that the test leaves nothing in the repository.
        [
            sys.executable,
            "build.py",
            "--out",
            str(tmp_path / "site"),
            "--cache-dir",
            str(tmp_path / "cache"),
        ],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("Built ")
    assert (tmp_path / "site/roles/ml-tech-lead/index.html").is_file()


def test_version_and_help_work(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["--version"])
    assert exit_info.value.code == 0
    assert capsys.readouterr().out.startswith("mltl-site ")
    with pytest.raises(SystemExit):
        main(["build", "--help"])
    assert "Example: mltl-site build" in capsys.readouterr().out
