"""The coordinator's preview of a page as the website will show it."""

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django.views import View
from django.views.defaults import permission_denied
from wagtail.models import Page

from accounts.people import is_coordinator
from core.mixins import PublicPageMixin

from .links import PreviewLinks
from .rendering import render_public_page
from .selection import PublicPage, export_path, public_subset


class PublicPreviewView(View):
    """The latest revision (the draft, if any) in the public design, links checked as the
    export checks them. Only the coordinator (and the administrators) may open it."""

    def get(self, request, page_id):
        if not is_coordinator(request.user):
            # A plain 403: Wagtail's admin would turn PermissionDenied into a redirect.
            return permission_denied(request, PermissionDenied())
        page = get_object_or_404(Page, pk=page_id).specific
        if not isinstance(page, PublicPageMixin):
            raise Http404
        draft = page.get_latest_revision_as_object()
        subset = public_subset()
        item = PublicPage(page=draft, language=page.locale.language_code, path=export_path(page))
        if page.pk in subset.by_pk:
            note = _("Forhåndsvisning av nettsiden. Den publiserte versjonen eksporteres.")
        else:
            note = _(
                "Forhåndsvisning av nettsiden. Siden eksporteres ikke: den er ikke publisert, ikke "
                "valgt for nettsiden, har tilgangsbegrensning eller ligger under en intern side."
            )
        return HttpResponse(render_public_page(item, PreviewLinks(subset), preview_note=note))
