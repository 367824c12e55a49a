"""The public subset exported to the district's website (docs/public-export.md): what is
public, the static site, the feed and the sitemap, incremental re-runs and the preview."""

from __future__ import annotations

import errno
import gzip
import hashlib
import itertools
import json
import os
import re
import subprocess
import sys
from io import StringIO
from pathlib import Path
from xml.etree import ElementTree

import brotli
import html5lib
import pytest
from django.core.files.base import ContentFile
from django.core.management import CommandError, call_command
from django.db import transaction
from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st
from wagtail.documents import get_document_model
from wagtail.models import PageViewRestriction
from wagtail.rich_text import RichText

from directory.models import HelpServiceIndexPage, HelpServicePage
from guidance.models import (
    ConcernGuidePage,
    FocusAreaPage,
    LegalDutyPage,
    MeasurePage,
    PlanChapterPage,
    PlanPage,
)
from home.models import PopulationGuidePage
from loading.indexing import indexed_once_at_the_end
from public_site.selection import public_page_models
from tests import factories as f


def export(output: Path) -> str:
    """Run the command as an administrator would; its one line of output."""
    out = StringIO()
    call_command(
        "export_public", output=output, base_url="https://www.example.no/vold/", stdout=out
    )
    return out.getvalue().strip()


def exported_pages(output: Path) -> set[str]:
    return {
        str(path.relative_to(output))
        for path in output.rglob("index.html")
        if path.parent != output
    }


def parse_strict(markup: str):
    """html5lib in strict mode: raises on any parse error."""
    return html5lib.HTMLParser(strict=True, namespaceHTMLElements=False).parse(markup)


def set_public(page, public: bool = True):
    page.publish_on_website = public
    page.save_revision().publish()
    return type(page).objects.get(pk=page.pk)


@pytest.fixture
def output(tmp_path) -> Path:
    return tmp_path / "nettside"


# What may be public


@pytest.mark.parametrize(
    "model",
    [
        PopulationGuidePage,
        HelpServiceIndexPage,
        HelpServicePage,
        PlanPage,
        PlanChapterPage,
        FocusAreaPage,
        MeasurePage,
        ConcernGuidePage,
        LegalDutyPage,
    ],
)
def test_the_page_types_that_may_be_public_are_not_by_default(model):
    """Nothing new goes to the website unless someone says so (issue 13, finding 10)."""
    assert model in public_page_models()
    assert model._meta.get_field("publish_on_website").default is False
    assert model().publish_on_website is False
    assert "publish_on_website" in [
        getattr(panel, "field_name", None) for panel in model.promote_panels
    ]


def test_units_routines_and_general_pages_can_never_be_public():
    names = {model.__name__ for model in public_page_models()}
    for internal in ("UnitIndexPage", "UnitPage", "RoutinePage", "ContentPage", "HomePage"):
        assert internal not in names
    assert not any("ReadingList" in name for name in names)


def test_the_site_tree_exports_the_guide_and_the_directory(site_tree, output):
    line = export(output)

    assert line.startswith("export_public: 4 pages in 1 languages")
    assert exported_pages(output) == {
        "nb/veileder/index.html",
        "nb/hjelpetilbud/index.html",
        "nb/hjelpetilbud/krisesenteret/index.html",
        "nb/hjelpetilbud/atv/index.html",
    }


def hide_service(service, how: str) -> None:
    if how == "not public":
        set_public(service, False)
    elif how == "unpublished":
        service.unpublish()
    else:
        PageViewRestriction.objects.create(page=service, restriction_type="login")


@pytest.mark.parametrize("how", ["not public", "unpublished", "restricted"])
def test_the_guide_names_a_help_service_only_when_it_is_public(site_tree, output, how):
    """Issue 13, finding 2: the guide's help-service block showed a service that was not
    public, with its phone, e-mail and website, in the page and in feed.json."""
    hide_service(site_tree.services[0], how)

    export(output)

    guide = (output / "nb/veileder/index.html").read_text()
    feed = (output / "feed.json").read_text()
    for text in ("Krisesenteret i Oslo", "22 48 03 80", "post@krisesenteret.no"):
        assert text not in guide, text
        assert text not in feed, text
    assert "Hjelpen er ofte gratis" in guide  # the rest of the guide is there


