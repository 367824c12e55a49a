"""Finding English on the admin's screens (issue 19, docs/translation.md).

A screen's visible text is every text node outside ``<script>``/``<style>``, the attributes a
reader or a screen reader meets (``title``, ``aria-label``, ``placeholder``, ``alt``, a button's
``value``) and the strings Wagtail's JavaScript draws from JSON (block labels and help texts,
``STRINGS``). A piece of text is English when it holds a word that occurs in the admin packages'
English source texts and in no Norwegian text we know: their Norwegian catalogs (upstream's and
ours), our own interface and the page content on the screen.
"""

from __future__ import annotations

import json
import re
from functools import cache
from pathlib import Path

import django
import polib
from bs4 import BeautifulSoup
from django.apps import apps
from django.conf import settings

WORD = re.compile(r"[A-Za-zÆØÅæøå]{3,}")
ATTRIBUTES = ("title", "aria-label", "placeholder", "alt", "aria-description")
JSON_TEXT_KEYS = {"label", "description", "helpText", "help_text", "title", "placeholder"}
# Names and words that are the same in Norwegian or are not translated.
ALLOWED = {
    "wagtail",
    "draftail",
    "lovdata",
    "oslo",
    "kommune",
    "bydel",
    "email",
    "url",
    "html",
    "csv",
    "xlsx",
    "pdf",
    "json",
    "yaml",
    "api",
    "id",
    "ok",
    "tel",
    "mailto",
    "https",
    "http",
    "www",
    "no",
    "alt",
    "admin",
    "min",
    "max",
    "status",
    "logo",
    "slug",
    "alias",
    "tag",
    "tags",
    "ctrl",
    "shift",
    "enter",
    "esc",
    "tab",
    "cmd",
}


def _catalog_words(path: Path, *, translated: bool) -> set[str]:
    words: set[str] = set()
    for entry in polib.pofile(str(path)):
        texts = (
            [entry.msgstr, *entry.msgstr_plural.values()]
            if translated
            else [entry.msgid, entry.msgid_plural or ""]
        )
        for text in texts:
            words.update(w.lower() for w in WORD.findall(_without_markup(text)))
    return words


def _without_markup(text: str) -> str:
    """Drop placeholders and tags, whose names are not words a reader sees."""
    text = re.sub(r"%\(\w+\)[sd]|\{\w*\}|\{\{.*?\}\}|__\w+__|<[^>]+>|&\w+;", " ", text)
    return text


def _locale_dirs() -> list[Path]:
    dirs = [Path(p) for p in settings.LOCALE_PATHS]
    dirs.append(Path(django.__file__).parent / "conf" / "locale")
    dirs += [Path(app.path) / "locale" for app in apps.get_app_configs()]
    return [d for d in dirs if d.is_dir()]


@cache
def english_only_words() -> frozenset[str]:
    english: set[str] = set()
    norwegian: set[str] = set()
    for locale in _locale_dirs():
        for po in (locale / "en" / "LC_MESSAGES").glob("*.po"):
            # Our own catalogs' msgids are Norwegian; the packages' are English.
            if locale.is_relative_to(settings.BASE_DIR) and ".venv" not in locale.parts:
                norwegian |= _catalog_words(po, translated=False)
            else:
                english |= _catalog_words(po, translated=False)
        for po in (locale / "nb" / "LC_MESSAGES").glob("*.po"):
            norwegian |= _catalog_words(po, translated=True)
    # The plan's text: the content editors and readers see on the screens.
    for data in (Path(settings.BASE_DIR) / "data").rglob("*.yaml"):
        norwegian.update(w.lower() for w in WORD.findall(data.read_text(encoding="utf-8")))
    return frozenset(english - norwegian - ALLOWED)


def _json_texts(value) -> list[str]:
    found: list[str] = []
    if isinstance(value, dict):
        for key, item in value.items():
            if key in JSON_TEXT_KEYS and isinstance(item, str):
                found.append(item)
            elif key == "STRINGS" and isinstance(item, dict):
                found.extend(v for v in item.values() if isinstance(v, str))
            else:
                found.extend(_json_texts(item))
    elif isinstance(value, list):
        for item in value:
            found.extend(_json_texts(item))
    return found


def _maybe_json(text: str):
    text = text.strip()
    if not text or text[0] not in "[{":
        return None
    try:
        return json.loads(text)
    except ValueError:
        return None


def visible_texts(html: str) -> list[str]:
    """The texts a reader of the screen meets, as described in the module's docstring."""
    soup = BeautifulSoup(html, "html.parser")
    texts: list[str] = []
    for script in soup.find_all("script"):
        if script.get("type") == "application/json":
            texts.extend(_json_texts(_maybe_json(script.get_text()) or {}))
        script.decompose()
    for style in soup.find_all("style"):
        style.decompose()
    for element in soup.find_all(True):
        for name in ATTRIBUTES:
            if element.get(name):
                texts.append(element[name])
        if element.name == "input" and element.get("type") in ("submit", "button"):
            texts.append(element.get("value", ""))
        for name, value in element.attrs.items():
            if name.startswith("data-") and isinstance(value, str):
                parsed = _maybe_json(value)
                if parsed is not None:
                    texts.extend(_json_texts(parsed))
    texts.extend(soup.stripped_strings)
    return [" ".join(t.split()) for t in texts if t and t.strip()]


def english_texts(html: str, content_words: frozenset[str] = frozenset()) -> list[str]:
    """The visible texts of ``html`` that hold an English word (see the module docstring)."""
    english = english_only_words() - content_words
    found = []
    for text in visible_texts(html):
        words = {w.lower() for w in WORD.findall(text)}
        if words & english:
            found.append(text)
    return sorted(set(found))
