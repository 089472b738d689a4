"""The build cache: a no-op does nothing, an edit redoes only what shows it, and no state
of the cache (corrupt, foreign, vanished, shared) ever changes the output."""

from __future__ import annotations

import json
import logging
import shutil
import subprocess
import sys
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from conftest import REPO, SiteTree, job_md
from mltl_site import cache, content, produce
from mltl_site.cache import Store
from mltl_site.config import BuildOptions
from mltl_site.pipeline import BuildResult, build


def snapshot(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()
    }


def inodes(folder: Path) -> dict[str, tuple[int, int]]:
    return {
        p.relative_to(folder).as_posix(): (p.stat().st_ino, p.stat().st_mtime_ns)
        for p in folder.rglob("*")
        if p.is_file()
    }


class Builds:
    """Builds of one tree into one output folder with one cache folder."""

    def __init__(self, tree: SiteTree, tmp_path: Path) -> None:
        self.tree = tree
        self.out = tmp_path / "public"
        self.cache = tmp_path / "cache"

    def options(self, **changes: object) -> BuildOptions:
        return replace(self.tree.options(), jobs=1, cache_dir=self.cache, **changes)  # type: ignore[arg-type]

    def run(self, **changes: object) -> BuildResult:
        return build(self.tree.project, self.out, self.options(**changes))

    def clean(self, tmp: Path) -> dict[str, bytes]:
        """What a build with no cache at all gives."""
        out = tmp / "clean"
        build(self.tree.project, out, replace(self.tree.options(), jobs=1, cache_dir=None))
        return snapshot(out)


@pytest.fixture
def builds(tree: SiteTree, tmp_path: Path) -> Builds:
    return Builds(tree, tmp_path)


def test_a_build_with_nothing_changed_renders_and_rewrites_nothing(builds: Builds) -> None:
    first = builds.run()
    assert first.rendered and not first.unchanged
    before = inodes(builds.out)
    second = builds.run()
    assert second.unchanged and second.rendered == ()
    assert inodes(builds.out) == before


def test_a_no_op_build_stops_before_loading_pydantic_jinja_or_markdown(
    builds: Builds, tmp_path: Path
) -> None:
    args = ["build", "--root", str(builds.tree.root), "--out", str(builds.out),
            "--cache-dir", str(builds.cache), "--date", "2026-11-22", "-q"]  # fmt: skip
    # The tree uses the repository's templates; give it its own so --root finds them.
    shutil.copytree(REPO / "templates", builds.tree.root / "templates")
    shutil.copytree(REPO / "static", builds.tree.root / "static")
    probe = (
        "import sys; from mltl_site.cli import main; code = main(sys.argv[1:]); "
        "heavy = sorted(m for m in ('pydantic', 'jinja2', 'markdown', 'nh3', 'yaml') "
        "if m in sys.modules); print(code, heavy)"
    )
    first = subprocess.run([sys.executable, "-c", probe, *args], capture_output=True, text=True)
    assert first.stdout.strip().startswith("0 ['jinja2', 'markdown', 'nh3', 'pydantic', 'yaml']")
    again = subprocess.run([sys.executable, "-c", probe, *args], capture_output=True, text=True)
    assert again.stdout.strip() == "0 []", again.stderr


def test_editing_a_description_rerenders_its_page_feeds_and_exports_only(
    builds: Builds,
) -> None:
    builds.run()
    path = builds.tree.root / "content/jobs/globex-lead.md"
    path.write_text(path.read_text().replace("A good job.", "A very good job."))
    result = builds.run()
    # The search index reads the description, so it is made again (test_search.py).
    assert any(path.startswith("pagefind/fragment/") for path in result.rendered)
    assert {path for path in result.rendered if not path.startswith("pagefind/")} == {
        "jobs/globex-lead/index.html",
        # Feeds of lists the listing is on: the full feeds (Atom and JSON) carry the
        # description, the facet feeds (Atom) show the listing as a whole, so they follow it.
        "jobs/feed.xml",
        "jobs/feed.json",
        *{f"jobs/{folder}feed.xml" for folder in (
            "workplace/onsite/", "country/de/", "city/berlin-de/", "seniority/senior/",
            "skill/python/", "skill/pytorch/", "company/acme/", "role/ml-tech-lead/",
        )},
        "jobs.json",
        "jobs/filter-index.json",
    }  # fmt: skip