def test_on_the_intranet_the_guide_names_an_internal_service_but_not_a_restricted_one(
    site_tree, staff_client
):
    service = site_tree.services[0]
    set_public(service, False)
    assert "Krisesenteret i Oslo" in staff_client.get(site_tree.guide.url).content.decode()

    restriction = PageViewRestriction.objects.create(page=service, restriction_type="groups")
    restriction.groups.add(f.CoordinatorFactory().groups.first())
    assert "Krisesenteret i Oslo" not in staff_client.get(site_tree.guide.url).content.decode()


def test_the_plan_once_chosen_is_public_without_its_coordinator_or_review_state(site_tree, output):
    plan = site_tree.plan
    plan.coordinator_name = "Kari Koordinatorsen"
    plan.owning_unit = site_tree.unit
    plan.save_revision().publish()
    set_public(PlanPage.objects.get(pk=plan.pk))
    set_public(site_tree.chapter)

    export(output)
    plan_html = (output / "nb/handlingsplan/index.html").read_text()
    chapter_html = (output / "nb/handlingsplan/satsingsomrader/index.html").read_text()

    assert "Kari Koordinatorsen" not in plan_html
    assert "Helsestasjonen" not in plan_html  # the owning unit
    assert "gjennomgått" not in plan_html.lower()
    assert 'href="satsingsomrader/index.html"' in plan_html
    # The focus area is not public: its title is shown nowhere, not even as text.
    assert site_tree.focus_area.title not in chapter_html


# Leaks: drafts, staff names, restrictions, units (random trees)


STATES = ["published", "draft", "unpublished", "never"]
# What may go below what in a random tree: the unit and the general page are internal
# parents under which even a public page type must never be exported.
CHILD_KINDS = {
    "guide": ["guide"],
    "directory": ["service"],
    "service": [],
    "unit": ["guide", "service"],
    "content": ["guide"],
}
PUBLIC_KINDS = {"guide", "directory", "service"}


def node(kind: str, depth: int):
    children = (
        st.lists(
            st.deferred(
                lambda: st.sampled_from(CHILD_KINDS[kind]).flatmap(lambda k: node(k, depth + 1))
            ),
            max_size=3,
        )
        if CHILD_KINDS[kind] and depth < 3
        else st.just([])
    )
    return st.fixed_dictionaries(
        {
            "kind": st.just(kind),
            "public": st.booleans(),
            "state": st.sampled_from(STATES),
            "restricted": st.booleans().map(lambda b: b and kind != "unit"),
            "children": children,
        }
    )


trees = st.lists(
    st.sampled_from(["guide", "directory", "unit", "content"]).flatmap(lambda k: node(k, 0)),
    min_size=1,
    max_size=4,
)


