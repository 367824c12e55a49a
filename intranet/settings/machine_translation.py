"""Machine translation for wagtail-localize's editor, switched on by configuration only.

Without ``MACHINE_TRANSLATOR`` in the environment the setting is None: the translation editor
offers no machine translation and nothing is sent anywhere. With it, the strings a translator
asks to have translated are sent to the named service (DeepL, or a LibreTranslate server,
which can run inside the municipality's own network). Pages hold no personal data, but only
configure a service the district has approved.
"""

from __future__ import annotations

from collections.abc import Mapping

from django.core.exceptions import ImproperlyConfigured

DEEPL = "wagtail_localize.machine_translators.deepl.DeepLTranslator"
LIBRETRANSLATE = "wagtail_localize.machine_translators.libretranslate.LibreTranslator"


def _required(environ: Mapping[str, str], name: str, service: str) -> str:
    value = (environ.get(name) or "").strip()
    if not value:
        raise ImproperlyConfigured(f"MACHINE_TRANSLATOR={service} needs {name}")
    return value


def machine_translator_setting(environ: Mapping[str, str]) -> dict | None:
    """``WAGTAILLOCALIZE_MACHINE_TRANSLATOR`` built from environment variables, or None.

    ``MACHINE_TRANSLATOR=deepl`` needs ``DEEPL_AUTH_KEY``; ``MACHINE_TRANSLATOR=libretranslate``
    needs ``LIBRETRANSLATE_URL`` and takes ``LIBRETRANSLATE_API_KEY`` if the server wants one.
    """
    service = (environ.get("MACHINE_TRANSLATOR") or "").strip().lower()
    if not service:
        return None
    if service == "deepl":
        return {
            "CLASS": DEEPL,
            "OPTIONS": {"AUTH_KEY": _required(environ, "DEEPL_AUTH_KEY", service)},
        }
    if service == "libretranslate":
        return {
            "CLASS": LIBRETRANSLATE,
            "OPTIONS": {
                "LIBRETRANSLATE_URL": _required(environ, "LIBRETRANSLATE_URL", service).rstrip("/"),
                "API_KEY": (environ.get("LIBRETRANSLATE_API_KEY") or "").strip(),
            },
        }
    raise ImproperlyConfigured(
        f"MACHINE_TRANSLATOR must be 'deepl' or 'libretranslate', not {service!r}"
    )
