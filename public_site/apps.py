from django.apps import AppConfig
from django.db.models.signals import post_save


class PublicSiteConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "public_site"
    verbose_name = "Bydelens nettside"

    def ready(self):
        from wagtail.documents import get_document_model
        from wagtail.images import get_image_model

        from .approval import record_file

        for model in (get_document_model(), get_image_model()):
            post_save.connect(record_file, sender=model, dispatch_uid=f"public_site.{model}")
