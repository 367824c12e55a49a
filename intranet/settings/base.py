"""Settings shared by every environment; everything that differs comes from the environment."""

import datetime
import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from .machine_translation import machine_translator_setting
from .sso import BACKEND as SSO_BACKEND
from .sso import form_action_origin, sso_settings

BASE_DIR = Path(__file__).resolve().parent.parent.parent
PROJECT_DIR = BASE_DIR / "intranet"


def env(name: str, default: str | None = None) -> str | None:
    """Read a setting from the environment; empty strings count as unset."""
    return os.environ.get(name) or default


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in (env(name, default) or "").split(",") if item.strip()]


def env_bool(name: str, default: bool = False) -> bool:
    value = env(name)
    if value is None:
        return default
    if value.lower() in {"1", "true", "yes", "on"}:
        return True
    if value.lower() in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {value!r}")


SECRET_KEY = env("SECRET_KEY")
DEBUG = False
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    # Ours, from the bottom layer up (docs/architecture.md).
    "core",
    "accounts",
    "guidance",
    "directory",
    "home",
    "languages",
    "review",
    "onboarding",
    "reporting",
    "search",
    "public_site",
    "ops",
    "loading",
    "wagtail_localize",
    "wagtail_localize.locales",
    "wagtail.contrib.redirects",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.search_promotions",
    "wagtail.contrib.settings",
    "wagtail.sites",
    "accounts.apps.UsersConfig",  # wagtail.users with the staff profile on the user form
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "axes",
    "mozilla_django_oidc",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "core.middleware.SecurityHeadersMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "core.middleware.ContentGenerationMiddleware",
    # Pages compressed (static files come compressed from WhiteNoise above, which answers before
    # this): a slow phone gets the whole page at once (docs/performance.md). Django's middleware
    # pads each response against BREACH, and CSRF tokens are masked per response.
    "django.middleware.gzip.GZipMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "accounts.middleware.IntranetLoginRequiredMiddleware",
    "accounts.middleware.SessionActivityMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # Before any view: a sign-in the provider no longer vouches for ends here (docs/sso.md).
    "accounts.sso.middleware.ProviderCheckMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # Last, as django-axes requires: turns a lockout into our login page with its message.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "intranet.urls"
WSGI_APPLICATION = "intranet.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "core.context_processors.intranet",
            ],
        },
    },
]

