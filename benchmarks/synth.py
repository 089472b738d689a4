"""A seeded synthetic job board at any size, as mltl-site content and as a Hugo site.

    python benchmarks/synth.py --listings 1000 --out /dev/shm/board [--seed 1]

DIR gets a copy of the shipped project (content/, templates/, static/) whose
content/jobs/ holds N generated listings, and DIR/hugo/ the same listings as a Hugo
site (benchmarks/hugo/ plus content). The same N and seed give the same bytes, and a
board of N listings is the first N listings of any larger one.
"""

from __future__ import annotations

import argparse
import datetime as dt
import itertools
import json
import random
import re
import shutil
import sys
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from synth_data import (
    CONTRACT_WORD,
    COUNTRIES,
    DOMAINS,
    EMPLOYMENT,
    INDUSTRIES,
    LEVELS,
    NAME_FIRST,
    PAY_FACTOR,
    PER_USD,
    PER_YEAR,
    PERIODS,
    REMOTE_REGIONS,
    SENIORITY,
    SKILLS,
    STATUSES,
    TITLE_FORMS,
    WORKPLACES,
    Country,
)
from synth_text import Facts, description

REPO = Path(__file__).resolve().parent.parent
HUGO_SITE = Path(__file__).resolve().parent / "hugo"
BUILD_DATE = dt.date(2026, 11, 22)
ROLE = "ml-tech-lead"
DEFAULT_SEED = 1
COMPANIES = 400

# Companies by activity and skills by popularity are weighted 1/rank: a Zipf-like board.
_COMPANY_WEIGHTS = tuple(itertools.accumulate(1 / (rank + 10) for rank in range(COMPANIES)))
_SKILL_WEIGHTS = tuple(itertools.accumulate(1 / rank for rank in range(1, len(SKILLS) + 1)))
_COUNTRY_WEIGHTS = tuple(itertools.accumulate(c.weight for c in COUNTRIES))


@dataclass(frozen=True)
class Place:
    city: str
    region: str | None
    country: str


@dataclass(frozen=True)
class Company:
    name: str
    slug: str
    domain: str
    industry: str
    home: Country
    offices: tuple[Place, ...]


@dataclass(frozen=True)
class Salary:
    currency: str
    min: int
    max: int
    period: str

    def text(self) -> str:
        article = "an" if self.period == "hour" else "a"
        return f"{self.currency} {self.min:,}–{self.max:,} {article} {self.period}"


@dataclass(frozen=True)
class SynthListing:
    """One generated listing, with everything both front matters need."""

    slug: str
    title: str
    company: Company
    workplace: str
    locations: tuple[Place, ...]
    remote_from: tuple[str, ...]
    employment_type: str
    seniority: str
    salary: Salary | None
    date_posted: dt.date
    valid_through: dt.date
    apply_url: str | None
    apply_email: str | None
    skills: tuple[str, ...]
    draft: bool
    body: str

    @property
    def status(self) -> str:
        """mltl's lifecycle rule on the fixed build date: draft, scheduled, expired or open."""
        if self.draft:
            return "draft"
        if self.date_posted > BUILD_DATE:
            return "scheduled"
        return "expired" if self.valid_through < BUILD_DATE else "open"


def slugify(text: str) -> str:
    """Lowercase ASCII words joined by hyphens (the generator's names are ASCII)."""
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def _pick(rng: random.Random, weights: dict[str, int]) -> str:
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def make_companies(seed: int) -> tuple[Company, ...]:
    """The board's employers, most active first."""
    rng = random.Random(f"companies:{seed}")
    names = rng.sample([f"{a} {b}" for a in NAME_FIRST for b in INDUSTRIES], COMPANIES)
    companies = []
    for name in names:
        home = rng.choices(COUNTRIES, cum_weights=_COUNTRY_WEIGHTS)[0]
        cities = rng.sample(home.cities, min(len(home.cities), rng.randint(1, 3)))
        companies.append(
            Company(
                name=name,
                slug=slugify(name),
                domain=f"{slugify(name)}.{rng.choice(DOMAINS)}",
                industry=name.split()[-1],
                home=home,
                offices=tuple(Place(city, region, home.code) for city, region in cities),
            )
        )
    return tuple(companies)


