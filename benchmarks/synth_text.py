"""Listing descriptions for the synthetic board: 300–400 words of Markdown with headings,
lists and https links, drawn from phrase pools so that no two listings read the same."""

from __future__ import annotations

import random
import re
from dataclasses import dataclass

MIN_WORDS, MAX_WORDS = 300, 400

DUTIES = (
    "Set the technical direction for {team} and write it down so that everyone can follow it.",
    "Lead the design of our {skill} systems, from the first sketch to production.",
    "Review designs and code, and keep the bar high without slowing the team down.",
    "Mentor engineers at every level and help the senior ones grow into leads.",
    "Decide with product managers what to build next, and what not to build.",
    "Own the reliability of models in production: monitoring, alerts and on-call.",
    "Shorten the path from an idea to an experiment to a launched model.",
    "Turn offline metrics into online wins, and explain the difference when they disagree.",
    "Plan the team's quarterly roadmap and report on it to the engineering leadership.",
    "Bring {skill} practice to a team that has mostly worked in notebooks.",
    "Keep our training and serving costs in check as traffic grows.",
    "Run design reviews and post-mortems that people actually learn from.",
    "Work with data engineers on clean, documented and versioned datasets.",
    "Represent the team in architecture discussions across the company.",
    "Interview candidates and help us hire {hires} more engineers this year.",
    "Build evaluation suites that catch regressions before our users do.",
    "Partner with legal and policy teams on privacy and responsible use of models.",
    "Replace fragile scripts with pipelines that anyone on the team can run.",
)

WANTS = (
    "{years}+ years building machine learning systems that real users depend on.",
    "Deep, hands-on experience with {skill}; you can still ship code yourself.",
    "Experience leading a team of engineers, formally or informally.",
    "Clear writing: design documents, decision records and status updates.",
    "Good judgement about when a simple baseline beats a clever model.",
    "Comfort talking about trade-offs with executives and with engineers.",
    "Practical knowledge of {skill} in production, not only in tutorials.",
    "A track record of mentoring people who went on to lead others.",
    "Curiosity about our domain and patience with messy, real-world data.",
    "Experience with experimentation: A/B tests, guardrail metrics and their pitfalls.",
    "Familiarity with {skill}, or the willingness to learn it quickly.",
    "Respect for privacy, security and the people behind the data.",
)

BENEFITS = (
    "Everyone gets a yearly learning budget and time to use it.",
    "We offer private health cover for you and your family.",
    "There are 28 days of paid holiday plus public holidays.",
    "Parental leave is sixteen weeks at full pay, whoever you are.",
    "We pay for a good desk and chair at home.",
    "Equity is part of every offer, with a clear vesting schedule.",
    "You get a week each quarter for self-directed projects.",
    "We cover conference travel when you speak or attend.",
)

CULTURE = (
    "We write things down, we review each other's work kindly, and we do not expect "
    "anyone to answer messages in the evening or at weekends.",
    "Most of our decisions start as a short written proposal that anyone can comment on; "
    "meetings are for the questions the document could not settle.",
    "We ship small changes often, measure what they do, and roll back without blame "
    "when a change does not work.",
    "Our engineers spend time with the people who use what we build, so that nobody "
    "optimises a metric that no one cares about.",
    "We keep a public changelog and an internal wiki that new joiners read in their "
    "first week, and we fix it when it is wrong.",
)

HIRING_STEPS = (
    "A 30-minute call with the hiring manager about your work and what you want next.",
    "A design conversation about a system you built, with two engineers from the team.",
    "A practical session on a problem close to our daily work; no puzzles.",
    "A conversation about leadership and mentoring with a peer lead.",
    "A final call with our head of engineering, and references if you wish.",
)

WORKPLACE_LINES = {
    "onsite": "This role is on site in our {city} office, where the whole team sits together.",
    "hybrid": "We meet in our {city} office {days} days a week and work from home the rest.",
    "remote": "The team is fully remote and works across several time zones.",
}


@dataclass(frozen=True)
class Facts:
    """What the description speaks of, taken from the listing's front matter."""

    company: str
    blurb: str
    area: str
    workplace: str
    city: str
    skills: tuple[str, ...]
    pay: str | None
    domain: str
    slug: str


def description(facts: Facts, rng: random.Random) -> str:
    """A listing body of ``MIN_WORDS`` to ``MAX_WORDS`` words for ``facts``."""
    team_size = rng.randint(4, 18)

    def fill(text: str) -> str:
        return text.format(
            skill=rng.choice(facts.skills),
            team=f"the {facts.area} team",
            hires=rng.randint(2, 6),
            years=rng.randint(5, 10),
            city=facts.city,
            days=rng.randint(2, 3),
        )

    pools = {
        "culture": rng.sample(CULTURE, 3),
        "duties": [f"- {fill(t)}" for t in rng.sample(DUTIES, 7)],
        "wants": [f"- {fill(t)}" for t in rng.sample(WANTS, 6)],
        "steps": [
            f"{n}. {HIRING_STEPS[i]}"
            for n, i in enumerate(sorted(rng.sample(range(len(HIRING_STEPS)), 4)), 1)
        ],
    }
    kept = {"culture": 1, "duties": 5, "wants": 4, "steps": 3}
    pay = (
        f"We pay **{facts.pay}**, set by a published salary framework."
        if facts.pay
        else "We share the pay range in the first call and it is the same for everyone."
    )
    intro = (
        f"{facts.company} {facts.blurb}. We are hiring an ML tech lead for "
        f"{facts.area}, a group of {team_size} engineers and scientists."
    )
    where = fill(WORKPLACE_LINES[facts.workplace])
    closing = (
        f"Read about our work on [the engineering blog](https://{facts.domain}/blog/) "
        f"and see [the whole team](https://{facts.domain}/about/team/) before you "
        f"[apply on our careers site](https://{facts.domain}/careers/{facts.slug})."
    )
    benefits = " ".join(rng.sample(BENEFITS, 3))
    headings = ("## About the team", "## What you will do", "## What we are looking for",
                "## Pay and benefits", "## How we hire")  # fmt: skip
    fixed = words(" ".join((intro, where, pay, benefits, closing, *headings)))
    counts = {key: [words(item) for item in items] for key, items in pools.items()}

    def total() -> int:
        return fixed + sum(sum(counts[key][: kept[key]]) for key in kept)

    # Grow the shortest part one item at a time until the text reaches a length drawn
    # for this listing; then trim duties if it overshot.
    target = rng.randint(MIN_WORDS, MAX_WORDS - 10)
    while total() < target and any(kept[k] < len(pools[k]) for k in kept):
        key = min((k for k in kept if kept[k] < len(pools[k])), key=lambda k: kept[k])
        kept[key] += 1
    while total() > MAX_WORDS and kept["duties"] > 3:
        kept["duties"] -= 1

    def items(key: str, sep: str = "\n") -> str:
        return sep.join(pools[key][: kept[key]])

    parts = [intro, headings[0], f"{where} {items('culture', ' ')}", headings[1],
             items("duties"), headings[2], items("wants"), headings[3], f"{pay} {benefits}",
             headings[4], items("steps"), closing]  # fmt: skip
    return "\n\n".join(parts) + "\n"


def words(text: str) -> int:
    """Words as a reader counts them: runs of text between spaces, Markdown marks aside."""
    return len(_WORD.findall(text))


# A token from its first letter or digit on; tokens without one (``-``, ``##``) do not count.
_WORD = re.compile(r"\w\S*")