# Database: DATABASE_URL in dj-database-url form; a SQLite file is the embedded default.
DATABASES = {
    "default": dj_database_url.parse(
        env("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=int(env("CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
IS_POSTGRES = DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql"

# Cache: Redis when REDIS_URL is set, local memory otherwise.
REDIS_URL = env("REDIS_URL")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "intranet.cache.ReusingRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "vnr",
            # A Redis that does not answer costs a page half a second at most, then the site
            # runs without it (intranet.cache).
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Sessions are read from the cache and written through to the database. Shared computers: a
# session ends after 30 minutes without activity (accounts.middleware.SessionActivityMiddleware
# slides it forward, static/js/session-timeout.js warns before) and when the browser closes.
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
# SESSION_IDLE_MINUTES may be a fraction: 0.1 is the 6 seconds scripts/servers checks with.
SESSION_COOKIE_AGE = round(float(env("SESSION_IDLE_MINUTES", "30")) * 60)
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
# The expiry is written forward at most this often (not on every request; more often when the
# sessions are short, so that activity still keeps one going), and the warning shows this long
# before the end.
INTRANET_SESSION_REFRESH_SECONDS = min(60, SESSION_COOKIE_AGE // 4)
INTRANET_SESSION_WARNING_SECONDS = 120

# Login throttling (django-axes): after 5 wrong passwords for one user name, that user name is
# locked for 15 minutes. Deliberately not by IP address: the computers of a kindergarten or a
# home-care office share one. Attempts are counted in the cache (Redis in production), so
# nothing about them is kept after the cool-off. See docs/security.md.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    # Django's ModelBackend, reading the logged-in user from the cache (accounts/auth.py).
    "accounts.auth.CachedModelBackend",
]
AXES_HANDLER = "axes.handlers.cache.AxesCacheHandler"
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = datetime.timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = ["username"]
AXES_RESET_ON_SUCCESS = True
AXES_USERNAME_CALLABLE = "accounts.throttling.login_username"
AXES_LOCKOUT_CALLABLE = "accounts.throttling.lockout_response"
AXES_CLIENT_STR_CALLABLE = "accounts.throttling.login_attempt_description"
AXES_ENABLE_ADMIN = False
# «Too Many Requests» for a locked-out user name (accounts.throttling.lockout_response).
AXES_HTTP_RESPONSE_CODE = 429
SILENCED_SYSTEM_CHECKS = [
    # axes.W006 asks for the IP address among the lockout parameters; see above.
    "axes.W006",
    # axes.W001: local memory counts attempts per process. Production has Redis, and
    # core.checks warns at `check --deploy` when REDIS_URL is not set.
    "axes.W001",
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "accounts.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Single sign-on with the municipal account (Entra ID, OpenID Connect) when OIDC_OP_ISSUER is set;
# the local password login otherwise. See docs/sso.md and intranet/settings/sso.py.
OIDC_OP_ISSUER = None
OIDC_RP_CLIENT_ID = None
OIDC_RP_CLIENT_SECRET = None
OIDC_TENANT_ID = None
SSO_BREAK_GLASS_USERNAME = None
globals().update(sso_settings(os.environ))
if OIDC_OP_ISSUER:
    AUTHENTICATION_BACKENDS.insert(0, SSO_BACKEND)
# Passwords are the municipality's business with single sign-on: no reset or change here.
WAGTAIL_PASSWORD_MANAGEMENT_ENABLED = not OIDC_OP_ISSUER
WAGTAILUSERS_PASSWORD_ENABLED = not OIDC_OP_ISSUER
# Authorization code flow with PKCE; the ID token is signed with the provider's key (RS256).
OIDC_RP_SIGN_ALGO = "RS256"
OIDC_USE_PKCE = True
OIDC_USE_NONCE = True
OIDC_RP_SCOPES = "openid profile email offline_access"
OIDC_STORE_ID_TOKEN = True
OIDC_TIMEOUT = 10
OIDC_AUTHENTICATION_CALLBACK_URL = "oidc_authentication_callback"
# How often a signed-in session is checked with the provider (any request, POST included).
OIDC_RENEW_ID_TOKEN_EXPIRY_SECONDS = int(env("SSO_RECHECK_MINUTES", "15")) * 60
# Users not seen by the provider for this many days are deactivated (deactivate_absent_users).
SSO_ABSENT_DAYS = int(env("SSO_ABSENT_DAYS", "60"))
# Whom a signed-in employee without a role for the intranet should ask (accounts/sso/views.py).
SSO_ACCESS_CONTACT = env("SSO_ACCESS_CONTACT", "lederen din eller VNR-koordinatoren i bydelen")

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "/"
LOGOUT_REDIRECT_URL = "login"

# Internationalisation: Norwegian Bokmål is the source language. LANGUAGE_CODE must be set
# before the first migrate, since the initial Wagtail Locale is created from it.
LANGUAGE_CODE = "nb"
TIME_ZONE = "Europe/Oslo"
USE_I18N = True
USE_TZ = True
# The content languages, each named in its own script (the language switcher shows these names).
# The first is the source language; staff read the internal guidance in STAFF_LANGUAGES, the
# population guide is offered in all of them. See docs/translation.md.
CONTENT_LANGUAGES = (
    ("nb", "Norsk bokmål"),
    ("en", "English"),
    ("ur", "اردو"),
    ("so", "Soomaali"),
    ("ar", "العربية"),
    ("pl", "Polski"),
    ("ta", "தமிழ்"),
    ("tr", "Türkçe"),
    ("fa", "فارسی"),
)
STAFF_LANGUAGES = ("nb", "en")
LANGUAGES = list(CONTENT_LANGUAGES)
# Languages Django has no LANG_INFO for (applied by the languages app).
EXTRA_LANG_INFO = {
    "so": {"bidi": False, "code": "so", "name": "Somali", "name_local": "Soomaali"},
}
# Our own catalogs first, then the Norwegian Bokmål we add to the admin's packages where their
# own catalogs lack it (one folder per package; scripts/admin_catalogs, docs/translation.md).
LOCALE_PATHS = [
    BASE_DIR / "locale",
    *sorted((BASE_DIR / "languages" / "admin_locale").glob("*/")),
]
WAGTAIL_I18N_ENABLED = True
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
WAGTAILADMIN_PERMITTED_LANGUAGES = [lang for lang in LANGUAGES if lang[0] in STAFF_LANGUAGES]
# Machine translation in wagtail-localize's editor: off unless MACHINE_TRANSLATOR is set.
WAGTAILLOCALIZE_MACHINE_TRANSLATOR = machine_translator_setting(os.environ)

STATICFILES_FINDERS = [
    "django.contrib.staticfiles.finders.FileSystemFinder",
    "django.contrib.staticfiles.finders.AppDirectoriesFinder",
]
# Oslo kommune's design system Punkt, installed from the npm registry (see package.json) and
# served from our own static files: no CDN.
PUNKT_DIR = BASE_DIR / "node_modules" / "@oslokommune"
STATICFILES_DIRS = [
    BASE_DIR / "static",
    # The pages' one stylesheet each, built from Punkt's CSS and ours by frontend/build.mjs
    # (scripts/_env.sh runs it); its fonts are at fonts/, beside the Noto fonts below.
    ("bundle", BASE_DIR / "var" / "bundle"),
    ("fonts", PUNKT_DIR / "punkt-assets" / "dist" / "fonts"),
    ("punkt/logos", PUNKT_DIR / "punkt-assets" / "dist" / "logos"),
    # Noto fonts for the scripts Oslo Sans lacks (Arabic, Nastaliq Urdu, Tamil), self-hosted
    # from the npm registry: docs/translation.md.
    *(
        (f"fonts/{name}", BASE_DIR / "node_modules" / "@fontsource" / name / "files")
        for name in ("noto-sans-arabic", "noto-nastaliq-urdu", "noto-sans-tamil")
    ),
]
STATIC_ROOT = Path(env("STATIC_ROOT", str(BASE_DIR / "var" / "static")))
STATIC_URL = "/static/"
MEDIA_ROOT = Path(env("MEDIA_ROOT", str(BASE_DIR / "var" / "media")))
MEDIA_URL = "/media/"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

# E-mail
EMAIL_BACKEND = env("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
EMAIL_HOST = env("EMAIL_HOST", "localhost")
EMAIL_PORT = int(env("EMAIL_PORT", "25"))
EMAIL_HOST_USER = env("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", "vnr-intranett@localhost")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Wagtail
WAGTAIL_SITE_NAME = "Vold i nære relasjoner – Bydel Søndre Nordstrand"
WAGTAILADMIN_BASE_URL = env("WAGTAILADMIN_BASE_URL", "http://localhost:8000")
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "odt", "pdf", "pptx", "rtf", "txt", "xlsx"]
WAGTAILDOCS_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
WAGTAILDOCS_SERVE_METHOD = "serve_view"
WAGTAIL_ENABLE_UPDATE_CHECK = False
WAGTAIL_ALLOW_UNICODE_SLUGS = False
WAGTAILIMAGES_IMAGE_MODEL = "wagtailimages.Image"

# Search (docs/search.md): Wagtail's database backend (search/backends.py corrects SQLite's
# ranking), on PostgreSQL with the `norwegian` text-search configuration (SEARCH_CONFIG; the
# hunspell-based `vnr_norwegian` of search/migrations/0002 measured no better; a change needs
# `manage.py update_index`), SQLite's FTS5 otherwise; Elasticsearch 8 with Norwegian analyzers
# when ELASTICSEARCH_URL is set.
ELASTICSEARCH_URL = env("ELASTICSEARCH_URL")
if ELASTICSEARCH_URL:
    from .elasticsearch import index_settings

    WAGTAILSEARCH_BACKENDS = {
        "default": {
            "BACKEND": "wagtail.search.backends.elasticsearch8",
            "URLS": [ELASTICSEARCH_URL],
            "INDEX_PREFIX": env("ELASTICSEARCH_INDEX_PREFIX", "vnr_"),
            "TIMEOUT": 5,
            "INDEX_SETTINGS": index_settings(),
        }
    }
else:
    WAGTAILSEARCH_BACKENDS = {
        "default": {
            "BACKEND": "search.backends",
            "SEARCH_CONFIG": env("SEARCH_CONFIG", "norwegian"),
        }
    }
# New staff read their reading list within this many days of starting (docs/onboarding.md).
ONBOARDING_DEADLINE_DAYS = int(env("ONBOARDING_DEADLINE_DAYS", "30"))
# Days the anonymous daily search counts are kept (`manage.py purge_search_statistics`).
SEARCH_STATISTICS_RETENTION_DAYS = int(env("SEARCH_STATISTICS_RETENTION_DAYS", "180"))

# Logs are JSON lines without personal data (intranet/jsonlog.py); LOG_FORMAT=text for humans.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"json": {"()": "intranet.jsonlog.JsonFormatter"}},
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "json" if env("LOG_FORMAT", "json") == "json" else None,
        }
    },
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "INFO")},
    "loggers": {
        # Per-task and per-page chatter; warnings and errors still come through.
        "django_tasks": {"level": "WARNING"},
        "wagtail": {"level": "WARNING"},
        # django-axes reports every login at INFO; lockouts are warnings.
        "axes": {"level": "WARNING"},
    },
}
# Wagtail admin lives here and handles its own login.
INTRANET_ADMIN_PREFIX = "/admin/"
# Requests a page sends by itself, which do not keep a session alive (accounts.middleware).
INTRANET_BACKGROUND_PATHS = (f"{INTRANET_ADMIN_PREFIX}editing-sessions/",)
# The only pages readable without logging in (exact paths): the accessibility statement, which
# the login page links to. See docs/accessibility.md.
INTRANET_PUBLIC_PAGE_PATHS = ("/tilgjengelighetserklaering/",)
# No avatars fetched from gravatar.com: nothing about staff leaves the intranet.
WAGTAIL_GRAVATAR_PROVIDER_URL = None

