"""Index each loaded object once, at the end of the load.

A page is saved three or four times while it is loaded (created, revised, published, linked),
and every save updates Wagtail's reference index and the search index for it. During a load
those two post-save handlers are set aside; the objects saved are remembered, and each is
indexed once at the end, by the same tasks the handlers would have run, inside the load's
transaction. Deletions are indexed as usual.

The handlers are module-wide signal receivers, so they are set aside for the whole process
while the load runs: load it from a management command (or a test), not from a web request.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager, suppress

from django.apps import apps
from django.core.exceptions import ObjectDoesNotExist
from django.db.models.signals import post_save
from modelsearch import index
from modelsearch.signal_handlers import post_save_signal_handler as update_search_index_on_save
from modelsearch.tasks import insert_or_update_object_task
from wagtail.models import ReferenceIndex
from wagtail.signal_handlers import update_reference_index_on_save
from wagtail.tasks import update_reference_index_task

_REMEMBER = "loading.indexing.remember"


@contextmanager
def indexed_once_at_the_end() -> Iterator[None]:
    """Within the block, saves update neither index; after it, every object saved is indexed."""
    saved: dict[tuple[str, str, str], None] = {}

    def remember(sender, instance, raw=False, **kwargs):
        if not raw:
            saved[(instance._meta.app_label, instance._meta.model_name, str(instance.pk))] = None

    searched = {
        model for model in index.get_indexed_models() if getattr(model, "search_auto_update", True)
    }
    referenced = set(ReferenceIndex.tracked_models)
    set_aside = {
        (handler, model)
        for handler, models in (
            (update_search_index_on_save, searched),
            (update_reference_index_on_save, referenced),
        )
        for model in models
        if post_save.disconnect(handler, sender=model)
    }
    post_save.connect(remember, weak=False, dispatch_uid=_REMEMBER)
    try:
        yield
    finally:
        post_save.disconnect(dispatch_uid=_REMEMBER)
        for handler, model in set_aside:
            post_save.connect(handler, sender=model)
    for app_label, model_name, pk in saved:
        model = apps.get_model(app_label, model_name)
        for task, handler in (
            (insert_or_update_object_task, update_search_index_on_save),
            (update_reference_index_task, update_reference_index_on_save),
        ):
            # An object saved, then deleted within the load, is gone from both already.
            if (handler, model) in set_aside:
                with suppress(ObjectDoesNotExist):
                    task.call(app_label, model_name, pk)