class TreeBuilder:
    """Builds a random tree under the front page and knows which pages must be exported."""

    numbers = itertools.count(1)  # unique across examples: slugs never clash

    def __init__(self, home):
        self.home = home
        self.expected: set[str] = set()
        self.secrets: list[str] = []
        self.pages = {}

    def build(self, spec, parent, parent_path="", allowed=True):
        n = next(self.numbers)
        slug = f"s{n}"
        kind, state = spec["kind"], spec["state"]
        publish = state != "never"
        title = f"Side {n}"
        # The website flag is set as the page is created and published, as an editor would.
        website = {"publish_on_website": spec["public"]} if kind in PUBLIC_KINDS else {}
        if kind == "guide":
            page = f.PopulationGuidePageFactory(
                parent=parent,
                title=title,
                slug=slug,
                publish=publish,
                body=[("paragraph", RichText(f.rich(f"Publisert tekst {n}.")))],
                **website,
            )
        elif kind == "directory":
            page = f.HelpServiceIndexPageFactory(
                parent=parent, title=title, slug=slug, publish=publish, **website
            )
        elif kind == "service":
            page = f.HelpServicePageFactory(
                parent=parent,
                title=title,
                slug=slug,
                publish=publish,
                summary=f"Publisert tekst {n}.",
                **website,
            )
        elif kind == "unit":
            staff = f"Ansatt Navnesen{n}"
            self.secrets.append(staff)
            page = f.UnitPageFactory(
                parent=parent,
                title=title,
                slug=slug,
                publish=publish,
                contacts=[f.UnitContact(name=staff, role="Ressursperson", phone="23 42 50 00")],
            )
        else:
            page = f.ContentPageFactory(parent=parent, title=title, slug=slug, publish=publish)
        if state == "draft":
            draft = type(page).objects.get(pk=page.pk)
            draft.title = f"UTKAST{n} hemmelig"
            if kind in PUBLIC_KINDS:
                draft.publish_on_website = True
            draft.save_revision()
            self.secrets.append(f"UTKAST{n}")
        if state == "unpublished":
            page.unpublish()
        if spec["restricted"]:
            PageViewRestriction.objects.create(page=page, restriction_type="login")
        live = state in ("published", "draft")
        allowed = allowed and live and not spec["restricted"] and kind in PUBLIC_KINDS
        path = f"{parent_path}{slug}/"
        if allowed and spec["public"]:
            self.expected.add(f"nb/{path}index.html")
        else:
            self.secrets.append(f"Publisert tekst {n}.")
        self.pages[path] = page
        for child in spec["children"]:
            self.build(child, page, path, allowed)


PROPERTY_SETTINGS = hypothesis_settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@PROPERTY_SETTINGS
@given(specs=trees)
def test_random_trees_export_exactly_the_public_pages_and_leak_nothing(
    home, tmp_path_factory, specs
):
    # Each example builds its tree in a savepoint rolled back at its end.
    with transaction.atomic():
        check_random_tree(type(home).objects.get(pk=home.pk), specs, tmp_path_factory)
        transaction.set_rollback(True)


def check_random_tree(home, specs, tmp_path_factory) -> None:
    builder = TreeBuilder(home)
    with indexed_once_at_the_end():
        for spec in specs:
            builder.build(spec, builder.home)
    output = tmp_path_factory.mktemp("nettside")

    export(output)

    assert exported_pages(output) == builder.expected
    everything = "\n".join(
        path.read_text() for path in output.rglob("*") if path.suffix in (".html", ".json", ".xml")
    )
    for secret in builder.secrets:
        assert secret not in everything
    for name in builder.expected:
        document = parse_strict((output / name).read_text())
        assert document.get("lang") == "nb"
        assert document.get("dir") == "ltr"

    # Unpublishing a page removes it (and its subtree) on the next export.
    if builder.expected:
        gone = sorted(builder.expected)[0]
        page = builder.pages[gone.removeprefix("nb/").removesuffix("index.html")]
        type(page).objects.get(pk=page.pk).unpublish()
        export(output)
        remaining = exported_pages(output)
        assert gone not in remaining
        assert not any(name.startswith(gone.removesuffix("index.html")) for name in remaining)
        assert remaining <= builder.expected


# Translations, links and files


