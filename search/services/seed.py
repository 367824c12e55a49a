"""Seed the synonym groups and promoted results from data/search/ (idempotent).

Groups are found by key, promotions by query and page. What exists is kept as editors left it
unless ``overwrite`` is set; a malformed file changes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml
from django.core.exceptions import ValidationError
from django.db import transaction
from wagtail.contrib.search_promotions.models import Query, SearchPromotion
from wagtail.models import Page, Site

from ..models import SynonymGroup
from .text import DATA_DIR

SYNONYMS_FILE = DATA_DIR / "synonyms.yaml"
PROMOTIONS_FILE = DATA_DIR / "promotions.yaml"


class SearchDataError(Exception):
    """A data file is malformed; the message names the file and the place."""


@dataclass
class SeedReport:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    kept: int = 0

    def summary(self) -> str:
        return (
            f"created {self.created}, updated {self.updated}, unchanged {self.unchanged}, "
            f"kept as edited {self.kept}"
        )


def _read(path: Path, section: str) -> list:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise SearchDataError(f"{path}: cannot read: {exc.strerror}") from exc
    except yaml.YAMLError as exc:
        raise SearchDataError(f"{path}: invalid YAML: {exc}".splitlines()[0]) from exc
    items = data.get(section) if isinstance(data, dict) else None
    if not isinstance(items, list):
        raise SearchDataError(f"{path}: expected a list under «{section}»")
    return items


def _field(item, name: str, where: str, kind=str):
    value = item.get(name) if isinstance(item, dict) else None
    if not isinstance(value, kind) or not value:
        raise SearchDataError(f"{where}.{name}: required ({kind.__name__})")
    return value


def load_synonyms(path: Path, overwrite: bool, report: SeedReport) -> None:
    for i, item in enumerate(_read(path, "synonyms")):
        where = f"{path.name}: synonyms[{i}]"
        key = _field(item, "key", where)
        terms = "\n".join(str(t) for t in _field(item, "terms", where, list))
        group = SynonymGroup.objects.filter(key=key).first()
        if group is None:
            group = SynonymGroup(key=key, terms=terms)
            try:
                group.full_clean()
            except ValidationError as exc:
                raise SearchDataError(f"{where}: {'; '.join(exc.messages)}") from exc
            group.save()
            report.created += 1
        elif group.terms == terms:
            report.unchanged += 1
        elif overwrite:
            group.terms = terms
            group.save()
            report.updated += 1
        else:
            report.kept += 1


def _page_at(path: str, where: str) -> Page:
    site = Site.objects.select_related("root_page").filter(is_default_site=True).first()
    if site is None:
        raise SearchDataError(f"{where}: no default site; run load_plan first")
    url_path = f"{site.root_page.url_path}{path.strip('/')}/"
    page = Page.objects.filter(url_path=url_path, locale_id=site.root_page.locale_id).first()
    if page is None:
        raise SearchDataError(f"{where}.path: no page at {path!r}; run load_plan first")
    return page


def load_promotions(path: Path, overwrite: bool, report: SeedReport) -> None:
    for i, item in enumerate(_read(path, "promotions")):
        where = f"{path.name}: promotions[{i}]"
        query = Query.get(_field(item, "query", where))
        for j, entry in enumerate(_field(item, "pages", where, list)):
            entry_where = f"{where}.pages[{j}]"
            page = _page_at(_field(entry, "path", entry_where), entry_where)
            description = entry.get("description", "") if isinstance(entry, dict) else ""
            promotion, created = SearchPromotion.objects.get_or_create(
                query=query,
                page=page,
                defaults={"description": description, "sort_order": j},
            )
            if created:
                report.created += 1
            elif promotion.description == description:
                report.unchanged += 1
            elif overwrite:
                promotion.description = description
                promotion.save(update_fields=["description"])
                report.updated += 1
            else:
                report.kept += 1


@transaction.atomic
def load_search_data(
    synonyms: Path = SYNONYMS_FILE, promotions: Path = PROMOTIONS_FILE, overwrite: bool = False
) -> SeedReport:
    report = SeedReport()
    load_synonyms(synonyms, overwrite, report)
    load_promotions(promotions, overwrite, report)
    return report