def _nice(amount: float) -> int:
    """Round to two significant figures, as pay ranges are written."""
    step = int(10 ** max(0, len(str(int(amount))) - 2))
    return max(1, round(amount / step) * step)


def _salary(rng: random.Random, country: Country, currency: str, employment: str,
            seniority: str) -> Salary:  # fmt: skip
    period = _pick(rng, PERIODS[employment])
    annual = country.usd_per_year * PAY_FACTOR[seniority] * rng.uniform(0.85, 1.15)
    if period not in ("hour", "day"):  # part-timers' rates are full rates; their months less
        annual *= {"part-time": 0.6}.get(employment, 1.0)
    annual *= {"internship": 0.35, "contract": 1.3}.get(employment, 1.0)
    amount = annual * PER_USD[currency] / PER_YEAR[period]
    low, high = _nice(amount * 0.9), _nice(amount * rng.uniform(1.1, 1.3))
    if high <= low:
        high = low + int(10 ** max(0, len(str(low)) - 2))
    return Salary(currency, low, high, period)


def _dates(rng: random.Random, status: str) -> tuple[dt.date, dt.date]:
    day = dt.timedelta(days=1)
    if status == "scheduled":
        posted = BUILD_DATE + rng.randint(1, 40) * day
        return posted, posted + rng.randint(30, 90) * day
    if status == "expired":
        through = BUILD_DATE - rng.randint(1, 120) * day
        return through - rng.randint(14, 90) * day, through
    return BUILD_DATE - rng.randint(0, 75) * day, BUILD_DATE + rng.randint(0, 120) * day


def _skills(rng: random.Random) -> tuple[str, ...]:
    """Four to nine distinct skills, popular ones more often (weights 1/rank)."""
    wanted = rng.randint(4, 9)
    chosen: list[str] = []
    while len(chosen) < wanted:
        skill = rng.choices(SKILLS, cum_weights=_SKILL_WEIGHTS)[0]
        if skill not in chosen:
            chosen.append(skill)
    return tuple(chosen)


def _places(rng: random.Random, company: Company, count: int) -> tuple[Place, ...]:
    places: list[Place] = []
    while len(places) < count:
        if rng.random() < 0.7:
            place = rng.choice(company.offices)
        else:
            country = rng.choices(COUNTRIES, cum_weights=_COUNTRY_WEIGHTS)[0]
            city, region = rng.choice(country.cities)
            place = Place(city, region, country.code)
        if place not in places:
            places.append(place)
        elif len(company.offices) == 1 and count > 1:
            count -= 1
    return tuple(places)


def _remote_from(rng: random.Random, company: Company) -> tuple[str, ...]:
    roll = rng.random()
    if roll < 0.35:
        return (company.home.code,)
    regions = [r for r in REMOTE_REGIONS if company.home.code in r]
    region = rng.choice(regions) if regions and roll < 0.85 else rng.choice(REMOTE_REGIONS)
    return tuple(sorted(set(region) | {company.home.code}))


