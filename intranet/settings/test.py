"""Test settings: the database comes from DATABASE_URL (SQLite file by default)."""

from .base import *  # noqa: F403
from .base import DATABASES, LOGGING, env

SECRET_KEY = "test-only-insecure-key"
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
WAGTAILADMIN_BASE_URL = "http://testserver"
ALLOWED_HOSTS = ["testserver", "localhost", "127.0.0.1"]
# base.py parses DATABASE_URL with persistent connections (60 s); tests close them each time.
DATABASES["default"]["CONN_MAX_AGE"] = int(env("CONN_MAX_AGE", "0"))
# Page saves log at INFO (Wagtail's audit log, search-index tasks): keep test output readable.
LOGGING["root"]["level"] = env("LOG_LEVEL", "WARNING")
# Nothing is collected for tests: without a STATIC_ROOT WhiteNoise does not warn about it.
STATIC_ROOT = None
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # A test database need not survive a crash: commits (migrations, transactional tests'
    # flushes) do not wait for the disk.
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = "-c synchronous_commit=off"
