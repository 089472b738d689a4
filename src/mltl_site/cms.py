"""``mltl-site cms decap``: a Decap CMS editor generated from the content models.

The widgets come from each model's JSON Schema, so the models stay the one description
of the format: an enum is a select, a date a date picker, a nested model an object, a
list a list, Markdown a Markdown editor; required fields, patterns and defaults carry
over. The files go to ``admin/`` at the project root, which the build publishes as
``/admin/`` when it exists; the project ships without it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel

from .config import Project
from .models import HomePage, JobMeta, PageMeta, RoleMeta, SalaryData, SiteConfig

# Decap CMS is loaded from the npm CDN, pinned to one release and checked by its hash
# (sha384 of dist/decap-cms.js in the npm tarball of this version).
DECAP_VERSION = "3.16.3"
DECAP_SCRIPT = f"https://unpkg.com/decap-cms@{DECAP_VERSION}/dist/decap-cms.js"
DECAP_INTEGRITY = "sha384-A/Gdn928CNLufmnGWGs9RM4Q9o8bSNLeJERqBFrBjwzL7FRpoLT3MPF8Tl0+Wd2p"
# Netlify publishes its Identity widget at one unversioned address, so it cannot be pinned.
IDENTITY_SCRIPT = "https://identity.netlify.com/v1/netlify-identity-widget.js"

Backend = Literal["git-gateway", "github", "gitlab"]
MARKDOWN = "Markdown text"  # the description models.Markdown puts in the schema

Schema = dict[str, Any]
Field = dict[str, Any]


@dataclass(frozen=True)
class DecapOptions:
    """Which Git backend the editor saves through, and where."""

    backend: Backend = "git-gateway"
    repo: str | None = None  # owner/name, for the github and gitlab backends
    branch: str = "main"


def fields_of(model: type[BaseModel], roles: tuple[str, ...]) -> list[Field]:
    """Decap fields for every field of ``model``, in the model's order."""
    schema = model.model_json_schema()
    return _fields(schema, schema.get("$defs", {}), roles)


def _fields(schema: Schema, defs: Mapping[str, Schema], roles: tuple[str, ...]) -> list[Field]:
    required = set(schema.get("required", ()))
    return [
        _field(name, prop, name in required, defs, roles)
        for name, prop in schema.get("properties", {}).items()
    ]


def _resolve(schema: Schema, defs: Mapping[str, Schema]) -> Schema:
    ref = schema.get("$ref")
    if ref is None:
        return schema
    resolved = dict(defs[ref.rsplit("/", 1)[-1]])
    resolved.update({k: v for k, v in schema.items() if k != "$ref"})
    return resolved


def _field(
    name: str, prop: Schema, required: bool, defs: Mapping[str, Schema], roles: tuple[str, ...]
) -> Field:
    prop = _resolve(prop, defs)
    branches = [b for b in prop.get("anyOf", ()) if b.get("type") != "null"]
    nullable = len(branches) < len(prop.get("anyOf", ()))
    if nullable and len(branches) == 1:
        inner = _resolve(branches[0], defs)
        prop = {**inner, **{k: v for k, v in prop.items() if k != "anyOf"}}
        if inner.get("description") == MARKDOWN:  # the field's own description hid it
            prop["format"] = MARKDOWN
    field: Field = {"name": name, "label": prop.get("title") or name.replace("_", " ").title()}
    described = prop.get("description")
    if described and described != MARKDOWN:
        field["hint"] = described
    if not required:
        field["required"] = False
    default = prop.get("default")
    if default not in (None, [], {}):
        field["default"] = default
    if name == "role" and required and roles:
        # Decap's relation widget can store only a field of the related entry or its
        # path ("ml-tech-lead/role"), never the bare folder name a listing gives, so the
        # roles that exist are offered as a select instead (regenerate after adding one).
        field.update({"widget": "select", "options": list(roles)})
    else:
        field.update(_widget(prop, defs, roles))
    return field


