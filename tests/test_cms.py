"""``mltl-site cms decap``: the Decap CMS config follows the models, field by field."""

from __future__ import annotations

import datetime as dt
import types
import typing
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
import yaml
from pydantic import BaseModel

from conftest import REPO, SiteTree
from mltl_site.cli import main
from mltl_site.cms import (
    DECAP_INTEGRITY,
    DECAP_SCRIPT,
    DecapOptions,
    admin_html,
    config_text,
    published_admin,
)
from mltl_site.config import Project
from mltl_site.models import HomePage, JobMeta, PageMeta, Prose, RoleMeta, SalaryData, SiteConfig
from mltl_site.pipeline import build

Field = dict[str, Any]


def config(project: Project, **options: Any) -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load(config_text(project, DecapOptions(**options)))
    return data


def by_name(fields: list[Field]) -> dict[str, Field]:
    return {field["name"]: field for field in fields}


def collection_fields(data: dict[str, Any]) -> dict[str, dict[str, Field]]:
    found = {}
    for collection in data["collections"]:
        for entry in collection.get("files", [collection]):
            found[entry["name"]] = by_name(entry["fields"])
    return found


def without_none(annotation: Any) -> Any:
    """The type a field holds: ``Annotated`` metadata and ``| None`` taken off."""
    if typing.get_origin(annotation) is typing.Annotated:
        return without_none(typing.get_args(annotation)[0])
    if typing.get_origin(annotation) in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(annotation) if a is not type(None)]
        return without_none(args[0]) if len(args) == 1 else annotation
    return annotation


def expected_widget(annotation: Any) -> set[str]:
    """The widgets a field of this Python type may get; ``str`` may be an enum (country)."""
    kind = without_none(annotation)
    origin = typing.get_origin(kind)
    if origin is typing.Literal:
        return {"select"}
    if origin is list:
        item = without_none(typing.get_args(kind)[0])
        return {"select"} if typing.get_origin(item) is typing.Literal else {"list", "select"}
    if kind is bool:
        return {"boolean"}
    if kind is dt.date:
        return {"datetime"}
    if kind is Prose:
        return {"markdown"}
    if kind in (int, float) or set(typing.get_args(kind)) == {int, float}:
        return {"number"}
    if isinstance(kind, type) and issubclass(kind, BaseModel):
        return {"object"}
    return {"string", "select"}


def assert_follows(model: type[BaseModel], fields: dict[str, Field], where: str) -> None:
    assert set(fields) >= set(model.model_fields), where
    for name, info in model.model_fields.items():
        field = fields[name]
        assert field["widget"] in expected_widget(info.annotation), f"{where}.{name}"
        assert field.get("required", True) is info.is_required(), f"{where}.{name} required"
        default = None if info.is_required() else info.get_default(call_default_factory=True)
        # A nested model's defaults are its own fields' defaults, checked one level down.
        if default not in (None, [], {}) and not isinstance(default, BaseModel):
            assert field["default"] == default, f"{where}.{name} default"
        kind = without_none(info.annotation)
        if isinstance(kind, type) and issubclass(kind, BaseModel):
            assert_follows(kind, by_name(field["fields"]), f"{where}.{name}")
        if typing.get_origin(kind) is list:
            item = without_none(typing.get_args(kind)[0])
            if isinstance(item, type) and issubclass(item, BaseModel):
                assert_follows(item, by_name(field["fields"]), f"{where}.{name}[]")


@pytest.fixture
def shipped() -> Project:
    return Project.at(REPO)


@pytest.mark.parametrize(
    ("model", "entry"),
    [
        (JobMeta, "jobs"),
        (PageMeta, "pages"),
        (RoleMeta, "roles"),
        (SalaryData, "salaries"),
        (SiteConfig, "site"),
        (HomePage, "home"),
    ],
)
def test_every_model_field_has_a_widget_of_its_type(
    shipped: Project, model: type[BaseModel], entry: str
) -> None:
    assert_follows(model, collection_fields(config(shipped))[entry], model.__name__)


def test_the_widgets_carry_options_patterns_dates_and_bodies(shipped: Project) -> None:
    data = config(shipped)
    jobs = collection_fields(data)["jobs"]
    assert jobs["workplace"]["options"] == ["onsite", "hybrid", "remote"]
    assert jobs["role"] == {
        "name": "role",
        "label": "Role",
        "hint": "The folder name of the role in content/roles/",
        "widget": "select",
        "options": ["ml-tech-lead"],
    }
    assert jobs["remote_from"]["multiple"] is True and "DE" in jobs["remote_from"]["options"]
    assert jobs["skills"] == {
        "name": "skills",
        "label": "Skills",
        "hint": "One to twenty skills, spelt the same way across listings",
        "widget": "list",
        "field": {"name": "item", "label": "Item", "widget": "string"},
        "min": 1,
        "max": 20,
    }
    assert jobs["date_posted"]["format"] == "YYYY-MM-DD"
    assert jobs["date_posted"]["time_format"] is False
    assert jobs["draft"]["default"] is False
    assert jobs["slug"]["pattern"][0] == "^[a-z0-9]+(-[a-z0-9]+)*$"
    assert by_name(jobs["company"]["fields"])["url"]["pattern"][0] == "^https?://"
    assert by_name(jobs["salary"]["fields"])["min"] == {
        "name": "min",
        "label": "Min",
        "hint": "The lowest pay offered, a number without commas",
        "widget": "number",
        "value_type": "float",
        "min": 0,
    }
    assert jobs["body"] == {"name": "body", "label": "Description", "widget": "markdown"}
    site = collection_fields(data)["site"]
    assert site["jobs_per_page"] | {} == {
        "name": "jobs_per_page",
        "label": "Jobs Per Page",
        "hint": "Listings per page of the jobs index",
        "required": False,
        "default": 20,
        "widget": "number",
        "value_type": "int",
        "min": 1,
        "max": 200,
    }
    assert site["host"]["options"][0] == "github-pages"
    # A career stage may name a role without a guide: a slug, not a select.
    role = collection_fields(data)["roles"]
    stages = by_name(by_name(role["career_path"]["fields"])["stages"]["fields"])
    assert stages["role"]["widget"] == "string" and stages["role"]["required"] is False


