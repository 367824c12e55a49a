"""The provider's configuration: our settings first, its discovery document for the rest."""

from __future__ import annotations

from urllib.parse import urlsplit

import requests
from django.conf import settings
from django.core.cache import cache
from mozilla_django_oidc.utils import import_from_settings

# Settings mozilla-django-oidc reads, and the discovery document's name for each. A setting of
# that name (tests, or a provider without discovery) takes precedence.
DISCOVERED = {
    "OIDC_OP_AUTHORIZATION_ENDPOINT": "authorization_endpoint",
    "OIDC_OP_TOKEN_ENDPOINT": "token_endpoint",
    "OIDC_OP_USER_ENDPOINT": "userinfo_endpoint",
    "OIDC_OP_JWKS_ENDPOINT": "jwks_uri",
    "OIDC_OP_LOGOUT_ENDPOINT": "end_session_endpoint",
}
DISCOVERY_CACHE_SECONDS = 60 * 60


class ProviderUnavailable(Exception):
    """The provider's discovery document could not be read."""


def enabled() -> bool:
    """Is single sign-on on (``OIDC_OP_ISSUER`` set)? Without it, the local login is used."""
    return bool(getattr(settings, "OIDC_OP_ISSUER", None))


def issuer() -> str:
    return settings.OIDC_OP_ISSUER or ""


def origin() -> str:
    """The provider's origin (scheme and host), which may frame the front-channel logout."""
    parts = urlsplit(issuer())
    return f"{parts.scheme}://{parts.netloc}"


def metadata() -> dict:
    """The provider's discovery document, cached for an hour."""
    key = f"intranet:oidc:metadata:{issuer()}"
    document = cache.get(key)
    if document is None:
        url = issuer().rstrip("/") + "/.well-known/openid-configuration"
        try:
            response = requests.get(url, timeout=settings.OIDC_TIMEOUT)
            response.raise_for_status()
            document = response.json()
        except (requests.RequestException, ValueError) as exc:
            raise ProviderUnavailable(str(exc)) from exc
        if document.get("issuer") != issuer():
            raise ProviderUnavailable("the discovery document names another issuer")
        cache.set(key, document, DISCOVERY_CACHE_SECONDS)
    return document


def setting(name: str, *default):
    """mozilla-django-oidc's ``get_settings``, with the endpoints from discovery."""
    if name in DISCOVERED and getattr(settings, name, None) is None:
        return metadata().get(DISCOVERED[name]) if enabled() else None
    return import_from_settings(name, *default)