def _widget(prop: Schema, defs: Mapping[str, Schema], roles: tuple[str, ...]) -> Field:
    """The widget and its options for one (resolved, non-null) schema."""
    kind = prop.get("type")
    if "enum" in prop:
        return {"widget": "select", "options": list(prop["enum"])}
    if kind == "string" and prop.get("format") == "date":
        return {
            "widget": "datetime",
            "format": "YYYY-MM-DD",
            "date_format": "YYYY-MM-DD",
            "time_format": False,
            "picker_utc": True,
        }
    if kind == "string" and MARKDOWN in (prop.get("description"), prop.get("format")):
        return {"widget": "markdown"}
    if kind == "boolean":
        return {"widget": "boolean"}
    if kind in ("integer", "number") or _numeric(prop):
        number: Field = {"widget": "number", "value_type": "int" if kind == "integer" else "float"}
        # pydantic writes a bound on a union (int | float) as gt/ge, outside JSON Schema.
        bounds = ("minimum", "exclusiveMinimum", "ge", "gt")
        low = next((prop[key] for key in bounds if key in prop), None)
        if low is not None:
            number["min"] = low
        if prop.get("maximum") is not None:
            number["max"] = prop["maximum"]
        return number
    if "anyOf" in prop:  # a list item: plain text or a one-key `Name: text` pair
        return {"widget": "string"}
    if kind == "object":
        return {"widget": "object", "collapsed": True, "fields": _fields(prop, defs, roles)}
    if kind == "array":
        return _list(prop, defs, roles)
    string: Field = {"widget": "string"}
    pattern = prop.get("pattern")
    if pattern and pattern != SINGLE_LINE:  # a string widget is one line anyway
        string["pattern"] = [pattern, PATTERN_HINTS.get(pattern, f"must match {pattern}")]
    return string


SINGLE_LINE = "^[^\\n]*$"
# What the models' patterns mean, in the words of the editor's guide.
PATTERN_HINTS = {
    "^[a-z0-9]+(-[a-z0-9]+)*$": "lowercase letters, digits and single hyphens",
    "^https?://": "a full web address starting with https://",
    "^(/|https?://|mailto:)": "a path such as /jobs/, or a full https:// or mailto: address",
    "^@\\w{1,15}$": "an @handle of up to 15 letters, digits or underscores",
}


def _numeric(prop: Schema) -> bool:
    return bool(prop.get("anyOf")) and all(
        b.get("type") in ("integer", "number") for b in prop["anyOf"]
    )


def _list(prop: Schema, defs: Mapping[str, Schema], roles: tuple[str, ...]) -> Field:
    items = _resolve(prop.get("items", {}), defs)
    bounds: Field = {}
    if prop.get("minItems"):
        bounds["min"] = prop["minItems"]
    if prop.get("maxItems"):
        bounds["max"] = prop["maxItems"]
    if "enum" in items:
        return {"widget": "select", "multiple": True, "options": list(items["enum"]), **bounds}
    if items.get("type") == "object" and "properties" in items:
        fields = _fields(items, defs, roles)
        return {"widget": "list", "collapsed": True, "fields": fields, **bounds}
    item = _field("item", items, True, defs, roles)
    item["label"] = "Item"
    return {"widget": "list", "field": item, **bounds}


BODY = {"name": "body", "label": "Text", "widget": "markdown"}


def collections(project: Project) -> list[Field]:
    """The editor's collections: listings, pages, role guides, salaries and settings."""
    roles_dir = project.content / "roles"
    roles = tuple(
        sorted(p.name for p in roles_dir.iterdir() if (p / "role.yaml").is_file())
        if roles_dir.is_dir()
        else ()
    )
    content = project.display(project.content)
    job_fields = fields_of(JobMeta, roles)
    for field in job_fields:
        if field["name"] == "source":
            field["hint"] += ". Edit it only to correct an import."
    return [
        {
            "name": "jobs",
            "label": "Job listings",
            "label_singular": "Job listing",
            "folder": f"{content}/jobs",
            "create": True,
            "extension": "md",
            "format": "frontmatter",
            "slug": "{{slug}}",
            "fields": [*job_fields, {**BODY, "label": "Description"}],
        },
        {
            "name": "pages",
            "label": "Pages",
            "label_singular": "Page",
            "folder": f"{content}/pages",
            "create": True,
            "extension": "md",
            "format": "frontmatter",
            "slug": "{{slug}}",
            "fields": [*fields_of(PageMeta, roles), BODY],
        },
        {
            # One folder per role; a new role starts with `mltl-site new role`, which also
            # writes its overview, so the editor edits roles but does not create them.
            "name": "roles",
            "label": "Role guides",
            "label_singular": "Role guide",
            "folder": f"{content}/roles",
            "path": "{{slug}}/role",
            "create": False,
            "extension": "yaml",
            "format": "yaml",
            "fields": fields_of(RoleMeta, roles),
        },
        {
            "name": "salaries",
            "label": "Salaries",
            "label_singular": "Salary table",
            "folder": f"{content}/roles",
            "path": "{{slug}}/salary",
            "create": False,
            "extension": "yaml",
            "format": "yaml",
            "fields": fields_of(SalaryData, roles),
        },
        {
            "name": "settings",
            "label": "Settings",
            "files": [
                {
                    "name": "site",
                    "label": "Site settings",
                    "file": f"{content}/site.yaml",
                    "fields": fields_of(SiteConfig, roles),
                },
                {
                    "name": "home",
                    "label": "Home page",
                    "file": f"{content}/home.md",
                    "fields": [*fields_of(HomePage, roles), {**BODY, "label": "Introduction"}],
                },
            ],
        },
    ]