def test_a_translation_follows_its_norwegian_source(site_tree, output):
    f.translate(site_tree.home, "en")
    english = f.translate(site_tree.guide, "en", {"Her får du hjelp": "Where to get help"})

    export(output)
    html = (output / "en/veileder/index.html").read_text()
    document = parse_strict(html)
    assert (document.get("lang"), document.get("dir")) == ("en", "ltr")
    assert "Where to get help" in html
    # Search engines get absolute addresses, the same as the sitemap's; readers a relative link.
    assert 'hreflang="nb" href="https://www.example.no/vold/nb/veileder/"' in html
    assert '<link rel="canonical" href="https://www.example.no/vold/en/veileder/">' in html
    assert 'href="../../nb/veileder/index.html"' in html  # the language switcher
    feed = {entry["url"]: entry for entry in json.loads((output / "feed.json").read_text())}
    assert feed["https://www.example.no/vold/en/veileder/"]["translations"] == {
        "nb": "https://www.example.no/vold/nb/veileder/"
    }

    # A translation's own copy of the flag does not count: the Norwegian page decides.
    set_public(site_tree.guide, False)
    english.publish_on_website = True
    english.save_revision().publish()
    export(output)
    assert not (output / "en/veileder/index.html").exists()
    assert not (output / "nb/veileder/index.html").exists()


def test_links_to_pages_that_are_not_public_become_plain_text(site_tree, output):
    guide = site_tree.guide
    routine, directory = site_tree.routine, site_tree.directory
    guide.body = [
        (
            "paragraph",
            RichText(
                f'<p>Se <a linktype="page" id="{routine.pk}">rutinen for helsestasjonen</a> og '
                f'<a linktype="page" id="{directory.pk}">alle hjelpetilbudene</a> og '
                '<a href="https://dinutvei.no/">dinutvei.no</a>.</p>'
            ),
        )
    ]
    guide.save_revision().publish()

    export(output)
    html = (output / "nb/veileder/index.html").read_text()

    assert "Se rutinen for helsestasjonen og" in html
    assert '<a href="../hjelpetilbud/index.html">alle hjelpetilbudene</a>' in html
    assert '<a href="https://dinutvei.no/">dinutvei.no</a>' in html
    assert 'href="/' not in html and 'src="/' not in html
    assert "Ola Ressursperson" not in html


