"""Every intranet page needs a logged-in user."""

from django.conf import settings
from django.contrib.auth.middleware import LoginRequiredMiddleware


class IntranetLoginRequiredMiddleware(LoginRequiredMiddleware):
    """Django's LoginRequiredMiddleware, leaving Wagtail's admin to its own login screen.

    Views opt out with ``django.contrib.auth.decorators.login_not_required`` (login page,
    health check). Static files are served by WhiteNoise before this middleware runs.
    """

    def process_view(self, request, view_func, view_args, view_kwargs):
        if request.path_info.startswith(settings.INTRANET_ADMIN_PREFIX):
            return None
        return super().process_view(request, view_func, view_args, view_kwargs)
