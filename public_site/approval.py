"""Which file versions the website may have: the one in place when the using page was approved.

``record_file`` runs after every save of a document or an image and notes when its file changed
(by content, not name). ``approved_for(page, obj)`` is the export's rule: ``obj``'s current file
was in place when ``page``'s live version was published. A document or image from before this
record existed counts as placed when it was created.
"""

from __future__ import annotations

import hashlib

from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from .models import PlacedFile


def file_sha256(obj) -> str:
    digest = hashlib.sha256()
    with obj.file.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def record_file(sender, instance, **kwargs) -> None:
    """post_save of a document or an image: note the time its file changed."""
    if not instance.file:
        return
    try:
        sha256 = file_sha256(instance)
    except OSError:
        return
    content_type = ContentType.objects.get_for_model(instance)
    current = PlacedFile.objects.filter(content_type=content_type, object_id=instance.pk).first()
    if current is not None and current.sha256 == sha256:
        return
    PlacedFile.objects.update_or_create(
        content_type=content_type,
        object_id=instance.pk,
        defaults={"sha256": sha256, "placed_at": timezone.now()},
    )


def placed_at(obj):
    content_type = ContentType.objects.get_for_model(obj)
    found = PlacedFile.objects.filter(content_type=content_type, object_id=obj.pk).first()
    return found.placed_at if found is not None else obj.created_at


def approved_for(page, obj) -> bool:
    """Whether ``obj``'s current file was in place when ``page``'s live version was published."""
    published = page.last_published_at
    return published is not None and placed_at(obj) <= published
