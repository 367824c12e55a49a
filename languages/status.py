"""Which translations are behind their source: for the editors' report and dashboard panel.

A source is out of date when the object changed after its translations were last synced
(wagtail-localize's ``TranslationSource.last_updated_at``): a page when it was published since,
a snippet when its fields differ from the content the translations were made from. Syncing
(«Synkroniser oversettelser», wagtail-localize's update view) brings the new and changed texts
to the translators and keeps every translation already made.
"""

from __future__ import annotations

import datetime
import json
from dataclasses import dataclass

from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import OuterRef, Prefetch, Subquery
from modelcluster.models import ClusterableModel, get_serializable_data_for_fields
from wagtail.models import Page
from wagtail_localize.models import Translation, TranslationSource


@dataclass
class OutOfDateSource:
    source: TranslationSource
    changed_at: datetime.datetime | None
    translations: list[Translation]


def _current_content(instance) -> dict:
    if isinstance(instance, ClusterableModel):
        return json.loads(instance.to_json())
    return json.loads(json.dumps(get_serializable_data_for_fields(instance), cls=DjangoJSONEncoder))


def out_of_date_sources() -> list[OutOfDateSource]:
    """Every source with enabled translations that changed since they were synced, most
    recently changed first. One query for all pages; snippets are compared one by one."""
    published = Page.objects.filter(
        translation_key=OuterRef("object_id"), locale_id=OuterRef("locale_id")
    ).values("last_published_at")[:1]
    sources = (
        TranslationSource.objects.filter(translations__enabled=True)
        .distinct()
        .annotate(published_at=Subquery(published))
        .select_related("specific_content_type", "locale")
        .prefetch_related(
            Prefetch(
                "translations",
                queryset=Translation.objects.filter(enabled=True).select_related("target_locale"),
            )
        )
    )
    result = []
    for source in sources:
        model = source.specific_content_type.model_class()
        if model is not None and issubclass(model, Page):
            if source.published_at and source.published_at > source.last_updated_at:
                result.append(
                    OutOfDateSource(source, source.published_at, list(source.translations.all()))
                )
            continue
        try:
            instance = source.get_source_instance()
        except model.DoesNotExist:
            continue
        if _current_content(instance) != json.loads(source.content_json):
            result.append(OutOfDateSource(source, None, list(source.translations.all())))
    epoch = datetime.datetime.min.replace(tzinfo=datetime.UTC)
    return sorted(result, key=lambda item: item.changed_at or epoch, reverse=True)