def test_documents_are_exported_only_when_a_public_page_uses_them(
    site_tree, output, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path / "media"
    Document = get_document_model()
    used = Document.objects.create(
        title="Brosjyre", file=ContentFile(b"%PDF-1 brosjyre", "brosjyre.pdf")
    )
    unused = Document.objects.create(
        title="Intern", file=ContentFile(b"%PDF-1 intern", "intern.pdf")
    )
    guide = site_tree.guide
    guide.body = [
        ("paragraph", RichText(f'<p><a linktype="document" id="{used.pk}">Les brosjyren</a></p>'))
    ]
    guide.save_revision().publish()

    export(output)

    exported = output / "documents" / str(used.pk) / "brosjyre.pdf"
    assert exported.read_bytes() == b"%PDF-1 brosjyre"
    assert (
        f'href="../../documents/{used.pk}/brosjyre.pdf"'
        in (output / "nb/veileder/index.html").read_text()
    )
    assert not (output / "documents" / str(unused.pk)).exists()


def test_the_style_sheets_fonts_and_script_are_exported(site_tree, output):
    export(output)
    manifest = json.loads((output / "manifest.json").read_text())["files"]

    for name in (
        "static/bundle/public.css",
        "static/public_site/quick-exit.js",
        "static/fonts/OsloSans-Regular.woff2",
        "static/fonts/OsloSans-Light.woff2",
    ):
        assert (output / name).is_file(), name
        assert manifest[name] == hashlib.sha256((output / name).read_bytes()).hexdigest()


# The public design


def test_a_public_page_has_quick_exit_emergency_numbers_and_no_login(site_tree, output):
    export(output)
    html = (output / "nb/hjelpetilbud/krisesenteret/index.html").read_text()

    quick_exit = re.search(r"<a [^>]*data-quick-exit>Forlat siden raskt</a>", html).group(0)
    assert 'href="https://www.yr.no/"' in quick_exit and 'rel="noreferrer"' in quick_exit
    assert '<script src="../../../static/public_site/quick-exit.js" defer></script>' in html
    assert "<script>" not in html and " style=" not in html and "onclick" not in html
    assert 'href="tel:112"' in html and 'href="tel:+4722705580"' in html
    assert "Skjul at du har vært her" in html
    for internal in (
        "logg-inn",
        "Logg ut",
        "/admin/",
        "search",
        "csrfmiddleware",
        "gjennomgått",
    ):
        assert internal not in html
    script = (output / "static/public_site/quick-exit.js").read_text()
    assert '"Shift"' in script and "location.replace" in script


def test_the_sitemap_and_feed_list_every_public_page(site_tree, output):
    export(output)

    namespace = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    sitemap = ElementTree.parse(output / "sitemap.xml")
    locations = {loc.text for loc in sitemap.findall("s:url/s:loc", namespace)}
    feed = json.loads((output / "feed.json").read_text())

    expected = {
        "https://www.example.no/vold/nb/veileder/",
        "https://www.example.no/vold/nb/hjelpetilbud/",
        "https://www.example.no/vold/nb/hjelpetilbud/krisesenteret/",
        "https://www.example.no/vold/nb/hjelpetilbud/atv/",
    }
    assert locations == expected
    assert {entry["url"] for entry in feed} == expected
    entry = next(e for e in feed if e["url"].endswith("/krisesenteret/"))
    assert set(entry) == {"title", "url", "locale", "translations", "last_published", "body_html"}
    assert entry["title"] == "Krisesenteret i Oslo" and entry["locale"] == "nb"
    assert entry["last_published"] == site_tree.services[0].last_published_at.isoformat()
    assert entry["body_html"].startswith('<article class="article">')
    assert 'href="tel:+4722480380"' in entry["body_html"]


# Incremental re-runs and failures


def test_a_second_run_leaves_unchanged_files_alone_and_removes_unpublished_pages(site_tree, output):
    export(output)
    page = output / "nb/hjelpetilbud/atv/index.html"
    own_file = output / "README.txt"
    own_file.write_text("the website team's own notes")
    before = {path: path.stat().st_mtime_ns for path in output.rglob("*") if path.is_file()}

    line = export(output)
    assert ": 0 written, " in line and line.endswith(" unchanged, 0 removed")
    assert all(path.stat().st_mtime_ns == mtime for path, mtime in before.items())

    site_tree.services[1].unpublish()
    line = export(output)

    assert not page.exists() and not page.parent.exists()
    assert own_file.read_text() == "the website team's own notes"
    assert (
        "nb/hjelpetilbud/atv/index.html"
        not in json.loads((output / "manifest.json").read_text())["files"]
    )
    assert line.endswith("3 removed")  # the page, its .gz and its .br
    assert not (output / "nb/hjelpetilbud/atv/index.html.gz").exists()
    assert "atv" not in (output / "nb/hjelpetilbud/index.html").read_text()


def test_every_text_file_has_a_gzip_and_a_brotli_copy_beside_it(site_tree, output):
    export(output)
    texts = [
        path
        for path in output.rglob("*")
        if path.is_file() and path.suffix in {".html", ".css", ".js", ".xml"}
    ]
    assert texts
    for path in texts:
        data = path.read_bytes()
        assert gzip.decompress(Path(f"{path}.gz").read_bytes()) == data, path
        assert brotli.decompress(Path(f"{path}.br").read_bytes()) == data, path
    fonts = [path for path in output.rglob("*.woff2")]
    assert fonts and not any(Path(f"{font}.gz").exists() for font in fonts)
    page = output / "nb/hjelpetilbud/atv/index.html"
    assert len(Path(f"{page}.br").read_bytes()) < len(page.read_bytes()) / 2
    manifest = json.loads((output / "manifest.json").read_text())["files"]
    assert "nb/hjelpetilbud/atv/index.html.br" in manifest


def test_the_fonts_are_preloaded_with_a_size_matched_fallback(site_tree, output):
    export(output)
    page = output / "nb/hjelpetilbud/atv/index.html"
    html = page.read_text()
    preloads = re.findall(
        r'<link rel="preload" href="([^"]+)" as="font" type="font/woff2" crossorigin>', html
    )
    # Regular (text), Medium (headings) and Bold (the emergency numbers on every page).
    assert [href.rsplit("/", 1)[1] for href in preloads] == [
        "OsloSans-Regular.woff2",
        "OsloSans-Medium.woff2",
        "OsloSans-Bold.woff2",
    ]
    for href in preloads:
        assert (page.parent / href).resolve().is_file(), href
    css = (output / "static/bundle/public.css").read_text()
    assert css.count("font-family:Oslo Sans Fallback;") == 4
    assert "size-adjust:106.9%" in css
    assert "font-family:Oslo Sans,Oslo Sans Fallback,arial,sans-serif" in css


def test_a_failure_while_rendering_leaves_the_previous_export_intact(
    site_tree, output, monkeypatch
):
    export(output)
    before = {path: path.read_bytes() for path in output.rglob("*") if path.is_file()}
    site_tree.services[1].unpublish()

    def broken(*args, **kwargs):
        raise RuntimeError("template error")

    monkeypatch.setattr("public_site.export.render_public_index", broken)
    with pytest.raises(RuntimeError):
        export(output)

    assert {path: path.read_bytes() for path in output.rglob("*") if path.is_file()} == before
    assert not [p for p in output.parent.iterdir() if p.name.startswith(".export_public-")]


def snapshot(output: Path) -> dict:
    return {path: path.read_bytes() for path in output.rglob("*") if path.is_file()}


def fail_with(errno_: int, after: int = 0):
    """A function that works ``after`` times, then raises OSError(``errno_``)."""
    calls = []

    def wrap(original):
        def failing(*args, **kwargs):
            calls.append(1)
            if len(calls) > after:
                raise OSError(errno_, os.strerror(errno_))
            return original(*args, **kwargs)

        return failing

    return wrap


def test_a_full_disk_while_writing_keeps_the_previous_export_whole(site_tree, output, monkeypatch):
    export(output)
    before = snapshot(output)
    site_tree.services[1].unpublish()
    monkeypatch.setattr(Path, "write_bytes", fail_with(errno.ENOSPC, after=2)(Path.write_bytes))

    with pytest.raises(CommandError) as failure:
        export(output)

    message = str(failure.value)
    assert "No space left on device" in message and "previous export is unchanged" in message
    assert "\n" not in message
    assert snapshot(output) == before
    # The output and, beside it, the first export's page sources (public_site.sources).
    assert sorted(p.name for p in output.parent.iterdir()) == [
        ".nettside.sources.json",
        output.name,
    ]


def test_a_read_only_output_folder_keeps_the_previous_export_whole(site_tree, output, monkeypatch):
    """Moving the new files into place fails halfway (a read-only file system): every file
    moved or moved aside is put back, nothing is half done."""
    export(output)
    before = snapshot(output)
    site_tree.services[1].unpublish()
    replace, calls = os.replace, []

    def fails_once(source, target):
        calls.append(source)
        if len(calls) == 5:  # a few files are in place already, or moved aside
            raise OSError(errno.EROFS, os.strerror(errno.EROFS))
        return replace(source, target)

    monkeypatch.setattr(os, "replace", fails_once)

    with pytest.raises(CommandError, match="Read-only file system"):
        export(output)

    assert len(calls) > 5  # the moves were undone
    assert snapshot(output) == before
    assert [p.name for p in output.parent.iterdir()] == [output.name]


def test_a_tampered_manifest_deletes_nothing_outside_the_output(site_tree, output, tmp_path):
    """Issue 13, finding 4: the previous manifest's names were deleted wherever they led."""
    export(output)
    outside = tmp_path / "utenfor.txt"
    outside.write_text("skal bli")
    folder = tmp_path / "annen-mappe"
    folder.mkdir()
    (folder / "fil.txt").write_text("skal også bli")
    (output / "lenke").symlink_to(folder)
    manifest = json.loads((output / "manifest.json").read_text())
    for name in ("../utenfor.txt", str(outside), "../annen-mappe/fil.txt", "lenke/fil.txt"):
        manifest["files"][name] = "0" * 64
    (output / "manifest.json").write_text(json.dumps(manifest))

    export(output)

    assert outside.read_text() == "skal bli"
    assert (folder / "fil.txt").read_text() == "skal også bli"
    assert (output / "lenke").is_symlink()  # the team's own link is carried over as it was
    assert (output / "nb/veileder/index.html").is_file()


def test_an_output_that_is_a_file_is_one_clear_error(db, tmp_path):
    target = tmp_path / "fil.txt"
    target.write_text("x")
    with pytest.raises(CommandError, match="is a file, not a folder"):
        call_command("export_public", output=target)

    result = subprocess.run(
        [sys.executable, "manage.py", "export_public", "--output", str(target)],
        cwd=Path(__file__).resolve().parents[2],
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "intranet.settings.test"},
        capture_output=True,
        text=True,
    )
    assert result.returncode != 0
    assert result.stderr.strip() == f"CommandError: {target} is a file, not a folder"


