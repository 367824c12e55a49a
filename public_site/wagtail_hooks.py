"""Admin: «Forhåndsvis på nettsiden» on the page types that may be public."""

from django.urls import path, reverse
from django.utils.translation import gettext as _
from wagtail import hooks
from wagtail.admin.widgets.button import Button

from accounts.people import is_coordinator
from core.mixins import PublicPageMixin

from .views import PublicPreviewView


@hooks.register("register_admin_urls")
def public_site_urls():
    return [
        path(
            "nettsiden/<int:page_id>/",
            PublicPreviewView.as_view(),
            name="public_site_preview",
        )
    ]


@hooks.register("register_page_header_buttons")
def public_preview_button(page, user, view_name, next_url=None):
    if issubclass(page.specific_class or type(page), PublicPageMixin) and is_coordinator(user):
        yield Button(
            _("Forhåndsvis på nettsiden"),
            url=reverse("public_site_preview", args=[page.pk]),
            icon_name="view",
            priority=67,
            attrs={"target": "_blank", "rel": "noopener"},
        )
