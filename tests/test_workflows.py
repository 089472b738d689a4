"""The GitHub workflows and netlify.toml, read as files: triggers, permissions, deploys."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path
from typing import Any

import pytest
import yaml

from conftest import REPO, SiteTree, job_md
from mltl_site.hosts import headers_file

WORKFLOWS = REPO / ".github" / "workflows"
OURS = ("publish.yml", "pull-request.yml", "tests.yml")
PINNED = re.compile(r"^\s*(?:- )?uses: ([\w.-]+/[\w./-]+)@([0-9a-f]{40}) # v\d+\.\d+\.\d+$")

Workflow = dict[str, Any]


def load(name: str) -> Workflow:
    data: dict[object, Any] = yaml.safe_load((WORKFLOWS / name).read_text(encoding="utf-8"))
    # YAML 1.1 reads the key `on` as the boolean true.
    data["on"] = data.pop(True)
    return {str(key): value for key, value in data.items()}


def steps(workflow: Workflow, job: str) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = workflow["jobs"][job]["steps"]
    return found


def step_using(workflow: Workflow, job: str, action: str) -> dict[str, Any]:
    (found,) = [s for s in steps(workflow, job) if s.get("uses", "").startswith(action + "@")]
    return found


def all_runs(workflow: Workflow) -> list[str]:
    return [
        s["run"] for job in workflow["jobs"].values() for s in job.get("steps", []) if "run" in s
    ]


def actionlint() -> str | None:
    return shutil.which("actionlint") or shutil.which(
        "actionlint", path=str(Path(sys.executable).parent)
    )


def test_actionlint_finds_nothing_in_any_workflow() -> None:
    binary = actionlint()
    if binary is None:
        if os.environ.get("GITHUB_ACTIONS") == "true":
            pytest.fail("the workflows job must install actionlint: pip install -e '.[workflows]'")
        pytest.skip("actionlint is not installed (pip install -e '.[workflows]')")
    files = sorted(str(path) for path in WORKFLOWS.glob("*.yml"))
    result = subprocess.run(
        [binary, "-no-color", *files], capture_output=True, text=True, check=False, cwd=REPO
    )
    assert (result.returncode, result.stdout + result.stderr) == (0, "")


def test_the_site_is_published_on_push_to_main_daily_and_by_hand() -> None:
    publish = load("publish.yml")
    assert publish["on"]["push"] == {"branches": ["main"]}
    ((cron,),) = [list(entry.values()) for entry in publish["on"]["schedule"]]
    minute, hour, *rest = cron.split()
    assert rest == ["*", "*", "*"] and 0 <= int(hour) < 24 and 0 < int(minute) < 60
    text = (WORKFLOWS / "publish.yml").read_text(encoding="utf-8")
    assert f"{int(hour):02}:{int(minute):02} UTC" in text  # the schedule says its time zone
    assert "workflow_dispatch" in publish["on"]


def test_the_build_uses_the_pages_address_and_the_runs_date() -> None:
    publish = load("publish.yml")
    pages = step_using(publish, "build", "actions/configure-pages")
    (build,) = [s for s in steps(publish, "build") if "mltl-site build" in s.get("run", "")]
    expression = "${{ steps." + pages["id"] + ".outputs.base_url }}"
    assert build["env"] == {"BASE_URL": expression}
    assert '--base-url "$BASE_URL"' in build["run"]
    assert '--date "$(date -u +%F)"' in build["run"]
    upload = step_using(publish, "build", "actions/upload-pages-artifact")
    assert upload["with"]["path"] == "_site" and "--out _site" in build["run"]
    names = [s.get("run", s.get("uses", "")) for s in steps(publish, "build")]
    assert names.index("mltl-site import") < names.index(build["run"])
    checks = {
        s["run"]: s["if"] for s in steps(publish, "build") if "mltl-site check" in s.get("run", "")
    }
    assert checks == {
        "mltl-site check --strict": "github.event_name != 'schedule'",
        "mltl-site check": "github.event_name == 'schedule'",
    }


def test_pages_deploy_runs_in_its_environment_after_the_build() -> None:
    publish = load("publish.yml")
    deploy = publish["jobs"]["deploy"]
    assert deploy["needs"] == "build"
    assert deploy["environment"]["name"] == "github-pages"
    assert step_using(publish, "deploy", "actions/deploy-pages")["id"] == "deployment"
    assert publish["jobs"]["build"]["needs"] == "tests"
    assert publish["jobs"]["tests"]["uses"] == "./.github/workflows/tests.yml"
    assert publish["jobs"]["tests"]["if"] == "github.event_name != 'schedule'"


def test_two_deploys_never_run_at_once_and_none_is_cancelled() -> None:
    assert load("publish.yml")["concurrency"] == {
        "group": "publish-pages",
        "cancel-in-progress": False,
    }


def test_the_build_cache_is_restored_by_os_python_and_inputs() -> None:
    cache = step_using(load("publish.yml"), "build", "actions/cache")["with"]
    assert cache["path"] == ".mltl-cache"
    prefix = "mltl-cache-${{ runner.os }}-py${{ steps.python.outputs.python-version }}-"
    assert cache["key"].startswith(prefix)
    for folder in ("content", "templates", "static"):
        assert f"'{folder}/**'" in cache["key"]
    assert cache["restore-keys"].splitlines() == [prefix]


def test_each_job_gets_only_the_permissions_it_needs() -> None:
    granted = {
        (name, job_name): job.get("permissions")
        for name in OURS
        for job_name, job in load(name)["jobs"].items()
    }
    assert all(load(name)["permissions"] == {} for name in OURS)
    assert granted == {
        ("publish.yml", "tests"): {"contents": "read"},
        ("publish.yml", "build"): {"contents": "read", "pages": "read"},
        ("publish.yml", "deploy"): {"pages": "write", "id-token": "write"},
        ("pull-request.yml", "content"): {"contents": "read"},
        ("pull-request.yml", "tests"): {"contents": "read"},
        ("tests.yml", "tests"): {"contents": "read"},
    }


def test_pull_requests_from_forks_are_checked_without_secrets_or_write_access() -> None:
    checks = load("pull-request.yml")
    assert list(checks["on"]) == ["pull_request"]  # never pull_request_target
    text = (WORKFLOWS / "pull-request.yml").read_text(encoding="utf-8")
    assert "secrets." not in text
    runs = all_runs(checks)
    assert "mltl-site check --strict --format github" in runs
    (summary,) = [run for run in runs if "GITHUB_STEP_SUMMARY" in run]
    assert "mltl-site report --format markdown --added" in summary
    assert step_using(checks, "content", "actions/checkout")["with"]["fetch-depth"] == 2


def test_no_expression_is_pasted_into_a_script() -> None:
    for name in OURS:
        for run in all_runs(load(name)):
            assert "${{" not in run, f"{name}: {run}"


def test_every_action_is_pinned_to_a_commit_with_its_version() -> None:
    for name in OURS:
        for line in (WORKFLOWS / name).read_text(encoding="utf-8").splitlines():
            if "uses:" in line and "./.github/" not in line:
                assert PINNED.match(line), f"{name}: {line.strip()}"
    for name in OURS:
        for job in load(name)["jobs"].values():
            for step in job.get("steps", []):
                if "actions/checkout@" in step.get("uses", ""):
                    assert step["with"]["persist-credentials"] is False


def test_the_tests_job_installs_debian_chromium_and_actionlint() -> None:
    tests = load("tests.yml")
    job = tests["jobs"]["tests"]
    assert tests["on"] == {"workflow_call": None}
    assert job["container"].endswith("-bookworm")
    runs = "\n".join(all_runs(tests))
    assert "chromium fonts-dejavu-core" in runs
    assert "'.[dev,workflows]'" in runs


def summary_script() -> str:
    checks = load("pull-request.yml")
    (run,) = [
        s["run"] for s in steps(checks, "content") if "GITHUB_STEP_SUMMARY" in s.get("run", "")
    ]
    return str(run)


def git(cwd: Path, *args: str) -> None:
    subprocess.run(
        ["git", "-c", "user.name=Test", "-c", "user.email=test@example.org", *args],
        cwd=cwd, check=True, capture_output=True,
    )  # fmt: skip


def test_the_summary_lists_the_listings_a_pull_request_adds(tree: SiteTree, tmp_path: Path) -> None:
    root = tree.root
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "base")
    git(root, "checkout", "-q", "-b", "pr")
    tree.write("jobs/new-lead.md", job_md("Brand New Lead", posted="2026-11-21"))
    tree.write("jobs/acme-lead.md", job_md("Retitled Lead"))  # changed, not added
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "pr")
    git(root, "checkout", "-q", "main")
    git(root, "merge", "-q", "--no-ff", "-m", "merge", "pr")  # as GitHub checks out a PR
    summary = tmp_path / "summary.md"
    env = {
        "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}",
        "GITHUB_STEP_SUMMARY": str(summary),
        "SOURCE_DATE_EPOCH": "1795305600",  # 2026-11-22
    }
    result = subprocess.run(
        ["bash", "-e", "-c", summary_script()], cwd=root, env=env, capture_output=True,
        text=True, check=False,
    )  # fmt: skip
    assert (result.returncode, result.stderr) == (0, "")
    text = summary.read_text(encoding="utf-8")
    assert "#### Added by this change (1)" in text
    assert "| Brand New Lead | Acme | content/jobs/new-lead.md | open, closes in 70 days" in text
    assert "Retitled" not in text.split("#### Added by this change")[1].split("####")[0]


def test_netlify_builds_with_its_own_address_and_sends_the_hosts_headers() -> None:
    config = tomllib.loads((REPO / "netlify.toml").read_text(encoding="utf-8"))
    assert config["build"]["publish"] == "_site"
    assert '--base-url "$URL"' in config["build"]["command"]
    for context in ("deploy-preview", "branch-deploy"):
        assert '--base-url "$DEPLOY_PRIME_URL"' in config["context"][context]["command"]
    rules: list[tuple[str, dict[str, str]]] = []
    for line in headers_file("netlify").splitlines():
        if line.startswith("/"):
            rules.append((line, {}))
        elif line.startswith("  "):
            name, _, value = line.strip().partition(": ")
            rules[-1][1][name] = value
    assert [(h["for"], h["values"]) for h in config["headers"]] == rules