# The coordinator's preview


def test_the_coordinator_previews_the_draft_in_the_public_design(site_tree):
    service = site_tree.services[0]
    draft = HelpServicePage.objects.get(pk=service.pk)
    draft.summary = "Ny tekst som ikke er publisert ennå."
    draft.save_revision()
    client = Client()
    client.force_login(f.CoordinatorFactory())

    response = client.get(reverse("public_site_preview", args=[service.pk]))

    assert response.status_code == 200
    html = response.content.decode()
    assert "Ny tekst som ikke er publisert ennå." in html
    assert "Forlat siden raskt" in html
    parse_strict(html)


@pytest.mark.parametrize(
    ("make_user", "status"),
    [
        (lambda tree: f.StaffUserFactory(), 302),  # no admin at all: to the login
        (lambda tree: f.EditorFactory(), 403),
        (lambda tree: f.TranslatorFactory(), 403),
        (lambda tree: f.ResourcePersonFactory(unit=tree.unit), 403),
        (lambda tree: f.AdministratorFactory(), 200),
    ],
)
def test_only_the_coordinator_and_administrators_may_preview(site_tree, make_user, status):
    client = Client()
    client.force_login(make_user(site_tree))
    response = client.get(reverse("public_site_preview", args=[site_tree.guide.pk]))
    assert response.status_code == status
    if status != 200:
        assert "Forlat siden raskt" not in response.content.decode()


