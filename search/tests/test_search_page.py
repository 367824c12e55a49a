"""The search page through HTTP: results, snippets, filters, pages of results, promotions,
the no-results page, languages, the JSON format and the number of database queries."""

from __future__ import annotations

import re

import factory
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import Locale

from core.emergency import EMERGENCY_NUMBERS
from core.links import tel_href
from search.models import QueryDay
from tests import factories as f
from tests.helpers import page_text

SEARCH = "/search/"


def result_links(response) -> list[str]:
    """The result links of a search page, in order (promoted results first)."""
    return re.findall(
        r'<h3 class="search-result__heading"><a href="([^"]+)"', response.content.decode()
    )


def search(client, query: str, **params):
    response = client.get(SEARCH, {"q": query, **params})
    assert response.status_code == 200
    return response


def test_result_shows_title_type_place_and_highlighted_snippet(site_tree, staff_client):
    response = search(staff_client, "krisesentre hjelp")
    service = site_tree.services[0]
    assert result_links(response)[0] == service.url
    content = response.content.decode()
    result = content[content.index(f'href="{service.url}"') :]
    result = result[: result.index("</li>")]
    assert "<mark>Krisesenteret</mark> i Oslo" in result
    assert "Hjelpetilbud" in result and site_tree.directory.title in result
    assert re.search(r'search-result__snippet">Råd og <mark>hjelp</mark> til deg', result)


def test_measure_result_names_its_focus_area(site_tree, staff_client):
    response = search(staff_client, "nyansatte")
    content = response.content.decode()
    result = content[content.index(f'href="{site_tree.measure.url}"') :]
    assert re.search(r"Tiltak <span[^>]*>· Kompetanse</span>", result[: result.index("</li>")])


def test_page_text_and_query_are_escaped(site_tree, staff_client):
    f.HelpServicePageFactory(
        parent=site_tree.directory,
        title="Tilbud <b>med</b> krisesenter",
        summary='Krisesenter <script>alert("x")</script> & mer.',
    )
    response = search(staff_client, "<img src=x onerror=alert(1)> krisesenter")
    content = response.content.decode()
    assert "<script>alert" not in content and "<img src=x" not in content
    assert "&lt;script&gt;<mark>alert</mark>(&quot;x&quot;)&lt;/script&gt; &amp; mer." in content
    assert "Tilbud &lt;b&gt;med&lt;/b&gt; <mark>krisesenter</mark>" in content


@pytest.mark.parametrize(
    ("params", "expected", "excluded"),
    [
        ({"type": "hjelpetilbud"}, ["services.0"], ["routine", "duty"]),
        ({"type": "rutine"}, ["routine"], ["services.0", "duty"]),
        ({"type": ["rutine", "plikt"]}, ["routine", "duty"], ["services.0"]),
        ({"enhet": "helsestasjonen"}, ["routine"], ["services.0", "duty"]),
    ],
)
def test_filters(params, expected, excluded, site_tree, staff_client):
    def url(name):
        obj = site_tree
        for part in name.split("."):
            obj = obj[int(part)] if part.isdigit() else getattr(obj, part)
        return obj.url

    links = result_links(search(staff_client, "vold krisesenter barnevernet mistanke", **params))
    for name in expected:
        assert url(name) in links, (name, links)
    for name in excluded:
        assert url(name) not in links, (name, links)


def test_unit_filter_includes_pages_the_unit_owns(site_tree, staff_client):
    site_tree.services[0].owning_unit = site_tree.unit
    site_tree.services[0].save_revision().publish()
    links = result_links(search(staff_client, "krisesenter", enhet="helsestasjonen"))
    assert links == [site_tree.services[0].url]


def test_invalid_filters_are_explained_in_norwegian(site_tree, staff_client):
    response = search(staff_client, "krisesenter", type="finnes-ikke", enhet="ukjent")
    text = page_text(response)
    assert "Type innhold: Velg blant typene i listen." in text
    assert "Enhet: Velg en enhet fra listen." in text
    assert site_tree.services[0].url in result_links(response)


