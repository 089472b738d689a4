"""A listing's page: its head, read by the whole build, and its view, made where it is keyed."""

from __future__ import annotations

from collections.abc import Mapping
from functools import partial
from urllib.parse import quote

from .. import search, seo, urls
from ..content import Role
from ..formatting import label, long_date, money_range, per_period
from ..listings import Listing
from ..site import Site, skill_links
from ..social import listing_card
from ..urls import slugify
from ..views import (
    Crumb,
    JobView,
    Later,
    Page,
    SkillLink,
)
from .common import HOME, JOBS, AnyPage, head


def job_page(
    site: Site,
    listing: Listing,
    labels: Mapping[tuple[str, str], str] | None = None,
    *,
    later: bool = False,
) -> AnyPage:
    """A listing's page; ``labels`` (the facets' spellings) is worked out once per build.

    With ``later`` its view is left to ``Page.ready()``: the build's layout makes only
    heads, and the workers that key the pages make the views.
    """
    meta = listing.job.meta
    closed = not listing.is_open
    indexable = listing.is_open and not listing.is_draft
    description = f"{meta.title} at {meta.company.name}"
    description += f", {listing.location_label}." if listing.location_label else "."
    if closed:
        description = f"Closed: {description} This position is no longer open."
    return Page(
        head(
            site,
            listing.url,
            meta.title + (" (closed)" if closed else ""),
            description,
            "job",
            source=listing.job.source,
            indexable=indexable,
            og_type="article",
            social=listing_card(site, listing),
            breadcrumbs=(HOME, JOBS, Crumb(meta.title, listing.url)),
            structured_data=(seo.job_posting(listing, site.abs_url, site.base_path),)
            if indexable
            else (),
            lastmod=meta.date_posted,
            search=search.listing_tags(
                listing, site.content.roles, search.facet_labels(site) if labels is None else labels
            )
            if indexable
            else None,
        ),
        "job.html",
        Later(partial(job_view, site, listing)) if later else job_view(site, listing),
    )


def job_view(site: Site, listing: Listing) -> JobView:
    """What ``job.html`` shows of a listing."""
    meta = listing.job.meta
    role = site.content.roles[meta.role]
    closed = not listing.is_open
    similar = site.cards_of(site.similar_index.similar(listing))
    short = role.meta.short_title or role.meta.title
    site_label = meta.company.url.removeprefix("https://").removeprefix("http://").strip("/")
    email = meta.apply.email
    body = listing.job.body
    assert body is not None
    return JobView(
        title=meta.title,
        company=meta.company.name,
        mark=site.mark_of(meta.company.name),
        company_site=meta.company.url,
        company_site_label=site_label,
        company_jobs_url=site.link_for("company", slugify(meta.company.name)),
        facts=(label(meta.workplace), label(meta.employment_type), label(meta.seniority)),
        is_new=listing.is_new,
        places=listing.places,
        remote=listing.remote_label,
        salary=listing.salary_label,
        posted_date=long_date(meta.date_posted),
        posted_iso=meta.date_posted.isoformat(),
        posted_ago=listing.posted_label.removeprefix("Posted ").lower(),
        deadline_label="Closed" if closed else "Apply by",
        deadline_date=long_date(meta.valid_through),
        deadline_iso=meta.valid_through.isoformat(),
        reference=listing.slug,
        apply_url=meta.apply.url,
        apply_email=email,
        apply_mailto=f"mailto:{email}?subject={quote(meta.title)}" if email else None,
        apply_label=f"Apply at {meta.company.name}" if meta.apply.url else "Apply by email",
        description=body,
        skills=tuple(SkillLink(s, u) for s, u in skill_links(site, listing)),
        closed=closed,
        closed_notice=f"{meta.company.name} stopped taking applications on "
        f"{long_date(meta.valid_through)}."
        if closed
        else None,
        example=meta.example,
        draft=listing.is_draft,
        role_title=short,
        role_summary=role.meta.summary,
        role_url=urls.role(role.slug),
        role_jobs_url=site.role_jobs_url(role),
        guide_salary=_guide_salary(role, listing),
        similar_heading="Similar open roles" if closed else "More jobs like this",
        similar=similar,
    )


def _guide_salary(role: Role, listing: Listing) -> str | None:
    """The guide's range, only where it describes the listing's market and currency."""
    salary = role.salary
    meta = listing.job.meta
    if salary is None or meta.salary is None or meta.salary.currency != salary.currency:
        return None
    countries = {loc.country for loc in meta.locations} | set(meta.remote_from)
    if salary.market not in countries:
        return None
    figures = money_range(salary.national.min, salary.national.max, salary.currency)
    return f"Typical {salary.market} range in {salary.year}: {figures} {per_period(salary.period)}."
