"""The edit form of a page type that may be public (``PublicPageMixin``)."""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminPageForm

from core.locales import default_locale_id


class PublicPageForm(WagtailAdminPageForm):
    """In a translation «Publiseres på bydelens nettside» is read-only: the Norwegian source
    decides it. A disabled field ignores whatever is posted and keeps the page's value."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields.get("publish_on_website")
        locale_id = self.instance.locale_id
        if field is not None and locale_id and locale_id != default_locale_id():
            field.disabled = True
            field.help_text = _("Bestemmes av den norske siden; oversettelsene følger den.")
