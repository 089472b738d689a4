"""Text that impersonates: invisible and reordering characters, look-alike spellings,
overlong fields, and names that break a checkout on Windows."""

from __future__ import annotations

import json

import pytest

from conftest import SiteTree, job_md
from mltl_site import schemas
from mltl_site.models import JobMeta, SiteConfig
from mltl_site.models.types import LABEL_MAX, NAME_MAX, TITLE_MAX

FORMAT_CHARACTERS = {
    "\u202e": "U+202E RIGHT-TO-LEFT OVERRIDE",
    "\u200b": "U+200B ZERO WIDTH SPACE",
    "\u2066": "U+2066 LEFT-TO-RIGHT ISOLATE",
    "\u2069": "U+2069 POP DIRECTIONAL ISOLATE",
    "\ufeff": "U+FEFF ZERO WIDTH NO-BREAK SPACE",
    "\u200d": "U+200D ZERO WIDTH JOINER",
    "\u00ad": "U+00AD SOFT HYPHEN",
}


@pytest.mark.parametrize("char", sorted(FORMAT_CHARACTERS))
def test_a_format_character_in_a_title_is_refused_with_its_name_and_line(
    tree: SiteTree, char: str
) -> None:
    tree.write("jobs/acme-lead.md", job_md(title=f"Senior ML{char} Lead"))
    (error,) = tree.errors()
    assert error.startswith("content/jobs/acme-lead.md:2: title: contains ")
    assert FORMAT_CHARACTERS[char] in error and "(character 10)" in error


@pytest.mark.parametrize(
    ("field", "text", "line"),
    [
        ("company.name", "name: Ac\u200bme", 4),
        ("locations[0].city", "city: Ber\u202elin", 7),
        ("skills[1]", "PyTorch\u2066", 14),
        ("company.url", "url: https://acme\u200b.example.test/", 4),
        ("apply.url", "url: https://acme.example.test/apply\u202e", 13),
    ],
)
def test_every_single_line_field_refuses_them(
    tree: SiteTree, field: str, text: str, line: int
) -> None:
    clean = text.replace("\u200b", "").replace("\u202e", "").replace("\u2066", "")
    source = job_md()
    if field == "company.url":
        source = source.replace("url: https://acme.example.test/}", text + "}")
    elif field == "apply.url":
        source = source.replace("url: https://acme.example.test/apply", text)
    else:
        assert clean in source, clean
        source = source.replace(clean, text, 1)
    tree.write("jobs/acme-lead.md", source)
    (error,) = tree.errors()
    assert error.startswith(f"content/jobs/acme-lead.md:{line}: {field}: "), error
    assert "an invisible character" in error


def test_a_bidi_override_in_a_listing_body_is_refused_at_its_line(tree: SiteTree) -> None:
    tree.write("jobs/acme-lead.md", job_md(body="Fine.\n\nEvil \u202eemoc.live\n"))
    (error,) = tree.errors()
    assert error.startswith("content/jobs/acme-lead.md:18: body: contains U+202E RIGHT-TO-LEFT")


def test_joiners_that_scripts_need_stay_allowed_in_running_text(tree: SiteTree) -> None:
    # Persian needs the zero-width non-joiner; the body is running text, not a name.
    tree.write(
        "jobs/acme-lead.md", job_md(body="\u0645\u06cc\u200c\u062e\u0648\u0627\u0647\u0645\n")
    )
    assert "\u200c" in tree.html("jobs/acme-lead/index.html")


def test_text_is_normalised_to_nfc(tree: SiteTree) -> None:
    decomposed = "Cafe\u0301 Zu\u0308rich"  # e + combining acute, u + combining diaeresis
    tree.write(
        "jobs/acme-lead.md",
        job_md(title=json.dumps(decomposed), body=decomposed + "\n").replace(
            "name: Acme", f"name: {decomposed}"
        ),
    )
    html = tree.html("jobs/acme-lead/index.html")
    assert "Caf\u00e9 Z\u00fcrich" in html
    assert decomposed not in html


