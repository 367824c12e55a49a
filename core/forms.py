"""The edit forms of the page types: every page's (``BasePageForm``) and a public one's."""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminPageForm

from core.locales import default_locale_id


class BasePageForm(WagtailAdminPageForm):
    """An expiry date unpublishes the page when it comes, so setting one takes the right to
    unpublish: a unit's resource person may edit the unit page but not take it offline."""

    def clean(self):
        cleaned_data = super().clean()
        if (
            self.instance.pk
            and "expire_at" in self.changed_data
            and cleaned_data.get("expire_at")
            and self.for_user is not None
            and not self.instance.permissions_for_user(self.for_user).can_unpublish()
        ):
            self.add_error(
                "expire_at",
                _(
                    "Du kan ikke sette en utløpsdato på denne siden: den ville bli avpublisert. "
                    "Be koordinatoren om det."
                ),
            )
        return cleaned_data


class PublicPageForm(BasePageForm):
    """In a translation «Publiseres på bydelens nettside» is read-only: the Norwegian source
    decides it. A disabled field ignores whatever is posted and keeps the page's value."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields.get("publish_on_website")
        locale_id = self.instance.locale_id
        if field is not None and locale_id and locale_id != default_locale_id():
            field.disabled = True
            field.help_text = _("Bestemmes av den norske siden; oversettelsene følger den.")
