"""The authentication backend: mozilla-django-oidc's code flow, keyed to Entra ID's identity.

mozilla-django-oidc runs the authorization code flow with PKCE, checks ``state`` and ``nonce``
and the ID token's signature against the provider's keys. This backend adds what Entra ID and
our rules need: the issuer, audience, expiry and tenant are checked too; users are keyed on the
stable ``tid`` + ``oid`` (or the issuer + ``sub``), never the e-mail address; the claims come
from the verified ID token, since userinfo lacks the app roles; the roles are applied at every
sign-in. A refused sign-in raises ``SignInRefused`` with a reason the view explains.
"""

from __future__ import annotations

import logging
import time

import jwt
import requests
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import SuspiciousOperation
from django.utils import timezone
from mozilla_django_oidc.auth import OIDCAuthenticationBackend

from ..auth import CachedModelBackend
from ..models import SignInIdentity
from . import config
from .roles import apply_app_roles

logger = logging.getLogger("intranet.security")

# Clocks differ a little between the provider and us.
CLOCK_SKEW_SECONDS = 60
# Session keys of a signed-in session.
ID_TOKEN = "oidc_id_token"
REFRESH_TOKEN = "oidc_refresh_token"
CHECKED_AT = "oidc_checked_at"
PROVIDER_SID = "oidc_sid"


class SignInRefused(Exception):
    """A sign-in (or a re-check) we refuse; ``reason`` is one of ``REASONS`` in views."""

    def __init__(self, reason: str, detail: str = ""):
        super().__init__(f"{reason}: {detail}" if detail else reason)
        self.reason = reason


def identity_of(claims: dict) -> tuple[str, str]:
    """(tenant, subject): Entra ID's ``tid`` and ``oid``, else the issuer and ``sub``."""
    if claims.get("tid") and claims.get("oid"):
        return str(claims["tid"]), str(claims["oid"])
    if claims.get("sub"):
        return str(claims["iss"]), str(claims["sub"])
    raise SignInRefused("claims", "no oid/tid or sub")


def _setting(name: str, *default) -> property:
    return property(lambda self: config.setting(name, *default))


class EntraIdBackend(OIDCAuthenticationBackend):
    """Sign-in with the municipal account. See the module's docstring.

    Django makes every backend for every sign-in, the break-glass password included, so the
    provider's settings are read when used, not when the backend is made: a provider that does
    not answer must not stop the local sign-in.
    """

    get_settings = staticmethod(config.setting)
    OIDC_OP_TOKEN_ENDPOINT = _setting("OIDC_OP_TOKEN_ENDPOINT")
    OIDC_OP_USER_ENDPOINT = _setting("OIDC_OP_USER_ENDPOINT")
    OIDC_OP_JWKS_ENDPOINT = _setting("OIDC_OP_JWKS_ENDPOINT")
    OIDC_RP_CLIENT_ID = _setting("OIDC_RP_CLIENT_ID")
    OIDC_RP_CLIENT_SECRET = _setting("OIDC_RP_CLIENT_SECRET")
    OIDC_RP_SIGN_ALGO = _setting("OIDC_RP_SIGN_ALGO")
    OIDC_RP_IDP_SIGN_KEY = None

    def __init__(self, *args, **kwargs):
        self.UserModel = get_user_model()

    def get_user(self, user_id):
        return CachedModelBackend().get_user(user_id)

    # The token

    def get_token(self, payload):
        self.token_info = super().get_token(payload)
        return self.token_info

    def verify_token(self, token, nonce=None, check_nonce=True, **kwargs):
        """The ID token's signature, issuer, audience, expiry, nonce and tenant; a token from
        a re-check (refresh) carries no nonce of ours: ``check_nonce=False``."""
        try:
            key = self.retrieve_matching_jwk(token)
            claims = jwt.decode(
                token,
                key,
                algorithms=[self.OIDC_RP_SIGN_ALGO],
                audience=self.OIDC_RP_CLIENT_ID,
                issuer=config.issuer(),
                leeway=CLOCK_SKEW_SECONDS,
                options={"require": ["exp", "iat", "aud", "iss"]},
            )
        except jwt.ExpiredSignatureError as exc:
            raise SignInRefused("expired", str(exc)) from exc
        except jwt.InvalidAudienceError as exc:
            raise SignInRefused("audience", str(exc)) from exc
        except (jwt.InvalidTokenError, SuspiciousOperation, requests.RequestException) as exc:
            raise SignInRefused("token", str(exc)) from exc
        if check_nonce and (not nonce or claims.get("nonce") != nonce):
            raise SignInRefused("nonce")
        tenant = settings.OIDC_TENANT_ID
        if tenant and claims.get("tid") != tenant:
            raise SignInRefused("tenant")
        self.verified_claims = claims
        return claims

    def store_tokens(self, access_token, id_token):
        remember_tokens(self.request.session, self.token_info, self.verified_claims)

    # The user

    def get_userinfo(self, access_token, id_token, payload):
        """The verified ID token's claims: Entra ID's userinfo has no app roles."""
        return payload

    def verify_claims(self, claims):
        identity_of(claims)
        return True

    def filter_users_by_claims(self, claims):
        tenant, subject = identity_of(claims)
        return self.UserModel.objects.filter(
            sign_in_identity__tenant_id=tenant, sign_in_identity__object_id=subject
        )

    def create_user(self, claims):
        tenant, subject = identity_of(claims)
        user = self.UserModel(username=free_username(claims))
        user.set_unusable_password()
        user.save()
        SignInIdentity.objects.create(
            user=user, tenant_id=tenant, object_id=subject, last_seen_at=timezone.now()
        )
        return self.update_user(user, claims)

    def update_user(self, user, claims):
        """Names and e-mail as the provider has them now, the account active, the roles
        applied; a user with no role we know is refused."""
        update_profile(user, claims)
        SignInIdentity.objects.filter(user=user).update(last_seen_at=timezone.now())
        if not apply_app_roles(user, claims.get("roles")):
            raise SignInRefused("no_role")
        return user


