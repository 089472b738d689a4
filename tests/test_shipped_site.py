"""The shipped ``content/`` end to end: it builds, links resolve, the seeds are all there."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from conftest import BUILD_DATE, REPO
from mltl_site.config import BuildOptions, Project
from mltl_site.linkcheck import check_links
from mltl_site.listings import Status
from mltl_site.pipeline import load_site, render_site
from test_security import assert_inert

SEEDS = REPO.parent / "shared" / "seeds"
GUIDE_SEED = SEEDS / "001_62e47131796a6ab5.txt"
INTRO_SEED = SEEDS / "000_bb66084aa6e3ebd3.txt"

# Closing paragraphs that the seed glues onto the end of a list item.
GLUED = (
    " In summary,", " By fulfilling", " By meeting", " By focusing", " The market for",
    " Note:", " Machine Learning Tech Leads must", " By combining", " By adhering",
    " Addressing these",
)  # fmt: skip
# Bullets that are really sentences leading into a list; their facts are checked below.
LEAD_INS = {
    "Many companies offer additional benefits that can significantly increase total compensation:",
    "The typical salary range for ML Tech Leads in the US spans from $160,000 to $250,000 "
    "annually.",
}

needs_seeds = pytest.mark.skipif(
    not SEEDS.is_dir(), reason="../shared/seeds is not beside the repo"
)


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("script", "style", "svg"):
            self.skip += 1
        self.parts.append(" ")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style", "svg"):
            self.skip -= 1
        self.parts.append(" ")

    def handle_data(self, data: str) -> None:
        if not self.skip:
            self.parts.append(data)


def text_of(html: str) -> str:
    """Visible text, whitespace folded, tags counted as spaces."""
    parser = _Text()
    parser.feed(html)
    text = " ".join("".join(parser.parts).split())
    return re.sub(r" ([:;,.)])", r"\1", text).replace("( ", "(")


def norm(text: str) -> str:
    return " ".join(text.replace("’", "'").split()).casefold()


@pytest.fixture(scope="module")
def shipped() -> dict[str, bytes]:
    project = Project.at(REPO)
    site = load_site(project, BuildOptions(build_date=BUILD_DATE))
    return render_site(project, site)[1]


@pytest.fixture(scope="module")
def guide_text(shipped: dict[str, bytes]) -> str:
    return text_of(shipped["roles/ml-tech-lead/index.html"].decode())


def test_the_shipped_site_has_every_page_type(shipped: dict[str, bytes]) -> None:
    for path in (
        "index.html",
        "roles/index.html",
        "roles/ml-tech-lead/index.html",
        "jobs/index.html",
        "about/index.html",
        "404.html",
    ):
        assert path in shipped
    assert sum(1 for p in shipped if p.startswith("jobs/") and p.count("/") == 2) >= 9


@pytest.mark.parametrize("base", ["https://mltl.example.org/", "https://example.org/careers/"])
def test_every_internal_link_and_anchor_resolves(base: str) -> None:
    project = Project.at(REPO)
    files = render_site(project, load_site(project, BuildOptions(BUILD_DATE, base_url=base)))[1]
    assert [str(b) for b in check_links(files, base)] == []


def test_the_shipped_site_runs_no_script(shipped: dict[str, bytes]) -> None:
    assert_inert(shipped)


def test_the_example_listings_cover_every_lifecycle_state() -> None:
    project = Project.at(REPO)
    site = load_site(project, BuildOptions(build_date=BUILD_DATE))
    states = [listing.status for listing in site.listings]
    assert len(states) >= 10
    assert Status.EXPIRED in states and Status.DRAFT in states and Status.OPEN in states
    assert all(listing.job.meta.example for listing in site.listings)
    assert len({listing.job.meta.workplace for listing in site.listings}) == 3
    assert len({listing.job.meta.seniority for listing in site.listings}) >= 4


def test_every_example_listing_page_says_it_is_an_example(shipped: dict[str, bytes]) -> None:
    listings = {p.stem for p in (REPO / "content/jobs").iterdir() if p.suffix in (".md", ".yaml")}
    pages = [p for p in shipped if p.count("/") == 2 and p.split("/")[1] in listings]
    assert len(pages) >= 10
    for path in pages:
        assert "Example listing" in shipped[path].decode(), path


def test_the_drafted_and_scheduled_listings_are_not_published(shipped: dict[str, bytes]) -> None:
    assert not any("ledgerline" in p or "straits-mobility" in p for p in shipped)


def _seed_items() -> list[str]:
    items = []
    for line in GUIDE_SEED.read_text(encoding="utf-8").splitlines():
        if not line.startswith("- "):
            continue
        item = line[2:]
        for marker in GLUED:
            if marker in item:
                item = item[: item.index(marker)]
        items.append(item.strip())
    return items


@needs_seeds
def test_every_list_item_of_the_guide_seed_is_on_the_guide_page_exactly(guide_text: str) -> None:
    items = _seed_items()
    assert len(items) > 200
    missing = []
    for item in items:
        if item in LEAD_INS or "$" in item:
            continue
        if item not in guide_text and item.rstrip(":") not in guide_text:
            missing.append(item)
    assert missing == []


@needs_seeds
def test_every_salary_figure_and_label_of_the_seed_is_on_the_guide_page(guide_text: str) -> None:
    for item in _seed_items():
        if "$" not in item:
            continue
        for figure in re.findall(r"\$[\d,]+\+?", item):
            assert figure in guide_text, item
        label = item.split(":", 1)[0]
        if not label.startswith("The typical"):
            assert label in guide_text, label
        note = re.search(r"\(([^)<]*positions)\)", item)
        if note:
            assert note.group(1) in guide_text
    assert "2024" in guide_text


def _sentences(text: str) -> list[str]:
    parts = re.split(r"(?<=[.!?])\s+", " ".join(text.split()))
    return [p for p in parts if len(p.split()) >= 6]


def _seed_prose() -> list[str]:
    prose = _sentences(INTRO_SEED.read_text(encoding="utf-8"))
    for line in GUIDE_SEED.read_text(encoding="utf-8").splitlines():
        if line.startswith("- "):
            for marker in GLUED:
                if marker in line:
                    prose += _sentences(line[line.index(marker) :])
        elif not re.match(r"\d+\. ", line):  # numbered lines are group headings, kept exactly
            prose += _sentences(line)
    return prose


@needs_seeds
def test_no_sentence_of_the_seed_prose_is_copied(shipped: dict[str, bytes]) -> None:
    site_text = norm(
        " ".join(text_of(d.decode()) for p, d in shipped.items() if p.endswith(".html"))
    )
    prose = _seed_prose()
    assert len(prose) > 40
    copied = [s for s in prose if norm(s) in site_text and s not in LEAD_INS]
    assert copied == []


@needs_seeds
def test_the_home_page_carries_the_introductions_facts(shipped: dict[str, bytes]) -> None:
    home = norm(text_of(shipped["index.html"].decode()))
    for fact in (
        "8+ years", "python", "tensorflow", "pytorch", "generative ai", "llms",
        "vector databases", "mid-level and junior", "deployment",
        "model selection", "data pipelines", "technology stacks", "statistical modeling",
        "timelines", "risk", "stakeholders", "mentoring",
    ):  # fmt: skip
        assert fact in home, fact


def test_the_guide_has_all_fourteen_sections(shipped: dict[str, bytes]) -> None:
    html = shipped["roles/ml-tech-lead/index.html"].decode()
    anchors = re.findall(r'<li><a href="#([a-z-]+)">', html)
    assert anchors == [
        "overview", "key-responsibilities", "skills", "career-path", "challenges",
        "core-responsibilities", "requirements", "career-development", "market-demand",
        "salaries", "industry-trends", "soft-skills", "best-practices", "common-challenges",
    ]  # fmt: skip


def test_the_career_path_is_four_ordered_stages(guide_text: str) -> None:
    path = guide_text[guide_text.index("Career path") :]
    positions = [
        path.index(stage)
        for stage in (
            "Machine Learning Engineer",
            "Senior Machine Learning Engineer",
            "Machine Learning Tech Lead",
            "Director of Machine Learning",
        )
    ]
    assert positions == sorted(positions)


def test_the_readme_opens_with_the_two_commands() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    commands = re.findall(r"```(?:sh|bash)?\n(.*?)```", readme, re.S)
    assert "python build.py" in commands[0]
    assert "pytest" in commands[1]


def test_ci_installs_chromium_and_runs_the_readme_test_command() -> None:
    script = (REPO / ".ci/run").read_text(encoding="utf-8")
    assert "chromium" in script
    assert "pytest" in script
    assert Path(REPO / ".ci/run").stat().st_mode & 0o111
