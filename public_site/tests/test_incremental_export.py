"""An export after a change renders only the pages that show what changed (issue 18, goal 2;
docs/public-export.md, «Incremental export»), and ends byte for byte as a full export would."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from wagtail.models import Site

from core.memo import remembering
from core.models import EmergencyNumbers
from core.navigation import site_root
from public_site import sources
from public_site.export import StaticSiteExport
from public_site.rendering import public_request
from tests import factories as f

BASE_URL = "https://www.example.no/vold/"
DIRECTORY = "nb/hjelpetilbud/index.html"
CRISIS_CENTRE = "nb/hjelpetilbud/krisesenteret/index.html"
ATV = "nb/hjelpetilbud/atv/index.html"
GUIDE = "nb/veileder/index.html"
CONCERN = "nb/jeg-er-bekymret/index.html"
DUTY = "nb/jeg-er-bekymret/opplysningsplikt/index.html"
PLAN = "nb/handlingsplan/index.html"
EVERY_PAGE = {DIRECTORY, CRISIS_CENTRE, ATV, GUIDE, CONCERN, DUTY}


def export(output: Path, full: bool = False):
    return StaticSiteExport(output, BASE_URL, full=full).run()


def contents(folder: Path) -> dict[str, bytes]:
    """Every file of the export, and the page sources kept beside it."""
    files = {
        str(path.relative_to(folder)): path.read_bytes()
        for path in folder.rglob("*")
        if path.is_file()
    }
    return {**files, "sources": folder.with_name(f".{folder.name}.sources.json").read_bytes()}


def publish(page, **fields):
    for name, value in fields.items():
        setattr(page, name, value)
    page.save_revision().publish()


@pytest.fixture
def public_tree(site_tree):
    """The site tree with the concern guide and its legal duty public too."""
    for page in (site_tree.concern, site_tree.duty):
        publish(page, publish_on_website=True)
    return site_tree.reloaded()


def edit_a_service(tree):
    publish(tree.services[1], summary="Samtaler for den som har utøvd vold.")


def rename_the_service_the_guide_names(tree):
    publish(tree.services[0], title="Krisesenteret i Oslo (Nordstrand)")


def rename_a_target_group(tree):
    group = tree.target_groups["voksne"]
    group.name = "Voksne over 18 år"
    group.save()


def amend_a_legal_provision(tree):
    provision = tree.provisions["current"]
    provision.section_title = "Opplysningsplikt til barnevernstjenesten (endret)"
    provision.save()


def change_the_emergency_numbers(tree):
    setting = EmergencyNumbers.load()
    setting.numbers = [
        ("number", {"number": "113", "label": "Ambulanse", "description": "Akutt sykdom"}),
        ("number", {"number": "112", "label": "Politi", "description": "Vold nå"}),
    ]
    setting.save()


def make_the_plan_public(tree):
    publish(tree.plan, publish_on_website=True)


def unpublish_a_service(tree):
    tree.services[1].unpublish()


def add_a_service(tree):
    f.HelpServicePageFactory(
        parent=tree.directory,
        title="Støttesenter mot incest",
        slug="smi",
        publish_on_website=True,
    )


def change_a_site(tree):
    Site.objects.update(site_name="Intranettet")


def draft_only(tree):
    tree.services[0].title = "Et utkast som ikke er publisert"
    tree.services[0].save_revision()


@pytest.mark.parametrize(
    "change, rendered",
    [
        (draft_only, set()),
        (edit_a_service, {ATV, DIRECTORY}),
        (rename_the_service_the_guide_names, {CRISIS_CENTRE, DIRECTORY, GUIDE}),
        (rename_a_target_group, {DIRECTORY}),
        (amend_a_legal_provision, {DUTY}),
        (change_the_emergency_numbers, EVERY_PAGE),
        (make_the_plan_public, {PLAN}),
        (unpublish_a_service, {DIRECTORY}),
        (add_a_service, {"nb/hjelpetilbud/smi/index.html", DIRECTORY}),
        (change_a_site, EVERY_PAGE),
    ],
    ids=lambda value: getattr(value, "__name__", ""),
)
def test_a_change_renders_exactly_the_pages_that_show_it(public_tree, tmp_path, change, rendered):
    output = tmp_path / "nettside"
    first = export(output)
    assert set(first.rendered_files) == EVERY_PAGE
    before = contents(output)

    change(public_tree)
    report = export(output)

    after = contents(output)
    full = tmp_path / "full"
    export(full, full=True)
    assert after == contents(full)  # the same files, byte for byte, as a full export
    assert set(report.rendered_files) == rendered
    changed_pages = {
        name
        for name, data in after.items()
        if name.endswith("index.html") and before.get(name) != data
    }
    assert changed_pages - {"index.html"} <= rendered


@pytest.mark.parametrize("renamed", [0, 1, 2])
def test_renaming_a_page_of_a_guide_renders_every_page_of_that_guide(
    public_tree, tmp_path, renamed
):
    """Each page of a guide lists them all. The list is worked out once per export and used
    again for the other pages (core.memo): each of them must still record the pages it lists,
    whichever is renamed, the first one rendered included."""
    pages = [public_tree.guide]
    for slug in ("trygg", "etter"):
        pages.append(f.PopulationGuidePageFactory(parent=public_tree.guide, slug=slug))
    files = {GUIDE, "nb/veileder/trygg/index.html", "nb/veileder/etter/index.html"}
    output = tmp_path / "nettside"
    assert files <= set(export(output).rendered_files)

    publish(pages[renamed], title="Et nytt navn i veilederen")
    report = export(output)

    assert set(report.rendered_files) == files
    for file in files:
        assert "Et nytt navn i veilederen" in (output / file).read_text()


def test_nothing_changed_renders_nothing_and_writes_nothing(public_tree, tmp_path):
    output = tmp_path / "nettside"
    export(output)
    mtimes = {path: path.stat().st_mtime_ns for path in output.rglob("*") if path.is_file()}

    report = export(output)

    assert report.rendered_files == []
    assert report.written == 0
    assert str(report).startswith(
        f"export_public: {len(EVERY_PAGE)} pages in 1 languages (0 rendered)"
    )
    assert all(path.stat().st_mtime_ns == mtime for path, mtime in mtimes.items())


def test_full_renders_every_page_again(public_tree, tmp_path):
    output = tmp_path / "nettside"
    export(output)

    assert set(export(output, full=True).rendered_files) == EVERY_PAGE


def test_a_change_of_code_or_templates_renders_every_page(public_tree, tmp_path, monkeypatch):
    output = tmp_path / "nettside"
    export(output)

    monkeypatch.setattr(sources, "FORMAT", sources.FORMAT + 1)

    assert set(export(output).rendered_files) == EVERY_PAGE


def test_a_page_whose_file_was_removed_by_hand_is_rendered_again(public_tree, tmp_path):
    output = tmp_path / "nettside"
    export(output)
    (output / ATV).unlink()

    report = export(output)

    assert report.rendered_files == [ATV]
    assert (output / ATV).is_file()


def test_without_the_sources_of_the_previous_export_every_page_is_rendered(public_tree, tmp_path):
    output = tmp_path / "nettside"
    export(output)
    (tmp_path / ".nettside.sources.json").unlink()

    assert set(export(output).rendered_files) == EVERY_PAGE


def test_the_sources_stay_off_the_website(public_tree, tmp_path):
    """Each page's sources name the intranet paths it linked (a routine, a unit) and the rows
    it read: they are kept beside the output, never in it."""
    output = tmp_path / "nettside"
    export(output)

    sources = json.loads((tmp_path / ".nettside.sources.json").read_text())
    internal = {path for page in sources["pages"].values() for path in page["links"]}
    internal -= {"/"}
    assert internal  # the guide and the services link into the intranet
    assert json.loads((output / "manifest.json").read_text()).keys() == {"files"}
    for path in output.rglob("*"):
        if path.is_file() and path.suffix in (".json", ".html", ".xml"):
            text = path.read_text()
            assert not any(f'"{link}"' in text for link in internal), path


@pytest.mark.django_db
def test_every_page_records_the_site_root_it_reads(site_tree):
    """The export's requests share one remembered site (Wagtail reads its root page with it);
    each page that reads the site's root page records that row, not only the first, so a full
    and an incremental export record the same rows."""
    root = ("wagtailcore.Page", str(site_tree.home.pk))
    with remembering():
        for _ in range(3):
            with sources.recording() as found:  # as render_public_page
                request = public_request("nb", "localhost")
                assert site_root(request).pk == site_tree.home.pk
            assert root in found