@pytest.mark.parametrize(
    ("limit", "field", "make"),
    [
        (TITLE_MAX, "title", lambda text: job_md(title=text)),
        (NAME_MAX, "company.name", lambda text: job_md().replace("name: Acme", f"name: {text}")),
        (LABEL_MAX, "skills[0]", lambda text: job_md(skills=f"[{text}]")),
    ],
)
def test_single_line_fields_have_a_maximum_length(
    tree: SiteTree, limit: int, field: str, make: object
) -> None:
    assert callable(make)
    tree.write("jobs/acme-lead.md", make("x" * limit))
    tree.files()  # exactly at the limit is fine
    tree.write("jobs/acme-lead.md", make("x" * 2000))
    (error,) = tree.errors()
    assert f": {field}: must be at most {limit} characters (this one has 2,000)" in error


def test_the_site_description_keeps_its_limit_of_300(tree: SiteTree) -> None:
    site = (tree.root / "content" / "site.yaml").read_text()
    tree.write("site.yaml", site.replace("A small board for tests.", "d" * 301))
    (error,) = tree.errors()
    assert error == (
        "content/site.yaml:2: description: must be at most 300 characters (this one has 301)"
    )


def test_the_json_schema_carries_every_maximum_length() -> None:
    job = json.loads(schemas.schema_text(JobMeta, "a listing"))
    assert job["properties"]["title"]["maxLength"] == TITLE_MAX
    assert job["$defs"]["Company"]["properties"]["name"]["maxLength"] == NAME_MAX
    assert job["properties"]["skills"]["items"]["maxLength"] == LABEL_MAX
    site = json.loads(schemas.schema_text(SiteConfig, "the site"))
    assert site["properties"]["description"]["maxLength"] == 300


# --- names Windows cannot check out ----------------------------------------------------


@pytest.mark.parametrize("name", ["con.md", "aux.md", "nul.md", "com1.md", "lpt9.md"])
def test_a_windows_device_name_is_refused_as_a_file_name(tree: SiteTree, name: str) -> None:
    tree.write(f"jobs/{name}", job_md())
    (error,) = tree.errors()
    assert error == (
        f"content/jobs/{name}:1: {name!r} is a device name on Windows, whatever its extension, "
        "so the repository could not be checked out there; rename it"
    )


@pytest.mark.parametrize("name", ["PRN.yaml", "Aux.txt", "lpt1.tar.gz"])
def test_any_case_and_any_extension_anywhere_in_content(tree: SiteTree, name: str) -> None:
    tree.write(f"roles/ml-tech-lead/{name}", "x: 1\n")
    (error,) = tree.errors()
    assert error.startswith(f"content/roles/ml-tech-lead/{name}:1: {name!r} is a device name")


@pytest.mark.parametrize("slug", ["aux", "con", "com7", "lpt1"])
def test_a_windows_device_name_is_refused_as_a_slug(tree: SiteTree, slug: str) -> None:
    tree.write("jobs/acme-lead.md", job_md(extra=f"slug: {slug}\n"))
    (error,) = tree.errors()
    assert error.startswith("content/jobs/acme-lead.md:15: slug: ")
    assert f"{slug!r} is a device name on Windows" in error


def test_a_role_folder_with_a_device_name_is_refused(tree: SiteTree) -> None:
    tree.write("roles/nul/role.yaml", "title: X\nsummary: Y.\n")
    tree.write("roles/nul/overview.md", "Z.\n")
    (error,) = tree.errors()
    assert error.startswith("content/roles/nul:1: 'nul' is a device name on Windows")


def test_names_that_merely_start_like_a_device_are_fine(tree: SiteTree) -> None:
    tree.write("jobs/console-lead.md", job_md(extra="slug: com10\n"))
    tree.write("jobs/auxiliary.md", job_md())
    files = tree.files()
    assert "jobs/com10/index.html" in files and "jobs/auxiliary/index.html" in files
