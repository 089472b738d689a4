"""The search index: which pages it holds, what it records of them, its bytes and its upkeep.

Builds run the real Pagefind binary (from the ``pagefind_bin`` wheel) over small trees;
the index is read back from the fragment files Pagefind writes, one per page.
"""

from __future__ import annotations

import gzip
import json
import random
import threading
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from conftest import SITE_YAML, SiteTree, job_md, small_site
from mltl_site import pagefind_run, search, search_index, search_order
from mltl_site.config import BuildOptions
from mltl_site.errors import SiteError
from mltl_site.linkcheck import read_folder
from mltl_site.pages import build_pages
from mltl_site.pipeline import build, load_site
from mltl_site.views import EVERY_PAGE

Fragment = dict[str, Any]


def fragments(out: Path, folder: str = "pagefind/") -> dict[str, Fragment]:
    """Every page in the built index (or one shard's bundle), by its URL."""
    found = {}
    for path in sorted((out / folder / "fragment").iterdir()):
        raw = gzip.decompress(path.read_bytes())
        assert raw.startswith(b"pagefind_dcd")
        fragment: Fragment = json.loads(raw[len(b"pagefind_dcd") :])
        found[fragment["url"]] = fragment
    return found


def sort_orders(out: Path) -> dict[str, list[str]]:
    """Each sort key's pages, by URL, in Pagefind's ascending order of their values."""
    meta = search_order.unpack(next((out / "pagefind").glob("*.pf_meta")).read_bytes())
    by_hash = {}
    for path in (out / "pagefind/fragment").iterdir():
        raw = gzip.decompress(path.read_bytes())[len(b"pagefind_dcd") :]
        by_hash[path.name.removesuffix(".pf_fragment")] = json.loads(raw)["url"]
    urls = [by_hash[page_hash] for page_hash, _words in meta[1]]
    return {name: [urls[number] for number in pages] for name, pages in meta[4]}


def files(out: Path) -> dict[str, bytes]:
    return {
        p.relative_to(out).as_posix(): p.read_bytes()
        for p in (out / "pagefind").rglob("*")
        if p.is_file()
    }


def inodes(out: Path) -> dict[str, int]:
    return {
        p.relative_to(out).as_posix(): p.stat().st_ino
        for p in (out / "pagefind").rglob("*")
        if p.is_file()
    }


def options(tree: SiteTree, tmp_path: Path, **changes: object) -> BuildOptions:
    return replace(tree.options(**changes), cache_dir=tmp_path / "cache")


@pytest.fixture
def board(tree: SiteTree) -> SiteTree:
    """The small tree plus a closed, a draft, a scheduled listing and a draft page."""
    tree.write(
        "jobs/closed-lead.md",
        job_md("Closed Lead", posted="2026-10-01", valid="2026-11-01", body="Xylophone.\n"),
    )
    tree.write(
        "jobs/draft-lead.md", job_md("Draft Lead", extra="draft: true\n", body="Marzipan.\n")
    )
    tree.write("jobs/later-lead.md", job_md("Later Lead", posted="2026-12-01", body="Tangerine.\n"))
    tree.write("pages/soon.md", "---\ntitle: Soon\ndescription: x\ndraft: true\n---\nQuince.\n")
    tree.write(
        "jobs/acme-lead.md",
        job_md(
            body="We need someone who knows zebrafish genomics.\n",
            skills="[Python, Pytorch]",
            salary="salary: {currency: USD, min: 200000, max: 300000, period: year}",
        ),
    )
    return tree


OPEN = ["/jobs/acme-lead/", "/jobs/globex-lead/", "/jobs/initech-lead/"]
GUIDES_AND_PAGES = ["/about/", "/roles/data-scientist/", "/roles/ml-tech-lead/"]