# Content-Security-Policy (core.middleware.SecurityHeadersMiddleware). Our pages run no inline
# script or style. Wagtail's admin writes inline <script> (inline panels, date pickers) and
# style attributes, so it gets its own, looser policy; see docs/security.md.
INTRANET_CSP = {
    "default-src": "'self'",
    "script-src": "'self'",
    "style-src": "'self'",
    "img-src": "'self' data:",
    "font-src": "'self'",
    "connect-src": "'self'",
    "object-src": "'none'",
    "base-uri": "'none'",
    "form-action": "'self'",
    "frame-ancestors": "'none'",
}
# The sign-out form ends the provider's session too, by a redirect to the provider.
if OIDC_OP_ISSUER:
    INTRANET_CSP["form-action"] += " " + form_action_origin(OIDC_OP_ISSUER)
INTRANET_ADMIN_CSP = {
    **INTRANET_CSP,
    "script-src": "'self' 'unsafe-inline'",
    "style-src": "'self' 'unsafe-inline'",
    "img-src": "'self' data: blob:",
    "frame-src": "'self'",
    "frame-ancestors": "'self'",
    "base-uri": "'self'",
}

# Rendered pages are cached for logged-in staff (core/page_cache.py): keyed by the content
# generation, site, path, language and date; only these query parameters vary a page, any
# other one bypasses the cache.
INTRANET_PAGE_CACHE_SECONDS = int(env("PAGE_CACHE_SECONDS", str(24 * 60 * 60)))
INTRANET_PAGE_CACHE_QUERY_PARAMETERS = ("malgruppe",)
