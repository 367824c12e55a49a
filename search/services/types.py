"""What kind of page a result is, in the words staff use («Tiltak», «Rutine»), and the types
one can filter by."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class ResultType:
    slug: str
    label: str
    models: tuple[str, ...]
    filterable: bool = True


RESULT_TYPES = (
    ResultType("plikt", _("Lovpålagt plikt"), ("guidance.LegalDutyPage",)),
    ResultType("rutine", _("Rutine"), ("guidance.RoutinePage",)),
    ResultType("hjelpetilbud", _("Hjelpetilbud"), ("directory.HelpServicePage",)),
    ResultType("tiltak", _("Tiltak"), ("guidance.MeasurePage",)),
    ResultType("satsingsomrade", _("Satsingsområde"), ("guidance.FocusAreaPage",)),
    ResultType("kapittel", _("Kapittel"), ("guidance.PlanChapterPage",)),
    ResultType("enhet", _("Enhet"), ("guidance.UnitPage",)),
    ResultType(
        "veiledning", _("Veiledning"), ("guidance.ConcernGuidePage", "guidance.ConcernPathPage")
    ),
    ResultType("innbyggere", _("Veileder for innbyggere"), ("home.PopulationGuidePage",)),
    ResultType("handlingsplan", _("Handlingsplan"), ("guidance.PlanPage",), filterable=False),
    ResultType(
        "oversikt",
        _("Oversikt"),
        ("guidance.UnitIndexPage", "directory.HelpServiceIndexPage", "home.HomePage"),
        filterable=False,
    ),
    ResultType("side", _("Side"), ("home.ContentPage",), filterable=False),
)
_BY_SLUG = {t.slug: t for t in RESULT_TYPES}
FALLBACK_LABEL = _("Side")


def filter_choices() -> list[tuple[str, str]]:
    return [(t.slug, t.label) for t in RESULT_TYPES if t.filterable]


@cache
def _label_by_content_type() -> dict[int, str]:
    """Content type id → label, once per process (content types do not change)."""
    labels = {}
    for result_type in RESULT_TYPES:
        for model in _models(result_type):
            labels[ContentType.objects.get_for_model(model).pk] = result_type.label
    return labels


def _models(result_type: ResultType) -> list:
    """The type's models that exist (a page type may be renamed without breaking search)."""
    found = []
    for label in result_type.models:
        try:
            found.append(apps.get_model(label))
        except LookupError:
            continue
    return found


def type_label(page) -> str:
    """The result type of a page (specific or not), from its cached content type."""
    return str(_label_by_content_type().get(page.content_type_id, FALLBACK_LABEL))


def content_type_ids(slugs) -> list[int]:
    models = [model for slug in slugs for model in _models(_BY_SLUG[slug])]
    return [ct.pk for ct in ContentType.objects.get_for_models(*models).values()]
