"""The export's own path arithmetic gives what the standard library gives: a link between two
exported files (``relative``) and a feed entry's absolute links (``absolute_links``)."""

from __future__ import annotations

import posixpath
from urllib.parse import urljoin

import pytest
from django.utils.html import escape

from public_site.export import absolute_links
from public_site.links import relative

FILES = [
    "index.html",
    "nb/index.html",
    "nb/veileder/index.html",
    "nb/veileder/trygg/index.html",
    "nb/hjelpetilbud/krisesenteret/index.html",
    "en/veileder/trygg/index.html",
    "static/css/public.css",
    "static/fonts/oslo-sans.woff2",
    "media/images/logo.png",
    "documents/12/plan.pdf",
    "nb/veileder",
    "nb",
]


@pytest.mark.parametrize("current", FILES)
def test_relative_is_relpath(current):
    for target in FILES:
        expected = posixpath.relpath(target, posixpath.dirname(current) or ".")
        assert relative(target, current) == expected, (target, current)


PAGE_URLS = [
    "https://www.example.no/vold/nb/veileder/trygg/",
    "https://www.example.no/vold/",
    "https://www.example.no/",
    "http://127.0.0.1:8123/nb/hjelpetilbud/",
    # A base URL without a host (--base-url /vold/) or without a scheme.
    "/vold/nb/veileder/trygg/",
    "/nb/index.html",
    "//www.example.no/vold/nb/",
    "vold/nb/",
    # Folders urljoin tidies (an empty one from a doubled slash, «.», «..»), another scheme.
    "https://www.example.no/vold//nb/",
    "https://www.example.no/a/../vold/nb/",
    "https://www.example.no/./vold/",
    "foo://www.example.no/vold/",
]
HREFS = [
    "index.html",
    "../index.html",
    "../../index.html",
    "../../../../../../index.html",
    "../etter/index.html",
    "../etter/index.html#hjelp",
    "../etter/index.html#",
    "etter#",
    "../../static/css/public.css",
    "./index.html",
    "sub/./page/index.html",
    ".",
    "..",
    "../..",
    "etter/",
    "#innhold",
    "?side=2",
    "/nb/veileder/",
    "//cdn.example.no/x.js",
    "https://www.yr.no/",
    "mailto:post@example.no",
    "tel:+4722480380",
    "",
    "side med mellomrom.html",
    "%C3%A5pen/index.html",
    "åpen/index.html",
    "a&amp;b/index.html",
]


@pytest.mark.parametrize("url", PAGE_URLS)
def test_absolute_links_is_urljoin(url):
    for href in HREFS:
        markup = f'<a href="{href}">x</a><img src="{href}" alt="">'
        joined = escape(urljoin(url, href))
        expected = f'<a href="{joined}">x</a><img src="{joined}" alt="">'
        assert absolute_links(markup, url) == expected, (url, href)
