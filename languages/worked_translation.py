"""A finished translation loaded through wagtail-localize, the way a translator's work is stored.

``translate_page`` takes the translated page's field values in the source's structure (the
same blocks in the same order, the texts translated), pairs their strings with the source's
segments, stores them as StringTranslations (as the translation editor or a PO upload would)
and saves and publishes the translated page with ``Translation.save_target``. load_plan uses it
for the worked English translation of the population guide.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field

from django.db import transaction
from wagtail.fields import StreamField
from wagtail.models import Locale, Page
from wagtail_localize.models import (
    StringSegment,
    StringTranslation,
    Translation,
    TranslationSource,
)
from wagtail_localize.segments import StringSegmentValue
from wagtail_localize.segments.extract import extract_segments

TOOL_NAME = "load_plan"
_UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")


class TranslationShapeError(ValueError):
    """The translated values do not have the source's structure; names the first difference."""


@dataclass
class TranslationOutcome:
    page: Page
    status: str  # "created", "updated" or "unchanged"
    kept: list[str] = field(default_factory=list)  # strings a translator changed since


def _shape(path: str) -> str:
    """A segment's path without block and child ids, which differ between two instances."""
    return _UUID.sub("*", path)


def _unsaved(model, values: dict):
    """An unsaved instance with ``values``; its StreamField blocks get ids, as on saving."""
    instance = model(**values)
    for stream_field in instance._meta.get_fields():
        if isinstance(stream_field, StreamField):
            getattr(instance, stream_field.name).get_prep_value()
    return instance


def _paired_strings(source: TranslationSource, example: Page) -> list[tuple[StringSegment, str]]:
    segments = list(
        StringSegment.objects.filter(source=source)
        .order_by("order")
        .select_related("string", "context")
    )
    values = [value for value in extract_segments(example) if isinstance(value, StringSegmentValue)]
    for segment, value in zip(segments, values, strict=False):
        if _shape(segment.context.path) != _shape(value.path):
            raise TranslationShapeError(
                f"{_shape(segment.context.path)} («{segment.string.data[:40]}»): the "
                f"translation has {_shape(value.path)} («{value.string.data[:40]}») here"
            )
        if (json.loads(segment.attrs or "null") or {}) != (value.attrs or {}):
            raise TranslationShapeError(
                f"{_shape(segment.context.path)}: the links differ from the source's"
            )
    if len(segments) != len(values):
        raise TranslationShapeError(
            f"the source has {len(segments)} texts, the translation {len(values)}"
        )
    return [(segment, value.string.data) for segment, value in zip(segments, values, strict=True)]


@transaction.atomic
def translate_page(
    source: Page, values: dict, locale: Locale, *, overwrite: bool = False, user=None
) -> TranslationOutcome:
    """Translate ``source`` into ``locale`` with the texts of ``values`` (field → value, in
    the source's structure) and publish the translated page.

    Idempotent: with nothing new, nothing is saved. A string that differs from one stored
    earlier (a translator improved it) is kept and reported, unless ``overwrite``; then the
    source is also refreshed from the page first.
    """
    source = Page.objects.get(pk=source.pk).specific  # as stored, not as held in memory
    if overwrite:
        previous = TranslationSource.objects.get_for_instance_or_none(source)
        translation_source, _ = TranslationSource.update_or_create_from_instance(source)
        changed = previous is None or previous.last_updated_at != translation_source.last_updated_at
    else:
        translation_source, _ = TranslationSource.get_or_create_from_instance(source)
        changed = False
    example = _unsaved(type(source), values)
    kept = []
    for segment, text in _paired_strings(translation_source, example):
        existing = StringTranslation.objects.filter(
            translation_of_id=segment.string_id, context_id=segment.context_id, locale=locale
        ).first()
        if existing is not None and existing.data == text:
            continue
        if existing is not None and not overwrite:
            kept.append(existing.data)
            continue
        stored, _ = StringTranslation.objects.update_or_create(
            translation_of_id=segment.string_id,
            context_id=segment.context_id,
            locale=locale,
            defaults={
                "data": text,
                "translation_type": StringTranslation.TRANSLATION_TYPE_MANUAL,
                "tool_name": TOOL_NAME,
                "last_translated_by": user,
                "has_error": False,
                "field_error": "",
            },
        )
        if stored.has_error:
            raise TranslationShapeError(f"{_shape(segment.context.path)}: {text!r} is not valid")
        changed = True

    translation, _ = Translation.objects.get_or_create(
        source=translation_source, target_locale=locale
    )
    target = Page.objects.filter(
        translation_key=source.translation_key, locale=locale, alias_of__isnull=True
    ).first()
    if target is not None and not changed:
        return TranslationOutcome(target.specific, "unchanged", kept)
    translation.save_target(user=user, publish=False)
    translated = translation.get_target_instance()
    translated.get_latest_revision().publish(user=user)
    return TranslationOutcome(translated, "updated" if target else "created", kept)
