"""Listings posted through the GitHub issue form ``.github/ISSUE_TEMPLATE/post-a-job.yml``.

The form is generated from ``FIELDS`` (``python -m mltl_site.intake`` prints it),
so its dropdowns offer exactly the models' choices. An issue body is read as
GitHub renders a form: a ``### Label`` line per field, then the answer or
``_No response_``. The text is untrusted: it becomes a listing only through the
same models and checks as any other, and never reaches a shell.
"""

from __future__ import annotations

import datetime as dt
import re
import sys
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any, Literal, get_args

import yaml

from .errors import BuildFailed, SiteError
from .iso import CURRENCIES
from .models import EmploymentType, Period, Seniority, SiteConfig, Workplace
from .sources.feed import Place
from .sources.places import country_code, read_place

TEMPLATE = "post-a-job.yml"
LABEL = "job-post"
NO_RESPONSE = "_No response_"
VALID_FOR_DAYS = 60
# Offered first in the currency list; the rest follow in alphabetical order.
COMMON_CURRENCIES = ("USD", "EUR", "GBP", "CAD", "AUD", "CHF", "INR", "SGD", "JPY")

Kind = Literal["input", "textarea", "dropdown", "checkboxes"]
Fail = Callable[[str, str], None]  # records a problem with one question


@dataclass(frozen=True)
class FormField:
    """One question of the form; ``label`` is also its heading in the issue body."""

    id: str
    label: str
    kind: Kind
    description: str
    required: bool = False
    options: tuple[str, ...] = ()
    placeholder: str = ""


def _choices(literal: object) -> tuple[str, ...]:
    return tuple(str(choice) for choice in get_args(literal))


FIELDS: tuple[FormField, ...] = (
    FormField("title", "Job title", "input", "The job title only: no company, pay or dates.",
              True, placeholder="Senior ML Tech Lead, Search"),
    FormField("company", "Company name", "input", "The hiring company as applicants know it.",
              True, placeholder="Acme Analytics"),
    FormField("company_url", "Company website", "input", "The company's own site.", True,
              placeholder="https://acme.example.com/"),
    FormField("workplace", "Workplace", "dropdown", "Where the work happens.", True,
              _choices(Workplace)),
    FormField("locations", "Office locations", "textarea",
              "One office per line as City, Country code (or City, Region, Country code). "
              "Needed unless the job is remote.", placeholder="Berlin, DE\nAustin, TX, US"),
    FormField("remote_from", "Remote from", "input",
              "For remote jobs: the countries applicants may live in, as two-letter codes.",
              placeholder="US, CA"),
    FormField("employment_type", "Employment type", "dropdown", "The kind of contract.", True,
              _choices(EmploymentType)),
    FormField("seniority", "Seniority", "dropdown", "The level of the role.", True,
              _choices(Seniority)),
    FormField("currency", "Salary currency", "dropdown",
              "Listings with a pay range get more applicants. Leave the pay out if you cannot "
              "state it.",
              options=(*COMMON_CURRENCIES, *sorted(set(CURRENCIES) - set(COMMON_CURRENCIES)))),
    FormField("salary_min", "Salary minimum", "input", "The lowest pay offered, digits only.",
              placeholder="150000"),
    FormField("salary_max", "Salary maximum", "input", "The highest pay offered.",
              placeholder="190000"),
    FormField("period", "Salary period", "dropdown", "What the figures are per.",
              options=_choices(Period)),
    FormField("apply", "How to apply", "input",
              "A link to the application page (https://…) or an email address.", True,
              placeholder="https://acme.example.com/careers/ml-lead"),
    FormField("valid_through", "Closing date", "input",
              f"The last day applications are taken, YYYY-MM-DD. Empty means {VALID_FOR_DAYS} "
              "days from when the listing is published.", placeholder="2027-01-31"),
    FormField("skills", "Skills", "input", "One to twenty skills, separated by commas.", True,
              placeholder="Python, PyTorch, MLOps, Leadership"),
    FormField("description", "Job description", "textarea",
              "The full description in Markdown: **bold**, *italic*, - lists, ## headings and "
              "links starting with https://. HTML is not allowed.", True),
    FormField("confirm", "Confirmation", "checkboxes", "", True,
              ("I may post this job for this company, and the listing is accurate",)),
)  # fmt: skip
BY_ID = {field.id: field for field in FIELDS}
# Which question a listing field comes from, for messages a poster can act on.
QUESTION_OF = {
    "title": "title", "company": "company", "company.name": "company",
    "company.url": "company_url", "workplace": "workplace", "locations": "locations",
    "remote_from": "remote_from", "employment_type": "employment_type",
    "seniority": "seniority", "salary": "salary_min", "salary.currency": "currency",
    "salary.min": "salary_min", "salary.max": "salary_max", "salary.period": "period",
    "apply": "apply", "apply.url": "apply", "apply.email": "apply",
    "valid_through": "valid_through", "date_posted": "valid_through", "skills": "skills",
    "body": "description",
}  # fmt: skip


