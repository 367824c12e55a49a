"""Security headers on every response."""

from django.conf import settings


def _policy(directives: dict) -> str:
    return "; ".join(f"{name} {value}" for name, value in directives.items())


class SecurityHeadersMiddleware:
    """Content-Security-Policy (Wagtail's admin gets its own) and Permissions-Policy.

    Django's SecurityMiddleware sends HSTS, Referrer-Policy, X-Content-Type-Options and
    Cross-Origin-Opener-Policy; XFrameOptionsMiddleware sends X-Frame-Options.
    """

    permissions_policy = "camera=(), microphone=(), geolocation=(), payment=(), usb=()"

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        admin = request.path_info.startswith(settings.INTRANET_ADMIN_PREFIX)
        policy = settings.INTRANET_ADMIN_CSP if admin else settings.INTRANET_CSP
        response.headers.setdefault("Content-Security-Policy", _policy(policy))
        response.headers.setdefault("Permissions-Policy", self.permissions_policy)
        return response
