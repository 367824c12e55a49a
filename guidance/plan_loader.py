"""Build the intranet's page tree and shared data from the plan's data file.

The loader is idempotent: objects are found by their slug (pages, among their siblings) or key
(snippets) and created only when missing. Existing objects are left exactly as editors keep
them, unless ``overwrite`` is set; then each one whose content differs from the data file gets
the file's content (pages as a new published revision). Everything runs in one transaction, so
a malformed file changes nothing.
"""

from __future__ import annotations

import datetime
import json
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from django.conf import settings
from django.db import transaction
from django.utils.html import escape
from wagtail.models import Locale, Page, Site

from directory.models import HelpServiceIndexPage, HelpServicePage, TargetGroup
from home.models import ContentPage, HomePage, PopulationGuidePage
from languages.locales import ensure_locale_roots, sync_locales
from languages.worked_translation import TranslationShapeError, translate_page
from onboarding.loader import load_reading_list

from .models import (
    ConcernGuidePage,
    FocusAreaPage,
    LegalDutyPage,
    LegalProvision,
    MeasurePage,
    PlanChapterPage,
    PlanPage,
    ResponsibleRole,
    RoutinePage,
    UnitIndexPage,
    UnitPage,
)

DEFAULT_DATA_FILE = Path(__file__).resolve().parent.parent / "data" / "handlingsplan.yaml"
DEFAULT_SOURCE = "Handlingsplan 2017"
# The kinds of text block in the data file; content pages take all but «provision».
BODY_KINDS = ("paragraph", "list", "heading", "quote", "notice", "provision")
# The population guide's pages take the content kinds and three of their own.
GUIDE_KINDS = (*BODY_KINDS[:-1], "help_service", "directory_link", "emergency_numbers")


class PlanDataError(Exception):
    """The data file is malformed; the message names the place and what is wrong."""


@dataclass
class LoadReport:
    created: Counter = field(default_factory=Counter)
    updated: Counter = field(default_factory=Counter)
    unchanged: Counter = field(default_factory=Counter)
    kept_edited: list[str] = field(default_factory=list)

    def summary(self) -> str:
        line = (
            f"created {self.created.total()}, updated {self.updated.total()}, "
            f"unchanged {self.unchanged.total()}"
        )
        if self.kept_edited:
            line += (
                f"; {len(self.kept_edited)} differ from the data file and were kept as edited "
                "(use --overwrite to replace them)"
            )
        return line


# Reading the file


class Node:
    """A mapping from the data file that knows where it is, for one-line error messages."""

    def __init__(self, data: Any, where: str):
        if not isinstance(data, dict):
            raise PlanDataError(f"{where}: expected a mapping, got {type(data).__name__}")
        self.data = data
        self.where = where

    def _at(self, key: str) -> str:
        return f"{self.where}.{key}" if self.where else key

    def get(self, key: str, kind: type | tuple[type, ...] = str, default: Any = None) -> Any:
        value = self.data.get(key, default)
        if value is None:
            return default
        if not isinstance(value, kind):
            names = kind.__name__ if isinstance(kind, type) else "/".join(k.__name__ for k in kind)
            raise PlanDataError(f"{self._at(key)}: expected {names}, got {value!r}")
        return value

    def req(self, key: str, kind: type | tuple[type, ...] = str) -> Any:
        value = self.get(key, kind)
        if value is None or value == "":
            raise PlanDataError(f"{self._at(key)}: required")
        return value

    def node(self, key: str) -> Node:
        return Node(self.data.get(key), self._at(key))

    def nodes(self, key: str, required: bool = True) -> list[Node]:
        items = self.data.get(key)
        if items is None and not required:
            return []
        if not isinstance(items, list):
            raise PlanDataError(f"{self._at(key)}: expected a list")
        return [Node(item, f"{self._at(key)}[{i}]") for i, item in enumerate(items)]

    def strings(self, key: str) -> list[str]:
        items = self.data.get(key) or []
        if not isinstance(items, list) or not all(isinstance(i, str) for i in items):
            raise PlanDataError(f"{self._at(key)}: expected a list of strings")
        return items

    def date(self, key: str) -> datetime.date | None:
        value = self.data.get(key)
        if value is None or isinstance(value, datetime.date):
            return value
        raise PlanDataError(f"{self._at(key)}: expected a date (YYYY-MM-DD), got {value!r}")


