"""Roles, legal provisions, the plan, the units with their routine, and the concern guide with
its legal duties (the ``guidance`` app)."""

from __future__ import annotations

from guidance.models import (
    ConcernGuidePage,
    ConcernPathPage,
    FocusAreaPage,
    LegalDutyPage,
    LegalProvision,
    MeasurePage,
    PlanChapterPage,
    PlanPage,
    ResponsibleRole,
    RoutinePage,
    UnitIndexPage,
    UnitPage,
)
from home.models import HomePage

from .. import schema
from ..context import LoadContext
from ..streams import (
    Kind,
    inheriting,
    paragraphs,
    same,
    source_of,
    step,
    stream_of,
    stream_of_kinds,
    with_source,
)

STEP = Kind("step", dict, step)
PATH_STEP = Kind("step", dict, with_source)
ACUTE_SIGN = Kind("sign", dict, with_source)


def _service(value: str, ctx: LoadContext, where: str) -> int:
    return ctx.ref("service", value, where).pk


# A routine's contacts: ``- service: slug`` or ``- contact: {role: …}``.
CONTACT_KINDS = {"service": Kind("service", str, _service), "contact": Kind("contact", dict, same)}


def load_roles(ctx: LoadContext, roles: list[schema.Role]) -> None:
    for role in roles:
        ctx.loaded["role"][role.slug] = ctx.upsert_snippet(
            ResponsibleRole,
            {"slug": role.slug},
            {"name": role.name, "description": role.description},
        )


def load_provisions(ctx: LoadContext, provisions: list[schema.Provision]) -> None:
    """The provisions, then the links from each superseded one to its successor."""
    loaded = ctx.loaded["legal provision"]
    for provision in provisions:
        loaded[provision.key] = ctx.upsert_snippet(
            LegalProvision,
            {"key": provision.key},
            {
                "law_short_title": provision.law_short_title,
                "law_title": provision.law_title,
                "section": provision.section,
                "section_title": provision.section_title,
                "summary": provision.summary,
                "lovdata_url": provision.lovdata_url,
                "in_force_from": provision.in_force_from,
                "superseded_on": provision.superseded_on,
                "verified": provision.verified,
                "last_verified": provision.last_verified,
                "verified_by": provision.verified_by,
            },
        )
    for provision in provisions:
        if not provision.superseded_by:
            continue
        old = loaded[provision.key]
        new = ctx.ref("legal provision", provision.superseded_by, provision.at("superseded_by"))
        if old.superseded_by_id is None or (ctx.overwrite and old.superseded_by_id != new.pk):
            old.superseded_by = new
            old.save(update_fields=["superseded_by"])


def _steps(ctx: LoadContext, model: type, data: schema.Item, source: str) -> str:
    """The item's steps; a step without a source has the item's."""
    return stream_of(ctx, model, "steps", STEP, inheriting(data.steps, source), data.at("steps"))


def _unit(ctx: LoadContext, data: schema.Item, key: str) -> UnitPage | None:
    slug = getattr(data, key)
    return ctx.ref("unit", slug, data.at(key)) if slug else None


# The units


def load_units(ctx: LoadContext, home: HomePage, data: schema.Units) -> UnitIndexPage:
    source = ctx.source(data)
    index = ctx.upsert_page(
        home,
        UnitIndexPage,
        data.slug,
        {"title": data.title, "intro": paragraphs(data.intro), **ctx.provenance(source)},
    )
    for unit in data.items:
        ctx.loaded["unit"][unit.slug] = ctx.upsert_page(
            index,
            UnitPage,
            unit.slug,
            {
                "title": unit.title,
                "part_of": unit.part_of,
                "abbreviation": unit.abbreviation,
                "intro": paragraphs(unit.intro),
                **ctx.provenance(ctx.source(unit, source)),
            },
            children={
                "contacts": [contact.model_dump(exclude={"source"}) for contact in unit.contacts]
            },
        )
    return index


def load_routines(ctx: LoadContext, data: schema.Units) -> None:
    """The same starting routine below every unit (after the directory and the duties it
    refers to): a proposal until the unit confirms it; a confirmed one is the unit's own and
    is never overwritten, not even with --overwrite."""
    routine = data.starting_routine
    source = ctx.source(routine, ctx.source(data))
    duties = ctx.refs("legal duty", routine.legal_duties, routine.at("legal_duties"))
    steps = _steps(ctx, RoutinePage, routine, source)
    contacts = stream_of_kinds(
        ctx, RoutinePage, "contacts", routine.contacts, routine.at("contacts"), CONTACT_KINDS
    )
    for unit in data.items:
        owner = ctx.loaded["unit"][unit.slug]
        existing = RoutinePage.objects.child_of(owner).filter(slug=routine.slug).first()
        if existing is not None and existing.is_confirmed:
            continue
        ctx.upsert_page(
            owner,
            RoutinePage,
            routine.slug,
            {
                "title": routine.title,
                "summary": routine.summary,
                "steps": steps,
                "contacts": contacts,
                "owning_unit": owner,
                **ctx.provenance(source),
            },
            m2m={"legal_duties": duties},
        )


