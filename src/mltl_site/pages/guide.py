"""The home page, the role guides and the salaries page."""

from __future__ import annotations

from .. import search, seo, urls
from ..content import Role
from ..formatting import money_range, per_period
from ..guide import guide_sections, salary_view
from ..site import Site
from ..social import page_card
from ..summaries import glance
from ..views import (
    Crumb,
    HomeView,
    Page,
    RoleCard,
    RolesView,
    RoleView,
    SalariesView,
    SectionLink,
)
from .common import HOME, ROLES, AnyPage, feed_link, head, plural


def home_page(site: Site) -> AnyPage:
    home = site.content.home
    role = site.content.roles[home.meta.role]
    short = role.meta.short_title or role.meta.title
    count = len(site.open)
    website = {
        "@context": "https://schema.org/",
        "@type": "WebSite",
        "name": site.content.config.title,
        "url": site.abs_url(""),
        "description": site.content.config.description,
    }
    salary = role.salary
    assert home.body is not None
    sections = _section_links(site, role)
    salary_range = (
        money_range(salary.national.min, salary.national.max, salary.currency) if salary else None
    )
    companies = len({item.job.meta.company.name for item in site.open})
    stats = (
        (f"{count:,}", "open " + ("job" if count == 1 else "jobs")),
        (f"{companies:,}", "hiring " + ("company" if companies == 1 else "companies")),
        (str(len(sections)), "guide sections"),
    )
    view = HomeView(
        eyebrow=site.content.config.tagline or site.content.config.title,
        lead=home.meta.lead,
        intro=home.body,
        intro_title=f"The {short} role at a glance",
        latest=site.cards_of(site.open[: home.meta.listings]),
        open_count=count,
        stats=stats,
        jobs_button=f"Browse {plural(count, 'open job')}",
        jobs_url=urls.JOBS,
        all_jobs_label=f"All {plural(count, 'job')} →",
        guide_title=f"Inside the {short} guide",
        guide_button=f"Read the {short} guide",
        guide_url=urls.role(role.slug),
        guide_summary=role.meta.summary,
        sections=sections,
        salary_label=f"Typical {salary.market} salary ({salary.year})" if salary else None,
        salary_range=salary_range,
        salary_chart=salary_view(salary).national_chart if salary else None,
        salaries_url=urls.SALARIES,
    )
    detail = f"Typical {salary.market} pay {salary_range}" if salary else None
    return Page(
        head(
            site,
            urls.HOME,
            home.meta.title,
            home.meta.description,
            "home",
            social=page_card(site, home.meta.title, site.content.config.title, detail),
            source=home.source,
            feed=feed_link(site.all_jobs_feed),
            structured_data=(website,),
            lastmod=site.newest_posting,
        ),
        "home.html",
        view,
    )


def _section_links(site: Site, role: Role) -> tuple[SectionLink, ...]:
    return tuple(SectionLink(s.anchor, s.title) for s in guide_sections(role, site.content.roles))


def roles_index(site: Site) -> AnyPage:
    roles = site.roles_sorted
    cards = []
    for role in roles:
        count = len(site.open_by_role.get(role.slug, ()))
        salary = role.salary
        cards.append(
            RoleCard(
                title=role.meta.title,
                url=urls.role(role.slug),
                summary=role.meta.summary,
                jobs_label=plural(count, "open job"),
                jobs_url=site.role_jobs_url(role),
                salary=f"typical {salary.market} range "
                + money_range(salary.national.min, salary.national.max, salary.currency)
                if salary
                else None,
            )
        )
    description = (
        f"Career guides for {plural(len(roles), 'role')}: "
        "responsibilities, skills, career path, salaries and trends."
    )
    return Page(
        head(
            site,
            urls.ROLES,
            "Role guides",
            description,
            "roles",
            breadcrumbs=(HOME, ROLES),
            lastmod=max((d for r in roles if (d := r.meta.updated)), default=None),
        ),
        "roles.html",
        RolesView(tuple(cards)),
    )


def role_page(site: Site, role: Role) -> AnyPage:
    listings = site.open_by_role.get(role.slug, ())
    facet = next((f for f in site.paged_facets["role"] if f.slug == role.slug), None)
    short = role.meta.short_title or role.meta.title
    sections = guide_sections(role, site.content.roles)
    cards = site.cards_of(listings[:5])
    count = len(listings)
    view = RoleView(
        title=role.meta.title,
        summary=role.meta.summary,
        jobs_button=plural(count, f"open {short} job"),
        jobs_url=site.role_jobs_url(role),
        jobs_heading=f"Open {short} jobs",
        all_jobs_label=f"See all {plural(count, f'open {short} job')} →",
        salary_anchor=next((s.anchor for s in sections if s.kind == "salary"), None),
        sections=sections,
        listings=cards,
        glance=glance(site, role, sections),
    )
    salary = role.salary
    detail = None
    if salary is not None:
        figures = money_range(salary.national.min, salary.national.max, salary.currency)
        detail = f"Typical {salary.market} pay {figures} {per_period(salary.period)}"
    return Page(
        head(
            site,
            urls.role(role.slug),
            f"{role.meta.title}: role guide",
            role.meta.summary,
            "role",
            social=page_card(site, role.meta.title, "Role guide", detail),
            source=role.source,
            og_type="article",
            breadcrumbs=(HOME, ROLES, Crumb(short, urls.role(role.slug))),
            feed=feed_link(site.feed_for(facet)) if facet else None,
            structured_data=(seo.occupation(role, site.abs_url),),
            lastmod=role.meta.updated,
            search=search.role_tags(role),
        ),
        "role.html",
        view,
    )


def salaries_page(site: Site) -> AnyPage:
    """What open listings pay, per currency and per year, beside the featured guide's ranges."""
    role = site.featured_role
    short = role.meta.short_title or role.meta.title
    unpaid = site.pay_summary.unpaid
    salary = role.salary
    view = SalariesView(
        heading=f"{short} salaries",
        lead="What open listings on this board pay, per year and in their own currency, "
        "beside the guide's ranges. Pay is compared only within one currency, never converted.",
        spreads=site.spreads,
        unpaid=f"{plural(unpaid, 'open listing')} without a stated salary "
        f"{'is' if unpaid == 1 else 'are'} left out."
        if unpaid
        else None,
        guide=salary_view(salary) if salary else None,
        guide_title=f"The guide's {salary.market} ranges ({salary.year})" if salary else None,
        guide_url=urls.role(role.slug),
        jobs_url=urls.JOBS,
    )
    detail = None
    if salary is not None:
        figures = money_range(salary.national.min, salary.national.max, salary.currency)
        detail = f"Typical {salary.market} pay {figures} {per_period(salary.period)}"
    crumb = Crumb("Salaries", urls.SALARIES)
    return Page(
        head(
            site,
            urls.SALARIES,
            view.heading,
            f"{short} pay: open listings by seniority and currency, and the guide's ranges "
            "by location, experience and industry.",
            "salaries",
            breadcrumbs=(HOME, crumb),
            social=page_card(site, view.heading, site.content.config.title, detail),
            lastmod=site.newest_posting,
        ),
        "salaries.html",
        view,
    )
