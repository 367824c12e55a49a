"""Every intranet page needs a logged-in user; sessions end after inactivity."""

import time

from django.conf import settings
from django.contrib.auth.middleware import LoginRequiredMiddleware
from django.utils.cache import add_never_cache_headers

SESSION_ACTIVITY_KEY = "_intranet_activity"


class IntranetLoginRequiredMiddleware(LoginRequiredMiddleware):
    """Django's LoginRequiredMiddleware, leaving Wagtail's admin to its own login screen.

    Views opt out with ``django.contrib.auth.decorators.login_not_required`` (login page,
    health check). Static files are served by WhiteNoise before this middleware runs. The
    pages at ``INTRANET_PUBLIC_PAGE_PATHS`` (exact paths, GET and HEAD only) are readable
    without login: the accessibility statement, which the login page links to.
    """

    def process_view(self, request, view_func, view_args, view_kwargs):
        if request.path_info.startswith(settings.INTRANET_ADMIN_PREFIX):
            return None
        if (
            request.method in ("GET", "HEAD")
            and request.path_info in settings.INTRANET_PUBLIC_PAGE_PATHS
        ):
            return None
        return super().process_view(request, view_func, view_args, view_kwargs)


def refresh_session_activity(request, force: bool = False) -> None:
    """Move a logged-in session's expiry forward (SESSION_COOKIE_AGE from now).

    Saving the session is what moves it, so it is saved at most once every
    ``INTRANET_SESSION_REFRESH_SECONDS`` unless ``force`` is given.
    """
    now = int(time.time())
    last = request.session.get(SESSION_ACTIVITY_KEY, 0)
    if force or now - last >= settings.INTRANET_SESSION_REFRESH_SECONDS:
        request.session[SESSION_ACTIVITY_KEY] = now


class SessionActivityMiddleware:
    """Sliding session expiry for logged-in staff, and no stored copies of their pages.

    Django ends a session SESSION_COOKIE_AGE after it was last saved (in the cache and the
    database alike), so a session that sees no request for that long is over, with or without
    JavaScript. Requests a page makes by itself (``INTRANET_BACKGROUND_PATHS``: the admin
    editor's ping every few seconds) are not activity: an editor left open on a shared
    computer ends like any other page. Responses to a logged-in user get
    ``Cache-Control: no-store`` so that nobody can read them from a shared computer's browser
    cache after logging out.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        authenticated = request.user.is_authenticated
        if authenticated and not request.path_info.startswith(settings.INTRANET_BACKGROUND_PATHS):
            refresh_session_activity(request)
        response = self.get_response(request)
        if authenticated and not response.has_header("Cache-Control"):
            add_never_cache_headers(response)
        return response
