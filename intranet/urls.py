from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.urls import include, path, re_path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls
from wagtail.urls import serve_pattern

from accounts import views as accounts_views
from core import views as core_views
from onboarding import views as onboarding_views
from review import views as review_views
from search import views as search_views

urlpatterns = [
    path(settings.INTRANET_ADMIN_PREFIX.strip("/") + "/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("i18n/", include("django.conf.urls.i18n")),
    path("healthz", core_views.healthz, name="healthz"),
    path("okt/forleng/", accounts_views.extend_session, name="extend_session"),
]

urlpatterns += i18n_patterns(
    path(
        "logg-inn/",
        login_not_required(auth_views.LoginView.as_view(redirect_authenticated_user=True)),
        name="login",
    ),
    # Logging out never needs a login: after a session expired the session warning's
    # logout must still reach the login page with its explanation.
    path("logg-ut/", login_not_required(auth_views.LogoutView.as_view()), name="logout"),
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
