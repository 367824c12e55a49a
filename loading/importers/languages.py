"""Every locale with its root, and the data file's finished translations of the front page and
the population guide, stored and published through wagtail-localize (the ``languages`` app)."""

from __future__ import annotations

from django.conf import settings
from wagtail.models import Locale, Page

from home.models import HomePage, PopulationGuidePage
from languages.locales import ensure_locale_roots, sync_locales
from languages.worked_translation import TranslationShapeError, translate_page

from .. import schema
from ..context import LoadContext
from ..schema import PlanDataError
from .home import guide_values, home_values


def load_translations(
    ctx: LoadContext, data: schema.PlanFile, home: HomePage, guide: PopulationGuidePage
) -> None:
    sync_locales()
    ensure_locale_roots()
    for code, text in _translations(ctx, data.home):
        _translate(ctx, home, home_values(text), code, text)
    pages = [guide.get_children().get(slug=page.slug) for page in data.population_guide.pages]
    source = ctx.source(data.population_guide)
    sources = [ctx.source(page, source) for page in data.population_guide.pages]
    for code, text in _translations(ctx, data.population_guide):
        _translate(ctx, guide, guide_values(ctx, text, source), code, text)
        if len(text.pages) != len(pages):
            raise PlanDataError(f"{text.at('pages')}: expected {len(pages)} pages, as in Norwegian")
        for page, page_text, page_source in zip(pages, text.pages, sources, strict=True):
            _translate(ctx, page, guide_values(ctx, page_text, page_source), code, page_text)


def _translations(ctx: LoadContext, data: schema.Home | schema.PopulationGuide) -> list:
    known = {code for code, _name in settings.WAGTAIL_CONTENT_LANGUAGES}
    for code in data.translations:
        if code not in known or code == ctx.locale.language_code:
            raise PlanDataError(f"{data.at('translations')}: unknown language {code!r}")
    return list(data.translations.items())


def _translate(ctx: LoadContext, source: Page, values: dict, code: str, text: schema.Item) -> None:
    try:
        outcome = translate_page(
            source, values, Locale.objects.get(language_code=code), overwrite=ctx.overwrite
        )
    except TranslationShapeError as exc:
        raise PlanDataError(f"{text.where}: {exc}") from exc
    label = f"oversettelse ({code})"
    getattr(ctx.report, outcome.status)[label] += 1
    ctx.report.kept_edited += [
        f"{label} {outcome.page.url_path}: «{kept[:60]}»" for kept in outcome.kept
    ]
