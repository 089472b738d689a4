"""Hostile and malformed content: Markdown that would never finish, deep nesting, and
the limits that stop them; every case is a content error at its line, never a hang."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from conftest import REPO, ROLE_YAML, SiteTree, job_md
from mltl_site import markdown, markdown_limits
from mltl_site.cli import main
from mltl_site.linkcheck import check_links
from mltl_site.loader import parse_front_matter

# One construct of each pathological kind, sized far past its limit (the payloads).
PAYLOADS = {
    "brackets": ("[" * 8000, "more than 200 `[` in one paragraph"),
    "images": ("![" * 4000, "more than 200 `[` in one paragraph"),
    "link openers": ("[a](" * 4000, "more than 200 `[` in one paragraph"),
    "reference links on one line": ("[a][b] " * 4000 + "\n\n[b]: https://x.org/", "`[`"),
    "emphasis stars": ("*a" * 16000, "more than 2000 `*` and `_`"),
    "emphasis underscores": ("_a" * 16000, "more than 2000 `*` and `_`"),
    "backticks": ("`a" * 16000, "more than 1000 backticks"),
    "unclosed tags": ("<a " * 16000, "without closing it"),
    "unclosed tags in paragraphs": ("<a x\n\n" * 4000, "without closing it"),
    "nested lists": ("".join("    " * i + "- a\n" for i in range(300)), "nested 17 levels"),
    "nested ordered lists": ("".join("    " * i + "1. a\n" for i in range(300)), "nested 17"),
    "lists on one line": ("- " * 1000 + "a", "nested 1000 levels"),
    "nested blockquotes": ("".join(">" * i + " a\n" for i in range(1, 300)), "nested 17"),
    "blockquoted lists": ("".join("> " * i + "- a\n" for i in range(300)), "nested"),
}


def body_errors(tree: SiteTree, body: str) -> list[str]:
    tree.write("jobs/acme-lead.md", job_md(body="Intro line.\n\n" + body + "\n"))
    return tree.errors()


@pytest.mark.parametrize("kind", sorted(PAYLOADS))
def test_each_pathological_construct_is_refused_at_its_line(tree: SiteTree, kind: str) -> None:
    payload, words = PAYLOADS[kind]
    errors = body_errors(tree, payload)
    assert len(errors) == 1, errors
    assert errors[0].startswith("content/jobs/acme-lead.md:")
    assert words in errors[0]


def test_the_error_points_at_the_line_that_crossed_the_limit(tree: SiteTree) -> None:
    # The body starts on line 18 of the file; the deep line is 17 lines into the list.
    nested = "".join("    " * i + "- item\n" for i in range(20))
    (error,) = body_errors(tree, nested)
    start = parse_front_matter(job_md(), "x").body_line
    assert error.startswith(f"content/jobs/acme-lead.md:{start + 2 + 16}: body: lists or ")


def test_a_runaway_document_is_an_error_and_the_rest_of_the_build_reports_too(
    tree: SiteTree,
) -> None:
    tree.write("jobs/acme-lead.md", job_md(body="[" * 32000))
    tree.write("jobs/globex-lead.md", job_md(posted="2026-02-30"))
    errors = tree.errors()
    assert [e.split(":")[0] for e in errors] == [
        "content/jobs/acme-lead.md",
        "content/jobs/globex-lead.md",
    ]


def test_markdown_in_yaml_fields_has_the_same_limits(tree: SiteTree) -> None:
    tree.write(
        "roles/ml-tech-lead/role.yaml",
        ROLE_YAML + "challenges:\n  intro: '" + "[" * 5000 + "'\n  items: [One]\n",
    )
    (error,) = tree.errors()
    assert error.startswith("content/roles/ml-tech-lead/role.yaml:")
    assert "challenges.intro" in error and "`[`" in error


def test_three_hundred_nested_levels_exit_1_with_a_location_not_an_internal_error(
    tree: SiteTree, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    for folder in ("templates", "static"):
        shutil.copytree(REPO / folder, tree.root / folder)
    tree.write("jobs/acme-lead.md", job_md(body="".join("  " * i + "- a\n" for i in range(300))))
    code = main(["build", "--root", str(tree.root), "--out", str(tmp_path / "out")])
    err = capsys.readouterr().err
    assert code == 1
    assert "internal error" not in err and "RecursionError" not in err
    assert re.search(r"^content/jobs/acme-lead\.md:\d+: body: lists or blockquotes ", err, re.M)


def test_recursion_past_the_nesting_check_is_still_a_content_error(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # The wall behind the wall: with the nesting limit lifted, Python-Markdown recurses
    # until RecursionError, and that is caught and reported, never raised.
    monkeypatch.setattr(markdown_limits, "MAX_NESTING", 10_000)
    markdown._convert.cache_clear()
    with pytest.raises(markdown.MarkdownProblems, match="nested too deeply"):
        markdown.convert("".join("    " * i + "- a\n" for i in range(400)))
    markdown._convert.cache_clear()


# --- the work budget -------------------------------------------------------------------


def test_the_budget_stops_a_conversion_after_a_fixed_count_of_work() -> None:
    # Each paragraph is under the bracket limit, so only the budget can stop this one.
    runaway = ("[" * 190 + "\n\n") * 400
    assert not markdown_limits.scan(runaway)
    markdown._convert.cache_clear()
    with pytest.raises(markdown.MarkdownProblems, match="more than 2,000,000 steps"):
        markdown.convert(runaway)
    used = markdown._BUDGET[0].used
    assert markdown_limits.WORK_BUDGET < used <= markdown_limits.WORK_BUDGET + 200


def test_work_counted_grows_with_the_text_not_faster() -> None:
    """Ordinary text costs a few units per link, so doubling it doubles the count."""

    def units(paragraphs: int) -> int:
        markdown._convert.cache_clear()
        markdown.convert("A [link](https://x.org/) and *emphasis* and `code`.\n\n" * paragraphs)
        return markdown._BUDGET[0].used

    small, large = units(200), units(400)
    assert large == 2 * small


def test_brackets_cost_quadratic_work_which_the_limit_bounds() -> None:
    def units(brackets: int) -> int:
        markdown._convert.cache_clear()
        markdown._convert("[" * brackets, False)
        return markdown._BUDGET[0].used

    assert units(200) > 3 * units(100)  # the shape the bracket limit exists for
    assert units(200) < markdown_limits.WORK_BUDGET // 20


def test_shipped_and_benchmark_content_is_far_inside_every_limit() -> None:
    # The benchmark copies the shipped listings; the editor's guide is the largest page.
    documents = sorted((REPO / "content").rglob("*.md"))
    assert len(documents) >= 15
    for path in documents:
        text = path.read_text(encoding="utf-8")
        body = parse_front_matter(text, path.name).body if text.startswith("---") else text
        assert markdown_limits.scan(body) == [], path
        markdown._convert.cache_clear()
        markdown.convert(body)
        assert markdown._BUDGET[0].used < markdown_limits.WORK_BUDGET // 1000, path
        assert max(markdown_limits.nesting(line) for line in body.split("\n")) <= 3


def test_ordinary_long_lists_of_links_and_references_pass() -> None:
    links = "".join(f"- [Item {n}](https://x.org/{n}) and [more][r{n}]\n" for n in range(300))
    references = "\n" + "".join(f"[r{n}]: https://x.org/r{n}\n" for n in range(300))
    table = "| a | b |\n|---|---|\n" + "| [x](https://x.org/) | *y* |\n" * 300
    assert markdown_limits.scan(links + references + "\n" + table) == []
    markdown._convert.cache_clear()
    markdown.convert(links + references + "\n" + table)


# --- heading ids ----------------------------------------------------------------------

# Headings whose plain ids a template already uses, or that are special names in script.
TEMPLATE_NAMES = [
    "Main", "Job title", "About title", "Skills title", "Similar title", "Toc title",
    "Browse title", "Intro title", "Latest title", "Guide title", "Filters title",
    "Key responsibilities", "Skills", "Career path", "Salaries", "Soft skills",
    "Salaries title", "constructor", "__proto__", "Main",
]  # fmt: skip
HOSTILE_HEADINGS = "".join(f"## {name}\n\nText.\n\n" for name in TEMPLATE_NAMES)


def test_content_heading_ids_never_collide_on_any_page_type(tree: SiteTree) -> None:
    body = HOSTILE_HEADINGS + "Back to [the top](#main) and [skills](#skills).\n"
    tree.write("jobs/acme-lead.md", job_md(body=body))
    tree.write("pages/about.md", "---\ntitle: About\ndescription: About us.\n---\n" + body)
    tree.write("roles/ml-tech-lead/overview.md", body)
    home = (tree.root / "content" / "home.md").read_text()
    tree.write("home.md", home + "\n" + body)
    files = tree.files()
    pages = ["jobs/acme-lead/index.html", "about/index.html", "roles/ml-tech-lead/index.html",
             "index.html"]  # fmt: skip
    problems = [b for b in check_links(files, "https://jobs.example.org/") if b.page in pages]
    assert problems == []
    for page in pages:
        ids = re.findall(r'\sid="([^"]+)"', files[page].decode())
        assert len(ids) == len(set(ids)), page
        assert "md-main" in ids and "md-main_1" in ids and "md-constructor" in ids
        assert "constructor" not in ids and "__proto__" not in ids


def test_in_page_links_to_content_headings_still_resolve(tree: SiteTree) -> None:
    body = "## Benefits\n\nGood.\n\nSee [the benefits](#benefits), or [skip to](#main).\n"
    tree.write("jobs/acme-lead.md", job_md(body=body))
    html = tree.html("jobs/acme-lead/index.html")
    assert '<h2 id="md-benefits">Benefits</h2>' in html
    assert 'href="#md-benefits"' in html
    assert 'href="#main"' in html  # the template's own id stays the template's


def test_markdown_in_yaml_fields_gets_no_heading_ids(tree: SiteTree) -> None:
    # Several fragments share one page (section intros, the footer), so none gets ids.
    tree.write(
        "roles/ml-tech-lead/role.yaml",
        ROLE_YAML + 'challenges:\n  intro: "## Main\\n\\nText."\n  items: [One]\n',
    )
    html = tree.html("roles/ml-tech-lead/index.html")
    assert "<h3>Main</h3>" in html or "<h2>Main</h2>" in html
    assert html.count('id="main"') == 1