# The plan


def load_action_plan(ctx: LoadContext, home: HomePage, data: schema.Plan) -> PlanPage:
    owner = _unit(ctx, data, "owning_unit")
    source = ctx.source(data)
    plan = ctx.upsert_page(
        home,
        PlanPage,
        data.slug,
        {
            "title": data.title,
            "intro": paragraphs(data.intro),
            "adopted": data.adopted,
            "revised": data.revised,
            "coordinator_name": data.coordinator_name,
            "coordinator_unit": _unit(ctx, data, "coordinator_unit"),
            "owning_unit": owner,
            **ctx.provenance(source),
        },
    )
    for chapter in data.chapters:
        chapter_source = ctx.source(chapter, source)
        body = inheriting(chapter.body, chapter_source, kinds=("notice",))
        chapter_page = ctx.upsert_page(
            plan,
            PlanChapterPage,
            chapter.slug,
            {
                "title": chapter.title,
                "number": chapter.number,
                "body": stream_of_kinds(ctx, PlanChapterPage, "body", body, chapter.at("body")),
                "owning_unit": owner,
                **ctx.provenance(chapter_source),
            },
        )
        for area in chapter.focus_areas:
            _load_focus_area(ctx, chapter_page, area, owner, chapter_source)
    return plan


def _load_focus_area(
    ctx: LoadContext,
    chapter: PlanChapterPage,
    data: schema.FocusArea,
    owner: UnitPage | None,
    inherited: str,
) -> None:
    source = ctx.source(data, inherited)
    area = ctx.upsert_page(
        chapter,
        FocusAreaPage,
        data.slug,
        {
            "title": data.title,
            "number": data.number,
            "subtitle": data.subtitle,
            "goal": data.goal,
            "owning_unit": owner,
            **ctx.provenance(source),
        },
    )
    for measure in data.measures:
        actions = [
            {
                "text": action.text,
                "_m2m": {"roles": ctx.refs("role", action.roles, action.at("roles"))},
            }
            for action in measure.actions
        ]
        ctx.upsert_page(
            area,
            MeasurePage,
            f"tiltak-{measure.number.replace('.', '-')}",
            {
                "title": f"{measure.number} {measure.text}",
                "number": measure.number,
                "owning_unit": owner,
                **ctx.provenance(ctx.source(measure, source)),
            },
            children={"actions": actions},
        )


# The concern guide


def load_concern_guide(
    ctx: LoadContext, home: HomePage, data: schema.ConcernGuide
) -> ConcernGuidePage:
    source = ctx.source(data)
    guide = ctx.upsert_page(
        home,
        ConcernGuidePage,
        data.slug,
        {
            "title": data.title,
            "intro": paragraphs(data.intro),
            "steps": _steps(ctx, ConcernGuidePage, data, source),
            **ctx.provenance(source),
        },
    )
    for duty in data.legal_duties:
        duty_source = ctx.source(duty, source)
        provisions = ctx.refs("legal provision", duty.provisions, duty.at("provisions"))
        ctx.loaded["legal duty"][duty.slug] = ctx.upsert_page(
            guide,
            LegalDutyPage,
            duty.slug,
            {
                "title": duty.title,
                "summary": duty.summary,
                "applies_to": paragraphs(duty.applies_to),
                "threshold": paragraphs(duty.threshold),
                "steps": _steps(ctx, LegalDutyPage, duty, duty_source),
                "precedence": paragraphs(duty.precedence),
                **ctx.provenance(duty_source),
            },
            m2m={"provisions": provisions},
        )
    for path in data.paths:
        load_concern_path(ctx, guide, path, source)
    return guide


def load_concern_path(
    ctx: LoadContext, guide: ConcernGuidePage, data: schema.ConcernPath, inherited: str
) -> ConcernPathPage:
    """A decision-aid path: its duties and services are references to pages already loaded
    (the directory before the concern guide), never numbers typed twice."""
    duties = [
        {
            "duty": ctx.ref("legal duty", duty.duty, duty.at("duty")),
            "threshold": duty.threshold,
            "source_kind": (source := source_of(duty.source, duty.at("source")))["kind"],
            "source_reference": source["reference"],
        }
        for duty in data.duties
    ]
    services = [
        {"service": ctx.ref("service", row.service, row.at("service")), "acute": row.acute}
        for row in data.services
    ]
    where = data.at
    return ctx.upsert_page(
        guide,
        ConcernPathPage,
        data.slug,
        {
            "title": data.title,
            "acute_signs": stream_of(
                ctx,
                ConcernPathPage,
                "acute_signs",
                ACUTE_SIGN,
                data.acute_signs,
                where("acute_signs"),
            ),
            "steps": stream_of(
                ctx, ConcernPathPage, "steps", PATH_STEP, data.steps, where("steps")
            ),
            "trigger_words": "\n".join(data.triggers),
            "publish_on_website": data.public,
            **ctx.provenance(ctx.source(data, inherited)),
        },
        children={"duties": duties, "services": services},
    )