def read_data_file(path: Path) -> Node:
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise PlanDataError(f"{path}: cannot read: {exc.strerror}") from exc
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" line {mark.line + 1}" if mark else ""
        problem = getattr(exc, "problem", None) or "invalid YAML"
        raise PlanDataError(f"{path}:{where}: {problem}") from exc
    root = Node(data, "")
    if root.get("version", int) != 1:
        raise PlanDataError("version: expected 1")
    return root


# Converting text to Wagtail's formats


_LINK = re.compile(r"\[([^\]]+)\]\((https?://[^)\s]+)\)")
LINK_HTML = r'<a href="\2">\1</a>'


def paragraphs(text: str) -> str:
    """Plain text to rich-text HTML: blank lines separate paragraphs, ``[text](https://…)``
    is a link."""
    parts = [p.strip() for p in text.split("\n\n") if p.strip()]
    return "".join(f"<p>{_LINK.sub(LINK_HTML, escape(p))}</p>" for p in parts)


def bullet_list(items: list[str]) -> str:
    return "<ul>" + "".join(f"<li>{escape(item)}</li>" for item in items) + "</ul>"


def stream(blocks: list[tuple[str, Any]]) -> str:
    return json.dumps([{"type": kind, "value": value} for kind, value in blocks])


def stream_raw(value) -> list[dict]:
    """A StreamField's stored form without block ids, for comparison."""
    return [{"type": b["type"], "value": b["value"]} for b in value.get_prep_value()]


# The loader