def test_internal_page_types_have_no_public_preview(site_tree):
    client = Client()
    client.force_login(f.CoordinatorFactory())
    response = client.get(reverse("public_site_preview", args=[site_tree.routine.pk]))
    assert response.status_code == 404


# Documents and images in the version the page was approved with (issue 13, finding 6)


@pytest.fixture
def media_on_disk(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": tmp_path / "media"},
        },
    }


def link_document(guide, document) -> None:
    guide.body = [
        (
            "paragraph",
            RichText(f'<p><a linktype="document" id="{document.pk}">Les brosjyren</a></p>'),
        )
    ]
    guide.save_revision().publish()


def test_a_document_replaced_after_approval_waits_for_the_page_to_be_approved_again(
    site_tree, output, media_on_disk
):
    document = get_document_model().objects.create(
        title="Brosjyre", file=ContentFile(b"%PDF-1 godkjent", "brosjyre.pdf")
    )
    link_document(site_tree.guide, document)
    document.file = ContentFile(b"%PDF-1 ikke godkjent", "brosjyre.pdf")
    document.save()

    out, err = StringIO(), StringIO()
    call_command("export_public", output=output, stdout=out, stderr=err)

    assert not (output / "documents" / str(document.pk)).exists()
    assert "ikke godkjent" not in "".join(
        p.read_text(errors="ignore") for p in output.rglob("*") if p.is_file()
    )
    assert f"documents/{document.pk}" not in (output / "nb/veileder/index.html").read_text()
    assert "Les brosjyren" in (output / "nb/veileder/index.html").read_text()
    assert f"held back: documents/{document.pk} changed after «Her får du hjelp»" in err.getvalue()

    # Approved again: the new version goes out.
    guide = type(site_tree.guide).objects.get(pk=site_tree.guide.pk)
    guide.save_revision().publish()
    export(output)
    exported = next((output / "documents" / str(document.pk)).iterdir())
    assert exported.read_bytes() == b"%PDF-1 ikke godkjent"


