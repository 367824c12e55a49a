"""Single sign-on through Microsoft Entra ID (OpenID Connect), configured from the environment.

Imported by the settings, so it imports no app. Without ``OIDC_OP_ISSUER`` single sign-on is off
and staff sign in with a local user name and password, as on a first run. See docs/sso.md.
"""

from __future__ import annotations

from collections.abc import Mapping
from urllib.parse import urlsplit

from django.core.exceptions import ImproperlyConfigured

BACKEND = "accounts.sso.backend.EntraIdBackend"


def sso_settings(environ: Mapping[str, str]) -> dict:
    """The settings single sign-on needs, or ``{}`` when ``OIDC_OP_ISSUER`` is not set.

    ``OIDC_OP_ISSUER`` is the provider's issuer; its endpoints are read from its discovery
    document (``<issuer>/.well-known/openid-configuration``) when first needed.
    """
    issuer = environ.get("OIDC_OP_ISSUER")
    if not issuer:
        return {}
    missing = [
        name for name in ("OIDC_RP_CLIENT_ID", "OIDC_RP_CLIENT_SECRET") if not environ.get(name)
    ]
    if missing:
        raise ImproperlyConfigured(f"OIDC_OP_ISSUER is set, so {' and '.join(missing)} must be")
    return {
        "OIDC_OP_ISSUER": issuer,
        "OIDC_RP_CLIENT_ID": environ["OIDC_RP_CLIENT_ID"],
        "OIDC_RP_CLIENT_SECRET": environ["OIDC_RP_CLIENT_SECRET"],
        # Entra ID's directory (tenant) id: tokens from any other tenant are refused.
        "OIDC_TENANT_ID": environ.get("OIDC_TENANT_ID") or None,
        # The one local account that may still sign in with a password (break-glass).
        "SSO_BREAK_GLASS_USERNAME": environ.get("SSO_BREAK_GLASS_USERNAME") or None,
    }


def form_action_origin(issuer: str | None) -> str:
    """The provider's origin, which the sign-out form redirects to (CSP form-action)."""
    if not issuer:
        return ""
    parts = urlsplit(issuer)
    return f"{parts.scheme}://{parts.netloc}"