def test_an_edit_makes_one_piece_of_each_export_of_every_listing_again(
    builds: Builds, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    # jobs.json and the filter index hold every open listing: an edit changes one of them.
    builds.run()
    path = builds.tree.root / "content/jobs/globex-lead.md"
    path.write_text(path.read_text().replace("A good job.", "A very good job."))
    with caplog.at_level(logging.DEBUG, logger="mltl_site.pipeline"):
        builds.run()
    made = {m.split(":")[0]: m for m in caplog.messages if "pieces made" in m}
    opened = len(json.loads((builds.out / "jobs.json").read_text())["jobs"])
    assert opened > 1
    assert made == {
        "jobs.json": f"jobs.json: 1 of {opened} pieces made",
        "jobs/filter-index.json": f"jobs/filter-index.json: 1 of {opened} pieces made",
    }
    assert snapshot(builds.out) == builds.clean(tmp_path)
    caplog.clear()
    with caplog.at_level(logging.DEBUG, logger="mltl_site.pipeline"):
        builds.run(base_url="https://jobs.example.org/board/")  # every link moves
    assert f"jobs.json: {opened} of {opened} pieces made" in caplog.messages


def test_an_edit_rewrites_only_the_document_files_that_hold_it(builds: Builds) -> None:
    for n in range(40):  # enough documents to fill many of the 256 files
        builds.tree.write(f"jobs/lead-{n}.md", job_md(f"Lead {n}"))
    builds.run()

    def written() -> dict[str, int]:
        return {p.name: p.stat().st_ino for p in builds.cache.rglob("documents/*.pickle")}

    before = written()
    assert len(before) > 20
    path = builds.tree.root / "content/jobs/lead-7.md"
    path.write_text(path.read_text().replace("A good job.", "A better job."))
    builds.run()
    after = written()
    changed = {name for name in before.keys() | after.keys() if before.get(name) != after.get(name)}
    # The edited document's old digest leaves one file and its new one joins one.
    assert 1 <= len(changed) <= 2
    builds.run()
    assert written() == after  # nothing changed, nothing written


def test_editing_a_title_also_rerenders_the_lists_and_pages_that_show_its_card(
    builds: Builds,
) -> None:
    builds.run()
    path = builds.tree.root / "content/jobs/globex-lead.md"
    path.write_text(path.read_text().replace("title: Staff ML Lead", "title: Staff ML Leader"))
    rendered = set(builds.run().rendered)
    assert "jobs/globex-lead/index.html" in rendered
    assert "jobs/index.html" in rendered  # its card is on the first page of the index
    assert "jobs/acme-lead/index.html" in rendered  # which shows it as a similar job
    assert "about/index.html" not in rendered
    assert "roles/data-scientist/index.html" not in rendered
    assert "sitemap.xml" not in rendered


@pytest.mark.parametrize(
    ("partial", "old", "shown_on", "not_on"),
    [
        # Included with {% include %} by the listing, role and free pages' templates.
        ("partials/search_meta.html", "", "jobs/globex-lead/index.html", "jobs/index.html"),
        # Drawn with fragment() by the jobs index only: a name no tag of it holds.
        ("partials/filters.html", "", "jobs/index.html", "jobs/globex-lead/index.html"),
        # The card() global draws a macro of it, on pages whose templates never import it.
        ("partials/macros.html", '<article class="job-card">', "index.html", "jobs/feed.xml"),
    ],
)
def test_editing_a_partial_template_rerenders_the_pages_whose_templates_use_it(
    builds: Builds, tmp_path: Path, partial: str, old: str, shown_on: str, not_on: str
) -> None:
    templates = tmp_path / "templates"
    shutil.copytree(REPO / "templates", templates)
    builds.tree.project = replace(builds.tree.project, templates=templates)
    builds.run()
    path = templates / partial
    text = path.read_text()
    path.write_text(
        text.replace(old, old + "<!-- edited -->", 1) if old else text + "<!-- edited -->"
    )
    rendered = set(builds.run().rendered)
    assert shown_on in rendered and not_on not in rendered
    assert "<!-- edited -->" in (builds.out / shown_on).read_text()
    assert snapshot(builds.out) == builds.clean(tmp_path)


def test_a_new_listing_below_the_newest_five_still_changes_the_role_guides_count(
    builds: Builds, tmp_path: Path
) -> None:
    # The guide shows its role's newest five listings and the number open: a listing
    # older than those five changes the number alone.
    for n in range(6):
        builds.tree.write(f"jobs/new-{n}.md", job_md(f"New Lead {n}", posted="2026-11-21"))
    builds.run()
    guide = "roles/ml-tech-lead/index.html"
    before = (builds.out / guide).read_text()
    builds.tree.write("jobs/older-lead.md", job_md("Older Lead", posted="2026-09-01"))
    assert guide in builds.run().rendered
    after = (builds.out / guide).read_text()
    assert "Older Lead" not in after and after != before
    assert snapshot(builds.out) == builds.clean(tmp_path)


def test_every_output_of_a_warm_build_equals_a_clean_build(builds: Builds, tmp_path: Path) -> None:
    builds.run()
    builds.tree.write("jobs/new-lead.md", job_md("New ML Lead", posted="2026-11-21"))
    builds.tree.remove("jobs/initech-lead.md")
    builds.run()
    assert snapshot(builds.out) == builds.clean(tmp_path)


def test_a_corrupt_or_truncated_cache_entry_is_rendered_again(
    builds: Builds, tmp_path: Path
) -> None:
    builds.run()
    entries = sorted((builds.cache).rglob("outputs/*/*"))
    assert entries
    for index, entry in enumerate(entries):
        data = entry.read_bytes()
        entry.write_bytes(data[: len(data) // 2] if index % 2 else data.replace(b"Acme", b"Evil"))
    shutil.rmtree(builds.out)  # nothing to carry over by hard link: the cache must serve
    result = builds.run()
    assert result.rendered
    assert snapshot(builds.out) == builds.clean(tmp_path)


def test_a_corrupt_document_cache_or_manifest_is_a_miss(builds: Builds, tmp_path: Path) -> None:
    builds.run()
    for name in ("documents", "folders", "pieces"):
        for path in builds.cache.rglob(name):
            targets = [path] if path.is_file() else list(path.iterdir())
            for target in targets:
                target.write_bytes(b"\x80\x04garbage")
    builds.tree.write("jobs/new-lead.md", job_md("New ML Lead"))
    builds.run()
    assert snapshot(builds.out) == builds.clean(tmp_path)


def test_a_cache_from_other_code_is_never_read_and_is_removed(
    builds: Builds, tmp_path: Path
) -> None:
    foreign = builds.cache / "v1-0000000000000000"
    (foreign / "outputs" / "ab").mkdir(parents=True)
    (foreign / "outputs" / "ab" / "abcd").write_bytes(b"stale")
    builds.run()
    assert not foreign.exists()
    assert (builds.cache / f"v{cache.FORMAT}-{cache.code_digest()[:16]}").is_dir()
    assert snapshot(builds.out) == builds.clean(tmp_path)


def test_a_cache_written_with_other_library_versions_is_another_cache(
    builds: Builds, monkeypatch: pytest.MonkeyPatch
) -> None:
    # CI restores the cache of an earlier run beside freshly installed libraries; a
    # newer Markdown or Jinja makes other bytes, so nothing of the old cache may be used.
    first = builds.run()
    installed = cache.shaping()
    assert any(part.startswith("markdown ") for part in installed)
    upgraded = [p.replace("markdown ", "markdown 99.") for p in installed]
    monkeypatch.setattr(cache, "shaping", lambda: upgraded)
    cache.code_digest.cache_clear()
    try:
        path = builds.tree.root / "content/jobs/globex-lead.md"
        path.write_text(path.read_text().replace("A good job.", "A very good job."))
        second = builds.run()
    finally:
        cache.code_digest.cache_clear()
    assert second.reused == 0 and len(second.rendered) == len(first.rendered)
    # Everything the build keeps, the link checker's record too, went with the old folder.
    assert [p.name for p in builds.cache.iterdir()] == [
        f"v{cache.FORMAT}-{cache.code_digest.__wrapped__()[:16]}"
    ]


def test_the_versions_that_shape_the_output_are_read_without_importing_them() -> None:
    from importlib.metadata import version

    parts = cache.shaping()
    for distribution in ("Markdown", "nh3", "Jinja2", "PyYAML", "pydantic", "Pillow"):
        assert f"{distribution.lower()} {version(distribution)}" in parts, distribution
    assert any(part.startswith("DejaVuSans.ttf: ") for part in parts)
    code = (
        "import sys; from mltl_site import cache; cache.code_digest(); print(sorted("
        "m for m in ('markdown', 'jinja2', 'PIL', 'pydantic', 'nh3') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_a_cache_folder_deleted_during_the_build_changes_nothing(
    builds: Builds, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real_put = Store.put
    calls = 0

    def put_then_delete(self: Store, key: str, data: bytes) -> None:
        nonlocal calls
        calls += 1
        if calls == 10:
            shutil.rmtree(self.root)
        real_put(self, key, data)

    monkeypatch.setattr(Store, "put", put_then_delete)
    builds.run()
    assert calls > 10
    assert snapshot(builds.out) == builds.clean(tmp_path)


def test_two_builds_at_once_each_leave_a_whole_site(builds: Builds, tmp_path: Path) -> None:
    shutil.copytree(REPO / "templates", builds.tree.root / "templates")
    shutil.copytree(REPO / "static", builds.tree.root / "static")
    command = [
        *(sys.executable, "-m", "mltl_site", "build", "-q", "--date", "2026-11-22"),
        *("--root", str(builds.tree.root), "--out", str(builds.out)),
        *("--cache-dir", str(builds.cache)),
    ]
    runs = [subprocess.Popen(command, stderr=subprocess.PIPE) for _ in range(3)]
    for run in runs:
        _, err = run.communicate(timeout=120)
        assert run.returncode == 0, err
    expected = builds.clean(tmp_path)
    assert snapshot(builds.out) == {k: v for k, v in expected.items()}
    leftovers = [p.name for p in builds.out.parent.iterdir() if ".tmp-" in p.name]
    assert leftovers == []


def test_a_failed_build_leaves_the_previous_output_and_cache_usable(
    builds: Builds, tmp_path: Path
) -> None:
    builds.run()
    before = snapshot(builds.out)
    path = builds.tree.root / "content/jobs/acme-lead.md"
    good = path.read_text()
    path.write_text(good.replace("seniority: senior", "seniority: galactic"))
    with pytest.raises(Exception, match="seniority"):
        builds.run()
    assert snapshot(builds.out) == before
    path.write_text(good)
    builds.run()
    assert snapshot(builds.out) == builds.clean(tmp_path)


def test_parallel_and_serial_builds_give_the_same_bytes(
    builds: Builds, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Force worker processes for this small site: every stage that can go parallel does.
    monkeypatch.setattr(produce, "PARALLEL_FROM", 1)
    monkeypatch.setattr(content, "PARALLEL_FROM", 1)
    build(builds.tree.project, tmp_path / "parallel", replace(builds.tree.options(), jobs=2))
    assert snapshot(tmp_path / "parallel") == builds.clean(tmp_path)


def test_unchanged_files_are_carried_over_by_hard_link(builds: Builds) -> None:
    builds.run()
    before = inodes(builds.out)
    builds.tree.write("pages/extra.md", "---\ntitle: Extra\ndescription: More.\n---\nMore.\n")
    result = builds.run()
    after = inodes(builds.out)
    assert "extra/index.html" in result.rendered
    kept = [path for path in before if path in after and path != ".mltl-site"]
    same = [path for path in kept if after[path] == before[path]]
    assert "jobs/acme-lead/index.html" in same
    assert len(same) >= len(kept) - len(result.rendered)


def test_no_cache_renders_everything_and_writes_no_cache(builds: Builds, tmp_path: Path) -> None:
    result = build(builds.tree.project, builds.out, replace(builds.tree.options(), cache_dir=None))
    again = build(builds.tree.project, builds.out, replace(builds.tree.options(), cache_dir=None))
    assert not again.unchanged and set(again.rendered) == set(result.rendered)
    assert not builds.cache.exists()
    assert not (builds.tree.root / ".mltl-cache").exists()


def test_an_output_file_deleted_or_edited_by_hand_is_restored_by_the_next_build(
    builds: Builds, tmp_path: Path
) -> None:
    builds.run()
    (builds.out / "about/index.html").unlink()
    (builds.out / "jobs/acme-lead/index.html").write_text("defaced")
    result = builds.run()
    assert not result.unchanged
    assert set(result.rendered) <= {"about/index.html", "jobs/acme-lead/index.html"}
    assert snapshot(builds.out) == builds.clean(tmp_path)


def test_pieces_are_kept_only_where_the_export_is_laid_out_as_its_pieces() -> None:
    pieces = cache.Pieces()
    pieces.used = [("a", 3), ("b", 2)]
    data = b'{"v":1,"jobs":[abc,de]}\n'
    spans = pieces.spans_in(data)
    assert spans is not None
    assert {key: data[start:end] for key, (start, end) in spans.items()} == {
        "a": b"abc",
        "b": b"de",
    }
    assert pieces.spans_in(b'{"v":1,"jobs":[abcd,e]}\n') is None  # other lengths
    assert pieces.spans_in(b'{"v":1,"jobs":[ab,cde]}\n') is None  # a separator out of place
    assert pieces.spans_in(b'{"v":1,"jobs":[xabc,de]}\n') is None  # more than the pieces
    assert pieces.spans_in(b'{"v":1,"jobs":[abc,de]}') is None


def test_a_shared_views_digest_follows_every_one_of_its_fields(tree: SiteTree) -> None:
    # Cards, the browse box, the filter panel and the pay summary stand in page keys by
    # their digest; one that left out a field would leave the pages showing it stale.
    from dataclasses import fields

    from mltl_site.pipeline import load_site

    site = load_site(tree.project, tree.options())
    shared: list[Any] = [site.cards_of(site.open)[0], site.browse_nav, site.browse_links,
                         site.filter_options, site.pay_summary]  # fmt: skip
    checked = 0
    for view in shared:
        for field in fields(view):
            value = getattr(view, field.name)
            if isinstance(value, bool):
                other: object = not value
            elif isinstance(value, int | str):
                other = value + type(value)(1) if isinstance(value, int) else value + "x"
            elif isinstance(value, tuple) and value:
                other = value[:-1]
            else:
                continue
            assert replace(view, **{field.name: other}).digest != view.digest, field.name
            checked += 1
    assert checked >= 20
    assert site.browse_nav.digest != site.browse_links.digest
