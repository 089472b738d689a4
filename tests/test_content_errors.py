"""Every content error is reported at once as ``path:line: field: message``."""

from __future__ import annotations

from pathlib import Path

from conftest import SiteTree, job_md


def test_wrong_types_name_the_field_and_the_fix(tree: SiteTree) -> None:
    tree.write("jobs/acme-lead.md", job_md(skills="[Python, 3]", extra="draft: 'no'\n"))
    assert tree.errors() == [
        'content/jobs/acme-lead.md:14: skills[1]: must be text (got 3); put it in quotes: "3"',
        "content/jobs/acme-lead.md:15: draft: must be true or false (got 'no'); "
        "write true or false without quotes",
    ]


def test_a_misspelt_key_is_an_error_with_a_suggestion(tree: SiteTree) -> None:
    tree.write("jobs/acme-lead.md", job_md(extra="valid_thru: 2027-01-01\n"))
    assert tree.errors() == [
        "content/jobs/acme-lead.md:15: valid_thru: unknown field; did you mean `valid_through`?"
    ]


def test_an_unknown_key_far_from_any_field_lists_the_allowed_ones(tree: SiteTree) -> None:
    tree.write("jobs/acme-lead.md", job_md().replace("period: year}", "period: year, bonus: 5}"))
    (message,) = tree.errors()
    assert message.startswith("content/jobs/acme-lead.md:10: salary.bonus: unknown field; allowed")
    assert "currency, min, max, period" in message


def test_a_missing_required_field_points_at_its_parent(tree: SiteTree) -> None:
    tree.write("jobs/acme-lead.md", job_md().replace("seniority: senior\n", ""))
    assert tree.errors() == [
        "content/jobs/acme-lead.md:2: seniority: is required "
        "(mid, senior, staff, lead, principal or director)"
    ]


def test_an_impossible_date_says_why(tree: SiteTree) -> None:
    tree.write("jobs/acme-lead.md", job_md(posted="2026-02-30"))
    assert tree.errors() == [
        "content/jobs/acme-lead.md:11: date_posted: 2026-02-30 is not a date: "
        "February 2026 has 28 days"
    ]


def test_valid_through_before_the_posted_date_is_an_error(tree: SiteTree) -> None:
    tree.write("jobs/acme-lead.md", job_md(posted="2026-11-20", valid="2026-11-01"))
    assert tree.errors() == [
        "content/jobs/acme-lead.md:12: valid_through: must not be before date_posted (2026-11-20)"
    ]


def test_a_salary_minimum_above_the_maximum_is_an_error(tree: SiteTree) -> None:
    tree.write(
        "jobs/acme-lead.md",
        job_md(salary="salary:\n  currency: USD\n  min: 300000\n  max: 200000\n  period: year"),
    )
    assert tree.errors() == ["content/jobs/acme-lead.md:12: salary.min: must not exceed salary.max"]


def test_a_dangling_role_reference_names_the_known_roles(tree: SiteTree) -> None:
    tree.write("jobs/acme-lead.md", job_md().replace("role: ml-tech-lead", "role: ml-lead"))
    assert tree.errors() == [
        "content/jobs/acme-lead.md:3: role: no role 'ml-lead' in content/roles/ "
        "(known roles: data-scientist, ml-tech-lead)"
    ]


def test_two_files_with_the_same_slug_are_an_error(tree: SiteTree) -> None:
    tree.write("jobs/other.md", job_md(extra="slug: acme-lead\n"))
    assert tree.errors() == [
        "content/jobs/other.md:15: slug: two listings have the slug 'acme-lead': "
        "content/jobs/acme-lead.md and content/jobs/other.md; rename one or set a different `slug:`"
    ]


def test_a_file_name_that_is_not_a_slug_is_an_error(tree: SiteTree) -> None:
    tree.write("jobs/Senior Lead.md", job_md())
    (message,) = tree.errors()
    assert message.startswith("content/jobs/Senior Lead.md:1: file name 'Senior Lead.md' is not")


def test_empty_files_and_broken_front_matter_are_reported_together(tree: SiteTree) -> None:
    tree.write("jobs/empty.md", "")
    tree.write("jobs/unclosed.md", "---\ntitle: x\n")
    tree.write("jobs/list.md", "---\n- a\n---\nbody\n")
    tree.write("pages/latin1.md", b"---\ntitle: caf\xe9\n---\n")
    assert tree.errors() == [
        "content/jobs/empty.md:1: file is empty",
        "content/jobs/list.md:2: front matter: front matter must be a set of `key: value` fields",
        "content/jobs/unclosed.md:1: front matter: front matter is not closed: "
        "add a line `---` after the last field",
        "content/pages/latin1.md:2: not valid UTF-8 (byte 0xe9); save the file with UTF-8 encoding",
    ]


def test_errors_in_many_files_come_sorted_in_one_run(tree: SiteTree) -> None:
    tree.write("site.yaml", tree.root.joinpath("content/site.yaml").read_text() + "colour: red\n")
    tree.write("jobs/b.md", job_md(posted="2026-13-01"))
    tree.write("jobs/a.md", job_md(extra="example: maybe\n"))
    tree.write("roles/ml-tech-lead/salary.yaml", "market: US\nyear: 2024\ncurrency: usd\n")
    errors = tree.errors()
    assert [e.split(":")[0] for e in errors] == sorted(e.split(":")[0] for e in errors)
    assert len(errors) == 4
    assert "content/roles/ml-tech-lead/salary.yaml:1: national: is required" in errors


def test_raw_html_in_a_listing_is_an_error_at_its_line(tree: SiteTree) -> None:
    tree.write("jobs/acme-lead.md", job_md(body="Intro.\n\n<script>alert(1)</script>\n"))
    (message,) = tree.errors()
    assert message.startswith("content/jobs/acme-lead.md:18: body: raw HTML is not allowed")


def test_a_javascript_link_is_an_error_even_when_entity_encoded(tree: SiteTree) -> None:
    tree.write("jobs/acme-lead.md", job_md(body="Intro.\n\n[apply](java&#115;cript:alert(1))\n"))
    (message,) = tree.errors()
    assert message.startswith("content/jobs/acme-lead.md:18: body: link `java&#115;cript:")


def test_a_javascript_apply_url_is_refused(tree: SiteTree) -> None:
    tree.write(
        "jobs/acme-lead.md",
        job_md().replace("https://acme.example.test/apply", "'jav&#x61;script:alert(1)'"),
    )
    (message,) = tree.errors()
    assert message.startswith("content/jobs/acme-lead.md:13: apply.url: must be an absolute http:")


def test_a_symlink_in_content_is_refused(tree: SiteTree, tmp_path: Path) -> None:
    outside = tmp_path / "secret.md"
    outside.write_text("secret")
    (tree.root / "content/pages/secret.md").symlink_to(outside)
    assert (
        "content/pages/secret.md: symbolic links are not allowed in content; copy the file "
        "instead" in [e.replace(":1:", ":") for e in tree.errors()]
    )


def test_a_stray_file_in_a_role_folder_is_an_error(tree: SiteTree) -> None:
    tree.write("roles/ml-tech-lead/salaries.yaml", "a: 1\n")
    (message,) = tree.errors()
    assert message.startswith("content/roles/ml-tech-lead/salaries.yaml:1: unexpected file")


def test_editor_backup_and_hidden_files_are_ignored(tree: SiteTree) -> None:
    tree.write("jobs/.acme-lead.md.swp", b"\x00binary")
    tree.write("jobs/acme-lead.md~", "old")
    tree.write("jobs/.DS_Store", b"\x00")
    assert "jobs/acme-lead/index.html" in tree.files()