def test_filter_form_is_labelled(site_tree, staff_client):
    content = search(staff_client, "krisesenter").content.decode()
    assert re.search(r"<fieldset[^>]*>\s*<legend[^>]*>Type innhold</legend>", content)
    assert re.search(r'<label[^>]*for="id_enhet"[^>]*>Enhet</label>', content)
    assert '<option value="helsestasjonen">Helsestasjonen</option>' in content


@pytest.fixture
def many_services(site_tree):
    return [
        f.HelpServicePageFactory(
            parent=site_tree.directory,
            title=f"Samtaletilbud nummer {i}",
            summary="Samtaletilbud for familier.",
        )
        for i in range(23)
    ]


def test_results_come_in_pages(many_services, staff_client):
    first = search(staff_client, "samtaletilbud")
    second = search(staff_client, "samtaletilbud", page=2)
    third = search(staff_client, "samtaletilbud", page=3)
    pages = [result_links(r) for r in (first, second, third)]
    assert [len(p) for p in pages] == [10, 10, 3]
    assert len({link for p in pages for link in p}) == 23
    assert "23 treff. Side 2 av 3." in page_text(second)
    assert 'aria-current="page"' in second.content.decode()
    assert result_links(search(staff_client, "samtaletilbud", page=99)) == pages[2]
    assert result_links(search(staff_client, "samtaletilbud", page="x")) == pages[0]


def test_same_titled_pages_are_shown_once(site_tree, two_units, staff_client):
    f.RoutinePageFactory(parent=two_units.barnevern, title="Felles rutine for vold", slug="felles")
    f.RoutinePageFactory(parent=two_units.nav, title="Felles rutine for vold", slug="felles")
    response = search(staff_client, "felles rutine")
    assert len([link for link in result_links(response) if link.endswith("/felles/")]) == 1
    assert re.search(
        r"Samme tittel også under:\s*<a href=\"[^\"]+/felles/\">", response.content.decode()
    )


def test_promoted_results_come_first(site_tree, staff_client):
    f.SearchPromotionFactory(query="meldeplikt", page=site_tree.duty, description="Slik melder du.")
    f.SynonymGroupFactory(key="meldeplikt", terms=["meldeplikt", "opplysningsplikt"])
    for query in ("meldeplikt", "Meldeplikten", "opplysningsplikt"):
        response = search(staff_client, query)
        assert result_links(response)[0] == site_tree.duty.url, query
        assert "Anbefalt" in page_text(response) and "Slik melder du." in page_text(response)
        assert result_links(response).count(site_tree.duty.url) == 1
    filtered = search(staff_client, "meldeplikt", type="rutine")
    assert "Anbefalt" not in page_text(filtered)


def test_no_results_page_helps(site_tree, staff_client):
    response = search(staff_client, "xqzvwk")
    text = page_text(response)
    content = response.content.decode()
    assert "Ingen treff på «xqzvwk»." in text
    for emergency in EMERGENCY_NUMBERS:
        assert f'href="{tel_href(emergency.number)}"' in content
    assert f'href="{site_tree.concern.url}"' in content
    assert "Jeg er bekymret – hva gjør jeg?" in text


def test_no_results_page_suggests_the_spelling(site_tree, staff_client):
    response = search(staff_client, "krisesnteret", type="rutine")
    assert "Ingen treff" in page_text(response)
    assert re.search(
        r'Mente du <a href="/search/\?q=krisesenteret">«krisesenteret»</a>',
        response.content.decode(),
    )


def test_misspelt_query_finds_and_suggests(site_tree, staff_client):
    response = search(staff_client, "krisesnteret")
    assert result_links(response)[0] == site_tree.services[0].url
    assert "Mente du «krisesenteret»?" in page_text(response)


@pytest.fixture
def english(site_tree):
    """An English translation of the duty (and its parents), all live."""
    locale = Locale.objects.get_or_create(language_code="en")[0]
    translation = site_tree.duty.copy_for_translation(locale, copy_parents=True)
    translation.title = "Duty to report to the child welfare service"
    translation.summary = "Report to the child welfare service when a child is at risk."
    translation.save_revision()
    for page in sorted(site_tree.duty.get_translations().specific(), key=lambda p: p.depth):
        page.get_latest_revision().publish()
    for ancestor in site_tree.duty.get_ancestors().filter(depth__gt=1).specific():
        copy = ancestor.get_translation_or_none(locale)
        if copy is not None and not copy.live:
            copy.get_latest_revision().publish()
    return translation


