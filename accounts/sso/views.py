"""Sign-in through the provider, sign-out from both, the provider's front-channel logout, and a
clear Norwegian page whenever a sign-in is refused."""

from __future__ import annotations

import logging
from urllib.parse import urlencode

import requests
from django.conf import settings
from django.contrib import auth
from django.contrib.auth import get_user_model
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.contrib.sessions.backends.base import SessionBase
from django.core.exceptions import SuspiciousOperation
from django.http import Http404, HttpResponse, HttpResponseBadRequest, HttpResponseRedirect
from django.shortcuts import render, resolve_url
from django.utils.decorators import method_decorator
from django.utils.module_loading import import_string
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.clickjacking import xframe_options_exempt
from django.views.decorators.http import require_GET
from mozilla_django_oidc.views import OIDCAuthenticationCallbackView, OIDCAuthenticationRequestView

from ..models import ProviderSession
from . import config
from .backend import ID_TOKEN, PROVIDER_SID, SignInRefused

logger = logging.getLogger("intranet.security")

# What the refusal page says for each reason (SignInRefused.reason).
REASONS = {
    "no_role": _(
        "Du er logget inn med kommunekontoen din, men har ikke fått tilgang til intranettet ennå."
    ),
    "refused": _("Kommunens innlogging godtar ikke lenger innloggingen din."),
    "unreachable": _("Kommunens innlogging svarer ikke akkurat nå."),
    "provider": _("Kommunens innlogging avviste innloggingen."),
    "state": _(
        "Innloggingen var allerede brukt eller startet i en annen fane eller nettleser, og kan "
        "ikke brukes igjen."
    ),
    "nonce": _("Innloggingen hørte ikke til denne økten og kan ikke brukes."),
    "expired": _("Innloggingen var utløpt."),
    "audience": _("Innloggingen var laget for en annen tjeneste enn intranettet."),
    "tenant": _("Kontoen hører ikke til Oslo kommune."),
    "token": _("Innloggingen kunne ikke bekreftes."),
    "claims": _("Innloggingen manglet opplysninger intranettet trenger."),
    "relogin": _("Logg inn på nytt."),
}


def refused(request, reason: str, status: int = 403) -> HttpResponse:
    """The page that explains a refused sign-in and what to do; logged without who."""
    logger.warning("single sign-on refused: %s", reason)
    return render(
        request,
        "accounts/sso/refused.html",
        {
            "reason": reason,
            "message": REASONS.get(reason, REASONS["token"]),
            "contact": settings.SSO_ACCESS_CONTACT,
            "coordinators": coordinators(),
        },
        status=status,
    )


def coordinators():
    """Whom to ask for access: those who follow up every unit, with an e-mail address."""
    return (
        get_user_model()
        .objects.filter(
            is_active=True,
            groups__permissions__codename="coordinate_units",
            groups__permissions__content_type__app_label="accounts",
        )
        .exclude(email="")
        .distinct()
        .order_by("first_name", "last_name")
    )


@method_decorator([login_not_required, never_cache], name="dispatch")
class SignInView(OIDCAuthenticationRequestView):
    """Off to the provider, with state, nonce and a PKCE challenge kept in the session."""

    get_settings = staticmethod(config.setting)

    def dispatch(self, request, *args, **kwargs):
        if not config.enabled():
            raise Http404
        return super().dispatch(request, *args, **kwargs)


def unavailable_provider_page(view_class):
    """``view_class.as_view()``, answering with a clear page when the provider's discovery
    document cannot be read (its views read the endpoints when they are made)."""
    view = view_class.as_view()

    @login_not_required
    def wrapped(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except config.ProviderUnavailable:
            return refused(request, "unreachable", status=503)

    return wrapped


@method_decorator([login_not_required, never_cache], name="dispatch")
class CallbackView(OIDCAuthenticationCallbackView):
    """The provider's answer: a signed-in user on the page they asked for, or a clear page."""

    get_settings = staticmethod(config.setting)

    def get(self, request):
        if not config.enabled():
            raise Http404
        try:
            return super().get(request)
        except SignInRefused as exc:
            return refused(request, exc.reason)
        except SuspiciousOperation:
            return refused(request, "state", status=400)
        except requests.RequestException:
            return refused(request, "provider")

    def login_failure(self):
        reason = "provider" if self.request.GET.get("error") else "state"
        return refused(self.request, reason, status=400 if reason == "state" else 403)

    def login_success(self):
        response = super().login_success()
        session = self.request.session
        if session.get(PROVIDER_SID):
            session.save()
            ProviderSession.objects.update_or_create(
                session_key=session.session_key,
                defaults={"sid": session[PROVIDER_SID], "user": self.user},
            )
        return response


class SignOutView(auth_views.LogoutView):
    """Django's logout; after a single sign-on, on to the provider to end its session too
    (RP-initiated logout), which sends the browser back to our login page."""

    def post(self, request, *args, **kwargs):
        provider_logout = provider_logout_url(request)
        response = super().post(request, *args, **kwargs)
        return HttpResponseRedirect(provider_logout) if provider_logout else response


def provider_logout_url(request) -> str | None:
    id_token = request.session.get(ID_TOKEN)
    if not (config.enabled() and id_token):
        return None
    endpoint = config.setting("OIDC_OP_LOGOUT_ENDPOINT")
    if not endpoint:
        return None
    query = {
        "id_token_hint": id_token,
        "client_id": settings.OIDC_RP_CLIENT_ID,
        "post_logout_redirect_uri": request.build_absolute_uri(resolve_url(settings.LOGIN_URL)),
    }
    return f"{endpoint}?{urlencode(query)}"


@login_not_required
@never_cache
@xframe_options_exempt
@require_GET
def front_channel_logout(request):
    """The provider ends our sessions of its session ``sid`` (Entra ID loads this page in a
    hidden frame when the user signs out elsewhere)."""
    if not config.enabled():
        raise Http404
    sid = request.GET.get("sid")
    issuer = request.GET.get("iss")
    if not sid or (issuer and issuer != config.issuer()):
        return HttpResponseBadRequest("sid and the provider's iss are needed")
    store = import_string(f"{settings.SESSION_ENGINE}.SessionStore")
    ended = 0
    for row in ProviderSession.objects.filter(sid=sid):
        session: SessionBase = store(row.session_key)
        session.delete()
        ended += 1
    ProviderSession.objects.filter(sid=sid).delete()
    if request.session.get(PROVIDER_SID) == sid:
        auth.logout(request)
    logger.info("front-channel logout ended %d session(s)", ended)
    response = HttpResponse("", content_type="text/plain")
    response["Content-Security-Policy"] = f"default-src 'none'; frame-ancestors {config.origin()}"
    return response


def forget_provider_session(sender, request, user, **kwargs) -> None:
    """user_logged_out: the session's link to the provider's session goes with it."""
    if request is not None and request.session.session_key:
        ProviderSession.objects.filter(session_key=request.session.session_key).delete()