def free_username(claims: dict) -> str:
    """The sign-in name (``preferred_username``), made unique if a local user has it."""
    User = get_user_model()
    base = str(claims.get("preferred_username") or claims.get("oid") or claims["sub"])[:140]
    name, number = base, 1
    while User.objects.filter(username__iexact=name).exists():
        number += 1
        name = f"{base}-{number}"
    return name


def update_profile(user, claims: dict) -> None:
    """Save the name, e-mail and active flag only when they changed: a save of the user empties
    the page cache (staff names show on unit pages)."""
    first, _, last = str(claims.get("name") or "").rpartition(" ")
    wanted = {
        "first_name": str(claims.get("given_name") or first or last)[:150],
        "last_name": str(claims.get("family_name") or (last if first else ""))[:150],
        "email": str(claims.get("email") or claims.get("preferred_username") or "")[:254],
        "is_active": True,
        "is_superuser": False,
    }
    changed = [field for field, value in wanted.items() if getattr(user, field) != value]
    for field in changed:
        setattr(user, field, wanted[field])
    if changed:
        user.save(update_fields=changed)


def remember_tokens(session, token_info: dict, claims: dict) -> None:
    """Keep what a re-check and the sign-out need: the ID token, the refresh token, when the
    provider last vouched for the session, and its session id (``sid``)."""
    session[ID_TOKEN] = token_info["id_token"]
    session[REFRESH_TOKEN] = token_info.get("refresh_token") or session.get(REFRESH_TOKEN)
    session[CHECKED_AT] = int(time.time())
    session[PROVIDER_SID] = claims.get("sid") or session.get(PROVIDER_SID)


def recheck(request) -> None:
    """Ask the provider whether the signed-in user's sign-in still holds (a refresh-token
    grant, so it works for a POST as well as a GET) and apply the roles it now gives.

    Raises ``SignInRefused``: «refused» when the provider says no (a user who left, a revoked
    sign-in), «unreachable» when it does not answer, «no_role» when no known role is left.
    """
    session = request.session
    if not session.get(REFRESH_TOKEN):
        raise SignInRefused("refused", "no refresh token")
    backend = EntraIdBackend()
    backend.request = request
    payload = {
        "client_id": backend.OIDC_RP_CLIENT_ID,
        "client_secret": backend.OIDC_RP_CLIENT_SECRET,
        "grant_type": "refresh_token",
        "refresh_token": session[REFRESH_TOKEN],
    }
    try:
        token_info = backend.get_token(payload)
    except requests.HTTPError as exc:
        raise SignInRefused("refused", str(exc)) from exc
    except (requests.RequestException, config.ProviderUnavailable) as exc:
        raise SignInRefused("unreachable", str(exc)) from exc
    if not token_info.get("id_token"):
        raise SignInRefused("refused", "no ID token")
    claims = backend.verify_token(token_info["id_token"], check_nonce=False)
    tenant, subject = identity_of(claims)
    user = request.user
    if not SignInIdentity.objects.filter(user=user, tenant_id=tenant, object_id=subject).exists():
        raise SignInRefused("refused", "another identity")
    backend.update_user(user, claims)
    remember_tokens(session, token_info, claims)
