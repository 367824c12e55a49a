"""What every importer shares: the report, the objects loaded so far, and finding or creating
pages and snippets the same idempotent way.

Objects are found by their slug (pages, among their siblings) or key (snippets) and created only
when missing. An existing one is left exactly as editors keep it, unless ``overwrite`` is set;
then one whose content differs from the data file gets the file's content (a page as a new
published revision).
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Any

from wagtail.models import Locale, Page

from .schema import PlanDataError, source_of


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


@dataclass
class LoadContext:
    overwrite: bool
    locale: Locale
    report: LoadReport = field(default_factory=LoadReport)
    # What the file refers to by slug or key, by kind («role», «unit», …), as loaded.
    loaded: defaultdict[str, dict[str, Any]] = field(default_factory=lambda: defaultdict(dict))

    def ref(self, what: str, key: str, where: str) -> Any:
        """The loaded ``what`` the file calls ``key`` at ``where``."""
        if not key:
            raise PlanDataError(f"{where}: required")
        try:
            return self.loaded[what][key]
        except KeyError:
            raise PlanDataError(f"{where}: unknown {what} {key!r}") from None

    def refs(self, what: str, keys: list[str], where: str) -> list[Any]:
        return [self.ref(what, key, where) for key in keys]

    @staticmethod
    def source(item, inherited: str | None = None) -> str:
        """The item's source as the file writes it, or the one it inherits; an item with
        neither stops the load (every text says where it comes from)."""
        value = item.source or inherited
        source_of(value, item.at("source"))
        return value

    @staticmethod
    def provenance(source: str, where: str = "source") -> dict:
        """A page's provenance fields (core.mixins.ProvenanceMixin) for ``source``."""
        parsed = source_of(source, where)
        return {"source_kind": parsed["kind"], "source_reference": parsed["reference"]}

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

    def upsert_page(
        self,
        parent: Page,
        model: type[Page],
        slug: str,
        values: dict,
        m2m: dict | None = None,
        children: dict[str, list[dict]] | None = None,
    ) -> Page:
        """Find the page by slug under ``parent`` or create it; publish new content.

        ``m2m`` maps ParentalManyToManyField names to lists of objects; ``children`` maps
        inline relation names to the field values of their rows, in order.
        """
        label = model._meta.verbose_name
        existing = parent.get_children().filter(slug=slug).first()
        if existing is None:
            page = model(slug=slug, locale=self.locale, **values)
            _apply_relations(page, m2m, children)
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
        if not _page_differs(page, values, m2m, children):
            self.report.unchanged[label] += 1
            return page
        if not self.overwrite:
            self.report.kept_edited.append(f"{label} {page.url_path}")
            return page
        page = page.get_latest_revision_as_object()
        for key, value in values.items():
            setattr(page, key, value)
        _apply_relations(page, m2m, children)
        page.save_revision().publish()
        self.report.updated[label] += 1
        return page


def _apply_relations(page: Page, m2m: dict | None, children: dict | None) -> None:
    for name, objects in (m2m or {}).items():
        getattr(page, name).set(objects)
    for relation, rows in (children or {}).items():
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


def _stream_raw(value) -> list[dict]:
    """A StreamField's stored form without block ids, for comparison."""
    return [{"type": b["type"], "value": b["value"]} for b in value.get_prep_value()]


def _pks(objects) -> set:
    return {o.pk for o in objects}


def _field_differs(current, value) -> bool:
    if hasattr(current, "stream_block"):
        return _stream_raw(current) != json.loads(value)
    if isinstance(current, Page) or isinstance(value, Page):
        return getattr(current, "pk", None) != getattr(value, "pk", None)
    return current != value


def _m2m_differs(instance, m2m: dict) -> bool:
    return any(
        _pks(getattr(instance, name).all()) != _pks(objects) for name, objects in m2m.items()
    )


def _row_differs(current, row: dict) -> bool:
    fields = {key: value for key, value in row.items() if key != "_m2m"}
    return any(getattr(current, key) != value for key, value in fields.items()) or (
        _m2m_differs(current, row.get("_m2m", {}))
    )


def _rows_differ(page: Page, relation: str, rows: list[dict]) -> bool:
    current_rows = list(getattr(page, relation).all().order_by("sort_order"))
    return len(current_rows) != len(rows) or any(
        _row_differs(current, row) for current, row in zip(current_rows, rows, strict=True)
    )


def _page_differs(page: Page, values: dict, m2m: dict | None, children: dict | None) -> bool:
    if any(_field_differs(getattr(page, key), value) for key, value in values.items()):
        return True
    if _m2m_differs(page, m2m or {}):
        return True
    return any(_rows_differ(page, relation, rows) for relation, rows in (children or {}).items())
