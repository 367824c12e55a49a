from django.apps import AppConfig


class ReviewConfig(AppConfig):
    """The review cycle: owners, review dates, reminders and the coordinator's overview."""

    name = "review"
    verbose_name = "Gjennomgang av innhold"

    def ready(self):
        from core import page_cache

        from .cycle import page_reviewed

        # Cached pages show when they were last reviewed.
        page_reviewed.connect(page_cache.content_changed, dispatch_uid="review.page_reviewed")
