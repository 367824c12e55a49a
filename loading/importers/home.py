"""The front page, general content pages and the population guide (the ``home`` app)."""

from __future__ import annotations

from wagtail.models import Page, Site

from home.models import ContentPage, HomePage, PopulationGuidePage

from .. import schema
from ..context import LoadContext
from ..streams import inheriting, paragraphs, stream_of_kinds


def home_values(text: schema.HomeText) -> dict:
    return {"title": text.title, "intro": paragraphs(text.intro)}


def guide_values(ctx: LoadContext, text: schema.GuideText, source: str) -> dict:
    body = inheriting(text.body, source, kinds=("notice",))
    return {
        "title": text.title,
        "intro": text.intro,
        "body": stream_of_kinds(ctx, PopulationGuidePage, "body", body, text.at("body")),
        **ctx.provenance(source),
    }


def load_home(ctx: LoadContext, data: schema.Home) -> HomePage:
    """The front page, made the default site's root (replacing Wagtail's welcome page)."""
    home = HomePage.objects.filter(locale=ctx.locale).first()
    if home is not None:
        ctx.report.unchanged[HomePage._meta.verbose_name] += 1
        return home
    root = Page.get_first_root_node()
    welcome = root.get_children().filter(slug="home", content_type__model="page").first()
    if welcome is not None and not welcome.get_children().exists():
        welcome.delete()
    home = HomePage(
        slug="home", locale=ctx.locale, **home_values(data), **ctx.provenance(ctx.source(data))
    )
    root.add_child(instance=home)
    home.save_revision().publish()
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        Site.objects.create(
            hostname="localhost",
            port=80,
            root_page=home,
            is_default_site=True,
            site_name="Vold i nære relasjoner",
        )
    else:
        site.root_page = home
        site.save()
    ctx.report.created[HomePage._meta.verbose_name] += 1
    return home


def load_content_page(ctx: LoadContext, home: HomePage, data: schema.ContentPage) -> ContentPage:
    """A general page below the front page, e.g. the accessibility statement."""
    source = ctx.source(data)
    body = inheriting(data.body, source, kinds=("notice",))
    return ctx.upsert_page(
        home,
        ContentPage,
        data.slug,
        {
            "title": data.title,
            "intro": data.intro,
            "body": stream_of_kinds(ctx, ContentPage, "body", body, data.at("body")),
            **ctx.provenance(source),
        },
    )


def link_sections(home: HomePage, concern: Page, sections: list[Page]) -> None:
    """On a new site: link the concern guide from the front page and put the sections in the
    order staff meet them in the menu."""
    if home.concern_page_id is not None:
        return
    home.concern_page = concern
    home.save_revision().publish()
    for section in sections:
        section.move(home, pos="last-child")


def load_population_guide(
    ctx: LoadContext, home: HomePage, data: schema.PopulationGuide
) -> PopulationGuidePage:
    """The guide's first page below the front page (in the menu), its pages below it."""
    source = ctx.source(data)
    guide = ctx.upsert_page(
        home,
        PopulationGuidePage,
        data.slug,
        {
            **guide_values(ctx, data, source),
            "show_in_menus": True,
            "publish_on_website": data.public,
        },
    )
    for page in data.pages:
        values = {
            **guide_values(ctx, page, ctx.source(page, source)),
            "publish_on_website": page.public,
        }
        ctx.upsert_page(guide, PopulationGuidePage, page.slug, values)
    return guide
