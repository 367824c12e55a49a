from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save


def _page_published(sender, instance, **kwargs):
    from .services.vocabulary import add_page_words

    add_page_words(instance)


class SearchConfig(AppConfig):
    name = "search"
    label = "intranet_search"
    verbose_name = "Søk"

    def ready(self):
        from wagtail.contrib.search_promotions.models import Query, SearchPromotion
        from wagtail.models import Locale
        from wagtail.signals import page_published

        from .models import SynonymGroup
        from .services.engine import clear_locales_cache
        from .services.promotions import clear_promotions_cache
        from .services.synonyms import clear_cache

        page_published.connect(_page_published, dispatch_uid="search.vocabulary")
        for model, clear in (
            (Locale, clear_locales_cache),
            (SearchPromotion, clear_promotions_cache),
            (Query, clear_promotions_cache),
        ):
            name = model._meta.label_lower
            post_save.connect(clear, sender=model, dispatch_uid=f"search.{name}.saved")
            post_delete.connect(clear, sender=model, dispatch_uid=f"search.{name}.gone")
        post_save.connect(clear_cache, sender=SynonymGroup, dispatch_uid="search.synonyms_saved")
        post_delete.connect(clear_cache, sender=SynonymGroup, dispatch_uid="search.synonyms_gone")