def make_listing(index: int, seed: int, companies: tuple[Company, ...]) -> SynthListing:
    """Listing number ``index`` of the board; it does not depend on the board's size."""
    rng = random.Random(f"listing:{seed}:{index}")
    company = rng.choices(companies, cum_weights=_COMPANY_WEIGHTS)[0]
    workplace = _pick(rng, WORKPLACES)
    employment = _pick(rng, EMPLOYMENT)
    seniority = _pick(rng, SENIORITY)
    area = rng.choice(INDUSTRIES[company.industry][1])
    form = rng.choice(TITLE_FORMS)
    title = CONTRACT_WORD.get(employment, "") + form.format(level=LEVELS[seniority], area=area)
    locations: tuple[Place, ...] = ()
    if workplace == "remote":
        if rng.random() < 0.15:  # a hub office for those who want one
            locations = (company.offices[0],)
        remote_from = _remote_from(rng, company)
    else:
        locations = _places(rng, company, rng.choices((1, 2, 3), weights=(75, 20, 5))[0])
        remote_from = ()
    where = next((c for c in COUNTRIES if locations and c.code == locations[0].country), None)
    country = where or company.home
    currency = rng.choices((country.currency, "USD", "EUR"), weights=(80, 14, 6))[0]
    salary = _salary(rng, country, currency, employment, seniority) if rng.random() < 0.85 else None
    status = _pick(rng, STATUSES)
    posted, through = _dates(rng, status)
    base = f"{company.slug}-{slugify(title)}"
    if len(base) > 70:  # slugs stop at 80 characters; cut at a word
        base = base[:71].rsplit("-", 1)[0]
    slug = f"{base}-{index + 1}"
    by_email = rng.random() < 0.3
    skills = _skills(rng)
    facts = Facts(
        company=company.name,
        blurb=INDUSTRIES[company.industry][0],
        area=area,
        workplace=workplace,
        city=locations[0].city if locations else "",
        skills=skills,
        pay=salary.text() if salary else None,
        domain=company.domain,
        slug=slug,
    )
    return SynthListing(
        slug=slug,
        title=title,
        company=company,
        workplace=workplace,
        locations=locations,
        remote_from=remote_from,
        employment_type=employment,
        seniority=seniority,
        salary=salary,
        date_posted=posted,
        valid_through=through,
        apply_url=None if by_email else f"https://{company.domain}/careers/{slug}",
        apply_email=f"jobs@{company.domain}" if by_email else None,
        skills=skills,
        draft=status == "draft",
        body=description(facts, rng),
    )


def generate(count: int, seed: int = DEFAULT_SEED) -> tuple[SynthListing, ...]:
    """The first ``count`` listings of the board for ``seed``."""
    companies = make_companies(seed)
    return tuple(make_listing(index, seed, companies) for index in range(count))


def q(text: str) -> str:
    """A YAML double-quoted scalar (JSON's string syntax is valid YAML)."""
    return json.dumps(text, ensure_ascii=False)


def mltl_text(listing: SynthListing) -> str:
    """The listing as a file of content/jobs/: front matter and Markdown body."""
    lines = ["---", f"title: {q(listing.title)}", f"role: {ROLE}", "company:",
             f"  name: {q(listing.company.name)}", f"  url: https://{listing.company.domain}/",
             f"workplace: {listing.workplace}"]  # fmt: skip
    if listing.locations:
        lines.append("locations:")
        for place in listing.locations:
            lines.append(f"  - city: {q(place.city)}")
            if place.region:
                lines.append(f"    region: {q(place.region)}")
            lines.append(f"    country: {q(place.country)}")
    if listing.remote_from:
        lines.append(f"remote_from: [{', '.join(q(c) for c in listing.remote_from)}]")
    lines += [f"employment_type: {listing.employment_type}", f"seniority: {listing.seniority}"]
    if listing.salary:
        pay = listing.salary
        lines += ["salary:", f"  currency: {pay.currency}", f"  min: {pay.min}",
                  f"  max: {pay.max}", f"  period: {pay.period}"]  # fmt: skip
    lines += [f"date_posted: {listing.date_posted}", f"valid_through: {listing.valid_through}"]
    lines += ["apply:", f"  url: {listing.apply_url}" if listing.apply_url
              else f"  email: {listing.apply_email}"]  # fmt: skip
    lines += ["skills:", *(f"  - {q(skill)}" for skill in listing.skills)]
    if listing.draft:
        lines.append("draft: true")
    lines += ["example: true", "---"]
    return "\n".join(lines) + "\n" + listing.body


# Hugo cannot be told the build date, so each listing's status (mltl's rule on the fixed
# date) is said with Hugo's own switches: a draft is `draft: true`; a scheduled listing is
# neither rendered nor listed; an expired one is rendered (mltl keeps a "position closed"
# page) but left out of every list.
HUGO_BUILD = {
    "scheduled": ["_build:", "  render: never", "  list: never"],
    "expired": ["_build:", "  list: never"],
}