def test_the_index_holds_open_listings_role_guides_and_free_pages_only(
    board: SiteTree, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    build(board.project, out, board.options())
    assert sorted(fragments(out)) == sorted(OPEN + GUIDES_AND_PAGES)
    # Closed, draft and scheduled listings, the draft page and list pages are not in it.
    words = " ".join(f["content"] for f in fragments(out).values())
    for word in ("Xylophone", "Marzipan", "Tangerine", "Quince"):
        assert word not in words
    assert "zebrafish" in fragments(out)["/jobs/acme-lead/"]["content"]


def test_a_draft_previewed_with_drafts_gets_a_page_but_stays_out_of_the_index(
    board: SiteTree, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    build(board.project, out, board.options(drafts=True))
    assert (out / "jobs/draft-lead/index.html").is_file()
    assert (out / "soon/index.html").is_file()
    assert sorted(fragments(out)) == sorted(OPEN + GUIDES_AND_PAGES)


def test_the_page_graph_decides_and_only_its_pages_carry_the_search_markup(
    board: SiteTree,
) -> None:
    site = load_site(board.project, board.options())
    pages = build_pages(site)
    marked = {p.url for p in pages if p.head.search is not None}
    assert marked == {u.lstrip("/") for u in OPEN + GUIDES_AND_PAGES}
    assert all(p.head.indexable for p in pages if p.head.search is not None)
    html = board.files()
    for path, data in html.items():
        if path.endswith(".html"):
            expected = path.removesuffix("index.html") in marked
            assert (b"data-pagefind-body" in data) == expected, path
            assert (b"data-pagefind-filter" in data) == expected, path


def test_the_indexed_text_keeps_labels_apart_from_values_and_leaves_out_monograms(
    board: SiteTree, tmp_path: Path
) -> None:
    # Excerpts of a search without words start at the top of the page, so they show this.
    board.write("jobs/remote-lead.md", job_md("Remote Lead", workplace="remote"))
    out = tmp_path / "out"
    build(board.project, out, board.options())
    text = fragments(out)["/jobs/remote-lead/"]["content"]
    assert "Posted 20 November 2026" in text
    assert "Remote Remote from" in text and "RemoteRemote" not in text
    # Not "A Acme.": the monogram is decoration, not words. First comes the hidden word a
    # search by filters alone asks for (the search page leaves it out of excerpts).
    assert text.startswith(f"{EVERY_PAGE} Acme.")


def test_every_indexed_page_holds_the_word_a_search_by_filters_alone_looks_for(
    board: SiteTree, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    build(board.project, out, board.options())
    indexed = fragments(out)
    assert set(indexed) == set(OPEN + GUIDES_AND_PAGES)
    for url, fragment in indexed.items():
        assert fragment["content"].split()[0] == EVERY_PAGE, url
        assert fragment["content"].count(EVERY_PAGE) == 1, url
    # Hidden from every reader: the attribute, not a class a stylesheet might not load.
    html = (out / "roles/ml-tech-lead/index.html").read_text(encoding="utf-8")
    assert f"<span hidden>{EVERY_PAGE}</span>" in html


def test_a_listing_is_recorded_with_its_facts_filters_and_sort_keys(
    board: SiteTree, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    build(board.project, out, board.options())
    job = fragments(out)["/jobs/acme-lead/"]
    assert job["meta"] == {
        "title": "Senior ML Tech Lead",
        "kind": "Job",
        "company": "Acme",
        "location": "Berlin, Germany",
        "pay": "$200,000 – $300,000 a year",
        "posted": "20 November 2026",
        "posted_iso": "2026-11-20",
        # The sort values again, for merging the results of shards.
        "sort_posted": "2026-11-20",
        "sort_pay-usd": "300000",
    }
    assert job["filters"] == {
        "type": ["Jobs"],
        "workplace": ["On-site"],
        "seniority": ["Senior"],
        "employment": ["Full-time"],
        "country": ["Germany"],
        "city": ["Berlin, Germany"],
        # The facet's spelling: the other listings write "PyTorch".
        "skill": ["Python", "PyTorch"],
        "role": ["Machine Learning Tech Lead"],
        "company": ["Acme"],
        "currency": ["USD"],
    }
    guide = fragments(out)["/roles/ml-tech-lead/"]
    assert guide["meta"] == {"title": "Machine Learning Tech Lead", "kind": "Role guide"}
    # Newest first and pay orders hold the listings only, so they leave guides out.
    orders = sort_orders(out)
    assert sorted(orders) == ["pay-usd", "posted"]
    assert orders["posted"] == OPEN[::-1]  # oldest first: the page asks for descending
    assert sorted(orders["pay-usd"]) == OPEN and orders["pay-usd"][-1] == "/jobs/acme-lead/"


def test_hourly_pay_sorts_by_its_yearly_figure_in_its_own_currency(
    tree: SiteTree, tmp_path: Path
) -> None:
    hourly = "salary: {currency: EUR, min: 90, max: 110.5, period: hour}"  # 229,840 a year
    yearly = "salary: {currency: EUR, min: 150000, max: 200000, period: year}"
    tree.write("jobs/acme-lead.md", job_md(salary=hourly))
    tree.write("jobs/globex-lead.md", job_md("Staff ML Lead", posted="2026-11-01", salary=yearly))
    out = tmp_path / "out"
    build(tree.project, out, tree.options())
    orders = sort_orders(out)
    assert orders["pay-eur"] == ["/jobs/globex-lead/", "/jobs/acme-lead/"]
    assert orders["pay-usd"] == ["/jobs/initech-lead/"]  # never converted


def test_the_same_content_and_date_give_the_same_index_bytes(
    board: SiteTree, tmp_path: Path
) -> None:
    # Pagefind orders filters by a randomly seeded hash map; runs differ unless reordered.
    first, second = tmp_path / "one", tmp_path / "two"
    build(board.project, first, board.options())
    build(board.project, second, board.options())
    assert files(first) == files(second)
    assert len(list((first / "pagefind/filter").iterdir())) == 10


def test_reordering_undoes_any_order_pagefind_chose(board: SiteTree, tmp_path: Path) -> None:
    out = tmp_path / "out"
    build(board.project, out, board.options())
    bundle = files(out)
    shuffled = dict(bundle)
    meta_path = next(p for p in bundle if p.endswith(".pf_meta"))
    meta = search_order.unpack(bundle[meta_path])
    rng = random.Random(7)
    for _name, hash_ in meta[3]:
        filter_path = f"pagefind/filter/{hash_}.pf_filter"
        index = search_order.unpack(bundle[filter_path])
        rng.shuffle(index[1])
        shuffled[filter_path] = search_order.pack(search_order.encode(index))
    rng.shuffle(meta[3])
    rng.shuffle(meta[4])
    shuffled[meta_path] = search_order.pack(search_order.encode(meta))
    assert search_order.in_order(shuffled) == bundle


def test_the_cbor_codec_round_trips_what_pagefind_writes() -> None:
    value = ["skill", [["C++", [1, 300, 70000]], ["Zürich", [0, 23, 24, 255, 256, 65536]]], -5]
    data = search_order.encode(value)
    assert search_order.decode(data) == (value, len(data))
    assert search_order.encode(23) == b"\x17" and search_order.encode(24) == b"\x18\x18"
    with pytest.raises(ValueError):
        search_order.decode(b"\xa1\x01\x02")  # a map: not in Pagefind's index


def test_an_unchanged_index_is_carried_over_by_hard_link(board: SiteTree, tmp_path: Path) -> None:
    out = tmp_path / "out"
    build(board.project, out, options(board, tmp_path))
    before = inodes(out)
    # A closed listing changes pages, but none the index reads.
    board.write(
        "jobs/gone-lead.md",
        job_md("Gone Lead", posted="2026-10-01", valid="2026-11-02", body="Gone.\n"),
    )
    result = build(board.project, out, options(board, tmp_path))
    assert "jobs/gone-lead/index.html" in result.rendered
    assert not any(path.startswith("pagefind/") for path in result.rendered)
    assert inodes(out) == before


def test_an_edit_to_an_indexed_page_remakes_the_index(board: SiteTree, tmp_path: Path) -> None:
    out = tmp_path / "out"
    build(board.project, out, options(board, tmp_path))
    board.write("pages/about.md", "---\ntitle: About\ndescription: x\n---\nWe keep axolotls.\n")
    result = build(board.project, out, options(board, tmp_path))
    assert any(path.startswith("pagefind/fragment/") for path in result.rendered)
    assert "axolotls" in fragments(out)["/about/"]["content"]
    clean = tmp_path / "clean"
    build(board.project, clean, replace(board.options(), cache_dir=None))
    assert files(out) == files(clean)


def test_an_index_damaged_by_hand_is_made_again(board: SiteTree, tmp_path: Path) -> None:
    out = tmp_path / "out"
    build(board.project, out, options(board, tmp_path))
    good = files(out)
    (out / "pagefind/pagefind-entry.json").write_text("{}")
    build(board.project, out, options(board, tmp_path))
    assert files(out) == good


def test_the_dev_server_folder_is_indexed_after_the_build(tree: SiteTree, tmp_path: Path) -> None:
    out = tmp_path / "served"
    build(tree.project, out, tree.options(), live=True)
    try:
        assert not (out / "pagefind").exists()  # the build itself does not wait for it
        assert search_index.index_pending(out)
        assert "/about/" in fragments(out)
        assert not search_index.index_pending(out)  # nothing left to do
        build(tree.project, out, tree.options(), live=True)
        assert not search_index.index_pending(out)  # no indexed page changed
        tree.write("pages/about.md", "---\ntitle: About\ndescription: x\n---\nNarwhals.\n")
        build(tree.project, out, tree.options(), live=True)
        before = set(files(out))
        assert search_index.index_pending(out)
        assert "Narwhals" in fragments(out)["/about/"]["content"]
        assert before != set(files(out))  # stale fragments are gone
    finally:
        search_index.forget_live(out)


def test_a_save_during_indexing_stops_it_and_keeps_the_job(tree: SiteTree, tmp_path: Path) -> None:
    out = tmp_path / "served"
    build(tree.project, out, tree.options(), live=True)
    try:
        stop = threading.Event()
        stop.set()  # another save came in
        assert not search_index.index_pending(out, stop)
        assert not (out / "pagefind").exists()
        assert search_index.index_pending(out)  # the job was kept for later
        assert "/about/" in fragments(out)
    finally:
        search_index.forget_live(out)


def test_a_missing_pagefind_binary_is_a_clear_error(
    tree: SiteTree, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PAGEFIND_BINARY_PATH", str(tmp_path / "no-such-pagefind"))
    out = tmp_path / "out"
    with pytest.raises(SiteError, match=r"Pagefind binary is missing.*pagefind\[bin\]"):
        build(tree.project, out, tree.options())
    assert not out.exists()


def test_a_failing_pagefind_is_a_clear_error(
    tree: SiteTree, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fake = tmp_path / "pagefind"
    fake.write_text("#!/bin/sh\necho 'Error: the disk is on fire' >&2\nexit 3\n")
    fake.chmod(0o755)
    monkeypatch.setenv("PAGEFIND_BINARY_PATH", str(fake))
    with pytest.raises(SiteError, match="Pagefind could not index the site: Error: the disk"):
        build(tree.project, tmp_path / "out", tree.options())


@pytest.mark.parametrize("slug", ["search", "pagefind"])
def test_free_pages_cannot_take_the_search_folders(tree: SiteTree, slug: str) -> None:
    tree.write(f"pages/{slug}.md", "---\ntitle: X\ndescription: x\n---\nX.\n")
    errors = tree.errors()
    assert any(f"content/pages/{slug}.md" in e and "is taken by the site" in e for e in errors)


def test_the_search_page_is_not_for_search_engines(tree: SiteTree) -> None:
    html = tree.html("search/index.html")
    assert '<meta name="robots" content="noindex">' in html
    assert "search/" not in tree.html("sitemap.xml")
    # Without the script the form asks the jobs list, which reads ?q=.
    assert 'action="/jobs/" method="get"' in html
    assert '<select id="search-sort" name="sort" disabled>' in html


def test_every_page_has_the_search_box_leading_to_the_jobs_list_without_script(
    tree: SiteTree,
) -> None:
    for path, data in tree.files().items():
        if path.endswith(".html"):
            html = data.decode()
            assert 'class="search-box" role="search"' in html, path
            assert 'action="/jobs/" method="get" data-search-url="/search/"' in html, path


def test_hostile_metadata_stays_an_attribute_value(tree: SiteTree) -> None:
    payload = '"><script>alert(1)</script>, title:Owned'
    tree.write(
        "jobs/acme-lead.md",
        job_md(title=json.dumps(payload)).replace("name: Acme", f"name: {json.dumps(payload)}"),
    )
    html = tree.html("jobs/acme-lead/index.html")
    escaped = "&#34;&gt;&lt;script&gt;alert(1)&lt;/script&gt;, title:Owned"
    assert f'<meta data-pagefind-meta="title[content]" content="{escaped}">' in html
    assert f'<meta data-pagefind-filter="company[content]" content="{escaped}">' in html


def test_no_searchable_page_means_no_index(tree: SiteTree, tmp_path: Path) -> None:
    # Not reachable with real content (a site has a role guide), but must not break.
    assert pagefind_run.run_pagefind(tmp_path, ()) == {}


def test_search_can_be_turned_off_in_site_yaml(tmp_path: Path) -> None:
    tree: SiteTree = small_site(tmp_path)
    tree.write("site.yaml", SITE_YAML + "search: false\n")
    files = tree.files()
    assert "search/index.html" not in files
    home = files["index.html"].decode()
    assert 'action="/jobs/"' in home and "data-search-url" not in home  # a jobs keyword box
    assert "js/search." not in home
    assert "data-pagefind-body" not in files["jobs/acme-lead/index.html"].decode()
    out = tmp_path / "out"
    build(tree.project, out, tree.options())
    assert not (out / "pagefind").exists()


def test_check_counts_the_search_index_against_a_hosts_file_limit(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from mltl_site import hosts
    from mltl_site.checks import check_project

    tree: SiteTree = small_site(tmp_path)
    tree.write("site.yaml", SITE_YAML + "host: cloudflare-pages\n")
    rendered = len(tree.files())
    tight = replace(hosts.HOSTS["cloudflare-pages"], files=rendered + 5)
    monkeypatch.setitem(hosts.HOSTS, "cloudflare-pages", tight)
    (error,) = check_project(tree.project, tree.options()).errors
    assert "files" in error.message
    tree.write("site.yaml", SITE_YAML + "host: cloudflare-pages\nsearch: false\n")
    assert check_project(tree.project, tree.options()).errors == ()


# --- shards ----------------------------------------------------------------------------


@pytest.fixture
def sharded(board: SiteTree, monkeypatch: pytest.MonkeyPatch) -> SiteTree:
    """The board with shards of two pages, so its six searchable pages make several."""
    monkeypatch.setattr(search, "SHARD_PAGES", 2)
    return board


def shard_files(out: Path) -> dict[int, dict[str, bytes]]:
    by_shard: dict[int, dict[str, bytes]] = {}
    for path, data in files(out).items():
        by_shard.setdefault(search.file_shard(path), {})[path] = data
    return by_shard


def test_shards_are_a_power_of_two_none_empty_and_pages_stay_put(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    most = search.SHARD_PAGES
    paths = [f"jobs/job-{n}/index.html" for n in range(int(most * 2.6))]
    assert search.shard_count(paths[:most]) == 1
    assert search.shard_count(paths[: most + 1]) == 2
    assert search.shard_count(paths) == 4
    count = search.shard_count(paths)
    members = [search.shard_of(p, count) for p in paths]
    assert set(members) == set(range(count))
    assert max(members.count(k) for k in range(count)) <= 1.25 * len(paths) / count
    # A new page moves no other page while the count holds.
    grown = [*paths, "jobs/new/index.html"]
    assert search.shard_count(grown) == count
    assert [search.shard_of(p, count) for p in paths] == members
    # Never an empty shard: three pages of one page a shard cannot fill four.
    monkeypatch.setattr(search, "SHARD_PAGES", 1)
    three = ["a/index.html", "b/index.html", "c/index.html"]
    count = search.shard_count(three)
    assert count in (1, 2) and len({search.shard_of(p, count) for p in three}) == count


def test_a_board_larger_than_a_shard_is_indexed_in_shards_holding_each_page_once(
    sharded: SiteTree, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    build(sharded.project, out, sharded.options())
    count = search.shard_count([u.lstrip("/") + "index.html" for u in OPEN + GUIDES_AND_PAGES])
    assert count > 1
    by_shard = shard_files(out)
    assert sorted(by_shard) == list(range(count))
    found: list[str] = []
    for shard in range(count):
        folder = search.shard_folder(shard)
        assert f"{folder}pagefind-entry.json" in by_shard[shard]
        pages = fragments(out, folder)
        assert all(search.shard_of(u.lstrip("/") + "index.html", count) == shard for u in pages)
        found += pages
    assert sorted(found) == sorted(OPEN + GUIDES_AND_PAGES)
    # One script and one WebAssembly for all: the search page merges the others into it.
    runtime = [p for p in files(out) if p.endswith((".js", ".pagefind"))]
    assert all(p.count("/") == 1 for p in runtime) and "pagefind/pagefind.js" in runtime
    assert f'data-shards="{count}"' in (out / "search/index.html").read_text()


def test_an_edit_re_indexes_only_the_shard_of_the_edited_page(
    sharded: SiteTree, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    build(sharded.project, out, options(sharded, tmp_path))
    before = inodes(out)
    acme = sharded.root / "content/jobs/acme-lead.md"
    acme.write_text(acme.read_text().replace("zebrafish genomics", "axolotls"))
    result = build(sharded.project, out, options(sharded, tmp_path))
    count = len(shard_files(out))
    edited = search.shard_of("jobs/acme-lead/index.html", count)
    remade = {path for path in result.rendered if path.startswith("pagefind/")}
    assert remade and {search.file_shard(p) for p in remade} == {edited}
    after = inodes(out)
    kept = [p for p in after if search.file_shard(p) != edited]
    assert kept and all(after[p] == before[p] for p in kept)  # carried by hard link
    assert "axolotls" in fragments(out, search.shard_folder(edited))["/jobs/acme-lead/"]["content"]
    clean = tmp_path / "clean"
    build(sharded.project, clean, replace(sharded.options(), cache_dir=None))
    assert files(out) == files(clean)


def test_the_dev_server_re_indexes_only_the_stale_shard(sharded: SiteTree, tmp_path: Path) -> None:
    out = tmp_path / "served"
    build(sharded.project, out, sharded.options(), live=True)
    try:
        assert search_index.index_pending(out)
        count = len(shard_files(out))
        before = inodes(out)
        sharded.write("pages/about.md", "---\ntitle: About\ndescription: x\n---\nOkapi.\n")
        build(sharded.project, out, sharded.options(), live=True)
        assert search_index.index_pending(out)
        edited = search.shard_of("about/index.html", count)
        assert "Okapi" in fragments(out, search.shard_folder(edited))["/about/"]["content"]
        after = inodes(out)
        assert all(
            after.get(p) == ino for p, ino in before.items() if search.file_shard(p) != edited
        )
        clean = tmp_path / "clean"
        build(sharded.project, clean, sharded.options())
        assert files(out) == files(clean)
    finally:
        search_index.forget_live(out)


# --- Pagefind runs while the build checks links -----------------------------------------


def test_links_are_read_while_pagefind_indexes(
    tree: SiteTree, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    events: list[str] = []
    run_init, run_finish = pagefind_run.Run.__init__, pagefind_run.Run.finish

    def init(self: pagefind_run.Run, *args: Any, **kwargs: Any) -> None:
        run_init(self, *args, **kwargs)
        events.append("pagefind started")

    def finish(self: pagefind_run.Run, *args: Any, **kwargs: Any) -> dict[str, bytes]:
        events.append("pagefind waited for")
        return run_finish(self, *args, **kwargs)

    def read(*args: Any, **kwargs: Any) -> Any:
        events.append("links read")
        return read_folder(*args, **kwargs)

    monkeypatch.setattr(pagefind_run.Run, "__init__", init)
    monkeypatch.setattr(pagefind_run.Run, "finish", finish)
    monkeypatch.setattr("mltl_site.stages.read_folder", read)
    build(tree.project, tmp_path / "out", tree.options())
    assert events == ["pagefind started", "links read", "pagefind waited for"]


def test_a_link_into_the_search_index_is_checked_against_the_index_written_meanwhile(
    tree: SiteTree, tmp_path: Path
) -> None:
    tree.write(
        "pages/about.md",
        "---\ntitle: About\ndescription: About us.\n---\n"
        "[The script](/pagefind/pagefind.js) and [a lost one](/pagefind/lost.js).\n",
    )
    result = build(tree.project, tmp_path / "out", tree.options())
    assert (tmp_path / "out/pagefind/pagefind.js").is_file()
    broken = [w.message for w in result.warnings if "link to" in w.message]
    assert len(broken) == 1 and "/pagefind/lost.js" in broken[0], broken


def test_a_build_failing_while_pagefind_runs_stops_it_and_leaves_no_working_folder(
    tree: SiteTree, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    started: list[pagefind_run.Run] = []
    run_init = pagefind_run.Run.__init__

    def init(self: pagefind_run.Run, *args: Any, **kwargs: Any) -> None:
        run_init(self, *args, **kwargs)
        started.append(self)

    def read(*_args: Any, **_kwargs: Any) -> Any:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(pagefind_run.Run, "__init__", init)
    monkeypatch.setattr("mltl_site.stages.read_folder", read)
    (tmp_path / "public").mkdir()
    with pytest.raises(OSError, match="No space left"):
        build(tree.project, tmp_path / "public/out", tree.options())
    assert started and all(run.process is None for run in started)
    assert list((tmp_path / "public").iterdir()) == [], "no output, staging or Pagefind folder"
