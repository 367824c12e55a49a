"""Session views of our own (sign-in and sign-out are Django's)."""

from django.http import HttpResponse
from django.views.decorators.http import require_POST

from .middleware import refresh_session_activity


@require_POST
def extend_session(request):
    """«Fortsett å være innlogget» in the session warning (static/js/session-timeout.js): the
    session's 30 minutes start again from now."""
    refresh_session_activity(request, force=True)
    return HttpResponse(status=204)