def decap_config(project: Project, options: DecapOptions) -> dict[str, Any]:
    """The whole ``config.yml`` as data."""
    backend: dict[str, Any] = {"name": options.backend, "branch": options.branch}
    if options.repo:
        backend["repo"] = options.repo
    return {
        "backend": backend,
        # Saves open a pull request, so every edit gets the pull_request checks first.
        "publish_mode": "editorial_workflow",
        # `npx decap-server` in the project lets /admin/ on localhost edit local files.
        "local_backend": True,
        "media_folder": "static/uploads",
        "public_folder": "/static/uploads",
        "collections": collections(project),
    }


HEADER = (
    "# Decap CMS configuration, generated by `mltl-site cms decap` from the content models.\n"
    "# Do not edit: change the models, then run the command again.\n"
)


def config_text(project: Project, options: DecapOptions) -> str:
    data = decap_config(project, options)
    return HEADER + yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=100)


def admin_html(options: DecapOptions) -> str:
    """The editor's page: Decap CMS's script and nothing else."""
    identity = (
        f'<script src="{IDENTITY_SCRIPT}"></script>\n' if options.backend == "git-gateway" else ""
    )
    return (
        "<!doctype html>\n"
        '<html lang="en">\n'
        "<head>\n"
        '<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        '<meta name="robots" content="noindex">\n'
        "<title>Content editor</title>\n"
        '<!-- The one documented exception to "no script from the web": this page loads\n'
        "     Decap CMS (pinned, checked by its hash) and, for git-gateway, Netlify's\n"
        "     Identity widget. It exists only because the owner ran `mltl-site cms decap`;\n"
        "     no page of the site itself loads a script from the web. -->\n"
        f"{identity}"
        f'<script src="{DECAP_SCRIPT}" integrity="{DECAP_INTEGRITY}" '
        'crossorigin="anonymous"></script>\n'
        "</head>\n"
        "<body></body>\n"
        "</html>\n"
    )


ADMIN_FOLDER = "admin"  # where the files are published: /admin/


def admin_texts(project: Project, options: DecapOptions) -> dict[str, str]:
    """The editor's files by their name inside ``admin/``."""
    return {"config.yml": config_text(project, options), "index.html": admin_html(options)}


def write_admin(project: Project, options: DecapOptions, folder: Path | None = None) -> list[Path]:
    """Write the editor's files into ``folder`` (default ``ROOT/admin``); returns the changed."""
    folder = folder if folder is not None else project.admin
    folder.mkdir(parents=True, exist_ok=True)
    changed = []
    for name, text in admin_texts(project, options).items():
        path = folder / name
        if not path.is_file() or path.read_text(encoding="utf-8") != text:
            path.write_text(text, encoding="utf-8", newline="\n")
            changed.append(path)
    return changed


def published_admin(project: Project) -> dict[str, bytes]:
    """``admin/`` files to publish at ``/admin/``, keyed by output path; none unless generated.

    Only the two files the command writes are published, never anything else put there.
    """
    folder = project.admin
    files = {}
    for name in ("config.yml", "index.html"):
        path = folder / name
        if path.is_file() and not path.is_symlink():
            files[f"{ADMIN_FOLDER}/{name}"] = path.read_bytes()
    return files
