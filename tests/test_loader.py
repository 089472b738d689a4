"""Reading YAML and front matter strictly, with the line of every problem."""

from __future__ import annotations

from pathlib import Path

import pytest

from mltl_site.errors import BuildFailed, ContentError
from mltl_site.loader import (
    MAX_DEPTH,
    MAX_FILE_BYTES,
    load_markdown_file,
    load_yaml_file,
    parse_front_matter,
    parse_yaml,
    read_text,
)


def messages(source: str) -> list[str]:
    with pytest.raises(BuildFailed) as caught:
        parse_yaml(source, "x.yaml")
    return [str(e) for e in caught.value.errors]


def test_plain_scalars_are_not_reinterpreted() -> None:
    data, _ = parse_yaml("a: NO\nb: 01234\nc: yes\nd: 2026-02-30\ne: 0x1F\nf: 1_000\n", "x.yaml")
    assert data == {
        "a": "NO",
        "b": "01234",
        "c": "yes",
        "d": "2026-02-30",
        "e": "0x1F",
        "f": "1_000",
    }


def test_numbers_booleans_and_nulls_follow_the_core_schema() -> None:
    data, _ = parse_yaml("a: 12\nb: -3.5\nc: true\nd: False\ne: ~\nf:\ng: '12'\n", "x.yaml")
    assert data == {"a": 12, "b": -3.5, "c": True, "d": False, "e": None, "f": None, "g": "12"}


def test_every_key_and_item_keeps_its_line() -> None:
    _, lines = parse_yaml("title: x\nsalary:\n  min: 1\n  max: 2\nskills:\n  - a\n  - b\n", "x")
    assert lines[("salary", "max")] == 4
    assert lines[("skills", 1)] == 7


def test_a_key_given_twice_names_both_lines() -> None:
    assert messages("a: 1\nb: 2\na: 3\n") == [
        "x.yaml:3: a: key given twice, on lines 1 and 3; keep one"
    ]


def test_anchors_and_aliases_are_refused() -> None:
    assert messages("a: &x [1, 2]\nb: *x\n") == [
        "x.yaml:1: a: anchors (&x) are not allowed; write values out",
        "x.yaml:2: b: aliases (*x) are not allowed; write the value out",
    ]


def test_alias_bombs_are_refused_before_they_expand() -> None:
    bomb = "a: &a [x, x]\nb: &b [*a, *a]\nc: &c [*b, *b]\nd: [*c, *c, *c, *c]\n"
    assert any("aliases" in m for m in messages(bomb))


def test_tags_are_refused_so_no_object_is_constructed() -> None:
    assert messages("a: !!python/object/apply:os.system ['true']\n") == [
        "x.yaml:1: a: tags (!!python/object/apply:os.system) are not allowed; "
        "quote the value instead"
    ]


def test_broken_yaml_reports_its_line() -> None:
    (message,) = messages("a: 1\nb: [1, 2\nc: 3\n")
    assert message.startswith("x.yaml:3: yaml: invalid YAML:")


def test_nesting_is_bounded() -> None:
    deep = "a: " + "[" * (MAX_DEPTH + 5) + "]" * (MAX_DEPTH + 5) + "\n"
    assert any("nested more than" in m for m in messages(deep))


def test_a_second_document_is_refused() -> None:
    assert messages("a: 1\n---\nb: 2\n") == [
        "x.yaml:2: yaml: a file holds one YAML document; remove the second `---`"
    ]


def test_byte_order_mark_and_crlf_read_like_plain_utf8(tmp_path: Path) -> None:
    path = tmp_path / "x.yaml"
    path.write_bytes(b"\xef\xbb\xbftitle: caf\xc3\xa9\r\nyear: 2024\r\n")
    doc = load_yaml_file(path, "x.yaml")
    assert doc.data == {"title": "café", "year": 2024}
    assert doc.lines[("year",)] == 2


def test_a_file_that_is_not_utf8_names_the_line_of_the_bad_byte(tmp_path: Path) -> None:
    path = tmp_path / "x.md"
    path.write_bytes(b"---\ntitle: ok\ncity: Z\xfcrich\n---\n")
    with pytest.raises(ContentError) as caught:
        read_text(path, "x.md")
    assert str(caught.value) == (
        "x.md:3: not valid UTF-8 (byte 0xfc); save the file with UTF-8 encoding"
    )


def test_an_empty_file_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "x.md"
    path.write_text("  \n\n")
    with pytest.raises(ContentError, match="file is empty"):
        read_text(path, "x.md")


def test_files_over_the_size_limit_are_refused(tmp_path: Path) -> None:
    path = tmp_path / "x.yaml"
    path.write_bytes(b"a: " + b"x" * MAX_FILE_BYTES + b"\n")
    with pytest.raises(ContentError, match="content files may be at most"):
        read_text(path, "x.yaml")


def test_a_symlink_is_refused(tmp_path: Path) -> None:
    (tmp_path / "real.md").write_text("x")
    (tmp_path / "link.md").symlink_to(tmp_path / "real.md")
    with pytest.raises(ContentError, match="symbolic links are not allowed"):
        read_text(tmp_path / "link.md", "link.md")


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("title: x\n", "x.md:1: front matter: missing front matter: the file must start with"),
        ("---\ntitle: x\nbody\n", "x.md:1: front matter: front matter is not closed"),
        ("---\n- a\n- b\n---\nbody\n", "x.md:2: front matter: front matter must be a set of"),
        ("---\n---\nbody\n", "x.md:1: front matter: front matter is empty"),
    ],
)
def test_front_matter_fences_and_shape_are_checked(source: str, expected: str) -> None:
    with pytest.raises(BuildFailed) as caught:
        parse_front_matter(source, "x.md")
    assert str(caught.value.errors[0]).startswith(expected)


def test_front_matter_lines_count_from_the_top_of_the_file(tmp_path: Path) -> None:
    path = tmp_path / "x.md"
    path.write_text("---\ntitle: x\nrole: y\n---\n\nBody text\n")
    doc = load_markdown_file(path, "x.md")
    assert doc.lines[("role",)] == 3
    assert doc.body_line == 5
    assert doc.body.strip() == "Body text"
