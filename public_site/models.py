"""When each document's and image's current file was put in place (docs/public-export.md).

The export publishes a file only when the page that uses it was published after its current
file was uploaded: an uploader who replaces a document's file after the coordinator approved
the page linking to it does not reach the website until the page is approved again.
"""

from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _


class PlacedFile(models.Model):
    """The file a document or an image holds now: its sha256 and when it was put in place."""

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField()
    owner = GenericForeignKey("content_type", "object_id")
    sha256 = models.CharField(max_length=64)
    placed_at = models.DateTimeField()

    class Meta:
        verbose_name = _("fil på plass")
        verbose_name_plural = _("filer på plass")
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "object_id"], name="one_placed_file_per_object"
            )
        ]

    def __str__(self) -> str:
        return f"{self.content_type.model} {self.object_id}: {self.sha256[:12]} ({self.placed_at})"
