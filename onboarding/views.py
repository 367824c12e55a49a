"""«Min leseliste» and «Jeg har lest» for logged-in staff."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST
from wagtail.models import Page

from .reading import confirm_read, reading_progress


@require_GET
def my_reading_list(request):
    """The user's reading lists with their progress, the deadline, and what to read again."""
    return render(
        request, "onboarding/my_reading_list.html", {"progress": reading_progress(request.user)}
    )


@require_POST
def confirm(request, page_id: int):
    """«Jeg har lest» on a page of the user's reading list (or its translation)."""
    item = reading_progress(request.user).item_for(page_id)
    if item is None:
        raise Http404
    page = get_object_or_404(Page.objects.live(), pk=item.page_id)
    confirm_read(request.user, page)
    messages.success(request, _("Registrert: du har lest «%(title)s».") % {"title": item.title})
    url = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(
        url, {request.get_host()}, require_https=request.is_secure()
    ):
        url = item.url or "/"
    return redirect(url)