def hugo_text(listing: SynthListing) -> str:
    """The listing as a file of the Hugo site's content/jobs/: the same title and body."""
    if listing.locations:
        where = " · ".join(f"{place.city}, {place.country}" for place in listing.locations)
    else:
        where = f"Remote ({', '.join(listing.remote_from)})"
    apply = listing.apply_url or f"mailto:{listing.apply_email}"
    lines = ["---", f"title: {q(listing.title)}", f"date: {listing.date_posted}",
             f"draft: {'true' if listing.draft else 'false'}",
             *HUGO_BUILD.get(listing.status, []),
             f"skills: [{', '.join(q(skill) for skill in listing.skills)}]",
             f"company: {q(listing.company.name)}", f"location: {q(where)}",
             f"workplace: {listing.workplace}", f"employment_type: {listing.employment_type}",
             f"seniority: {listing.seniority}",
             f"salary: {q(listing.salary.text() if listing.salary else '')}",
             f"valid_through: {listing.valid_through}", f"apply: {q(apply)}", "---"]  # fmt: skip
    return "\n".join(lines) + "\n" + listing.body


def revise(text: str, revision: int) -> str:
    """A listing's text with its title and body edited, as an editor would edit them."""
    match = re.search(r"^title: (.+)$", text, flags=re.MULTILINE)
    if match is None:
        raise ValueError("no `title:` line to edit")
    value = match.group(1).strip()
    if value.startswith('"'):
        value = json.loads(value)  # the generator's titles, and JSON-like YAML strings
    elif value.startswith("'"):
        value = value[1:-1].replace("''", "'")
    edited = text[: match.start(1)] + q(f"{value} (revision {revision})") + text[match.end(1) :]
    return edited + f"\nRevision {revision}: the team has grown since this was first posted.\n"


@dataclass(frozen=True)
class Board:
    """A generated board on disk."""

    root: Path  # the mltl-site project
    hugo: Path  # the Hugo site
    listings: tuple[SynthListing, ...]

    @property
    def edit_target(self) -> str:
        """The slug of the listing benchmarks edit: the first open one."""
        return next(item.slug for item in self.listings if item.status == "open")


def write_board(out: Path, count: int, seed: int = DEFAULT_SEED) -> Board:
    """Write the project and the Hugo site for ``count`` listings into ``out``."""
    if out.exists() and any(out.iterdir()):
        raise FileExistsError(f"{out} exists and is not empty")
    listings = generate(count, seed)
    for name in ("content", "templates", "static"):
        shutil.copytree(REPO / name, out / name)
    jobs = out / "content" / "jobs"
    shutil.rmtree(jobs)
    jobs.mkdir()
    hugo = out / "hugo"
    shutil.copytree(HUGO_SITE, hugo)
    hugo_jobs = hugo / "content" / "jobs"
    hugo_jobs.mkdir(parents=True)
    (hugo_jobs / "_index.md").write_text('---\ntitle: "Jobs"\n---\n', encoding="utf-8")
    for listing in listings:
        (jobs / f"{listing.slug}.md").write_text(mltl_text(listing), encoding="utf-8")
        (hugo_jobs / f"{listing.slug}.md").write_text(hugo_text(listing), encoding="utf-8")
    return Board(out, hugo, listings)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--listings", type=int, required=True, metavar="N")
    parser.add_argument("--out", type=Path, required=True, metavar="DIR")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    args = parser.parse_args(argv)
    if args.listings < 1:
        parser.error("--listings must be at least 1")
    try:
        board = write_board(args.out, args.listings, args.seed)
    except FileExistsError as exc:
        print(f"synth.py: {exc}; choose a new folder", file=sys.stderr)
        return 1
    counts = Counter(item.status for item in board.listings)
    summary = ", ".join(f"{counts[s]} {s}" for s in ("open", "expired", "scheduled", "draft"))
    print(f"Wrote {len(board.listings)} listings ({summary}) to {board.root}/content/jobs/")
    print(f"and the same listings as a Hugo site in {board.hugo}/")
    return 0


if __name__ == "__main__":
    sys.exit(main())