def issue_form_url(repository: str) -> str:
    """The address of the form that opens a new issue in ``repository`` (owner/name)."""
    return f"https://github.com/{repository}/issues/new?template={TEMPLATE}"


def post_a_job_url(config: SiteConfig) -> str | None:
    """The form's address for this site, or ``None`` when site.yaml names no repository."""
    return issue_form_url(config.repository) if config.repository else None


def form_yaml() -> str:
    """The issue form, as committed in ``.github/ISSUE_TEMPLATE/post-a-job.yml``."""
    body: list[dict[str, Any]] = [
        {"type": "markdown", "attributes": {"value": (
            "Fill in the listing below. A maintainer reviews it as a pull request before it "
            "is published; if a field needs fixing, a comment on this issue says which."
        )}},
    ]  # fmt: skip
    for field in FIELDS:
        attributes: dict[str, Any] = {"label": field.label}
        if field.description:
            attributes["description"] = field.description
        if field.placeholder:
            attributes["placeholder"] = field.placeholder
        if field.kind == "dropdown":
            attributes["options"] = list(field.options)
        if field.kind == "checkboxes":
            attributes["options"] = [{"label": o, "required": True} for o in field.options]
        entry: dict[str, Any] = {"type": field.kind, "id": field.id, "attributes": attributes}
        if field.required and field.kind != "checkboxes":
            entry["validations"] = {"required": True}
        body.append(entry)
    form = {
        "name": "Post a job",
        "description": "Submit a job listing for review.",
        "title": "Job: ",
        "labels": [LABEL],
        "body": body,
    }
    header = "# Generated by `python -m mltl_site.intake` from mltl_site/intake.py; do not edit.\n"
    return header + yaml.safe_dump(form, sort_keys=False, allow_unicode=True, width=100)


def parse_issue_body(body: str) -> dict[str, str | None]:
    """Each question's answer in a rendered form body; ``None`` for ``_No response_``."""
    lines = body.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    starts: list[tuple[FormField, int]] = []
    missing = []
    at = 0
    for field in FIELDS:
        # Headings are found in form order, so a "### Skills" inside the description
        # (which comes later) cannot be taken for the Skills answer.
        index = next(
            (i for i in range(at, len(lines)) if lines[i].strip() == f"### {field.label}"), None
        )
        if index is None:
            missing.append(SiteError("is missing from the issue; use the Post a job form",
                                     field=field.label))  # fmt: skip
            continue
        starts.append((field, index))
        at = index + 1
    if missing:
        raise BuildFailed(missing)
    answers: dict[str, str | None] = {}
    for number, (field, index) in enumerate(starts):
        end = starts[number + 1][1] if number + 1 < len(starts) else len(lines)
        value = "\n".join(lines[index + 1 : end]).strip("\n").rstrip()
        value = _trim_lines(value)
        answers[field.id] = None if value.strip() in ("", NO_RESPONSE) else value
    return answers


def _trim_lines(value: str) -> str:
    return "\n".join(line.rstrip() for line in value.split("\n")).strip("\n")