class PlanLoader:
    def __init__(self, root: Node, overwrite: bool = False):
        self.root = root
        self.overwrite = overwrite
        self.report = LoadReport()
        self.locale = Locale.get_default()
        self.roles: dict[str, ResponsibleRole] = {}
        self.groups: dict[str, TargetGroup] = {}
        self.provisions: dict[str, LegalProvision] = {}
        self.units: dict[str, UnitPage] = {}
        self.duties: dict[str, LegalDutyPage] = {}
        self.services: dict[str, HelpServicePage] = {}

    @transaction.atomic
    def load(self) -> LoadReport:
        self.load_snippets()
        home = self.load_home(self.root.node("home"))
        self.load_content_page(home, self.root.node("accessibility_statement"))
        units = self.root.node("units")
        unit_index = self.upsert_page(
            home,
            UnitIndexPage,
            units.req("slug"),
            {"title": units.req("title"), "intro": paragraphs(units.get("intro", default=""))},
        )
        for unit in units.nodes("items"):
            self.load_unit(unit_index, unit)
        plan = self.load_plan(home, self.root.node("plan"))
        directory = self.load_directory(home, self.root.node("directory"))
        concern = self.load_concern_guide(home, self.root.node("concern_guide"))
        for unit in units.nodes("items"):
            self.load_routine(self.units[unit.req("slug")], units.node("starting_routine"))
        if home.concern_page_id is None:
            home.concern_page = concern
            home.save_revision().publish()
            # A new site: put the sections in the order staff meet them in the menu.
            for section in (plan, concern, unit_index, directory):
                section.move(home, pos="last-child")
        load_reading_list(self, home)
        guide = self.load_population_guide(home, self.root.node("population_guide"))
        self.load_translations(home, guide)
        return self.report

    # Snippets

    def upsert_snippet(self, model, lookup: dict, values: dict):
        obj = model.objects.filter(locale=self.locale, **lookup).first()
        label = model._meta.verbose_name
        if obj is None:
            obj = model.objects.create(locale=self.locale, **lookup, **values)
            self.report.created[label] += 1
        elif any(getattr(obj, k) != v for k, v in values.items()):
            if self.overwrite:
                for key, value in values.items():
                    setattr(obj, key, value)
                obj.save()
                self.report.updated[label] += 1
            else:
                self.report.kept_edited.append(f"{label} {obj}")
        else:
            self.report.unchanged[label] += 1
        return obj

    def load_snippets(self) -> None:
        for i, group in enumerate(self.root.nodes("target_groups")):
            slug = group.req("slug")
            self.groups[slug] = self.upsert_snippet(
                TargetGroup, {"slug": slug}, {"name": group.req("name"), "sort_order": i}
            )
        for role in self.root.nodes("roles"):
            slug = role.req("slug")
            self.roles[slug] = self.upsert_snippet(
                ResponsibleRole,
                {"slug": slug},
                {"name": role.req("name"), "description": role.get("description", default="")},
            )
        successors: list[tuple[LegalProvision, str, str]] = []
        for provision in self.root.nodes("legal_provisions"):
            key = provision.req("key")
            self.provisions[key] = self.upsert_snippet(
                LegalProvision,
                {"key": key},
                {
                    "law_short_title": provision.req("law_short_title"),
                    "law_title": provision.get("law_title", default=""),
                    "section": provision.req("section"),
                    "section_title": provision.get("section_title", default=""),
                    "summary": provision.get("summary", default=""),
                    "lovdata_url": provision.get("lovdata_url", default=""),
                    "in_force_from": provision.date("in_force_from"),
                    "superseded_on": provision.date("superseded_on"),
                    "verified": provision.get("verified", bool, default=False),
                    "last_verified": provision.date("last_verified"),
                },
            )
            if provision.get("superseded_by"):
                successors.append(
                    (self.provisions[key], provision.req("superseded_by"), provision.where)
                )
        for old, new_key, where in successors:
            new = self.lookup(self.provisions, new_key, f"{where}.superseded_by", "legal provision")
            if old.superseded_by_id is None or (self.overwrite and old.superseded_by_id != new.pk):
                old.superseded_by = new
                old.save(update_fields=["superseded_by"])

    @staticmethod
    def lookup(table: dict, key: str, where: str, what: str):
        try:
            return table[key]
        except KeyError:
            raise PlanDataError(f"{where}: unknown {what} {key!r}") from None

    # Pages

    def upsert_page(
        self,
        parent: Page,
        model: type[Page],
        slug: str,
        values: dict,
        m2m: dict | None = None,
        children: tuple[str, list[dict]] | None = None,
    ) -> Page:
        """Find the page by slug under ``parent`` or create it; publish new content.

        ``m2m`` maps ParentalManyToManyField names to lists of objects; ``children`` is an
        inline relation name and the field values of its rows, in order.
        """
        label = model._meta.verbose_name
        existing = parent.get_children().filter(slug=slug).first()
        if existing is None:
            page = model(slug=slug, locale=self.locale, **values)
            self.apply_relations(page, m2m, children)
            parent.add_child(instance=page)
            page.save_revision().publish()
            self.report.created[label] += 1
            return page
        page = existing.specific
        if not isinstance(page, model):
            raise PlanDataError(
                f"page {existing.url_path!r} is a {type(page).__name__}, the data file says "
                f"{model.__name__}"
            )
        if not self.page_differs(page, values, m2m, children):
            self.report.unchanged[label] += 1
            return page
        if not self.overwrite:
            self.report.kept_edited.append(f"{label} {page.url_path}")
            return page
        page = page.get_latest_revision_as_object()
        for key, value in values.items():
            setattr(page, key, value)
        self.apply_relations(page, m2m, children)
        page.save_revision().publish()
        self.report.updated[label] += 1
        return page

    @staticmethod
    def apply_relations(page: Page, m2m: dict | None, children: tuple | None) -> None:
        for name, objects in (m2m or {}).items():
            getattr(page, name).set(objects)
        if children:
            relation, rows = children
            model = getattr(type(page), relation).rel.related_model
            instances = []
            for position, row in enumerate(rows):
                row = dict(row)
                row_m2m = row.pop("_m2m", {})
                instance = model(sort_order=position, **row)
                for name, objects in row_m2m.items():
                    getattr(instance, name).set(objects)
                instances.append(instance)
            setattr(page, relation, instances)

    @staticmethod
    def page_differs(page: Page, values: dict, m2m: dict | None, children: tuple | None) -> bool:
        for key, value in values.items():
            current = getattr(page, key)
            if hasattr(current, "stream_block"):
                if stream_raw(current) != json.loads(value):
                    return True
            elif isinstance(current, Page) or isinstance(value, Page):
                if getattr(current, "pk", None) != getattr(value, "pk", None):
                    return True
            elif current != value:
                return True
        for name, objects in (m2m or {}).items():
            if {o.pk for o in getattr(page, name).all()} != {o.pk for o in objects}:
                return True
        if children:
            relation, rows = children
            current_rows = list(getattr(page, relation).all().order_by("sort_order"))
            if len(current_rows) != len(rows):
                return True
            for current, row in zip(current_rows, rows, strict=True):
                for key, value in row.items():
                    if key == "_m2m":
                        for name, objects in value.items():
                            have = {o.pk for o in getattr(current, name).all()}
                            if have != {o.pk for o in objects}:
                                return True
                    elif getattr(current, key) != value:
                        return True
        return False

    @staticmethod
    def home_values(node: Node) -> dict:
        return {"title": node.req("title"), "intro": paragraphs(node.get("intro", default=""))}

    def load_home(self, node: Node) -> HomePage:
        """The front page, made the default site's root (replacing Wagtail's welcome page)."""
        values = self.home_values(node)
        home = HomePage.objects.filter(locale=self.locale).first()
        if home is not None:
            self.report.unchanged[HomePage._meta.verbose_name] += 1
            return home
        root = Page.get_first_root_node()
        welcome = root.get_children().filter(slug="home", content_type__model="page").first()
        if welcome is not None and not welcome.get_children().exists():
            welcome.delete()
        home = HomePage(slug="home", locale=self.locale, **values)
        root.add_child(instance=home)
        home.save_revision().publish()
        site = Site.objects.filter(is_default_site=True).first()
        if site is None:
            Site.objects.create(
                hostname="localhost",
                port=80,
                root_page=home,
                is_default_site=True,
                site_name="Vold i nære relasjoner",
            )
        else:
            site.root_page = home
            site.save()
        self.report.created[HomePage._meta.verbose_name] += 1
        return home

    def load_content_page(self, home: HomePage, node: Node) -> ContentPage:
        """A general page below the front page, e.g. the accessibility statement."""
        return self.upsert_page(
            home,
            ContentPage,
            node.req("slug"),
            {
                "title": node.req("title"),
                "intro": node.get("intro", default=""),
                "body": self.body_blocks(node.nodes("body"), kinds=BODY_KINDS[:-1]),
            },
        )

    def body_blocks(self, nodes: list[Node], kinds: tuple[str, ...] = BODY_KINDS) -> str:
        blocks: list[tuple[str, Any]] = []
        for node in nodes:
            found = [k for k in kinds if k in node.data]
            if len(found) != 1 or not set(node.data) <= set(kinds):
                raise PlanDataError(f"{node.where}: expected exactly one of {', '.join(kinds)}")
            kind = found[0]
            if kind == "paragraph":
                blocks.append(("paragraph", paragraphs(node.req("paragraph"))))
            elif kind == "list":
                blocks.append(("paragraph", bullet_list(node.strings("list"))))
            elif kind == "heading":
                blocks.append(("heading", node.req("heading")))
            elif kind == "quote":
                quote = node.node("quote")
                blocks.append(
                    (
                        "quote",
                        {"text": quote.req("text"), "source": quote.get("source", default="")},
                    )
                )
            elif kind == "notice":
                notice = node.node("notice")
                blocks.append(
                    (
                        "notice",
                        {
                            "heading": notice.get("heading", default=""),
                            "text": paragraphs(notice.req("text")),
                        },
                    )
                )
            elif kind == "help_service":
                item = node.node("help_service")
                service = self.lookup(self.services, item.req("service"), item.where, "service")
                blocks.append(
                    ("help_service", {"service": service.pk, "text": item.get("text", default="")})
                )
            elif kind == "directory_link":
                blocks.append((kind, {"text": node.node(kind).req("text")}))
            elif kind == "emergency_numbers":
                blocks.append((kind, {"heading": node.node(kind).req("heading")}))
            else:
                provision = self.lookup(
                    self.provisions, node.req("provision"), node.where, "legal provision"
                )
                blocks.append(("provision", {"provision": provision.pk}))
        return stream(blocks)

    @staticmethod
    def steps(nodes: list[Node]) -> str:
        return stream(
            [
                ("step", {"title": n.req("title"), "text": paragraphs(n.get("text", default=""))})
                for n in nodes
            ]
        )

    def owner(self, node: Node, key: str = "owning_unit") -> UnitPage | None:
        slug = node.get(key)
        return self.lookup(self.units, slug, f"{node.where}.{key}", "unit") if slug else None

    def load_plan(self, home: HomePage, node: Node) -> PlanPage:
        owner = self.owner(node)
        plan = self.upsert_page(
            home,
            PlanPage,
            node.req("slug"),
            {
                "title": node.req("title"),
                "intro": paragraphs(node.get("intro", default="")),
                "adopted": node.get("adopted", default=""),
                "revised": node.date("revised"),
                "coordinator_name": node.get("coordinator_name", default=""),
                "coordinator_unit": self.owner(node, "coordinator_unit"),
                "owning_unit": owner,
            },
        )
        for chapter in node.nodes("chapters"):
            chapter_page = self.upsert_page(
                plan,
                PlanChapterPage,
                chapter.req("slug"),
                {
                    "title": chapter.req("title"),
                    "number": chapter.req("number"),
                    "body": self.body_blocks(chapter.nodes("body", required=False)),
                    "owning_unit": owner,
                },
            )
            for area in chapter.nodes("focus_areas", required=False):
                self.load_focus_area(chapter_page, area, owner)
        return plan

    def load_focus_area(self, chapter: PlanChapterPage, node: Node, owner) -> None:
        area = self.upsert_page(
            chapter,
            FocusAreaPage,
            node.req("slug"),
            {
                "title": node.req("title"),
                "number": node.req("number", int),
                "subtitle": node.get("subtitle", default=""),
                "goal": node.req("goal"),
                "owning_unit": owner,
            },
        )
        for measure in node.nodes("measures"):
            number = measure.req("number")
            actions = []
            for action in measure.nodes("actions"):
                roles = [
                    self.lookup(self.roles, slug, f"{action.where}.roles", "role")
                    for slug in action.strings("roles")
                ]
                if not roles:
                    raise PlanDataError(f"{action.where}.roles: at least one role is required")
                actions.append({"text": action.req("text"), "_m2m": {"roles": roles}})
            self.upsert_page(
                area,
                MeasurePage,
                f"tiltak-{number.replace('.', '-')}",
                {
                    "title": f"{number} {measure.req('text')}",
                    "number": number,
                    "owning_unit": owner,
                },
                children=("actions", actions),
            )

    def load_unit(self, index: UnitIndexPage, node: Node) -> None:
        contacts = [
            {
                "name": c.get("name", default=""),
                "role": c.req("role"),
                "phone": c.get("phone", default=""),
                "email": c.get("email", default=""),
            }
            for c in node.nodes("contacts", required=False)
        ]
        slug = node.req("slug")
        self.units[slug] = self.upsert_page(
            index,
            UnitPage,
            slug,
            {
                "title": node.req("title"),
                "part_of": node.get("part_of", default=""),
                "abbreviation": node.get("abbreviation", default=""),
                "intro": paragraphs(node.get("intro", default="")),
            },
            children=("contacts", contacts),
        )

    def load_concern_guide(self, home: HomePage, node: Node) -> ConcernGuidePage:
        guide = self.upsert_page(
            home,
            ConcernGuidePage,
            node.req("slug"),
            {
                "title": node.req("title"),
                "intro": paragraphs(node.get("intro", default="")),
                "steps": self.steps(node.nodes("steps")),
            },
        )
        for duty in node.nodes("legal_duties"):
            slug = duty.req("slug")
            provisions = [
                self.lookup(self.provisions, key, f"{duty.where}.provisions", "legal provision")
                for key in duty.strings("provisions")
            ]
            self.duties[slug] = self.upsert_page(
                guide,
                LegalDutyPage,
                slug,
                {
                    "title": duty.req("title"),
                    "summary": duty.req("summary"),
                    "applies_to": paragraphs(duty.req("applies_to")),
                    "threshold": paragraphs(duty.req("threshold")),
                    "steps": self.steps(duty.nodes("steps")),
                    "precedence": paragraphs(duty.get("precedence", default="")),
                },
                m2m={"provisions": provisions},
            )
        return guide

    def load_directory(self, home: HomePage, node: Node) -> HelpServiceIndexPage:
        index = self.upsert_page(
            home,
            HelpServiceIndexPage,
            node.req("slug"),
            {"title": node.req("title"), "intro": paragraphs(node.get("intro", default=""))},
        )
        categories = {key for key, _label in HelpServicePage.CATEGORIES}
        for service in node.nodes("services"):
            slug = service.req("slug")
            category = service.req("category")
            if category not in categories:
                raise PlanDataError(f"{service.where}.category: unknown category {category!r}")
            phones = [
                (
                    "phone",
                    {
                        "kind": p.get("kind", default="telefon"),
                        "number": p.req("number"),
                        "hours": p.get("hours", default=""),
                        "note": p.get("note", default=""),
                    },
                )
                for p in service.nodes("phones", required=False)
            ]
            emails = [
                ("email", {"label": e.get("label", default=""), "address": e.req("address")})
                for e in service.nodes("emails", required=False)
            ]
            groups = [
                self.lookup(self.groups, slug, f"{service.where}.target_groups", "target group")
                for slug in service.strings("target_groups")
            ]
            self.services[slug] = self.upsert_page(
                index,
                HelpServicePage,
                slug,
                {
                    "title": service.req("title"),
                    "category": category,
                    "summary": service.req("summary"),
                    "description": paragraphs(service.get("description", default="")),
                    "phones": stream(phones),
                    "emails": stream(emails),
                    "website": service.get("website", default=""),
                    "visiting_address": service.get("visiting_address", default=""),
                    "postal_address": service.get("postal_address", default=""),
                    "opening_hours": service.get("opening_hours", default=""),
                    "open_around_the_clock": service.get("open_around_the_clock", bool, False),
                    "may_be_anonymous": service.get("may_be_anonymous", bool, False),
                    "free_of_charge": service.get("free_of_charge", bool, False),
                    "source": service.get("source", default=DEFAULT_SOURCE),
                },
                m2m={"target_groups": groups},
            )
        return index

    def load_routine(self, unit: UnitPage, node: Node) -> None:
        contacts = []
        for item in node.nodes("contacts"):
            if "service" in item.data:
                service = self.lookup(
                    self.services, item.req("service"), item.where, "help service"
                )
                contacts.append(("service", service.pk))
            else:
                contact = item.node("contact")
                contacts.append(
                    (
                        "contact",
                        {
                            "role": contact.req("role"),
                            "phone": contact.get("phone", default=""),
                            "email": contact.get("email", default=""),
                            "note": contact.get("note", default=""),
                        },
                    )
                )
        duties = [
            self.lookup(self.duties, slug, f"{node.where}.legal_duties", "legal duty")
            for slug in node.strings("legal_duties")
        ]
        self.upsert_page(
            unit,
            RoutinePage,
            node.req("slug"),
            {
                "title": node.req("title"),
                "summary": node.get("summary", default=""),
                "steps": self.steps(node.nodes("steps")),
                "contacts": stream(contacts),
                "owning_unit": unit,
            },
            m2m={"legal_duties": duties},
        )

    # The population guide and the finished translations

    def guide_values(self, node: Node) -> dict:
        return {
            "title": node.req("title"),
            "intro": node.get("intro", default=""),
            "body": self.body_blocks(node.nodes("body"), kinds=GUIDE_KINDS),
        }

    def load_population_guide(self, home: HomePage, node: Node) -> PopulationGuidePage:
        """The guide's first page below the front page (in the menu), its pages below it."""
        guide = self.upsert_page(
            home,
            PopulationGuidePage,
            node.req("slug"),
            {**self.guide_values(node), "show_in_menus": True},
        )
        for page in node.nodes("pages"):
            self.upsert_page(guide, PopulationGuidePage, page.req("slug"), self.guide_values(page))
        return guide

    def load_translations(self, home: HomePage, guide: PopulationGuidePage) -> None:
        """Every locale with its root, then the data file's finished translations of the front
        page and the guide, stored and published through wagtail-localize."""
        sync_locales()
        ensure_locale_roots()
        home_node = self.root.node("home")
        for code, node in self.translations(home_node):
            self.translate(home, self.home_values(node), code, node)
        guide_node = self.root.node("population_guide")
        pages = [
            guide.get_children().get(slug=page.req("slug")) for page in guide_node.nodes("pages")
        ]
        for code, node in self.translations(guide_node):
            self.translate(guide, self.guide_values(node), code, node)
            translated_pages = node.nodes("pages")
            if len(translated_pages) != len(pages):
                raise PlanDataError(
                    f"{node.where}.pages: expected {len(pages)} pages, as in Norwegian"
                )
            for page, page_node in zip(pages, translated_pages, strict=True):
                self.translate(page, self.guide_values(page_node), code, page_node)

    def translations(self, node: Node) -> list[tuple[str, Node]]:
        languages = node.get("translations", dict, default={})
        known = {code for code, _name in settings.WAGTAIL_CONTENT_LANGUAGES}
        for code in languages:
            if code not in known or code == self.locale.language_code:
                raise PlanDataError(f"{node.where}.translations: unknown language {code!r}")
        return [(code, node.node("translations").node(code)) for code in languages]

    def translate(self, source: Page, values: dict, code: str, node: Node) -> None:
        try:
            outcome = translate_page(
                source, values, Locale.objects.get(language_code=code), overwrite=self.overwrite
            )
        except TranslationShapeError as exc:
            raise PlanDataError(f"{node.where}: {exc}") from exc
        label = f"oversettelse ({code})"
        getattr(self.report, outcome.status)[label] += 1
        self.report.kept_edited += [
            f"{label} {outcome.page.url_path}: «{text[:60]}»" for text in outcome.kept
        ]


def load_plan(path: Path = DEFAULT_DATA_FILE, overwrite: bool = False) -> LoadReport:
    """Load the data file at ``path``; raises PlanDataError and changes nothing if it is bad."""
    return PlanLoader(read_data_file(path), overwrite=overwrite).load()
