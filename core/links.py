"""Phone numbers and e-mail addresses as links.

Every phone number on the site is a ``tel:`` link. Norwegian subscriber numbers (eight digits)
get the country code (+47); short numbers (the emergency numbers 110, 112 and 113, the 116 xxx
help lines, 02800) are dialled as written: a phone may not treat ``tel:+47112`` as an emergency
call, and short numbers do not exist with a country code. Every e-mail address is a
``mailto:`` link.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

NORWEGIAN_COUNTRY_CODE = "47"
NORWEGIAN_NUMBER_LENGTH = 8

PHONE_KINDS = [
    ("nodnummer", gettext_lazy("Nødnummer")),
    ("telefon", gettext_lazy("Telefon")),
    ("vakttelefon", gettext_lazy("Vakttelefon")),
    ("mobil", gettext_lazy("Mobil")),
    ("faks", gettext_lazy("Faks")),
]
_PHONE_KIND_LABELS = dict(PHONE_KINDS)


def international_number(number) -> str:
    """``number`` in E.164 form ("+4722705580"), or "" when it holds no digits.

    Norwegian numbers are written without a country code ("22 70 55 80", "116 006", "112");
    numbers starting with "+" or "00" already carry one and keep it.
    """
    raw = str(number or "").strip()
    digits = re.sub(r"\D", "", raw)
    if not digits:
        return ""
    if raw.startswith("+"):
        return "+" + digits
    if digits.startswith("00"):
        return "+" + digits[2:]
    return "+" + NORWEGIAN_COUNTRY_CODE + digits


EMERGENCY_NUMBERS = ("110", "112", "113")
_SHORT_CODE = re.compile(r"^(116\d{3}|0\d{4}|1\d{3})$")  # 116 006, 02800, 1881


def phone_problem(kind: str, number) -> str:
    """What is wrong with ``number`` for a phone of ``kind`` (core.links.PHONE_KINDS), in
    Norwegian, or "" when it is a number that kind can have."""
    raw = str(number or "").strip()
    digits = re.sub(r"\D", "", raw)
    if raw.startswith(("+", "00")) and not raw.startswith(("+47", "0047")):
        return (
            ""
            if 8 <= len(digits) <= 15
            else _("Et utenlandsk nummer har landskoden og 6–13 sifre til.")
        )
    if raw.startswith(("+47", "0047")):
        digits = digits[2:] if raw.startswith("+") else digits[4:]
    if kind == "nodnummer":
        return "" if digits in EMERGENCY_NUMBERS else _("Et nødnummer er 110, 112 eller 113.")
    if kind == "mobil":
        ok = len(digits) == 8 and digits[0] in "49"
        return "" if ok else _("Et mobilnummer har åtte sifre og begynner med 4 eller 9.")
    if len(digits) == 8 and digits[0] in "23456789":
        return ""
    if kind != "faks" and _SHORT_CODE.match(digits):
        return ""
    return _(
        "Et norsk telefonnummer har åtte sifre (f.eks. 22 48 03 80), eller er et kortnummer "
        "som 116 006 eller 02800."
    )


def is_short_number(number) -> bool:
    """A Norwegian short number (110, 112, 113, 116 006, 02800): fewer than eight digits and no
    country code."""
    raw = str(number or "").strip()
    digits = re.sub(r"\D", "", raw)
    return bool(digits) and not raw.startswith("+") and len(digits) < NORWEGIAN_NUMBER_LENGTH


def tel_href(number) -> str:
    """``"22 70 55 80"`` → ``"tel:+4722705580"``; ``"112"`` → ``"tel:112"``;
    ``"+46 8 123 45"`` → ``"tel:+46812345"``."""
    if is_short_number(number):
        return "tel:" + re.sub(r"\D", "", str(number))
    international = international_number(number)
    return f"tel:{international}" if international else ""


def phone_link(number, label="", css_class=""):
    """A ``tel:`` link showing the number as written: ``<a href="tel:+4722705580">22 70 55 80</a>``.

    ``label`` (e.g. «Barnevernvakten») is prepended for screen readers only, so that the link
    makes sense out of context («Ring Barnevernvakten: 22 70 55 80»). The visible number stays
    part of the accessible name.
    """
    href = tel_href(number)
    if not href:
        return ""
    shown = " ".join(str(number).split())
    class_attr = format_html(' class="{}"', css_class) if css_class else ""
    if label:
        return format_html(
            '<a href="{}"{}><span class="pkt-sr-only">{} </span>{}</a>',
            href,
            class_attr,
            _("Ring %(label)s:") % {"label": label},
            shown,
        )
    return format_html('<a href="{}"{}>{}</a>', href, class_attr, shown)


# Phone numbers as editors write them in running text: "22 70 55 80", "800 30 196", "116 006",
# optionally "+47 " in front; and the emergency numbers 110/112/113 or eight digits without
# spaces when introduced by «ring», «ring politiet på», «tlf.», «telefon» or «nødnummer».
# Deliberately conservative: a wrong tel: link is worse than none, so bare digit runs (dates,
# case numbers, paragraphs, organisation numbers) are left alone.
_SPACE = r"[ \u00a0]"
_TEXT_PHONE = re.compile(
    rf"(?<![\w+.,/-])(?P<number>(?:\+47{_SPACE}?)?"
    rf"(?:\d{{2}}{_SPACE}\d{{2}}{_SPACE}\d{{2}}{_SPACE}\d{{2}}|\d{{3}}{_SPACE}\d{{2}}{_SPACE}\d{{3}}"
    rf"|116{_SPACE}?\d{{3}}))(?![\w/-]|[.,]\d)"
    rf"|(?P<intro>\b(?:[Rr]ing(?:e|er)?(?:{_SPACE}+\w+{_SPACE}+på)?|[Tt]lf\.?|[Tt]elefon"
    rf"|[Nn]ødnummer(?:et)?|[Nn]ødnumrene){_SPACE}+)"
    rf"(?P<introduced>11[023]|\d{{8}})(?![\w/-]|[.,]\d)"
)
_TAG_OR_LINK = re.compile(r"(<a\b.*?</a\s*>|<[^>]*>)", re.IGNORECASE | re.DOTALL)


def _link_text_phones(text: str) -> str:
    def replace(match):
        if match.group("number"):
            number = match.group("number")
            return format_html('<a href="{}">{}</a>', tel_href(number), number)
        number = match.group("introduced")
        return format_html('{}<a href="{}">{}</a>', match.group("intro"), tel_href(number), number)

    return _TEXT_PHONE.sub(replace, text)


def link_phone_numbers(value, autoescape: bool = True):
    """Make the phone numbers in a text or in rendered rich text ``tel:`` links.

    Existing links and HTML tags are left untouched; plain text is escaped first.
    """
    if value is None:
        return ""
    if hasattr(value, "__html__"):  # SafeString, RichText, StreamValue …: already markup
        value = value.__html__()
    elif autoescape:
        value = conditional_escape(value)
    parts = _TAG_OR_LINK.split(str(value))
    # split() with one capture group alternates text, tag/link, text, …
    return mark_safe(
        "".join(part if i % 2 else _link_text_phones(part) for i, part in enumerate(parts))
    )


def mailto_href(address) -> str:
    address = str(address or "").strip()
    return f"mailto:{address}" if address else ""


def mailto(address, label="", css_class=""):
    """A ``mailto:`` link showing the address; ``label`` is prepended for screen readers only."""
    href = mailto_href(address)
    if not href:
        return ""
    class_attr = format_html(' class="{}"', css_class) if css_class else ""
    if label:
        return format_html(
            '<a href="{}"{}><span class="pkt-sr-only">{} </span>{}</a>',
            href,
            class_attr,
            _("Send e-post til %(label)s:") % {"label": label},
            address.strip(),
        )
    return format_html('<a href="{}"{}>{}</a>', href, class_attr, address.strip())


def phone_kind_label(kind) -> str:
    """The Norwegian label of a phone number's kind ("vakttelefon" → «Vakttelefon»)."""
    return str(_PHONE_KIND_LABELS.get(kind, _PHONE_KIND_LABELS["telefon"]))


def url_host(url) -> str:
    """The host name of a URL without "www.", for showing where an external link goes."""
    host = urlsplit(str(url or "")).hostname or ""
    return host.removeprefix("www.")
