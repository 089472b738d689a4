"""Faults around the build: the machine's errors as one line naming the path, staging
folders of killed builds cleaned (and no one else's), and the dev server's Host
check on every route, over a real socket."""

from __future__ import annotations

import errno
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from conftest import REPO, SiteTree
from mltl_site import write
from mltl_site.cli import main
from test_serve import Running, running  # noqa: F401 - the fixture

# --- the machine's errors --------------------------------------------------------------


def build(tree: SiteTree, out: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, list[str]]:
    for folder in ("templates", "static"):
        if not (tree.root / folder).exists():
            shutil.copytree(REPO / folder, tree.root / folder)
    capsys.readouterr()
    # No cache: each build writes a whole new folder, the part these faults break.
    code = main(["build", "--root", str(tree.root), "--out", str(out), "--jobs", "1",
                 "--no-cache", "--date", "2026-11-22"])  # fmt: skip
    return code, capsys.readouterr().err.splitlines()


def assert_one_line_naming(lines: list[str], path: Path, cause: str) -> None:
    assert not any("internal error" in line or "Traceback" in line for line in lines), lines
    assert lines[-1] == "1 error; the output was not changed."
    (line,) = lines[:-1]
    assert str(path) in line and cause in line, line


@pytest.fixture
def out(tree: SiteTree, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    """A good previous build, whose bytes every fault below must leave alone."""
    folder = tmp_path / "public" / "site"
    assert build(tree, folder, capsys)[0] == 0
    return folder


def snapshot(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()
    }


def refuse_mkdtemp(monkeypatch: pytest.MonkeyPatch, code: int, where: Path) -> None:
    """The OS refusing to create the staging folder in ``where``."""

    def mkdtemp(*args: object, **kwargs: object) -> str:
        raise OSError(code, os.strerror(code), str(where))

    monkeypatch.setattr(tempfile, "mkdtemp", mkdtemp)


def test_a_read_only_output_folder_is_one_line_naming_it(
    tree: SiteTree, out: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    # A read-only file system cannot be mounted in a test; the OS's answer is simulated.
    before = snapshot(out)
    refuse_mkdtemp(monkeypatch, errno.EROFS, out.parent)
    code, lines = build(tree, out, capsys)
    assert code == 1
    assert_one_line_naming(lines, out.parent, "Read-only file system; the file system is")
    assert snapshot(out) == before


def test_an_unwritable_parent_is_one_line_naming_it(
    tree: SiteTree, out: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    before = snapshot(out)
    out.parent.chmod(0o555)
    try:
        if os.geteuid() == 0:  # permissions do not bind root, who runs CI: say what the OS would
            refuse_mkdtemp(monkeypatch, errno.EACCES, out.parent)
        code, lines = build(tree, out, capsys)
    finally:
        out.parent.chmod(0o755)
    assert code == 1
    assert_one_line_naming(lines, out.parent, "Permission denied; check the folder's permissions")
    assert snapshot(out) == before


def test_a_full_disk_is_one_line_naming_the_file(
    tree: SiteTree, out: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    before = snapshot(out)
    real = write.Staging.write
    written: list[str] = []

    def write_until_full(self: write.Staging, relative: str, data: bytes) -> Path:
        if len(written) == 3:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        written.append(relative)
        return real(self, relative, data)

    monkeypatch.setattr(write.Staging, "write", write_until_full)
    tree.write("pages/about.md", "---\ntitle: About\ndescription: About us.\n---\nChanged.\n")
    code, lines = build(tree, out, capsys)
    assert code == 1
    assert_one_line_naming(lines, out, "No space left on device; free some space")
    assert snapshot(out) == before
    assert not list(out.parent.glob(".site.tmp-*"))


# --- staging folders of killed builds --------------------------------------------------


def staging(out: Path, owner: str | None) -> Path:
    folder = Path(tempfile.mkdtemp(prefix=f".{out.name}.tmp-", dir=out.parent))
    (folder / "index.html").write_text("half a site")
    if owner is not None:
        (folder / ".mltl-staging").write_text(owner)
    return folder


def dead_pid() -> int:
    process = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                             capture_output=True, text=True, check=True)  # fmt: skip
    return int(process.stdout)


def test_the_next_build_removes_a_staging_folder_of_a_dead_build_of_this_host(
    tree: SiteTree, out: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    stale = staging(out, f"{socket.gethostname()}\n{dead_pid()}\n")
    alive = staging(out, f"{socket.gethostname()}\n{os.getpid()}\n")
    elsewhere = staging(out, f"another-host.example\n{dead_pid()}\n")
    foreign = staging(out, None)  # no owner file: not made by a build
    assert build(tree, out, capsys)[0] == 0
    assert not stale.exists()
    assert alive.exists() and elsewhere.exists() and foreign.exists()


def test_the_served_folder_refuses_to_write_through_a_folder_link_planted_in_it(
    tmp_path: Path,
) -> None:
    served, outside = tmp_path / "served", tmp_path / "outside"
    served.mkdir()
    outside.mkdir()
    (served / "jobs").symlink_to(outside, target_is_directory=True)
    folder = write.LiveFolder(served)
    with pytest.raises(ValueError, match="leaves the output folder"):
        folder.write("jobs/x/index.html", b"<p>x</p>")
    assert not any(outside.iterdir())
    folder.write("roles/index.html", b"<p>ok</p>")  # a real folder inside is fine
    assert (served / "roles/index.html").read_bytes() == b"<p>ok</p>"


# --- the dev server's Host check ---------------------------------------------------------


def raw_request(port: int, lines: list[str]) -> str:
    """Send a request exactly as written and return the status line."""
    with socket.create_connection(("127.0.0.1", port), timeout=5) as conn:
        conn.sendall(("\r\n".join(lines) + "\r\n\r\n").encode())
        received = b""
        while b"\r\n" not in received:
            chunk = conn.recv(4096)
            if not chunk:
                break
            received += chunk
    return received.split(b"\r\n", 1)[0].decode()


def upgrade(port: int, host: str, origin: str) -> str:
    return raw_request(port, [
        "GET /livereload HTTP/1.1", f"Host: {host}", f"Origin: {origin}",
        "Upgrade: websocket", "Connection: Upgrade",
        "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==", "Sec-WebSocket-Version: 13",
    ])  # fmt: skip


def test_dns_rebinding_a_livereload_upgrade_with_host_and_origin_foreign_gets_no_101(
    running: Running,  # noqa: F811
) -> None:
    port = running.server.port
    foreign = f"evil.example:{port}"
    status = upgrade(port, foreign, f"http://{foreign}")
    assert " 101 " not in status and " 421 " in status
    own = f"localhost:{port}"
    assert " 101 " in upgrade(port, own, f"http://{own}")  # the check is not a wall for all


@pytest.fixture
def routes(running: Running) -> Iterator[list[str]]:  # noqa: F811
    css = re.search(r'href="(/static/css/site\.[0-9a-f]{10}\.css)"', running.get("/")[1])
    assert css is not None
    yield ["/", "/about/", "/livereload", "/livereload.js", css.group(1), "/no/such/page/"]


def test_every_route_refuses_a_foreign_host(running: Running, routes: list[str]) -> None:  # noqa: F811
    port = running.server.port
    for path in routes:
        status = raw_request(port, [f"GET {path} HTTP/1.1", f"Host: evil.example:{port}"])
        assert " 421 " in status, (path, status)
        assert running.get(path)[0] != 421, path  # and serves its own Host


# --- what the serve log names ----------------------------------------------------------


def test_a_sed_style_save_names_only_the_real_file(running: Running) -> None:  # noqa: F811
    # sed -i writes a temporary file beside the real one, then renames it over it.
    jobs = running.tree.root / "content" / "jobs"
    temp = jobs / "sed5HuHsr"
    temp.write_text((jobs / "acme-lead.md").read_text().replace("A good job.", "A great job."))
    temp.replace(jobs / "acme-lead.md")
    running.wait_for(
        lambda: any(r.result is not None and r.changed for r in running.rebuilds), "a rebuild"
    )
    assert "A great job." in running.get("/jobs/acme-lead/")[1]
    changed = {name for rebuild in running.rebuilds for name in rebuild.changed}
    assert changed == {"content/jobs/acme-lead.md"}


def test_the_log_names_existing_content_files_and_known_ones_deleted(
    running: Running,  # noqa: F811
) -> None:
    server, root = running.server, running.tree.root
    temp = root / "content" / "jobs" / "sed5HuHsr"
    temp.write_text("scratch")  # exists, but is no kind of content file
    about = root / "content" / "pages" / "about.md"
    about.unlink()  # a known file, deleted
    ghost = root / "content" / "jobs" / "ghost.md"  # never existed
    shown = server._shown([str(temp), str(about), str(ghost)])
    assert shown == ("content/pages/about.md",)
    temp.unlink()