def test_search_shows_the_active_language_with_norwegian_fallback(english, site_tree, staff_client):
    response = staff_client.get("/en/search/", {"q": "barnevernet krisesenter child"})
    links = result_links(response)
    assert english.get_url() in links
    assert site_tree.duty.url not in links  # the Norwegian original is replaced
    assert site_tree.services[0].url in links  # untranslated: Norwegian
    assert 'lang="en" dir="ltr"' in response.content.decode()
    norwegian = result_links(search(staff_client, "barnevernet child krisesenter"))
    assert site_tree.duty.url in norwegian and english.get_url() not in norwegian


def test_json_has_the_results_in_relevance_order(site_tree, staff_client):
    f.SearchPromotionFactory(query="vold", page=site_tree.routine)
    html = result_links(search(staff_client, "vold"))
    data = search(staff_client, "vold", format="json").json()
    assert data["query"] == "vold"
    assert data["total"] == len(html) > 3
    assert [r["url"] for r in data["results"]] == html
    first = data["results"][0]
    assert set(first) == {"title", "url", "type", "locale", "snippet"}
    assert (first["title"], first["type"], first["locale"]) == (
        site_tree.routine.title,
        "Rutine",
        "nb",
    )
    assert any("<mark>vold</mark>" in r["snippet"] for r in data["results"])


def test_json_is_not_counted_in_the_statistics(site_tree, staff_client):
    search(staff_client, "krisesenter", format="json")
    assert not QueryDay.objects.exists()
    search(staff_client, "krisesenter")
    assert QueryDay.objects.get().query == "krisesenteret"  # as the content spells it


@pytest.mark.parametrize("params", [{"q": "krisesenter"}, {"q": "krisesenter", "format": "json"}])
def test_anonymous_visitors_get_no_results(params, site_tree, anonymous_client):
    response = anonymous_client.get(SEARCH, params)
    assert response.status_code == 302
    assert response["Location"].startswith("/logg-inn/")
    assert b"Krisesenteret" not in response.content


def test_search_box_offers_suggestions_without_inline_script(site_tree, staff_client):
    content = staff_client.get(site_tree.plan.url).content.decode()
    form = content[content.index('<form class="search-form') :]
    form = form[: form.index("</form>")]
    assert "data-typeahead" in form and 'autocomplete="off"' in form
    assert re.search(r'<script src="[^"]*js/search-typeahead\.js" defer></script>', content)
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", content)
    assert not re.search(r"\son[a-z]+=", content)


def queries_for(client, query: str, **params) -> CaptureQueriesContext:
    search(client, query, **params)  # warm caches (site root paths, content types, synonyms)
    with CaptureQueriesContext(connection) as context:
        search(client, query, **params)
    return context


MAX_SEARCH_QUERIES = 20


def add_services(directory, count: int, unit) -> None:
    for _ in range(count):
        f.HelpServicePageFactory(
            parent=directory,
            title=factory.Sequence(lambda n: f"Samtaletilbud {n}"),
            summary="Samtaletilbud for familier.",
            owning_unit=unit,
        )


@pytest.mark.parametrize("params", [{}, {"type": "hjelpetilbud", "enhet": "helsestasjonen"}])
def test_search_needs_the_same_few_queries_however_many_results(params, site_tree, staff_client):
    add_services(site_tree.directory, 2, site_tree.unit)
    few = queries_for(staff_client, "samtaletilbud", **params)
    add_services(site_tree.directory, 15, site_tree.unit)
    many = queries_for(staff_client, "samtaletilbud", **params)
    described = "\n".join(q["sql"][:150] for q in many.captured_queries)
    assert len(many) == len(few), described
    assert len(many) <= MAX_SEARCH_QUERIES, described