def test_the_collections_point_at_the_content_folders(shipped: Project) -> None:
    data = config(shipped, backend="github", repo="acme/jobs", branch="live")
    assert data["backend"] == {"name": "github", "branch": "live", "repo": "acme/jobs"}
    where = {
        c["name"]: (c.get("folder"), c.get("path"), c.get("format")) for c in data["collections"]
    }
    assert where == {
        "jobs": ("content/jobs", None, "frontmatter"),
        "pages": ("content/pages", None, "frontmatter"),
        "roles": ("content/roles", "{{slug}}/role", "yaml"),
        "salaries": ("content/roles", "{{slug}}/salary", "yaml"),
        "settings": (None, None, None),
    }
    files = {f["name"]: f["file"] for f in data["collections"][-1]["files"]}
    assert files == {"site": "content/site.yaml", "home": "content/home.md"}


def test_the_admin_page_loads_only_the_pinned_decap_script() -> None:
    page = admin_html(DecapOptions(backend="github", repo="acme/jobs"))
    assert page.count("<script") == 1
    assert f'<script src="{DECAP_SCRIPT}" integrity="{DECAP_INTEGRITY}"' in page
    assert "@3.16.3/" in DECAP_SCRIPT and DECAP_INTEGRITY.startswith("sha384-")
    assert '<meta name="robots" content="noindex">' in page
    gateway = admin_html(DecapOptions())
    assert gateway.count("<script") == 2 and "netlify-identity-widget.js" in gateway


def test_the_command_writes_admin_and_regenerating_changes_no_byte(
    tree: SiteTree, capsys: pytest.CaptureFixture[str]
) -> None:
    assert published_admin(tree.project) == {}  # nothing is published until it is generated
    args = ["cms", "decap", "--root", str(tree.root)]
    assert main(args) == 0
    assert capsys.readouterr().out == "Wrote admin/config.yml, admin/index.html.\n"
    first = {p.name: p.read_bytes() for p in (tree.root / "admin").iterdir()}
    assert main(args) == 0
    assert capsys.readouterr().out == "The Decap CMS files are up to date.\n"
    assert {p.name: p.read_bytes() for p in (tree.root / "admin").iterdir()} == first
    assert published_admin(tree.project) == {
        "admin/config.yml": first["config.yml"],
        "admin/index.html": first["index.html"],
    }
    roles = collection_fields(yaml.safe_load(first["config.yml"]))["jobs"]["role"]["options"]
    assert roles == ["data-scientist", "ml-tech-lead"]


def test_the_generated_config_is_the_same_on_every_run(shipped: Project, tmp_path: Path) -> None:
    options = DecapOptions()
    assert config_text(shipped, options) == config_text(shipped, options)
    assert config_text(shipped, options).startswith("# Decap CMS configuration, generated by")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--backend", "github"], "--repo: the github backend needs --repo OWNER/NAME\n"),
        (["--backend", "gitlab", "--repo", "a b"], "--repo: --repo takes OWNER/NAME (got 'a b')\n"),
    ],
)
def test_backends_that_need_a_repository_say_so(
    tree: SiteTree, capsys: pytest.CaptureFixture[str], args: list[str], message: str
) -> None:
    assert main(["cms", "decap", "--root", str(tree.root), *args]) == 1
    assert capsys.readouterr().err == message
    assert not (tree.root / "admin").exists()


def test_generating_the_admin_files_after_a_build_publishes_them_with_the_next(
    tree: SiteTree, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out, cache = tmp_path / "out", tmp_path / "cache"
    options = replace(tree.options(), cache_dir=cache)
    build(tree.project, out, options)
    assert not (out / "admin").exists()
    assert main(["cms", "decap", "--root", str(tree.root)]) == 0
    result = build(tree.project, out, options)  # no content changed: not a no-op all the same
    assert not result.unchanged
    assert (out / "admin/config.yml").read_bytes() == (tree.root / "admin/config.yml").read_bytes()
    config = tree.root / "admin/config.yml"
    config.write_text(config.read_text().replace("Decap CMS", "Decap CMS (edited)", 1))
    build(tree.project, out, options)
    assert (out / "admin/config.yml").read_text() == config.read_text()