def test_an_unchanged_document_is_exported_and_saving_it_again_changes_nothing(
    site_tree, output, media_on_disk
):
    document = get_document_model().objects.create(
        title="Brosjyre", file=ContentFile(b"%PDF-1 brosjyre", "brosjyre.pdf")
    )
    link_document(site_tree.guide, document)
    document.title = "Brosjyre (ny tittel)"
    document.save()

    export(output)

    assert (output / "documents" / str(document.pk) / "brosjyre.pdf").is_file()


def test_a_missing_static_file_stops_the_export_with_one_line(site_tree, output, settings):
    """Without Punkt's npm packages the export wrote href="" for every style sheet, the logo
    and the icon, and reported success (issue 20)."""
    export(output)
    before = snapshot(output)
    settings.STATICFILES_DIRS = [
        d
        for d in settings.STATICFILES_DIRS
        if not (isinstance(d, tuple) and d[0] in ("bundle", "fonts"))
    ]

    with pytest.raises(CommandError) as failure:
        export(output)

    message = str(failure.value)
    assert re.match(r"the static file (fonts|bundle)/\S+ is missing", message), message
    assert "\n" not in message
    assert snapshot(output) == before


def test_every_public_page_has_a_description_and_absolute_canonical_links(site_tree, output):
    """For search engines (issue 20): a meta description from the page's summary, canonical
    and hreflang URLs from the public base URL, the same as in the sitemap."""
    export(output)
    sitemap = (output / "sitemap.xml").read_text()
    service = (output / "nb/hjelpetilbud/atv/index.html").read_text()

    assert '<meta name="description" content="Behandling for den som utøver vold.">' in service
    for name in exported_pages(output):
        html = (output / name).read_text()
        url = "https://www.example.no/vold/" + name.removesuffix("index.html")
        assert '<meta name="description" content="' in html, name
        assert f'<link rel="canonical" href="{url}">' in html, name
        assert f"<loc>{url}</loc>" in sitemap, name
    index = (output / "index.html").read_text()
    assert '<meta name="description" content="Hjelp og informasjon om vold' in index
    assert '<link rel="canonical" href="https://www.example.no/vold/">' in index


def test_a_page_type_without_a_summary_is_described_by_what_it_holds(site_tree, output):
    """A plan chapter has only a body, a measure only its actions: Lighthouse's SEO audit needs
    a description on every public page (issue 20)."""
    set_public(site_tree.plan)
    chapter = set_public(site_tree.chapter)
    chapter.body = [("paragraph", "<p>Bydelen satser på <b>kompetanse</b> og samarbeid.</p>")]
    chapter.save_revision().publish()
    set_public(site_tree.focus_area)
    set_public(site_tree.measure)

    export(output)

    def description_of(page) -> str:
        file = next(
            name for name in exported_pages(output) if name.endswith(f"{page.slug}/index.html")
        )
        return re.search(
            r'<meta name="description" content="([^"]*)">', (output / file).read_text()
        ).group(1)

    assert description_of(site_tree.chapter) == "Bydelen satser på kompetanse og samarbeid."
    assert description_of(site_tree.measure) == (
        "Handlingsplanen gjennomgås på introduksjonskurs for nyansatte. Enhetene presenterer "
        "planen på personalmøte hvert år."
    )
