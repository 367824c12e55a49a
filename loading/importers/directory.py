"""Target groups and the help-service directory (the ``directory`` app)."""

from __future__ import annotations

from directory.models import HelpServiceIndexPage, HelpServicePage, TargetGroup
from home.models import HomePage

from .. import schema
from ..context import LoadContext
from ..schema import PlanDataError
from ..streams import Kind, paragraphs, same, stream_of

PHONE = Kind("phone", dict, same)
EMAIL = Kind("email", dict, same)


def load_target_groups(ctx: LoadContext, groups: list[schema.TargetGroup]) -> None:
    for i, group in enumerate(groups):
        ctx.loaded["target group"][group.slug] = ctx.upsert_snippet(
            TargetGroup, {"slug": group.slug}, {"name": group.name, "sort_order": i}
        )


def load_directory(
    ctx: LoadContext, home: HomePage, data: schema.Directory
) -> HelpServiceIndexPage:
    index = ctx.upsert_page(
        home,
        HelpServiceIndexPage,
        data.slug,
        {
            "title": data.title,
            "intro": paragraphs(data.intro),
            "publish_on_website": data.public,
            **ctx.provenance(ctx.source(data)),
        },
    )
    for service in data.services:
        ctx.loaded["service"][service.slug] = load_service(ctx, index, service)
    return index


def service_source(text: str) -> str:
    """A service's free-text source as a provenance: the plan's, or an addition naming it."""
    return "plan" if text.startswith(schema.DEFAULT_SOURCE) else f"tillegg: {text}"


def load_service(
    ctx: LoadContext, index: HelpServiceIndexPage, data: schema.Service
) -> HelpServicePage:
    categories = {key for key, _label in HelpServicePage.CATEGORIES}
    if data.category not in categories:
        raise PlanDataError(f"{data.at('category')}: unknown category {data.category!r}")
    groups = ctx.refs("target group", data.target_groups, data.at("target_groups"))
    phones = stream_of(ctx, HelpServicePage, "phones", PHONE, data.phones, data.at("phones"))
    emails = stream_of(ctx, HelpServicePage, "emails", EMAIL, data.emails, data.at("emails"))
    return ctx.upsert_page(
        index,
        HelpServicePage,
        data.slug,
        {
            "title": data.title,
            "category": data.category,
            "summary": data.summary,
            "description": paragraphs(data.description),
            "phones": phones,
            "emails": emails,
            "website": data.website,
            "visiting_address": data.visiting_address,
            "postal_address": data.postal_address,
            "opening_hours": data.opening_hours,
            "open_around_the_clock": data.open_around_the_clock,
            "may_be_anonymous": data.may_be_anonymous,
            "free_of_charge": data.free_of_charge,
            "source": data.source,
            "last_verified": data.last_verified,
            "last_verified_by": data.last_verified_by,
            "review_reason": " ".join(data.review_reason.split()),
            "publish_on_website": data.public,
            **ctx.provenance(service_source(data.source)),
        },
        m2m={"target_groups": groups},
    )
