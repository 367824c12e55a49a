from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib.auth.decorators import login_not_required
from django.urls import include, path, re_path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls
from wagtail.urls import serve_pattern

from accounts import views as accounts_views
from accounts.sso import views as sso_views
from core import views as core_views
from onboarding import views as onboarding_views
from review import views as review_views
from search import views as search_views

ADMIN = settings.INTRANET_ADMIN_PREFIX.strip("/")

urlpatterns = [
    # The admin signs in and out through ours (single sign-on when it is on).
    path(f"{ADMIN}/login/", accounts_views.admin_login, name="wagtailadmin_login"),
    path(f"{ADMIN}/logout/", sso_views.SignOutView.as_view(), name="wagtailadmin_logout"),
    path(f"{ADMIN}/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("i18n/", include("django.conf.urls.i18n")),
    path("healthz", core_views.healthz, name="healthz"),
    path("okt/forleng/", accounts_views.extend_session, name="extend_session"),
    # Single sign-on (docs/sso.md): the provider's redirect URIs carry no language prefix.
    path(
        "oidc/logg-inn/",
        sso_views.unavailable_provider_page(sso_views.SignInView),
        name="oidc_authentication_init",
    ),
    path(
        "oidc/callback/",
        sso_views.unavailable_provider_page(sso_views.CallbackView),
        name="oidc_authentication_callback",
    ),
    path("oidc/utlogging/", sso_views.front_channel_logout, name="oidc_front_channel_logout"),
]

urlpatterns += i18n_patterns(
    path("logg-inn/", accounts_views.LoginView.as_view(), name="login"),
    path(
        "logg-inn/nodtilgang/",
        accounts_views.LoginView.as_view(break_glass=True),
        name="break_glass_login",
    ),
    # Logging out never needs a login: after a session expired the session warning's
    # logout must still reach the login page with its explanation.
    path("logg-ut/", login_not_required(sso_views.SignOutView.as_view()), name="logout"),
    path("search/", search_views.search, name="search"),
    path("min-leseliste/", onboarding_views.my_reading_list, name="my_reading_list"),
    path("min-leseliste/lest/<int:page_id>/", onboarding_views.confirm, name="confirm_read"),
    path("rapportering/", include("reporting.urls")),
    path("endringer-siden-planen/", review_views.changes_since_plan, name="changes_since_plan"),
    # Wagtail's utility views (the password form of a view restriction), then its page view
    # through the shared page cache in place of Wagtail's own.
    *(p for p in wagtail_urls.urlpatterns if p.name != "wagtail_serve"),
    re_path(serve_pattern, core_views.serve, name="wagtail_serve"),
    prefix_default_language=False,
)

handler500 = core_views.server_error

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns = static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT) + urlpatterns
