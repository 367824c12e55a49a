"""Content in the reader's language, falling back to the source language (Norwegian).

Relations between pages keep pointing at the source pages (as wagtail-localize leaves page
choosers and page foreign keys); they are localised here when shown, since a translation may be
a draft or missing. Each helper costs at most one query per model.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from django.db.models import Exists, OuterRef, Q, QuerySet
from wagtail.models import DraftStateMixin

from .locales import default_locale_id


def localized_objects(objects: Iterable, locale_id: int | None) -> dict[int, object]:
    """Each object's pk → its live translation in ``locale_id``, or the object itself.

    Works for pages and snippets; one query per model among the objects in another locale.
    """
    objects = [obj for obj in objects if obj is not None]
    result = {obj.pk: obj for obj in objects}
    by_model = defaultdict(list)
    for obj in objects:
        if locale_id is not None and obj.locale_id != locale_id:
            by_model[type(obj)].append(obj)
    for model, wanted in by_model.items():
        translations = model._default_manager.filter(
            translation_key__in={obj.translation_key for obj in wanted}, locale_id=locale_id
        )
        if issubclass(model, DraftStateMixin):
            translations = translations.filter(live=True)
        found = {obj.translation_key: obj for obj in translations}
        for obj in wanted:
            result[obj.pk] = found.get(obj.translation_key, obj)
    return result


def prefer_language(queryset: QuerySet, locale_id: int | None) -> QuerySet:
    """The rows of ``queryset`` in ``locale_id``, plus the source-language rows that have no
    (live) translation there: one list in the reader's language with Norwegian fallback."""
    default = default_locale_id()
    if locale_id is None or locale_id == default:
        return queryset.filter(locale_id=default)
    model = queryset.model
    translated = model._default_manager.filter(
        translation_key=OuterRef("translation_key"), locale_id=locale_id
    )
    if issubclass(model, DraftStateMixin):
        translated = translated.filter(live=True)
    return queryset.filter(Q(locale_id=locale_id) | Q(locale_id=default) & ~Exists(translated))
