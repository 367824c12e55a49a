from django.apps import AppConfig
from django.conf import settings
from django.conf.locale import LANG_INFO
from django.db.models.signals import post_delete, post_migrate, post_save


def _sync_locales(sender, **kwargs):
    from .locales import ensure_locale_roots, sync_locales

    sync_locales()
    ensure_locale_roots()


class LanguagesConfig(AppConfig):
    name = "languages"
    verbose_name = "Språk og oversettelse"

    def ready(self):
        # Django has no LANG_INFO for some of the district's languages (Somali): without it,
        # get_language_info() and Wagtail's locale names raise KeyError.
        for code, info in settings.EXTRA_LANG_INFO.items():
            LANG_INFO.setdefault(code, info)
        post_migrate.connect(_sync_locales, sender=self, dispatch_uid="languages.sync_locales")
        from wagtail.models import Locale

        from core.locales import forget_locale_ids

        from .admin_labels import label_admin_columns

        label_admin_columns()

        for signal in (post_save, post_delete):
            signal.connect(forget_locale_ids, sender=Locale, dispatch_uid="languages.locale_ids")
