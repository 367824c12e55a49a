"""Security headers on every response; one content generation per request."""

from django.conf import settings

from .page_cache import one_generation_per_request


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


class ContentGenerationMiddleware:
    """The content generation is read once per request (core.page_cache): a page from the page
    cache then asks Redis for it once, not once for every part that depends on it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        with one_generation_per_request():
            return self.get_response(request)