def listing_fields(
    answers: Mapping[str, str | None], *, role: str, today: dt.date
) -> tuple[dict[str, Any], str]:
    """The listing's fields and description from the form's answers, or ``BuildFailed``."""
    errors: list[SiteError] = []

    def fail(question: str, message: str) -> None:
        errors.append(SiteError(message, field=BY_ID[question].label))

    def one_line(question: str) -> str | None:
        value = answers.get(question)
        return " ".join(value.split()) if value else None

    for field in FIELDS:
        if field.required and field.kind != "checkboxes" and not answers.get(field.id):
            fail(field.id, "is required")
    if not re.search(r"^\s*- \[[xX]\]", answers.get("confirm") or "", re.MULTILINE):
        fail("confirm", "must be ticked")
    fields: dict[str, Any] = {
        "title": one_line("title"),
        "role": role,
        "company": {"name": one_line("company"), "url": one_line("company_url")},
        "workplace": one_line("workplace"),
        "locations": _offices(answers.get("locations"), fail),
        "remote_from": [
            country_code(part) or part.upper()
            for part in re.split(r"[\s,;]+", answers.get("remote_from") or "")
            if part
        ],
        "employment_type": one_line("employment_type"),
        "seniority": one_line("seniority"),
        "salary": _salary(answers, fail),
        "date_posted": today.isoformat(),
        "valid_through": one_line("valid_through")
        or (today + dt.timedelta(VALID_FOR_DAYS)).isoformat(),
        "apply": _apply(one_line("apply")),
        "skills": [s.strip() for s in re.split(r"[,\n]", answers.get("skills") or "") if s.strip()],
    }
    if errors:
        raise BuildFailed(errors)
    body = (answers.get("description") or "").strip() + "\n"
    return {k: v for k, v in fields.items() if v not in (None, [])}, body


def _offices(value: str | None, fail: Fail) -> list[dict[str, str]]:
    offices = []
    for number, line in enumerate((value or "").split("\n"), start=1):
        if not line.strip():
            continue
        reading = read_place(Place(line.strip()), None, codes_are_countries=True)
        if reading.office is None:
            problem = reading.problem or "remote work goes under Remote from"
            fail("locations", f"line {number}: {problem}")
            continue
        office = reading.office
        offices.append({"city": office.city, **({"region": office.region} if office.region
                        else {}), "country": office.country})  # fmt: skip
    return offices


def _salary(answers: Mapping[str, str | None], fail: Fail) -> dict[str, object] | None:
    given = {q: answers.get(q) for q in ("currency", "salary_min", "salary_max")}
    if not any(given.values()):
        return None
    salary: dict[str, object] = {"currency": (given["currency"] or "").strip()}
    for question, key in (("salary_min", "min"), ("salary_max", "max")):
        text = given[question]
        number = _number(text) if text else None
        if number is None:
            shown = f" (got {text.strip()!r})" if text else ""
            fail(question, f"must be a number like 150000, with the other pay fields{shown}")
        salary[key] = number
    salary["period"] = (answers.get("period") or "year").strip()
    if not given["currency"]:
        fail("currency", "choose the currency of the pay range")
    return salary


def _number(text: str) -> int | float | None:
    cleaned = re.sub(r"[\s,_]", "", text).lower()
    factor = 1000 if cleaned.endswith("k") else 1
    cleaned = cleaned.removesuffix("k").lstrip("$€£")
    if not re.fullmatch(r"\d+(\.\d+)?", cleaned):
        return None
    value = float(cleaned) * factor
    return int(value) if value.is_integer() else value


def _apply(value: str | None) -> dict[str, str] | None:
    if value is None:
        return None
    if "@" in value and "://" not in value:
        return {"email": value}
    return {"url": value}


def as_questions(errors: Iterable[SiteError]) -> list[SiteError]:
    """Errors about listing fields restated for the question that set each field."""
    out = []
    for error in errors:
        field = error.field or ""
        question = QUESTION_OF.get(field) or QUESTION_OF.get(re.sub(r"\[\d+\].*", "", field))
        label = BY_ID[question].label if question else field or None
        out.append(SiteError(error.message, field=label))
    return sorted(set(out), key=SiteError.sort_key)


def errors_markdown(errors: Iterable[SiteError]) -> str:
    """The comment for the issue: every problem, in a code block so nothing in it renders."""
    lines = "\n".join(str(error).replace("```", "'''") for error in errors)
    return (
        "Thank you for posting a job. The listing could not be made yet: please edit the "
        "issue to fix the fields below. A maintainer will run the check again.\n\n"
        f"```text\n{lines}\n```\n"
    )


if __name__ == "__main__":  # pragma: no cover - regenerates the committed form
    sys.stdout.write(form_yaml())
