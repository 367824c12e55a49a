"""Every signed-in session is re-checked with the provider at least every 15 minutes."""

from __future__ import annotations

import time

from django.conf import settings
from django.contrib import auth, messages
from django.contrib.auth.views import redirect_to_login
from django.shortcuts import render

from .backend import CHECKED_AT, SignInRefused, recheck
from .views import REASONS, logger


class ProviderCheckMiddleware:
    """Re-checks a single sign-on session with the provider when its last check is older than
    ``OIDC_RENEW_ID_TOKEN_EXPIRY_SECONDS``, whatever the request's method.

    A refused or failed re-check ends the session before any view runs. A GET then goes to the
    login page (with its next page); anything else (a form being sent) is answered with a page
    saying that nothing was saved, so that no change is made on a sign-in the provider no longer
    vouches for. A user the provider refuses is deactivated until their next sign-in succeeds.
    Local (break-glass) sessions have no check time and are left alone.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        checked_at = request.session.get(CHECKED_AT)
        if (
            checked_at is not None
            and time.time() - checked_at >= settings.OIDC_RENEW_ID_TOKEN_EXPIRY_SECONDS
            and request.user.is_authenticated
        ):
            try:
                recheck(request)
            except SignInRefused as exc:
                return self.refused(request, exc.reason)
        return self.get_response(request)

    def refused(self, request, reason: str):
        user = request.user
        logger.warning("single sign-on re-check refused: %s", reason)
        if reason == "refused":
            user.is_active = False
            user.save(update_fields=["is_active"])
        auth.logout(request)
        if request.method in ("GET", "HEAD"):
            messages.warning(request, f"{REASONS[reason]} {REASONS['relogin']}")
            return redirect_to_login(request.get_full_path())
        return render(
            request,
            "accounts/sso/expired.html",
            {"message": REASONS[reason]},
            status=401,
        )
