"""Translated content points at translated snippets where they exist.

wagtail-localize translates a foreign key or a chooser block to a translatable snippet by
pointing it at the snippet's translation (RelatedObjectSegment), but it leaves many-to-many
relations alone. ``localize_snippet_relations`` does the same for those: a page in English gets
the English ResponsibleRole, LegalProvision or TargetGroup where one exists, and keeps the
Norwegian one otherwise. Relations to pages are not changed here: a page is localised when it
is shown (``core.localize``), because its translation may still be a draft.
"""

from __future__ import annotations

from collections.abc import Sequence

from modelcluster.fields import ParentalManyToManyField
from modelcluster.models import ClusterableModel, get_all_child_relations
from wagtail.models import Page, TranslatableMixin


def translations_in(objects: Sequence, locale_id: int) -> list:
    """``objects`` with each one replaced by its translation in ``locale_id``, where one exists.

    One query for all objects that are in another locale; none if every one is already there.
    """
    foreign = [obj for obj in objects if obj.locale_id != locale_id]
    if not foreign:
        return list(objects)
    model = type(foreign[0])
    found = {
        obj.translation_key: obj
        for obj in model._default_manager.filter(
            translation_key__in={obj.translation_key for obj in foreign}, locale_id=locale_id
        )
    }
    result = []
    for obj in objects:
        obj = found.get(obj.translation_key, obj)
        if obj not in result:
            result.append(obj)
    return result


def _snippet_relations(model) -> list[ParentalManyToManyField]:
    return [
        field
        for field in model._meta.get_fields()
        if isinstance(field, ParentalManyToManyField)
        and issubclass(field.related_model, TranslatableMixin)
        and not issubclass(field.related_model, Page)
    ]


def localize_snippet_relations(instance, locale_id: int) -> bool:
    """Point ``instance``'s many-to-many relations to translatable snippets, and those of its
    inline children (a measure's actions and their roles), at the translations in
    ``locale_id``. Changes the unsaved instance only; returns whether anything changed."""
    changed = False
    for field in _snippet_relations(type(instance)):
        current = list(getattr(instance, field.name).all())
        localized = translations_in(current, locale_id)
        if localized != current:
            setattr(instance, field.name, localized)
            changed = True
    if isinstance(instance, ClusterableModel):
        for relation in get_all_child_relations(instance):
            if not _snippet_relations(relation.related_model):
                continue
            name = relation.get_accessor_name()
            children = list(getattr(instance, name).all())
            results = [localize_snippet_relations(child, locale_id) for child in children]
            if any(results):
                setattr(instance, name, children)
                changed = True
    return changed
